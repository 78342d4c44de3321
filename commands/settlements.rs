//! `baitech settlements`: the money side for operators. `list` and `batches` show transactions
//! and payout batches as a table, CSV or JSON; `reconcile` proves the books balance (exit 1
//! when they do not); `payout` pays technicians what they are owed — a dry run unless
//! `--execute`, and resumable when a run was interrupted (see [`payout`]).
//!
//! The small helpers at the end (KES amounts in major units, confirmation prompts, progress
//! bars that `-q` hides) are shared with `disputes`.

mod payout;

use std::io::IsTerminal;

use baitech::app::App;
use baitech::config::Config;
use baitech::domain::ledger::{PayoutItemStatus, Settlement, SettlementStatus};
use baitech::domain::transaction::{Gateway, Transaction, TransactionStatus, TransactionType};
use baitech::domain::{Id, Money, Timestamp};
use baitech::error::{Error, exit};
use baitech::services::payments::{queries, reconcile, settlements};
use baitech::store::page::Cursor;
use baitech::store::{Page, PageRequest, SettlementFilter, TransactionFilter};
use clap::builder::PossibleValuesParser;
use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use crate::output::Output;

#[derive(Debug, Args)]
pub struct SettlementsArgs {
    #[command(subcommand)]
    pub command: SettlementsCommand,
}

#[derive(Debug, Subcommand)]
pub enum SettlementsCommand {
    /// Transactions, newest first, filtered.
    List(ListArgs),
    /// Payout batches, newest first.
    Batches(BatchesArgs),
    /// Check that the books balance; exits 1 when anything does not add up.
    Reconcile(ReconcileArgs),
    /// Pay technicians what they are owed over M-Pesa (a dry run unless --execute).
    Payout(payout::PayoutArgs),
}

/// How a list is printed (`--json` means `json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

impl Format {
    fn resolve(self, out: &Output) -> Format {
        if out.json { Format::Json } else { self }
    }
}

fn possible(values: impl IntoIterator<Item = &'static str>) -> PossibleValuesParser {
    PossibleValuesParser::new(values)
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only these statuses (comma-separated).
    #[arg(long, value_name = "STATUS,...", value_delimiter = ',',
          value_parser = possible(TransactionStatus::ALL.iter().map(|s| s.as_str())))]
    pub status: Vec<String>,
    /// Only this type.
    #[arg(long = "type", value_name = "TYPE",
          value_parser = possible(TransactionType::ALL.iter().map(|s| s.as_str())))]
    pub kind: Option<String>,
    /// Only this gateway.
    #[arg(long, value_name = "GATEWAY",
          value_parser = possible(Gateway::ALL.iter().map(|s| s.as_str())))]
    pub gateway: Option<String>,
    /// Only transactions this user paid (user id).
    #[arg(long, value_name = "ID")]
    pub user: Option<String>,
    /// Only this booking's transactions (booking id).
    #[arg(long, value_name = "ID")]
    pub booking: Option<String>,
    /// Created at or after this time (RFC 3339).
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,
    /// Created at or before this time (RFC 3339).
    #[arg(long, value_name = "TIME")]
    pub to: Option<String>,
    /// At most this many transactions (the store is read page by page).
    #[arg(long, default_value_t = 50, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
    /// Output format (`--json` means json).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct BatchesArgs {
    /// Only these statuses (comma-separated).
    #[arg(long, value_name = "STATUS,...", value_delimiter = ',',
          value_parser = possible(SettlementStatus::ALL.iter().map(|s| s.as_str())))]
    pub status: Vec<String>,
    /// At most this many batches.
    #[arg(long, default_value_t = 50, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
    /// Output format (`--json` means json).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ReconcileArgs {
    /// Report escrow held this many hours past its release time.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub escrow_grace_hours: u32,
}

pub async fn run(
    args: SettlementsArgs,
    config: Config,
    out: &Output,
    quiet: bool,
) -> Result<i32, Error> {
    let app = App::connect(config).await?;
    match args.command {
        SettlementsCommand::List(a) => list(a, &app, out).await,
        SettlementsCommand::Batches(a) => batches(a, &app, out).await,
        SettlementsCommand::Reconcile(a) => reconciliation(a, &app, out, quiet).await,
        SettlementsCommand::Payout(a) => payout::run(a, &app, out, quiet).await,
    }
}

