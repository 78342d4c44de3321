//! Chat benchmark (`cargo bench --bench chat`): `baitech serve` as a child process (this
//! build's binary, on a fresh embedded store, then — when `BAITECH_TEST_MONGODB_URI` is set —
//! on MongoDB; `BAITECH_BENCH_ONLY=embedded|mongodb` runs one) and the real
//! `socket.io-client` 4.x as the load generator in a separate Node process
//! (`tests/socketio/bench.mjs`), so the server's memory and CPU are its own.
//!
//! Rows:
//! - memory per idle connected socket: the server's resident set (`VmRSS`) before and after
//!   `BAITECH_BENCH_SOCKETS` (default 5,000) sockets of as many users have connected and
//!   upgraded to the websocket, the difference divided by the count;
//! - messages per second sent by `BAITECH_BENCH_CLIENTS` (default 32) clients over the socket
//!   (`message:send`, each waiting for its acknowledgement before the next), each to its own
//!   direct conversation, for `BAITECH_BENCH_SECONDS` (default 10);
//! - p50/p95 latency from send to acknowledgement, and from send to `message:new` on the
//!   other participant's connected client.
//!
//! The users and their access tokens are made in the store before the server starts (signed
//! with the `JWT_SECRET` the server is given). The open-file limit of this process (and so of
//! the server and the client it starts) is raised to its hard limit, at least enough for
//! the sockets on both ends.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use baitech::app::App;
use baitech::auth::{TokenUse, jwt::ACCESS_TTL};
use baitech::cache::MemoryCache;
use baitech::config::{Config, Overrides};
use baitech::domain::user::{Role, User};
use baitech::domain::{Id, Timestamp};
use serde_json::{Value, json};

use common::{env_num, percentile};

const JWT_SECRET: &str = "bench-chat-signing-key-0123456789abcdef";

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run());
}

fn client_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/socketio")
}

/// Raises this process's open-file limit (inherited by the server and the client) to the
/// hard limit; the limit now in force.
fn raise_open_files(needed: u64) -> u64 {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct passed in.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            panic!("getrlimit: {}", std::io::Error::last_os_error());
        }
        lim.rlim_cur = lim.rlim_max;
        if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) != 0 {
            panic!("setrlimit: {}", std::io::Error::last_os_error());
        }
    }
    let now = lim.rlim_cur;
    assert!(
        now >= needed,
        "the open-file limit is {now}, fewer than the {needed} sockets need; raise the hard limit (ulimit -Hn)"
    );
    now
}

fn config(dir: &Path, mongo: Option<(&str, &str)>) -> Config {
    let vars = [
        ("BAITECH_ENV".to_string(), "development".to_string()),
        ("JWT_SECRET".to_string(), JWT_SECRET.to_string()),
    ]
    .into();
    let overrides = Overrides {
        data_dir: Some(dir.to_path_buf()),
        mongodb_uri: mongo.map(|(u, _)| u.to_string()),
        mongodb_db: mongo.map(|(_, d)| d.to_string()),
        ..Default::default()
    };
    Config::from_map(overrides, &vars).expect("configuration")
}

fn account(n: usize, role: Role, now: Timestamp) -> User {
    serde_json::from_value(json!({
        "_id": Id::new().to_hex(), "firstName": format!("Chat{n}"), "lastName": "Bench",
        "email": format!("chat{n}@example.co.ke"),
        "phoneNumber": format!("+2547{:08}", n),
        "role": role.as_str(), "status": "active",
        "createdAt": now.to_rfc3339(), "updatedAt": now.to_rfc3339(),
    }))
    .expect("a user document")
}

