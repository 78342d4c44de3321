//! Feed benchmark (`cargo bench --bench feed`), on a fresh embedded store and — when
//! `BAITECH_TEST_MONGODB_URI` is set — on MongoDB.
//!
//! Seeded through the store in batches: `BAITECH_BENCH_POSTS` approved posts (default
//! 1,000,000 embedded, `BAITECH_BENCH_MONGO_POSTS` default 50,000 on MongoDB, whose test server
//! takes about a millisecond per indexed insert) by technicians who have 100 posts each on
//! average, one in ten for followers only; `BAITECH_BENCH_READERS` (default 20) customers who
//! each follow `BAITECH_BENCH_FOLLOWED` (default 200) random technicians; and
//! `BAITECH_BENCH_FLAGGED` posts held for review (default 100,000; 10,000 on MongoDB) with
//! the screen's reasons, one in ten also reported.
//!
//! Rows (`BAITECH_BENCH_SAMPLES` reads each, default 200, rotating over the readers):
//! - the following feed's first page with its snapshot built (the caller's cached first page
//!   dropped before each call), the same page from the cache, and the next page (a slice of
//!   the snapshot) — `services::feed::ranked::feed`, in-process (target: p50 under 5 ms on
//!   the embedded store);
//! - explore's first page, snapshot built and cached;
//! - `moderate queue` over the flagged posts: the service the command calls
//!   (`services::moderation::actions::queue`) with no filter, `--reason`, `--author`,
//!   `--since` and `--limit 1000`; then the command itself, `baitech moderate queue` as a
//!   child process (start-up, store connection, query and table);
//! - likes per second from 32 HTTP clients (`POST /posts/:id/like`, the in-process server)
//!   liking random posts of the explore snapshot, each like a reaction, the counter and the
//!   hot score; `BAITECH_BENCH_SECONDS` (default 5).
//!
//! `BAITECH_BENCH_ONLY=embedded|mongodb` runs one store.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use baitech::app::App;
use baitech::auth::{Caller, TokenUse, jwt::ACCESS_TTL};
use baitech::domain::post::{Engagement, Moderation, ModerationStatus, Post, PostType, Visibility};
use baitech::domain::ranking::hot_score;
use baitech::domain::report::{Report, ReportReason, ReportTarget};
use baitech::domain::user::{Role, User};
use baitech::domain::{Id, Timestamp};
use baitech::services::feed::ranked;
use baitech::services::moderation::actions::{self, QueueFilter};
use baitech::store::PageRequest;
use baitech::store::page::Cursor;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use common::{app_on, env_num, open_store, percentile, serve};

const DAY_MS: i64 = 86_400_000;
/// Why the screen held a flagged post (`moderation.reasons`).
const REASONS: [&str; 4] = ["spam", "profanity", "shouting", "new_account_velocity"];

struct Sizes {
    posts: u64,
    authors: u64,
    readers: u64,
    followed: u64,
    flagged: u64,
    samples: usize,
    seconds: u64,
    batch: usize,
}

fn user(i: u64, role: Role, now: Timestamp) -> User {
    serde_json::from_value(serde_json::json!({
        "_id": Id::new().to_hex(), "firstName": format!("User{i}"), "lastName": "Bench",
        "email": format!("bench{i}@example.co.ke"),
        "phoneNumber": format!("+2547{:08}", i % 100_000_000),
        "role": role.as_str(), "status": "active",
        "createdAt": now.to_rfc3339(), "updatedAt": now.to_rfc3339(),
    }))
    .expect("a user document")
}

fn post(app: &App, author: Id, i: u64, rng: &mut impl Rng, now: Timestamp) -> Post {
    let created = Timestamp::from_millis(now.millis() - rng.random_range(0..30 * DAY_MS));
    let likes = rng.random_range(0..200i64);
    let engagement = Engagement {
        likes,
        comments: likes / 5,
        shares: likes / 20,
        views: likes * 10,
        saves: likes / 10,
    };
    let content = format!("Job number {i} done #fundi #t{}", i % 50);
    Post {
        id: Id::new(),
        author,
        kind: PostType::Text,
        hashtags: baitech::domain::post::extract_hashtags(&content),
        content,
        media: Vec::new(),
        mentions: Vec::new(),
        service_category: Some(["plumbing", "electrical", "solar"][(i % 3) as usize].into()),
        location: None,
        booking: None,
        engagement_score: hot_score(&engagement, created, &app.config.feed.ranking),
        engagement,
        edits: Vec::new(),
        moderation: Moderation {
            status: ModerationStatus::Approved,
            ..Moderation::default()
        },
        visibility: if i.is_multiple_of(10) {
            Visibility::Followers
        } else {
            Visibility::Public
        },
        pinned: false,
        deleted_at: None,
        created_at: created,
        updated_at: created,
    }
}

