//! Reviews on MongoDB: one per booking and reviewer, helpful votes counted once.

use async_trait::async_trait;
use bson::{Document, doc};

use crate::domain::Id;
use crate::domain::review::Review;
use crate::error::Result;
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{Stored, and, oid};
use crate::store::mongo::documents::Order;
use crate::store::mongo::errors;
use crate::store::mongo::text::text_filter;
use crate::store::spec;
use crate::store::{Page, PageRequest, ReviewFilter, ReviewRepo};

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
