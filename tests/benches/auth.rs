//! Login benchmark (`cargo bench --bench auth`): the real HTTP server in-process on the
//! embedded store, one registered account, and N concurrent clients posting
//! `/api/v1/auth/login` for a few seconds each (N = 2, 8, 32). Every login verifies an argon2id
//! hash (library defaults: 19 MiB, 2 passes), records the login on the account and stores a
//! new refresh token — the full cost a client sees. A last row logs in to an unknown account,
//! which must cost about the same (no timing hint that an account exists). The last rows read
//! `GET /api/v1/users/me` with the session's access token: what every authenticated request
//! pays for the account check (status and token version, cached for a few seconds), argon2
//! not included.
//!
//! Rate limits are raised a million-fold (still counted, never hit) so they do not cut the run
//! short. `BAITECH_BENCH_SECONDS` (default 5) sets the length of each run.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use baitech::ratelimit::RateLimits;
use serde_json::{Value, json};

use common::{app_on, env_num, open_store, percentile, serve};

const PASSWORD: &str = "Mango-Tree-Pass-1";

struct Row {
    what: &'static str,
    clients: usize,
    requests: u64,
    errors: u64,
    seconds: f64,
    latencies_ms: Vec<f64>,
}

/// What each client sends: a JSON POST, or a GET with a bearer token.
#[derive(Clone)]
enum Send {
    Post(Value),
    Get { bearer: String },
}

/// `clients` tasks sending `request` until `run_for` has passed.
async fn run(
    url: &str,
    what: &'static str,
    request: Send,
    expect: u16,
    clients: usize,
    run_for: Duration,
) -> Row {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .expect("http client");
    let errors = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let deadline = start + run_for;
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (http, url, request, errors) = (
            http.clone(),
            url.to_string(),
            request.clone(),
            errors.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let t = Instant::now();
                let sent = match &request {
                    Send::Post(body) => http.post(&url).json(body),
                    Send::Get { bearer } => http.get(&url).bearer_auth(bearer),
                };
                match sent.send().await {
                    Ok(r) if r.status().as_u16() == expect => {
                        let _ = r.bytes().await;
                        latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    _ => {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
            latencies
        }));
    }
    let mut latencies_ms = Vec::new();
    for t in tasks {
        latencies_ms.extend(t.await.expect("client task"));
    }
    let seconds = start.elapsed().as_secs_f64();
    latencies_ms.sort_by(|a, b| a.total_cmp(b));
    Row {
        what,
        clients,
        requests: latencies_ms.len() as u64,
        errors: errors.load(Ordering::Relaxed),
        seconds,
        latencies_ms,
    }
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let secs: u64 = env_num("BAITECH_BENCH_SECONDS", 5);
    let run_for = Duration::from_secs(secs.max(1));
    let rows = rt.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");
        let app = app_on(open_store(dir.path()).await, dir.path(), 100_000)
            .with_rate_limits(RateLimits::scaled(1_000_000));
        let addr = serve(app).await;
        let base = format!("http://{addr}/api/v1/auth");

        let email = "bench.user@example.co.ke";
        let registered = reqwest::Client::new()
            .post(format!("{base}/register"))
            .json(&json!({
                "firstName": "Bench", "lastName": "Runner", "email": email,
                "phoneNumber": "0711000111", "password": PASSWORD, "role": "customer",
            }))
            .send()
            .await
            .expect("register");
        assert_eq!(registered.status(), 201, "registration failed");
        let session: Value = registered.json().await.expect("registration body");
        let bearer = session["data"]["accessToken"]
            .as_str()
            .expect("an access token")
            .to_string();
        println!(
            "login benchmark: embedded store in {}, {} cores, {}s per run",
            dir.path().display(),
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1),
            run_for.as_secs()
        );

        // The floor under every login: one argon2id verification on one core, no HTTP.
        let hash = baitech::auth::password::hash(PASSWORD).expect("hash");
        let t = Instant::now();
        for _ in 0..20 {
            baitech::auth::password::verify(PASSWORD, &hash);
        }
        let verify_ms = t.elapsed().as_secs_f64() * 1000.0 / 20.0;
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        println!(
            "argon2id verify alone: {verify_ms:.1} ms per password on one core \
             (at most {:.0} logins/s on {cores} idle cores)",
            cores as f64 * 1000.0 / verify_ms
        );

        let login = format!("{base}/login");
        let known = json!({ "email": email, "password": PASSWORD });
        let unknown = json!({ "email": "nobody@example.co.ke", "password": PASSWORD });
        // Warm-up: first argon2 allocations, the dummy hash, connection pools.
        run(
            &login,
            "warm-up",
            Send::Post(known.clone()),
            200,
            2,
            Duration::from_millis(500),
        )
        .await;
        let mut rows = Vec::new();
        for clients in [2, 8, 32] {
            let known = Send::Post(known.clone());
            rows.push(run(&login, "login", known, 200, clients, run_for).await);
        }
        let unknown = Send::Post(unknown);
        rows.push(run(&login, "login, unknown account", unknown, 401, 8, run_for).await);
        // Logins above went to new sessions; this token's version is still current.
        let me = format!("http://{addr}/api/v1/users/me");
        for clients in [8, 32] {
            let get = Send::Get {
                bearer: bearer.clone(),
            };
            rows.push(
                run(
                    &me,
                    "GET /users/me (account check)",
                    get,
                    200,
                    clients,
                    run_for,
                )
                .await,
            );
        }
        drop(dir);
        rows
    });

    let mut table = comfy_table::Table::new();
    table.set_header([
        "what", "clients", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms",
    ]);
    for r in &rows {
        table.add_row([
            r.what.to_string(),
            r.clients.to_string(),
            r.requests.to_string(),
            r.errors.to_string(),
            format!("{:.1}", r.requests as f64 / r.seconds),
            format!("{:.1}", percentile(&r.latencies_ms, 0.50)),
            format!("{:.1}", percentile(&r.latencies_ms, 0.95)),
            format!("{:.1}", percentile(&r.latencies_ms, 0.99)),
        ]);
    }
    println!("{table}");
}
