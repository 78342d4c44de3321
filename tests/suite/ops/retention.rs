//! Retention cleanup on both adapters: exactly the documents the rules name go (finished
//! outbox rows past their retention too, never queued ones), a dry run only counts, and a
//! second run finds nothing left.

use baitech::domain::conversation::Conversation;
use baitech::domain::delivery::{Delivery, OutboxStatus};
use baitech::domain::message::Message;
use baitech::domain::notification::{Channel, Notification};
use baitech::domain::token::{AuthToken, TokenKind};
use baitech::domain::{Id, Timestamp};
use baitech::services::cleanup::{self, CleanupOptions};
use baitech::services::seed;
use baitech::store::Store;
use chrono::Duration;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::json;

use crate::common::{Backend, test_store};

/// Documents whose fate under the retention rules is known, by name.
struct Retained {
    kept_messages: Vec<Id>,
    gone_messages: Vec<Id>,
    kept_conversations: Vec<Id>,
    gone_conversation: Id,
    kept_notifications: Vec<Id>,
    gone_notifications: Vec<Id>,
    live_token: String,
    expired_token: String,
}

fn days(n: i64) -> Timestamp {
    Timestamp::now().minus(Duration::days(n))
}

fn message(conversation: Id, sender: Id, at: Timestamp) -> Message {
    serde_json::from_value(json!({
        "_id": Id::new(), "conversation": conversation, "sender": sender, "type": "text",
        "content": "habari", "createdAt": at, "updatedAt": at,
    }))
    .unwrap()
}

fn conversation(a: Id, b: Id, deleted_by: &[Id]) -> Conversation {
    let at = days(300);
    let p = |u: Id| json!({ "user": u, "joinedAt": at, "deletedAt": deleted_by.contains(&u).then_some(days(1)) });
    serde_json::from_value(json!({
        "_id": Id::new(), "type": "direct", "participants": [p(a), p(b)], "createdBy": a,
        "lastActivityAt": days(1), "createdAt": at, "updatedAt": days(1),
    }))
    .unwrap()
}

fn notification(
    to: Id,
    created: Timestamp,
    read: bool,
    expires: Option<Timestamp>,
) -> Notification {
    serde_json::from_value(json!({
        "_id": Id::new(), "recipient": to, "type": "system_announcement", "title": "t", "body": "b",
        "category": "system", "read": read, "readAt": read.then_some(created), "expiresAt": expires,
        "createdAt": created, "updatedAt": created,
    }))
    .unwrap()
}

fn token(user: Id, raw: &str, expires: Timestamp) -> AuthToken {
    let hash = baitech::domain::token::hash_token(raw);
    serde_json::from_value(json!({
        "_id": Id::new(), "user": user, "type": "refresh", "tokenHash": hash, "expiresAt": expires, "createdAt": days(40),
    }))
    .unwrap()
}

/// Seven messages past the 90-day retention and two within it in a live conversation, a
/// conversation both sides deleted (with an old and a new message), one only one side deleted;
/// read/unread, old/new, expired/unexpired notifications; an expired and a live token.
async fn retention_fixture(s: &Store) -> Retained {
    let (a, b) = (Id::new(), Id::new());
    let live = conversation(a, b, &[]);
    let half = conversation(a, b, &[a]);
    let gone = conversation(a, b, &[a, b]);
    s.conversations
        .insert_many(&[live.clone(), half.clone(), gone.clone()])
        .await
        .unwrap();
    let old: Vec<Message> = (0..7).map(|k| message(live.id, a, days(100 + k))).collect();
    let kept = vec![
        message(live.id, b, days(89)),
        message(live.id, a, days(1)),
        message(half.id, a, days(3)),
    ];
    let in_gone = vec![message(gone.id, a, days(200)), message(gone.id, b, days(2))];
    for batch in [&old, &kept, &in_gone] {
        s.messages.insert_many(batch).await.unwrap();
    }
    let kept_n = vec![
        notification(a, days(5), true, None),
        notification(a, days(40), false, None),
        notification(b, days(1), false, Some(days(-3))),
    ];
    let gone_n = vec![
        notification(a, days(40), true, None),
        notification(b, days(2), false, Some(days(1))),
    ];
    s.notifications.insert_many(&kept_n).await.unwrap();
    s.notifications.insert_many(&gone_n).await.unwrap();
    s.tokens
        .insert(&token(a, "live-token", days(-1)))
        .await
        .unwrap();
    s.tokens
        .insert(&token(
            a,
            "expired-token",
            days(0).minus(Duration::hours(1)),
        ))
        .await
        .unwrap();
    let ids = |v: &[Message]| v.iter().map(|m| m.id).collect::<Vec<_>>();
    Retained {
        kept_messages: ids(&kept),
        gone_messages: [ids(&old), ids(&in_gone)].concat(),
        kept_conversations: vec![live.id, half.id],
        gone_conversation: gone.id,
        kept_notifications: kept_n.iter().map(|n| n.id).collect(),
        gone_notifications: gone_n.iter().map(|n| n.id).collect(),
        live_token: "live-token".into(),
        expired_token: "expired-token".into(),
    }
}

