//! `baitech settlements reconcile`: proves the books balance and finds what does not add up.
//!
//! | check | discrepancy |
//! |---|---|
//! | every entry's lines sum to zero | `unbalanced_entry` |
//! | every transaction's lines sum to zero | `unbalanced_transaction` |
//! | the whole ledger sums to zero per currency | `ledger_total` |
//! | each stored account balance equals the sum of its lines | `account_mismatch` |
//! | no wallet is in debit | `negative_wallet` |
//! | every transaction that moved money has ledger lines, and every line's transaction exists | `missing_ledger`, `orphan_lines` |
//! | every gateway callback matched a transaction | `unmatched_event`, `event_without_transaction` |
//! | no success callback arrived for a transaction already closed | `money_for_closed_transaction` |
//! | no escrow is past its release time by more than the grace | `escrow_overdue` |

use std::collections::{HashMap, HashSet};

use chrono::Duration;
use serde::Serialize;

use crate::app::App;
use crate::domain::ledger::EventOutcome;
use crate::domain::money::Currency;
use crate::domain::transaction::{TransactionStatus as T, TransactionType};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::page::Cursor;
use crate::store::{GatewayEventFilter, PageRequest, TransactionFilter};

/// Lines read per store call.
pub const SCAN_PAGE: u32 = 10_000;
const DOC_PAGE: u32 = 500;

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub now: Timestamp,
    /// Escrow this long past its release time is reported (the release job runs every minute).
    pub escrow_grace: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            now: Timestamp::now(),
            escrow_grace: Duration::hours(1),
        }
    }
}

/// One thing that does not add up.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Discrepancy {
    pub kind: &'static str,
    /// What it is about: an entry, transaction, account or event id.
    pub subject: String,
    pub detail: String,
}

/// What reconciliation found.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub lines: u64,
    pub entries: u64,
    pub transactions: u64,
    pub accounts: u64,
    pub events: u64,
    /// Sum of all lines per currency (zero when the books balance).
    pub totals: Vec<(Currency, i64)>,
    pub discrepancies: Vec<Discrepancy>,
}

impl Report {
    pub fn balanced(&self) -> bool {
        self.discrepancies.is_empty()
    }
    fn push(&mut self, kind: &'static str, subject: impl ToString, detail: impl Into<String>) {
        self.discrepancies.push(Discrepancy {
            kind,
            subject: subject.to_string(),
            detail: detail.into(),
        });
    }
}

