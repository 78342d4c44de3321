//! Writing bookings safely: every change is load → change in memory → compare-and-set on
//! `version`, retried when another writer got there first.
//!
//! For a status move, a retry runs the whole move again against the fresh booking, so the
//! transition table judges the state the booking is really in: if the move is still allowed it
//! is applied (the other writer changed something compatible), otherwise the caller gets the
//! same 409 `INVALID_TRANSITION` as if it had asked a moment later. Only the writer whose
//! compare-and-set succeeded runs the side effects outside the document (audit entry,
//! technician statistics, realtime event), so each happens once per move.

use crate::app::App;
use crate::domain::Id;
use crate::domain::Timestamp;
use crate::domain::booking::cancellation::FeeRule;
use crate::domain::booking::{Actor, Booking, BookingStatus};
use crate::error::{Error, FieldError, Result};
use crate::realtime::{BookingChange, Event};

use super::access;
use super::effects::{self, MoveData};

/// Attempts before giving up on a booking that keeps changing under us.
const MAX_ATTEMPTS: usize = 8;
/// The longest reason a status change may carry.
pub const MAX_REASON: usize = 500;

/// A completed move: the stored booking, where it came from, and for cancellations the rule
/// that priced the fee.
#[derive(Debug, Clone)]
pub struct Moved {
    pub booking: Booking,
    pub from: BookingStatus,
    pub fee_rule: Option<FeeRule>,
}

/// Moves booking `id` to `to` on behalf of `actor`: the one entry point for status changes,
/// used by the HTTP routes and by background jobs (matching, expiry, auto-verify).
///
/// `NotFound` when the booking does not exist or `actor` may not see it, `InvalidTransition`
/// (409, naming what `actor` may do instead) or `Forbidden` from the transition table, and
/// `Unprocessable` when a rule of the target state is not met (see [`effects`]).
pub async fn transition(
    app: &App,
    id: Id,
    to: BookingStatus,
    actor: Actor,
    reason: Option<String>,
) -> Result<Booking> {
    transition_with(app, id, to, actor, reason, MoveData::default())
        .await
        .map(|m| m.booking)
}

/// [`transition`] carrying data the move needs in the same write (the technician being
/// assigned, the dispute being opened or resolved, a warranty claim).
pub async fn transition_with(
    app: &App,
    id: Id,
    to: BookingStatus,
    actor: Actor,
    reason: Option<String>,
    data: MoveData,
) -> Result<Moved> {
    let reason = clean_reason(reason)?;
    let ctx = effects::Context::from_config(&app.config);
    for _ in 0..MAX_ATTEMPTS {
        let current = access::load_visible(app, id, actor).await?;
        let now = Timestamp::now();
        let mut next = current.clone();
        next.apply_transition(to, actor, reason.clone(), now)?;
        let fee_rule = effects::prepare(&current, &mut next, actor, &data, &ctx.at(now))?;
        if app
            .store
            .bookings
            .replace_if_version(&next, current.version)
            .await?
        {
            effects::after_write(app, &current, &next, actor, &data).await;
            return Ok(Moved {
                booking: next,
                from: current.status,
                fee_rule,
            });
        }
        tracing::debug!(booking.id = %id, to = %to, "lost a write race; retrying against the new state");
    }
    Err(busy())
}

/// Applies `edit` (which may refuse with an error) to booking `id` as `actor` sees it and
/// stores it with compare-and-set, retrying on a lost race; publishes `change` once stored.
/// Edits that do not move the status still bump `version`, so two of them cannot both win.
pub async fn update_with<F>(
    app: &App,
    id: Id,
    actor: Actor,
    change: BookingChange,
    mut edit: F,
) -> Result<Booking>
where
    F: FnMut(&mut Booking, Timestamp) -> Result<()>,
{
    for _ in 0..MAX_ATTEMPTS {
        let current = access::load_visible(app, id, actor).await?;
        let now = Timestamp::now();
        let mut next = current.clone();
        edit(&mut next, now)?;
        next.version = current.version + 1;
        next.updated_at = now;
        if app
            .store
            .bookings
            .replace_if_version(&next, current.version)
            .await?
        {
            app.publish(Event::updated(&next, change)).await;
            return Ok(next);
        }
    }
    Err(busy())
}

fn busy() -> Error {
    Error::Conflict("the booking is changing too quickly; try again".into())
}

fn clean_reason(reason: Option<String>) -> Result<Option<String>> {
    let reason = reason
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    match &reason {
        Some(r) if r.chars().count() > MAX_REASON => Err(Error::Validation(vec![FieldError::new(
            "reason",
            format!("must be at most {MAX_REASON} characters"),
        )])),
        _ => Ok(reason),
    }
}
