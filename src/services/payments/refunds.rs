//! Refunds, full or partial, of money still in escrow: back through the gateway the customer
//! paid with (Stripe refund, M-Pesa B2C) or into their wallet. The sum of a payment's refunds
//! never exceeds what was paid: each refund takes the next number of its payment as its
//! idempotency key, so two racing refunds cannot both be written from the same snapshot.
//!
//! A gateway refund is written first (refund `pending`, escrow → clearing) and then sent; if the
//! gateway refuses, the refund is `failed` and the money goes back into escrow in one write.

use serde::Deserialize;

use super::arrival::HOLDING;
use super::flow::{self, MAX_ATTEMPTS};
use super::postings::{self, RefundTo};
use crate::app::App;
use crate::auth::require_admin_actor;
use crate::domain::booking::{Actor, BookingStatus};
use crate::domain::ledger::EntryKind;
use crate::domain::money::Money;
use crate::domain::transaction::{
    Gateway, GatewayRef, Transaction, TransactionStatus as T, TransactionType,
};
use crate::domain::user::Role;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, FieldError, Result};
use crate::gateways::mpesa::{B2cCommand, B2cRequest};
use crate::gateways::stripe::RefundRequest as StripeRefundRequest;
use crate::realtime::{Event, PaymentChange};
use crate::services::input::Problems;
use crate::store::{MoneyWrite, TransactionFilter, WriteOutcome};

/// `POST /payments/transactions/:id/refund` as sent.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundRequest {
    /// Defaults to everything still refundable.
    pub amount: Option<Money>,
    /// `original` (default) or `wallet`.
    pub destination: Option<String>,
    pub reason: Option<String>,
}

/// An admin refunds (part of) payment `id`. Returns the refund transaction.
pub async fn refund(app: &App, id: Id, actor: Actor, req: RefundRequest) -> Result<Transaction> {
    let by = require_admin_actor(actor, "refunds payments")?;
    refund_as(app, id, by, req, false).await
}

fn parent_status(refundable_left: i64) -> T {
    if refundable_left <= 0 {
        T::Refunded
    } else {
        T::PartiallyRefunded
    }
}

