//! A fake Stripe API: PaymentIntents and Refunds with idempotency keys, plus signed webhook
//! events.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Form, Json, Router};
use baitech::config::StripeConfig;
use baitech::gateways::stripe::sign_payload;
use serde_json::{Value, json};

use super::{header, serve};

pub const STRIPE_SECRET_KEY: &str = "sk_test_fake_4eC39HqLyjWDarjtT1zdp7dc";
pub const STRIPE_WEBHOOK_SECRET: &str = "whsec_fake_endpoint_secret";

/// One form POST as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripeCall {
    pub authorization: Option<String>,
    pub idempotency_key: Option<String>,
    pub content_type: Option<String>,
    pub form: Vec<(String, String)>,
}

impl StripeCall {
    /// The value of form field `name` (the first, if repeated).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A running fake Stripe. Dropping it does not stop the server; the test's runtime does.
#[derive(Clone)]
pub struct FakeStripe {
    pub url: String,
    state: Arc<Mutex<StripeState>>,
}

#[derive(Default)]
struct StripeState {
    intent_calls: Vec<StripeCall>,
    refund_calls: Vec<StripeCall>,
    /// The first request and answer per idempotency key.
    replays: HashMap<String, Replay>,
    intents: HashMap<String, Value>,
    refunded: HashMap<String, i64>,
    failures: VecDeque<(StatusCode, Value)>,
}

/// What Stripe keeps per idempotency key: the parameters first sent and the answer given.
struct Replay {
    form: Vec<(String, String)>,
    status: StatusCode,
    body: Value,
}

type Shared = Arc<Mutex<StripeState>>;

impl FakeStripe {
    pub async fn start() -> FakeStripe {
        let state = Shared::default();
        let router = Router::new()
            .route("/v1/payment_intents", post(create_intent))
            .route("/v1/refunds", post(create_refund))
            .with_state(state.clone());
        FakeStripe {
            url: serve(router).await,
            state,
        }
    }

    /// A configuration pointing at this fake with its keys.
    pub fn config(&self) -> StripeConfig {
        StripeConfig {
            secret_key: STRIPE_SECRET_KEY.into(),
            webhook_secret: STRIPE_WEBHOOK_SECRET.into(),
            base_url: self.url.clone(),
        }
    }

    /// The `STRIPE_*` variables that configure a server against this fake.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            ("STRIPE_SECRET_KEY".into(), STRIPE_SECRET_KEY.into()),
            ("STRIPE_WEBHOOK_SECRET".into(), STRIPE_WEBHOOK_SECRET.into()),
            ("STRIPE_BASE_URL".into(), self.url.clone()),
        ]
    }

    fn state(&self) -> std::sync::MutexGuard<'_, StripeState> {
        self.state.lock().expect("fake stripe state")
    }

    /// Every `POST /v1/payment_intents`, oldest first.
    pub fn intents(&self) -> Vec<StripeCall> {
        self.state().intent_calls.clone()
    }

    /// Every `POST /v1/refunds`, oldest first.
    pub fn refunds(&self) -> Vec<StripeCall> {
        self.state().refund_calls.clone()
    }

    /// The next authenticated request is answered with `status` and a Stripe `api_error`.
    pub fn fail_next(&self, status: u16) {
        self.fail_next_with(
            status,
            json!({"error": {"type": "api_error", "message": "Fake failure."}}),
        );
    }

    /// The next authenticated request is answered with `status` and exactly `body`.
    pub fn fail_next_with(&self, status: u16, body: Value) {
        let status = StatusCode::from_u16(status).expect("an HTTP status");
        self.state().failures.push_back((status, body));
    }
}

/// A Stripe event body (`object: "event"`, created now) about `object`.
pub fn stripe_event(id: &str, kind: &str, object: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "id": id,
        "object": "event",
        "api_version": "2024-06-20",
        "created": chrono::Utc::now().timestamp(),
        "data": {"object": object},
        "livemode": false,
        "pending_webhooks": 1,
        "request": {"id": null, "idempotency_key": null},
        "type": kind,
    }))
    .expect("an event serializes")
}

/// An event and its `Stripe-Signature` header, signed now with `secret`.
pub fn signed_stripe_event(secret: &str, id: &str, kind: &str, object: Value) -> (Vec<u8>, String) {
    let payload = stripe_event(id, kind, object);
    let header = sign_payload(secret, &payload, chrono::Utc::now().timestamp());
    (payload, header)
}

fn stripe_error(
    status: StatusCode,
    kind: &str,
    code: Option<&str>,
    param: Option<&str>,
    message: &str,
) -> Response {
    let mut error = json!({"type": kind, "message": message});
    if let Some(code) = code {
        error["code"] = json!(code);
    }
    if let Some(param) = param {
        error["param"] = json!(param);
    }
    (status, Json(json!({"error": error}))).into_response()
}

fn invalid(code: &str, param: &str, message: &str) -> Response {
    stripe_error(
        StatusCode::BAD_REQUEST,
        "invalid_request_error",
        Some(code),
        Some(param),
        message,
    )
}

fn random_id(prefix: &str) -> String {
    format!(
        "{prefix}_{}",
        &uuid::Uuid::new_v4().simple().to_string()[..24]
    )
}

