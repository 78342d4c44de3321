//! Bookings: round trip, compare-and-set on `version` (also under a race), filtered lists,
//! pagination and counts by status.

use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use std::collections::HashMap;

use baitech::domain::booking::{Booking, BookingStatus, StatusChange};
use baitech::domain::{Id, Timestamp};
use baitech::store::{BookingFilter, PageRequest};

use super::assert_not_found;
use super::builders::{at, booking, customer, full_booking, technician};
use super::pages::{expected_sizes, ids, newest_first, sizes, walk};
use crate::common::{Backend, TestStore, test_store};

/// The booking moved to `to` the way a transition does it: history entry, version bump.
/// (The store does not check the state machine; that is the service's job.)
fn moved(mut b: Booking, to: BookingStatus, when: Timestamp) -> Booking {
    b.status_history.push(StatusChange {
        from: Some(b.status),
        to,
        by: None,
        by_role: None,
        reason: None,
        at: when,
    });
    b.status = to;
    b.version += 1;
    b.updated_at = when;
    b
}

async fn stored(ts: &TestStore, id: Id) -> Booking {
    ts.bookings
        .get(id)
        .await
        .expect("get booking")
        .expect("booking exists")
}

async fn listed_bookings(ts: &TestStore, filter: &BookingFilter) -> Vec<Id> {
    let pages = walk(100, async |req| {
        ts.bookings.list_bookings(filter, &req).await
    })
    .await;
    pages.iter().flat_map(|p| ids(p, |b| b.id)).collect()
}

#[apply(both_backends)]
pub(super) async fn booking_round_trip_preserves_every_field(#[case] b: Backend) {
    let ts = test_store(b).await;
    let full = full_booking(Id::new(), Id::new());
    ts.bookings.insert(&full).await.unwrap();
    assert_eq!(stored(&ts, full.id).await, full);
    assert_eq!(ts.bookings.get(Id::new()).await.unwrap(), None);
}

#[apply(both_backends)]
pub(super) async fn update_booking_with_the_current_version_succeeds(#[case] b: Backend) {
    let ts = test_store(b).await;
    let original = booking(Id::new());
    ts.bookings.insert(&original).await.unwrap();
    let mut next = moved(original.clone(), BookingStatus::Matching, at(1));
    next.technician = Some(Id::new());
    assert!(ts.bookings.replace_if_version(&next, 0).await.unwrap());
    assert_eq!(stored(&ts, original.id).await, next);
    let after = moved(next.clone(), BookingStatus::Assigned, at(2));
    assert!(ts.bookings.replace_if_version(&after, 1).await.unwrap());
    assert_eq!(stored(&ts, original.id).await, after);
}

#[apply(both_backends)]
pub(super) async fn stale_booking_version_loses(#[case] b: Backend) {
    let ts = test_store(b).await;
    let original = booking(Id::new());
    ts.bookings.insert(&original).await.unwrap();
    let winner = moved(original.clone(), BookingStatus::Matching, at(1));
    assert!(ts.bookings.replace_if_version(&winner, 0).await.unwrap());

    // A second writer still holding version 0.
    let loser = moved(original.clone(), BookingStatus::Cancelled, at(2));
    assert!(
        !ts.bookings.replace_if_version(&loser, 0).await.unwrap(),
        "a stale version must lose"
    );
    assert_eq!(stored(&ts, original.id).await, winner);
    // A version from the future loses too.
    assert!(!ts.bookings.replace_if_version(&loser, 5).await.unwrap());
    assert_eq!(stored(&ts, original.id).await, winner);
}

#[apply(both_backends)]
pub(super) async fn updating_a_missing_booking_is_not_found(#[case] b: Backend) {
    let ts = test_store(b).await;
    let ghost = booking(Id::new());
    assert_not_found(ts.bookings.replace_if_version(&ghost, 0).await);
    assert_eq!(ts.bookings.get(ghost.id).await.unwrap(), None);
}

