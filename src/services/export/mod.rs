//! `baitech export`: datasets streamed from the store in id order, in batches (constant memory
//! whatever the size), filtered to a half-open time range and the dataset's own filters, and
//! written as CSV, JSON or NDJSON with the columns asked for. Personal data is left out unless
//! asked for, and asking for it is audited.

mod cells;
mod datasets;
mod periods;
mod range;
mod report_rows;
mod reports;
mod request;
mod write;

use std::io::Write;

use serde::Serialize;

use crate::app::App;
use crate::domain::audit::AuditEntry;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, FieldError, Result};

pub use self::cells::Cell;
pub use self::datasets::{ColumnInfo, DatasetInfo, catalog};
pub use self::periods::{GroupBy, Period};
pub use self::range::{Range, parse_instant, parse_tz};
pub use self::reports::{ReportName, ReportRequest, ReportTable, report};
pub use self::request::{BATCH, Dataset, ExportRequest, FilterKind, Filters, Plan};
pub use self::write::Format;

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
