//! What others do with a review: the reviewee's one public response (editable, earlier texts
//! kept, the reviewer told), helpful votes (one per user, never on a review one wrote or one
//! about oneself), featuring by the reviewee and hiding — which only an admin can do, so a low
//! rating is never hidden by the party it is about — and reports, which go to the moderation
//! queue's reports collection.

use serde::Deserialize;
use serde_json::json;

use super::{find_visible, save, settings};
use crate::app::App;
use crate::auth::{Caller, require_admin};
use crate::domain::audit::AuditEntry;
use crate::domain::report::{Report, ReportReason, ReportTarget};
use crate::domain::review::{
    BusinessResponse, ModerationState, ResponseEdit, Review, ReviewStatus, Vote,
};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::realtime::Event;
use crate::services::input::{Field, Problems, UnknownKeys, text};
use crate::services::users::{actor_label, audit, own_account};
use crate::store::{PageRequest, ReviewFilter};

/// Longest response, in characters.
pub const RESPONSE_MAX: usize = 1_000;

/// `PUT /reviews/:id/response` as sent.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct ResponseInput {
    #[schema(value_type = String)]
    pub text: Field<String>,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: UnknownKeys,
}

/// `PUT /reviews/:id/response`: the reviewee answers (or edits their answer) once the review
/// is visible to them.
pub async fn respond(app: &App, caller: &Caller, id: Id, input: ResponseInput) -> Result<Review> {
    let mut p = Problems::new();
    let body = input
        .text
        .required(&mut p, "text")
        .and_then(|t| text(&mut p, "text", &t, 1, RESPONSE_MAX));
    input.unknown.report(&mut p, &[]);
    let body = p.finish_with(body)?;
    let current = find_visible(app, id, Some(caller)).await?;
    if current.reviewee != caller.id {
        return Err(Error::Forbidden(
            "only the user reviewed may respond to a review".into(),
        ));
    }
    if !current.is_published() {
        return Err(Error::Conflict("this review is not published".into()));
    }
    let now = Timestamp::now();
    let mut next = current.clone();
    next.response = Some(match current.response.clone() {
        None => BusinessResponse {
            text: body,
            responded_at: now,
            responded_by: caller.id,
            edited_at: None,
            history: Vec::new(),
        },
        Some(mut r) if r.text != body => {
            r.history.push(ResponseEdit {
                text: std::mem::replace(&mut r.text, body),
                replaced_at: now,
            });
            r.edited_at = Some(now);
            r
        }
        Some(unchanged) => {
            return Ok(Review {
                response: Some(unchanged),
                ..current
            });
        }
    });
    let saved = save(app, &current, next).await?;
    app.publish(Event::review_responded(&saved, now)).await;
    Ok(saved)
}

/// `POST` / `DELETE /reviews/:id/helpful`: casts the caller's vote (`Some`) or withdraws it
/// (`None`); repeating either changes nothing. The review and whether anything changed.
pub async fn vote(
    app: &App,
    caller: &Caller,
    id: Id,
    vote: Option<Vote>,
) -> Result<(Review, bool)> {
    let r = find_visible(app, id, Some(caller)).await?;
    if vote.is_some() && (r.reviewer == caller.id || r.reviewee == caller.id) {
        return Err(Error::Forbidden(
            "you cannot vote on a review you wrote or one about you".into(),
        ));
    }
    if !r.is_published() {
        return Err(Error::Conflict("this review is not published".into()));
    }
    app.store.reviews.vote_review(id, caller.id, vote).await
}

/// `PUT /reviews/:id/featured` as sent.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct FeatureInput {
    /// Feature the review on the reviewee's profile (the reviewee or an admin).
    #[schema(value_type = Option<bool>)]
    pub featured: Field<bool>,
    /// Hide it from everyone (admins only), or show it again.
    #[schema(value_type = Option<bool>)]
    pub hidden: Field<bool>,
    /// Why it is hidden or shown again (admins; required with `hidden`).
    #[schema(value_type = Option<String>)]
    pub reason: Field<String>,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: UnknownKeys,
}

/// `PUT /reviews/:id/featured`: the reviewee features (or un-features) a review — at most the
/// configured number at once; an admin may also hide one or show it again, with a reason
/// that goes to the audit log. Nobody else can hide a review.
pub async fn feature(app: &App, caller: &Caller, id: Id, input: FeatureInput) -> Result<Review> {
    let mut p = Problems::new();
    let featured = input.featured.not_null(&mut p, "featured");
    let hidden = input.hidden.not_null(&mut p, "hidden");
    let reason = input
        .reason
        .not_null(&mut p, "reason")
        .and_then(|r| text(&mut p, "reason", &r, 1, 500));
    input.unknown.report(&mut p, &[]);
    if featured.is_none() && hidden.is_none() && p.is_empty() {
        p.push("featured", "send featured or hidden");
    }
    p.finish()?;
    if hidden.is_some() {
        require_admin(caller).map_err(|_| {
            Error::Forbidden("only an admin can hide a review or show it again".into())
        })?;
        if reason.is_none() {
            return Err(Error::validation(
                "reason",
                "is required to hide or show a review",
            ));
        }
    }
    let current = find_visible(app, id, Some(caller)).await?;
    if featured.is_some() && current.reviewee != caller.id && !caller.is_admin() {
        return Err(Error::Forbidden(
            "only the user reviewed may feature a review".into(),
        ));
    }
    if current.status == ReviewStatus::Deleted {
        return Err(Error::Conflict("this review was deleted".into()));
    }
    let mut next = current.clone();
    if let Some(h) = hidden {
        may_hide(caller, &current)?;
        set_hidden(&mut next, h);
    }
    if let Some(f) = featured {
        if f && !current.featured {
            check_feature_room(app, &next).await?;
        }
        next.featured = f;
    }
    let saved = save(app, &current, next).await?;
    if let (Some(h), Some(reason)) = (hidden, reason) {
        record_hiding(app, caller, &current, h, reason).await?;
    }
    Ok(saved)
}

