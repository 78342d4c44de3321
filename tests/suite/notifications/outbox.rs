//! The outbox under failure, on the sandbox gateways: one row per channel, quiet hours, two
//! workers sharing rows through leases, back-off to `failed`, a restart mid-delivery, dead
//! tokens removed with an SMS in place of a critical push, and a group's one summary push.

use baitech::domain::deep_link::DeepLink;
use baitech::domain::delivery::{Delivery, MAX_ATTEMPTS, OutboxStatus, backoff};
use baitech::domain::notification::{Channel, NotificationType, Priority};
use baitech::domain::notification_preferences::{NotificationPreferences, QuietHours};
use baitech::domain::user::{FcmToken, Platform, Role};
use baitech::domain::{Id, Timestamp};
use baitech::gateways::push::PushOutcome;
use baitech::services::notifications::outbox::{self, LEASE};
use baitech::services::notifications::{Draft, GROUP_WINDOW, notify};
use chrono::Duration;
use rstest::rstest;
use rstest_reuse::apply;

use crate::bookings::person;
use crate::common::users::TestUser;
use crate::common::{Backend, TestApp, both_backends};

/// A user with push devices `tokens`.
pub async fn with_devices(app: &TestApp, tokens: &[&str]) -> TestUser {
    let who = person(app, Role::Customer).await;
    let mut u = app.app.store.users.get(who.id).await.unwrap().unwrap();
    u.fcm_tokens = tokens
        .iter()
        .map(|t| FcmToken {
            token: t.to_string(),
            device: None,
            platform: Platform::Android,
            added_at: Timestamp::now(),
            last_used_at: None,
        })
        .collect();
    app.app.store.users.replace(&u).await.unwrap();
    who
}

pub fn draft(who: Id, kind: NotificationType, at: Timestamp) -> Draft {
    Draft::new(
        who,
        kind,
        "Payment received",
        "KES 2,500 for BT-1",
        DeepLink::wallet(),
        Id::new().to_hex(),
        at,
    )
    .priority(Priority::High)
}

pub async fn rows(app: &TestApp, notification: Id) -> Vec<Delivery> {
    app.app
        .store
        .deliveries
        .deliveries_of(notification)
        .await
        .unwrap()
}

fn row(rows: &[Delivery], channel: Channel) -> Delivery {
    rows.iter()
        .find(|d| d.channel == channel)
        .unwrap_or_else(|| panic!("{channel:?} in {rows:?}"))
        .clone()
}

#[apply(both_backends)]
async fn each_channel_is_one_row_and_quiet_hours_hold_push_and_sms(#[case] backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let me = with_devices(&app, &["tok-a"]).await;
    let mut prefs = NotificationPreferences::defaults(me.id, Timestamp::now());
    prefs.quiet_hours = Some(QuietHours {
        start: "22:00".into(),
        end: "07:00".into(),
    });
    app.app
        .store
        .notification_preferences
        .insert(&prefs)
        .await
        .unwrap();
    // 23:30 in Nairobi.
    let at = Timestamp::parse("2026-03-10T20:30:00Z").unwrap();
    let n = notify(
        &app.app,
        draft(me.id, NotificationType::PaymentReceived, at),
    )
    .await
    .unwrap()
    .unwrap();
    let r = rows(&app, n.id).await;
    assert_eq!(
        r.len(),
        3,
        "push, e-mail and SMS; in-app is the stored notification"
    );
    let morning = Timestamp::parse("2026-03-11T04:00:00Z").unwrap();
    assert_eq!(row(&r, Channel::Push).due_at, morning);
    assert_eq!(row(&r, Channel::Sms).due_at, morning);
    assert_eq!(row(&r, Channel::Email).due_at, at);
    assert!(
        r.iter()
            .all(|d| d.status == OutboxStatus::Queued && d.attempts == 0)
    );

    // At 23:31 only the e-mail goes; in the morning the rest.
    let d = outbox::run_once(&app.app, "w1", at.plus(Duration::minutes(1)))
        .await
        .unwrap();
    assert_eq!((d.claimed, d.sent), (1, 1));
    assert!(app.app.push.sandbox().unwrap().sent().is_empty());
    let d = outbox::run_once(&app.app, "w1", morning).await.unwrap();
    assert_eq!((d.claimed, d.sent), (2, 2));
    let pushed = app.app.push.sandbox().unwrap().sent();
    assert_eq!(pushed.len(), 1);
    assert_eq!(pushed[0].token, "tok-a");
    assert_eq!(pushed[0].data["link"], "baitech://wallet");
    assert_eq!(pushed[0].data["notificationId"], n.id.to_hex());
    let texts = app.app.sms.sandbox().unwrap().sent();
    assert_eq!(texts.len(), 1);
    assert_eq!(texts[0].0, me.phone);
    let mail = app
        .app
        .email
        .sandbox_outbox()
        .unwrap()
        .messages_to(&me.email);
    assert_eq!(mail.len(), 1);
    assert!(
        mail[0].text.contains("KES 2,500")
            && mail[0].html.as_deref().unwrap().contains("KES 2,500")
    );
    assert!(
        rows(&app, n.id)
            .await
            .iter()
            .all(|d| d.status == OutboxStatus::Sent)
    );
}

