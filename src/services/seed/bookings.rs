//! Generated bookings and their reviews. A booking joins a customer with a technician in the
//! same town, walks the state machine to a status that fits its age, and carries the domain's
//! price breakdown in integer KES minor units; about 60% of paid bookings get a review.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalog::{Catalog, near, pick};
use super::people::Pool;
use super::synth::{Gen, Tag, actor_for, after, kes_in, path_to, price, yymmdd};
use crate::domain::booking::Actor;
use crate::domain::booking::pricing::travel_fee;
use crate::domain::booking::{
    Booking, BookingStatus, Cancellation, Dispute, DisputeOutcome, DisputeResolution,
    DisputeStatus, MatchCandidate, MatchResponse, Matching, PriceBreakdown, QaCheckpoint,
    StatusChange, Urgency, Warranty,
};
use crate::domain::review::{BusinessResponse, CategoryRatings, Review, ReviewSide};
use crate::domain::user::Role;
use crate::domain::{Currency, Id, Location, Money, Timestamp};
use crate::error::{Error, Result};
use crate::services::bookings;

/// Bookings span the last year.
const WINDOW_DAYS: i64 = 365;

/// A review of generated booking `i`: about 60% of paid bookings get one, mostly good, a few
/// with the technician's response.
pub fn review(
    g: &Gen,
    c: &Catalog,
    pool: &Pool,
    admin: Id,
    i: u64,
    n: u64,
) -> Result<Option<Review>> {
    let b = booking(g, c, pool, admin, i, n)?;
    let (Some(paid), Some(technician)) = (b.paid_at, b.technician) else {
        return Ok(None);
    };
    let mut rng = g.rng(Tag::Reviews, i);
    if b.status != BookingStatus::Paid || !rng.random_bool(0.6) {
        return Ok(None);
    }
    const STARS: [u8; 10] = [5, 5, 5, 5, 4, 4, 4, 3, 2, 1];
    let rating = STARS[rng.random_range(0..STARS.len())];
    let comments: Vec<_> = c.reviews.iter().filter(|r| r.rating == rating).collect();
    let at = after(paid, rng.random_range(30..3 * 1440)).min(g.anchor);
    let response = (rng.random_bool(0.2)).then(|| BusinessResponse {
        text: pick(&c.responses, &mut rng).clone(),
        responded_at: after(at, rng.random_range(30..2 * 1440)).min(g.anchor),
        responded_by: technician,
        edited_at: None,
        history: Vec::new(),
    });
    let near =
        |rng: &mut ChaCha8Rng| (i16::from(rating) + rng.random_range(-1..=1i16)).clamp(1, 5) as u8;
    let categories = CategoryRatings {
        quality: near(&mut rng),
        professionalism: near(&mut rng),
        communication: near(&mut rng),
        punctuality: near(&mut rng),
        value_for_money: near(&mut rng),
    };
    let comment = comments
        .get(rng.random_range(0..comments.len().max(1)))
        .map(|r| r.comment.clone())
        .unwrap_or_default();
    let mut review = Review::new(
        b.id,
        b.customer,
        technician,
        ReviewSide::CustomerToTechnician,
        rating,
        categories,
        comment,
        at,
    );
    review.id = g.id(Tag::Reviews, at, i);
    review.response = response;
    review.verified = true;
    review.featured = rating == 5 && rng.random_bool(0.05);
    Ok(Some(review))
}

/// How often each status is drawn for a recent booking (old ones are settled by [`settle`]).
const STATUS_WEIGHTS: &[(BookingStatus, u32)] = &[
    (BookingStatus::Pending, 5),
    (BookingStatus::Matching, 5),
    (BookingStatus::Assigned, 6),
    (BookingStatus::Accepted, 6),
    (BookingStatus::EnRoute, 4),
    (BookingStatus::Arrived, 3),
    (BookingStatus::InProgress, 6),
    (BookingStatus::OnHold, 2),
    (BookingStatus::Completed, 6),
    (BookingStatus::Verified, 5),
    (BookingStatus::PaymentPending, 5),
    (BookingStatus::Paid, 30),
    (BookingStatus::Cancelled, 10),
    (BookingStatus::Disputed, 2),
    (BookingStatus::Refunded, 2),
    (BookingStatus::Expired, 3),
];

