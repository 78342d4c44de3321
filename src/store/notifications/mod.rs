//! In-app notifications: the collection spec, the repository trait (only its own queries; the
//! generic ones come from [`Collection`]), its filters, and the two implementations, `embedded.rs`
//! and `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use crate::domain::notification::{ChannelDelivery, Notification, NotificationCategory};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::spec::IndexKey::{Asc, Desc};
use crate::store::spec::{CollectionSpec, IndexSpec};
use crate::store::{Collection, Page, PageRequest};
use async_trait::async_trait;

/// In-app notifications and their delivery state.
#[async_trait]
pub trait NotificationRepo: Collection<Notification> {
    /// Newest first; expired notifications are left out.
    async fn list_notifications(
        &self,
        filter: &NotificationFilter,
        page: &PageRequest,
    ) -> Result<Page<Notification>>;
    /// Marks one of `recipient`'s notifications read; `false` if it is not theirs or absent.
    async fn mark_notification_read(&self, id: Id, recipient: Id, at: Timestamp) -> Result<bool>;
    async fn mark_all_notifications_read(&self, recipient: Id, at: Timestamp) -> Result<u64>;
    async fn unread_notification_count(&self, recipient: Id, now: Timestamp) -> Result<u64>;
    /// Deletes at most `limit` read notifications created before `before`.
    async fn delete_read_notifications_before(&self, before: Timestamp, limit: u32) -> Result<u64>;
    async fn count_read_notifications_before(&self, before: Timestamp) -> Result<u64>;
    /// Deletes at most `limit` notifications whose `expiresAt` has passed.
    async fn delete_expired_notifications(&self, now: Timestamp, limit: u32) -> Result<u64>;
    async fn count_expired_notifications(&self, now: Timestamp) -> Result<u64>;
    /// Puts `entry` in place of the notification's entry for its channel, unless the stored
    /// one came further ([`Notification::record_delivery`]); one atomic step per call, so
    /// workers recording different channels, or one channel out of order, lose nothing.
    /// Whether it changed the notification (`false` also when it is gone).
    async fn record_delivery(&self, id: Id, entry: &ChannelDelivery) -> Result<bool>;
    /// `recipient`'s newest notification with group key `key` created from `since` to
    /// `until` (both included): the item a new one of the group folds into.
    async fn latest_in_group(
        &self,
        recipient: Id,
        key: &str,
        since: Timestamp,
        until: Timestamp,
    ) -> Result<Option<Notification>>;
}

/// In-app notifications: a user's inbox and unread count, retention and expiry.
pub const NOTIFICATIONS: CollectionSpec = CollectionSpec {
    name: "notifications",
    noun: "notification",
    uniques: &[],
    indexes: &[
        IndexSpec::new(
            "notifications_recipient_read_id",
            &[Asc("recipient"), Asc("read"), Desc("_id")],
        ),
        IndexSpec::new(
            "notifications_read_created",
            &[Asc("read"), Asc("createdAt")],
        ),
        IndexSpec::new("notifications_expires_ttl", &[Asc("expiresAt")]).ttl(0),
    ],
    text: &[],
};

#[derive(Debug, Clone)]
pub struct NotificationFilter {
    pub recipient: Id,
    pub unread_only: bool,
    pub category: Option<NotificationCategory>,
    /// Notifications with `expiresAt` before this are left out.
    pub now: Timestamp,
}
