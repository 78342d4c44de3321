//! The rules of offering a booking to technicians, as changes to one in-memory [`Booking`]:
//! start matching, offer the next candidate, record an answer, withdraw an offer, give up.
//! No I/O: [`super::moves`] loads, applies these and saves with compare-and-set, so a status
//! change and the matching data it depends on are written together or not at all. Status
//! moves go through [`Mover::step`] (the transition table and the bookings service's rules).

use chrono::Duration;

use super::moves::Mover;
use crate::config::MatchingSettings;
use crate::domain::Timestamp;
use crate::domain::booking::{Actor, Booking, BookingStatus, MatchCandidate, MatchResponse};
use crate::domain::id::Id;
use crate::domain::user::Role;
use crate::error::{Error, Result};

/// Starts the expiry clock the first time matching runs for the booking.
fn start_clock(b: &mut Booking, settings: &MatchingSettings, at: Timestamp) {
    let m = &mut b.matching;
    let started = *m.started_at.get_or_insert(at);
    m.expires_at
        .get_or_insert(started.plus(Duration::minutes(i64::from(settings.expiry_minutes))));
}

/// Whether the matcher has started on this booking (the bookings service may move a booking to
/// matching without searching; the job then starts it).
pub fn is_started(b: &Booking) -> bool {
    b.matching.expires_at.is_some()
}

/// Whether the booking was ever offered to a technician. Until then, a booking whose customer
/// searched without auto-assign waits for the customer to pick; after, the system keeps
/// offering.
pub fn was_offered(b: &Booking) -> bool {
    b.matching.attempts > 0
        || b.status_history
            .iter()
            .any(|h| h.to == BookingStatus::Assigned)
}

/// Matching starts: pending → matching (by `actor`), the ranked candidates are stored (merged
/// with earlier offers so their answers are kept) and the expiry clock starts once.
pub fn start(
    b: &mut Booking,
    mv: &mut Mover,
    actor: Actor,
    ranked: Vec<MatchCandidate>,
    settings: &MatchingSettings,
) -> Result<()> {
    match b.status {
        BookingStatus::Pending => mv.step(b, BookingStatus::Matching, actor, None)?,
        BookingStatus::Matching | BookingStatus::Assigned => {}
        other => {
            return Err(Error::Conflict(format!(
                "booking is {other}; technicians are matched only while it is pending, matching or assigned"
            )));
        }
    }
    start_clock(b, settings, mv.now());
    replace_candidates(b, ranked);
    Ok(())
}

/// Stores a fresh ranking. Candidates who were already offered the job keep their offer and
/// answer (so nobody is offered twice); those not in the new ranking stay listed after it as a
/// record.
pub fn replace_candidates(b: &mut Booking, ranked: Vec<MatchCandidate>) {
    let old = std::mem::take(&mut b.matching.candidates);
    let offered = |c: &MatchCandidate| c.notified_at.is_some() || c.response.is_some();
    let mut next: Vec<MatchCandidate> = ranked
        .into_iter()
        .map(|mut c| {
            if let Some(prev) = old
                .iter()
                .find(|o| o.technician == c.technician && offered(o))
            {
                c.notified_at = prev.notified_at;
                c.responded_at = prev.responded_at;
                c.response = prev.response;
            }
            c
        })
        .collect();
    for o in old.into_iter().filter(|o| offered(o)) {
        if !next.iter().any(|c| c.technician == o.technician) {
            next.push(o);
        }
    }
    b.matching.candidates = next;
}

/// Whether `c` may still be offered the booking: never offered, no answer, not blocked.
pub fn is_open(b: &Booking, c: &MatchCandidate) -> bool {
    c.notified_at.is_none()
        && c.response.is_none()
        && !b.matching.blocked_technicians.contains(&c.technician)
        && c.technician != b.customer
}

/// Whether any stored candidate may still be offered the booking.
pub fn has_open_candidate(b: &Booking) -> bool {
    b.matching.candidates.iter().any(|c| is_open(b, c))
}

/// Offers the booking to `technician` (matching → assigned by `actor`): the customer picking
/// from the candidates, or the system offering the best remaining one.
pub fn offer(b: &mut Booking, mv: &mut Mover, technician: Id, actor: Actor) -> Result<()> {
    let i = b
        .matching
        .candidates
        .iter()
        .position(|c| c.technician == technician)
        .ok_or_else(|| {
            Error::validation("technicianId", "is not one of this booking's candidates")
        })?;
    if !is_open(b, &b.matching.candidates[i]) {
        return Err(Error::Conflict(
            "this technician was already offered the booking, answered, or is blocked".into(),
        ));
    }
    let reason = match actor {
        Actor::System => "offered to the best remaining candidate",
        Actor::User { .. } => "picked by the customer",
    };
    let previous = b.technician.replace(technician);
    if let Err(e) = mv.step(b, BookingStatus::Assigned, actor, Some(reason.into())) {
        b.technician = previous;
        return Err(e);
    }
    b.matching.attempts += 1;
    b.matching.candidates[i].notified_at = Some(mv.now());
    Ok(())
}

