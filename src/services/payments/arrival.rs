//! Where a payment stands with its money: the status sets every payment module judges by,
//! what a gateway reports when money arrives ([`Completion`]), and the queries for a booking's
//! arrived and live payments. It depends on no other payments module, so the flow, the fraud
//! rules, callbacks and reconciliation all read these from one owner.

use crate::app::App;
use crate::domain::Id;
use crate::domain::ledger::GatewayEvent;
use crate::domain::money::Money;
use crate::domain::transaction::{
    GatewayRef, Transaction, TransactionStatus as T, TransactionType,
};
use crate::error::Result;
use crate::store::{PageRequest, TransactionFilter};

/// Statuses in which a transaction still waits for its gateway's answer.
pub const AWAITING: [T; 3] = [T::Initiated, T::Pending, T::Processing];

/// Statuses of a transaction whose money arrived (and so has ledger lines).
pub const ARRIVED: [T; 5] = [
    T::Completed,
    T::Escrow,
    T::Released,
    T::PartiallyRefunded,
    T::Refunded,
];

/// Statuses in which a payment still has money in escrow.
pub const HOLDING: [T; 2] = [T::Escrow, T::PartiallyRefunded];

/// Statuses of a booking payment that holds the booking's one payment slot: still waiting for
/// its gateway, or money arrived. Only `failed` and `cancelled` free the slot.
pub const LIVE: [T; AWAITING.len() + ARRIVED.len()] = crate::domain::concat(&AWAITING, &ARRIVED);

/// The payments of booking `booking` in one of `statuses`.
fn payments_of(booking: Id, statuses: impl IntoIterator<Item = T>) -> TransactionFilter {
    TransactionFilter {
        booking: Some(booking),
        kind: Some(TransactionType::Payment),
        statuses: statuses.into_iter().collect(),
        ..Default::default()
    }
}

/// How many payments for booking `booking` brought money in (a second one is a duplicate).
pub async fn arrived_payments(app: &App, booking: Id) -> Result<u64> {
    app.store
        .transactions
        .count_transactions(&payments_of(booking, ARRIVED))
        .await
}

/// The live payment of booking `booking`, if any ([`LIVE`]; at most one: the flow's `claim`
/// keeps it so).
pub async fn live_payment(app: &App, booking: Id) -> Result<Option<Transaction>> {
    let page = app
        .store
        .transactions
        .list_transactions(&payments_of(booking, LIVE), &PageRequest::first(1))
        .await?;
    Ok(page.items.into_iter().next())
}

/// What a gateway reported when money arrived.
#[derive(Debug, Clone)]
pub struct Completion {
    pub received: Money,
    /// The paying phone as the gateway reports it (M-Pesa), checked against the request.
    pub phone: Option<String>,
    /// References to merge into `gatewayRef` (receipt number, charge id).
    pub refs: GatewayRef,
    pub event: Option<GatewayEvent>,
    pub reason: String,
}

impl Completion {
    /// Exactly the amount asked for arrived, with nothing to check or merge (wallet, confirmed
    /// cash, an STK query's answer).
    pub fn in_full(tx: &Transaction, reason: &str, event: Option<GatewayEvent>) -> Completion {
        Completion {
            received: tx.amount,
            phone: None,
            refs: GatewayRef::default(),
            event,
            reason: reason.to_string(),
        }
    }
}