// --- list ------------------------------------------------------------------------------------

/// A transaction as `settlements list` prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct TransactionRow {
    id: Id,
    receipt_number: String,
    created_at: Timestamp,
    #[serde(rename = "type")]
    kind: TransactionType,
    status: TransactionStatus,
    gateway: Gateway,
    amount: Money,
    refunded_amount: Money,
    payer: Id,
    payee: Option<Id>,
    booking: Option<Id>,
    settlement: Option<Id>,
    description: Option<String>,
}

impl From<Transaction> for TransactionRow {
    fn from(t: Transaction) -> Self {
        TransactionRow {
            id: t.id,
            receipt_number: t.receipt_number,
            created_at: t.created_at,
            kind: t.kind,
            status: t.status,
            gateway: t.gateway,
            amount: t.amount,
            refunded_amount: t.refunded_amount,
            payer: t.payer,
            payee: t.payee,
            booking: t.booking,
            settlement: t.settlement,
            description: t.description,
        }
    }
}

/// Reads pages through `fetch` until `limit` items or the end.
async fn collect<T, F, Fut>(limit: u32, fetch: F) -> Result<Vec<T>, Error>
where
    F: Fn(PageRequest) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    let limit = limit as usize;
    let mut out = Vec::new();
    let mut req = PageRequest::first(limit as u32);
    loop {
        let page = fetch(req).await?;
        out.extend(page.items);
        let left = limit.saturating_sub(out.len());
        match page.next_cursor {
            Some(c) if page.has_more && left > 0 => {
                req = PageRequest::after(left as u32, Cursor::decode(&c)?);
            }
            _ => break,
        }
    }
    out.truncate(limit);
    Ok(out)
}

async fn list(args: ListArgs, app: &App, out: &Output) -> Result<i32, Error> {
    let q = queries::ListQuery {
        status: (!args.status.is_empty()).then(|| args.status.join(",")),
        kind: args.kind,
        gateway: args.gateway,
        user: args.user,
        booking: args.booking,
        from: args.from,
        to: args.to,
        ..Default::default()
    };
    let filter: TransactionFilter = queries::filter(&q)?;
    let rows: Vec<TransactionRow> = collect(args.limit, |req| {
        let filter = &filter;
        async move { app.store.transactions.list_transactions(filter, &req).await }
    })
    .await?
    .into_iter()
    .map(TransactionRow::from)
    .collect();
    match args.format.resolve(out) {
        Format::Json => out.json(&rows),
        Format::Csv => {
            let header = [
                "id",
                "receipt_number",
                "created_at",
                "type",
                "status",
                "gateway",
                "amount",
                "refunded",
                "currency",
                "payer",
                "payee",
                "booking",
                "settlement",
                "description",
            ];
            let records = rows.iter().map(|r| {
                vec![
                    r.id.to_string(),
                    r.receipt_number.clone(),
                    r.created_at.to_string(),
                    r.kind.to_string(),
                    r.status.to_string(),
                    r.gateway.to_string(),
                    major(r.amount),
                    major(r.refunded_amount),
                    r.amount.currency.code().to_string(),
                    r.payer.to_string(),
                    opt(r.payee),
                    opt(r.booking),
                    opt(r.settlement),
                    r.description.clone().unwrap_or_default(),
                ]
            });
            write_csv(&header, records)?;
        }
        Format::Table => {
            let table = rows
                .iter()
                .map(|r| {
                    vec![
                        when(r.created_at),
                        r.receipt_number.clone(),
                        r.kind.to_string(),
                        r.status.to_string(),
                        r.gateway.to_string(),
                        r.amount.to_string(),
                        money_or_dash(r.refunded_amount),
                        r.payer.to_string(),
                        opt(r.booking),
                    ]
                })
                .collect();
            out.table(
                &[
                    "created", "receipt", "type", "status", "gateway", "amount", "refunded",
                    "payer", "booking",
                ],
                table,
            );
            out.say(format!("{} transaction(s)", rows.len()));
        }
    }
    Ok(exit::OK)
}

// --- batches ---------------------------------------------------------------------------------

