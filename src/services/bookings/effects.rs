//! What a move does besides changing the status, keyed to the state it moves to — the only
//! place that knows it:
//!
//! | target | in the same write | after the write |
//! |---|---|---|
//! | `assigned` | the technician (and a fresh estimate at their rate); out of `matching` customers pick only from the candidates; never a technician who declined | |
//! | `matching` | from `assigned`: the declining technician is blocked and unassigned, the estimate reset | |
//! | `in_progress` | from `arrived`: refused while a quote awaits the customer | |
//! | `completed` | refused until the category's required QA checkpoints are recorded | technician's completed-jobs count |
//! | `verified` | starts the category's warranty (and with it the dispute window) | |
//! | `disputed` | the dispute record; after verification only inside the dispute window, unless it is a warranty claim | |
//! | out of `disputed` | only with an admin's resolution, which is recorded | audit entry `dispute.resolve` |
//! | `cancelled` | the cancellation record and its fee | technician's cancelled-jobs count when they cancelled |
//! | `paid` → `refunded` | a reason is required | |
//!
//! Every admin move is audit-logged and every move is published as a realtime event.

use chrono::Duration;
use serde_json::json;

use super::access;
use super::catalog;
use super::estimate;
use crate::app::App;
use crate::config::Config;
use crate::domain::Timestamp;
use crate::domain::audit::AuditEntry;
use crate::domain::booking::cancellation::{self, FeeRule};
use crate::domain::booking::pricing::{self, Rates};
use crate::domain::booking::{
    Actor, Booking, BookingStatus as S, Cancellation, Dispute, DisputeResolution, DisputeStatus,
    Warranty, WarrantyClaim,
};
use crate::domain::user::{Role, User};
use crate::error::{Error, FieldError, Result};
use crate::realtime::Event;

/// Data a move carries, validated by the service function that asks for the move.
#[derive(Debug, Clone, Default)]
pub struct MoveData {
    /// The technician being assigned (moves to `assigned`).
    pub technician: Option<User>,
    /// The dispute being opened with its details (moves to `disputed`).
    pub dispute: Option<Dispute>,
    /// An admin's decision on the open dispute (moves out of `disputed`).
    pub resolution: Option<DisputeResolution>,
    /// The warranty claim that opens the dispute.
    pub warranty_claim: Option<WarrantyClaim>,
}

/// Configuration the rules read, and the time of the move.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub rates: Rates,
    pub dispute_window: Duration,
    pub now: Timestamp,
}

impl Context {
    pub fn from_config(c: &Config) -> Self {
        Context {
            rates: estimate::rates(c),
            dispute_window: Duration::hours(i64::from(c.bookings.dispute_window_hours)),
            now: Timestamp::now(),
        }
    }

    pub fn at(self, now: Timestamp) -> Self {
        Context { now, ..self }
    }
}

fn unprocessable(msg: impl Into<String>) -> Error {
    Error::Unprocessable(msg.into())
}

