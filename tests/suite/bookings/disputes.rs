//! Disputes, their settlement by an admin (with the audit entry), the dispute window, and
//! warranty claims inside and outside the warranty.

use baitech::domain::booking::{Booking, BookingStatus, Warranty};
use baitech::domain::{Id, Timestamp};
use baitech::store::AuditFilter;
use chrono::Duration;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::json;

use super::{Cast, fields, fixture, stored};
use crate::common::{Backend, TestApp};

async fn insert(app: &TestApp, b: &Booking) -> Id {
    app.app.store.bookings.insert(b).await.unwrap();
    b.id
}

#[apply(both_backends)]
async fn a_dispute_is_opened_with_evidence_and_settled_by_an_admin_with_an_audit_entry(
    #[case] b: Backend,
) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let id = stored(&app, &cast, BookingStatus::Completed).await;
    let path = format!("/bookings/{id}/dispute");

    let (s, body) = app.call(Method::POST, &path, Some(&cast.customer), Some(json!({"reason": "x", "evidence": ["http://insecure.example/a.jpg", {"url": "https://ok.example/v.mp4", "type": "hologram"}]}))).await;
    assert_eq!(s, 400, "{body}");
    assert_eq!(
        fields(&body),
        ["reason", "evidence[0].url", "evidence[1].type"]
    );

    let (s, body) = app.call(Method::POST, &path, Some(&cast.customer), Some(json!({
        "reason": "Leak is back",
        "description": "The sink leaks again the day after the repair.",
        "evidence": ["https://res.cloudinary.com/demo/leak.jpg", {"url": "https://res.cloudinary.com/demo/leak.mp4", "type": "video", "note": "morning"}],
    }))).await;
    assert_eq!(s, 201, "{body}");
    let d = &body["data"];
    assert_eq!(d["status"], "disputed");
    assert_eq!(d["dispute"]["openedBy"], cast.customer.id.to_hex());
    assert_eq!(d["dispute"]["status"], "open");
    assert_eq!(d["dispute"]["evidence"].as_array().unwrap().len(), 2);
    assert_eq!(d["dispute"]["evidence"][1]["type"], "video");

    let resolve = format!("/bookings/{id}/dispute/resolve");
    let (s, _) = app
        .call(
            Method::POST,
            &resolve,
            Some(&cast.customer),
            Some(json!({"outcome": "refund_full", "reason": "mine"})),
        )
        .await;
    assert_eq!(s, 403, "only admins settle");
    let (s, body) = app.call(Method::POST, &resolve, Some(&cast.admin), Some(json!({"outcome": "refund_partial", "refundAmount": {"amount": 999_999_999, "currency": "KES"}}))).await;
    assert_eq!(
        (s, fields(&body)),
        (400, vec!["reason".to_string(), "refundAmount".to_string()]),
        "{body}"
    );
    let (s, body) = app
        .call(
            Method::POST,
            &resolve,
            Some(&cast.admin),
            Some(json!({"outcome": "coin_toss", "reason": "because"})),
        )
        .await;
    assert_eq!(
        (s, fields(&body)),
        (400, vec!["outcome".to_string()]),
        "{body}"
    );

    let (s, body) = app
        .call(
            Method::POST,
            &resolve,
            Some(&cast.admin),
            Some(json!({
                "outcome": "refund_partial",
                "refundAmount": {"amount": 50_000, "currency": "KES"},
                "reason": "Half the work had to be redone",
            })),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    let d = &body["data"];
    assert_eq!(d["status"], "refunded");
    assert_eq!(d["dispute"]["status"], "resolved");
    assert_eq!(d["dispute"]["resolution"]["outcome"], "refund_partial");
    assert_eq!(d["dispute"]["resolution"]["refundAmount"]["amount"], 50_000);
    assert_eq!(
        d["dispute"]["resolution"]["resolvedBy"],
        cast.admin.id.to_hex()
    );

    let audit = app
        .app
        .store
        .audit
        .list_audit(
            &AuditFilter {
                target_id: Some(id),
                ..Default::default()
            },
            &Default::default(),
        )
        .await
        .unwrap();
    assert_eq!(audit.items.len(), 1, "{:?}", audit.items);
    let e = &audit.items[0];
    assert_eq!(
        (e.action.as_str(), e.actor, e.reason.as_deref()),
        (
            "dispute.resolve",
            Some(cast.admin.id),
            Some("Half the work had to be redone")
        )
    );
    assert_eq!(e.after.as_ref().unwrap()["status"], "refunded");
    assert_eq!(e.before.as_ref().unwrap()["status"], "disputed");

    // Settled is settled.
    let (s, _) = app
        .call(
            Method::POST,
            &resolve,
            Some(&cast.admin),
            Some(json!({"outcome": "refund_full", "reason": "again"})),
        )
        .await;
    assert_eq!(s, 409);
}