/// A payout batch as `settlements batches` prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct BatchRow {
    id: Id,
    reference: String,
    status: SettlementStatus,
    created_at: Timestamp,
    updated_at: Timestamp,
    items: usize,
    paid: usize,
    failed: usize,
    pending: usize,
    total: Money,
    created_by: Option<Id>,
}

impl From<&Settlement> for BatchRow {
    fn from(s: &Settlement) -> Self {
        let count = |st| s.items.iter().filter(|i| i.status == st).count();
        BatchRow {
            id: s.id,
            reference: s.reference.clone(),
            status: s.status,
            created_at: s.created_at,
            updated_at: s.updated_at,
            items: s.items.len(),
            paid: count(PayoutItemStatus::Paid),
            failed: count(PayoutItemStatus::Failed),
            pending: count(PayoutItemStatus::Pending),
            total: s.total,
            created_by: s.created_by,
        }
    }
}

async fn batches(args: BatchesArgs, app: &App, out: &Output) -> Result<i32, Error> {
    let filter = SettlementFilter {
        statuses: args
            .status
            .iter()
            .filter_map(|s| SettlementStatus::parse(s))
            .collect(),
    };
    let found = collect(args.limit, |req| {
        let filter = &filter;
        async move { settlements::list(app, filter, &req).await }
    })
    .await?;
    let rows: Vec<BatchRow> = found.iter().map(BatchRow::from).collect();
    let fields = |r: &BatchRow, created: String, total: String| {
        vec![
            r.reference.clone(),
            r.id.to_string(),
            r.status.to_string(),
            created,
            r.items.to_string(),
            r.paid.to_string(),
            r.failed.to_string(),
            r.pending.to_string(),
            total,
        ]
    };
    match args.format.resolve(out) {
        Format::Json => out.json(&rows),
        Format::Csv => write_csv(
            &[
                "reference",
                "id",
                "status",
                "created_at",
                "items",
                "paid",
                "failed",
                "pending",
                "total",
                "currency",
            ],
            rows.iter().map(|r| {
                let mut f = fields(r, r.created_at.to_string(), major(r.total));
                f.push(r.total.currency.code().to_string());
                f
            }),
        )?,
        Format::Table => {
            out.table(
                &[
                    "reference",
                    "id",
                    "status",
                    "created",
                    "items",
                    "paid",
                    "failed",
                    "pending",
                    "total",
                ],
                rows.iter()
                    .map(|r| fields(r, when(r.created_at), r.total.to_string()))
                    .collect(),
            );
            out.say(format!("{} batch(es)", rows.len()));
        }
    }
    Ok(exit::OK)
}

// --- reconcile -------------------------------------------------------------------------------

