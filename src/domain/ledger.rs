//! The double-entry ledger: every movement of money is an *entry* of two or more *lines* whose
//! signed amounts sum to zero (debits positive, credits negative), each line posted to one
//! *account*.
//!
//! Accounts (their keys are plain strings so both stores index and group them cheaply):
//!
//! | key | what it holds | normal side |
//! |---|---|---|
//! | `clearing:<gateway>` | money a gateway (M-Pesa, Stripe, cash collected) holds for us | debit |
//! | `escrow` | customer payments held until the job is settled | credit |
//! | `platform:revenue` | the platform's fee | credit |
//! | `platform:tax` | VAT collected on the fee, owed to the tax authority | credit |
//! | `payable:<technician>` | what the platform owes a technician | credit |
//! | `cash:<technician>` | cash a technician collected on the platform's behalf | debit |
//! | `wallet:<user>` | a user's stored balance | credit, never debit |
//!
//! The ledger is the record of truth for balances; account documents keep a running sum so a
//! balance is one read, and `settlements reconcile` proves the two agree.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::enums::string_enum;
use crate::domain::id::Id;
use crate::domain::money::{Currency, Money};
use crate::domain::time::Timestamp;
use crate::domain::transaction::Gateway;

/// Key of a ledger account (`escrow`, `wallet:<user id>`, ...).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(transparent)]
pub struct Account(String);

impl Account {
    pub fn clearing(gateway: Gateway) -> Account {
        Account(format!("clearing:{}", gateway.as_str()))
    }
    pub fn escrow() -> Account {
        Account("escrow".into())
    }
    pub fn platform_revenue() -> Account {
        Account("platform:revenue".into())
    }
    pub fn platform_tax() -> Account {
        Account("platform:tax".into())
    }
    pub fn payable(technician: Id) -> Account {
        Account(format!("{}{technician}", Self::PAYABLE_PREFIX))
    }
    pub fn cash(technician: Id) -> Account {
        Account(format!("cash:{technician}"))
    }
    pub fn wallet(user: Id) -> Account {
        Account(format!("{}{user}", Self::WALLET_PREFIX))
    }

    /// Prefix of technician payable accounts.
    pub const PAYABLE_PREFIX: &'static str = "payable:";
    /// Prefix of wallet accounts.
    pub const WALLET_PREFIX: &'static str = "wallet:";