/// Applies the rules of the move `current → next.status` to `next` (already moved by
/// `apply_transition`). Pure: everything it needs is in its arguments. Returns the fee rule
/// of a cancellation.
pub fn prepare(
    current: &Booking,
    next: &mut Booking,
    actor: Actor,
    data: &MoveData,
    ctx: &Context,
) -> Result<Option<FeeRule>> {
    let (from, to) = (current.status, next.status);
    if data.resolution.is_some() && from != S::Disputed {
        return Err(unprocessable("the booking has no open dispute"));
    }
    let mut fee_rule = None;
    match (from, to) {
        (_, S::Assigned) => assign(current, next, actor, data, ctx)?,
        (S::Assigned, S::Matching) => {
            // A technician who declined (or let the offer lapse) is not offered the job again.
            if let Some(t) = next.technician.take()
                && !next.matching.blocked_technicians.contains(&t)
            {
                next.matching.blocked_technicians.push(t);
            }
            next.pricing = estimate::estimate(next, None, ctx.rates)?;
            next.matching.started_at.get_or_insert(ctx.now);
        }
        (_, S::Matching) => {
            next.matching.started_at.get_or_insert(ctx.now);
        }
        (S::Arrived, S::InProgress) if pricing::awaiting_acceptance(&next.pricing) => {
            return Err(unprocessable(
                "the customer has not accepted the technician's quote yet",
            ));
        }
        (_, S::Completed) => {
            let missing = missing_checkpoints(next);
            if !missing.is_empty() {
                return Err(unprocessable(format!(
                    "record the required QA checkpoints first: {}",
                    missing.join(", ")
                )));
            }
        }
        (S::Disputed, _) => {
            let Some(resolution) = &data.resolution else {
                return Err(unprocessable(
                    "a dispute is settled with POST /bookings/{id}/dispute/resolve",
                ));
            };
            if let Some(d) = next.dispute.as_mut() {
                d.status = DisputeStatus::Resolved;
                d.resolution = Some(resolution.clone());
            }
        }
        (_, S::Disputed) => open_dispute(current, next, actor, data, ctx)?,
        (_, S::Cancelled) => {
            let (fee, rule) = cancellation::assess(current, actor, ctx.now);
            let (Some(by), Some(by_role)) = (actor.id(), actor.role()) else {
                return Err(Error::Forbidden(
                    "a background job may not cancel a booking".into(),
                ));
            };
            next.cancellation = Some(Cancellation {
                by,
                by_role,
                reason: next.status_history.last().and_then(|h| h.reason.clone()),
                fee,
                at: ctx.now,
            });
            fee_rule = Some(rule);
        }
        (S::Paid, S::Refunded) if last_reason(next).is_none() => {
            return Err(Error::Validation(vec![FieldError::new(
                "reason",
                "is required to refund a paid booking",
            )]));
        }
        _ => {}
    }
    if to == S::Verified && next.warranty.is_none() {
        let days = catalog::rules(&next.service_category).warranty_days;
        next.warranty = Some(Warranty::new(days, ctx.now));
    }
    Ok(fee_rule)
}

fn last_reason(b: &Booking) -> Option<&str> {
    b.status_history.last().and_then(|h| h.reason.as_deref())
}

/// Names of the category's required checkpoints not yet recorded.
pub fn missing_checkpoints(b: &Booking) -> Vec<String> {
    b.qa_checkpoints
        .iter()
        .filter(|c| c.required && c.completed_at.is_none())
        .map(|c| c.name.clone())
        .collect()
}

fn assign(
    current: &Booking,
    next: &mut Booking,
    actor: Actor,
    data: &MoveData,
    ctx: &Context,
) -> Result<()> {
    let Some(tech) = &data.technician else {
        if next.technician.is_none() {
            return Err(unprocessable(
                "choose the technician with PUT /bookings/{id}/assign-technician",
            ));
        }
        return Ok(());
    };
    if current.matching.blocked_technicians.contains(&tech.id) {
        return Err(unprocessable(
            "this technician declined the booking or was excluded",
        ));
    }
    // Once matching runs, a customer chooses among the technicians it found; a new booking
    // (pending) may name any active technician.
    if current.status == S::Matching
        && access::is_customer_side(current, actor)
        && !current
            .matching
            .candidates
            .iter()
            .any(|c| c.technician == tech.id)
    {
        return Err(Error::Forbidden(
            "customers may pick only from the booking's matched candidates".into(),
        ));
    }
    next.technician = Some(tech.id);
    if next.pricing.quoted_by.is_none() {
        next.pricing = estimate::estimate(next, Some(tech), ctx.rates)?;
    }
    Ok(())
}

