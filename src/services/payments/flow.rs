//! Creating, completing and failing transactions. Every change is load → decide →
//! [`crate::store::LedgerRepo::apply_money`] with compare-and-set, retried against the fresh
//! state when another writer got there first; the retry decides again, so a callback racing
//! its own duplicate, a late query result or an admin applies exactly once.

use chrono::Duration;

use super::arrival::{ARRIVED, AWAITING, Completion, live_payment};
use super::{fraud, postings};
use crate::app::App;
use crate::domain::booking::{Actor, Booking, BookingStatus};
use crate::domain::ledger::{EventOutcome, GatewayEvent};
use crate::domain::money::Money;
use crate::domain::transaction::{
    FraudFlag, Gateway, GatewayRef, Split, Transaction, TransactionStatus as T, TransactionType,
};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::realtime::{Event, PaymentChange};
use crate::services::bookings::{MoveData, effects};
use crate::store::{MoneyWrite, WriteOutcome};

/// Attempts before giving up on a transaction that keeps changing under us.
pub const MAX_ATTEMPTS: usize = 8;

/// The 409 a second payment of one booking gets.
fn slot_taken(live: &Transaction) -> Error {
    let what = if ARRIVED.contains(&live.status) {
        "is already paid"
    } else {
        "already has a payment in progress"
    };
    Error::Conflict(format!(
        "the booking {what} ({} {} {}, transaction {}); a booking has one payment at a time",
        live.gateway, live.kind, live.status, live.id
    ))
}

/// Stores `tx`, a new payment of its booking, as the booking's one live payment. The booking's
/// payment slot is a compare-and-set on its version in the same money write as the insert:
/// the booking is read first, then its live payments; the insert applies only if the version
/// is still the one read, so two payments started at once (any gateways) cannot both see an
/// empty slot — the loser re-reads, finds the winner and gets `409 CONFLICT`.
/// `payable` says whether the booking (freshly read) may be paid now.
pub async fn claim(
    app: &App,
    tx: &Transaction,
    payable: impl Fn(&Booking) -> Result<()>,
) -> Result<()> {
    let Some(booking) = tx.booking else {
        return Err(Error::internal(
            "payments: claiming a booking's payment slot",
            anyhow::anyhow!("transaction {} has no booking", tx.id),
        ));
    };
    for _ in 0..MAX_ATTEMPTS {
        let b = app
            .store
            .bookings
            .get(booking)
            .await?
            .ok_or(Error::NotFound("booking"))?;
        payable(&b)?;
        if let Some(live) = live_payment(app, b.id).await? {
            return Err(slot_taken(&live));
        }
        let mut slot = b.clone();
        slot.version += 1;
        let write = MoneyWrite {
            insert: vec![tx.clone()],
            booking: Some((slot, b.version)),
            ..Default::default()
        };
        match app.store.ledger.apply_money(&write).await? {
            WriteOutcome::Applied => return Ok(()),
            WriteOutcome::Stale | WriteOutcome::DuplicateEvent => continue,
        }
    }
    Err(busy())
}

/// A receipt number, e.g. `RCP-261125-K7Q2XM`.
pub fn receipt_number(now: Timestamp) -> String {
    crate::domain::id::reference("RCP", now)
}

/// A fresh transaction in `initiated`, its creation in the history.
pub fn new_transaction(
    kind: TransactionType,
    gateway: Gateway,
    payer: Id,
    amount: Money,
    now: Timestamp,
) -> Transaction {
    Transaction {
        id: Id::new(),
        receipt_number: receipt_number(now),
        booking: None,
        payer,
        payee: None,
        gateway,
        kind,
        status: T::Initiated,
        amount,
        refunded_amount: Money::zero(amount.currency),
        split: None,
        gateway_ref: GatewayRef::default(),
        webhooks: Vec::new(),
        fraud: Default::default(),
        settlement: None,
        parent: None,
        failure_reason: None,
        escrow_release_at: None,
        status_history: vec![crate::domain::transaction::TransactionStatusChange {
            from: None,
            to: T::Initiated,
            reason: None,
            at: now,
        }],
        description: None,
        metadata: Default::default(),
        created_at: now,
        updated_at: now,
    }
}