/// `n` users in the store and an access token for each.
async fn users(app: &App, n: usize, from: usize) -> Vec<(Id, String)> {
    let now = Timestamp::now();
    let role = |i: usize| {
        if i.is_multiple_of(2) {
            Role::Customer
        } else {
            Role::Technician
        }
    };
    let all: Vec<User> = (from..from + n).map(|i| account(i, role(i), now)).collect();
    for chunk in all.chunks(1_000) {
        app.store.users.insert_many(chunk).await.expect("users");
    }
    let issued = chrono::Utc::now().timestamp();
    all.iter()
        .map(|u| {
            let (token, _) = app
                .jwt
                .issue(u.id, u.role, TokenUse::Access, issued, ACCESS_TTL, 0)
                .expect("token");
            (u.id, token)
        })
        .collect()
}

/// The server's resident set in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

/// CPU seconds (user + system) the process has used so far.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("/proc stat");
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')').expect("a stat line") + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f[11].parse::<f64>().unwrap_or(0.0) + f[12].parse::<f64>().unwrap_or(0.0);
    // SAFETY: sysconf only reads a configuration value.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    ticks / hz.max(1.0)
}

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

async fn start_server(dir: &Path, mongo: Option<(&str, &str)>) -> Server {
    let addr = format!("127.0.0.1:{}", free_port());
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_baitech"));
    cmd.args(["-q", "serve", "--addr", &addr])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("BAITECH_ENV", "development")
        .env("BAITECH_DATA", dir)
        .env("JWT_SECRET", JWT_SECRET)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    if let Some((uri, db)) = mongo {
        cmd.env("MONGODB_URI", uri).env("MONGODB_DB", db);
    }
    let child = cmd.spawn().expect("start baitech serve");
    let server = Server { child, addr };
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let ready = http
            .get(format!("http://{}/health/ready", server.addr))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success());
        if ready {
            return server;
        }
        assert!(Instant::now() < deadline, "baitech serve did not get ready");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Runs one phase of `bench.mjs` with `cfg`; its child process, stdout lines readable.
fn node(dir: &Path, name: &str, cfg: &Value) -> (Child, BufReader<std::process::ChildStdout>) {
    let file = dir.join(format!("{name}.json"));
    std::fs::write(&file, cfg.to_string()).expect("write the client's configuration");
    let mut child = Command::new("node")
        .arg("bench.mjs")
        .current_dir(client_dir())
        .env("BAITECH_SIO_BENCH", &file)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    let out = BufReader::new(child.stdout.take().expect("stdout"));
    (child, out)
}

fn line(out: &mut BufReader<std::process::ChildStdout>) -> String {
    let mut l = String::new();
    out.read_line(&mut l).expect("read the client");
    let l = l.trim().to_string();
    assert!(
        !l.is_empty() && !l.starts_with("FAIL"),
        "the client failed: {l:?}"
    );
    l
}

async fn run() {
    assert!(
        client_dir().join("node_modules/socket.io-client").exists(),
        "install the client first: npm install --prefix tests/socketio --no-audit --no-fund"
    );
    let sockets: usize = env_num("BAITECH_BENCH_SOCKETS", 5_000);
    let limit = raise_open_files((sockets as u64 + 256) * 2);
    println!("open-file limit {limit} (this process, the server and the client)");
    let only = std::env::var("BAITECH_BENCH_ONLY").ok();
    if only.as_deref().is_none_or(|o| o == "embedded") {
        println!("embedded store:");
        run_on(None).await;
    }
    if only.as_deref().is_none_or(|o| o == "mongodb") {
        match std::env::var("BAITECH_TEST_MONGODB_URI") {
            Ok(uri) => {
                let db = format!("bench_chat_{}", &Id::new().to_hex()[12..]);
                println!("\nMongoDB {uri} database {db}:");
                run_on(Some((&uri, &db))).await;
                drop_db(&uri, &db).await;
            }
            Err(_) => println!("\nBAITECH_TEST_MONGODB_URI is not set: MongoDB not measured"),
        }
    }
}

