//! Reviews: who may write one (the parties of a completed booking, once per side), the
//! double-blind reveal, edits within a window with history, soft deletion, the reviewee's one
//! public response, helpful votes, featuring and admin hiding, the lists with their statistics,
//! sentiment with the moderation flag, and the statistics drift check.
//!
//! Every rule lives here; the HTTP handlers only extract and call. Writes that change what a
//! review counts for go through the store's `add_review` / `change_review`, which move the
//! reviewee's counters with the write.

pub mod read;
pub mod respond;
pub mod sentiment;
pub mod stats;
pub mod write;

use crate::app::App;
use crate::auth::Caller;
use crate::config::ReviewSettings;
use crate::domain::review::{RatingPrior, Review, ReviewStatus};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};

pub use self::sentiment::{Lexicon, SentimentScorer};

/// The scorer every review is scored with.
pub static SCORER: Lexicon = Lexicon;

/// The review rules configured.
pub fn settings(app: &App) -> &ReviewSettings {
    &app.config.reviews
}

/// The configured Bayesian prior.
pub fn prior(app: &App) -> RatingPrior {
    app.config.reviews.prior
}

/// Whether `viewer` may see `r` at `now`: its author and admins always; everyone else once it
/// is published and revealed.
pub fn may_see(r: &Review, viewer: Option<&Caller>, now: Timestamp) -> bool {
    match viewer {
        Some(c) if c.is_admin() => true,
        Some(c) if c.id == r.reviewer => r.status != ReviewStatus::Deleted,
        _ => r.is_published() && r.is_revealed(now),
    }
}

/// The review, as `viewer` may see it; `NotFound` when it does not exist or is not (yet)
/// theirs to see — a hidden review is indistinguishable from a missing one.
pub async fn find_visible(app: &App, id: Id, viewer: Option<&Caller>) -> Result<Review> {
    let r = app
        .store
        .reviews
        .get(id)
        .await?
        .ok_or(Error::NotFound("review"))?;
    if may_see(&r, viewer, Timestamp::now()) {
        Ok(r)
    } else {
        Err(Error::NotFound("review"))
    }
}

/// `GET /reviews/:id`.
pub async fn show(app: &App, id: Id, viewer: Option<&Caller>) -> Result<Review> {
    find_visible(app, id, viewer).await
}

/// Writes `next` over `current` (compare-and-set on the revision, counters moved with it);
/// `Conflict` when someone changed the review first.
pub(crate) async fn save(app: &App, current: &Review, mut next: Review) -> Result<Review> {
    next.revision = current.revision + 1;
    next.updated_at = Timestamp::now();
    let written = app
        .store
        .reviews
        .change_review(&next, current.revision, &prior(app))
        .await?;
    if !written {
        return Err(Error::Conflict(
            "the review changed meanwhile; reload it and try again".into(),
        ));
    }
    Ok(next)
}