/// Loads a transaction or `NotFound`.
pub async fn load(app: &App, id: Id) -> Result<Transaction> {
    app.store
        .transactions
        .get(id)
        .await?
        .ok_or(Error::NotFound("transaction"))
}

/// What became of a completion or failure report.
#[derive(Debug, Clone)]
pub enum Settled {
    /// It changed the transaction (now as returned).
    Applied(Transaction),
    /// The transaction was already past that point: nothing changed (the event is kept).
    AlreadyDone(Transaction),
    /// The same delivery was handled before: nothing changed.
    Duplicate,
}

fn merge_refs(into: &mut GatewayRef, from: &GatewayRef) {
    macro_rules! take {
        ($($f:ident),*) => {$(
            if from.$f.is_some() {
                into.$f = from.$f.clone();
            }
        )*};
    }
    take!(
        checkout_request_id,
        merchant_request_id,
        mpesa_receipt_number,
        payment_intent_id,
        charge_id,
        refund_id,
        payout_id
    );
}

fn with_outcome(
    event: &Option<GatewayEvent>,
    tx: Id,
    outcome: EventOutcome,
) -> Option<GatewayEvent> {
    event.clone().map(|mut e| {
        e.transaction = Some(tx);
        e.outcome = outcome;
        e
    })
}

/// The booking `b` moved to `paid` by the system, through `payment_pending` when it is still
/// `verified`; `None` when it is elsewhere (disputed, cancelled, already paid).
pub fn paid_booking(b: &Booking, now: Timestamp) -> Option<Booking> {
    let mut next = b.clone();
    if next.status == BookingStatus::Verified {
        next.apply_transition(BookingStatus::PaymentPending, Actor::System, None, now)
            .ok()?;
    }
    next.apply_transition(
        BookingStatus::Paid,
        Actor::System,
        Some("payment received".into()),
        now,
    )
    .ok()?;
    Some(next)
}

/// When escrow of a booking paid at `now` may be released: the end of the dispute window after
/// verification, and never before now.
pub fn escrow_release_at(app: &App, booking: &Booking, now: Timestamp) -> Timestamp {
    let window = Duration::hours(i64::from(app.config.bookings.dispute_window_hours));
    match booking.verified_at {
        Some(v) if v.plus(window) > now => v.plus(window),
        _ => now,
    }
}