/// Runs every check; `progress(done, total)` counts ledger lines read.
pub async fn run(app: &App, opts: Options, mut progress: impl FnMut(u64, u64)) -> Result<Report> {
    let ledger = &app.store.ledger;
    let total = ledger.count_ledger_lines().await?;
    let mut report = Report::default();
    let mut entries: HashMap<Id, i64> = HashMap::new();
    let mut by_tx: HashMap<Id, i64> = HashMap::new();
    let mut by_account: HashMap<String, i64> = HashMap::new();
    let mut totals: HashMap<Currency, i64> = HashMap::new();
    let mut after = None;
    loop {
        let page = ledger.scan_ledger(after, SCAN_PAGE).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        for l in &page {
            *entries.entry(l.entry).or_default() += l.amount;
            *by_tx.entry(l.transaction).or_default() += l.amount;
            if let Some(acc) = by_account.get_mut(l.account.as_str()) {
                *acc += l.amount;
            } else {
                by_account.insert(l.account.as_str().to_string(), l.amount);
            }
            *totals.entry(l.currency).or_default() += l.amount;
        }
        report.lines += page.len() as u64;
        progress(report.lines, total.max(report.lines));
        if page.len() < SCAN_PAGE as usize {
            break;
        }
    }
    report.entries = entries.len() as u64;
    for (entry, sum) in entries.iter().filter(|(_, s)| **s != 0) {
        report.push("unbalanced_entry", entry, format!("lines sum to {sum}"));
    }
    for (tx, sum) in by_tx.iter().filter(|(_, s)| **s != 0) {
        report.push("unbalanced_transaction", tx, format!("lines sum to {sum}"));
    }
    let mut totals: Vec<(Currency, i64)> = totals.into_iter().collect();
    totals.sort_by_key(|(c, _)| c.code());
    for (c, sum) in totals.iter().filter(|(_, s)| *s != 0) {
        report.push(
            "ledger_total",
            c.code(),
            format!("the ledger sums to {sum}, not 0"),
        );
    }
    report.totals = totals;

    let accounts = ledger.list_accounts("").await?;
    report.accounts = accounts.len() as u64;
    let mut seen = HashSet::new();
    for a in &accounts {
        let key = a.account.as_str();
        seen.insert(key.to_string());
        let computed = by_account.get(key).copied().unwrap_or(0);
        if computed != a.balance {
            report.push(
                "account_mismatch",
                key,
                format!("stored balance {} but lines sum to {computed}", a.balance),
            );
        }
        if a.account.is_wallet() && a.balance > 0 {
            report.push(
                "negative_wallet",
                key,
                format!("wallet is {} in debit", a.balance),
            );
        }
    }
    for (key, sum) in by_account
        .iter()
        .filter(|(k, s)| **s != 0 && !seen.contains(*k))
    {
        report.push(
            "account_mismatch",
            key,
            format!("no stored balance but lines sum to {sum}"),
        );
    }

    // Transactions: money-moving ones need lines; lines need their transaction.
    let mut known = HashSet::new();
    let mut page = PageRequest::first(DOC_PAGE);
    loop {
        let p = app
            .store
            .transactions
            .list_transactions(&TransactionFilter::default(), &page)
            .await?;
        for tx in &p.items {
            known.insert(tx.id);
            let needs_lines = super::arrival::ARRIVED.contains(&tx.status)
                || (tx.kind == TransactionType::Payout && tx.status == T::Processing);
            if needs_lines && tx.kind != TransactionType::Fee && !by_tx.contains_key(&tx.id) {
                report.push(
                    "missing_ledger",
                    tx.id,
                    format!(
                        "{} {} is {} but has no ledger lines",
                        tx.kind, tx.receipt_number, tx.status
                    ),
                );
            }
            let overdue = tx
                .escrow_release_at
                .is_some_and(|t| t.plus(opts.escrow_grace) < opts.now);
            if matches!(tx.status, T::Escrow | T::PartiallyRefunded) && overdue && !tx.fraud.held {
                report.push(
                    "escrow_overdue",
                    tx.id,
                    format!(
                        "{} held in escrow past {}",
                        tx.receipt_number,
                        tx.escrow_release_at
                            .map(|t| t.to_rfc3339())
                            .unwrap_or_default()
                    ),
                );
            }
        }
        report.transactions += p.items.len() as u64;
        match (p.has_more, p.items.last()) {
            (true, Some(last)) => page = PageRequest::after(DOC_PAGE, Cursor::Id(last.id)),
            _ => break,
        }
    }
    for tx in by_tx.keys().filter(|t| !known.contains(*t)) {
        report.push(
            "orphan_lines",
            tx,
            "ledger lines name a transaction that does not exist",
        );
    }

    let mut page = PageRequest::first(DOC_PAGE);
    loop {
        let p = ledger
            .list_gateway_events(&GatewayEventFilter::default(), &page)
            .await?;
        for e in &p.items {
            let subject = format!("{} {}", e.gateway, e.event_id);
            match (e.outcome, e.transaction) {
                (EventOutcome::Unmatched, _) | (_, None) => {
                    report.push(
                        "unmatched_event",
                        subject,
                        format!("{} matches no transaction", e.kind),
                    );
                }
                (_, Some(t)) if !known.contains(&t) => {
                    report.push(
                        "event_without_transaction",
                        subject,
                        format!("names missing transaction {t}"),
                    );
                }
                (EventOutcome::Ignored, Some(t)) if reports_money(&e.payload, &e.kind) => {
                    report.push(
                        "money_for_closed_transaction",
                        subject,
                        format!("a successful payment was reported for transaction {t}, which was already closed"),
                    );
                }
                _ => {}
            }
        }
        report.events += p.items.len() as u64;
        match (p.has_more, p.items.last()) {
            (true, Some(last)) => page = PageRequest::after(DOC_PAGE, Cursor::Id(last.id)),
            _ => break,
        }
    }
    report
        .discrepancies
        .sort_by(|a, b| (a.kind, &a.subject).cmp(&(b.kind, &b.subject)));
    Ok(report)
}

/// Whether a stored delivery says money arrived.
fn reports_money(payload: &serde_json::Value, kind: &str) -> bool {
    match kind {
        "stk_callback" => {
            payload
                .pointer("/Body/stkCallback/ResultCode")
                .and_then(|v| v.as_i64())
                == Some(0)
        }
        "payment_intent.succeeded" => true,
        _ => false,
    }
}
