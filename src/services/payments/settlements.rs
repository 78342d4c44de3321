//! Technician payouts in batches (`baitech settlements payout`).
//!
//! A batch is planned from the technicians' payable balances, stored with every item before
//! any money moves, then run item by item. Each item is two steps, each safe to repeat:
//! 1. one write creates the payout transaction (`processing`, idempotency key
//!    `payout:<batch>:<technician>`), moves payable → clearing in the ledger and links the item;
//! 2. the B2C request goes out with the transaction id as its originator conversation id, and
//!    the answer marks the item `paid` — or, when M-Pesa refuses, `failed` with the money put
//!    back on the technician's payable.
//!
//! An interrupted run (crash, Ctrl-C, the gateway unreachable) leaves the batch `in_progress`;
//! running it again skips paid and failed items, finds an item's transaction by its key
//! instead of creating a second one, and re-sends only requests that never got an answer.

use serde::Serialize;

use super::flow;
use super::postings;
use crate::app::App;
use crate::domain::ledger::{
    Account, EntryKind, PayoutItem, PayoutItemStatus, Settlement, SettlementStatus,
};
use crate::domain::money::{Currency, Money};
use crate::domain::transaction::{
    Gateway, GatewayRef, Transaction, TransactionStatus as T, TransactionType,
};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::gateways::mpesa::{B2cCommand, B2cRequest};
use crate::realtime::{Event, PaymentChange};
use crate::services::notifications;
use crate::store::{GatewayRefKey, MoneyWrite, Page, PageRequest, SettlementFilter, WriteOutcome};

/// A technician owed money, as the plan shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Payable {
    pub technician: Id,
    pub name: String,
    pub phone: Option<String>,
    pub amount: Money,
}

/// What a payout run would pay (a dry run shows this and stops).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub items: Vec<Payable>,
    pub total: Money,
    /// Technicians owing the platform (cash jobs: fee and tax), not paid out.
    pub owing: Vec<Payable>,
}

/// Technicians whose payable is at least `minimum` (KES; M-Pesa pays whole shillings, so each
/// amount is rounded down and cents stay owed for next time).
pub async fn plan(app: &App, minimum: Money) -> Result<Plan> {
    let accounts = app
        .store
        .ledger
        .list_accounts(Account::PAYABLE_PREFIX)
        .await?;
    let mut items = Vec::new();
    let mut owing = Vec::new();
    for a in accounts {
        let Some(tech) = a.account.owner() else {
            continue;
        };
        let credit = a.credit();
        let user = app.store.users.get(tech).await?;
        let (name, phone) = match &user {
            Some(u) => (u.full_name(), Some(u.phone_number.as_str().to_string())),
            None => (tech.to_string(), None),
        };
        if credit.amount < 0 {
            owing.push(Payable {
                technician: tech,
                name,
                phone,
                amount: Money::new(-credit.amount, credit.currency),
            });
            continue;
        }
        // One payout carries at most the money bound; the rest stays owed for the next batch.
        let cap = app.config.bookings.money_limits.max(credit.currency);
        let due = credit.amount.min(cap);
        let whole = Money::new(due - due % 100, credit.currency);
        if credit.currency == Currency::Kes && whole.amount >= minimum.amount && whole.amount > 0 {
            items.push(Payable {
                technician: tech,
                name,
                phone,
                amount: whole,
            });
        }
    }
    let total = items
        .iter()
        .try_fold(Money::kes(0), |sum, i| sum.checked_add(i.amount))?;
    Ok(Plan {
        items,
        total,
        owing,
    })
}

/// The batch still open or in progress, if any: a new run resumes it instead of planning again.
pub async fn unfinished(app: &App) -> Result<Option<Settlement>> {
    let page = app
        .store
        .ledger
        .list_settlements(
            &SettlementFilter {
                statuses: vec![SettlementStatus::Open, SettlementStatus::InProgress],
            },
            &PageRequest::first(1),
        )
        .await?;
    Ok(page.items.into_iter().next())
}

