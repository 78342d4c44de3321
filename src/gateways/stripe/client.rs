//! The real Stripe client: form-encoded POSTs with a bearer secret key and an
//! `Idempotency-Key`, and Stripe's error bodies mapped onto the crate error.

use std::time::Duration;

use async_trait::async_trait;
use reqwest::{StatusCode, Url};
use serde_json::Value;

use super::{
    PaymentIntent, PaymentIntentRequest, RefundRequest, Stripe, StripeRefund, WebhookEvent,
    verify_and_parse,
};
use crate::config::StripeConfig;
use crate::error::{Error, FieldError, Result};

const DEPENDENCY: &str = "stripe";
/// How long one Stripe request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Talks to the Stripe API (`STRIPE_BASE_URL`, `https://api.stripe.com` by default).
pub struct StripeClient {
    http: reqwest::Client,
    base_url: String,
    secret_key: String,
    webhook_secret: String,
}

impl std::fmt::Debug for StripeClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The keys stay out of logs.
        write!(f, "StripeClient({})", self.base_url)
    }
}

impl StripeClient {
    /// Builds the client; an unusable URL or empty key is a configuration error. Nothing is
    /// sent until the first call.
    pub fn new(cfg: &StripeConfig) -> Result<Self> {
        let mut problems = Vec::new();
        let base = Url::parse(&cfg.base_url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        if base.is_none() {
            problems.push(FieldError::new("STRIPE_BASE_URL", "must be an http(s) URL"));
        }
        if cfg.secret_key.trim().is_empty() {
            problems.push(FieldError::new("STRIPE_SECRET_KEY", "is required"));
        }
        if cfg.webhook_secret.trim().is_empty() {
            problems.push(FieldError::new("STRIPE_WEBHOOK_SECRET", "is required"));
        }
        let Some(base) = base.filter(|_| problems.is_empty()) else {
            return Err(Error::Config(problems));
        };
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| Error::internal("building the Stripe HTTP client", e))?;
        Ok(StripeClient {
            http,
            base_url: base.as_str().trim_end_matches('/').to_string(),
            secret_key: cfg.secret_key.clone(),
            webhook_secret: cfg.webhook_secret.clone(),
        })
    }

    /// POSTs a form with the idempotency key; the JSON object on success, the mapped error
    /// otherwise.
    async fn post(
        &self,
        path: &str,
        idempotency_key: &str,
        form: &[(String, String)],
    ) -> Result<Value> {
        let response = self
            .http
            .post(format!("{}{path}", self.base_url))
            .bearer_auth(&self.secret_key)
            .header("Idempotency-Key", idempotency_key)
            .form(form)
            .send()
            .await
            .map_err(|e| Error::unavailable(DEPENDENCY, format!("{path}: {e}")))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| Error::unavailable(DEPENDENCY, format!("reading the answer: {e}")))?;
        let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        if status.is_success() {
            Ok(body)
        } else {
            Err(refusal(status, &body))
        }
    }
}

#[async_trait]
impl Stripe for StripeClient {
    fn backend(&self) -> &'static str {
        "stripe"
    }

    async fn create_payment_intent(&self, req: &PaymentIntentRequest) -> Result<PaymentIntent> {
        let mut form = vec![
            field("amount", req.amount.amount),
            field("currency", req.amount.currency.code().to_ascii_lowercase()),
            field("automatic_payment_methods[enabled]", "true"),
            field("description", &req.description),
        ];
        form.extend(
            req.metadata
                .iter()
                .map(|(k, v)| field(format!("metadata[{k}]"), v)),
        );
        let body = self
            .post("/v1/payment_intents", &req.idempotency_key, &form)
            .await?;
        let intent = PaymentIntent {
            id: text(&body, "id")?,
            client_secret: text(&body, "client_secret")?,
            status: text(&body, "status")?,
            amount: number(&body, "amount")?,
            currency: text(&body, "currency")?,
        };
        tracing::info!(stripe.payment_intent = %intent.id, stripe.status = %intent.status, "payment intent created");
        Ok(intent)
    }

    async fn create_refund(&self, req: &RefundRequest) -> Result<StripeRefund> {
        let mut form = vec![
            field("payment_intent", &req.payment_intent),
            field("amount", req.amount.amount),
        ];
        if let Some(reason) = &req.reason {
            form.push(field("reason", reason));
        }
        let body = self
            .post("/v1/refunds", &req.idempotency_key, &form)
            .await?;
        let refund = StripeRefund {
            id: text(&body, "id")?,
            status: text(&body, "status")?,
            amount: number(&body, "amount")?,
        };
        tracing::info!(stripe.refund = %refund.id, stripe.payment_intent = %req.payment_intent, stripe.status = %refund.status, "refund created");
        Ok(refund)
    }

    fn verify_webhook(
        &self,
        payload: &[u8],
        signature_header: &str,
        now_unix: i64,
    ) -> Result<WebhookEvent> {
        verify_and_parse(&self.webhook_secret, payload, signature_header, now_unix)
    }
}

fn field(name: impl Into<String>, value: impl ToString) -> (String, String) {
    (name.into(), value.to_string())
}

/// Stripe answers errors as `{"error": {"type", "code", "message"}}`. A refusal of the
/// request itself (4xx) is unprocessable; Stripe's trouble (5xx, rate limits) and a refused
/// API key (our configuration) are an outage.
fn refusal(status: StatusCode, body: &Value) -> Error {
    let error = body.get("error");
    let part = |k: &str| error.and_then(|e| e.get(k)).and_then(Value::as_str);
    let message = part("message").unwrap_or("no message");
    let detail = match (part("type"), part("code")) {
        (Some(kind), Some(code)) => format!("{message} ({kind}, {code})"),
        (Some(kind), None) => format!("{message} ({kind})"),
        _ => message.to_string(),
    };
    let ours = matches!(
        status,
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::TOO_MANY_REQUESTS
    );
    if status.is_client_error() && !ours {
        Error::Unprocessable(format!("Stripe refused the request: {detail}"))
    } else {
        Error::unavailable(DEPENDENCY, format!("{status}: {detail}"))
    }
}

fn text(body: &Value, key: &str) -> Result<String> {
    body.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| Error::unavailable(DEPENDENCY, format!("answer without {key}")))
}

fn number(body: &Value, key: &str) -> Result<i64> {
    body.get(key)
        .and_then(Value::as_i64)
        .ok_or_else(|| Error::unavailable(DEPENDENCY, format!("answer without {key}")))
}
