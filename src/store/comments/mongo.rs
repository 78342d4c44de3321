//! Comments on MongoDB: filtered lists and moderation decisions.

use async_trait::async_trait;
use bson::{Document, doc};

use crate::domain::post::{Comment, ModerationStatus};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{Stored, and, date, oid};
use crate::store::mongo::documents::Order;
use crate::store::mongo::errors;
use crate::store::{CommentFilter, CommentRepo, Page, PageRequest};

fn comment_filter(f: &CommentFilter) -> Document {
    let mut conditions = Vec::new();
    if let Some(post) = f.post {
        conditions.push(doc! { "post": oid(post) });
    }
    match f.parent {
        Some(Some(p)) => conditions.push(doc! { "parent": oid(p) }),
        Some(None) => conditions.push(doc! { "parent": null }),
        None => {}
    }
    if let Some(author) = f.author {
        conditions.push(doc! { "author": oid(author) });
    }
    if let Some(status) = f.moderation {
        conditions.push(doc! { "moderation.status": status.as_str() });
    }
    if let Some(r) = &f.reason {
        conditions.push(doc! { "moderation.reasons": r.as_str() });
    }
    if let Some(since) = f.since {
        conditions.push(doc! { "createdAt": { "$gte": date(since) } });
    }
    and(conditions)
}

#[async_trait]
impl CommentRepo for Mongo {
    async fn list_comments(
        &self,
        filter: &CommentFilter,
        page: &PageRequest,
    ) -> Result<Page<Comment>> {
        self.page(comment_filter(filter), page, Order::IdDesc).await
    }

    async fn set_comment_moderation(
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
        if let Some(by) = by {
            set.insert("moderation.reviewedBy", oid(by));
            set.insert("moderation.reviewedAt", date(now));
        }
        let result = self
            .coll(Comment::SPEC.name)
            .update_one(doc! { "_id": oid(id) }, doc! { "$set": set })
            .await
            .map_err(errors::ctx(Comment::SPEC.name, "setting moderation"))?;
        if result.matched_count == 0 {
            return Err(Error::NotFound(Comment::SPEC.noun));
        }
        Ok(())
    }
}
