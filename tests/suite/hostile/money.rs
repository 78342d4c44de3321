//! Money under attack and under load: one booking paid from many requests at once (one gateway
//! and all four), forged M-Pesa callbacks (no secret, a wrong secret, a secret but no money on
//! Daraja's side, a disallowed address), amounts at and beyond their bound, and what the payee
//! sees of the payer's phone. Built on the payments World: the real server with the real
//! Daraja and Stripe clients talking to the local fakes.

use baitech::domain::Id;
use baitech::domain::booking::BookingStatus;
use baitech::domain::ledger::Account;
use baitech::domain::transaction::{TransactionStatus, TransactionType};
use baitech::services::payments::arrival::LIVE;
use baitech::store::{GatewayEventFilter, PageRequest, TransactionFilter};
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::{Value, json};

use crate::bookings::{fields, new_booking};
use crate::common::Backend;
use crate::common::gateways::{TEST_CALLBACK_SECRET, stk_callback_body};
use crate::payments::flows::{World, b2c_result, shillings, world, world_with_env};

const I64_MAX: i64 = i64::MAX;

/// Live payments of `booking` (holding its payment slot).
async fn live_payments(w: &World, booking: Id) -> Vec<baitech::domain::transaction::Transaction> {
    let filter = TransactionFilter {
        booking: Some(booking),
        kind: Some(TransactionType::Payment),
        statuses: LIVE.to_vec(),
        ..Default::default()
    };
    w.app
        .app
        .store
        .transactions
        .list_transactions(&filter, &PageRequest::first(100))
        .await
        .unwrap()
        .items
}

async fn wallet(w: &World) -> i64 {
    w.balance(&Account::wallet(w.cast.customer.id)).await
}

/// Tops the customer's wallet up by `shillings` through M-Pesa, genuinely.
async fn top_up(w: &World, shillings: i64) {
    let before = wallet(w).await;
    let tx = w.top_up(shillings * 100).await;
    w.stk_paid(&tx, shillings as f64, "254712345678").await;
    assert_eq!(wallet(w).await, before + shillings * 100);
}

fn tally(codes: &[u16]) -> std::collections::BTreeMap<u16, usize> {
    let mut t = std::collections::BTreeMap::new();
    for c in codes {
        *t.entry(*c).or_insert(0) += 1;
    }
    t
}

/// Issue figure: 3 of 10 parallel wallet payments of one booking answered 201 (in 2 of 3
/// rounds), three payments in escrow. Now exactly one, the rest a 409, the wallet debited once.
#[apply(both_backends)]
async fn parallel_wallet_payments_of_one_booking_charge_it_once(#[case] b: Backend) {
    let w = world(b).await;
    for _round in 0..2 {
        let booking = w.booking(BookingStatus::Verified).await;
        let total = booking.pricing.total.amount;
        top_up(&w, 3 * total.div_euclid(100) + 3).await;
        let before = wallet(&w).await;
        let answers = futures::future::join_all((0..10).map(|_| w.pay_wallet(booking.id))).await;
        let codes: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
        assert_eq!(tally(&codes), [(201, 1), (409, 9)].into(), "{answers:?}");
        for (s, body) in &answers {
            if *s == 409 {
                assert_eq!(body["error"]["code"], "CONFLICT", "{body}");
            }
        }
        let live = live_payments(&w, booking.id).await;
        assert_eq!(live.len(), 1, "{live:#?}");
        assert_eq!(live[0].status, TransactionStatus::Escrow);
        assert_eq!(wallet(&w).await, before - total, "debited once");
        assert_eq!(w.booking_status(booking.id).await, BookingStatus::Paid);
    }
    w.assert_books_balance().await;
}

