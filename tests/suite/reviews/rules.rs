//! Who may review: only the parties of a booking whose work was completed (not cancelled), once
//! per side; `verified` comes from the booking; and the double-blind reveal — when the other
//! party reviews too, or when the reveal window has passed.

use baitech::domain::booking::BookingStatus;
use baitech::domain::review::rules::reveal_deadline;
use baitech::domain::review::{CategoryRatings, RatingPrior, Review, ReviewSide};
use baitech::domain::user::Role;
use baitech::domain::{Id, Timestamp};
use chrono::Duration;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{body, id_of, list_of, must_post, post, reviewed};
use crate::bookings::{Cast, fields, person, stored};
use crate::common::{Backend, TestApp, both_backends};

#[apply(both_backends)]
async fn the_customer_of_a_paid_booking_writes_a_verified_review_of_the_technician(
    #[case] b: Backend,
) {
    let app = TestApp::spawn(b).await;
    let (cast, booking, r) = reviewed(&app, 5, "Excellent work, very tidy").await;
    assert_eq!(r["booking"], booking.to_hex());
    assert_eq!(r["reviewee"], cast.technician.id.to_hex());
    assert_eq!(r["side"], "customer_to_technician");
    assert_eq!(r["verified"], true);
    assert_eq!(r["revealed"], false, "hidden until the technician reviews");
    // Completed but not yet paid: a review, not verified.
    let cast2 = Cast::new(&app).await;
    let done = stored(&app, &cast2, BookingStatus::Completed).await;
    let r2 = must_post(&app, &cast2.customer, body(done, 4, "Good")).await;
    assert_eq!(r2["verified"], false);
}

#[apply(both_backends)]
async fn a_client_cannot_claim_verified(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let booking = stored(&app, &cast, BookingStatus::Completed).await;
    let mut sent = body(booking, 5, "Great");
    sent["verified"] = json!(true);
    let (s, e) = post(&app, &cast.customer, sent).await;
    assert_eq!(s, 400, "{e}");
    assert_eq!(fields(&e), ["verified"]);
}

#[apply(both_backends)]
async fn only_parties_of_a_completed_uncancelled_booking_may_review_once_per_side(
    #[case] b: Backend,
) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let stranger = person(&app, Role::Customer).await;
    let paid = stored(&app, &cast, BookingStatus::Paid).await;
    let (s, e) = post(&app, &stranger, body(paid, 1, "Never met them")).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (403, Some("FORBIDDEN")),
        "{e}"
    );
    let (s, e) = post(&app, &cast.admin, body(paid, 1, "Admins are no party")).await;
    assert_eq!(s, 403, "{e}");
    for status in [BookingStatus::InProgress, BookingStatus::Accepted] {
        let id = stored(&app, &cast, status).await;
        let (s, e) = post(&app, &cast.customer, body(id, 3, "Too early")).await;
        assert_eq!(s, 409, "{status}: {e}");
    }
    let cancelled = stored(&app, &cast, BookingStatus::Cancelled).await;
    let (s, e) = post(&app, &cast.customer, body(cancelled, 1, "Cancelled")).await;
    assert_eq!(s, 409, "{e}");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cancelled")
    );

    must_post(&app, &cast.customer, body(paid, 4, "Good job")).await;
    let (s, e) = post(&app, &cast.customer, body(paid, 1, "Again")).await;
    assert_eq!(s, 409, "a second review of the same booking: {e}");
    // The technician reviews the customer of the same booking, once.
    let back = must_post(&app, &cast.technician, body(paid, 5, "Friendly customer")).await;
    assert_eq!(back["side"], "technician_to_customer");
    assert_eq!(back["reviewee"], cast.customer.id.to_hex());
    let (s, _) = post(&app, &cast.technician, body(paid, 5, "Twice")).await;
    assert_eq!(s, 409);
    let (s, _) = post(&app, &cast.customer, body(Id::new(), 5, "No booking")).await;
    assert_eq!(s, 404);
}

