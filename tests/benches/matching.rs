//! Matching benchmark (`cargo bench --bench matching`): booking creation plus matching (find,
//! score, store the candidates) over 100,000 technicians around Kenyan towns, on the embedded
//! store in a temporary directory.
//!
//! 1. Technicians are generated around 22 towns weighted as the seeder weights them
//!    (Nairobi 40%), in 12 trades with varied ratings, hours, rates and radii, and inserted
//!    through `store.users.insert_users` in batches of 5,000 (timed as setup).
//! 2. 500 bookings at random points in the towns are created through
//!    `services::bookings::create` and matched through `services::matching::find_for_booking`,
//!    one after another, timing each step: p50/p95/p99 and bookings per second.
//! 3. The same with four customers booking at once (throughput under concurrency).
//!
//! `BAITECH_BENCH_SCALE` (default 1.0) scales the technician and booking counts.

mod common;

use std::time::Instant;

use baitech::app::App;
use baitech::domain::booking::Actor;
use baitech::domain::user::{
    Availability, DaySchedule, Role, Skill, SkillLevel, TechnicianProfile, TechnicianStats,
    TimeSlot, User, UserStatus, Weekday,
};
use baitech::domain::{Email, GeoPoint, Id, Location, Money, Phone, Timestamp};
use baitech::services::bookings::{self, NewBooking};
use baitech::services::matching::{self, Preferences};
use baitech::store::Store;
use chrono::Duration;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;

use common::{app_on, env_num, open_store, percentile};

/// Town, latitude, longitude, weight, spread (km) — as `fixtures/cities.json`.
const TOWNS: &[(&str, f64, f64, u32, f64)] = &[
    ("Nairobi", -1.2921, 36.8219, 40, 7.0),
    ("Mombasa", -4.0435, 39.6682, 12, 4.0),
    ("Kisumu", -0.0917, 34.768, 8, 3.5),
    ("Nakuru", -0.3031, 36.08, 7, 3.5),
    ("Eldoret", 0.5143, 35.2698, 6, 3.0),
    ("Thika", -1.0333, 37.0693, 5, 3.0),
    ("Kiambu", -1.1714, 36.8356, 3, 2.5),
    ("Ruiru", -1.1466, 36.9609, 3, 2.5),
    ("Kitengela", -1.4736, 36.9594, 2, 2.5),
    ("Machakos", -1.5177, 37.2634, 3, 2.5),
    ("Nyeri", -0.4201, 36.9476, 3, 2.5),
    ("Meru", 0.0463, 37.6559, 3, 2.5),
    ("Kakamega", 0.2827, 34.7519, 2, 2.5),
    ("Kisii", -0.6817, 34.7667, 2, 2.0),
    ("Naivasha", -0.7167, 36.4333, 2, 3.0),
    ("Malindi", -3.2192, 40.1169, 2, 2.5),
    ("Kitale", 1.0157, 35.0062, 2, 2.5),
    ("Garissa", -0.4532, 39.6461, 1, 2.0),
    ("Nanyuki", 0.0167, 37.0667, 1, 2.0),
    ("Embu", -0.531, 37.4575, 1, 2.0),
    ("Kericho", -0.3677, 35.2831, 1, 2.0),
    ("Lamu", -2.2717, 40.902, 1, 1.5),
];

const TRADES: &[(&str, &[&str])] = &[
    (
        "plumbing",
        &["pipe repair", "leak detection", "drain unblocking"],
    ),
    (
        "electrical",
        &["house wiring", "socket installation", "fault finding"],
    ),
    (
        "carpentry",
        &["furniture repair", "door fitting", "cabinets"],
    ),
    (
        "appliance_repair",
        &["fridge repair", "washing machine", "cooker repair"],
    ),
    (
        "phone_repair",
        &["screen replacement", "battery replacement", "charging port"],
    ),
    (
        "solar_installation",
        &["panel installation", "inverter setup", "battery banks"],
    ),
    (
        "painting",
        &["interior painting", "exterior painting", "wall finishing"],
    ),
    ("masonry", &["brick laying", "plastering", "tiling"]),
    ("welding", &["gates", "window grills", "metal roofing"]),
    (
        "cleaning",
        &["deep cleaning", "carpet cleaning", "post-construction"],
    ),
    (
        "ac_refrigeration",
        &["ac servicing", "gas refill", "cold rooms"],
    ),
    ("it_support", &["network setup", "laptop repair", "cctv"]),
];

const BATCH: usize = 5_000;

fn scale() -> f64 {
    env_num("BAITECH_BENCH_SCALE", 1.0)
}

