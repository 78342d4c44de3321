//! What the benchmarks share: knobs read from the environment, percentiles, and the
//! application on a fresh embedded store, served in-process like `baitech serve`.

// Each benchmark is its own crate and uses only some of these.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use baitech::app::App;
use baitech::cache::MemoryCache;
use baitech::config::{Config, Overrides};
use baitech::domain::user::{
    Availability, RatingStats, Role, Skill, SkillLevel, TechnicianProfile, User, UserStatus,
};
use baitech::domain::{Email, GeoPoint, Id, Location, Money, Phone, Timestamp};
use baitech::store::Store;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// `name` from the environment, parsed, or `default`.
pub fn env_num<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The `p` quantile (0..=1) of sorted values, nearest rank; 0 for none.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// A fresh embedded store in `dir`, its indexes created.
pub async fn open_store(dir: &Path) -> Store {
    let store = baitech::store::embedded::open(dir)
        .await
        .expect("open the embedded store");
    store.admin.ensure_indexes(false).await.expect("indexes");
    store
}

/// The application over `store` in the test environment, with an in-process cache of
/// `cache_entries` (gateways are the in-memory sandboxes).
pub fn app_on(store: Store, dir: &Path, cache_entries: u64) -> App {
    let vars = [("BAITECH_ENV".to_string(), "test".to_string())].into();
    let overrides = Overrides {
        data_dir: Some(dir.to_path_buf()),
        ..Default::default()
    };
    let config = Config::from_map(overrides, &vars).expect("configuration");
    App::new(config, store, Arc::new(MemoryCache::new(cache_entries))).expect("app")
}

/// Serves `app` on a loopback port until the process ends; its address.
pub async fn serve(app: App) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(baitech::api::serve(app, listener, std::future::pending()));
    addr
}

/// Town centres and their share of technicians (and of queries).
pub const TOWNS: &[(&str, f64, f64, u32)] = &[
    ("Nairobi", 36.8219, -1.2921, 55),
    ("Mombasa", 39.6682, -4.0435, 12),
    ("Kisumu", 34.7680, -0.0917, 8),
    ("Nakuru", 36.0800, -0.3031, 7),
    ("Eldoret", 35.2698, 0.5143, 6),
    ("Thika", 37.0693, -1.0333, 5),
    ("Machakos", 37.2634, -1.5177, 3),
    ("Nyeri", 36.9476, -0.4201, 2),
    ("Meru", 37.6559, 0.0463, 2),
];

pub const SKILLS: &[&str] = &[
    "plumbing",
    "wiring",
    "painting",
    "carpentry",
    "masonry",
    "welding",
    "tiling",
    "roofing",
    "appliance repair",
    "cctv installation",
    "solar installation",
    "air conditioning",
];

/// A point near a town drawn by weight: Gaussian offsets with a spread of `sigma_km`.
pub fn town_point(rng: &mut impl Rng, sigma_km: f64) -> (usize, GeoPoint) {
    let total: u32 = TOWNS.iter().map(|t| t.3).sum();
    let mut x = rng.random_range(0..total);
    let i = TOWNS
        .iter()
        .position(|t| {
            if x < t.3 {
                true
            } else {
                x -= t.3;
                false
            }
        })
        .unwrap_or(0);
    let (_, lng, lat, _) = TOWNS[i];
    // Box-Muller: two independent standard normals.
    let (u1, u2): (f64, f64) = (
        rng.random_range(f64::EPSILON..1.0),
        rng.random_range(0.0..1.0),
    );
    let r = (-2.0 * u1.ln()).sqrt();
    let (dx, dy) = (
        r * (std::f64::consts::TAU * u2).cos(),
        r * (std::f64::consts::TAU * u2).sin(),
    );
    let lat = lat + dy * sigma_km / 111.195;
    let lng = lng + dx * sigma_km / (111.195 * lat.to_radians().cos());
    (
        i,
        GeoPoint::new(lng, lat).expect("points near Kenyan towns are valid"),
    )
}

