//! Social posts: the collection spec, the repository trait (only its own queries; the generic ones
//! come from [`Collection`]), its filters, and the two implementations, `embedded.rs` and
//! `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use crate::domain::post::{Engagement, ModerationStatus, Post, PostType, Visibility};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::spec::IndexKey::{Asc, Desc, Text};
use crate::store::spec::{CollectionSpec, IndexSpec};
use crate::store::{Collection, Page, PageRequest};
use async_trait::async_trait;

/// Social posts.
#[async_trait]
pub trait PostRepo: Collection<Post> {
    /// Newest first; deleted posts never appear; `filter.text` uses text search.
    ///
    /// This is also the moderation queue: `moderation: Some(PendingReview)` with `reason`,
    /// `author` and `since` as the admin's filters, continued by an id cursor.
    async fn list_posts(&self, filter: &PostFilter, page: &PageRequest) -> Result<Page<Post>>;
    /// Highest stored `engagementScore` (the hot score) first, ties newest first, continued
    /// by offset; deleted posts never appear. Serves the following feed (`authors`), explore
    /// (public + approved) and the hashtag and category pages in rank order.
    async fn ranked_posts(&self, filter: &PostFilter, page: &PageRequest) -> Result<Page<Post>>;
    /// The first `limit` posts of [`PostRepo::ranked_posts`]'s order as keys only: what a
    /// scroll snapshot freezes, read without decoding a document.
    async fn ranked_keys(&self, filter: &PostFilter, limit: u32) -> Result<Vec<RankedKey>>;
    /// Hashtags of public, approved, live posts created since `since`, most distinct
    /// authors first, then most posts, then by name; at most `limit`.
    async fn trending_hashtags(&self, since: Timestamp, limit: u32) -> Result<Vec<HashtagCount>>;
    /// Highest stored `engagementScore` first (cursor = offset in score order), public and
    /// approved posts only.
    async fn explore_posts(&self, page: &PageRequest) -> Result<Page<Post>>;
    /// Atomically adds the deltas to the engagement counters and returns the new counters.
    async fn add_engagement(&self, id: Id, delta: &Engagement) -> Result<Engagement>;
    async fn set_engagement_score(&self, id: Id, score: f64) -> Result<()>;
    /// Sets the score only while the counters are still `seen` (the ones it was computed
    /// from): of two racing writers, the one whose counters are current wins. Whether it set.
    async fn set_score_if_engagement(&self, id: Id, seen: &Engagement, score: f64) -> Result<bool>;
    async fn set_moderation(
        &self,
        id: Id,
        status: ModerationStatus,
        reasons: &[String],
        by: Option<Id>,
    ) -> Result<()>;
}

/// An engagement counter moved together with the hot score in one update of the post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::store) enum Counter {
    Likes,
    Saves,
}

impl Counter {
    /// Its field under `engagement` in the stored document.
    pub(in crate::store) fn field(self) -> &'static str {
        match self {
            Counter::Likes => "likes",
            Counter::Saves => "saves",
        }
    }

    fn of(self, e: &mut Engagement) -> &mut i64 {
        match self {
            Counter::Likes => &mut e.likes,
            Counter::Saves => &mut e.saves,
        }
    }

    /// `e` with this counter moved by `delta`, never below 0.
    pub(in crate::store) fn moved(self, mut e: Engagement, delta: i64) -> Engagement {
        let n = self.of(&mut e);
        *n = (*n + delta).max(0);
        e
    }
}

/// A post's place in a ranked list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankedKey {
    pub id: Id,
    pub author: Id,
    pub score: f64,
}

/// One hashtag's recent use (see [`PostRepo::trending_hashtags`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HashtagCount {
    pub tag: String,
    pub posts: u64,
    pub authors: u64,
}

/// Social posts: author feeds, hashtags, explore by score, moderation queue, text search.
pub const POSTS: CollectionSpec = CollectionSpec {
    name: "posts",
    noun: "post",
    uniques: &[],
    indexes: &[
        IndexSpec::new("posts_author_id", &[Asc("author"), Desc("_id")]),
        IndexSpec::new("posts_hashtags", &[Asc("hashtags")]),
        IndexSpec::new(
            "posts_author_score",
            &[Asc("author"), Desc("engagementScore"), Desc("_id")],
        ),
        IndexSpec::new(
            "posts_engagement_score",
            &[Desc("engagementScore"), Desc("_id")],
        ),
        IndexSpec::new(
            "posts_moderation_id",
            &[Asc("moderation.status"), Desc("_id")],
        ),
        IndexSpec::new("posts_text", &[Text]),
    ],
    text: &["content", "hashtags"],
};

#[derive(Debug, Clone, Default)]
pub struct PostFilter {
    pub author: Option<Id>,
    /// Posts by any of these authors (a following feed); empty = no restriction.
    pub authors: Vec<Id>,
    pub kind: Option<PostType>,
    /// Lower-case, without `#`.
    pub hashtag: Option<String>,
    pub text: Option<String>,
    pub moderation: Option<ModerationStatus>,
    /// Any of these (empty = all).
    pub visibility: Vec<Visibility>,
    /// `serviceCategory` equals this.
    pub category: Option<String>,
    /// `moderation.reasons` holds this.
    pub reason: Option<String>,
    /// Created at or after this.
    pub since: Option<Timestamp>,
}
