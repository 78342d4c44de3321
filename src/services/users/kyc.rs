//! Identity verification (KYC): the account holder submits documents, an admin approves or
//! rejects them. Every decision is audit-logged with the status before and after; approving a
//! technician marks their profile verified (the badge customers filter on).

use serde_json::{Value, json};

use super::{actor_label, audit, now, own_account, save_fields, scan_users, writable_account};
use crate::app::App;
use crate::auth::{Caller, require_admin};
use crate::domain::Id;
use crate::domain::audit::AuditEntry;
use crate::domain::user::{
    Kyc, KycDocument, KycDocumentKind, KycDocumentStatus, KycStatus, User, UserField, UserGuard,
};
use crate::error::{Error, Result};
use crate::realtime::{AccountChange, Event};
use crate::services::input::{Field, Obj, Problems, UnknownKeys, https_url, text};
use crate::store::{Page, PageRequest, Store, UserFilter};

pub const MAX_DOCUMENTS: usize = 10;

/// Submits (or, while still pending or after a rejection, resubmits) the caller's documents.
pub async fn submit(store: &Store, caller: &Caller, body: Value) -> Result<Kyc> {
    let mut user = writable_account(store, caller).await?;
    let at = now();
    let documents = documents(body, at)?;
    if user.kyc.status == KycStatus::Approved {
        return Err(Error::Conflict("identity is already verified".into()));
    }
    user.kyc = Kyc {
        status: KycStatus::Pending,
        documents,
        submitted_at: Some(at),
        reviewed_by: None,
        reviewed_at: None,
        rejection_reason: None,
    };
    user.updated_at = at;
    let stored = save_fields(store, &mut user, &[UserField::Kyc], UserGuard::Writable).await?;
    Ok(stored.kyc)
}

fn documents(body: Value, at: crate::domain::Timestamp) -> Result<Vec<KycDocument>> {
    let mut p = Problems::new();
    let mut out = Vec::new();
    if let Some(mut o) = Obj::body(body, &mut p) {
        match o.require::<Vec<Value>>("documents", &mut p) {
            Some(docs) if docs.is_empty() || docs.len() > MAX_DOCUMENTS => {
                p.push(
                    "documents",
                    format!("must list 1 to {MAX_DOCUMENTS} documents"),
                );
            }
            Some(docs) => {
                for (i, v) in docs.into_iter().enumerate() {
                    let f = format!("documents[{i}]");
                    let Some(mut d) = Obj::at(f, v, &mut p) else {
                        continue;
                    };
                    // `type` is the stored name (as in the original API); `kind` reads better in Rust
                    // clients — both are accepted.
                    let key = if d.contains("type") && !d.contains("kind") {
                        "type"
                    } else {
                        "kind"
                    };
                    let kind = d.require::<KycDocumentKind>(key, &mut p);
                    let url = d
                        .require::<String>("url", &mut p)
                        .and_then(|u| https_url(&mut p, &d.field("url"), &u));
                    d.finish(&mut p, &[]);
                    if let (Some(kind), Some(url)) = (kind, url) {
                        out.push(KycDocument {
                            kind,
                            url,
                            uploaded_at: at,
                            status: KycDocumentStatus::Pending,
                        });
                    }
                }
            }
            None => {}
        }
        o.finish(&mut p, &[("status", "is set by the review")]);
    }
    p.finish()?;
    Ok(out)
}

/// Accounts waiting for a KYC decision, newest account first.
///
/// The store cannot filter on `kyc.status`, so this scans users page by page; a
/// `UserFilter::kyc_status` (with an index on `kyc.status`) would make it one query and allow
/// oldest-submission-first ordering.
pub async fn pending(store: &Store, admin: &Caller, req: &PageRequest) -> Result<Page<User>> {
    require_admin(admin)?;
    scan_users(store, &UserFilter::default(), req, |u| {
        u.kyc.status == KycStatus::Pending
    })
    .await
}

/// An admin's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject { reason: String },
}

/// `POST /users/:id/kyc/reject` as sent.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct KycRejectionInput {
    /// Why (1-500 characters; the account holder sees it).
    #[schema(value_type = String)]
    pub reason: Field<String>,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: UnknownKeys,
}

impl TryFrom<KycRejectionInput> for Decision {
    type Error = Error;

    /// A rejection: `{reason}` (1-500 characters).
    fn try_from(input: KycRejectionInput) -> Result<Decision> {
        let mut p = Problems::new();
        let reason = input
            .reason
            .required(&mut p, "reason")
            .and_then(|r| text(&mut p, "reason", &r, 1, 500));
        input.unknown.report(&mut p, &[]);
        let reason = p.finish_with(reason)?;
        Ok(Decision::Reject { reason })
    }
}

/// Records an admin's decision on `target`'s pending submission, and audits it.
/// The applicant hears of the decision.
pub async fn decide(app: &App, admin: &Caller, target: Id, decision: Decision) -> Result<User> {
    require_admin(admin)?;
    let store = &app.store;
    let actor = own_account(store, admin).await?;
    let mut user = super::live_user(store, target).await?;
    if user.kyc.status != KycStatus::Pending {
        return Err(Error::Conflict(format!(
            "there is no pending KYC submission (status is {})",
            user.kyc.status
        )));
    }
    let at = now();
    let before = json!({ "kyc": { "status": user.kyc.status }, "verified": verified(&user) });
    let (status, doc_status, action) = match &decision {
        Decision::Approve => (
            KycStatus::Approved,
            KycDocumentStatus::Approved,
            "kyc.approve",
        ),
        Decision::Reject { .. } => (
            KycStatus::Rejected,
            KycDocumentStatus::Rejected,
            "kyc.reject",
        ),
    };
    user.kyc.status = status;
    user.kyc.reviewed_by = Some(admin.id);
    user.kyc.reviewed_at = Some(at);
    user.kyc.rejection_reason = match &decision {
        Decision::Reject { reason } => Some(reason.clone()),
        Decision::Approve => None,
    };
    for d in &mut user.kyc.documents {
        d.status = doc_status;
    }
    if let Some(t) = user.technician.as_mut() {
        t.verified = status == KycStatus::Approved;
    }
    user.updated_at = at;
    let mut fields = vec![UserField::Kyc];
    if user.technician.is_some() {
        fields.push(UserField::TechnicianVerified);
    }
    let user = save_fields(store, &mut user, &fields, UserGuard::Live).await?;
    let after = json!({ "kyc": { "status": user.kyc.status }, "verified": verified(&user) });
    let mut entry = AuditEntry::new(
        Some(admin.id),
        actor_label(&actor),
        action,
        "user",
        Some(target),
        at,
    )
    .with_change(before, after);
    let told = match decision {
        Decision::Reject { reason } => {
            entry = entry.with_reason(reason.clone());
            Event::account(target, AccountChange::KycRejected, Some(reason))
        }
        Decision::Approve => Event::account(target, AccountChange::KycApproved, None),
    };
    audit(store, entry).await?;
    app.publish(told).await;
    Ok(user)
}

fn verified(u: &User) -> bool {
    u.technician.as_ref().is_some_and(|t| t.verified)
}
