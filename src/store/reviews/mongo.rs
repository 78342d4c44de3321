//! Reviews on MongoDB: one per booking and reviewer, the four list orders, votes counted once
//! per voter, and the reviewee's counters.
//!
//! A review write and its counters are two atomic single-document steps — the review first,
//! then the reviewee's `$inc` — rather than one multi-document transaction: every review of a
//! popular technician writes the same user document, and transactions on it conflicted and
//! retried under concurrent reviews (as the follow counters did). Each `$inc` lands whatever
//! runs beside it, so concurrency loses nothing; only a crash between the two steps can leave a
//! counter behind, which `baitech health --deep` reports.

use async_trait::async_trait;
use bson::{Document, doc};
use futures::TryStreamExt;
use mongodb::options::ReturnDocument;

use crate::domain::Id;
use crate::domain::review::rank::wilson_lower_bound;
use crate::domain::review::{ModerationState, RatingPrior, Review, ReviewStatus, Vote};
use crate::error::{Error, Result};
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{Stored, and, date, from_doc, oid};
use crate::store::mongo::documents::{Encode, Order};
use crate::store::mongo::errors;
use crate::store::mongo::text::text_filter;
use crate::store::{Collection, Page, PageRequest, ReviewFilter, ReviewRepo, ReviewSort, spec};

/// Attempts of a vote before giving up on a review that keeps changing under it.
const VOTE_ATTEMPTS: usize = 20;

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
    if let Some(at) = f.visible_at {
        conditions.push(doc! {
            "status": ReviewStatus::Published.as_str(),
            "revealAt": { "$lte": date(at) },
        });
    }
    if let Some(stars) = f.stars {
        conditions.push(doc! { "rating": i32::from(stars) });
    }
    if f.with_photos {
        conditions.push(doc! { "photos.0": { "$exists": true } });
    }
    if let Some(status) = f.status {
        conditions.push(doc! { "status": status.as_str() });
    }
    match f.moderation {
        // Documents of builds before the moderation flag hold none: they read as `clear`.
        Some(ModerationState::Clear) => conditions.push(doc! {
            "moderation.status": { "$in": [ModerationState::Clear.as_str(), bson::Bson::Null] },
        }),
        Some(m) => conditions.push(doc! { "moderation.status": m.as_str() }),
        None => {}
    }
    if let Some(text) = &f.text {
        conditions.push(text_filter(spec::REVIEWS.text, text));
    }
    and(conditions)
}

fn order(sort: ReviewSort) -> Order<'static> {
    match sort {
        ReviewSort::Recent => Order::IdDesc,
        ReviewSort::Helpful => Order::Offset(doc! { "helpfulScore": -1, "_id": -1 }),
        ReviewSort::RatingHigh => Order::Offset(doc! { "rating": -1, "_id": -1 }),
        ReviewSort::RatingLow => Order::Offset(doc! { "rating": 1, "_id": -1 }),
    }
}

/// The update that takes `voter` from vote `from` to vote `to`, applicable only while the
/// stored review still holds `from`.
fn vote_step(voter: Id, from: Option<Vote>, to: Option<Vote>) -> (Document, Document) {
    let list = |v: Vote| match v {
        Vote::Helpful => ("helpfulVoters", "helpfulCount"),
        Vote::NotHelpful => ("notHelpfulVoters", "notHelpfulCount"),
    };
    let mut filter = Document::new();
    let (mut pull, mut push, mut inc) = (Document::new(), Document::new(), Document::new());
    match from {
        Some(v) => {
            let (voters, count) = list(v);
            filter.insert(voters, oid(voter));
            pull.insert(voters, oid(voter));
            inc.insert(count, -1_i64);
        }
        None => {
            filter.insert("helpfulVoters", doc! { "$ne": oid(voter) });
            filter.insert("notHelpfulVoters", doc! { "$ne": oid(voter) });
        }
    }
    if let Some(v) = to {
        let (voters, count) = list(v);
        push.insert(voters, oid(voter));
        inc.insert(count, 1_i64);
    }
    let mut update = Document::new();
    for (op, fields) in [("$pull", pull), ("$push", push), ("$inc", inc)] {
        if !fields.is_empty() {
            update.insert(op, fields);
        }
    }
    (filter, update)
}

impl Mongo {
    async fn reveal_booking(&self, review: &Review) -> Result<()> {
        let other = self
            .count(
                Review::SPEC.name,
                doc! { "booking": oid(review.booking), "reviewer": oid(review.reviewee) },
            )
            .await?;
        if other == 0 {
            return Ok(());
        }
        self.coll(Review::SPEC.name)
            .update_many(
                doc! {
                    "booking": oid(review.booking),
                    "revealAt": { "$gt": date(review.created_at) },
                },
                doc! { "$set": { "revealAt": date(review.created_at) } },
            )
            .await
            .map_err(errors::ctx(
                Review::SPEC.name,
                "revealing a booking's reviews",
            ))?;
        Ok(())
    }

