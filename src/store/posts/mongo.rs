//! Posts on MongoDB: feeds, explore, atomic engagement counters, moderation.

use async_trait::async_trait;
use bson::{Bson, Document, doc};
use futures::TryStreamExt;
use mongodb::options::ReturnDocument;

use crate::domain::post::{Engagement, ModerationStatus, Post, Visibility};
use crate::domain::ranking::{EPOCH_SECONDS, Ranking};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{Stored, and, any_of, date, from_doc, oid};
use crate::store::mongo::documents::Order;
use crate::store::mongo::errors;
use crate::store::mongo::text::text_filter;
use crate::store::posts::Counter;
use crate::store::spec;
use crate::store::{HashtagCount, Page, PageRequest, PostFilter, PostRepo, RankedKey};

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
    if let Some(c) = &f.category {
        conditions.push(doc! { "serviceCategory": c.as_str() });
    }
    if let Some(r) = &f.reason {
        conditions.push(doc! { "moderation.reasons": r.as_str() });
    }
    if let Some(since) = f.since {
        conditions.push(doc! { "createdAt": { "$gte": date(since) } });
    }
    and(conditions)
}

/// The counters exactly as `e`, field by field (a sub-document match would depend on order).
fn engagement_is(e: &Engagement) -> Document {
    doc! {
        "engagement.likes": e.likes,
        "engagement.comments": e.comments,
        "engagement.shares": e.shares,
        "engagement.views": e.views,
        "engagement.saves": e.saves,
    }
}

fn trending_pipeline(since: crate::domain::Timestamp, limit: u32) -> Vec<Document> {
    vec![
        doc! { "$match": {
            "createdAt": { "$gte": date(since) },
            "deletedAt": null,
            "visibility": Visibility::Public.as_str(),
            "moderation.status": ModerationStatus::Approved.as_str(),
        } },
        doc! { "$unwind": "$hashtags" },
        doc! { "$group": { "_id": { "tag": "$hashtags", "author": "$author" }, "n": { "$sum": 1 } } },
        doc! { "$group": { "_id": "$_id.tag", "posts": { "$sum": "$n" }, "authors": { "$sum": 1 } } },
        doc! { "$sort": { "authors": -1, "posts": -1, "_id": 1 } },
        doc! { "$limit": i64::from(limit) },
    ]
}

/// `$engagement.<field>` as a number ≥ 0 (an absent counter is 0), as `Ranking::weighted` reads it.
fn counter_value(field: &str) -> Bson {
    Bson::Document(doc! { "$max": [0, { "$ifNull": [format!("$engagement.{field}"), 0] }] })
}

/// The update pipeline that moves `counter` by `delta` (never below 0) and then sets the hot
/// score of the new counters: [`hot_score`](crate::domain::ranking::hot_score) written as an
/// aggregation expression, term by term in the same order, so both give the same number.
fn bump_pipeline(counter: Counter, delta: i64, r: &Ranking) -> Vec<Document> {
    let field = counter.field();
    let path = format!("engagement.{field}");
    let weighted: Vec<Bson> = [
        ("likes", r.like),
        ("comments", r.comment),
        ("shares", r.share),
        ("saves", r.save),
        ("views", r.view),
    ]
    .into_iter()
    .map(|(f, w)| Bson::Document(doc! { "$multiply": [counter_value(f), w] }))
    .collect();
    let order = doc! { "$log10": { "$add": [1.0, { "$add": weighted }] } };
    let seconds = doc! { "$subtract": [
        { "$divide": [{ "$toLong": "$createdAt" }, 1000.0] },
        EPOCH_SECONDS as f64,
    ] };
    let time = doc! { "$divide": [seconds, r.decay_seconds.max(1.0)] };
    vec![
        doc! { "$set": { &path: { "$max": [0, { "$add": [{ "$ifNull": [format!("${path}"), 0] }, delta] }] } } },
        doc! { "$set": { "engagementScore": { "$add": [order, time] } } },
    ]
}

