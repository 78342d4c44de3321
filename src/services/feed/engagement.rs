//! Likes, saves, shares and views of a post: idempotent where a person can only do it once,
//! counted atomically by the store, the hot score refreshed from the new counters (for likes
//! and saves by the store, in the same update as the counter).

use std::time::Duration;

use super::access::visible_post;
use super::refresh_score;
use crate::app::App;
use crate::auth::Caller;
use crate::domain::post::{Engagement, Post, PostReactionKind};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::realtime::Event;
use crate::services::users::writable_account;
use crate::store::Toggled;

/// A view counts once per viewer per post within this long.
pub const VIEW_WINDOW: Duration = Duration::from_secs(24 * 60 * 60);

/// Where a like or save stands after a request: `{liked, likes}` or `{saved, saves}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReactionState {
    pub on: bool,
    pub count: i64,
    pub changed: bool,
}

async fn toggle(
    app: &App,
    caller: &Caller,
    id: Id,
    kind: PostReactionKind,
    on: bool,
) -> Result<ReactionState> {
    writable_account(&app.store, caller).await?;
    let (post, _) = visible_post(app, Some(caller), id).await?;
    let (r, ranking) = (&app.store.reactions, &app.config.feed.ranking);
    // The store moves the counter and the hot score in one update: no second write.
    let t: Toggled = if on {
        r.react(id, caller.id, kind, ranking).await?
    } else {
        r.unreact(id, caller.id, kind, ranking).await?
    };
    if t.changed && on && kind == PostReactionKind::Like {
        app.publish(Event::PostLiked {
            post: id,
            author: post.author,
            by: caller.id,
            at: Timestamp::now(),
        })
        .await;
    }
    let count = match kind {
        PostReactionKind::Like => t.engagement.likes,
        PostReactionKind::Save => t.engagement.saves,
    };
    Ok(ReactionState {
        on,
        count,
        changed: t.changed,
    })
}

/// The caller likes the post (again: nothing changes).
pub async fn like(app: &App, caller: &Caller, id: Id) -> Result<ReactionState> {
    toggle(app, caller, id, PostReactionKind::Like, true).await
}

/// The caller takes back a like (none: nothing changes).
pub async fn unlike(app: &App, caller: &Caller, id: Id) -> Result<ReactionState> {
    toggle(app, caller, id, PostReactionKind::Like, false).await
}

/// The caller saves the post to their saved list.
pub async fn save(app: &App, caller: &Caller, id: Id) -> Result<ReactionState> {
    toggle(app, caller, id, PostReactionKind::Save, true).await
}

/// The caller removes the post from their saved list.
pub async fn unsave(app: &App, caller: &Caller, id: Id) -> Result<ReactionState> {
    toggle(app, caller, id, PostReactionKind::Save, false).await
}

/// The caller shared the post (each share counts); the new share count.
pub async fn share(app: &App, caller: &Caller, id: Id) -> Result<i64> {
    writable_account(&app.store, caller).await?;
    let (post, _) = visible_post(app, Some(caller), id).await?;
    let one = Engagement {
        shares: 1,
        ..Engagement::default()
    };
    let e = app.store.posts.add_engagement(id, &one).await?;
    refresh_score(app, id, post.created_at, &e).await?;
    app.publish(Event::PostShared {
        post: id,
        author: post.author,
        by: caller.id,
        at: Timestamp::now(),
    })
    .await;
    Ok(e.shares)
}

/// The caller saw the post (a feed impression): counted once per 24 hours, never the
/// author's own. Whether it counted, and the view count.
pub async fn view(app: &App, caller: &Caller, id: Id) -> Result<(bool, i64)> {
    let (post, _) = visible_post(app, Some(caller), id).await?;
    if caller.id == post.author {
        return Ok((false, post.engagement.views));
    }
    match count_view(app, &post, caller.id).await? {
        Some(e) => Ok((true, e.views)),
        None => Ok((false, post.engagement.views)),
    }
}

/// Counts `viewer`'s view of `post` unless counted within [`VIEW_WINDOW`]; the new counters.
pub(crate) async fn count_view(app: &App, post: &Post, viewer: Id) -> Result<Option<Engagement>> {
    let counted = app
        .store
        .reactions
        .record_view(post.id, viewer, Timestamp::now(), VIEW_WINDOW)
        .await?;
    if let Some(e) = &counted {
        refresh_score(app, post.id, post.created_at, e).await?;
    }
    Ok(counted)
}
