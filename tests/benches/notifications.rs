//! Notifications benchmark (`cargo bench --bench notifications`): the notifier's own path
//! (`subscriber::handle`, as it runs for each event on the bus) on the embedded store and —
//! when `BAITECH_TEST_MONGODB_URI` is set — on MongoDB, with push going to the suite's fake
//! FCM (OAuth token endpoint and `messages:send`) on a loopback port.
//!
//! 1. One post liked by `BAITECH_BENCH_LIKERS` users (default 1,000), one event after another
//!    as the notifier takes them: every like folds into the author's one group item (read the
//!    latest of the group, store the new item, move its waiting push, drop the old item).
//!    Likes per second and latency percentiles.
//! 2. `BAITECH_BENCH_BOOKING_EVENTS` booking moves (default 500), each a cancellation by a
//!    job that tells the customer and the technician (in-app, push and, for the customer,
//!    e-mail rows): events and notifications per second.
//! 3. The outbox drain: `BAITECH_BENCH_DELIVERIES` push notifications (default 2,000) to users
//!    with one device each, drained by `BAITECH_BENCH_WORKERS` workers (default 2) claiming
//!    batches under leases against the fake FCM; deliveries per second, and a check that each
//!    went out once.
//!
//! `BAITECH_BENCH_ONLY=embedded|mongodb` runs one backend.

mod common;

#[path = "../suite/common/gateways/fcm.rs"]
#[allow(
    dead_code,
    reason = "the suite's fake FCM; the bench drives only some of it"
)]
mod fcm;
#[path = "../suite/common/gateways/serving.rs"]
mod serving;

use std::collections::HashSet;
use std::time::Instant;

use baitech::app::App;
use baitech::cache::MemoryCache;
use baitech::config::{Config, Overrides};
use baitech::domain::booking::BookingStatus;
use baitech::domain::delivery::OutboxStatus;
use baitech::domain::notification::Channel;
use baitech::domain::user::{Role, User};
use baitech::domain::{Id, Timestamp};
use baitech::realtime::Event;
use baitech::services::notifications::{outbox, subscriber};
use baitech::store::Store;
use serde_json::{Value, json};

use common::{env_num, latency_row as row, on_each_store};
use fcm::FakeFcm;
use serving::{header, serve};

/// Account `n` of `role`, with one push device when `device` is set.
fn account(role: Role, n: usize, device: bool) -> User {
    let now = Timestamp::now();
    let tokens = if device {
        json!([{ "token": format!("device-{}-{n}", role.as_str()), "platform": "android",
                 "addedAt": now }])
    } else {
        json!([])
    };
    serde_json::from_value(json!({
        "_id": Id::new(),
        "firstName": format!("Bench{n}"),
        "lastName": "Notified",
        "email": format!("bench.notify.{}.{n}@example.co.ke", role.as_str()),
        "phoneNumber": format!("+2547{:08}", n * 2 + usize::from(role == Role::Technician)),
        "role": role.as_str(),
        "status": "active",
        "location": {"type": "Point", "coordinates": [36.8219, -1.2921]},
        "technician": if role == Role::Technician { json!({}) } else { Value::Null },
        "fcmTokens": tokens,
        "createdAt": now,
        "updatedAt": now,
    }))
    .expect("a valid account document")
}

async fn accounts(store: &Store, role: Role, from: usize, n: usize, device: bool) -> Vec<User> {
    let users: Vec<User> = (from..from + n).map(|i| account(role, i, device)).collect();
    for chunk in users.chunks(500) {
        store.users.insert_many(chunk).await.expect("accounts");
    }
    users
}

/// The application over `store` with push pointed at `fcm` (other gateways: sandboxes).
fn app_on(store: Store, dir: &std::path::Path, fcm: &FakeFcm) -> App {
    let mut vars: std::collections::HashMap<String, String> =
        [("BAITECH_ENV".to_string(), "test".to_string())].into();
    vars.extend(fcm.env());
    let overrides = Overrides {
        data_dir: Some(dir.to_path_buf()),
        ..Default::default()
    };
    let config = Config::from_map(overrides, &vars).expect("configuration");
    App::new(config, store, std::sync::Arc::new(MemoryCache::new(10_000))).expect("app")
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
    let fcm = FakeFcm::start().await;
    let app = app_on(store, dir, &fcm);
    likes(&app).await;
    bookings(&app).await;
    drain(&app, &fcm).await;
}