fn retention(dry_run: bool) -> CleanupOptions {
    CleanupOptions {
        dry_run,
        batch_size: 3,
        message_days: 90,
        read_notification_days: 30,
        delivery_days: 30,
        now: Timestamp::now(),
    }
}

async fn exists_token(s: &Store, raw: &str) -> bool {
    let hash = baitech::domain::token::hash_token(raw);
    s.tokens
        .find_token(TokenKind::Refresh, &hash)
        .await
        .unwrap()
        .is_some()
}

#[apply(both_backends)]
async fn cleanup_removes_only_what_the_rules_name(#[case] backend: Backend) {
    let s = test_store(backend).await;
    let f = retention_fixture(&s).await;
    let r = cleanup::run(&s, &retention(false), &|_| {})
        .await
        .expect("cleanup");
    let got = |rule: &str| {
        let x = r.rule(rule).unwrap_or_else(|| panic!("no rule {rule}"));
        (x.eligible, x.removed)
    };
    assert_eq!(got("deleted_conversations"), (1, 1));
    assert_eq!(
        r.rule("deleted_conversations").unwrap().messages_removed,
        Some(2)
    );
    assert_eq!(
        got("old_messages"),
        (7, 7),
        "the old message of the deleted conversation went with it"
    );
    assert_eq!(got("read_notifications"), (1, 1));
    assert_eq!(got("expired_notifications"), (1, 1));
    assert_eq!(got("expired_tokens"), (1, 1));

    for id in &f.kept_messages {
        assert!(
            s.messages.get(*id).await.unwrap().is_some(),
            "message {id} should stay"
        );
    }
    for id in &f.gone_messages {
        assert!(
            s.messages.get(*id).await.unwrap().is_none(),
            "message {id} should be gone"
        );
    }
    for id in &f.kept_conversations {
        assert!(s.conversations.get(*id).await.unwrap().is_some());
    }
    assert!(
        s.conversations
            .get(f.gone_conversation)
            .await
            .unwrap()
            .is_none()
    );
    for id in &f.kept_notifications {
        assert!(
            s.notifications.get(*id).await.unwrap().is_some(),
            "notification {id} should stay"
        );
    }
    for id in &f.gone_notifications {
        assert!(
            s.notifications.get(*id).await.unwrap().is_none(),
            "notification {id} should be gone"
        );
    }
    assert!(exists_token(&s, &f.live_token).await);
    assert!(!exists_token(&s, &f.expired_token).await);

    let again = cleanup::run(&s, &retention(false), &|_| {})
        .await
        .expect("second cleanup");
    assert!(
        again
            .rules
            .iter()
            .all(|x| x.eligible == 0 && x.removed == 0),
        "{:?}",
        again.rules
    );
}

