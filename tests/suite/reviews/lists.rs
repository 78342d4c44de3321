//! Review lists: the four orders (the helpful one by the Wilson lower bound, checked against
//! hand-computed values), the stars and photo filters, cursor paging without repeats, and text
//! search.

use baitech::domain::review::rank::wilson_lower_bound;
use baitech::domain::review::{CategoryRatings, RatingPrior, Review, ReviewSide, Vote};
use baitech::domain::{Id, Timestamp};
use baitech::services::media;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use super::{body, list_of, must_post};
use crate::bookings::{Cast, stored};
use crate::common::{Backend, TestApp, both_backends};
use baitech::domain::booking::BookingStatus;

/// The smallest PNG (signature and IHDR, all magic-byte detection needs).
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89,
];

fn comments(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["comment"].as_str().unwrap().to_string())
        .collect()
}

/// A revealed review of `tech` with `stars` and `up`/`down` votes, written `age` minutes ago.
fn voted(tech: Id, stars: u8, up: usize, down: usize, age: i64, comment: &str) -> Review {
    let at = Timestamp::now().minus(chrono::Duration::minutes(age));
    let mut r = Review::new(
        Id::new(),
        Id::new(),
        tech,
        ReviewSide::CustomerToTechnician,
        stars,
        CategoryRatings::uniform(stars),
        comment.into(),
        at,
    );
    for _ in 0..up {
        r.set_vote(Id::new(), Some(Vote::Helpful));
    }
    for _ in 0..down {
        r.set_vote(Id::new(), Some(Vote::NotHelpful));
    }
    r
}

#[apply(both_backends)]
async fn lists_sort_by_wilson_stars_and_recency(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let tech = cast.technician.id;
    // Wilson lower bounds at z = 1.28155 (hand computed): 5-0 → 0.7527, 2-0 → 0.5491,
    // 3-1 → 0.4325, 1-0 → 0.3784, no votes → 0. More helpful votes is not enough: 3-1 ranks
    // below 2-0.
    let reviews = [
        voted(tech, 3, 3, 1, 5, "three-one"),
        voted(tech, 5, 1, 0, 4, "one-zero"),
        voted(tech, 1, 5, 0, 3, "five-zero"),
        voted(tech, 4, 2, 0, 2, "two-zero"),
        voted(tech, 2, 0, 0, 1, "none"),
    ];
    assert!((wilson_lower_bound(5, 0) - 0.752_743).abs() < 1e-5);
    assert!((wilson_lower_bound(2, 0) - 0.549_092).abs() < 1e-5);
    assert!((wilson_lower_bound(3, 1) - 0.432_541).abs() < 1e-5);
    for r in &reviews {
        app.app
            .store
            .reviews
            .add_review(r, &RatingPrior::default())
            .await
            .unwrap();
    }
    let helpful = list_of(&app, tech, "?sort=helpful", None).await;
    assert_eq!(
        comments(&helpful),
        ["five-zero", "two-zero", "three-one", "one-zero", "none"]
    );
    let high = list_of(&app, tech, "?sort=rating_high", None).await;
    assert_eq!(
        comments(&high),
        ["one-zero", "two-zero", "three-one", "none", "five-zero"]
    );
    let low = list_of(&app, tech, "?sort=rating_low", None).await;
    assert_eq!(
        comments(&low),
        ["five-zero", "none", "three-one", "two-zero", "one-zero"]
    );
    let recent = list_of(&app, tech, "", None).await;
    assert_eq!(
        comments(&recent),
        ["none", "two-zero", "five-zero", "one-zero", "three-one"]
    );
    let fours = list_of(&app, tech, "?stars=4", None).await;
    assert_eq!(comments(&fours), ["two-zero"]);
    let (s, e) = app
        .call(
            Method::GET,
            &format!("/reviews/user/{tech}?sort=best&stars=9"),
            None,
            None,
        )
        .await;
    assert_eq!(s, 400, "{e}");
    assert_eq!(crate::bookings::fields(&e), ["sort", "stars"]);
}

#[apply(both_backends)]
async fn every_order_pages_through_every_review_once(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let tech = Cast::new(&app).await.technician.id;
    for i in 0..7 {
        let r = voted(
            tech,
            (i % 5 + 1) as u8,
            i % 3,
            0,
            30 - i as i64,
            &format!("r{i}"),
        );
        app.app
            .store
            .reviews
            .add_review(&r, &RatingPrior::default())
            .await
            .unwrap();
    }
    for sort in ["recent", "helpful", "rating_high", "rating_low"] {
        let mut seen = Vec::new();
        let mut cursor = String::new();
        for _ in 0..10 {
            let q = format!("?sort={sort}&limit=3{cursor}");
            let page = list_of(&app, tech, &q, None).await;
            seen.extend(comments(&page));
            match page["pagination"]["nextCursor"].as_str() {
                Some(c) => cursor = format!("&cursor={c}"),
                None => break,
            }
        }
        seen.sort();
        assert_eq!(seen, ["r0", "r1", "r2", "r3", "r4", "r5", "r6"], "{sort}");
    }
}

#[apply(both_backends)]
async fn the_photo_filter_keeps_reviews_with_photos(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let plain = stored(&app, &cast, BookingStatus::Paid).await;
    must_post(&app, &cast.customer, body(plain, 4, "no photos")).await;
    let other = stored(&app, &cast, BookingStatus::Paid).await;
    let file = media::store_local(&app.app, cast.customer.id, Some("image"), PNG)
        .await
        .unwrap();
    let mut sent = body(other, 5, "with a photo");
    sent["photos"] = json!([{ "url": file.url }]);
    let r = must_post(&app, &cast.customer, sent).await;
    assert_eq!(r["photos"][0]["url"], json!(file.url));
    // Someone else's upload is refused.
    let third = stored(&app, &cast, BookingStatus::Paid).await;
    let mut stolen = body(third, 5, "not mine");
    stolen["photos"] = json!([{ "url": file.url }]);
    let (s, e) = app
        .call(
            Method::POST,
            "/reviews",
            Some(&cast.technician),
            Some(stolen),
        )
        .await;
    assert_eq!(s, 400, "{e}");
    // Revealed by the technician's answer reviews.
    for booking in [plain, other] {
        must_post(&app, &cast.technician, body(booking, 5, "fine customer")).await;
    }
    let tech = cast.technician.id;
    let with = list_of(&app, tech, "?withPhotos=true", None).await;
    assert_eq!(comments(&with), ["with a photo"]);
    let all = list_of(&app, tech, "", None).await;
    assert_eq!(all["data"].as_array().unwrap().len(), 2);
}

#[apply(both_backends)]
async fn search_finds_revealed_reviews_by_their_words(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let tech = Cast::new(&app).await.technician.id;
    let shown = voted(tech, 5, 0, 0, 10, "Fixed the geyser quickly");
    let mut hidden = voted(tech, 5, 0, 0, 5, "Another geyser job");
    hidden.reveal_at = Timestamp::now().plus(chrono::Duration::days(3));
    for r in [&shown, &hidden] {
        app.app
            .store
            .reviews
            .add_review(r, &RatingPrior::default())
            .await
            .unwrap();
    }
    let (s, found) = app
        .call(Method::GET, "/reviews/search?q=geyser", None, None)
        .await;
    assert_eq!(s, 200, "{found}");
    assert_eq!(comments(&found), ["Fixed the geyser quickly"]);
    let (s, e) = app.call(Method::GET, "/reviews/search", None, None).await;
    assert_eq!(s, 400, "{e}");
}