async fn reconciliation(
    args: ReconcileArgs,
    app: &App,
    out: &Output,
    quiet: bool,
) -> Result<i32, Error> {
    let opts = reconcile::Options {
        now: Timestamp::now(),
        escrow_grace: chrono::Duration::hours(i64::from(args.escrow_grace_hours)),
    };
    let bar = progress(out, quiet, 0, "ledger lines");
    let report = reconcile::run(app, opts, |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .await;
    bar.finish_and_clear();
    let report = report?;
    let code = if report.balanced() {
        exit::OK
    } else {
        exit::FAILURE
    };
    if out.json {
        out.json(&report);
        return Ok(code);
    }
    let mut summary = vec![
        vec!["ledger lines".to_string(), report.lines.to_string()],
        vec!["entries".to_string(), report.entries.to_string()],
        vec!["transactions".to_string(), report.transactions.to_string()],
        vec!["accounts".to_string(), report.accounts.to_string()],
        vec!["gateway events".to_string(), report.events.to_string()],
    ];
    for (currency, sum) in &report.totals {
        summary.push(vec![
            format!("ledger total {}", currency.code()),
            Money::new(*sum, *currency).to_string(),
        ]);
    }
    out.table(&["checked", "count"], summary);
    if report.balanced() {
        out.say("the books balance: no discrepancies");
    } else {
        let rows = report
            .discrepancies
            .iter()
            .map(|d| vec![d.kind.to_string(), d.subject.clone(), d.detail.clone()])
            .collect();
        out.table(&["kind", "subject", "detail"], rows);
        out.say(format!("{} discrepancies", report.discrepancies.len()));
    }
    Ok(code)
}

// --- shared with `disputes` ------------------------------------------------------------------

/// `amount` in major units without the currency, e.g. `1500.50` (what CSV columns hold).
pub(crate) fn major(m: Money) -> String {
    let per = m.currency.minor_per_major();
    let sign = if m.amount < 0 { "-" } else { "" };
    let abs = m.amount.unsigned_abs();
    if per == 1 {
        format!("{sign}{abs}")
    } else {
        let per = per.unsigned_abs();
        format!("{sign}{}.{:02}", abs / per, abs % per)
    }
}

/// Parses a KES amount in shillings: `500`, `500.5`, `1,500.50` (at most two decimals).
pub(crate) fn parse_kes(s: &str) -> Result<Money, String> {
    let bad = || format!("{s:?} is not an amount in KES (e.g. 500 or 1500.50)");
    let clean: String = s.trim().trim_start_matches("KES").trim().replace(',', "");
    let (whole, cents) = match clean.split_once('.') {
        Some((w, c)) if (1..=2).contains(&c.len()) => (w, format!("{c:0<2}")),
        Some(_) => return Err(bad()),
        None => (clean.as_str(), "00".to_string()),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(&cents) {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let cents: i64 = cents.parse().map_err(|_| bad())?;
    whole
        .checked_mul(100)
        .and_then(|m| m.checked_add(cents))
        .map(Money::kes)
        .ok_or_else(bad)
}

/// Whether a person can answer prompts: stdin and stderr (where prompts are drawn) are terminals.
pub(crate) fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Asks `question` (default no) unless `yes`; without a terminal, a usage error saying to pass
/// `--yes`.
pub(crate) fn confirm(question: &str, yes: bool) -> Result<bool, Error> {
    if yes {
        return Ok(true);
    }
    if !interactive() {
        return Err(Error::BadRequest(format!(
            "{question} — cannot ask without a terminal: pass --yes to go ahead"
        )));
    }
    dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact()
        .map_err(|e| Error::internal("reading the confirmation", e))
}

/// A progress bar that `--json`, `-q` and a stderr that is not a terminal all hide.
pub(crate) fn progress(out: &Output, quiet: bool, len: u64, what: &str) -> indicatif::ProgressBar {
    let bar = out.progress(len, what);
    if quiet {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar
}

/// Writes a CSV document with a header row to stdout.
pub(crate) fn write_csv<R, I>(header: &[&str], records: R) -> Result<(), Error>
where
    R: IntoIterator<Item = I>,
    I: IntoIterator<Item = String>,
{
    let fail = |e: csv::Error| Error::internal("writing CSV", e);
    let mut w = csv::Writer::from_writer(std::io::stdout().lock());
    w.write_record(header).map_err(fail)?;
    for r in records {
        w.write_record(r).map_err(fail)?;
    }
    w.flush().map_err(|e| Error::internal("writing CSV", e))
}

/// A time for tables: minutes, UTC.
pub(crate) fn when(t: Timestamp) -> String {
    t.datetime().format("%Y-%m-%d %H:%M").to_string()
}

pub(crate) fn opt(id: Option<Id>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}

fn money_or_dash(m: Money) -> String {
    if m.amount == 0 {
        "-".into()
    } else {
        m.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kes_amounts_parse_in_shillings_with_up_to_two_decimals() {
        assert_eq!(parse_kes("500"), Ok(Money::kes(50_000)));
        assert_eq!(parse_kes("500.5"), Ok(Money::kes(50_050)));
        assert_eq!(parse_kes("KES 1,500.05"), Ok(Money::kes(150_005)));
        assert_eq!(parse_kes("0.01"), Ok(Money::kes(1)));
        for bad in ["", "-5", "5.123", "1e3", "abc", ".5", "5."] {
            assert!(parse_kes(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn major_units_keep_the_sign_and_two_decimals() {
        assert_eq!(major(Money::kes(150_050)), "1500.50");
        assert_eq!(major(Money::kes(-5)), "-0.05");
        assert_eq!(
            major(Money::new(2_500, baitech::domain::Currency::Ugx)),
            "2500"
        );
    }
}
