//! Settling a dispute — the one resolution service, for `POST /bookings/:id/dispute/resolve`
//! and `baitech disputes resolve` alike. An admin decides (refund all, part, split, or release
//! to the technician); the decision is recorded on the booking and the booking moves where the
//! outcome says; then the money held in escrow follows it (refund, release the rest). A
//! decision whose refund did not go through (a gateway failed) is finished by resolving again.

use std::collections::HashMap;

use super::{
    BookingSummary, MoneySoFar, Resolution, TransactionLine, money_outstanding, transactions,
};
use crate::app::App;
use crate::auth::{Caller, require_admin};
use crate::domain::booking::{BookingStatus, DisputeOutcome, DisputeResolution};
use crate::domain::money::Money;
use crate::domain::transaction::{Transaction, TransactionStatus, TransactionType};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::services::bookings::{MoveData, transition_with};
use crate::services::input::{Field, Problems};
use crate::services::payments::arrival::HOLDING;
use crate::services::payments::refunds::{self, RefundRequest};
use crate::services::payments::{escrow, flow};
use crate::store::{PageRequest, TransactionFilter};

/// The reason's length, in characters.
pub const REASON_CHARS: (usize, usize) = (3, 1_000);

/// A dispute decision as sent (`POST /bookings/:id/dispute/resolve`, or built by the CLI).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct ResolveDisputeInput {
    /// `refund_full`, `refund_partial`, `release_to_technician` or `split`.
    #[schema(value_type = String)]
    pub outcome: Field<String>,
    /// The refund: required for `refund_partial`, optional for `split` (half the total).
    #[schema(value_type = Option<Object>)]
    pub refund_amount: Field<Money>,
    #[schema(value_type = String)]
    pub reason: Field<String>,
}

/// Settles the dispute on booking `id` as `caller`, who must be an admin. A booking whose
/// decision still owes a refund gets only its money finished. Reports what moved.
///
/// `refund_full` refunds the total and `refund_partial` the given amount (0 < amount < total),
/// `split` the given amount or half the total — all end the booking as `refunded`;
/// `release_to_technician` refunds nothing and returns the booking to `paid` if it had been
/// paid, else to `verified` so payment proceeds.
pub async fn resolve(
    app: &App,
    caller: &Caller,
    id: Id,
    req: ResolveDisputeInput,
) -> Result<Resolution> {
    require_admin(caller)?;
    let booking = app
        .store
        .bookings
        .get(id)
        .await?
        .ok_or(Error::NotFound("booking"))?;
    let unfinished =
        booking.status != BookingStatus::Disputed && money_outstanding(app, &booking).await?;
    let before: HashMap<Id, TransactionStatus> = transactions(app, id)
        .await?
        .iter()
        .map(|t| (t.id, t.status))
        .collect();
    let moved = if unfinished {
        // Decided before, but the refund did not go through: finish the money only.
        settle_money(app, caller, id).await?;
        booking.clone()
    } else {
        decide(app, caller, &booking, req).await?
    };
    // Settling the money may move the booking again (a release returns it to `paid`).
    let now = app.store.bookings.get(id).await?.unwrap_or(moved);
    let after = transactions(app, id).await?;
    let resolution = now.dispute.as_ref().and_then(|d| d.resolution.as_ref());
    Ok(Resolution {
        booking: BookingSummary::from(&now),
        outcome: resolution.map(|r| r.outcome),
        refund_amount: resolution.and_then(|r| r.refund_amount),
        moved: after
            .iter()
            .filter(|t| before.get(&t.id) != Some(&t.status))
            .map(TransactionLine::from)
            .collect(),
        money: MoneySoFar::of(&after, Money::zero(booking.pricing.total.currency))?,
        record: now,
    })
}

