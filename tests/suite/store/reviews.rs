//! Reviews: round trip, one review per (booking, reviewer), helpful votes counted once per
//! voter, filtered lists and text search.

use baitech::domain::Id;
use baitech::domain::review::{Review, Vote};
use baitech::store::ReviewFilter;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;

use super::builders::{at, full_review, review};
use super::pages::{expected_sizes, ids, newest_first, sizes, walk};
use super::{assert_conflict, race};
use crate::common::{Backend, TestStore, test_store};

async fn stored(ts: &TestStore, id: Id) -> Review {
    ts.reviews
        .get(id)
        .await
        .expect("get review")
        .expect("review exists")
}

async fn listed_reviews(ts: &TestStore, filter: &ReviewFilter) -> Vec<Id> {
    let pages = walk(100, async |req| ts.reviews.list_reviews(filter, &req).await).await;
    pages.iter().flat_map(|p| ids(p, |r| r.id)).collect()
}

#[apply(both_backends)]
pub(super) async fn review_round_trip_and_update_preserve_every_field(#[case] b: Backend) {
    let ts = test_store(b).await;
    let mut full = full_review(Id::new(), Id::new(), Id::new());
    ts.reviews.insert(&full).await.unwrap();
    assert_eq!(stored(&ts, full.id).await, full);
    full.comment = "Fixed the sink, but the leak came back".into();
    full.rating = 2;
    full.featured = false;
    full.response = None;
    full.updated_at = at(20);
    ts.reviews.replace(&full).await.unwrap();
    assert_eq!(stored(&ts, full.id).await, full);
    let batch = [
        review(Id::new(), Id::new(), Id::new(), 5, "a"),
        review(Id::new(), Id::new(), Id::new(), 3, "b"),
    ];
    assert_eq!(ts.reviews.insert_many(&batch).await.unwrap(), 2);
    assert_eq!(stored(&ts, batch[0].id).await, batch[0]);
    assert_eq!(ts.reviews.get(Id::new()).await.unwrap(), None);
}

#[apply(both_backends)]
pub(super) async fn second_review_of_a_booking_by_the_same_reviewer_is_a_conflict(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let (booking, customer, tech) = (Id::new(), Id::new(), Id::new());
    let first = review(booking, customer, tech, 5, "Great work");
    ts.reviews.insert(&first).await.unwrap();
    let again = review(booking, customer, tech, 1, "Changed my mind");
    // The contract names no field here: any conflict message will do.
    assert_conflict(ts.reviews.insert(&again).await, "");
    assert_eq!(ts.reviews.get(again.id).await.unwrap(), None);
    // The other party of the same booking may review too.
    let back = review(booking, tech, customer, 4, "Friendly customer");
    ts.reviews
        .insert(&back)
        .await
        .expect("the technician reviews the customer");
    let of_booking = ReviewFilter {
        booking: Some(booking),
        ..Default::default()
    };
    assert_eq!(
        listed_reviews(&ts, &of_booking).await,
        newest_first(vec![first.id, back.id])
    );
}

#[apply(both_backends)]
pub(super) async fn second_helpful_vote_changes_nothing(#[case] b: Backend) {
    let ts = test_store(b).await;
    let r = review(Id::new(), Id::new(), Id::new(), 5, "Punctual and tidy");
    ts.reviews.insert(&r).await.unwrap();
    let (v, w) = (Id::new(), Id::new());
    assert!(
        ts.reviews
            .vote_review(r.id, v, Some(Vote::Helpful))
            .await
            .unwrap()
            .1
    );
    let after_first = stored(&ts, r.id).await;
    assert_eq!(
        (
            after_first.helpful_count,
            after_first.helpful_voters.clone()
        ),
        (1, vec![v])
    );
    assert!(
        !ts.reviews
            .vote_review(r.id, v, Some(Vote::Helpful))
            .await
            .unwrap()
            .1,
        "a second vote is refused"
    );
    assert_eq!(stored(&ts, r.id).await, after_first, "and changes nothing");
    assert!(
        ts.reviews
            .vote_review(r.id, w, Some(Vote::Helpful))
            .await
            .unwrap()
            .1
    );
    let got = stored(&ts, r.id).await;
    assert_eq!(got.helpful_count, 2);
    let mut voters = got.helpful_voters;
    voters.sort();
    let mut expected = vec![v, w];
    expected.sort();
    assert_eq!(voters, expected);
}

