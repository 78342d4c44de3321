//! Comments and replies: written on posts the writer may see, screened like posts, counted on
//! the post when approved; deleted ones stay as tombstones so their replies keep a parent.
//! A block between two users hides each one's comments from the other, and neither replies
//! to the other's comment.

use serde::Deserialize;

use super::access::{blocked_authors, visible_post};
use super::{moderation_of, publish_mentions, refresh_score, resolve_mentions, screen};
use crate::app::App;
use crate::auth::Caller;
use crate::domain::post::{Comment, Engagement, ModerationStatus};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::realtime::Event;
use crate::services::input::{Field, Problems, UnknownKeys};
use crate::services::users::{blocks, writable_account};
use crate::store::{CommentFilter, Page, PageRequest, Update};

/// Longest comment, in characters.
pub const MAX_COMMENT: usize = 2_000;

/// `POST /posts/:id/comment` as sent.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct CommentInput {
    /// 1-2000 characters.
    #[schema(value_type = String)]
    pub content: Field<String>,
    /// The comment this one replies to (on the same post).
    #[schema(value_type = Option<String>)]
    pub parent: Field<String>,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: UnknownKeys,
}

/// The caller comments on (or replies within) a post they may see.
pub async fn add(app: &App, caller: &Caller, post_id: Id, input: CommentInput) -> Result<Comment> {
    let author = writable_account(&app.store, caller).await?;
    let (post, _) = visible_post(app, Some(caller), post_id).await?;
    let mut p = Problems::new();
    let content = input.content.text(&mut p, "content", 1, MAX_COMMENT);
    let parent = input
        .parent
        .optional(&mut p, "parent")
        .and_then(|s| p.id("parent", &s));
    input.unknown.report(&mut p, &[]);
    // Who wrote the comment replied to: they hear of the reply.
    let mut parent_author = None;
    if let Some(parent) = parent {
        match app.store.comments.get(parent).await? {
            Some(c) if c.post == post_id && c.deleted_at.is_none() => {
                parent_author = Some(c.author);
            }
            _ => p.push("parent", "must be a comment on this post"),
        }
    }
    let content = p.finish_with(content)?;
    if let Some(other) = parent_author
        && blocks::apart(&app.store, caller.id, other).await?
    {
        return Err(Error::Forbidden(
            "you cannot reply to this comment: a block stands between you and its author".into(),
        ));
    }
    let now = Timestamp::now();
    let recent = comments_last_hour(app, caller.id, now).await?;
    let screening = screen(app, &author, &content, recent, now);
    let comment = Comment {
        id: Id::new(),
        post: post_id,
        author: caller.id,
        mentions: resolve_mentions(app, &content, caller.id).await?,
        content,
        parent,
        likes: 0,
        moderation: moderation_of(&screening),
        deleted_at: None,
        created_at: now,
        updated_at: now,
    };
    app.store.comments.insert(&comment).await?;
    if comment.moderation.status == ModerationStatus::Approved {
        count(app, post_id, post.created_at, 1).await?;
        publish_mentions(
            app,
            caller.id,
            post_id,
            Some(comment.id),
            &comment.mentions,
            now,
        )
        .await;
        app.publish(Event::Commented {
            post: post_id,
            comment: comment.id,
            by: caller.id,
            post_author: post.author,
            parent,
            parent_author,
            mentions: comment.mentions.clone(),
            at: now,
        })
        .await;
    }
    Ok(comment)
}

async fn comments_last_hour(app: &App, author: Id, now: Timestamp) -> Result<u32> {
    let f = CommentFilter {
        author: Some(author),
        since: Some(now.minus(chrono::Duration::hours(1))),
        ..Default::default()
    };
    let page = app
        .store
        .comments
        .list_comments(&f, &PageRequest::first(100))
        .await?;
    Ok(u32::try_from(page.items.len()).unwrap_or(u32::MAX))
}

async fn count(app: &App, post: Id, created_at: Timestamp, n: i64) -> Result<()> {
    let d = Engagement {
        comments: n,
        ..Engagement::default()
    };
    let e = app.store.posts.add_engagement(post, &d).await?;
    refresh_score(app, post, created_at, &e).await
}

/// The comments of a post the viewer may see, newest first, each naming its `parent`.
/// Comments not approved show only to their author and admins; deleted ones as tombstones;
/// those of anyone a block keeps apart from the viewer (whoever made it) not at all. Replies
/// of others to a hidden comment still show, naming its id as their `parent`.
pub async fn list(
    app: &App,
    viewer: Option<&Caller>,
    post_id: Id,
    req: &PageRequest,
) -> Result<Page<Comment>> {
    visible_post(app, viewer, post_id).await?;
    let f = CommentFilter {
        post: Some(post_id),
        ..Default::default()
    };
    let mut page = app.store.comments.list_comments(&f, req).await?;
    page.items.retain(|c| {
        c.moderation.status.is_visible() || viewer.is_some_and(|v| v.id == c.author || v.is_admin())
    });
    let authors: Vec<Id> = page.items.iter().map(|c| c.author).collect();
    let hidden = blocked_authors(app, viewer, &authors).await?;
    page.items.retain(|c| !hidden.contains(&c.author));
    for c in &mut page.items {
        if c.deleted_at.is_some() {
            c.content.clear();
            c.mentions.clear();
        }
    }
    Ok(page)
}

/// The comment's author, the post's author or an admin deletes a comment: it stays as a
/// tombstone (text removed) and leaves the post's count.
pub async fn delete(app: &App, caller: &Caller, post_id: Id, id: Id) -> Result<()> {
    let (post, _) = visible_post(app, Some(caller), post_id).await?;
    let c = app
        .store
        .comments
        .get(id)
        .await?
        .filter(|c| c.post == post_id && c.deleted_at.is_none())
        .ok_or(Error::NotFound("comment"))?;
    if c.author != caller.id && post.author != caller.id && !caller.is_admin() {
        return Err(Error::Forbidden(
            "only its author, the post's author or an admin deletes a comment".into(),
        ));
    }
    let mut gone = c.clone();
    gone.deleted_at = Some(Timestamp::now());
    gone.content.clear();
    gone.mentions.clear();
    let change = Update {
        set_from: Some((&gone, &["deletedAt", "content", "mentions"])),
        only_if: &[crate::store::Condition::Missing("deletedAt")],
        ..Default::default()
    };
    let done = app.store.comments.update(id, change).await?;
    if done.is_some() && c.moderation.status == ModerationStatus::Approved {
        count(app, post_id, post.created_at, -1).await?;
    }
    Ok(())
}
