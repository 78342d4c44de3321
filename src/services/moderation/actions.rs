//! Admins' moderation decisions on posts, comments and reviews: the queue of what waits for
//! review, everything about one item, approving or removing it (a removal always has a
//! reason), the same for many at once, and the log of past decisions. Each decision closes the
//! item's open reports, writes its audit entry right after the change (the store has no
//! transaction spanning both; a failed audit write is an error, never silent) and tells the
//! author through a realtime event. How reviews map onto the queue is in [`super::reviews`].

use serde::Serialize;
use serde_json::json;

pub use super::item::{Item, QueueFilter, QueueItem};
use super::item::{STEP, excerpt, open_reports, walk};
use super::reviews;
use crate::app::App;
use crate::domain::audit::AuditEntry;
use crate::domain::post::ModerationStatus;
use crate::domain::report::{Report, ReportStatus, ReportTarget};
use crate::domain::user::User;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::realtime::Event;
use crate::services::users::audit;
use crate::store::{AuditFilter, CommentFilter, PageRequest, PostFilter, ReportFilter, Store};

/// Longest removal reason kept.
pub const MAX_REASON_CHARS: usize = 500;

/// The queue, newest first across the kinds asked for.
pub async fn queue(store: &Store, f: &QueueFilter) -> Result<Vec<QueueItem>> {
    let status = f.status.unwrap_or(ModerationStatus::PendingReview);
    let limit = f.limit.max(1);
    let wants = |k| f.kinds.is_empty() || f.kinds.contains(&k);
    let mut items = Vec::new();
    if wants(ReportTarget::Post) {
        let filter = PostFilter {
            moderation: Some(status),
            reason: f.reason.clone(),
            author: f.author,
            since: f.since,
            ..Default::default()
        };
        let posts = walk(limit, async |page| {
            store.posts.list_posts(&filter, page).await
        })
        .await?;
        items.extend(posts.into_iter().map(Item::of_post));
    }
    if wants(ReportTarget::Comment) {
        let filter = CommentFilter {
            moderation: Some(status),
            reason: f.reason.clone(),
            author: f.author,
            since: f.since,
            ..Default::default()
        };
        let comments = walk(limit, async |page| {
            store.comments.list_comments(&filter, page).await
        })
        .await?;
        items.extend(
            comments
                .into_iter()
                .filter(|c| c.deleted_at.is_none())
                .map(Item::of_comment),
        );
    }
    if wants(ReportTarget::Review) {
        items.extend(reviews::queued(store, f, status).await?);
    }
    items.sort_by_key(|i| std::cmp::Reverse(i.id));
    items.truncate(limit as usize);
    let mut rows = Vec::with_capacity(items.len());
    for item in items {
        let open = open_reports(store, item.kind, item.id).await?;
        rows.push(item.row(open));
    }
    Ok(rows)
}

/// The item with this id: of `kind`, or whichever kind has it.
pub async fn find(store: &Store, kind: Option<ReportTarget>, id: Id) -> Result<Item> {
    let wants = |k| kind.is_none_or(|x| x == k);
    if wants(ReportTarget::Post)
        && let Some(p) = store.posts.get(id).await?
        && p.deleted_at.is_none()
    {
        return Ok(Item::of_post(p));
    }
    if wants(ReportTarget::Comment)
        && let Some(c) = store.comments.get(id).await?
        && c.deleted_at.is_none()
    {
        return Ok(Item::of_comment(c));
    }
    if wants(ReportTarget::Review)
        && let Some(r) = reviews::find(store, id).await?
    {
        return Ok(r);
    }
    Err(Error::NotFound(match kind {
        Some(ReportTarget::Post) => "post",
        Some(ReportTarget::Comment) => "comment",
        Some(ReportTarget::Review) => "review",
        None => "post, comment or review",
    }))
}