/// Wallet, M-Pesa, Stripe and cash started at the same time for one booking: one live
/// payment, whichever wins; every other attempt is a 409 and stores nothing.
#[apply(both_backends)]
async fn a_payment_race_across_gateways_leaves_one_live_payment(#[case] b: Backend) {
    let w = world(b).await;
    for _round in 0..3 {
        let booking = w.booking(BookingStatus::Verified).await;
        top_up(&w, 2 * booking.pricing.total.amount.div_euclid(100) + 2).await;
        let id = json!({"bookingId": booking.id.to_string()});
        let mpesa = json!({"bookingId": booking.id.to_string(), "phoneNumber": "0712345678"});
        let customer = Some(&w.cast.customer);
        let (a, b2, c, d, e, f) = tokio::join!(
            w.pay_wallet(booking.id),
            w.call(
                Method::POST,
                "/payments/mpesa",
                customer,
                Some(mpesa.clone())
            ),
            w.call(Method::POST, "/payments/stripe", customer, Some(id.clone())),
            w.call(
                Method::POST,
                "/payments/cash",
                Some(&w.cast.technician),
                Some(id.clone())
            ),
            w.pay_wallet(booking.id),
            w.call(Method::POST, "/payments/mpesa", customer, Some(mpesa)),
        );
        let answers = [a, b2, c, d, e, f];
        let codes: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
        assert_eq!(tally(&codes), [(201, 1), (409, 5)].into(), "{answers:?}");
        let live = live_payments(&w, booking.id).await;
        assert_eq!(live.len(), 1, "{live:#?}");
    }
    w.assert_books_balance().await;
}

fn paid_body(tx: &Value) -> Value {
    stk_callback_body(
        tx["gatewayRef"]["merchantRequestId"].as_str().unwrap(),
        tx["gatewayRef"]["checkoutRequestId"].as_str().unwrap(),
        0,
        "The service request is processed successfully.",
        Some((1_000.0, "QKJ4FORGED", "254712345678")),
    )
}

async fn events(w: &World) -> usize {
    w.app
        .app
        .store
        .ledger
        .list_gateway_events(&GatewayEventFilter::default(), &PageRequest::first(100))
        .await
        .unwrap()
        .items
        .len()
}

/// Issue figure: a customer who posts `ResultCode 0` for their own top-up to the callback
/// route is credited with money M-Pesa never moved. Now: without the secret (or with a wrong
/// one) nothing changes; with the secret but an STK query that does not confirm the payment,
/// nothing moves; the genuine success (the customer paid, Daraja's query says so) credits
/// exactly once.
#[apply(both_backends)]
async fn forged_mpesa_callbacks_credit_nothing(#[case] b: Backend) {
    let w = world(b).await;
    let tx = w.top_up(100_000).await;
    let body = paid_body(&tx);
    let checkout = tx["gatewayRef"]["checkoutRequestId"].as_str().unwrap();

    // The plain route and a wrong secret: acknowledged as Daraja expects, nothing recorded.
    for path in [
        "/payments/mpesa/callback".to_string(),
        "/payments/mpesa/callback/not-the-secret-0123456789".to_string(),
        format!("/payments/mpesa/callback/{TEST_CALLBACK_SECRET}x"),
    ] {
        let (s, ack) = w.call(Method::POST, &path, None, Some(body.clone())).await;
        assert_eq!((s, ack["ResultCode"].as_i64()), (200, Some(0)), "{path}");
    }
    assert_eq!(wallet(&w).await, 0);
    assert_eq!(events(&w).await, 0);
    assert_eq!(w.daraja.queries().len(), 0, "refused before asking Daraja");

    // The right secret, but M-Pesa says the request is still being processed, then cancelled.
    let (s, _) = w.callback(body.clone()).await;
    assert_eq!(s, 200);
    w.daraja
        .set_query_result(checkout, 1032, "Request cancelled by user");
    let (s, _) = w.callback(body.clone()).await;
    assert_eq!(s, 200);
    assert_eq!(w.daraja.queries().len(), 2, "each success was checked");
    assert_eq!(wallet(&w).await, 0);
    assert_eq!(w.lines().await, 0);
    assert_eq!(w.tx(&tx["_id"]).await.status, TransactionStatus::Pending);

    // The genuine one: the customer paid, Daraja confirms, the wallet is credited once.
    w.daraja.customer_pays(checkout);
    let (s, _) = w.callback(body.clone()).await;
    assert_eq!(s, 200);
    assert_eq!(wallet(&w).await, 100_000);
    let (s, _) = w.callback(body).await;
    assert_eq!(s, 200);
    assert_eq!(wallet(&w).await, 100_000, "a repeat changes nothing");
    assert_eq!(w.tx(&tx["_id"]).await.status, TransactionStatus::Completed);

    // B2C results without the secret change nothing either.
    let before = events(&w).await;
    for route in ["result", "timeout"] {
        let (s, _) = w
            .call(
                Method::POST,
                &format!("/payments/mpesa/b2c/{route}"),
                None,
                Some(
                    json!({"Result": {"ResultCode": 2001, "ResultDesc": "forged",
                    "OriginatorConversationID": tx["_id"], "ConversationID": "AG_1"}}),
                ),
            )
            .await;
        assert_eq!(s, 200);
    }
    assert_eq!(events(&w).await, before);
    w.assert_books_balance().await;
}