/// [`refund`] on behalf of admin `by`; `allow_held` lets a rejected fraud review refund a
/// held payment.
pub async fn refund_as(
    app: &App,
    id: Id,
    by: Id,
    req: RefundRequest,
    allow_held: bool,
) -> Result<Transaction> {
    let mut p = Problems::default();
    let reason = p.text("reason", req.reason.as_deref(), 3, 500);
    let to = match req.destination.as_deref() {
        None | Some("original") => Some(RefundTo::Original),
        Some("wallet") => Some(RefundTo::Wallet),
        Some(_) => {
            p.push("destination", "must be original or wallet");
            None
        }
    };
    if let Some(why) = req
        .amount
        .and_then(|m| app.config.bookings.money_limits.problem(m))
    {
        p.push("amount", why);
    } else if req.amount.is_some_and(|m| m.amount <= 0) {
        p.push("amount", "must be more than 0");
    }
    let (reason, to) = p.finish_with(reason.zip(to))?;
    let admin = Actor::User {
        id: by,
        role: Role::Admin,
    };
    for _ in 0..MAX_ATTEMPTS {
        let payment = flow::load(app, id).await?;
        let held_top_up = payment.kind == TransactionType::TopUp && allow_held;
        if payment.kind != TransactionType::Payment && !held_top_up {
            return Err(Error::Unprocessable("only payments are refunded".into()));
        }
        if !HOLDING.contains(&payment.status) {
            return Err(Error::Unprocessable(format!(
                "only money still in escrow can be refunded; this payment is {}",
                payment.status
            )));
        }
        if payment.fraud.held && !allow_held {
            return Err(Error::Unprocessable(
                "the payment is held for fraud review; review it first".into(),
            ));
        }
        let left = payment.refundable()?;
        let amount = req.amount.unwrap_or(left);
        if amount.currency != left.currency || amount.amount > left.amount {
            return Err(Error::Validation(vec![FieldError::new(
                "amount",
                format!("must be at most what is left to refund ({left})"),
            )]));
        }
        let gateway = match to {
            RefundTo::Wallet => Gateway::Wallet,
            RefundTo::Original => payment.gateway,
        };
        if gateway == Gateway::Mpesa && amount.amount % 100 != 0 {
            return Err(Error::Validation(vec![FieldError::new(
                "amount",
                "M-Pesa refunds are whole shillings",
            )]));
        }
        let now = Timestamp::now();
        let earlier = app
            .store
            .transactions
            .count_transactions(&TransactionFilter {
                kind: Some(TransactionType::Refund),
                booking: payment.booking,
                payer: Some(payment.payer),
                ..Default::default()
            })
            .await?;
        let mut r =
            flow::new_transaction(TransactionType::Refund, gateway, payment.payer, amount, now);
        r.parent = Some(payment.id);
        r.booking = payment.booking;
        r.description = Some(format!("Refund of {}: {reason}", payment.receipt_number));
        r.gateway_ref.idempotency_key = Some(format!("refund:{}:{}", payment.id, earlier + 1));
        r.gateway_ref.phone_number = payment.gateway_ref.phone_number.clone();
        let instant = matches!(gateway, Gateway::Wallet | Gateway::Cash);
        r.record_status(
            if instant { T::Completed } else { T::Pending },
            Some(reason.clone()),
            now,
        );
        let mut parent = payment.clone();
        parent.refunded_amount = payment.refunded_amount.checked_add(amount)?;
        let status = parent_status(parent.refundable()?.amount);
        parent.record_status(status, Some(reason.clone()), now);
        let mut write = MoneyWrite {
            lines: postings::refund(&r, &payment, amount, to, now)?,
            insert: vec![r.clone()],
            update: vec![(parent.clone(), payment.status)],
            ..Default::default()
        };
        if status == T::Refunded
            && let Some(bid) = payment.booking
            && let Some(b) = app.store.bookings.get(bid).await?
            && b.status == BookingStatus::Paid
        {
            let mut nb = b.clone();
            if nb
                .apply_transition(BookingStatus::Refunded, admin, Some(reason.clone()), now)
                .is_ok()
            {
                write.booking = Some((nb, b.version));
            }
        }
        match app.store.ledger.apply_money(&write).await {
            Ok(WriteOutcome::Applied) => {}
            Ok(_) | Err(Error::Conflict(_)) => continue,
            Err(e) => return Err(e),
        }
        flow::audit(
            app,
            by,
            "payment.refund",
            &payment,
            &parent,
            Some(reason.clone()),
        )
        .await;
        if instant {
            refunded(app, &r, Some(reason)).await;
            return Ok(r);
        }
        let sent = send(app, r, &payment, write.lines).await?;
        refunded(app, &sent, Some(reason)).await;
        return Ok(sent);
    }
    Err(flow::busy())
}

/// Tells the customer of refund `r` (once it is completed, or handed to the gateway).
async fn refunded(app: &App, r: &Transaction, reason: Option<String>) {
    let e = Event::payment(
        r,
        PaymentChange::Refunded,
        r.amount,
        None,
        reason,
        r.updated_at,
    );
    app.publish(e).await;
}

/// Sends a written gateway refund; on refusal fails it and puts the money back in escrow.
async fn send(
    app: &App,
    r: Transaction,
    payment: &Transaction,
    lines: Vec<crate::domain::ledger::LedgerLine>,
) -> Result<Transaction> {
    let key = r.gateway_ref.idempotency_key.clone().unwrap_or_default();
    let sent = match r.gateway {
        Gateway::Stripe => {
            let intent = payment
                .gateway_ref
                .payment_intent_id
                .clone()
                .unwrap_or_default();
            app.stripe
                .create_refund(&StripeRefundRequest {
                    payment_intent: intent,
                    amount: r.amount,
                    idempotency_key: key,
                    reason: Some("requested_by_customer".into()),
                })
                .await
                .map(|x| x.id)
        }
        _ => {
            let phone = payment.gateway_ref.phone_number.clone().unwrap_or_default();
            app.mpesa
                .b2c(&B2cRequest {
                    amount: r.amount.amount / 100,
                    phone: phone.trim_start_matches('+').to_string(),
                    remarks: format!("Refund {}", payment.receipt_number),
                    originator_conversation_id: r.id.to_string(),
                    command: B2cCommand::BusinessPayment,
                })
                .await
                .map(|x| x.conversation_id)
        }
    };
    match sent {
        Ok(reference) => {
            let refs = GatewayRef {
                refund_id: Some(reference),
                ..Default::default()
            };
            Ok(
                flow::advance(app, r.id, &[T::Pending], T::Completed, &refs, None)
                    .await?
                    .unwrap_or(r),
            )
        }
        Err(e) => {
            undo(app, &r, lines, &e.to_string(), None).await?;
            Err(e)
        }
    }
}