impl Mongo {
    /// Moves `counter` of post `id` by `delta` and sets its hot score under `ranking` in one
    /// update (a pipeline, atomic on the document); the counters after.
    pub(in crate::store) async fn bump_and_rescore(
        &self,
        id: Id,
        counter: Counter,
        delta: i64,
        ranking: &Ranking,
    ) -> Result<Engagement> {
        let updated = self
            .coll(Post::SPEC.name)
            .find_one_and_update(
                doc! { "_id": oid(id) },
                bump_pipeline(counter, delta, ranking),
            )
            .return_document(ReturnDocument::After)
            .projection(doc! { "engagement": 1 })
            .await
            .map_err(errors::ctx(
                Post::SPEC.name,
                "moving a counter and the score",
            ))?
            .ok_or(Error::NotFound(Post::SPEC.noun))?;
        let engagement = updated
            .get_document("engagement")
            .cloned()
            .unwrap_or_default();
        from_doc(engagement, Post::SPEC.name)
    }

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

    async fn ranked_posts(&self, filter: &PostFilter, page: &PageRequest) -> Result<Page<Post>> {
        let order = Order::Offset(doc! { "engagementScore": -1, "_id": -1 });
        self.page(post_filter(filter), page, order).await
    }

    async fn ranked_keys(&self, filter: &PostFilter, limit: u32) -> Result<Vec<RankedKey>> {
        let ctx = errors::ctx(Post::SPEC.name, "ranking post keys");
        let docs: Vec<Document> = self
            .coll(Post::SPEC.name)
            .find(post_filter(filter))
            .sort(doc! { "engagementScore": -1, "_id": -1 })
            .projection(doc! { "_id": 1, "author": 1, "engagementScore": 1 })
            .limit(i64::from(limit))
            .await
            .map_err(&ctx)?
            .try_collect()
            .await
            .map_err(&ctx)?;
        Ok(docs
            .iter()
            .filter_map(|d| {
                let score = match d.get("engagementScore") {
                    Some(Bson::Double(v)) => *v,
                    Some(Bson::Int32(v)) => f64::from(*v),
                    Some(Bson::Int64(v)) => *v as f64,
                    _ => 0.0,
                };
                Some(RankedKey {
                    id: Id::from_bytes(d.get_object_id("_id").ok()?.bytes()),
                    author: Id::from_bytes(d.get_object_id("author").ok()?.bytes()),
                    score,
                })
            })
            .collect())
    }

    async fn trending_hashtags(
        &self,
        since: crate::domain::Timestamp,
        limit: u32,
    ) -> Result<Vec<HashtagCount>> {
        let ctx = errors::ctx(Post::SPEC.name, "counting trending hashtags");
        let docs: Vec<Document> = self
            .coll(Post::SPEC.name)
            .aggregate(trending_pipeline(since, limit))
            .await
            .map_err(&ctx)?
            .try_collect()
            .await
            .map_err(&ctx)?;
        let n = |d: &Document, k: &str| match d.get(k) {
            Some(Bson::Int32(v)) => *v as u64,
            Some(Bson::Int64(v)) => *v as u64,
            Some(Bson::Double(v)) => *v as u64,
            _ => 0,
        };
        Ok(docs
            .iter()
            .map(|d| HashtagCount {
                tag: d.get_str("_id").unwrap_or_default().to_string(),
                posts: n(d, "posts"),
                authors: n(d, "authors"),
            })
            .collect())
    }

    async fn set_score_if_engagement(&self, id: Id, seen: &Engagement, score: f64) -> Result<bool> {
        let mut filter = engagement_is(seen);
        filter.insert("_id", oid(id));
        let result = self
            .coll(Post::SPEC.name)
            .update_one(filter, doc! { "$set": { "engagementScore": score } })
            .await
            .map_err(errors::ctx(Post::SPEC.name, "setting the score"))?;
        if result.matched_count == 1 {
            return Ok(true);
        }
        self.require_exists::<Post>(id).await.map(|_| false)
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
