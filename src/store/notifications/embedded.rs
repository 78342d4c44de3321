//! Notifications ([`NotificationRepo`]): per-recipient lists and unread counts, read marks, and
//! the batched clean-ups of read and expired ones. A notification counts as expired once
//! `expiresAt <= now` (as [`Notification::is_expired`] says).

use async_trait::async_trait;
use rusqlite::types::Value;

use crate::domain::notification::{ChannelDelivery, Notification};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::embedded::Embedded;
use crate::store::embedded::docs::{self, Filter, Plan, Table, flag, id_val, opt_ts, text, ts_val};
use crate::store::{NotificationFilter, NotificationRepo, Page, PageRequest, collections};

impl Table for Notification {
    const COLUMNS: &'static [&'static str] = &[
        "recipient",
        "category",
        "is_read",
        "expires_at",
        "created_at",
    ];

    fn columns(&self) -> Vec<Value> {
        vec![
            id_val(self.recipient),
            text(self.category.as_str()),
            flag(self.read),
            opt_ts(self.expires_at),
            ts_val(self.created_at),
        ]
    }
}

fn not_expired(w: &mut Filter, now: Timestamp) {
    w.cond("(expires_at IS NULL OR expires_at > ?)", [ts_val(now)]);
}

fn unread_of(recipient: Id, now: Timestamp) -> Filter {
    let mut w = Filter::new();
    w.eq("recipient", id_val(recipient)).cond("is_read = 0", []);
    not_expired(&mut w, now);
    w
}

fn read_before(before: Timestamp) -> Filter {
    let mut w = Filter::new();
    w.cond("is_read = 1", [])
        .cond("created_at < ?", [ts_val(before)]);
    w
}

fn expired_at(now: Timestamp) -> Filter {
    let mut w = Filter::new();
    w.cond("expires_at <= ?", [ts_val(now)]);
    w
}

#[async_trait]
impl NotificationRepo for Embedded {
    async fn list_notifications(
        &self,
        filter: &NotificationFilter,
        page: &PageRequest,
    ) -> Result<Page<Notification>> {
        let mut w = Filter::new();
        w.eq("recipient", id_val(filter.recipient));
        if filter.unread_only {
            w.cond("is_read = 0", []);
        }
        w.eq_opt("category", filter.category.map(|c| text(c.as_str())));
        not_expired(&mut w, filter.now);
        let page = page.clone();
        self.read("list notifications", move |c| {
            docs::page_by_id(c, w, &page, Plan::Narrow)
        })
        .await
    }

    async fn mark_notification_read(&self, id: Id, recipient: Id, at: Timestamp) -> Result<bool> {
        self.write("mark notification read", move |c| {
            match docs::get_row::<Notification>(c, id)? {
                Some((rid, mut n)) if n.recipient == recipient => {
                    if !n.read {
                        n.mark_read(at);
                        docs::rewrite_row(c, rid, &n)?;
                    }
                    Ok(true)
                }
                _ => Ok(false),
            }
        })
        .await
    }

    async fn record_delivery(&self, id: Id, entry: &ChannelDelivery) -> Result<bool> {
        let entry = entry.clone();
        self.write("record a notification's delivery", move |c| {
            let Some((rid, mut n)) = docs::get_row::<Notification>(c, id)? else {
                return Ok(false);
            };
            if !n.record_delivery(entry) {
                return Ok(false);
            }
            docs::rewrite_row(c, rid, &n)?;
            Ok(true)
        })
        .await
    }

    async fn mark_all_notifications_read(&self, recipient: Id, at: Timestamp) -> Result<u64> {
        self.write("mark all notifications read", move |c| {
            let mut w = Filter::new();
            w.eq("recipient", id_val(recipient)).cond("is_read = 0", []);
            docs::modify_where::<Notification>(c, &w, |n| {
                n.mark_read(at);
                true
            })
        })
        .await
    }

    async fn unread_notification_count(&self, recipient: Id, now: Timestamp) -> Result<u64> {
        self.read("count unread notifications", move |c| {
            docs::count(c, collections::NOTIFICATIONS, &unread_of(recipient, now))
        })
        .await
    }

    async fn delete_read_notifications_before(&self, before: Timestamp, limit: u32) -> Result<u64> {
        self.write("delete old read notifications", move |c| {
            docs::delete_where::<Notification>(c, &read_before(before), limit)
        })
        .await
    }

    async fn count_read_notifications_before(&self, before: Timestamp) -> Result<u64> {
        self.read("count old read notifications", move |c| {
            docs::count(c, collections::NOTIFICATIONS, &read_before(before))
        })
        .await
    }

    async fn delete_expired_notifications(&self, now: Timestamp, limit: u32) -> Result<u64> {
        self.write("delete expired notifications", move |c| {
            docs::delete_where::<Notification>(c, &expired_at(now), limit)
        })
        .await
    }

    async fn count_expired_notifications(&self, now: Timestamp) -> Result<u64> {
        self.read("count expired notifications", move |c| {
            docs::count(c, collections::NOTIFICATIONS, &expired_at(now))
        })
        .await
    }

    async fn latest_in_group(
        &self,
        recipient: Id,
        key: &str,
        since: Timestamp,
        until: Timestamp,
    ) -> Result<Option<Notification>> {
        let key = key.to_string();
        self.read("find a notification's group", move |c| {
            let sql = format!(
                "SELECT doc FROM {} WHERE recipient = ? AND created_at >= ? AND created_at <= ? \
                 AND json_extract(doc, '$.groupKey') = ? ORDER BY id DESC LIMIT 1",
                collections::NOTIFICATIONS
            );
            let params = [id_val(recipient), ts_val(since), ts_val(until), text(key)];
            Ok(docs::query_docs::<Notification>(c, &sql, &params)?.pop())
        })
        .await
    }
}
