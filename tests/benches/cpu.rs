//! CPU time per request of `baitech serve` (`cargo bench --bench cpu`), on both adapters.
//!
//! The server runs as its own process — the release `baitech serve`, `BAITECH_ENV=production`,
//! logging as in production (to a file) — and this process is only the load generator, so
//! what is counted is the server's work alone: the `utime + stime` of every thread of the
//! server process (`/proc/PID/stat`), read before and after each endpoint's load and divided
//! by the requests answered.
//!
//! Data: `BAITECH_BENCH_TECHNICIANS` technicians around Kenyan towns (default 10,000), written
//! straight into the store before the server starts; one customer with 40 bookings (booked
//! over HTTP, each naming a technician) whose token is signed with the server's secret.
//!
//! Endpoints, each for `BAITECH_BENCH_SECONDS` (default 5) with `BAITECH_BENCH_CLIENTS`
//! keep-alive connections (default 8), after a warm-up:
//! - `GET /api/v1/users/technicians/nearby` around Nairobi, 20 results;
//! - `GET /api/v1/users/:id`, the public profile of one of 50 technicians in turn;
//! - `GET /api/v1/bookings?limit=20` as the customer;
//! - `GET /health`.
//!
//! The server's CPU while idle is measured too (its background jobs), over two seconds.
//!
//! MongoDB runs when `BAITECH_TEST_MONGODB_URI` (or `MONGODB_URI`) is set, in a fresh database,
//! with `BAITECH_BENCH_MONGO_TECHNICIANS` (default 1,000) and `BAITECH_BENCH_MONGO_CLIENTS`
//! (default 2): the test server is an in-memory Python implementation whose geo queries are
//! far slower than MongoDB's, and more load only queues requests there until they time out.
//! What is measured is this server's CPU per request, which the database's speed hardly moves.
//! `BAITECH_BENCH_DUMP=DIR` writes each endpoint's first answer to `DIR/<adapter>-<name>.json`,
//! and `BAITECH_BENCH_DATA=DIR` seeds the embedded store there (once) and keeps it, so two
//! builds of the server can be compared on the same data, answer for answer.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use baitech::auth::TokenUse;
use baitech::auth::jwt::{ACCESS_TTL, JwtKeys};
use baitech::domain::user::{Role, User};
use baitech::domain::{Email, Id, Timestamp};
use baitech::store::Store;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde_json::{Value, json};

use common::{env_num, open_store, seed_technicians};

/// The server's signing secret (production refuses to start without a strong one).
const SECRET: &str = "bench-cpu-3f9a1c7e5b2d8046aa17c3e9f0b6d42e";
const CUSTOMER_EMAIL: &str = "cpu.customer@bench.baitech.test";
const BOOKINGS: usize = 40;
const PROFILES: usize = 50;

/// Where the server keeps its data: the embedded directory or a MongoDB database.
struct Target {
    name: &'static str,
    flags: Vec<String>,
}

/// The running server: its process and base URL.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        // SAFETY: signalling our own child process.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        let _ = self.child.wait();
    }
}

