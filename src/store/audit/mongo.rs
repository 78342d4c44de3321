//! The audit log on MongoDB: append-only.

use async_trait::async_trait;
use bson::doc;

use crate::domain::audit::AuditEntry;
use crate::error::Result;
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{and, oid};
use crate::store::mongo::documents::Order;
use crate::store::{AuditFilter, AuditRepo, Page, PageRequest};

#[async_trait]
impl AuditRepo for Mongo {
    async fn list_audit(
        &self,
        filter: &AuditFilter,
        page: &PageRequest,
    ) -> Result<Page<AuditEntry>> {
        let mut conditions = Vec::new();
        if let Some(actor) = filter.actor {
            conditions.push(doc! { "actor": oid(actor) });
        }
        if let Some(action) = &filter.action {
            conditions.push(doc! { "action": action.as_str() });
        }
        if let Some(kind) = &filter.target_kind {
            conditions.push(doc! { "targetKind": kind.as_str() });
        }
        if let Some(target) = filter.target_id {
            conditions.push(doc! { "targetId": oid(target) });
        }
        self.page(and(conditions), page, Order::IdDesc).await
    }
}
