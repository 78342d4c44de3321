//! The in-memory Stripe used when `STRIPE_*` is not set: intents and refunds are created and
//! remembered, idempotency keys behave as Stripe's do, and webhooks are verified with a
//! published secret so development tools can sign events.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;

use super::{
    PaymentIntent, PaymentIntentRequest, RefundRequest, Stripe, StripeRefund, WebhookEvent,
    verify_and_parse,
};
use crate::error::{Error, Result};

/// The sandbox's webhook signing secret: sign events with
/// [`sign_payload`](super::sign_payload) and this to post them to a development server.
pub const SANDBOX_WEBHOOK_SECRET: &str = "whsec_sandbox";

const IDEMPOTENCY_MISMATCH: &str = "Keys for idempotent requests can only be used with the same parameters they were first used with.";

/// Creates intents and refunds in memory. Nothing is charged: the `payment_intent.*` webhook
/// a real payment would produce must be posted by the test or developer.
#[derive(Debug, Default)]
pub struct SandboxStripe {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    intent_requests: Vec<PaymentIntentRequest>,
    refund_requests: Vec<RefundRequest>,
    intents: HashMap<String, PaymentIntent>,
    intent_keys: HashMap<String, (PaymentIntentRequest, String)>,
    refund_keys: HashMap<String, (RefundRequest, StripeRefund)>,
    refunded: HashMap<String, i64>,
}

impl SandboxStripe {
    /// Every payment intent request received (retries included), oldest first.
    pub fn intents(&self) -> Vec<PaymentIntentRequest> {
        self.state
            .lock()
            .expect("stripe sandbox lock")
            .intent_requests
            .clone()
    }

    /// Every refund request received (retries included), oldest first.
    pub fn refunds(&self) -> Vec<RefundRequest> {
        self.state
            .lock()
            .expect("stripe sandbox lock")
            .refund_requests
            .clone()
    }

    /// The intent created for `idempotency_key`, if any.
    pub fn intent_for_key(&self, idempotency_key: &str) -> Option<PaymentIntent> {
        let state = self.state.lock().expect("stripe sandbox lock");
        let (_, id) = state.intent_keys.get(idempotency_key)?;
        state.intents.get(id).cloned()
    }
}

fn random_id(prefix: &str) -> String {
    format!(
        "{prefix}_{}",
        &uuid::Uuid::new_v4().simple().to_string()[..24]
    )
}

