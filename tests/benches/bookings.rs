//! Booking transition benchmark (`cargo bench --bench bookings`): the real HTTP server
//! in-process on the embedded store, and 32 concurrent clients. Each client is one customer and
//! one technician: the customer books its jobs (`POST /bookings`, naming the technician), then
//! the technician drives each booking `assigned → accepted → en_route → arrived → in_progress →
//! completed` with `PUT /bookings/:id/status`. Every move is a full transition: load, check
//! against the table, compare-and-set write, realtime event.
//!
//! Between the two timed phases the QA checkpoints completion requires are recorded straight
//! in the store (untimed), so the second phase is transitions only.
//!
//! `BAITECH_BENCH_CLIENTS` (default 32) and `BAITECH_BENCH_BOOKINGS` (bookings per client,
//! default 50) set the size.

mod common;

use std::time::Instant;

use baitech::app::App;
use baitech::auth::{TokenUse, jwt::ACCESS_TTL};
use baitech::domain::booking::BookingStatus;
use baitech::domain::user::{Role, User};
use baitech::domain::{Id, Timestamp};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde_json::{Value, json};

use common::{app_on, env_num, open_store, percentile, serve};

const MOVES: [&str; 5] = [
    "accepted",
    "en_route",
    "arrived",
    "in_progress",
    "completed",
];

struct Phase {
    what: &'static str,
    latencies_ms: Vec<f64>,
    errors: u64,
    seconds: f64,
}