pub fn technician(i: u64, rng: &mut impl Rng, now: Timestamp) -> User {
    let (town, point) = town_point(rng, 6.0);
    let skills = (0..rng.random_range(1..=3))
        .map(|_| Skill {
            name: SKILLS[rng.random_range(0..SKILLS.len())].into(),
            level: SkillLevel::Intermediate,
            years_of_experience: rng.random_range(1..20),
        })
        .fold(Vec::<Skill>::new(), |mut v, s| {
            if !v.iter().any(|x| x.name == s.name) {
                v.push(s);
            }
            v
        });
    let profile = TechnicianProfile {
        skills,
        hourly_rate: Some(Money::kes(rng.random_range(50_000..500_000))),
        availability: Availability {
            available_now: rng.random_bool(0.3),
            ..Default::default()
        },
        ..Default::default()
    };
    let rating = RatingStats {
        average: f64::from(rng.random_range(30..=50)) / 10.0,
        count: rng.random_range(1..200),
        ..Default::default()
    };
    User {
        id: Id::new(),
        first_name: format!("Fundi{i}"),
        last_name: "Bench".into(),
        username: None,
        email: Email::parse(&format!("fundi{i}@bench.baitech.test")).expect("email"),
        phone_number: Phone::parse(&format!("+2547{:08}", i)).expect("phone"),
        password_hash: None,
        role: Role::Technician,
        status: UserStatus::Active,
        profile: Default::default(),
        location: Some(Location::new(point, None, Some(TOWNS[town].0.into()))),
        kyc: Default::default(),
        technician: Some(profile),
        corporate: None,
        fcm_tokens: Vec::new(),
        followers_count: 0,
        following_count: 0,
        rating,
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

/// `n` technicians around the towns, always the same ones (fixed seed), written in batches;
/// the seconds it took.
pub async fn seed_technicians(store: &Store, n: u64) -> f64 {
    const BATCH: u64 = 5_000;
    let t = std::time::Instant::now();
    let now = Timestamp::now();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut done = 0u64;
    while done < n {
        let size = (n - done).min(BATCH);
        let batch: Vec<User> = (done..done + size)
            .map(|i| technician(i, &mut rng, now))
            .collect();
        store
            .users
            .insert_many(&batch)
            .await
            .expect("insert technicians");
        done += size;
    }
    t.elapsed().as_secs_f64()
}

/// Prints one latency line: count, p50, p95 and max of `ms`, and `extra`.
pub fn latency_row(what: &str, mut ms: Vec<f64>, extra: &str) {
    ms.sort_by(f64::total_cmp);
    println!(
        "{what:<44} n={:<5} p50={:>8.2} ms  p95={:>8.2} ms  max={:>8.2} ms  {extra}",
        ms.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.95),
        ms.last().copied().unwrap_or(0.0)
    );
}

/// Runs `run` on a fresh embedded store, then on a fresh MongoDB database when
/// `BAITECH_TEST_MONGODB_URI` is set (dropped afterwards); `BAITECH_BENCH_ONLY=embedded` or
/// `=mongodb` runs one of them.
pub async fn on_each_store(run: impl AsyncFn(Store, &Path)) {
    let only = std::env::var("BAITECH_BENCH_ONLY").ok();
    if only.as_deref().is_none_or(|o| o == "embedded") {
        let dir = tempfile::tempdir().expect("temp dir");
        let s = open_store(dir.path()).await;
        println!("embedded store in {}", dir.path().display());
        run(s, dir.path()).await;
    }
    if only.as_deref() == Some("embedded") {
        return;
    }
    match std::env::var("BAITECH_TEST_MONGODB_URI") {
        Ok(uri) => {
            let db = format!("bench_{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
            println!("\nmongodb {uri} database {db}");
            let connected =
                baitech::store::mongo::connect(&uri, &db, std::time::Duration::from_secs(10)).await;
            match connected {
                Ok(m) => {
                    m.admin.ensure_indexes(false).await.expect("mongo indexes");
                    let dir = tempfile::tempdir().expect("temp dir");
                    run(m.clone(), dir.path()).await;
                    let _ = m.admin.reset().await;
                }
                Err(e) => println!("skipping MongoDB: {e}"),
            }
        }
        Err(_) => println!("\nBAITECH_TEST_MONGODB_URI is not set: MongoDB not measured"),
    }
}
