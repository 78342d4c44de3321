//! The statistics drift check of `baitech health --deep`: recomputes every reviewed user's
//! counters from the reviews themselves and reports each user whose stored counters differ
//! (a crash between a review write and its counter step, a manual edit, an import). With
//! `repair` the stored counters are replaced by the recomputed ones, but only while they are
//! still the ones found — a review landing meanwhile is never undone.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::domain::Id;
use crate::domain::review::{RatingDelta, RatingPrior, RatingStats, Review};
use crate::domain::user::User;
use crate::error::Result;
use crate::store::{Condition, PageRequest, Store, Update, UserFilter};

/// Users read per step of the scan.
const BATCH: u32 = 500;

/// One user whose stored counters differ from their reviews.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Drift {
    pub user: Id,
    pub stored: RatingStats,
    pub actual: RatingStats,
    /// Whether the stored counters were replaced.
    pub repaired: bool,
}

/// What the check found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DriftReport {
    /// Users checked: everyone reviewed, and everyone whose counters say they were.
    pub checked: u64,
    pub drifted: Vec<Drift>,
}

/// The counters `reviews` add up to.
pub fn recompute(reviews: &[Review], prior: &RatingPrior) -> RatingStats {
    let mut s = RatingStats::default();
    for r in reviews {
        s.apply(&RatingDelta::of(r.rating, &r.categories, 1));
    }
    s.derive(prior);
    s
}

/// Every user that has received a review or whose counters say so.
async fn users_to_check(store: &Store) -> Result<BTreeSet<Id>> {
    let mut ids = BTreeSet::new();
    let mut after = None;
    loop {
        let batch = store.reviews.reviewees(after, BATCH).await?;
        after = batch.last().copied();
        let done = (batch.len() as u32) < BATCH;
        ids.extend(batch);
        if done {
            break;
        }
    }
    let rated = UserFilter {
        min_rating: Some(f64::MIN_POSITIVE),
        include_deleted: true,
        ..Default::default()
    };
    let mut page = PageRequest::first(100);
    loop {
        let found = store.users.list_users(&rated, &page).await?;
        ids.extend(found.items.iter().map(|u| u.id));
        match found.next_cursor {
            Some(c) if found.has_more => {
                page = crate::services::input::page_params(vec![
                    ("limit".into(), "100".into()),
                    ("cursor".into(), c),
                ])?;
            }
            _ => break,
        }
    }
    Ok(ids)
}

/// Checks (and with `repair`, fixes) every reviewed user's counters.
pub async fn check(store: &Store, prior: &RatingPrior, repair: bool) -> Result<DriftReport> {
    let ids = users_to_check(store).await?;
    let mut drifted = Vec::new();
    for id in &ids {
        let Some(user) = store.users.get(*id).await? else {
            continue;
        };
        let reviews = store.reviews.counted_reviews_of(*id).await?;
        let actual = recompute(&reviews, prior);
        if user.rating.same_counters(&actual) {
            continue;
        }
        let repaired = repair && replace_counters(store, &user, &actual).await?;
        drifted.push(Drift {
            user: *id,
            stored: user.rating.clone(),
            actual,
            repaired,
        });
    }
    Ok(DriftReport {
        checked: ids.len() as u64,
        drifted,
    })
}

async fn replace_counters(store: &Store, user: &User, actual: &RatingStats) -> Result<bool> {
    let mut fixed = user.clone();
    fixed.rating = actual.clone();
    let only_if = [
        Condition::Is("rating.count", user.rating.count.into()),
        Condition::Is("rating.sum", user.rating.sum.into()),
    ];
    let change = Update {
        set_from: Some((&fixed, &["rating"])),
        only_if: &only_if,
        ..Update::default()
    };
    Ok(store.users.update(user.id, change).await?.is_some())
}
