//! Reviews of completed bookings: the collection spec, the repository trait (only its own queries;
//! the generic ones come from [`Collection`]), its filters, and the two implementations,
//! `embedded.rs` and `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use crate::domain::Id;
use crate::domain::review::Review;
use crate::error::Result;
use crate::store::spec::IndexKey::{Asc, Desc, Text};
use crate::store::spec::Scope::All;
use crate::store::spec::{CollectionSpec, IndexSpec, unique};
use crate::store::{Collection, Page, PageRequest};
use async_trait::async_trait;

/// Reviews of completed bookings.
#[async_trait]
pub trait ReviewRepo: Collection<Review> {
    /// Newest first, filtered; `filter.text` uses text search.
    async fn list_reviews(&self, filter: &ReviewFilter, page: &PageRequest)
    -> Result<Page<Review>>;
    /// Adds `voter` to the helpful voters once; `false` (and no change) on a second vote.
    async fn vote_review_helpful(&self, id: Id, voter: Id) -> Result<bool>;
}

/// Reviews of completed bookings: one per booking and reviewer.
pub const REVIEWS: CollectionSpec = CollectionSpec {
    name: "reviews",
    noun: "review",
    uniques: &[unique(
        "reviews_booking_reviewer_unique",
        &["booking", "reviewer"],
        All,
        "this booking was already reviewed by this reviewer",
    )],
    indexes: &[
        IndexSpec::new("reviews_reviewee_id", &[Asc("reviewee"), Desc("_id")]),
        IndexSpec::new("reviews_reviewer_id", &[Asc("reviewer"), Desc("_id")]),
        IndexSpec::new("reviews_text", &[Text]),
    ],
    text: &["title", "comment"],
};

#[derive(Debug, Clone, Default)]
pub struct ReviewFilter {
    pub reviewee: Option<Id>,
    pub reviewer: Option<Id>,
    pub booking: Option<Id>,
    pub featured: Option<bool>,
    pub text: Option<String>,
}
