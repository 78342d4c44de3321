//! User reports of posts, comments and reviews: the collection spec, the repository trait
//! (only its own queries; filing one is the generic insert, whose unique constraint allows
//! one report per reporter per target), its filter, and the two implementations,
//! `embedded.rs` and `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use async_trait::async_trait;

use crate::domain::report::{Report, ReportReason, ReportStatus, ReportTarget};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::spec::IndexKey::{Asc, Desc};
use crate::store::spec::Scope::All;
use crate::store::spec::{CollectionSpec, IndexSpec, unique};
use crate::store::{Collection, Page, PageRequest};

/// Reports; `insert` files one (`Conflict` "already reported" on a second by the same user).
#[async_trait]
pub trait ReportRepo: Collection<Report> {
    /// Newest first, continued by an id cursor.
    async fn list_reports(&self, filter: &ReportFilter, page: &PageRequest)
    -> Result<Page<Report>>;
    /// How many reports match.
    async fn count_reports(&self, filter: &ReportFilter) -> Result<u64>;
    /// Closes every open report of one target with `status` (resolved or dismissed), by
    /// `by` at `at`; how many it closed.
    async fn close_reports(
        &self,
        kind: ReportTarget,
        target: Id,
        status: ReportStatus,
        by: Id,
        at: Timestamp,
    ) -> Result<u64>;
}

/// Conditions of a report list; every field narrows it.
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    pub target_kind: Option<ReportTarget>,
    pub target: Option<Id>,
    pub target_author: Option<Id>,
    pub reporter: Option<Id>,
    pub reason: Option<ReportReason>,
    pub status: Option<ReportStatus>,
    /// Filed at or after this.
    pub since: Option<Timestamp>,
}

/// Reports: one per (target kind, target, reporter); listed per target, per status, newest
/// first.
pub const REPORTS: CollectionSpec = CollectionSpec {
    name: "reports",
    noun: "report",
    uniques: &[unique(
        "reports_target_reporter_unique",
        &["targetKind", "target", "reporter"],
        All,
        "already reported",
    )],
    indexes: &[
        IndexSpec::new(
            "reports_target_id",
            &[Asc("targetKind"), Asc("target"), Desc("_id")],
        ),
        IndexSpec::new("reports_status_id", &[Asc("status"), Desc("_id")]),
        IndexSpec::new(
            "reports_target_author_id",
            &[Asc("targetAuthor"), Desc("_id")],
        ),
    ],
    text: &[],
};
