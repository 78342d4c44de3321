//! `/api/v1/payments` (and `/api/v1/transactions` for the original routes): paying for
//! bookings, gateway callbacks, wallets, receipts, refunds, escrow release and fraud review.
//!
//! Handlers only authenticate, decode and call `services::payments`. Who may call what:
//!
//! | route | who |
//! |---|---|
//! | `POST /mpesa`, `POST /stripe`, `POST /wallet` | the booking's customer or corporate account |
//! | `POST /cash` | the booking's assigned technician |
//! | `POST /mpesa/callback/:secret` | Daraja (no token: the secret of `MPESA_CALLBACK_URL`, an allowed address, matched to a pending STK request, a success confirmed by STK query, amount and phone checked) |
//! | `POST /mpesa/b2c/result/:secret`, `/mpesa/b2c/timeout/:secret` | Daraja (the same secret and address; matched to our waiting payout or refund by its originator id) |
//! | `POST /mpesa/callback`, `/mpesa/b2c/result`, `/mpesa/b2c/timeout` | acknowledged, logged, change nothing |
//! | `POST /stripe/webhook` | Stripe (unauthenticated; `Stripe-Signature` verified) |
//! | `GET /wallet`, `POST /wallet/top-up` | anyone signed in, for their own wallet |
//! | `GET /transactions`, `GET /transactions/:id`, `GET /transactions/:id/receipt` | the payer or payee; staff see all; others get 404 |
//! | `POST /transactions/:id/confirm` | the payer of a cash payment |
//! | `POST /transactions/:id/refund`, `/release`, `/review` | admins |

use axum::Extension;
use axum::body::Bytes;
use axum::extract::ConnectInfo;
use axum::extract::{Path, State};
use axum::http::{Extensions, HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use std::net::SocketAddr;

use crate::api::envelope;
use crate::api::extract::{Json, PathId, Query};
use crate::api::openapi::{self, Envelope, ErrorEnvelope, IdPath, ListEnvelope};
use crate::api::views::meta::{DarajaAck, PaymentStarted, WalletBalance, WebhookReceived};
use crate::app::App;
use crate::auth::Caller;
use crate::domain::Id;
use crate::domain::transaction::Transaction;
use crate::error::{Error, Result};
use crate::gateways::mpesa;
use crate::services::payments::escrow::{self, ReviewRequest};
use crate::services::payments::initiate::{
    self, BookingPayment, CashPayment, MpesaPayment, Started,
};
use crate::services::payments::refunds::{self, RefundRequest};
use crate::services::payments::wallet::{self, TopUpRequest};
use crate::services::payments::{callbacks, queries, receipts};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

/// The routes, to be nested at `/payments`.
pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(mpesa))
        .routes(routes!(mpesa_callback_plain))
        .routes(routes!(daraja_delivery).layer(Extension(Delivery::Stk)))
        .routes(openapi::at(
            "/mpesa/b2c/result",
            "mpesaB2cResultPlain",
            routes!(mpesa_callback_plain),
        ))
        .routes(daraja(
            "/mpesa/b2c/result/{secret}",
            "mpesaB2cResult",
            Delivery::B2cResult,
        ))
        .routes(openapi::at(
            "/mpesa/b2c/timeout",
            "mpesaB2cTimeoutPlain",
            routes!(mpesa_callback_plain),
        ))
        .routes(daraja(
            "/mpesa/b2c/timeout/{secret}",
            "mpesaB2cTimeout",
            Delivery::B2cTimeout,
        ))
        .routes(routes!(stripe))
        .routes(routes!(stripe_webhook))
        .routes(routes!(cash))
        .routes(routes!(wallet_balance, wallet_pay))
        .routes(routes!(top_up))
        .merge(transaction_routes_at("/transactions", ""))
}

/// `POST` of a Daraja delivery under the secret at `path`, handled as `delivery`.
fn daraja(path: &str, operation_id: &str, delivery: Delivery) -> UtoipaMethodRouter<App> {
    openapi::at(path, operation_id, routes!(daraja_delivery)).layer(Extension(delivery))
}

