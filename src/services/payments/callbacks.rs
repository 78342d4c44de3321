//! What gateways tell us: M-Pesa's STK result callback, Stripe's webhooks, and the STK query
//! for requests whose callback never came. Every delivery is stored once per gateway event id
//! (`gateway_events`) in the same write as the change it causes, so a duplicate changes
//! nothing; one that arrives after its transaction moved on is kept as `ignored`, and one that
//! matches no transaction as `unmatched` for review — nothing is dropped.

use chrono::Duration;

use super::arrival::{AWAITING, Completion};
use super::flow::{self, Settled};
use crate::app::App;
use crate::domain::money::{Currency, Money};
use crate::domain::transaction::{Gateway, GatewayRef, TransactionStatus as T};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::gateways::mpesa::parse_stk_callback;
use crate::services::jobs::{JobRun, Outcome};
use crate::store::{GatewayRefKey, PageRequest, TransactionFilter};

/// What handling a delivery came to, for logs and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handled {
    /// It changed transaction `0`.
    Applied(Id),
    /// Its transaction had already moved on.
    Ignored,
    /// Seen before.
    Duplicate,
    /// No transaction matches it (kept for review).
    Unmatched,
    /// It reported a success M-Pesa's own STK query does not confirm: nothing moved (kept for
    /// review).
    Unconfirmed,
}

fn handled(s: Settled) -> Handled {
    match s {
        Settled::Applied(t) => Handled::Applied(t.id),
        Settled::AlreadyDone(_) => Handled::Ignored,
        Settled::Duplicate => Handled::Duplicate,
    }
}

/// M-Pesa's `ResultCode`s in words.
pub fn mpesa_reason(code: i64, desc: &str) -> String {
    let what = match code {
        1 => "insufficient M-Pesa balance",
        1032 => "cancelled by the customer",
        1037 => "the customer's phone did not answer in time",
        2001 => "wrong M-Pesa PIN",
        1025 | 9999 => "M-Pesa could not send the request",
        _ => "M-Pesa declined the payment",
    };
    format!("{what} (ResultCode {code}: {desc})")
}

/// `POST /payments/mpesa/callback/:secret` (the route checked the secret and the address):
/// Daraja's `Body.stkCallback`, unchanged. A success of a waiting request is confirmed with
/// the STK query before any money moves.
pub async fn mpesa_callback(app: &App, body: serde_json::Value) -> Result<Handled> {
    let cb = parse_stk_callback(&body)?;
    let event = flow::event(
        Gateway::Mpesa,
        &cb.checkout_request_id,
        "stk_callback",
        body,
    );
    let tx = app
        .store
        .transactions
        .find_transaction_by_gateway_ref(GatewayRefKey::CheckoutRequestId, &cb.checkout_request_id)
        .await?;
    let Some(tx) = tx.filter(|t| t.gateway == Gateway::Mpesa) else {
        tracing::warn!(checkout_request_id = %cb.checkout_request_id, "M-Pesa callback matches no transaction");
        flow::record_unmatched(app, event).await?;
        return Ok(Handled::Unmatched);
    };
    let settled = if cb.result_code == 0 && !AWAITING.contains(&tx.status) {
        // Its transaction already moved on: kept as ignored (or a duplicate), nothing to prove.
        flow::ignore(app, tx, &Some(event)).await?
    } else if cb.result_code == 0 {
        // A success moves money only once M-Pesa itself confirms it: anyone who learns a
        // checkout id can post this body, only Safaricom can answer the query.
        let confirmed = app.mpesa.stk_query(&cb.checkout_request_id).await?;
        if confirmed.result_code != Some(0) {
            tracing::warn!(
                transaction.id = %tx.id,
                checkout_request_id = %cb.checkout_request_id,
                query = ?confirmed,
                "M-Pesa success callback not confirmed by the STK query: nothing moved"
            );
            // Kept for review under its own id, so the genuine result (callback or query)
            // still applies once.
            let mut event = event;
            event.event_id = format!("{}:unconfirmed:{}", cb.checkout_request_id, Id::new());
            event.kind = "stk_callback_unconfirmed".into();
            flow::record_unmatched(app, event).await?;
            return Ok(Handled::Unconfirmed);
        }
        let completion = Completion {
            // A success without an amount is recorded as zero, which the amount check flags.
            received: Money::kes(cb.amount_minor.unwrap_or(0)),
            phone: cb.phone.clone(),
            refs: GatewayRef {
                mpesa_receipt_number: cb.receipt.clone(),
                ..Default::default()
            },
            event: Some(event),
            reason: format!(
                "M-Pesa receipt {}",
                cb.receipt.as_deref().unwrap_or("missing")
            ),
        };
        flow::complete(app, tx.id, completion).await?
    } else {
        let reason = mpesa_reason(cb.result_code, &cb.result_desc);
        flow::fail(app, tx.id, T::Failed, reason, Some(event)).await?
    };
    Ok(handled(settled))
}