/// A post the write-time screen held for review, for one or two of [`REASONS`].
fn flagged(app: &App, author: Id, i: u64, rng: &mut impl Rng, now: Timestamp) -> Post {
    let mut p = post(app, author, i, rng, now);
    p.content = format!(
        "CALL 0712{:06} NOW for cheap fundi deals {i}",
        i % 1_000_000
    );
    p.hashtags = Vec::new();
    p.visibility = Visibility::Public;
    let first = REASONS[(i % REASONS.len() as u64) as usize];
    let mut reasons = vec![first.to_string()];
    if i.is_multiple_of(7) {
        reasons.push(REASONS[((i + 1) % REASONS.len() as u64) as usize].to_string());
    }
    p.moderation = Moderation {
        status: ModerationStatus::PendingReview,
        scores: reasons.iter().map(|r| (r.clone(), 0.8)).collect(),
        reasons,
        ..Moderation::default()
    };
    p
}

fn report(what: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    println!(
        "  {what:<44} n={:<5} p50={:>8.3} ms  p95={:>8.3} ms  max={:>8.3} ms",
        ms.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.95),
        ms.last().copied().unwrap_or(0.0)
    );
}

async fn timed<T, F: Future<Output = T>>(f: F) -> (f64, T) {
    let t = Instant::now();
    let out = f.await;
    (t.elapsed().as_secs_f64() * 1000.0, out)
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
    let only = std::env::var("BAITECH_BENCH_ONLY").ok();
    let sizes = |posts: u64, flagged: u64, batch: usize| {
        let posts = env_num("BAITECH_BENCH_POSTS", posts);
        Sizes {
            posts,
            authors: (posts / 100).max(env_num("BAITECH_BENCH_FOLLOWED", 200)),
            readers: env_num("BAITECH_BENCH_READERS", 20),
            followed: env_num("BAITECH_BENCH_FOLLOWED", 200),
            flagged: env_num("BAITECH_BENCH_FLAGGED", flagged),
            samples: env_num("BAITECH_BENCH_SAMPLES", 200),
            seconds: env_num("BAITECH_BENCH_SECONDS", 5),
            batch,
        }
    };
    if only.as_deref().is_none_or(|o| o == "embedded") {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = open_store(dir.path()).await;
        let app = app_on(store, dir.path(), 100_000);
        println!("embedded store in {}", dir.path().display());
        scenario(&app, &sizes(1_000_000, 100_000, 10_000), dir.path(), None).await;
    }
    if only.as_deref().is_none_or(|o| o == "mongodb") {
        let Ok(uri) = std::env::var("BAITECH_TEST_MONGODB_URI") else {
            println!("\nBAITECH_TEST_MONGODB_URI is not set: MongoDB not measured");
            return;
        };
        let db = format!("bench_feed_{}", &Id::new().to_hex()[12..]);
        println!("\nMongoDB {uri} database {db}");
        let store = baitech::store::mongo::connect(&uri, &db, Duration::from_secs(10))
            .await
            .expect("the test MongoDB");
        store.admin.ensure_indexes(false).await.expect("indexes");
        let dir = tempfile::tempdir().expect("temp dir");
        let app = app_on(store, dir.path(), 100_000);
        let posts = env_num("BAITECH_BENCH_MONGO_POSTS", 50_000);
        let flagged = env_num("BAITECH_BENCH_MONGO_FLAGGED", 10_000);
        let mut s = sizes(posts, flagged, 5_000);
        s.posts = posts;
        s.authors = (posts / 100).max(s.followed);
        s.flagged = flagged;
        scenario(&app, &s, dir.path(), Some((&uri, &db))).await;
        let _ = app.store.admin.reset().await;
    }
}

struct Seeded {
    techs: Vec<User>,
    readers: Vec<User>,
}