/// The transaction routes at `prefix`: under `/payments`, and at `/api/v1/transactions` (the
/// original API's path), whose operation ids get `operation_prefix`.
pub fn transaction_routes_at(prefix: &str, operation_prefix: &str) -> OpenApiRouter<App> {
    let routes = OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
        .routes(routes!(receipt))
        .routes(routes!(confirm))
        .routes(routes!(refund))
        .routes(routes!(release))
        .routes(routes!(review));
    openapi::prefix_operation_ids(OpenApiRouter::new().nest(prefix, routes), operation_prefix)
}

/// Which view of a transaction a caller gets: staff see raw gateway deliveries and fraud
/// details; the paying phone number is whole for the payer and staff, masked for everyone
/// else (the payee). Derived from the [`Caller`], never a second notion of who is calling.
#[derive(Debug, Clone, Copy)]
pub struct TransactionAudience {
    pub id: Id,
    pub staff: bool,
}

impl TransactionAudience {
    pub fn of(caller: &Caller) -> TransactionAudience {
        TransactionAudience {
            id: caller.id,
            staff: caller.is_staff(),
        }
    }

    /// Staff acting on a transaction (admin routes; the service has checked the role).
    fn admin(caller: &Caller) -> TransactionAudience {
        TransactionAudience {
            id: caller.id,
            staff: true,
        }
    }
}

/// A phone number with all but its first 4 and last 2 digits hidden: `2547******89`.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() <= 6 {
        return "*".repeat(digits.len());
    }
    let tail = digits.len() - 2;
    digits
        .iter()
        .enumerate()
        .map(|(i, c)| if i < 4 || i >= tail { *c } else { '*' })
        .collect()
}

/// A transaction as `viewer` may see it: raw gateway deliveries and fraud details are for
/// staff; others see only whether it is under review; only the payer and staff see the paying
/// phone number whole.
pub fn view(tx: &Transaction, viewer: TransactionAudience) -> Value {
    let mut v = serde_json::to_value(tx).unwrap_or(Value::Null);
    let Some(o) = v.as_object_mut() else {
        return v;
    };
    if !viewer.staff {
        o.remove("webhooks");
        o.remove("metadata");
        o.insert("fraud".into(), json!({ "underReview": tx.fraud.held }));
        if viewer.id != tx.payer
            && let Some(phone) = tx.gateway_ref.phone_number.as_deref()
            && let Some(r) = o.get_mut("gatewayRef").and_then(Value::as_object_mut)
        {
            r.insert("phoneNumber".into(), Value::from(mask_phone(phone)));
        }
    }
    v
}

fn started(s: Started, viewer: TransactionAudience) -> Response {
    envelope::created(json!({
        "transaction": view(&s.transaction, viewer),
        "clientSecret": s.client_secret,
    }))
}

#[utoipa::path(
    post,
    path = "/mpesa",
    tag = "payments",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The pending transaction with `gatewayRef.checkoutRequestId`", body = Envelope<Transaction>),
        (status = 403, description = "Only the booking's customer side", body = ErrorEnvelope),
        (status = 404, description = "No such booking, or not the caller's", body = ErrorEnvelope),
        (status = 409, description = "The booking is not awaiting payment, or a payment is already under way", body = ErrorEnvelope),
        (status = 503, description = "M-Pesa is unavailable", body = ErrorEnvelope),
    )
)]
async fn mpesa(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<MpesaPayment>,
) -> Result<Response> {
    let tx = initiate::mpesa(&app, me.actor(), body).await?;
    Ok(envelope::created(view(&tx, TransactionAudience::of(&me))))
}

#[utoipa::path(
    post,
    path = "/stripe",
    tag = "payments",
    security(("bearer" = [])),
    request_body(content = Value, description = "{bookingId}"),
    responses(
        (status = 201, description = "The pending transaction and the PaymentIntent's `clientSecret`", body = Envelope<PaymentStarted>),
        (status = 403, description = "Only the booking's customer side", body = ErrorEnvelope),
        (status = 404, description = "No such booking, or not the caller's", body = ErrorEnvelope),
        (status = 409, description = "The booking is not awaiting payment, or a payment is already under way", body = ErrorEnvelope),
    )
)]
async fn stripe(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<BookingPayment>,
) -> Result<Response> {
    let s = initiate::stripe(&app, me.actor(), body).await?;
    Ok(started(s, TransactionAudience::of(&me)))
}