fn currency(code: &str) -> Option<Currency> {
    [
        Currency::Kes,
        Currency::Usd,
        Currency::Eur,
        Currency::Ugx,
        Currency::Tzs,
    ]
    .into_iter()
    .find(|c| c.code().eq_ignore_ascii_case(code))
}

/// `POST /payments/stripe/webhook`: a signed Stripe event. A bad or stale signature is
/// `BadRequest` and nothing is recorded (anyone can send a request; only Stripe can sign it).
pub async fn stripe_webhook(app: &App, payload: &[u8], signature: Option<&str>) -> Result<Handled> {
    let Some(signature) = signature else {
        return Err(Error::BadRequest("missing Stripe-Signature header".into()));
    };
    let ev = app
        .stripe
        .verify_webhook(payload, signature, Timestamp::now().millis() / 1000)?;
    let event = flow::event(Gateway::Stripe, &ev.id, &ev.kind, ev.raw.clone());
    let refund_failed = matches!(
        ev.kind.as_str(),
        "refund.failed" | "refund.updated" | "charge.refund.updated"
    ) && ev.object.get("status").and_then(|v| v.as_str()) == Some("failed");
    if refund_failed {
        return stripe_refund_failed(app, &ev.object, event).await;
    }
    let intent_id = ev.object.get("id").and_then(|v| v.as_str()).unwrap_or("");
    let tx = if ev.kind.starts_with("payment_intent.") && !intent_id.is_empty() {
        app.store
            .transactions
            .find_transaction_by_gateway_ref(GatewayRefKey::PaymentIntentId, intent_id)
            .await?
    } else {
        None
    };
    let Some(tx) = tx else {
        flow::record_unmatched(app, event).await?;
        return Ok(Handled::Unmatched);
    };
    let obj = &ev.object;
    let settled = match ev.kind.as_str() {
        "payment_intent.succeeded" => {
            let amount = obj
                .get("amount_received")
                .or_else(|| obj.get("amount"))
                .and_then(|v| v.as_i64())
                .unwrap_or(0);
            let cur = obj
                .get("currency")
                .and_then(|v| v.as_str())
                .and_then(currency)
                .unwrap_or(tx.amount.currency);
            let charge = obj
                .get("latest_charge")
                .and_then(|v| v.as_str())
                .map(str::to_string);
            let completion = Completion {
                received: Money::new(amount, cur),
                phone: None,
                refs: GatewayRef {
                    charge_id: charge,
                    ..Default::default()
                },
                event: Some(event),
                reason: "Stripe payment succeeded".into(),
            };
            flow::complete(app, tx.id, completion).await?
        }
        "payment_intent.processing" => {
            let moved = flow::advance(
                app,
                tx.id,
                &[T::Initiated, T::Pending],
                T::Processing,
                &GatewayRef::default(),
                Some(event),
            )
            .await?;
            return Ok(match moved {
                Some(t) => Handled::Applied(t.id),
                None => Handled::Ignored,
            });
        }
        "payment_intent.payment_failed" => {
            let why = obj
                .pointer("/last_payment_error/message")
                .and_then(|v| v.as_str())
                .unwrap_or("the payment failed");
            flow::fail(app, tx.id, T::Failed, format!("Stripe: {why}"), Some(event)).await?
        }
        "payment_intent.canceled" => {
            let why = obj
                .get("cancellation_reason")
                .and_then(|v| v.as_str())
                .unwrap_or("canceled");
            flow::fail(
                app,
                tx.id,
                T::Cancelled,
                format!("Stripe: {why}"),
                Some(event),
            )
            .await?
        }
        // Known intent, an event we do not act on: kept, changes nothing.
        _ => flow::ignore(app, tx, &Some(event)).await?,
    };
    Ok(handled(settled))
}

