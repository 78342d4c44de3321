//! The ranked lists: the following feed (the caller's own and followed authors' posts) and
//! explore (public, approved, trending first, technicians near the caller lifted, no long
//! runs of one author), and the scroll that holds.
//!
//! The first page freezes the ranked order: the ids of the first [`SNAPSHOT_SIZE`] posts are
//! kept in the cache for `FEED_SNAPSHOT_SECS`, and every later page is a slice of that list
//! (cursor `s<snapshot>_<offset>`), so likes landing while someone scrolls never repeat or
//! skip a post. A caller's first page is itself cached for a minute and dropped when an
//! author they follow posts.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use super::access::{blocked_authors, may_see};
use crate::app::App;
use crate::auth::Caller;
use crate::domain::post::{ModerationStatus, Post, PostReactionKind, Visibility};
use crate::domain::user::User;
use crate::domain::{GeoPoint, Id};
use crate::error::Result;
use crate::services::users::own_account;
use crate::store::page::{Cursor, MAX_LIMIT};
use crate::store::{NearbyQuery, Page, PageRequest, PostFilter, RankedKey};

/// Posts one snapshot freezes: a scroll ends after this many.
pub const SNAPSHOT_SIZE: u32 = 1_000;
/// How long a first page is reused (a followed author's post drops it sooner).
const FIRST_PAGE_TTL: Duration = Duration::from_secs(60);
/// Most followed accounts a feed reads.
const MAX_FOLLOWED: usize = 5_000;
/// Technicians within this distance count as near on explore.
pub const NEARBY_KM: f64 = 25.0;
/// What being near adds to a post's hot score (as much as ten times the engagement).
pub const NEARBY_BOOST: f64 = 1.0;

/// A post as a list shows it: with its author, the viewer's own like and save, and for a
/// portfolio post the booking it shows.
#[derive(Debug, Clone)]
pub struct FeedItem {
    pub post: Post,
    pub author: Option<User>,
    pub liked: bool,
    pub saved: bool,
    pub work: Option<WorkCard>,
}

impl FeedItem {
    /// `post` by `author` with nothing of the viewer's.
    pub fn bare(post: Post, author: Option<User>) -> FeedItem {
        FeedItem {
            post,
            author,
            liked: false,
            saved: false,
            work: None,
        }
    }
}

/// The completed job a portfolio post shows.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkCard {
    pub booking: Id,
    pub booking_number: String,
    pub service_category: String,
    pub status: crate::domain::booking::BookingStatus,
}

/// The filters of explore.
#[derive(Debug, Clone, Default)]
pub struct ExploreQuery {
    /// Where the caller is: technicians near it rank higher.
    pub near: Option<GeoPoint>,
    pub category: Option<String>,
    pub hashtag: Option<String>,
}

/// The caller's feed: their own and followed authors' approved posts they may see, ranked.
pub async fn feed(app: &App, caller: &Caller, req: &PageRequest) -> Result<Page<FeedItem>> {
    own_account(&app.store, caller).await?;
    let home = home_key(caller.id);
    let (sid, ids) = match req.cursor {
        Some(Cursor::Snapshot(sid, _)) => match load(app, sid).await? {
            Some(ids) => (sid, ids),
            None => (
                sid,
                freeze(app, sid, feed_keys(app, caller.id).await?).await?,
            ),
        },
        _ => first_page(app, &home, || feed_keys(app, caller.id)).await?,
    };
    page_of(app, Some(caller), sid, &ids, req).await
}

async fn feed_keys(app: &App, user: Id) -> Result<Vec<RankedKey>> {
    let mut authors = vec![user];
    let mut req = PageRequest::first(MAX_LIMIT);
    loop {
        let page = app.store.follows.following(user, &req).await?;
        authors.extend(page.items.iter().map(|f| f.followee));
        match page.next_cursor {
            Some(c) if page.has_more && authors.len() < MAX_FOLLOWED => {
                req = PageRequest::after(MAX_LIMIT, Cursor::decode(&c)?);
            }
            _ => break,
        }
    }
    let f = PostFilter {
        authors,
        visibility: vec![Visibility::Public, Visibility::Followers],
        moderation: Some(ModerationStatus::Approved),
        ..Default::default()
    };
    app.store.posts.ranked_keys(&f, SNAPSHOT_SIZE).await
}

