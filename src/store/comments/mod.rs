//! Comments on posts: the collection spec, the repository trait (only its own queries; the
//! generic ones come from [`Collection`]), its filter, and the two implementations,
//! `embedded.rs` and `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use async_trait::async_trait;

use crate::domain::post::{Comment, ModerationStatus};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::spec::IndexKey::{Asc, Desc};
use crate::store::spec::{CollectionSpec, IndexSpec};
use crate::store::{Collection, Page, PageRequest};

/// Comments; a reply names its parent comment, so a thread is one list of the post.
#[async_trait]
pub trait CommentRepo: Collection<Comment> {
    /// Newest first, continued by an id cursor; deleted comments (tombstones) are listed too,
    /// so replies keep their parent. With `moderation: Some(PendingReview)` this is the
    /// comments' moderation queue.
    async fn list_comments(
        &self,
        filter: &CommentFilter,
        page: &PageRequest,
    ) -> Result<Page<Comment>>;
    /// Records a moderation decision (status, reasons; with `by`, who and when).
    async fn set_comment_moderation(
        &self,
        id: Id,
        status: ModerationStatus,
        reasons: &[String],
        by: Option<Id>,
    ) -> Result<()>;
}

/// Conditions of a comment list; every field narrows it.
#[derive(Debug, Clone, Default)]
pub struct CommentFilter {
    pub post: Option<Id>,
    /// `Some(None)`: top-level comments only; `Some(Some(c))`: replies to `c`.
    pub parent: Option<Option<Id>>,
    pub author: Option<Id>,
    pub moderation: Option<ModerationStatus>,
    /// `moderation.reasons` holds this.
    pub reason: Option<String>,
    /// Created at or after this.
    pub since: Option<Timestamp>,
}

/// Comments: a post's thread, an author's comments and the moderation queue, newest first.
pub const COMMENTS: CollectionSpec = CollectionSpec {
    name: "comments",
    noun: "comment",
    uniques: &[],
    indexes: &[
        IndexSpec::new("comments_post_id", &[Asc("post"), Desc("_id")]),
        IndexSpec::new("comments_author_id", &[Asc("author"), Desc("_id")]),
        IndexSpec::new(
            "comments_moderation_id",
            &[Asc("moderation.status"), Desc("_id")],
        ),
    ],
    text: &[],
};