/// Stripe reports that a refund we sent failed after all (e.g. the card was closed): the
/// refund fails and its money goes back (into escrow, or the customer's wallet if escrow was
/// released meanwhile), as when a gateway refuses a refund at once.
async fn stripe_refund_failed(
    app: &App,
    refund: &serde_json::Value,
    event: crate::domain::ledger::GatewayEvent,
) -> Result<Handled> {
    let refund_id = refund.get("id").and_then(|v| v.as_str()).unwrap_or("");
    let intent = refund
        .get("payment_intent")
        .and_then(|v| v.as_str())
        .unwrap_or("");
    let payment = match intent {
        "" => None,
        pi => {
            app.store
                .transactions
                .find_transaction_by_gateway_ref(GatewayRefKey::PaymentIntentId, pi)
                .await?
        }
    };
    let ours = match &payment {
        Some(p) => {
            let refunds = app
                .store
                .transactions
                .list_transactions(
                    &TransactionFilter {
                        payer: Some(p.payer),
                        booking: p.booking,
                        kind: Some(crate::domain::transaction::TransactionType::Refund),
                        ..Default::default()
                    },
                    &PageRequest::first(100),
                )
                .await?;
            refunds.items.into_iter().find(|r| {
                r.parent == Some(p.id) && r.gateway_ref.refund_id.as_deref() == Some(refund_id)
            })
        }
        None => None,
    };
    let Some(r) = ours else {
        flow::record_unmatched(app, event).await?;
        return Ok(Handled::Unmatched);
    };
    let why = refund
        .get("failure_reason")
        .and_then(|v| v.as_str())
        .unwrap_or("the refund failed");
    let lines = app.store.ledger.transaction_lines(r.id).await?;
    super::refunds::undo(app, &r, lines, &format!("Stripe: {why}"), Some(event)).await?;
    Ok(Handled::Applied(r.id))
}

/// An STK request older than this without a callback is asked about.
pub const QUERY_AFTER_MINUTES: i64 = 2;
/// An STK request the customer has still not answered after this is failed.
pub const GIVE_UP_AFTER_MINUTES: i64 = 60;

/// Job `mpesa_query`: asks Daraja about pending STK requests whose callback never came and
/// applies the answer as the callback would (same event id, so a late callback is a duplicate).
pub async fn query_stale(app: &App, now: Timestamp, run: &mut JobRun) -> Result<()> {
    let filter = TransactionFilter {
        gateway: Some(Gateway::Mpesa),
        statuses: vec![T::Pending],
        created_to: Some(now.minus(Duration::minutes(QUERY_AFTER_MINUTES))),
        ..Default::default()
    };
    let page = app
        .store
        .transactions
        .list_transactions(&filter, &PageRequest::first(100))
        .await?;
    run.scanned += page.items.len() as u64;
    for tx in page.items {
        let outcome = query_one(app, &tx, now).await;
        run.record(tx.id, outcome);
    }
    Ok(())
}

async fn query_one(
    app: &App,
    tx: &crate::domain::transaction::Transaction,
    now: Timestamp,
) -> Result<Outcome> {
    let Some(checkout) = tx.gateway_ref.checkout_request_id.clone() else {
        return Ok(Outcome::Idle);
    };
    let answer = app.mpesa.stk_query(&checkout).await?;
    let payload = serde_json::json!({
        "source": "stk_query",
        "ResultCode": answer.result_code,
        "ResultDesc": answer.result_desc,
    });
    let mut event = flow::event(Gateway::Mpesa, &checkout, "stk_query", payload);
    let settled = match answer.result_code {
        Some(0) => {
            flow::complete(
                app,
                tx.id,
                Completion::in_full(
                    tx,
                    "confirmed by STK query (no callback arrived)",
                    Some(event),
                ),
            )
            .await?
        }
        Some(code) => {
            let reason = mpesa_reason(code, &answer.result_desc);
            flow::fail(app, tx.id, T::Failed, reason, Some(event)).await?
        }
        None if tx.created_at < now.minus(Duration::minutes(GIVE_UP_AFTER_MINUTES)) => {
            let reason =
                format!("no answer from the customer within {GIVE_UP_AFTER_MINUTES} minutes");
            // Not the request's result: a callback that still comes is handled (and, if it
            // reports money, shows up in reconciliation as arriving for a closed transaction).
            event.event_id = format!("{checkout}:expired");
            flow::fail(app, tx.id, T::Failed, reason, Some(event)).await?
        }
        None => return Ok(Outcome::Idle),
    };
    Ok(match settled {
        Settled::Applied(_) => Outcome::Changed,
        _ => Outcome::LostRace,
    })
}