/// Records the call, checks the API key, consumes a queued failure and replays an answer
/// given before for the same idempotency key. `Err` is the answer to send.
#[expect(
    clippy::result_large_err,
    reason = "the error is the HTTP answer itself, built at most once per request"
)]
fn admit(
    s: &mut StripeState,
    headers: &HeaderMap,
    form: Vec<(String, String)>,
    refunds: bool,
) -> Result<StripeCall, Response> {
    let call = StripeCall {
        authorization: header(headers, "authorization"),
        idempotency_key: header(headers, "idempotency-key"),
        content_type: header(headers, "content-type"),
        form,
    };
    if refunds {
        s.refund_calls.push(call.clone());
    } else {
        s.intent_calls.push(call.clone());
    }
    match call.authorization.as_deref() {
        None => {
            return Err(stripe_error(
                StatusCode::UNAUTHORIZED,
                "invalid_request_error",
                None,
                None,
                "You did not provide an API key.",
            ));
        }
        Some(auth) if auth != format!("Bearer {STRIPE_SECRET_KEY}") => {
            return Err(stripe_error(
                StatusCode::UNAUTHORIZED,
                "invalid_request_error",
                None,
                None,
                "Invalid API Key provided: sk_test_****",
            ));
        }
        Some(_) => {}
    }
    if let Some((status, body)) = s.failures.pop_front() {
        return Err((status, Json(body)).into_response());
    }
    if let Some(key) = &call.idempotency_key
        && let Some(replay) = s.replays.get(key)
    {
        if replay.form != call.form {
            return Err(stripe_error(
                StatusCode::BAD_REQUEST,
                "idempotency_error",
                None,
                None,
                &format!(
                    "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request."
                ),
            ));
        }
        let mut again = (replay.status, Json(replay.body.clone())).into_response();
        again
            .headers_mut()
            .insert("idempotent-replayed", "true".parse().unwrap());
        return Err(again);
    }
    Ok(call)
}

/// Keeps the answer for the call's idempotency key and sends it.
fn answer(s: &mut StripeState, call: &StripeCall, status: StatusCode, body: Value) -> Response {
    if let Some(key) = &call.idempotency_key {
        let replay = Replay {
            form: call.form.clone(),
            status,
            body: body.clone(),
        };
        s.replays.insert(key.clone(), replay);
    }
    (status, Json(body)).into_response()
}

fn positive_amount(call: &StripeCall) -> Option<i64> {
    call.get("amount")?.parse::<i64>().ok().filter(|a| *a >= 1)
}

async fn create_intent(
    State(state): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let mut s = state.lock().unwrap();
    let call = match admit(&mut s, &headers, form, false) {
        Ok(call) => call,
        Err(response) => return response,
    };
    let Some(amount) = positive_amount(&call) else {
        return invalid(
            "parameter_invalid_integer",
            "amount",
            "This value must be greater than or equal to 1.",
        );
    };
    let currency = call.get("currency").unwrap_or_default();
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_lowercase()) {
        return invalid(
            "parameter_invalid_empty",
            "currency",
            &format!("Invalid currency: {currency}."),
        );
    }
    let metadata: serde_json::Map<String, Value> = call
        .form
        .iter()
        .filter_map(|(k, v)| {
            let key = k.strip_prefix("metadata[")?.strip_suffix(']')?;
            Some((key.to_string(), json!(v)))
        })
        .collect();
    let id = random_id("pi");
    let intent = json!({
        "id": id,
        "object": "payment_intent",
        "amount": amount,
        "amount_received": 0,
        "automatic_payment_methods": {
            "enabled": call.get("automatic_payment_methods[enabled]") == Some("true")
        },
        "client_secret": format!("{id}_secret_{}", &uuid::Uuid::new_v4().simple().to_string()[..16]),
        "currency": currency,
        "description": call.get("description"),
        "livemode": false,
        "metadata": metadata,
        "status": "requires_payment_method",
    });
    s.intents.insert(id, intent.clone());
    answer(&mut s, &call, StatusCode::OK, intent)
}

async fn create_refund(
    State(state): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let mut s = state.lock().unwrap();
    let call = match admit(&mut s, &headers, form, true) {
        Ok(call) => call,
        Err(response) => return response,
    };
    let pi = call.get("payment_intent").unwrap_or_default().to_string();
    let Some(intent) = s.intents.get(&pi).cloned() else {
        return invalid(
            "resource_missing",
            "payment_intent",
            &format!("No such payment_intent: '{pi}'"),
        );
    };
    let total = intent["amount"].as_i64().unwrap_or_default();
    let already = s.refunded.get(&pi).copied().unwrap_or_default();
    let amount = match call.get("amount") {
        None => total - already,
        Some(_) => match positive_amount(&call) {
            Some(amount) => amount,
            None => {
                return invalid(
                    "parameter_invalid_integer",
                    "amount",
                    "This value must be greater than or equal to 1.",
                );
            }
        },
    };
    if already + amount > total {
        return invalid(
            "amount_too_large",
            "amount",
            &format!(
                "Refund amount ({amount}) is greater than unrefunded amount on charge ({})",
                total - already
            ),
        );
    }
    if let Some(reason) = call.get("reason")
        && !matches!(reason, "duplicate" | "fraudulent" | "requested_by_customer")
    {
        return invalid("parameter_invalid_string", "reason", "Invalid reason.");
    }
    *s.refunded.entry(pi.clone()).or_default() += amount;
    let refund = json!({
        "id": random_id("re"),
        "object": "refund",
        "amount": amount,
        "currency": intent["currency"],
        "payment_intent": pi,
        "reason": call.get("reason"),
        "status": "succeeded",
    });
    answer(&mut s, &call, StatusCode::OK, refund)
}
