//! Escrow: a booking payment is held until the dispute window after verification ends (or an
//! admin releases it), then split between the platform's fee, the tax and the technician's
//! payable. A payment the fraud rules held waits for an admin's review.

use serde::Deserialize;

use super::arrival::HOLDING;
use super::flow::{self, MAX_ATTEMPTS, audit};
use super::postings;
use super::refunds::{self, RefundRequest};
use crate::app::App;
use crate::auth::require_admin_actor;
use crate::domain::booking::{Actor, BookingStatus};
use crate::domain::transaction::{Transaction, TransactionStatus as T, TransactionType};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::realtime::{Event, PaymentChange};
use crate::services::bookings::{MoveData, effects};
use crate::services::input::Field;
use crate::services::jobs::{JobRun, Outcome};
use crate::store::{MoneyWrite, PageRequest, TransactionFilter, WriteOutcome};

/// The technician `tx` is released to, or why it cannot be released now by `actor`.
async fn releasable(
    app: &App,
    tx: &Transaction,
    actor: Actor,
    now: Timestamp,
) -> Result<Result<Id, String>> {
    if tx.kind != TransactionType::Payment || !HOLDING.contains(&tx.status) {
        return Ok(Err(format!("the payment is {}, not in escrow", tx.status)));
    }
    if tx.refundable()?.amount <= 0 {
        return Ok(Err("nothing is left in escrow".into()));
    }
    if tx.fraud.held {
        return Ok(Err("the payment is held for fraud review".into()));
    }
    let booking = match tx.booking {
        Some(b) => app.store.bookings.get(b).await?,
        None => None,
    };
    let Some(b) = booking else {
        return Ok(Err("the payment has no booking".into()));
    };
    let Some(technician) = b.technician else {
        return Ok(Err("the booking has no technician".into()));
    };
    if b.status == BookingStatus::Disputed {
        return Ok(Err("the booking is disputed".into()));
    }
    if let Some(owed) = super::refunds::outstanding_refund(&b, tx)? {
        return Ok(Err(format!(
            "the dispute decided a refund of {owed} that has not gone through yet; run `baitech disputes resolve {}` again",
            b.id
        )));
    }
    if actor == Actor::System && tx.escrow_release_at.is_none_or(|t| t > now) {
        return Ok(Err("the dispute window has not ended".into()));
    }
    Ok(Ok(technician))
}

/// What an attempt to release came to.
enum Attempt {
    Released(Transaction),
    /// Not releasable now; `current` is the payment as it was judged.
    Refused {
        why: String,
        current: Transaction,
    },
}

/// Releases what is left in escrow of payment `id`: the system once the dispute window ended,
/// an admin at any time (not while disputed or held). Returns the released payment.
pub async fn release(app: &App, id: Id, actor: Actor) -> Result<Transaction> {
    release_at(app, id, actor, Timestamp::now()).await
}

/// [`release`] judged at `now` (the release job passes the time of its run).
pub async fn release_at(app: &App, id: Id, actor: Actor, now: Timestamp) -> Result<Transaction> {
    if actor != Actor::System {
        require_admin_actor(actor, "does this")?;
    }
    match try_release(app, id, actor, now).await? {
        Attempt::Released(tx) => Ok(tx),
        Attempt::Refused { why, .. } => Err(Error::Unprocessable(format!("cannot release: {why}"))),
    }
}

async fn try_release(app: &App, id: Id, actor: Actor, now: Timestamp) -> Result<Attempt> {
    for _ in 0..MAX_ATTEMPTS {
        let tx = flow::load(app, id).await?;
        let technician = match releasable(app, &tx, actor, now).await? {
            Ok(technician) => technician,
            Err(why) => return Ok(Attempt::Refused { why, current: tx }),
        };
        let left = tx.refundable()?;
        let split = tx
            .split
            .clone()
            .map(|s| s.scaled(left.amount))
            .ok_or_else(|| Error::Unprocessable("the payment has no split".into()))?;
        let mut next = tx.clone();
        next.payee = Some(technician);
        next.record_status(
            T::Released,
            Some(match actor {
                Actor::System => "dispute window ended".to_string(),
                _ => "released by an admin".to_string(),
            }),
            now,
        );
        let write = MoneyWrite {
            lines: postings::release(&tx, technician, &split, now)?,
            update: vec![(next.clone(), tx.status)],
            ..Default::default()
        };
        match app.store.ledger.apply_money(&write).await? {
            WriteOutcome::Applied => {
                if let Actor::User { id: by, .. } = actor {
                    audit(app, by, "payment.release", &tx, &next, None).await;
                }
                let earned = split.technician_earnings;
                let e = Event::payment(
                    &next,
                    PaymentChange::Released,
                    earned,
                    Some(technician),
                    None,
                    now,
                );
                app.publish(e).await;
                return Ok(Attempt::Released(next));
            }
            _ => continue,
        }
    }
    Err(flow::busy())
}

