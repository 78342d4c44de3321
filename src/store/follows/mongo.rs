//! Follow edges on MongoDB: the unique edge, then both counters by increment.

use async_trait::async_trait;
use bson::{Document, doc};
use mongodb::Collection;

use crate::domain::follow::Follow;
use crate::domain::user::User;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{Stored, oid, to_doc};
use crate::store::mongo::documents::Order;
use crate::store::mongo::errors;
use crate::store::{FollowRepo, Page, PageRequest};

/// The follow edge of a pair.
fn pair(follower: Id, followee: Id) -> Document {
    doc! { "follower": oid(follower), "followee": oid(followee) }
}

/// `$inc` of the two counters a follow edge moves, by `delta` (+1 follow, -1 unfollow).
fn counter_updates(follower: Id, followee: Id, delta: i64) -> [(Document, Document); 2] {
    [
        (
            doc! { "_id": oid(follower) },
            doc! { "$inc": { "followingCount": delta } },
        ),
        (
            doc! { "_id": oid(followee) },
            doc! { "$inc": { "followersCount": delta } },
        ),
    ]
}

impl Mongo {
    /// The unique pair index decides who wins, then both counters move by `$inc`: each step
    /// is atomic on its own, so parallel follows count exactly. No transaction around them:
    /// under concurrent writes to the followed account (its owner editing the profile) the
    /// transaction kept conflicting and retrying, and a follow waited past 30 s; what it
    /// guarded against is only a crash between the edge and the counters.
    async fn follow_sequentially(
        &self,
        edge: Document,
        follower: Id,
        followee: Id,
    ) -> Result<bool> {
        match self.coll(Follow::SPEC.name).insert_one(edge).await {
            Ok(_) => {}
            Err(e) if errors::is_duplicate_key(&e) => return Ok(false),
            Err(e) => return Err(errors::db_error(e, Follow::SPEC.name, "following")),
        }
        self.move_counters(follower, followee, 1).await?;
        Ok(true)
    }

    async fn unfollow_sequentially(&self, follower: Id, followee: Id) -> Result<bool> {
        let removed = self
            .coll(Follow::SPEC.name)
            .find_one_and_delete(pair(follower, followee))
            .await
            .map_err(errors::ctx(Follow::SPEC.name, "unfollowing"))?;
        if removed.is_none() {
            return Ok(false);
        }
        self.move_counters(follower, followee, -1).await?;
        Ok(true)
    }

    async fn move_counters(&self, follower: Id, followee: Id, delta: i64) -> Result<()> {
        let users: Collection<Document> = self.coll(User::SPEC.name);
        for (filter, update) in counter_updates(follower, followee, delta) {
            users
                .update_one(filter, update)
                .await
                .map_err(errors::ctx(User::SPEC.name, "updating follow counters"))?;
        }
        Ok(())
    }
}

#[async_trait]
impl FollowRepo for Mongo {
    async fn follow(&self, follower: Id, followee: Id) -> Result<bool> {
        let edge = Follow::new(follower, followee, Timestamp::now())
            .map_err(|e| Error::Validation(vec![e]))?;
        self.follow_sequentially(to_doc(&edge)?, follower, followee)
            .await
    }

    async fn unfollow(&self, follower: Id, followee: Id) -> Result<bool> {
        self.unfollow_sequentially(follower, followee).await
    }

    async fn is_following(&self, follower: Id, followee: Id) -> Result<bool> {
        Ok(self
            .count(Follow::SPEC.name, pair(follower, followee))
            .await?
            > 0)
    }

    async fn followers(&self, user: Id, page: &PageRequest) -> Result<Page<Follow>> {
        self.page(doc! { "followee": oid(user) }, page, Order::IdDesc)
            .await
    }

    async fn following(&self, user: Id, page: &PageRequest) -> Result<Page<Follow>> {
        self.page(doc! { "follower": oid(user) }, page, Order::IdDesc)
            .await
    }
}
