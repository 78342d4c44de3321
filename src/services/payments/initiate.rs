//! Starting a payment: M-Pesa (STK push to the customer's phone), Stripe (a PaymentIntent the
//! client confirms), cash (the technician records it, the customer confirms) and the wallet
//! (instant). Each creates the transaction before asking the gateway, so a crash in between
//! leaves an `initiated` transaction to look at, never money without a record.

use serde::Deserialize;

use super::arrival::Completion;
use super::flow::{self, Settled};
use super::fraud;
use crate::app::App;
use crate::domain::booking::{Actor, Booking, BookingStatus};
use crate::domain::money::{Currency, Money};
use crate::domain::transaction::{
    Gateway, GatewayRef, Transaction, TransactionStatus as T, TransactionType,
};
use crate::domain::user::Role;
use crate::domain::{Id, Phone, Timestamp};
use crate::error::{Error, FieldError, Result};
use crate::gateways::mpesa::StkPushRequest;
use crate::gateways::stripe::PaymentIntentRequest;
use crate::services::bookings;
use crate::services::input::{Field, Problems};

/// `POST /payments/mpesa` as sent.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct MpesaPayment {
    #[schema(value_type = String)]
    pub booking_id: Field<String>,
    /// The phone the STK push goes to (E.164 or a Kenyan format).
    #[schema(value_type = String)]
    pub phone_number: Field<String>,
}

/// `POST /payments/stripe`, `/payments/wallet` and `/payments/cash/confirm` as sent.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BookingPayment {
    pub booking_id: Option<String>,
}

/// `POST /payments/cash` as sent by the technician: what they collected.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct CashPayment {
    #[schema(value_type = String)]
    pub booking_id: Field<String>,
    /// Defaults to the booking's total.
    #[schema(value_type = Option<Object>)]
    pub amount: Field<Money>,
}

/// A started payment: the transaction and, for Stripe, the secret the client confirms with.
#[derive(Debug, Clone)]
pub struct Started {
    pub transaction: Transaction,
    pub client_secret: Option<String>,
}

fn booking_id(p: &mut Problems, raw: Option<&str>) -> Option<Id> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => p.id("bookingId", s),
        None => {
            p.push("bookingId", "is required");
            None
        }
    }
}

/// Booking `id` as its payer sees it, if it is in a state that is paid for: verified or
/// awaiting payment. Whether it already has a payment is decided once, by [`claim`].
async fn payable(app: &App, id: Id, actor: Actor, payer_side: bool) -> Result<Booking> {
    let b = bookings::load_visible(app, id, actor).await?;
    if payer_side && !bookings::is_customer_side(&b, actor) {
        return Err(Error::Forbidden(
            "only the booking's customer pays for it".into(),
        ));
    }
    payable_now(&b)?;
    Ok(b)
}

/// Whether booking `b` is in a state that is paid for: verified or awaiting payment.
fn payable_now(b: &Booking) -> Result<()> {
    if b.status == BookingStatus::Paid {
        return Err(Error::Conflict("the booking is already paid".into()));
    }
    if !matches!(
        b.status,
        BookingStatus::Verified | BookingStatus::PaymentPending
    ) {
        return Err(Error::Unprocessable(format!(
            "the booking is {}; it can be paid once the work is verified",
            b.status
        )));
    }
    Ok(())
}

/// Stores `tx` as its booking's one live payment ([`flow::claim`]); a second payment of the
/// same booking, whatever its gateway, is `409 CONFLICT` and stores nothing.
async fn claim(app: &App, tx: &Transaction) -> Result<()> {
    flow::claim(app, tx, payable_now).await
}

/// Who pays: the signed-in customer side (`payable` checked it), or the booking's customer.
fn payer(actor: Actor, b: &Booking) -> Id {
    actor.id().unwrap_or(b.customer)
}

/// The booking a payer's request names, if it can be paid now, and who pays.
async fn payer_side(app: &App, actor: Actor, req: &BookingPayment) -> Result<(Booking, Id)> {
    let mut p = Problems::default();
    let id = booking_id(&mut p, req.booking_id.as_deref());
    let id = p.finish_with(id)?;
    let b = payable(app, id, actor, true).await?;
    let payer = payer(actor, &b);
    Ok((b, payer))
}

