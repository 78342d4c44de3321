//! Reports on MongoDB: filtered lists, counts, and closing a target's open reports.

use async_trait::async_trait;
use bson::{Document, doc};

use crate::domain::report::{Report, ReportStatus, ReportTarget};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{Stored, and, date, oid};
use crate::store::mongo::documents::Order;
use crate::store::{Page, PageRequest, ReportFilter, ReportRepo};

fn report_filter(f: &ReportFilter) -> Document {
    let mut c = Vec::new();
    if let Some(k) = f.target_kind {
        c.push(doc! { "targetKind": k.as_str() });
    }
    if let Some(t) = f.target {
        c.push(doc! { "target": oid(t) });
    }
    if let Some(a) = f.target_author {
        c.push(doc! { "targetAuthor": oid(a) });
    }
    if let Some(r) = f.reporter {
        c.push(doc! { "reporter": oid(r) });
    }
    if let Some(r) = f.reason {
        c.push(doc! { "reason": r.as_str() });
    }
    if let Some(s) = f.status {
        c.push(doc! { "status": s.as_str() });
    }
    if let Some(since) = f.since {
        c.push(doc! { "createdAt": { "$gte": date(since) } });
    }
    and(c)
}

#[async_trait]
impl ReportRepo for Mongo {
    async fn list_reports(
        &self,
        filter: &ReportFilter,
        page: &PageRequest,
    ) -> Result<Page<Report>> {
        self.page(report_filter(filter), page, Order::IdDesc).await
    }

    async fn count_reports(&self, filter: &ReportFilter) -> Result<u64> {
        self.count(Report::SPEC.name, report_filter(filter)).await
    }

    async fn close_reports(
        &self,
        kind: ReportTarget,
        target: Id,
        status: ReportStatus,
        by: Id,
        at: Timestamp,
    ) -> Result<u64> {
        let filter = report_filter(&ReportFilter {
            target_kind: Some(kind),
            target: Some(target),
            status: Some(ReportStatus::Open),
            ..Default::default()
        });
        let update = doc! { "$set": {
            "status": status.as_str(),
            "resolvedBy": oid(by),
            "resolvedAt": date(at),
        } };
        self.update_many_in(Report::SPEC.name, filter, update, "closing reports")
            .await
    }
}
