//! Reports ([`ReportRepo`]): the row (target, reporter, reason, status) and its lists.

use async_trait::async_trait;
use rusqlite::types::Value;

use crate::domain::report::{Report, ReportStatus, ReportTarget};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::embedded::Embedded;
use crate::store::embedded::docs::{self, Filter, Plan, Table, id_val, text, ts_val};
use crate::store::{Page, PageRequest, ReportFilter, ReportRepo};

impl Table for Report {
    const COLUMNS: &'static [&'static str] = &[
        "target_kind",
        "target",
        "target_author",
        "reporter",
        "reason",
        "status",
        "created_at",
    ];

    fn columns(&self) -> Vec<Value> {
        vec![
            text(self.target_kind.as_str()),
            id_val(self.target),
            id_val(self.target_author),
            id_val(self.reporter),
            text(self.reason.as_str()),
            text(self.status.as_str()),
            ts_val(self.created_at),
        ]
    }
}

fn report_filter(f: &ReportFilter) -> Filter {
    let mut w = Filter::new();
    w.eq_opt("target_kind", f.target_kind.map(|k| text(k.as_str())));
    w.eq_opt("target", f.target.map(id_val));
    w.eq_opt("target_author", f.target_author.map(id_val));
    w.eq_opt("reporter", f.reporter.map(id_val));
    w.eq_opt("reason", f.reason.map(|r| text(r.as_str())));
    w.eq_opt("status", f.status.map(|s| text(s.as_str())));
    if let Some(since) = f.since {
        w.cond("created_at >= ?", [ts_val(since)]);
    }
    w
}

#[async_trait]
impl ReportRepo for Embedded {
    async fn list_reports(
        &self,
        filter: &ReportFilter,
        page: &PageRequest,
    ) -> Result<Page<Report>> {
        let plan = if filter.target.is_some() || filter.target_author.is_some() {
            Plan::Narrow
        } else {
            Plan::Broad
        };
        let (w, page) = (report_filter(filter), page.clone());
        self.read("list reports", move |c| docs::page_by_id(c, w, &page, plan))
            .await
    }

    async fn count_reports(&self, filter: &ReportFilter) -> Result<u64> {
        let w = report_filter(filter);
        self.read("count reports", move |c| docs::count(c, "reports", &w))
            .await
    }

    async fn close_reports(
        &self,
        kind: ReportTarget,
        target: Id,
        status: ReportStatus,
        by: Id,
        at: Timestamp,
    ) -> Result<u64> {
        let w = report_filter(&ReportFilter {
            target_kind: Some(kind),
            target: Some(target),
            status: Some(ReportStatus::Open),
            ..Default::default()
        });
        self.write("close reports", move |c| {
            docs::modify_where::<Report>(c, &w, |r| {
                r.status = status;
                r.resolved_by = Some(by);
                r.resolved_at = Some(at);
                true
            })
        })
        .await
    }
}