/// The author as moderation sees them.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorFile {
    pub id: Id,
    pub name: String,
    pub email: String,
    pub status: String,
    pub joined_at: Timestamp,
    /// The author's posts by moderation state (latest hundred of each at most).
    pub posts_removed: u64,
    pub posts_rejected: u64,
    pub posts_pending: u64,
    /// The author's reviews hidden by moderators.
    pub reviews_hidden: u64,
    /// Reports against anything the author wrote.
    pub reports_against: u64,
}

/// Another user an item concerns (the user a review is about).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Party {
    pub id: Id,
    pub name: String,
    pub email: String,
}

/// Everything about one item: the item, its author's history, its reports and past decisions.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemFile {
    pub item: Item,
    pub author: Option<AuthorFile>,
    /// The user a review is about (reviews only; `None` also when the account is gone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewee: Option<Party>,
    pub reports: Vec<Report>,
    pub history: Vec<AuditEntry>,
}

pub async fn show(store: &Store, kind: Option<ReportTarget>, id: Id) -> Result<ItemFile> {
    let item = find(store, kind, id).await?;
    let author = match store.users.get(item.author).await? {
        None => None,
        Some(u) => Some(author_file(store, &u).await?),
    };
    let reviewee = match &item.review {
        None => None,
        Some(r) => store.users.get(r.reviewee).await?.map(|u| Party {
            id: u.id,
            name: u.full_name(),
            email: u.email.to_string(),
        }),
    };
    let reports = store
        .reports
        .list_reports(
            &ReportFilter {
                target_kind: Some(item.kind),
                target: Some(item.id),
                ..Default::default()
            },
            &PageRequest::first(STEP),
        )
        .await?
        .items;
    let history = store
        .audit
        .list_audit(
            &AuditFilter {
                target_kind: Some(item.kind.as_str().to_string()),
                target_id: Some(item.id),
                ..Default::default()
            },
            &PageRequest::first(STEP),
        )
        .await?
        .items;
    Ok(ItemFile {
        item,
        author,
        reviewee,
        reports,
        history,
    })
}

async fn author_file(store: &Store, u: &User) -> Result<AuthorFile> {
    let count = |status| async move {
        let filter = PostFilter {
            author: Some(u.id),
            moderation: Some(status),
            ..Default::default()
        };
        let page = store
            .posts
            .list_posts(&filter, &PageRequest::first(STEP))
            .await?;
        Ok::<u64, Error>(page.items.len() as u64)
    };
    let reports_against = store
        .reports
        .count_reports(&ReportFilter {
            target_author: Some(u.id),
            ..Default::default()
        })
        .await?;
    Ok(AuthorFile {
        id: u.id,
        name: u.full_name(),
        email: u.email.to_string(),
        status: u.status.as_str().to_string(),
        joined_at: u.created_at,
        posts_removed: count(ModerationStatus::Removed).await?,
        posts_rejected: count(ModerationStatus::Rejected).await?,
        posts_pending: count(ModerationStatus::PendingReview).await?,
        reviews_hidden: reviews::hidden_count(store, u.id).await?,
        reports_against,
    })
}

/// An admin's decision on one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Keep it: visible again, its reports dismissed.
    Approve,
    /// Take it down: hidden, its reports resolved; the reason is shown to the author.
    Remove { reason: String },
}

impl Decision {
    /// A removal, once its reason is checked (required, at most [`MAX_REASON_CHARS`]).
    pub fn remove(reason: &str) -> Result<Decision> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::validation("reason", "is required to remove content"));
        }
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(Error::validation(
                "reason",
                format!("must be at most {MAX_REASON_CHARS} characters"),
            ));
        }
        Ok(Decision::Remove {
            reason: reason.to_string(),
        })
    }

    fn status(&self) -> ModerationStatus {
        match self {
            Decision::Approve => ModerationStatus::Approved,
            Decision::Remove { .. } => ModerationStatus::Removed,
        }
    }

    fn verb(&self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Remove { .. } => "remove",
        }
    }
}

