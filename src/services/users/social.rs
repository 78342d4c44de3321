//! The follow graph: following and unfollowing (idempotent; the store moves both counters in
//! the same transaction as the edge) and the paged follower/following lists.

use super::{live_user, writable_account};
use crate::app::App;
use crate::auth::Caller;
use crate::domain::follow::Follow;
use crate::domain::user::User;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::realtime::Event;
use crate::store::{Page, PageRequest, Store};

/// Where a follow stands after a follow or unfollow request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowOutcome {
    pub following: bool,
    /// Whether this request changed anything (a repeat changes nothing).
    pub changed: bool,
    /// The target's follower count afterwards.
    pub followers_count: i64,
}

/// The caller follows `target`; following someone already followed changes nothing (and
/// tells nobody), and no one follows across a block (whoever made it). A new follow tells
/// `target`.
///
/// A block that lands while the follow is being written must not leave the edge behind. A
/// block stores itself first and then removes the pair's edges; the follow stores its edge
/// first and then looks for a block again. Of the two second steps, whichever runs later
/// sees the other's first step, so one of them removes the edge.
pub async fn follow(app: &App, caller: &Caller, target: Id) -> Result<FollowOutcome> {
    let store = &app.store;
    if caller.id == target {
        return Err(Error::validation("id", "you cannot follow yourself"));
    }
    writable_account(store, caller).await?;
    live_user(store, target).await?;
    let refused = || Error::Forbidden("you cannot follow this user".into());
    if super::blocks::apart(store, caller.id, target).await? {
        return Err(refused());
    }
    let edge =
        Follow::new(caller.id, target, Timestamp::now()).map_err(|e| Error::Validation(vec![e]))?;
    let changed = store.follows.follow(edge.follower, edge.followee).await?;
    if super::blocks::apart(store, caller.id, target).await? {
        store.follows.unfollow(edge.follower, edge.followee).await?;
        return Err(refused());
    }
    let o = outcome(store, target, true, changed).await?;
    if changed {
        app.publish(Event::Followed {
            user: target,
            by: caller.id,
            at: edge.created_at,
        })
        .await;
    }
    Ok(o)
}

/// The caller stops following `target`; unfollowing someone not followed changes nothing.
pub async fn unfollow(store: &Store, caller: &Caller, target: Id) -> Result<FollowOutcome> {
    if caller.id == target {
        return Err(Error::validation("id", "you cannot follow yourself"));
    }
    writable_account(store, caller).await?;
    live_user(store, target).await?;
    let changed = store.follows.unfollow(caller.id, target).await?;
    outcome(store, target, false, changed).await
}

async fn outcome(
    store: &Store,
    target: Id,
    following: bool,
    changed: bool,
) -> Result<FollowOutcome> {
    let followers_count = live_user(store, target).await?.followers_count;
    Ok(FollowOutcome {
        following,
        changed,
        followers_count,
    })
}

/// Which side of the edges to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Who follows the user.
    Followers,
    /// Whom the user follows.
    Following,
}

/// One page of `user`'s followers or followings as accounts, newest edge first. Accounts
/// deleted since are left out of the page (their edges are removed on deletion, so this only
/// covers the moment in between).
pub async fn list(
    store: &Store,
    user: Id,
    direction: Direction,
    req: &PageRequest,
) -> Result<Page<User>> {
    live_user(store, user).await?;
    let edges = match direction {
        Direction::Followers => store.follows.followers(user, req).await?,
        Direction::Following => store.follows.following(user, req).await?,
    };
    let other = |f: &Follow| match direction {
        Direction::Followers => f.follower,
        Direction::Following => f.followee,
    };
    let ids: Vec<Id> = edges.items.iter().map(other).collect();
    let mut accounts = store.users.get_many(&ids).await?;
    accounts.retain(|u| !u.is_deleted());
    let mut by_id: std::collections::HashMap<Id, User> =
        accounts.into_iter().map(|u| (u.id, u)).collect();
    // `get_users` returns no particular order: put the accounts back in edge order.
    let items = ids.iter().filter_map(|id| by_id.remove(id)).collect();
    Ok(Page {
        items,
        limit: edges.limit,
        next_cursor: edges.next_cursor,
        has_more: edges.has_more,
        page: edges.page,
        total: edges.total,
    })
}
