//! Follow edges between users: the collection spec, the repository trait (only its own queries; the
//! generic ones come from [`Collection`]), its filters, and the two implementations, `embedded.rs`
//! and `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use crate::domain::Id;
use crate::domain::follow::Follow;
use crate::error::Result;
use crate::store::spec::IndexKey::{Asc, Desc};
use crate::store::spec::Scope::All;
use crate::store::spec::{CollectionSpec, IndexSpec, unique};
use crate::store::{Collection, Page, PageRequest};
use async_trait::async_trait;

/// Follow edges; both lists page, and the counters on both users move in the same transaction.
#[async_trait]
pub trait FollowRepo: Collection<Follow> {
    /// Idempotent: `false` when the edge already existed (counters unchanged).
    async fn follow(&self, follower: Id, followee: Id) -> Result<bool>;
    /// Idempotent: `false` when there was no edge.
    async fn unfollow(&self, follower: Id, followee: Id) -> Result<bool>;
    async fn is_following(&self, follower: Id, followee: Id) -> Result<bool>;
    /// Edges pointing at `user`, newest first.
    async fn followers(&self, user: Id, page: &PageRequest) -> Result<Page<Follow>>;
    /// Edges from `user`, newest first.
    async fn following(&self, user: Id, page: &PageRequest) -> Result<Page<Follow>>;
}

/// Follow edges: one per pair; both lists newest first.
pub const FOLLOWS: CollectionSpec = CollectionSpec {
    name: "follows",
    noun: "follow",
    uniques: &[unique(
        "follows_pair_unique",
        &["follower", "followee"],
        All,
        "already following this user",
    )],
    indexes: &[
        IndexSpec::new("follows_follower_id", &[Asc("follower"), Desc("_id")]),
        IndexSpec::new("follows_followee_id", &[Asc("followee"), Desc("_id")]),
    ],
    text: &[],
};
