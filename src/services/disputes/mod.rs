//! What the `baitech disputes` admin commands show: the bookings in dispute, and one dispute
//! with everything an admin needs to settle it — both parties, the status timeline, the
//! evidence, the money so far, the audit trail and the end of the booking's chat.
//!
//! Settling a dispute is [`resolve`] (the one resolution service, for the API and the CLI); it
//! reports which transactions it moved.

mod resolve;

pub use resolve::{ResolveDisputeInput, resolve};

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::app::App;
use crate::domain::booking::{Booking, BookingStatus, Dispute, DisputeOutcome, StatusChange};
use crate::domain::money::Money;
use crate::domain::transaction::{Gateway, Transaction, TransactionStatus, TransactionType};
use crate::domain::user::{Role, User};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::services::payments::arrival::ARRIVED;
use crate::services::payments::arrival::HOLDING;
use crate::store::page::Cursor;
use crate::store::{
    AuditFilter, BookingFilter, MessageFilter, Page, PageRequest, TransactionFilter,
};

/// Chat messages [`show`] includes unless asked otherwise.
pub const DEFAULT_MESSAGES: u32 = 20;
/// Documents read per store call.
const PAGE: u32 = 100;

/// A person involved in a booking, as an admin sees them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Party {
    pub id: Id,
    /// `None` when the account no longer exists.
    pub role: Option<Role>,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl Party {
    fn of(id: Id, users: &HashMap<Id, User>) -> Party {
        match users.get(&id) {
            Some(u) => Party {
                id,
                role: Some(u.role),
                name: u.full_name(),
                email: Some(u.email.to_string()),
                phone: Some(u.phone_number.to_string()),
            },
            None => Party {
                id,
                role: None,
                name: format!("(unknown user {id})"),
                email: None,
                phone: None,
            },
        }
    }
}

/// A disputed booking in [`list`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DisputeSummary {
    pub booking: Id,
    pub booking_number: String,
    pub opened_at: Option<Timestamp>,
    pub opened_by: Option<Party>,
    pub reason: Option<String>,
    pub total: Money,
}

/// The booking part of a [`DisputeFile`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BookingSummary {
    pub id: Id,
    pub booking_number: String,
    pub status: BookingStatus,
    pub service_category: String,
    pub description: String,
    pub scheduled_at: Timestamp,
    pub total: Money,
    pub technician_earnings: Money,
    pub created_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    pub verified_at: Option<Timestamp>,
    pub paid_at: Option<Timestamp>,
}

impl From<&Booking> for BookingSummary {
    fn from(b: &Booking) -> Self {
        BookingSummary {
            id: b.id,
            booking_number: b.booking_number.clone(),
            status: b.status,
            service_category: b.service_category.clone(),
            description: b.description.clone(),
            scheduled_at: b.scheduled_at,
            total: b.pricing.total,
            technician_earnings: b.pricing.technician_earnings,
            created_at: b.created_at,
            completed_at: b.completed_at,
            verified_at: b.verified_at,
            paid_at: b.paid_at,
        }
    }
}

/// One transaction of a booking.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionLine {
    pub id: Id,
    pub receipt_number: String,
    #[serde(rename = "type")]
    pub kind: TransactionType,
    pub status: TransactionStatus,
    pub gateway: Gateway,
    pub amount: Money,
    pub refunded_amount: Money,
    /// For a refund: the payment it refunds.
    pub parent: Option<Id>,
    pub description: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<&Transaction> for TransactionLine {
    fn from(t: &Transaction) -> Self {
        TransactionLine {
            id: t.id,
            receipt_number: t.receipt_number.clone(),
            kind: t.kind,
            status: t.status,
            gateway: t.gateway,
            amount: t.amount,
            refunded_amount: t.refunded_amount,
            parent: t.parent,
            description: t.description.clone(),
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

/// Where the booking's money is: what arrived, what went back to the customer, what is still
/// held in escrow and what was released to the technician.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MoneySoFar {
    pub paid: Money,
    pub refunded: Money,
    pub in_escrow: Money,
    pub released: Money,
}

impl MoneySoFar {
    fn of(payments: &[Transaction], zero: Money) -> Result<MoneySoFar> {
        let mut m = MoneySoFar {
            paid: zero,
            refunded: zero,
            in_escrow: zero,
            released: zero,
        };
        for p in payments
            .iter()
            .filter(|t| t.kind == TransactionType::Payment)
        {
            if !ARRIVED.contains(&p.status) {
                continue;
            }
            m.paid = m.paid.checked_add(p.amount)?;
            m.refunded = m.refunded.checked_add(p.refunded_amount)?;
            let left = p.refundable()?;
            if HOLDING.contains(&p.status) {
                m.in_escrow = m.in_escrow.checked_add(left)?;
            } else if p.status == TransactionStatus::Released {
                m.released = m.released.checked_add(left)?;
            }
        }
        Ok(m)
    }
}

/// An audit-log entry about the booking or one of its transactions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditLine {
    pub at: Timestamp,
    pub actor_label: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<Id>,
    pub reason: Option<String>,
}

/// A chat message of the booking's conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageLine {
    pub id: Id,
    pub at: Timestamp,
    pub sender: Id,
    pub sender_name: String,
    pub text: String,
}

