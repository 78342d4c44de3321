//! Social posts: the collection spec, the repository trait (only its own queries; the generic ones
//! come from [`Collection`]), its filters, and the two implementations, `embedded.rs` and
//! `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use crate::domain::Id;
use crate::domain::post::{Engagement, ModerationStatus, Post, PostType, Visibility};
use crate::error::Result;
use crate::store::spec::IndexKey::{Asc, Desc, Text};
use crate::store::spec::{CollectionSpec, IndexSpec};
use crate::store::{Collection, Page, PageRequest};
use async_trait::async_trait;

/// Social posts.
#[async_trait]
pub trait PostRepo: Collection<Post> {
    /// Newest first; deleted posts never appear; `filter.text` uses text search.
    async fn list_posts(&self, filter: &PostFilter, page: &PageRequest) -> Result<Page<Post>>;
    /// Highest stored `engagementScore` first (cursor = offset in score order), public and
    /// approved posts only.
    async fn explore_posts(&self, page: &PageRequest) -> Result<Page<Post>>;
    /// Atomically adds the deltas to the engagement counters and returns the new counters.
    async fn add_engagement(&self, id: Id, delta: &Engagement) -> Result<Engagement>;
    async fn set_engagement_score(&self, id: Id, score: f64) -> Result<()>;
    async fn set_moderation(
        &self,
        id: Id,
        status: ModerationStatus,
        reasons: &[String],
        by: Option<Id>,
    ) -> Result<()>;
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
}
