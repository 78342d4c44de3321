//! `baitech settlements payout`: pays technicians their payable balance over M-Pesa B2C.
//!
//! A dry run by default: it shows the plan (and the technicians who owe the platform) and pays
//! nothing. With `--execute` (and a confirmation, or `--yes`) it stores the plan as a batch
//! and runs it item by item. A batch left unfinished — a crash, Ctrl-C, the gateway
//! unreachable — is resumed by the next run instead of planning a new one.

use std::collections::HashMap;

use baitech::app::App;
use baitech::domain::ledger::{PayoutItemStatus, Settlement, SettlementStatus};
use baitech::domain::{Id, Money};
use baitech::error::{Error, exit};
use baitech::services::payments::settlements::{self, Plan};
use baitech::services::users::admin::acting_admin;
use clap::Args;
use serde::Serialize;

use crate::kit::{Output, confirm, parse_kes};

#[derive(Debug, Args)]
pub struct PayoutArgs {
    /// Pay only technicians owed at least this much (KES, e.g. 100 or 250.50).
    #[arg(long, default_value = "100", value_name = "KES", value_parser = parse_kes)]
    pub min_amount: Money,
    /// Pay for real; without it nothing is paid.
    #[arg(long)]
    pub execute: bool,
    /// Do not ask for confirmation (needed without a terminal).
    #[arg(short, long)]
    pub yes: bool,
    /// E-mail of the admin recorded as creating the batch [default: the first active admin]
    #[arg(long, env = "BAITECH_ADMIN_EMAIL", value_name = "EMAIL")]
    pub admin: Option<String>,
}

/// One technician's line of a batch, with their name.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ItemView {
    technician: Id,
    name: String,
    phone: Option<String>,
    amount: Money,
    status: PayoutItemStatus,
    transaction: Option<Id>,
    failure_reason: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct BatchView {
    id: Id,
    reference: String,
    status: SettlementStatus,
    total: Money,
    items: Vec<ItemView>,
}

/// What `payout --json` prints.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct PayoutReport {
    /// Nothing was paid (no `--execute`, nothing to pay, or the confirmation was declined).
    dry_run: bool,
    /// An unfinished batch was found (and resumed with `--execute`).
    resumed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<Plan>,
    #[serde(skip_serializing_if = "Option::is_none")]
    batch: Option<BatchView>,
    /// Why the run stopped before the end (the batch stays resumable).
    #[serde(skip_serializing_if = "Option::is_none")]
    interrupted: Option<String>,
}

pub async fn run(args: PayoutArgs, app: &App, out: &Output) -> Result<i32, Error> {
    if let Some(batch) = settlements::unfinished(app).await? {
        return resume(args, app, out, batch).await;
    }
    let plan = settlements::plan(app, args.min_amount).await?;
    let mut report = PayoutReport {
        dry_run: true,
        ..Default::default()
    };
    show_plan(&plan, out);
    if !args.execute {
        out.say("dry run: nothing was paid; pass --execute to pay");
        report.plan = Some(plan);
        return finish(report, out, exit::OK);
    }
    if plan.items.is_empty() {
        out.say(format!(
            "nothing to pay: no technician is owed {} or more",
            args.min_amount
        ));
        report.plan = Some(plan);
        return finish(report, out, exit::OK);
    }
    let by = acting_admin(&app.store, args.admin.as_deref()).await?;
    let question = format!("Pay {} technicians {}?", plan.items.len(), plan.total);
    if !confirm(&question, args.yes)? {
        out.say("nothing was paid");
        report.plan = Some(plan);
        return finish(report, out, exit::OK);
    }
    let batch = settlements::create(app, &plan, by.map(|u| u.id)).await?;
    out.say(format!("batch {} created", batch.reference));
    report.dry_run = false;
    report.plan = Some(plan);
    execute(app, out, batch, report).await
}

/// An unfinished batch: shown without `--execute`, run to the end with it.
async fn resume(
    args: PayoutArgs,
    app: &App,
    out: &Output,
    batch: Settlement,
) -> Result<i32, Error> {
    let pending: Vec<_> = batch
        .items
        .iter()
        .filter(|i| i.status == PayoutItemStatus::Pending)
        .collect();
    let left = Money::kes(pending.iter().map(|i| i.amount.amount).sum());
    let mut report = PayoutReport {
        dry_run: true,
        resumed: true,
        ..Default::default()
    };
    out.say(format!(
        "batch {} is unfinished ({}): {} of {} payouts ({left}) still to pay",
        batch.reference,
        batch.status,
        pending.len(),
        batch.items.len()
    ));
    if !args.execute {
        let view = view(app, &batch).await?;
        show_batch(&view, out);
        out.say("dry run: nothing was paid; pass --execute to resume it");
        report.batch = Some(view);
        return finish(report, out, exit::OK);
    }
    let question = format!(
        "Resume batch {}: pay {} technicians {left}?",
        batch.reference,
        pending.len()
    );
    if !confirm(&question, args.yes)? {
        out.say("nothing was paid");
        report.batch = Some(view(app, &batch).await?);
        return finish(report, out, exit::OK);
    }
    out.say(format!("resuming batch {}", batch.reference));
    report.dry_run = false;
    execute(app, out, batch, report).await
}

