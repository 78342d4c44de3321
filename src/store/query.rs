//! Filters and result shapes of the repository queries.

use serde::Serialize;

use crate::domain::booking::BookingStatus;
use crate::domain::notification::NotificationCategory;
use crate::domain::post::{ModerationStatus, PostType, Visibility};
use crate::domain::transaction::{Gateway, TransactionStatus, TransactionType};
use crate::domain::user::{Role, UserStatus};
use crate::domain::{GeoPoint, Id, Timestamp};

/// Filters for listing users. Deleted users are left out unless `include_deleted`.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
    /// Technicians having every one of these skills (case-insensitive names).
    pub skills: Vec<String>,
    pub min_rating: Option<f64>,
    /// Text search over names, business name, bio and skills.
    pub text: Option<String>,
    pub city: Option<String>,
    pub include_deleted: bool,
}

/// Nearby technicians: active, not deleted, role technician, within the radius.
#[derive(Debug, Clone)]
pub struct NearbyQuery {
    pub point: GeoPoint,
    pub radius_km: f64,
    /// Every one of these skills (case-insensitive names).
    pub skills: Vec<String>,
    pub min_rating: Option<f64>,
    /// Only technicians whose availability says `availableNow`.
    pub available_now: bool,
    pub limit: u32,
}

/// A result with its distance from the query point.
#[derive(Debug, Clone, PartialEq)]
pub struct Nearby<T> {
    pub item: T,
    pub distance_km: f64,
}

/// Time ranges in filters (`*_from`, `*_to`) include both ends on both adapters.
#[derive(Debug, Clone, Default)]
pub struct BookingFilter {
    pub customer: Option<Id>,
    pub technician: Option<Id>,
    pub corporate_account: Option<Id>,
    /// Any of these statuses (empty = all).
    pub statuses: Vec<BookingStatus>,
    pub scheduled_from: Option<Timestamp>,
    pub scheduled_to: Option<Timestamp>,
    pub created_from: Option<Timestamp>,
    pub created_to: Option<Timestamp>,
}

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

/// A set of writes that moves money, applied all together or not at all (one SQLite
/// transaction, one MongoDB multi-document transaction).
#[derive(Debug, Clone, Default)]
pub struct MoneyWrite {
    /// New transactions; an idempotency key already in use is `Conflict`.
    pub insert: Vec<crate::domain::transaction::Transaction>,
    /// Replacements, each applied only if the stored status is still the one given.
    pub update: Vec<(
        crate::domain::transaction::Transaction,
        crate::domain::transaction::TransactionStatus,
    )>,
    /// Ledger lines. Every account they touch moves by the sum of its lines; a wallet that
    /// would go into debit aborts the whole write with `InsufficientFunds`.
    pub lines: Vec<crate::domain::ledger::LedgerLine>,
    /// The gateway delivery this write answers, recorded once per (gateway, event id).
    pub event: Option<crate::domain::ledger::GatewayEvent>,
    /// A booking replacement, applied only if its stored version is still the one given.
    pub booking: Option<(crate::domain::booking::Booking, i64)>,
    /// A payout batch replacement, applied only if its stored version is still the one given.
    pub settlement: Option<(crate::domain::ledger::Settlement, i64)>,
}

/// What became of a [`MoneyWrite`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    /// Everything was written.
    Applied,
    /// A compare-and-set did not match (someone changed a document first): nothing written.
    Stale,
    /// The event was already recorded: a duplicate delivery, nothing written.
    DuplicateEvent,
}

#[derive(Debug, Clone, Default)]
pub struct GatewayEventFilter {
    pub gateway: Option<Gateway>,
    pub outcome: Option<crate::domain::ledger::EventOutcome>,
    pub transaction: Option<Id>,
}

#[derive(Debug, Clone, Default)]
pub struct SettlementFilter {
    pub statuses: Vec<crate::domain::ledger::SettlementStatus>,
}

#[derive(Debug, Clone, Default)]
pub struct PostFilter {
    pub author: Option<Id>,
    /// Posts by any of these authors (a following feed); empty = no restriction.
    pub authors: Vec<Id>,
    pub kind: Option<PostType>,
    /// Lower-case, without `#`.
    pub hashtag: Option<String>,
    pub text: Option<String>,
    pub moderation: Option<ModerationStatus>,
    /// Any of these (empty = all).
    pub visibility: Vec<Visibility>,
}

#[derive(Debug, Clone, Default)]
pub struct ReviewFilter {
    pub reviewee: Option<Id>,
    pub reviewer: Option<Id>,
    pub booking: Option<Id>,
    pub featured: Option<bool>,
    pub text: Option<String>,
}

#[derive(Debug, Clone)]
pub struct MessageFilter {
    pub conversation: Id,
    /// Leave out messages this user deleted for themselves.
    pub viewer: Option<Id>,
    pub text: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NotificationFilter {
    pub recipient: Id,
    pub unread_only: bool,
    pub category: Option<NotificationCategory>,
    /// Notifications with `expiresAt` before this are left out.
    pub now: Timestamp,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<Id>,
    pub action: Option<String>,
    pub target_kind: Option<String>,
    pub target_id: Option<Id>,
}

/// Per-collection statistics (the spec's `getDatabaseStats`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionStats {
    pub name: String,
    pub count: u64,
    pub size_bytes: u64,
    pub index_count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseStats {
    pub backend: String,
    pub database: String,
    pub collections: Vec<CollectionStats>,
    pub total_size_bytes: u64,
}

/// What `ensure_indexes` did (or would do) with one index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexStatus {
    Created,
    Existing,
    /// Existed with another definition and was rebuilt.
    Changed,
    /// Dry run: would be created or rebuilt.
    Planned,
    /// The server cannot build this kind of index; the documented fallback is used.
    Unsupported,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexReport {
    pub collection: String,
    pub name: String,
    /// Human description of the keys, e.g. `role, status, rating.average desc`.
    pub keys: String,
    pub status: IndexStatus,
}

/// How a backend runs text search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextSearchMode {
    /// SQLite FTS5 or a MongoDB text index.
    Native,
    /// The server has no text indexes: case-insensitive regular expressions over the same
    /// fields (every word must match; no relevance ranking).
    RegexFallback,
}
