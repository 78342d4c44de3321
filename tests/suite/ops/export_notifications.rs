//! `baitech export notifications` on both adapters: one row per notification and channel
//! with its delivery status, attempts and SMS cost (CSV major units, JSON minor units, a
//! currency column), read back in every format and compared with the stored documents; the
//! status and category filters, the range, and the text left out unless `--include-pii`.

use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Map, Value};

use baitech::domain::delivery::OutboxStatus;
use baitech::domain::notification::{Channel, ChannelDelivery, Notification, NotificationType};
use baitech::domain::user::Role;
use baitech::domain::{Money, Timestamp};
use chrono::Duration;

use super::export::{Books, money_cell, rows};
use crate::common::{Backend, both_backends};
use crate::store::builders;

fn entry(channel: Channel, status: OutboxStatus, attempts: u32) -> ChannelDelivery {
    let sent = matches!(status, OutboxStatus::Sent | OutboxStatus::Delivered)
        .then(|| Timestamp::now().minus(Duration::minutes(5)));
    ChannelDelivery {
        status,
        attempts,
        sent_at: sent,
        progress: ChannelDelivery::progress_of(status, attempts, sent),
        ..ChannelDelivery::queued(channel)
    }
}

fn made(
    recipient: baitech::domain::Id,
    kind: NotificationType,
    minutes_ago: i64,
    channels: &[Channel],
    delivery: Vec<ChannelDelivery>,
) -> Notification {
    let at = Timestamp::now().minus(Duration::minutes(minutes_ago));
    let mut n = builders::notification(recipient, kind, at);
    n.title = format!("{kind:?} for Amina");
    n.channels = channels.to_vec();
    n.delivery = delivery;
    n
}

/// The exported rows keyed by `notification_id/channel`.
fn by_key(rows: &[Map<String, Value>]) -> std::collections::BTreeMap<String, Map<String, Value>> {
    rows.iter()
        .map(|r| {
            let key = format!(
                "{}/{}",
                r["notification_id"].as_str().unwrap(),
                r["channel"].as_str().unwrap()
            );
            (key, r.clone())
        })
        .collect()
}

/// What a text, integer or empty cell reads as in `format`.
fn cell(format: &str, v: Option<&str>, int: bool) -> Value {
    match (v, format) {
        (None, "csv") => Value::from(""),
        (None, _) => Value::Null,
        (Some(s), "csv") => Value::from(s),
        (Some(s), _) if int => Value::from(s.parse::<i64>().unwrap()),
        (Some(s), _) => Value::from(s),
    }
}