/// Money arrived for transaction `id`: the transaction completes (a booking payment goes on
/// into escrow and moves its booking to `paid`; a top-up credits the wallet), with its ledger
/// entry and the event, in one write. Anything the fraud rules flag is held for review: the
/// money is recorded (it did arrive) but the booking is not marked paid.
pub async fn complete(app: &App, id: Id, c: Completion) -> Result<Settled> {
    for _ in 0..MAX_ATTEMPTS {
        let tx = load(app, id).await?;
        if !AWAITING.contains(&tx.status) {
            return ignore(app, tx, &c.event).await;
        }
        let now = Timestamp::now();
        let booking = match tx.booking {
            Some(b) => app.store.bookings.get(b).await?,
            None => None,
        };
        let mut next = tx.clone();
        merge_refs(&mut next.gateway_ref, &c.refs);
        let flags = fraud::on_completion(app, &tx, &c, booking.as_ref()).await?;
        fraud::apply(&mut next.fraud, &flags);
        if let Some(e) = &c.event {
            next.webhooks
                .push(crate::domain::transaction::WebhookRecord {
                    source: e.gateway,
                    event_id: Some(e.event_id.clone()),
                    received_at: e.received_at,
                    payload: e.payload.clone(),
                });
        }
        next.record_status(T::Completed, Some(c.reason.clone()), now);
        let mut write = MoneyWrite::default();
        let mut moved: Option<(Booking, Booking)> = None;
        match (tx.kind, &booking) {
            (TransactionType::Payment, Some(b)) => {
                // Less than the total arrived (held for review): the booking's own proportions.
                let split = Split::of_booking(&b.pricing, c.received).unwrap_or(Split {
                    platform_fee: b.pricing.platform_fee,
                    tax: b.pricing.tax,
                    technician_earnings: b.pricing.technician_earnings,
                });
                next.split = Some(split.scaled(c.received.amount));
                next.payee = b.technician;
                next.escrow_release_at = Some(escrow_release_at(app, b, now));
                next.record_status(
                    T::Escrow,
                    Some("held until the dispute window ends".into()),
                    now,
                );
                write.lines = postings::payment(&next, c.received, now)?;
                if !next.fraud.held
                    && let Some(paid) = paid_booking(b, now)
                {
                    write.booking = Some((paid.clone(), b.version));
                    moved = Some((b.clone(), paid));
                }
            }
            (TransactionType::TopUp, _) if next.fraud.held => {
                // Not spendable until reviewed: held in escrow instead of the wallet.
                next.record_status(T::Escrow, Some("held for review".into()), now);
                write.lines = postings::payment(&next, c.received, now)?;
            }
            (TransactionType::TopUp, _) => {
                write.lines = postings::top_up(&next, c.received, now)?;
            }
            _ => {
                return Err(Error::internal(
                    "payments: completing a transaction",
                    anyhow::anyhow!("a {} has no completion by a gateway", tx.kind),
                ));
            }
        }
        let outcome = if next.fraud.held {
            EventOutcome::Flagged
        } else {
            EventOutcome::Applied
        };
        write.event = with_outcome(&c.event, id, outcome);
        write.update.push((next.clone(), tx.status));
        match app.store.ledger.apply_money(&write).await? {
            WriteOutcome::Applied => {
                // The technician hears of it once the money is held for their job (a payment
                // held for review tells them when it is approved).
                let technician = moved.as_ref().and(next.payee);
                if let Some((before, after)) = moved {
                    effects::after_write(app, &before, &after, Actor::System, &MoveData::default())
                        .await;
                }
                let change = PaymentChange::Received;
                app.publish(Event::payment(
                    &next, change, c.received, technician, None, now,
                ))
                .await;
                if next.fraud.held {
                    tracing::warn!(transaction.id = %id, flags = ?next.fraud.flags, "payment held for review");
                }
                return Ok(Settled::Applied(next));
            }
            WriteOutcome::DuplicateEvent => return Ok(Settled::Duplicate),
            WriteOutcome::Stale => continue,
        }
    }
    Err(busy())
}

/// The gateway reports that transaction `id` will not be paid (`failed` or `cancelled`).
pub async fn fail(
    app: &App,
    id: Id,
    status: T,
    reason: String,
    event: Option<GatewayEvent>,
) -> Result<Settled> {
    for _ in 0..MAX_ATTEMPTS {
        let tx = load(app, id).await?;
        if !AWAITING.contains(&tx.status) {
            return ignore(app, tx, &event).await;
        }
        let now = Timestamp::now();
        let mut next = tx.clone();
        next.failure_reason = Some(reason.clone());
        next.record_status(status, Some(reason.clone()), now);
        let write = MoneyWrite {
            update: vec![(next.clone(), tx.status)],
            event: with_outcome(&event, id, EventOutcome::Applied),
            ..Default::default()
        };
        match app.store.ledger.apply_money(&write).await? {
            WriteOutcome::Applied => {
                // A cancelled payment is the customer's own doing (they dismissed the prompt).
                if status == T::Failed
                    && matches!(next.kind, TransactionType::Payment | TransactionType::TopUp)
                {
                    let e = Event::payment(
                        &next,
                        PaymentChange::Failed,
                        next.amount,
                        None,
                        Some(reason.clone()),
                        now,
                    );
                    app.publish(e).await;
                }
                return Ok(Settled::Applied(next));
            }
            WriteOutcome::DuplicateEvent => return Ok(Settled::Duplicate),
            WriteOutcome::Stale => continue,
        }
    }
    Err(busy())
}

