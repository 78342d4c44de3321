//! `baitech export`: datasets streamed from the store in id order, in batches (constant memory
//! whatever the size), filtered to a half-open time range and the dataset's own filters, and
//! written as CSV, JSON or NDJSON with the columns asked for. Personal data is left out unless
//! asked for, and asking for it is audited.

mod cells;
mod datasets;
mod range;
mod report_rows;
mod reports;
mod write;

use std::io::Write;

use serde::Serialize;

use crate::app::App;
use crate::domain::audit::AuditEntry;
use crate::domain::enums::string_enum;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, FieldError, Result};

pub use self::cells::Cell;
pub use self::datasets::{ColumnInfo, DatasetInfo, catalog};
pub use self::range::{Range, parse_instant, parse_tz};
pub use self::reports::{GroupBy, Period, ReportName, ReportRequest, ReportTable, report};
pub use self::write::Format;

/// Documents read from the store per batch.
pub const BATCH: u32 = 500;

string_enum! {
    /// What can be exported.
    pub enum Dataset {
        Bookings = "bookings",
        Transactions = "transactions",
        Settlements = "settlements",
        Ledger = "ledger",
        Users = "users",
        Technicians = "technicians",
        Audit = "audit",
        Reviews = "reviews",
        Posts = "posts",
        /// Moderation decisions (approve, remove) on posts, comments and reviews, from the audit log.
        Moderation = "moderation",
    }
}

string_enum! {
    /// The dataset-specific filters.
    pub enum FilterKind {
        Status = "status",
        City = "city",
        Category = "category",
        Technician = "technician",
    }
}

/// The dataset-specific filters given; each dataset takes some of them (see [`catalog`]).
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub status: Option<String>,
    /// Compared case-insensitively.
    pub city: Option<String>,
    pub category: Option<String>,
    pub technician: Option<Id>,
}

impl Filters {
    fn given(&self) -> Vec<FilterKind> {
        let mut out = Vec::new();
        if self.status.is_some() {
            out.push(FilterKind::Status);
        }
        if self.city.is_some() {
            out.push(FilterKind::City);
        }
        if self.category.is_some() {
            out.push(FilterKind::Category);
        }
        if self.technician.is_some() {
            out.push(FilterKind::Technician);
        }
        out
    }

    pub(crate) fn city_is(&self, city: Option<&str>) -> bool {
        match (&self.city, city) {
            (None, _) => true,
            (Some(want), Some(have)) => want.trim().eq_ignore_ascii_case(have.trim()),
            (Some(_), None) => false,
        }
    }

    pub(crate) fn status_is(&self, status: &str) -> bool {
        self.status.as_deref().is_none_or(|s| s == status)
    }
}

/// One export as asked for.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub dataset: Dataset,
    pub range: Range,
    pub filters: Filters,
    /// Columns in output order; `None` = every column the PII choice allows.
    pub columns: Option<Vec<String>>,
    pub include_pii: bool,
    pub format: Format,
}

/// An export checked against its dataset: the columns resolved, ready to run.
#[derive(Debug, Clone)]
pub struct Plan {
    pub request: ExportRequest,
    /// Indexes into the dataset's columns, in output order.
    columns: Vec<usize>,
    names: Vec<&'static str>,
}

impl Plan {
    /// The header of the output, in order.
    pub fn columns(&self) -> &[&'static str] {
        &self.names
    }
}

/// Checks `request` against its dataset: known columns (PII ones only with `include_pii`),
/// filters the dataset takes. Every problem is named at once.
pub fn plan(request: ExportRequest) -> Result<Plan> {
    let info = datasets::info(request.dataset);
    let mut problems = Vec::new();
    for f in request.filters.given() {
        if !info.filters.contains(&f) {
            let takes = if info.filters.is_empty() {
                "none".to_string()
            } else {
                info.filters
                    .iter()
                    .map(|f| format!("--{f}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            problems.push(FieldError::new(
                format!("--{f}"),
                format!(
                    "is not a filter of {} (its filters: {takes})",
                    request.dataset
                ),
            ));
        }
    }
    let columns: Vec<usize> = match &request.columns {
        None => (0..info.columns.len())
            .filter(|&i| request.include_pii || !info.columns[i].pii)
            .collect(),
        Some(asked) => {
            let mut out = Vec::new();
            for name in asked {
                match info.columns.iter().position(|c| c.name == name) {
                    None => problems.push(FieldError::new(
                        "--columns",
                        format!(
                            "{name:?} is not a column of {}; its columns are {}",
                            request.dataset,
                            info.columns
                                .iter()
                                .map(|c| c.name)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )),
                    Some(i) if info.columns[i].pii && !request.include_pii => {
                        problems.push(FieldError::new(
                            "--columns",
                            format!("{name:?} is personal data: add --include-pii to export it"),
                        ))
                    }
                    Some(i) if out.contains(&i) => problems.push(FieldError::new(
                        "--columns",
                        format!("{name:?} is asked for twice"),
                    )),
                    Some(i) => out.push(i),
                }
            }
            if asked.is_empty() {
                problems.push(FieldError::new("--columns", "names no column"));
            }
            out
        }
    };
    if let Some(r) = request.range.problem() {
        problems.push(r);
    }
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }
    let names = columns.iter().map(|&i| info.columns[i].name).collect();
    Ok(Plan {
        request,
        columns,
        names,
    })
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportSummary {
    pub dataset: Dataset,
    pub rows: u64,
    /// Documents read from the store (rows come from those in range and filter).
    pub scanned: u64,
    pub columns: Vec<&'static str>,
}

/// Who runs an export, for the audit entry that an export with personal data writes.
#[derive(Debug, Clone)]
pub struct Operator {
    pub id: Option<Id>,
    pub label: String,
}

/// Runs `plan`, writing to `out`; `progress(rows_so_far)` is called after every batch. The
/// audit entry of a PII export is written before any row, so no personal data leaves unaudited.
pub async fn run(
    app: &App,
    plan: &Plan,
    operator: &Operator,
    out: &mut (dyn Write + Send),
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<ExportSummary> {
    let req = &plan.request;
    if req.include_pii {
        audit_pii(app, plan, operator).await?;
    }
    let mut sink = write::Sink::new(out, req.format, req.range.tz, &plan.names)?;
    let scanned = datasets::stream(app, plan, &plan.columns, &mut sink, progress).await?;
    let rows = sink.finish()?;
    Ok(ExportSummary {
        dataset: req.dataset,
        rows,
        scanned,
        columns: plan.names.clone(),
    })
}

async fn audit_pii(app: &App, plan: &Plan, operator: &Operator) -> Result<()> {
    let req = &plan.request;
    let entry = AuditEntry::new(
        operator.id,
        operator.label.clone(),
        "export.pii",
        "export",
        None,
        Timestamp::now(),
    )
    .with_change(
        serde_json::Value::Null,
        serde_json::json!({
            "dataset": req.dataset,
            "from": req.range.from.map(|t| t.to_rfc3339()),
            "to": req.range.to.map(|t| t.to_rfc3339()),
            "columns": plan.names,
            "format": req.format.as_str(),
        }),
    )
    .with_reason(format!("export of {} with personal data", req.dataset));
    crate::services::users::audit(&app.store, entry).await
}