/// Section 1: one post, many likers, one group item.
async fn likes(app: &App) {
    let n: usize = env_num("BAITECH_BENCH_LIKERS", 1_000);
    let author = accounts(&app.store, Role::Technician, 0, 1, true)
        .await
        .remove(0);
    let likers = accounts(&app.store, Role::Customer, 0, n, false).await;
    let post = Id::new();
    let mut online = HashSet::new();
    let mut ms = Vec::with_capacity(n);
    let start = Instant::now();
    for l in &likers {
        let e = Event::PostLiked {
            post,
            author: author.id,
            by: l.id,
            at: Timestamp::now(),
        };
        let t = Instant::now();
        subscriber::handle(app, &e, &mut online).await;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let secs = start.elapsed().as_secs_f64();
    let items = author_items(app, author.id).await;
    row(
        &format!("one post liked by {n} users"),
        ms,
        &format!(
            "{:.0} likes/s; {} inbox item(s), count {}",
            n as f64 / secs,
            items.0,
            items.1
        ),
    );
}

/// The author's inbox size and the first item's group count.
async fn author_items(app: &App, who: Id) -> (usize, u32) {
    let filter = baitech::store::NotificationFilter {
        recipient: who,
        unread_only: false,
        category: None,
        now: Timestamp::now(),
    };
    let page = app
        .store
        .notifications
        .list_notifications(&filter, &baitech::store::PageRequest::first(100))
        .await
        .expect("inbox");
    let count = page
        .items
        .first()
        .and_then(|n| n.group.as_ref())
        .map_or(1, |g| g.count);
    (page.items.len(), count)
}

/// How many notifications are stored (a walk in batches, outside the timed part).
async fn notifications_stored(app: &App) -> usize {
    let (mut after, mut n) = (None, 0);
    loop {
        let batch = app
            .store
            .notifications
            .scan(after, 1_000)
            .await
            .expect("scan");
        n += batch.len();
        match batch.last() {
            Some(last) if batch.len() == 1_000 => after = Some(last.id),
            _ => return n,
        }
    }
}

/// Push rows still queued (a walk in batches, outside the timed part).
async fn pushes_queued(app: &App) -> usize {
    let (mut after, mut n) = (None, 0);
    loop {
        let batch = app.store.deliveries.scan(after, 1_000).await.expect("scan");
        n += batch
            .iter()
            .filter(|d| d.channel == Channel::Push && d.status == OutboxStatus::Queued)
            .count();
        match batch.last() {
            Some(last) if batch.len() == 1_000 => after = Some(last.id),
            _ => return n,
        }
    }
}

/// Section 2: booking moves, each telling two parties.
async fn bookings(app: &App) {
    let n: usize = env_num("BAITECH_BENCH_BOOKING_EVENTS", 500);
    let customers = accounts(&app.store, Role::Customer, 100_000, n, true).await;
    let technicians = accounts(&app.store, Role::Technician, 100_000, n, true).await;
    let before = notifications_stored(app).await;
    let mut online = HashSet::new();
    let mut ms = Vec::with_capacity(n);
    let start = Instant::now();
    for (i, (c, t)) in customers.iter().zip(&technicians).enumerate() {
        let e = Event::BookingStatusChanged {
            booking: Id::new(),
            booking_number: format!("BT-N{i:08}"),
            from: BookingStatus::Accepted,
            to: BookingStatus::Cancelled,
            by: None,
            at: Timestamp::now(),
            customer: c.id,
            technician: Some(t.id),
            corporate_account: None,
        };
        let t0 = Instant::now();
        subscriber::handle(app, &e, &mut online).await;
        ms.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    let secs = start.elapsed().as_secs_f64();
    let made = notifications_stored(app).await - before;
    row(
        "booking cancelled by a job (two parties)",
        ms,
        &format!(
            "{:.0} events/s, {:.0} notifications/s ({made} made)",
            n as f64 / secs,
            made as f64 / secs
        ),
    );
}

/// Section 3: the outbox drained against the fake FCM by several workers.
async fn drain(app: &App, fcm: &FakeFcm) {
    let n: usize = env_num("BAITECH_BENCH_DELIVERIES", 2_000);
    let workers: usize = env_num("BAITECH_BENCH_WORKERS", 2);
    let now = Timestamp::now();
    // Whatever sections 1 and 2 queued goes first, untimed.
    while outbox::run_once(app, "warm-up", now)
        .await
        .expect("drain")
        .claimed
        > 0
    {}
    let sent_before = fcm.sends().len();
    let users = accounts(&app.store, Role::Customer, 200_000, n, true).await;
    let mut online = HashSet::new();
    for u in &users {
        // A new follower: in-app and push, one outbox row each.
        let e = Event::Followed {
            user: u.id,
            by: users[0].id,
            at: Timestamp::now(),
        };
        subscriber::handle(app, &e, &mut online).await;
    }
    let now = Timestamp::now();
    let start = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..workers {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let owner = format!("bench-{w}");
            let (mut sent, mut passes) = (0u64, 0u64);
            loop {
                let d = outbox::run_once(&app, &owner, now).await.expect("a pass");
                passes += 1;
                sent += d.sent;
                if d.claimed == 0 {
                    break;
                }
            }
            (sent, passes)
        }));
    }
    let (mut sent, mut passes) = (0, 0);
    for t in tasks {
        let (s, p) = t.await.expect("worker");
        sent += s;
        passes += p;
    }
    let secs = start.elapsed().as_secs_f64();
    let pushed = fcm.sends().len() - sent_before;
    // users[0] follows themself: no notification for them (never the actor).
    let want = n - 1;
    for u in users.iter().skip(1).take(50) {
        let items = author_items(app, u.id).await;
        assert_eq!(items.0, 1, "one notification each");
    }
    let queued = pushes_queued(app).await;
    println!(
        "{:<44} {sent} sent by {workers} workers in {secs:.2} s ({passes} passes): {:.0} deliveries/s; \
         {pushed} reached FCM (want {want}), {queued} push rows still queued",
        "outbox drain to the fake FCM",
        sent as f64 / secs,
    );
    assert_eq!(pushed, want, "each push sent once");
}
