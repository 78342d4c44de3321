//! Likes and saves of posts (`post_reactions`, one per post, user and kind) and de-duplicated
//! views (`post_views`, one per viewer and post): each change moves the post's counter in the
//! same step, so counters equal the reactions behind them. The spec, the repository trait and
//! the two implementations, `embedded.rs` and `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use std::time::Duration;

use async_trait::async_trait;

use crate::domain::post::{Engagement, PostReaction, PostReactionKind, PostView};
use crate::domain::ranking::Ranking;
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::spec::IndexKey::{Asc, Desc};
use crate::store::spec::Scope::All;
use crate::store::spec::{CollectionSpec, IndexSpec, unique};
use crate::store::{Collection, Page, PageRequest};

/// What a like, unlike, save or unsave did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Toggled {
    /// Whether the reaction changed (a repeated like changes nothing).
    pub changed: bool,
    /// The post's counters afterwards.
    pub engagement: Engagement,
}

/// Reactions and views; every method is idempotent and atomic with the post's counter.
#[async_trait]
pub trait ReactionRepo: Collection<PostReaction> + Collection<PostView> {
    /// Adds `user`'s reaction of `kind` to `post` and counts it (`likes` or `saves` + 1)
    /// unless it was there; `NotFound` when the post does not exist. The counter and the hot
    /// score under `ranking` move in one atomic update of the post, and nothing else of it is
    /// rewritten.
    async fn react(
        &self,
        post: Id,
        user: Id,
        kind: PostReactionKind,
        ranking: &Ranking,
    ) -> Result<Toggled>;
    /// Removes the reaction and uncounts it (with the score, as [`ReactionRepo::react`]), if
    /// it was there.
    async fn unreact(
        &self,
        post: Id,
        user: Id,
        kind: PostReactionKind,
        ranking: &Ranking,
    ) -> Result<Toggled>;
    /// Which of `posts` `user` has reacted to with `kind`.
    async fn reacted_among(
        &self,
        user: Id,
        kind: PostReactionKind,
        posts: &[Id],
    ) -> Result<Vec<Id>>;
    /// `user`'s reactions of `kind`, newest first (the saved posts list).
    async fn reactions_of(
        &self,
        user: Id,
        kind: PostReactionKind,
        page: &PageRequest,
    ) -> Result<Page<PostReaction>>;
    /// Counts a view of `post` by `viewer` at `at` unless the same viewer was counted within
    /// `window` before; the new counters when it counted, `None` when it did not.
    async fn record_view(
        &self,
        post: Id,
        viewer: Id,
        at: Timestamp,
        window: Duration,
    ) -> Result<Option<Engagement>>;
}

/// Likes and saves: one per (post, user, kind); a user's saved list newest first.
pub const POST_REACTIONS: CollectionSpec = CollectionSpec {
    name: "post_reactions",
    noun: "reaction",
    uniques: &[unique(
        "post_reactions_post_user_kind_unique",
        &["post", "user", "type"],
        All,
        "already reacted to this post",
    )],
    indexes: &[IndexSpec::new(
        "post_reactions_user_kind_id",
        &[Asc("user"), Asc("type"), Desc("_id")],
    )],
    text: &[],
};

/// Views: one per (post, viewer), holding when it last counted; MongoDB drops it a day later.
pub const POST_VIEWS: CollectionSpec = CollectionSpec {
    name: "post_views",
    noun: "view",
    uniques: &[unique(
        "post_views_post_viewer_unique",
        &["post", "viewer"],
        All,
        "this view is already counted",
    )],
    indexes: &[IndexSpec::new("post_views_at_ttl", &[Asc("at")]).ttl(86_400)],
    text: &[],
};
