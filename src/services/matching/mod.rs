//! Matching a booking with a technician.
//!
//! [`find_for_booking`] ranks technicians near the service location and stores the best
//! `MATCH_CANDIDATES` on the booking (pending → matching; the expiry clock starts). Then either
//! the system offers the job to the best candidate ([`auto_assign`], or `autoAssign` on find)
//! or the customer picks one ([`pick`]); both are matching → assigned. The offered technician
//! [`accept`]s (assigned → accepted) or [`reject`]s (assigned → matching, and the next open
//! candidate is offered at once). `services::jobs` handles offers nobody answered within
//! `MATCH_RESPONSE_MINUTES` ([`time_out`]) and bookings that found nobody within
//! `MATCH_EXPIRY_MINUTES` ([`expire`]), and picks up bookings moved to matching elsewhere
//! ([`advance`]).
//!
//! Every write is one compare-and-set of the booking ([`moves`]) whose status moves go through
//! the transition table and the bookings service's rules and side effects.
//!
//! Customer preferences and blocks are per booking: the `User` document has no place for them
//! and a cache entry would be lost on restart. Blocks persist in
//! `booking.matching.blocked_technicians`; preferred technicians, maximum distance and minimum
//! rating shape the ranking stored when they are given, and a later automatic re-search (once
//! every stored candidate was tried) applies only the blocks.

pub mod moves;
mod notify;
mod offers;
mod search;

use std::collections::HashMap;

use crate::app::App;
use crate::config::MatchingSettings;
use crate::domain::booking::matching::JobSpec;
use crate::domain::booking::{Actor, Booking, BookingStatus, MatchCandidate, MatchResponse};
use crate::domain::id::Id;
use crate::domain::user::{Role, User};
use crate::domain::{GeoPoint, Money, Timestamp};
use crate::error::{Error, Result};
use crate::store::{BookingFilter, PageRequest};
use moves::Mover;

pub use offers::{is_expired, offer_deadline};
pub use search::{POOL, Preferences, Ranking};

/// A booking after a matching step, with the candidates' documents for the views.
#[derive(Debug, Clone)]
pub struct Matched {
    pub booking: Booking,
    pub technicians: HashMap<Id, User>,
}

/// A search without a booking ("who could do this?").
#[derive(Debug, Clone)]
pub struct AdHocRequest {
    pub category: String,
    pub location: GeoPoint,
    pub scheduled_at: Timestamp,
    pub budget: Option<Money>,
    pub skills: Vec<String>,
    pub duration_minutes: Option<u32>,
}

/// Bookings are the customer's (or their company's) business; admins see all. Anyone else
/// gets `NotFound`, so ids of other people's bookings reveal nothing.
fn customer_side(b: &Booking, actor: Actor) -> Result<()> {
    match actor {
        Actor::User {
            role: Role::Admin, ..
        } => Ok(()),
        Actor::User { id, .. } if b.customer == id || b.corporate_account == Some(id) => Ok(()),
        _ => Err(Error::NotFound("booking")),
    }
}

async fn ranking_for(
    app: &App,
    b: &Booking,
    prefs: &Preferences,
    now: Timestamp,
) -> Result<Ranking> {
    let spec = JobSpec::for_booking(b, app.config.matching.radius_km, now).ok_or_else(|| {
        Error::Unprocessable("the booking's service location is not a valid point".into())
    })?;
    search::rank(
        app,
        spec,
        b.customer,
        &b.matching.blocked_technicians,
        prefs,
    )
    .await
}

fn candidates(r: &Ranking) -> Vec<MatchCandidate> {
    r.ranked
        .iter()
        .cloned()
        .map(|s| s.into_candidate())
        .collect()
}