#[utoipa::path(
    post,
    path = "/cash",
    tag = "payments",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The cash transaction, waiting for the payer's confirmation", body = Envelope<Transaction>),
        (status = 403, description = "Only the booking's assigned technician", body = ErrorEnvelope),
        (status = 404, description = "No such booking, or not the caller's", body = ErrorEnvelope),
        (status = 409, description = "The booking is not awaiting payment, or a payment is already under way", body = ErrorEnvelope),
    )
)]
async fn cash(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<CashPayment>,
) -> Result<Response> {
    let tx = initiate::cash(&app, me.actor(), body).await?;
    Ok(envelope::created(view(&tx, TransactionAudience::of(&me))))
}

#[utoipa::path(
    post,
    path = "/wallet",
    tag = "payments",
    security(("bearer" = [])),
    request_body(content = Value, description = "{bookingId}"),
    responses(
        (status = 201, description = "The wallet payment", body = Envelope<Transaction>),
        (status = 402, description = "The wallet balance is too low (INSUFFICIENT_FUNDS)", body = ErrorEnvelope),
        (status = 403, description = "Only the booking's customer side", body = ErrorEnvelope),
        (status = 404, description = "No such booking, or not the caller's", body = ErrorEnvelope),
        (status = 409, description = "The booking is not awaiting payment, or a payment is already under way", body = ErrorEnvelope),
    )
)]
async fn wallet_pay(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<BookingPayment>,
) -> Result<Response> {
    let tx = initiate::wallet(&app, me.actor(), body).await?;
    Ok(envelope::created(view(&tx, TransactionAudience::of(&me))))
}

#[utoipa::path(
    get,
    path = "/wallet",
    tag = "payments",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's wallet", body = Envelope<WalletBalance>),
    )
)]
async fn wallet_balance(State(app): State<App>, me: Caller) -> Result<Response> {
    Ok(envelope::ok(wallet::balance(&app, me.id).await?))
}

#[utoipa::path(
    post,
    path = "/wallet/top-up",
    tag = "payments",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The top-up started", body = Envelope<PaymentStarted>),
    )
)]
async fn top_up(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<TopUpRequest>,
) -> Result<Response> {
    let s = wallet::top_up(&app, me.actor(), body).await?;
    Ok(started(s, TransactionAudience::of(&me)))
}

/// What Daraja wants for every delivery it should not retry.
fn accepted() -> Response {
    axum::Json(json!({ "ResultCode": 0, "ResultDesc": "Accepted" })).into_response()
}

/// Whether an M-Pesa callback is Daraja's: it carries the secret of our callback URLs and
/// comes from an allowed address (`MPESA_CALLBACK_ALLOW_CIDRS`). One that is not is
/// acknowledged like any other (nothing to learn from the answer), logged, and changes nothing.
fn from_daraja(
    app: &App,
    secret: &str,
    headers: &HeaderMap,
    ext: &Extensions,
    route: &str,
) -> bool {
    let peer = ext.get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    let ip = crate::ratelimit::client_ip(peer, headers, app.config.trust_proxy);
    let allowed = mpesa::callback_allowed(&app.config.gateways.mpesa_callback_allow, ip);
    let secret_ok = mpesa::secret_matches(app.mpesa.callback_secret(), secret);
    if !(allowed && secret_ok) {
        tracing::warn!(
            route,
            client.ip = ?ip,
            secret_ok,
            address_allowed = allowed,
            "M-Pesa callback refused: not from Daraja (secret or address); nothing changed"
        );
    }
    allowed && secret_ok
}

