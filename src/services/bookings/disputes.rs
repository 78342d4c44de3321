//! Opening disputes and warranty claims: a party opens one (→ `disputed`). Settling it is the
//! one dispute-resolution service, [`crate::services::disputes::resolve`].

use serde::Deserialize;

use super::effects::MoveData;
use super::engine::{Moved, transition_with};
use crate::app::App;
use crate::domain::booking::{
    Actor, BookingStatus, Dispute, DisputeStatus, Evidence, EvidenceKind, WarrantyClaim,
    WarrantyClaimStatus,
};
use crate::domain::user::Role;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::services::input::{Field, Problems, is_https_url};

pub const REASON_CHARS: (usize, usize) = (3, 200);
pub const MAX_DESCRIPTION: usize = 5_000;
pub const MAX_EVIDENCE: usize = 20;

/// One piece of evidence as sent: a bare URL or `{url, type, note}`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
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
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct DisputeRequest {
    #[schema(value_type = String)]
    pub reason: Field<String>,
    #[schema(value_type = Option<String>)]
    pub description: Field<String>,
    /// URLs, or `{url, type, note}` objects.
    #[schema(value_type = Option<Vec<Object>>)]
    pub evidence: Field<Vec<EvidenceInput>>,
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
    let reason = req
        .reason
        .text(&mut p, "reason", REASON_CHARS.0, REASON_CHARS.1);
    let given = req.description.optional(&mut p, "description");
    let description = description(&mut p, given.as_deref());
    let items = req
        .evidence
        .optional(&mut p, "evidence")
        .unwrap_or_default();
    let evidence = evidence(&items, by, now, &mut p);
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

/// `POST /bookings/:id/warranty-claim` as sent.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct WarrantyClaimRequest {
    #[schema(value_type = String)]
    pub description: Field<String>,
    /// URLs, or `{url, type, note}` objects.
    #[schema(value_type = Option<Vec<Object>>)]
    pub evidence: Field<Vec<EvidenceInput>>,
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
    let text = req.description.text(&mut p, "description", 10, 2_000);
    let items = req
        .evidence
        .optional(&mut p, "evidence")
        .unwrap_or_default();
    let evidence = evidence(&items, by, now, &mut p);
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
