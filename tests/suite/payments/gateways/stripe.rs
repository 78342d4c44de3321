//! `StripeClient` against the fake Stripe, and webhook verification.

use baitech::Error;
use baitech::config::{Config, Overrides, StripeConfig};
use baitech::domain::money::{Currency, Money};
use baitech::gateways::stripe::{
    self, PaymentIntentRequest, RefundRequest, SANDBOX_WEBHOOK_SECRET, Stripe, StripeClient,
    sign_payload,
};
use serde_json::json;

use crate::common::gateways::{
    FakeStripe, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, signed_stripe_event, stripe_event,
};
use crate::common::init;

async fn stripe_api() -> (FakeStripe, StripeClient) {
    init();
    let fake = FakeStripe::start().await;
    let client = StripeClient::new(&fake.config()).expect("client");
    (fake, client)
}

fn intent(key: &str, amount: Money) -> PaymentIntentRequest {
    PaymentIntentRequest {
        amount,
        description: "Booking BK-7Q2X9".into(),
        idempotency_key: key.into(),
        metadata: vec![
            ("booking_id".into(), "bk_123".into()),
            ("user_id".into(), "usr_9".into()),
        ],
    }
}

fn refund(pi: &str, key: &str, amount: i64, reason: Option<&str>) -> RefundRequest {
    RefundRequest {
        payment_intent: pi.into(),
        amount: Money::kes(amount),
        idempotency_key: key.into(),
        reason: reason.map(str::to_string),
    }
}

#[tokio::test]
async fn a_payment_intent_is_created_from_a_form_with_the_idempotency_key() {
    let (fake, client) = stripe_api().await;
    let created = client
        .create_payment_intent(&intent("pay-1", Money::kes(150_000)))
        .await
        .unwrap();
    assert!(created.id.starts_with("pi_"));
    assert!(
        created
            .client_secret
            .starts_with(&format!("{}_secret_", created.id))
    );
    assert_eq!(created.status, "requires_payment_method");
    assert_eq!(
        (created.amount, created.currency.as_str()),
        (150_000, "kes")
    );

    let call = &fake.intents()[0];
    assert_eq!(
        call.authorization.as_deref(),
        Some(format!("Bearer {STRIPE_SECRET_KEY}").as_str())
    );
    assert_eq!(call.idempotency_key.as_deref(), Some("pay-1"));
    assert_eq!(
        call.content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(call.get("amount"), Some("150000"));
    assert_eq!(call.get("currency"), Some("kes"));
    assert_eq!(call.get("automatic_payment_methods[enabled]"), Some("true"));
    assert_eq!(call.get("description"), Some("Booking BK-7Q2X9"));
    assert_eq!(call.get("metadata[booking_id]"), Some("bk_123"));
    assert_eq!(call.get("metadata[user_id]"), Some("usr_9"));
}

#[tokio::test]
async fn zero_decimal_currencies_are_sent_in_whole_units() {
    let (fake, client) = stripe_api().await;
    let created = client
        .create_payment_intent(&intent("pay-ugx", Money::new(50_000, Currency::Ugx)))
        .await
        .unwrap();
    assert_eq!((created.amount, created.currency.as_str()), (50_000, "ugx"));
    assert_eq!(fake.intents()[0].get("amount"), Some("50000"));
}

#[tokio::test]
async fn a_repeated_idempotency_key_gets_the_same_intent() {
    let (fake, client) = stripe_api().await;
    let first = client
        .create_payment_intent(&intent("pay-1", Money::kes(5_000)))
        .await
        .unwrap();
    let retry = client
        .create_payment_intent(&intent("pay-1", Money::kes(5_000)))
        .await
        .unwrap();
    let other = client
        .create_payment_intent(&intent("pay-2", Money::kes(5_000)))
        .await
        .unwrap();
    assert_eq!(first, retry);
    assert_ne!(first.id, other.id);
    let keys: Vec<_> = fake
        .intents()
        .iter()
        .map(|c| c.idempotency_key.clone().unwrap())
        .collect();
    assert_eq!(keys, ["pay-1", "pay-1", "pay-2"]);

    let err = client
        .create_payment_intent(&intent("pay-1", Money::kes(9_000)))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Unprocessable(m) if m.contains("idempotency_error")),
        "{err:?}"
    );
}