/// The callback routes without the secret (or with a stale one Daraja may still hold): Daraja
/// gets its acknowledgement, nothing changes, and the attempt is logged.
#[utoipa::path(
    post,
    path = "/mpesa/callback",
    tag = "payments",
    request_body(content = Value, description = "Daraja's payload, unchanged"),
    responses(
        (status = 200, description = "Acknowledged; nothing changes (a delivery without the secret)", body = DarajaAck),
    )
)]
async fn mpesa_callback_plain(
    State(app): State<App>,
    headers: HeaderMap,
    ext: Extensions,
    uri: axum::http::Uri,
    Json(_payload): Json<Value>,
) -> Response {
    from_daraja(&app, "", &headers, &ext, uri.path());
    accepted()
}

/// What Daraja delivers under the secret of our callback URLs; each route names its own (an
/// [`Extension`] on the route).
#[derive(Debug, Clone, Copy)]
enum Delivery {
    /// An STK push result.
    Stk,
    /// A B2C result (payouts and refunds).
    B2cResult,
    /// A B2C request Daraja gave up on (its queue timeout).
    B2cTimeout,
}

/// Daraja wants `{"ResultCode": 0, "ResultDesc": "Accepted"}` for every delivery it should not
/// retry — including duplicates and ones we keep as unmatched; a body we cannot read is a 400.
/// Every delivery is trusted on the secret and the address; B2C results are matched to a
/// payout or refund of ours that is still waiting for them.
#[utoipa::path(
    post,
    path = "/mpesa/callback/{secret}",
    tag = "payments",
    params(("secret" = String, Path, description = "The secret of `MPESA_CALLBACK_URL`")),
    request_body(content = Value, description = "Daraja's payload, unchanged (`Body.stkCallback`, or a B2C `Result`)"),
    responses(
        (status = 200, description = "Acknowledged (duplicates and unmatched deliveries too)", body = DarajaAck),
        (status = 400, description = "The body cannot be read", body = ErrorEnvelope),
    )
)]
async fn daraja_delivery(
    State(app): State<App>,
    Extension(delivery): Extension<Delivery>,
    Path(secret): Path<String>,
    headers: HeaderMap,
    ext: Extensions,
    Json(body): Json<Value>,
) -> Result<Response> {
    let (route, what) = match delivery {
        Delivery::Stk => ("mpesa/callback", "M-Pesa callback"),
        Delivery::B2cResult => ("mpesa/b2c/result", "M-Pesa B2C result"),
        Delivery::B2cTimeout => ("mpesa/b2c/timeout", "M-Pesa B2C timeout"),
    };
    if !from_daraja(&app, &secret, &headers, &ext, route) {
        return Ok(accepted());
    }
    let handled = match delivery {
        Delivery::Stk => callbacks::mpesa_callback(&app, body).await?,
        Delivery::B2cResult => callbacks::b2c_result(&app, body, false).await?,
        Delivery::B2cTimeout => callbacks::b2c_result(&app, body, true).await?,
    };
    tracing::info!(?handled, "{what}");
    Ok(accepted())
}

/// The raw body is what Stripe signed, so it is read as bytes, not re-encoded JSON.
#[utoipa::path(
    post,
    path = "/stripe/webhook",
    tag = "payments",
    request_body(content = Value, description = "Stripe's event, verified against the `Stripe-Signature` header"),
    params(("Stripe-Signature" = String, Header, description = "Stripe's signature of the raw body")),
    responses(
        (status = 200, description = "The event is verified and handled (duplicates change nothing)", body = WebhookReceived),
        (status = 400, description = "The signature is missing or wrong, or the event cannot be read", body = ErrorEnvelope),
    )
)]
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

#[utoipa::path(
    get,
    path = "/",
    tag = "transactions",
    security(("bearer" = [])),
    params(queries::ListQuery),
    responses(
        (status = 200, description = "A page of the caller's transactions (staff: all)", body = ListEnvelope<Transaction>),
        (status = 403, description = "Only staff may ask for another user's", body = ErrorEnvelope),
    )
)]
async fn list(
    State(app): State<App>,
    me: Caller,
    Query(q): Query<queries::ListQuery>,
) -> Result<Response> {
    let page = queries::list(&app, me.actor(), &q).await?;
    let viewer = TransactionAudience::of(&me);
    Ok(envelope::list(page.map(|t| view(&t, viewer))))
}

