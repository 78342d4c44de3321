//! Finding technicians: ranking with explanations, what is left out, and what is stored.

use baitech::domain::booking::BookingStatus;
use baitech::domain::user::Role;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::json;

use super::world::{
    Tech, auto_assign, booking, near, next_monday_10am, person, post, put, ranked, scene, stored,
    technician,
};
use crate::common::{Backend, TestApp};

#[apply(both_backends)]
pub async fn find_technicians_ranks_the_nearer_better_rated_available_one_first(
    #[case] b: Backend,
) {
    let app = TestApp::spawn(b).await;
    let best = technician(
        &app,
        Tech {
            at: (0.8, 0.3),
            rating: (4.9, 120),
            years: 12,
            ..Tech::default()
        },
    )
    .await;
    let weaker = technician(
        &app,
        Tech {
            at: (2.0, -1.0),
            rating: (3.2, 30),
            ..Tech::default()
        },
    )
    .await;
    let far = technician(
        &app,
        Tech {
            at: (14.0, 8.0),
            rating: (4.9, 120),
            years: 12,
            ..Tech::default()
        },
    )
    .await;
    let no_hours = technician(
        &app,
        Tech {
            at: (0.9, 0.2),
            rating: (4.9, 120),
            years: 12,
            weekdays: false,
            ..Tech::default()
        },
    )
    .await;
    let plumber = technician(
        &app,
        Tech {
            at: (0.2, 0.2),
            category: "plumbing",
            ..Tech::default()
        },
    )
    .await;
    let short_reach = technician(
        &app,
        Tech {
            at: (4.0, 0.0),
            radius_km: 2.0,
            ..Tech::default()
        },
    )
    .await;
    let customer = person(&app, Role::Customer).await;
    let bk = booking(&app, &customer).await;

    let (status, body) = post(
        &app,
        "/find-technicians",
        &customer,
        json!({"bookingId": bk.id}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let order = ranked(&body);
    let pos = |u: &crate::common::users::TestUser| order.iter().position(|t| *t == u.id.to_hex());
    assert_eq!(pos(&best), Some(0), "{body}");
    assert!(
        pos(&best) < pos(&no_hours) && pos(&no_hours) < pos(&far),
        "{order:?}"
    );
    assert!(pos(&best) < pos(&weaker), "{order:?}");
    assert_eq!(pos(&plumber), None, "another trade");
    assert_eq!(
        pos(&short_reach),
        None,
        "their service radius does not reach the job"
    );

    // Every candidate explains its score, factor by factor.
    for c in body["data"]["candidates"].as_array().unwrap() {
        let points: f64 = c["breakdown"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_f64().unwrap())
            .sum();
        assert!((points - c["score"].as_f64().unwrap()).abs() < 1e-6, "{c}");
        assert_eq!(c["breakdown"].as_object().unwrap().len(), 9);
        assert!(c["technician"]["firstName"].is_string() && c["technician"].get("email").is_none());
    }
    let top = &body["data"]["candidates"][0]["breakdown"];
    assert_eq!(
        (top["skills"].as_f64(), top["availability"].as_f64()),
        (Some(25.0), Some(15.0))
    );
    let weights: f64 = body["data"]["weights"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_f64().unwrap())
        .sum();
    assert!((weights - 100.0).abs() < 1e-9);

    // Stored on the booking: matching has started and will expire an hour from now.
    let s = stored(&app, bk.id).await;
    assert_eq!(s.status, BookingStatus::Matching);
    assert_eq!(s.matching.candidates.len(), order.len());
    assert_eq!(s.matching.candidates[0].technician, best.id);
    let window = s.matching.expires_at.unwrap().millis() - s.matching.started_at.unwrap().millis();
    assert_eq!(window, 60 * 60_000);
    assert_eq!(body["data"]["status"], "matching");
}

#[apply(both_backends)]
pub async fn an_inline_search_ranks_without_storing_anything(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let best = technician(
        &app,
        Tech {
            at: (0.5, 0.0),
            rating: (4.8, 80),
            ..Tech::default()
        },
    )
    .await;
    technician(
        &app,
        Tech {
            at: (6.0, 0.0),
            rating: (3.5, 10),
            ..Tech::default()
        },
    )
    .await;
    let customer = person(&app, Role::Customer).await;
    let p = near(0.0, 0.0);
    let body = json!({
        "serviceCategory": "electrical",
        "serviceLocation": {"coordinates": [p.lng(), p.lat()], "address": "Moi Avenue"},
        "scheduledAt": next_monday_10am(),
        "budget": {"amount": 500_000, "currency": "KES"},
    });
    let (status, resp) = post(&app, "/find-technicians", &customer, body).await;
    assert_eq!(status, 200, "{resp}");
    assert_eq!(ranked(&resp).len(), 2);
    assert_eq!(ranked(&resp)[0], best.id.to_hex());
    assert_eq!(resp["data"]["searchRadiusKm"], 25.0);

    let (status, resp) = post(
        &app,
        "/find-technicians",
        &customer,
        json!({"serviceLocation": {"coordinates": [200.0, 0.0]}}),
    )
    .await;
    assert_eq!(status, 400, "{resp}");
    let fields: Vec<_> = resp["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["serviceCategory", "serviceLocation.lng"]);
}

#[apply(both_backends)]
pub async fn preferences_narrow_the_search_and_blocks_stay_on_the_booking(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let near_one = technician(
        &app,
        Tech {
            at: (1.0, 0.0),
            ..Tech::default()
        },
    )
    .await;
    let favourite = technician(
        &app,
        Tech {
            at: (2.0, 0.0),
            rating: (4.0, 10),
            ..Tech::default()
        },
    )
    .await;
    let far = technician(
        &app,
        Tech {
            at: (8.0, 0.0),
            rating: (5.0, 300),
            ..Tech::default()
        },
    )
    .await;
    let customer = person(&app, Role::Customer).await;
    let bk = booking(&app, &customer).await;

    let prefs = json!({"bookingId": bk.id, "maxDistanceKm": 5, "minRating": 3.5,
        "preferredTechnicians": [favourite.id], "blockedTechnicians": [near_one.id]});
    let (status, body) = put(&app, "/preferences", &customer, prefs).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        ranked(&body),
        [favourite.id.to_hex()],
        "far is beyond 5 km, near_one is blocked"
    );
    assert_eq!(
        body["data"]["candidates"][0]["breakdown"]["history"], 2.0,
        "preferred counts as history"
    );
    assert_eq!(
        stored(&app, bk.id).await.matching.blocked_technicians,
        [near_one.id]
    );

    // The block persists: a plain search later still leaves them out, the rest come back.
    let (_, body) = post(
        &app,
        "/find-technicians",
        &customer,
        json!({"bookingId": bk.id}),
    )
    .await;
    let order = ranked(&body);
    assert!(
        !order.contains(&near_one.id.to_hex()) && order.contains(&far.id.to_hex()),
        "{order:?}"
    );

    let (status, body) = put(
        &app,
        "/preferences",
        &customer,
        json!({"bookingId": bk.id, "minRating": 9}),
    )
    .await;
    assert_eq!(
        (status, body["error"]["details"][0]["field"].as_str()),
        (400, Some("minRating"))
    );
}

#[apply(both_backends)]
pub async fn blocking_withdraws_a_current_offer_and_offers_the_next(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let sc = scene(&app, 3.0).await;
    let (first, second, customer, bk) = (&sc.best, &sc.other, &sc.customer, &sc.booking);
    let (status, _) = auto_assign(&app, &sc).await;
    assert_eq!(status, 200);
    assert_eq!(stored(&app, bk.id).await.technician, Some(first.id));

    let (status, body) = post(&app, &format!("/block/{}", first.id), customer, json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["data"]["bookings"],
        json!([bk.id]),
        "every open booking of the customer"
    );
    let s = stored(&app, bk.id).await;
    assert_eq!(
        (s.status, s.technician),
        (BookingStatus::Assigned, Some(second.id))
    );
    assert!(s.matching.blocked_technicians.contains(&first.id));
    let (status, _) = post(
        &app,
        &format!("/block/{}", customer.id),
        customer,
        json!({}),
    )
    .await;
    assert_eq!(status, 404, "only technicians can be blocked");
}
