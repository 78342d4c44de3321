//! `baitech settlements`: the money side for operators. `list` and `batches` show transactions
//! and payout batches as a table, CSV or JSON; `reconcile` proves the books balance (exit 1
//! when they do not); `payout` pays technicians what they are owed — a dry run unless
//! `--execute`, and resumable when a run was interrupted (see [`payout`]).

mod payout;

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
use clap::{Args, Subcommand};
use serde::Serialize;

use crate::kit::{Format, Output, major, money_or_dash, opt, when, write_csv};

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

pub async fn run(args: SettlementsArgs, config: Config, out: &Output) -> Result<i32, Error> {
    let app = App::connect(config).await?;
    match args.command {
        SettlementsCommand::List(a) => list(a, &app, out).await,
        SettlementsCommand::Batches(a) => batches(a, &app, out).await,
        SettlementsCommand::Reconcile(a) => reconciliation(a, &app, out).await,
        SettlementsCommand::Payout(a) => payout::run(a, &app, out).await,
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

async fn reconciliation(args: ReconcileArgs, app: &App, out: &Output) -> Result<i32, Error> {
    let opts = reconcile::Options {
        now: Timestamp::now(),
        escrow_grace: chrono::Duration::hours(i64::from(args.escrow_grace_hours)),
    };
    let bar = out.progress(0, "ledger lines");
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