#[apply(both_backends)]
async fn releasing_to_the_technician_returns_the_booking_to_where_payment_stood(
    #[case] b: Backend,
) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let release = json!({"outcome": "release_to_technician", "reason": "Work matches the photos"});

    // Disputed before payment: back to verified (the warranty starts), payment goes on.
    let id = stored(&app, &cast, BookingStatus::Disputed).await;
    let (s, body) = app
        .call(
            Method::POST,
            &format!("/bookings/{id}/dispute/resolve"),
            Some(&cast.admin),
            Some(release.clone()),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["data"]["status"], "verified");
    assert!(body["data"]["warranty"]["endsAt"].is_string());
    assert!(
        body["data"]["dispute"]["resolution"]
            .get("refundAmount")
            .is_none()
    );

    // Disputed after payment: back to paid.
    let mut b = fixture(&cast, BookingStatus::Disputed);
    b.paid_at = Some(Timestamp::now());
    let id = insert(&app, &b).await;
    let (s, body) = app
        .call(
            Method::POST,
            &format!("/bookings/{id}/dispute/resolve"),
            Some(&cast.admin),
            Some(release),
        )
        .await;
    assert_eq!(
        (s, body["data"]["status"].as_str()),
        (200, Some("paid")),
        "{body}"
    );

    // A split with no amount refunds half.
    let id = stored(&app, &cast, BookingStatus::Disputed).await;
    let (s, body) = app
        .call(
            Method::POST,
            &format!("/bookings/{id}/dispute/resolve"),
            Some(&cast.admin),
            Some(json!({"outcome": "split", "reason": "Both sides share the blame"})),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    let total = body["data"]["pricing"]["total"]["amount"].as_i64().unwrap();
    assert_eq!(
        body["data"]["dispute"]["resolution"]["refundAmount"]["amount"],
        total / 2
    );
}

#[apply(both_backends)]
async fn disputes_after_verification_close_with_the_window(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let body = json!({"reason": "Not happy with the finish"});
    let mut late = fixture(&cast, BookingStatus::Verified);
    late.verified_at = Some(Timestamp::now().minus(Duration::hours(73)));
    let id = insert(&app, &late).await;
    let (s, resp) = app
        .call(
            Method::POST,
            &format!("/bookings/{id}/dispute"),
            Some(&cast.customer),
            Some(body.clone()),
        )
        .await;
    assert_eq!(s, 422, "{resp}");
    assert!(
        resp["error"]["message"]
            .as_str()
            .unwrap()
            .contains("dispute window")
    );

    let mut recent = fixture(&cast, BookingStatus::Verified);
    recent.verified_at = Some(Timestamp::now().minus(Duration::hours(71)));
    let id = insert(&app, &recent).await;
    let (s, resp) = app
        .call(
            Method::POST,
            &format!("/bookings/{id}/dispute"),
            Some(&cast.technician),
            Some(body),
        )
        .await;
    assert_eq!(s, 201, "{resp}");
    assert_eq!(
        resp["data"]["dispute"]["openedBy"],
        cast.technician.id.to_hex()
    );
}

#[apply(both_backends)]
async fn warranty_claims_open_a_dispute_only_while_the_warranty_lasts(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let claim = json!({
        "description": "The tap drips again three weeks later",
        "evidence": ["https://res.cloudinary.com/demo/drip.jpg"],
    });
    // Three weeks after verification: past the dispute window, inside the 30-day warranty.
    let mut covered = fixture(&cast, BookingStatus::Paid);
    let verified = Timestamp::now().minus(Duration::days(21));
    covered.verified_at = Some(verified);
    covered.warranty = Some(Warranty::new(30, verified));
    let id = insert(&app, &covered).await;
    let (s, _) = app
        .call(
            Method::POST,
            &format!("/bookings/{id}/warranty-claim"),
            Some(&cast.technician),
            Some(claim.clone()),
        )
        .await;
    assert_eq!(s, 403, "claims are the customer's");
    let (s, body) = app
        .call(
            Method::POST,
            &format!("/bookings/{id}/warranty-claim"),
            Some(&cast.customer),
            Some(json!({"description": "short"})),
        )
        .await;
    assert_eq!((s, fields(&body)), (400, vec!["description".to_string()]));
    let (s, body) = app
        .call(
            Method::POST,
            &format!("/bookings/{id}/warranty-claim"),
            Some(&cast.customer),
            Some(claim.clone()),
        )
        .await;
    assert_eq!(s, 201, "{body}");
    let d = &body["data"];
    assert_eq!(d["status"], "disputed");
    assert_eq!(d["dispute"]["reason"], "warranty claim");
    let claims = d["warranty"]["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0]["status"], "open");
    assert_eq!(
        claims[0]["photos"],
        json!(["https://res.cloudinary.com/demo/drip.jpg"])
    );

    // Forty days after verification the warranty is over.
    let mut expired = fixture(&cast, BookingStatus::Paid);
    let verified = Timestamp::now().minus(Duration::days(40));
    expired.verified_at = Some(verified);
    expired.warranty = Some(Warranty::new(30, verified));
    let id = insert(&app, &expired).await;
    let (s, body) = app
        .call(
            Method::POST,
            &format!("/bookings/{id}/warranty-claim"),
            Some(&cast.customer),
            Some(claim),
        )
        .await;
    assert_eq!(s, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("warranty ended")
    );
    let stored = app.app.store.bookings.get(id).await.unwrap().unwrap();
    assert_eq!(stored.status, BookingStatus::Paid);
}
