//! Operations: `seed`, `cleanup` and `indexes`. The service tests run on both adapters
//! (`ops::embedded::<name>`, `ops::retention::mongo::<name>`, ...); [`cli`] runs the real binary
//! against an embedded store in a temporary directory, [`payments_cli`] runs `settlements` and
//! `disputes` against either adapter.

mod cli;
mod export;
mod export_notifications;
mod export_reports;
mod export_social;
mod moderate;
mod payments_cli;
mod retention;

use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use std::future::Future;

use baitech::auth::password;
use baitech::domain::booking::BookingStatus;
use baitech::domain::user::Role;
use baitech::domain::{Email, GeoPoint, Timestamp};
use baitech::services::seed::{self, FixtureOutcome, SeedOptions};
use baitech::store::page::Cursor;
use baitech::store::{
    BookingFilter, NearbyQuery, Page, PageRequest, PostFilter, Store, UserFilter, collections,
};
use chrono::Duration;
use serde_json::{Value, json};

use crate::common::{Backend, test_store};

const ADMIN_PASSWORD: &str = "Correct-Horse-Battery-9";

fn as_of() -> Timestamp {
    Timestamp::parse("2025-06-02T00:00:00Z").unwrap()
}

fn scale(seed: u64) -> SeedOptions {
    SeedOptions {
        fixtures: false,
        users: 120,
        posts: 80,
        bookings: 90,
        messages: 70,
        seed,
        batch_size: 25,
        as_of: Some(as_of()),
        ..SeedOptions::default()
    }
}

/// Every item of a paginated list, following cursors.
async fn drain<T, F, Fut>(list: F) -> Vec<T>
where
    F: Fn(PageRequest) -> Fut,
    Fut: Future<Output = baitech::Result<Page<T>>>,
{
    let mut out = Vec::new();
    let mut req = PageRequest::first(100);
    loop {
        let page = list(req).await.expect("list page");
        out.extend(page.items);
        match page.next_cursor {
            Some(c) if page.has_more => req = PageRequest::after(100, Cursor::decode(&c).unwrap()),
            _ => return out,
        }
    }
}

async fn snapshot(s: &Store) -> (Value, Value, Value) {
    let all = &UserFilter {
        include_deleted: true,
        ..Default::default()
    };
    let users = drain(|p| async move { s.users.list_users(all, &p).await }).await;
    let posts =
        drain(|p| async move { s.posts.list_posts(&PostFilter::default(), &p).await }).await;
    let bookings = drain(|p| async move {
        s.bookings
            .list_bookings(&BookingFilter::default(), &p)
            .await
    })
    .await;
    (json!(users), json!(posts), json!(bookings))
}

#[apply(both_backends)]
async fn seed_is_deterministic_for_a_given_seed(#[case] backend: Backend) {
    let (a, b, c) = (
        test_store(backend).await,
        test_store(backend).await,
        test_store(backend).await,
    );
    let quiet = |_| {};
    seed::run(&a, &scale(7), &quiet).await.expect("seed a");
    seed::run(&b, &scale(7), &quiet).await.expect("seed b");
    seed::run(&c, &scale(8), &quiet).await.expect("seed c");
    let (sa, sb, sc) = (snapshot(&a).await, snapshot(&b).await, snapshot(&c).await);
    assert_eq!(sa.0.as_array().unwrap().len(), 120);
    assert_eq!(sa, sb, "the same seed gives the same documents");
    assert_ne!(sa.0, sc.0, "another seed gives other users");
    assert_ne!(sa.1, sc.1, "another seed gives other posts");
}

