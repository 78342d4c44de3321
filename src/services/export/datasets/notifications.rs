//! The `notifications` dataset: one row per notification and channel, so an operator can sum
//! SMS costs, count failures per channel and find what never reached someone. A channel's
//! row carries the state the notification keeps of its outbox row (status, attempts, reason,
//! times, cost); a channel planned but never recorded has an empty status. The SMS sent in
//! place of a critical push is a row of its own (channel `sms`).

use std::sync::Arc;

use super::{Cell, Col, FilterKind, Table, col, pii};
use crate::domain::notification::{Channel, ChannelDelivery, Notification};

/// One notification on one channel.
pub(in crate::services::export) struct NotificationRow {
    n: Arc<Notification>,
    channel: Channel,
    d: Option<ChannelDelivery>,
}

impl NotificationRow {
    fn status(&self) -> Option<&'static str> {
        self.d.as_ref().map(|d| d.status.as_str())
    }
}

/// The channels of `n`: the planned ones in order, then any recorded besides them.
fn rows_of(n: Notification, out: &mut Vec<NotificationRow>) {
    let n = Arc::new(n);
    let mut channels = n.channels.clone();
    for d in &n.delivery {
        if !channels.contains(&d.channel) {
            channels.push(d.channel);
        }
    }
    for channel in channels {
        let d = n.delivery.iter().find(|d| d.channel == channel).cloned();
        out.push(NotificationRow {
            n: n.clone(),
            channel,
            d,
        });
    }
}

fn delivery<T>(r: &NotificationRow, f: impl FnOnce(&ChannelDelivery) -> T) -> Option<T> {
    r.d.as_ref().map(f)
}

pub(in crate::services::export) static NOTIFICATIONS: Table<Notification, NotificationRow> =
    Table {
        time: "created_at",
        filters: &[FilterKind::Status, FilterKind::Category],
        rows: |n, r, f, out| {
            let category = f.category.as_deref();
            if !r.contains(n.created_at) || category.is_some_and(|c| c != n.category.as_str()) {
                return;
            }
            let mut rows = Vec::new();
            rows_of(n, &mut rows);
            out.extend(rows.into_iter().filter(|row| match &f.status {
                None => true,
                Some(s) => row.status() == Some(s.as_str()),
            }));
        },
        columns: COLUMNS,
    };

const COLUMNS: &[Col<NotificationRow>] = &[
    col("notification_id", "notification id", |r| Cell::id(r.n.id)),
    col("created_at", "when the notification was made", |r| {
        Cell::Time(r.n.created_at)
    }),
    col(
        "type",
        "what happened (payment_received, new_follower, ...)",
        |r| Cell::text(r.n.kind.as_str()),
    ),
    col("category", "booking, payment, chat, social, ...", |r| {
        Cell::text(r.n.category.as_str())
    }),
    col("priority", "low, normal, high or urgent", |r| {
        Cell::text(r.n.priority.as_str())
    }),
    col("recipient_id", "the user told", |r| Cell::id(r.n.recipient)),
    col(
        "read",
        "whether the recipient has read it in the app",
        |r| Cell::Bool(r.n.read),
    ),
    col("channel", "in_app, push, email or sms", |r| {
        Cell::text(r.channel.as_str())
    }),
    col(
        "status",
        "queued, sent, delivered, failed, undelivered or not_sent (empty: never recorded)",
        |r| Cell::opt_text(r.status()),
    ),
    col("attempts", "sending attempts made on this channel", |r| {
        delivery(r, |d| Cell::Int(i64::from(d.attempts))).unwrap_or(Cell::Empty)
    }),
    col(
        "reason",
        "why it was not sent, failed or was undelivered, or why the last attempt failed",
        |r| Cell::opt_text(delivery(r, |d| d.reason.clone()).flatten()),
    ),
    col("sent_at", "when the provider accepted it", |r| {
        Cell::opt_time(delivery(r, |d| d.sent_at).flatten())
    }),
    col(
        "delivered_at",
        "when the provider reported it delivered",
        |r| Cell::opt_time(delivery(r, |d| d.delivered_at).flatten()),
    ),
    col(
        "currency",
        "ISO 4217 code of sms_cost (empty without a cost)",
        |r| Cell::opt_text(delivery(r, |d| d.cost.map(|c| c.currency.code())).flatten()),
    ),
    col(
        "sms_cost",
        "what Africa's Talking charged for the SMS",
        |r| {
            delivery(r, |d| d.cost.map(Cell::Money))
                .flatten()
                .unwrap_or(Cell::Empty)
        },
    ),
    pii(
        "title",
        "the notification's title (names people and amounts)",
        |r| Cell::text(&r.n.title),
    ),
    pii("body", "the notification's text", |r| Cell::text(&r.n.body)),
];