/// A town drawn by weight and a point around its centre (gaussian, the town's spread).
fn point_in_town(rng: &mut impl Rng) -> GeoPoint {
    let total: u32 = TOWNS.iter().map(|t| t.3).sum();
    let mut x = rng.random_range(0..total);
    let town = TOWNS
        .iter()
        .find(|t| {
            let hit = x < t.3;
            x = x.saturating_sub(t.3);
            hit
        })
        .unwrap_or(&TOWNS[0]);
    // Box–Muller: two uniforms to one standard normal pair.
    let (u1, u2): (f64, f64) = (rng.random_range(1e-9..1.0), rng.random_range(0.0..1.0));
    let r = (-2.0 * u1.ln()).sqrt() * town.4;
    let (east, north) = (
        r * (std::f64::consts::TAU * u2).cos(),
        r * (std::f64::consts::TAU * u2).sin(),
    );
    let lat = town.1 + north / 111.32;
    let lng = town.2 + east / (111.32 * town.1.to_radians().cos());
    GeoPoint::new(lng, lat).expect("a point in Kenya")
}

fn person(role: Role, i: u64, now: Timestamp) -> User {
    User {
        id: Id::new(),
        first_name: format!("Bench{i}"),
        last_name: "Otieno".into(),
        username: None,
        email: Email::parse(&format!("{}{i}@bench.baitech.co.ke", role.as_str())).expect("email"),
        phone_number: Phone::parse(&format!(
            "+2547{:08}",
            i + if role == Role::Technician {
                0
            } else {
                50_000_000
            }
        ))
        .expect("phone"),
        password_hash: None,
        role,
        status: UserStatus::Active,
        profile: Default::default(),
        location: None,
        kyc: Default::default(),
        technician: None,
        corporate: None,
        fcm_tokens: Vec::new(),
        followers_count: 0,
        following_count: 0,
        rating: Default::default(),
        two_factor: Default::default(),
        consent: Default::default(),
        login_history: Vec::new(),
        email_verified_at: Some(now),
        phone_verified_at: Some(now),
        failed_logins: 0,
        token_version: 0,
        locked_until: None,
        last_login_at: None,
        deleted_at: None,
        created_at: now,
        updated_at: now,
    }
}

fn technician(i: u64, rng: &mut impl Rng, now: Timestamp) -> User {
    let mut u = person(Role::Technician, i, now);
    u.location = Some(Location::new(point_in_town(rng), None, None));
    let (trade, skills) = TRADES[rng.random_range(0..TRADES.len())];
    let years = rng.random_range(1..=20u32);
    let level = [
        SkillLevel::Beginner,
        SkillLevel::Intermediate,
        SkillLevel::Expert,
        SkillLevel::Master,
    ][(years / 6).min(3) as usize];
    let reviews = rng.random_range(0..200i64);
    u.rating.count = reviews;
    u.rating.average = if reviews == 0 {
        0.0
    } else {
        rng.random_range(2.5..5.0)
    };
    let slot = TimeSlot {
        start: "08:00".into(),
        end: "17:00".into(),
    };
    let (done, cancelled) = (rng.random_range(0..400i64), rng.random_range(0..20i64));
    u.technician = Some(TechnicianProfile {
        skills: skills
            .iter()
            .map(|s| Skill {
                name: (*s).into(),
                level,
                years_of_experience: years,
            })
            .collect(),
        service_categories: vec![trade.to_string()],
        hourly_rate: Some(Money::kes(rng.random_range(300..2_500) * 100)),
        service_radius_km: f64::from(rng.random_range(5..=30u32)),
        availability: Availability {
            weekly: Weekday::ALL[..6]
                .iter()
                .map(|&day| DaySchedule {
                    day,
                    slots: vec![slot.clone()],
                })
                .collect(),
            available_now: rng.random_bool(0.5),
            ..Availability::default()
        },
        stats: TechnicianStats {
            jobs_completed: done,
            jobs_cancelled: cancelled,
            completion_rate: if done + cancelled == 0 {
                0.0
            } else {
                done as f64 / (done + cancelled) as f64
            },
            avg_response_minutes: f64::from(rng.random_range(2..120u32)),
            ..TechnicianStats::default()
        },
        verified: true,
        ..TechnicianProfile::default()
    });
    u
}

struct Row {
    what: String,
    n: usize,
    lat: Vec<f64>,
    wall_s: f64,
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run());
}

