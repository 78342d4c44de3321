//! Each outbox row's state reaches its notification's delivery entry for the channel, as the
//! inbox shows it and the store keeps it: a sent push, a push that failed after its last
//! attempt, an SMS with its cost and the delivery report that follows, the SMS that stands in
//! for a critical push; and concurrent writers of one notification's entries lose nothing.

use baitech::domain::deep_link::DeepLink;
use baitech::domain::delivery::{MAX_ATTEMPTS, OutboxStatus};
use baitech::domain::notification::{
    Channel, ChannelDelivery, Notification, NotificationType, Priority,
};
use baitech::domain::{Id, Money, Timestamp};
use baitech::gateways::push::PushOutcome;
use baitech::services::notifications::{Draft, notify, outbox};
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::Value;

use super::inbox;
use super::outbox::{draft, rows, with_devices};
use crate::common::gateways::africastalking::{AT_CALLBACK_SECRET, FakeAt};
use crate::common::users::TestUser;
use crate::common::{Backend, TestApp, both_backends};

async fn stored(app: &TestApp, id: Id) -> Notification {
    app.app.store.notifications.get(id).await.unwrap().unwrap()
}

fn entry(n: &Notification, channel: Channel) -> ChannelDelivery {
    n.delivery
        .iter()
        .find(|d| d.channel == channel)
        .unwrap_or_else(|| panic!("{channel:?} in {:?}", n.delivery))
        .clone()
}

/// The inbox item `id` of `who`, over HTTP: its `delivery` entries by channel.
async fn listed(app: &TestApp, who: &TestUser, id: Id) -> Vec<(String, Value)> {
    let items = inbox(app, who, "?limit=100").await;
    let item = items
        .iter()
        .find(|i| i["_id"] == id.to_hex())
        .unwrap_or_else(|| panic!("{id} in {items:?}"));
    item["delivery"]
        .as_array()
        .expect("delivery entries")
        .iter()
        .map(|d| (d["channel"].as_str().unwrap().to_string(), d.clone()))
        .collect()
}

fn status_of(entries: &[(String, Value)], channel: &str) -> (String, u64) {
    let d = &entries
        .iter()
        .find(|(c, _)| c == channel)
        .unwrap_or_else(|| panic!("{channel} in {entries:?}"))
        .1;
    (
        d["status"].as_str().unwrap().to_string(),
        d["attempts"].as_u64().unwrap(),
    )
}

#[apply(both_backends)]
async fn a_sent_push_and_a_push_that_failed_show_on_the_inbox_item(#[case] backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let me = with_devices(&app, &["tok-1"]).await;
    let now = Timestamp::now();
    let kind = NotificationType::NewFollower;
    let n = notify(&app.app, draft(me.id, kind, now))
        .await
        .unwrap()
        .unwrap();
    let before = listed(&app, &me, n.id).await;
    assert_eq!(status_of(&before, "in_app"), ("delivered".into(), 0));
    assert_eq!(status_of(&before, "push"), ("queued".into(), 0));
    outbox::run_once(&app.app, "w", now).await.unwrap();
    let after = listed(&app, &me, n.id).await;
    assert_eq!(status_of(&after, "push"), ("sent".into(), 1));
    let push = entry(&stored(&app, n.id).await, Channel::Push);
    let row = rows(&app, n.id).await.remove(0);
    assert_eq!(push, row.entry(), "the entry is the row's state");
    assert_eq!(push.sent_at, row.sent_at);

    // Always failing: each retry shows its attempts, then `failed` with the reason.
    app.app.push.sandbox().unwrap().fail_next(
        PushOutcome::Retry {
            error: "503 UNAVAILABLE".into(),
            after: None,
        },
        100,
    );
    let n = notify(&app.app, draft(me.id, kind, now))
        .await
        .unwrap()
        .unwrap();
    let mut at = now;
    for attempt in 1..=MAX_ATTEMPTS {
        outbox::run_once(&app.app, "w", at).await.unwrap();
        let e = entry(&stored(&app, n.id).await, Channel::Push);
        assert_eq!(e.attempts, attempt);
        let want = if attempt < MAX_ATTEMPTS {
            OutboxStatus::Queued
        } else {
            OutboxStatus::Failed
        };
        assert_eq!(e.status, want, "attempt {attempt}");
        assert_eq!(e.reason.as_deref(), Some("503 UNAVAILABLE"));
        at = rows(&app, n.id).await[0].due_at;
    }
    let shown = listed(&app, &me, n.id).await;
    assert_eq!(
        status_of(&shown, "push"),
        ("failed".into(), u64::from(MAX_ATTEMPTS))
    );
}