/// CPU seconds (user + system, all threads, exited ones included) of process `pid`.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("/proc/PID/stat");
    // Fields after "pid (comm) ": state is the first, utime the 12th and stime the 13th.
    let rest = &stat[stat.rfind(") ").expect("comm") + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f[11].parse::<u64>().expect("utime") + f[12].parse::<u64>().expect("stime");
    // SAFETY: sysconf only reads a constant of the system.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    ticks as f64 / hz
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Starts `baitech serve` on `t` and waits until it is ready.
async fn start(t: &Target, home: &Path) -> Server {
    let bin = std::env::var("BAITECH_BENCH_BIN").unwrap_or(env!("CARGO_BIN_EXE_baitech").into());
    let addr = format!("127.0.0.1:{}", free_port());
    let log = std::fs::File::create(home.join(format!("{}-server.log", t.name))).expect("log");
    println!(
        "  {}: server log in {}",
        t.name,
        home.join(format!("{}-server.log", t.name)).display()
    );
    let child = Command::new(bin)
        .current_dir(home)
        .args(&t.flags)
        .args(["serve", "--addr", &addr])
        .env("BAITECH_ENV", "production")
        .env("JWT_SECRET", SECRET)
        .env_remove("MONGODB_URI")
        .env_remove("REDIS_URL")
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("spawn baitech serve");
    let server = Server {
        child,
        base: format!("http://{addr}"),
    };
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let ready = http
            .get(format!("{}/health/ready", server.base))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success());
        if ready {
            return server;
        }
        assert!(Instant::now() < deadline, "the server did not get ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn email() -> Email {
    Email::parse(CUSTOMER_EMAIL).expect("email")
}

fn customer() -> User {
    let now = Timestamp::now();
    serde_json::from_value(json!({
        "_id": Id::new(),
        "firstName": "Wanjiru",
        "lastName": "Bench",
        "email": CUSTOMER_EMAIL,
        "phoneNumber": "+254799000001",
        "role": "customer",
        "status": "active",
        "location": {"type": "Point", "coordinates": [36.8219, -1.2921]},
        "createdAt": now,
        "updatedAt": now,
    }))
    .expect("a valid customer document")
}

/// The technicians and the customer, unless the store has them already.
async fn seed(store: &Store, technicians: u64) {
    if store
        .users
        .find_user_by_email(&email())
        .await
        .expect("read")
        .is_some()
    {
        return;
    }
    let secs = seed_technicians(store, technicians).await;
    println!("  seeded {technicians} technicians in {secs:.1} s");
    store.users.insert(&customer()).await.expect("customer");
}

/// The ids of the first `n` technicians (by the directory's order) and the customer's id.
async fn people(http: &reqwest::Client, base: &str, n: usize) -> Vec<String> {
    let url = format!(
        "{base}/api/v1/users/technicians/nearby?lat=-1.2921&lng=36.8219&radius=50&limit={}",
        n.min(50)
    );
    let mut ids = Vec::new();
    let body: Value = http
        .get(&url)
        .send()
        .await
        .expect("nearby")
        .json()
        .await
        .expect("json");
    for t in body["data"].as_array().expect("technicians") {
        ids.push(t["_id"].as_str().expect("id").to_string());
    }
    assert!(!ids.is_empty(), "technicians near Nairobi");
    ids
}

/// The customer's bookings, made over HTTP until there are [`BOOKINGS`].
async fn book(http: &reqwest::Client, base: &str, token: &str, technicians: &[String]) {
    let have: Value = http
        .get(format!("{base}/api/v1/bookings?limit=100"))
        .bearer_auth(token)
        .send()
        .await
        .expect("bookings")
        .json()
        .await
        .expect("json");
    let have = have["data"].as_array().map_or(0, Vec::len);
    for k in have..BOOKINGS {
        let body = json!({
            "serviceCategory": "plumbing",
            "description": format!("Kitchen sink {k} leaks under the cabinet"),
            "serviceLocation": {"coordinates": [36.8219, -1.2921], "address": "Kenyatta Avenue"},
            "scheduledAt": Timestamp::now().plus(chrono::Duration::days(2)).to_rfc3339(),
            "technician": technicians[k % technicians.len()],
        });
        let resp = http
            .post(format!("{base}/api/v1/bookings"))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("book");
        assert_eq!(
            resp.status(),
            201,
            "{}",
            resp.text().await.unwrap_or_default()
        );
    }
}

/// One endpoint: a name and the requests to send in turn (URL, bearer token).
struct Endpoint {
    name: &'static str,
    requests: Vec<(String, Option<String>)>,
}

struct Row {
    adapter: &'static str,
    endpoint: &'static str,
    requests: u64,
    seconds: f64,
    cpu_seconds: f64,
    bytes: usize,
}

/// Sends `e`'s requests from `clients` connections for `secs`; the requests answered.
async fn drive(http: &reqwest::Client, e: &Endpoint, clients: usize, secs: f64) -> u64 {
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let http = http.clone();
            let requests = e.requests.clone();
            tokio::spawn(async move {
                let mut done = 0u64;
                let mut i = c;
                while Instant::now() < deadline {
                    let (url, token) = &requests[i % requests.len()];
                    i += clients;
                    let mut req = http.get(url);
                    if let Some(t) = token {
                        req = req.bearer_auth(t);
                    }
                    let resp = req.send().await.expect("request");
                    let status = resp.status();
                    let body = resp.bytes().await.expect("body");
                    assert_eq!(status, 200, "{url}: {}", String::from_utf8_lossy(&body));
                    done += 1;
                }
                done
            })
        })
        .collect();
    let mut total = 0;
    for t in tasks {
        total += t.await.expect("client");
    }
    total
}

