//! The ranked feed and explore: hot-score order, the scroll that holds while likes land, the
//! cached first page and its invalidation, runs of one author, nearby technicians, and the
//! hashtag, search and trending lists.

use baitech::domain::GeoPoint;
use baitech::domain::Location;
use baitech::domain::post::Post;
use baitech::domain::user::Role;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use super::{follow, ids, ranked_post, say, send, spawn, walk};
use crate::common::users::user_doc;
use crate::common::{Backend, both_backends};

fn hex(posts: &[&Post]) -> Vec<String> {
    posts.iter().map(|p| p.id.to_hex()).collect()
}

#[apply(both_backends)]
async fn the_feed_ranks_own_and_followed_posts_by_hot_score(#[case] b: Backend) {
    let app = spawn(b).await;
    let me = app.user(Role::Customer).await;
    let (t1, t2, other) = (
        app.user(Role::Technician).await,
        app.user(Role::Technician).await,
        app.user(Role::Technician).await,
    );
    follow(&app, &me, &t1).await;
    follow(&app, &me, &t2).await;
    let old_hit = ranked_post(&app, t1.id, "old but loved", 500, -3 * 86_400);
    let fresh = ranked_post(&app, t2.id, "fresh", 3, -60);
    let older = ranked_post(&app, t2.id, "older, same likes", 3, -7_200);
    let mine = ranked_post(&app, me.id, "my own", 0, -30);
    let stranger = ranked_post(&app, other.id, "not followed", 1_000, -10);
    app.app
        .store
        .posts
        .insert_many(&[
            old_hit.clone(),
            fresh.clone(),
            older.clone(),
            mine.clone(),
            stranger,
        ])
        .await
        .unwrap();
    let mut expected = vec![&old_hit, &fresh, &older, &mine];
    expected.sort_by(|a, b| b.engagement_score.total_cmp(&a.engagement_score));
    let feed = send(&app, Method::GET, "/posts/feed", Some(&me), None).await;
    assert_eq!(ids(&feed), hex(&expected));
    let fresh_at = expected.iter().position(|p| p.id == fresh.id).unwrap();
    let older_at = expected.iter().position(|p| p.id == older.id).unwrap();
    assert!(fresh_at < older_at, "newer beats older at equal engagement");
}

#[apply(both_backends)]
async fn scrolling_the_whole_feed_while_others_like_sees_every_post_once(#[case] b: Backend) {
    let app = spawn(b).await;
    let me = app.user(Role::Customer).await;
    let mut authors = Vec::new();
    for _ in 0..4 {
        let t = app.user(Role::Technician).await;
        follow(&app, &me, &t).await;
        authors.push(t);
    }
    // Close scores, so every like reorders the live ranking.
    let posts: Vec<Post> = (0..60)
        .map(|i| {
            ranked_post(
                &app,
                authors[i % 4].id,
                &format!("post {i}"),
                (i % 3) as i64,
                -(i as i64) * 20,
            )
        })
        .collect();
    app.app.store.posts.insert_many(&posts).await.unwrap();
    let mut likers = Vec::new();
    for _ in 0..12 {
        likers.push(app.user(Role::Customer).await);
    }
    let likes = async {
        let per_liker = likers.iter().enumerate().map(|(n, who)| {
            let posts = &posts;
            let app = &app;
            async move {
                // Each liker likes the posts at the bottom of the ranking, pushing them up.
                for k in 0..10 {
                    let p = &posts[59 - ((n * 7 + k * 5) % 60)];
                    let path = format!("/posts/{}/like", p.id);
                    let a = send(app, Method::POST, &path, Some(who), None).await;
                    assert_eq!(a.status, 200, "{}", a.body);
                }
            }
        });
        futures::future::join_all(per_liker).await;
    };
    let (seen, ()) = tokio::join!(walk(&app, Some(&me), "/posts/feed", 7), likes);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "a post appeared twice: {seen:?}");
    let mut all: Vec<String> = posts.iter().map(|p| p.id.to_hex()).collect();
    all.sort();
    assert_eq!(unique, all, "every post appears once");
}

#[apply(both_backends)]
async fn a_followed_authors_new_post_shows_on_the_next_first_page(#[case] b: Backend) {
    let app = spawn(b).await;
    let me = app.user(Role::Customer).await;
    let t = app.user(Role::Technician).await;
    follow(&app, &me, &t).await;
    let first = say(&app, &t, "first").await;
    let feed = || send(&app, Method::GET, "/posts/feed", Some(&me), None);
    assert_eq!(ids(&feed().await), [first.as_str()]);
    assert_eq!(
        ids(&feed().await),
        [first.as_str()],
        "the cached first page"
    );
    let second = say(&app, &t, "second").await;
    let now = ids(&feed().await);
    assert!(now.contains(&second) && now.contains(&first), "{now:?}");
}