/// Job `escrow_release`: releases payments whose dispute window ended.
pub async fn release_due(app: &App, now: Timestamp, run: &mut JobRun) -> Result<()> {
    let filter = TransactionFilter {
        kind: Some(TransactionType::Payment),
        statuses: HOLDING.to_vec(),
        escrow_due_by: Some(now),
        ..Default::default()
    };
    let page = app
        .store
        .transactions
        .list_transactions(&filter, &PageRequest::first(200))
        .await?;
    run.scanned += page.items.len() as u64;
    for tx in page.items {
        let outcome = match try_release(app, tx.id, Actor::System, now).await {
            Ok(Attempt::Released(_)) => Ok(Outcome::Changed),
            // Someone changed the payment after the scan.
            Ok(Attempt::Refused { current, .. }) if current.updated_at != tx.updated_at => {
                Ok(Outcome::LostRace)
            }
            // Not due after all (held, disputed, a refund outstanding): the next run looks again.
            Ok(Attempt::Refused { .. }) => continue,
            Err(e) => Err(e),
        };
        run.record(tx.id, outcome);
    }
    Ok(())
}

/// `POST /payments/transactions/:id/review` as sent.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct ReviewRequest {
    /// `approve` or `reject`.
    #[schema(value_type = String)]
    pub decision: Field<String>,
    #[schema(value_type = String)]
    pub reason: Field<String>,
}

/// An admin reviews a payment the fraud rules held: `approve` lets it proceed (the booking is
/// marked paid), `reject` refunds it in full to where it came from.
pub async fn review(app: &App, id: Id, actor: Actor, req: ReviewRequest) -> Result<Transaction> {
    let by = require_admin_actor(actor, "does this")?;
    let mut p = crate::services::input::Problems::default();
    let reason = req.reason.text(&mut p, "reason", 3, 500);
    let decision = req.decision.read(&mut p, "decision");
    let approve = match decision.as_ref().map(|d| d.as_deref()) {
        None => None,
        Some(Some("approve")) => Some(true),
        Some(Some("reject")) => Some(false),
        Some(_) => {
            p.push("decision", "must be approve or reject");
            None
        }
    };
    let (approve, reason) = p.finish_with(approve.zip(reason))?;
    for _ in 0..MAX_ATTEMPTS {
        let tx = flow::load(app, id).await?;
        if !tx.fraud.held || tx.fraud.reviewed_at.is_some() {
            return Err(Error::Conflict(
                "the transaction is not waiting for review".into(),
            ));
        }
        let now = Timestamp::now();
        let mut next = tx.clone();
        next.fraud.held = false;
        next.fraud.reviewed_by = Some(by);
        next.fraud.reviewed_at = Some(now);
        next.updated_at = now;
        let mut write = MoneyWrite {
            update: vec![(next.clone(), tx.status)],
            ..Default::default()
        };
        let mut moved = None;
        if approve && tx.kind == TransactionType::TopUp && tx.status == T::Escrow {
            // A held top-up reaches the wallet only now: what arrived, as escrow recorded it.
            let held: i64 = app
                .store
                .ledger
                .transaction_lines(tx.id)
                .await?
                .iter()
                .filter(|l| l.account == crate::domain::ledger::Account::escrow())
                .map(|l| -l.amount)
                .sum();
            let held = crate::domain::money::Money::new(held, tx.amount.currency);
            write.lines = super::postings::held_top_up(&tx, held, now)?;
            next.record_status(T::Completed, Some("approved after review".into()), now);
            write.update = vec![(next.clone(), tx.status)];
        }
        if approve
            && HOLDING.contains(&tx.status)
            && let Some(bid) = tx.booking
            && let Some(b) = app.store.bookings.get(bid).await?
            && let Some(paid) = flow::paid_booking(&b, now)
        {
            write.booking = Some((paid.clone(), b.version));
            moved = Some((b, paid));
        }
        if !approve {
            // Marked as reviewed by the same write that the refund below starts from.
            next.fraud.held = true;
            write.update = vec![(next.clone(), tx.status)];
        }
        match app.store.ledger.apply_money(&write).await? {
            WriteOutcome::Applied => {
                if let Some((before, after)) = moved {
                    effects::after_write(app, &before, &after, Actor::System, &MoveData::default())
                        .await;
                    // Approved: the money is now held for the technician's job.
                    let e = Event::payment(
                        &next,
                        PaymentChange::Held,
                        next.amount,
                        next.payee,
                        None,
                        now,
                    );
                    app.publish(e).await;
                }
                let action = if approve {
                    "payment.approve"
                } else {
                    "payment.reject"
                };
                audit(app, by, action, &tx, &next, Some(reason.clone())).await;
                if !approve && HOLDING.contains(&next.status) {
                    let left = next.refundable()?;
                    refunds::refund_as(
                        app,
                        id,
                        by,
                        RefundRequest {
                            amount: Some(left),
                            destination: Some("original".into()),
                            reason: Some(reason),
                        },
                        true,
                    )
                    .await?;
                    return flow::load(app, id).await;
                }
                return Ok(next);
            }
            _ => continue,
        }
    }
    Err(flow::busy())
}
