//! The audit log ([`AuditRepo`]): append-only, listed newest first by actor, action or target.

use async_trait::async_trait;
use rusqlite::types::Value;

use crate::domain::audit::AuditEntry;
use crate::error::Result;
use crate::store::embedded::Embedded;
use crate::store::embedded::docs::{self, Filter, Plan, Table, id_val, opt_id, text, ts_val};
use crate::store::{AuditFilter, AuditRepo, Page, PageRequest};

impl Table for AuditEntry {
    const COLUMNS: &'static [&'static str] = &["actor", "action", "target_kind", "target_id", "at"];

    fn columns(&self) -> Vec<Value> {
        vec![
            opt_id(self.actor),
            text(self.action.as_str()),
            text(self.target_kind.as_str()),
            opt_id(self.target_id),
            ts_val(self.at),
        ]
    }
}

#[async_trait]
impl AuditRepo for Embedded {
    async fn list_audit(
        &self,
        filter: &AuditFilter,
        page: &PageRequest,
    ) -> Result<Page<AuditEntry>> {
        let mut w = Filter::new();
        w.eq_opt("actor", filter.actor.map(id_val));
        w.eq_opt("action", filter.action.as_deref().map(text));
        w.eq_opt("target_kind", filter.target_kind.as_deref().map(text));
        w.eq_opt("target_id", filter.target_id.map(id_val));
        let plan = match (filter.actor, filter.target_id) {
            (None, None) => Plan::Broad,
            _ => Plan::Narrow,
        };
        let page = page.clone();
        self.read("list audit entries", move |c| {
            docs::page_by_id(c, w, &page, plan)
        })
        .await
    }
}
