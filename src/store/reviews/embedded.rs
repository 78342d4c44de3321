//! Reviews ([`ReviewRepo`]): unique per (booking, reviewer), FTS over title and comment, and
//! the once-per-voter helpful vote.

use async_trait::async_trait;
use rusqlite::Connection;
use rusqlite::types::Value;

use crate::domain::Id;
use crate::domain::review::Review;
use crate::error::Result;
use crate::store::embedded::docs::{self, Filter, Plan, Table, flag, id_val, text, ts_val};
use crate::store::embedded::{Embedded, fts};
use crate::store::{Page, PageRequest, ReviewFilter, ReviewRepo, spec};

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
    if let Some(t) = &f.text {
        fts::restrict(&mut w, &spec::REVIEWS, t);
    }
    w
}

#[async_trait]
impl ReviewRepo for Embedded {
    async fn list_reviews(
        &self,
        filter: &ReviewFilter,
        page: &PageRequest,
    ) -> Result<Page<Review>> {
        let (w, page) = (review_filter(filter), page.clone());
        let plan = match (filter.reviewee, filter.reviewer, filter.booking) {
            (None, None, None) => Plan::Broad,
            _ => Plan::Narrow,
        };
        self.read("list reviews", move |c| docs::page_by_id(c, w, &page, plan))
            .await
    }

    async fn vote_review_helpful(&self, id: Id, voter: Id) -> Result<bool> {
        self.write("vote review helpful", move |c| {
            docs::update::<Review, _>(c, id, |r| {
                if r.has_helpful_vote_from(voter) {
                    return false;
                }
                r.helpful_voters.push(voter);
                r.helpful_count += 1;
                true
            })
        })
        .await
    }
}
