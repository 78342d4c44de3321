//! Writing and reading single posts: create (validated, screened, hashtags and mentions
//! extracted), read (counting a view), edit (keeping the earlier text), delete (author or
//! admin), and the newest-first lists: an author's posts, a hashtag, a text search.

use serde::Deserialize;

use super::access::{author_shown, blocked_authors, visible_post};
use super::{moderation_of, publish_mentions, ranked, resolve_mentions, screen};
use crate::app::App;
use crate::auth::Caller;
use crate::domain::booking::BookingStatus;
use crate::domain::post::{
    Engagement, Media, MediaKind, ModerationStatus, Post, PostEdit, PostType, Visibility,
    extract_hashtags,
};
use crate::domain::ranking::hot_score;
use crate::domain::user::User;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::services::input::{Field, Problems, UnknownKeys, slug};
use crate::services::media::{self, MediaInput};
use crate::services::users::writable_account;
use crate::store::{Page, PageRequest, PostFilter, Update};

/// Longest post text, in characters.
pub const MAX_CONTENT: usize = 5_000;
/// Most media items on one post.
pub const MAX_MEDIA: usize = 10;
/// Most hashtags kept from one post.
const MAX_HASHTAGS: usize = 30;

/// `POST /posts` (and `PUT /posts/:id`) as sent.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct PostInput {
    /// `text` (default), `image`, `video`, `portfolio`, `tip` or `question`.
    #[serde(rename = "type")]
    #[schema(value_type = Option<String>)]
    pub kind: Field<String>,
    /// 1-5000 characters (may be empty when media are attached); `#tags` and `@handles` are
    /// extracted from it.
    #[schema(value_type = Option<String>)]
    pub content: Field<String>,
    /// Uploads of the author's (see `POST /media/uploads`), at most 10.
    #[schema(value_type = Option<Vec<MediaInput>>)]
    pub media: Field<Vec<MediaInput>>,
    /// `public` (default), `followers` or `private`.
    #[schema(value_type = Option<String>)]
    pub visibility: Field<String>,
    /// A service category slug (`plumbing`, `electrical`, ...).
    #[schema(value_type = Option<String>)]
    pub service_category: Field<String>,
    /// For a `portfolio` post: a booking the author completed, shown as a work card.
    #[schema(value_type = Option<String>)]
    pub booking: Field<String>,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: UnknownKeys,
}

/// The fields of a post a writer chose, validated.
struct Draft {
    kind: PostType,
    content: String,
    media: Vec<Media>,
    visibility: Visibility,
    service_category: Option<String>,
    booking: Option<Id>,
}

fn read_draft(app: &App, author: Id, input: PostInput, p: &mut Problems) -> Option<Draft> {
    let kind = match input.kind.optional(p, "type") {
        None => Some(PostType::Text),
        Some(k) => PostType::parse(&k).or_else(|| {
            p.push(
                "type",
                "must be text, image, video, portfolio, tip or question",
            );
            None
        }),
    };
    let items = input.media.optional(p, "media").unwrap_or_default();
    if items.len() > MAX_MEDIA {
        p.push("media", format!("at most {MAX_MEDIA} items"));
    }
    let media = media::check(
        app,
        author,
        &items[..items.len().min(MAX_MEDIA)],
        p,
        "media",
    );
    let raw = input.content.optional(p, "content").unwrap_or_default();
    let min = usize::from(items.is_empty());
    let content = p.text("content", Some(&raw), min, MAX_CONTENT);
    let visibility = match input.visibility.optional(p, "visibility") {
        None => Some(Visibility::Public),
        Some(v) => Visibility::parse(&v).or_else(|| {
            p.push("visibility", "must be public, followers or private");
            None
        }),
    };
    let service_category = input
        .service_category
        .optional(p, "serviceCategory")
        .and_then(|s| slug(p, "serviceCategory", &s));
    let booking = input
        .booking
        .optional(p, "booking")
        .and_then(|b| p.id("booking", &b));
    input.unknown.report(
        p,
        &[
            ("engagement", "is counted by the server"),
            ("moderation", "is decided by the server"),
        ],
    );
    let (kind, content, visibility) = (kind?, content?, visibility?);
    let has = |k: MediaKind| media.iter().any(|m| m.kind == k);
    if kind == PostType::Image && !has(MediaKind::Image) {
        p.push("media", "an image post needs at least one image");
    }
    if kind == PostType::Video && !has(MediaKind::Video) {
        p.push("media", "a video post needs a video");
    }
    if booking.is_some() && kind != PostType::Portfolio {
        p.push("booking", "only a portfolio post shows a booking");
    }
    Some(Draft {
        kind,
        content,
        media,
        visibility,
        service_category,
        booking,
    })
}

