//! Disputes and warranty claims: a party opens one (→ `disputed`), an admin settles it. The
//! decision is recorded on the booking and in the audit log and the booking moves where the
//! outcome says; then payments moves the money held in escrow (refund, release the rest).

use serde::Deserialize;

use super::access;
use super::effects::MoveData;
use super::engine::{Moved, transition_with};
use crate::app::App;
use crate::domain::booking::{
    Actor, BookingStatus, Dispute, DisputeOutcome, DisputeResolution, DisputeStatus, Evidence,
    EvidenceKind, WarrantyClaim, WarrantyClaimStatus,
};
use crate::domain::money::Money;
use crate::domain::user::Role;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::services::input::{Problems, is_https_url};
use crate::services::payments::refunds::settle_dispute;

pub const REASON_CHARS: (usize, usize) = (3, 200);
pub const MAX_DESCRIPTION: usize = 5_000;
pub const MAX_EVIDENCE: usize = 20;

/// One piece of evidence as sent: a bare URL or `{url, type, note}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum EvidenceInput {
    Url(String),
    Item {
        url: String,
        #[serde(rename = "type")]
        kind: Option<String>,
        note: Option<String>,
    },
}

/// `POST /bookings/:id/dispute` as sent.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DisputeRequest {
    pub reason: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub evidence: Vec<EvidenceInput>,
}

fn evidence(items: &[EvidenceInput], by: Id, at: Timestamp, p: &mut Problems) -> Vec<Evidence> {
    if items.len() > MAX_EVIDENCE {
        p.push("evidence", format!("may list at most {MAX_EVIDENCE} items"));
    }
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let (url, kind, note) = match item {
            EvidenceInput::Url(u) => (u, None, None),
            EvidenceInput::Item { url, kind, note } => (url, kind.as_deref(), note.clone()),
        };
        if !is_https_url(url) {
            p.push(format!("evidence[{i}].url"), "must be an https:// URL");
            continue;
        }
        let kind = match kind {
            None => EvidenceKind::Image,
            Some(k) => match EvidenceKind::parse(k) {
                Some(k) => k,
                None => {
                    p.push(
                        format!("evidence[{i}].type"),
                        "must be image, video, audio, document or other",
                    );
                    continue;
                }
            },
        };
        out.push(Evidence {
            url: url.trim().to_string(),
            kind,
            note: note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()),
            added_by: by,
            added_at: at,
        });
    }
    out
}

fn description(p: &mut Problems, d: Option<&str>) -> Option<String> {
    match d.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => p.text("description", Some(d), 1, MAX_DESCRIPTION),
        None => None,
    }
}

/// A party (customer side or assigned technician) or an admin disputes the booking.
pub async fn open(app: &App, id: Id, actor: Actor, req: DisputeRequest) -> Result<Moved> {
    let Some(by) = actor.id() else {
        return Err(Error::Forbidden("disputes are opened by people".into()));
    };
    let now = Timestamp::now();
    let mut p = Problems::default();
    let reason = p.text(
        "reason",
        req.reason.as_deref(),
        REASON_CHARS.0,
        REASON_CHARS.1,
    );
    let description = description(&mut p, req.description.as_deref());
    let evidence = evidence(&req.evidence, by, now, &mut p);
    let (Some(reason), true) = (reason, p.is_empty()) else {
        return Err(Error::Validation(p.0));
    };
    let dispute = Dispute {
        opened_by: by,
        reason: reason.clone(),
        description,
        evidence,
        status: DisputeStatus::Open,
        resolution: None,
        opened_at: now,
    };
    let data = MoveData {
        dispute: Some(dispute),
        ..Default::default()
    };
    transition_with(app, id, BookingStatus::Disputed, actor, Some(reason), data).await
}

/// `POST /bookings/:id/dispute/resolve` as sent.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResolveRequest {
    pub outcome: Option<String>,
    pub refund_amount: Option<Money>,
    pub reason: Option<String>,
}

