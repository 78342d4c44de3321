//! Each event tells the right people and nobody else, once.

use baitech::domain::booking::BookingStatus;
use baitech::domain::post::ModerationStatus;
use baitech::domain::report::ReportTarget;
use baitech::domain::user::Role;
use baitech::domain::{Id, Timestamp};
use baitech::realtime::{BookingChange, Event};
use baitech::services::notifications;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{Notifying, inbox, kinds};
use crate::bookings::{Cast, person, stored};
use crate::chat::{direct_id, say};
use crate::common::{Backend, both_backends};

/// A move of `booking` by `by`, `step` seconds after the test's start (so their order shows).
fn moved(booking: Id, cast: &Cast, from: BookingStatus, to: BookingStatus, by: Id) -> Event {
    static STEP: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(1);
    let step = STEP.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Event::BookingStatusChanged {
        booking,
        booking_number: "BT-261203-ABC234".into(),
        from,
        to,
        by: Some(by),
        at: Timestamp::now().plus(chrono::Duration::seconds(step)),
        customer: cast.customer.id,
        technician: Some(cast.technician.id),
        corporate_account: None,
    }
}

#[apply(both_backends)]
async fn booking_moves_tell_the_parties_who_did_not_make_them(#[case] backend: Backend) {
    let app = Notifying::spawn(backend).await;
    let cast = Cast::new(&app).await;
    // A real move over HTTP: the technician accepts the job.
    let booking = stored(&app, &cast, BookingStatus::Assigned).await;
    let (s, b) = app
        .call(
            Method::PUT,
            &format!("/bookings/{booking}/status"),
            Some(&cast.technician),
            Some(json!({"status": "accepted"})),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    app.settle().await;
    let got = inbox(&app, &cast.customer, "").await;
    assert_eq!(got.len(), 1, "{got:?}");
    let n = &got[0];
    assert_eq!(n["type"], "booking_accepted");
    assert_eq!(n["category"], "booking");
    assert_eq!(n["priority"], "high");
    assert_eq!(n["deepLink"], format!("baitech://booking/{booking}"));
    assert_eq!(n["actionData"]["bookingId"], booking.to_hex());
    assert_eq!(n["read"], false);
    assert!(kinds(&app, &cast.technician).await.is_empty());
    assert!(kinds(&app, &cast.admin).await.is_empty());

    // Published moves: a cancellation by the customer tells the technician only; a dispute
    // opened by the technician tells the customer only.
    app.publish(moved(
        booking,
        &cast,
        BookingStatus::Accepted,
        BookingStatus::Cancelled,
        cast.customer.id,
    ))
    .await;
    app.publish(moved(
        booking,
        &cast,
        BookingStatus::Verified,
        BookingStatus::Disputed,
        cast.technician.id,
    ))
    .await;
    app.publish(moved(
        booking,
        &cast,
        BookingStatus::Disputed,
        BookingStatus::Refunded,
        cast.admin.id,
    ))
    .await;
    app.publish(moved(
        booking,
        &cast,
        BookingStatus::Verified,
        BookingStatus::Paid,
        cast.customer.id,
    ))
    .await;
    app.settle().await;
    // Moves to refunded and paid tell nobody: the money's own events do (see producers).
    assert_eq!(
        kinds(&app, &cast.customer).await,
        ["dispute_opened", "booking_accepted"]
    );
    assert_eq!(kinds(&app, &cast.technician).await, ["booking_cancelled"]);
    assert!(kinds(&app, &cast.admin).await.is_empty());
    assert!(kinds(&app, &cast.corporate).await.is_empty());
}

#[apply(both_backends)]
async fn the_same_event_heard_by_two_notifiers_makes_one_notification(#[case] backend: Backend) {
    // Two instances on one Redis both hear every event; the derived id lets one insert win.
    let app = Notifying::spawn(backend).await;
    let second = notifications::spawn(app.app.app.clone()).await.unwrap();
    let cast = Cast::new(&app).await;
    let e = moved(
        Id::new(),
        &cast,
        BookingStatus::EnRoute,
        BookingStatus::Arrived,
        cast.technician.id,
    );
    app.publish(e.clone()).await;
    app.publish(e).await;
    app.settle().await;
    second.stop().await;
    assert_eq!(kinds(&app, &cast.customer).await, ["technician_arrived"]);
}

#[apply(both_backends)]
async fn reviews_mentions_and_moderation_reach_only_the_user_concerned(#[case] backend: Backend) {
    let app = Notifying::spawn(backend).await;
    let (a, b, c) = (
        person(&app, Role::Customer).await,
        person(&app, Role::Technician).await,
        person(&app, Role::Customer).await,
    );
    let (review, booking, post) = (Id::new(), Id::new(), Id::new());
    let at = Timestamp::now();
    app.publish(Event::ReviewSubmitted {
        review,
        booking,
        reviewer: a.id,
        reviewee: b.id,
        at,
    })
    .await;
    app.publish(Event::ReviewResponded {
        review,
        booking,
        reviewer: a.id,
        reviewee: b.id,
        at,
    })
    .await;
    app.publish(Event::Mentioned {
        user: c.id,
        by: b.id,
        post,
        comment: None,
        at,
    })
    .await;
    app.publish(Event::ContentModerated {
        user: c.id,
        kind: ReportTarget::Post,
        target: post,
        status: ModerationStatus::Removed,
        reason: Some("spam links".into()),
        at,
    })
    .await;
    app.publish(Event::BookingUpdated {
        booking,
        change: BookingChange::DisputeResolved,
        at,
        customer: a.id,
        technician: Some(b.id),
        corporate_account: None,
    })
    .await;
    app.settle().await;
    // One instant for all: the order within it is not the point, who gets what is.
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(
        sorted(kinds(&app, &a).await),
        ["dispute_resolved", "review_response"]
    );
    assert_eq!(
        sorted(kinds(&app, &b).await),
        ["dispute_resolved", "new_review"]
    );
    let got = inbox(&app, &c, "").await;
    let of = |t: &str| {
        got.iter()
            .find(|n| n["type"] == t)
            .unwrap_or_else(|| panic!("{t}: {got:?}"))
            .clone()
    };
    assert_eq!(got.len(), 2, "{got:?}");
    let removed = of("post_removed");
    assert!(
        removed["body"].as_str().unwrap().contains("spam links"),
        "{removed}"
    );
    assert_eq!(removed["deepLink"], format!("baitech://post/{post}"));
    let mention = of("mentioned");
    assert_eq!(mention["actors"], json!([b.id]));
    assert_eq!(mention["deepLink"], format!("baitech://post/{post}"));
    let review_item = inbox(&app, &b, "")
        .await
        .into_iter()
        .find(|n| n["type"] == "new_review")
        .unwrap();
    assert_eq!(
        review_item["deepLink"],
        format!("baitech://review/{review}")
    );
    assert_eq!(review_item["actors"], json!([a.id]));
}

#[apply(both_backends)]
async fn chat_messages_tell_members_who_are_away_unless_muted_and_mentions_always(
    #[case] backend: Backend,
) {
    let app = Notifying::spawn(backend).await;
    let a = person(&app, Role::Customer).await;
    let b = person(&app, Role::Technician).await;
    let mut doc = app.app.app.store.users.get(b.id).await.unwrap().unwrap();
    doc.username = Some("wanjiru".into());
    app.app.app.store.users.replace(&doc).await.unwrap();
    let conv = direct_id(&app, &a, &b).await;

    say(&app, &a, conv, "Habari, are you free tomorrow?").await;
    app.settle().await;
    let got = inbox(&app, &b, "").await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["type"], "new_message");
    assert_eq!(got[0]["category"], "message");
    assert_eq!(got[0]["deepLink"], format!("baitech://conversation/{conv}"));
    assert!(kinds(&app, &a).await.is_empty(), "the sender hears nothing");

    // Muted: nothing, unless mentioned.
    let (s, body) = app
        .call(
            Method::PUT,
            &format!("/conversations/{conv}/settings"),
            Some(&b),
            Some(json!({"muted": true})),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    say(&app, &a, conv, "second message").await;
    say(&app, &a, conv, "@Wanjiru please call me").await;
    app.settle().await;
    let got = inbox(&app, &b, "").await;
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(
        got.iter()
            .any(|n| n["title"].as_str().unwrap().contains("mentioned you")),
        "{got:?}"
    );

    // Connected (online): an unmuted member with a socket open is not notified.
    let (s, _) = app
        .call(
            Method::PUT,
            &format!("/conversations/{conv}/settings"),
            Some(&b),
            Some(json!({"muted": false})),
        )
        .await;
    assert_eq!(s, 200);
    app.publish(Event::Presence {
        user: b.id,
        online: true,
        to: vec![a.id],
        at: Timestamp::now(),
    })
    .await;
    say(&app, &a, conv, "are you there?").await;
    app.settle().await;
    assert_eq!(inbox(&app, &b, "").await.len(), 2);
    app.publish(Event::Presence {
        user: b.id,
        online: false,
        to: vec![a.id],
        at: Timestamp::now(),
    })
    .await;
    say(&app, &a, conv, "ok, call me later").await;
    app.settle().await;
    let got = inbox(&app, &b, "").await;
    // The away message joins the first one's group (same conversation, within the hour).
    assert_eq!(got.len(), 2, "{got:?}");
    let group = got
        .iter()
        .find(|n| n["groupKey"] == format!("conversation:{conv}"))
        .unwrap();
    assert_eq!(group["count"], 2, "{group}");
    assert_eq!(group["body"], "ok, call me later");
}
