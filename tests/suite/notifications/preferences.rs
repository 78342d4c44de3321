//! Preferences: the defaults, switching channels per category, types that cannot be switched
//! off, quiet hours in the user's zone, and every bad field named at once.

use baitech::domain::deep_link::DeepLink;
use baitech::domain::notification::{Channel, NotificationType};
use baitech::domain::user::Role;
use baitech::domain::{Id, Timestamp};
use baitech::services::notifications::{Draft, notify};
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use crate::bookings::person;
use crate::common::{Backend, TestApp, both_backends};

async fn channels_of(
    app: &TestApp,
    who: Id,
    kind: NotificationType,
    at: Timestamp,
) -> Vec<Channel> {
    let d = Draft::new(
        who,
        kind,
        "t",
        "b",
        DeepLink::notifications(),
        Id::new().to_hex(),
        at,
    );
    notify(&app.app, d).await.unwrap().unwrap().channels
}

#[apply(both_backends)]
async fn switches_apply_per_category_and_read_only_types_ignore_them(#[case] backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let me = person(&app, Role::Customer).await;
    let (s, b) = app
        .call(Method::GET, "/notifications/preferences", Some(&me), None)
        .await;
    assert_eq!(s, 200, "{b}");
    let d = &b["data"];
    assert_eq!(
        d["channels"]["social"],
        json!({"in_app": true, "push": true, "email": false, "sms": false})
    );
    assert_eq!(
        d["channels"]["payment"],
        json!({"in_app": true, "push": true, "email": true, "sms": true})
    );
    assert_eq!(d["timezone"], "Africa/Nairobi");
    assert_eq!(d["quietHours"], json!(null));
    let read_only = d["readOnlyTypes"].as_array().unwrap();
    assert!(
        read_only.contains(&json!("payment_received")) && read_only.contains(&json!("new_login"))
    );
    assert!(!read_only.contains(&json!("post_liked")));

    let body = json!({"channels": {
        "social": {"push": false},
        "payment": {"push": false, "email": false, "sms": false},
        "account": {"email": false},
    }});
    let (s, b) = app
        .call(
            Method::PUT,
            "/notifications/preferences",
            Some(&me),
            Some(body),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["channels"]["social"]["push"], false);
    let (_, again) = app
        .call(Method::GET, "/notifications/preferences", Some(&me), None)
        .await;
    assert_eq!(again["data"], b["data"], "stored as answered");

    let now = Timestamp::parse("2026-03-10T09:00:00Z").unwrap();
    use Channel::*;
    assert_eq!(
        channels_of(&app, me.id, NotificationType::PostLiked, now).await,
        [InApp]
    );
    // Money and security reach their defaults whatever the switches say.
    assert_eq!(
        channels_of(&app, me.id, NotificationType::PaymentReceived, now).await,
        [InApp, Push, Email, Sms]
    );
    assert_eq!(
        channels_of(&app, me.id, NotificationType::PasswordChanged, now).await,
        [InApp, Push, Email]
    );
    assert_eq!(
        channels_of(&app, me.id, NotificationType::KycApproved, now).await,
        [InApp, Push]
    );
    // Another user keeps the defaults.
    let other = person(&app, Role::Customer).await;
    assert_eq!(
        channels_of(&app, other.id, NotificationType::PostLiked, now).await,
        [InApp, Push]
    );
}

#[apply(both_backends)]
async fn bad_preferences_are_refused_with_every_field_named(#[case] backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let me = person(&app, Role::Customer).await;
    let body = json!({
        "channels": {"social": {"in_app": false, "fax": true}, "gossip": {"push": true}, "booking": {"push": "yes"}},
        "quietHours": {"start": "25:00", "end": "07:00"},
        "timezone": "Mars/Olympus",
        "volume": 11,
    });
    let (s, b) = app
        .call(
            Method::PUT,
            "/notifications/preferences",
            Some(&me),
            Some(body),
        )
        .await;
    assert_eq!(s, 400, "{b}");
    let mut fields: Vec<&str> = b["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "channels.booking.push",
            "channels.gossip",
            "channels.social.fax",
            "channels.social.in_app",
            "quietHours",
            "timezone",
            "volume"
        ]
    );
    // Nothing was stored.
    let (_, b) = app
        .call(Method::GET, "/notifications/preferences", Some(&me), None)
        .await;
    assert_eq!(b["data"]["timezone"], "Africa/Nairobi");

    let ok = json!({"quietHours": {"start": "22:00", "end": "07:00"}, "timezone": "Africa/Lagos"});
    let (s, b) = app
        .call(
            Method::PUT,
            "/notifications/preferences",
            Some(&me),
            Some(ok),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(
        b["data"]["quietHours"],
        json!({"start": "22:00", "end": "07:00"})
    );
    let (s, b) = app
        .call(
            Method::PUT,
            "/notifications/preferences",
            Some(&me),
            Some(json!({"quietHours": null})),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(b["data"]["quietHours"], json!(null));
    assert_eq!(b["data"]["timezone"], "Africa/Lagos");
}
