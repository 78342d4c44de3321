//! Blocks between users: the collection spec, the repository trait (only its own queries; the
//! generic ones come from [`Collection`]) and the two implementations, `embedded.rs` and
//! `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use crate::domain::Id;
use crate::domain::block::Block;
use crate::error::Result;
use crate::store::spec::IndexKey::{Asc, Desc};
use crate::store::spec::Scope::All;
use crate::store::spec::{CollectionSpec, IndexSpec, unique};
use crate::store::{Collection, Page, PageRequest};
use async_trait::async_trait;

/// Blocks; a block hides the pair from each other, so lookups go both ways.
#[async_trait]
pub trait BlockRepo: Collection<Block> {
    /// Idempotent: `false` when `blocker` had already blocked `blocked`.
    async fn block(&self, blocker: Id, blocked: Id) -> Result<bool>;
    /// Idempotent: `false` when there was no such block.
    async fn unblock(&self, blocker: Id, blocked: Id) -> Result<bool>;
    /// Which of `others` `user` has blocked or is blocked by, each once.
    async fn blocked_among(&self, user: Id, others: &[Id]) -> Result<Vec<Id>>;
    /// The blocks `user` made, newest first.
    async fn blocks_by(&self, user: Id, page: &PageRequest) -> Result<Page<Block>>;
    /// Deletes every block `user` made or is the target of (their account is deleted); how
    /// many went.
    async fn remove_user_blocks(&self, user: Id) -> Result<u64>;
}

/// Blocks: one per pair; a user's own list newest first, and the reverse lookup (who blocked
/// this user) by the blocked side.
pub const BLOCKS: CollectionSpec = CollectionSpec {
    name: "blocks",
    noun: "block",
    uniques: &[unique(
        "blocks_pair_unique",
        &["blocker", "blocked"],
        All,
        "already blocked this user",
    )],
    indexes: &[
        IndexSpec::new("blocks_blocker_id", &[Asc("blocker"), Desc("_id")]),
        IndexSpec::new("blocks_blocked_blocker", &[Asc("blocked"), Asc("blocker")]),
    ],
    text: &[],
};
