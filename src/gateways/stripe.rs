//! Card payments through Stripe: PaymentIntents to collect, refunds, and verification of the
//! signed webhooks that report outcomes. [`StripeClient`] is a small hand-written client for
//! the three calls we make; [`SandboxStripe`] answers in memory when `STRIPE_*` is not set.

mod client;
mod sandbox;
mod signature;

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::Value;

use crate::config::Config;
use crate::domain::money::Money;
use crate::error::{Error, Result};

pub use client::StripeClient;
pub use sandbox::{SANDBOX_WEBHOOK_SECRET, SandboxStripe};
pub use signature::{SIGNATURE_TOLERANCE_SECS, SignatureError, sign_payload, verify_signature};

/// Collects card payments and refunds them through Stripe.
#[async_trait]
pub trait Stripe: Send + Sync {
    /// `"stripe"` or `"sandbox"`.
    fn backend(&self) -> &'static str;
    /// `POST /v1/payment_intents` with the `Idempotency-Key` header.
    async fn create_payment_intent(&self, req: &PaymentIntentRequest) -> Result<PaymentIntent>;
    /// `POST /v1/refunds` with the `Idempotency-Key` header.
    async fn create_refund(&self, req: &RefundRequest) -> Result<StripeRefund>;
    /// Checks the `Stripe-Signature` header against the raw body and parses the event.
    /// Any failure is `Error::BadRequest("invalid Stripe signature: ...")`.
    fn verify_webhook(
        &self,
        payload: &[u8],
        signature_header: &str,
        now_unix: i64,
    ) -> Result<WebhookEvent>;
    /// The sandbox, when this is the sandbox (tests and development inspect it).
    fn sandbox(&self) -> Option<&SandboxStripe> {
        None
    }
}

/// The gateway the configuration selects: Stripe when `STRIPE_*` is set, the sandbox
/// otherwise.
pub fn from_config(config: &Config) -> Result<Arc<dyn Stripe>> {
    match &config.gateways.stripe {
        Some(stripe) => Ok(Arc::new(StripeClient::new(stripe)?)),
        None => Ok(Arc::new(SandboxStripe::default())),
    }
}

/// A payment the customer will complete in the app with the returned client secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentIntentRequest {
    /// Minor units, except zero-decimal currencies (UGX), as Stripe expects; `Money` already
    /// stores UGX in whole shillings.
    pub amount: Money,
    pub description: String,
    /// Sent as `Idempotency-Key`: a retry with the same key gets the same intent.
    pub idempotency_key: String,
    /// Sent as `metadata[key]=value`.
    pub metadata: Vec<(String, String)>,
}

/// The fields of a Stripe PaymentIntent we use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentIntent {
    /// `pi_...`
    pub id: String,
    /// Handed to the app, which confirms the payment with it.
    pub client_secret: String,
    /// `requires_payment_method`, `processing`, `succeeded`...
    pub status: String,
    pub amount: i64,
    /// Lowercase ISO code, as Stripe writes it.
    pub currency: String,
}

/// Gives back all or part of a PaymentIntent's amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundRequest {
    pub payment_intent: String,
    pub amount: Money,
    pub idempotency_key: String,
    /// `duplicate`, `fraudulent` or `requested_by_customer`.
    pub reason: Option<String>,
}

/// The fields of a Stripe Refund we use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripeRefund {
    /// `re_...`
    pub id: String,
    /// `pending`, `succeeded`, `failed`...
    pub status: String,
    pub amount: i64,
}

/// A verified webhook event.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookEvent {
    /// `evt_...`
    pub id: String,
    /// The event's `type`, e.g. `payment_intent.succeeded`.
    pub kind: String,
    /// Unix seconds.
    pub created: i64,
    /// `data.object`: the PaymentIntent, Refund... the event is about.
    pub object: Value,
    /// The whole event.
    pub raw: Value,
}

impl WebhookEvent {
    /// Parses an event body whose signature was already checked.
    pub fn parse(payload: &[u8]) -> Result<Self> {
        let raw: Value = serde_json::from_slice(payload)
            .map_err(|e| Error::BadRequest(format!("invalid Stripe event: not JSON ({e})")))?;
        let missing = |field: &str| Error::BadRequest(format!("invalid Stripe event: no {field}"));
        let id = raw
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| missing("id"))?
            .to_string();
        let kind = raw
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| missing("type"))?
            .to_string();
        let created = raw
            .get("created")
            .and_then(Value::as_i64)
            .ok_or_else(|| missing("created"))?;
        let object = raw
            .get("data")
            .and_then(|d| d.get("object"))
            .filter(|o| o.is_object())
            .cloned()
            .ok_or_else(|| missing("data.object"))?;
        Ok(WebhookEvent {
            id,
            kind,
            created,
            object,
            raw,
        })
    }
}

/// Verifies with `secret` and parses: what both implementations of
/// [`Stripe::verify_webhook`] do.
fn verify_and_parse(
    secret: &str,
    payload: &[u8],
    signature_header: &str,
    now_unix: i64,
) -> Result<WebhookEvent> {
    verify_signature(
        secret,
        payload,
        signature_header,
        now_unix,
        SIGNATURE_TOLERANCE_SECS,
    )
    .map_err(|e| Error::BadRequest(format!("invalid Stripe signature: {e}")))?;
    WebhookEvent::parse(payload)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event() -> Vec<u8> {
        serde_json::to_vec(&json!({
            "id": "evt_1",
            "object": "event",
            "type": "payment_intent.succeeded",
            "created": 1_700_000_000,
            "data": {"object": {"id": "pi_1", "object": "payment_intent", "amount": 500}}
        }))
        .unwrap()
    }

    #[test]
    fn a_signed_event_is_parsed() {
        let payload = event();
        let header = sign_payload("whsec_x", &payload, 1_700_000_000);
        let e = verify_and_parse("whsec_x", &payload, &header, 1_700_000_010).unwrap();
        assert_eq!(e.id, "evt_1");
        assert_eq!(e.kind, "payment_intent.succeeded");
        assert_eq!(e.created, 1_700_000_000);
        assert_eq!(e.object["id"], "pi_1");
        assert_eq!(e.raw["object"], "event");
    }

    #[test]
    fn a_bad_signature_is_a_bad_request_saying_so() {
        let payload = event();
        let header = sign_payload("whsec_other", &payload, 1_700_000_000);
        let err = verify_and_parse("whsec_x", &payload, &header, 1_700_000_000).unwrap_err();
        assert!(
            matches!(&err, Error::BadRequest(m) if m.starts_with("invalid Stripe signature")),
            "{err:?}"
        );
    }

    #[test]
    fn an_event_without_its_object_is_refused() {
        let payload = br#"{"id":"evt_1","type":"x","created":1,"data":{}}"#;
        let err = WebhookEvent::parse(payload).unwrap_err();
        assert!(matches!(&err, Error::BadRequest(m) if m.contains("data.object")));
    }
}