async fn run_on(mongo: Option<(&str, &str)>) {
    let sockets: usize = env_num("BAITECH_BENCH_SOCKETS", 5_000);
    let clients: usize = env_num("BAITECH_BENCH_CLIENTS", 32);
    let seconds: u64 = env_num("BAITECH_BENCH_SECONDS", 10);
    let dir = tempfile::tempdir().expect("temp dir");
    let (idle, pairs) = {
        let config = config(dir.path(), mongo);
        let store = baitech::store::open(&config).await.expect("the store");
        store.admin.ensure_indexes(false).await.expect("indexes");
        let app = App::new(config, store, Arc::new(MemoryCache::new(10_000))).expect("app");
        let idle = users(&app, sockets, 0).await;
        let pairs = users(&app, clients * 2, sockets).await;
        (idle, pairs)
    };
    let server = start_server(dir.path(), mongo).await;
    let pid = server.child.id();
    let socket_url = format!("http://{}", server.addr);

    // A few sockets first, so what every connection shares is already allocated.
    let warm: Vec<&String> = idle.iter().take(50).map(|(_, t)| t).collect();
    let (mut c, mut out) = node(
        dir.path(),
        "warm",
        &json!({"phase": "idle", "socket": socket_url, "tokens": warm}),
    );
    line(&mut out);
    drop(c.stdin.take());
    c.wait().expect("warm-up client");
    tokio::time::sleep(Duration::from_secs(1)).await;

    let before = rss_kib(pid);
    let tokens: Vec<&String> = idle.iter().map(|(_, t)| t).collect();
    let t = Instant::now();
    let (mut c, mut out) = node(
        dir.path(),
        "idle",
        &json!({"phase": "idle", "socket": socket_url, "tokens": tokens, "batch": 100}),
    );
    let got = line(&mut out);
    let connect_s = t.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after = rss_kib(pid);
    drop(c.stdin.take());
    c.wait().expect("idle client");
    println!(
        "idle sockets: {got} in {connect_s:.1} s; server RSS {:.1} MiB -> {:.1} MiB = {:.1} KiB per socket",
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        (after.saturating_sub(before)) as f64 / sockets as f64
    );

    let api = format!("http://{}", server.addr);
    let pair_cfg: Vec<Value> = pairs
        .chunks(2)
        .map(|p| {
            json!({
                "a": {"id": p[0].0, "token": p[0].1},
                "b": {"id": p[1].0, "token": p[1].1},
            })
        })
        .collect();
    let cpu_before = cpu_seconds(pid);
    let wall = Instant::now();
    let (mut c, mut out) = node(
        dir.path(),
        "messages",
        &json!({"phase": "messages", "api": api, "socket": socket_url,
                "pairs": pair_cfg, "seconds": seconds, "warmup": 2}),
    );
    let result: Value = serde_json::from_str(&line(&mut out)).expect("the client's figures");
    c.wait().expect("messages client");
    let server_cpu = (cpu_seconds(pid) - cpu_before) / wall.elapsed().as_secs_f64();
    let figures = |k: &str| -> Vec<f64> {
        result[k]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default()
    };
    let (ack, delivery) = (figures("ack"), figures("delivery"));
    let sent = result["sent"].as_u64().unwrap_or(0);
    let secs = result["seconds"].as_f64().unwrap_or(1.0);
    println!(
        "messages, {clients} clients: {sent} sent in {secs:.1} s = {:.0} messages/s (undelivered at the end: {})",
        sent as f64 / secs,
        result["undelivered"]
    );
    for (what, ms) in [
        ("send -> ack", ack),
        ("send -> message:new on the other client", delivery),
    ] {
        println!(
            "{what:<42} n={:<6} p50={:>7.2} ms  p95={:>7.2} ms  max={:>7.2} ms",
            ms.len(),
            percentile(&ms, 0.5),
            percentile(&ms, 0.95),
            ms.last().copied().unwrap_or(0.0)
        );
    }
    println!(
        "server during the message run (connections and warm-up included): {:.0}% of one core; RSS after it {:.1} MiB",
        server_cpu * 100.0,
        rss_kib(pid) as f64 / 1024.0
    );
    drop(server);
}

async fn drop_db(uri: &str, db: &str) {
    if let Ok(client) = mongodb::Client::with_uri_str(uri).await {
        let _ = client.database(db).drop().await;
    }
}