#[utoipa::path(
    get,
    path = "/{id}",
    tag = "transactions",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "The transaction", body = Envelope<Transaction>),
        (status = 404, description = "No such transaction, or not one the caller may see", body = ErrorEnvelope),
    )
)]
async fn show(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let tx = queries::get(&app, id, me.actor()).await?;
    Ok(envelope::ok(view(&tx, TransactionAudience::of(&me))))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
struct ReceiptQuery {
    /// `json` (the default), `text` or `html`.
    format: Option<String>,
}

/// `?format=json` (default), `text` or `html`.
#[utoipa::path(
    get,
    path = "/{id}/receipt",
    tag = "transactions",
    security(("bearer" = [])),
    params(IdPath, ReceiptQuery),
    responses(
        (status = 200, description = "The receipt: JSON in the envelope (`format=json`, the default), or plain text or HTML", content(
            (Envelope<Value> = "application/json"),
            (String = "text/plain"),
            (String = "text/html"),
        )),
        (status = 404, description = "No such transaction, or not one the caller may see", body = ErrorEnvelope),
        (status = 409, description = "The transaction has no receipt (not completed)", body = ErrorEnvelope),
    )
)]
async fn receipt(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Query(q): Query<ReceiptQuery>,
) -> Result<Response> {
    let r = receipts::for_viewer(&app, id, me.actor()).await?;
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

#[utoipa::path(
    post,
    path = "/{id}/confirm",
    tag = "transactions",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "The cash payment, confirmed", body = Envelope<Transaction>),
        (status = 403, description = "Only the payer", body = ErrorEnvelope),
        (status = 404, description = "No such transaction, or not one the caller may see", body = ErrorEnvelope),
        (status = 409, description = "Not a cash payment waiting for confirmation", body = ErrorEnvelope),
    )
)]
async fn confirm(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let tx = initiate::confirm_cash(&app, me.actor(), id).await?;
    Ok(envelope::ok(view(&tx, TransactionAudience::of(&me))))
}

#[utoipa::path(
    post,
    path = "/{id}/refund",
    tag = "transactions",
    security(("bearer" = [])),
    params(IdPath),
    request_body(content = Value, description = "{amount?: Money (default: all that is refundable), reason}"),
    responses(
        (status = 201, description = "The refund transaction", body = Envelope<Transaction>),
        (status = 403, description = "Admins only", body = ErrorEnvelope),
        (status = 404, description = "No such transaction, or not one the caller may see", body = ErrorEnvelope),
        (status = 409, description = "Nothing left to refund, or a refund is under way", body = ErrorEnvelope),
    )
)]
async fn refund(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<RefundRequest>,
) -> Result<Response> {
    let r = refunds::refund(&app, id, me.actor(), body).await?;
    Ok(envelope::created(view(&r, TransactionAudience::admin(&me))))
}

#[utoipa::path(
    post,
    path = "/{id}/release",
    tag = "transactions",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "The payment with its escrow released to the technician", body = Envelope<Transaction>),
        (status = 403, description = "Admins only", body = ErrorEnvelope),
        (status = 404, description = "No such transaction, or not one the caller may see", body = ErrorEnvelope),
        (status = 409, description = "Nothing held in escrow", body = ErrorEnvelope),
    )
)]
async fn release(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let tx = escrow::release(&app, id, me.actor()).await?;
    Ok(envelope::ok(view(&tx, TransactionAudience::admin(&me))))
}

#[utoipa::path(
    post,
    path = "/{id}/review",
    tag = "transactions",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "The transaction after the fraud review", body = Envelope<Transaction>),
        (status = 403, description = "Admins only", body = ErrorEnvelope),
        (status = 404, description = "No such transaction, or not one the caller may see", body = ErrorEnvelope),
        (status = 409, description = "Not under review", body = ErrorEnvelope),
    )
)]
async fn review(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<ReviewRequest>,
) -> Result<Response> {
    let tx = escrow::review(&app, id, me.actor(), body).await?;
    Ok(envelope::ok(view(&tx, TransactionAudience::admin(&me))))
}