#[apply(both_backends)]
pub(super) async fn concurrent_double_helpful_vote_counts_once(#[case] b: Backend) {
    let ts = test_store(b).await;
    let r = review(Id::new(), Id::new(), Id::new(), 4, "Good");
    ts.reviews.insert(&r).await.unwrap();
    let voter = Id::new();
    let store = ts.store.clone();
    let results = race(2, |_| {
        let store = store.clone();
        async move {
            store
                .reviews
                .vote_review(r.id, voter, Some(Vote::Helpful))
                .await
                .expect("vote")
                .1
        }
    })
    .await;
    assert_eq!(
        results.iter().filter(|&&counted| counted).count(),
        1,
        "{results:?}"
    );
    let got = stored(&ts, r.id).await;
    assert_eq!((got.helpful_count, got.helpful_voters), (1, vec![voter]));
}

#[apply(both_backends)]
pub(super) async fn list_reviews_filters_and_pages_newest_first(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (tech, other_tech, c1, c2) = (Id::new(), Id::new(), Id::new(), Id::new());
    let mut all: Vec<Review> = (0..7)
        .map(|i| {
            review(
                Id::new(),
                if i % 2 == 0 { c1 } else { c2 },
                tech,
                5,
                "Solid work",
            )
        })
        .collect();
    all[3].featured = true;
    all.push(review(Id::new(), c1, other_tech, 3, "Late"));
    ts.reviews.insert_many(&all).await.unwrap();

    let of_tech = ReviewFilter {
        reviewee: Some(tech),
        ..Default::default()
    };
    let pages = walk(3, async |req| ts.reviews.list_reviews(&of_tech, &req).await).await;
    assert_eq!(sizes(&pages), expected_sizes(7, 3));
    let walked: Vec<Id> = pages.iter().flat_map(|p| ids(p, |r| r.id)).collect();
    assert_eq!(walked, newest_first(ids(&all[..7], |r| r.id)));

    let by_c1 = ReviewFilter {
        reviewer: Some(c1),
        ..Default::default()
    };
    let expected: Vec<Id> = all
        .iter()
        .filter(|r| r.reviewer == c1)
        .map(|r| r.id)
        .collect();
    assert_eq!(listed_reviews(&ts, &by_c1).await, newest_first(expected));
    let featured = ReviewFilter {
        featured: Some(true),
        ..Default::default()
    };
    assert_eq!(listed_reviews(&ts, &featured).await, vec![all[3].id]);
    let by_c2_of_tech = ReviewFilter {
        reviewer: Some(c2),
        ..of_tech
    };
    let expected: Vec<Id> = all
        .iter()
        .filter(|r| r.reviewer == c2)
        .map(|r| r.id)
        .collect();
    assert_eq!(
        listed_reviews(&ts, &by_c2_of_tech).await,
        newest_first(expected)
    );
}

#[apply(both_backends)]
pub(super) async fn review_text_search_finds_only_matching_reviews(#[case] b: Backend) {
    let ts = test_store(b).await;
    let tech = Id::new();
    let punctual = review(
        Id::new(),
        Id::new(),
        tech,
        5,
        "Very punctual and professional",
    );
    let messy = review(Id::new(), Id::new(), tech, 2, "Left the kitchen messy");
    let elsewhere = review(Id::new(), Id::new(), Id::new(), 4, "Punctual but expensive");
    ts.reviews
        .insert_many(&[punctual.clone(), messy.clone(), elsewhere.clone()])
        .await
        .unwrap();
    let text = |t: &str| ReviewFilter {
        text: Some(t.into()),
        ..Default::default()
    };
    let cases = [
        ("word", text("kitchen"), vec![messy.id]),
        (
            "any case, two reviews",
            text("PUNCTUAL"),
            vec![punctual.id, elsewhere.id],
        ),
        ("prefix", text("profession"), vec![punctual.id]),
        ("every word", text("punctual expensive"), vec![elsewhere.id]),
        (
            "with reviewee",
            ReviewFilter {
                reviewee: Some(tech),
                ..text("punctual")
            },
            vec![punctual.id],
        ),
        ("nothing", text("plumbing"), vec![]),
    ];
    for (name, filter, expected) in cases {
        let mut got = listed_reviews(&ts, &filter).await;
        got.sort();
        let mut expected = expected;
        expected.sort();
        assert_eq!(got, expected, "{name}");
    }
}