/// `known` plus the documents of every technician listed on `b` or in `more` (the views show
/// them; an offer recomputes the estimate at the technician's rate).
async fn technicians(
    app: &App,
    b: &Booking,
    more: Option<&[MatchCandidate]>,
    mut known: HashMap<Id, User>,
) -> Result<HashMap<Id, User>> {
    let listed = b.matching.candidates.iter().chain(more.unwrap_or_default());
    let mut missing: Vec<Id> = listed
        .map(|c| c.technician)
        .filter(|t| !known.contains_key(t))
        .collect();
    missing.sort_by_key(Id::to_hex);
    missing.dedup();
    if !missing.is_empty() {
        known.extend(
            app.store
                .users
                .get_many(&missing)
                .await?
                .into_iter()
                .map(|u| (u.id, u)),
        );
    }
    Ok(known)
}

/// Blocks each of `blocked` on `b`, withdrawing the current offer if it is to one of them.
fn apply_blocks(
    b: &mut Booking,
    mv: &mut Mover,
    blocked: &[Id],
    settings: &MatchingSettings,
) -> Result<bool> {
    let mut withdrawn = false;
    for t in blocked {
        if offers::block(b, *t) {
            let why = "offer withdrawn: the customer blocked this technician".to_string();
            offers::end_offer(b, mv, Actor::System, None, why, settings)?;
            withdrawn = true;
        }
    }
    Ok(withdrawn)
}

/// Ranks technicians for booking `id`, stores the candidates and starts matching; with
/// `auto_assign` the best is offered the job straight away. Also how preferences are set.
pub async fn find_for_booking(
    app: &App,
    actor: Actor,
    id: Id,
    prefs: &Preferences,
    auto_assign: bool,
    now: Timestamp,
) -> Result<Matched> {
    prefs.validate()?;
    let current = moves::load(app, id).await?;
    customer_side(&current, actor)?;
    let ranking = ranking_for(app, &current, prefs, now).await?;
    let list = candidates(&ranking);
    let users = technicians(app, &current, None, ranking.technicians).await?;
    let settings = app.config.matching;
    let (before, after) = moves::update(app, id, &users, now, |b, mv| {
        let withdrawn = apply_blocks(b, mv, &prefs.blocked, &settings)?;
        offers::start(b, mv, actor, list.clone(), &settings)?;
        if (auto_assign || withdrawn) && b.status == BookingStatus::Matching {
            offers::offer_next(b, mv)?;
        }
        Ok(())
    })
    .await?;
    notify::changes(app, &before, &after, now).await;
    Ok(Matched {
        booking: after,
        technicians: users,
    })
}

/// Ranks technicians for a job that is not booked yet; nothing is stored.
pub async fn find_ad_hoc(
    app: &App,
    actor: Actor,
    req: AdHocRequest,
    prefs: &Preferences,
    now: Timestamp,
) -> Result<Ranking> {
    prefs.validate()?;
    let spec = JobSpec {
        category: req.category,
        skills: req.skills,
        location: req.location,
        scheduled_at: req.scheduled_at,
        duration_minutes: req.duration_minutes.unwrap_or(120),
        budget: req.budget,
        search_radius_km: app.config.matching.radius_km,
        now,
        rating_prior: app.config.reviews.prior,
    };
    let customer = actor.id().unwrap_or_default();
    search::rank(app, spec, customer, &[], prefs).await
}

/// The customer offers the booking to one of its candidates (matching → assigned).
pub async fn pick(
    app: &App,
    actor: Actor,
    id: Id,
    technician: Id,
    now: Timestamp,
) -> Result<Matched> {
    let current = moves::load(app, id).await?;
    customer_side(&current, actor)?;
    let users = technicians(app, &current, None, HashMap::new()).await?;
    let (before, after) = moves::update(app, id, &users, now, |b, mv| {
        offers::offer(b, mv, technician, actor)
    })
    .await?;
    notify::changes(app, &before, &after, now).await;
    Ok(Matched {
        booking: after,
        technicians: users,
    })
}

