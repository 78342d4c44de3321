//! Social events to drafts: a new follower, a like, a comment or reply, a share — each told to
//! the one whose profile, post or comment it is, never to the one who did it. Likes, shares,
//! comments and follows collapse into one item per post (or per profile) inside the group
//! window: "Amina and 3 others liked your post".

use serde_json::json;

use crate::app::App;
use crate::domain::deep_link::DeepLink;
use crate::domain::notification::{NotificationType as T, Priority};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::realtime::Event;

use super::{Draft, name_of};

/// How much of a comment its notification quotes.
const QUOTE_CHARS: usize = 140;

/// The drafts of a follow, like, comment or share; nothing for any other event.
pub async fn drafts(app: &App, event: &Event) -> Result<Vec<Draft>> {
    Ok(match event {
        Event::Followed { user, by, at } if user != by => {
            let name = name_of(app, *by).await;
            vec![
                Draft::new(
                    *user,
                    T::NewFollower,
                    format!("{name} started following you"),
                    "Open their profile to follow back.",
                    DeepLink::user(*by),
                    format!("follow:{by}:{user}:{}", at.millis()),
                    *at,
                )
                .priority(Priority::Low)
                .actor(*by, name)
                .grouped("followers".to_string(), "started following you")
                .action(json!({ "action": "view_profile", "userId": by })),
            ]
        }
        Event::PostLiked {
            post,
            author,
            by,
            at,
        } if author != by => {
            let body = "Open the post to see who else liked it.";
            vec![
                engaged(
                    app,
                    T::PostLiked,
                    ("like", "liked"),
                    body,
                    (*post, *author, *by, *at),
                )
                .await,
            ]
        }
        Event::PostShared {
            post,
            author,
            by,
            at,
        } if author != by => {
            let body = "More people can see your work now.";
            vec![
                engaged(
                    app,
                    T::PostShared,
                    ("share", "shared"),
                    body,
                    (*post, *author, *by, *at),
                )
                .await,
            ]
        }
        Event::Commented {
            post,
            comment,
            by,
            post_author,
            parent,
            parent_author,
            mentions,
            at,
        } => {
            // The one who wrote it hears nothing; a mentioned user hears of the mention; the
            // author of the comment replied to hears of the reply, not also of the comment.
            let told = |who: &Id| who != by && !mentions.contains(who);
            let reply_to = parent_author.filter(told);
            let post_to = Some(*post_author)
                .filter(told)
                .filter(|a| Some(*a) != reply_to);
            if reply_to.is_none() && post_to.is_none() {
                return Ok(Vec::new());
            }
            let name = name_of(app, *by).await;
            let quote = match app.store.comments.get(*comment).await? {
                Some(c) => c.content.chars().take(QUOTE_CHARS).collect(),
                None => String::new(),
            };
            let source = format!("comment:{comment}");
            let action = json!({
                "action": "view_comment", "postId": post, "commentId": comment, "parentId": parent,
            });
            let mut out = Vec::new();
            if let Some(who) = reply_to {
                out.push(
                    Draft::new(
                        who,
                        T::PostCommented,
                        format!("{name} replied to your comment"),
                        quote.clone(),
                        DeepLink::post(*post),
                        format!("{source}:reply"),
                        *at,
                    )
                    .actor(*by, name.clone())
                    .action(action.clone()),
                );
            }
            if let Some(who) = post_to {
                out.push(
                    Draft::new(
                        who,
                        T::PostCommented,
                        format!("{name} commented on your post"),
                        quote,
                        DeepLink::post(*post),
                        source,
                        *at,
                    )
                    .actor(*by, name)
                    .grouped(format!("post:{post}:comments"), "commented on your post")
                    .action(action),
                );
            }
            out
        }
        _ => Vec::new(),
    })
}

/// `by` liked or shared (`tag`, `verb`) `author`'s `post` at `at`: one low-priority draft,
/// grouped per post and kind ("Amina and 3 others liked your post").
async fn engaged(
    app: &App,
    kind: T,
    (tag, verb): (&str, &str),
    body: &str,
    (post, author, by, at): (Id, Id, Id, Timestamp),
) -> Draft {
    let name = name_of(app, by).await;
    Draft::new(
        author,
        kind,
        format!("{name} {verb} your post"),
        body,
        DeepLink::post(post),
        format!("{tag}:{post}:{by}:{}", at.millis()),
        at,
    )
    .priority(Priority::Low)
    .actor(by, name)
    .grouped(format!("post:{post}:{tag}s"), format!("{verb} your post"))
    .action(json!({ "action": "view_post", "postId": post }))
}
