//! Finding candidates: technicians near the service location (one geo query), the customer's
//! history with them (two bounded queries), then the pure score of `domain::booking::matching`.

use std::collections::HashMap;

use crate::app::App;
use crate::domain::booking::BookingStatus;
use crate::domain::booking::matching::{self, History, JobSpec, Scored};
use crate::domain::id::Id;
use crate::domain::user::User;
use crate::error::{Error, FieldError, Result};
use crate::store::{BookingFilter, NearbyQuery, PageRequest, ReviewFilter};

/// How many of the nearest technicians are scored. The geo query cannot filter by category,
/// so it takes a generous pool and the scorer drops other trades; the pool bounds the work per
/// search whatever the density (100k technicians in a city cost the same as 1k).
pub const POOL: u32 = 400;
/// How much of the customer's past the history factor looks at.
const HISTORY_LIMIT: u32 = 100;

/// What a customer asks of the matching (per booking; see `services::matching`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preferences {
    /// Technicians to rank as if they had a long good history with the customer.
    pub preferred: Vec<Id>,
    /// Narrower than the configured search radius.
    pub max_distance_km: Option<f64>,
    /// Leave out technicians rated below this (unrated ones too).
    pub min_rating: Option<f64>,
    /// Never offer the booking to these.
    pub blocked: Vec<Id>,
}

impl Preferences {
    /// Every out-of-range value at once.
    pub fn validate(&self) -> Result<()> {
        let mut errs = Vec::new();
        if let Some(d) = self.max_distance_km
            && !(d.is_finite() && d > 0.0 && d <= 500.0)
        {
            errs.push(FieldError::new(
                "maxDistanceKm",
                "must be above 0 and at most 500",
            ));
        }
        if let Some(r) = self.min_rating
            && !(r.is_finite() && (0.0..=5.0).contains(&r))
        {
            errs.push(FieldError::new("minRating", "must be between 0 and 5"));
        }
        if self.preferred.len() > 50 || self.blocked.len() > 200 {
            errs.push(FieldError::new(
                "preferredTechnicians",
                "too many technicians listed",
            ));
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(errs))
        }
    }
}

/// A ranking with the technicians' documents (for the views).
#[derive(Debug, Clone)]
pub struct Ranking {
    pub ranked: Vec<Scored>,
    pub technicians: HashMap<Id, User>,
    pub search_radius_km: f64,
}

/// Ranks technicians for `spec` on behalf of `customer`, best first, at most the configured
/// number of candidates. `spec.search_radius_km` is replaced by the effective radius.
pub async fn rank(
    app: &App,
    mut spec: JobSpec,
    customer: Id,
    blocked: &[Id],
    prefs: &Preferences,
) -> Result<Ranking> {
    let settings = &app.config.matching;
    let radius = prefs
        .max_distance_km
        .map_or(settings.radius_km, |d| d.min(settings.radius_km));
    spec.search_radius_km = radius;
    spec.rating_prior = app.config.reviews.prior;
    let query = NearbyQuery {
        point: spec.location,
        radius_km: radius,
        skills: Vec::new(),
        min_rating: prefs.min_rating,
        available_now: false,
        limit: POOL,
    };
    let (nearby, mut history) = tokio::try_join!(
        app.store.users.nearby_technicians(&query),
        customer_history(app, customer),
    )?;
    for p in &prefs.preferred {
        history.entry(*p).or_default().preferred = true;
    }
    let blocked: Vec<Id> = blocked.iter().chain(&prefs.blocked).copied().collect();
    let none = History::default();
    let mut scored = Vec::new();
    let mut technicians = HashMap::new();
    for n in nearby.into_iter().filter(|n| n.item.id != customer) {
        let h = history.get(&n.item.id).unwrap_or(&none);
        if let Ok(s) = matching::score(
            &spec,
            &n.item,
            n.distance_km,
            h,
            &blocked,
            &settings.weights,
        ) {
            scored.push(s);
            technicians.insert(n.item.id, n.item);
        }
    }
    let mut ranked = matching::rank(scored);
    ranked.truncate(settings.candidates as usize);
    technicians.retain(|id, _| ranked.iter().any(|s| s.technician == *id));
    Ok(Ranking {
        ranked,
        technicians,
        search_radius_km: radius,
    })
}

/// Jobs each technician finished for `customer` and the stars the customer gave them, from
/// the customer's latest bookings and reviews.
async fn customer_history(app: &App, customer: Id) -> Result<HashMap<Id, History>> {
    let done = BookingFilter {
        customer: Some(customer),
        statuses: vec![
            BookingStatus::Completed,
            BookingStatus::Verified,
            BookingStatus::PaymentPending,
            BookingStatus::Paid,
        ],
        ..Default::default()
    };
    let reviews = ReviewFilter {
        reviewer: Some(customer),
        ..Default::default()
    };
    let page = PageRequest::first(HISTORY_LIMIT);
    let (bookings, reviews) = tokio::try_join!(
        app.store.bookings.list_bookings(&done, &page),
        app.store.reviews.list_reviews(&reviews, &page),
    )?;
    let mut out: HashMap<Id, History> = HashMap::new();
    for t in bookings.items.iter().filter_map(|b| b.technician) {
        out.entry(t).or_default().completed_jobs += 1;
    }
    let mut stars: HashMap<Id, (u32, u32)> = HashMap::new();
    for r in &reviews.items {
        let e = stars.entry(r.reviewee).or_default();
        e.0 += u32::from(r.rating);
        e.1 += 1;
    }
    for (t, (sum, n)) in stars {
        out.entry(t).or_default().avg_rating_given = Some(f64::from(sum) / f64::from(n));
    }
    Ok(out)
}