#[apply(both_backends)]
async fn bad_ratings_name_every_field(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let booking = stored(&app, &cast, BookingStatus::Paid).await;
    let sent = json!({
        "bookingId": booking.to_hex(),
        "rating": 6,
        "categories": {"quality": 0, "valueForMoney": "five", "speed": 3},
    });
    let (s, e) = post(&app, &cast.customer, sent).await;
    assert_eq!(s, 400, "{e}");
    let mut f = fields(&e);
    f.sort();
    assert_eq!(
        f,
        [
            "categories.quality",
            "categories.speed",
            "categories.valueForMoney",
            "rating"
        ]
    );
}

#[apply(both_backends)]
async fn both_reviews_are_revealed_when_the_second_party_reviews(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (cast, booking, first) = reviewed(&app, 2, "Late and messy").await;
    let id = id_of(&first);
    let path = format!("/reviews/{id}");
    // Nobody but its author sees it yet: not the technician, not the public list.
    let (s, _) = app
        .call(Method::GET, &path, Some(&cast.technician), None)
        .await;
    assert_eq!(s, 404);
    let (s, _) = app.call(Method::GET, &path, None, None).await;
    assert_eq!(s, 404);
    let (s, own) = app
        .call(Method::GET, &path, Some(&cast.customer), None)
        .await;
    assert_eq!((s, own["data"]["revealed"].as_bool()), (200, Some(false)));
    let listed = list_of(&app, cast.technician.id, "", None).await;
    assert_eq!(listed["data"], json!([]));
    let (s, mine) = app
        .call(
            Method::GET,
            &format!("/reviews/booking/{booking}"),
            Some(&cast.technician),
            None,
        )
        .await;
    assert_eq!((s, mine["data"].as_array().unwrap().len()), (200, 0));

    let back = must_post(
        &app,
        &cast.technician,
        body(booking, 4, "Clear instructions"),
    )
    .await;
    assert_eq!(back["revealed"], true);
    let (s, seen) = app
        .call(Method::GET, &path, Some(&cast.technician), None)
        .await;
    assert_eq!((s, seen["data"]["revealed"].as_bool()), (200, Some(true)));
    let listed = list_of(&app, cast.technician.id, "", None).await;
    assert_eq!(listed["data"][0]["_id"], id.to_hex());
    let (_, both) = app
        .call(
            Method::GET,
            &format!("/reviews/booking/{booking}"),
            Some(&cast.customer),
            None,
        )
        .await;
    assert_eq!(both["data"].as_array().unwrap().len(), 2);
    let stranger = person(&app, Role::Customer).await;
    let (s, _) = app
        .call(
            Method::GET,
            &format!("/reviews/booking/{booking}"),
            Some(&stranger),
            None,
        )
        .await;
    assert_eq!(s, 404, "not a party");
}

#[apply(both_backends)]
async fn a_review_is_revealed_when_the_window_passes_without_the_other_party(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let prior = RatingPrior::default();
    let written = |days_ago: i64, stars: u8| {
        let at = Timestamp::now().minus(Duration::days(days_ago));
        let mut r = Review::new(
            Id::new(),
            cast.customer.id,
            cast.technician.id,
            ReviewSide::CustomerToTechnician,
            stars,
            CategoryRatings::uniform(stars),
            format!("written {days_ago} days ago"),
            at,
        );
        // As `POST /reviews` sets it with the default 14-day window.
        r.reveal_at = reveal_deadline(at, 14);
        r
    };
    let old = written(15, 3);
    let recent = written(13, 5);
    for r in [&old, &recent] {
        app.app.store.reviews.add_review(r, &prior).await.unwrap();
    }
    let listed = list_of(&app, cast.technician.id, "", None).await;
    let ids: Vec<&str> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [old.id.to_hex()], "only the one past its window");
    let (s, _) = app
        .call(
            Method::GET,
            &format!("/reviews/{}", recent.id),
            Some(&cast.technician),
            None,
        )
        .await;
    assert_eq!(s, 404);
    // Both count in the statistics from the moment they are written.
    assert_eq!(listed["statistics"]["count"], 2);
}
