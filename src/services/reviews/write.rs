//! Writing reviews: creating one for a completed booking (the side, the reviewee and
//! `verified` derived from the booking, never from the client), editing it within the edit
//! window (the earlier version kept), and soft deletion by its author or an admin.

use serde::Deserialize;

use super::sentiment::{CONTRADICTION_REASON, SentimentScorer, contradicts};
use super::{SCORER, find_visible, prior, save, settings};
use crate::app::App;
use crate::auth::Caller;
use crate::domain::post::Media;
use crate::domain::review::rules::{self, Refusal};
use crate::domain::review::{
    CategoryRatings, MIN_RATING, ModerationState, Review, ReviewEdit, ReviewStatus, validate_rating,
};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::realtime::Event;
use crate::services::input::{Field, Problems, UnknownKeys, text};
use crate::services::media::{self, MediaInput};
use crate::store::ReviewFilter;

/// Longest title and comment, in characters.
pub const TITLE_MAX: usize = 120;
pub const COMMENT_MAX: usize = 2_000;
/// Most photos on one review.
pub const PHOTOS_MAX: usize = 6;

/// The five category ratings as sent; a category left out takes the overall rating.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct CategoryInput {
    #[schema(value_type = Option<i64>)]
    pub quality: Field<i64>,
    #[schema(value_type = Option<i64>)]
    pub professionalism: Field<i64>,
    #[schema(value_type = Option<i64>)]
    pub communication: Field<i64>,
    #[schema(value_type = Option<i64>)]
    pub punctuality: Field<i64>,
    #[schema(value_type = Option<i64>)]
    pub value_for_money: Field<i64>,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: UnknownKeys,
}

/// `POST /reviews` and `PUT /reviews/:id` as sent (an edit needs no `bookingId`).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReviewInput {
    /// The booking reviewed (create only).
    #[schema(value_type = Option<String>)]
    #[serde(default, alias = "booking")]
    pub booking_id: Field<Id>,
    /// Overall stars, 1-5.
    #[schema(value_type = i64)]
    #[serde(default)]
    pub rating: Field<i64>,
    #[schema(value_type = Option<CategoryInput>)]
    #[serde(default)]
    pub categories: Field<CategoryInput>,
    #[schema(value_type = Option<String>)]
    #[serde(default)]
    pub title: Field<String>,
    #[schema(value_type = Option<String>)]
    #[serde(default)]
    pub comment: Field<String>,
    /// Uploads of the author's (see `POST /media/uploads`), at most 6.
    #[schema(value_type = Option<Vec<MediaInput>>)]
    #[serde(default)]
    pub photos: Field<Vec<MediaInput>>,
    #[serde(default, flatten)]
    #[schema(ignore)]
    pub unknown: UnknownKeys,
}

/// What a valid body says, each part `None` when not sent.
struct Parsed {
    rating: Option<u8>,
    categories: Option<CategoryInput>,
    title: Option<Option<String>>,
    comment: Option<String>,
    photos: Option<Vec<Media>>,
}

fn stars(p: &mut Problems, field: &str, v: Field<i64>) -> Option<u8> {
    let n = v.optional(p, field)?;
    validate_rating(field, n).map_err(|e| p.extend([e])).ok()
}

fn categories(p: &mut Problems, c: CategoryInput, overall: u8) -> CategoryRatings {
    let mut one = |name: &str, v: Field<i64>| stars(p, &format!("categories.{name}"), v);
    let out = CategoryRatings {
        quality: one("quality", c.quality).unwrap_or(overall),
        professionalism: one("professionalism", c.professionalism).unwrap_or(overall),
        communication: one("communication", c.communication).unwrap_or(overall),
        punctuality: one("punctuality", c.punctuality).unwrap_or(overall),
        value_for_money: one("valueForMoney", c.value_for_money).unwrap_or(overall),
    };
    let mut nested = Problems::new();
    c.unknown.report(&mut nested, &[]);
    p.extend(nested.into_errors().into_iter().map(|mut e| {
        e.field = format!("categories.{}", e.field);
        e
    }));
    out
}

fn parse(app: &App, author: Id, input: ReviewInput, p: &mut Problems) -> Parsed {
    let rating = match &input.rating {
        Field::Null => {
            p.push("rating", "may not be null");
            None
        }
        _ => stars(p, "rating", input.rating),
    };
    let categories = input.categories.not_null(p, "categories");
    let title = input
        .title
        .read(p, "title")
        .map(|t| t.and_then(|t| text(p, "title", &t, 1, TITLE_MAX)));
    let comment = input
        .comment
        .not_null(p, "comment")
        .and_then(|c| text(p, "comment", &c, 0, COMMENT_MAX));
    let photos = input.photos.not_null(p, "photos").map(|items| {
        if items.len() > PHOTOS_MAX {
            p.push("photos", format!("at most {PHOTOS_MAX} photos"));
        }
        media::check(app, author, &items, p, "photos")
    });
    input
        .unknown
        .report(p, &[("verified", "is decided by the server")]);
    Parsed {
        rating,
        categories,
        title,
        comment,
        photos,
    }
}