/// The system offers the booking to the best open candidate; `false` when there is none (the
/// booking stays in matching until a refreshed search finds someone or it expires).
pub fn offer_next(b: &mut Booking, mv: &mut Mover) -> Result<bool> {
    let best = b
        .matching
        .candidates
        .iter()
        .find(|c| is_open(b, c))
        .map(|c| c.technician);
    match best {
        Some(t) => offer(b, mv, t, Actor::System).map(|()| true),
        None => Ok(false),
    }
}

/// Records the offered technician's answer on their candidate entry (technicians assigned
/// directly at booking time have none).
fn record(b: &mut Booking, technician: Id, response: MatchResponse, at: Timestamp) {
    if let Some(c) = b
        .matching
        .candidates
        .iter_mut()
        .find(|c| c.technician == technician)
    {
        c.responded_at = Some(at);
        c.response = Some(response);
    }
}

/// The technician the booking is offered to, checked against `actor`. Anyone else gets
/// `NotFound`: an offer to another technician is none of their business.
fn offered_to(b: &Booking, actor: Actor) -> Result<Id> {
    match (b.technician, actor) {
        (Some(t), Actor::User { id, .. }) if id == t => Ok(t),
        (
            Some(t),
            Actor::User {
                role: Role::Admin, ..
            }
            | Actor::System,
        ) => Ok(t),
        _ => Err(Error::NotFound("booking")),
    }
}

/// The offered technician accepts: assigned → accepted.
pub fn accept(b: &mut Booking, mv: &mut Mover, actor: Actor) -> Result<()> {
    let t = offered_to(b, actor)?;
    mv.step(b, BookingStatus::Accepted, actor, None)?;
    record(b, t, MatchResponse::Accepted, mv.now());
    Ok(())
}

/// The offer ends without a yes — declined by the technician, unanswered in time, or
/// withdrawn because the customer blocked them: assigned → matching, and the technician is
/// never offered this booking again. The caller then offers the next candidate or expires.
pub fn end_offer(
    b: &mut Booking,
    mv: &mut Mover,
    actor: Actor,
    response: Option<MatchResponse>,
    reason: String,
    settings: &MatchingSettings,
) -> Result<()> {
    let t = offered_to(b, actor)?;
    mv.step(b, BookingStatus::Matching, actor, Some(reason))?;
    b.technician = None;
    if let Some(r) = response {
        record(b, t, r, mv.now());
    }
    if !b.matching.blocked_technicians.contains(&t) {
        b.matching.blocked_technicians.push(t);
    }
    // A technician assigned directly at booking time declined: matching starts only now.
    start_clock(b, settings, mv.now());
    Ok(())
}

/// When the current offer lapses: the candidate's offer time, or for a technician assigned
/// directly, when the booking last became assigned.
pub fn offer_deadline(b: &Booking, settings: &MatchingSettings) -> Option<Timestamp> {
    if b.status != BookingStatus::Assigned {
        return None;
    }
    let t = b.technician?;
    let offered = b
        .matching
        .candidates
        .iter()
        .find(|c| c.technician == t)
        .and_then(|c| c.notified_at)
        .or_else(|| {
            let last = b
                .status_history
                .iter()
                .rev()
                .find(|h| h.to == BookingStatus::Assigned);
            last.map(|h| h.at)
        })?;
    Some(offered.plus(Duration::minutes(i64::from(settings.response_minutes))))
}

/// Whether matching ran out of time at `now`.
pub fn is_expired(b: &Booking, now: Timestamp) -> bool {
    b.matching.expires_at.is_some_and(|e| e <= now)
}

/// Nobody was found in time: matching → expired (only the system may).
pub fn expire(b: &mut Booking, mv: &mut Mover, settings: &MatchingSettings) -> Result<()> {
    let reason = format!(
        "no technician found within {} minutes",
        settings.expiry_minutes
    );
    mv.step(b, BookingStatus::Expired, Actor::System, Some(reason))
}

