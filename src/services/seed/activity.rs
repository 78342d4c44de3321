//! Generated posts and bookings. Posts are written by technicians from their trade's templates;
//! bookings join a customer with a technician in the same town, walk the state machine to a
//! status that fits their age, and carry a price breakdown in integer KES minor units.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalog::{Catalog, near, pick};
use super::people::{Person, Pool};
use super::synth::{Gen, Tag, actor_for, after, kes_in, path_to, price, yymmdd};
use crate::domain::booking::Actor;
use crate::domain::booking::{
    Booking, BookingStatus, Cancellation, Dispute, DisputeOutcome, DisputeResolution,
    DisputeStatus, MatchCandidate, MatchResponse, Matching, PriceBreakdown, StatusChange, Urgency,
    Warranty,
};
use crate::domain::post::{
    Engagement, Media, MediaKind, Moderation, ModerationStatus, Post, PostType, Visibility,
    engagement_score, extract_hashtags,
};
use crate::domain::review::{BusinessResponse, CategoryRatings, Review, ReviewStatus};
use crate::domain::user::Role;
use crate::domain::{Id, Location, Money, Timestamp};
use crate::error::{Error, Result};

/// Posts span the last year, bookings too.
const POST_WINDOW_DAYS: i64 = 365;
const BOOKING_WINDOW_DAYS: i64 = 365;

/// Fills `{city}` and `{area}` (hashtags get the town without spaces, e.g. `#nairobi`).
pub fn fill(template: &str, city: &str, area: &str) -> String {
    let tag = city.to_lowercase().replace(' ', "");
    template
        .replace("#{city}", &format!("#{tag}"))
        .replace("{city}", city)
        .replace("{area}", area)
}

/// Generated post `i` of `n`, by a technician of `pool`.
pub fn post(g: &Gen, c: &Catalog, pool: &Pool, i: u64, n: u64) -> Post {
    let mut rng = g.rng(Tag::Posts, i);
    let author: &Person = pick(&pool.technicians, &mut rng);
    let trade = &c.trades[usize::from(author.trade)];
    let city = &c.cities[usize::from(author.city)];
    let templates: Vec<_> = c.posts_for(&trade.slug).collect();
    let t = templates[rng.random_range(0..templates.len())];
    let created = g.spread(i, n, POST_WINDOW_DAYS);
    let mut content = fill(&t.text, &city.name, pick(&city.areas, &mut rng).as_str());
    if rng.random_bool(0.3) {
        let extra = pick(&trade.hashtags, &mut rng);
        if !content.contains(&format!("#{extra}")) {
            content.push_str(&format!(" #{extra}"));
        }
    }
    let mut kind = PostType::parse(&t.kind).unwrap_or_default();
    let images = match kind {
        PostType::Portfolio => rng.random_range(1..=4),
        _ if rng.random_bool(0.1) => 1,
        _ => 0,
    };
    if kind == PostType::Text && images > 0 {
        kind = PostType::Image;
    }
    let media = (0..images)
        .map(|k| Media {
            url: format!(
                "https://res.cloudinary.com/baitech/image/upload/v1/posts/{}/{}-{k}.jpg",
                trade.slug,
                g.serial(i)
            ),
            kind: MediaKind::Image,
            public_id: Some(format!("posts/{}/{}-{k}", trade.slug, g.serial(i))),
            width: Some(1080),
            height: Some(1350),
            duration_seconds: None,
            thumbnail_url: None,
        })
        .collect();
    // Heavy-tailed reach: most posts get a few dozen views, a few go viral.
    let views = (rng.random::<f64>().powi(4) * 5_000.0) as i64 + rng.random_range(5..60);
    let likes = (views as f64 * rng.random_range(0.02..0.15)) as i64;
    let engagement = Engagement {
        likes,
        comments: (likes as f64 * rng.random_range(0.0..0.3)) as i64,
        shares: (likes as f64 * rng.random_range(0.0..0.2)) as i64,
        views,
        saves: (likes as f64 * rng.random_range(0.0..0.2)) as i64,
    };
    let status = match rng.random_range(0..100) {
        0..=89 => ModerationStatus::Approved,
        90..=95 => ModerationStatus::Pending,
        96..=97 => ModerationStatus::Flagged,
        98 => ModerationStatus::Rejected,
        _ => ModerationStatus::Removed,
    };
    let reviewed = !matches!(status, ModerationStatus::Pending);
    Post {
        id: g.id(Tag::Posts, created, i),
        author: author.id,
        kind,
        hashtags: extract_hashtags(&content),
        content,
        media,
        mentions: Vec::new(),
        service_category: Some(trade.slug.clone()),
        location: Some(Location::new(author.point, None, Some(city.name.clone()))),
        engagement_score: engagement_score(&engagement, created, g.anchor),
        engagement,
        moderation: Moderation {
            status,
            reasons: match status {
                ModerationStatus::Flagged
                | ModerationStatus::Rejected
                | ModerationStatus::Removed => {
                    vec!["contact details in post".into()]
                }
                _ => Vec::new(),
            },
            ai_score: Some(rng.random_range(0.0..0.3)),
            reviewed_by: None,
            reviewed_at: reviewed.then_some(after(created, 2)),
        },
        visibility: match rng.random_range(0..100) {
            0..=89 => Visibility::Public,
            90..=97 => Visibility::Followers,
            _ => Visibility::Private,
        },
        pinned: rng.random_bool(0.01),
        deleted_at: None,
        created_at: created,
        updated_at: created,
    }
}

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
    });
    let near =
        |rng: &mut ChaCha8Rng| (i16::from(rating) + rng.random_range(-1..=1i16)).clamp(1, 5) as u8;
    let categories = CategoryRatings {
        quality: near(&mut rng),
        professionalism: near(&mut rng),
        communication: near(&mut rng),
        punctuality: near(&mut rng),
        value: near(&mut rng),
    };
    Ok(Some(Review {
        id: g.id(Tag::Reviews, at, i),
        booking: b.id,
        reviewer: b.customer,
        reviewee: technician,
        rating,
        categories,
        title: None,
        comment: comments
            .get(rng.random_range(0..comments.len().max(1)))
            .map(|r| r.comment.clone())
            .unwrap_or_default(),
        photos: Vec::new(),
        helpful_count: 0,
        helpful_voters: Vec::new(),
        response,
        sentiment: None,
        verified: true,
        featured: rating == 5 && rng.random_bool(0.05),
        status: ReviewStatus::Published,
        created_at: at,
        updated_at: at,
    }))
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
    let created = g.spread(i, n, BOOKING_WINDOW_DAYS);
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
        pricing: price(
            labour,
            materials,
            kes_in(&mut rng, 200, 800),
            urgency,
            discount,
        ),
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
        qa_checkpoints: Vec::new(),
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