#[async_trait]
impl Stripe for SandboxStripe {
    fn backend(&self) -> &'static str {
        "sandbox"
    }

    async fn create_payment_intent(&self, req: &PaymentIntentRequest) -> Result<PaymentIntent> {
        if req.amount.amount < 1 {
            return Err(Error::Unprocessable(
                "Stripe refused the request: amount must be at least 1".into(),
            ));
        }
        let mut state = self.state.lock().expect("stripe sandbox lock");
        state.intent_requests.push(req.clone());
        if let Some((first, id)) = state.intent_keys.get(&req.idempotency_key) {
            if first != req {
                return Err(Error::Unprocessable(IDEMPOTENCY_MISMATCH.into()));
            }
            return Ok(state.intents[id].clone());
        }
        let id = random_id("pi");
        let intent = PaymentIntent {
            client_secret: format!(
                "{id}_secret_{}",
                &uuid::Uuid::new_v4().simple().to_string()[..16]
            ),
            id: id.clone(),
            status: "requires_payment_method".into(),
            amount: req.amount.amount,
            currency: req.amount.currency.code().to_ascii_lowercase(),
        };
        tracing::info!(stripe.payment_intent = %id, "sandbox payment intent created");
        state.intents.insert(id.clone(), intent.clone());
        state
            .intent_keys
            .insert(req.idempotency_key.clone(), (req.clone(), id));
        Ok(intent)
    }

    /// Refunds at most what remains of an intent this sandbox created; intents it never saw
    /// (seeded data) are refunded without that check.
    async fn create_refund(&self, req: &RefundRequest) -> Result<StripeRefund> {
        let mut state = self.state.lock().expect("stripe sandbox lock");
        state.refund_requests.push(req.clone());
        if let Some((first, refund)) = state.refund_keys.get(&req.idempotency_key) {
            if first != req {
                return Err(Error::Unprocessable(IDEMPOTENCY_MISMATCH.into()));
            }
            return Ok(refund.clone());
        }
        let already = state
            .refunded
            .get(&req.payment_intent)
            .copied()
            .unwrap_or(0);
        if let Some(intent) = state.intents.get(&req.payment_intent)
            && already + req.amount.amount > intent.amount
        {
            return Err(Error::Unprocessable(format!(
                "Stripe refused the request: refund amount ({}) is greater than the unrefunded amount ({})",
                req.amount.amount,
                intent.amount - already
            )));
        }
        if req.amount.amount < 1 {
            return Err(Error::Unprocessable(
                "Stripe refused the request: amount must be at least 1".into(),
            ));
        }
        let refund = StripeRefund {
            id: random_id("re"),
            status: "succeeded".into(),
            amount: req.amount.amount,
        };
        tracing::info!(stripe.refund = %refund.id, stripe.payment_intent = %req.payment_intent, "sandbox refund created");
        *state
            .refunded
            .entry(req.payment_intent.clone())
            .or_default() += req.amount.amount;
        state
            .refund_keys
            .insert(req.idempotency_key.clone(), (req.clone(), refund.clone()));
        Ok(refund)
    }

    fn verify_webhook(
        &self,
        payload: &[u8],
        signature_header: &str,
        now_unix: i64,
    ) -> Result<WebhookEvent> {
        verify_and_parse(SANDBOX_WEBHOOK_SECRET, payload, signature_header, now_unix)
    }

    fn sandbox(&self) -> Option<&SandboxStripe> {
        Some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Money;
    use crate::gateways::stripe::sign_payload;

    fn intent_request(key: &str, amount: i64) -> PaymentIntentRequest {
        PaymentIntentRequest {
            amount: Money::kes(amount),
            description: "Booking BK-1".into(),
            idempotency_key: key.into(),
            metadata: vec![("booking_id".into(), "bk_1".into())],
        }
    }

    fn refund_request(pi: &str, key: &str, amount: i64) -> RefundRequest {
        RefundRequest {
            payment_intent: pi.into(),
            amount: Money::kes(amount),
            idempotency_key: key.into(),
            reason: None,
        }
    }

    #[tokio::test]
    async fn the_same_idempotency_key_gets_the_same_intent() {
        let s = SandboxStripe::default();
        let a = s
            .create_payment_intent(&intent_request("k1", 5_000))
            .await
            .unwrap();
        let again = s
            .create_payment_intent(&intent_request("k1", 5_000))
            .await
            .unwrap();
        let b = s
            .create_payment_intent(&intent_request("k2", 5_000))
            .await
            .unwrap();
        assert_eq!(a, again);
        assert_ne!(a.id, b.id);
        assert!(a.id.starts_with("pi_"));
        assert!(a.client_secret.starts_with(&format!("{}_secret_", a.id)));
        assert_eq!((a.amount, a.currency.as_str()), (5_000, "kes"));
        assert_eq!(s.intents().len(), 3);
        assert_eq!(s.intent_for_key("k2"), Some(b));
        let reused = s.create_payment_intent(&intent_request("k1", 6_000)).await;
        assert!(matches!(reused, Err(Error::Unprocessable(_))));
    }

    #[tokio::test]
    async fn refunds_cannot_exceed_what_was_paid() {
        let s = SandboxStripe::default();
        let pi = s
            .create_payment_intent(&intent_request("k", 5_000))
            .await
            .unwrap();
        let first = s
            .create_refund(&refund_request(&pi.id, "r1", 3_000))
            .await
            .unwrap();
        assert_eq!((first.status.as_str(), first.amount), ("succeeded", 3_000));
        assert_eq!(
            s.create_refund(&refund_request(&pi.id, "r1", 3_000))
                .await
                .unwrap(),
            first
        );
        let too_much = s.create_refund(&refund_request(&pi.id, "r2", 2_001)).await;
        assert!(matches!(too_much, Err(Error::Unprocessable(_))));
        s.create_refund(&refund_request(&pi.id, "r3", 2_000))
            .await
            .unwrap();
        assert_eq!(s.refunds().len(), 4);
    }

    #[test]
    fn events_signed_with_the_sandbox_secret_verify() {
        let s = SandboxStripe::default();
        let payload = br#"{"id":"evt_1","type":"payment_intent.succeeded","created":1,"data":{"object":{"id":"pi_1"}}}"#;
        let header = sign_payload(SANDBOX_WEBHOOK_SECRET, payload, 1_000);
        assert_eq!(
            s.verify_webhook(payload, &header, 1_000).unwrap().id,
            "evt_1"
        );
        let other = sign_payload("whsec_other", payload, 1_000);
        assert!(matches!(
            s.verify_webhook(payload, &other, 1_000),
            Err(Error::BadRequest(_))
        ));
    }
}