/// Everything about one dispute ([`show`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DisputeFile {
    pub booking: BookingSummary,
    pub customer: Party,
    pub technician: Option<Party>,
    /// Every status change, oldest first.
    pub timeline: Vec<StatusChange>,
    pub dispute: Option<Dispute>,
    /// The booking's transactions, oldest first.
    pub transactions: Vec<TransactionLine>,
    pub money: MoneySoFar,
    /// Oldest first.
    pub audit: Vec<AuditLine>,
    /// The booking's chat, if it has one.
    pub conversation: Option<Id>,
    /// The last messages of that chat, oldest first.
    pub messages: Vec<MessageLine>,
}

/// What [`resolve`] did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resolution {
    pub booking: BookingSummary,
    pub outcome: Option<DisputeOutcome>,
    pub refund_amount: Option<Money>,
    /// Transactions the resolution created or changed (refunds, the released payment).
    pub moved: Vec<TransactionLine>,
    pub money: MoneySoFar,
    /// The booking as it stands afterwards (what the API answers with).
    #[serde(skip)]
    pub record: Booking,
}

async fn users_by_id(app: &App, ids: impl IntoIterator<Item = Id>) -> Result<HashMap<Id, User>> {
    let ids: Vec<Id> = ids
        .into_iter()
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let users = app.store.users.get_many(&ids).await?;
    Ok(users.into_iter().map(|u| (u.id, u)).collect())
}

fn next_page<T>(page: &Page<T>) -> Result<Option<PageRequest>> {
    match (&page.next_cursor, page.has_more) {
        (Some(c), true) => Ok(Some(PageRequest::after(PAGE, Cursor::decode(c)?))),
        _ => Ok(None),
    }
}

/// Calls `visit` with each disputed booking, newest first, until it returns `false`.
async fn disputed(app: &App, mut visit: impl FnMut(Booking) -> bool) -> Result<()> {
    let filter = BookingFilter {
        statuses: vec![BookingStatus::Disputed],
        ..Default::default()
    };
    let mut req = PageRequest::first(PAGE);
    loop {
        let page = app.store.bookings.list_bookings(&filter, &req).await?;
        let next = next_page(&page)?;
        for b in page.items {
            if !visit(b) {
                return Ok(());
            }
        }
        match next {
            Some(n) => req = n,
            None => return Ok(()),
        }
    }
}

/// The bookings in dispute, newest first, at most `limit`.
pub async fn list(app: &App, limit: usize) -> Result<Vec<DisputeSummary>> {
    let mut bookings = Vec::new();
    if limit > 0 {
        disputed(app, |b| {
            bookings.push(b);
            bookings.len() < limit
        })
        .await?;
    }
    let users = users_by_id(
        app,
        bookings
            .iter()
            .filter_map(|b| b.dispute.as_ref().map(|d| d.opened_by)),
    )
    .await?;
    Ok(bookings
        .iter()
        .map(|b| DisputeSummary {
            booking: b.id,
            booking_number: b.booking_number.clone(),
            opened_at: b.dispute.as_ref().map(|d| d.opened_at),
            opened_by: b.dispute.as_ref().map(|d| Party::of(d.opened_by, &users)),
            reason: b.dispute.as_ref().map(|d| d.reason.clone()),
            total: b.pricing.total,
        })
        .collect())
}

/// The booking `key` names: a booking id, or the booking number of a disputed booking.
pub async fn find(app: &App, key: &str) -> Result<Booking> {
    let key = key.trim();
    if let Some(id) = Id::parse(key) {
        return app
            .store
            .bookings
            .get(id)
            .await?
            .ok_or(Error::NotFound("booking"));
    }
    let mut found = None;
    disputed(app, |b| {
        if b.booking_number.eq_ignore_ascii_case(key) {
            found = Some(b);
            return false;
        }
        true
    })
    .await?;
    found.ok_or(Error::NotFound("disputed booking with that number"))
}

