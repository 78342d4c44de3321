//! Payment flows over HTTP against the real server, with the real Daraja and Stripe clients
//! talking to local fakes: pay → escrow → release, pay → dispute → partial refund, failures,
//! duplicate and out-of-order deliveries, signatures, wallets, fraud holds, receipts, cash and
//! an interrupted payout batch. Every test ends by reconciling the books.

use baitech::domain::Id;
use baitech::domain::booking::BookingStatus;
use baitech::domain::ledger::{Account, SettlementStatus};
use baitech::domain::money::Money;
use baitech::domain::transaction::TransactionStatus;
use baitech::domain::user::Role;
use baitech::services::jobs;
use baitech::services::payments::{reconcile, settlements};
use chrono::Duration;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::{Value, json};

use crate::bookings::{Cast, fixture};
use crate::common::gateways::{
    FakeDaraja, FakeStripe, STRIPE_WEBHOOK_SECRET, TEST_CALLBACK_SECRET, signed_stripe_event,
    stk_callback_body,
};
use crate::common::{Backend, TestApp};

/// A server configured against fake Daraja and Stripe servers, with a cast of users.
pub(crate) struct World {
    pub(crate) app: TestApp,
    pub(crate) cast: Cast,
    pub(crate) daraja: FakeDaraja,
    pub(crate) stripe: FakeStripe,
}

pub(crate) async fn world(b: Backend) -> World {
    world_with_env(b, Vec::new()).await
}

/// [`world`] with extra settings.
pub(crate) async fn world_with_env(b: Backend, extra: Vec<(String, String)>) -> World {
    let daraja = FakeDaraja::start().await;
    let stripe = FakeStripe::start().await;
    let mut env = daraja.env();
    env.extend(stripe.env());
    env.extend(extra);
    let app = TestApp::spawn_with_env(b, env).await;
    let cast = Cast::new(&app).await;
    World {
        app,
        cast,
        daraja,
        stripe,
    }
}

/// The server's request helpers (`call`, `send`, `url`) on the world itself.
impl std::ops::Deref for World {
    type Target = TestApp;
    fn deref(&self) -> &TestApp {
        &self.app
    }
}

impl World {
    /// A booking in `status` owned by the cast, stored as it is.
    pub(crate) async fn booking(&self, status: BookingStatus) -> baitech::domain::booking::Booking {
        let b = fixture(&self.cast, status);
        self.app
            .app
            .store
            .bookings
            .insert(&b)
            .await
            .expect("store booking");
        b
    }

    pub(crate) async fn booking_status(&self, id: Id) -> BookingStatus {
        self.app
            .app
            .store
            .bookings
            .get(id)
            .await
            .unwrap()
            .unwrap()
            .status
    }

    pub(crate) async fn tx(&self, id: &Value) -> baitech::domain::transaction::Transaction {
        let id: Id = id.as_str().expect("transaction id").parse().unwrap();
        self.app
            .app
            .store
            .transactions
            .get(id)
            .await
            .unwrap()
            .unwrap()
    }

    /// Starts an M-Pesa payment of `booking` as the customer; returns the transaction JSON.
    pub(crate) async fn pay_mpesa(&self, booking: Id) -> Value {
        let (s, body) = self
            .call(
                Method::POST,
                "/payments/mpesa",
                Some(&self.cast.customer),
                Some(json!({"bookingId": booking.to_string(), "phoneNumber": "0712345678"})),
            )
            .await;
        assert_eq!(s, 201, "{body}");
        body["data"].clone()
    }

    /// Asks for an M-Pesa top-up of the customer's wallet by `cents`; returns the answer.
    pub(crate) async fn start_top_up(&self, cents: i64) -> (u16, Value) {
        self.call(
            Method::POST,
            "/payments/wallet/top-up",
            Some(&self.cast.customer),
            Some(json!({"amount": {"amount": cents, "currency": "KES"},
                "phoneNumber": "0712345678"})),
        )
        .await
    }

    /// Starts an M-Pesa top-up of `cents` (it must be accepted); returns the transaction JSON.
    pub(crate) async fn top_up(&self, cents: i64) -> Value {
        let (s, body) = self.start_top_up(cents).await;
        assert_eq!(s, 201, "{body}");
        body["data"]["transaction"].clone()
    }

    /// The customer pays `booking` from their wallet; returns the answer.
    pub(crate) async fn pay_wallet(&self, booking: Id) -> (u16, Value) {
        self.call(
            Method::POST,
            "/payments/wallet",
            Some(&self.cast.customer),
            Some(json!({"bookingId": booking.to_string()})),
        )
        .await
    }

    /// The technician records a cash payment of `booking` (`amount` in cents when given, else
    /// the price) and the customer confirms it: pending, then in escrow. Returns the
    /// transaction id.
    pub(crate) async fn cash_confirmed(&self, booking: Id, amount: Option<i64>) -> String {
        let mut req = json!({"bookingId": booking.to_string()});
        if let Some(cents) = amount {
            req["amount"] = json!({"amount": cents, "currency": "KES"});
        }
        let (s, body) = self
            .call(
                Method::POST,
                "/payments/cash",
                Some(&self.cast.technician),
                Some(req),
            )
            .await;
        assert_eq!(s, 201, "{body}");
        assert_eq!(body["data"]["status"], "pending", "{body}");
        let id = body["data"]["_id"].as_str().unwrap().to_string();
        let (s, body) = self
            .call(
                Method::POST,
                &format!("/payments/transactions/{id}/confirm"),
                Some(&self.cast.customer),
                None,
            )
            .await;
        assert_eq!(s, 200, "{body}");
        assert_eq!(body["data"]["status"], "escrow", "{body}");
        id
    }