fn open_dispute(
    current: &Booking,
    next: &mut Booking,
    actor: Actor,
    data: &MoveData,
    ctx: &Context,
) -> Result<()> {
    let after_verification = matches!(current.status, S::Verified | S::PaymentPending | S::Paid);
    if let Some(claim) = &data.warranty_claim {
        let Some(w) = next.warranty.as_mut() else {
            return Err(unprocessable(
                "the work has no warranty (it was never verified)",
            ));
        };
        if !w.covers(ctx.now) {
            return Err(unprocessable(format!(
                "the warranty ended at {}",
                w.ends_at
            )));
        }
        w.claims.push(claim.clone());
    } else if after_verification
        && let Some(verified) = current.verified_at
        && ctx.now > verified.plus(ctx.dispute_window)
    {
        return Err(unprocessable(format!(
            "the dispute window closed at {}; a warranty claim may still be possible",
            verified.plus(ctx.dispute_window)
        )));
    }
    let dispute = match &data.dispute {
        Some(d) => d.clone(),
        None => {
            let Some(reason) = last_reason(next) else {
                return Err(Error::Validation(vec![FieldError::new(
                    "reason",
                    "is required to open a dispute",
                )]));
            };
            Dispute {
                opened_by: actor.id().unwrap_or(current.customer),
                reason: reason.to_string(),
                description: None,
                evidence: Vec::new(),
                status: DisputeStatus::Open,
                resolution: None,
                opened_at: ctx.now,
            }
        }
    };
    next.dispute = Some(dispute);
    Ok(())
}

/// Side effects outside the booking document, run once by the writer that stored the move.
/// Failures are logged: the move itself is stored and must not be reported as failed.
pub async fn after_write(
    app: &App,
    current: &Booking,
    next: &Booking,
    actor: Actor,
    data: &MoveData,
) {
    if actor.role() == Some(Role::Admin)
        && let Err(e) = audit(app, current, next, actor, data).await
    {
        tracing::error!(error = %e, booking.id = %next.id, "audit entry for an admin move was not written");
    }
    let tech_stat = match next.status {
        S::Completed => next.technician.map(|t| (t, true)),
        S::Cancelled if actor.role() == Some(Role::Technician) => actor.id().map(|t| (t, false)),
        _ => None,
    };
    if let Some((tech, completed)) = tech_stat
        && let Err(e) = count_job(app, tech, completed).await
    {
        tracing::error!(error = %e, user.id = %tech, "technician job statistics not updated");
    }
    if next.technician.is_some()
        && next.technician != current.technician
        && let Err(e) = crate::services::chat::conversations::ensure_for_booking(app, next).await
    {
        tracing::error!(error = %e, booking.id = %next.id, "the booking's conversation was not opened");
    }
    app.publish(Event::status_changed(next, current.status))
        .await;
}

async fn audit(
    app: &App,
    current: &Booking,
    next: &Booking,
    actor: Actor,
    data: &MoveData,
) -> Result<()> {
    let actor_id = actor.id();
    let label = match actor_id {
        Some(id) => match app.store.users.get(id).await? {
            Some(u) => u.email.to_string(),
            None => format!("user:{id}"),
        },
        None => "system".to_string(),
    };
    let at = next.updated_at;
    let entry = if let Some(r) = &data.resolution {
        AuditEntry::new(
            actor_id,
            label,
            "dispute.resolve",
            "booking",
            Some(next.id),
            at,
        )
        .with_change(
            json!({ "status": current.status, "dispute": current.dispute }),
            json!({ "status": next.status, "resolution": r }),
        )
        .with_reason(r.reason.clone())
    } else {
        let e = AuditEntry::new(
            actor_id,
            label,
            "booking.transition",
            "booking",
            Some(next.id),
            at,
        )
        .with_change(
            json!({ "status": current.status }),
            json!({ "status": next.status }),
        );
        match last_reason(next) {
            Some(r) => e.with_reason(r),
            None => e,
        }
    };
    app.store.audit.insert(&entry).await
}

/// Counts a completed or technician-cancelled job and recomputes the completion rate.
async fn count_job(app: &App, technician: crate::domain::Id, completed: bool) -> Result<()> {
    // By increment in the store: parallel jobs all count, and no other field is rewritten.
    let (done, cancelled) = if completed { (1, 0) } else { (0, 1) };
    app.store
        .users
        .add_job_counts(technician, done, cancelled)
        .await
}