    /// Reads a stored key back; `None` for a key no constructor makes.
    pub fn parse(key: &str) -> Option<Account> {
        let ok = match key.split_once(':') {
            None => key == "escrow",
            Some(("clearing", g)) => Gateway::parse(g).is_some(),
            Some(("platform", p)) => matches!(p, "revenue" | "tax"),
            Some(("payable" | "cash" | "wallet", id)) => id.parse::<Id>().is_ok(),
            Some(_) => false,
        };
        ok.then(|| Account(key.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The owner of a per-user account (payable, cash, wallet).
    pub fn owner(&self) -> Option<Id> {
        let (_, id) = self.0.split_once(':')?;
        id.parse().ok()
    }

    /// Wallets hold customers' money: their balance may never go into debit (> 0).
    pub fn is_wallet(&self) -> bool {
        self.0.starts_with(Self::WALLET_PREFIX)
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

string_enum! {
    /// What an entry records.
    pub enum EntryKind {
        /// A customer's payment arrives and is held in escrow.
        Payment = "payment",
        /// Escrow is split between the platform's fee, tax and the technician.
        Release = "release",
        /// Money goes back to the customer (gateway or wallet).
        Refund = "refund",
        /// Money is added to a wallet.
        TopUp = "top_up",
        /// A technician is paid what they are owed.
        Payout = "payout",
        /// A failed payout puts the money back where it was owed.
        PayoutReversal = "payout_reversal",
        /// Cash a technician collected is set against what they are owed.
        CashSettlement = "cash_settlement",
    }
}

/// One posting: a signed amount on one account (storage document of `ledger`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LedgerLine {
    #[serde(rename = "_id")]
    pub id: Id,
    /// The entry the line belongs to; an entry's lines sum to zero.
    pub entry: Id,
    /// The transaction whose movement this is.
    pub transaction: Id,
    pub kind: EntryKind,
    pub account: Account,
    /// Minor units; debit positive, credit negative.
    pub amount: i64,
    pub currency: Currency,
    pub created_at: Timestamp,
}

/// The running balance of one account (storage document of `ledger_accounts`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccountBalance {
    #[serde(rename = "_id")]
    pub account: Account,
    pub currency: Currency,
    /// Sum of the account's lines: debit positive, credit negative.
    pub balance: i64,
    pub updated_at: Timestamp,
}

impl AccountBalance {
    /// The balance as money the account's holder has (credit balances positive), the way a
    /// wallet or a technician's payable is shown to people.
    pub fn credit(&self) -> Money {
        Money::new(-self.balance, self.currency)
    }
}

/// An entry being built: lines are added, [`EntryBuilder::build`] checks they balance.
#[derive(Debug, Clone)]
pub struct EntryBuilder {
    kind: EntryKind,
    transaction: Id,
    currency: Currency,
    postings: Vec<(Account, i64)>,
    /// The first posting in another currency, reported by `build`.
    mismatch: Option<Currency>,
}

/// An entry did not balance, mixed currencies, or posted nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    #[error("entry does not balance: lines sum to {0}")]
    Unbalanced(i64),
    #[error("entry mixes currencies: {0:?} and {1:?}")]
    Currency(Currency, Currency),
    #[error("entry has no lines")]
    Empty,
}

impl EntryBuilder {
    pub fn new(kind: EntryKind, transaction: Id, currency: Currency) -> Self {
        EntryBuilder {
            kind,
            transaction,
            currency,
            postings: Vec::new(),
            mismatch: None,
        }
    }

    /// Adds `amount` to the debit side of `account` (zero amounts are left out).
    pub fn debit(mut self, account: Account, amount: Money) -> Self {
        self.push(account, amount, 1);
        self
    }

    /// Adds `amount` to the credit side of `account` (zero amounts are left out).
    pub fn credit(mut self, account: Account, amount: Money) -> Self {
        self.push(account, amount, -1);
        self
    }

    fn push(&mut self, account: Account, amount: Money, sign: i64) {
        if amount.currency != self.currency {
            self.mismatch.get_or_insert(amount.currency);
            return;
        }
        if amount.amount != 0 {
            self.postings.push((account, sign * amount.amount));
        }
    }

    /// The lines, with fresh ids and one entry id, if they balance.
    pub fn build(self, at: Timestamp) -> Result<Vec<LedgerLine>, EntryError> {
        if let Some(other) = self.mismatch {
            return Err(EntryError::Currency(self.currency, other));
        }
        if self.postings.is_empty() {
            return Err(EntryError::Empty);
        }
        let sum: i64 = self.postings.iter().map(|(_, a)| a).sum();
        if sum != 0 {
            return Err(EntryError::Unbalanced(sum));
        }
        let entry = Id::new();
        Ok(self
            .postings
            .into_iter()
            .map(|(account, amount)| LedgerLine {
                id: Id::new(),
                entry,
                transaction: self.transaction,
                kind: self.kind,
                account,
                amount,
                currency: self.currency,
                created_at: at,
            })
            .collect())
    }
}

string_enum! {
    /// What became of a gateway callback or webhook.
    pub enum EventOutcome {
        /// It changed a transaction.
        Applied = "applied",
        /// It named a transaction that was already past that point (out of order, late).
        Ignored = "ignored",
        /// No transaction matched it: kept for review.
        Unmatched = "unmatched",
        /// It did not agree with the transaction (amount, phone): the transaction is held.
        Flagged = "flagged",
    }
}

/// A callback or webhook received from a gateway, stored once per gateway event id (storage
/// document of `gateway_events`); a second delivery of the same id changes nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GatewayEvent {
    #[serde(rename = "_id")]
    pub id: Id,
    pub gateway: Gateway,
    /// The gateway's id of the delivery: Stripe's event id, M-Pesa's `CheckoutRequestID` (one
    /// result per STK request) or B2C `ConversationID`.
    pub event_id: String,
    /// The event type (`payment_intent.succeeded`, `stk_callback`, ...).
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction: Option<Id>,
    pub outcome: EventOutcome,
    pub payload: serde_json::Value,
    pub received_at: Timestamp,
}

string_enum! {
    /// Lifecycle of a payout batch.
    #[derive(Default)]
    pub enum SettlementStatus {
        /// Created with its items; no money has moved yet.
        #[default]
        Open = "open",
        /// Some items are paid; running or interrupted (a re-run resumes it).
        InProgress = "in_progress",
        /// Every item ended (paid or failed).
        Completed = "completed",
    }
}

string_enum! {
    /// Lifecycle of one technician's payout within a batch.
    #[derive(Default)]
    pub enum PayoutItemStatus {
        #[default]
        Pending = "pending",
        Paid = "paid",
        Failed = "failed",
    }
}

/// One technician's part of a payout batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PayoutItem {
    pub technician: Id,
    pub amount: Money,
    pub status: PayoutItemStatus,
    /// The payout transaction, once created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
}

