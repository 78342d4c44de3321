//! `/api/v1/payments` (and `/api/v1/transactions` for the original routes): paying for
//! bookings, gateway callbacks, wallets, receipts, refunds, escrow release and fraud review.
//!
//! Handlers only authenticate, decode and call `services::payments`. Who may call what:
//!
//! | route | who |
//! |---|---|
//! | `POST /mpesa`, `POST /stripe`, `POST /wallet` | the booking's customer or corporate account |
//! | `POST /cash` | the booking's assigned technician |
//! | `POST /mpesa/callback` | Daraja (unauthenticated; matched to a pending STK request, amount and phone checked) |
//! | `POST /mpesa/b2c/result`, `/mpesa/b2c/timeout` | Daraja (unauthenticated; matched to our payout or refund by its originator id) |
//! | `POST /stripe/webhook` | Stripe (unauthenticated; `Stripe-Signature` verified) |
//! | `GET /wallet`, `POST /wallet/top-up` | anyone signed in, for their own wallet |
//! | `GET /transactions`, `GET /transactions/:id`, `GET /transactions/:id/receipt` | the payer or payee; staff see all; others get 404 |
//! | `POST /transactions/:id/confirm` | the payer of a cash payment |
//! | `POST /transactions/:id/refund`, `/release`, `/review` | admins |

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::envelope;
use crate::api::extract::{AuthUser, Json, Query};
use crate::app::App;
use crate::domain::Id;
use crate::domain::booking::Actor;
use crate::domain::transaction::Transaction;
use crate::domain::user::Role;
use crate::error::{Error, Result};
use crate::services::payments::escrow::{self, ReviewRequest};
use crate::services::payments::initiate::{
    self, BookingPayment, CashPayment, MpesaPayment, Started,
};
use crate::services::payments::refunds::{self, RefundRequest};
use crate::services::payments::wallet::{self, TopUpRequest};
use crate::services::payments::{callbacks, queries, receipts};

/// The routes, to be nested at `/payments`.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/mpesa", post(mpesa))
        .route("/mpesa/callback", post(mpesa_callback))
        .route("/mpesa/b2c/result", post(b2c_result))
        .route("/mpesa/b2c/timeout", post(b2c_timeout))
        .route("/stripe", post(stripe))
        .route("/stripe/webhook", post(stripe_webhook))
        .route("/cash", post(cash))
        .route("/wallet", get(wallet_balance).post(wallet_pay))
        .route("/wallet/top-up", post(top_up))
        .merge(transaction_routes_at("/transactions"))
}

/// The transaction routes, also nested at `/api/v1/transactions` (the original API's path).
pub fn transaction_routes_at(prefix: &str) -> Router<App> {
    let p = |s: &str| format!("{prefix}{s}");
    Router::new()
        .route(&p(""), get(list))
        .route(&p("/{id}"), get(show))
        .route(&p("/{id}/receipt"), get(receipt))
        .route(&p("/{id}/confirm"), post(confirm))
        .route(&p("/{id}/refund"), post(refund))
        .route(&p("/{id}/release"), post(release))
        .route(&p("/{id}/review"), post(review))
}

fn actor(auth: &AuthUser) -> Actor {
    Actor::User {
        id: auth.id,
        role: auth.role,
    }
}

fn path_id(raw: &str) -> Result<Id> {
    Id::parse(raw).ok_or_else(|| Error::validation("id", "must be a 24-character hexadecimal id"))
}

fn staff(auth: &AuthUser) -> bool {
    matches!(auth.role, Role::Admin | Role::Support)
}

/// A transaction as `auth` may see it: raw gateway deliveries and fraud details are for staff;
/// others see only whether it is under review.
pub fn view(tx: &Transaction, staff: bool) -> Value {
    let mut v = serde_json::to_value(tx).unwrap_or(Value::Null);
    if !staff && let Some(o) = v.as_object_mut() {
        o.remove("webhooks");
        o.remove("metadata");
        o.insert("fraud".into(), json!({ "underReview": tx.fraud.held }));
    }
    v
}

fn started(s: Started, staff: bool) -> Response {
    envelope::created(json!({
        "transaction": view(&s.transaction, staff),
        "clientSecret": s.client_secret,
    }))
}

async fn mpesa(
    State(app): State<App>,
    auth: AuthUser,
    Json(body): Json<MpesaPayment>,
) -> Result<Response> {
    let tx = initiate::mpesa(&app, actor(&auth), body).await?;
    Ok(envelope::created(view(&tx, staff(&auth))))
}

async fn stripe(
    State(app): State<App>,
    auth: AuthUser,
    Json(body): Json<BookingPayment>,
) -> Result<Response> {
    let s = initiate::stripe(&app, actor(&auth), body).await?;
    Ok(started(s, staff(&auth)))
}

async fn cash(
    State(app): State<App>,
    auth: AuthUser,
    Json(body): Json<CashPayment>,
) -> Result<Response> {
    let tx = initiate::cash(&app, actor(&auth), body).await?;
    Ok(envelope::created(view(&tx, staff(&auth))))
}

