//! Reading bookings: one booking, a party's list, and dashboard statistics — each limited to
//! what the caller may see (customers and corporate accounts their own, technicians theirs,
//! staff everything).

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::access;
use crate::app::App;
use crate::domain::Id;
use crate::domain::booking::{Actor, Booking, BookingStatus};
use crate::domain::money::{Currency, Money};
use crate::domain::user::Role;
use crate::error::{Error, Result};
use crate::services::input::Problems;
use crate::store::page::Cursor;
use crate::store::{BookingFilter, Page, PageRequest, ReviewFilter};

/// How long the platform-wide statistics are reused: computing them scans every paid booking
/// and every review, too much for each dashboard refresh.
pub const ALL_STATS_TTL: Duration = Duration::from_secs(60);
const STATS_CACHE_KEY: &str = "bookings:stats:all";

/// Booking `id`, if `actor` may see it (`NotFound` otherwise, whether or not it exists).
pub async fn get(app: &App, id: Id, actor: Actor) -> Result<Booking> {
    access::load_visible(app, id, actor).await
}

/// The part of the bookings `actor` may see at all.
pub fn scope(actor: Actor) -> BookingFilter {
    let mut f = BookingFilter::default();
    if let Actor::User { id, role } = actor {
        match role {
            Role::Customer => f.customer = Some(id),
            Role::Corporate => f.corporate_account = Some(id),
            Role::Technician => f.technician = Some(id),
            Role::Admin | Role::Support => {}
        }
    }
    f
}

/// `GET /bookings` query values, as sent.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListQuery {
    /// Comma-separated statuses.
    pub status: Option<String>,
    /// Scheduled at or after (RFC 3339).
    pub from: Option<String>,
    /// Scheduled at or before (RFC 3339).
    pub to: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
    pub page: Option<String>,
}

/// The bookings `actor` may see, newest first, filtered; every bad query value is reported.
pub async fn list(app: &App, actor: Actor, q: &ListQuery) -> Result<Page<Booking>> {
    let mut p = Problems::default();
    let mut filter = scope(actor);
    filter.statuses = p.list(
        "status",
        q.status.as_deref(),
        "booking status",
        BookingStatus::parse,
    );
    filter.scheduled_from = p.time("from", q.from.as_deref());
    filter.scheduled_to = p.time("to", q.to.as_deref());
    if let (Some(a), Some(b)) = (filter.scheduled_from, filter.scheduled_to)
        && a > b
    {
        p.push("to", "must not be before from");
    }
    let page = p.page(q.limit.as_deref(), q.cursor.as_deref(), q.page.as_deref())?;
    let (Some(page), true) = (page, p.is_empty()) else {
        return Err(Error::Validation(p.0));
    };
    app.store.bookings.list_bookings(&filter, &page).await
}

/// Dashboard numbers over the bookings a caller may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BookingStats {
    /// `own` or `all`.
    pub scope: String,
    pub total: u64,
    /// Every status, zero included.
    pub by_status: BTreeMap<String, u64>,
    /// Sum of the totals of paid bookings (KES).
    pub revenue: Money,
    /// Work done ÷ bookings that reached an end: completed, verified, payment_pending and paid
    /// against those plus cancelled, expired and refunded. `None` before anything ended.
    pub completion_rate: Option<f64>,
    /// Technicians: the reviews they received; customers: the reviews they wrote; staff: all.
    pub average_rating: Option<f64>,
    pub rating_count: u64,
}

/// Statistics of what `actor` may see. The platform-wide view is cached for
/// [`ALL_STATS_TTL`].
pub async fn stats(app: &App, actor: Actor) -> Result<BookingStats> {
    let filter = scope(actor);
    let everything = filter.customer.is_none()
        && filter.technician.is_none()
        && filter.corporate_account.is_none();
    if everything
        && let Ok(Some(hit)) = app.cache.get(STATS_CACHE_KEY).await
        && let Ok(s) = serde_json::from_str::<BookingStats>(&hit)
    {
        return Ok(s);
    }
    let counts = app.store.bookings.count_bookings_by_status(&filter).await?;
    let mut by_status: BTreeMap<String, u64> = BookingStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), 0))
        .collect();
    for (s, n) in &counts {
        by_status.insert(s.as_str().to_string(), *n);
    }
    let n = |s: BookingStatus| by_status[s.as_str()];
    use BookingStatus as S;
    let done = n(S::Completed) + n(S::Verified) + n(S::PaymentPending) + n(S::Paid);
    let ended = done + n(S::Cancelled) + n(S::Expired) + n(S::Refunded);
    let revenue = paid_revenue(app, &filter).await?;
    let (average_rating, rating_count) = ratings(app, actor).await?;
    let s = BookingStats {
        scope: if everything { "all" } else { "own" }.into(),
        total: counts.iter().map(|(_, n)| n).sum(),
        by_status,
        revenue,
        completion_rate: (ended > 0).then(|| done as f64 / ended as f64),
        average_rating,
        rating_count,
    };
    if everything
        && let Ok(json) = serde_json::to_string(&s)
        && let Err(e) = app.cache.set(STATS_CACHE_KEY, &json, ALL_STATS_TTL).await
    {
        tracing::warn!(error = %e, "caching booking statistics failed");
    }
    Ok(s)
}

async fn paid_revenue(app: &App, scope: &BookingFilter) -> Result<Money> {
    let filter = BookingFilter {
        statuses: vec![BookingStatus::Paid],
        ..scope.clone()
    };
    let mut sum = 0i64;
    scan(
        |page| {
            let (app, filter) = (app.clone(), filter.clone());
            async move { app.store.bookings.list_bookings(&filter, &page).await }
        },
        |b: &Booking| {
            // Bookings are priced in KES; anything else would be a data error, not revenue.
            if b.pricing.total.currency == Currency::Kes {
                sum = sum.saturating_add(b.pricing.total.amount);
            }
        },
    )
    .await?;
    Ok(Money::kes(sum))
}

async fn ratings(app: &App, actor: Actor) -> Result<(Option<f64>, u64)> {
    let filter = match actor {
        Actor::User {
            id,
            role: Role::Technician,
        } => {
            let user = app.store.users.get_user(id).await?;
            return Ok(match user {
                Some(u) if u.rating.count > 0 => (Some(u.rating.average), u.rating.count as u64),
                _ => (None, 0),
            });
        }
        Actor::User {
            id,
            role: Role::Customer | Role::Corporate,
        } => ReviewFilter {
            reviewer: Some(id),
            ..Default::default()
        },
        _ => ReviewFilter::default(),
    };
    let (mut sum, mut count) = (0u64, 0u64);
    scan(
        |page| {
            let (app, filter) = (app.clone(), filter.clone());
            async move { app.store.reviews.list_reviews(&filter, &page).await }
        },
        |r: &crate::domain::review::Review| {
            sum += u64::from(r.rating);
            count += 1;
        },
    )
    .await?;
    Ok(((count > 0).then(|| sum as f64 / count as f64), count))
}

/// Visits every item of a cursor-paged list, 100 at a time.
async fn scan<T, F, Fut>(mut fetch: F, mut visit: impl FnMut(&T)) -> Result<()>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
{
    let mut req = PageRequest::first(100);
    loop {
        let page = fetch(req.clone()).await?;
        page.items.iter().for_each(&mut visit);
        match page.next_cursor.as_deref().filter(|_| page.has_more) {
            Some(c) => req = PageRequest::after(100, Cursor::decode(c)?),
            None => return Ok(()),
        }
    }
}