/// Blocks `technician` on this booking: never offered it again, dropped from the candidates
/// not yet offered. Returns whether they held the current offer (the caller withdraws it).
pub fn block(b: &mut Booking, technician: Id) -> bool {
    if !b.matching.blocked_technicians.contains(&technician) {
        b.matching.blocked_technicians.push(technician);
    }
    b.matching
        .candidates
        .retain(|c| c.technician != technician || c.notified_at.is_some() || c.response.is_some());
    b.status == BookingStatus::Assigned && b.technician == Some(technician)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use super::*;
    use crate::config::{Config, Overrides};
    use crate::domain::booking::tests::pending;
    use crate::services::bookings::effects::Context;

    fn id(n: u64) -> Id {
        Id::from_parts(1_700_000_000, 100 + n)
    }

    fn at(m: i64) -> Timestamp {
        Timestamp::from_millis(1_700_000_000_000 + m * 60_000)
    }

    /// Runs `f` as one change at minute `m`.
    fn change<T>(b: &mut Booking, m: i64, f: impl FnOnce(&mut Booking, &mut Mover) -> T) -> T {
        let config = Config::from_map(Overrides::default(), &HashMap::new()).unwrap();
        let users = HashMap::new();
        let mut mv = Mover::new(Context::from_config(&config).at(at(m)), &users);
        f(b, &mut mv)
    }

    fn cand(n: u64, score: f64) -> MatchCandidate {
        MatchCandidate {
            technician: id(n),
            score,
            distance_km: 1.0,
            breakdown: BTreeMap::new(),
            notified_at: None,
            responded_at: None,
            response: None,
        }
    }

    fn customer(b: &Booking) -> Actor {
        Actor::User {
            id: b.customer,
            role: Role::Customer,
        }
    }

    fn tech(n: u64) -> Actor {
        Actor::User {
            id: id(n),
            role: Role::Technician,
        }
    }

    fn started(list: Vec<MatchCandidate>) -> Booking {
        let mut b = pending();
        let who = customer(&b);
        change(&mut b, 0, |b, mv| {
            start(b, mv, who, list, &MatchingSettings::default())
        })
        .unwrap();
        b
    }

    #[test]
    fn starting_moves_pending_to_matching_and_sets_the_clock_once() {
        let s = MatchingSettings::default();
        let mut b = started(vec![cand(1, 90.0)]);
        assert_eq!(b.status, BookingStatus::Matching);
        assert_eq!(b.matching.expires_at, Some(at(60)));
        assert!(is_started(&b) && !was_offered(&b));
        change(&mut b, 10, |b, mv| {
            start(b, mv, Actor::System, vec![cand(2, 80.0)], &s)
        })
        .unwrap();
        assert_eq!(b.matching.started_at, Some(at(0)));
        assert_eq!(b.matching.candidates.len(), 1);
    }

    #[test]
    fn decline_offers_the_next_and_nobody_is_offered_twice() {
        let s = MatchingSettings::default();
        let mut b = started(vec![cand(1, 90.0), cand(2, 80.0)]);
        assert!(change(&mut b, 1, offer_next).unwrap());
        assert_eq!(
            (b.status, b.technician),
            (BookingStatus::Assigned, Some(id(1)))
        );
        assert_eq!(offer_deadline(&b, &s), Some(at(16)));
        let wrong = change(&mut b, 2, |b, mv| {
            end_offer(b, mv, tech(2), None, "x".into(), &s)
        });
        assert!(matches!(wrong, Err(Error::NotFound(_))));
        change(&mut b, 2, |b, mv| {
            end_offer(
                b,
                mv,
                tech(1),
                Some(MatchResponse::Declined),
                "busy".into(),
                &s,
            )?;
            assert_eq!(b.status, BookingStatus::Matching);
            offer_next(b, mv)
        })
        .unwrap();
        assert_eq!(b.technician, Some(id(2)));
        assert_eq!(
            b.matching.candidates[0].response,
            Some(MatchResponse::Declined)
        );
        assert_eq!(b.matching.blocked_technicians, [id(1)]);
        // A refreshed ranking that lists the decliner again keeps their answer.
        replace_candidates(&mut b, vec![cand(1, 99.0), cand(3, 50.0)]);
        let order: Vec<_> = b.matching.candidates.iter().map(|c| c.technician).collect();
        assert_eq!(order, [id(1), id(3), id(2)]);
        change(&mut b, 20, |b, mv| {
            end_offer(
                b,
                mv,
                Actor::System,
                Some(MatchResponse::Timeout),
                "late".into(),
                &s,
            )?;
            offer_next(b, mv)
        })
        .unwrap();
        assert_eq!((b.technician, b.matching.attempts), (Some(id(3)), 3));
        change(&mut b, 21, |b, mv| accept(b, mv, tech(3))).unwrap();
        assert_eq!(b.status, BookingStatus::Accepted);
        assert_eq!(
            b.matching.candidates[1].response,
            Some(MatchResponse::Accepted)
        );
    }

    #[test]
    fn customers_pick_only_open_candidates_and_blocks_withdraw_offers() {
        let s = MatchingSettings::default();
        let mut b = started(vec![cand(1, 90.0), cand(2, 80.0)]);
        let who = customer(&b);
        let stranger = change(&mut b, 1, |b, mv| offer(b, mv, id(9), who));
        assert!(matches!(stranger, Err(Error::Validation(_))));
        change(&mut b, 1, |b, mv| offer(b, mv, id(2), who)).unwrap();
        assert_eq!(b.technician, Some(id(2)));
        assert!(was_offered(&b));
        assert!(!block(&mut b, id(1)), "not the current offer");
        assert_eq!(b.matching.candidates.len(), 1);
        assert!(block(&mut b, id(2)));
        let next = change(&mut b, 2, |b, mv| {
            end_offer(b, mv, Actor::System, None, "blocked".into(), &s)?;
            offer_next(b, mv)
        });
        assert!(!next.unwrap());
        assert_eq!((b.status, b.technician), (BookingStatus::Matching, None));
        assert!(!has_open_candidate(&b));
        assert!(!is_expired(&b, at(59)) && is_expired(&b, at(60)));
        change(&mut b, 60, |b, mv| expire(b, mv, &s)).unwrap();
        assert_eq!(b.status, BookingStatus::Expired);
    }
}
