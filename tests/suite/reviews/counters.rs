//! The statistics counters on the reviewed user: exact under 30 concurrent reviews of one
//! technician, the Bayesian average against hand-computed values, moved by edits, deletions
//! and hiding, and the drift check finding (and repairing) a deliberately corrupted counter.

use baitech::domain::booking::BookingStatus;
use baitech::domain::review::RatingPrior;
use baitech::domain::user::Role;
use baitech::services::reviews::stats;
use baitech::store::Update;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{body, id_of, list_of, must_post, reviewed};
use crate::bookings::{Cast, fixture, person};
use crate::common::{Backend, TestApp, both_backends};

#[apply(both_backends)]
async fn thirty_concurrent_reviews_of_one_technician_are_all_counted(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let mut jobs = Vec::new();
    for i in 0..30u8 {
        let customer = person(&app, Role::Customer).await;
        let mut booking = fixture(&cast, BookingStatus::Paid);
        booking.customer = customer.id;
        app.app.store.bookings.insert(&booking).await.unwrap();
        // Stars 1..=5 six times each; quality one below where it can be.
        let stars = i % 5 + 1;
        let mut sent = body(booking.id, stars, "Job done");
        sent["categories"]["quality"] = json!(stars.max(2) - 1);
        jobs.push((customer, sent));
    }
    let handles: Vec<_> = jobs
        .into_iter()
        .map(|(who, sent)| {
            let client = app.client.clone();
            tokio::spawn(async move {
                client
                    .call(Method::POST, "/reviews", Some(&who), Some(sent))
                    .await
            })
        })
        .collect();
    for h in handles {
        let (s, b) = h.await.unwrap();
        assert_eq!(s, 201, "{b}");
    }
    let tech = app
        .app
        .store
        .users
        .get(cast.technician.id)
        .await
        .unwrap()
        .unwrap();
    let r = &tech.rating;
    assert_eq!((r.count, r.sum), (30, 90));
    assert_eq!(r.histogram.as_array(), [6, 6, 6, 6, 6]);
    // quality: 1,1,2,3,4 per round of five = 11 × 6.
    assert_eq!(r.category_sums.quality, 66);
    assert_eq!(r.category_sums.value_for_money, 90);
    assert_eq!(r.average, 3.0);
    let s = &list_of(&app, cast.technician.id, "", None).await["statistics"];
    assert_eq!(s["count"], 30);
    assert_eq!(s["average"], 3.0);
    assert_eq!(
        s["distribution"],
        json!({"1": 6, "2": 6, "3": 6, "4": 6, "5": 6})
    );
    assert_eq!(s["categories"]["quality"], 2.2);
    // (5 × 3.5 + 90) / (5 + 30) = 107.5 / 35.
    let bayesian = s["bayesian"].as_f64().unwrap();
    assert!((bayesian - 107.5 / 35.0).abs() < 1e-9, "{bayesian}");
    assert!((r.bayesian - 107.5 / 35.0).abs() < 1e-9);
}

#[apply(both_backends)]
async fn the_bayesian_average_uses_the_configured_prior(#[case] b: Backend) {
    let env = vec![
        ("REVIEW_PRIOR_WEIGHT".to_string(), "10".to_string()),
        ("REVIEW_PRIOR_MEAN".to_string(), "3".to_string()),
    ];
    let app = TestApp::spawn_with_env(b, env).await;
    let (cast, _, _) = reviewed(&app, 5, "Excellent").await;
    let s = &list_of(&app, cast.technician.id, "", None).await["statistics"];
    // (10 × 3 + 5) / (10 + 1) = 35 / 11.
    assert_eq!(s["average"], 5.0);
    assert!(
        (s["bayesian"].as_f64().unwrap() - 35.0 / 11.0).abs() < 1e-9,
        "{s}"
    );
    let (_, profile) = app
        .call(
            Method::GET,
            &format!("/users/{}", cast.technician.id),
            None,
            None,
        )
        .await;
    let on_profile = profile["data"]["rating"]["bayesian"].as_f64().unwrap();
    assert!((on_profile - 35.0 / 11.0).abs() < 1e-9, "{profile}");
}

