//! Quotes and their acceptance, and cancellation fees at the policy's boundaries over HTTP.

use baitech::domain::Money;
use baitech::domain::booking::BookingStatus;
use baitech::domain::user::Role;
use chrono::Duration;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::{Value, json};

use super::{Cast, book, fields, must_move, stored};
use crate::common::{Backend, TestApp};

fn amount(v: &Value) -> i64 {
    v["amount"]
        .as_i64()
        .unwrap_or_else(|| panic!("not money: {v}"))
}

#[apply(both_backends)]
async fn a_quote_is_validated_priced_and_must_be_accepted_by_the_customer(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let stranger = super::person(&app, Role::Technician).await;
    let (id, _) = book(
        &app,
        &cast.customer,
        Duration::days(2),
        Some(cast.technician.id),
    )
    .await;
    let path = format!("/bookings/{id}/pricing");

    let bad = json!({
        "labour": {"amount": 100_000, "currency": "KES"},
        "hourlyRate": {"amount": 50_000, "currency": "KES"},
        "estimatedDurationMinutes": 0,
        "materials": {"amount": -1, "currency": "KES"},
    });
    let (s, body) = app
        .call(Method::PUT, &path, Some(&cast.technician), Some(bad))
        .await;
    assert_eq!(s, 400, "{body}");
    assert_eq!(
        fields(&body),
        ["hourlyRate", "estimatedDurationMinutes", "materials"]
    );
    let (s, body) = app.call(Method::PUT, &path, Some(&cast.technician), Some(json!({"materials": {"amount": -1, "currency": "KES"}, "discount": {"amount": -2, "currency": "KES"}}))).await;
    assert_eq!(
        (s, fields(&body)),
        (400, vec!["materials".to_string(), "discount".to_string()]),
        "{body}"
    );

    let (s, _) = app
        .call(Method::PUT, &path, Some(&cast.customer), Some(json!({})))
        .await;
    assert_eq!(s, 403, "customers do not quote");
    let (s, _) = app
        .call(Method::PUT, &path, Some(&stranger), Some(json!({})))
        .await;
    assert_eq!(s, 404, "another technician does not see the booking");
    let (s, body) = app
        .call(
            Method::POST,
            &format!("{path}/accept"),
            Some(&cast.customer),
            None,
        )
        .await;
    assert_eq!(s, 422, "nothing to accept yet: {body}");

    // 3 h at KES 1,000/h, KES 500 materials, KES 200 off.
    let quote = json!({
        "hourlyRate": {"amount": 100_000, "currency": "KES"},
        "estimatedDurationMinutes": 180,
        "materials": {"amount": 50_000, "currency": "KES"},
        "discount": {"amount": 20_000, "currency": "KES"},
    });
    let (s, body) = app
        .call(Method::PUT, &path, Some(&cast.technician), Some(quote))
        .await;
    assert_eq!(s, 200, "{body}");
    let p = &body["data"]["pricing"];
    assert_eq!(amount(&p["labour"]), 300_000);
    assert_eq!(amount(&p["materials"]), 50_000);
    assert_eq!(amount(&p["discount"]), 20_000);
    assert_eq!(amount(&p["platformFee"]), 33_000);
    assert_eq!(amount(&p["tax"]), 5_280);
    assert_eq!(amount(&p["total"]), 335_280);
    assert_eq!(amount(&p["technicianEarnings"]), 297_000);
    assert_eq!(p["quotedBy"], cast.technician.id.to_hex());
    assert!(p.get("acceptedByCustomerAt").is_none());
    assert_eq!(body["data"]["estimatedDurationMinutes"], 180);

    let (s, _) = app
        .call(
            Method::POST,
            &format!("{path}/accept"),
            Some(&cast.technician),
            None,
        )
        .await;
    assert_eq!(s, 403, "the technician cannot accept their own quote");
    let (s, body) = app
        .call(
            Method::POST,
            &format!("{path}/accept"),
            Some(&cast.customer),
            None,
        )
        .await;
    assert_eq!(s, 200, "{body}");
    assert!(body["data"]["pricing"]["acceptedByCustomerAt"].is_string());

    // A new quote needs a new acceptance; after work starts the price is fixed.
    must_move(&app, id, &cast.technician, "accepted").await;
    let (s, body) = app
        .call(
            Method::PUT,
            &path,
            Some(&cast.technician),
            Some(json!({"labour": {"amount": 400_000, "currency": "KES"}})),
        )
        .await;
    assert_eq!(s, 200);
    assert!(
        body["data"]["pricing"]
            .get("acceptedByCustomerAt")
            .is_none()
    );
    let (s, _) = app
        .call(
            Method::POST,
            &format!("{path}/accept"),
            Some(&cast.customer),
            None,
        )
        .await;
    assert_eq!(s, 200);
    must_move(&app, id, &cast.technician, "en_route").await;
    must_move(&app, id, &cast.technician, "arrived").await;
    must_move(&app, id, &cast.technician, "in_progress").await;
    let (s, body) = app
        .call(Method::PUT, &path, Some(&cast.technician), Some(json!({})))
        .await;
    assert_eq!(s, 422, "{body}");
}

