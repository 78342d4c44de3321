//! `transactions`: payments, refunds and payouts; lookups by gateway reference for callbacks and
//! webhooks, and compare-and-set on `status` so a duplicate callback cannot apply twice.

use async_trait::async_trait;
use bson::{Bson, Document, doc};

use crate::domain::transaction::{Transaction, TransactionStatus};
use crate::error::Result;
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{Stored, and, any_of, date, oid, time_range};
use crate::store::mongo::documents::Order;
use crate::store::{GatewayRefKey, Page, PageRequest, TransactionFilter, TransactionRepo};

fn transaction_filter(f: &TransactionFilter) -> Document {
    let mut conditions = Vec::new();
    if let Some(id) = f.payer {
        conditions.push(doc! { "payer": oid(id) });
    }
    if let Some(id) = f.payee {
        conditions.push(doc! { "payee": oid(id) });
    }
    if let Some(id) = f.booking {
        conditions.push(doc! { "booking": oid(id) });
    }
    conditions.push(any_of(
        "status",
        f.statuses.iter().map(|s| Bson::from(s.as_str())).collect(),
    ));
    if let Some(gateway) = f.gateway {
        conditions.push(doc! { "gateway": gateway.as_str() });
    }
    if let Some(kind) = f.kind {
        conditions.push(doc! { "type": kind.as_str() });
    }
    conditions.push(time_range("createdAt", f.created_from, f.created_to));
    if let Some(phone) = &f.phone {
        conditions.push(doc! { "gatewayRef.phoneNumber": phone.as_str() });
    }
    if let Some(due) = f.escrow_due_by {
        conditions.push(doc! { "escrowReleaseAt": { "$lte": date(due) } });
    }
    and(conditions)
}

#[async_trait]
impl TransactionRepo for Mongo {
    async fn find_transaction_by_gateway_ref(
        &self,
        key: GatewayRefKey,
        value: &str,
    ) -> Result<Option<Transaction>> {
        let field = format!("gatewayRef.{}", key.field());
        self.find_one(doc! { field: value }).await
    }

    async fn update_transaction(
        &self,
        tx: &Transaction,
        expected_status: TransactionStatus,
    ) -> Result<bool> {
        self.replace_if(tx, doc! { "status": expected_status.as_str() })
            .await
    }

    async fn list_transactions(
        &self,
        filter: &TransactionFilter,
        page: &PageRequest,
    ) -> Result<Page<Transaction>> {
        self.page(transaction_filter(filter), page, Order::IdDesc)
            .await
    }

    async fn count_transactions(&self, filter: &TransactionFilter) -> Result<u64> {
        self.count(Transaction::SPEC.name, transaction_filter(filter))
            .await
    }
}
