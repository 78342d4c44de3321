//! Reviews ([`ReviewRepo`]): unique per (booking, reviewer), FTS over title and comment, the
//! four list orders, votes, and the reviewee's counters moved in the same transaction as every
//! review write.
//!
//! The visibility, stars, photo and order keys are read from the document (`json_extract`)
//! rather than columns of their own: lists are narrowed by the reviewee (or reviewer, booking,
//! text) first, so they only ever sort one user's reviews.

use async_trait::async_trait;
use rusqlite::Connection;
use rusqlite::types::Value;

use crate::domain::Id;
use crate::domain::review::{RatingPrior, Review, ReviewStatus, Vote};
use crate::error::{Error, Result};
use crate::store::embedded::docs::{self, Filter, Plan, Table, flag, id_val, int, text, ts_val};
use crate::store::embedded::{Embedded, Fail, fts};
use crate::store::page::Cursor;
use crate::store::users::embedded::move_rating;
use crate::store::{Page, PageRequest, ReviewFilter, ReviewRepo, ReviewSort, spec};

impl Table for Review {
    const COLUMNS: &'static [&'static str] = &[
        "booking",
        "reviewer",
        "reviewee",
        "featured",
        "status",
        "created_at",
    ];

    fn columns(&self) -> Vec<Value> {
        vec![
            id_val(self.booking),
            id_val(self.reviewer),
            id_val(self.reviewee),
            flag(self.featured),
            text(self.status.as_str()),
            ts_val(self.created_at),
        ]
    }

    fn sync(c: &Connection, rid: i64, r: &Review, fresh: bool) -> rusqlite::Result<()> {
        fts::put(c, &spec::REVIEWS, rid, fresh, r)
    }

    fn unsync(c: &Connection, rid: i64) -> rusqlite::Result<()> {
        fts::remove(c, &spec::REVIEWS, rid)
    }
}

fn review_filter(f: &ReviewFilter) -> Filter {
    let mut w = Filter::new();
    w.eq_opt("reviewee", f.reviewee.map(id_val));
    w.eq_opt("reviewer", f.reviewer.map(id_val));
    w.eq_opt("booking", f.booking.map(id_val));
    w.eq_opt("featured", f.featured.map(flag));
    if let Some(at) = f.visible_at {
        w.eq("status", text(ReviewStatus::Published.as_str()));
        w.cond("json_extract(doc, '$.revealAt') <= ?", [ts_val(at)]);
    }
    if let Some(stars) = f.stars {
        w.cond("json_extract(doc, '$.rating') = ?", [int(i64::from(stars))]);
    }
    if f.with_photos {
        w.cond("json_array_length(doc, '$.photos') > 0", []);
    }
    w.eq_opt("status", f.status.map(|s| text(s.as_str())));
    if let Some(m) = f.moderation {
        // Documents of builds before the moderation flag hold none: they read as `clear`.
        w.cond(
            "coalesce(json_extract(doc, '$.moderation.status'), 'clear') = ?",
            [text(m.as_str())],
        );
    }
    if let Some(t) = &f.text {
        fts::restrict(&mut w, &spec::REVIEWS, t);
    }
    w
}

/// The `ORDER BY` of an order other than `Recent`.
fn order_sql(sort: ReviewSort) -> &'static str {
    match sort {
        ReviewSort::Recent => "id DESC",
        ReviewSort::Helpful => "json_extract(doc, '$.helpfulScore') DESC, id DESC",
        ReviewSort::RatingHigh => "json_extract(doc, '$.rating') DESC, id DESC",
        ReviewSort::RatingLow => "json_extract(doc, '$.rating') ASC, id DESC",
    }
}

fn sorted_page(
    c: &Connection,
    w: Filter,
    page: &PageRequest,
    sort: ReviewSort,
) -> Result<Page<Review>, Fail> {
    let total = match page.page {
        Some(_) => Some(docs::count(c, "reviews", &w)?),
        None => None,
    };
    let sql = format!(
        "SELECT doc FROM reviews{} ORDER BY {} LIMIT ? OFFSET ?",
        w.where_sql(),
        order_sql(sort)
    );
    let mut params = w.params;
    params.push(Value::Integer(i64::from(page.limit) + 1));
    params.push(Value::Integer(docs::offset(page)));
    let rows = docs::query_docs::<Review>(c, &sql, &params)?;
    Ok(Page::from_rows(rows, page, total, |_, n| Cursor::Offset(n)))
}