/// Explore: public, approved posts of everyone, hottest first, lifted near the caller, with
/// at most `FEED_MAX_RUN` posts of one author in a row.
pub async fn explore(
    app: &App,
    viewer: Option<&Caller>,
    q: &ExploreQuery,
    req: &PageRequest,
) -> Result<Page<FeedItem>> {
    let (sid, ids) = match req.cursor {
        Some(Cursor::Snapshot(sid, _)) => match load(app, sid).await? {
            Some(ids) => (sid, ids),
            None => (sid, freeze(app, sid, explore_keys(app, q).await?).await?),
        },
        _ => {
            let near = q.near.map(|p| format!("{:.2},{:.2}", p.lat(), p.lng()));
            let key = format!(
                "feed:explore:{}:{}:{}",
                q.category.as_deref().unwrap_or(""),
                q.hashtag.as_deref().unwrap_or(""),
                near.unwrap_or_default()
            );
            first_page(app, &key, || explore_keys(app, q)).await?
        }
    };
    page_of(app, viewer, sid, &ids, req).await
}

async fn explore_keys(app: &App, q: &ExploreQuery) -> Result<Vec<RankedKey>> {
    let f = PostFilter {
        visibility: vec![Visibility::Public],
        moderation: Some(ModerationStatus::Approved),
        category: q.category.clone(),
        hashtag: q.hashtag.clone(),
        ..Default::default()
    };
    let mut keys = app.store.posts.ranked_keys(&f, SNAPSHOT_SIZE).await?;
    if let Some(point) = q.near {
        let near = app
            .store
            .users
            .nearby_technicians(&NearbyQuery {
                point,
                radius_km: NEARBY_KM,
                skills: Vec::new(),
                min_rating: None,
                available_now: false,
                limit: 500,
            })
            .await?;
        let near: HashSet<Id> = near.into_iter().map(|n| n.item.id).collect();
        boost(&mut keys, &near, NEARBY_BOOST);
    }
    Ok(cap_runs(keys, app.config.feed.max_run))
}

/// Adds `by` to the score of posts whose author is in `near`, and sorts again.
pub fn boost(keys: &mut [RankedKey], near: &HashSet<Id>, by: f64) {
    for k in keys.iter_mut() {
        if near.contains(&k.author) {
            k.score += by;
        }
    }
    keys.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.id.cmp(&a.id)));
}

/// The ranked list with no more than `max_run` posts of one author in a row: when the next
/// post would make the run longer, the best-ranked post of another author goes first.
/// Only when nothing else is left does a run grow longer.
pub fn cap_runs(keys: Vec<RankedKey>, max_run: usize) -> Vec<RankedKey> {
    let max_run = max_run.max(1);
    let mut rest: std::collections::VecDeque<RankedKey> = keys.into();
    let mut out: Vec<RankedKey> = Vec::with_capacity(rest.len());
    let mut run = 0usize;
    while !rest.is_empty() {
        let last = out.last().map(|k| k.author);
        let pick = if run >= max_run {
            rest.iter()
                .position(|k| Some(k.author) != last)
                .unwrap_or(0)
        } else {
            0
        };
        let k = rest.remove(pick).expect("a position within the list");
        run = if Some(k.author) == last { run + 1 } else { 1 };
        out.push(k);
    }
    out
}

/// The snapshot behind a first page: the cached one under `key` while it lasts, else a new
/// one made from `keys`.
async fn first_page<F, Fut>(app: &App, key: &str, keys: F) -> Result<(Id, Vec<Id>)>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Vec<RankedKey>>>,
{
    if let Some(sid) = app.cache.get(key).await?.and_then(|s| Id::parse(&s))
        && let Some(ids) = load(app, sid).await?
    {
        return Ok((sid, ids));
    }
    let sid = Id::new();
    let ids = freeze(app, sid, keys().await?).await?;
    let ttl = FIRST_PAGE_TTL.min(app.config.feed.snapshot);
    app.cache.set(key, &sid.to_hex(), ttl).await?;
    Ok((sid, ids))
}