#[apply(both_backends)]
async fn explore_caps_runs_of_one_author_and_filters_category_and_hashtag(#[case] b: Backend) {
    let app = spawn(b).await;
    let (a, z) = (
        app.user(Role::Technician).await,
        app.user(Role::Technician).await,
    );
    let mut posts: Vec<Post> = (0..6)
        .map(|i| ranked_post(&app, a.id, &format!("star {i} #solar"), 100 - i, -60))
        .collect();
    posts.push(ranked_post(&app, z.id, "quiet one #solar", 1, -60));
    posts.push(Post {
        service_category: Some("plumbing".into()),
        ..ranked_post(&app, z.id, "quiet two", 0, -60)
    });
    app.app.store.posts.insert_many(&posts).await.unwrap();
    let run_of = |list: &[String]| {
        let author: std::collections::HashMap<String, _> =
            posts.iter().map(|p| (p.id.to_hex(), p.author)).collect();
        let (mut best, mut run, mut last) = (0, 0, None);
        for id in list {
            let au = author[id];
            run = if Some(au) == last { run + 1 } else { 1 };
            last = Some(au);
            best = best.max(run);
        }
        best
    };
    let all = walk(&app, None, "/posts/explore", 3).await;
    assert_eq!(all.len(), 8);
    assert!(run_of(&all) <= 3, "{all:?}");
    assert_eq!(all[0], posts[0].id.to_hex(), "the hottest first");
    let plumbing = send(
        &app,
        Method::GET,
        "/posts/explore?category=plumbing",
        None,
        None,
    )
    .await;
    assert_eq!(ids(&plumbing), [posts[7].id.to_hex()]);
    let solar = walk(&app, None, "/posts/explore?hashtag=solar", 10).await;
    assert_eq!(solar.len(), 7);
    let bad = send(
        &app,
        Method::GET,
        "/posts/explore?lat=100&lng=1&sort=x",
        None,
        None,
    )
    .await;
    assert_eq!(bad.status, 400);
}

#[apply(both_backends)]
async fn explore_lifts_technicians_near_the_caller(#[case] b: Backend) {
    let app = spawn(b).await;
    let near = app.user(Role::Technician).await; // in Nairobi
    let mut far = user_doc(Role::Technician, 901);
    far.location = Some(Location::new(
        GeoPoint::new(39.6682, -4.0435).unwrap(),
        None,
        Some("Mombasa".into()),
    ));
    let far = app.add_user(far).await;
    let hot_far = ranked_post(&app, far.id, "far but hot", 5, -60);
    let near_post = ranked_post(&app, near.id, "near", 2, -60);
    app.app
        .store
        .posts
        .insert_many(&[hot_far.clone(), near_post.clone()])
        .await
        .unwrap();
    let plain = send(&app, Method::GET, "/posts/explore", None, None).await;
    assert_eq!(ids(&plain), hex(&[&hot_far, &near_post]));
    let here = send(
        &app,
        Method::GET,
        "/posts/explore?lat=-1.2921&lng=36.8219",
        None,
        None,
    )
    .await;
    assert_eq!(ids(&here), hex(&[&near_post, &hot_far]));
}

#[apply(both_backends)]
async fn hashtag_search_and_trending_answer_the_same_on_both_adapters(#[case] b: Backend) {
    let app = spawn(b).await;
    let (t1, t2) = (
        app.user(Role::Technician).await,
        app.user(Role::Technician).await,
    );
    let p1 = say(
        &app,
        &t1,
        "Solar inverter installed in Karen #solar #nairobi",
    )
    .await;
    let p2 = say(&app, &t2, "Solar panels cleaned #solar").await;
    let p3 = say(&app, &t2, "Leaking pipe under the sink fixed #plumbing").await;
    let hidden = super::write(
        &app,
        &t1,
        json!({"content": "Solar secrets #solar", "visibility": "followers"}),
    )
    .await;
    assert_eq!(hidden["visibility"], "followers");
    let tag = send(&app, Method::GET, "/posts/hashtags/solar", None, None).await;
    assert_eq!(
        ids(&tag),
        [p2.clone(), p1.clone()],
        "newest first, public only"
    );
    let words = send(&app, Method::GET, "/posts/search?q=solar", None, None).await;
    assert_eq!(ids(&words), [p2.clone(), p1.clone()]);
    let prefix = send(&app, Method::GET, "/posts/search?q=leak%20SINK", None, None).await;
    assert_eq!(ids(&prefix), [p3.as_str()]);
    let none = send(&app, Method::GET, "/posts/search?q=roofing", None, None).await;
    assert!(ids(&none).is_empty());
    assert_eq!(
        send(&app, Method::GET, "/posts/search", None, None)
            .await
            .status,
        400
    );
    let trending = send(&app, Method::GET, "/hashtags/trending?hours=24", None, None).await;
    assert_eq!(
        trending.body["data"],
        json!([
            {"tag": "solar", "posts": 2, "authors": 2},
            {"tag": "nairobi", "posts": 1, "authors": 1},
            {"tag": "plumbing", "posts": 1, "authors": 1},
        ])
    );
    let _ = Value::Null;
}