/// Whether `caller` may hide `r` or show it again: an admin, and never the user it is about —
/// so a low rating is not hidden by the party it rates, even one who is an admin.
fn may_hide(caller: &Caller, r: &Review) -> Result<()> {
    require_admin(caller)
        .map_err(|_| Error::Forbidden("only an admin can hide a review or show it again".into()))?;
    if r.reviewee == caller.id {
        return Err(Error::Forbidden(
            "a review about you is hidden or shown by another admin".into(),
        ));
    }
    Ok(())
}

/// Hidden reviews leave every list (and the reviewee's counters, through `save`) and are
/// no longer featured; shown again, they are published.
fn set_hidden(r: &mut Review, hidden: bool) {
    if hidden {
        r.status = ReviewStatus::Hidden;
        r.featured = false;
    } else {
        r.status = ReviewStatus::Published;
    }
}

/// A moderator's decision on a review (`baitech moderate`), made on `current` as the moderator
/// read it: kept (`hide: false` — shown again if it was hidden) or taken down (`hide: true`),
/// and in both cases its flag cleared, since someone looked. Written through `save`, so the
/// reviewee's counters move with the status and a concurrent change is a `Conflict`. Only an
/// admin who is not the user reviewed; the caller records the audit entry. A deleted review
/// cannot be moderated.
pub async fn moderate(app: &App, admin: &Caller, current: &Review, hide: bool) -> Result<Review> {
    may_hide(admin, current)?;
    if current.status == ReviewStatus::Deleted {
        return Err(Error::Conflict("this review was deleted".into()));
    }
    let mut next = current.clone();
    set_hidden(&mut next, hide);
    next.moderation.status = ModerationState::Cleared;
    save(app, current, next).await
}

async fn check_feature_room(app: &App, r: &Review) -> Result<()> {
    if !(r.is_published() && r.is_revealed(Timestamp::now())) {
        return Err(Error::Conflict(
            "only a published, revealed review can be featured".into(),
        ));
    }
    let max = settings(app).featured_max;
    let filter = ReviewFilter {
        reviewee: Some(r.reviewee),
        featured: Some(true),
        visible_at: Some(Timestamp::now()),
        ..Default::default()
    };
    let page = PageRequest::first(max.max(1));
    let already = app.store.reviews.list_reviews(&filter, &page).await?;
    if already.items.len() as u32 >= max {
        return Err(Error::Conflict(format!(
            "at most {max} reviews can be featured; un-feature one first"
        )));
    }
    Ok(())
}

async fn record_hiding(
    app: &App,
    admin: &Caller,
    before: &Review,
    hidden: bool,
    reason: String,
) -> Result<()> {
    let actor = own_account(&app.store, admin).await?;
    let action = if hidden { "review.hide" } else { "review.show" };
    let entry = AuditEntry::new(
        Some(admin.id),
        actor_label(&actor),
        action,
        "review",
        Some(before.id),
        Timestamp::now(),
    )
    .with_change(
        json!({ "status": before.status }),
        json!({ "status": if hidden { ReviewStatus::Hidden } else { ReviewStatus::Published } }),
    )
    .with_reason(reason);
    audit(&app.store, entry).await
}

/// `POST /reviews/:id/report` as sent.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct ReportInput {
    /// `spam`, `scam`, `harassment`, `hate`, `sexual`, `violence`, `misinformation`, `other`.
    #[schema(value_type = String)]
    pub reason: Field<ReportReason>,
    /// What is wrong, in the reporter's words (up to 1000 characters).
    #[schema(value_type = Option<String>)]
    pub details: Field<String>,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: UnknownKeys,
}

/// The moderation reason a user report is recorded under.
pub const REPORTED_REASON: &str = "reported";

/// `POST /reviews/:id/report`: anyone who can see a review but its author reports it, once;
/// the report goes to the moderation queue and the review is flagged there — never changed.
pub async fn report(app: &App, caller: &Caller, id: Id, input: ReportInput) -> Result<Report> {
    let mut p = Problems::new();
    let reason = input.reason.required(&mut p, "reason");
    let details = input
        .details
        .not_null(&mut p, "details")
        .and_then(|d| text(&mut p, "details", &d, 1, 1_000));
    input.unknown.report(&mut p, &[]);
    let reason = p.finish_with(reason)?;
    let current = find_visible(app, id, Some(caller)).await?;
    if current.reviewer == caller.id {
        return Err(Error::Forbidden("you cannot report your own review".into()));
    }
    let now = Timestamp::now();
    let filed = Report::new(
        ReportTarget::Review,
        current.id,
        current.reviewer,
        caller.id,
        reason,
        details,
        now,
    );
    app.store.reports.insert(&filed).await?;
    if !current
        .moderation
        .reasons
        .iter()
        .any(|r| r == REPORTED_REASON)
        || current.moderation.status != ModerationState::Flagged
    {
        let mut next = current.clone();
        next.moderation.status = ModerationState::Flagged;
        next.moderation.flagged_at.get_or_insert(now);
        if !next.moderation.reasons.iter().any(|r| r == REPORTED_REASON) {
            next.moderation.reasons.push(REPORTED_REASON.into());
        }
        // A concurrent change of the review only delays the flag to the next report: the
        // report itself is filed either way.
        if let Err(e) = save(app, &current, next).await {
            tracing::warn!(error = %e, review.id = %id, "could not flag a reported review");
        }
    }
    Ok(filed)
}