fn snapshot_key(sid: Id) -> String {
    format!("feed:snap:{sid}")
}

async fn freeze(app: &App, sid: Id, keys: Vec<RankedKey>) -> Result<Vec<Id>> {
    let ids: Vec<Id> = keys.into_iter().map(|k| k.id).collect();
    let text: Vec<String> = ids.iter().map(Id::to_hex).collect();
    app.cache
        .set(
            &snapshot_key(sid),
            &text.join(","),
            app.config.feed.snapshot,
        )
        .await?;
    Ok(ids)
}

async fn load(app: &App, sid: Id) -> Result<Option<Vec<Id>>> {
    let Some(text) = app.cache.get(&snapshot_key(sid)).await? else {
        return Ok(None);
    };
    Ok(Some(text.split(',').filter_map(Id::parse).collect()))
}

/// The page of a frozen list `req` asks for; posts removed or hidden since the snapshot are
/// left out of it.
async fn page_of(
    app: &App,
    viewer: Option<&Caller>,
    sid: Id,
    ids: &[Id],
    req: &PageRequest,
) -> Result<Page<FeedItem>> {
    let from = match req.cursor {
        Some(Cursor::Snapshot(_, n)) => n,
        _ => req.offset(),
    };
    let from = usize::try_from(from).unwrap_or(usize::MAX).min(ids.len());
    let to = from.saturating_add(req.limit as usize).min(ids.len());
    let slice = &ids[from..to];
    let mut posts = app.store.posts.get_many(slice).await?;
    let rank: HashMap<Id, usize> = slice.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    posts.sort_by_key(|p| rank.get(&p.id).copied().unwrap_or(usize::MAX));
    let items = hydrate(app, viewer, posts).await?;
    let has_more = to < ids.len();
    Ok(Page {
        items,
        limit: req.limit,
        next_cursor: has_more.then(|| Cursor::Snapshot(sid, to as u64).encode()),
        has_more,
        page: req.page,
        total: req.page.map(|_| ids.len() as u64),
    })
}

/// `posts` as `viewer` sees them, in order: each with its author and the viewer's like and
/// save; posts the viewer may not see (any more) are left out.
pub async fn hydrate(
    app: &App,
    viewer: Option<&Caller>,
    posts: Vec<Post>,
) -> Result<Vec<FeedItem>> {
    let mut author_ids: Vec<Id> = posts.iter().map(|p| p.author).collect();
    author_ids.sort_unstable();
    author_ids.dedup();
    let authors: HashMap<Id, User> = app
        .store
        .users
        .get_many(&author_ids)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let ids: Vec<Id> = posts.iter().map(|p| p.id).collect();
    let apart = blocked_authors(app, viewer, &author_ids).await?;
    let (liked, saved, followed) = match viewer {
        Some(v) => {
            let r = &app.store.reactions;
            let liked: HashSet<Id> = r
                .reacted_among(v.id, PostReactionKind::Like, &ids)
                .await?
                .into_iter()
                .collect();
            let saved: HashSet<Id> = r
                .reacted_among(v.id, PostReactionKind::Save, &ids)
                .await?
                .into_iter()
                .collect();
            let mut followed = HashSet::new();
            for a in &author_ids {
                let needs = posts
                    .iter()
                    .any(|p| p.author == *a && p.visibility == Visibility::Followers);
                if needs && *a != v.id && app.store.follows.is_following(v.id, *a).await? {
                    followed.insert(*a);
                }
            }
            (liked, saved, followed)
        }
        None => Default::default(),
    };
    let booking_ids: Vec<Id> = posts.iter().filter_map(|p| p.booking).collect();
    let work: HashMap<Id, WorkCard> = app
        .store
        .bookings
        .get_many(&booking_ids)
        .await?
        .into_iter()
        .map(|b| {
            let card = WorkCard {
                booking: b.id,
                booking_number: b.booking_number,
                service_category: b.service_category,
                status: b.status,
            };
            (b.id, card)
        })
        .collect();
    Ok(posts
        .into_iter()
        .filter(|p| {
            !apart.contains(&p.author)
                && may_see(
                    viewer,
                    p,
                    authors.get(&p.author),
                    followed.contains(&p.author),
                )
        })
        .map(|p| FeedItem {
            liked: liked.contains(&p.id),
            saved: saved.contains(&p.id),
            author: authors.get(&p.author).cloned(),
            work: p.booking.and_then(|b| work.get(&b).cloned()),
            post: p,
        })
        .collect())
}