/// A booking `author` did and finished, for a portfolio work card.
async fn check_booking(app: &App, author: Id, booking: Id, p: &mut Problems) -> Result<()> {
    let done = match app.store.bookings.get(booking).await? {
        Some(b) => {
            b.technician == Some(author)
                && matches!(
                    b.status,
                    BookingStatus::Completed
                        | BookingStatus::Verified
                        | BookingStatus::PaymentPending
                        | BookingStatus::Paid
                )
        }
        None => false,
    };
    if !done {
        p.push("booking", "must be a booking you completed");
    }
    Ok(())
}

/// How many posts `author` wrote in the hour before `now` (for the velocity check).
async fn posts_last_hour(app: &App, author: Id, now: Timestamp) -> Result<u32> {
    let f = PostFilter {
        author: Some(author),
        since: Some(now.minus(chrono::Duration::hours(1))),
        ..Default::default()
    };
    let page = app
        .store
        .posts
        .list_posts(&f, &PageRequest::first(100))
        .await?;
    Ok(u32::try_from(page.items.len()).unwrap_or(u32::MAX))
}

/// The caller writes a post. It is stored whatever the screen decides (a rejected or held
/// post is visible to its author, with its moderation status); only an approved post is
/// announced to mentioned users and followers' feeds.
pub async fn create(app: &App, caller: &Caller, input: PostInput) -> Result<Post> {
    let author = writable_account(&app.store, caller).await?;
    let mut p = Problems::new();
    let draft = read_draft(app, caller.id, input, &mut p);
    if let Some(b) = draft.as_ref().and_then(|d| d.booking) {
        check_booking(app, caller.id, b, &mut p).await?;
    }
    let d = p.finish_with(draft)?;
    let now = Timestamp::now();
    let recent = posts_last_hour(app, caller.id, now).await?;
    let screening = screen(app, &author, &d.content, recent, now);
    let mentions = resolve_mentions(app, &d.content, caller.id).await?;
    let post = Post {
        id: Id::new(),
        author: caller.id,
        kind: d.kind,
        hashtags: tags_of(&d.content),
        content: d.content,
        media: d.media,
        mentions,
        service_category: d.service_category,
        location: author.location.clone(),
        booking: d.booking,
        engagement: Engagement::default(),
        engagement_score: hot_score(&Engagement::default(), now, &app.config.feed.ranking),
        edits: Vec::new(),
        moderation: moderation_of(&screening),
        visibility: d.visibility,
        pinned: false,
        deleted_at: None,
        created_at: now,
        updated_at: now,
    };
    app.store.posts.insert(&post).await?;
    announce(app, &post, &post.mentions).await?;
    Ok(post)
}

fn tags_of(content: &str) -> Vec<String> {
    let mut tags = extract_hashtags(content);
    tags.truncate(MAX_HASHTAGS);
    tags
}

/// After an approved post is stored: mentioned users hear of it and followers' cached feeds
/// are dropped so their next first page shows it.
async fn announce(app: &App, post: &Post, newly_mentioned: &[Id]) -> Result<()> {
    if post.moderation.status != ModerationStatus::Approved {
        return Ok(());
    }
    publish_mentions(
        app,
        post.author,
        post.id,
        None,
        newly_mentioned,
        post.updated_at,
    )
    .await;
    ranked::invalidate_followers(app, post.author).await
}

/// The post `id` with its author as `viewer` may see it; a signed-in viewer other than the
/// author counts as a view (once per 24 hours).
pub async fn get(app: &App, viewer: Option<&Caller>, id: Id) -> Result<(Post, Option<User>)> {
    let (mut post, author) = visible_post(app, viewer, id).await?;
    if let Some(v) = viewer
        && v.id != post.author
        && let Some(e) = super::engagement::count_view(app, &post, v.id).await?
    {
        post.engagement = e;
    }
    Ok((post, author))
}

/// Fields an edit may change; the rest of the stored post (counters, score) stays as it is.
const EDITABLE: &[&str] = &[
    "content",
    "hashtags",
    "mentions",
    "media",
    "visibility",
    "serviceCategory",
    "type",
    "booking",
    "edits",
    "moderation",
    "updatedAt",
];

