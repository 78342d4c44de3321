//! Reviews in the moderation queue. A review never carries a post's moderation status: it is
//! published, hidden or deleted, and separately flagged (by the sentiment check or a user
//! report) or cleared by a moderator. Here that reads as the queue's states — hidden is
//! `removed`, flagged or reported is `pending_review`, anything else `approved` — and the
//! decisions go through the reviews service ([`services::reviews::respond::moderate`]), so the
//! reviewed user's counters move with the status.
//!
//! [`services::reviews::respond::moderate`]: crate::services::reviews::respond::moderate

use std::collections::BTreeMap;

use super::item::{Item, QueueFilter, ReviewFacts, STEP, walk};
use crate::app::App;
use crate::auth::Caller;
use crate::domain::Id;
use crate::domain::post::ModerationStatus;
use crate::domain::report::{ReportStatus, ReportTarget};
use crate::domain::review::{ModerationState, Review, ReviewStatus};
use crate::domain::user::User;
use crate::error::{Error, Result};
use crate::services::reviews::respond;
use crate::store::{PageRequest, ReportFilter, ReviewFilter, Store};

/// Where a review stands in the queue's terms, given its open reports.
pub fn status_of(r: &Review, open_reports: u64) -> ModerationStatus {
    if matches!(r.status, ReviewStatus::Hidden | ReviewStatus::Deleted) {
        ModerationStatus::Removed
    } else if r.moderation.status == ModerationState::Flagged || open_reports > 0 {
        ModerationStatus::PendingReview
    } else {
        ModerationStatus::Approved
    }
}

/// The review as a moderation item (its author is the reviewer).
pub fn item(r: Review, open_reports: u64) -> Item {
    let status = status_of(&r, open_reports);
    let content = match (&r.title, r.comment.trim()) {
        (Some(t), "") => t.clone(),
        (Some(t), c) => format!("{t} — {c}"),
        (None, c) => c.to_string(),
    };
    let mut scores = BTreeMap::new();
    if let Some(s) = &r.sentiment {
        scores.insert("sentiment".to_string(), s.score);
    }
    Item {
        kind: ReportTarget::Review,
        id: r.id,
        author: r.reviewer,
        content,
        post: None,
        media: r.photos.iter().map(|m| m.url.clone()).collect(),
        status,
        reasons: r.moderation.reasons.clone(),
        scores,
        reviewed_by: None,
        created_at: r.created_at,
        review: Some(ReviewFacts {
            rating: r.rating,
            categories: r.categories,
            title: r.title,
            reviewee: r.reviewee,
            booking: r.booking,
            side: r.side,
            verified: r.verified,
            review_status: r.status,
            moderation_state: r.moderation.status,
            flagged_at: r.moderation.flagged_at,
            sentiment: r.sentiment,
        }),
    }
}

async fn open_reports(store: &Store, id: Id) -> Result<u64> {
    super::item::open_reports(store, ReportTarget::Review, id).await
}

/// The review `id` as a moderation item; `None` when there is none (or it was deleted).
pub async fn find(store: &Store, id: Id) -> Result<Option<Item>> {
    match store.reviews.get(id).await? {
        Some(r) if r.deleted_at.is_none() && r.status != ReviewStatus::Deleted => {
            let open = open_reports(store, id).await?;
            Ok(Some(item(r, open)))
        }
        _ => Ok(None),
    }
}

/// Reviews in queue state `status` under `f`, newest first, at most `f.limit`: flagged and
/// reported ones wait for review, hidden ones were removed, cleared ones approved (a review
/// nobody flagged never entered the queue, and none is ever rejected at write time).
pub async fn queued(store: &Store, f: &QueueFilter, status: ModerationStatus) -> Result<Vec<Item>> {
    let limit = f.limit.max(1) as usize;
    let base = ReviewFilter {
        reviewer: f.author,
        ..Default::default()
    };
    let filter = match status {
        ModerationStatus::PendingReview => ReviewFilter {
            moderation: Some(ModerationState::Flagged),
            ..base
        },
        ModerationStatus::Removed => ReviewFilter {
            status: Some(ReviewStatus::Hidden),
            ..base
        },
        ModerationStatus::Approved => ReviewFilter {
            moderation: Some(ModerationState::Cleared),
            ..base
        },
        ModerationStatus::Rejected => return Ok(Vec::new()),
    };
    let keep = |i: &Item| {
        i.status == status
            && f.since.is_none_or(|s| i.created_at >= s)
            && f.reason.as_ref().is_none_or(|r| i.reasons.contains(r))
    };
    let mut out: Vec<Item> = Vec::new();
    let mut page = PageRequest::first(STEP);
    loop {
        let got = store.reviews.list_reviews(&filter, &page).await?;
        let next = got.next_page(STEP);
        for r in got.items {
            let open = open_reports(store, r.id).await?;
            let i = item(r, open);
            if keep(&i) {
                out.push(i);
            }
        }
        match next {
            Some(n) if out.len() < limit => page = n,
            _ => break,
        }
    }
    if status == ModerationStatus::PendingReview {
        // A report whose flag did not land (the review changed under it) still queues it.
        for id in reported(store, f.author).await? {
            if !out.iter().any(|i| i.id == id)
                && let Some(i) = find(store, id).await?
                && keep(&i)
            {
                out.push(i);
            }
        }
    }
    Ok(out)
}

/// Reviews with an open report (of `author`'s, when given).
async fn reported(store: &Store, author: Option<Id>) -> Result<Vec<Id>> {
    let filter = ReportFilter {
        target_kind: Some(ReportTarget::Review),
        target_author: author,
        status: Some(ReportStatus::Open),
        ..Default::default()
    };
    let mut ids = Vec::new();
    for r in walk(u32::MAX, async |page| {
        store.reports.list_reports(&filter, page).await
    })
    .await?
    {
        if !ids.contains(&r.target) {
            ids.push(r.target);
        }
    }
    Ok(ids)
}

/// Every review `author` wrote that is not deleted.
pub async fn written_by(store: &Store, author: Id) -> Result<Vec<Item>> {
    let filter = ReviewFilter {
        reviewer: Some(author),
        ..Default::default()
    };
    let mut out = Vec::new();
    for r in walk(u32::MAX, async |page| {
        store.reviews.list_reviews(&filter, page).await
    })
    .await?
    {
        if r.deleted_at.is_none() && r.status != ReviewStatus::Deleted {
            let open = open_reports(store, r.id).await?;
            out.push(item(r, open));
        }
    }
    Ok(out)
}

/// How many of `author`'s reviews are hidden.
pub async fn hidden_count(store: &Store, author: Id) -> Result<u64> {
    let filter = ReviewFilter {
        reviewer: Some(author),
        status: Some(ReviewStatus::Hidden),
        ..Default::default()
    };
    let hidden = walk(u32::MAX, async |page| {
        store.reviews.list_reviews(&filter, page).await
    });
    Ok(hidden.await?.len() as u64)
}

/// Keeps (`hide: false`) or takes down the review `id` as `admin`, through the reviews
/// service; the review as written.
pub async fn decide(app: &App, admin: &User, id: Id, hide: bool) -> Result<Review> {
    let current = app
        .store
        .reviews
        .get(id)
        .await?
        .ok_or(Error::NotFound("review"))?;
    respond::moderate(app, &Caller::of(admin), &current, hide).await
}