/// Stores `plan` as a new batch (nothing is paid yet).
pub async fn create(app: &App, plan: &Plan, by: Option<Id>) -> Result<Settlement> {
    let now = Timestamp::now();
    let s = Settlement {
        id: Id::new(),
        reference: crate::domain::id::reference("STL", now),
        status: SettlementStatus::Open,
        gateway: Gateway::Mpesa,
        currency: Currency::Kes,
        items: plan
            .items
            .iter()
            .map(|p| PayoutItem {
                technician: p.technician,
                amount: p.amount,
                status: PayoutItemStatus::Pending,
                transaction: None,
                failure_reason: None,
            })
            .collect(),
        total: plan.total,
        created_by: by,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    app.store.ledger.insert(&s).await?;
    Ok(s)
}

pub async fn get(app: &App, id: Id) -> Result<Settlement> {
    app.store
        .ledger
        .get(id)
        .await?
        .ok_or(Error::NotFound("settlement"))
}

pub async fn list(
    app: &App,
    filter: &SettlementFilter,
    page: &PageRequest,
) -> Result<Page<Settlement>> {
    app.store.ledger.list_settlements(filter, page).await
}

/// Saves `next` (a changed copy of `current`) with compare-and-set; `false` if it lost.
async fn save(
    app: &App,
    current: &Settlement,
    mut next: Settlement,
    extra: MoneyWrite,
) -> Result<bool> {
    next.version = current.version + 1;
    next.updated_at = Timestamp::now();
    next.status = if next
        .items
        .iter()
        .all(|i| i.status != PayoutItemStatus::Pending)
    {
        SettlementStatus::Completed
    } else {
        SettlementStatus::InProgress
    };
    let write = MoneyWrite {
        settlement: Some((next, current.version)),
        ..extra
    };
    Ok(app.store.ledger.apply_money(&write).await? == WriteOutcome::Applied)
}

/// Runs batch `id` to the end (or until the gateway is unreachable, leaving it resumable);
/// `progress(done, total)` after each item.
pub async fn run(app: &App, id: Id, mut progress: impl FnMut(usize, usize)) -> Result<Settlement> {
    let total = get(app, id).await?.items.len();
    for i in 0..total {
        pay_item(app, id, i).await?;
        progress(i + 1, total);
    }
    let s = get(app, id).await?;
    if s.status != SettlementStatus::Completed {
        // A batch with nothing pending ends completed even when it had no items.
        let next = s.clone();
        save(app, &s, next, MoneyWrite::default()).await?;
        return get(app, id).await;
    }
    Ok(s)
}

async fn pay_item(app: &App, id: Id, i: usize) -> Result<()> {
    for _ in 0..flow::MAX_ATTEMPTS {
        let s = get(app, id).await?;
        let item = s.items[i].clone();
        if item.status != PayoutItemStatus::Pending {
            return Ok(());
        }
        let tx = match item.transaction {
            Some(t) => flow::load(app, t).await?,
            None => match start(app, &s, i).await? {
                Some(tx) => tx,
                None => continue,
            },
        };
        match tx.status {
            T::Completed => {
                mark(app, &s, i, PayoutItemStatus::Paid, None).await?;
                return Ok(());
            }
            T::Failed => {
                mark(
                    app,
                    &s,
                    i,
                    PayoutItemStatus::Failed,
                    tx.failure_reason.clone(),
                )
                .await?;
                return Ok(());
            }
            _ => {}
        }
        send(app, &tx).await?;
    }
    Err(flow::busy())
}

/// Step 1: the payout transaction and its ledger entry, linked to the item in the same write.
/// `None` when the batch changed first (the caller reloads).
async fn start(app: &App, s: &Settlement, i: usize) -> Result<Option<Transaction>> {
    let item = &s.items[i];
    let key = format!("payout:{}:{}", s.id, item.technician);
    if let Some(existing) = app
        .store
        .transactions
        .find_transaction_by_gateway_ref(GatewayRefKey::IdempotencyKey, &key)
        .await?
    {
        let mut next = s.clone();
        next.items[i].transaction = Some(existing.id);
        save(app, s, next, MoneyWrite::default()).await?;
        return Ok(None);
    }
    let owed = app
        .store
        .ledger
        .get_account(&Account::payable(item.technician))
        .await?
        .map(|a| a.credit().amount)
        .unwrap_or(0);
    if owed < item.amount.amount {
        mark(
            app,
            s,
            i,
            PayoutItemStatus::Failed,
            Some(format!(
                "only {} is owed now",
                Money::new(owed, item.amount.currency)
            )),
        )
        .await?;
        return Ok(None);
    }
    let now = Timestamp::now();
    let user = app.store.users.get(item.technician).await?;
    let mut tx = flow::new_transaction(
        TransactionType::Payout,
        s.gateway,
        item.technician,
        item.amount,
        now,
    );
    tx.payee = Some(item.technician);
    tx.settlement = Some(s.id);
    tx.description = Some(format!("Payout {}", s.reference));
    tx.gateway_ref.idempotency_key = Some(key);
    tx.gateway_ref.phone_number = user.map(|u| u.phone_number.as_str().to_string());
    tx.record_status(T::Processing, None, now);
    let mut next = s.clone();
    next.items[i].transaction = Some(tx.id);
    let extra = MoneyWrite {
        lines: postings::payout(&tx, item.technician, now)?,
        insert: vec![tx.clone()],
        ..Default::default()
    };
    match save(app, s, next, extra).await {
        Ok(true) => Ok(Some(tx)),
        Ok(false) | Err(Error::Conflict(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Step 2: the B2C request. A refusal fails the payout and puts the money back; an unreachable
/// gateway is returned as it is (the run stops and a later run re-sends).
async fn send(app: &App, tx: &Transaction) -> Result<()> {
    let phone = tx.gateway_ref.phone_number.clone().unwrap_or_default();
    let answer = app
        .mpesa
        .b2c(&B2cRequest {
            amount: tx.amount.amount / 100,
            phone: phone.trim_start_matches('+').to_string(),
            remarks: tx.description.clone().unwrap_or_default(),
            originator_conversation_id: tx.id.to_string(),
            command: B2cCommand::BusinessPayment,
        })
        .await;
    match answer {
        Ok(r) => {
            let refs = GatewayRef {
                payout_id: Some(r.conversation_id),
                ..Default::default()
            };
            if let Some(paid) =
                flow::advance(app, tx.id, &[T::Processing], T::Completed, &refs, None).await?
            {
                // `settlements payout` may run where no notifier listens (a CLI without
                // Redis): the payout's notification is made here, and a notifier that hears
                // the event as well derives the same one.
                let e = Event::payment(
                    &paid,
                    PaymentChange::PayoutSent,
                    paid.amount,
                    paid.payee,
                    None,
                    paid.updated_at,
                );
                notifications::publish_and_notify(app, e).await;
            }
            Ok(())
        }
        Err(e @ Error::Unavailable { .. }) => Err(e),
        Err(e) => {
            let lines = app.store.ledger.transaction_lines(tx.id).await?;
            reverse(app, tx, lines, &format!("M-Pesa refused: {e}"), None).await
        }
    }
}

/// Payout `tx` failed (refused at once, or later in its B2C result): it is marked failed, its
/// money goes back on the technician's payable, and its batch item is marked failed — one
/// write, with the event that reported it.
pub(crate) async fn reverse(
    app: &App,
    tx: &Transaction,
    lines: Vec<crate::domain::ledger::LedgerLine>,
    why: &str,
    event: Option<crate::domain::ledger::GatewayEvent>,
) -> Result<()> {
    for _ in 0..flow::MAX_ATTEMPTS {
        let current = flow::load(app, tx.id).await?;
        if !matches!(current.status, T::Processing | T::Completed) {
            return Ok(());
        }
        let now = Timestamp::now();
        let mut failed = current.clone();
        failed.failure_reason = Some(why.to_string());
        failed.record_status(T::Failed, Some(why.to_string()), now);
        let mut write = MoneyWrite {
            lines: postings::reversal(&lines, EntryKind::PayoutReversal, tx.id, now)?,
            update: vec![(failed, current.status)],
            event: event.clone(),
            ..Default::default()
        };
        if let Some(sid) = current.settlement
            && let Some(s) = app.store.ledger.get(sid).await?
            && let Some(i) = s.items.iter().position(|it| it.transaction == Some(tx.id))
        {
            let mut next = s.clone();
            next.items[i].status = PayoutItemStatus::Failed;
            next.items[i].failure_reason = Some(why.to_string());
            next.version = s.version + 1;
            next.updated_at = now;
            write.settlement = Some((next, s.version));
        }
        match app.store.ledger.apply_money(&write).await? {
            WriteOutcome::Applied | WriteOutcome::DuplicateEvent => return Ok(()),
            WriteOutcome::Stale => continue,
        }
    }
    Err(flow::busy())
}

async fn mark(
    app: &App,
    s: &Settlement,
    i: usize,
    status: PayoutItemStatus,
    why: Option<String>,
) -> Result<()> {
    let mut next = s.clone();
    next.items[i].status = status;
    next.items[i].failure_reason = why;
    save(app, s, next, MoneyWrite::default()).await.map(|_| ())
}