/// The system offers the booking to the best open candidate, searching again first when every
/// stored one was tried. `Unprocessable` when nobody is available.
pub async fn auto_assign(app: &App, actor: Actor, id: Id, now: Timestamp) -> Result<Matched> {
    let current = moves::load(app, id).await?;
    customer_side(&current, actor)?;
    let fresh = refreshed(app, &current, now).await?;
    let users = technicians(app, &current, fresh.as_deref(), HashMap::new()).await?;
    let settings = app.config.matching;
    let (before, after) = moves::update(app, id, &users, now, |b, mv| {
        crate::domain::booking::state::check(b.status, BookingStatus::Assigned, Actor::System)?;
        if !offers::is_started(b) {
            offers::start(b, mv, Actor::System, Vec::new(), &settings)?;
        }
        if let Some(list) = &fresh {
            offers::replace_candidates(b, list.clone());
        }
        match offers::offer_next(b, mv)? {
            true => Ok(()),
            false => Err(Error::Unprocessable(
                "no technician is available for this booking right now".into(),
            )),
        }
    })
    .await?;
    notify::changes(app, &before, &after, now).await;
    Ok(Matched {
        booking: after,
        technicians: users,
    })
}

/// A new ranking when `b` has no open candidate left (nobody to offer otherwise).
async fn refreshed(app: &App, b: &Booking, now: Timestamp) -> Result<Option<Vec<MatchCandidate>>> {
    if offers::has_open_candidate(b) {
        return Ok(None);
    }
    let ranking = ranking_for(app, b, &Preferences::default(), now).await?;
    Ok(Some(candidates(&ranking)))
}

/// The offered technician accepts (assigned → accepted).
pub async fn accept(app: &App, actor: Actor, id: Id, now: Timestamp) -> Result<Booking> {
    let none = HashMap::new();
    let (_, after) =
        moves::update(app, id, &none, now, |b, mv| offers::accept(b, mv, actor)).await?;
    Ok(after)
}

/// The offered technician declines (assigned → matching) and the next candidate is offered.
pub async fn reject(
    app: &App,
    actor: Actor,
    id: Id,
    reason: Option<String>,
    now: Timestamp,
) -> Result<Booking> {
    let current = moves::load(app, id).await?;
    if current.technician.is_none()
        || (current.technician != actor.id() && actor.role() != Some(Role::Admin))
    {
        return Err(Error::NotFound("booking"));
    }
    // Re-searching costs a geo query, so only once the caller is known to hold the offer.
    let fresh = match current.status {
        BookingStatus::Assigned => refreshed(app, &current, now).await?,
        _ => None,
    };
    let users = technicians(app, &current, fresh.as_deref(), HashMap::new()).await?;
    let why = match reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => format!("declined by the technician: {r}"),
        None => "declined by the technician".to_string(),
    };
    let settings = app.config.matching;
    let (before, after) = moves::update(app, id, &users, now, |b, mv| {
        if let Some(list) = &fresh {
            offers::replace_candidates(b, list.clone());
        }
        offers::end_offer(
            b,
            mv,
            actor,
            Some(MatchResponse::Declined),
            why.clone(),
            &settings,
        )?;
        offers::offer_next(b, mv).map(|_| ())
    })
    .await?;
    notify::changes(app, &before, &after, now).await;
    Ok(after)
}

/// Blocks `technician` for the customer: on booking `booking`, or on every open booking of
/// theirs (pending, matching, assigned). A current offer to them is withdrawn and the next
/// candidate offered.
pub async fn block(
    app: &App,
    actor: Actor,
    technician: Id,
    booking: Option<Id>,
    now: Timestamp,
) -> Result<Vec<Booking>> {
    let customer = actor
        .id()
        .ok_or_else(|| Error::Forbidden("only customers block technicians".into()))?;
    let is_technician = app
        .store
        .users
        .get(technician)
        .await?
        .is_some_and(|u| u.is_technician());
    if !is_technician {
        return Err(Error::NotFound("technician"));
    }
    let open = [
        BookingStatus::Pending,
        BookingStatus::Matching,
        BookingStatus::Assigned,
    ];
    let targets = match booking {
        Some(id) => {
            let b = moves::load(app, id).await?;
            customer_side(&b, actor)?;
            if !open.contains(&b.status) {
                return Err(Error::Conflict(format!(
                    "booking is {}; technicians can be blocked only before one accepts (cancel it instead)",
                    b.status
                )));
            }
            vec![b]
        }
        None => {
            let filter = BookingFilter {
                customer: Some(customer),
                statuses: open.to_vec(),
                ..Default::default()
            };
            let page = PageRequest::first(crate::store::page::MAX_LIMIT);
            app.store
                .bookings
                .list_bookings(&filter, &page)
                .await?
                .items
        }
    };
    let settings = app.config.matching;
    let mut out = Vec::with_capacity(targets.len());
    for target in targets {
        let users = technicians(app, &target, None, HashMap::new()).await?;
        let (before, after) = moves::update(app, target.id, &users, now, |b, mv| {
            if apply_blocks(b, mv, &[technician], &settings)? {
                offers::offer_next(b, mv)?;
            }
            Ok(())
        })
        .await?;
        notify::changes(app, &before, &after, now).await;
        out.push(after);
    }
    Ok(out)
}

