//! The social side: follow edges (the unique edge, then both counters by increment), posts (feeds,
//! explore, atomic engagement counters, moderation) and reviews (one per booking and reviewer,
//! helpful votes counted once).

use async_trait::async_trait;
use bson::{Bson, Document, doc};
use mongodb::Collection;
use mongodb::options::ReturnDocument;

use super::Mongo;
use super::codec::{Stored, and, any_of, date, from_doc, oid, to_doc};
use super::documents::Order;
use super::errors;
use super::text::text_filter;
use crate::domain::follow::Follow;
use crate::domain::post::{Engagement, ModerationStatus, Post, Visibility};
use crate::domain::review::Review;
use crate::domain::user::User;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::store::spec;
use crate::store::{FollowRepo, Page, PageRequest, PostFilter, PostRepo, ReviewFilter, ReviewRepo};

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

/// The conditions of a post list; deleted posts never match.
fn post_filter(f: &PostFilter) -> Document {
    let mut conditions = vec![doc! { "deletedAt": null }];
    if let Some(author) = f.author {
        conditions.push(doc! { "author": oid(author) });
    }
    conditions.push(any_of(
        "author",
        f.authors.iter().map(|&a| oid(a)).collect(),
    ));
    if let Some(kind) = f.kind {
        conditions.push(doc! { "type": kind.as_str() });
    }
    if let Some(tag) = &f.hashtag {
        conditions.push(doc! { "hashtags": tag.trim_start_matches('#').to_lowercase() });
    }
    if let Some(status) = f.moderation {
        conditions.push(doc! { "moderation.status": status.as_str() });
    }
    conditions.push(any_of(
        "visibility",
        f.visibility
            .iter()
            .map(|v| Bson::from(v.as_str()))
            .collect(),
    ));
    if let Some(text) = &f.text {
        conditions.push(text_filter(spec::POSTS.text, text));
    }
    and(conditions)
}

fn review_filter(f: &ReviewFilter) -> Document {
    let mut conditions = Vec::new();
    if let Some(id) = f.reviewee {
        conditions.push(doc! { "reviewee": oid(id) });
    }
    if let Some(id) = f.reviewer {
        conditions.push(doc! { "reviewer": oid(id) });
    }
    if let Some(id) = f.booking {
        conditions.push(doc! { "booking": oid(id) });
    }
    if let Some(featured) = f.featured {
        conditions.push(doc! { "featured": featured });
    }
    if let Some(text) = &f.text {
        conditions.push(text_filter(spec::REVIEWS.text, text));
    }
    and(conditions)
}

impl Mongo {
    /// Applies `update` to post `id`; `NotFound` when it does not exist.
    async fn update_post_fields(&self, id: Id, update: Document, context: &str) -> Result<()> {
        let result = self
            .coll(Post::SPEC.name)
            .update_one(doc! { "_id": oid(id) }, update)
            .await
            .map_err(errors::ctx(Post::SPEC.name, context))?;
        if result.matched_count == 0 {
            return Err(Error::NotFound(Post::SPEC.noun));
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

#[async_trait]
impl PostRepo for Mongo {
    async fn list_posts(&self, filter: &PostFilter, page: &PageRequest) -> Result<Page<Post>> {
        self.page(post_filter(filter), page, Order::IdDesc).await
    }

    async fn explore_posts(&self, page: &PageRequest) -> Result<Page<Post>> {
        let filter = doc! {
            "deletedAt": null,
            "visibility": Visibility::Public.as_str(),
            "moderation.status": ModerationStatus::Approved.as_str(),
        };
        let order = Order::Offset(doc! { "engagementScore": -1, "_id": -1 });
        self.page(filter, page, order).await
    }

    async fn add_engagement(&self, id: Id, delta: &Engagement) -> Result<Engagement> {
        let update = doc! { "$inc": {
            "engagement.likes": delta.likes,
            "engagement.comments": delta.comments,
            "engagement.shares": delta.shares,
            "engagement.views": delta.views,
            "engagement.saves": delta.saves,
        } };
        let updated = self
            .coll(Post::SPEC.name)
            .find_one_and_update(doc! { "_id": oid(id) }, update)
            .return_document(ReturnDocument::After)
            .projection(doc! { "engagement": 1 })
            .await
            .map_err(errors::ctx(Post::SPEC.name, "adding engagement"))?
            .ok_or(Error::NotFound(Post::SPEC.noun))?;
        let engagement = updated
            .get_document("engagement")
            .cloned()
            .unwrap_or_default();
        from_doc(engagement, Post::SPEC.name)
    }

    async fn set_engagement_score(&self, id: Id, score: f64) -> Result<()> {
        self.update_post_fields(
            id,
            doc! { "$set": { "engagementScore": score } },
            "setting the engagement score",
        )
        .await
    }

    async fn set_moderation(
        &self,
        id: Id,
        status: ModerationStatus,
        reasons: &[String],
        by: Option<Id>,
    ) -> Result<()> {
        let now = Timestamp::now();
        let mut set = doc! {
            "moderation.status": status.as_str(),
            "moderation.reasons": reasons.to_vec(),
            "updatedAt": date(now),
        };
        // A person's decision is recorded with who and when; an automatic one leaves the last
        // human review in place.
        if let Some(by) = by {
            set.insert("moderation.reviewedBy", oid(by));
            set.insert("moderation.reviewedAt", date(now));
        }
        self.update_post_fields(id, doc! { "$set": set }, "setting moderation")
            .await
    }
}

#[async_trait]
impl ReviewRepo for Mongo {
    async fn list_reviews(
        &self,
        filter: &ReviewFilter,
        page: &PageRequest,
    ) -> Result<Page<Review>> {
        self.page(review_filter(filter), page, Order::IdDesc).await
    }

    async fn vote_review_helpful(&self, id: Id, voter: Id) -> Result<bool> {
        // The `$ne` guard and the push are one atomic update: a second vote matches nothing.
        let result = self
            .coll(Review::SPEC.name)
            .update_one(
                doc! { "_id": oid(id), "helpfulVoters": { "$ne": oid(voter) } },
                doc! { "$push": { "helpfulVoters": oid(voter) }, "$inc": { "helpfulCount": 1 } },
            )
            .await
            .map_err(errors::ctx(Review::SPEC.name, "voting a review helpful"))?;
        if result.modified_count == 1 {
            return Ok(true);
        }
        self.require_exists::<Review>(id).await.map(|_| false)
    }
}