async fn run(t: &Target, home: &Path, clients: usize, secs: f64, dump: Option<&Path>) -> Vec<Row> {
    let server = start(t, home).await;
    let pid = server.child.id();
    let base = server.base.clone();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients * 2)
        .build()
        .expect("client");
    let ids = people(&http, &base, PROFILES).await;
    let keys = JwtKeys::new(SECRET);
    let me: Value = http
        .get(format!("{base}/api/v1/users/{}", ids[0]))
        .send()
        .await
        .expect("profile")
        .json()
        .await
        .expect("json");
    assert!(
        me["data"]["_id"].is_string(),
        "a technician's profile: {me}"
    );
    let customer = customer_id(t).await;
    let (token, _) = keys
        .issue(
            customer,
            Role::Customer,
            TokenUse::Access,
            chrono::Utc::now().timestamp(),
            ACCESS_TTL,
            0,
        )
        .expect("token");
    book(&http, &base, &token, &ids).await;

    let nearby = (0..50)
        .map(|k| {
            // A ring of points within about 2 km of the centre of Nairobi.
            let a = f64::from(k) * 0.7;
            let (lat, lng) = (-1.2921 + 0.015 * a.sin(), 36.8219 + 0.015 * a.cos());
            let url = format!(
                "{base}/api/v1/users/technicians/nearby?lat={lat:.5}&lng={lng:.5}&radius=10&limit=20"
            );
            (url, None)
        })
        .collect();
    let endpoints = [
        Endpoint {
            name: "GET /users/technicians/nearby (20)",
            requests: nearby,
        },
        Endpoint {
            name: "GET /users/:id",
            requests: ids
                .iter()
                .map(|id| (format!("{base}/api/v1/users/{id}"), None))
                .collect(),
        },
        Endpoint {
            name: "GET /bookings?limit=20",
            requests: vec![(
                format!("{base}/api/v1/bookings?limit=20"),
                Some(token.clone()),
            )],
        },
        Endpoint {
            name: "GET /health",
            requests: vec![(format!("{base}/health"), None)],
        },
    ];

    let idle_from = cpu_seconds(pid);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = (cpu_seconds(pid) - idle_from) / 2.0;
    println!(
        "  {}: idle server CPU {:.2} ms per second",
        t.name,
        idle * 1e3
    );

    let mut rows = Vec::new();
    for e in &endpoints {
        let (url, token) = &e.requests[0];
        let mut req = http.get(url);
        if let Some(tok) = token {
            req = req.bearer_auth(tok);
        }
        let first = req
            .send()
            .await
            .expect("request")
            .bytes()
            .await
            .expect("body");
        if let Some(dir) = dump {
            let file = format!("{}-{}.json", t.name, slug(e.name));
            std::fs::write(dir.join(file), &first).expect("dump");
        }
        let n = first.len();
        drive(&http, e, clients, secs.min(1.0)).await; // warm-up
        let cpu = cpu_seconds(pid);
        let started = Instant::now();
        let requests = drive(&http, e, clients, secs).await;
        let seconds = started.elapsed().as_secs_f64();
        let cpu_seconds = cpu_seconds(pid) - cpu;
        rows.push(Row {
            adapter: t.name,
            endpoint: e.name,
            requests,
            seconds,
            cpu_seconds,
            bytes: n,
        });
    }
    drop(server);
    rows
}