/// Where a booking left in flight for longer than a week would have ended up by now.
fn settle(status: BookingStatus, age_days: i64, rng: &mut impl Rng) -> BookingStatus {
    use BookingStatus::*;
    match status {
        Pending | Matching if age_days > 7 => Expired,
        Assigned | Accepted | EnRoute | Arrived if age_days > 7 => Cancelled,
        InProgress | OnHold | Completed | Verified | PaymentPending if age_days > 7 => Paid,
        Disputed if age_days > 30 => {
            if rng.random_bool(0.5) {
                Refunded
            } else {
                Paid
            }
        }
        s => s,
    }
}

fn draw_status(rng: &mut impl Rng) -> BookingStatus {
    let total: u32 = STATUS_WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for &(s, w) in STATUS_WEIGHTS {
        if x < w {
            return s;
        }
        x -= w;
    }
    BookingStatus::Paid
}

/// What a new booking looks like before anyone acts on it.
pub struct Draft {
    pub id: Id,
    pub number: String,
    pub customer: Id,
    pub technician: Option<Id>,
    pub trade: String,
    pub description: String,
    pub location: Location,
    pub created: Timestamp,
    pub urgency: Urgency,
    /// The quote the technician gives on accepting.
    pub pricing: PriceBreakdown,
}

/// Generated booking `i` of `n` between people of `pool`.
pub fn booking(g: &Gen, c: &Catalog, pool: &Pool, admin: Id, i: u64, n: u64) -> Result<Booking> {
    let mut rng = g.rng(Tag::Bookings, i);
    let customer = pick(&pool.customers, &mut rng);
    let tech = pool.technician_near(customer, &mut rng);
    let trade = &c.trades[usize::from(tech.trade)];
    let city = &c.cities[usize::from(customer.city)];
    let created = g.spread(i, n, WINDOW_DAYS);
    let age_days = (g.anchor.millis() - created.millis()) / 86_400_000;
    let status = settle(draw_status(&mut rng), age_days, &mut rng);
    let urgency = match rng.random_range(0..20) {
        0 => Urgency::Emergency,
        1..=3 => Urgency::High,
        4..=5 => Urgency::Low,
        _ => Urgency::Normal,
    };
    let labour = kes_in(&mut rng, trade.min_kes, trade.max_kes);
    let materials = if rng.random_bool(0.6) {
        kes_in(&mut rng, 0, labour) / 2
    } else {
        0
    };
    let discount = if rng.random_bool(0.1) { labour / 10 } else { 0 };
    let point = near(
        customer.point.lng(),
        customer.point.lat(),
        rng.random_range(-0.5..0.5),
        rng.random_range(-0.5..0.5),
    );
    let mut location = Location::new(
        point,
        Some(format!("{}, {}", pick(&city.areas, &mut rng), city.name)),
        Some(city.name.clone()),
    );
    location.county = Some(city.county.clone());
    // The travel fee the platform charges for the technician's distance to the job.
    let travel = travel_fee(point.distance_km(&tech.point), Currency::Kes);
    let draft = Draft {
        id: g.id(Tag::Bookings, created, i),
        number: format!("BT-{}-{:06}", yymmdd(created), g.serial(i)),
        customer: customer.id,
        technician: Some(tech.id),
        trade: trade.slug.clone(),
        description: pick(&trade.jobs, &mut rng).clone(),
        location,
        created,
        urgency,
        pricing: price(labour, materials, travel, urgency, discount)?,
    };
    build_booking(draft, status, admin, g.anchor, &mut rng)
}

