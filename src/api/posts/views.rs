//! The JSON shapes of the feed: a post as a list shows it, a comment, a report, and the small
//! answers of likes, saves, shares and views.

use serde::Serialize;

use crate::api::views::PublicUser;
use crate::auth::Caller;
use crate::domain::post::{
    Comment, Engagement, Media, ModerationStatus, PostEdit, PostType, Visibility,
};
use crate::domain::report::{Report, ReportReason, ReportStatus, ReportTarget};
use crate::domain::{Id, Timestamp};
use crate::services::feed::ranked::{FeedItem, WorkCard};

/// A post with its author and the viewer's own like and save.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PostView {
    #[serde(rename = "_id")]
    pub id: Id,
    /// `null` when the account no longer exists.
    pub author: Option<PublicUser>,
    #[serde(rename = "type")]
    pub kind: PostType,
    pub content: String,
    pub media: Vec<Media>,
    pub hashtags: Vec<String>,
    pub mentions: Vec<Id>,
    pub service_category: Option<String>,
    /// The completed booking a portfolio post shows.
    pub booking: Option<Id>,
    /// That booking's work card.
    pub work_card: Option<WorkCard>,
    pub visibility: Visibility,
    pub engagement: Engagement,
    pub liked_by_me: bool,
    pub saved_by_me: bool,
    /// Whether the text was edited.
    pub edited: bool,
    /// For the author and admins: the screen's decision and scores.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moderation: Option<ModerationView>,
    /// For the author and admins: earlier texts, oldest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edits: Option<Vec<PostEdit>>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Where a post or comment stands in moderation.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ModerationView {
    pub status: ModerationStatus,
    pub reasons: Vec<String>,
    pub scores: std::collections::BTreeMap<String, f64>,
}

impl PostView {
    /// `item` as `viewer` sees it.
    pub fn of(item: &FeedItem, viewer: Option<&Caller>) -> PostView {
        let p = &item.post;
        let insider = viewer.is_some_and(|v| v.id == p.author || v.is_admin());
        PostView {
            id: p.id,
            author: item.author.as_ref().map(PublicUser::from),
            kind: p.kind,
            content: p.content.clone(),
            media: p.media.clone(),
            hashtags: p.hashtags.clone(),
            mentions: p.mentions.clone(),
            service_category: p.service_category.clone(),
            booking: p.booking,
            work_card: item.work.clone(),
            visibility: p.visibility,
            engagement: p.engagement,
            liked_by_me: item.liked,
            saved_by_me: item.saved,
            edited: !p.edits.is_empty(),
            moderation: insider.then(|| ModerationView {
                status: p.moderation.status,
                reasons: p.moderation.reasons.clone(),
                scores: p.moderation.scores.clone(),
            }),
            edits: insider.then(|| p.edits.clone()),
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// A comment; a deleted one keeps its place with no text.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CommentView {
    #[serde(rename = "_id")]
    pub id: Id,
    pub post: Id,
    pub author: Id,
    pub content: String,
    /// The comment this one replies to.
    pub parent: Option<Id>,
    pub mentions: Vec<Id>,
    pub deleted: bool,
    /// For the author and admins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moderation: Option<ModerationView>,
    pub created_at: Timestamp,
}

impl CommentView {
    pub fn of(c: &Comment, viewer: Option<&Caller>) -> CommentView {
        let insider = viewer.is_some_and(|v| v.id == c.author || v.is_admin());
        CommentView {
            id: c.id,
            post: c.post,
            author: c.author,
            content: c.content.clone(),
            parent: c.parent,
            mentions: c.mentions.clone(),
            deleted: c.deleted_at.is_some(),
            moderation: insider.then(|| ModerationView {
                status: c.moderation.status,
                reasons: c.moderation.reasons.clone(),
                scores: c.moderation.scores.clone(),
            }),
            created_at: c.created_at,
        }
    }
}

/// A report as its reporter sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportView {
    #[serde(rename = "_id")]
    pub id: Id,
    pub target_kind: ReportTarget,
    pub target: Id,
    pub reason: ReportReason,
    pub status: ReportStatus,
    pub created_at: Timestamp,
}

impl From<&Report> for ReportView {
    fn from(r: &Report) -> Self {
        ReportView {
            id: r.id,
            target_kind: r.target_kind,
            target: r.target,
            reason: r.reason,
            status: r.status,
            created_at: r.created_at,
        }
    }
}

/// `{liked, likes}` after a like or unlike.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct LikeView {
    pub liked: bool,
    pub likes: i64,
}

/// `{saved, saves}` after a save or unsave.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct SaveView {
    pub saved: bool,
    pub saves: i64,
}

/// The share count after a share.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct ShareView {
    pub shares: i64,
}

/// Whether a view counted (once per viewer per 24 hours), and the view count.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct ViewCount {
    pub counted: bool,
    pub views: i64,
}