    /// Posts an STK result to the callback URL Daraja was given (with its secret).
    pub(crate) async fn callback(&self, body: Value) -> (u16, Value) {
        let path = format!("/payments/mpesa/callback/{TEST_CALLBACK_SECRET}");
        self.call(Method::POST, &path, None, Some(body)).await
    }

    /// Posts a B2C result (`timeout`: to the queue-timeout URL) with the callback secret.
    pub(crate) async fn b2c(&self, timeout: bool, body: Value) -> (u16, Value) {
        let route = if timeout { "timeout" } else { "result" };
        let path = format!("/payments/mpesa/b2c/{route}/{TEST_CALLBACK_SECRET}");
        self.call(Method::POST, &path, None, Some(body)).await
    }

    pub(crate) async fn webhook(&self, payload: Vec<u8>, signature: &str) -> u16 {
        self.app
            .request(reqwest::Method::POST, "/api/v1/payments/stripe/webhook")
            .header("content-type", "application/json")
            .header("stripe-signature", signature)
            .body(payload)
            .send_raw()
            .await
            .status()
            .as_u16()
    }

    pub(crate) async fn payable(&self) -> i64 {
        self.balance(&Account::payable(self.cast.technician.id))
            .await
    }

    /// An account's balance as its holder sees it (credit positive).
    pub(crate) async fn balance(&self, a: &Account) -> i64 {
        self.app
            .app
            .store
            .ledger
            .get_account(a)
            .await
            .unwrap()
            .map(|b| -b.balance)
            .unwrap_or(0)
    }

    pub(crate) async fn lines(&self) -> u64 {
        self.app
            .app
            .store
            .ledger
            .count_ledger_lines()
            .await
            .unwrap()
    }

    pub(crate) async fn assert_books_balance(&self) -> reconcile::Report {
        let r = reconcile::run(&self.app.app, reconcile::Options::default(), |_, _| {})
            .await
            .expect("reconcile");
        let money: Vec<_> = r
            .discrepancies
            .iter()
            .filter(|d| d.kind != "unmatched_event")
            .collect();
        assert!(money.is_empty(), "{:#?}", r.discrepancies);
        r
    }

    /// The customer pays `tx` on their phone (Daraja's STK query now says so) and Daraja sends
    /// the successful STK callback (amount in shillings).
    pub(crate) async fn stk_paid(&self, tx: &Value, shillings: f64, phone: &str) -> (u16, Value) {
        let checkout = tx["gatewayRef"]["checkoutRequestId"].as_str().unwrap();
        let merchant = tx["gatewayRef"]["merchantRequestId"].as_str().unwrap();
        self.daraja.customer_pays(checkout);
        self.callback(stk_callback_body(
            merchant,
            checkout,
            0,
            "The service request is processed successfully.",
            Some((shillings, "QKJ4ABC123", phone)),
        ))
        .await
    }
}

pub(crate) fn shillings(total: Money) -> f64 {
    ((total.amount + 99) / 100) as f64
}

#[apply(both_backends)]
async fn mpesa_pay_escrow_then_release_after_the_dispute_window(#[case] b: Backend) {
    let w = world(b).await;
    let booking = w.booking(BookingStatus::Verified).await;
    let tx = w.pay_mpesa(booking.id).await;
    assert_eq!(tx["status"], "pending");
    assert_eq!(
        w.booking_status(booking.id).await,
        BookingStatus::PaymentPending
    );
    let pushes = w.daraja.pushes();
    assert_eq!(pushes.len(), 1);
    assert_eq!(
        pushes[0]["Amount"].as_i64().unwrap() as f64,
        shillings(booking.pricing.total)
    );
    assert_eq!(
        pushes[0]["PhoneNumber"].to_string().trim_matches('"'),
        "254712345678"
    );

    let (s, ack) = w
        .stk_paid(&tx, shillings(booking.pricing.total), "254712345678")
        .await;
    assert_eq!((s, ack["ResultCode"].clone()), (200, json!(0)), "{ack}");
    let paid = w.tx(&tx["_id"]).await;
    assert_eq!(paid.status, TransactionStatus::Escrow);
    assert_eq!(
        paid.gateway_ref.mpesa_receipt_number.as_deref(),
        Some("QKJ4ABC123")
    );
    assert_eq!(w.booking_status(booking.id).await, BookingStatus::Paid);
    assert_eq!(w.balance(&Account::escrow()).await, paid.amount.amount);
    let lines = w.lines().await;

    // Daraja retries: the same delivery again changes nothing.
    let (s, _) = w
        .stk_paid(&tx, shillings(booking.pricing.total), "254712345678")
        .await;
    assert_eq!(s, 200);
    assert_eq!(w.lines().await, lines);
    assert_eq!(
        w.tx(&tx["_id"]).await.status_history.len(),
        paid.status_history.len()
    );

    // Not before the window ends...
    jobs::run_once(&w.app.app, baitech::domain::Timestamp::now()).await;
    assert_eq!(w.tx(&tx["_id"]).await.status, TransactionStatus::Escrow);
    // ...then released: fee, tax and the technician's earnings, escrow empty.
    let later = baitech::domain::Timestamp::now().plus(Duration::hours(73));
    let report = jobs::run_once(&w.app.app, later).await;
    assert_eq!(
        report.job("escrow_release").unwrap().changed,
        1,
        "{report:?}"
    );
    let released = w.tx(&tx["_id"]).await;
    assert_eq!(released.status, TransactionStatus::Released);
    let split = released.split.clone().unwrap();
    assert_eq!(split.total(), paid.amount);
    assert_eq!(w.payable().await, split.technician_earnings.amount);
    assert_eq!(w.balance(&Account::escrow()).await, 0);
    assert_eq!(
        w.balance(&Account::platform_revenue()).await,
        split.platform_fee.amount
    );
    w.assert_books_balance().await;
}

