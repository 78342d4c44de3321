//! Store benchmark (`cargo bench --bench store`): seeding at scale, nearby-technician queries
//! and retention cleanup, on the embedded store in a temporary directory and — when
//! `BAITECH_TEST_MONGODB_URI` is set — on MongoDB (scaled down by `BAITECH_BENCH_MONGO_SCALE`,
//! default 0.1, since the test server is not a production cluster).
//!
//! Phases, each timed on its own:
//! 1. seed 100k users + 200k posts + 100k bookings (plus reviews of the paid bookings) through
//!    `services::seed`, as `baitech seed --users --posts --bookings` does;
//! 2. top up to 100k+ technicians (untimed), then 1,000 nearby queries around weighted town
//!    centres (10 km, limit 20): p50/p95/p99;
//! 3. insert 1,000,000 messages past the retention period (timed separately), then time only
//!    `services::cleanup` removing them.
//!
//! `BAITECH_BENCH_SCALE` (default 1.0) scales every size, for a quick run;
//! `BAITECH_BENCH_ONLY=embedded|mongodb` runs one backend; `BAITECH_BENCH_CLEANUP_BATCH=N`
//! sets the delete batch size.

mod common;

use std::time::{Duration, Instant};

use baitech::domain::message::{Message, MessageType};
use baitech::domain::user::Role;
use baitech::domain::{GeoPoint, Id, Timestamp};
use baitech::services::cleanup::{self, CleanupOptions};
use baitech::services::seed::{self, SeedOptions};
use baitech::store::{self, NearbyQuery, Store, UserFilter, collections};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use common::{env_num, open_store, percentile};

/// Town centres and weights the queries are drawn from (as the seeder places users).
const TOWNS: &[(&str, f64, f64, u32)] = &[
    ("Nairobi", 36.8219, -1.2921, 40),
    ("Mombasa", 39.6682, -4.0435, 12),
    ("Kisumu", 34.7680, -0.0917, 8),
    ("Nakuru", 36.0800, -0.3031, 7),
    ("Eldoret", 35.2698, 0.5143, 6),
    ("Thika", 37.0693, -1.0333, 5),
    ("Machakos", 37.2634, -1.5177, 3),
    ("Nyeri", 36.9476, -0.4201, 3),
    ("Meru", 37.6559, 0.0463, 3),
    ("Malindi", 40.1169, -3.2192, 2),
];

struct Row {
    backend: &'static str,
    what: String,
    docs: u64,
    seconds: f64,
    note: String,
}