/// Books, lets the technician accept, and cancels as the customer; returns (fee, rule, total).
async fn cancel_accepted(app: &TestApp, cast: &Cast, ahead: Duration) -> (i64, String, i64) {
    let (id, _) = book(app, &cast.customer, ahead, Some(cast.technician.id)).await;
    let b = must_move(app, id, &cast.technician, "accepted").await;
    let (s, body) = app
        .call(
            Method::DELETE,
            &format!("/bookings/{id}?reason=plans%20changed"),
            Some(&cast.customer),
            None,
        )
        .await;
    assert_eq!(s, 200, "{body}");
    let d = &body["data"];
    assert_eq!(d["booking"]["status"], "cancelled");
    assert_eq!(d["booking"]["cancellation"]["fee"], d["cancellationFee"]);
    assert_eq!(d["booking"]["cancellation"]["reason"], "plans changed");
    (
        amount(&d["cancellationFee"]),
        d["feeRule"].as_str().unwrap().to_string(),
        amount(&b["pricing"]["total"]),
    )
}

#[apply(both_backends)]
async fn cancellation_fees_follow_the_notice_given(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let pct = |total: i64, bp: i64| Money::kes(total).percent_bp(bp).amount;
    let minutes = Duration::minutes;

    let (fee, rule, _) = cancel_accepted(&app, &cast, Duration::hours(24) + minutes(5)).await;
    assert_eq!((fee, rule.as_str()), (0, "ample_notice"));
    let (fee, rule, total) = cancel_accepted(&app, &cast, Duration::hours(24) - minutes(5)).await;
    assert_eq!((fee, rule.as_str()), (pct(total, 1_000), "short_notice"));
    let (fee, rule, total) = cancel_accepted(&app, &cast, Duration::hours(2) + minutes(5)).await;
    assert_eq!((fee, rule.as_str()), (pct(total, 1_000), "short_notice"));
    let (fee, rule, total) = cancel_accepted(&app, &cast, Duration::hours(2) - minutes(5)).await;
    assert_eq!(
        (fee, rule.as_str()),
        (pct(total, 2_500), "very_short_notice")
    );
    assert!(fee > 0);

    // Before acceptance it is free.
    let (id, _) = book(&app, &cast.customer, Duration::minutes(30), None).await;
    let (s, body) = app
        .call(
            Method::DELETE,
            &format!("/bookings/{id}"),
            Some(&cast.customer),
            None,
        )
        .await;
    assert_eq!(
        (s, amount(&body["data"]["cancellationFee"])),
        (200, 0),
        "{body}"
    );
    assert_eq!(body["data"]["feeRule"], "before_acceptance");

    // On the way: travel + 10%; on site: the call-out fee.
    let id = stored(&app, &cast, BookingStatus::EnRoute).await;
    let (_, body) = app
        .call(
            Method::DELETE,
            &format!("/bookings/{id}"),
            Some(&cast.customer),
            None,
        )
        .await;
    let total = amount(&body["data"]["booking"]["pricing"]["total"]);
    let travel = amount(&body["data"]["booking"]["pricing"]["travel"]);
    assert_eq!(
        amount(&body["data"]["cancellationFee"]),
        travel + pct(total, 1_000),
        "{body}"
    );
    let id = stored(&app, &cast, BookingStatus::Arrived).await;
    let (_, body) = app
        .call(
            Method::DELETE,
            &format!("/bookings/{id}"),
            Some(&cast.corporate),
            None,
        )
        .await;
    assert_eq!(
        amount(&body["data"]["cancellationFee"]),
        50_000,
        "25% of KES 2,000 labour: {body}"
    );
    assert_eq!(body["data"]["feeRule"], "call_out");

    // Work under way cannot be cancelled.
    let id = stored(&app, &cast, BookingStatus::InProgress).await;
    let (s, body) = app
        .call(
            Method::DELETE,
            &format!("/bookings/{id}"),
            Some(&cast.customer),
            None,
        )
        .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("INVALID_TRANSITION"))
    );
    assert_eq!(body["error"]["details"]["allowed"], json!(["disputed"]));
}

#[apply(both_backends)]
async fn a_technician_cancels_for_free_and_it_counts_against_them(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let (id, _) = book(
        &app,
        &cast.customer,
        Duration::hours(1),
        Some(cast.technician.id),
    )
    .await;
    must_move(&app, id, &cast.technician, "accepted").await;
    let (s, body) = app
        .call(
            Method::DELETE,
            &format!("/bookings/{id}"),
            Some(&cast.technician),
            None,
        )
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(amount(&body["data"]["cancellationFee"]), 0);
    assert_eq!(body["data"]["feeRule"], "technician_cancelled");
    assert_eq!(
        body["data"]["booking"]["cancellation"]["byRole"],
        "technician"
    );
    let tech = app
        .app
        .store
        .users
        .get(cast.technician.id)
        .await
        .unwrap()
        .unwrap();
    let stats = tech.technician.unwrap().stats;
    assert_eq!((stats.jobs_cancelled, stats.jobs_completed), (1, 0));
    assert_eq!(stats.completion_rate, 0.0);
    // Cancelling twice is not a thing.
    let (s, _) = app
        .call(
            Method::DELETE,
            &format!("/bookings/{id}"),
            Some(&cast.customer),
            None,
        )
        .await;
    assert_eq!(s, 409);
}