#[apply(both_backends)]
pub(super) async fn concurrent_updates_from_the_same_version_exactly_one_wins(#[case] b: Backend) {
    let ts = test_store(b).await;
    let original = booking(Id::new());
    ts.bookings.insert(&original).await.unwrap();
    for round in 0..10 {
        let current = stored(&ts, original.id).await;
        let version = current.version;
        let mut accept = moved(current.clone(), BookingStatus::Accepted, at(round * 2));
        accept.description = format!("accepted in round {round}");
        let mut cancel = moved(current, BookingStatus::Cancelled, at(round * 2 + 1));
        cancel.description = format!("cancelled in round {round}");
        let (s1, s2) = (ts.store.clone(), ts.store.clone());
        let (a, c) = (accept.clone(), cancel.clone());
        let (r1, r2) = tokio::join!(
            tokio::spawn(async move { s1.bookings.replace_if_version(&a, version).await }),
            tokio::spawn(async move { s2.bookings.replace_if_version(&c, version).await }),
        );
        let (won_accept, won_cancel) = (r1.unwrap().unwrap(), r2.unwrap().unwrap());
        assert!(
            won_accept ^ won_cancel,
            "round {round}: exactly one must win ({won_accept}, {won_cancel})"
        );
        let winner = if won_accept { accept } else { cancel };
        assert_eq!(stored(&ts, original.id).await, winner, "round {round}");
    }
    assert_eq!(stored(&ts, original.id).await.version, 10);
}

#[apply(both_backends)]
pub(super) async fn bulk_booking_insert_stores_all(#[case] b: Backend) {
    let ts = test_store(b).await;
    let batch: Vec<Booking> = (0..4).map(|_| booking(Id::new())).collect();
    assert_eq!(ts.bookings.insert_many(&batch).await.unwrap(), 4);
    for bk in &batch {
        assert_eq!(&stored(&ts, bk.id).await, bk);
    }
}

#[apply(both_backends)]
pub(super) async fn list_bookings_filters_by_party_status_and_dates(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (c1, c2) = (customer("bk-c1").id, customer("bk-c2").id);
    let (t1, t2) = (
        technician("bk-t1", 36.8, -1.3, &[], 4.0).id,
        technician("bk-t2", 36.8, -1.3, &[], 4.0).id,
    );
    let corporate = Id::new();
    let make = |cust: Id, tech: Option<Id>, status: BookingStatus, minute: i64| {
        let mut b = booking(cust);
        b.technician = tech;
        b.status = status;
        b.scheduled_at = at(minute * 100);
        b.created_at = at(minute);
        b.updated_at = at(minute);
        b
    };
    let b1 = make(c1, None, BookingStatus::Pending, 10);
    let b2 = make(c1, Some(t1), BookingStatus::Accepted, 20);
    let b3 = make(c2, Some(t1), BookingStatus::Completed, 30);
    let mut b4 = make(c2, Some(t2), BookingStatus::Cancelled, 40);
    b4.corporate_account = Some(corporate);
    let b5 = make(c1, Some(t2), BookingStatus::Paid, 50);
    ts.bookings
        .insert_many(&[b1.clone(), b2.clone(), b3.clone(), b4.clone(), b5.clone()])
        .await
        .unwrap();
    let [b1, b2, b3, b4, b5] = [b1.id, b2.id, b3.id, b4.id, b5.id];

    let cases = [
        ("all", BookingFilter::default(), vec![b1, b2, b3, b4, b5]),
        (
            "customer",
            BookingFilter {
                customer: Some(c1),
                ..Default::default()
            },
            vec![b1, b2, b5],
        ),
        (
            "technician",
            BookingFilter {
                technician: Some(t1),
                ..Default::default()
            },
            vec![b2, b3],
        ),
        (
            "corporate",
            BookingFilter {
                corporate_account: Some(corporate),
                ..Default::default()
            },
            vec![b4],
        ),
        (
            "any of the statuses",
            BookingFilter {
                statuses: vec![BookingStatus::Accepted, BookingStatus::Paid],
                ..Default::default()
            },
            vec![b2, b5],
        ),
        (
            "scheduled between",
            BookingFilter {
                scheduled_from: Some(at(1500)),
                scheduled_to: Some(at(3500)),
                ..Default::default()
            },
            vec![b2, b3],
        ),
        (
            "scheduled between, both ends included",
            BookingFilter {
                scheduled_from: Some(at(2000)),
                scheduled_to: Some(at(3000)),
                ..Default::default()
            },
            vec![b2, b3],
        ),
        (
            "created from",
            BookingFilter {
                created_from: Some(at(35)),
                ..Default::default()
            },
            vec![b4, b5],
        ),
        (
            "created up to",
            BookingFilter {
                created_to: Some(at(25)),
                ..Default::default()
            },
            vec![b1, b2],
        ),
        (
            "customer and statuses",
            BookingFilter {
                customer: Some(c1),
                statuses: vec![BookingStatus::Pending, BookingStatus::Paid],
                ..Default::default()
            },
            vec![b1, b5],
        ),
        (
            "nobody's",
            BookingFilter {
                customer: Some(Id::new()),
                ..Default::default()
            },
            vec![],
        ),
    ];
    for (name, filter, expected) in cases {
        assert_eq!(
            listed_bookings(&ts, &filter).await,
            newest_first(expected),
            "{name}"
        );
    }
}

