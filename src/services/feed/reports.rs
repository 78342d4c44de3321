//! Reports of posts by users: one per reporter per post, with a reason category. A report
//! puts an approved post in the moderation queue (`pending_review`, hidden from feeds until
//! an admin decides), with the reason among its moderation reasons.

use serde::Deserialize;

use super::access::visible_post;
use crate::app::App;
use crate::auth::Caller;
use crate::domain::post::ModerationStatus;
use crate::domain::report::{Report, ReportReason, ReportTarget};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::services::input::{Field, Problems, UnknownKeys};
use crate::services::users::writable_account;
use crate::store::{Condition, Update};

/// `POST /posts/:id/report` as sent.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct ReportInput {
    /// `spam`, `scam`, `harassment`, `hate`, `sexual`, `violence`, `misinformation` or `other`.
    #[schema(value_type = String)]
    pub reason: Field<String>,
    /// Up to 1000 characters.
    #[schema(value_type = Option<String>)]
    pub details: Field<String>,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: UnknownKeys,
}

/// The caller reports a post they may see (not their own). A second report of the same post
/// by the same caller is `Conflict`.
pub async fn report_post(app: &App, caller: &Caller, id: Id, input: ReportInput) -> Result<Report> {
    writable_account(&app.store, caller).await?;
    let (post, _) = visible_post(app, Some(caller), id).await?;
    let mut p = Problems::new();
    let reason = input.reason.required(&mut p, "reason").and_then(|r| {
        ReportReason::parse(&r).or_else(|| {
            let all: Vec<&str> = ReportReason::ALL.iter().map(|r| r.as_str()).collect();
            p.push("reason", format!("must be one of {}", all.join(", ")));
            None
        })
    });
    let details = input
        .details
        .optional(&mut p, "details")
        .and_then(|d| p.text("details", Some(&d), 0, 1_000))
        .filter(|d| !d.is_empty());
    input.unknown.report(&mut p, &[]);
    if post.author == caller.id {
        p.push("id", "you cannot report your own post");
    }
    let reason = p.finish_with(reason)?;
    let now = Timestamp::now();
    let report = Report::new(
        ReportTarget::Post,
        id,
        post.author,
        caller.id,
        reason,
        details,
        now,
    );
    app.store.reports.insert(&report).await?;
    hold_for_review(app, id, reason).await?;
    Ok(report)
}

/// Moves an approved post to `pending_review` with the report's reason; a post already
/// waiting keeps its status and gains the reason.
async fn hold_for_review(app: &App, id: Id, reason: ReportReason) -> Result<()> {
    let Some(mut post) = app.store.posts.get(id).await? else {
        return Err(Error::NotFound("post"));
    };
    let was = post.moderation.status;
    if !matches!(
        was,
        ModerationStatus::Approved | ModerationStatus::PendingReview
    ) {
        return Ok(());
    }
    let r = reason.as_str().to_string();
    if !post.moderation.reasons.contains(&r) {
        post.moderation.reasons.push(r);
    }
    post.moderation.status = ModerationStatus::PendingReview;
    let only_if = [Condition::Is(
        "moderation.status",
        serde_json::Value::from(was.as_str()),
    )];
    let change = Update {
        set_from: Some((&post, &["moderation.status", "moderation.reasons"])),
        only_if: &only_if,
        ..Default::default()
    };
    app.store.posts.update(id, change).await?;
    Ok(())
}
