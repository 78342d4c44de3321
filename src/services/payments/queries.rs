//! Reading transactions: a user sees the transactions they paid or were paid by; staff see
//! all, filtered. Anyone else is told a transaction does not exist, so ids cannot be probed.

use serde::Deserialize;

use crate::app::App;
use crate::domain::Id;
use crate::domain::booking::Actor;
use crate::domain::transaction::{Gateway, Transaction, TransactionStatus, TransactionType};
use crate::domain::user::Role;
use crate::error::{Error, Result};
use crate::services::input::Problems;
use crate::store::{Page, TransactionFilter};

fn staff(actor: Actor) -> bool {
    matches!(actor.role(), None | Some(Role::Admin) | Some(Role::Support))
}

/// Whether `actor` may see `tx`.
pub fn can_view(tx: &Transaction, actor: Actor) -> bool {
    staff(actor)
        || actor
            .id()
            .is_some_and(|u| tx.payer == u || tx.payee == Some(u))
}

/// Transaction `id` if `actor` may see it.
pub async fn get(app: &App, id: Id, actor: Actor) -> Result<Transaction> {
    match app.store.transactions.get(id).await? {
        Some(t) if can_view(&t, actor) => Ok(t),
        _ => Err(Error::NotFound("transaction")),
    }
}

/// `GET /payments/transactions` query values, as sent.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListQuery {
    /// Comma-separated statuses.
    pub status: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub gateway: Option<String>,
    /// Staff only: another user's transactions (as payer).
    pub user: Option<String>,
    /// `payer` (what I paid; the default for customers) or `payee` (what I was paid; the
    /// default for technicians).
    #[serde(rename = "as")]
    pub side: Option<String>,
    pub booking: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
    pub page: Option<String>,
}

/// The filter `q` asks for, every bad value reported.
pub fn filter(q: &ListQuery) -> Result<TransactionFilter> {
    let mut p = Problems::default();
    let f = read_filter(q, &mut p);
    p.finish()?;
    Ok(f)
}

/// The filter `q` asks for; every bad value is added to `p`.
fn read_filter(q: &ListQuery, p: &mut Problems) -> TransactionFilter {
    let mut f = TransactionFilter {
        statuses: p.list(
            "status",
            q.status.as_deref(),
            "transaction status",
            TransactionStatus::parse,
        ),
        ..Default::default()
    };
    if let Some(k) = q.kind.as_deref().filter(|s| !s.is_empty()) {
        f.kind = TransactionType::parse(k);
        if f.kind.is_none() {
            p.push("type", "must be payment, refund, payout, fee or top_up");
        }
    }
    if let Some(g) = q.gateway.as_deref().filter(|s| !s.is_empty()) {
        f.gateway = Gateway::parse(g);
        if f.gateway.is_none() {
            p.push("gateway", "must be mpesa, stripe, cash or wallet");
        }
    }
    f.payer = p.opt_id("user", q.user.as_deref());
    f.booking = p.opt_id("booking", q.booking.as_deref());
    f.created_from = p.time("from", q.from.as_deref());
    f.created_to = p.time("to", q.to.as_deref());
    f
}

/// The transactions `actor` may see, newest first: their own — as payer for customers, as
/// payee for technicians, either with `as=payer|payee` — and everyone's for staff.
pub async fn list(app: &App, actor: Actor, q: &ListQuery) -> Result<Page<Transaction>> {
    let mut p = Problems::default();
    let mut f = read_filter(q, &mut p);
    let page = p.page(q.limit.as_deref(), q.cursor.as_deref(), q.page.as_deref())?;
    let page = p.finish_with(page)?;
    if !staff(actor) {
        let me = actor.id().ok_or(Error::Unauthorized("sign in".into()))?;
        if f.payer.is_some_and(|u| u != me) {
            return Err(Error::Forbidden(
                "you can list only your own transactions".into(),
            ));
        }
        let payee = match q.side.as_deref() {
            Some("payee") => true,
            Some("payer") => false,
            Some(_) => return Err(Error::validation("as", "must be payer or payee")),
            None => {
                actor.role() == Some(Role::Technician) || f.kind == Some(TransactionType::Payout)
            }
        };
        if payee {
            f.payer = None;
            f.payee = Some(me);
        } else {
            f.payer = Some(me);
        }
    }
    app.store.transactions.list_transactions(&f, &page).await
}
