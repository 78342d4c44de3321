//! Realtime delivery: a booking move reaches the parties' subscriptions, and the Redis
//! implementation carries events between two instances.

use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use std::time::Duration;

use baitech::domain::booking::BookingStatus;
use baitech::domain::user::Role;
use baitech::domain::{Id, Timestamp};
use baitech::realtime::{Event, Realtime, RedisRealtime, Topic};
use futures::StreamExt;

use super::{Cast, stored};
use crate::common::{Backend, TestApp, redis_url};

async fn next(s: &mut baitech::realtime::EventStream) -> Option<Event> {
    tokio::time::timeout(Duration::from_secs(5), s.next())
        .await
        .ok()
        .flatten()
}

#[apply(both_backends)]
async fn a_move_is_published_to_both_parties_and_nobody_else(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let stranger = super::person(&app, Role::Customer).await;
    let id = stored(&app, &cast, BookingStatus::Assigned).await;
    let rt = &app.app.realtime;
    let (mut customer, mut tech, mut other, mut booking) = (
        rt.subscribe(Topic::User(cast.customer.id)).await.unwrap(),
        rt.subscribe(Topic::User(cast.technician.id)).await.unwrap(),
        rt.subscribe(Topic::User(stranger.id)).await.unwrap(),
        rt.subscribe(Topic::Booking(id)).await.unwrap(),
    );
    super::must_move(&app, id, &cast.technician, "accepted").await;
    for s in [&mut customer, &mut tech, &mut booking] {
        match next(s).await {
            Some(Event::BookingStatusChanged {
                booking,
                from,
                to,
                by,
                ..
            }) => {
                assert_eq!(
                    (booking, from, to, by),
                    (
                        id,
                        BookingStatus::Assigned,
                        BookingStatus::Accepted,
                        Some(cast.technician.id)
                    )
                );
            }
            other => panic!("expected the move, got {other:?}"),
        }
    }
    let nothing = tokio::time::timeout(Duration::from_millis(100), other.next()).await;
    assert!(nothing.is_err(), "a stranger hears nothing");
}

fn event(customer: Id) -> Event {
    Event::BookingStatusChanged {
        booking: Id::new(),
        booking_number: "BT-250101-ABCDEF".into(),
        from: BookingStatus::Pending,
        to: BookingStatus::Matching,
        by: None,
        at: Timestamp::now(),
        customer,
        technician: None,
        corporate_account: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_carries_events_between_instances() {
    crate::common::init();
    let channel = format!("baitech:test:{}", Id::new());
    let a = RedisRealtime::connect(&redis_url(), Duration::from_secs(5), &channel)
        .await
        .unwrap();
    let b = RedisRealtime::connect(&redis_url(), Duration::from_secs(5), &channel)
        .await
        .unwrap();
    assert_eq!(a.backend(), "redis");
    let (me, someone) = (Id::new(), Id::new());
    let mut on_b = b.subscribe(Topic::User(me)).await.unwrap();
    let mut on_a = a.subscribe(Topic::All).await.unwrap();
    a.publish(event(someone)).await.unwrap();
    let sent = event(me);
    a.publish(sent.clone()).await.unwrap();
    assert_eq!(
        next(&mut on_b).await,
        Some(sent.clone()),
        "published on a, delivered on b, filtered by topic"
    );
    // The publishing instance hears its own events once, in order.
    assert!(
        matches!(next(&mut on_a).await, Some(Event::BookingStatusChanged { customer, .. }) if customer == someone)
    );
    assert_eq!(next(&mut on_a).await, Some(sent));
    let more = tokio::time::timeout(Duration::from_millis(100), on_a.next()).await;
    assert!(more.is_err(), "each event once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_redis_is_reported_as_unavailable() {
    let err = RedisRealtime::connect("redis://127.0.0.1:1/", Duration::from_millis(500), "x")
        .await
        .err()
        .expect("nothing listens on port 1");
    assert_eq!(err.code(), "SERVICE_UNAVAILABLE");
}