/// Moves a transaction between two non-money states (`initiated → pending`, `→ processing`),
/// merging gateway references. `None` when it had already moved on.
pub async fn advance(
    app: &App,
    id: Id,
    from: &[T],
    to: T,
    refs: &GatewayRef,
    event: Option<GatewayEvent>,
) -> Result<Option<Transaction>> {
    for _ in 0..MAX_ATTEMPTS {
        let tx = load(app, id).await?;
        if !from.contains(&tx.status) {
            ignore(app, tx, &event).await?;
            return Ok(None);
        }
        let mut next = tx.clone();
        merge_refs(&mut next.gateway_ref, refs);
        next.record_status(to, None, Timestamp::now());
        let write = MoneyWrite {
            update: vec![(next.clone(), tx.status)],
            event: with_outcome(&event, id, EventOutcome::Applied),
            ..Default::default()
        };
        match app.store.ledger.apply_money(&write).await? {
            WriteOutcome::Applied => return Ok(Some(next)),
            WriteOutcome::DuplicateEvent => return Ok(None),
            WriteOutcome::Stale => continue,
        }
    }
    Err(busy())
}

/// Keeps an event that changed nothing (late, out of order) as `ignored`.
pub async fn ignore(app: &App, tx: Transaction, event: &Option<GatewayEvent>) -> Result<Settled> {
    if let Some(e) = with_outcome(event, tx.id, EventOutcome::Ignored) {
        let write = MoneyWrite {
            event: Some(e),
            ..Default::default()
        };
        if app.store.ledger.apply_money(&write).await? == WriteOutcome::DuplicateEvent {
            return Ok(Settled::Duplicate);
        }
    }
    Ok(Settled::AlreadyDone(tx))
}

/// Keeps an event no transaction matches, for review (`unmatched`); never dropped.
pub async fn record_unmatched(app: &App, event: GatewayEvent) -> Result<()> {
    let write = MoneyWrite {
        event: Some(GatewayEvent {
            outcome: EventOutcome::Unmatched,
            transaction: None,
            ..event
        }),
        ..Default::default()
    };
    app.store.ledger.apply_money(&write).await.map(|_| ())
}

/// A new event record for a delivery from `gateway`.
pub fn event(
    gateway: Gateway,
    event_id: &str,
    kind: &str,
    payload: serde_json::Value,
) -> GatewayEvent {
    GatewayEvent {
        id: Id::new(),
        gateway,
        event_id: event_id.to_string(),
        kind: kind.to_string(),
        transaction: None,
        outcome: EventOutcome::Applied,
        payload,
        received_at: Timestamp::now(),
    }
}

pub(crate) fn busy() -> Error {
    Error::Conflict("the transaction is changing too quickly; try again".into())
}

/// Whether `flags` include one that holds money for review.
pub fn holds(flags: &[FraudFlag]) -> bool {
    flags.iter().any(|f| fraud::HOLDING.contains(f))
}

/// Writes an audit entry for an admin's money decision; a failure is logged, never returned
/// (the decision is stored).
pub async fn audit(
    app: &App,
    by: Id,
    action: &str,
    before: &Transaction,
    after: &Transaction,
    reason: Option<String>,
) {
    let label = match app.store.users.get(by).await {
        Ok(Some(u)) => u.email.to_string(),
        _ => format!("user:{by}"),
    };
    let mut entry = crate::domain::audit::AuditEntry::new(
        Some(by),
        label,
        action,
        "transaction",
        Some(after.id),
        after.updated_at,
    )
    .with_change(
        serde_json::json!({ "status": before.status, "refundedAmount": before.refunded_amount }),
        serde_json::json!({ "status": after.status, "refundedAmount": after.refunded_amount }),
    );
    if let Some(r) = reason {
        entry = entry.with_reason(r);
    }
    if let Err(e) = app.store.audit.insert(&entry).await {
        tracing::error!(error = %e, transaction.id = %after.id, "audit entry for a money decision was not written");
    }
}
