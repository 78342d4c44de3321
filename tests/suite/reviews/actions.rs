//! What is done with a review after it is written: edits (window, history, no edits once the
//! other party's review is visible), the reviewee's response (rules, history, the reviewer's
//! event), helpful votes (one per user, not one's own, idempotent, withdrawn by DELETE),
//! featuring (a few at most; nobody but an admin hides), and the sentiment flag.

use std::time::Duration;

use baitech::domain::user::Role;
use baitech::realtime::{Event, Topic};
use baitech::store::AuditFilter;
use futures::StreamExt;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{body, id_of, list_of, must_post, reviewed};
use crate::bookings::{person, stored};
use crate::common::{Backend, TestApp, both_backends};
use baitech::domain::booking::BookingStatus;

#[apply(both_backends)]
async fn the_author_edits_within_the_window_and_the_earlier_version_is_kept(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (cast, booking, r) = reviewed(&app, 3, "Okay job").await;
    let path = format!("/reviews/{}", id_of(&r));
    let edit = json!({"rating": 4, "comment": "Okay job, and he came back to fix the tap"});
    let (s, e) = app
        .call(
            Method::PUT,
            &path,
            Some(&cast.technician),
            Some(edit.clone()),
        )
        .await;
    assert_eq!(s, 404, "the technician cannot even see it yet: {e}");
    let (s, edited) = app
        .call(Method::PUT, &path, Some(&cast.customer), Some(edit))
        .await;
    assert_eq!(s, 200, "{edited}");
    let d = &edited["data"];
    assert_eq!(
        (d["rating"].as_u64(), d["categories"]["quality"].as_u64()),
        (Some(4), Some(3))
    );
    assert_eq!(d["edits"][0]["rating"], 3);
    assert_eq!(d["edits"][0]["comment"], "Okay job");
    let (s, e) = app
        .call(
            Method::PUT,
            &path,
            Some(&cast.customer),
            Some(json!({"bookingId": booking.to_hex()})),
        )
        .await;
    assert_eq!(s, 400, "{e}");
    // Once the technician's review is visible, no more edits (no retaliation).
    must_post(&app, &cast.technician, body(booking, 1, "Rude customer")).await;
    let (s, e) = app
        .call(
            Method::PUT,
            &path,
            Some(&cast.customer),
            Some(json!({"rating": 1})),
        )
        .await;
    assert_eq!(s, 409, "{e}");
}

#[apply(both_backends)]
async fn edits_after_the_window_are_refused(#[case] b: Backend) {
    let env = vec![("REVIEW_EDIT_HOURS".to_string(), "0".to_string())];
    let app = TestApp::spawn_with_env(b, env).await;
    let (cast, _, r) = reviewed(&app, 3, "Okay").await;
    tokio::time::sleep(Duration::from_millis(5)).await;
    let (s, e) = app
        .call(
            Method::PUT,
            &format!("/reviews/{}", id_of(&r)),
            Some(&cast.customer),
            Some(json!({"rating": 5})),
        )
        .await;
    assert_eq!(s, 409, "{e}");
    assert!(
        e["error"]["message"].as_str().unwrap().contains("0 hours"),
        "{e}"
    );
}

#[apply(both_backends)]
async fn only_the_reviewee_responds_once_revealed_and_the_reviewer_hears_of_it(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (cast, booking, r) = reviewed(&app, 2, "Late and messy").await;
    let path = format!("/reviews/{}/response", id_of(&r));
    let answer = json!({"text": "Sorry, traffic on Mombasa Road"});
    let (s, _) = app
        .call(
            Method::PUT,
            &path,
            Some(&cast.technician),
            Some(answer.clone()),
        )
        .await;
    assert_eq!(s, 404, "not revealed to the technician yet");
    must_post(&app, &cast.technician, body(booking, 4, "Kind customer")).await;
    let (s, e) = app
        .call(
            Method::PUT,
            &path,
            Some(&cast.customer),
            Some(answer.clone()),
        )
        .await;
    assert_eq!(s, 403, "the author cannot answer their own review: {e}");
    let stranger = person(&app, Role::Technician).await;
    let (s, _) = app
        .call(Method::PUT, &path, Some(&stranger), Some(answer.clone()))
        .await;
    assert_eq!(s, 403);
    let (s, e) = app
        .call(
            Method::PUT,
            &path,
            Some(&cast.technician),
            Some(json!({"text": " "})),
        )
        .await;
    assert_eq!(s, 400, "{e}");

    let mut events = app
        .app
        .realtime
        .subscribe(Topic::User(cast.customer.id))
        .await
        .unwrap();
    let (s, first) = app
        .call(Method::PUT, &path, Some(&cast.technician), Some(answer))
        .await;
    assert_eq!(s, 200, "{first}");
    assert_eq!(
        first["data"]["response"]["text"],
        "Sorry, traffic on Mombasa Road"
    );
    match tokio::time::timeout(Duration::from_secs(5), events.next()).await {
        Ok(Some(Event::ReviewResponded {
            review, reviewer, ..
        })) => {
            assert_eq!((review, reviewer), (id_of(&r), cast.customer.id));
        }
        other => panic!("expected the response event, got {other:?}"),
    }
    let again = json!({"text": "Sorry for the delay; the next visit is free"});
    let (s, edited) = app
        .call(Method::PUT, &path, Some(&cast.technician), Some(again))
        .await;
    assert_eq!(s, 200, "{edited}");
    let resp = &edited["data"]["response"];
    assert_eq!(resp["history"][0]["text"], "Sorry, traffic on Mombasa Road");
    assert!(resp["editedAt"].is_string());
}