/// What a decision did (or, in a dry run, would do).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub kind: ReportTarget,
    pub id: Id,
    pub author: Id,
    pub before: ModerationStatus,
    pub after: ModerationStatus,
    /// `false` when the item already stood so (nothing written, nothing audited).
    pub changed: bool,
    pub reports_closed: u64,
    pub excerpt: String,
}

/// Records `decision` on the item `id` as `admin`: the moderation state, the reports closed,
/// the audit entry, the author's event. Deciding what already stands changes nothing.
pub async fn decide(
    app: &App,
    admin: &User,
    kind: Option<ReportTarget>,
    id: Id,
    decision: &Decision,
) -> Result<Outcome> {
    let store = &app.store;
    let item = find(store, kind, id).await?;
    apply(app, admin, item, decision).await
}

async fn apply(app: &App, admin: &User, item: Item, decision: &Decision) -> Result<Outcome> {
    let store = &app.store;
    let after = decision.status();
    let mut outcome = Outcome {
        kind: item.kind,
        id: item.id,
        author: item.author,
        before: item.status,
        after,
        changed: item.status != after,
        reports_closed: 0,
        excerpt: excerpt(&item.content),
    };
    if !outcome.changed {
        return Ok(outcome);
    }
    let reasons = match decision {
        Decision::Approve => item.reasons.clone(),
        Decision::Remove { reason } => vec![reason.clone()],
    };
    let mut before = json!({ "status": item.status, "reasons": item.reasons });
    let mut after_doc = json!({ "status": after, "reasons": reasons });
    match item.kind {
        ReportTarget::Post => {
            store
                .posts
                .set_moderation(item.id, after, &reasons, Some(admin.id))
                .await?
        }
        ReportTarget::Comment => {
            store
                .comments
                .set_comment_moderation(item.id, after, &reasons, Some(admin.id))
                .await?
        }
        ReportTarget::Review => {
            // The review keeps its machine reasons; the removal's reason is in the audit entry
            // and the author's event.
            let hide = matches!(decision, Decision::Remove { .. });
            let written = reviews::decide(app, admin, item.id, hide).await?;
            if let Some(r) = &item.review {
                before["reviewStatus"] = json!(r.review_status);
                before["moderation"] = json!(r.moderation_state);
            }
            after_doc["reviewStatus"] = json!(written.status);
            after_doc["moderation"] = json!(written.moderation.status);
        }
    }
    let at = Timestamp::now();
    let closing = match decision {
        Decision::Approve => ReportStatus::Dismissed,
        Decision::Remove { .. } => ReportStatus::Resolved,
    };
    outcome.reports_closed = store
        .reports
        .close_reports(item.kind, item.id, closing, admin.id, at)
        .await?;
    let reason = match decision {
        Decision::Remove { reason } => Some(reason.clone()),
        Decision::Approve => None,
    };
    let mut entry = AuditEntry::new(
        Some(admin.id),
        format!("cli:{}", admin.email),
        format!("{}.{}", item.kind, decision.verb()),
        item.kind.as_str(),
        Some(item.id),
        at,
    )
    .with_change(before, {
        after_doc["reportsClosed"] = json!(outcome.reports_closed);
        after_doc
    });
    if let Some(r) = &reason {
        entry = entry.with_reason(r.clone());
    }
    audit(store, entry).await?;
    let event = Event::ContentModerated {
        user: item.author,
        kind: item.kind,
        target: item.id,
        status: after,
        reason,
        at,
    };
    app.publish(event).await;
    Ok(outcome)
}

/// What a bulk removal applies to.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Posts, comments or reviews by id.
    pub ids: Vec<Id>,
    /// Everything this author wrote that is not removed yet.
    pub author: Option<Id>,
}

