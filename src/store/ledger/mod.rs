//! The double-entry ledger, balances, gateway events and payout batches: the collection spec, the
//! repository trait (only its own queries; the generic ones come from [`Collection`]), its filters,
//! and the two implementations, `embedded.rs` and `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use crate::domain::Id;
use crate::domain::ledger::{AccountBalance, GatewayEvent, LedgerLine, Settlement};
use crate::domain::transaction::Gateway;
use crate::error::Result;
use crate::store::spec::IndexKey::{Asc, Desc};
use crate::store::spec::Scope::All;
use crate::store::spec::{CollectionSpec, IndexSpec, unique};
use crate::store::{Collection, Page, PageRequest};
use async_trait::async_trait;

/// The double-entry ledger, account balances, received gateway events and payout batches.
/// Every change of money goes through [`LedgerRepo::apply_money`], so the ledger lines, the
/// balances and the documents they explain are written together or not at all.
#[async_trait]
pub trait LedgerRepo: Collection<Settlement> {
    /// Applies `write` atomically: inserts, compare-and-set replacements (transactions on
    /// `status`, booking and settlement on `version`), ledger lines with their account
    /// balances, and the event. `Stale` or `DuplicateEvent` when nothing was written;
    /// `InsufficientFunds` when a wallet would go into debit; `Conflict` on a used idempotency
    /// key. On MongoDB this needs multi-document transactions (a replica set): without them it
    /// is `Unavailable` rather than a partial write.
    async fn apply_money(&self, write: &MoneyWrite) -> Result<WriteOutcome>;
    /// Appends lines without touching balances: bulk import and benchmarks only;
    /// `settlements reconcile` reports anything that does not add up.
    async fn import_ledger_lines(&self, lines: &[LedgerLine]) -> Result<u64>;
    /// Lines of one transaction, oldest first.
    async fn transaction_lines(&self, transaction: Id) -> Result<Vec<LedgerLine>>;
    /// Lines in id order after `after` (from the start when `None`), at most `limit`.
    async fn scan_ledger(&self, after: Option<Id>, limit: u32) -> Result<Vec<LedgerLine>>;
    async fn count_ledger_lines(&self) -> Result<u64>;
    async fn get_account(
        &self,
        account: &crate::domain::ledger::Account,
    ) -> Result<Option<AccountBalance>>;
    /// Accounts whose key starts with `prefix` (all when empty), in key order.
    async fn list_accounts(&self, prefix: &str) -> Result<Vec<AccountBalance>>;
    async fn get_gateway_event(
        &self,
        gateway: crate::domain::transaction::Gateway,
        event_id: &str,
    ) -> Result<Option<GatewayEvent>>;
    /// Newest first, filtered.
    async fn list_gateway_events(
        &self,
        filter: &GatewayEventFilter,
        page: &PageRequest,
    ) -> Result<Page<GatewayEvent>>;
    /// Newest first, filtered.
    async fn list_settlements(
        &self,
        filter: &SettlementFilter,
        page: &PageRequest,
    ) -> Result<Page<Settlement>>;
}

/// Ledger lines: a transaction's, an entry's, an account's (the full scan walks `_id`).
pub const LEDGER: CollectionSpec = CollectionSpec {
    name: "ledger",
    noun: "ledger line",
    uniques: &[],
    indexes: &[
        IndexSpec::new("ledger_transaction", &[Asc("transaction")]),
        IndexSpec::new("ledger_entry", &[Asc("entry")]),
        IndexSpec::new("ledger_account", &[Asc("account")]),
    ],
    text: &[],
};

/// Account balances (`_id` = the account key): the trial balance per currency.
pub const LEDGER_ACCOUNTS: CollectionSpec = CollectionSpec {
    name: "ledger_accounts",
    noun: "ledger account",
    uniques: &[],
    indexes: &[IndexSpec::new(
        "ledger_accounts_currency_balance",
        &[Asc("currency"), Asc("balance")],
    )],
    text: &[],
};

/// Received gateway events: one per gateway delivery id.
pub const GATEWAY_EVENTS: CollectionSpec = CollectionSpec {
    name: "gateway_events",
    noun: "gateway event",
    uniques: &[unique(
        "gateway_events_event_unique",
        &["gateway", "eventId"],
        All,
        "this gateway event was already recorded",
    )],
    indexes: &[
        IndexSpec::new("gateway_events_outcome_id", &[Asc("outcome"), Desc("_id")]),
        IndexSpec::new("gateway_events_transaction", &[Asc("transaction")]),
    ],
    text: &[],
};

/// Payout batches by status, newest first.
pub const SETTLEMENTS: CollectionSpec = CollectionSpec {
    name: "settlements",
    noun: "settlement",
    uniques: &[],
    indexes: &[IndexSpec::new(
        "settlements_status_id",
        &[Asc("status"), Desc("_id")],
    )],
    text: &[],
};

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