async fn wallet_pay(
    State(app): State<App>,
    auth: AuthUser,
    Json(body): Json<BookingPayment>,
) -> Result<Response> {
    let tx = initiate::wallet(&app, actor(&auth), body).await?;
    Ok(envelope::created(view(&tx, staff(&auth))))
}

async fn wallet_balance(State(app): State<App>, auth: AuthUser) -> Result<Response> {
    Ok(envelope::ok(wallet::balance(&app, auth.id).await?))
}

async fn top_up(
    State(app): State<App>,
    auth: AuthUser,
    Json(body): Json<TopUpRequest>,
) -> Result<Response> {
    let s = wallet::top_up(&app, actor(&auth), body).await?;
    Ok(started(s, staff(&auth)))
}

/// Daraja wants `{"ResultCode": 0, "ResultDesc": "Accepted"}` for every delivery it should not
/// retry — including duplicates and ones we keep as unmatched; a body we cannot read is a 400.
async fn mpesa_callback(State(app): State<App>, Json(body): Json<Value>) -> Result<Response> {
    let handled = callbacks::mpesa_callback(&app, body).await?;
    tracing::info!(?handled, "M-Pesa callback");
    Ok(axum::Json(json!({ "ResultCode": 0, "ResultDesc": "Accepted" })).into_response())
}

/// B2C results (payouts and refunds): acknowledged like STK callbacks.
async fn b2c_result(State(app): State<App>, Json(body): Json<Value>) -> Result<Response> {
    let handled = callbacks::b2c_result(&app, body, false).await?;
    tracing::info!(?handled, "M-Pesa B2C result");
    Ok(axum::Json(json!({ "ResultCode": 0, "ResultDesc": "Accepted" })).into_response())
}

async fn b2c_timeout(State(app): State<App>, Json(body): Json<Value>) -> Result<Response> {
    let handled = callbacks::b2c_result(&app, body, true).await?;
    tracing::info!(?handled, "M-Pesa B2C timeout");
    Ok(axum::Json(json!({ "ResultCode": 0, "ResultDesc": "Accepted" })).into_response())
}

/// The raw body is what Stripe signed, so it is read as bytes, not re-encoded JSON.
async fn stripe_webhook(
    State(app): State<App>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    let sig = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok());
    let handled = callbacks::stripe_webhook(&app, &body, sig).await?;
    tracing::info!(?handled, "Stripe webhook");
    Ok(axum::Json(json!({ "received": true })).into_response())
}

async fn list(
    State(app): State<App>,
    auth: AuthUser,
    Query(q): Query<queries::ListQuery>,
) -> Result<Response> {
    let page = queries::list(&app, actor(&auth), &q).await?;
    let s = staff(&auth);
    Ok(envelope::list(page.map(|t| view(&t, s))))
}

async fn show(State(app): State<App>, auth: AuthUser, Path(id): Path<String>) -> Result<Response> {
    let tx = queries::get(&app, path_id(&id)?, actor(&auth)).await?;
    Ok(envelope::ok(view(&tx, staff(&auth))))
}

#[derive(Debug, Default, Deserialize)]
struct ReceiptQuery {
    format: Option<String>,
}

/// `?format=json` (default), `text` or `html`.
async fn receipt(
    State(app): State<App>,
    auth: AuthUser,
    Path(id): Path<String>,
    Query(q): Query<ReceiptQuery>,
) -> Result<Response> {
    let r = receipts::for_viewer(&app, path_id(&id)?, actor(&auth)).await?;
    Ok(match q.format.as_deref() {
        None | Some("json") => envelope::ok(r),
        Some("text") => (
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            r.text(),
        )
            .into_response(),
        Some("html") => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            r.html(),
        )
            .into_response(),
        Some(_) => return Err(Error::validation("format", "must be json, text or html")),
    })
}

async fn confirm(
    State(app): State<App>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> Result<Response> {
    let tx = initiate::confirm_cash(&app, actor(&auth), path_id(&id)?).await?;
    Ok(envelope::ok(view(&tx, staff(&auth))))
}

async fn refund(
    State(app): State<App>,
    auth: AuthUser,
    Path(id): Path<String>,
    Json(body): Json<RefundRequest>,
) -> Result<Response> {
    let r = refunds::refund(&app, path_id(&id)?, actor(&auth), body).await?;
    Ok(envelope::created(view(&r, true)))
}

async fn release(
    State(app): State<App>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> Result<Response> {
    let tx = escrow::release(&app, path_id(&id)?, actor(&auth)).await?;
    Ok(envelope::ok(view(&tx, true)))
}

async fn review(
    State(app): State<App>,
    auth: AuthUser,
    Path(id): Path<String>,
    Json(body): Json<ReviewRequest>,
) -> Result<Response> {
    let tx = escrow::review(&app, path_id(&id)?, actor(&auth), body).await?;
    Ok(envelope::ok(view(&tx, true)))
}