async fn seed(app: &App, s: &Sizes, rng: &mut ChaCha8Rng) -> Seeded {
    let now = Timestamp::now();
    let t = Instant::now();
    let techs: Vec<User> = (0..s.authors)
        .map(|i| user(i, Role::Technician, now))
        .collect();
    for chunk in techs.chunks(s.batch) {
        app.store.users.insert_many(chunk).await.expect("authors");
    }
    let readers: Vec<User> = (0..s.readers)
        .map(|i| user(s.authors + i, Role::Customer, now))
        .collect();
    app.store
        .users
        .insert_many(&readers)
        .await
        .expect("readers");
    for r in &readers {
        for t in techs.choose_multiple(rng, s.followed as usize) {
            app.store.follows.follow(r.id, t.id).await.expect("follow");
        }
    }
    let mut batch = Vec::with_capacity(s.batch);
    for i in 0..s.posts {
        let author = techs[rng.random_range(0..techs.len())].id;
        batch.push(post(app, author, i, rng, now));
        if batch.len() == s.batch || i + 1 == s.posts {
            app.store.posts.insert_many(&batch).await.expect("posts");
            batch.clear();
        }
    }
    let posts_s = t.elapsed().as_secs_f64();
    println!(
        "seeded {} posts by {} technicians, {} readers following {} each: {posts_s:.1} s ({:.0} posts/s)",
        s.posts,
        s.authors,
        s.readers,
        s.followed,
        s.posts as f64 / posts_s
    );

    let t = Instant::now();
    let mut reports = Vec::new();
    for i in 0..s.flagged {
        let author = techs[rng.random_range(0..techs.len())].id;
        let p = flagged(app, author, s.posts + i, rng, now);
        if i.is_multiple_of(10) {
            let reporter = readers[(i as usize / 10) % readers.len()].id;
            reports.push(Report::new(
                ReportTarget::Post,
                p.id,
                author,
                reporter,
                ReportReason::Spam,
                None,
                now,
            ));
        }
        batch.push(p);
        if batch.len() == s.batch || i + 1 == s.flagged {
            app.store
                .posts
                .insert_many(&batch)
                .await
                .expect("flagged posts");
            if !reports.is_empty() {
                app.store
                    .reports
                    .insert_many(&reports)
                    .await
                    .expect("reports");
            }
            batch.clear();
            reports.clear();
        }
    }
    println!(
        "seeded {} flagged posts (one in ten reported): {:.1} s",
        s.flagged,
        t.elapsed().as_secs_f64()
    );
    Seeded { techs, readers }
}

async fn scenario(app: &App, s: &Sizes, dir: &Path, mongo: Option<(&str, &str)>) {
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    let seeded = seed(app, s, &mut rng).await;
    feed_pages(app, s, &seeded.readers).await;
    explore_pages(app, s, &seeded.readers).await;
    queue(app, s, &seeded.techs, dir, mongo).await;
    likes(app, s.seconds).await;
}

async fn feed_pages(app: &App, s: &Sizes, readers: &[User]) {
    println!("following feed (20 a page):");
    let first = PageRequest::first(20);
    let (mut cold, mut cached, mut next) = (Vec::new(), Vec::new(), Vec::new());
    let mut sizes = Vec::new();
    for n in 0..s.samples {
        let reader = &readers[n % readers.len()];
        let me = Caller::new(reader.id, Role::Customer);
        app.cache
            .delete(&format!("feed:home:{}", reader.id))
            .await
            .expect("cache");
        let (ms, page) = timed(ranked::feed(app, &me, &first)).await;
        let page = page.expect("feed");
        cold.push(ms);
        let (ms, again) = timed(ranked::feed(app, &me, &first)).await;
        assert_eq!(again.expect("feed").items.len(), page.items.len());
        cached.push(ms);
        let cursor = page.next_cursor.expect("a second page");
        let req = PageRequest::after(20, Cursor::decode(&cursor).expect("cursor"));
        let (ms, second) = timed(ranked::feed(app, &me, &req)).await;
        let second = second.expect("feed page 2");
        if n < readers.len() {
            sizes.push(page.items.len() + second.items.len());
        }
        next.push(ms);
    }
    assert!(sizes.iter().all(|n| *n == 40), "full pages: {sizes:?}");
    report("first page, snapshot built", cold);
    report("first page, cached", cached);
    report("next page, from the snapshot", next);
}

async fn explore_pages(app: &App, s: &Sizes, readers: &[User]) {
    println!("explore (20 a page):");
    let first = PageRequest::first(20);
    let q = ranked::ExploreQuery::default();
    let (mut cold, mut cached) = (Vec::new(), Vec::new());
    for n in 0..s.samples {
        let me = Caller::new(readers[n % readers.len()].id, Role::Customer);
        app.cache.delete("feed:explore:::").await.expect("cache");
        let (ms, page) = timed(ranked::explore(app, Some(&me), &q, &first)).await;
        assert_eq!(page.expect("explore").items.len(), 20);
        cold.push(ms);
        let (ms, page) = timed(ranked::explore(app, Some(&me), &q, &first)).await;
        page.expect("explore");
        cached.push(ms);
    }
    report("first page, snapshot built", cold);
    report("first page, cached", cached);
}