#[apply(both_backends)]
async fn failed_cancelled_and_unmatched_callbacks_are_kept_and_change_no_money(#[case] b: Backend) {
    let w = world(b).await;
    let booking = w.booking(BookingStatus::Verified).await;
    let tx = w.pay_mpesa(booking.id).await;
    let checkout = tx["gatewayRef"]["checkoutRequestId"].as_str().unwrap();
    let merchant = tx["gatewayRef"]["merchantRequestId"].as_str().unwrap();
    let (s, _) = w
        .callback(stk_callback_body(
            merchant,
            checkout,
            1032,
            "Request cancelled by user",
            None,
        ))
        .await;
    assert_eq!(s, 200);
    let failed = w.tx(&tx["_id"]).await;
    assert_eq!(failed.status, TransactionStatus::Failed);
    assert!(
        failed
            .failure_reason
            .unwrap()
            .contains("cancelled by the customer")
    );
    assert_eq!(
        w.booking_status(booking.id).await,
        BookingStatus::PaymentPending
    );
    assert_eq!(w.lines().await, 0);

    // A success for the same request arriving after the failure is the same delivery id.
    let (s, _) = w
        .stk_paid(&tx, shillings(booking.pricing.total), "254712345678")
        .await;
    assert_eq!(s, 200);
    assert_eq!(w.tx(&tx["_id"]).await.status, TransactionStatus::Failed);
    assert_eq!(w.lines().await, 0);

    // Nobody asked for this one: acknowledged, kept as unmatched, reported by reconcile.
    let (s, _) = w
        .callback(stk_callback_body(
            "m-1",
            "ws_CO_unknown",
            0,
            "ok",
            Some((10.0, "QZZ", "254700000000")),
        ))
        .await;
    assert_eq!(s, 200);
    let r = w.assert_books_balance().await;
    assert!(
        r.discrepancies
            .iter()
            .any(|d| d.kind == "unmatched_event" && d.subject.contains("ws_CO_unknown")),
        "{r:?}"
    );

    // A body that is not Daraja's shape is refused.
    let (s, _) = w.callback(json!({"Body": {}})).await;
    assert_eq!(s, 400);

    // The customer can try again after a failure.
    let again = w.pay_mpesa(booking.id).await;
    assert_eq!(again["status"], "pending");
}

#[apply(both_backends)]
async fn stripe_webhooks_are_verified_applied_once_and_late_ones_ignored(#[case] b: Backend) {
    let w = world(b).await;
    let booking = w.booking(BookingStatus::Verified).await;
    let (s, body) = w
        .call(
            Method::POST,
            "/payments/stripe",
            Some(&w.cast.customer),
            Some(json!({"bookingId": booking.id.to_string()})),
        )
        .await;
    assert_eq!(s, 201, "{body}");
    assert!(
        body["data"]["clientSecret"]
            .as_str()
            .unwrap()
            .contains("_secret_")
    );
    let tx = body["data"]["transaction"].clone();
    let intent = tx["gatewayRef"]["paymentIntentId"]
        .as_str()
        .unwrap()
        .to_string();
    let calls = w.stripe.intents();
    assert_eq!(calls.len(), 1);
    assert_eq!(
        calls[0].get("amount"),
        Some(booking.pricing.total.amount.to_string().as_str())
    );
    assert!(calls[0].idempotency_key.is_some());

    let object = json!({"id": intent, "object": "payment_intent", "amount": booking.pricing.total.amount,
        "amount_received": booking.pricing.total.amount, "currency": "kes", "status": "succeeded", "latest_charge": "ch_1"});
    // Wrong secret, tampered body, stale timestamp, no header: 400, nothing recorded.
    let (payload, _) = signed_stripe_event(
        "whsec_wrong",
        "evt_1",
        "payment_intent.succeeded",
        object.clone(),
    );
    let bad = baitech::gateways::stripe::sign_payload(
        "whsec_wrong",
        &payload,
        chrono::Utc::now().timestamp(),
    );
    assert_eq!(w.webhook(payload.clone(), &bad).await, 400);
    let (payload, sig) = signed_stripe_event(
        STRIPE_WEBHOOK_SECRET,
        "evt_1",
        "payment_intent.succeeded",
        object.clone(),
    );
    let mut tampered = payload.clone();
    let n = tampered.len();
    tampered[n - 2] = b' ';
    assert_eq!(w.webhook(tampered, &sig).await, 400);
    let stale = baitech::gateways::stripe::sign_payload(
        STRIPE_WEBHOOK_SECRET,
        &payload,
        chrono::Utc::now().timestamp() - 600,
    );
    assert_eq!(w.webhook(payload.clone(), &stale).await, 400);
    assert_eq!(w.tx(&tx["_id"]).await.status, TransactionStatus::Pending);
    assert_eq!(w.lines().await, 0);

    // The real one, twice.
    assert_eq!(w.webhook(payload.clone(), &sig).await, 200);
    assert_eq!(w.webhook(payload, &sig).await, 200);
    let paid = w.tx(&tx["_id"]).await;
    assert_eq!(paid.status, TransactionStatus::Escrow);
    assert_eq!(paid.gateway_ref.charge_id.as_deref(), Some("ch_1"));
    assert_eq!(w.lines().await, 2);
    assert_eq!(w.booking_status(booking.id).await, BookingStatus::Paid);

    // `processing` delivered late (out of order) changes nothing.
    let (late, sig) = signed_stripe_event(
        STRIPE_WEBHOOK_SECRET,
        "evt_0",
        "payment_intent.processing",
        json!({"id": intent}),
    );
    assert_eq!(w.webhook(late, &sig).await, 200);
    assert_eq!(w.tx(&tx["_id"]).await.status, TransactionStatus::Escrow);
    w.assert_books_balance().await;
}