#[apply(both_backends)]
async fn two_workers_share_the_outbox_without_sending_anything_twice(#[case] backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let me = with_devices(&app, &["tok-1"]).await;
    let now = Timestamp::now();
    let mut ids = Vec::new();
    for _ in 0..30 {
        // Social: push only (plus in-app), so one row each.
        let d = Draft::new(
            me.id,
            NotificationType::NewFollower,
            "New follower",
            "x",
            DeepLink::user(me.id),
            Id::new().to_hex(),
            now,
        );
        ids.push(notify(&app.app, d).await.unwrap().unwrap().id);
    }
    let (a, b) = tokio::join!(
        outbox::run_once(&app.app, "worker-a", now),
        outbox::run_once(&app.app, "worker-b", now),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.claimed + b.claimed, 30, "{a:?} {b:?}");
    assert_eq!(a.sent + b.sent, 30);
    assert_eq!(a.lost_leases + b.lost_leases, 0);
    assert_eq!(
        app.app.push.sandbox().unwrap().sent().len(),
        30,
        "each sent once"
    );
    for id in ids {
        let r = rows(&app, id).await;
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].status, r[0].attempts), (OutboxStatus::Sent, 1));
    }
    let again = outbox::run_once(&app.app, "worker-a", now.plus(Duration::hours(1)))
        .await
        .unwrap();
    assert_eq!(again.claimed, 0);
}

#[apply(both_backends)]
async fn failures_back_off_with_jitter_and_end_in_failed_after_the_last_attempt(
    #[case] backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let me = with_devices(&app, &["tok-1"]).await;
    let sandbox = app.app.push.sandbox().unwrap();
    sandbox.fail_next(
        PushOutcome::Retry {
            error: "503 UNAVAILABLE".into(),
            after: None,
        },
        100,
    );
    let start = Timestamp::now();
    let kind = NotificationType::NewFollower;
    let d = Draft::new(
        me.id,
        kind,
        "t",
        "b",
        DeepLink::user(me.id),
        Id::new().to_hex(),
        start,
    );
    let n = notify(&app.app, d).await.unwrap().unwrap();
    let mut now = start;
    for attempt in 1..=MAX_ATTEMPTS {
        // Not due a moment before its time.
        if attempt > 1 {
            let early = outbox::run_once(&app.app, "w", now.minus(Duration::milliseconds(500)))
                .await
                .unwrap();
            assert_eq!(early.claimed, 0, "attempt {attempt} waits for its back-off");
        }
        outbox::run_once(&app.app, "w", now).await.unwrap();
        let r = rows(&app, n.id).await.remove(0);
        assert_eq!(r.attempts, attempt);
        if attempt < MAX_ATTEMPTS {
            assert_eq!(r.status, OutboxStatus::Queued);
            let wait = r.due_at.millis() - now.millis();
            let full = backoff(attempt, 1.0).num_milliseconds();
            assert!(
                wait >= full / 2 && wait <= full,
                "attempt {attempt}: waited {wait} of {full}"
            );
            now = r.due_at;
        } else {
            assert_eq!(r.status, OutboxStatus::Failed);
            assert_eq!(r.reason.as_deref(), Some("503 UNAVAILABLE"));
            assert_eq!(r.attempt_log.len(), MAX_ATTEMPTS as usize);
        }
    }
    let span = now.millis() - start.millis();
    assert!(
        (950_000..=1_905_000).contains(&span),
        "eight attempts over {span} ms"
    );
    assert!(sandbox.sent().is_empty());
}