fn account(role: Role, n: usize) -> User {
    let id = Id::new();
    let now = Timestamp::now();
    serde_json::from_value(json!({
        "_id": id,
        "firstName": "Bench",
        "lastName": format!("Client{n}"),
        "email": format!("bench.{}.{n}@example.co.ke", role.as_str()),
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

async fn user(app: &App, role: Role, n: usize) -> (Id, String) {
    let u = account(role, n);
    app.store.users.insert(&u).await.expect("insert account");
    let (token, _) = app
        .jwt
        .issue(
            u.id,
            role,
            TokenUse::Access,
            chrono::Utc::now().timestamp(),
            ACCESS_TTL,
            0,
        )
        .expect("token");
    (u.id, token)
}

/// Sends one request; returns (milliseconds, ok, body).
async fn timed(req: reqwest::RequestBuilder, expect: u16) -> (f64, bool, Value) {
    let start = Instant::now();
    let r = req.send().await;
    let ms = start.elapsed().as_secs_f64() * 1_000.0;
    match r {
        Ok(r) => {
            let ok = r.status().as_u16() == expect;
            (ms, ok, r.json().await.unwrap_or(Value::Null))
        }
        Err(_) => (ms, false, Value::Null),
    }
}

/// Runs `clients` tasks, each given its index, and gathers their latencies and errors.
async fn phase<F, Fut>(what: &'static str, clients: usize, f: F) -> (Phase, Vec<Vec<Id>>)
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = (Vec<f64>, u64, Vec<Id>)> + Send + 'static,
{
    let start = Instant::now();
    let tasks: Vec<_> = (0..clients).map(|i| tokio::spawn(f(i))).collect();
    let (mut latencies_ms, mut errors, mut ids) = (Vec::new(), 0, Vec::new());
    for t in tasks {
        let (l, e, i) = t.await.expect("client task");
        latencies_ms.extend(l);
        errors += e;
        ids.push(i);
    }
    let seconds = start.elapsed().as_secs_f64();
    latencies_ms.sort_by(f64::total_cmp);
    (
        Phase {
            what,
            latencies_ms,
            errors,
            seconds,
        },
        ids,
    )
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let clients: usize = env_num("BAITECH_BENCH_CLIENTS", 32);
    let per_client: usize = env_num("BAITECH_BENCH_BOOKINGS", 50);
    let phases = rt.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");
        let app = app_on(open_store(dir.path()).await, dir.path(), 10_000);
        let base = format!("http://{}/api/v1/bookings", serve(app.clone()).await);

        let mut pairs = Vec::new();
        for n in 0..clients {
            pairs.push((user(&app, Role::Customer, n).await, user(&app, Role::Technician, n).await));
        }
        let http = reqwest::Client::builder().pool_max_idle_per_host(clients * 2).build().expect("client");
        println!(
            "{clients} clients x {per_client} bookings on the embedded store in {}",
            dir.path().display()
        );

        let (create, ids) = phase("create (POST /bookings)", clients, |i| {
            let (http, base, ((_, customer), (tech, _))) = (http.clone(), base.clone(), pairs[i].clone());
            async move {
                let (mut l, mut errors, mut ids) = (Vec::new(), 0, Vec::new());
                for k in 0..per_client {
                    let body = json!({
                        "serviceCategory": "plumbing",
                        "description": format!("Bench job {k}: kitchen sink leaks"),
                        "serviceLocation": {"coordinates": [36.8219, -1.2921], "address": "Kenyatta Avenue"},
                        "scheduledAt": Timestamp::now().plus(chrono::Duration::days(2)).to_rfc3339(),
                        "technician": tech.to_hex(),
                    });
                    let (ms, ok, b) = timed(http.post(&base).bearer_auth(&customer).json(&body), 201).await;
                    l.push(ms);
                    match b["data"]["_id"].as_str().and_then(Id::parse) {
                        Some(id) if ok => ids.push(id),
                        _ => errors += 1,
                    }
                }
                (l, errors, ids)
            }
        })
        .await;

        // Untimed: the checkpoints plumbing requires, so `completed` is allowed.
        for id in ids.iter().flatten() {
            let mut b = app.store.bookings.get(*id).await.expect("get").expect("exists");
            for c in &mut b.qa_checkpoints {
                c.completed_at = Some(Timestamp::now());
                c.photos = vec!["https://res.cloudinary.com/demo/bench.jpg".into()];
            }
            let v = b.version;
            b.version += 1;
            assert!(app.store.bookings.replace_if_version(&b, v).await.expect("update"));
        }

        let (moves, _) = phase("transitions (PUT /bookings/:id/status)", clients, |i| {
            let (http, base, ((_, _), (_, tech))) = (http.clone(), base.clone(), pairs[i].clone());
            let mine = ids[i].clone();
            async move {
                let (mut l, mut errors) = (Vec::new(), 0);
                for id in mine {
                    for to in MOVES {
                        let req = http
                            .put(format!("{base}/{id}/status"))
                            .bearer_auth(&tech)
                            .json(&json!({ "status": to }));
                        let (ms, ok, _) = timed(req, 200).await;
                        l.push(ms);
                        errors += u64::from(!ok);
                    }
                }
                (l, errors, Vec::new())
            }
        })
        .await;

        let counts = app
            .store
            .bookings
            .count_bookings_by_status(&Default::default())
            .await
            .expect("counts");
        let completed = counts.iter().find(|(s, _)| *s == BookingStatus::Completed).map_or(0, |c| c.1);
        println!("bookings completed: {completed} of {}", clients * per_client);
        vec![create, moves]
    });

    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header([
        "phase",
        "clients",
        "requests",
        "errors",
        "seconds",
        "per second",
        "p50 ms",
        "p95 ms",
        "p99 ms",
    ]);
    for p in &phases {
        let n = p.latencies_ms.len();
        table.add_row([
            p.what.to_string(),
            clients.to_string(),
            n.to_string(),
            p.errors.to_string(),
            format!("{:.2}", p.seconds),
            format!("{:.0}", n as f64 / p.seconds.max(1e-9)),
            format!("{:.1}", percentile(&p.latencies_ms, 0.50)),
            format!("{:.1}", percentile(&p.latencies_ms, 0.95)),
            format!("{:.1}", percentile(&p.latencies_ms, 0.99)),
        ]);
    }
    println!("{table}");
}