#[tokio::test]
async fn stripes_error_bodies_carry_their_message() {
    let (fake, client) = stripe_api().await;
    let err = client
        .create_payment_intent(&intent("pay-0", Money::kes(0)))
        .await
        .unwrap_err();
    let Error::Unprocessable(message) = &err else {
        panic!("expected unprocessable, got {err:?}");
    };
    assert!(
        message.contains("This value must be greater than or equal to 1.")
            && message.contains("parameter_invalid_integer"),
        "{message}"
    );

    fake.fail_next_with(
        402,
        json!({"error": {"type": "card_error", "code": "card_declined", "message": "Your card was declined."}}),
    );
    let declined = client
        .create_payment_intent(&intent("pay-1", Money::kes(100)))
        .await
        .unwrap_err();
    assert!(
        matches!(&declined, Error::Unprocessable(m) if m.contains("Your card was declined.")),
        "{declined:?}"
    );

    fake.fail_next(500);
    let down = client
        .create_payment_intent(&intent("pay-2", Money::kes(100)))
        .await
        .unwrap_err();
    assert!(
        matches!(&down, Error::Unavailable { dependency: "stripe", reason } if reason.contains("Fake failure.")),
        "{down:?}"
    );
}

#[tokio::test]
async fn a_refused_api_key_is_an_outage() {
    init();
    let fake = FakeStripe::start().await;
    let client = StripeClient::new(&StripeConfig {
        secret_key: "sk_test_wrong".into(),
        ..fake.config()
    })
    .unwrap();
    let err = client
        .create_payment_intent(&intent("pay-1", Money::kes(100)))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Unavailable { dependency: "stripe", reason } if reason.contains("Invalid API Key")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_refund_sends_the_intent_amount_reason_and_key() {
    let (fake, client) = stripe_api().await;
    let pi = client
        .create_payment_intent(&intent("pay-1", Money::kes(5_000)))
        .await
        .unwrap();
    let done = client
        .create_refund(&refund(
            &pi.id,
            "refund-1",
            3_000,
            Some("requested_by_customer"),
        ))
        .await
        .unwrap();
    assert!(done.id.starts_with("re_"));
    assert_eq!((done.status.as_str(), done.amount), ("succeeded", 3_000));

    let call = &fake.refunds()[0];
    assert_eq!(call.idempotency_key.as_deref(), Some("refund-1"));
    assert_eq!(call.get("payment_intent"), Some(pi.id.as_str()));
    assert_eq!(call.get("amount"), Some("3000"));
    assert_eq!(call.get("reason"), Some("requested_by_customer"));

    client
        .create_refund(&refund(&pi.id, "refund-2", 1_000, None))
        .await
        .unwrap();
    assert_eq!(fake.refunds()[1].get("reason"), None);

    let again = client
        .create_refund(&refund(
            &pi.id,
            "refund-1",
            3_000,
            Some("requested_by_customer"),
        ))
        .await
        .unwrap();
    assert_eq!(again, done, "a retried refund is not refunded twice");

    let err = client
        .create_refund(&refund(&pi.id, "refund-3", 1_001, None))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Unprocessable(m) if m.contains("greater than unrefunded amount")),
        "{err:?}"
    );
}