#[apply(both_backends)]
async fn edits_deletions_and_hiding_move_the_counters_by_the_difference(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (cast, _, r) = reviewed(&app, 5, "Great").await;
    let id = id_of(&r);
    let stats = |app: &TestApp| {
        let store = app.app.store.clone();
        let tech = cast.technician.id;
        async move { store.users.get(tech).await.unwrap().unwrap().rating }
    };
    let (s, e) = app
        .call(
            Method::PUT,
            &format!("/reviews/{id}"),
            Some(&cast.customer),
            Some(json!({"rating": 2})),
        )
        .await;
    assert_eq!(s, 200, "{e}");
    let after_edit = stats(&app).await;
    assert_eq!((after_edit.count, after_edit.sum), (1, 2));
    assert_eq!(after_edit.histogram.as_array(), [0, 1, 0, 0, 0]);
    let (s, e) = app
        .call(
            Method::PUT,
            &format!("/reviews/{id}/featured"),
            Some(&cast.admin),
            Some(json!({"hidden": true, "reason": "personal data in the text"})),
        )
        .await;
    assert_eq!(s, 200, "{e}");
    assert_eq!(stats(&app).await.count, 0, "hidden reviews do not count");
    let (s, _) = app
        .call(
            Method::PUT,
            &format!("/reviews/{id}/featured"),
            Some(&cast.admin),
            Some(json!({"hidden": false, "reason": "edited out"})),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(stats(&app).await.sum, 2);
    let (s, _) = app
        .call(
            Method::DELETE,
            &format!("/reviews/{id}"),
            Some(&cast.customer),
            None,
        )
        .await;
    assert_eq!(s, 200);
    let gone = stats(&app).await;
    assert_eq!((gone.count, gone.sum, gone.average), (0, 0, 0.0));
    assert_eq!(gone.histogram.as_array(), [0; 5]);
    let (s, _) = app
        .call(
            Method::GET,
            &format!("/reviews/{id}"),
            Some(&cast.technician),
            None,
        )
        .await;
    assert_eq!(s, 404, "a deleted review is gone for everyone but admins");
}

#[apply(both_backends)]
async fn the_drift_check_finds_and_repairs_a_corrupted_counter(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (cast, _, _) = reviewed(&app, 4, "Good work").await;
    let other = Cast::new(&app).await;
    let booking = crate::bookings::stored(&app, &other, BookingStatus::Paid).await;
    must_post(&app, &other.customer, body(booking, 3, "Fine")).await;
    let prior = RatingPrior::default();
    let clean = stats::check(&app.app.store, &prior, false).await.unwrap();
    assert!(clean.checked >= 2);
    assert_eq!(clean.drifted, vec![], "nothing drifted yet");

    // Someone bumps a counter behind the reviews' back.
    let bump = [("rating.count", 3), ("rating.histogram.5", 3)];
    let change = Update {
        inc: &bump,
        ..Update::default()
    };
    app.app
        .store
        .users
        .update(cast.technician.id, change)
        .await
        .unwrap();
    let found = stats::check(&app.app.store, &prior, false).await.unwrap();
    assert_eq!(found.drifted.len(), 1, "{found:?}");
    let d = &found.drifted[0];
    assert_eq!(d.user, cast.technician.id);
    assert_eq!((d.stored.count, d.actual.count), (4, 1));
    assert_eq!(d.actual.histogram.as_array(), [0, 0, 0, 1, 0]);
    assert!(!d.repaired);

    let fixed = stats::check(&app.app.store, &prior, true).await.unwrap();
    assert!(fixed.drifted[0].repaired);
    let again = stats::check(&app.app.store, &prior, false).await.unwrap();
    assert_eq!(again.drifted, vec![]);
    let tech = app
        .app
        .store
        .users
        .get(cast.technician.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((tech.rating.count, tech.rating.average), (1, 4.0));
}
