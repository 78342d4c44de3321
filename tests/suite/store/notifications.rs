//! Notifications: round trip, filtered lists without expired ones, marking read (one, all),
//! the unread count and the clean-ups with their per-call limits.
//!
//! "Now" is [`NOW`], a week after the base instant, and expired notifications expire
//! between the base and `NOW`: still in the future for the server's clock, so a TTL index
//! cannot remove them before the test does.

use baitech::domain::notification::{Notification, NotificationCategory, NotificationType};
use baitech::domain::{Id, Timestamp};
use baitech::store::NotificationFilter;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;

use super::builders::{at, full_notification, notification, read};
use super::pages::{ids, walk};
use crate::common::{Backend, TestStore, test_store};

/// The `now` the tests pass to the store.
fn now() -> Timestamp {
    at(10_000)
}

/// Expired by [`now`].
fn expired(mut n: Notification) -> Notification {
    n.expires_at = Some(at(5_000));
    n
}

/// Expires after [`now`].
fn expiring_later(mut n: Notification) -> Notification {
    n.expires_at = Some(at(20_000));
    n
}

async fn stored(ts: &TestStore, id: Id) -> Option<Notification> {
    ts.notifications.get(id).await.expect("get notification")
}

async fn listed(ts: &TestStore, filter: &NotificationFilter) -> Vec<Id> {
    let pages = walk(2, async |req| {
        ts.notifications.list_notifications(filter, &req).await
    })
    .await;
    pages.iter().flat_map(|p| ids(p, |n| n.id)).collect()
}

fn all_of(recipient: Id) -> NotificationFilter {
    NotificationFilter {
        recipient,
        unread_only: false,
        category: None,
        now: now(),
    }
}

#[apply(both_backends)]
pub(super) async fn notification_round_trip_preserves_every_field(#[case] b: Backend) {
    let ts = test_store(b).await;
    let mut full = full_notification(Id::new());
    ts.notifications.insert(&full).await.unwrap();
    assert_eq!(stored(&ts, full.id).await, Some(full.clone()));
    full.delivery[0].attempts = 3;
    full.title = "Payment received: KES 1,000".into();
    full.updated_at = at(4);
    ts.notifications.replace(&full).await.unwrap();
    assert_eq!(stored(&ts, full.id).await, Some(full));
    let r = Id::new();
    let batch: Vec<Notification> = (0..3)
        .map(|i| notification(r, NotificationType::NewFollower, at(i)))
        .collect();
    assert_eq!(ts.notifications.insert_many(&batch).await.unwrap(), 3);
    assert_eq!(stored(&ts, batch[2].id).await, Some(batch[2].clone()));
    assert_eq!(stored(&ts, Id::new()).await, None);
}

#[apply(both_backends)]
pub(super) async fn list_notifications_filters_unread_and_category_and_leaves_out_expired(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let (r, someone_else) = (Id::new(), Id::new());
    let n1 = notification(r, NotificationType::BookingAccepted, at(1));
    let n2 = read(
        notification(r, NotificationType::PaymentReceived, at(2)),
        at(3),
    );
    let n3 = expired(notification(r, NotificationType::NewFollower, at(3)));
    let n4 = expiring_later(notification(r, NotificationType::PaymentFailed, at(4)));
    let n5 = read(
        notification(r, NotificationType::JobCompleted, at(5)),
        at(6),
    );
    let n6 = notification(someone_else, NotificationType::BookingAccepted, at(6));
    ts.notifications
        .insert_many(&[
            n1.clone(),
            n2.clone(),
            n3.clone(),
            n4.clone(),
            n5.clone(),
            n6,
        ])
        .await
        .unwrap();
    let [n1, n2, n3, n4, n5] = [n1.id, n2.id, n3.id, n4.id, n5.id];

    let cases = [
        ("all but the expired", all_of(r), vec![n5, n4, n2, n1]),
        (
            "unread",
            NotificationFilter {
                unread_only: true,
                ..all_of(r)
            },
            vec![n4, n1],
        ),
        (
            "payments",
            NotificationFilter {
                category: Some(NotificationCategory::Payment),
                ..all_of(r)
            },
            vec![n4, n2],
        ),
        (
            "unread bookings",
            NotificationFilter {
                unread_only: true,
                category: Some(NotificationCategory::Booking),
                ..all_of(r)
            },
            vec![n1],
        ),
        (
            "before it expired",
            NotificationFilter {
                now: at(0),
                ..all_of(r)
            },
            vec![n5, n4, n3, n2, n1],
        ),
    ];
    for (name, filter, expected) in cases {
        assert_eq!(listed(&ts, &filter).await, expected, "{name}");
    }
    assert_eq!(
        ts.notifications
            .unread_notification_count(r, now())
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        ts.notifications
            .unread_notification_count(r, at(0))
            .await
            .unwrap(),
        3,
        "before n3 expired"
    );
    assert_eq!(
        ts.notifications
            .unread_notification_count(someone_else, now())
            .await
            .unwrap(),
        1
    );
}

#[apply(both_backends)]
pub(super) async fn only_the_recipient_can_mark_a_notification_read(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (r, intruder) = (Id::new(), Id::new());
    let n = notification(r, NotificationType::NewMessage, at(1));
    ts.notifications.insert(&n).await.unwrap();
    assert!(
        !ts.notifications
            .mark_notification_read(n.id, intruder, at(2))
            .await
            .unwrap()
    );
    assert_eq!(
        stored(&ts, n.id).await,
        Some(n.clone()),
        "not theirs: unchanged"
    );
    assert!(
        ts.notifications
            .mark_notification_read(n.id, r, at(3))
            .await
            .unwrap()
    );
    let got = stored(&ts, n.id).await.unwrap();
    assert_eq!((got.read, got.read_at), (true, Some(at(3))));
    assert_eq!(
        ts.notifications
            .unread_notification_count(r, now())
            .await
            .unwrap(),
        0
    );
    assert!(
        !ts.notifications
            .mark_notification_read(Id::new(), r, at(4))
            .await
            .unwrap(),
        "absent"
    );
}

