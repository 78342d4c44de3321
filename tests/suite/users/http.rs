//! Shorthands over the suite's client (`TestApp::call`) for the user routes, and a few readers
//! for the envelope (error fields, list items, every key anywhere in a document).

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU32, Ordering};

use baitech::domain::user::{Role, User};
use baitech::domain::{GeoPoint, Id, Location, Phone};
use reqwest::Method;
use serde_json::Value;

use crate::common::TestApp;
use crate::common::users::{TestUser, user_doc};

pub const NAIROBI: (f64, f64) = (36.8219, -1.2921);

pub async fn get(app: &TestApp, path: &str, who: Option<&TestUser>) -> (u16, Value) {
    app.call(Method::GET, path, who, None).await
}

pub async fn put(app: &TestApp, path: &str, who: &TestUser, body: Value) -> (u16, Value) {
    app.call(Method::PUT, path, Some(who), Some(body)).await
}

pub async fn post(app: &TestApp, path: &str, who: &TestUser, body: Value) -> (u16, Value) {
    app.call(Method::POST, path, Some(who), Some(body)).await
}

/// `PUT /users/:id/status` as `admin`: gives `user` the account `status`, for `reason`.
pub async fn set_status(
    app: &TestApp,
    admin: &TestUser,
    user: Id,
    status: &str,
    reason: &str,
) -> (u16, Value) {
    let body = serde_json::json!({ "status": status, "reason": reason });
    put(app, &format!("/users/{user}/status"), admin, body).await
}

pub async fn delete(
    app: &TestApp,
    path: &str,
    who: &TestUser,
    body: Option<Value>,
) -> (u16, Value) {
    app.call(Method::DELETE, path, Some(who), body).await
}

/// A request with a token that is not one the server issued.
pub async fn with_bad_token(app: &TestApp, method: Method, path: &str) -> u16 {
    app.request(method, &format!("/api/v1{path}"))
        .bearer("not.a.jwt")
        .json(&serde_json::json!({}))
        .send()
        .await
        .status
}

/// `GET /users/me` with `user`'s token is refused with a 403 that says the account is suspended.
pub async fn assert_refused_as_suspended(app: &TestApp, user: &TestUser) {
    let (status, v) = get(app, "/users/me", Some(user)).await;
    assert_eq!(status, 403, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("suspended"),
        "{v}"
    );
}

/// The `field`s of a validation error, in order.
pub fn error_fields(body: &Value) -> Vec<String> {
    assert_eq!(body["success"], false, "{body}");
    body["error"]["details"]
        .as_array()
        .unwrap_or_else(|| panic!("no details in {body}"))
        .iter()
        .map(|d| d["field"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The `_id`s of a list response's items.
pub fn ids(body: &Value) -> Vec<String> {
    body["data"]
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {body}"))
        .iter()
        .map(|u| u["_id"].as_str().expect("_id").to_string())
        .collect()
}

/// Every object key anywhere in `v`.
pub fn keys_anywhere(v: &Value) -> BTreeSet<String> {
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    out.insert(k.clone());
                    walk(child, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|c| walk(c, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(v, &mut out);
    out
}

/// Walks a cursor-paginated list to its end and returns every `_id` in order.
pub async fn walk_pages(app: &TestApp, path: &str, who: Option<&TestUser>) -> Vec<String> {
    let mut out = Vec::new();
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut next: Option<String> = None;
    for _ in 0..100 {
        let url = match &next {
            Some(c) => format!("{path}{sep}cursor={c}"),
            None => path.to_string(),
        };
        let (status, body) = get(app, &url, who).await;
        assert_eq!(status, 200, "{url}: {body}");
        out.extend(ids(&body));
        match body["pagination"]["nextCursor"].as_str() {
            Some(c) => {
                assert_eq!(body["pagination"]["hasMore"], true);
                next = Some(c.to_string());
            }
            None => return out,
        }
    }
    panic!("{path} did not end in 100 pages");
}

/// A point `east_km` east and `north_km` north of Nairobi CBD.
pub fn near_nairobi(east_km: f64, north_km: f64) -> GeoPoint {
    let lat = NAIROBI.1 + north_km / 111.195;
    let lng = NAIROBI.0 + east_km / (111.195 * lat.to_radians().cos());
    GeoPoint::new(lng, lat).expect("valid point")
}

/// A phone number no other account made by these tests has.
///
/// `common::users::user_doc` derives the phone from bits of the id that consecutive ids share,
/// so two accounts made in a row often collide; these tests replace it.
pub fn unique_phone() -> Phone {
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    Phone::parse(&format!("+25479{:07}", n % 10_000_000)).expect("valid phone")
}

/// A user document of `role` with a unique phone.
pub fn doc(role: Role, n: u32) -> User {
    let mut u = user_doc(role, n);
    u.phone_number = unique_phone();
    u
}

/// A new active account of `role` with a token (see [`unique_phone`] for why not `app.user`).
pub async fn member(app: &TestApp, role: Role) -> TestUser {
    static N: AtomicU32 = AtomicU32::new(1);
    app.add_user(doc(role, N.fetch_add(1, Ordering::Relaxed)))
        .await
}

/// A technician document based at `at` with these skills and rating.
pub fn technician_at(
    n: u32,
    at: GeoPoint,
    skills: &[&str],
    rating: f64,
    available_now: bool,
) -> User {
    let mut u = doc(Role::Technician, n);
    u.location = Some(Location::new(at, None, Some("Nairobi".into())));
    let t = u.technician.as_mut().expect("technician profile");
    t.skills = skills
        .iter()
        .map(|s| baitech::domain::user::Skill {
            name: (*s).into(),
            level: Default::default(),
            years_of_experience: 3,
        })
        .collect();
    t.availability.available_now = available_now;
    u.rating.average = rating;
    u.rating.count = 1;
    u
}

/// The stored document of `id`.
pub async fn stored(app: &TestApp, id: Id) -> User {
    app.app
        .store
        .users
        .get(id)
        .await
        .expect("get user")
        .expect("user exists")
}
