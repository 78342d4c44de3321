//! What clients see of a review: everything but the voter lists (the viewer gets their own
//! vote as `myVote`) and, for anyone but the author and admins, the moderation state.

use serde::Serialize;

use crate::auth::Caller;
use crate::domain::post::Media;
use crate::domain::review::{
    BusinessResponse, CategoryRatings, RatingSummary, Review, ReviewEdit, ReviewModeration,
    ReviewSide, ReviewStatus, Sentiment, Vote,
};
use crate::domain::{Id, Timestamp};

/// A review as its viewer may see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReviewView {
    #[serde(rename = "_id")]
    pub id: Id,
    pub booking: Id,
    pub reviewer: Id,
    pub reviewee: Id,
    pub side: ReviewSide,
    pub rating: u8,
    pub categories: CategoryRatings,
    pub title: Option<String>,
    pub comment: String,
    pub photos: Vec<Media>,
    pub helpful_count: i64,
    pub not_helpful_count: i64,
    /// The viewer's own vote, if any.
    pub my_vote: Option<Vote>,
    pub response: Option<BusinessResponse>,
    pub sentiment: Option<Sentiment>,
    /// The booking was paid through the platform.
    pub verified: bool,
    pub featured: bool,
    pub status: ReviewStatus,
    /// Whether everyone can see it yet (double-blind: the other party reviewed, or the
    /// window passed).
    pub revealed: bool,
    pub reveal_at: Timestamp,
    /// Earlier versions, oldest first.
    pub edits: Vec<ReviewEdit>,
    /// Only for its author and admins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moderation: Option<ReviewModeration>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl ReviewView {
    pub fn new(r: &Review, viewer: Option<&Caller>) -> ReviewView {
        let insider = viewer.is_some_and(|c| c.is_admin() || c.id == r.reviewer);
        ReviewView {
            id: r.id,
            booking: r.booking,
            reviewer: r.reviewer,
            reviewee: r.reviewee,
            side: r.side,
            rating: r.rating,
            categories: r.categories,
            title: r.title.clone(),
            comment: r.comment.clone(),
            photos: r.photos.clone(),
            helpful_count: r.helpful_count,
            not_helpful_count: r.not_helpful_count,
            my_vote: viewer.and_then(|c| r.vote_of(c.id)),
            response: r.response.clone(),
            sentiment: r.sentiment.clone(),
            verified: r.verified,
            featured: r.featured,
            status: r.status,
            revealed: r.is_revealed(Timestamp::now()),
            reveal_at: r.reveal_at,
            edits: r.edits.clone(),
            moderation: insider.then(|| r.moderation.clone()),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A vote's outcome.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VoteView {
    pub review: Id,
    pub my_vote: Option<Vote>,
    /// Whether this request changed anything (a repeat changes nothing).
    pub changed: bool,
    pub helpful_count: i64,
    pub not_helpful_count: i64,
}

/// `{success, data, statistics, pagination}`: a page of a user's reviews with their statistics.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ReviewListEnvelope {
    #[schema(example = true)]
    pub success: bool,
    pub data: Vec<ReviewView>,
    pub statistics: RatingSummary,
    pub pagination: crate::api::openapi::Pagination,
}
