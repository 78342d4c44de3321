//! Real money flows end in the right money notification for the right person: an M-Pesa
//! payment held in escrow and released when the verified booking's dispute window ends, a
//! dispute resolved with a partial refund over HTTP, and an admin's refund over HTTP. (The
//! payout `baitech settlements payout --execute` makes is in `ops::payments_cli`.)

use baitech::domain::Timestamp;
use baitech::domain::booking::BookingStatus;
use baitech::domain::money::Money;
use baitech::domain::transaction::TransactionStatus;
use baitech::domain::user::Role;
use baitech::services::{jobs, notifications};
use chrono::Duration;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use super::{inbox, settled};
use crate::bookings::person;
use crate::common::gateways::{STRIPE_WEBHOOK_SECRET, signed_stripe_event};
use crate::common::users::TestUser;
use crate::common::{Backend, both_backends};
use crate::payments::flows::{World, shillings, world};

/// `who`'s inbox items of `kind`.
async fn of_kind(w: &World, who: &TestUser, kind: &str) -> Vec<Value> {
    inbox(&w.app, who, "?limit=100")
        .await
        .into_iter()
        .filter(|n| n["type"] == kind)
        .collect()
}

/// A world whose notifier runs, and the probe user that tells when it caught up.
async fn notifying(b: Backend) -> (World, notifications::NotifierHandle, TestUser) {
    let w = world(b).await;
    let notifier = notifications::spawn(w.app.app.clone())
        .await
        .expect("the notifier subscribes");
    let probe = person(&w.app, Role::Customer).await;
    (w, notifier, probe)
}

#[apply(both_backends)]
async fn escrow_released_after_the_verified_booking_window_tells_the_technician_their_earnings(
    #[case] b: Backend,
) {
    let (w, _notifier, probe) = notifying(b).await;
    let booking = w.booking(BookingStatus::Verified).await;
    let tx = w.pay_mpesa(booking.id).await;
    let (s, _) = w
        .stk_paid(&tx, shillings(booking.pricing.total), "254712345678")
        .await;
    assert_eq!(s, 200);
    settled(&w.app, &probe).await;
    let (customer, technician) = (&w.cast.customer, &w.cast.technician);
    assert_eq!(of_kind(&w, customer, "payment_received").await.len(), 1);
    assert_eq!(
        of_kind(&w, technician, "payment_received").await.len(),
        1,
        "the technician hears the money is held for their job"
    );
    assert!(of_kind(&w, technician, "escrow_released").await.is_empty());

    let later = Timestamp::now().plus(Duration::hours(73));
    let report = jobs::run_once(&w.app.app, later).await;
    assert_eq!(report.job("escrow_release").unwrap().changed, 1);
    let released = w.tx(&tx["_id"]).await;
    assert_eq!(released.status, TransactionStatus::Released);
    settled(&w.app, &probe).await;
    let got = of_kind(&w, technician, "escrow_released").await;
    assert_eq!(got.len(), 1, "{got:?}");
    let earnings = released.split.unwrap().technician_earnings;
    let body = got[0]["body"].as_str().unwrap();
    assert!(
        body.contains(&earnings.to_string()),
        "{body} names {earnings}"
    );
    assert_eq!(
        got[0]["deepLink"],
        format!("baitech://transaction/{}", released.id)
    );
    assert!(
        of_kind(&w, customer, "escrow_released").await.is_empty(),
        "the customer is not told of the technician's money"
    );
    assert!(
        of_kind(&w, &w.cast.admin, "escrow_released")
            .await
            .is_empty()
    );
}

#[apply(both_backends)]
async fn a_dispute_resolved_with_a_refund_and_an_admin_refund_tell_the_customer(
    #[case] b: Backend,
) {
    let (w, _notifier, probe) = notifying(b).await;
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
    let refund = 100_000;
    let (s, body) = w
        .call(
            Method::POST,
            &format!("/bookings/{}/dispute/resolve", booking.id),
            Some(&w.cast.admin),
            Some(json!({"outcome": "refund_partial",
                "refundAmount": {"amount": refund, "currency": "KES"}, "reason": "half done"})),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    settled(&w.app, &probe).await;
    let (customer, technician) = (&w.cast.customer, &w.cast.technician);
    let got = of_kind(&w, customer, "payment_refunded").await;
    assert_eq!(got.len(), 1, "{got:?}");
    let body = got[0]["body"].as_str().unwrap();
    assert!(body.contains(&Money::kes(refund).to_string()), "{body}");
    assert!(of_kind(&w, technician, "payment_refunded").await.is_empty());
    // The rest of the escrow went to the technician, and they are told of it.
    let rest = of_kind(&w, technician, "escrow_released").await;
    assert_eq!(rest.len(), 1, "{rest:?}");
    assert!(of_kind(&w, customer, "escrow_released").await.is_empty());

    // An admin's refund of another payment over HTTP: the customer hears of that one too.
    let other = w.booking(BookingStatus::Verified).await;
    let tx = w.pay_mpesa(other.id).await;
    w.stk_paid(&tx, shillings(other.pricing.total), "254712345678")
        .await;
    let paid = w.tx(&tx["_id"]).await;
    let (s, body) = w
        .call(
            Method::POST,
            &format!("/payments/transactions/{}/refund", paid.id),
            Some(&w.cast.admin),
            Some(json!({"amount": {"amount": 50_000, "currency": "KES"},
                "reason": "goodwill", "destination": "wallet"})),
        )
        .await;
    assert_eq!(s, 201, "{body}");
    settled(&w.app, &probe).await;
    let got = of_kind(&w, customer, "payment_refunded").await;
    assert_eq!(got.len(), 2, "{got:?}");
    let newest = got[0]["body"].as_str().unwrap();
    assert!(newest.contains(&Money::kes(50_000).to_string()), "{newest}");
    assert!(newest.contains("goodwill"), "{newest}");
    assert!(of_kind(&w, technician, "payment_refunded").await.is_empty());
    assert!(
        of_kind(&w, &w.cast.admin, "payment_refunded")
            .await
            .is_empty()
    );
}
