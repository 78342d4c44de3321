//! `baitech export report NAME`: the operators' reports — revenue by day, week or month (and
//! city, category or gateway), technicians, the bookings funnel and disputes — as rows of
//! [`Cell`]s, printed as a table or written in an export format.
//!
//! The store reduces the documents ([`crate::store::AnalyticsRepo`]); this module turns its
//! facts into rows: calendar buckets in the report's time zone, rates, averages and medians.
//! Money comes from the ledger, so the revenue totals are the balances `settlements
//! reconcile` checks: all-time platform fees are the credit of `platform:revenue`, VAT that of
//! `platform:tax`, and a technician's outstanding payable is their `payable:` account.

use std::io::Write;

use chrono_tz::Tz;

use super::cells::Cell;
use super::periods::{GroupBy, Period};
use super::range::Range;
use super::report_rows;
use super::write::{Format, Sink};
use crate::app::App;
use crate::domain::enums::string_enum;
use crate::error::{Error, FieldError, Result};
use crate::store::{RevenueGroup, Span};

string_enum! {
    /// The reports there are.
    pub enum ReportName {
        Revenue = "revenue",
        Technicians = "technicians",
        Bookings = "bookings",
        Disputes = "disputes",
    }
}

/// One report as asked for.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    pub name: ReportName,
    /// What the range selects: ledger postings (revenue, earnings), booking creation
    /// (technicians' jobs, the funnel) or dispute opening (disputes).
    pub range: Range,
    /// Revenue only.
    pub by: Option<Period>,
    /// Revenue only.
    pub group: Option<GroupBy>,
}

/// A report's rows; column names are the stable CSV headers.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportTable {
    pub name: ReportName,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
    pub tz: Tz,
}

impl ReportTable {
    /// Writes the rows in `format` (CSV money in major units, JSON in minor units); returns
    /// how many were written.
    pub fn write(&self, out: &mut (dyn Write + Send), format: Format) -> Result<u64> {
        let mut sink = Sink::new(out, format, self.tz, &self.columns)?;
        for r in &self.rows {
            sink.row(r)?;
        }
        sink.finish()
    }

    /// The rows as text, the way CSV writes them (for a table on a terminal).
    pub fn text_rows(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|r| r.iter().map(|c| c.csv(self.tz)).collect())
            .collect()
    }
}

/// Checks `req` (flags that only revenue takes, the range); every problem at once.
fn check(req: &ReportRequest) -> Result<()> {
    let mut problems = Vec::new();
    if req.name != ReportName::Revenue {
        if req.by.is_some() {
            problems.push(FieldError::new(
                "--by",
                "only the revenue report is by period",
            ));
        }
        if req.group.is_some() {
            problems.push(FieldError::new(
                "--group",
                "only the revenue report is grouped",
            ));
        }
    }
    if let Some(p) = req.range.problem() {
        problems.push(p);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(problems))
    }
}

/// Runs report `req`.
pub async fn report(app: &App, req: &ReportRequest) -> Result<ReportTable> {
    check(req)?;
    let span = Span {
        from: req.range.from,
        to: req.range.to,
    };
    let tz = req.range.tz;
    let (columns, rows) = match req.name {
        ReportName::Revenue => {
            let by = req.by.unwrap_or_default();
            let group = match req.group {
                None => RevenueGroup::None,
                Some(GroupBy::City) => RevenueGroup::City,
                Some(GroupBy::Category) => RevenueGroup::Category,
                Some(GroupBy::Gateway) => RevenueGroup::Gateway,
            };
            let slots = app.store.analytics.revenue_slots(span, group).await?;
            report_rows::revenue(&slots, by, req.group, tz)
        }
        ReportName::Technicians => report_rows::technicians(app, span).await?,
        ReportName::Bookings => {
            report_rows::bookings(&app.store.analytics.booking_funnel(span).await?)
        }
        ReportName::Disputes => {
            report_rows::disputes(&app.store.analytics.dispute_outcomes(span).await?)
        }
    };
    Ok(ReportTable {
        name: req.name,
        columns,
        rows,
        tz,
    })
}

#[cfg(test)]
mod tests {
    use crate::services::export::reports::*;

    #[test]
    fn flags_only_revenue_takes_are_refused_elsewhere() {
        let req = ReportRequest {
            name: ReportName::Disputes,
            range: Range::default(),
            by: Some(Period::Week),
            group: Some(GroupBy::City),
        };
        let Err(Error::Validation(p)) = check(&req) else {
            panic!("accepted")
        };
        assert_eq!(p.len(), 2);
    }
}
