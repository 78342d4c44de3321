//! Reading reviews: a user's received reviews with their statistics (from the counters on the
//! user, never by scanning), a booking's reviews for its parties, and text search — each
//! showing only what the viewer may see under the double-blind rule.

use super::{may_see, prior};
use crate::app::App;
use crate::auth::Caller;
use crate::domain::review::{RatingSummary, Review};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::services::input::{Params, Problems};
use crate::services::users::live_user;
use crate::store::{Page, PageRequest, ReviewFilter, ReviewSort};

/// A page of reviews and the statistics of the user they are about.
#[derive(Debug, Clone)]
pub struct ReviewList {
    pub page: Page<Review>,
    pub statistics: Option<RatingSummary>,
}

/// The query of a review list, read from the query string.
#[derive(Debug, Clone, Default)]
pub struct ReviewQuery {
    pub sort: ReviewSort,
    pub stars: Option<u8>,
    pub with_photos: bool,
    pub featured: Option<bool>,
    pub text: Option<String>,
    pub page: PageRequest,
}

const LIST_PARAMS: &[&str] = &[
    "sort",
    "stars",
    "withPhotos",
    "featured",
    "limit",
    "cursor",
    "page",
];
const SEARCH_PARAMS: &[&str] = &["q", "limit", "cursor", "page"];

fn sort_of(p: &mut Problems, raw: Option<&str>) -> ReviewSort {
    match raw {
        None | Some("recent") => ReviewSort::Recent,
        Some("helpful") => ReviewSort::Helpful,
        Some("rating_high") => ReviewSort::RatingHigh,
        Some("rating_low") => ReviewSort::RatingLow,
        Some(_) => {
            p.push(
                "sort",
                "must be one of recent, helpful, rating_high, rating_low",
            );
            ReviewSort::Recent
        }
    }
}

fn page_of(p: &mut Problems, q: &Params) -> Option<PageRequest> {
    match PageRequest::parse(q.get("limit"), q.get("cursor"), q.get("page")) {
        Ok(page) => Some(page),
        Err(Error::Validation(errs)) => {
            p.extend(errs);
            None
        }
        Err(_) => None,
    }
}

impl ReviewQuery {
    /// `sort`, `stars`, `withPhotos`, `featured` and paging; every bad one named at once.
    pub fn parse(query: Vec<(String, String)>) -> Result<ReviewQuery> {
        let mut p = Problems::new();
        let q = Params::new(query, LIST_PARAMS, &mut p);
        let sort = sort_of(&mut p, q.get("sort"));
        let stars = q.number("stars", 1.0..=5.0, &mut p).and_then(|s| {
            if s.fract() != 0.0 {
                p.push("stars", "must be a whole number from 1 to 5");
                return None;
            }
            Some(s as u8)
        });
        let with_photos = q.flag("withPhotos", &mut p).unwrap_or(false);
        let featured = q.flag("featured", &mut p);
        let page = page_of(&mut p, &q);
        let page = p.finish_with(page)?;
        Ok(ReviewQuery {
            sort,
            stars,
            with_photos,
            featured,
            text: None,
            page,
        })
    }

    /// `q` (required, 2–100 characters) and paging.
    pub fn parse_search(query: Vec<(String, String)>) -> Result<ReviewQuery> {
        let mut p = Problems::new();
        let q = Params::new(query, SEARCH_PARAMS, &mut p);
        let text = match q.get("q").map(str::trim) {
            None | Some("") => {
                p.push("q", "is required");
                None
            }
            Some(t) if t.chars().count() < 2 || t.chars().count() > 100 => {
                p.push("q", "must be 2 to 100 characters");
                None
            }
            Some(t) => Some(t.to_string()),
        };
        let page = page_of(&mut p, &q);
        let (text, page) = p.finish_with(text.zip(page))?;
        Ok(ReviewQuery {
            text: Some(text),
            page,
            ..ReviewQuery::default()
        })
    }
}

/// `GET /reviews/user/:id`: the published, revealed reviews `user` received, and their
/// statistics.
pub async fn of_user(app: &App, user: Id, q: ReviewQuery) -> Result<ReviewList> {
    let account = live_user(&app.store, user).await?;
    let filter = ReviewFilter {
        reviewee: Some(user),
        featured: q.featured,
        visible_at: Some(Timestamp::now()),
        stars: q.stars,
        with_photos: q.with_photos,
        sort: q.sort,
        ..Default::default()
    };
    let page = app.store.reviews.list_reviews(&filter, &q.page).await?;
    Ok(ReviewList {
        page,
        statistics: Some(account.rating.summary(&prior(app))),
    })
}

/// `GET /reviews/booking/:bookingId`: the booking's reviews for its parties and admins — each
/// party's own review, and the other's once it is revealed.
pub async fn of_booking(app: &App, caller: &Caller, booking: Id) -> Result<Vec<Review>> {
    let b = app
        .store
        .bookings
        .get(booking)
        .await?
        .ok_or(Error::NotFound("booking"))?;
    let party = caller.id == b.customer || Some(caller.id) == b.technician;
    if !party && !caller.is_staff() {
        return Err(Error::NotFound("booking"));
    }
    let filter = ReviewFilter {
        booking: Some(booking),
        ..Default::default()
    };
    let found = app
        .store
        .reviews
        .list_reviews(&filter, &PageRequest::first(10))
        .await?;
    let now = Timestamp::now();
    Ok(found
        .items
        .into_iter()
        .filter(|r| may_see(r, Some(caller), now) || caller.is_staff() && r.is_published())
        .collect())
}

/// `GET /reviews/search?q=`: published, revealed reviews whose title or comment match.
pub async fn search(app: &App, q: ReviewQuery) -> Result<Page<Review>> {
    let filter = ReviewFilter {
        text: q.text,
        visible_at: Some(Timestamp::now()),
        ..Default::default()
    };
    app.store.reviews.list_reviews(&filter, &q.page).await
}