#[apply(both_backends)]
async fn notifications_export_one_row_per_channel_with_status_attempts_and_sms_cost(
    #[case] backend: Backend,
) {
    let b = Books::new(backend).await;
    let s = &b.store;
    let admin = b
        .user(builders::user(
            Role::Admin,
            &format!("admin-{}", builders::unique()),
        ))
        .await;
    let who = b
        .user(builders::customer(&format!("c-{}", builders::unique())))
        .await;
    let mut sms = entry(Channel::Sms, OutboxStatus::Delivered, 2);
    sms.cost = Some(Money::kes(80));
    sms.delivered_at = Some(Timestamp::now());
    let paid = made(
        who.id,
        NotificationType::PaymentReceived,
        30,
        &[Channel::InApp, Channel::Push, Channel::Sms],
        vec![
            ChannelDelivery::in_app(Timestamp::now()),
            entry(Channel::Push, OutboxStatus::Sent, 1),
            sms,
        ],
    );
    let mut failed = entry(Channel::Push, OutboxStatus::Failed, 8);
    failed.reason = Some("503 UNAVAILABLE".into());
    let follower = made(
        who.id,
        NotificationType::NewFollower,
        20,
        &[Channel::InApp, Channel::Push],
        vec![ChannelDelivery::in_app(Timestamp::now()), failed],
    );
    // The SMS in place of an undeliverable critical push: a channel not planned, still a row.
    let mut fallback = entry(Channel::Sms, OutboxStatus::Sent, 1);
    fallback.cost = Some(Money::kes(105));
    let accepted = made(
        who.id,
        NotificationType::BookingAccepted,
        10,
        &[Channel::InApp, Channel::Push],
        vec![
            entry(Channel::Push, OutboxStatus::Undeliverable, 1),
            fallback,
        ],
    );
    // Forty days old: outside the range below.
    let old = made(
        who.id,
        NotificationType::PaymentReceived,
        40 * 24 * 60,
        &[Channel::InApp],
        vec![ChannelDelivery::in_app(Timestamp::now())],
    );
    for n in [&paid, &follower, &accepted, &old] {
        s.notifications.insert(n).await.unwrap();
    }
    let from = Timestamp::now().minus(Duration::days(1)).to_rfc3339();
    let key = |n: &Notification, c: &str| format!("{}/{c}", n.id.to_hex());

    for format in ["csv", "json", "ndjson"] {
        let got = by_key(&rows(
            format,
            &b.ok(&["notifications", "--from", &from, "--format", format])
                .await,
        ));
        let want: Vec<String> = vec![
            key(&paid, "in_app"),
            key(&paid, "push"),
            key(&paid, "sms"),
            key(&follower, "in_app"),
            key(&follower, "push"),
            key(&accepted, "in_app"),
            key(&accepted, "push"),
            key(&accepted, "sms"),
        ];
        let mut sorted = want.clone();
        sorted.sort();
        assert_eq!(got.keys().cloned().collect::<Vec<_>>(), sorted, "{format}");
        // Compared with the store: each row is its notification's entry for the channel.
        for n in [&paid, &follower, &accepted] {
            for c in [Channel::InApp, Channel::Push, Channel::Sms] {
                let Some(r) = got.get(&key(n, c.as_str())) else {
                    continue;
                };
                let d = n.delivery.iter().find(|d| d.channel == c);
                let status = d.map(|d| d.status.as_str());
                assert_eq!(r["status"], cell(format, status, false), "{format} {c:?}");
                let attempts = d.map(|d| d.attempts.to_string());
                assert_eq!(
                    r["attempts"],
                    cell(format, attempts.as_deref(), true),
                    "{format}"
                );
                let cost = d.and_then(|d| d.cost);
                let want_cost = cost.map_or(cell(format, None, false), |m| money_cell(format, m));
                assert_eq!(r["sms_cost"], want_cost, "{format} {c:?}");
                let currency = cost.map(|m| m.currency.code());
                assert_eq!(r["currency"], cell(format, currency, false), "{format}");
                assert_eq!(r["type"], Value::from(n.kind.as_str()));
                assert_eq!(r["recipient_id"], Value::from(who.id.to_hex()));
                assert!(
                    !r.contains_key("title") && !r.contains_key("body"),
                    "{format}"
                );
            }
        }
        // A planned channel with no entry recorded: an empty status.
        let r = &got[&key(&accepted, "in_app")];
        assert_eq!(r["status"], cell(format, None, false), "{format}");
        let r = &got[&key(&follower, "push")];
        assert_eq!(r["reason"], Value::from("503 UNAVAILABLE"));
        if format == "csv" {
            assert_eq!(got[&key(&paid, "sms")]["sms_cost"], "0.80");
            assert_eq!(got[&key(&accepted, "sms")]["sms_cost"], "1.05");
        } else {
            assert_eq!(got[&key(&paid, "sms")]["sms_cost"], 80);
        }

        let failed_rows = rows(
            format,
            &b.ok(&["notifications", "--status", "failed", "--format", format])
                .await,
        );
        assert_eq!(
            by_key(&failed_rows).into_keys().collect::<Vec<_>>(),
            [key(&follower, "push")],
            "{format}"
        );
        let payments = by_key(&rows(
            format,
            &b.ok(&["notifications", "--category", "payment", "--format", format])
                .await,
        ));
        let mut want = vec![
            key(&paid, "in_app"),
            key(&paid, "push"),
            key(&paid, "sms"),
            key(&old, "in_app"),
        ];
        want.sort();
        assert_eq!(payments.into_keys().collect::<Vec<_>>(), want, "{format}");

        let with_text = by_key(&rows(
            format,
            &b.ok(&[
                "notifications",
                "--include-pii",
                "--admin",
                admin.email.as_str(),
                "--from",
                &from,
                "--format",
                format,
            ])
            .await,
        ));
        let r = &with_text[&key(&paid, "sms")];
        assert_eq!(r["title"], Value::from(paid.title.as_str()), "{format}");
        assert_eq!(r["body"], Value::from(paid.body.as_str()));
    }

    // The stable CSV header, in order.
    let csv = b.ok(&["notifications", "--format", "csv"]).await;
    assert_eq!(
        csv.lines().next().unwrap(),
        "notification_id,created_at,type,category,priority,recipient_id,read,channel,status,\
         attempts,reason,sent_at,delivered_at,currency,sms_cost"
    );
}
