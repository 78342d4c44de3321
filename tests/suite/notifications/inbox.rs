//! The inbox routes: filters, cursor paging, read marks, the unread count, deleting, and
//! expired notifications left out.

use baitech::domain::deep_link::DeepLink;
use baitech::domain::notification::NotificationType;
use baitech::domain::user::Role;
use baitech::domain::{Id, Timestamp};
use baitech::services::notifications::{Draft, notify};
use chrono::Duration;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;

use super::inbox;
use crate::bookings::person;
use crate::common::{Backend, TestApp, both_backends};

/// Makes a notification of `kind` for `who`, `minutes_ago` old.
pub async fn made(app: &TestApp, who: Id, kind: NotificationType, minutes_ago: i64) -> Id {
    let at = Timestamp::now().minus(Duration::minutes(minutes_ago));
    let d = Draft::new(
        who,
        kind,
        format!("{kind:?}"),
        "body",
        DeepLink::notifications(),
        Id::new().to_hex(),
        at,
    );
    notify(&app.app, d)
        .await
        .unwrap()
        .expect("a new notification")
        .id
}

async fn count(app: &TestApp, who: &crate::common::users::TestUser) -> u64 {
    let (s, b) = app
        .call(Method::GET, "/notifications/unread-count", Some(who), None)
        .await;
    assert_eq!(s, 200, "{b}");
    b["data"]["count"].as_u64().unwrap()
}

#[apply(both_backends)]
async fn the_inbox_filters_pages_and_marks_read(#[case] backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let me = person(&app, Role::Customer).await;
    let other = person(&app, Role::Customer).await;
    let mut ids = Vec::new();
    for (i, kind) in [
        NotificationType::BookingAccepted,
        NotificationType::PaymentReceived,
        NotificationType::Mentioned,
        NotificationType::TechnicianArrived,
        NotificationType::NewReview,
    ]
    .into_iter()
    .enumerate()
    {
        ids.push(made(&app, me.id, kind, 50 - i as i64).await);
    }
    made(&app, other.id, NotificationType::Mentioned, 1).await;

    // Newest first, paged by cursor with no repeats.
    let (s, b) = app
        .call(Method::GET, "/notifications?limit=2", Some(&me), None)
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["pagination"]["hasMore"], true);
    let mut seen: Vec<String> = b["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["_id"].as_str().unwrap().to_string())
        .collect();
    let mut cursor = b["pagination"]["nextCursor"].as_str().unwrap().to_string();
    loop {
        let (_, b) = app
            .call(
                Method::GET,
                &format!("/notifications?limit=2&cursor={cursor}"),
                Some(&me),
                None,
            )
            .await;
        seen.extend(
            b["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["_id"].as_str().unwrap().to_string()),
        );
        match b["pagination"]["nextCursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    let expected: Vec<String> = ids.iter().rev().map(Id::to_hex).collect();
    assert_eq!(seen, expected);

    let booking = inbox(&app, &me, "?category=booking").await;
    assert_eq!(booking.len(), 2);
    assert!(booking.iter().all(|n| n["category"] == "booking"));
    assert_eq!(count(&app, &me).await, 5);

    // One read: gone from the unread filter and the count; another user's is a 404.
    let (s, b) = app
        .call(
            Method::PUT,
            &format!("/notifications/{}/read", ids[0]),
            Some(&me),
            None,
        )
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["read"], true);
    assert!(b["data"]["readAt"].is_string());
    let (s, _) = app
        .call(
            Method::PUT,
            &format!("/notifications/{}/read", ids[0]),
            Some(&other),
            None,
        )
        .await;
    assert_eq!(s, 404);
    assert_eq!(count(&app, &me).await, 4);
    let unread = inbox(&app, &me, "?unread=true").await;
    assert_eq!(unread.len(), 4);
    assert!(unread.iter().all(|n| n["read"] == false));
    let (s, b) = app
        .call(
            Method::GET,
            "/notifications?category=nonsense&unread=maybe",
            Some(&me),
            None,
        )
        .await;
    assert_eq!(s, 400, "{b}");
    let fields: Vec<&str> = b["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["category", "unread"]);

    // All read.
    let (s, b) = app
        .call(Method::PUT, "/notifications/read-all", Some(&me), None)
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["data"]["count"], 4);
    assert_eq!(count(&app, &me).await, 0);
    assert_eq!(count(&app, &other).await, 1, "another user's stay unread");

    // Delete: mine goes, another user's cannot be deleted by me.
    let (s, _) = app
        .call(
            Method::DELETE,
            &format!("/notifications/{}", ids[1]),
            Some(&me),
            None,
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(inbox(&app, &me, "").await.len(), 4);
    let theirs = inbox(&app, &other, "").await[0]["_id"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, _) = app
        .call(
            Method::DELETE,
            &format!("/notifications/{theirs}"),
            Some(&me),
            None,
        )
        .await;
    assert_eq!(s, 404);
    let (s, _) = app.call(Method::GET, "/notifications", None, None).await;
    assert_eq!(s, 401);
}

#[apply(both_backends)]
async fn expired_notifications_are_neither_listed_nor_counted_and_cleanup_removes_them(
    #[case] backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let me = person(&app, Role::Customer).await;
    let live = made(&app, me.id, NotificationType::Mentioned, 5).await;
    // Made 31 days ago: past the 30 days a notification is kept.
    let old = made(&app, me.id, NotificationType::PostLiked, 31 * 24 * 60).await;
    let got = inbox(&app, &me, "").await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["_id"], live.to_hex());
    assert_eq!(count(&app, &me).await, 1);
    let (s, _) = app
        .call(
            Method::PUT,
            &format!("/notifications/{old}/read"),
            Some(&me),
            None,
        )
        .await;
    assert_eq!(s, 404);

    let opts = baitech::services::cleanup::CleanupOptions {
        dry_run: false,
        batch_size: 100,
        message_days: 90,
        read_notification_days: 30,
        delivery_days: 30,
        now: Timestamp::now(),
    };
    let report = baitech::services::cleanup::run(&app.app.store, &opts, &|_| {})
        .await
        .unwrap();
    let expired = report
        .rules
        .iter()
        .find(|r| r.rule == "expired_notifications")
        .unwrap();
    assert_eq!(expired.removed, 1);
    assert!(
        app.app
            .store
            .notifications
            .get(old)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        app.app
            .store
            .notifications
            .get(live)
            .await
            .unwrap()
            .is_some()
    );
}