#[apply(both_backends)]
pub(super) async fn mark_all_read_marks_only_that_recipients_unread_notifications(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let (r, other) = (Id::new(), Id::new());
    let unread: Vec<Notification> = (0..3)
        .map(|i| notification(r, NotificationType::PostLiked, at(i)))
        .collect();
    let earlier = read(notification(r, NotificationType::PostLiked, at(4)), at(5));
    let theirs: Vec<Notification> = (0..2)
        .map(|i| notification(other, NotificationType::PostLiked, at(i)))
        .collect();
    ts.notifications.insert_many(&unread).await.unwrap();
    ts.notifications.insert(&earlier).await.unwrap();
    ts.notifications.insert_many(&theirs).await.unwrap();

    assert_eq!(
        ts.notifications
            .mark_all_notifications_read(r, at(9))
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        ts.notifications
            .unread_notification_count(r, now())
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        ts.notifications
            .unread_notification_count(other, now())
            .await
            .unwrap(),
        2
    );
    for n in &unread {
        let got = stored(&ts, n.id).await.unwrap();
        assert_eq!((got.read, got.read_at), (true, Some(at(9))));
    }
    assert_eq!(
        stored(&ts, earlier.id).await.unwrap().read_at,
        Some(at(5)),
        "already read: keeps its time"
    );
    assert_eq!(
        ts.notifications
            .mark_all_notifications_read(r, at(10))
            .await
            .unwrap(),
        0
    );
}

#[apply(both_backends)]
pub(super) async fn delete_read_notifications_before_leaves_unread_and_newer_ones(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let r = Id::new();
    let old_read: Vec<Notification> = (1..=3)
        .map(|i| read(notification(r, NotificationType::NewReview, at(i)), at(i)))
        .collect();
    let new_read = read(notification(r, NotificationType::NewReview, at(60)), at(61));
    let old_unread: Vec<Notification> = (4..=5)
        .map(|i| notification(r, NotificationType::NewReview, at(i)))
        .collect();
    ts.notifications.insert_many(&old_read).await.unwrap();
    ts.notifications.insert(&new_read).await.unwrap();
    ts.notifications.insert_many(&old_unread).await.unwrap();

    assert_eq!(
        ts.notifications
            .count_read_notifications_before(at(50))
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        ts.notifications
            .delete_read_notifications_before(at(50), 100)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        ts.notifications
            .count_read_notifications_before(at(50))
            .await
            .unwrap(),
        0
    );
    for n in &old_read {
        assert_eq!(stored(&ts, n.id).await, None);
    }
    for n in old_unread.iter().chain([&new_read]) {
        assert_eq!(
            stored(&ts, n.id).await.as_ref(),
            Some(n),
            "unread or newer: kept"
        );
    }
}

#[apply(both_backends)]
pub(super) async fn notification_cleanup_respects_the_per_call_limit(#[case] b: Backend) {
    let ts = test_store(b).await;
    let r = Id::new();
    let old_read: Vec<Notification> = (0..25)
        .map(|i| read(notification(r, NotificationType::NewReview, at(i)), at(i)))
        .collect();
    let gone: Vec<Notification> = (0..25)
        .map(|i| expired(notification(r, NotificationType::Promotion, at(100 + i))))
        .collect();
    ts.notifications.insert_many(&old_read).await.unwrap();
    ts.notifications.insert_many(&gone).await.unwrap();

    let mut read_runs = Vec::new();
    let mut expired_runs = Vec::new();
    for _ in 0..4 {
        read_runs.push(
            ts.notifications
                .delete_read_notifications_before(at(50), 10)
                .await
                .unwrap(),
        );
        expired_runs.push(
            ts.notifications
                .delete_expired_notifications(now(), 10)
                .await
                .unwrap(),
        );
    }
    assert_eq!(read_runs, vec![10, 10, 5, 0]);
    assert_eq!(expired_runs, vec![10, 10, 5, 0]);
}

#[apply(both_backends)]
pub(super) async fn delete_expired_notifications_leaves_live_ones(#[case] b: Backend) {
    let ts = test_store(b).await;
    let r = Id::new();
    let gone: Vec<Notification> = (0..3)
        .map(|i| expired(notification(r, NotificationType::Promotion, at(i))))
        .collect();
    let later: Vec<Notification> = (0..2)
        .map(|i| expiring_later(notification(r, NotificationType::Promotion, at(i))))
        .collect();
    let forever = notification(r, NotificationType::Promotion, at(3));
    ts.notifications.insert_many(&gone).await.unwrap();
    ts.notifications.insert_many(&later).await.unwrap();
    ts.notifications.insert(&forever).await.unwrap();

    assert_eq!(
        ts.notifications
            .count_expired_notifications(at(0))
            .await
            .unwrap(),
        0,
        "nothing expired yet"
    );
    assert_eq!(
        ts.notifications
            .count_expired_notifications(now())
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        ts.notifications
            .delete_expired_notifications(now(), 100)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        ts.notifications
            .count_expired_notifications(now())
            .await
            .unwrap(),
        0
    );
    for n in &gone {
        assert_eq!(stored(&ts, n.id).await, None);
    }
    for n in later.iter().chain([&forever]) {
        assert_eq!(stored(&ts, n.id).await.as_ref(), Some(n));
    }
}