#[apply(both_backends)]
async fn an_sms_keeps_its_cost_and_the_delivery_report_marks_it_delivered(
    #[case] backend: Backend,
) {
    let at = FakeAt::start().await;
    let app = TestApp::spawn_with_env(backend, at.env()).await;
    let me = with_devices(&app, &[]).await;
    let now = Timestamp::now();
    let n = notify(
        &app.app,
        draft(me.id, NotificationType::PaymentReceived, now),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(entry(&n, Channel::Sms).status, OutboxStatus::Queued);
    outbox::run_once(&app.app, "w", now).await.unwrap();
    let sms = entry(&stored(&app, n.id).await, Channel::Sms);
    assert_eq!(
        (sms.status, sms.attempts, sms.cost),
        (OutboxStatus::Sent, 1, Some(Money::kes(80)))
    );
    let report = |status: &str, reason: &str| {
        app.request(
            Method::POST,
            &format!("/api/v1/notifications/sms/delivery/{AT_CALLBACK_SECRET}"),
        )
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("id=ATXid_1&status={status}&failureReason={reason}"))
    };
    assert_eq!(report("Success", "").send_raw().await.status(), 200);
    let sms = entry(&stored(&app, n.id).await, Channel::Sms);
    assert_eq!(sms.status, OutboxStatus::Delivered);
    assert!(sms.delivered_at.is_some());
    assert_eq!(sms.cost, Some(Money::kes(80)), "the cost stays");
    let shown = listed(&app, &me, n.id).await;
    assert_eq!(status_of(&shown, "sms"), ("delivered".into(), 1));
    // E-mail went out on its own row and entry beside it.
    assert_eq!(status_of(&shown, "email").0, "sent");

    // A report that says the phone was never reached, for a second message.
    let n = notify(
        &app.app,
        draft(me.id, NotificationType::PaymentReceived, now),
    )
    .await
    .unwrap()
    .unwrap();
    outbox::run_once(&app.app, "w", now).await.unwrap();
    let id = rows(&app, n.id)
        .await
        .into_iter()
        .find(|d| d.channel == Channel::Sms)
        .unwrap()
        .provider_ref
        .unwrap();
    let r = app
        .request(
            Method::POST,
            &format!("/api/v1/notifications/sms/delivery/{AT_CALLBACK_SECRET}"),
        )
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "id={id}&status=Failed&failureReason=AbsentSubscriber"
        ))
        .send_raw()
        .await;
    assert_eq!(r.status(), 200);
    let sms = entry(&stored(&app, n.id).await, Channel::Sms);
    assert_eq!(
        (sms.status, sms.reason.as_deref()),
        (
            OutboxStatus::Undeliverable,
            Some("Failed: AbsentSubscriber")
        )
    );
}

#[apply(both_backends)]
async fn the_sms_in_place_of_a_critical_push_has_its_own_entry(#[case] backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let me = with_devices(&app, &["gone"]).await;
    app.app.push.sandbox().unwrap().unregister("gone");
    let now = Timestamp::now();
    let d = Draft::new(
        me.id,
        NotificationType::BookingAccepted,
        "Booking accepted",
        "BT-2",
        DeepLink::booking(Id::new()),
        Id::new().to_hex(),
        now,
    )
    .priority(Priority::High);
    let n = notify(&app.app, d).await.unwrap().unwrap();
    outbox::run_once(&app.app, "w", now).await.unwrap();
    let s = stored(&app, n.id).await;
    assert_eq!(entry(&s, Channel::Push).status, OutboxStatus::Undeliverable);
    assert_eq!(entry(&s, Channel::Sms).status, OutboxStatus::Queued);
    outbox::run_once(&app.app, "w", now).await.unwrap();
    let s = stored(&app, n.id).await;
    assert_eq!(entry(&s, Channel::Sms).status, OutboxStatus::Sent);
    assert_eq!(entry(&s, Channel::Push).status, OutboxStatus::Undeliverable);
}

#[apply(both_backends)]
async fn concurrent_writers_of_one_notifications_entries_lose_nothing(#[case] backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let me = with_devices(&app, &[]).await;
    let n = notify(
        &app.app,
        draft(me.id, NotificationType::NewFollower, Timestamp::now()),
    )
    .await
    .unwrap()
    .unwrap();
    let channels = [Channel::Push, Channel::Email, Channel::Sms];
    // Every channel's entries from progress 1 to 12, written all at once in shuffled order.
    let mut writes = Vec::new();
    for p in 1..=12u32 {
        for c in channels {
            writes.push(ChannelDelivery {
                attempts: p,
                progress: p,
                ..ChannelDelivery::queued(c)
            });
        }
    }
    writes.reverse();
    writes.rotate_left(7);
    let store = &app.app.store;
    let results = futures::future::join_all(
        writes
            .iter()
            .map(|e| store.notifications.record_delivery(n.id, e)),
    )
    .await;
    assert!(results.iter().all(|r| r.is_ok()), "{results:?}");
    let s = stored(&app, n.id).await;
    for c in channels {
        assert_eq!(entry(&s, c).progress, 12, "{c:?}: the furthest stays");
    }
    assert_eq!(
        s.delivery.len(),
        4,
        "one entry per channel: {:?}",
        s.delivery
    );
    assert_eq!(entry(&s, Channel::InApp).status, OutboxStatus::Delivered);
    // A later copy still replaces; an older one never does; a gone notification is `false`.
    let older = ChannelDelivery {
        progress: 3,
        ..ChannelDelivery::queued(Channel::Sms)
    };
    assert!(
        !store
            .notifications
            .record_delivery(n.id, &older)
            .await
            .unwrap()
    );
    let later = ChannelDelivery {
        status: OutboxStatus::Delivered,
        progress: 14,
        ..ChannelDelivery::queued(Channel::Sms)
    };
    assert!(
        store
            .notifications
            .record_delivery(n.id, &later)
            .await
            .unwrap()
    );
    assert_eq!(entry(&stored(&app, n.id).await, Channel::Sms), later);
    assert!(
        !store
            .notifications
            .record_delivery(Id::new(), &later)
            .await
            .unwrap()
    );
}
