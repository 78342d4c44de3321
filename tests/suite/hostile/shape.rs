//! The shape of inputs and rules: a body with several bad fields hears about every one of
//! them, a wrong type being one entry among the others, and a use case called without the
//! HTTP layer (as a CLI command calls it) is refused by the same named permission check.

use baitech::auth::Caller;
use baitech::domain::booking::BookingStatus;
use baitech::domain::user::Role;
use baitech::error::Error;
use baitech::services::disputes::{self, ResolveDisputeInput};
use baitech::services::input::Field;
use baitech::services::users::kyc::{self, Decision};
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use crate::auth::{fields, post};
use crate::bookings::{Cast, new_booking, stored};
use crate::common::{Backend, TestApp, both_backends};
use crate::users::http::put;

/// Asserts a 400 validation envelope naming at least `expected`.
fn assert_names_all(status: u16, v: &serde_json::Value, expected: &[&str]) {
    assert_eq!(status, 400, "{v}");
    assert_eq!(v["error"]["code"], "VALIDATION_ERROR", "{v}");
    let named = fields(v);
    for f in expected {
        assert!(named.iter().any(|n| n == f), "{f} missing from {named:?}");
    }
}

#[apply(both_backends)]
async fn registration_with_a_wrong_type_names_every_bad_field(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (status, v) = post(
        &app,
        "/register",
        None,
        json!({"firstName": 1, "email": "not-an-email", "password": "x", "role": "emperor"}),
    )
    .await;
    assert_names_all(status, &v, &["firstName", "email", "password", "role"]);
    let first = &v["error"]["details"][0];
    assert_eq!(first["field"], "firstName", "{v}");
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .contains("expected a string"),
        "{v}"
    );
    // Fields the body left out are named too, never a bare `body`.
    assert!(fields(&v).iter().all(|f| f != "body"), "{v}");
}

#[apply(both_backends)]
async fn booking_creation_with_a_wrong_type_names_every_bad_field(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let customer = app.user(Role::Customer).await;
    let mut body = new_booking(chrono::Duration::days(1), None);
    body["urgency"] = json!(3);
    body["description"] = json!("short");
    body["scheduledAt"] = json!("yesterday");
    let (status, v) = app
        .call(Method::POST, "/bookings", Some(&customer), Some(body))
        .await;
    assert_names_all(status, &v, &["urgency", "description", "scheduledAt"]);
}

#[apply(both_backends)]
async fn profile_update_with_a_wrong_type_names_every_bad_field(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = app.user(Role::Customer).await;
    let (status, v) = put(
        &app,
        "/users/me",
        &me,
        json!({"firstName": ["Amina"], "bio": 42, "lastName": "R2-D2", "role": "admin"}),
    )
    .await;
    assert_names_all(status, &v, &["firstName", "bio", "lastName", "role"]);
}

#[apply(both_backends)]
async fn dispute_resolution_with_a_wrong_type_names_every_bad_field(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let id = stored(&app, &cast, BookingStatus::Disputed).await;
    let admin = app.user(Role::Admin).await;
    let (status, v) = app
        .call(
            Method::POST,
            &format!("/bookings/{id}/dispute/resolve"),
            Some(&admin),
            Some(json!({"outcome": 7, "refundAmount": "lots", "reason": "x"})),
        )
        .await;
    assert_names_all(status, &v, &["outcome", "refundAmount", "reason"]);
}

#[apply(both_backends)]
async fn a_wallet_top_up_with_a_wrong_type_names_every_bad_field(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = app.user(Role::Customer).await;
    let (status, v) = app
        .call(
            Method::POST,
            "/payments/wallet/top-up",
            Some(&me),
            Some(json!({"amount": "lots", "gateway": 5, "phoneNumber": ["0712345678"]})),
        )
        .await;
    assert_names_all(status, &v, &["amount", "gateway", "phoneNumber"]);
}

#[apply(both_backends)]
async fn a_kyc_decision_by_a_non_admin_caller_is_refused_by_the_service(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let applicant = app.user(Role::Technician).await;
    let support = app.user(Role::Support).await;
    // What a command would do: call the service with the account it acts for.
    let caller = Caller::new(support.id, support.role);
    let r = kyc::decide(&app.app, &caller, applicant.id, Decision::Approve).await;
    assert!(matches!(r, Err(Error::Forbidden(_))), "{r:?}");
    let r = kyc::pending(
        &app.app.store,
        &caller,
        &baitech::store::PageRequest::first(10),
    )
    .await;
    assert!(matches!(r, Err(Error::Forbidden(_))), "{r:?}");
}

#[apply(both_backends)]
async fn dispute_resolution_by_a_non_admin_actor_is_refused_and_changes_nothing(
    #[case] b: Backend,
) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let id = stored(&app, &cast, BookingStatus::Disputed).await;
    let customer = cast.by_role(Role::Customer);
    let decision = ResolveDisputeInput {
        outcome: Field::Set("refund_full".into()),
        refund_amount: Field::Absent,
        reason: Field::Set("the customer says so".into()),
    };
    let caller = Caller::new(customer.id, customer.role);
    let r = disputes::resolve(&app.app, &caller, id, decision).await;
    assert!(matches!(r, Err(Error::Forbidden(_))), "{r:?}");
    let now = app.app.store.bookings.get(id).await.unwrap().unwrap();
    assert_eq!(now.status, BookingStatus::Disputed);
}
