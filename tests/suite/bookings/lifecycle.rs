//! The whole life of a booking with the right roles, and how bookings start.

use baitech::domain::booking::BookingStatus;
use baitech::domain::user::Role;
use baitech::realtime::{Event, Topic};
use chrono::Duration;
use futures::StreamExt;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::json;

use super::{Cast, assert_history_consistent, book, must_move};
use crate::common::{Backend, TestApp};

#[apply(both_backends)]
async fn a_booking_runs_from_request_to_payment_with_the_right_roles(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let (c, t, admin) = (&cast.customer, &cast.technician, &cast.admin);
    let mut events = app.app.realtime.subscribe(Topic::User(c.id)).await.unwrap();

    let (id, created) = book(&app, c, Duration::days(2), Some(t.id)).await;
    assert_eq!(created["status"], "assigned");
    assert_eq!(created["technician"], t.id.to_hex());
    let history: Vec<_> = created["statusHistory"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["to"].clone())
        .collect();
    assert_eq!(history, [json!("pending"), json!("assigned")]);
    assert!(
        created["bookingNumber"]
            .as_str()
            .unwrap()
            .starts_with("BT-")
    );
    // Plumbing defaults: 2 h at KES 800 → KES 1,600 labour, 10% fee, 16% VAT on the fee.
    let p = &created["pricing"];
    assert_eq!(p["labour"]["amount"], 160_000);
    assert_eq!(p["platformFee"]["amount"], 16_000);
    assert_eq!(p["tax"]["amount"], 2_560);
    assert_eq!(p["total"]["amount"], 162_560);
    assert_eq!(p["technicianEarnings"]["amount"], 144_000);

    must_move(&app, id, t, "accepted").await;
    // The technician quotes more materials; work cannot start until the customer accepts.
    let (s, q) = app
        .call(
            Method::PUT,
            &format!("/bookings/{id}/pricing"),
            Some(t),
            Some(json!({"materials": {"amount": 50_000, "currency": "KES"}})),
        )
        .await;
    assert_eq!(s, 200, "{q}");
    assert_eq!(q["data"]["pricing"]["quotedBy"], t.id.to_hex());
    must_move(&app, id, t, "en_route").await;
    must_move(&app, id, t, "arrived").await;
    let (s, body) = super::move_to(&app, id, t, "in_progress").await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (422, Some("UNPROCESSABLE")),
        "{body}"
    );
    let (s, _) = app
        .call(
            Method::POST,
            &format!("/bookings/{id}/pricing/accept"),
            Some(c),
            None,
        )
        .await;
    assert_eq!(s, 200);
    must_move(&app, id, t, "in_progress").await;

    // Completing needs the category's checkpoints.
    let (s, body) = super::move_to(&app, id, t, "completed").await;
    assert_eq!(s, 422, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("before photos")
    );
    for name in ["before photos", "after photos"] {
        let (s, body) = app.call(Method::POST, &format!("/bookings/{id}/qa-checkpoint"), Some(t), Some(json!({"name": name, "photos": ["https://res.cloudinary.com/demo/x.jpg"], "notes": "ok"}))).await;
        assert_eq!(s, 201, "{body}");
    }
    must_move(&app, id, t, "on_hold").await;
    must_move(&app, id, t, "in_progress").await;
    let done = must_move(&app, id, t, "completed").await;
    assert!(done["completedAt"].is_string());
    let verified = must_move(&app, id, c, "verified").await;
    assert!(verified["verifiedAt"].is_string());
    assert_eq!(
        verified["warranty"]["days"], 30,
        "plumbing carries a 30-day warranty"
    );
    must_move(&app, id, c, "payment_pending").await;
    let paid = must_move(&app, id, admin, "paid").await;

    assert_history_consistent(&paid);
    let tos: Vec<_> = paid["statusHistory"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["to"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        tos,
        [
            "pending",
            "assigned",
            "accepted",
            "en_route",
            "arrived",
            "in_progress",
            "on_hold",
            "in_progress",
            "completed",
            "verified",
            "payment_pending",
            "paid"
        ]
    );
    assert!(paid["paidAt"].is_string());
    let roles: Vec<_> = paid["statusHistory"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["byRole"].clone())
        .collect();
    assert_eq!(roles[2], "technician");
    assert_eq!(roles[11], "admin");

    // One realtime event per move reached the customer, in order.
    let moves: Vec<_> = events
        .by_ref()
        .filter_map(|e| async move {
            match e {
                Event::BookingStatusChanged { to, .. } => Some(to),
                _ => None,
            }
        })
        .take(11)
        .collect()
        .await;
    assert_eq!(moves.first(), Some(&BookingStatus::Assigned));
    assert_eq!(moves.last(), Some(&BookingStatus::Paid));

    // The technician's record counts the job; the admin's move is in the audit log.
    let tech = app.app.store.users.get(t.id).await.unwrap().unwrap();
    assert_eq!(tech.technician.unwrap().stats.jobs_completed, 1);
    let audit = app
        .app
        .store
        .audit
        .list_audit(
            &baitech::store::AuditFilter {
                target_id: Some(id),
                ..Default::default()
            },
            &Default::default(),
        )
        .await
        .unwrap();
    assert_eq!(audit.items.len(), 1);
    assert_eq!(audit.items[0].action, "booking.transition");
}