/// Checks the decision against `booking`, records it (the booking leaves `disputed`, so it
/// cannot be made twice) and settles the money; returns the booking as moved.
async fn decide(
    app: &App,
    caller: &Caller,
    booking: &crate::domain::booking::Booking,
    req: ResolveDisputeInput,
) -> Result<crate::domain::booking::Booking> {
    let mut p = Problems::default();
    let raw_outcome = req.outcome.optional(&mut p, "outcome");
    let given = req.refund_amount.optional(&mut p, "refundAmount");
    let reason = match req.reason {
        Field::Invalid(why) => {
            p.push("reason", why);
            None
        }
        r => p.text("reason", r.ok().as_deref(), REASON_CHARS.0, REASON_CHARS.1),
    };
    let outcome = match raw_outcome.as_deref().map(DisputeOutcome::parse) {
        Some(Some(o)) => Some(o),
        _ if p.0.iter().any(|e| e.field == "outcome") => None,
        _ => {
            p.push(
                "outcome",
                "must be refund_full, refund_partial, release_to_technician or split",
            );
            None
        }
    };
    let total = booking.pricing.total;
    let refund = outcome.and_then(|o| refund_amount(o, given, total, &mut p));
    let ((outcome, refund), reason) = p.finish_with(outcome.zip(refund).zip(reason))?;
    let to = match outcome {
        DisputeOutcome::ReleaseToTechnician if booking.paid_at.is_some() => BookingStatus::Paid,
        DisputeOutcome::ReleaseToTechnician => BookingStatus::Verified,
        _ => BookingStatus::Refunded,
    };
    let data = MoveData {
        resolution: Some(DisputeResolution {
            outcome,
            refund_amount: refund,
            reason: reason.clone(),
            resolved_by: caller.id,
            resolved_at: Timestamp::now(),
        }),
        ..Default::default()
    };
    let moved = transition_with(app, booking.id, to, caller.actor(), Some(reason), data).await?;
    // The decision is recorded; now the money in escrow follows it. If a gateway fails here
    // the decision stands, escrow stays held until the refund it decided has gone through,
    // and resolving again finishes it.
    settle_money(app, caller, booking.id).await?;
    Ok(moved.booking)
}

/// The refund an outcome implies; `None` (with a problem) when the amount does not fit it.
fn refund_amount(
    outcome: DisputeOutcome,
    given: Option<Money>,
    total: Money,
    p: &mut Problems,
) -> Option<Option<Money>> {
    let strictly_inside =
        |m: Money| m.currency == total.currency && m.amount > 0 && m.amount < total.amount;
    match (outcome, given) {
        (DisputeOutcome::RefundFull, None) => Some(Some(total)),
        (DisputeOutcome::RefundFull, Some(m)) if m == total => Some(Some(total)),
        (DisputeOutcome::RefundFull, Some(_)) => {
            p.push(
                "refundAmount",
                "must be the booking's total (or left out) for a full refund",
            );
            None
        }
        (DisputeOutcome::ReleaseToTechnician, None) => Some(None),
        (DisputeOutcome::ReleaseToTechnician, Some(_)) => {
            p.push(
                "refundAmount",
                "must be left out when releasing the money to the technician",
            );
            None
        }
        (DisputeOutcome::Split, None) if total.amount > 1 => {
            Some(Some(Money::new(total.amount / 2, total.currency)))
        }
        (DisputeOutcome::RefundPartial | DisputeOutcome::Split, Some(m)) if strictly_inside(m) => {
            Some(Some(m))
        }
        _ => {
            p.push(
                "refundAmount",
                format!("must be more than 0 and less than the total ({total})"),
            );
            None
        }
    }
}

/// The money side of a dispute resolution, as recorded on the booking: the refund it decided
/// goes back to the customer through the gateway, then the rest of escrow is released to the
/// technician. Idempotent: it does only what is still missing, so after a gateway failure it is
/// run again (resolving a resolved booking does so). Nothing to do when the
/// booking was never paid.
async fn settle_money(app: &App, caller: &Caller, booking: Id) -> Result<Vec<Transaction>> {
    let Some(b) = app.store.bookings.get(booking).await? else {
        return Err(Error::NotFound("booking"));
    };
    if b.dispute
        .as_ref()
        .and_then(|d| d.resolution.as_ref())
        .is_none()
    {
        return Err(Error::Unprocessable(
            "the dispute has not been resolved".into(),
        ));
    }
    let payments = app
        .store
        .transactions
        .list_transactions(
            &TransactionFilter {
                booking: Some(booking),
                kind: Some(TransactionType::Payment),
                statuses: HOLDING.to_vec(),
                ..Default::default()
            },
            &PageRequest::first(10),
        )
        .await?;
    let Some(payment) = payments.items.into_iter().next() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let reason = b
        .dispute
        .as_ref()
        .and_then(|d| d.resolution.as_ref())
        .map(|r| r.reason.clone())
        .unwrap_or_default();
    if let Some(amount) = refunds::outstanding_refund(&b, &payment)? {
        let r = refunds::refund_as(
            app,
            payment.id,
            caller.id,
            RefundRequest {
                amount: Some(amount),
                destination: Some("original".into()),
                reason: Some(reason),
            },
            true,
        )
        .await?;
        out.push(r);
    }
    let after = flow::load(app, payment.id).await?;
    if HOLDING.contains(&after.status) && after.refundable()?.amount > 0 {
        out.push(escrow::release(app, payment.id, caller.actor()).await?);
    }
    Ok(out)
}