/// Shows `payment_pending` on the booking while the customer pays (already there: nothing).
async fn mark_pending(app: &App, b: &Booking, actor: Actor) -> Result<()> {
    if b.status == BookingStatus::Verified {
        match bookings::transition(app, b.id, BookingStatus::PaymentPending, actor, None).await {
            Ok(_) | Err(Error::InvalidTransition { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// A booking payment transaction for `amount`, fraud-checked at creation.
async fn booking_transaction(
    app: &App,
    b: &Booking,
    payer: Id,
    gateway: Gateway,
    amount: Money,
    phone: Option<&Phone>,
) -> Result<Transaction> {
    if app.config.bookings.money_limits.problem(amount).is_some() {
        return Err(Error::Unprocessable(format!(
            "the booking's total {amount} is more than one payment may carry (MONEY_MAX_{})",
            amount.currency.code()
        )));
    }
    let now = Timestamp::now();
    let mut tx = flow::new_transaction(TransactionType::Payment, gateway, payer, amount, now);
    tx.booking = Some(b.id);
    tx.payee = b.technician;
    tx.description = Some(format!("Payment for booking {}", b.booking_number));
    tx.gateway_ref.phone_number = phone.map(|p| p.as_str().to_string());
    let flags = fraud::on_initiation(app, payer, phone.map(Phone::as_str), amount, now).await?;
    fraud::apply(&mut tx.fraud, &flags);
    Ok(tx)
}

/// Whole shillings M-Pesa is asked for: the total rounded up (the difference is the
/// platform's, see `Split::of_booking`).
pub fn mpesa_amount(total: Money) -> Result<i64> {
    if total.currency != Currency::Kes {
        return Err(Error::Unprocessable(format!(
            "M-Pesa takes KES; this booking is priced in {}",
            total.currency.code()
        )));
    }
    Ok((total.amount + 99).div_euclid(100).max(1))
}

/// Sends an STK push for `tx` (already stored) and records the answer; `reference` and
/// `description` are what the customer's phone shows (12 and 13 characters at most).
pub(super) async fn push(
    app: &App,
    tx: Transaction,
    phone: &Phone,
    reference: &str,
    description: &str,
) -> Result<Transaction> {
    let req = StkPushRequest {
        amount: tx.amount.amount / 100,
        phone: phone.digits().to_string(),
        account_reference: reference.chars().take(12).collect(),
        description: description.chars().take(13).collect(),
    };
    match app.mpesa.stk_push(&req).await {
        Ok(r) => {
            let refs = GatewayRef {
                checkout_request_id: Some(r.checkout_request_id),
                merchant_request_id: Some(r.merchant_request_id),
                ..Default::default()
            };
            flow::advance(app, tx.id, &[T::Initiated], T::Pending, &refs, None)
                .await?
                .ok_or_else(flow::busy)
        }
        Err(e) => {
            flow::fail(
                app,
                tx.id,
                T::Failed,
                format!("STK push refused: {e}"),
                None,
            )
            .await?;
            Err(e)
        }
    }
}

fn phone(p: &mut Problems, raw: Option<&str>) -> Option<Phone> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => {
            p.push("phoneNumber", "is required");
            None
        }
        Some(s) => match Phone::parse(s) {
            Ok(ph) if ph.digits().starts_with("254") => Some(ph),
            Ok(_) => {
                p.push("phoneNumber", "must be a Kenyan (+254) number for M-Pesa");
                None
            }
            Err(m) => {
                p.push("phoneNumber", m);
                None
            }
        },
    }
}

/// `POST /payments/mpesa`: STK push for the booking's total to the customer's phone.
pub async fn mpesa(app: &App, actor: Actor, req: MpesaPayment) -> Result<Transaction> {
    let mut p = Problems::default();
    let id = req
        .booking_id
        .read(&mut p, "bookingId")
        .and_then(|b| booking_id(&mut p, b.as_deref()));
    let phone = req
        .phone_number
        .read(&mut p, "phoneNumber")
        .and_then(|n| phone(&mut p, n.as_deref()));
    let (id, phone) = p.finish_with(id.zip(phone))?;
    let b = payable(app, id, actor, true).await?;
    let shillings = mpesa_amount(b.pricing.total)?;
    let payer = payer(actor, &b);
    let tx = booking_transaction(
        app,
        &b,
        payer,
        Gateway::Mpesa,
        Money::kes(shillings * 100),
        Some(&phone),
    )
    .await?;
    claim(app, &tx).await?;
    mark_pending(app, &b, actor).await?;
    push(app, tx, &phone, &b.booking_number, "BaiTech").await
}

/// `POST /payments/stripe`: a PaymentIntent for the booking's total; the client confirms it
/// with the returned secret and Stripe's webhook completes the payment.
pub async fn stripe(app: &App, actor: Actor, req: BookingPayment) -> Result<Started> {
    let (b, payer) = payer_side(app, actor, &req).await?;
    let mut tx =
        booking_transaction(app, &b, payer, Gateway::Stripe, b.pricing.total, None).await?;
    tx.gateway_ref.idempotency_key = Some(format!("pay:{}", tx.id));
    claim(app, &tx).await?;
    mark_pending(app, &b, actor).await?;
    intent(app, tx, &b.booking_number).await
}

/// Creates the PaymentIntent for `tx` (already stored) and records the answer; `reference`
/// describes it when the transaction has no description.
pub(super) async fn intent(app: &App, tx: Transaction, reference: &str) -> Result<Started> {
    let req = PaymentIntentRequest {
        amount: tx.amount,
        description: tx
            .description
            .clone()
            .unwrap_or_else(|| reference.to_string()),
        idempotency_key: tx.gateway_ref.idempotency_key.clone().unwrap_or_default(),
        metadata: vec![
            ("transactionId".into(), tx.id.to_string()),
            ("receiptNumber".into(), tx.receipt_number.clone()),
        ],
    };
    match app.stripe.create_payment_intent(&req).await {
        Ok(pi) => {
            let refs = GatewayRef {
                payment_intent_id: Some(pi.id),
                ..Default::default()
            };
            let tx = flow::advance(app, tx.id, &[T::Initiated], T::Pending, &refs, None)
                .await?
                .ok_or_else(flow::busy)?;
            Ok(Started {
                transaction: tx,
                client_secret: Some(pi.client_secret),
            })
        }
        Err(e) => {
            flow::fail(
                app,
                tx.id,
                T::Failed,
                format!("PaymentIntent refused: {e}"),
                None,
            )
            .await?;
            Err(e)
        }
    }
}

/// `POST /payments/wallet`: pays the booking from the customer's wallet at once; a wallet
/// that does not hold the total is `402 INSUFFICIENT_FUNDS` and nothing changes.
pub async fn wallet(app: &App, actor: Actor, req: BookingPayment) -> Result<Transaction> {
    let (b, payer) = payer_side(app, actor, &req).await?;
    let tx = booking_transaction(app, &b, payer, Gateway::Wallet, b.pricing.total, None).await?;
    claim(app, &tx).await?;
    let done = flow::complete(
        app,
        tx.id,
        Completion::in_full(&tx, "paid from the wallet", None),
    )
    .await;
    match done {
        Ok(Settled::Applied(t) | Settled::AlreadyDone(t)) => Ok(t),
        Ok(Settled::Duplicate) => flow::load(app, tx.id).await,
        Err(e) => {
            // Nothing moved: the attempt stays on record as failed.
            let reason = e.to_string();
            flow::fail(app, tx.id, T::Failed, reason, None).await?;
            Err(e)
        }
    }
}

/// `POST /payments/cash`: the assigned technician records the cash they collected; the
/// payment completes when the customer confirms it.
pub async fn cash(app: &App, actor: Actor, req: CashPayment) -> Result<Transaction> {
    let mut p = Problems::default();
    let id = req
        .booking_id
        .read(&mut p, "bookingId")
        .and_then(|b| booking_id(&mut p, b.as_deref()));
    let limits = &app.config.bookings.money_limits;
    let amount = req.amount.optional(&mut p, "amount");
    match amount {
        Some(m) if m.amount <= 0 => p.push("amount", "must be more than 0"),
        Some(m) => {
            if let Some(why) = limits.problem(m) {
                p.push("amount", why);
            }
        }
        None => {}
    }
    let id = p.finish_with(id)?;
    let b = payable(app, id, actor, false).await?;
    if !bookings::is_assigned_technician(&b, actor) {
        return Err(Error::Forbidden(
            "cash is recorded by the booking's technician".into(),
        ));
    }
    let amount = amount.unwrap_or(b.pricing.total);
    if amount.currency != b.pricing.total.currency {
        return Err(Error::Validation(vec![FieldError::new(
            "amount",
            format!("must be in {}", b.pricing.total.currency.code()),
        )]));
    }
    let mut tx = booking_transaction(app, &b, b.customer, Gateway::Cash, amount, None).await?;
    tx.record_status(
        T::Pending,
        Some("recorded by the technician".into()),
        tx.created_at,
    );
    if fraud::far_from(amount, b.pricing.total) {
        fraud::apply(
            &mut tx.fraud,
            &[crate::domain::transaction::FraudFlag::AmountMismatch],
        );
    }
    claim(app, &tx).await?;
    Ok(tx)
}

/// `POST /payments/transactions/:id/confirm`: the customer confirms the cash was handed over.
pub async fn confirm_cash(app: &App, actor: Actor, id: Id) -> Result<Transaction> {
    let tx = flow::load(app, id).await?;
    let is_payer = actor.id() == Some(tx.payer) || actor.role() == Some(Role::Admin);
    if tx.gateway != Gateway::Cash || !is_payer {
        return Err(Error::NotFound("transaction"));
    }
    if tx.status != T::Pending {
        return Err(Error::Conflict(format!(
            "the payment is already {}",
            tx.status
        )));
    }
    match flow::complete(
        app,
        id,
        Completion::in_full(&tx, "cash confirmed by the customer", None),
    )
    .await?
    {
        Settled::Applied(t) | Settled::AlreadyDone(t) => Ok(t),
        Settled::Duplicate => flow::load(app, id).await,
    }
}