/// The items of `selection`, each once, newest first for an author.
pub async fn select(store: &Store, selection: &Selection) -> Result<Vec<Item>> {
    let mut items: Vec<Item> = Vec::new();
    for id in &selection.ids {
        if !items.iter().any(|i| i.id == *id) {
            items.push(find(store, None, *id).await?);
        }
    }
    if let Some(author) = selection.author {
        let posts = PostFilter {
            author: Some(author),
            ..Default::default()
        };
        let got = walk(u32::MAX, async |page| {
            store.posts.list_posts(&posts, page).await
        })
        .await?;
        items.extend(got.into_iter().map(Item::of_post));
        let comments = CommentFilter {
            author: Some(author),
            ..Default::default()
        };
        let got = walk(u32::MAX, async |page| {
            store.comments.list_comments(&comments, page).await
        })
        .await?;
        items.extend(
            got.into_iter()
                .filter(|c| c.deleted_at.is_none())
                .map(Item::of_comment),
        );
        items.extend(reviews::written_by(store, author).await?);
        let mut seen = std::collections::HashSet::new();
        items.retain(|i| seen.insert(i.id));
    }
    Ok(items)
}

/// Applies one decision to every selected item; with `dry_run`, only says what it would do.
/// Stops at the first failure, having applied the decisions before it (each audited).
pub async fn bulk(
    app: &App,
    admin: &User,
    selection: &Selection,
    decision: &Decision,
    dry_run: bool,
) -> Result<Vec<Outcome>> {
    let items = select(&app.store, selection).await?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if dry_run {
            let after = decision.status();
            out.push(Outcome {
                kind: item.kind,
                id: item.id,
                author: item.author,
                before: item.status,
                after,
                changed: item.status != after,
                reports_closed: 0,
                excerpt: excerpt(&item.content),
            });
        } else {
            out.push(apply(app, admin, item, decision).await?);
        }
    }
    Ok(out)
}

/// Which past decisions to list.
#[derive(Debug, Clone, Default)]
pub struct LogFilter {
    pub actor: Option<Id>,
    pub target: Option<Id>,
    /// At or after this.
    pub since: Option<Timestamp>,
    pub limit: u32,
}

/// Moderation decisions, newest first.
pub async fn log(store: &Store, f: &LogFilter) -> Result<Vec<AuditEntry>> {
    let limit = f.limit.max(1) as usize;
    let mut out = Vec::new();
    for kind in ReportTarget::ALL {
        let filter = AuditFilter {
            actor: f.actor,
            target_kind: Some(kind.as_str().to_string()),
            target_id: f.target,
            ..Default::default()
        };
        let mut page = PageRequest::first(STEP);
        'pages: loop {
            let got = store.audit.list_audit(&filter, &page).await?;
            for e in &got.items {
                if f.since.is_some_and(|s| e.at < s) {
                    break 'pages;
                }
                if is_decision(&e.action) {
                    out.push(e.clone());
                }
            }
            if out.len() >= limit * ReportTarget::ALL.len() {
                break;
            }
            match got.next_page(STEP) {
                Some(next) => page = next,
                None => break,
            }
        }
    }
    out.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
    out.truncate(limit);
    Ok(out)
}

fn is_decision(action: &str) -> bool {
    action.split_once('.').is_some_and(|(kind, verb)| {
        ReportTarget::parse(kind).is_some() && matches!(verb, "approve" | "remove")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removal_needs_a_reason_of_reasonable_length() {
        assert!(Decision::remove("  ").is_err());
        assert!(Decision::remove(&"x".repeat(MAX_REASON_CHARS + 1)).is_err());
        assert_eq!(
            Decision::remove(" spam link ").unwrap(),
            Decision::Remove {
                reason: "spam link".into()
            }
        );
    }

    #[test]
    fn only_approvals_and_removals_are_decisions() {
        assert!(is_decision("post.remove"));
        assert!(is_decision("comment.approve"));
        assert!(is_decision("review.remove"));
        assert!(!is_decision("dispute.resolve"));
        assert!(!is_decision("post.edit"));
    }
}
