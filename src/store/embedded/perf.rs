//! The performance targets of the embedded store, as ignored tests (run them in release:
//! `cargo test --release --lib store::embedded::perf -- --ignored --nocapture`): seeding
//! 100k users + 200k posts + 100k bookings, nearby search p50 around Kenyan cities, typical
//! list latencies on that data, and deleting a million old messages in batches.

use std::time::Instant;

use rand::{Rng, SeedableRng};

use super::tests::{T0, booking, fresh, message, post, user};
use crate::domain::booking::Booking;
use crate::domain::message::Message;
use crate::domain::post::Post;
use crate::domain::user::User;
use crate::domain::{GeoPoint, Id, Timestamp};
use crate::store::{NearbyQuery, PageRequest, PostFilter, UserFilter};

/// Kenyan cities with a share of the technicians, Nairobi-heavy.
const CITIES: &[(f64, f64, f64)] = &[
    (36.8219, -1.2921, 0.55),
    (39.6682, -4.0435, 0.15),
    (34.7617, -0.0917, 0.10),
    (36.0800, -0.3031, 0.10),
    (35.2698, 0.5143, 0.10),
];

fn technicians(n: u64, rng: &mut impl Rng) -> Vec<User> {
    let skills = [
        "plumbing",
        "wiring",
        "painting",
        "carpentry",
        "welding",
        "solar",
        "appliances",
    ];
    (0..n)
        .map(|i| {
            let mut pick = rng.random::<f64>();
            let &(lng, lat, _) = CITIES
                .iter()
                .find(|c| {
                    pick -= c.2;
                    pick <= 0.0
                })
                .unwrap_or(&CITIES[0]);
            let spread = 0.25;
            let s = [
                skills[rng.random_range(0..skills.len())],
                skills[rng.random_range(0..skills.len())],
            ];
            user(
                i,
                Some((
                    lng + rng.random_range(-spread..spread),
                    lat + rng.random_range(-spread..spread),
                    &s,
                    f64::from(rng.random_range(20..=50u8)) / 10.0,
                    rng.random_bool(0.6),
                )),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "performance target; run in release"]
async fn perf_seed_then_nearby_p50() {
    let (d, s) = fresh().await;
    if std::env::var_os("BAITECH_PERF_KEEP").is_some() {
        // Keep the seeded database to inspect query plans.
        println!("database in {}", d.keep().display());
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let users = technicians(100_000, &mut rng);
    let posts: Vec<Post> = (0..200_000u64)
        .map(|i| {
            post(
                1_000_000 + i,
                users[(i % 1000) as usize].id,
                "Tips for fixing a leaking tap and rewiring sockets safely",
                &["diy", "plumbing"],
            )
        })
        .collect();
    let bookings: Vec<Booking> = (0..100_000u64)
        .map(|i| booking(2_000_000 + i, users[(i % 5000) as usize].id))
        .collect();
    let start = Instant::now();
    for chunk in users.chunks(2_000) {
        s.users.insert_many(chunk).await.unwrap();
    }
    let t_users = start.elapsed();
    for chunk in posts.chunks(5_000) {
        s.posts.insert_many(chunk).await.unwrap();
    }
    let t_posts = start.elapsed() - t_users;
    for chunk in bookings.chunks(5_000) {
        s.bookings.insert_many(chunk).await.unwrap();
    }
    let total = start.elapsed();
    println!("seed: users {t_users:?}, posts {t_posts:?}, total {total:?}");
    assert!(total.as_secs() < 60, "seeding took {total:?}");

    let mut times = Vec::new();
    for i in 0..400 {
        let (lng, lat, _) = CITIES[i % 2];
        let q = NearbyQuery {
            point: GeoPoint::new(
                lng + rng.random_range(-0.1..0.1),
                lat + rng.random_range(-0.1..0.1),
            )
            .unwrap(),
            radius_km: rng.random_range(10.0..25.0),
            skills: if i % 2 == 0 {
                vec!["plumbing".into()]
            } else {
                vec![]
            },
            min_rating: if i % 3 == 0 { Some(4.0) } else { None },
            available_now: i % 4 == 0,
            limit: 20,
        };
        let t = Instant::now();
        let got = s.users.nearby_technicians(&q).await.unwrap();
        times.push(t.elapsed());
        assert_eq!(got.len(), 20);
    }
    times.sort();
    let p50 = times[times.len() / 2];
    println!(
        "nearby: p50 {p50:?}, p95 {:?}",
        times[times.len() * 95 / 100]
    );
    assert!(p50.as_millis() < 5, "p50 {p50:?}");

    // Typical lists on the seeded data: each should be an index range, not a scan.
    let page = PageRequest::first(20);
    let timed =
        async |what: &str, f: std::pin::Pin<Box<dyn Future<Output = usize> + Send + '_>>| {
            let t = Instant::now();
            let n = f.await;
            println!("{what}: {n} items in {:?}", t.elapsed());
        };
    let techs = UserFilter {
        role: Some(crate::domain::user::Role::Technician),
        skills: vec!["solar".into()],
        ..Default::default()
    };
    timed(
        "users by role+skill",
        Box::pin(async { s.users.list_users(&techs, &page).await.unwrap().items.len() }),
    )
    .await;
    let by_name = UserFilter {
        text: Some("first4242".into()),
        ..Default::default()
    };
    timed(
        "users by text",
        Box::pin(async {
            s.users
                .list_users(&by_name, &page)
                .await
                .unwrap()
                .items
                .len()
        }),
    )
    .await;
    let feed = PostFilter {
        authors: users[..50].iter().map(|u| u.id).collect(),
        ..Default::default()
    };
    timed(
        "following feed",
        Box::pin(async { s.posts.list_posts(&feed, &page).await.unwrap().items.len() }),
    )
    .await;
    let tag = PostFilter {
        hashtag: Some("diy".into()),
        ..Default::default()
    };
    timed(
        "posts by hashtag",
        Box::pin(async { s.posts.list_posts(&tag, &page).await.unwrap().items.len() }),
    )
    .await;
    timed(
        "explore page 50",
        Box::pin(async {
            s.posts
                .explore_posts(&PageRequest::numbered(50, 20))
                .await
                .unwrap()
                .items
                .len()
        }),
    )
    .await;
    let mine = crate::store::BookingFilter {
        customer: Some(users[7].id),
        ..Default::default()
    };
    timed(
        "bookings of a customer",
        Box::pin(async {
            s.bookings
                .list_bookings(&mine, &page)
                .await
                .unwrap()
                .items
                .len()
        }),
    )
    .await;
    timed(
        "stats",
        Box::pin(async { s.admin.stats().await.unwrap().collections.len() }),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "performance target; run in release"]
async fn perf_delete_a_million_old_messages() {
    let (_d, s) = fresh().await;
    let convs: Vec<Id> = (0..2_000).map(|_| Id::new()).collect();
    let start = Instant::now();
    for batch in 0..100u64 {
        let ms: Vec<Message> = (0..10_000u64)
            .map(|i| {
                let n = batch * 10_000 + i;
                message(n, convs[(n % 2_000) as usize], T0 + n as i64)
            })
            .collect();
        s.messages.insert_many(&ms).await.unwrap();
    }
    println!("insert 1M messages: {:?}", start.elapsed());
    let cut = Timestamp::from_millis(T0 + 2_000_000);
    let start = Instant::now();
    let mut gone = 0;
    loop {
        let n = s
            .messages
            .delete_messages_before(cut, 10_000)
            .await
            .unwrap();
        if n == 0 {
            break;
        }
        gone += n;
    }
    let took = start.elapsed();
    println!("delete {gone} messages: {took:?}");
    assert_eq!(gone, 1_000_000);
    assert!(took.as_secs() < 60, "{took:?}");
}