async fn queue(app: &App, s: &Sizes, techs: &[User], dir: &Path, mongo: Option<(&str, &str)>) {
    println!("moderate queue over {} flagged posts:", s.flagged);
    let author = techs[0].id;
    let base = QueueFilter {
        kinds: Vec::new(),
        status: None,
        reason: None,
        author: None,
        since: None,
        limit: 50,
    };
    let day_ago = Timestamp::from_millis(Timestamp::now().millis() - DAY_MS);
    let cases = [
        ("no filter (50)", base.clone()),
        (
            "--reason shouting",
            QueueFilter {
                reason: Some("shouting".into()),
                ..base.clone()
            },
        ),
        (
            "--author",
            QueueFilter {
                author: Some(author),
                ..base.clone()
            },
        ),
        (
            "--since 1 day ago",
            QueueFilter {
                since: Some(day_ago),
                ..base.clone()
            },
        ),
        (
            "--limit 1000",
            QueueFilter {
                limit: 1000,
                ..base.clone()
            },
        ),
    ];
    for (what, f) in cases {
        let mut ms = Vec::new();
        let mut rows = 0;
        for _ in 0..s.samples.min(50) {
            let (t, items) = timed(actions::queue(&app.store, &f)).await;
            rows = items.expect("queue").len();
            ms.push(t);
        }
        report(&format!("{what}: {rows} rows"), ms);
    }
    let mut ms = Vec::new();
    for _ in 0..10 {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_baitech"));
        cmd.args(["moderate", "queue"])
            .env_clear()
            .env("BAITECH_ENV", "development")
            .env("BAITECH_DATA", dir)
            .env("NO_COLOR", "1");
        if let Some((uri, db)) = mongo {
            cmd.env("MONGODB_URI", uri).env("MONGODB_DB", db);
        }
        let t = Instant::now();
        let out = cmd.output().expect("baitech moderate queue runs");
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(
            out.status.success(),
            "baitech moderate queue failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    report("`baitech moderate queue` (process)", ms);
}

/// 32 HTTP clients liking random posts of the explore snapshot for `seconds`.
async fn likes(app: &App, seconds: u64) {
    let now = Timestamp::now();
    let likers: Vec<User> = (0..2_000)
        .map(|i| user(9_000_000 + i, Role::Customer, now))
        .collect();
    app.store.users.insert_many(&likers).await.expect("likers");
    let issued = chrono::Utc::now().timestamp();
    let tokens: Arc<Vec<String>> = Arc::new(
        likers
            .iter()
            .map(|u| {
                let (t, _) = app
                    .jwt
                    .issue(u.id, u.role, TokenUse::Access, issued, ACCESS_TTL, 0)
                    .expect("token");
                t
            })
            .collect(),
    );
    let mut targets = Vec::new();
    let mut req = PageRequest::first(100);
    let q = ranked::ExploreQuery::default();
    loop {
        let page = ranked::explore(app, None, &q, &req)
            .await
            .expect("posts to like");
        targets.extend(page.items.iter().map(|i| i.post.id.to_hex()));
        match page.next_cursor {
            Some(c) if targets.len() < 1_000 => {
                req = PageRequest::after(100, Cursor::decode(&c).expect("cursor"));
            }
            _ => break,
        }
    }
    let targets = Arc::new(targets);
    let addr = serve(app.clone()).await;
    let http = reqwest::Client::new();
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for c in 0..32u64 {
        let (http, targets, done, tokens) =
            (http.clone(), targets.clone(), done.clone(), tokens.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = ChaCha8Rng::seed_from_u64(c);
            let mut ms = Vec::new();
            while Instant::now() < deadline {
                let token = &tokens[rng.random_range(0..tokens.len())];
                let post = &targets[rng.random_range(0..targets.len())];
                let t = Instant::now();
                let r = http
                    .post(format!("http://{addr}/api/v1/posts/{post}/like"))
                    .bearer_auth(token)
                    .send()
                    .await
                    .expect("like sent");
                assert!(r.status().is_success(), "like: {}", r.status());
                ms.push(t.elapsed().as_secs_f64() * 1000.0);
                done.fetch_add(1, Ordering::Relaxed);
            }
            ms
        }));
    }
    let mut ms = Vec::new();
    for t in tasks {
        ms.extend(t.await.expect("client"));
    }
    let n = done.load(Ordering::Relaxed);
    println!(
        "likes, 32 HTTP clients over {} posts: {n} in {seconds} s = {:.0} likes/s",
        targets.len(),
        n as f64 / seconds as f64
    );
    report("one like (request to response)", ms);
}
