//! One user blocking another: the block itself (idempotent both ways), what it ends at once
//! (follows in both directions, the two users' cached feed pages) and the caller's paged list
//! of the accounts they blocked. What a block hides afterwards is decided where posts are
//! shown ([`crate::services::feed::access`]), where the feed lists comments and takes
//! replies, where it announces mentions, where chat messages are written, and where follows
//! are made (the follow service, which also ends a follow that raced a block). Deleting an
//! account removes its blocks (the privacy service).

use super::{live_user, own_account, writable_account};
use crate::app::App;
use crate::auth::Caller;
use crate::domain::Id;
use crate::domain::user::User;
use crate::error::{Error, Result};
use crate::services::feed::ranked::forget_home_page;
use crate::store::{Page, PageRequest, Store};

/// Where a block stands after a block or unblock request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockOutcome {
    pub blocked: bool,
    /// Whether this request changed anything (a repeat changes nothing).
    pub changed: bool,
}

/// The caller blocks `target`: neither sees the other's posts any more, follows between them
/// end, and neither can follow the other again until the block is lifted.
pub async fn block(app: &App, caller: &Caller, target: Id) -> Result<BlockOutcome> {
    if caller.id == target {
        return Err(Error::validation("id", "you cannot block yourself"));
    }
    writable_account(&app.store, caller).await?;
    live_user(&app.store, target).await?;
    let changed = app.store.blocks.block(caller.id, target).await?;
    // Also on a repeat: a follow that raced the first block is ended by the next one.
    app.store.follows.unfollow(caller.id, target).await?;
    app.store.follows.unfollow(target, caller.id).await?;
    forget_home_page(app, caller.id).await?;
    forget_home_page(app, target).await?;
    Ok(BlockOutcome {
        blocked: true,
        changed,
    })
}

/// The caller lifts their block of `target` (follows it ended stay ended).
pub async fn unblock(app: &App, caller: &Caller, target: Id) -> Result<BlockOutcome> {
    if caller.id == target {
        return Err(Error::validation("id", "you cannot block yourself"));
    }
    writable_account(&app.store, caller).await?;
    live_user(&app.store, target).await?;
    let changed = app.store.blocks.unblock(caller.id, target).await?;
    if changed {
        forget_home_page(app, caller.id).await?;
        forget_home_page(app, target).await?;
    }
    Ok(BlockOutcome {
        blocked: false,
        changed,
    })
}

/// Whether `a` and `b` are kept apart by a block, whoever made it.
pub async fn apart(store: &Store, a: Id, b: Id) -> Result<bool> {
    if a == b {
        return Ok(false);
    }
    Ok(!store.blocks.blocked_among(a, &[b]).await?.is_empty())
}

/// One page of the accounts the caller blocked, most recent block first (deleted accounts
/// are left out).
pub async fn blocked(store: &Store, caller: &Caller, req: &PageRequest) -> Result<Page<User>> {
    own_account(store, caller).await?;
    let blocks = store.blocks.blocks_by(caller.id, req).await?;
    let ids: Vec<Id> = blocks.items.iter().map(|b| b.blocked).collect();
    let mut by_id: std::collections::HashMap<Id, User> = store
        .users
        .get_many(&ids)
        .await?
        .into_iter()
        .filter(|u| !u.is_deleted())
        .map(|u| (u.id, u))
        .collect();
    let items = ids.iter().filter_map(|id| by_id.remove(id)).collect();
    Ok(Page {
        items,
        limit: blocks.limit,
        next_cursor: blocks.next_cursor,
        has_more: blocks.has_more,
        page: blocks.page,
        total: blocks.total,
    })
}