/// The author edits a post: the earlier text is kept in `edits`, tags and mentions are read
/// again and the new text is screened again (an admin's removal cannot be edited away).
pub async fn edit(app: &App, caller: &Caller, id: Id, input: PostInput) -> Result<Post> {
    let author = writable_account(&app.store, caller).await?;
    let (old, _) = visible_post(app, Some(caller), id).await?;
    if old.author != caller.id {
        return Err(Error::Forbidden("only the author edits a post".into()));
    }
    if old.moderation.status == ModerationStatus::Removed {
        return Err(Error::Conflict("a removed post cannot be edited".into()));
    }
    let mut p = Problems::new();
    let draft = read_draft(app, caller.id, input, &mut p);
    if let Some(b) = draft.as_ref().and_then(|d| d.booking) {
        check_booking(app, caller.id, b, &mut p).await?;
    }
    let d = p.finish_with(draft)?;
    let now = Timestamp::now();
    let mut post = old.clone();
    if d.content != old.content {
        post.edits.push(PostEdit {
            content: old.content.clone(),
            edited_at: now,
        });
        let screening = screen(app, &author, &d.content, 0, now);
        post.moderation = moderation_of(&screening);
    }
    post.mentions = resolve_mentions(app, &d.content, caller.id).await?;
    post.hashtags = tags_of(&d.content);
    post.content = d.content;
    post.kind = d.kind;
    post.media = d.media;
    post.visibility = d.visibility;
    post.service_category = d.service_category;
    post.booking = d.booking;
    post.updated_at = now;
    let change = Update {
        set_from: Some((&post, EDITABLE)),
        ..Default::default()
    };
    let stored = app
        .store
        .posts
        .update(id, change)
        .await?
        .ok_or(Error::NotFound("post"))?;
    let new_mentions: Vec<Id> = stored
        .mentions
        .iter()
        .copied()
        .filter(|m| !old.mentions.contains(m))
        .collect();
    announce(app, &stored, &new_mentions).await?;
    Ok(stored)
}

/// The author or an admin deletes a post (it disappears everywhere; the document stays).
pub async fn delete(app: &App, caller: &Caller, id: Id) -> Result<()> {
    let (post, _) = visible_post(app, Some(caller), id).await?;
    if post.author != caller.id && !caller.is_admin() {
        return Err(Error::Forbidden(
            "only the author or an admin deletes a post".into(),
        ));
    }
    let mut gone = post.clone();
    gone.deleted_at = Some(Timestamp::now());
    let change = Update {
        set_from: Some((&gone, &["deletedAt"])),
        ..Default::default()
    };
    app.store.posts.update(id, change).await?;
    Ok(())
}

/// `user`'s posts newest first, as `viewer` may see them: all of them (but deleted ones) for
/// the author and admins; none across a block; approved public ones, and followers-only ones
/// for followers, to everyone else.
pub async fn by_user(
    app: &App,
    viewer: Option<&Caller>,
    user: Id,
    req: &PageRequest,
) -> Result<Page<Post>> {
    let author = crate::services::users::live_user(&app.store, user).await?;
    let own = viewer.is_some_and(|v| v.id == user || v.is_admin());
    let mut f = PostFilter {
        author: Some(user),
        ..Default::default()
    };
    if !own {
        let apart = !blocked_authors(app, viewer, &[user]).await?.is_empty();
        if !author_shown(&author) || apart {
            return Ok(Page::from_rows(Vec::new(), req, Some(0), |p: &Post, _| {
                crate::store::page::Cursor::Id(p.id)
            }));
        }
        let follows = match viewer {
            Some(v) => app.store.follows.is_following(v.id, user).await?,
            None => false,
        };
        f.moderation = Some(ModerationStatus::Approved);
        f.visibility = if follows {
            vec![Visibility::Public, Visibility::Followers]
        } else {
            vec![Visibility::Public]
        };
    }
    app.store.posts.list_posts(&f, req).await
}

/// Public, approved posts matching every word of `q` (prefixes too), newest first.
pub async fn search(app: &App, q: &str, req: &PageRequest) -> Result<Page<Post>> {
    let q = q.trim();
    if q.is_empty() || q.chars().count() > 200 {
        return Err(Error::validation("q", "must be 1-200 characters"));
    }
    let f = PostFilter {
        text: Some(q.to_string()),
        ..public_approved()
    };
    app.store.posts.list_posts(&f, req).await
}

/// Public, approved posts tagged `#tag`, newest first.
pub async fn hashtag(app: &App, tag: &str, req: &PageRequest) -> Result<Page<Post>> {
    let tag = tag.trim().trim_start_matches('#').to_lowercase();
    if tag.is_empty()
        || tag.chars().count() > 100
        || !tag.chars().all(|c| c.is_alphanumeric() || c == '_')
    {
        return Err(Error::validation("tag", "must be letters, digits and _"));
    }
    let f = PostFilter {
        hashtag: Some(tag),
        ..public_approved()
    };
    app.store.posts.list_posts(&f, req).await
}

fn public_approved() -> PostFilter {
    PostFilter {
        visibility: vec![Visibility::Public],
        moderation: Some(ModerationStatus::Approved),
        ..Default::default()
    }
}