/// Scores the text and flags a strong contradiction between stars and text for moderation
/// (the review itself is left as written).
fn score(r: &mut Review, now: Timestamp) {
    let text = match &r.title {
        Some(t) => format!("{t}. {}", r.comment),
        None => r.comment.clone(),
    };
    let s = SCORER.score(&text);
    if contradicts(r.rating, &s) && r.moderation.status != ModerationState::Flagged {
        r.moderation.status = ModerationState::Flagged;
        r.moderation.flagged_at = Some(now);
        if !r
            .moderation
            .reasons
            .iter()
            .any(|x| x == CONTRADICTION_REASON)
        {
            r.moderation.reasons.push(CONTRADICTION_REASON.into());
        }
    }
    r.sentiment = Some(s);
}

fn refused(r: Refusal) -> Error {
    match r {
        Refusal::NotAParty => Error::Forbidden(r.message().into()),
        Refusal::NotCompleted | Refusal::Cancelled => Error::Conflict(r.message().into()),
    }
}

/// `POST /reviews`: the caller reviews the other party of a completed booking.
pub async fn create(app: &App, caller: &Caller, input: ReviewInput) -> Result<Review> {
    let mut p = Problems::new();
    let booking = input.booking_id.clone().required(&mut p, "bookingId");
    if matches!(input.rating, Field::Absent) {
        p.push("rating", "is required");
    }
    let parsed = parse(app, caller.id, input, &mut p);
    let cats = parsed
        .categories
        .clone()
        .map(|c| categories(&mut p, c, parsed.rating.unwrap_or(MIN_RATING)));
    let (booking, rating) = p.finish_with(booking.zip(parsed.rating))?;
    let cats = cats.unwrap_or(CategoryRatings::uniform(rating));

    let b = app
        .store
        .bookings
        .get(booking)
        .await?
        .ok_or(Error::NotFound("booking"))?;
    let (side, reviewee) = rules::may_review(&b, caller.id).map_err(refused)?;
    let now = Timestamp::now();
    let comment = parsed.comment.unwrap_or_default();
    let mut r = Review::new(b.id, caller.id, reviewee, side, rating, cats, comment, now);
    r.title = parsed.title.flatten();
    r.photos = parsed.photos.unwrap_or_default();
    r.verified = rules::is_verified(&b);
    r.reveal_at = rules::reveal_deadline(now, settings(app).reveal_days);
    score(&mut r, now);
    let stored = app.store.reviews.add_review(&r, &prior(app)).await?;
    app.publish(Event::review_submitted(&stored)).await;
    Ok(stored)
}

/// `PUT /reviews/:id`: the author changes their review within the edit window, while the other
/// party's review of the booking is not yet visible to them (no edits in reply to it). The
/// version replaced is kept in `edits`.
pub async fn edit(app: &App, caller: &Caller, id: Id, input: ReviewInput) -> Result<Review> {
    let current = find_visible(app, id, Some(caller)).await?;
    if current.reviewer != caller.id {
        return Err(Error::Forbidden("only its author may edit a review".into()));
    }
    let mut p = Problems::new();
    if input.booking_id.is_set() {
        p.push("bookingId", "cannot be changed");
    }
    let parsed = parse(app, caller.id, input, &mut p);
    p.finish()?;
    let now = Timestamp::now();
    let window = chrono::Duration::hours(i64::from(settings(app).edit_hours));
    if now > current.created_at.plus(window) {
        return Err(Error::Conflict(format!(
            "reviews can be edited for {} hours after they are written",
            settings(app).edit_hours
        )));
    }
    if current.status != ReviewStatus::Published {
        return Err(Error::Conflict(
            "only a published review can be edited".into(),
        ));
    }
    if other_side_visible(app, &current, now).await? {
        return Err(Error::Conflict(
            "the other party's review is visible now; yours can no longer be edited".into(),
        ));
    }
    let mut next = current.clone();
    next.edits.push(ReviewEdit {
        rating: current.rating,
        categories: current.categories,
        title: current.title.clone(),
        comment: current.comment.clone(),
        replaced_at: now,
    });
    let rating = parsed.rating.unwrap_or(current.rating);
    next.rating = rating;
    if let Some(c) = parsed.categories {
        let mut p = Problems::new();
        next.categories = categories(&mut p, c, rating);
        p.finish()?;
    }
    if let Some(t) = parsed.title {
        next.title = t;
    }
    if let Some(c) = parsed.comment {
        next.comment = c;
    }
    if let Some(photos) = parsed.photos {
        next.photos = photos;
    }
    score(&mut next, now);
    save(app, &current, next).await
}

async fn other_side_visible(app: &App, r: &Review, now: Timestamp) -> Result<bool> {
    let filter = ReviewFilter {
        booking: Some(r.booking),
        reviewer: Some(r.reviewee),
        ..Default::default()
    };
    let page = crate::store::PageRequest::first(1);
    let found = app.store.reviews.list_reviews(&filter, &page).await?;
    Ok(found.items.iter().any(|o| o.is_revealed(now)))
}

/// `DELETE /reviews/:id`: its author or an admin deletes it (kept, no longer shown or counted).
pub async fn delete(app: &App, caller: &Caller, id: Id) -> Result<Review> {
    let current = find_visible(app, id, Some(caller)).await?;
    if current.reviewer != caller.id && !caller.is_admin() {
        return Err(Error::Forbidden(
            "only its author or an admin may delete a review".into(),
        ));
    }
    if current.status == ReviewStatus::Deleted {
        return Ok(current);
    }
    let mut next = current.clone();
    next.status = ReviewStatus::Deleted;
    next.featured = false;
    next.deleted_at = Some(Timestamp::now());
    next.deleted_by = Some(caller.id);
    save(app, &current, next).await
}
