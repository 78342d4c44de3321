//! Snapshots of the JSON shapes clients are written against — the error envelope, a public and
//! a private user, a booking, a transaction — taken through the real server on both storage
//! adapters. Both adapters must match the same snapshot file (`snapshots/`), so a field one of
//! them renders differently shows up as a diff. Ids, times, tokens and generated numbers are
//! redacted (insta redactions over the whole document): they change on every run.

use baitech::domain::booking::BookingStatus;
use baitech::domain::user::{Role, User};
use baitech::domain::{Email, Phone};
use chrono::Duration;
use insta::internals::Content;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::bookings::{Cast, new_booking, person_doc, stored};
use crate::common::users::TestUser;
use crate::common::{Backend, TestApp, both_backends};

/// Keys whose values are generated per run whatever they look like.
const GENERATED: &[(&str, &str)] = &[
    ("accessToken", "[token]"),
    ("refreshToken", "[token]"),
    ("tempToken", "[token]"),
    ("bookingNumber", "[booking number]"),
    ("receiptNumber", "[receipt number]"),
    ("requestId", "[request id]"),
];

fn is_object_id(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_time(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

/// `s` with booking numbers (`BT-261202-M4ZAAX`, from the time and chance) named instead.
fn without_booking_numbers(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let number = w.len() == 16 && w.starts_with("BT-") && w.as_bytes()[9] == b'-';
            if number { "[booking number]" } else { w }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Replaces what changes between runs, anywhere in `value`: ids, RFC 3339 times and the
/// values of [`GENERATED`] keys.
fn redact(value: Content, key: Option<&str>) -> Content {
    if let Some((_, mark)) = GENERATED.iter().find(|(k, _)| Some(*k) == key) {
        return Content::from(*mark);
    }
    match value {
        Content::String(s) if is_object_id(&s) => Content::from("[id]"),
        Content::String(s) if is_time(&s) => Content::from("[time]"),
        Content::String(s) => Content::from(without_booking_numbers(&s)),
        Content::Map(entries) => Content::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let v = redact(v, k.as_str());
                    (k, v)
                })
                .collect(),
        ),
        Content::Seq(items) => Content::Seq(items.into_iter().map(|v| redact(v, None)).collect()),
        other => other,
    }
}

/// Snapshots `value` as `name` — the same file for both backends.
fn snapshot(name: &str, value: &Value) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.add_redaction(
        ".**",
        insta::dynamic_redaction(|value, path| {
            let path = path.to_string();
            let key = path.rsplit('.').next().map(str::to_string);
            redact(value, key.as_deref())
        }),
    );
    settings.bind(|| insta::assert_json_snapshot!(name, value));
}

/// A user with fixed names and contacts, so only generated values need redacting.
async fn amina(app: &TestApp, role: Role) -> TestUser {
    let mut doc: User = person_doc(role);
    doc.first_name = "Amina".into();
    doc.last_name = "Wekesa".into();
    doc.email = Email::parse("amina.wekesa@example.co.ke").unwrap();
    doc.phone_number = Phone::parse("+254712345678").unwrap();
    app.add_user(doc).await
}

#[apply(both_backends)]
async fn validation_error_envelope(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let customer = amina(&app, Role::Customer).await;
    let (status, body) = app
        .call(Method::POST, "/bookings", Some(&customer), Some(json!({})))
        .await;
    assert_eq!(status, 400, "{body}");
    snapshot("error_validation", &body);
}

#[apply(both_backends)]
async fn not_found_error_envelope(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let customer = amina(&app, Role::Customer).await;
    let missing = baitech::domain::Id::new();
    let (status, body) = app
        .call(
            Method::GET,
            &format!("/bookings/{missing}"),
            Some(&customer),
            None,
        )
        .await;
    assert_eq!(status, 404, "{body}");
    snapshot("error_not_found", &body);
}

#[apply(both_backends)]
async fn public_user(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let technician = amina(&app, Role::Technician).await;
    let viewer = app.add_user(person_doc(Role::Customer)).await;
    let (status, body) = app
        .call(
            Method::GET,
            &format!("/users/{}", technician.id),
            Some(&viewer),
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    snapshot("user_public", &body);
}

#[apply(both_backends)]
async fn private_user(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = amina(&app, Role::Customer).await;
    let (status, body) = app.call(Method::GET, "/users/me", Some(&me), None).await;
    assert_eq!(status, 200, "{body}");
    snapshot("user_private", &body);
}

#[apply(both_backends)]
async fn booking(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let customer = amina(&app, Role::Customer).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/bookings",
            Some(&customer),
            Some(new_booking(Duration::days(2), None)),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    snapshot("booking", &body);
}

#[apply(both_backends)]
async fn transaction(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let booking = stored(&app, &cast, BookingStatus::Verified).await;
    let (status, body) = app
        .call(
            Method::POST,
            "/payments/cash",
            Some(&cast.technician),
            Some(json!({ "bookingId": booking.to_string() })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["data"]["_id"].as_str().expect("transaction id");
    let (status, body) = app
        .call(
            Method::GET,
            &format!("/payments/transactions/{id}"),
            Some(&cast.customer),
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    snapshot("transaction", &body);
}
