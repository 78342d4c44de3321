//! Reviews over HTTP on both storage adapters: who may review (every rule), the double-blind
//! reveal at both triggers, the counters under concurrent reviews, the Bayesian average and
//! the Wilson order against hand-computed values, edits, responses, votes, featuring and
//! hiding, the sentiment flag, and the statistics drift check.

mod actions;
mod counters;
mod lists;
mod rules;

use baitech::domain::Id;
use baitech::domain::booking::BookingStatus;
use reqwest::Method;
use serde_json::{Value, json};

use crate::bookings::{Cast, stored};
use crate::common::TestApp;
use crate::common::users::TestUser;

/// A review body for `booking` with `stars` overall and every category.
pub fn body(booking: Id, stars: u8, comment: &str) -> Value {
    json!({
        "bookingId": booking.to_hex(),
        "rating": stars,
        "categories": {
            "quality": stars,
            "professionalism": stars,
            "communication": stars,
            "punctuality": stars,
            "valueForMoney": stars,
        },
        "comment": comment,
    })
}

/// `POST /reviews` as `who`.
pub async fn post(app: &TestApp, who: &TestUser, body: Value) -> (u16, Value) {
    app.call(Method::POST, "/reviews", Some(who), Some(body))
        .await
}

/// Like [`post`], asserting 201; returns the review.
pub async fn must_post(app: &TestApp, who: &TestUser, body: Value) -> Value {
    let (s, b) = post(app, who, body).await;
    assert_eq!(s, 201, "{b}");
    b["data"].clone()
}

/// The id of a review body.
pub fn id_of(review: &Value) -> Id {
    Id::parse(review["_id"].as_str().expect("_id")).expect("an id")
}

/// A cast with a paid booking; the customer's review of it (`stars`) already posted.
pub async fn reviewed(app: &TestApp, stars: u8, comment: &str) -> (Cast, Id, Value) {
    let cast = Cast::new(app).await;
    let booking = stored(app, &cast, BookingStatus::Paid).await;
    let r = must_post(app, &cast.customer, body(booking, stars, comment)).await;
    (cast, booking, r)
}

/// `GET /reviews/user/:id` as `who`.
pub async fn list_of(app: &TestApp, user: Id, query: &str, who: Option<&TestUser>) -> Value {
    let (s, b) = app
        .call(
            Method::GET,
            &format!("/reviews/user/{user}{query}"),
            who,
            None,
        )
        .await;
    assert_eq!(s, 200, "{b}");
    b
}
