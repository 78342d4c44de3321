//! The notification outbox on MongoDB. A claim reads the due deliveries, then leases each with
//! a `findOneAndUpdate` whose filter repeats the "queued, due and lease free" condition, so of
//! two workers racing for one delivery exactly one gets it.

use async_trait::async_trait;
use bson::{Document, doc};

use crate::domain::delivery::Delivery;
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{Stored, date, from_doc, from_docs, oid};
use crate::store::{Collection, Condition, DeliveryRepo, Update};

use super::OUTCOME_FIELDS;

fn claimable(now: Timestamp) -> Document {
    doc! {
        "status": "queued",
        "dueAt": { "$lte": date(now) },
        "$or": [ { "leaseUntil": null }, { "leaseUntil": { "$lte": date(now) } } ],
    }
}

fn finished_before(before: Timestamp) -> Document {
    doc! { "status": { "$ne": "queued" }, "updatedAt": { "$lt": date(before) } }
}

#[async_trait]
impl DeliveryRepo for Mongo {
    async fn claim_due(
        &self,
        now: Timestamp,
        owner: &str,
        until: Timestamp,
        limit: u32,
    ) -> Result<Vec<Delivery>> {
        let name = Delivery::SPEC.name;
        let candidates = self
            .find_docs(
                name,
                claimable(now),
                Some(doc! { "dueAt": 1, "_id": 1 }),
                0,
                Some(i64::from(limit)),
            )
            .await?;
        let mut out = Vec::with_capacity(candidates.len());
        for c in candidates {
            let Some(id) = c.get_object_id("_id").ok() else {
                continue;
            };
            let mut filter = claimable(now);
            filter.insert("_id", id);
            let lease = doc! { "$set": { "leaseOwner": owner, "leaseUntil": date(until) } };
            if let Some(d) = self
                .update_returning::<Delivery>(filter, lease, "leasing a delivery")
                .await?
            {
                out.push(from_doc(d, name)?);
            }
        }
        Ok(out)
    }

    async fn finish(&self, d: &Delivery, owner: &str) -> Result<bool> {
        let only_if = [Condition::Is("leaseOwner", serde_json::json!(owner))];
        let change = Update {
            set_from: Some((d, OUTCOME_FIELDS)),
            inc: &[],
            only_if: &only_if,
        };
        Ok(self.update(d.id, change).await?.is_some())
    }

    async fn deliveries_of(&self, notification: Id) -> Result<Vec<Delivery>> {
        let name = Delivery::SPEC.name;
        let docs = self
            .find_docs(
                name,
                doc! { "notification": oid(notification) },
                Some(doc! { "_id": 1 }),
                0,
                None,
            )
            .await?;
        from_docs(docs, name)
    }

    async fn delivery_by_provider_ref(&self, reference: &str) -> Result<Option<Delivery>> {
        self.find_one::<Delivery>(doc! { "providerRef": reference })
            .await
    }

    async fn count_finished_before(&self, before: Timestamp) -> Result<u64> {
        self.count(Delivery::SPEC.name, finished_before(before))
            .await
    }

    async fn delete_finished_before(&self, before: Timestamp, limit: u32) -> Result<u64> {
        self.delete_limited(Delivery::SPEC.name, finished_before(before), limit)
            .await
    }
}
