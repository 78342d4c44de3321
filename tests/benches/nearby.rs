//! Nearby-search benchmark over HTTP (`cargo bench --bench nearby`).
//!
//! 1. An embedded store in a temporary directory gets 100,000 active technicians around Kenyan
//!    towns (Nairobi-heavy, Gaussian spread of a few km around each centre), written with
//!    `UserRepo::insert_users` in batches. `services::seed` generates users of every role
//!    (about 40 % technicians); this writes technicians only, so the count is exact.
//! 2. The real server (`api::serve`, full middleware stack) runs in-process on a loopback port.
//! 3. For 8 and then 32 concurrent clients, each client loops `GET /api/v1/users/technicians/
//!    nearby?lat=&lng=&radius=10&limit=20` at points drawn like the technicians for ~5 s;
//!    requests per second and p50/p95/p99 latency are printed as a table.
//!
//! Clients and server share the process (and, on a small machine, the cores), so the figures
//! are a floor for what a separate server would do.
//!
//! `BAITECH_BENCH_TECHNICIANS` (default 100000) and `BAITECH_BENCH_SECONDS` (default 5) resize it.

mod common;

use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use common::{app_on, env_num, open_store, percentile, seed_technicians, town_point};

const CONCURRENCY: &[usize] = &[8, 32];

struct Row {
    clients: usize,
    requests: u64,
    seconds: f64,
    lat_ms: Vec<f64>,
    results: u64,
}

/// `clients` tasks each issuing queries back to back for `secs`.
async fn load(base: &str, clients: usize, secs: f64) -> Row {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()
        .expect("http client");
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let (http, base) = (http.clone(), base.to_string());
            tokio::spawn(async move {
                let mut rng = ChaCha8Rng::seed_from_u64(1_000 + c as u64);
                let (mut lat_ms, mut results) = (Vec::new(), 0u64);
                while Instant::now() < deadline {
                    let (_, p) = town_point(&mut rng, 4.0);
                    let url = format!("{base}/api/v1/users/technicians/nearby?lat={:.5}&lng={:.5}&radius=10&limit=20", p.lat(), p.lng());
                    let t = Instant::now();
                    let resp = http.get(&url).send().await.expect("request");
                    assert_eq!(resp.status(), 200, "{url}");
                    let body: serde_json::Value = resp.json().await.expect("json");
                    lat_ms.push(t.elapsed().as_secs_f64() * 1000.0);
                    results += body["data"].as_array().map_or(0, |a| a.len() as u64);
                }
                (lat_ms, results)
            })
        })
        .collect();
    let mut row = Row {
        clients,
        requests: 0,
        seconds: 0.0,
        lat_ms: Vec::new(),
        results: 0,
    };
    for t in tasks {
        let (lat, found) = t.await.expect("client task");
        row.requests += lat.len() as u64;
        row.results += found;
        row.lat_ms.extend(lat);
    }
    row.seconds = started.elapsed().as_secs_f64();
    row.lat_ms.sort_by(f64::total_cmp);
    row
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let technicians: u64 = env_num("BAITECH_BENCH_TECHNICIANS", 100_000);
    let secs: f64 = env_num("BAITECH_BENCH_SECONDS", 5.0);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = open_store(dir.path()).await;
        let seeded = seed_technicians(&store, technicians).await;
        println!("seeded {technicians} technicians in {seeded:.1} s ({:.0}/s) into {}", technicians as f64 / seeded, dir.path().display());

        let app = app_on(store, dir.path(), 10_000);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(baitech::api::serve(app, listener, async move {
            let _ = stopped.await;
        }));

        load(&base, 4, 1.0).await; // warm-up: page cache, connection pool
        let mut rows = Vec::new();
        for &c in CONCURRENCY {
            let row = load(&base, c, secs).await;
            println!("{c} clients: {} requests in {:.1} s", row.requests, row.seconds);
            rows.push(row);
        }
        let _ = stop.send(());
        let _ = server.await;

        println!("\nGET /api/v1/users/technicians/nearby (radius 10 km, limit 20) over {technicians} technicians, embedded store");
        println!("{:>8} | {:>9} | {:>9} | {:>9} | {:>9} | {:>9} | {:>12}", "clients", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "results/req");
        println!("{}", "-".repeat(84));
        for r in &rows {
            println!(
                "{:>8} | {:>9} | {:>9.0} | {:>9.2} | {:>9.2} | {:>9.2} | {:>12.1}",
                r.clients,
                r.requests,
                r.requests as f64 / r.seconds,
                percentile(&r.lat_ms, 0.50),
                percentile(&r.lat_ms, 0.95),
                percentile(&r.lat_ms, 0.99),
                r.results as f64 / r.requests.max(1) as f64
            );
        }
    });
}