/// Walks a draft from `pending` to `status` through the state machine, stamping each step a
/// few minutes to hours after the previous one (never after `now`), and fills in what the
/// path implies: technician, quote, matching, cancellation, dispute, warranty.
pub fn build_booking(
    d: Draft,
    status: BookingStatus,
    admin: Id,
    now: Timestamp,
    rng: &mut impl Rng,
) -> Result<Booking> {
    use BookingStatus::{
        Accepted, Assigned, Cancelled, Disputed, Expired, Paid, Pending, Refunded,
    };
    let mut path = if status == Cancelled {
        // Cancelled at any point before work started, not only straight from pending.
        let before = [Pending, BookingStatus::Matching, Assigned, Accepted][rng.random_range(0..4)];
        let mut p = path_to(before);
        p.push(Cancelled);
        p
    } else {
        path_to(status)
    };
    if status == Expired && rng.random_bool(0.7) {
        path = vec![BookingStatus::Matching, Expired];
    }
    let assigned = path.contains(&Assigned);
    let technician = if assigned { d.technician } else { None };
    let customer_actor = Actor::User {
        id: d.customer,
        role: Role::Customer,
    };
    // The category's required checkpoints, as the booking service creates them.
    let checkpoints = bookings::catalog::rules(&d.trade)
        .checkpoints
        .iter()
        .map(|name| QaCheckpoint {
            name: (*name).to_string(),
            required: true,
            photos: Vec::new(),
            notes: None,
            completed_at: None,
            completed_by: None,
        })
        .collect();
    let mut b = Booking {
        id: d.id,
        booking_number: d.number,
        customer: d.customer,
        technician,
        corporate_account: None,
        site: None,
        service_category: d.trade,
        description: d.description,
        photos: Vec::new(),
        service_location: d.location,
        scheduled_at: after(d.created, rng.random_range(60..72 * 60)),
        estimated_duration_minutes: Some(rng.random_range(2..=16) * 15),
        urgency: d.urgency,
        status: Pending,
        version: 0,
        status_history: vec![StatusChange::created(customer_actor, d.created)],
        budget: rng
            .random_bool(0.3)
            .then(|| Money::kes(d.pricing.total.amount / 10_000 * 10_000 + 50_000)),
        pricing: PriceBreakdown::default(),
        matching: Matching::default(),
        qa_checkpoints: checkpoints,
        dispute: None,
        warranty: None,
        cancellation: None,
        completed_at: None,
        verified_at: None,
        paid_at: None,
        created_at: d.created,
        updated_at: d.created,
    };
    let room = (now.millis() - d.created.millis()).max(0) / 60_000;
    let step_cap = (room / (path.len() as i64 + 1)).max(0);
    let mut at = d.created;
    for to in path {
        at = after(at, rng.random_range(5..=180).min(step_cap));
        let actor = actor_for(b.status, to, d.customer, technician, admin);
        let from = b.status;
        b.apply_transition(to, actor, None, at).map_err(|e| {
            Error::internal(
                format!("generating booking {} ({from} -> {to})", b.booking_number),
                e,
            )
        })?;
        match to {
            // The first checkpoint (before photos) once work starts, the rest before completion.
            BookingStatus::InProgress | BookingStatus::Completed => {
                let upto = if to == BookingStatus::InProgress {
                    1
                } else {
                    usize::MAX
                };
                for (k, c) in b.qa_checkpoints.iter_mut().enumerate().take(upto) {
                    if c.completed_at.is_none() {
                        c.completed_at = Some(after(at, -(k as i64)));
                        c.completed_by = technician;
                        c.photos = vec![format!(
                            "https://res.cloudinary.com/baitech/image/upload/v1/qa/{}-{k}.jpg",
                            b.id
                        )];
                    }
                }
            }
            BookingStatus::EnRoute => {
                // The job was scheduled for when the technician turned up.
                b.scheduled_at = after(at, 30);
            }
            BookingStatus::Matching => {
                b.matching.started_at = Some(at);
                b.matching.expires_at = Some(after(at, 60));
            }
            Assigned => b.matching = matched(b.matching.clone(), technician, at, rng),
            Accepted => {
                b.pricing = PriceBreakdown {
                    quoted_by: technician,
                    accepted_by_customer_at: Some(at),
                    ..d.pricing.clone()
                };
                if let Some(c) = b.matching.candidates.first_mut() {
                    c.responded_at = Some(at);
                    c.response = Some(MatchResponse::Accepted);
                }
            }
            Paid => b.warranty = Some(Warranty::new(30, at)),
            Cancelled => {
                b.cancellation = Some(Cancellation {
                    by: d.customer,
                    by_role: Role::Customer,
                    reason: Some(pick(&CANCEL_REASONS, rng).to_string()),
                    fee: Money::kes(0),
                    at,
                });
            }
            Disputed => {
                b.dispute = Some(Dispute {
                    opened_by: d.customer,
                    reason: pick(&DISPUTE_REASONS, rng).to_string(),
                    description: None,
                    evidence: Vec::new(),
                    status: DisputeStatus::Open,
                    resolution: None,
                    opened_at: at,
                });
            }
            Refunded => {
                if let Some(dispute) = b.dispute.as_mut() {
                    dispute.status = DisputeStatus::Resolved;
                    dispute.resolution = Some(DisputeResolution {
                        outcome: DisputeOutcome::RefundFull,
                        refund_amount: Some(b.pricing.total),
                        reason: "Work not done as agreed".into(),
                        resolved_by: admin,
                        resolved_at: at,
                    });
                }
            }
            _ => {}
        }
    }
    Ok(b)
}