/// With `MPESA_CALLBACK_ALLOW_CIDRS` set, a callback from elsewhere changes nothing even with
/// the secret and a confirmed payment; from an allowed address it applies.
#[apply(both_backends)]
async fn callbacks_from_outside_the_allow_list_change_nothing(#[case] b: Backend) {
    let allow = |cidrs: &str| vec![("MPESA_CALLBACK_ALLOW_CIDRS".to_string(), cidrs.to_string())];
    let w = world_with_env(b, allow("196.201.214.0/24, 196.201.213.0/24")).await;
    paid_top_up_called_back(&w).await;
    assert_eq!(wallet(&w).await, 0);
    assert_eq!(events(&w).await, 0);

    let w = world_with_env(b, allow("127.0.0.0/8")).await;
    paid_top_up_called_back(&w).await;
    assert_eq!(wallet(&w).await, 100_000);
}

/// A KES 1,000 top-up that the customer pays (Daraja's query confirms it), then its success
/// callback with the secret, acknowledged.
async fn paid_top_up_called_back(w: &World) {
    let tx = w.top_up(100_000).await;
    w.daraja
        .customer_pays(tx["gatewayRef"]["checkoutRequestId"].as_str().unwrap());
    let (s, _) = w.callback(paid_body(&tx)).await;
    assert_eq!(s, 200);
}

/// Issue figure: `POST /payments/cash` with amount 9223372036854775807 answered 201 and its
/// confirmation a 500 from the ledger write; a budget that size was accepted. Now every money
/// input beyond `MONEY_MAX_<currency>` is a 400 naming the field, and amounts at the bound go
/// through without a 5xx.
#[apply(both_backends)]
async fn amounts_beyond_their_bound_are_refused_and_at_it_accepted(#[case] b: Backend) {
    let w = world(b).await;
    let max = w.app.app.config.bookings.money_limits.kes;
    let booking = w.booking(BookingStatus::Verified).await;
    let cash = |amount: i64| {
        w.call(
            Method::POST,
            "/payments/cash",
            Some(&w.cast.technician),
            Some(json!({"bookingId": booking.id.to_string(),
                "amount": {"amount": amount, "currency": "KES"}})),
        )
    };
    for amount in [I64_MAX, max + 1] {
        let (s, body) = cash(amount).await;
        assert_eq!(s, 400, "{body}");
        assert_eq!(fields(&body), ["amount"], "{body}");
    }
    assert!(live_payments(&w, booking.id).await.is_empty());

    // Budgets.
    let with_budget = |amount: i64| {
        let mut req = new_booking(chrono::Duration::days(2), None);
        req["budget"] = json!({"amount": amount, "currency": "KES"});
        w.call(Method::POST, "/bookings", Some(&w.cast.customer), Some(req))
    };
    for amount in [I64_MAX, max + 1] {
        let (s, body) = with_budget(amount).await;
        assert_eq!(s, 400, "{body}");
        assert_eq!(fields(&body), ["budget"], "{body}");
    }
    let (s, body) = with_budget(max).await;
    assert_eq!(s, 201, "{body}");

    // A technician's quote.
    for amount in [I64_MAX, max + 1] {
        let (s, body) = w
            .call(
                Method::PUT,
                &format!("/bookings/{}/pricing", booking.id),
                Some(&w.cast.technician),
                Some(json!({"labour": {"amount": amount, "currency": "KES"}})),
            )
            .await;
        assert_eq!(s, 400, "{body}");
        assert_eq!(fields(&body), ["labour"], "{body}");
    }

    // Top-ups.
    let (s, body) = w.start_top_up(I64_MAX).await;
    assert_eq!(s, 400, "{body}");
    assert_eq!(fields(&body), ["amount"], "{body}");

    // Cash at the bound: recorded, confirmed, no 5xx, the books balance.
    let id = w.cash_confirmed(booking.id, Some(max)).await;
    assert_eq!(w.balance(&Account::escrow()).await, max);

    // Refunds beyond the bound.
    let (s, body) = w
        .call(
            Method::POST,
            &format!("/payments/transactions/{id}/refund"),
            Some(&w.cast.admin),
            Some(json!({"amount": {"amount": I64_MAX, "currency": "KES"},
                "reason": "hostile amount", "destination": "wallet"})),
        )
        .await;
    assert_eq!(s, 400, "{body}");
    assert_eq!(fields(&body), ["amount"], "{body}");
    w.assert_books_balance().await;
}