#[apply(both_backends)]
async fn a_dispute_resolved_with_a_partial_refund_refunds_and_releases_the_rest(
    #[case] b: Backend,
) {
    let w = world(b).await;
    let booking = w.booking(BookingStatus::Verified).await;
    let (_, body) = w
        .call(
            Method::POST,
            "/payments/stripe",
            Some(&w.cast.customer),
            Some(json!({"bookingId": booking.id.to_string()})),
        )
        .await;
    let tx = body["data"]["transaction"].clone();
    let intent = tx["gatewayRef"]["paymentIntentId"].as_str().unwrap();
    let total = booking.pricing.total.amount;
    let (payload, sig) = signed_stripe_event(
        STRIPE_WEBHOOK_SECRET,
        "evt_pay",
        "payment_intent.succeeded",
        json!({"id": intent, "amount_received": total, "currency": "kes"}),
    );
    assert_eq!(w.webhook(payload, &sig).await, 200);

    let (s, body) = w
        .call(
            Method::POST,
            &format!("/bookings/{}/dispute", booking.id),
            Some(&w.cast.customer),
            Some(json!({"reason": "the leak is back"})),
        )
        .await;
    assert_eq!(s, 201, "{body}");
    // Disputed: escrow is not released even after the window.
    jobs::run_once(
        &w.app.app,
        baitech::domain::Timestamp::now().plus(Duration::hours(100)),
    )
    .await;
    assert_eq!(w.tx(&tx["_id"]).await.status, TransactionStatus::Escrow);

    let refund = 100_000;
    let (s, body) = w
        .call(Method::POST, &format!("/bookings/{}/dispute/resolve", booking.id), Some(&w.cast.admin),
            Some(json!({"outcome": "refund_partial", "refundAmount": {"amount": refund, "currency": "KES"}, "reason": "half done"})))
        .await;
    assert_eq!(s, 200, "{body}");
    let refunds = w.stripe.refunds();
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].get("amount"), Some(refund.to_string().as_str()));
    assert_eq!(refunds[0].get("payment_intent"), Some(intent));
    let payment = w.tx(&tx["_id"]).await;
    assert_eq!(payment.refunded_amount.amount, refund);
    assert_eq!(payment.status, TransactionStatus::Released);
    let released = payment.split.unwrap().scaled(total - refund);
    assert_eq!(w.payable().await, released.technician_earnings.amount);
    assert_eq!(w.balance(&Account::escrow()).await, 0);
    // Resolving again is refused: nothing more moves.
    let (s, _) = w
        .call(
            Method::POST,
            &format!("/bookings/{}/dispute/resolve", booking.id),
            Some(&w.cast.admin),
            Some(json!({"outcome": "refund_full", "reason": "again"})),
        )
        .await;
    assert_eq!(s, 409);
    assert_eq!(w.stripe.refunds().len(), 1);
    w.assert_books_balance().await;

    // Days later Stripe reports the refund failed: the customer is owed it, and escrow was
    // released meanwhile, so it goes to their wallet; the same event twice changes nothing.
    let r = w
        .app
        .app
        .store
        .transactions
        .list_transactions(
            &baitech::store::TransactionFilter {
                kind: Some(baitech::domain::transaction::TransactionType::Refund),
                ..Default::default()
            },
            &baitech::store::PageRequest::first(5),
        )
        .await
        .unwrap()
        .items
        .remove(0);
    let refund_id = r.gateway_ref.refund_id.clone().expect("Stripe's refund id");
    let (payload, sig) = signed_stripe_event(
        STRIPE_WEBHOOK_SECRET,
        "evt_refund_failed",
        "refund.failed",
        json!({"id": refund_id, "object": "refund", "payment_intent": intent, "status": "failed", "failure_reason": "expired_or_canceled_card"}),
    );
    assert_eq!(w.webhook(payload.clone(), &sig).await, 200);
    assert_eq!(w.webhook(payload, &sig).await, 200);
    let failed = w
        .app
        .app
        .store
        .transactions
        .get(r.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(failed.status, TransactionStatus::Failed);
    assert_eq!(
        w.balance(&Account::wallet(w.cast.customer.id)).await,
        refund
    );
    w.assert_books_balance().await;
}