fn scaled(n: u64, scale: f64) -> u64 {
    ((n as f64) * scale).round().max(1.0) as u64
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let scale = env_num("BAITECH_BENCH_SCALE", 1.0);
    // `embedded` or `mongodb` to run one backend only.
    let only = std::env::var("BAITECH_BENCH_ONLY").ok();
    let mut rows = Vec::new();
    rt.block_on(async {
        if only.as_deref().is_none_or(|o| o == "embedded") {
            let dir = tempfile::tempdir().expect("temp dir");
            let s = open_store(dir.path()).await;
            println!("embedded store in {} (scale {scale})", dir.path().display());
            run_all(&s, "embedded", scale, &mut rows).await;
        }

        if only.as_deref() == Some("embedded") {
            return;
        }
        if let Ok(uri) = std::env::var("BAITECH_TEST_MONGODB_URI") {
            let mongo_scale = scale * env_num("BAITECH_BENCH_MONGO_SCALE", 0.01);
            let db = format!("bench_{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
            println!("\nmongodb {uri} database {db} (scale {mongo_scale})");
            match store::mongo::connect(&uri, &db, Duration::from_secs(10)).await {
                Ok(m) => {
                    m.admin.ensure_indexes(false).await.expect("mongo indexes");
                    run_all(&m, "mongodb", mongo_scale, &mut rows).await;
                    let _ = m.admin.reset().await;
                }
                Err(e) => println!("skipping MongoDB: {e}"),
            }
        } else {
            println!("\nBAITECH_TEST_MONGODB_URI is not set: MongoDB not measured");
        }
    });
    print_table(&rows);
}

async fn run_all(s: &Store, backend: &'static str, scale: f64, rows: &mut Vec<Row>) {
    let (users, posts, bookings) = (
        scaled(100_000, scale),
        scaled(200_000, scale),
        scaled(100_000, scale),
    );
    // 1. seeding
    let opts = SeedOptions {
        fixtures: false,
        users,
        posts,
        bookings,
        seed: 1,
        ..SeedOptions::default()
    };
    let started = Instant::now();
    let report = seed::run(s, &opts, &|_| {}).await.expect("seed");
    let total = started.elapsed().as_secs_f64();
    let mut docs = 0;
    for c in &report.generated {
        docs += c.inserted;
        record(
            rows,
            Row {
                backend,
                what: format!("seed {}", c.name),
                docs: c.inserted,
                seconds: c.elapsed_ms as f64 / 1000.0,
                note: format!("{:.0} docs/s", c.docs_per_sec),
            },
        );
    }
    let core = report.inserted(collections::USERS)
        + report.inserted(collections::POSTS)
        + report.inserted(collections::BOOKINGS);
    record(
        rows,
        Row {
            backend,
            what: format!(
                "seed total ({users} users + {posts} posts + {bookings} bookings + reviews)"
            ),
            docs,
            seconds: total,
            note: format!(
                "{:.0} docs/s; target < 60 s for the {core} core docs at full scale",
                docs as f64 / total
            ),
        },
    );
    println!("[{backend}] seeded {docs} documents in {total:.1} s");

    // 2. nearby queries over 100k+ technicians
    let want_techs = scaled(100_000, scale);
    let techs = |s: &Store| {
        let s = s.clone();
        async move {
            s.users
                .count_users(&UserFilter {
                    role: Some(Role::Technician),
                    ..Default::default()
                })
                .await
                .expect("count")
        }
    };
    let mut have = techs(s).await;
    if have < want_techs {
        let extra = ((want_techs - have) as f64 / 0.4 * 1.02).ceil() as u64;
        let t = Instant::now();
        let more = SeedOptions {
            fixtures: false,
            users: extra,
            seed: 2,
            ..SeedOptions::default()
        };
        seed::run(s, &more, &|_| {})
            .await
            .expect("top up technicians");
        have = techs(s).await;
        println!(
            "[{backend}] topped up with {extra} users to {have} technicians in {:.1} s (untimed)",
            t.elapsed().as_secs_f64()
        );
    }
    let (lat, found) = nearby(s, scaled(1_000, scale.min(1.0)).max(100)).await;
    record(
        rows,
        Row {
            backend,
            what: format!(
                "nearby: {} queries, 10 km, limit 20, over {have} technicians",
                lat.len()
            ),
            docs: lat.len() as u64,
            seconds: lat.iter().sum::<f64>() / 1000.0,
            note: format!(
                "p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {:.1} results/query",
                percentile(&lat, 0.50),
                percentile(&lat, 0.95),
                percentile(&lat, 0.99),
                percentile(&lat, 1.0),
                found as f64 / lat.len() as f64
            ),
        },
    );
    println!(
        "[{backend}] nearby p50 {:.2} ms p95 {:.2} ms",
        percentile(&lat, 0.5),
        percentile(&lat, 0.95)
    );

    // 3. cleanup of expired messages
    let n = scaled(1_000_000, scale);
    let t = Instant::now();
    insert_old_messages(s, n).await;
    let insert_s = t.elapsed().as_secs_f64();
    record(
        rows,
        Row {
            backend,
            what: format!("insert {n} expired messages (setup)"),
            docs: n,
            seconds: insert_s,
            note: format!("{:.0} docs/s", n as f64 / insert_s),
        },
    );
    let mut opts = CleanupOptions::from_retention(&baitech::config::Retention {
        message_days: 90,
        read_notification_days: 30,
        delivery_days: 30,
    });
    // `BAITECH_BENCH_CLEANUP_BATCH` compares delete batch sizes (default: the command's).
    opts.batch_size = env_num("BAITECH_BENCH_CLEANUP_BATCH", f64::from(opts.batch_size)) as u32;
    let t = Instant::now();
    let r = cleanup::run(s, &opts, &|_| {}).await.expect("cleanup");
    let secs = t.elapsed().as_secs_f64();
    let removed = r.rule("old_messages").map_or(0, |x| x.removed);
    record(
        rows,
        Row {
            backend,
            what: format!(
                "cleanup: old_messages removed {removed} (batch {})",
                opts.batch_size
            ),
            docs: removed,
            seconds: secs,
            note: format!(
                "{:.0} docs/s; target < 60 s for 1,000,000",
                removed as f64 / secs
            ),
        },
    );
    println!("[{backend}] cleanup removed {removed} messages in {secs:.1} s");
}

/// Latencies in ms of `n` queries around weighted town centres, and the results found.
async fn nearby(s: &Store, n: u64) -> (Vec<f64>, u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(99);
    let total: u32 = TOWNS.iter().map(|t| t.3).sum();
    let (mut lat, mut found) = (Vec::with_capacity(n as usize), 0u64);
    for _ in 0..n {
        let mut x = rng.random_range(0..total);
        let town = TOWNS
            .iter()
            .find(|t| {
                if x < t.3 {
                    true
                } else {
                    x -= t.3;
                    false
                }
            })
            .unwrap_or(&TOWNS[0]);
        let point = GeoPoint::new(
            town.1 + rng.random_range(-0.03..0.03),
            town.2 + rng.random_range(-0.03..0.03),
        )
        .unwrap();
        let q = NearbyQuery {
            point,
            radius_km: 10.0,
            skills: vec![],
            min_rating: None,
            available_now: false,
            limit: 20,
        };
        let t = Instant::now();
        let r = s.users.nearby_technicians(&q).await.expect("nearby query");
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
        found += r.len() as u64;
    }
    lat.sort_by(f64::total_cmp);
    (lat, found)
}

/// `n` messages 100 to 200 days old in 10-message conversations (conversations themselves are
/// not needed by the retention rule), inserted in batches of 10,000.
async fn insert_old_messages(s: &Store, n: u64) {
    let now = Timestamp::now().millis();
    let base = now - 200 * 86_400_000;
    let mut batch = Vec::with_capacity(10_000);
    let (a, b) = (Id::new(), Id::new());
    let mut conversation = Id::new();
    for i in 0..n {
        if i % 10 == 0 {
            conversation = Id::from_parts(
                ((base / 1000) as u32).wrapping_add(i as u32),
                0xBE00_0000_0000_0000 | i,
            );
        }
        let at = Timestamp::from_millis(base + (i as i64 * 100 * 86_400_000) / n as i64);
        batch.push(Message {
            id: Id::from_parts((at.millis() / 1000) as u32, 0xBE10_0000_0000_0000 | i),
            conversation,
            seq: (i % 10) as i64 + 1,
            sender: if i % 2 == 0 { a } else { b },
            kind: MessageType::Text,
            client_id: None,
            client_key: None,
            content: Some(format!(
                "Old message number {i} about the leaking kitchen sink"
            )),
            media: vec![],
            location: None,
            booking_ref: None,
            call: None,
            reactions: vec![],
            reply_to: None,
            edit_history: vec![],
            edited_at: None,
            deleted_for: vec![],
            deleted_for_everyone: false,
            deleted_at: None,
            words: vec![],
            created_at: at,
            updated_at: at,
        });
        if batch.len() == 10_000 || i + 1 == n {
            s.messages
                .insert_many(&batch)
                .await
                .expect("insert messages");
            batch.clear();
        }
    }
}

/// Prints a measurement as soon as it is taken (a long run shows progress), and keeps it for
/// the final table.
fn record(rows: &mut Vec<Row>, row: Row) {
    println!(
        "  {:<9} {:<78} {:>9} docs {:>8.2} s  {}",
        row.backend, row.what, row.docs, row.seconds, row.note
    );
    rows.push(row);
}

fn print_table(rows: &[Row]) {
    println!(
        "\n{:<9} | {:<78} | {:>9} | {:>8} | note",
        "backend", "measurement", "docs", "seconds"
    );
    println!("{}", "-".repeat(170));
    for r in rows {
        println!(
            "{:<9} | {:<78} | {:>9} | {:>8.2} | {}",
            r.backend, r.what, r.docs, r.seconds, r.note
        );
    }
}