#[apply(both_backends)]
async fn a_push_that_fails_twice_is_delivered_once_and_retry_after_is_honoured(
    #[case] backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let me = with_devices(&app, &["tok-1"]).await;
    let sandbox = app.app.push.sandbox().unwrap();
    sandbox.fail_next(
        PushOutcome::Retry {
            error: "429 QUOTA_EXCEEDED".into(),
            after: Some(std::time::Duration::from_secs(600)),
        },
        1,
    );
    sandbox.fail_next(
        PushOutcome::Retry {
            error: "503 UNAVAILABLE".into(),
            after: None,
        },
        1,
    );
    let now = Timestamp::now();
    let n = notify(&app.app, draft(me.id, NotificationType::NewFollower, now))
        .await
        .unwrap()
        .unwrap();
    outbox::run_once(&app.app, "w", now).await.unwrap();
    let r = rows(&app, n.id).await.remove(0);
    assert_eq!(
        r.due_at,
        now.plus(Duration::seconds(600)),
        "Retry-After is longer than the back-off"
    );
    outbox::run_once(&app.app, "w", r.due_at).await.unwrap();
    let r = rows(&app, n.id).await.remove(0);
    outbox::run_once(&app.app, "w", r.due_at).await.unwrap();
    let r = rows(&app, n.id).await.remove(0);
    assert_eq!((r.status, r.attempts), (OutboxStatus::Sent, 3));
    assert_eq!(sandbox.sent().len(), 1);
}

#[apply(both_backends)]
async fn a_restart_mid_delivery_resumes_when_the_lease_runs_out_and_sends_once(
    #[case] backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let me = with_devices(&app, &["tok-1"]).await;
    let now = Timestamp::now();
    let n = notify(&app.app, draft(me.id, NotificationType::NewFollower, now))
        .await
        .unwrap()
        .unwrap();
    // A worker claims the row and dies before it sends.
    let taken = app
        .app
        .store
        .deliveries
        .claim_due(now, "dead-worker", now.plus(LEASE), 10)
        .await
        .unwrap();
    assert_eq!(taken.len(), 1);
    // While its lease holds, nobody else takes the row.
    let d = outbox::run_once(&app.app, "restarted", now.plus(Duration::seconds(5)))
        .await
        .unwrap();
    assert_eq!(d.claimed, 0);
    // After it, the restarted worker does.
    let later = now.plus(LEASE).plus(Duration::seconds(1));
    let d = outbox::run_once(&app.app, "restarted", later)
        .await
        .unwrap();
    assert_eq!((d.claimed, d.sent), (1, 1));
    // The dead worker's late outcome is refused: it no longer holds the lease.
    let mut stale = taken[0].clone();
    stale.retry(later, "late".into(), None, 0.5);
    assert!(
        !app.app
            .store
            .deliveries
            .finish(&stale, "dead-worker")
            .await
            .unwrap()
    );
    let r = rows(&app, n.id).await.remove(0);
    assert_eq!((r.status, r.attempts), (OutboxStatus::Sent, 1));
    assert_eq!(
        app.app.push.sandbox().unwrap().sent().len(),
        1,
        "sent exactly once"
    );
}

