//! Reviews benchmark (`cargo bench --bench reviews`): the real HTTP server in-process, on the
//! embedded store and — when `BAITECH_TEST_MONGODB_URI` is set — on MongoDB.
//!
//! 1. One technician with `BAITECH_BENCH_REVIEWS` reviews (default 10,000), seeded straight into
//!    the store in batches (untimed) with the counters then set by the drift repair of
//!    `health --deep --repair`; then `GET /api/v1/reviews/user/:id` with its statistics, page
//!    one in each order (`recent`, `helpful`, `rating_low`) and filtered to one star:
//!    `BAITECH_BENCH_SAMPLES` (default 200) sequential reads each, p50/p95/max.
//! 2. Review creation over `POST /api/v1/reviews` by `BAITECH_BENCH_CLIENTS` (default 32)
//!    concurrent customers, each reviewing `BAITECH_BENCH_BOOKINGS` (default 40) completed
//!    bookings of its own: once all of one technician (every write moves the same counters)
//!    and once of a technician per client. Reviews per second and latency percentiles.
//!
//! `BAITECH_BENCH_ONLY=embedded|mongodb` runs one backend. Rate limits are raised a
//! million-fold (still counted, never hit).

mod common;

use std::time::Instant;

use baitech::app::App;
use baitech::auth::{TokenUse, jwt::ACCESS_TTL};
use baitech::domain::booking::{
    Actor, Booking, BookingStatus, Matching, PriceBreakdown, StatusChange, Urgency,
};
use baitech::domain::geo::Location;
use baitech::domain::review::{CategoryRatings, Review, ReviewSide, Vote};
use baitech::domain::user::{Role, User};
use baitech::domain::{GeoPoint, Id, Timestamp};
use baitech::ratelimit::RateLimits;
use baitech::services::reviews::stats;
use baitech::store::Store;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use common::{app_on, env_num, latency_row as row, on_each_store, serve};

fn account(role: Role, n: usize) -> User {
    let now = Timestamp::now();
    serde_json::from_value(json!({
        "_id": Id::new(),
        "firstName": "Bench",
        "lastName": format!("Reviewer{n}"),
        "email": format!("bench.review.{}.{n}@example.co.ke", role.as_str()),
        "phoneNumber": format!("+2547{:08}", n * 2 + usize::from(role == Role::Technician)),
        "role": role.as_str(),
        "status": "active",
        "location": {"type": "Point", "coordinates": [36.8219, -1.2921]},
        "technician": if role == Role::Technician { json!({}) } else { Value::Null },
        "createdAt": now,
        "updatedAt": now,
    }))
    .expect("a valid account document")
}

/// A completed booking of `customer` with `technician`.
fn completed(customer: Id, technician: Id, n: usize) -> Booking {
    let now = Timestamp::now();
    let mut done = StatusChange::created(
        Actor::User {
            id: customer,
            role: Role::Customer,
        },
        now,
    );
    done.from = Some(BookingStatus::InProgress);
    done.to = BookingStatus::Completed;
    Booking {
        id: Id::new(),
        booking_number: format!("BT-R{n:08}"),
        customer,
        technician: Some(technician),
        corporate_account: None,
        site: None,
        service_category: "plumbing".into(),
        description: "Kitchen sink is leaking".into(),
        photos: Vec::new(),
        service_location: Location::new(
            GeoPoint::new(36.8219, -1.2921).expect("a point"),
            Some("Ngong Road".into()),
            None,
        ),
        scheduled_at: now,
        estimated_duration_minutes: None,
        urgency: Urgency::Normal,
        status: BookingStatus::Completed,
        version: 0,
        status_history: vec![done],
        budget: None,
        pricing: PriceBreakdown::default(),
        matching: Matching::default(),
        qa_checkpoints: Vec::new(),
        dispute: None,
        warranty: None,
        cancellation: None,
        completed_at: Some(now),
        verified_at: None,
        paid_at: None,
        created_at: now,
        updated_at: now,
    }
}

/// A revealed review of `tech`, written some time in the last year.
fn seeded_review(tech: Id, rng: &mut impl Rng, now: Timestamp) -> Review {
    let rating = [5, 5, 5, 4, 4, 4, 3, 2, 1][rng.random_range(0..9)];
    let created = Timestamp::from_millis(now.millis() - rng.random_range(0..365 * 86_400_000i64));
    let mut r = Review::new(
        Id::new(),
        Id::new(),
        tech,
        ReviewSide::CustomerToTechnician,
        rating,
        CategoryRatings::uniform(rating),
        format!("Job done, {rating} stars: fixed the sink and cleaned up"),
        created,
    );
    r.verified = true;
    for _ in 0..rng.random_range(0..6) {
        let vote = if rng.random_bool(0.8) {
            Vote::Helpful
        } else {
            Vote::NotHelpful
        };
        r.set_vote(Id::new(), Some(vote));
    }
    r
}

fn token(app: &App, u: &User) -> String {
    let (token, _) = app
        .jwt
        .issue(
            u.id,
            u.role,
            TokenUse::Access,
            chrono::Utc::now().timestamp(),
            ACCESS_TTL,
            0,
        )
        .expect("token");
    token
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(on_each_store(run));
}

