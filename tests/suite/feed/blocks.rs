//! Blocks in the feed: a blocked or blocking pair do not see each other's posts anywhere
//! (feed, explore, search, hashtag pages, a user's posts, a single post) and cannot like or
//! comment on them, while everyone else sees them as before.

use baitech::domain::user::Role;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{follow, ids, say, send, spawn, write};
use crate::common::users::TestUser;
use crate::common::{Backend, TestApp, both_backends};

/// Every list `who` may read a post of `author` in (tagged `#kibanda`, saying `kibanda`):
/// the ids each shows, with the list's name.
async fn every_list(
    app: &TestApp,
    who: &TestUser,
    author: &TestUser,
) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for path in [
        "/posts/feed".to_string(),
        "/posts/explore".to_string(),
        "/posts/search?q=kibanda".to_string(),
        "/posts/hashtags/kibanda".to_string(),
        format!("/users/{}/posts", author.id),
    ] {
        let a = send(app, Method::GET, &path, Some(who), None).await;
        assert_eq!(a.status, 200, "{path}: {}", a.body);
        out.push((path, ids(&a)));
    }
    out
}

/// What `who` can do with `post`: read it, like it, comment on it (the statuses).
async fn reach(app: &TestApp, who: &TestUser, post: &str) -> [u16; 3] {
    let read = send(app, Method::GET, format!("/posts/{post}"), Some(who), None).await;
    let like = send(
        app,
        Method::POST,
        format!("/posts/{post}/like"),
        Some(who),
        None,
    )
    .await;
    let comment = send(
        app,
        Method::POST,
        format!("/posts/{post}/comment"),
        Some(who),
        Some(json!({"content": "nice work"})),
    )
    .await;
    [read.status, like.status, comment.status]
}

#[apply(both_backends)]
async fn a_block_hides_each_sides_posts_from_the_other_everywhere(#[case] b: Backend) {
    let app = spawn(b).await;
    let fundi = app.user(Role::Technician).await;
    let client = app.user(Role::Customer).await;
    let other = app.user(Role::Customer).await;
    follow(&app, &client, &fundi).await;
    follow(&app, &fundi, &client).await;
    follow(&app, &other, &fundi).await;
    let public = say(&app, &fundi, "Kibanda roof done #kibanda").await;
    let followers = write(
        &app,
        &fundi,
        json!({"content": "Kibanda photos for followers #kibanda", "visibility": "followers"}),
    )
    .await["_id"]
        .as_str()
        .unwrap()
        .to_string();
    let theirs = say(&app, &client, "My kibanda needs a roof #kibanda").await;
    // Before: the client sees the fundi's posts in every list (their own in their feed too).
    for (path, got) in every_list(&app, &client, &fundi).await {
        assert!(got.contains(&public), "{path} before the block: {got:?}");
    }
    let cached = send(&app, Method::GET, "/posts/feed?page=1", Some(&client), None).await;
    assert_eq!(cached.body["pagination"]["total"], 3, "{}", cached.body);

    let r = send(
        &app,
        Method::POST,
        format!("/users/{}/block", fundi.id),
        Some(&client),
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);

    for (who, author, posts) in [
        (&client, &fundi, vec![public.clone(), followers.clone()]),
        (&fundi, &client, vec![theirs.clone()]),
    ] {
        for (path, got) in every_list(&app, who, author).await {
            for p in &posts {
                assert!(
                    !got.contains(p),
                    "{path} shows {p} across the block: {got:?}"
                );
            }
        }
        for p in &posts {
            assert_eq!(reach(&app, who, p).await, [404, 404, 404], "{p}");
        }
    }
    let feed = send(&app, Method::GET, "/posts/feed?page=1", Some(&client), None).await;
    assert_eq!(
        (ids(&feed), &feed.body["pagination"]["total"]),
        (vec![theirs.clone()], &json!(1)),
        "the cached first page was dropped, not just filtered"
    );
    // Someone else sees both sides as before, and the blocked side's posts kept no like.
    for (path, got) in every_list(&app, &other, &fundi).await {
        assert!(got.contains(&public), "{path} for a third user: {got:?}");
    }
    let seen = send(
        &app,
        Method::GET,
        format!("/posts/{public}"),
        Some(&other),
        None,
    )
    .await;
    assert_eq!(seen.body["data"]["engagement"]["likes"], 0);
    assert_eq!(seen.body["data"]["engagement"]["comments"], 0);

    let r = send(
        &app,
        Method::DELETE,
        format!("/users/{}/block", fundi.id),
        Some(&client),
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(reach(&app, &client, &public).await, [200, 200, 201]);
    assert_eq!(
        reach(&app, &client, &followers).await[0],
        404,
        "the block ended the follow; followers-only posts need a new one"
    );
    let explore = send(&app, Method::GET, "/posts/explore", Some(&client), None).await;
    assert!(ids(&explore).contains(&public), "{}", explore.body);
}