#[apply(both_backends)]
async fn helpful_votes_are_one_per_user_never_by_the_parties_and_undone_by_delete(
    #[case] b: Backend,
) {
    let app = TestApp::spawn(b).await;
    let (cast, booking, r) = reviewed(&app, 5, "Excellent").await;
    must_post(&app, &cast.technician, body(booking, 5, "Great customer")).await;
    let path = format!("/reviews/{}/helpful", id_of(&r));
    for party in [&cast.customer, &cast.technician] {
        let (s, e) = app.call(Method::POST, &path, Some(party), None).await;
        assert_eq!(s, 403, "{e}");
    }
    let reader = person(&app, Role::Customer).await;
    let (s, v) = app.call(Method::POST, &path, Some(&reader), None).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        (
            v["data"]["changed"].as_bool(),
            v["data"]["helpfulCount"].as_i64()
        ),
        (Some(true), Some(1))
    );
    let (_, v) = app.call(Method::POST, &path, Some(&reader), None).await;
    assert_eq!(
        (
            v["data"]["changed"].as_bool(),
            v["data"]["helpfulCount"].as_i64()
        ),
        (Some(false), Some(1))
    );
    let (_, v) = app
        .call(
            Method::POST,
            &path,
            Some(&reader),
            Some(json!({"helpful": false})),
        )
        .await;
    assert_eq!(v["data"]["myVote"], "not_helpful");
    assert_eq!(
        (
            v["data"]["helpfulCount"].as_i64(),
            v["data"]["notHelpfulCount"].as_i64()
        ),
        (Some(0), Some(1))
    );
    let (s, v) = app.call(Method::DELETE, &path, Some(&reader), None).await;
    assert_eq!(s, 200);
    assert_eq!(
        (
            v["data"]["changed"].as_bool(),
            v["data"]["notHelpfulCount"].as_i64()
        ),
        (Some(true), Some(0))
    );
    let (_, v) = app.call(Method::DELETE, &path, Some(&reader), None).await;
    assert_eq!(v["data"]["changed"], false);
    assert_eq!(v["data"]["myVote"], json!(null));
    let (s, e) = app
        .call(
            Method::POST,
            &path,
            Some(&reader),
            Some(json!({"helpful": 1})),
        )
        .await;
    assert_eq!(s, 400, "{e}");
}

