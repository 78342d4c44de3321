//! Posts on MongoDB: feeds, explore, atomic engagement counters, moderation.

use async_trait::async_trait;
use bson::{Bson, Document, doc};
use mongodb::options::ReturnDocument;

use crate::domain::post::{Engagement, ModerationStatus, Post, Visibility};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{Stored, and, any_of, date, from_doc, oid};
use crate::store::mongo::documents::Order;
use crate::store::mongo::errors;
use crate::store::mongo::text::text_filter;
use crate::store::spec;
use crate::store::{Page, PageRequest, PostFilter, PostRepo};

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