#[apply(both_backends)]
async fn dead_tokens_leave_the_account_and_a_critical_push_becomes_an_sms(
    #[case] backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let sandbox = app.app.push.sandbox().unwrap();
    // One live and one dead device: sent, and the dead token removed.
    let me = with_devices(&app, &["live", "dead"]).await;
    sandbox.unregister("dead");
    let now = Timestamp::now();
    let n = notify(&app.app, draft(me.id, NotificationType::NewFollower, now))
        .await
        .unwrap()
        .unwrap();
    outbox::run_once(&app.app, "w", now).await.unwrap();
    assert_eq!(rows(&app, n.id).await[0].status, OutboxStatus::Sent);
    let tokens: Vec<String> = app
        .app
        .store
        .users
        .get(me.id)
        .await
        .unwrap()
        .unwrap()
        .fcm_tokens
        .into_iter()
        .map(|t| t.token)
        .collect();
    assert_eq!(tokens, ["live"]);

    // Only dead devices, for a critical booking moment: undelivered, and an SMS instead.
    let other = with_devices(&app, &["gone-1", "gone-2"]).await;
    sandbox.unregister("gone-1");
    sandbox.unregister("gone-2");
    let d = Draft::new(
        other.id,
        NotificationType::BookingAccepted,
        "Booking accepted",
        "BT-2",
        DeepLink::booking(Id::new()),
        Id::new().to_hex(),
        now,
    )
    .priority(Priority::High);
    let n = notify(&app.app, d).await.unwrap().unwrap();
    assert!(
        !n.channels.contains(&Channel::Sms),
        "booking SMS is off by default"
    );
    outbox::run_once(&app.app, "w", now).await.unwrap();
    let r = rows(&app, n.id).await;
    let push = row(&r, Channel::Push);
    assert_eq!(push.status, OutboxStatus::Undeliverable);
    assert_eq!(
        push.reason.as_deref(),
        Some("every device token was unregistered")
    );
    let sms = row(&r, Channel::Sms);
    assert_eq!(
        (sms.status, sms.fallback_of),
        (OutboxStatus::Queued, Some(push.id))
    );
    assert!(
        app.app
            .store
            .users
            .get(other.id)
            .await
            .unwrap()
            .unwrap()
            .fcm_tokens
            .is_empty()
    );
    outbox::run_once(&app.app, "w", now).await.unwrap();
    assert_eq!(
        row(&rows(&app, n.id).await, Channel::Sms).status,
        OutboxStatus::Sent
    );
    let texts = app.app.sms.sandbox().unwrap().sent();
    assert_eq!(texts.len(), 1);
    assert!(texts[0].1.contains("Booking accepted"), "{texts:?}");

    // A user with no device at all: not sent, and why.
    let bare = person(&app, Role::Customer).await;
    let n = notify(&app.app, draft(bare.id, NotificationType::NewFollower, now))
        .await
        .unwrap()
        .unwrap();
    outbox::run_once(&app.app, "w", now).await.unwrap();
    let r = rows(&app, n.id).await.remove(0);
    assert_eq!(
        (r.status, r.reason.as_deref()),
        (OutboxStatus::NotSent, Some("no device registered for push"))
    );
}

#[apply(both_backends)]
async fn a_group_sends_its_first_push_at_once_and_one_summary_when_the_window_closes(
    #[case] backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let me = with_devices(&app, &["tok"]).await;
    let post = Id::new();
    let start = Timestamp::now();
    let sandbox = app.app.push.sandbox().unwrap();
    let like = async |i: i64, name: &str| {
        let actor = person(&app, Role::Customer).await.id;
        let d = Draft::new(
            me.id,
            NotificationType::PostLiked,
            format!("{name} liked your post"),
            "Kitchen wiring",
            DeepLink::post(post),
            format!("like:{post}:{actor}"),
            start.plus(Duration::minutes(i)),
        )
        .actor(actor, name)
        .grouped(format!("like:post:{post}"), "liked your post");
        notify(&app.app, d).await.unwrap().unwrap()
    };
    like(0, "Amina").await;
    outbox::run_once(&app.app, "w", start).await.unwrap();
    let sent = sandbox.sent();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].title, "Amina liked your post");
    like(1, "Baraka").await;
    let last = like(2, "Chege").await;
    let d = outbox::run_once(&app.app, "w", start.plus(Duration::minutes(5)))
        .await
        .unwrap();
    assert_eq!(d.claimed, 0, "the rest wait for the summary");
    let waiting = rows(&app, last.id).await;
    assert_eq!(
        waiting.len(),
        1,
        "one summary, following the group's latest item"
    );
    assert_eq!(waiting[0].due_at, start.plus(GROUP_WINDOW));
    outbox::run_once(&app.app, "w", start.plus(GROUP_WINDOW))
        .await
        .unwrap();
    let sent = sandbox.sent();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[1].title, "Chege and 2 others liked your post");
    assert_eq!(sent[1].data["count"], "3");
    assert_eq!(
        sent[1].collapse_key.as_deref(),
        Some(format!("like:post:{post}").as_str())
    );
}
