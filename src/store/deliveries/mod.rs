//! The notification outbox ([`DeliveryRepo`]): the collection spec, the trait (claiming due
//! deliveries under a lease, finishing them only while the lease is still the caller's, the
//! lookups of a notification's deliveries and of a provider's reference, and the clean-up of
//! finished ones) and the two implementations, `embedded.rs` and `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use async_trait::async_trait;

use crate::domain::delivery::Delivery;
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::Collection;
use crate::store::spec::IndexKey::Asc;
use crate::store::spec::{CollectionSpec, IndexSpec};

/// Deliveries of notifications, one per notification and channel.
#[async_trait]
pub trait DeliveryRepo: Collection<Delivery> {
    /// Claims up to `limit` queued deliveries due at `now` whose lease is free (never taken,
    /// or run out): each is leased to `owner` until `until` and returned as stored. Two
    /// workers claiming at once never get the same delivery.
    async fn claim_due(
        &self,
        now: Timestamp,
        owner: &str,
        until: Timestamp,
        limit: u32,
    ) -> Result<Vec<Delivery>>;
    /// Stores `d` (an attempt's outcome) if `owner` still holds its lease; `false` when the
    /// lease ran out and another worker took it.
    async fn finish(&self, d: &Delivery, owner: &str) -> Result<bool>;
    /// The deliveries of `notification`, oldest first.
    async fn deliveries_of(&self, notification: Id) -> Result<Vec<Delivery>>;
    /// The delivery a provider knows by `reference` (an SMS's message id).
    async fn delivery_by_provider_ref(&self, reference: &str) -> Result<Option<Delivery>>;
    /// How many finished deliveries were last changed before `before`.
    async fn count_finished_before(&self, before: Timestamp) -> Result<u64>;
    /// Deletes at most `limit` finished deliveries last changed before `before`.
    async fn delete_finished_before(&self, before: Timestamp, limit: u32) -> Result<u64>;
}

/// The notification outbox: due deliveries by status and time, a notification's deliveries,
/// a provider's reference.
pub const NOTIFICATION_DELIVERIES: CollectionSpec = CollectionSpec {
    name: "notification_deliveries",
    noun: "notification delivery",
    uniques: &[],
    indexes: &[
        IndexSpec::new(
            "notification_deliveries_status_due",
            &[Asc("status"), Asc("dueAt")],
        ),
        IndexSpec::new(
            "notification_deliveries_notification",
            &[Asc("notification")],
        ),
        IndexSpec::new(
            "notification_deliveries_provider_ref",
            &[Asc("providerRef")],
        ),
        IndexSpec::new(
            "notification_deliveries_status_updated",
            &[Asc("status"), Asc("updatedAt")],
        ),
    ],
    text: &[],
};

/// Fields an attempt's outcome changes (everything but the identity and the creation).
pub(in crate::store) const OUTCOME_FIELDS: &[&str] = &[
    "status",
    "reason",
    "attempts",
    "attemptLog",
    "dueAt",
    "leaseOwner",
    "leaseUntil",
    "fallbackOf",
    "providerRef",
    "cost",
    "sentAt",
    "deliveredAt",
    "updatedAt",
];