/// The technician paid by a booking sees the customer's M-Pesa number masked; the customer
/// who paid and admins see it whole.
#[apply(both_backends)]
async fn the_payee_sees_the_payers_phone_masked(#[case] b: Backend) {
    let w = world(b).await;
    let booking = w.booking(BookingStatus::Verified).await;
    let tx = w.pay_mpesa(booking.id).await;
    let id = tx["_id"].as_str().unwrap();
    let phone_seen_by = |who| {
        let w = &w;
        async move {
            let (s, body) = w
                .call(
                    Method::GET,
                    &format!("/payments/transactions/{id}"),
                    Some(who),
                    None,
                )
                .await;
            assert_eq!(s, 200, "{body}");
            body["data"]["gatewayRef"]["phoneNumber"].clone()
        }
    };
    assert_eq!(phone_seen_by(&w.cast.technician).await, "2547******78");
    assert_eq!(phone_seen_by(&w.cast.customer).await, "+254712345678");
    assert_eq!(phone_seen_by(&w.cast.admin).await, "+254712345678");
    let (s, body) = w
        .call(
            Method::GET,
            "/payments/transactions?as=payee",
            Some(&w.cast.technician),
            None,
        )
        .await;
    assert_eq!(s, 200, "{body}");
    let listed = body["data"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{body}");
    assert_eq!(listed[0]["gatewayRef"]["phoneNumber"], "2547******78");
    assert!(!body.to_string().contains("712345678"), "{body}");
}

/// A refund paid out through B2C and confirmed by its result (M-Pesa's receipt kept) is not
/// undone by a later failure or queue timeout for it, even one carrying the secret.
#[apply(both_backends)]
async fn a_confirmed_b2c_transfer_is_not_undone_by_a_later_failure(#[case] b: Backend) {
    let w = world(b).await;
    let booking = w.booking(BookingStatus::Verified).await;
    let tx = w.pay_mpesa(booking.id).await;
    w.stk_paid(&tx, shillings(booking.pricing.total), "254712345678")
        .await;
    let admin = baitech::domain::booking::Actor::User {
        id: w.cast.admin.id,
        role: baitech::domain::user::Role::Admin,
    };
    let refund = baitech::services::payments::refunds::refund(
        &w.app.app,
        tx["_id"].as_str().unwrap().parse().unwrap(),
        admin,
        baitech::services::payments::refunds::RefundRequest {
            amount: Some(baitech::domain::money::Money::kes(50_000)),
            destination: None,
            reason: Some("partly redone".into()),
        },
    )
    .await
    .expect("refund");
    let id = refund.id.to_string();
    let (s, _) = w.b2c(false, b2c_result(&id, 0)).await;
    assert_eq!(s, 200);
    let lines = w.lines().await;
    let escrow = w.balance(&Account::escrow()).await;
    for timeout in [true, false] {
        let (s, _) = w.b2c(timeout, b2c_result(&id, 1)).await;
        assert_eq!(s, 200);
    }
    let after = w.tx(&json!(id)).await;
    assert_eq!(after.status, TransactionStatus::Completed);
    assert_eq!(
        after.gateway_ref.mpesa_receipt_number.as_deref(),
        Some("NLJ41HAY6Q")
    );
    assert_eq!(w.lines().await, lines);
    assert_eq!(w.balance(&Account::escrow()).await, escrow);
    w.assert_books_balance().await;
}
