//! The social feed: posts and their engagement, comments, reports, and the ranked lists
//! (following feed, explore, hashtag and search pages) with scroll snapshots.
//!
//! Every post and comment passes the write-time moderation screen
//! ([`crate::services::moderation`]); only approved content reaches anyone but its author.

pub mod access;
pub mod comments;
pub mod engagement;
pub mod posts;
pub mod ranked;
pub mod reports;

use crate::app::App;
use crate::domain::post::{Engagement, Moderation};
use crate::domain::ranking::hot_score;
use crate::domain::user::User;
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::realtime::Event;
use crate::services::moderation::{Moderator, OfflineModerator, ScreenInput, Screening};

/// Most `@mentions` of one text that are resolved (and notified).
const MAX_MENTIONS: usize = 10;

/// The screen of `text` by `author`, who wrote `recent` items in the last hour.
pub(crate) fn screen(
    app: &App,
    author: &User,
    text: &str,
    recent: u32,
    now: Timestamp,
) -> Screening {
    let age_days = (now.millis() - author.created_at.millis()).max(0) / 86_400_000;
    OfflineModerator::new(app.config.feed.moderation).screen(&ScreenInput {
        text,
        account_age_days: u32::try_from(age_days).unwrap_or(u32::MAX),
        recent_posts: recent,
    })
}

/// The moderation record of a screening (no human review yet).
pub(crate) fn moderation_of(s: &Screening) -> Moderation {
    Moderation {
        status: s.decision,
        reasons: s.reasons.clone(),
        ai_score: Some(s.overall),
        scores: s.scores.clone(),
        reviewed_by: None,
        reviewed_at: None,
    }
}

/// The users `@mentioned` in `text` that exist, without `author`, each once.
pub(crate) async fn resolve_mentions(app: &App, text: &str, author: Id) -> Result<Vec<Id>> {
    let mut out = Vec::new();
    for handle in crate::domain::post::extract_mentions(text)
        .into_iter()
        .take(MAX_MENTIONS)
    {
        if let Some(u) = app.store.users.find_user_by_username(&handle).await?
            && u.id != author
            && !out.contains(&u.id)
        {
            out.push(u.id);
        }
    }
    Ok(out)
}

/// Tells each mentioned user (after the write is stored), except those a block keeps apart
/// from `by` (whoever made it): the mention stays in the text, but the event, and so the
/// notification and the live push, never reach them. A failed publish is logged: the content
/// is stored either way; when the blocks cannot be read, nobody is told rather than someone
/// who blocked the writer.
pub(crate) async fn publish_mentions(
    app: &App,
    by: Id,
    post: Id,
    comment: Option<Id>,
    users: &[Id],
    at: Timestamp,
) {
    let apart = match app.store.blocks.blocked_among(by, users).await {
        Ok(apart) => apart,
        Err(e) => {
            tracing::error!(error = %e, post.id = %post, "mentions: reading blocks failed, nobody is told");
            return;
        }
    };
    for &user in users.iter().filter(|u| !apart.contains(u)) {
        let event = Event::Mentioned {
            user,
            by,
            post,
            comment,
            at,
        };
        app.publish(event).await;
    }
}

/// Recomputes the hot score of `post` from the counters `engagement` just returned; of racing
/// writers, the one holding the current counters sets it.
pub(crate) async fn refresh_score(
    app: &App,
    post: Id,
    created_at: Timestamp,
    engagement: &Engagement,
) -> Result<()> {
    let score = hot_score(engagement, created_at, &app.config.feed.ranking);
    app.store
        .posts
        .set_score_if_engagement(post, engagement, score)
        .await?;
    Ok(())
}