#[apply(both_backends)]
async fn seed_twice_does_not_duplicate_fixtures(#[case] backend: Backend) {
    let s = test_store(backend).await;
    let opts = SeedOptions {
        admin_password: Some(ADMIN_PASSWORD.into()),
        ..SeedOptions::default()
    };
    let first = seed::run(&s, &opts, &|_| {}).await.expect("first seed");
    let FixtureOutcome::Loaded { counts, .. } = &first.fixtures else {
        panic!("fixtures not loaded: {:?}", first.fixtures)
    };
    assert!(
        counts.users >= 30 && counts.bookings >= 16 && counts.posts > 0 && counts.reviews > 0,
        "{counts:?}"
    );
    assert!(
        counts.conversations >= 2
            && counts.messages > counts.conversations
            && counts.notifications > 0,
        "{counts:?}"
    );
    assert!(
        first.generated_passwords.admin.is_none(),
        "a given password is not reported"
    );
    let users = s
        .users
        .count_users(&UserFilter {
            include_deleted: true,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(users, counts.users);

    let admin = s
        .users
        .find_user_by_email(&Email::parse(seed::ADMIN_EMAIL).unwrap())
        .await
        .unwrap()
        .expect("admin");
    assert_eq!(admin.role, Role::Admin);
    let hash = admin.password_hash.expect("admin has a password");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert_eq!(
        password::verify(ADMIN_PASSWORD, &hash),
        password::Verified::Yes
    );
    let states = s
        .bookings
        .count_bookings_by_status(&BookingFilter::default())
        .await
        .unwrap();
    for st in BookingStatus::ALL {
        assert!(
            states.iter().any(|(x, n)| x == st && *n > 0),
            "no fixture booking is {st}: {states:?}"
        );
    }

    let second = seed::run(&s, &opts, &|_| {}).await.expect("second seed");
    assert!(
        matches!(second.fixtures, FixtureOutcome::Skipped { .. }),
        "{:?}",
        second.fixtures
    );
    let again = s
        .users
        .count_users(&UserFilter {
            include_deleted: true,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(again, users, "nothing was added the second time");
}

#[apply(both_backends)]
async fn scale_seed_inserts_the_requested_counts(#[case] backend: Backend) {
    let s = test_store(backend).await;
    let opts = SeedOptions {
        users: 300,
        posts: 150,
        bookings: 200,
        messages: 95,
        batch_size: 37,
        ..scale(11)
    };
    let r = seed::run(&s, &opts, &|_| {}).await.expect("seed");
    assert_eq!(r.inserted(collections::USERS), 300);
    assert_eq!(r.inserted(collections::POSTS), 150);
    assert_eq!(r.inserted(collections::BOOKINGS), 200);
    assert_eq!(r.inserted(collections::MESSAGES), 95);
    assert_eq!(r.inserted(collections::CONVERSATIONS), 5);
    let reviews = r.inserted(collections::REVIEWS);
    assert!(reviews > 0 && reviews < 200, "{reviews} reviews");

    let count = |role| {
        let s = s.clone();
        async move {
            s.users
                .count_users(&UserFilter {
                    role: Some(role),
                    include_deleted: true,
                    ..Default::default()
                })
                .await
                .unwrap()
        }
    };
    let (techs, customers) = (count(Role::Technician).await, count(Role::Customer).await);
    assert_eq!(techs + customers, 300);
    assert!(
        (90..=150).contains(&techs),
        "about 40% technicians, got {techs}"
    );
    let states = s
        .bookings
        .count_bookings_by_status(&BookingFilter::default())
        .await
        .unwrap();
    assert_eq!(states.iter().map(|(_, n)| n).sum::<u64>(), 200);
    assert!(states.len() >= 6, "bookings in many states: {states:?}");
    let far_future = as_of().plus(Duration::days(3650));
    assert_eq!(
        s.messages.count_messages_before(far_future).await.unwrap(),
        95
    );

    let nairobi = GeoPoint::new(36.8219, -1.2921).unwrap();
    let q = NearbyQuery {
        point: nairobi,
        radius_km: 30.0,
        skills: vec![],
        min_rating: None,
        available_now: false,
        limit: 20,
    };
    let near = s.users.nearby_technicians(&q).await.expect("nearby");
    assert!(!near.is_empty(), "technicians are placed around Nairobi");
    assert!(
        near.iter()
            .all(|n| n.distance_km <= 30.0 && n.item.role == Role::Technician)
    );

    // A second run into the same store adds rather than colliding on e-mails or ids.
    let more = SeedOptions {
        users: 20,
        posts: 0,
        bookings: 0,
        messages: 0,
        ..scale(11)
    };
    seed::run(&s, &more, &|_| {})
        .await
        .expect("second scale run");
    let total = s
        .users
        .count_users(&UserFilter {
            include_deleted: true,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(total, 320);
}