/// Whether `booking`'s recorded dispute decision still owes a refund that has not gone through
/// (a gateway failed while resolving); resolving again then finishes the money.
pub async fn money_outstanding(app: &App, booking: &Booking) -> Result<bool> {
    for p in transactions(app, booking.id).await? {
        if p.kind == TransactionType::Payment
            && HOLDING.contains(&p.status)
            && crate::services::payments::refunds::outstanding_refund(booking, &p)?.is_some()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `Conflict` unless `booking` is disputed, so a second resolution stops with a clear reason.
pub fn ensure_disputed(booking: &Booking) -> Result<()> {
    if booking.status == BookingStatus::Disputed {
        return Ok(());
    }
    let outcome = booking
        .dispute
        .as_ref()
        .and_then(|d| d.resolution.as_ref())
        .map(|r| format!(" (settled as {})", r.outcome))
        .unwrap_or_default();
    Err(Error::Conflict(format!(
        "booking {} is {}{outcome}: it is no longer disputed",
        booking.booking_number, booking.status
    )))
}

/// Every transaction of booking `id`, oldest first.
async fn transactions(app: &App, id: Id) -> Result<Vec<Transaction>> {
    let filter = TransactionFilter {
        booking: Some(id),
        ..Default::default()
    };
    let mut out = Vec::new();
    let mut req = PageRequest::first(PAGE);
    loop {
        let page = app
            .store
            .transactions
            .list_transactions(&filter, &req)
            .await?;
        let next = next_page(&page)?;
        out.extend(page.items);
        match next {
            Some(n) => req = n,
            None => break,
        }
    }
    out.reverse();
    Ok(out)
}

/// The booking's transactions (oldest first) and where its money is.
pub async fn money(app: &App, booking: &Booking) -> Result<(Vec<TransactionLine>, MoneySoFar)> {
    let txs = transactions(app, booking.id).await?;
    let so_far = MoneySoFar::of(&txs, Money::zero(booking.pricing.total.currency))?;
    Ok((txs.iter().map(TransactionLine::from).collect(), so_far))
}

async fn audit(app: &App, targets: impl IntoIterator<Item = Id>) -> Result<Vec<AuditLine>> {
    let mut out = Vec::new();
    for target in targets {
        let filter = AuditFilter {
            target_id: Some(target),
            ..Default::default()
        };
        let page = app
            .store
            .audit
            .list_audit(&filter, &PageRequest::first(PAGE))
            .await?;
        out.extend(page.items.into_iter().map(|e| AuditLine {
            at: e.at,
            actor_label: e.actor_label,
            action: e.action,
            target_kind: e.target_kind,
            target_id: e.target_id,
            reason: e.reason,
        }));
    }
    out.sort_by_key(|a| a.at);
    Ok(out)
}

/// Everything about the dispute on `booking`, with the last `messages` chat messages.
pub async fn show(app: &App, booking: Booking, messages: u32) -> Result<DisputeFile> {
    let (lines, money) = money(app, &booking).await?;
    let audit = audit(
        app,
        std::iter::once(booking.id).chain(lines.iter().map(|t| t.id)),
    )
    .await?;
    let conversation = app
        .store
        .conversations
        .find_booking_conversation(booking.id)
        .await?;
    let chat = match (&conversation, messages) {
        (Some(c), 1..) => {
            let filter = MessageFilter {
                conversation: c.id,
                viewer: None,
            };
            let mut page = app
                .store
                .messages
                .list_messages(&filter, &PageRequest::first(messages))
                .await?
                .items;
            page.reverse();
            page
        }
        _ => Vec::new(),
    };
    let people = std::iter::once(booking.customer)
        .chain(booking.technician)
        .chain(chat.iter().map(|m| m.sender));
    let users = users_by_id(app, people).await?;
    Ok(DisputeFile {
        booking: BookingSummary::from(&booking),
        customer: Party::of(booking.customer, &users),
        technician: booking.technician.map(|t| Party::of(t, &users)),
        timeline: booking.status_history.clone(),
        dispute: booking.dispute.clone(),
        transactions: lines,
        money,
        audit,
        conversation: conversation.map(|c| c.id),
        messages: chat
            .iter()
            .map(|m| MessageLine {
                id: m.id,
                at: m.created_at,
                sender: m.sender,
                sender_name: Party::of(m.sender, &users).name,
                text: m.preview(2_000),
            })
            .collect(),
    })
}
