//! Payments, refunds, payouts: the collection spec, the repository trait (only its own queries; the
//! generic ones come from [`Collection`]), its filters, and the two implementations, `embedded.rs`
//! and `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use crate::domain::transaction::{Gateway, Transaction, TransactionStatus, TransactionType};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::spec::IndexKey::{Asc, Desc};
use crate::store::spec::Scope::{All, Present};
use crate::store::spec::{CollectionSpec, IndexSpec, unique};
use crate::store::{Collection, Page, PageRequest};
use async_trait::async_trait;

/// Payments, refunds, payouts.
#[async_trait]
pub trait TransactionRepo: Collection<Transaction> {
    /// Looks up by a gateway reference (`checkoutRequestId`, `paymentIntentId`, ...).
    async fn find_transaction_by_gateway_ref(
        &self,
        key: GatewayRefKey,
        value: &str,
    ) -> Result<Option<Transaction>>;
    /// Replaces the stored document only if its status is still `expected_status`.
    async fn update_transaction(
        &self,
        tx: &Transaction,
        expected_status: crate::domain::transaction::TransactionStatus,
    ) -> Result<bool>;
    /// Newest first, filtered.
    async fn list_transactions(
        &self,
        filter: &TransactionFilter,
        page: &PageRequest,
    ) -> Result<Page<Transaction>>;
    async fn count_transactions(&self, filter: &TransactionFilter) -> Result<u64>;
}

/// Payments, refunds, payouts: callback lookups by gateway reference, the payer's list.
pub const TRANSACTIONS: CollectionSpec = CollectionSpec {
    name: "transactions",
    noun: "transaction",
    uniques: &[
        unique(
            "transactions_receipt_unique",
            &["receiptNumber"],
            All,
            "a transaction with this receipt number already exists",
        ),
        unique(
            "transactions_checkout_request_unique",
            &["gatewayRef.checkoutRequestId"],
            Present,
            "a transaction with this M-Pesa checkout request id already exists",
        ),
        unique(
            "transactions_payment_intent_unique",
            &["gatewayRef.paymentIntentId"],
            Present,
            "a transaction with this Stripe payment intent id already exists",
        ),
        unique(
            "transactions_idempotency_key_unique",
            &["gatewayRef.idempotencyKey"],
            Present,
            "a transaction with this idempotency key already exists",
        ),
    ],
    indexes: &[
        IndexSpec::new(
            "transactions_payer_status_created",
            &[Asc("payer"), Asc("status"), Desc("createdAt")],
        ),
        IndexSpec::new(
            "transactions_payee_status_created",
            &[Asc("payee"), Asc("status"), Desc("createdAt")],
        ),
        IndexSpec::new("transactions_booking", &[Asc("booking")]),
        IndexSpec::new("transactions_status_id", &[Asc("status"), Desc("_id")]),
        IndexSpec::new(
            "transactions_merchant_request",
            &[Asc("gatewayRef.merchantRequestId")],
        ),
        IndexSpec::new(
            "transactions_mpesa_receipt",
            &[Asc("gatewayRef.mpesaReceiptNumber")],
        ),
        IndexSpec::new(
            "transactions_phone_created",
            &[Asc("gatewayRef.phoneNumber"), Asc("createdAt")],
        ),
        IndexSpec::new(
            "transactions_status_escrow_release",
            &[Asc("status"), Asc("escrowReleaseAt")],
        ),
    ],
    text: &[],
};

/// Which gateway reference a transaction is looked up by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GatewayRefKey {
    CheckoutRequestId,
    MerchantRequestId,
    MpesaReceiptNumber,
    PaymentIntentId,
    IdempotencyKey,
}

impl GatewayRefKey {
    /// Field name inside `gatewayRef`.
    pub fn field(self) -> &'static str {
        match self {
            GatewayRefKey::CheckoutRequestId => "checkoutRequestId",
            GatewayRefKey::MerchantRequestId => "merchantRequestId",
            GatewayRefKey::MpesaReceiptNumber => "mpesaReceiptNumber",
            GatewayRefKey::PaymentIntentId => "paymentIntentId",
            GatewayRefKey::IdempotencyKey => "idempotencyKey",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct TransactionFilter {
    pub payer: Option<Id>,
    pub payee: Option<Id>,
    pub booking: Option<Id>,
    pub statuses: Vec<TransactionStatus>,
    pub gateway: Option<Gateway>,
    pub kind: Option<TransactionType>,
    pub created_from: Option<Timestamp>,
    pub created_to: Option<Timestamp>,
    /// Paid from this phone number (E.164, `gatewayRef.phoneNumber`).
    pub phone: Option<String>,
    /// Escrow due for release at or before this time (`escrowReleaseAt`).
    pub escrow_due_by: Option<Timestamp>,
}