/// The other party's review of the same booking.
fn counterpart(c: &Connection, r: &Review) -> Result<Option<(i64, Review)>, Fail> {
    let rows = docs::query_rows::<Review>(
        c,
        "SELECT rid, doc FROM reviews WHERE booking = ? AND reviewer = ? LIMIT 1",
        &[id_val(r.booking), id_val(r.reviewee)],
    )?;
    Ok(rows.into_iter().next())
}

fn add(c: &Connection, review: &Review, prior: &RatingPrior) -> Result<Review, Fail> {
    let mut review = review.clone();
    if let Some((rid, mut other)) = counterpart(c, &review)? {
        // Both parties have reviewed: the double-blind wait ends for both now.
        review.reveal_at = review.reveal_at.min(review.created_at);
        if other.reveal_at > review.created_at {
            other.reveal_at = review.created_at;
            docs::rewrite_row(c, rid, &other)?;
        }
    }
    docs::insert(c, &review)?;
    move_rating(c, review.reviewee, &review.contribution(1), prior)?;
    Ok(review)
}

fn change(
    c: &Connection,
    review: &Review,
    expected: i64,
    prior: &RatingPrior,
) -> Result<bool, Fail> {
    let (_, stored) = docs::get_row::<Review>(c, review.id)?.ok_or(Error::NotFound("review"))?;
    if stored.revision != expected {
        return Ok(false);
    }
    docs::replace_existing(c, review)?;
    if stored.reviewee == review.reviewee {
        move_rating(
            c,
            review.reviewee,
            &Review::delta(Some(&stored), Some(review)),
            prior,
        )?;
    } else {
        move_rating(c, stored.reviewee, &stored.contribution(-1), prior)?;
        move_rating(c, review.reviewee, &review.contribution(1), prior)?;
    }
    Ok(true)
}

#[async_trait]
impl ReviewRepo for Embedded {
    async fn list_reviews(
        &self,
        filter: &ReviewFilter,
        page: &PageRequest,
    ) -> Result<Page<Review>> {
        let (w, page, sort) = (review_filter(filter), page.clone(), filter.sort);
        let plan = match (filter.reviewee, filter.reviewer, filter.booking) {
            (None, None, None) => Plan::Broad,
            _ => Plan::Narrow,
        };
        self.read("list reviews", move |c| match sort {
            ReviewSort::Recent => docs::page_by_id(c, w, &page, plan),
            other => sorted_page(c, w, &page, other),
        })
        .await
    }

    async fn add_review(&self, review: &Review, prior: &RatingPrior) -> Result<Review> {
        let (review, prior) = (review.clone(), *prior);
        self.write("add a review", move |c| add(c, &review, &prior))
            .await
    }

    async fn change_review(
        &self,
        review: &Review,
        expected: i64,
        prior: &RatingPrior,
    ) -> Result<bool> {
        let (review, prior) = (review.clone(), *prior);
        self.write("change a review", move |c| {
            change(c, &review, expected, &prior)
        })
        .await
    }

    async fn vote_review(&self, id: Id, voter: Id, vote: Option<Vote>) -> Result<(Review, bool)> {
        self.write("vote on a review", move |c| {
            docs::update::<Review, _>(c, id, |r| {
                let changed = r.set_vote(voter, vote);
                (r.clone(), changed)
            })
        })
        .await
    }

    async fn counted_reviews_of(&self, reviewee: Id) -> Result<Vec<Review>> {
        self.read("reviews of a user", move |c| {
            let all = docs::query_docs::<Review>(
                c,
                "SELECT doc FROM reviews WHERE reviewee = ?",
                &[id_val(reviewee)],
            )?;
            Ok(all.into_iter().filter(Review::counts).collect())
        })
        .await
    }

    async fn reviewees(&self, after: Option<Id>, limit: u32) -> Result<Vec<Id>> {
        self.read("reviewed users", move |c| {
            let after = after.map_or_else(String::new, |a| a.to_hex());
            let mut stmt = c.prepare_cached(
                "SELECT DISTINCT reviewee FROM reviews WHERE reviewee > ? ORDER BY reviewee LIMIT ?",
            )?;
            let ids = stmt
                .query_map(rusqlite::params![after, i64::from(limit)], |r| {
                    r.get::<_, String>(0)
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(ids.iter().filter_map(|s| Id::parse(s)).collect())
        })
        .await
    }
}
