//! What moderation works on: a post, comment or review as one [`Item`], its row in the queue
//! and the queue's filters, shared by the decisions (`actions`) and the reviews' mapping onto
//! the queue (`reviews`).

use serde::Serialize;

use crate::domain::post::{Comment, ModerationStatus, Post};
use crate::domain::report::{ReportStatus, ReportTarget};
use crate::domain::review::{
    CategoryRatings, ModerationState, ReviewSide, ReviewStatus, Sentiment,
};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::{Page, PageRequest, ReportFilter, Store};

/// Characters of content shown in a queue row.
const EXCERPT_CHARS: usize = 80;
/// Store page size when walking lists.
pub(super) const STEP: u32 = 100;

/// What waits in (or passed through) the queue.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// Kinds to list; empty = posts, comments and reviews.
    pub kinds: Vec<ReportTarget>,
    /// `pending_review` unless asked otherwise.
    pub status: Option<ModerationStatus>,
    /// A reason the screen or a report gave (`spam`, `profanity`, ...).
    pub reason: Option<String>,
    pub author: Option<Id>,
    /// Created at or after this.
    pub since: Option<Timestamp>,
    pub limit: u32,
}

/// One row of the queue.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueItem {
    pub kind: ReportTarget,
    pub id: Id,
    pub author: Id,
    pub status: ModerationStatus,
    pub reasons: Vec<String>,
    /// The screen's highest category score, if it scored the item.
    pub top_score: Option<(String, f64)>,
    pub open_reports: u64,
    pub excerpt: String,
    pub created_at: Timestamp,
}

/// A post, comment or review as moderation sees it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub kind: ReportTarget,
    pub id: Id,
    pub author: Id,
    pub content: String,
    /// The post a comment is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post: Option<Id>,
    pub media: Vec<String>,
    pub status: ModerationStatus,
    pub reasons: Vec<String>,
    /// The screen's scores; a review's sentiment score (-1..=1) as `sentiment`.
    pub scores: std::collections::BTreeMap<String, f64>,
    /// The admin who last decided on a post or comment (a review's are in its history).
    pub reviewed_by: Option<Id>,
    pub created_at: Timestamp,
    /// Stars, categories, the user reviewed and the review's own states (reviews only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewFacts>,
}

impl Item {
    pub(super) fn of_post(p: Post) -> Item {
        Item {
            kind: ReportTarget::Post,
            id: p.id,
            author: p.author,
            content: p.content,
            post: None,
            media: p.media.into_iter().map(|m| m.url).collect(),
            status: p.moderation.status,
            reasons: p.moderation.reasons,
            scores: p.moderation.scores,
            reviewed_by: p.moderation.reviewed_by,
            created_at: p.created_at,
            review: None,
        }
    }

    pub(super) fn of_comment(c: Comment) -> Item {
        Item {
            kind: ReportTarget::Comment,
            id: c.id,
            author: c.author,
            content: c.content,
            post: Some(c.post),
            media: Vec::new(),
            status: c.moderation.status,
            reasons: c.moderation.reasons,
            scores: c.moderation.scores,
            reviewed_by: c.moderation.reviewed_by,
            created_at: c.created_at,
            review: None,
        }
    }

    pub(super) fn row(self, open_reports: u64) -> QueueItem {
        let top_score = self
            .scores
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(k, v)| (k.clone(), *v));
        QueueItem {
            kind: self.kind,
            id: self.id,
            author: self.author,
            status: self.status,
            reasons: self.reasons,
            top_score,
            open_reports,
            excerpt: excerpt(&self.content),
            created_at: self.created_at,
        }
    }
}

pub(super) fn excerpt(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(EXCERPT_CHARS) {
        Some((i, _)) => format!("{}…", &flat[..i]),
        None => flat,
    }
}

/// What moderation shows of a review beside its text.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewFacts {
    pub rating: u8,
    pub categories: CategoryRatings,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The user the review is about.
    pub reviewee: Id,
    pub booking: Id,
    pub side: ReviewSide,
    pub verified: bool,
    /// `published`, `hidden` or `deleted`.
    pub review_status: ReviewStatus,
    /// `clear`, `flagged` or `cleared`.
    pub moderation_state: ModerationState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flagged_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<Sentiment>,
}

pub(super) async fn open_reports(store: &Store, kind: ReportTarget, id: Id) -> Result<u64> {
    store
        .reports
        .count_reports(&ReportFilter {
            target_kind: Some(kind),
            target: Some(id),
            status: Some(ReportStatus::Open),
            ..Default::default()
        })
        .await
}

/// Up to `limit` items of a list in its order (all of it with `u32::MAX`), read a store page
/// ([`STEP`]) at a time: a queue may ask for more than one page holds.
pub(super) async fn walk<T>(
    limit: u32,
    mut fetch: impl AsyncFnMut(&PageRequest) -> Result<Page<T>>,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    let mut page = PageRequest::first(STEP.min(limit));
    loop {
        let got = fetch(&page).await?;
        let next = got.next_page(STEP);
        out.extend(got.items);
        match next {
            Some(n) if out.len() < limit as usize => page = n,
            _ => break,
        }
    }
    out.truncate(limit as usize);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::services::moderation::item::*;

    #[test]
    fn excerpts_are_one_line_and_short() {
        assert_eq!(excerpt("a\n  b"), "a b");
        let long = "word ".repeat(40);
        let e = excerpt(&long);
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert!(e.ends_with('…'));
    }
}