/// A page of posts from the store, as `viewer` sees them (same cursor).
pub async fn hydrate_page(
    app: &App,
    viewer: Option<&Caller>,
    page: Page<Post>,
) -> Result<Page<FeedItem>> {
    let Page {
        items,
        limit,
        next_cursor,
        has_more,
        page,
        total,
    } = page;
    Ok(Page {
        items: hydrate(app, viewer, items).await?,
        limit,
        next_cursor,
        has_more,
        page,
        total,
    })
}

/// The caller's saved posts, most recently saved first.
pub async fn saved(app: &App, caller: &Caller, req: &PageRequest) -> Result<Page<FeedItem>> {
    own_account(&app.store, caller).await?;
    let saves = app
        .store
        .reactions
        .reactions_of(caller.id, PostReactionKind::Save, req)
        .await?;
    let order: Vec<Id> = saves.items.iter().map(|r| r.post).collect();
    let mut posts = app.store.posts.get_many(&order).await?;
    let rank: HashMap<Id, usize> = order.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    posts.sort_by_key(|p| rank.get(&p.id).copied().unwrap_or(usize::MAX));
    let page = Page {
        items: posts,
        limit: saves.limit,
        next_cursor: saves.next_cursor,
        has_more: saves.has_more,
        page: saves.page,
        total: saves.total,
    };
    hydrate_page(app, Some(caller), page).await
}

fn home_key(user: Id) -> String {
    format!("feed:home:{user}")
}

/// Drops `user`'s cached first feed page: their next refresh ranks again (after a follow
/// graph change such as a block).
pub async fn forget_home_page(app: &App, user: Id) -> Result<()> {
    app.cache.delete(&home_key(user)).await
}

/// Drops the cached first page of `author` and of everyone following them, so a new post
/// shows on their next refresh.
pub async fn invalidate_followers(app: &App, author: Id) -> Result<()> {
    forget_home_page(app, author).await?;
    let mut req = PageRequest::first(MAX_LIMIT);
    let mut seen = 0usize;
    loop {
        let page = app.store.follows.followers(author, &req).await?;
        for f in &page.items {
            forget_home_page(app, f.follower).await?;
        }
        seen += page.items.len();
        match page.next_cursor {
            Some(c) if page.has_more && seen < MAX_FOLLOWED * 2 => {
                req = PageRequest::after(MAX_LIMIT, Cursor::decode(&c)?);
            }
            _ => return Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(authors: &[u64]) -> Vec<RankedKey> {
        authors
            .iter()
            .enumerate()
            .map(|(i, a)| RankedKey {
                id: Id::from_parts(1, i as u64),
                author: Id::from_parts(2, *a),
                score: 100.0 - i as f64,
            })
            .collect()
    }

    fn authors(k: &[RankedKey]) -> Vec<u64> {
        k.iter().map(|k| u64::from(k.author.bytes()[11])).collect()
    }

    #[test]
    fn no_author_runs_longer_than_the_cap_while_others_are_left() {
        let out = cap_runs(keys(&[1, 1, 1, 1, 1, 2, 2, 3]), 2);
        assert_eq!(authors(&out), [1, 1, 2, 1, 1, 2, 1, 3]);
        let out = cap_runs(keys(&[1, 1, 1, 1]), 3);
        assert_eq!(authors(&out), [1, 1, 1, 1], "nothing else to put between");
        let out = cap_runs(keys(&[1, 2, 1, 2]), 1);
        assert_eq!(authors(&out), [1, 2, 1, 2]);
        assert_eq!(cap_runs(keys(&[1, 1, 1, 2]), 3).len(), 4);
    }

    #[test]
    fn nearby_authors_are_lifted() {
        let mut k = keys(&[1, 2, 3]);
        let near = HashSet::from([Id::from_parts(2, 3)]);
        boost(&mut k, &near, 5.0);
        assert_eq!(authors(&k), [3, 1, 2]);
    }
}