#[apply(both_backends)]
async fn a_dispute_resolved_for_the_technician_releases_escrow_at_once(#[case] b: Backend) {
    let w = world(b).await;
    let booking = w.booking(BookingStatus::Verified).await;
    let tx = w.pay_mpesa(booking.id).await;
    w.stk_paid(&tx, shillings(booking.pricing.total), "254712345678")
        .await;
    let (s, _) = w
        .call(
            Method::POST,
            &format!("/bookings/{}/dispute", booking.id),
            Some(&w.cast.technician),
            Some(json!({"reason": "the customer will not confirm"})),
        )
        .await;
    assert_eq!(s, 201);
    let (s, body) = w
        .call(
            Method::POST,
            &format!("/bookings/{}/dispute/resolve", booking.id),
            Some(&w.cast.admin),
            Some(json!({"outcome": "release_to_technician", "reason": "work verified on site"})),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(w.booking_status(booking.id).await, BookingStatus::Paid);
    let paid = w.tx(&tx["_id"]).await;
    assert_eq!(paid.status, TransactionStatus::Released);
    assert_eq!(paid.refunded_amount.amount, 0);
    assert_eq!(
        w.payable().await,
        paid.split.unwrap().technician_earnings.amount
    );
    assert!(w.daraja.b2c_requests().is_empty(), "nothing refunded");
    w.assert_books_balance().await;
}

#[apply(both_backends)]
async fn refunds_never_exceed_what_was_paid(#[case] b: Backend) {
    let w = world(b).await;
    let booking = w.booking(BookingStatus::Verified).await;
    let tx = w.pay_mpesa(booking.id).await;
    w.stk_paid(&tx, shillings(booking.pricing.total), "254712345678")
        .await;
    let paid = w.tx(&tx["_id"]).await;
    let path = format!("/payments/transactions/{}/refund", paid.id);
    let refund = |amount: i64| json!({"amount": {"amount": amount, "currency": "KES"}, "reason": "goodwill", "destination": "wallet"});
    let (s, _) = w
        .call(
            Method::POST,
            &path,
            Some(&w.cast.customer),
            Some(refund(100)),
        )
        .await;
    assert_eq!(s, 403);
    let (s, body) = w
        .call(
            Method::POST,
            &path,
            Some(&w.cast.admin),
            Some(refund(paid.amount.amount + 100)),
        )
        .await;
    assert_eq!(s, 400, "{body}");
    let (s, body) = w
        .call(
            Method::POST,
            &path,
            Some(&w.cast.admin),
            Some(refund(100_000)),
        )
        .await;
    assert_eq!(s, 201, "{body}");
    let left = paid.amount.amount - 100_000;
    let (s, _) = w
        .call(
            Method::POST,
            &path,
            Some(&w.cast.admin),
            Some(refund(left + 1)),
        )
        .await;
    assert_eq!(s, 400);
    let (s, _) = w
        .call(Method::POST, &path, Some(&w.cast.admin), Some(refund(left)))
        .await;
    assert_eq!(s, 201);
    let done = w.tx(&tx["_id"]).await;
    assert_eq!(done.status, TransactionStatus::Refunded);
    assert_eq!(done.refunded_amount, paid.amount);
    assert_eq!(
        w.balance(&Account::wallet(w.cast.customer.id)).await,
        paid.amount.amount
    );
    let (s, body) = w
        .call(
            Method::GET,
            "/payments/wallet",
            Some(&w.cast.customer),
            None,
        )
        .await;
    assert_eq!(
        (s, body["data"]["balance"]["amount"].as_i64()),
        (200, Some(paid.amount.amount))
    );
    w.assert_books_balance().await;
}

#[apply(both_backends)]
async fn concurrent_wallet_spends_never_overdraw(#[case] b: Backend) {
    let w = world(b).await;
    // Top up KES 2,500 through M-Pesa.
    let top = w.top_up(250_000).await;
    w.stk_paid(&top, 2_500.0, "254712345678").await;
    assert_eq!(
        w.balance(&Account::wallet(w.cast.customer.id)).await,
        250_000
    );

    // Two bookings, each costing more than half the wallet, paid at the same time.
    let b1 = w.booking(BookingStatus::Verified).await;
    let b2 = w.booking(BookingStatus::Verified).await;
    let ((s1, r1), (s2, r2)) = tokio::join!(w.pay_wallet(b1.id), w.pay_wallet(b2.id));
    let mut codes = [s1, s2];
    codes.sort();
    assert_eq!(codes, [201, 402], "{r1} {r2}");
    let left = 250_000 - b1.pricing.total.amount;
    assert_eq!(w.balance(&Account::wallet(w.cast.customer.id)).await, left);
    let paid = [w.booking_status(b1.id).await, w.booking_status(b2.id).await];
    assert_eq!(
        paid.iter().filter(|s| **s == BookingStatus::Paid).count(),
        1
    );
    w.assert_books_balance().await;
}

#[apply(both_backends)]
async fn a_payment_that_does_not_add_up_is_held_until_an_admin_approves_it(#[case] b: Backend) {
    let w = world(b).await;
    let booking = w.booking(BookingStatus::Verified).await;
    let tx = w.pay_mpesa(booking.id).await;
    // Paid less, from another phone.
    w.stk_paid(&tx, 10.0, "254799999999").await;
    let held = w.tx(&tx["_id"]).await;
    assert_eq!(held.status, TransactionStatus::Escrow);
    assert!(held.fraud.held);
    let flags: Vec<_> = held.fraud.flags.iter().map(|f| f.as_str()).collect();
    assert!(
        flags.contains(&"amount_mismatch") && flags.contains(&"phone_mismatch"),
        "{flags:?}"
    );
    assert_eq!(
        w.booking_status(booking.id).await,
        BookingStatus::PaymentPending
    );
    // The customer sees only that it is under review.
    let (_, body) = w
        .call(
            Method::GET,
            &format!("/payments/transactions/{}", held.id),
            Some(&w.cast.customer),
            None,
        )
        .await;
    assert_eq!(body["data"]["fraud"], json!({"underReview": true}));
    // Never released while held.
    jobs::run_once(
        &w.app.app,
        baitech::domain::Timestamp::now().plus(Duration::hours(100)),
    )
    .await;
    assert_eq!(w.tx(&tx["_id"]).await.status, TransactionStatus::Escrow);
    let (s, _) = w
        .call(
            Method::POST,
            &format!("/payments/transactions/{}/review", held.id),
            Some(&w.cast.admin),
            Some(json!({"decision": "approve", "reason": "customer paid the rest in cash"})),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(w.booking_status(booking.id).await, BookingStatus::Paid);
    let (s, _) = w
        .call(
            Method::POST,
            &format!("/payments/transactions/{}/review", held.id),
            Some(&w.cast.admin),
            Some(json!({"decision": "approve", "reason": "again"})),
        )
        .await;
    assert_eq!(s, 409);
    w.assert_books_balance().await;
}

#[apply(both_backends)]
async fn a_held_top_up_is_not_spendable_until_approved(#[case] b: Backend) {
    let w = world(b).await;
    let tx = w.top_up(100_000).await;
    // KES 1,000 asked, KES 10 arrived: recorded, held, not in the wallet.
    w.stk_paid(&tx, 10.0, "254712345678").await;
    let held = w.tx(&tx["_id"]).await;
    assert!(held.fraud.held);
    assert_eq!(held.status, TransactionStatus::Escrow);
    assert_eq!(w.balance(&Account::wallet(w.cast.customer.id)).await, 0);
    assert_eq!(w.balance(&Account::escrow()).await, 1_000);
    let (s, _) = w
        .call(
            Method::POST,
            &format!("/payments/transactions/{}/review", held.id),
            Some(&w.cast.admin),
            Some(json!({"decision": "approve", "reason": "the customer confirmed the amount"})),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(w.tx(&tx["_id"]).await.status, TransactionStatus::Completed);
    assert_eq!(
        w.balance(&Account::wallet(w.cast.customer.id)).await,
        1_000,
        "what arrived, not what was asked"
    );
    assert_eq!(w.balance(&Account::escrow()).await, 0);

    // A second one, rejected: refunded through M-Pesa, never reaching the wallet.
    let tx = w.top_up(100_000).await;
    w.stk_paid(&tx, 1_000.0, "254799999999").await;
    let (s, body) = w
        .call(
            Method::POST,
            &format!(
                "/payments/transactions/{}/review",
                tx["_id"].as_str().unwrap()
            ),
            Some(&w.cast.admin),
            Some(json!({"decision": "reject", "reason": "paid from a stranger's phone"})),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(w.tx(&tx["_id"]).await.status, TransactionStatus::Refunded);
    assert_eq!(w.balance(&Account::wallet(w.cast.customer.id)).await, 1_000);
    assert_eq!(
        w.daraja.b2c_requests().last().unwrap()["Amount"].as_i64(),
        Some(1_000)
    );
    w.assert_books_balance().await;
}

#[apply(both_backends)]
async fn receipts_and_transaction_lists_show_only_what_the_caller_may_see(#[case] b: Backend) {
    let w = world(b).await;
    let booking = w.booking(BookingStatus::Verified).await;
    let tx = w.pay_mpesa(booking.id).await;
    w.stk_paid(&tx, shillings(booking.pricing.total), "254712345678")
        .await;
    let id = tx["_id"].as_str().unwrap();
    let number = tx["receiptNumber"].as_str().unwrap();
    assert!(number.starts_with("RCP-"));
    let text = w
        .app
        .request(
            reqwest::Method::GET,
            &format!("/api/v1/payments/transactions/{id}/receipt?format=text"),
        )
        .header("authorization", w.cast.customer.bearer())
        .send_raw()
        .await;
    assert_eq!(text.status(), 200);
    let text = text.text().await.unwrap();
    assert!(
        text.contains(number)
            && text.contains("QKJ4ABC123")
            && text.contains(&booking.booking_number),
        "{text}"
    );
    let html = w
        .app
        .request(
            reqwest::Method::GET,
            &format!("/api/v1/payments/transactions/{id}/receipt?format=html"),
        )
        .header("authorization", w.cast.customer.bearer())
        .send_raw()
        .await;
    assert!(
        html.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let (s, body) = w
        .call(
            Method::GET,
            &format!("/payments/transactions/{id}/receipt"),
            Some(&w.cast.customer),
            None,
        )
        .await;
    assert_eq!(
        (s, body["data"]["receiptNumber"].as_str()),
        (200, Some(number))
    );

    let stranger = w.app.user(Role::Customer).await;
    let (s, _) = w
        .call(
            Method::GET,
            &format!("/payments/transactions/{id}"),
            Some(&stranger),
            None,
        )
        .await;
    assert_eq!(s, 404);
    let (s, body) = w
        .call(Method::GET, "/payments/transactions", Some(&stranger), None)
        .await;
    assert_eq!((s, body["data"].as_array().unwrap().len()), (200, 0));
    // The original route answers the same.
    let (s, body) = w
        .call(Method::GET, "/transactions", Some(&w.cast.customer), None)
        .await;
    assert_eq!(
        (s, body["data"].as_array().unwrap().len()),
        (200, 1),
        "{body}"
    );
    let (s, body) = w
        .call(
            Method::GET,
            "/payments/transactions?status=bogus",
            Some(&w.cast.admin),
            None,
        )
        .await;
    assert_eq!(s, 400, "{body}");
    // The technician sees the payment they are paid by; as payer they have none.
    let (s, body) = w
        .call(
            Method::GET,
            "/payments/transactions",
            Some(&w.cast.technician),
            None,
        )
        .await;
    assert_eq!(
        (s, body["data"].as_array().unwrap().len()),
        (200, 1),
        "{body}"
    );
    let (_, body) = w
        .call(
            Method::GET,
            "/payments/transactions?as=payer",
            Some(&w.cast.technician),
            None,
        )
        .await;
    assert_eq!(body["data"].as_array().unwrap().len(), 0);
    let (s, _) = w
        .call(
            Method::GET,
            "/payments/transactions?as=both",
            Some(&w.cast.technician),
            None,
        )
        .await;
    assert_eq!(s, 400);
}

#[apply(both_backends)]
async fn cash_is_recorded_by_the_technician_and_confirmed_by_the_customer(#[case] b: Backend) {
    let w = world(b).await;
    let booking = w.booking(BookingStatus::Verified).await;
    let (s, _) = w
        .call(
            Method::POST,
            "/payments/cash",
            Some(&w.cast.customer),
            Some(json!({"bookingId": booking.id.to_string()})),
        )
        .await;
    assert_eq!(s, 403);
    let id = w.cash_confirmed(booking.id, None).await;
    assert_eq!(w.booking_status(booking.id).await, BookingStatus::Paid);
    let (s, body) = w
        .call(
            Method::POST,
            &format!("/payments/transactions/{id}/release"),
            Some(&w.cast.admin),
            None,
        )
        .await;
    assert_eq!(s, 200, "{body}");
    // The technician kept the cash: they now owe the platform its fee and the tax.
    let p = booking.pricing;
    assert_eq!(w.payable().await, -(p.platform_fee.amount + p.tax.amount));
    assert_eq!(w.balance(&Account::cash(w.cast.technician.id)).await, 0);
    w.assert_books_balance().await;
}

#[apply(both_backends)]
async fn an_interrupted_payout_batch_resumes_and_pays_each_technician_once(#[case] b: Backend) {
    let w = world(b).await;
    let booking = w.booking(BookingStatus::Verified).await;
    let tx = w.pay_mpesa(booking.id).await;
    w.stk_paid(&tx, shillings(booking.pricing.total), "254712345678")
        .await;
    let id: Id = tx["_id"].as_str().unwrap().parse().unwrap();
    let admin = baitech::domain::booking::Actor::User {
        id: w.cast.admin.id,
        role: Role::Admin,
    };
    baitech::services::payments::escrow::release(&w.app.app, id, admin)
        .await
        .expect("release");
    let owed = w.payable().await;
    assert!(owed > 0);

    let plan = settlements::plan(&w.app.app, Money::kes(100))
        .await
        .unwrap();
    assert_eq!(plan.items.len(), 1);
    let batch = settlements::create(&w.app.app, &plan, Some(w.cast.admin.id))
        .await
        .unwrap();
    // The gateway is down for the first request: the run stops, the batch stays resumable.
    w.daraja.fail_next(503);
    let err = settlements::run(&w.app.app, batch.id, |_, _| {})
        .await
        .unwrap_err();
    assert!(matches!(err, baitech::Error::Unavailable { .. }), "{err:?}");
    let open = settlements::unfinished(&w.app.app)
        .await
        .unwrap()
        .expect("still open");
    assert_eq!(open.id, batch.id);
    // Resumed: the same payout transaction, sent again with the same originator id.
    let done = settlements::run(&w.app.app, batch.id, |_, _| {})
        .await
        .unwrap();
    assert_eq!(done.status, SettlementStatus::Completed);
    let sent = w.daraja.b2c_requests();
    let originators: Vec<_> = sent
        .iter()
        .map(|r| r["OriginatorConversationID"].clone())
        .collect();
    assert!(!originators.is_empty());
    assert!(
        originators.iter().all(|o| *o == originators[0]),
        "{originators:?}"
    );
    assert_eq!(w.payable().await, owed - plan.total.amount);
    // Running again pays nothing more.
    settlements::run(&w.app.app, batch.id, |_, _| {})
        .await
        .unwrap();
    assert_eq!(w.daraja.b2c_requests().len(), sent.len());
    assert!(settlements::unfinished(&w.app.app).await.unwrap().is_none());
    w.assert_books_balance().await;
}

#[apply(both_backends)]
async fn a_lost_callback_is_recovered_by_the_stk_query_job(#[case] b: Backend) {
    let w = world(b).await;
    let booking = w.booking(BookingStatus::Verified).await;
    let lost = w.pay_mpesa(booking.id).await;
    let other = w.booking(BookingStatus::Verified).await;
    let declined = w.pay_mpesa(other.id).await;
    let now = baitech::domain::Timestamp::now();
    // Too recent to ask about.
    let report = jobs::run_once(&w.app.app, now).await;
    assert_eq!(report.job("mpesa_query").unwrap().scanned, 0);
    w.daraja.set_query_result(
        lost["gatewayRef"]["checkoutRequestId"].as_str().unwrap(),
        0,
        "The service request is processed successfully.",
    );
    w.daraja.set_query_result(
        declined["gatewayRef"]["checkoutRequestId"]
            .as_str()
            .unwrap(),
        1032,
        "Request cancelled by user",
    );
    let report = jobs::run_once(&w.app.app, now.plus(Duration::minutes(3))).await;
    assert_eq!(report.job("mpesa_query").unwrap().changed, 2, "{report:?}");
    assert_eq!(w.daraja.queries().len(), 2);
    assert_eq!(w.tx(&lost["_id"]).await.status, TransactionStatus::Escrow);
    assert_eq!(w.booking_status(booking.id).await, BookingStatus::Paid);
    assert_eq!(
        w.tx(&declined["_id"]).await.status,
        TransactionStatus::Failed
    );
    // The callback arriving after all changes nothing.
    let lines = w.lines().await;
    w.stk_paid(&lost, shillings(booking.pricing.total), "254712345678")
        .await;
    assert_eq!(w.lines().await, lines);
    w.assert_books_balance().await;
}

pub(crate) fn b2c_result(originator: &str, code: i64) -> Value {
    json!({"Result": {
        "ResultType": 0,
        "ResultCode": code,
        "ResultDesc": if code == 0 { "The service request is processed successfully." } else { "The balance is insufficient for the transaction." },
        "OriginatorConversationID": originator,
        "ConversationID": "AG_20261125_0000",
        "TransactionID": "NLJ41HAY6Q",
    }})
}

#[apply(both_backends)]
async fn b2c_results_confirm_or_put_the_money_back(#[case] b: Backend) {
    let w = world(b).await;
    let booking = w.booking(BookingStatus::Verified).await;
    let tx = w.pay_mpesa(booking.id).await;
    w.stk_paid(&tx, shillings(booking.pricing.total), "254712345678")
        .await;
    let id: Id = tx["_id"].as_str().unwrap().parse().unwrap();
    let admin = baitech::domain::booking::Actor::User {
        id: w.cast.admin.id,
        role: Role::Admin,
    };
    // A refund through M-Pesa, accepted, then reported failed after escrow was released.
    let refund = baitech::services::payments::refunds::refund(
        &w.app.app,
        id,
        admin,
        baitech::services::payments::refunds::RefundRequest {
            amount: Some(Money::kes(50_000)),
            destination: None,
            reason: Some("partly redone".into()),
        },
    )
    .await
    .expect("refund");
    assert_eq!(refund.status, TransactionStatus::Completed);
    assert_eq!(
        w.daraja.b2c_requests().last().unwrap()["OriginatorConversationID"],
        refund.id.to_string()
    );
    baitech::services::payments::escrow::release(&w.app.app, id, admin)
        .await
        .expect("release");
    let (s, _) = w.b2c(false, b2c_result(&refund.id.to_string(), 2001)).await;
    assert_eq!(s, 200);
    let failed = w
        .app
        .app
        .store
        .transactions
        .get(refund.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(failed.status, TransactionStatus::Failed);
    assert_eq!(
        w.balance(&Account::wallet(w.cast.customer.id)).await,
        50_000,
        "owed to the customer's wallet"
    );
    // The same result again changes nothing.
    let lines = w.lines().await;
    w.b2c(false, b2c_result(&refund.id.to_string(), 2001)).await;
    assert_eq!(w.lines().await, lines);

    // A payout confirmed, another refused later: the payable comes back, the item fails.
    let owed = w.payable().await;
    let plan = settlements::plan(&w.app.app, Money::kes(100))
        .await
        .unwrap();
    let batch = settlements::create(&w.app.app, &plan, None).await.unwrap();
    let done = settlements::run(&w.app.app, batch.id, |_, _| {})
        .await
        .unwrap();
    let payout = done.items[0].transaction.unwrap();
    assert_eq!(w.payable().await, owed - plan.total.amount);
    let (s, _) = w.b2c(true, b2c_result(&payout.to_string(), 1)).await;
    assert_eq!(s, 200);
    assert_eq!(w.payable().await, owed);
    let batch = settlements::get(&w.app.app, batch.id).await.unwrap();
    assert_eq!(
        batch.items[0].status,
        baitech::domain::ledger::PayoutItemStatus::Failed
    );
    // Unknown originators are kept for review, not dropped.
    let (s, _) = w.b2c(false, b2c_result("nobody", 0)).await;
    assert_eq!(s, 200);
    w.assert_books_balance().await;
}

#[apply(both_backends)]
async fn reconcile_catches_a_corrupted_ledger(#[case] b: Backend) {
    let w = world(b).await;
    let booking = w.booking(BookingStatus::Verified).await;
    let tx = w.pay_mpesa(booking.id).await;
    w.stk_paid(&tx, shillings(booking.pricing.total), "254712345678")
        .await;
    w.assert_books_balance().await;
    let mut line = w
        .app
        .app
        .store
        .ledger
        .scan_ledger(None, 1)
        .await
        .unwrap()
        .remove(0);
    line.id = Id::new();
    line.amount = 1;
    w.app
        .app
        .store
        .ledger
        .import_ledger_lines(&[line])
        .await
        .unwrap();
    let r = reconcile::run(&w.app.app, reconcile::Options::default(), |_, _| {})
        .await
        .unwrap();
    let kinds: Vec<_> = r.discrepancies.iter().map(|d| d.kind).collect();
    for k in [
        "unbalanced_entry",
        "unbalanced_transaction",
        "ledger_total",
        "account_mismatch",
    ] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
}