#[apply(both_backends)]
async fn the_reviewee_features_a_few_but_nobody_except_an_admin_hides_a_review(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (cast, first, r) = reviewed(&app, 1, "Terrible, he broke the pipe").await;
    let low = id_of(&r);
    must_post(&app, &cast.technician, body(first, 4, "ok")).await;
    let hide = json!({"hidden": true, "reason": "unfair"});
    for who in [&cast.technician, &cast.customer, &cast.support] {
        let (s, e) = app
            .call(
                Method::PUT,
                &format!("/reviews/{low}/featured"),
                Some(who),
                Some(hide.clone()),
            )
            .await;
        assert_eq!(s, 403, "{:?}: {e}", who.role);
    }
    let (s, _) = app
        .call(
            Method::PUT,
            &format!("/reviews/{low}/featured"),
            Some(&cast.customer),
            Some(json!({"featured": true})),
        )
        .await;
    assert_eq!(s, 403, "only the reviewee features");
    // Three good reviews featured; a fourth is one too many.
    let mut ids = vec![low];
    for i in 0..3 {
        let booking = stored(&app, &cast, BookingStatus::Paid).await;
        let r = must_post(
            &app,
            &cast.customer,
            body(booking, 5, &format!("great {i}")),
        )
        .await;
        must_post(&app, &cast.technician, body(booking, 5, "ok")).await;
        ids.push(id_of(&r));
    }
    for id in &ids[..3] {
        let (s, e) = app
            .call(
                Method::PUT,
                &format!("/reviews/{id}/featured"),
                Some(&cast.technician),
                Some(json!({"featured": true})),
            )
            .await;
        assert_eq!(s, 200, "{e}");
    }
    let (s, e) = app
        .call(
            Method::PUT,
            &format!("/reviews/{}/featured", ids[3]),
            Some(&cast.technician),
            Some(json!({"featured": true})),
        )
        .await;
    assert_eq!(s, 409, "{e}");
    let featured = list_of(&app, cast.technician.id, "?featured=true", None).await;
    assert_eq!(featured["data"].as_array().unwrap().len(), 3);
    // Featuring hides nothing: the one-star review is still listed and counted.
    let all = list_of(&app, cast.technician.id, "?sort=rating_low", None).await;
    assert_eq!(all["data"][0]["_id"], low.to_hex());
    assert_eq!(all["statistics"]["distribution"]["1"], 1);
    // An admin may hide it, with a reason that goes to the audit log.
    let (s, e) = app
        .call(
            Method::PUT,
            &format!("/reviews/{low}/featured"),
            Some(&cast.admin),
            Some(json!({"hidden": true})),
        )
        .await;
    assert_eq!(s, 400, "a reason is required: {e}");
    let (s, _) = app
        .call(
            Method::PUT,
            &format!("/reviews/{low}/featured"),
            Some(&cast.admin),
            Some(hide),
        )
        .await;
    assert_eq!(s, 200);
    let all = list_of(&app, cast.technician.id, "", None).await;
    assert_eq!(all["data"].as_array().unwrap().len(), 3);
    let filter = AuditFilter {
        action: Some("review.hide".into()),
        ..Default::default()
    };
    let log = app
        .app
        .store
        .audit
        .list_audit(&filter, &baitech::store::PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(log.items.len(), 1);
    assert_eq!(log.items[0].reason.as_deref(), Some("unfair"));
}

#[apply(both_backends)]
async fn stars_that_contradict_the_text_flag_the_review_without_changing_it(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let text = "Terrible work, rude and the worst plumber, avoid";
    let (cast, booking, r) = reviewed(&app, 5, text).await;
    assert_eq!(r["rating"], 5, "the stars stay as written");
    assert_eq!(r["comment"], text);
    assert_eq!(r["sentiment"]["label"], "negative");
    assert_eq!(r["moderation"]["status"], "flagged");
    assert_eq!(r["moderation"]["reasons"], json!(["stars_contradict_text"]));
    must_post(
        &app,
        &cast.technician,
        body(booking, 5, "Kazi nzuri, mteja mzuri"),
    )
    .await;
    let (_, seen) = app
        .call(
            Method::GET,
            &format!("/reviews/{}", id_of(&r)),
            Some(&cast.technician),
            None,
        )
        .await;
    assert!(seen["data"].get("moderation").is_none(), "{seen}");
    let (_, mine) = app
        .call(
            Method::GET,
            &format!("/reviews/booking/{booking}"),
            Some(&cast.technician),
            None,
        )
        .await;
    let theirs = mine["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["reviewer"] == cast.technician.id.to_hex())
        .unwrap()
        .clone();
    assert_eq!(theirs["sentiment"]["label"], "positive");
    assert_eq!(theirs["moderation"]["status"], "clear");
}

#[apply(both_backends)]
async fn a_report_goes_to_the_moderation_queue_once_per_user(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (cast, booking, r) = reviewed(&app, 1, "He asked me to pay him outside the app").await;
    let id = id_of(&r);
    let path = format!("/reviews/{id}/report");
    let reason = json!({"reason": "harassment", "details": "insults me"});
    let (s, _) = app
        .call(
            Method::POST,
            &path,
            Some(&cast.technician),
            Some(reason.clone()),
        )
        .await;
    assert_eq!(s, 404, "not revealed to the technician yet");
    must_post(&app, &cast.technician, body(booking, 4, "ok")).await;
    let (s, e) = app
        .call(
            Method::POST,
            &path,
            Some(&cast.customer),
            Some(reason.clone()),
        )
        .await;
    assert_eq!(s, 403, "its author cannot report it: {e}");
    let (s, e) = app
        .call(
            Method::POST,
            &path,
            Some(&cast.technician),
            Some(json!({"reason": "rude"})),
        )
        .await;
    assert_eq!(s, 400, "{e}");
    let (s, filed) = app
        .call(
            Method::POST,
            &path,
            Some(&cast.technician),
            Some(reason.clone()),
        )
        .await;
    assert_eq!(s, 201, "{filed}");
    assert_eq!(filed["data"]["targetKind"], "review");
    assert_eq!(filed["data"]["status"], "open");
    let (s, _) = app
        .call(Method::POST, &path, Some(&cast.technician), Some(reason))
        .await;
    assert_eq!(s, 409, "once per user");
    let filter = baitech::store::ReportFilter {
        target: Some(id),
        ..Default::default()
    };
    let open = app.app.store.reports.count_reports(&filter).await.unwrap();
    assert_eq!(open, 1);
    let stored = app.app.store.reviews.get(id).await.unwrap().unwrap();
    assert_eq!(stored.moderation.reasons, ["reported"]);
    assert_eq!(
        stored.comment, "He asked me to pay him outside the app",
        "not changed"
    );
    assert!(stored.is_published(), "a report hides nothing");
}