/// The customer's id, read from the store of `t` (the server holds the embedded file too;
/// SQLite lets a second reader in).
async fn customer_id(t: &Target) -> Id {
    let store = open(t).await;
    store
        .users
        .find_user_by_email(&email())
        .await
        .expect("read")
        .expect("the customer")
        .id
}

async fn open(t: &Target) -> Store {
    match t.flags[0].as_str() {
        "--data-dir" => open_store(Path::new(&t.flags[1])).await,
        _ => baitech::store::mongo::connect(&t.flags[1], &t.flags[3], Duration::from_secs(10))
            .await
            .expect("connect to MongoDB"),
    }
}

fn slug(name: &str) -> String {
    name.split_whitespace()
        .nth(1)
        .unwrap_or(name)
        .trim_matches('/')
        .replace(['/', ':', '?', '='], "_")
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let technicians: u64 = env_num("BAITECH_BENCH_TECHNICIANS", 10_000);
    let secs: f64 = env_num("BAITECH_BENCH_SECONDS", 5.0);
    let clients: usize = env_num("BAITECH_BENCH_CLIENTS", 8);
    let mongo_technicians: u64 = env_num("BAITECH_BENCH_MONGO_TECHNICIANS", 1_000);
    let mongo_clients: usize = env_num("BAITECH_BENCH_MONGO_CLIENTS", 2);
    let dump = std::env::var("BAITECH_BENCH_DUMP").ok().map(PathBuf::from);
    if let Some(d) = &dump {
        std::fs::create_dir_all(d).expect("dump directory");
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let home = tempfile::tempdir().expect("temp dir");
        let kept = std::env::var("BAITECH_BENCH_DATA").ok().map(PathBuf::from);
        let data = kept.clone().unwrap_or_else(|| home.path().join("data"));
        std::fs::create_dir_all(&data).expect("data directory");
        let embedded = Target {
            name: "embedded",
            flags: vec!["--data-dir".into(), data.display().to_string()],
        };
        {
            let store = open(&embedded).await;
            seed(&store, technicians).await;
        }
        let rows = run(&embedded, home.path(), clients, secs, dump.as_deref()).await;
        report(&rows, clients, secs);

        let uri =
            std::env::var("BAITECH_TEST_MONGODB_URI").or_else(|_| std::env::var("MONGODB_URI"));
        let Ok(uri) = uri else {
            println!("mongodb: skipped (set BAITECH_TEST_MONGODB_URI)");
            return;
        };
        let db = format!("bench_cpu_{}", std::process::id());
        let mongo = Target {
            name: "mongodb",
            flags: vec!["--mongodb-uri".into(), uri, "--mongodb-db".into(), db],
        };
        let store = open(&mongo).await;
        store.admin.ensure_indexes(false).await.expect("indexes");
        seed(&store, mongo_technicians).await;
        let rows = run(&mongo, home.path(), mongo_clients, secs, dump.as_deref()).await;
        report(&rows, mongo_clients, secs);
        let _ = store.admin.reset().await;
    });
}

fn report(rows: &[Row], clients: usize, secs: f64) {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header([
        "adapter",
        "endpoint",
        "requests",
        "per second",
        "CPU µs / request",
        "bytes",
    ]);
    for r in rows {
        table.add_row([
            r.adapter.to_string(),
            r.endpoint.to_string(),
            r.requests.to_string(),
            format!("{:.0}", r.requests as f64 / r.seconds),
            format!("{:.1}", r.cpu_seconds * 1e6 / r.requests as f64),
            r.bytes.to_string(),
        ]);
    }
    println!("{clients} clients, {secs} s per endpoint, server CPU (utime + stime) per request:");
    println!("{table}");
}
