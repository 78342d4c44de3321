//! The audit log: who did which privileged action (KYC decisions, dispute resolutions, post
//! removals, settlements, ...) to what, with before/after snapshots and the reason.

use serde::{Deserialize, Serialize};

use crate::domain::id::Id;
use crate::domain::time::Timestamp;

/// One audited action; written in the same transaction as the change it records (storage
/// document of `audit_log`, append-only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    #[serde(rename = "_id")]
    pub id: Id,
    /// The user who acted; `None` for the CLI or a background job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Id>,
    /// Human label of the actor, e.g. `cli:admin@baitech.co.ke` or the user's e-mail.
    pub actor_label: String,
    /// Dotted action name, e.g. `kyc.approve`, `dispute.resolve`, `post.remove`.
    pub action: String,
    /// Collection or kind of the target, e.g. `user`, `booking`, `post`.
    pub target_kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<Id>,
    /// Relevant part of the target before the action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<serde_json::Value>,
    /// Relevant part of the target after the action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub at: Timestamp,
}

impl AuditEntry {
    /// An entry without snapshots or reason; add them with the `with_*` methods.
    pub fn new(
        actor: Option<Id>,
        actor_label: impl Into<String>,
        action: impl Into<String>,
        target_kind: impl Into<String>,
        target_id: Option<Id>,
        at: Timestamp,
    ) -> Self {
        AuditEntry {
            id: Id::new(),
            actor,
            actor_label: actor_label.into(),
            action: action.into(),
            target_kind: target_kind.into(),
            target_id,
            before: None,
            after: None,
            reason: None,
            at,
        }
    }

    /// Sets the before and after snapshots.
    pub fn with_change(mut self, before: serde_json::Value, after: serde_json::Value) -> Self {
        self.before = Some(before);
        self.after = Some(after);
        self
    }

    /// Sets the reason given for the action.
    pub fn with_reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::assert_round_trips;

    #[test]
    fn a_full_entry_round_trips_through_json_and_bson() {
        let post = Id::from_parts(1_700_000_000, 2);
        let entry = AuditEntry::new(
            Some(Id::from_parts(1_700_000_000, 1)),
            "cli:admin@baitech.co.ke",
            "post.remove",
            "post",
            Some(post),
            Timestamp::from_millis(1_700_000_000_000),
        )
        .with_change(
            serde_json::json!({"moderation": {"status": "flagged"}}),
            serde_json::json!({"moderation": {"status": "removed"}}),
        )
        .with_reason("spam");
        assert_round_trips(&entry);
        let j = serde_json::to_value(&entry).unwrap();
        assert_eq!(j["actorLabel"], "cli:admin@baitech.co.ke");
        assert_eq!(j["targetId"], post.to_hex());
        assert_eq!(j["after"]["moderation"]["status"], "removed");
    }

    #[test]
    fn a_bare_entry_omits_its_empty_fields() {
        let entry = AuditEntry::new(
            None,
            "job:cleanup",
            "messages.purge",
            "message",
            None,
            Timestamp::from_millis(0),
        );
        let j = serde_json::to_value(&entry).unwrap();
        let keys: Vec<_> = j.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys.len(), 5, "{keys:?}");
    }
}