#[apply(both_backends)]
async fn a_booking_without_a_technician_goes_to_matching_by_the_system(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let c = super::person(&app, Role::Customer).await;
    let (id, created) = book(&app, &c, Duration::hours(6), None).await;
    assert_eq!(created["status"], "matching");
    let h = created["statusHistory"].as_array().unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[1]["from"], "pending");
    assert!(
        h[1].get("by").is_none() && h[1].get("byRole").is_none(),
        "the system moved it: {h:?}"
    );
    assert_eq!(created["version"], 1);
    assert!(created["matching"]["startedAt"].is_string());
    let required: Vec<_> = created["qaCheckpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].clone())
        .collect();
    assert_eq!(required, [json!("before photos"), json!("after photos")]);
    let (s, got) = app
        .call(Method::GET, &format!("/bookings/{id}"), Some(&c), None)
        .await;
    assert_eq!(s, 200);
    assert_eq!(got["data"], created);
}

#[apply(both_backends)]
async fn a_declining_technician_is_blocked_and_the_booking_searches_again(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let (id, _) = book(
        &app,
        &cast.customer,
        Duration::days(1),
        Some(cast.technician.id),
    )
    .await;
    let back = must_move(&app, id, &cast.technician, "matching").await;
    assert!(back["technician"].is_null());
    assert_eq!(
        back["matching"]["blockedTechnicians"],
        json!([cast.technician.id.to_hex()])
    );
    // ... and cannot be assigned again, even by an admin.
    let (s, body) = app
        .call(
            Method::PUT,
            &format!("/bookings/{id}/assign-technician"),
            Some(&cast.admin),
            Some(json!({"technician": cast.technician.id.to_hex()})),
        )
        .await;
    assert_eq!(s, 422, "{body}");
    // The declining technician no longer sees it.
    let (s, _) = app
        .call(
            Method::GET,
            &format!("/bookings/{id}"),
            Some(&cast.technician),
            None,
        )
        .await;
    assert_eq!(s, 404);
}

#[apply(both_backends)]
async fn customers_pick_only_from_matched_candidates_and_admins_pick_anyone(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let other = super::person(&app, Role::Technician).await;
    let (id, _) = book(&app, &cast.customer, Duration::days(1), None).await;
    let mut stored = app.app.store.bookings.get(id).await.unwrap().unwrap();
    stored
        .matching
        .candidates
        .push(baitech::domain::booking::MatchCandidate {
            technician: cast.technician.id,
            score: 0.9,
            distance_km: 1.0,
            breakdown: Default::default(),
            notified_at: None,
            responded_at: None,
            response: None,
        });
    let v = stored.version;
    stored.version += 1;
    assert!(
        app.app
            .store
            .bookings
            .replace_if_version(&stored, v)
            .await
            .unwrap()
    );

    let assign = |who, tech: baitech::domain::Id| {
        let app = &app;
        async move {
            app.call(
                Method::PUT,
                &format!("/bookings/{id}/assign-technician"),
                Some(who),
                Some(json!({"technician": tech.to_hex()})),
            )
            .await
        }
    };
    let (s, body) = assign(&cast.customer, other.id).await;
    assert_eq!(s, 403, "{body}");
    let (s, body) = assign(&cast.technician, cast.technician.id).await;
    assert_eq!(s, 403, "technicians do not assign: {body}");
    let (s, body) = assign(&cast.customer, cast.admin.id).await;
    assert_eq!(
        (s, fields(&body)),
        (400, vec!["technician".to_string()]),
        "an admin is no technician"
    );
    let (s, body) = assign(&cast.customer, cast.technician.id).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["data"]["status"], "assigned");

    let (id2, _) = book(&app, &cast.customer, Duration::days(1), None).await;
    let (s, body) = app
        .call(
            Method::PUT,
            &format!("/bookings/{id2}/assign-technician"),
            Some(&cast.admin),
            Some(json!({"technician": other.id.to_hex()})),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["data"]["technician"], other.id.to_hex());
}

#[apply(both_backends)]
async fn qa_checkpoints_are_recorded_by_the_assigned_technician_while_working(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let other = super::person(&app, Role::Technician).await;
    let id = super::stored(&app, &cast, BookingStatus::InProgress).await;
    let path = format!("/bookings/{id}/qa-checkpoint");
    let good =
        json!({"name": "Pressure test", "photos": ["https://res.cloudinary.com/demo/gauge.jpg"]});

    let (s, body) = app.call(Method::POST, &path, Some(&cast.technician), Some(json!({"name": "", "photos": ["http://insecure.example/a.jpg"], "notes": "x".repeat(1_001)}))).await;
    assert_eq!(s, 400, "{body}");
    assert_eq!(fields(&body), ["name", "photos[0]", "notes"]);
    let (s, body) = app
        .call(
            Method::POST,
            &path,
            Some(&cast.technician),
            Some(json!({"name": "Pressure test"})),
        )
        .await;
    assert_eq!((s, fields(&body)), (400, vec!["photos".to_string()]));
    let (s, _) = app
        .call(
            Method::POST,
            &path,
            Some(&cast.customer),
            Some(good.clone()),
        )
        .await;
    assert_eq!(s, 403, "customers do not record checkpoints");
    let (s, _) = app
        .call(Method::POST, &path, Some(&other), Some(good.clone()))
        .await;
    assert_eq!(s, 404, "another technician does not see the booking");

    let (s, body) = app
        .call(
            Method::POST,
            &path,
            Some(&cast.technician),
            Some(good.clone()),
        )
        .await;
    assert_eq!(s, 201, "{body}");
    let cps = body["data"]["qaCheckpoints"].as_array().unwrap();
    let extra = cps
        .iter()
        .find(|c| c["name"] == "Pressure test")
        .expect("added");
    assert_eq!(extra["required"], false);
    assert_eq!(extra["completedBy"], cast.technician.id.to_hex());

    let done = super::stored(&app, &cast, BookingStatus::Completed).await;
    let (s, body) = app
        .call(
            Method::POST,
            &format!("/bookings/{done}/qa-checkpoint"),
            Some(&cast.technician),
            Some(good),
        )
        .await;
    assert_eq!(s, 422, "only while working: {body}");
}

use super::fields;