/// Runs `batch` with a progress bar and prints where it ended.
async fn execute(
    app: &App,
    out: &Output,
    batch: Settlement,
    mut report: PayoutReport,
) -> Result<i32, Error> {
    let bar = out.progress(batch.items.len() as u64, "paying");
    let result = settlements::run(app, batch.id, |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })
    .await;
    bar.finish_and_clear();
    let (ended, code) = match result {
        Ok(s) => {
            let failed = s.items.iter().any(|i| i.status == PayoutItemStatus::Failed);
            (s, if failed { exit::FAILURE } else { exit::OK })
        }
        Err(e @ Error::Unavailable { .. }) => {
            report.interrupted = Some(e.to_string());
            (settlements::get(app, batch.id).await?, exit::FAILURE)
        }
        Err(e) => return Err(e),
    };
    let view = view(app, &ended).await?;
    show_batch(&view, out);
    if let Some(why) = &report.interrupted {
        eprintln!("error: {why}");
        eprintln!(
            "batch {} is unfinished: run again to resume",
            ended.reference
        );
    } else if code != exit::OK {
        eprintln!("error: some payouts failed; their amounts are owed to the technicians again");
    } else {
        out.say(format!(
            "batch {} completed: paid {}",
            ended.reference,
            paid(&ended)
        ));
    }
    report.batch = Some(view);
    finish(report, out, code)
}

fn finish(report: PayoutReport, out: &Output, code: i32) -> Result<i32, Error> {
    if out.json {
        out.json(&report);
    }
    Ok(code)
}

fn paid(s: &Settlement) -> Money {
    Money::new(
        s.items
            .iter()
            .filter(|i| i.status == PayoutItemStatus::Paid)
            .map(|i| i.amount.amount)
            .sum(),
        s.currency,
    )
}

async fn view(app: &App, s: &Settlement) -> Result<BatchView, Error> {
    let ids: Vec<Id> = s.items.iter().map(|i| i.technician).collect();
    let users: HashMap<Id, _> = app
        .store
        .users
        .get_many(&ids)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let items = s
        .items
        .iter()
        .map(|i| {
            let user = users.get(&i.technician);
            ItemView {
                technician: i.technician,
                name: user
                    .map(|u| u.full_name())
                    .unwrap_or_else(|| i.technician.to_string()),
                phone: user.map(|u| u.phone_number.to_string()),
                amount: i.amount,
                status: i.status,
                transaction: i.transaction,
                failure_reason: i.failure_reason.clone(),
            }
        })
        .collect();
    Ok(BatchView {
        id: s.id,
        reference: s.reference.clone(),
        status: s.status,
        total: s.total,
        items,
    })
}

fn show_plan(plan: &Plan, out: &Output) {
    if out.json {
        return;
    }
    let rows = |items: &[settlements::Payable]| {
        items
            .iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    p.phone.clone().unwrap_or_default(),
                    p.technician.to_string(),
                    p.amount.to_string(),
                ]
            })
            .collect()
    };
    if plan.items.is_empty() {
        out.say("no technician is owed enough to be paid");
    } else {
        out.table(&["technician", "phone", "id", "to pay"], rows(&plan.items));
        out.say(format!(
            "{} technicians, {} in total",
            plan.items.len(),
            plan.total
        ));
    }
    if !plan.owing.is_empty() {
        out.say("technicians who owe the platform (not paid):");
        out.table(&["technician", "phone", "id", "owes"], rows(&plan.owing));
    }
}

fn show_batch(b: &BatchView, out: &Output) {
    if out.json {
        return;
    }
    let rows = b
        .items
        .iter()
        .map(|i| {
            vec![
                i.name.clone(),
                i.phone.clone().unwrap_or_default(),
                i.amount.to_string(),
                i.status.to_string(),
                i.transaction.map(|t| t.to_string()).unwrap_or_default(),
                i.failure_reason.clone().unwrap_or_default(),
            ]
        })
        .collect();
    out.say(format!(
        "batch {} ({}), {} in total",
        b.reference, b.status, b.total
    ));
    out.table(
        &[
            "technician",
            "phone",
            "amount",
            "status",
            "transaction",
            "failure",
        ],
        rows,
    );
}
