//! Notifications on MongoDB: inbox, read state, retention (also removed by a TTL index; the
//! explicit clean-up covers servers that run no TTL monitor).

use async_trait::async_trait;
use bson::{Document, doc};

use crate::domain::notification::{ChannelDelivery, Notification};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{Stored, and, date, oid, to_bson};
use crate::store::mongo::documents::Order;
use crate::store::mongo::errors;
use crate::store::{NotificationFilter, NotificationRepo, Page, PageRequest};

/// Not expired at `now` (no expiry, or expiring later): the domain's `!is_expired(now)`.
fn unexpired(now: Timestamp) -> Document {
    doc! { "$or": [ { "expiresAt": null }, { "expiresAt": { "$gt": date(now) } } ] }
}

/// Expired at `now`: `expiresAt <= now`.
pub(in crate::store) fn expired(now: Timestamp) -> Document {
    doc! { "expiresAt": { "$lte": date(now) } }
}

fn read_before(before: Timestamp) -> Document {
    doc! { "read": true, "createdAt": { "$lt": date(before) } }
}

/// Usable at `at`: neither spent nor revoked, and not expired (the domain's `is_usable`).

#[async_trait]
impl NotificationRepo for Mongo {
    async fn list_notifications(
        &self,
        filter: &NotificationFilter,
        page: &PageRequest,
    ) -> Result<Page<Notification>> {
        let mut conditions = vec![doc! { "recipient": oid(filter.recipient) }];
        if filter.unread_only {
            conditions.push(doc! { "read": false });
        }
        if let Some(category) = filter.category {
            conditions.push(doc! { "category": category.as_str() });
        }
        conditions.push(unexpired(filter.now));
        self.page(and(conditions), page, Order::IdDesc).await
    }

    async fn mark_notification_read(&self, id: Id, recipient: Id, at: Timestamp) -> Result<bool> {
        let mine = doc! { "_id": oid(id), "recipient": oid(recipient) };
        let mut unread = mine.clone();
        unread.insert("read", false);
        let update = doc! { "$set": { "read": true, "readAt": date(at), "updatedAt": date(at) } };
        let context = "marking a notification read";
        if self
            .update_one_in(Notification::SPEC.name, unread, update, context)
            .await?
        {
            return Ok(true);
        }
        // Already read is still "theirs and read"; only a missing or foreign one is `false`.
        Ok(self.count(Notification::SPEC.name, mine).await? > 0)
    }

    async fn record_delivery(&self, id: Id, entry: &ChannelDelivery) -> Result<bool> {
        let coll = self.coll(Notification::SPEC.name);
        let context = |c| errors::ctx(Notification::SPEC.name, c);
        let value = to_bson(entry)?;
        let channel = entry.channel.as_str();
        // Two conditional single-document updates: replace the channel's entry where it has
        // not come further, or add it where the channel has none. A writer that loses the race
        // to add it replaces (or yields to) the winner's entry on the next turn.
        for _ in 0..3 {
            let replace = doc! {
                "_id": oid(id),
                "delivery": { "$elemMatch": {
                    "channel": channel,
                    "$or": [ { "progress": { "$lte": i64::from(entry.progress) } },
                             { "progress": null } ],
                } },
            };
            let r = coll
                .update_one(replace, doc! { "$set": { "delivery.$": value.clone() } })
                .await
                .map_err(context("recording a delivery"))?;
            if r.matched_count == 1 {
                return Ok(r.modified_count == 1);
            }
            let add = doc! { "_id": oid(id), "delivery.channel": { "$ne": channel } };
            let r = coll
                .update_one(add, doc! { "$push": { "delivery": value.clone() } })
                .await
                .map_err(context("recording a delivery"))?;
            if r.matched_count == 1 {
                return Ok(true);
            }
            // Neither matched: the entry came further, the notification is gone, or another
            // writer added the channel between the two updates (then the next turn decides).
        }
        Ok(false)
    }

    async fn mark_all_notifications_read(&self, recipient: Id, at: Timestamp) -> Result<u64> {
        let filter = doc! { "recipient": oid(recipient), "read": false };
        let update = doc! { "$set": { "read": true, "readAt": date(at), "updatedAt": date(at) } };
        self.update_many_in(
            Notification::SPEC.name,
            filter,
            update,
            "marking notifications read",
        )
        .await
    }

    async fn unread_notification_count(&self, recipient: Id, now: Timestamp) -> Result<u64> {
        let filter = and(vec![
            doc! { "recipient": oid(recipient), "read": false },
            unexpired(now),
        ]);
        self.count(Notification::SPEC.name, filter).await
    }

    async fn delete_read_notifications_before(&self, before: Timestamp, limit: u32) -> Result<u64> {
        self.delete_limited(Notification::SPEC.name, read_before(before), limit)
            .await
    }

    async fn count_read_notifications_before(&self, before: Timestamp) -> Result<u64> {
        self.count(Notification::SPEC.name, read_before(before))
            .await
    }

    async fn delete_expired_notifications(&self, now: Timestamp, limit: u32) -> Result<u64> {
        self.delete_limited(Notification::SPEC.name, expired(now), limit)
            .await
    }

    async fn count_expired_notifications(&self, now: Timestamp) -> Result<u64> {
        self.count(Notification::SPEC.name, expired(now)).await
    }

    async fn latest_in_group(
        &self,
        recipient: Id,
        key: &str,
        since: Timestamp,
        until: Timestamp,
    ) -> Result<Option<Notification>> {
        self.find_one::<Notification>(doc! {
            "recipient": oid(recipient),
            "groupKey": key,
            "createdAt": { "$gte": date(since), "$lte": date(until) },
        })
        .await
    }
}
