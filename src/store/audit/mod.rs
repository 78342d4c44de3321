//! The audit log of admin actions: the collection spec, the repository trait (only its own queries;
//! the generic ones come from [`Collection`]), its filters, and the two implementations,
//! `embedded.rs` and `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use crate::domain::Id;
use crate::domain::audit::AuditEntry;
use crate::error::Result;
use crate::store::spec::IndexKey::{Asc, Desc};
use crate::store::spec::{CollectionSpec, IndexSpec};
use crate::store::{Collection, Page, PageRequest};
use async_trait::async_trait;

/// Append-only audit log of admin actions.
#[async_trait]
pub trait AuditRepo: Collection<AuditEntry> {
    /// Newest first, filtered.
    async fn list_audit(
        &self,
        filter: &AuditFilter,
        page: &PageRequest,
    ) -> Result<Page<AuditEntry>>;
}

/// The audit log: by actor, by target, by action, newest first.
pub const AUDIT_LOG: CollectionSpec = CollectionSpec {
    name: "audit_log",
    noun: "audit entry",
    uniques: &[],
    indexes: &[
        IndexSpec::new("audit_log_actor_id", &[Asc("actor"), Desc("_id")]),
        IndexSpec::new(
            "audit_log_target_id",
            &[Asc("targetKind"), Asc("targetId"), Desc("_id")],
        ),
        IndexSpec::new("audit_log_action_id", &[Asc("action"), Desc("_id")]),
    ],
    text: &[],
};

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<Id>,
    pub action: Option<String>,
    pub target_kind: Option<String>,
    pub target_id: Option<Id>,
}