/// A batch of technician payouts (storage document of `settlements`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Settlement {
    #[serde(rename = "_id")]
    pub id: Id,
    /// Human reference, e.g. `STL-20261125-1`.
    pub reference: String,
    pub status: SettlementStatus,
    pub gateway: Gateway,
    pub currency: Currency,
    pub items: Vec<PayoutItem>,
    pub total: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<Id>,
    /// Bumped on every write; updates are compare-and-set on it.
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::{assert_enum_strings, assert_round_trips};

    fn at() -> Timestamp {
        Timestamp::from_millis(1_700_000_000_000)
    }

    #[test]
    fn a_balanced_entry_builds_with_one_entry_id() {
        let tx = Id::new();
        let tech = Id::new();
        let lines = EntryBuilder::new(EntryKind::Release, tx, Currency::Kes)
            .debit(Account::escrow(), Money::kes(1_160))
            .credit(Account::platform_revenue(), Money::kes(100))
            .credit(Account::platform_tax(), Money::kes(16))
            .credit(Account::payable(tech), Money::kes(1_044))
            .build(at())
            .unwrap();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines.iter().map(|l| l.amount).sum::<i64>(), 0);
        assert!(lines.iter().all(|l| l.entry == lines[0].entry));
        assert_eq!(lines[3].account.owner(), Some(tech));
        assert_round_trips(&lines[0]);
    }

    #[test]
    fn unbalanced_mixed_or_empty_entries_are_refused() {
        let tx = Id::new();
        let b = EntryBuilder::new(EntryKind::Payment, tx, Currency::Kes);
        assert_eq!(b.clone().build(at()), Err(EntryError::Empty));
        let unbalanced = b
            .clone()
            .debit(Account::clearing(Gateway::Mpesa), Money::kes(100))
            .credit(Account::escrow(), Money::kes(90));
        assert_eq!(unbalanced.build(at()), Err(EntryError::Unbalanced(10)));
        let mixed = b
            .debit(Account::escrow(), Money::new(100, Currency::Usd))
            .credit(Account::escrow(), Money::kes(100));
        assert!(matches!(mixed.build(at()), Err(EntryError::Currency(..))));
    }

    #[test]
    fn zero_amounts_post_nothing() {
        let lines = EntryBuilder::new(EntryKind::Release, Id::new(), Currency::Kes)
            .debit(Account::escrow(), Money::kes(100))
            .credit(Account::platform_tax(), Money::kes(0))
            .credit(Account::platform_revenue(), Money::kes(100))
            .build(at())
            .unwrap();
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn account_keys_parse_back_and_nothing_else_does() {
        let id = Id::new();
        for a in [
            Account::clearing(Gateway::Stripe),
            Account::escrow(),
            Account::platform_revenue(),
            Account::platform_tax(),
            Account::payable(id),
            Account::cash(id),
            Account::wallet(id),
        ] {
            assert_eq!(Account::parse(a.as_str()), Some(a.clone()), "{a}");
        }
        for bad in [
            "",
            "escrow:1",
            "wallet:xyz",
            "clearing:paypal",
            "platform:x",
            "misc",
        ] {
            assert_eq!(Account::parse(bad), None, "{bad}");
        }
        assert!(Account::wallet(id).is_wallet());
        assert!(!Account::payable(id).is_wallet());
    }

    #[test]
    fn stored_documents_round_trip() {
        let s = Settlement {
            id: Id::new(),
            reference: "STL-20261125-1".into(),
            status: SettlementStatus::InProgress,
            gateway: Gateway::Mpesa,
            currency: Currency::Kes,
            items: vec![PayoutItem {
                technician: Id::new(),
                amount: Money::kes(5_000),
                status: PayoutItemStatus::Paid,
                transaction: Some(Id::new()),
                failure_reason: None,
            }],
            total: Money::kes(5_000),
            created_by: None,
            version: 3,
            created_at: at(),
            updated_at: at(),
        };
        assert_round_trips(&s);
        assert_round_trips(&GatewayEvent {
            id: Id::new(),
            gateway: Gateway::Stripe,
            event_id: "evt_1".into(),
            kind: "payment_intent.succeeded".into(),
            transaction: None,
            outcome: EventOutcome::Unmatched,
            payload: serde_json::json!({"id": "evt_1"}),
            received_at: at(),
        });
        assert_round_trips(&AccountBalance {
            account: Account::escrow(),
            currency: Currency::Kes,
            balance: -5,
            updated_at: at(),
        });
        assert_enum_strings(EntryKind::ALL, EntryKind::as_str);
        assert_enum_strings(EventOutcome::ALL, EventOutcome::as_str);
        assert_enum_strings(SettlementStatus::ALL, SettlementStatus::as_str);
        assert_enum_strings(PayoutItemStatus::ALL, PayoutItemStatus::as_str);
    }
}