/// Job step: the offer on `snapshot` lapsed — assigned → matching, then the next candidate is
/// offered, or the booking expires if matching ran out of time. `Ok(None)` when another
/// instance changed the booking first.
pub async fn time_out(app: &App, snapshot: &Booking, now: Timestamp) -> Result<Option<Booking>> {
    let settings = app.config.matching;
    let expiring = offers::is_expired(snapshot, now);
    let fresh = if expiring {
        None
    } else {
        refreshed(app, snapshot, now).await?
    };
    let users = technicians(app, snapshot, fresh.as_deref(), HashMap::new()).await?;
    let why = format!("no answer within {} minutes", settings.response_minutes);
    let saved = moves::save_if_unchanged(app, snapshot, &users, now, |b, mv| {
        offers::end_offer(
            b,
            mv,
            Actor::System,
            Some(MatchResponse::Timeout),
            why,
            &settings,
        )?;
        if expiring {
            return offers::expire(b, mv, &settings);
        }
        if let Some(list) = fresh {
            offers::replace_candidates(b, list);
        }
        offers::offer_next(b, mv).map(|_| ())
    })
    .await?;
    if let Some(after) = &saved {
        notify::changes(app, snapshot, after, now).await;
    }
    Ok(saved)
}

/// Job step: matching on `snapshot` ran out of time (matching → expired).
pub async fn expire(app: &App, snapshot: &Booking, now: Timestamp) -> Result<Option<Booking>> {
    let settings = app.config.matching;
    let none = HashMap::new();
    let saved = moves::save_if_unchanged(app, snapshot, &none, now, |b, mv| {
        offers::expire(b, mv, &settings)
    })
    .await?;
    if let Some(after) = &saved {
        notify::changes(app, snapshot, after, now).await;
    }
    Ok(saved)
}

/// Job step for a booking in matching that is not waiting for its customer to pick: one moved
/// to matching without a search gets one and an offer; one whose offers all ended is offered
/// to the next candidate, searching again when none is left. `Ok(None)` when there was nothing
/// to do (no write, so idle bookings do not churn versions) or another instance won.
pub async fn advance(app: &App, snapshot: &Booking, now: Timestamp) -> Result<Option<Booking>> {
    let started = offers::is_started(snapshot);
    if snapshot.status != BookingStatus::Matching || (started && !offers::was_offered(snapshot)) {
        return Ok(None);
    }
    let fresh = match started {
        false => Some(candidates(
            &ranking_for(app, snapshot, &Preferences::default(), now).await?,
        )),
        true => refreshed(app, snapshot, now).await?,
    };
    let mut probe = snapshot.clone();
    if let Some(list) = &fresh {
        offers::replace_candidates(&mut probe, list.clone());
    }
    if started && !offers::has_open_candidate(&probe) {
        return Ok(None);
    }
    let users = technicians(app, &probe, None, HashMap::new()).await?;
    let settings = app.config.matching;
    let saved = moves::save_if_unchanged(app, snapshot, &users, now, |b, mv| {
        let list = fresh.unwrap_or_else(|| b.matching.candidates.clone());
        offers::start(b, mv, Actor::System, list, &settings)?;
        offers::offer_next(b, mv).map(|_| ())
    })
    .await?;
    if let Some(after) = &saved {
        notify::changes(app, snapshot, after, now).await;
    }
    Ok(saved)
}
