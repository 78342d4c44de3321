//! Reviews of completed bookings: the collection spec, the repository trait (only its own queries;
//! the generic ones come from [`Collection`]), its filters, and the two implementations,
//! `embedded.rs` and `mongo.rs`.
//!
//! Every write that changes what a review contributes to its reviewee's statistics goes through
//! [`ReviewRepo::add_review`] or [`ReviewRepo::change_review`], which move the counters on the
//! user by the difference in the same step (one SQLite transaction; on MongoDB atomic `$inc`s,
//! see `mongo.rs`), so the counters are never recomputed by scanning and never lose a review.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use crate::domain::review::{ModerationState, RatingPrior, Review, ReviewStatus, Vote};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::spec::IndexKey::{Asc, Desc, Text};
use crate::store::spec::Scope::All;
use crate::store::spec::{CollectionSpec, IndexSpec, unique};
use crate::store::{Collection, Page, PageRequest};
use async_trait::async_trait;

/// Reviews of completed bookings.
#[async_trait]
pub trait ReviewRepo: Collection<Review> {
    /// Filtered, in `filter.sort` order; `filter.text` uses text search. `Recent` continues
    /// by id, the other orders by offset.
    async fn list_reviews(&self, filter: &ReviewFilter, page: &PageRequest)
    -> Result<Page<Review>>;
    /// Stores a new review and counts it on the reviewee's statistics (derived values with
    /// `prior`); when the other party of the booking has already reviewed, both are revealed
    /// at `review.created_at`. Returns the review as stored. `Conflict` on a second review of
    /// the same booking by the same reviewer (nothing counted).
    async fn add_review(&self, review: &Review, prior: &RatingPrior) -> Result<Review>;
    /// Replaces the review if its stored `revision` is still `expected` and moves the
    /// reviewee's counters by the difference between the stored and the new review (an
    /// edit, a deletion, hiding). `false` (nothing written) when someone changed it first;
    /// `NotFound` if absent.
    async fn change_review(
        &self,
        review: &Review,
        expected: i64,
        prior: &RatingPrior,
    ) -> Result<bool>;
    /// Casts (`Some`) or withdraws (`None`) `voter`'s vote atomically, keeping the counts and
    /// the helpful score in step; the review afterwards and whether anything changed.
    /// `NotFound` if absent.
    async fn vote_review(&self, id: Id, voter: Id, vote: Option<Vote>) -> Result<(Review, bool)>;
    /// Every review received by `reviewee` that counts in statistics: only `baitech health
    /// --deep` reads this, to recompute the counters.
    async fn counted_reviews_of(&self, reviewee: Id) -> Result<Vec<Review>>;
    /// Ids of the users who received at least one review, in id order after `after`.
    async fn reviewees(&self, after: Option<Id>, limit: u32) -> Result<Vec<Id>>;
}

/// Reviews of completed bookings: one per booking and reviewer.
pub const REVIEWS: CollectionSpec = CollectionSpec {
    name: "reviews",
    noun: "review",
    uniques: &[unique(
        "reviews_booking_reviewer_unique",
        &["booking", "reviewer"],
        All,
        "you have already reviewed this booking",
    )],
    indexes: &[
        IndexSpec::new("reviews_reviewee_id", &[Asc("reviewee"), Desc("_id")]),
        IndexSpec::new("reviews_reviewer_id", &[Asc("reviewer"), Desc("_id")]),
        IndexSpec::new("reviews_text", &[Text]),
    ],
    text: &["title", "comment"],
};

/// The orders a review list comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReviewSort {
    /// Newest first.
    #[default]
    Recent,
    /// Highest Wilson lower bound of helpful votes first, then newest.
    Helpful,
    /// Most stars first, then newest.
    RatingHigh,
    /// Fewest stars first, then newest.
    RatingLow,
}

#[derive(Debug, Clone, Default)]
pub struct ReviewFilter {
    pub reviewee: Option<Id>,
    pub reviewer: Option<Id>,
    pub booking: Option<Id>,
    pub featured: Option<bool>,
    pub text: Option<String>,
    /// Only published reviews revealed by then (what the public sees at that moment).
    pub visible_at: Option<Timestamp>,
    /// Only reviews with this many stars.
    pub stars: Option<u8>,
    /// Only reviews with at least one photo.
    pub with_photos: bool,
    /// Only reviews in this moderation state (the moderation queue).
    pub moderation: Option<ModerationState>,
    /// Only reviews in this status (`hidden` for what moderators took down).
    pub status: Option<ReviewStatus>,
    pub sort: ReviewSort,
}
