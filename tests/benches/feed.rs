//! Feed benchmark (`cargo bench --bench feed`): the services in-process on a fresh embedded
//! store, seeded with `BAITECH_BENCH_POSTS` posts (default 1,000,000) by
//! `BAITECH_BENCH_AUTHORS` technicians (default 10,000), and one reader following
//! `BAITECH_BENCH_FOLLOWED` of them (default 200).
//!
//! Rows: the following feed's first page (the ranked snapshot built, its cache dropped before
//! each call) and its later pages (slices of the snapshot); explore's first page, cold and
//! from the minute-long cache; then likes per second from 32 concurrent clients liking random
//! posts through `services::feed::engagement::like` (each a reaction, the counter and the
//! hot score). `BAITECH_BENCH_SAMPLES` (default 200) page reads per row,
//! `BAITECH_BENCH_SECONDS` (default 5) for the likes.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use baitech::app::App;
use baitech::auth::Caller;
use baitech::domain::post::{Engagement, Moderation, ModerationStatus, Post, PostType, Visibility};
use baitech::domain::ranking::hot_score;
use baitech::domain::user::{Role, User};
use baitech::domain::{Id, Timestamp};
use baitech::services::feed::{engagement, ranked};
use baitech::store::PageRequest;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use common::{app_on, env_num, open_store, percentile};

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
    let created = Timestamp::from_millis(now.millis() - rng.random_range(0..30 * 86_400_000i64));
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

fn report(what: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    println!(
        "{what:<34} n={:<5} p50={:>8.3} ms  p95={:>8.3} ms  max={:>8.3} ms",
        ms.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.95),
        ms.last().copied().unwrap_or(0.0)
    );
}

async fn timed<F: Future<Output = ()>>(f: F) -> f64 {
    let t = Instant::now();
    f.await;
    t.elapsed().as_secs_f64() * 1000.0
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
    let posts: u64 = env_num("BAITECH_BENCH_POSTS", 1_000_000);
    let authors: u64 = env_num("BAITECH_BENCH_AUTHORS", 10_000);
    let followed: u64 = env_num("BAITECH_BENCH_FOLLOWED", 200);
    let samples: usize = env_num("BAITECH_BENCH_SAMPLES", 200);
    let seconds: u64 = env_num("BAITECH_BENCH_SECONDS", 5);
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_store(dir.path()).await;
    let app = app_on(store, dir.path(), 100_000);
    let now = Timestamp::now();
    let mut rng = ChaCha8Rng::seed_from_u64(12);

    let t = Instant::now();
    let techs: Vec<User> = (0..authors)
        .map(|i| user(i, Role::Technician, now))
        .collect();
    for chunk in techs.chunks(5_000) {
        app.store.users.insert_many(chunk).await.expect("authors");
    }
    let reader = user(authors + 1, Role::Customer, now);
    app.store.users.insert(&reader).await.expect("reader");
    for t in techs.iter().take(followed as usize) {
        app.store
            .follows
            .follow(reader.id, t.id)
            .await
            .expect("follow");
    }
    let mut batch = Vec::with_capacity(10_000);
    for i in 0..posts {
        let author = techs[rng.random_range(0..techs.len())].id;
        batch.push(post(&app, author, i, &mut rng, now));
        if batch.len() == 10_000 || i + 1 == posts {
            app.store.posts.insert_many(&batch).await.expect("posts");
            batch.clear();
        }
    }
    let seed_s = t.elapsed().as_secs_f64();
    println!(
        "seeded {posts} posts by {authors} authors, reader follows {followed}: {seed_s:.1} s ({:.0} posts/s)",
        posts as f64 / seed_s
    );

    let me = Caller::new(reader.id, Role::Customer);
    let first = PageRequest::first(20);
    let home = format!("feed:home:{}", reader.id);
    let mut cold = Vec::new();
    let mut next = Vec::new();
    for _ in 0..samples {
        app.cache.delete(&home).await.expect("cache");
        let mut page = None;
        cold.push(
            timed(async { page = Some(ranked::feed(&app, &me, &first).await.expect("feed")) })
                .await,
        );
        let cursor = page.and_then(|p| p.next_cursor).expect("a second page");
        let req = PageRequest::after(
            20,
            baitech::store::page::Cursor::decode(&cursor).expect("cursor"),
        );
        next.push(
            timed(async {
                ranked::feed(&app, &me, &req).await.expect("feed page 2");
            })
            .await,
        );
    }
    report("feed first page (snapshot built)", cold);
    report("feed next page (from snapshot)", next);

    let q = ranked::ExploreQuery::default();
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    for _ in 0..samples {
        app.cache.delete("feed:explore:::").await.expect("cache");
        cold.push(
            timed(async {
                ranked::explore(&app, Some(&me), &q, &first)
                    .await
                    .expect("explore");
            })
            .await,
        );
        warm.push(
            timed(async {
                ranked::explore(&app, Some(&me), &q, &first)
                    .await
                    .expect("explore");
            })
            .await,
        );
    }
    report("explore first page (cold)", cold);
    report("explore first page (cached)", warm);

    likes(&app, &techs, now, seconds).await;
}

/// 32 clients liking random posts for `seconds`.
async fn likes(app: &App, techs: &[User], now: Timestamp, seconds: u64) {
    let likers: Vec<User> = (0..1_000)
        .map(|i| user(9_000_000 + i, Role::Customer, now))
        .collect();
    app.store.users.insert_many(&likers).await.expect("likers");
    let page = ranked::explore(
        app,
        None,
        &ranked::ExploreQuery::default(),
        &PageRequest::first(100),
    )
    .await
    .expect("posts to like");
    let targets: Arc<Vec<Id>> = Arc::new(page.items.iter().map(|i| i.post.id).collect());
    let _ = techs;
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for c in 0..32usize {
        let (app, targets, done, likers) =
            (app.clone(), targets.clone(), done.clone(), likers.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = ChaCha8Rng::seed_from_u64(c as u64);
            while Instant::now() < deadline {
                let who = &likers[rng.random_range(0..likers.len())];
                let caller = Caller::new(who.id, Role::Customer);
                let post = targets[rng.random_range(0..targets.len())];
                engagement::like(&app, &caller, post).await.expect("like");
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for t in tasks {
        t.await.expect("client");
    }
    let n = done.load(Ordering::Relaxed);
    println!(
        "likes, 32 clients: {n} in {seconds} s = {:.0} likes/s",
        n as f64 / seconds as f64
    );
}