#[apply(both_backends)]
pub(super) async fn booking_pages_walk_every_booking_once_newest_first(#[case] b: Backend) {
    let ts = test_store(b).await;
    let customer = Id::new();
    let all: Vec<Booking> = (0..12).map(|_| booking(customer)).collect();
    ts.bookings.insert_many(&all).await.unwrap();
    let filter = BookingFilter {
        customer: Some(customer),
        ..Default::default()
    };
    let pages = walk(5, async |req| {
        ts.bookings.list_bookings(&filter, &req).await
    })
    .await;
    assert_eq!(sizes(&pages), expected_sizes(12, 5));
    let walked: Vec<Id> = pages.iter().flat_map(|p| ids(p, |b| b.id)).collect();
    let order = newest_first(ids(&all, |b| b.id));
    assert_eq!(walked, order);

    let numbered = ts
        .bookings
        .list_bookings(&filter, &PageRequest::numbered(2, 5))
        .await
        .unwrap();
    assert_eq!(ids(&numbered.items, |b| b.id), order[5..10].to_vec());
    assert_eq!((numbered.total, numbered.page), (Some(12), Some(2)));
}

#[apply(both_backends)]
pub(super) async fn count_bookings_by_status_counts_each_status(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (c1, c2) = (Id::new(), Id::new());
    let with = |cust: Id, status: BookingStatus| Booking {
        status,
        ..booking(cust)
    };
    let all = [
        with(c1, BookingStatus::Pending),
        with(c1, BookingStatus::Pending),
        with(c1, BookingStatus::Pending),
        with(c1, BookingStatus::Accepted),
        with(c1, BookingStatus::Accepted),
        with(c1, BookingStatus::Paid),
        with(c2, BookingStatus::Pending),
        with(c2, BookingStatus::Disputed),
    ];
    ts.bookings.insert_many(&all).await.unwrap();

    let counted = async |filter: BookingFilter| {
        let rows = ts.bookings.count_bookings_by_status(&filter).await.unwrap();
        let map: HashMap<BookingStatus, u64> =
            rows.iter().copied().filter(|&(_, n)| n > 0).collect();
        assert_eq!(
            map.len(),
            rows.iter().filter(|r| r.1 > 0).count(),
            "each status once: {rows:?}"
        );
        map
    };
    use BookingStatus::*;
    assert_eq!(
        counted(BookingFilter::default()).await,
        HashMap::from([(Pending, 4), (Accepted, 2), (Paid, 1), (Disputed, 1)])
    );
    assert_eq!(
        counted(BookingFilter {
            customer: Some(c1),
            ..Default::default()
        })
        .await,
        HashMap::from([(Pending, 3), (Accepted, 2), (Paid, 1)])
    );
    assert_eq!(
        counted(BookingFilter {
            statuses: vec![Pending, Disputed],
            ..Default::default()
        })
        .await,
        HashMap::from([(Pending, 4), (Disputed, 1)])
    );
}
