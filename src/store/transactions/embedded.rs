//! Transactions ([`TransactionRepo`]): gateway references as indexed columns (the idempotency
//! key unique), updates compare-and-set on `status`.

use async_trait::async_trait;
use rusqlite::types::Value;

use crate::domain::transaction::{Transaction, TransactionStatus};
use crate::error::{Error, Result};
use crate::store::embedded::Embedded;
use crate::store::embedded::docs::{
    self, Filter, Plan, Table, id_val, opt_id, opt_text, opt_ts, text, ts_val,
};
use crate::store::{
    GatewayRefKey, Page, PageRequest, TransactionFilter, TransactionRepo, collections,
};

impl Table for Transaction {
    const COLUMNS: &'static [&'static str] = &[
        "payer",
        "payee",
        "booking",
        "status",
        "gateway",
        "kind",
        "created_at",
        "checkout_request_id",
        "merchant_request_id",
        "mpesa_receipt_number",
        "payment_intent_id",
        "idempotency_key",
        "phone_number",
        "escrow_release_at",
    ];

    fn columns(&self) -> Vec<Value> {
        let g = &self.gateway_ref;
        vec![
            id_val(self.payer),
            opt_id(self.payee),
            opt_id(self.booking),
            text(self.status.as_str()),
            text(self.gateway.as_str()),
            text(self.kind.as_str()),
            ts_val(self.created_at),
            opt_text(g.checkout_request_id.as_deref()),
            opt_text(g.merchant_request_id.as_deref()),
            opt_text(g.mpesa_receipt_number.as_deref()),
            opt_text(g.payment_intent_id.as_deref()),
            opt_text(g.idempotency_key.as_deref()),
            opt_text(g.phone_number.as_deref()),
            opt_ts(self.escrow_release_at),
        ]
    }
}

/// Column holding a gateway reference.
fn ref_column(key: GatewayRefKey) -> &'static str {
    match key {
        GatewayRefKey::CheckoutRequestId => "checkout_request_id",
        GatewayRefKey::MerchantRequestId => "merchant_request_id",
        GatewayRefKey::MpesaReceiptNumber => "mpesa_receipt_number",
        GatewayRefKey::PaymentIntentId => "payment_intent_id",
        GatewayRefKey::IdempotencyKey => "idempotency_key",
    }
}

/// The filter as SQL; time ranges are inclusive at both ends.
fn transaction_filter(f: &TransactionFilter) -> Filter {
    let mut w = Filter::new();
    w.eq_opt("payer", f.payer.map(id_val));
    w.eq_opt("payee", f.payee.map(id_val));
    w.eq_opt("booking", f.booking.map(id_val));
    w.any_of(
        "status",
        f.statuses.iter().map(|s| text(s.as_str())).collect(),
    );
    w.eq_opt("gateway", f.gateway.map(|g| text(g.as_str())));
    w.eq_opt("kind", f.kind.map(|k| text(k.as_str())));
    if let Some(t) = f.created_from {
        w.cond("created_at >= ?", [ts_val(t)]);
    }
    if let Some(t) = f.created_to {
        w.cond("created_at <= ?", [ts_val(t)]);
    }
    w.eq_opt("phone_number", f.phone.as_deref().map(text));
    if let Some(t) = f.escrow_due_by {
        w.cond("escrow_release_at <= ?", [ts_val(t)]);
    }
    w
}

#[async_trait]
impl TransactionRepo for Embedded {
    async fn find_transaction_by_gateway_ref(
        &self,
        key: GatewayRefKey,
        value: &str,
    ) -> Result<Option<Transaction>> {
        let value = value.to_string();
        self.read("find transaction by gateway reference", move |c| {
            // The oldest match: a refund may carry its payment's reference too.
            let sql = format!(
                "SELECT doc FROM transactions WHERE {} = ? ORDER BY id LIMIT 1",
                ref_column(key)
            );
            Ok(docs::query_docs(c, &sql, &[text(value)])?.pop())
        })
        .await
    }

    async fn update_transaction(
        &self,
        tx: &Transaction,
        expected_status: TransactionStatus,
    ) -> Result<bool> {
        let t = tx.clone();
        self.write("update transaction", move |c| {
            if docs::replace(c, &t, Some(("status = ?", text(expected_status.as_str()))))?.is_some()
            {
                return Ok(true);
            }
            match docs::get_row::<Transaction>(c, t.id)? {
                Some(_) => Ok(false),
                None => Err(Error::NotFound("transaction").into()),
            }
        })
        .await
    }

    async fn list_transactions(
        &self,
        filter: &TransactionFilter,
        page: &PageRequest,
    ) -> Result<Page<Transaction>> {
        let (w, page) = (transaction_filter(filter), page.clone());
        let narrow = filter.payer.is_some()
            || filter.payee.is_some()
            || filter.booking.is_some()
            || filter.phone.is_some();
        let plan = if narrow { Plan::Narrow } else { Plan::Broad };
        self.read("list transactions", move |c| {
            docs::page_by_id(c, w, &page, plan)
        })
        .await
    }

    async fn count_transactions(&self, filter: &TransactionFilter) -> Result<u64> {
        let w = transaction_filter(filter);
        self.read("count transactions", move |c| {
            docs::count(c, collections::TRANSACTIONS, &w)
        })
        .await
    }
}