/// What M-Pesa's B2C result (or queue timeout) says about one payout or refund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct B2cResult {
    /// Our transaction id (we send it as the originator conversation id).
    pub originator_conversation_id: String,
    pub conversation_id: Option<String>,
    pub result_code: i64,
    pub result_desc: String,
    /// M-Pesa's receipt of the transfer.
    pub transaction_id: Option<String>,
}

/// Reads Daraja's `{"Result": {...}}` body.
pub fn parse_b2c_result(body: &serde_json::Value) -> Result<B2cResult> {
    let r = body
        .get("Result")
        .ok_or_else(|| Error::BadRequest("a B2C result needs a Result object".into()))?;
    let text = |k: &str| {
        r.get(k).and_then(|v| match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    let originator = text("OriginatorConversationID")
        .ok_or_else(|| Error::BadRequest("Result.OriginatorConversationID is required".into()))?;
    let code = text("ResultCode")
        .and_then(|c| c.parse::<i64>().ok())
        .ok_or_else(|| Error::BadRequest("Result.ResultCode is required".into()))?;
    Ok(B2cResult {
        originator_conversation_id: originator,
        conversation_id: text("ConversationID"),
        result_code: code,
        result_desc: text("ResultDesc").unwrap_or_default(),
        transaction_id: text("TransactionID"),
    })
}

/// `POST /payments/mpesa/b2c/result/:secret` and `/timeout/:secret`: the final word on a
/// payout or refund sent through B2C. Success confirms it (the M-Pesa receipt is kept); a
/// failure — or a request that expired in M-Pesa's queue — puts the money back: a payout on
/// the technician's payable (its batch item marked failed), a refund into escrow or, if escrow
/// was released meanwhile, into the customer's wallet. Only a payout or refund of ours that
/// is still waiting for its result is changed by one.
pub async fn b2c_result(app: &App, body: serde_json::Value, timed_out: bool) -> Result<Handled> {
    let r = parse_b2c_result(&body)?;
    let kind = if timed_out {
        "b2c_timeout"
    } else {
        "b2c_result"
    };
    let event_id = format!("{}:{kind}", r.originator_conversation_id);
    let event = flow::event(Gateway::Mpesa, &event_id, kind, body);
    let tx = match Id::parse(&r.originator_conversation_id) {
        Some(id) => app.store.transactions.get(id).await?,
        None => None,
    };
    let Some(tx) = tx.filter(|t| {
        matches!(
            t.kind,
            crate::domain::transaction::TransactionType::Payout
                | crate::domain::transaction::TransactionType::Refund
        )
    }) else {
        flow::record_unmatched(app, event).await?;
        return Ok(Handled::Unmatched);
    };
    if r.result_code == 0 && !timed_out {
        let refs = GatewayRef {
            mpesa_receipt_number: r.transaction_id.clone(),
            payout_id: r.conversation_id.clone(),
            ..Default::default()
        };
        let moved = flow::advance(
            app,
            tx.id,
            &[T::Pending, T::Processing, T::Completed],
            T::Completed,
            &refs,
            Some(event),
        )
        .await?;
        return Ok(match moved {
            Some(t) => Handled::Applied(t.id),
            None => Handled::Ignored,
        });
    }
    if tx.gateway_ref.mpesa_receipt_number.is_some() {
        // A B2C result already confirmed it paid (with M-Pesa's receipt): a later failure or
        // queue timeout cannot put the money back a second time.
        tracing::warn!(transaction.id = %tx.id, kind, "B2C failure for a confirmed transfer ignored");
        flow::ignore(app, tx, &Some(event)).await?;
        return Ok(Handled::Ignored);
    }
    let why = if timed_out {
        "the request expired in M-Pesa's queue".to_string()
    } else {
        mpesa_reason(r.result_code, &r.result_desc)
    };
    let lines = app.store.ledger.transaction_lines(tx.id).await?;
    match tx.kind {
        crate::domain::transaction::TransactionType::Refund => {
            super::refunds::undo(app, &tx, lines, &why, Some(event)).await?;
        }
        _ => super::settlements::reverse(app, &tx, lines, &why, Some(event)).await?,
    }
    Ok(Handled::Applied(tx.id))
}