    /// Sets the helpful score derived from the counts in `after`, while they are still those.
    async fn settle_score(&self, after: &Review) -> Result<()> {
        self.coll(Review::SPEC.name)
            .update_one(
                doc! {
                    "_id": oid(after.id),
                    "helpfulCount": after.helpful_count,
                    "notHelpfulCount": after.not_helpful_count,
                },
                doc! { "$set": { "helpfulScore": after.helpful_score } },
            )
            .await
            .map_err(errors::ctx(Review::SPEC.name, "scoring helpful votes"))?;
        Ok(())
    }
}

#[async_trait]
impl ReviewRepo for Mongo {
    async fn list_reviews(
        &self,
        filter: &ReviewFilter,
        page: &PageRequest,
    ) -> Result<Page<Review>> {
        self.page(review_filter(filter), page, order(filter.sort))
            .await
    }

    async fn add_review(&self, review: &Review, prior: &RatingPrior) -> Result<Review> {
        Collection::<Review>::insert(self, review).await?;
        self.move_rating(review.reviewee, &review.contribution(1), prior)
            .await?;
        self.reveal_booking(review).await?;
        self.get_by_id::<Review>(review.id)
            .await?
            .ok_or(Error::NotFound(Review::SPEC.noun))
    }

    async fn change_review(
        &self,
        review: &Review,
        expected: i64,
        prior: &RatingPrior,
    ) -> Result<bool> {
        let before = self
            .coll(Review::SPEC.name)
            .find_one_and_replace(
                doc! { "_id": oid(review.id), "revision": expected },
                review.encode()?,
            )
            .return_document(ReturnDocument::Before)
            .await
            .map_err(|e| errors::db_error(e, Review::SPEC.name, "changing a review"))?;
        let Some(before) = before else {
            return self
                .require_exists::<Review>(review.id)
                .await
                .map(|_| false);
        };
        let before: Review = from_doc(before, Review::SPEC.name)?;
        if before.reviewee == review.reviewee {
            let delta = Review::delta(Some(&before), Some(review));
            self.move_rating(review.reviewee, &delta, prior).await?;
        } else {
            self.move_rating(before.reviewee, &before.contribution(-1), prior)
                .await?;
            self.move_rating(review.reviewee, &review.contribution(1), prior)
                .await?;
        }
        Ok(true)
    }

    async fn vote_review(&self, id: Id, voter: Id, vote: Option<Vote>) -> Result<(Review, bool)> {
        for _ in 0..VOTE_ATTEMPTS {
            let current: Review = self
                .get_by_id(id)
                .await?
                .ok_or(Error::NotFound(Review::SPEC.noun))?;
            let from = current.vote_of(voter);
            if from == vote {
                return Ok((current, false));
            }
            let (mut filter, update) = vote_step(voter, from, vote);
            filter.insert("_id", oid(id));
            let after = self
                .update_returning::<Review>(filter, update, "voting on a review")
                .await?;
            // `None`: the voter's vote changed under us (a parallel request); look again.
            if let Some(after) = after {
                let mut after: Review = from_doc(after, Review::SPEC.name)?;
                after.helpful_score =
                    wilson_lower_bound(after.helpful_count, after.not_helpful_count);
                self.settle_score(&after).await?;
                return Ok((after, true));
            }
        }
        Err(Error::Conflict(
            "the review kept changing; try the vote again".into(),
        ))
    }

    async fn counted_reviews_of(&self, reviewee: Id) -> Result<Vec<Review>> {
        let docs: Vec<Document> = self
            .coll(Review::SPEC.name)
            .find(doc! { "reviewee": oid(reviewee), "status": ReviewStatus::Published.as_str() })
            .await
            .map_err(errors::ctx(Review::SPEC.name, "reading a user's reviews"))?
            .try_collect()
            .await
            .map_err(errors::ctx(Review::SPEC.name, "reading a user's reviews"))?;
        let all: Vec<Review> = crate::store::mongo::codec::from_docs(docs, Review::SPEC.name)?;
        Ok(all.into_iter().filter(Review::counts).collect())
    }

    async fn reviewees(&self, after: Option<Id>, limit: u32) -> Result<Vec<Id>> {
        let filter = match after {
            Some(a) => doc! { "reviewee": { "$gt": oid(a) } },
            None => doc! {},
        };
        let values = self
            .coll(Review::SPEC.name)
            .distinct("reviewee", filter)
            .await
            .map_err(errors::ctx(Review::SPEC.name, "listing reviewed users"))?;
        let mut ids: Vec<Id> = values
            .iter()
            .filter_map(|v| v.as_object_id())
            .map(Id::from)
            .collect();
        ids.sort();
        ids.truncate(limit as usize);
        Ok(ids)
    }
}
