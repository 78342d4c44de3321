//! Documents for the conformance tests: a plain valid document of each kind with the fields a
//! test cares about as parameters, and a `full_*` variant with every optional group filled in
//! (for round trips that compare whole documents).
//!
//! Document ids come from [`next_id`], so a document built later always sorts as newer (an
//! `ObjectId` counter may wrap within a second; this one does not).
//! Times are minutes from a base taken at process start ([`at`]); expiry times are in the future
//! so a server-side TTL index can never remove a document while a test looks at it.

mod accounts;
mod bookings;
mod social;

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

use baitech::domain::ledger::{
    Account, EntryKind, EventOutcome, GatewayEvent, LedgerLine, PayoutItem, PayoutItemStatus,
    Settlement, SettlementStatus,
};
use baitech::domain::money::Currency;
use baitech::domain::transaction::Gateway;
use baitech::domain::{Email, GeoPoint, Id, Money, Phone, Timestamp};

pub use accounts::*;
pub use bookings::*;
pub use social::*;

/// Nairobi CBD (Kenyatta Avenue), `[lng, lat]`.
pub const NAIROBI: (f64, f64) = (36.8219, -1.2921);

static BASE_MS: LazyLock<i64> = LazyLock::new(|| Timestamp::now().millis() / 60_000 * 60_000);
static BASE_SECS: LazyLock<u32> = LazyLock::new(|| (*BASE_MS / 1000) as u32);
static COUNTER: AtomicU64 = AtomicU64::new(1);

/// `minutes` from the test run's base instant (whole minutes, so values are easy to read).
pub fn at(minutes: i64) -> Timestamp {
    Timestamp::from_millis(*BASE_MS + minutes * 60_000)
}

/// A fresh document id, greater than every id this function returned before.
pub fn next_id() -> Id {
    Id::from_parts(*BASE_SECS, unique())
}

/// A number no other call in this process returned.
pub fn unique() -> u64 {
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

pub fn email(tag: &str) -> Email {
    Email::parse(&format!("{tag}@example.co.ke")).expect("valid test email")
}

/// A Kenyan mobile number no other test user has.
pub fn fresh_phone() -> Phone {
    Phone::parse(&format!("+2547{:08}", unique() % 100_000_000)).expect("valid test phone")
}

pub fn point(lng: f64, lat: f64) -> GeoPoint {
    GeoPoint::new(lng, lat).expect("valid test coordinates")
}

// --- money: ledger entries, gateway events, payout batches ----------------------------------

/// A balanced KES entry of `transaction` moving `amount` from `credit` to `debit` (two lines,
/// ids from [`next_id`], so later entries sort after earlier ones).
pub fn entry(
    kind: EntryKind,
    transaction: Id,
    debit: Account,
    credit: Account,
    amount: i64,
    created_at: Timestamp,
) -> Vec<LedgerLine> {
    let entry = next_id();
    [(debit, amount), (credit, -amount)]
        .into_iter()
        .map(|(account, amount)| LedgerLine {
            id: next_id(),
            entry,
            transaction,
            kind,
            account,
            amount,
            currency: Currency::Kes,
            created_at,
        })
        .collect()
}

/// A gateway delivery `event_id`, received at the base instant.
pub fn gateway_event(
    gateway: Gateway,
    event_id: &str,
    transaction: Option<Id>,
    outcome: EventOutcome,
) -> GatewayEvent {
    GatewayEvent {
        id: next_id(),
        gateway,
        event_id: event_id.to_string(),
        kind: "stk_callback".into(),
        transaction,
        outcome,
        payload: serde_json::json!({"Body": {"stkCallback": {"CheckoutRequestID": event_id, "ResultCode": 0}}}),
        received_at: at(0),
    }
}

/// A KES M-Pesa payout batch of one pending KES 5,000 item, at version 0.
pub fn settlement(status: SettlementStatus) -> Settlement {
    Settlement {
        id: next_id(),
        reference: format!("STL-{:08}", unique()),
        status,
        gateway: Gateway::Mpesa,
        currency: Currency::Kes,
        items: vec![PayoutItem {
            technician: Id::new(),
            amount: Money::kes(500_000),
            status: PayoutItemStatus::Pending,
            transaction: None,
            failure_reason: None,
        }],
        total: Money::kes(500_000),
        created_by: Some(Id::new()),
        version: 0,
        created_at: at(0),
        updated_at: at(0),
    }
}