/// An admin settles the open dispute. `refund_full` refunds the total and `refund_partial`
/// the given amount (0 < amount < total), `split` the given amount or half the total — all end
/// the booking as `refunded`; `release_to_technician` refunds nothing and returns the booking
/// to `paid` if it had been paid, else to `verified` so payment proceeds.
pub async fn resolve(app: &App, id: Id, actor: Actor, req: ResolveRequest) -> Result<Moved> {
    let Actor::User {
        id: admin,
        role: Role::Admin,
    } = actor
    else {
        return Err(Error::Forbidden("only an admin settles disputes".into()));
    };
    let booking = access::load_visible(app, id, actor).await?;
    let mut p = Problems::default();
    let reason = p.text("reason", req.reason.as_deref(), REASON_CHARS.0, 1_000);
    let outcome = match req.outcome.as_deref().map(DisputeOutcome::parse) {
        Some(Some(o)) => Some(o),
        Some(None) | None => {
            p.push(
                "outcome",
                "must be refund_full, refund_partial, release_to_technician or split",
            );
            None
        }
    };
    let total = booking.pricing.total;
    let refund = outcome.and_then(|o| refund_amount(o, req.refund_amount, total, &mut p));
    let (Some(outcome), Some(refund), Some(reason), true) = (outcome, refund, reason, p.is_empty())
    else {
        return Err(Error::Validation(p.0));
    };
    let to = match outcome {
        DisputeOutcome::ReleaseToTechnician if booking.paid_at.is_some() => BookingStatus::Paid,
        DisputeOutcome::ReleaseToTechnician => BookingStatus::Verified,
        _ => BookingStatus::Refunded,
    };
    let data = MoveData {
        resolution: Some(DisputeResolution {
            outcome,
            refund_amount: refund,
            reason: reason.clone(),
            resolved_by: admin,
            resolved_at: Timestamp::now(),
        }),
        ..Default::default()
    };
    let moved = transition_with(app, id, to, actor, Some(reason), data).await?;
    // The decision is recorded (and cannot be made twice: the booking left `disputed`); now
    // the money in escrow follows it. If a gateway fails here the decision stands, escrow
    // stays held until the refund it decided has gone through, and `settle_dispute` is run
    // again to finish.
    settle_dispute(app, id, admin).await?;
    Ok(moved)
}

/// The refund an outcome implies; `None` (with a problem) when the amount does not fit it.
fn refund_amount(
    outcome: DisputeOutcome,
    given: Option<Money>,
    total: Money,
    p: &mut Problems,
) -> Option<Option<Money>> {
    let strictly_inside =
        |m: Money| m.currency == total.currency && m.amount > 0 && m.amount < total.amount;
    match (outcome, given) {
        (DisputeOutcome::RefundFull, None) => Some(Some(total)),
        (DisputeOutcome::RefundFull, Some(m)) if m == total => Some(Some(total)),
        (DisputeOutcome::RefundFull, Some(_)) => {
            p.push(
                "refundAmount",
                "must be the booking's total (or left out) for a full refund",
            );
            None
        }
        (DisputeOutcome::ReleaseToTechnician, None) => Some(None),
        (DisputeOutcome::ReleaseToTechnician, Some(_)) => {
            p.push(
                "refundAmount",
                "must be left out when releasing the money to the technician",
            );
            None
        }
        (DisputeOutcome::Split, None) if total.amount > 1 => {
            Some(Some(Money::new(total.amount / 2, total.currency)))
        }
        (DisputeOutcome::RefundPartial | DisputeOutcome::Split, Some(m)) if strictly_inside(m) => {
            Some(Some(m))
        }
        _ => {
            p.push(
                "refundAmount",
                format!("must be more than 0 and less than the total ({total})"),
            );
            None
        }
    }
}

/// `POST /bookings/:id/warranty-claim` as sent.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WarrantyClaimRequest {
    pub description: Option<String>,
    #[serde(default)]
    pub evidence: Vec<EvidenceInput>,
}

/// The customer claims under the warranty: the claim is recorded and a dispute opened on the
/// booking, even after the dispute window, as long as the warranty covers today.
pub async fn warranty_claim(
    app: &App,
    id: Id,
    actor: Actor,
    req: WarrantyClaimRequest,
) -> Result<Moved> {
    let Some(by) = actor
        .id()
        .filter(|_| matches!(actor.role(), Some(Role::Customer | Role::Corporate)))
    else {
        return Err(Error::Forbidden(
            "warranty claims are made by the customer".into(),
        ));
    };
    let now = Timestamp::now();
    let mut p = Problems::default();
    let text = p.text("description", req.description.as_deref(), 10, 2_000);
    let evidence = evidence(&req.evidence, by, now, &mut p);
    let (Some(text), true) = (text, p.is_empty()) else {
        return Err(Error::Validation(p.0));
    };
    let claim = WarrantyClaim {
        id: Id::new(),
        raised_by: by,
        description: text.clone(),
        photos: evidence.iter().map(|e| e.url.clone()).collect(),
        status: WarrantyClaimStatus::Open,
        raised_at: now,
        resolved_at: None,
        resolution: None,
    };
    let data = MoveData {
        dispute: Some(Dispute {
            opened_by: by,
            reason: "warranty claim".into(),
            description: Some(text),
            evidence,
            status: DisputeStatus::Open,
            resolution: None,
            opened_at: now,
        }),
        warranty_claim: Some(claim),
        ..Default::default()
    };
    let reason = Some("warranty claim".to_string());
    transition_with(app, id, BookingStatus::Disputed, actor, reason, data).await
}
