//! Writing a booking for matching and the jobs: load, change in memory, save with
//! compare-and-set on `version`.
//!
//! Matching changes a booking's status together with the data the change depends on (who is
//! offered, the candidate's answer, the next offer), so one write may hold several moves —
//! a lapsed offer goes assigned → matching → assigned to the next candidate at once, with no
//! moment where it sits in matching unoffered. `services::bookings::transition` writes one
//! move and, on a lost race, retries against the fresh state, which would let a second job
//! instance time out the *new* offer; here the change is judged against the snapshot the
//! caller decided on, and a lost race is simply skipped.
//!
//! Each move still goes through the same rules as every other booking write: [`Mover::step`]
//! applies the transition table (`Booking::apply_transition`) and then the bookings service's
//! rules for the move (`effects::prepare`: the estimate at the assigned technician's rate,
//! blocking a technician who declined, the warranty on verification), and once the write is
//! stored its side effects run exactly once (`effects::after_write`: realtime events, audit
//! of admin moves).

use std::collections::HashMap;

use crate::app::App;
use crate::domain::Timestamp;
use crate::domain::booking::{Actor, Booking, BookingStatus};
use crate::domain::id::Id;
use crate::domain::user::User;
use crate::error::{Error, Result};
use crate::services::bookings::MoveData;
use crate::services::bookings::effects::{self, Context};

/// How often a user action is retried when someone else changed the booking in between.
const USER_RETRIES: usize = 4;

/// One stored move, kept for its side effects.
struct Step {
    before: Booking,
    after: Booking,
    actor: Actor,
    data: MoveData,
}

/// Applies status moves to one in-memory booking with the bookings service's rules and
/// remembers them for the side effects that follow a successful write.
pub struct Mover<'a> {
    ctx: Context,
    /// Documents of the technicians who may be offered the booking in this change.
    users: &'a HashMap<Id, User>,
    steps: Vec<Step>,
}

impl<'a> Mover<'a> {
    /// A mover for one change at `ctx.now`, able to offer the booking to `users`.
    pub fn new(ctx: Context, users: &'a HashMap<Id, User>) -> Self {
        Mover {
            ctx,
            users,
            steps: Vec::new(),
        }
    }

    /// The time of this change.
    pub fn now(&self) -> Timestamp {
        self.ctx.now
    }

    /// Moves `b` to `to` on behalf of `actor`. For a move to `assigned` the caller sets
    /// `b.technician` first; with their document at hand the estimate follows their rate.
    pub fn step(
        &mut self,
        b: &mut Booking,
        to: BookingStatus,
        actor: Actor,
        reason: Option<String>,
    ) -> Result<()> {
        let before = b.clone();
        b.apply_transition(to, actor, reason, self.ctx.now)?;
        let technician = match to {
            BookingStatus::Assigned => b.technician.and_then(|t| self.users.get(&t).cloned()),
            _ => None,
        };
        let data = MoveData {
            technician,
            ..Default::default()
        };
        effects::prepare(&before, b, actor, &data, &self.ctx)?;
        self.steps.push(Step {
            before,
            after: b.clone(),
            actor,
            data,
        });
        Ok(())
    }
}

/// Applies `change` to `snapshot` at `now` and stores it if the stored booking is still at the
/// snapshot's version. `Ok(None)` when another writer got there first; `change` errors are
/// returned and nothing is written. `users` are the technicians the change may offer it to.
pub async fn save_if_unchanged(
    app: &App,
    snapshot: &Booking,
    users: &HashMap<Id, User>,
    now: Timestamp,
    change: impl FnOnce(&mut Booking, &mut Mover) -> Result<()>,
) -> Result<Option<Booking>> {
    let mut mover = Mover::new(Context::from_config(&app.config).at(now), users);
    let mut b = snapshot.clone();
    change(&mut b, &mut mover)?;
    if b.version == snapshot.version {
        // A change without a status move (new candidates, a block) still claims the version,
        // or two writers could both "win" against the same snapshot.
        b.version += 1;
        b.updated_at = now;
    }
    if !app
        .store
        .bookings
        .replace_if_version(&b, snapshot.version)
        .await?
    {
        return Ok(None);
    }
    for s in &mover.steps {
        effects::after_write(app, &s.before, &s.after, s.actor, &s.data).await;
    }
    Ok(Some(b))
}

/// Loads booking `id` and applies `change` to the current state, retrying on a lost race so
/// `change` always judges the latest state (a second accept then fails on the status, not on
/// a version it never saw). `NotFound` if the booking does not exist.
pub async fn update(
    app: &App,
    id: Id,
    users: &HashMap<Id, User>,
    now: Timestamp,
    mut change: impl FnMut(&mut Booking, &mut Mover) -> Result<()>,
) -> Result<(Booking, Booking)> {
    for _ in 0..USER_RETRIES {
        let current = load(app, id).await?;
        if let Some(saved) = save_if_unchanged(app, &current, users, now, &mut change).await? {
            return Ok((current, saved));
        }
    }
    Err(Error::Conflict(
        "the booking is changing right now; try again".into(),
    ))
}

/// The booking, or `NotFound`.
pub async fn load(app: &App, id: Id) -> Result<Booking> {
    app.store
        .bookings
        .get(id)
        .await?
        .ok_or(Error::NotFound("booking"))
}