async fn run() {
    let s = scale();
    let n_techs = ((100_000.0 * s).round() as u64).max(100);
    let n_bookings = ((500.0 * s).round() as usize).max(20);
    let dir = tempfile::tempdir().expect("temp dir");
    let st: Store = open_store(dir.path()).await;
    println!("embedded store in {} (scale {s})", dir.path().display());

    let now = Timestamp::now();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let t = Instant::now();
    let mut batch = Vec::with_capacity(BATCH);
    for i in 0..n_techs {
        batch.push(technician(i, &mut rng, now));
        if batch.len() == BATCH || i + 1 == n_techs {
            st.users
                .insert_many(&batch)
                .await
                .expect("insert technicians");
            batch.clear();
        }
    }
    let insert_s = t.elapsed().as_secs_f64();
    println!(
        "inserted {n_techs} technicians in {insert_s:.1} s ({:.0}/s, batches of {BATCH})",
        n_techs as f64 / insert_s
    );

    let customers: Vec<User> = (0..50).map(|i| person(Role::Customer, i, now)).collect();
    st.users
        .insert_many(&customers)
        .await
        .expect("insert customers");
    let app = app_on(st, dir.path(), 10_000);

    let mut rows = Vec::new();
    let mut found = 0usize;
    let (mut create, mut find, mut both) = (Vec::new(), Vec::new(), Vec::new());
    let wall = Instant::now();
    for i in 0..n_bookings {
        let (c, f, n) = one_booking(&app, &customers[i % customers.len()], &mut rng).await;
        found += n;
        create.push(c);
        find.push(f);
        both.push(c + f);
    }
    let wall_s = wall.elapsed().as_secs_f64();
    rows.push(Row {
        what: "create booking (services::bookings::create)".into(),
        n: n_bookings,
        lat: create,
        wall_s,
    });
    rows.push(Row {
        what: "match: find + score + store candidates".into(),
        n: n_bookings,
        lat: find,
        wall_s,
    });
    rows.push(Row {
        what: "create + match, one customer at a time".into(),
        n: n_bookings,
        lat: both,
        wall_s,
    });

    let wall = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..4u64 {
        let (app, customers) = (app.clone(), customers.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = ChaCha8Rng::seed_from_u64(100 + w);
            let mut lat = Vec::new();
            for i in 0..n_bookings / 4 {
                let (c, f, _) = one_booking(
                    &app,
                    &customers[(i * 4 + w as usize) % customers.len()],
                    &mut rng,
                )
                .await;
                lat.push(c + f);
            }
            lat
        }));
    }
    let mut lat = Vec::new();
    for t in tasks {
        lat.extend(t.await.expect("worker"));
    }
    let n = lat.len();
    rows.push(Row {
        what: "create + match, 4 customers at once".into(),
        n,
        lat,
        wall_s: wall.elapsed().as_secs_f64(),
    });

    println!(
        "\n{n_techs} technicians, {n_bookings} bookings; {:.1} candidates per booking on average",
        found as f64 / n_bookings as f64
    );
    println!(
        "{:<46} | {:>5} | {:>8} | {:>8} | {:>8} | {:>8} | {:>10}",
        "measurement", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "bookings/s"
    );
    println!("{}", "-".repeat(112));
    for mut r in rows {
        r.lat.sort_by(f64::total_cmp);
        println!(
            "{:<46} | {:>5} | {:>8.2} | {:>8.2} | {:>8.2} | {:>8.2} | {:>10.1}",
            r.what,
            r.n,
            percentile(&r.lat, 0.50),
            percentile(&r.lat, 0.95),
            percentile(&r.lat, 0.99),
            percentile(&r.lat, 1.0),
            r.n as f64 / r.wall_s
        );
    }
}

/// Creates one booking at a random point for `customer` and matches it: (create ms, match ms,
/// candidates stored).
async fn one_booking(app: &App, customer: &User, rng: &mut ChaCha8Rng) -> (f64, f64, usize) {
    let at = point_in_town(rng);
    let (trade, _) = TRADES[rng.random_range(0..TRADES.len())];
    let when = Timestamp::now()
        .plus(Duration::days(rng.random_range(1..14)) + Duration::hours(rng.random_range(0..10)));
    let raw: NewBooking = serde_json::from_value(json!({
        "serviceCategory": trade,
        "description": "Benchmark job: please fix what is broken",
        "serviceLocation": {"coordinates": [at.lng(), at.lat()], "address": "Bench Road"},
        "scheduledAt": when,
        "budget": {"amount": rng.random_range(1_000..20_000) * 100, "currency": "KES"},
    }))
    .expect("booking request");
    let actor = Actor::User {
        id: customer.id,
        role: Role::Customer,
    };
    let t = Instant::now();
    let b = bookings::create(app, actor, raw)
        .await
        .expect("create booking");
    let c = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let m = matching::find_for_booking(
        app,
        actor,
        b.id,
        &Preferences::default(),
        false,
        Timestamp::now(),
    )
    .await
    .expect("match");
    (
        c,
        t.elapsed().as_secs_f64() * 1000.0,
        m.booking.matching.candidates.len(),
    )
}