#[apply(both_backends)]
async fn cleanup_dry_run_changes_nothing(#[case] backend: Backend) {
    let s = test_store(backend).await;
    let f = retention_fixture(&s).await;
    let events = std::sync::Mutex::new(Vec::new());
    let r = cleanup::run(&s, &retention(true), &|p| events.lock().unwrap().push(p))
        .await
        .expect("dry run");
    assert!(r.dry_run);
    assert!(r.rules.iter().all(|x| x.removed == 0), "{:?}", r.rules);
    let eligible = |rule: &str| r.rule(rule).unwrap().eligible;
    assert_eq!(eligible("deleted_conversations"), 1);
    assert_eq!(
        eligible("old_messages"),
        8,
        "in a dry run the deleted conversation's old message still counts"
    );
    assert_eq!(
        (
            eligible("read_notifications"),
            eligible("expired_notifications"),
            eligible("expired_tokens")
        ),
        (1, 1, 1)
    );
    let starts = events
        .lock()
        .unwrap()
        .iter()
        .filter(|p| matches!(p, seed::Progress::Start { .. }))
        .count();
    assert_eq!(starts, cleanup::RULES.len(), "one progress task per rule");

    for id in f.kept_messages.iter().chain(&f.gone_messages) {
        assert!(s.messages.get(*id).await.unwrap().is_some());
    }
    assert!(
        s.conversations
            .get(f.gone_conversation)
            .await
            .unwrap()
            .is_some()
    );
    for id in f.kept_notifications.iter().chain(&f.gone_notifications) {
        assert!(s.notifications.get(*id).await.unwrap().is_some());
    }
    assert!(exists_token(&s, &f.expired_token).await);
}

/// A delivery on `channel` in `status`, last changed at `at`.
fn delivery(status: OutboxStatus, channel: Channel, at: Timestamp) -> Delivery {
    let mut d = Delivery::queued(Id::new(), Id::new(), Id::new(), channel, at, at);
    d.status = status;
    d
}

#[apply(both_backends)]
async fn cleanup_removes_finished_deliveries_past_their_retention_in_batches(
    #[case] backend: Backend,
) {
    let s = test_store(backend).await;
    let finished = [
        OutboxStatus::Sent,
        OutboxStatus::Delivered,
        OutboxStatus::Failed,
        OutboxStatus::Undeliverable,
        OutboxStatus::NotSent,
    ];
    let mut old = Vec::new();
    for i in 0..7 {
        // 31 to 37 days untouched: past the 30-day retention.
        let d = delivery(
            finished[i % finished.len()],
            Channel::Push,
            days(31 + i as i64),
        );
        s.deliveries.insert(&d).await.unwrap();
        old.push(d.id);
    }
    let mut kept = Vec::new();
    for d in [
        delivery(OutboxStatus::Sent, Channel::Sms, days(29)),
        delivery(OutboxStatus::Delivered, Channel::Email, days(1)),
        // Still waiting, however long ago it was queued.
        delivery(OutboxStatus::Queued, Channel::Push, days(60)),
        delivery(OutboxStatus::Queued, Channel::Sms, days(400)),
    ] {
        s.deliveries.insert(&d).await.unwrap();
        kept.push(d.id);
    }

    let dry = cleanup::run(&s, &retention(true), &|_| {}).await.unwrap();
    let rule = dry.rule("finished_deliveries").unwrap();
    assert_eq!((rule.eligible, rule.removed), (7, 0));
    for id in old.iter().chain(&kept) {
        assert!(
            s.deliveries.get(*id).await.unwrap().is_some(),
            "dry run keeps {id}"
        );
    }

    let r = cleanup::run(&s, &retention(false), &|_| {}).await.unwrap();
    let rule = r.rule("finished_deliveries").unwrap();
    assert_eq!(
        (rule.eligible, rule.removed),
        (7, 7),
        "batches of 3 until none is left"
    );
    let cutoff = rule.cutoff.unwrap();
    assert!(
        cutoff <= days(30) && cutoff > days(31),
        "30 days before the run"
    );
    for id in &old {
        assert!(s.deliveries.get(*id).await.unwrap().is_none(), "{id} goes");
    }
    for id in &kept {
        assert!(s.deliveries.get(*id).await.unwrap().is_some(), "{id} stays");
    }
    let again = cleanup::run(&s, &retention(false), &|_| {}).await.unwrap();
    assert_eq!(again.rule("finished_deliveries").unwrap().eligible, 0);
}