/// The gateway refused refund `r` (at once, or later in its B2C result): it fails and its
/// amount goes back into its payment's escrow, with `event` recorded in the same write.
pub(crate) async fn undo(
    app: &App,
    r: &Transaction,
    lines: Vec<crate::domain::ledger::LedgerLine>,
    why: &str,
    event: Option<crate::domain::ledger::GatewayEvent>,
) -> Result<()> {
    for _ in 0..MAX_ATTEMPTS {
        let now = Timestamp::now();
        let current = flow::load(app, r.id).await?;
        if !matches!(current.status, T::Pending | T::Completed) {
            return Ok(());
        }
        let payment = flow::load(app, r.parent.unwrap_or_default()).await?;
        let mut failed = current.clone();
        failed.failure_reason = Some(why.to_string());
        failed.record_status(T::Failed, Some(format!("the gateway refused: {why}")), now);
        let write = if HOLDING.contains(&payment.status) || payment.status == T::Refunded {
            // The payment still holds its escrow: the money goes back there.
            let mut parent = payment.clone();
            parent.refunded_amount = payment.refunded_amount.checked_sub(r.amount)?;
            let status = if parent.refunded_amount.amount == 0 {
                T::Escrow
            } else {
                T::PartiallyRefunded
            };
            parent.record_status(status, Some("refund failed".into()), now);
            MoneyWrite {
                lines: postings::reversal(&lines, EntryKind::Refund, r.id, now)?,
                update: vec![(failed, current.status), (parent, payment.status)],
                event: event.clone(),
                ..Default::default()
            }
        } else {
            // The rest of escrow was released meanwhile: the customer is still owed the refund,
            // so it is credited to their wallet instead.
            failed.description = Some(format!(
                "{}; credited to the wallet instead",
                failed.description.clone().unwrap_or_default()
            ));
            let to = lines
                .iter()
                .find(|l| l.amount < 0)
                .map(|l| l.account.clone())
                .unwrap_or_else(|| postings::source(&payment));
            let lines = crate::domain::ledger::EntryBuilder::new(
                EntryKind::Refund,
                r.id,
                r.amount.currency,
            )
            .debit(to, r.amount)
            .credit(
                crate::domain::ledger::Account::wallet(payment.payer),
                r.amount,
            )
            .build(now)
            .map_err(|e| Error::internal("ledger: refund to wallet", e))?;
            MoneyWrite {
                lines,
                update: vec![(failed, current.status)],
                event: event.clone(),
                ..Default::default()
            }
        };
        match app.store.ledger.apply_money(&write).await? {
            WriteOutcome::Applied | WriteOutcome::DuplicateEvent => return Ok(()),
            WriteOutcome::Stale => continue,
        }
    }
    Err(flow::busy())
}

/// How much of the escrow a dispute resolution gives back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisputeRefund {
    Nothing,
    Everything,
    Amount(Money),
}

/// What the dispute resolution of `booking` still owes the customer out of `payment`: the
/// decided refund minus what was already refunded; `None` when nothing is (or was decided).
pub fn outstanding_refund(
    booking: &crate::domain::booking::Booking,
    payment: &Transaction,
) -> Result<Option<Money>> {
    let Some(r) = booking.dispute.as_ref().and_then(|d| d.resolution.as_ref()) else {
        return Ok(None);
    };
    let left = payment.refundable()?;
    let mut owed = match (r.outcome, r.refund_amount) {
        (crate::domain::booking::DisputeOutcome::RefundFull, _) => left,
        (_, Some(m)) => Money::new(
            m.amount
                .saturating_sub(payment.refunded_amount.amount)
                .max(0),
            m.currency,
        ),
        (_, None) => return Ok(None),
    };
    owed.amount = owed.amount.min(left.amount);
    if payment.gateway == Gateway::Mpesa {
        // M-Pesa pays whole shillings; cents of a split stay with the payment's release.
        owed.amount -= owed.amount % 100;
    }
    Ok((owed.amount > 0).then_some(owed))
}