fn matched(mut m: Matching, technician: Option<Id>, at: Timestamp, rng: &mut impl Rng) -> Matching {
    if let Some(t) = technician {
        m.attempts = m.attempts.max(1);
        m.started_at.get_or_insert(at);
        m.candidates = vec![MatchCandidate {
            technician: t,
            score: rng.random_range(0.6..0.98),
            distance_km: rng.random_range(0.5..12.0),
            breakdown: Default::default(),
            notified_at: Some(at),
            responded_at: None,
            response: None,
        }];
    }
    m
}

const CANCEL_REASONS: [&str; 4] = [
    "Found someone else",
    "No longer needed",
    "Technician could not come on the day",
    "Price too high",
];
const DISPUTE_REASONS: [&str; 3] = [
    "Work not finished",
    "Problem came back",
    "Charged more than the quote",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::seed::people;

    #[test]
    fn generated_bookings_keep_the_domain_rules() {
        let c = Catalog::get().unwrap();
        let g = Gen::new(3, Timestamp::from_millis(1_750_000_000_000), 0);
        let pool = people::pool(&g, c, 300);
        let admin = Id::from_parts(1, 1);
        let mut seen = std::collections::HashSet::new();
        for i in 0..400 {
            let b = booking(&g, c, &pool, admin, i, 400).unwrap();
            seen.insert(b.status);
            let h = &b.status_history;
            assert_eq!(
                (h[0].to, h.last().unwrap().to),
                (BookingStatus::Pending, b.status)
            );
            assert_eq!(h.len() as i64, b.version + 1);
            assert!(h.windows(2).all(|w| w[0].at <= w[1].at) && h.last().unwrap().at <= g.anchor);
            let assigned = h.iter().any(|s| s.to == BookingStatus::Assigned);
            assert_eq!(b.technician.is_some(), assigned, "{}", b.booking_number);
            if h.iter().any(|s| s.to == BookingStatus::Accepted) {
                let p = &b.pricing;
                assert!(p.total.amount > 0);
                assert_eq!(
                    p.technician_earnings.amount + p.platform_fee.amount + p.tax.amount,
                    p.total.amount
                );
            }
            if b.completed_at.is_some() {
                assert!(
                    b.qa_checkpoints.iter().all(|q| q.completed_at.is_some()),
                    "{b:?}"
                );
            }
            assert!(bookings::catalog::known(&b.service_category).is_some());
        }
        assert!(
            seen.len() >= 12,
            "most states appear among 400 bookings: {seen:?}"
        );
    }
}