fn succeeded(pi: &str) -> serde_json::Value {
    json!({"id": pi, "object": "payment_intent", "amount": 5000, "currency": "kes", "status": "succeeded"})
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[tokio::test]
async fn a_webhook_signed_with_the_endpoint_secret_is_accepted_and_parsed() {
    let (_fake, client) = stripe_api().await;
    let (payload, header) = signed_stripe_event(
        STRIPE_WEBHOOK_SECRET,
        "evt_1",
        "payment_intent.succeeded",
        succeeded("pi_1"),
    );
    let event = client.verify_webhook(&payload, &header, now()).unwrap();
    assert_eq!(event.id, "evt_1");
    assert_eq!(event.kind, "payment_intent.succeeded");
    assert!((event.created - now()).abs() < 5);
    assert_eq!(event.object, succeeded("pi_1"));
    assert_eq!(event.raw["object"], "event");
}

/// Asserts `verify_webhook` refuses with a 400-type error whose message contains `why`.
fn assert_refused(client: &StripeClient, payload: &[u8], header: &str, at: i64, why: &str) {
    match client.verify_webhook(payload, header, at) {
        Err(Error::BadRequest(m)) => {
            assert!(m.starts_with("invalid Stripe signature"), "{m}");
            assert!(m.contains(why), "{m} should say {why}");
        }
        other => panic!("expected a bad request, got {other:?}"),
    }
}

#[tokio::test]
async fn webhooks_with_a_wrong_secret_tampered_body_or_old_timestamp_are_refused() {
    let (_fake, client) = stripe_api().await;
    let payload = stripe_event("evt_1", "payment_intent.succeeded", succeeded("pi_1"));
    let t = now();

    let wrong_secret = sign_payload("whsec_someone_else", &payload, t);
    assert_refused(
        &client,
        &payload,
        &wrong_secret,
        t,
        "no v1 signature matches",
    );

    let header = sign_payload(STRIPE_WEBHOOK_SECRET, &payload, t);
    let tampered = String::from_utf8(payload.clone())
        .unwrap()
        .replace("\"amount\":5000", "\"amount\":5")
        .into_bytes();
    assert_ne!(tampered, payload);
    assert_refused(&client, &tampered, &header, t, "no v1 signature matches");

    assert!(client.verify_webhook(&payload, &header, t + 300).is_ok());
    assert_refused(&client, &payload, &header, t + 301, "301 s");
}

#[tokio::test]
async fn any_matching_v1_signature_is_enough() {
    let (_fake, client) = stripe_api().await;
    let payload = stripe_event("evt_2", "charge.refunded", json!({"id": "ch_1"}));
    let t = now();
    let good = sign_payload(STRIPE_WEBHOOK_SECRET, &payload, t);
    let good_v1 = good.split_once("v1=").unwrap().1;
    let old_secret = sign_payload("whsec_rolled", &payload, t);
    let old_v1 = old_secret.split_once("v1=").unwrap().1;
    let header = format!(
        "t={t},v1={old_v1},v1={good_v1},v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39"
    );
    assert_eq!(
        client.verify_webhook(&payload, &header, t).unwrap().id,
        "evt_2"
    );
}

#[tokio::test]
async fn malformed_signature_headers_are_refused_as_malformed() {
    let (_fake, client) = stripe_api().await;
    let payload = stripe_event("evt_3", "payment_intent.succeeded", succeeded("pi_1"));
    let t = now();
    let good = sign_payload(STRIPE_WEBHOOK_SECRET, &payload, t);
    let only_v1 = good.split_once(',').unwrap().1.to_string();
    for header in [
        "",
        "nonsense",
        &only_v1,
        &format!("t={t}"),
        "t=soon,v1=abcd",
    ] {
        assert_refused(&client, &payload, header, t, "malformed");
    }
}

#[tokio::test]
async fn a_correctly_signed_body_that_is_not_an_event_is_refused() {
    let (_fake, client) = stripe_api().await;
    let payload = br#"{"id":"evt_4","type":"payment_intent.succeeded"}"#;
    let header = sign_payload(STRIPE_WEBHOOK_SECRET, payload, now());
    let err = client.verify_webhook(payload, &header, now()).unwrap_err();
    assert!(
        matches!(&err, Error::BadRequest(m) if m.contains("invalid Stripe event")),
        "{err:?}"
    );
}

#[test]
fn unusable_settings_are_configuration_errors() {
    let Err(Error::Config(errs)) = StripeClient::new(&StripeConfig {
        secret_key: " ".into(),
        webhook_secret: "".into(),
        base_url: "api.stripe.com".into(),
    }) else {
        panic!("expected a configuration error");
    };
    let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "STRIPE_BASE_URL",
            "STRIPE_SECRET_KEY",
            "STRIPE_WEBHOOK_SECRET"
        ]
    );
}

#[tokio::test]
async fn configuration_selects_stripe_or_the_sandbox() {
    init();
    let fake = FakeStripe::start().await;
    let mut vars: std::collections::HashMap<String, String> = fake.env().into_iter().collect();
    vars.insert("BAITECH_ENV".into(), "test".into());
    let overrides = || Overrides {
        data_dir: Some(std::env::temp_dir()),
        ..Default::default()
    };
    let configured = Config::from_map(overrides(), &vars).unwrap();
    let gateway = stripe::from_config(&configured).unwrap();
    assert_eq!(gateway.backend(), "stripe");
    assert!(gateway.sandbox().is_none());
    gateway
        .create_payment_intent(&intent("pay-1", Money::kes(100)))
        .await
        .unwrap();
    assert_eq!(fake.intents().len(), 1);

    vars.retain(|k, _| !k.starts_with("STRIPE_"));
    let sandbox = stripe::from_config(&Config::from_map(overrides(), &vars).unwrap()).unwrap();
    assert_eq!(sandbox.backend(), "sandbox");
    sandbox
        .create_payment_intent(&intent("pay-1", Money::kes(100)))
        .await
        .unwrap();
    assert_eq!(sandbox.sandbox().unwrap().intents().len(), 1);
    let (payload, header) = signed_stripe_event(
        SANDBOX_WEBHOOK_SECRET,
        "evt_5",
        "payment_intent.succeeded",
        succeeded("pi_1"),
    );
    assert!(sandbox.verify_webhook(&payload, &header, now()).is_ok());
}
