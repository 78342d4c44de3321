//! The notification outbox in the embedded store. Claims run inside one write transaction (the
//! store has one writer), so reading the due rows and leasing them is one atomic step.

use async_trait::async_trait;
use rusqlite::types::Value;

use crate::domain::delivery::Delivery;
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::embedded::Embedded;
use crate::store::embedded::docs::{
    self, Filter, Table, id_val, int, opt_text, opt_ts, text, ts_val,
};
use crate::store::{Collection, Condition, DeliveryRepo, Update, collections};

use super::OUTCOME_FIELDS;

impl Table for Delivery {
    const COLUMNS: &'static [&'static str] = &[
        "notification",
        "recipient",
        "channel",
        "status",
        "due_at",
        "lease_until",
        "provider_ref",
        "updated_at",
    ];

    fn columns(&self) -> Vec<Value> {
        vec![
            id_val(self.notification),
            id_val(self.recipient),
            text(self.channel.as_str()),
            text(self.status.as_str()),
            ts_val(self.due_at),
            opt_ts(self.lease_until),
            opt_text(self.provider_ref.as_deref()),
            ts_val(self.updated_at),
        ]
    }
}

fn finished_before(before: Timestamp) -> Filter {
    let mut w = Filter::new();
    w.cond("status <> 'queued'", [])
        .cond("updated_at < ?", [ts_val(before)]);
    w
}

#[async_trait]
impl DeliveryRepo for Embedded {
    async fn claim_due(
        &self,
        now: Timestamp,
        owner: &str,
        until: Timestamp,
        limit: u32,
    ) -> Result<Vec<Delivery>> {
        let owner = owner.to_string();
        self.write("claim due deliveries", move |c| {
            let sql = format!(
                "SELECT rid, doc FROM {} WHERE status = 'queued' AND due_at <= ? \
                 AND (lease_until IS NULL OR lease_until <= ?) ORDER BY due_at, id LIMIT ?",
                collections::NOTIFICATION_DELIVERIES
            );
            let rows = docs::query_rows::<Delivery>(
                c,
                &sql,
                &[ts_val(now), ts_val(now), int(i64::from(limit))],
            )?;
            let mut out = Vec::with_capacity(rows.len());
            for (rid, mut d) in rows {
                d.lease_owner = Some(owner.clone());
                d.lease_until = Some(until);
                docs::rewrite_row(c, rid, &d)?;
                out.push(d);
            }
            Ok(out)
        })
        .await
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
        self.read("list a notification's deliveries", move |c| {
            let sql = format!(
                "SELECT doc FROM {} WHERE notification = ? ORDER BY id",
                collections::NOTIFICATION_DELIVERIES
            );
            docs::query_docs(c, &sql, &[id_val(notification)])
        })
        .await
    }

    async fn delivery_by_provider_ref(&self, reference: &str) -> Result<Option<Delivery>> {
        let reference = reference.to_string();
        self.read("find a delivery by provider reference", move |c| {
            let sql = format!(
                "SELECT doc FROM {} WHERE provider_ref = ? ORDER BY id DESC LIMIT 1",
                collections::NOTIFICATION_DELIVERIES
            );
            Ok(docs::query_docs(c, &sql, &[text(reference)])?.pop())
        })
        .await
    }

    async fn count_finished_before(&self, before: Timestamp) -> Result<u64> {
        self.read("count finished deliveries", move |c| {
            docs::count(
                c,
                collections::NOTIFICATION_DELIVERIES,
                &finished_before(before),
            )
        })
        .await
    }

    async fn delete_finished_before(&self, before: Timestamp, limit: u32) -> Result<u64> {
        self.write("delete finished deliveries", move |c| {
            docs::delete_where::<Delivery>(c, &finished_before(before), limit)
        })
        .await
    }
}
