//! `GET /users/technicians/nearby` with technicians seeded at known distances around Nairobi.

use baitech::domain::GeoPoint;
use baitech::domain::user::{Role, UserStatus};
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::Value;

use super::http::{NAIROBI, error_fields, get, ids, near_nairobi, technician_at};
use crate::common::{Backend, TestApp};

fn centre() -> GeoPoint {
    GeoPoint::new(NAIROBI.0, NAIROBI.1).unwrap()
}

fn nearby_path(extra: &str) -> String {
    format!(
        "/users/technicians/nearby?lat={}&lng={}{extra}",
        NAIROBI.1, NAIROBI.0
    )
}

/// Technicians 1, 3, 8 and 15 km out with differing skills, ratings and availability, plus
/// ones that must never be listed: suspended, deleted, and a customer next door.
async fn seed(app: &TestApp) -> Vec<(String, f64)> {
    let spots: [(f64, f64, &[&str], f64, bool); 4] = [
        (1.0, 0.0, &["plumbing"], 4.8, true),
        (0.0, -3.0, &["wiring", "plumbing"], 3.9, false),
        (-8.0, 0.0, &["wiring"], 4.5, true),
        (0.0, 15.0, &["plumbing"], 5.0, true),
    ];
    let mut out = Vec::new();
    for (i, (e, n, skills, rating, now)) in spots.into_iter().enumerate() {
        let point = near_nairobi(e, n);
        let u = app
            .add_user(technician_at(100 + i as u32, point, skills, rating, now))
            .await;
        out.push((u.id.to_hex(), centre().distance_km(&point)));
    }
    let mut suspended = technician_at(110, near_nairobi(0.5, 0.0), &["plumbing"], 5.0, true);
    suspended.status = UserStatus::Suspended;
    app.add_user(suspended).await;
    let mut deleted = technician_at(111, near_nairobi(0.2, 0.0), &["plumbing"], 5.0, true);
    deleted.status = UserStatus::Deleted;
    deleted.deleted_at = Some(baitech::domain::Timestamp::now());
    app.add_user(deleted).await;
    let mut customer = super::http::doc(Role::Customer, 112);
    customer.location = technician_at(113, near_nairobi(0.1, 0.0), &[], 0.0, false).location;
    app.add_user(customer).await;
    out
}

fn distances(body: &Value) -> Vec<f64> {
    body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["distanceKm"].as_f64().expect("distanceKm"))
        .collect()
}

#[apply(both_backends)]
pub async fn nearby_lists_technicians_nearest_first_with_distances(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let techs = seed(&app).await;
    let (status, body) = get(&app, &nearby_path(""), None).await;
    assert_eq!(status, 200, "{body}");
    // Default radius 10 km: the 15 km one is out.
    assert_eq!(
        ids(&body),
        [techs[0].0.clone(), techs[1].0.clone(), techs[2].0.clone()]
    );
    for (got, (_, want)) in distances(&body).iter().zip(&techs) {
        assert_eq!(*got, (got * 100.0).round() / 100.0, "rounded to 2 decimals");
        assert!((got - want).abs() <= 0.0051, "{got} vs {want}");
    }
    assert!((distances(&body)[0] - 1.0).abs() < 0.02);
    let first = &body["data"][0];
    assert_eq!(first["role"], "technician");
    assert_eq!(
        first["location"]["coordinates"].as_array().unwrap().len(),
        2,
        "GeoJSON [lng, lat]"
    );
    assert!(first.get("email").is_none());

    let (_, body) = get(&app, &nearby_path("&radius=20"), None).await;
    assert_eq!(ids(&body).len(), 4);
    let d = distances(&body);
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "nearest first: {d:?}");
    let (_, body) = get(&app, &nearby_path("&radius=2.5"), None).await;
    assert_eq!(ids(&body), [techs[0].0.clone()]);
}

#[apply(both_backends)]
pub async fn nearby_filters_by_skills_rating_and_availability(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = seed(&app).await;
    let id = |i: usize| t[i].0.clone();
    let (_, body) = get(&app, &nearby_path("&skills=wiring"), None).await;
    assert_eq!(ids(&body), [id(1), id(2)]);
    let (_, body) = get(&app, &nearby_path("&skills=Wiring,PLUMBING"), None).await;
    assert_eq!(ids(&body), [id(1)], "every listed skill, any case");
    let (_, body) = get(&app, &nearby_path("&minRating=4.5"), None).await;
    assert_eq!(ids(&body), [id(0), id(2)]);
    let (_, body) = get(&app, &nearby_path("&availableNow=true&radius=50"), None).await;
    assert_eq!(ids(&body), [id(0), id(2), id(3)]);
    let (_, body) = get(&app, &nearby_path("&skills=carpentry"), None).await;
    assert_eq!(ids(&body), Vec::<String>::new());
}

#[apply(both_backends)]
pub async fn nearby_pages_with_a_cursor(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let t = seed(&app).await;
    let (status, body) = get(&app, &nearby_path("&radius=50&limit=3"), None).await;
    assert_eq!(status, 200);
    assert_eq!(ids(&body).len(), 3);
    assert_eq!(body["pagination"]["hasMore"], true);
    let cursor = body["pagination"]["nextCursor"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, body) = get(
        &app,
        &nearby_path(&format!("&radius=50&limit=3&cursor={cursor}")),
        None,
    )
    .await;
    assert_eq!(ids(&body), [t[3].0.clone()]);
    assert_eq!(body["pagination"]["hasMore"], false);
    assert!(body["pagination"]["nextCursor"].is_null());
}

#[apply(both_backends)]
pub async fn nearby_lists_every_bad_parameter(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (status, body) = get(&app, "/users/technicians/nearby?lat=abc&lng=500&radius=0&limit=51&minRating=6&availableNow=perhaps", None).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        error_fields(&body),
        ["lat", "lng", "radius", "minRating", "availableNow", "limit"]
    );
    let (status, body) = get(&app, "/users/technicians/nearby", None).await;
    assert_eq!(
        (status, error_fields(&body)),
        (400, vec!["lat".to_string(), "lng".to_string()])
    );
    let (status, body) = get(&app, &nearby_path("&radius=101&cursor=nope"), None).await;
    assert_eq!(
        (status, error_fields(&body)),
        (400, vec!["radius".to_string(), "cursor".to_string()])
    );
}
