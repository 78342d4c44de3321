//! `GET/PUT /users/me`: the private view, whitelisted changes, every bad field at once.

use baitech::domain::user::Role;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::json;

use super::http::{error_fields, get, member, put, stored, with_bad_token};
use crate::common::{Backend, TestApp};

#[apply(both_backends)]
pub async fn me_needs_a_valid_token_and_shows_the_private_view(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (status, body) = get(&app, "/users/me", None).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("UNAUTHORIZED"))
    );
    assert_eq!(with_bad_token(&app, Method::GET, "/users/me").await, 401);
    assert_eq!(with_bad_token(&app, Method::PUT, "/users/me").await, 401);

    let me = member(&app, Role::Customer).await;
    let (status, body) = get(&app, "/users/me", Some(&me)).await;
    assert_eq!(status, 200, "{body}");
    let d = &body["data"];
    assert_eq!(d["_id"], me.id.to_hex());
    assert_eq!(d["email"], me.email);
    assert_eq!(d["phoneNumber"], me.phone);
    assert!(
        d.get("passwordHash").is_none(),
        "no hash in the private view either"
    );
    assert!(d["twoFactor"].get("secret").is_none());
}

#[apply(both_backends)]
pub async fn update_me_changes_only_whitelisted_fields(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let tech = member(&app, Role::Technician).await;
    let body = json!({
        "firstName": "Amina",
        "username": "Amina_Fixes",
        "profile": {"bio": "Plumber in Kilimani", "avatar": "https://res.cloudinary.com/demo/a.jpg", "businessName": "Amina Plumbing", "gender": "female", "dateOfBirth": "1991-04-02", "language": "sw"},
        "location": {"type": "Point", "coordinates": [36.78, -1.29], "address": "Argwings Kodhek Rd", "city": "Nairobi"},
        "technician": {
            "skills": [{"name": "Plumbing", "level": "expert", "yearsOfExperience": 7}],
            "serviceCategories": ["plumbing"],
            "hourlyRate": {"amount": 150000, "currency": "KES"},
            "serviceRadiusKm": 20
        }
    });
    let (status, resp) = put(&app, "/users/me", &tech, body).await;
    assert_eq!(status, 200, "{resp}");
    assert_eq!(resp["data"]["username"], "amina_fixes");
    assert_eq!(
        resp["data"]["location"]["coordinates"],
        json!([36.78, -1.29])
    );
    let u = stored(&app, tech.id).await;
    assert_eq!(u.first_name, "Amina");
    assert_eq!(u.profile.language, "sw");
    let t = u.technician.expect("technician");
    assert_eq!(t.skills[0].name, "Plumbing");
    assert_eq!(t.hourly_rate.map(|m| m.amount), Some(150_000));
    assert_eq!(t.service_radius_km, 20.0);

    // `null` clears an optional field; absent fields stay.
    let (status, resp) = put(&app, "/users/me", &tech, json!({"profile": {"bio": null}})).await;
    assert_eq!(status, 200, "{resp}");
    let u = stored(&app, tech.id).await;
    assert_eq!(
        (u.profile.bio, u.profile.business_name.as_deref()),
        (None, Some("Amina Plumbing"))
    );
}

#[apply(both_backends)]
pub async fn update_me_lists_every_bad_field_at_once(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = member(&app, Role::Customer).await;
    let before = stored(&app, me.id).await;
    let body = json!({
        "profile": {"bio": "x".repeat(501)},
        "location": {"coordinates": [200.0, -1.29]},
        "role": "admin",
    });
    let (status, resp) = put(&app, "/users/me", &me, body).await;
    assert_eq!(status, 400, "{resp}");
    assert_eq!(resp["error"]["code"], "VALIDATION_ERROR");
    assert_eq!(
        error_fields(&resp),
        ["profile.bio", "location.coordinates", "role"]
    );

    let body = json!({
        "email": "new@example.co.ke", "phoneNumber": "0700000000", "status": "active", "rating": {"average": 5},
        "kyc": {"status": "approved"}, "passwordHash": "x", "followersCount": 1000, "fcmTokens": [],
        "firstName": "", "username": "no spaces", "profile": {"avatar": "http://insecure.example.com/a.png", "nickname": "x"},
    });
    let (status, resp) = put(&app, "/users/me", &me, body).await;
    assert_eq!(status, 400);
    let fields = error_fields(&resp);
    for f in [
        "email",
        "phoneNumber",
        "status",
        "rating",
        "kyc",
        "passwordHash",
        "followersCount",
        "fcmTokens",
        "firstName",
        "username",
        "profile.avatar",
        "profile.nickname",
    ] {
        assert!(
            fields.contains(&f.to_string()),
            "{f} missing from {fields:?}"
        );
    }
    assert_eq!(fields.len(), 12, "{fields:?}");
    assert_eq!(
        stored(&app, me.id).await,
        before,
        "a refused change changes nothing"
    );
}

#[apply(both_backends)]
pub async fn a_taken_username_is_a_conflict(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (a, c) = (
        member(&app, Role::Customer).await,
        member(&app, Role::Customer).await,
    );
    assert_eq!(
        put(&app, "/users/me", &a, json!({"username": "mama_mboga"}))
            .await
            .0,
        200
    );
    let (status, resp) = put(&app, "/users/me", &c, json!({"username": "Mama_Mboga"})).await;
    assert_eq!(status, 409, "{resp}");
    assert!(
        resp["error"]["message"]
            .as_str()
            .unwrap()
            .contains("username")
    );
    // Setting your own username again is not a conflict.
    assert_eq!(
        put(&app, "/users/me", &a, json!({"username": "mama_mboga"}))
            .await
            .0,
        200
    );
}

#[apply(both_backends)]
pub async fn operator_injection_in_body_or_query_is_refused(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = member(&app, Role::Customer).await;
    let (status, resp) = put(&app, "/users/me", &me, json!({"firstName": {"$gt": ""}})).await;
    assert_eq!(status, 400, "{resp}");
    assert_eq!(error_fields(&resp), ["firstName.$gt"]);
    let (status, resp) = put(
        &app,
        "/users/me",
        &me,
        json!({"profile": {"$set": {"bio": "x"}}}),
    )
    .await;
    assert_eq!(
        (status, error_fields(&resp)),
        (400, vec!["profile.$set".to_string()])
    );
    for path in [
        "/users/technicians/nearby?lat[$gt]=0&lng=36.8",
        "/users?role[$ne]=admin",
        "/users?status=active&$where=1",
        "/users/technicians/nearby?lat=-1.29&lng=36.8&lat=0",
    ] {
        let (status, resp) = get(&app, path, Some(&me)).await;
        assert_eq!(status, 400, "{path}: {resp}");
        assert_eq!(resp["error"]["code"], "VALIDATION_ERROR");
    }
    let (status, _) = app
        .call(
            Method::POST,
            "/users/fcm-token",
            Some(&me),
            Some(json!({"token": {"$ne": null}, "platform": "ios"})),
        )
        .await;
    assert_eq!(status, 400);
}

#[apply(both_backends)]
pub async fn customers_have_no_technician_profile_to_edit(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = member(&app, Role::Customer).await;
    let (status, resp) = put(
        &app,
        "/users/me",
        &me,
        json!({"technician": {"serviceRadiusKm": 5}}),
    )
    .await;
    assert_eq!(
        (status, error_fields(&resp)),
        (400, vec!["technician".to_string()])
    );
    assert!(stored(&app, me.id).await.technician.is_none());
}