async fn run(store: Store, dir: &std::path::Path) {
    let reviews: usize = env_num("BAITECH_BENCH_REVIEWS", 10_000);
    let samples: usize = env_num("BAITECH_BENCH_SAMPLES", 200);
    let app = app_on(store, dir, 100_000).with_rate_limits(RateLimits::scaled(1_000_000));
    let addr = serve(app.clone()).await;
    let base = format!("http://{addr}/api/v1");
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .expect("http client");

    // 1. Seed one technician's reviews, untimed.
    let t = Instant::now();
    let tech = account(Role::Technician, 0);
    app.store.users.insert(&tech).await.expect("technician");
    let now = Timestamp::now();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut batch = Vec::with_capacity(1_000);
    for i in 0..reviews {
        batch.push(seeded_review(tech.id, &mut rng, now));
        if batch.len() == 1_000 || i + 1 == reviews {
            app.store
                .reviews
                .insert_many(&batch)
                .await
                .expect("reviews");
            batch.clear();
        }
    }
    let repaired = stats::check(&app.store, &app.config.reviews.prior, true)
        .await
        .expect("counters");
    let counted = app
        .store
        .users
        .get(tech.id)
        .await
        .expect("read")
        .expect("technician")
        .rating
        .count;
    assert_eq!(counted as usize, reviews, "{repaired:?}");
    println!(
        "seeded {reviews} reviews of one technician and set its counters: {:.1} s",
        t.elapsed().as_secs_f64()
    );

    for (what, query) in [
        ("GET /reviews/user/:id recent", "limit=20"),
        ("GET /reviews/user/:id helpful", "sort=helpful&limit=20"),
        (
            "GET /reviews/user/:id rating_low",
            "sort=rating_low&limit=20",
        ),
        ("GET /reviews/user/:id stars=1", "stars=1&limit=20"),
    ] {
        let url = format!("{base}/reviews/user/{}?{query}", tech.id);
        let mut ms = Vec::with_capacity(samples);
        for _ in 0..samples {
            let t = Instant::now();
            let r = http.get(&url).send().await.expect("request");
            assert_eq!(r.status(), 200);
            let body: Value = r.json().await.expect("json");
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(body["statistics"]["count"], reviews);
            assert_eq!(body["data"].as_array().map(Vec::len), Some(20));
        }
        row(what, ms, "");
    }

    // 2. Creation by concurrent clients.
    let clients: usize = env_num("BAITECH_BENCH_CLIENTS", 32);
    let per_client: usize = env_num("BAITECH_BENCH_BOOKINGS", 40);
    let shared = account(Role::Technician, 1);
    app.store.users.insert(&shared).await.expect("technician");
    creation(&app, &http, &base, clients, per_client, Some(&shared), 0).await;
    creation(&app, &http, &base, clients, per_client, None, 1).await;
}

/// `clients` customers each reviewing `per_client` completed bookings of `tech` (of a
/// technician of their own when `None`); `round` keeps accounts of runs apart.
async fn creation(
    app: &App,
    http: &reqwest::Client,
    base: &str,
    clients: usize,
    per_client: usize,
    tech: Option<&User>,
    round: usize,
) {
    let mut work = Vec::with_capacity(clients);
    for c in 0..clients {
        let n = 1_000 + round * 10_000 + c;
        let customer = account(Role::Customer, n);
        app.store.users.insert(&customer).await.expect("customer");
        let technician = match tech {
            Some(t) => t.id,
            None => {
                let own = account(Role::Technician, n);
                app.store.users.insert(&own).await.expect("technician");
                own.id
            }
        };
        let bookings: Vec<Booking> = (0..per_client)
            .map(|b| completed(customer.id, technician, n * 1_000 + b))
            .collect();
        app.store
            .bookings
            .insert_many(&bookings)
            .await
            .expect("bookings");
        let ids: Vec<Id> = bookings.iter().map(|b| b.id).collect();
        work.push((token(app, &customer), ids));
    }
    let url = format!("{base}/reviews");
    let start = Instant::now();
    let mut tasks = Vec::new();
    for (bearer, bookings) in work {
        let (http, url) = (http.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let mut ms = Vec::with_capacity(bookings.len());
            let mut errors = 0u64;
            for (i, b) in bookings.into_iter().enumerate() {
                let stars = (i % 5 + 1) as u8;
                let body = json!({
                    "bookingId": b.to_hex(),
                    "rating": stars,
                    "categories": {
                        "quality": stars, "professionalism": stars, "communication": stars,
                        "punctuality": stars, "valueForMoney": stars,
                    },
                    "comment": "Came on time, fixed the leak and explained the work",
                });
                let t = Instant::now();
                match http
                    .post(&url)
                    .bearer_auth(&bearer)
                    .json(&body)
                    .send()
                    .await
                {
                    Ok(r) if r.status().as_u16() == 201 => {
                        let _ = r.bytes().await;
                        ms.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    Ok(r) => {
                        errors += 1;
                        if errors == 1 {
                            eprintln!("{}: {}", r.status(), r.text().await.unwrap_or_default());
                        }
                    }
                    Err(e) => {
                        errors += 1;
                        eprintln!("request failed: {e}");
                    }
                }
            }
            (ms, errors)
        }));
    }
    let mut ms = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (m, e) = t.await.expect("client");
        ms.extend(m);
        errors += e;
    }
    let secs = start.elapsed().as_secs_f64();
    let what = match tech {
        Some(_) => format!("POST /reviews, {clients} clients, one technician"),
        None => format!("POST /reviews, {clients} clients, own technicians"),
    };
    let extra = format!(
        "{:.0} reviews/s ({} in {secs:.2} s, {errors} errors)",
        ms.len() as f64 / secs,
        ms.len()
    );
    if let Some(t) = tech {
        let stored = app
            .store
            .users
            .get(t.id)
            .await
            .expect("read")
            .expect("tech");
        assert_eq!(
            stored.rating.count as usize,
            ms.len(),
            "every review counted"
        );
    }
    row(&what, ms, &extra);
}
