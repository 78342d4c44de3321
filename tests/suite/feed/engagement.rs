//! Likes, saves, shares, views, comments and reports over HTTP.

use baitech::domain::Id;
use baitech::domain::post::ModerationStatus;
use baitech::domain::user::Role;
use baitech::store::{PageRequest, PostFilter, ReportFilter};
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{ids, say, send, spawn};
use crate::common::{Backend, both_backends};

#[apply(both_backends)]
async fn likes_are_idempotent_and_answer_liked_and_likes(#[case] b: Backend) {
    let app = spawn(b).await;
    let author = app.user(Role::Technician).await;
    let fan = app.user(Role::Customer).await;
    let id = say(&app, &author, "like me").await;
    let path = format!("/posts/{id}/like");
    for (method, want) in [
        (Method::POST, json!({"liked": true, "likes": 1})),
        (Method::POST, json!({"liked": true, "likes": 1})),
        (Method::DELETE, json!({"liked": false, "likes": 0})),
        (Method::DELETE, json!({"liked": false, "likes": 0})),
        (Method::POST, json!({"liked": true, "likes": 1})),
    ] {
        let a = send(&app, method.clone(), &path, Some(&fan), None).await;
        assert_eq!((a.status, &a.body["data"]), (200, &want), "{method}");
    }
    let p = send(&app, Method::GET, &format!("/posts/{id}"), Some(&fan), None).await;
    assert_eq!(p.body["data"]["likedByMe"], true);
    assert_eq!(p.body["data"]["engagement"]["likes"], 1);
    let stored = app
        .app
        .store
        .posts
        .get(Id::parse(&id).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(
        stored.engagement_score > 0.0,
        "the hot score moved with the like"
    );
}

#[apply(both_backends)]
async fn fifty_concurrent_likes_count_fifty(#[case] b: Backend) {
    let app = spawn(b).await;
    let author = app.user(Role::Technician).await;
    let id = say(&app, &author, "popular").await;
    let mut fans = Vec::new();
    for _ in 0..50 {
        fans.push(app.user(Role::Customer).await);
    }
    let path = format!("/posts/{id}/like");
    let answers = futures::future::join_all(
        fans.iter()
            .map(|f| send(&app, Method::POST, &path, Some(f), None)),
    )
    .await;
    assert!(
        answers
            .iter()
            .all(|a| a.status == 200 && a.body["data"]["liked"] == true)
    );
    let mut counts: Vec<i64> = answers
        .iter()
        .map(|a| a.body["data"]["likes"].as_i64().unwrap())
        .collect();
    counts.sort_unstable();
    assert_eq!(*counts.last().unwrap(), 50);
    let p = send(
        &app,
        Method::GET,
        &format!("/posts/{id}"),
        Some(&author),
        None,
    )
    .await;
    assert_eq!(p.body["data"]["engagement"]["likes"], 50);
    let stored = app
        .app
        .store
        .posts
        .get(Id::parse(&id).unwrap())
        .await
        .unwrap()
        .unwrap();
    let expected = baitech::domain::ranking::hot_score(
        &stored.engagement,
        stored.created_at,
        &app.app.config.feed.ranking,
    );
    assert!(
        (stored.engagement_score - expected).abs() < 1e-9,
        "the score matches the final counters"
    );
}

#[apply(both_backends)]
async fn a_view_counts_once_per_viewer_per_day_and_never_the_authors(#[case] b: Backend) {
    let app = spawn(b).await;
    let author = app.user(Role::Technician).await;
    let (v1, v2) = (
        app.user(Role::Customer).await,
        app.user(Role::Customer).await,
    );
    let id = say(&app, &author, "look").await;
    let view = |who| {
        send(
            &app,
            Method::POST,
            format!("/posts/{id}/view"),
            Some(who),
            None,
        )
    };
    assert_eq!(
        view(&author).await.body["data"],
        json!({"counted": false, "views": 0})
    );
    assert_eq!(
        view(&v1).await.body["data"],
        json!({"counted": true, "views": 1})
    );
    assert_eq!(
        view(&v1).await.body["data"],
        json!({"counted": false, "views": 1})
    );
    let read = send(&app, Method::GET, &format!("/posts/{id}"), Some(&v1), None).await;
    assert_eq!(
        read.body["data"]["engagement"]["views"], 1,
        "reading again within a day"
    );
    let read = send(&app, Method::GET, &format!("/posts/{id}"), Some(&v2), None).await;
    assert_eq!(
        read.body["data"]["engagement"]["views"], 2,
        "a first read counts"
    );
    let anonymous = send(&app, Method::GET, &format!("/posts/{id}"), None, None).await;
    assert_eq!(anonymous.body["data"]["engagement"]["views"], 2);
}

#[apply(both_backends)]
async fn saves_list_newest_first_and_shares_count(#[case] b: Backend) {
    let app = spawn(b).await;
    let author = app.user(Role::Technician).await;
    let me = app.user(Role::Customer).await;
    let (p1, p2) = (
        say(&app, &author, "one").await,
        say(&app, &author, "two").await,
    );
    for id in [&p1, &p2] {
        let a = send(
            &app,
            Method::POST,
            &format!("/posts/{id}/save"),
            Some(&me),
            None,
        )
        .await;
        assert_eq!(a.body["data"], json!({"saved": true, "saves": 1}));
    }
    let saved = send(&app, Method::GET, "/posts/saved", Some(&me), None).await;
    assert_eq!(ids(&saved), [p2.clone(), p1.clone()]);
    assert_eq!(saved.body["data"][0]["savedByMe"], true);
    let a = send(
        &app,
        Method::DELETE,
        &format!("/posts/{p2}/save"),
        Some(&me),
        None,
    )
    .await;
    assert_eq!(a.body["data"], json!({"saved": false, "saves": 0}));
    assert_eq!(
        ids(&send(&app, Method::GET, "/posts/saved", Some(&me), None).await),
        [p1.as_str()]
    );
    for n in 1..=2 {
        let a = send(
            &app,
            Method::POST,
            &format!("/posts/{p1}/share"),
            Some(&me),
            None,
        )
        .await;
        assert_eq!(a.body["data"]["shares"], n);
    }
}

#[apply(both_backends)]
async fn comments_thread_by_parent_count_on_the_post_and_leave_tombstones(#[case] b: Backend) {
    let app = spawn(b).await;
    let author = app.user(Role::Technician).await;
    let (c1, c2) = (
        app.user(Role::Customer).await,
        app.user(Role::Customer).await,
    );
    let id = say(&app, &author, "ask me").await;
    let comment = |who, body| {
        send(
            &app,
            Method::POST,
            format!("/posts/{id}/comment"),
            Some(who),
            Some(body),
        )
    };
    let top = comment(&c1, json!({"content": "How much for a sink?"})).await;
    assert_eq!(top.status, 201, "{}", top.body);
    let top_id = top.body["data"]["_id"].as_str().unwrap().to_string();
    let reply = comment(&author, json!({"content": "KES 2500", "parent": top_id})).await;
    assert_eq!(reply.body["data"]["parent"], top_id);
    let bad = comment(&c2, json!({"content": "x", "parent": Id::new().to_hex()})).await;
    assert_eq!(
        (bad.status, &bad.body["error"]["details"][0]["field"]),
        (400, &json!("parent"))
    );
    let list = send(
        &app,
        Method::GET,
        &format!("/posts/{id}/comments"),
        None,
        None,
    )
    .await;
    assert_eq!(ids(&list).len(), 2);
    let p = send(&app, Method::GET, &format!("/posts/{id}"), None, None).await;
    assert_eq!(p.body["data"]["engagement"]["comments"], 2);
    let del = |who, cid: &str| {
        send(
            &app,
            Method::DELETE,
            format!("/posts/{id}/comments/{cid}"),
            Some(who),
            None,
        )
    };
    assert_eq!(del(&c2, &top_id).await.status, 403);
    assert_eq!(
        del(&author, &top_id).await.status,
        200,
        "the post's author may"
    );
    assert_eq!(del(&author, &top_id).await.status, 404, "already gone");
    let list = send(
        &app,
        Method::GET,
        &format!("/posts/{id}/comments"),
        None,
        None,
    )
    .await;
    let tomb = list.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["_id"] == top_id.as_str())
        .cloned()
        .unwrap();
    assert_eq!(
        (tomb["deleted"].clone(), tomb["content"].clone()),
        (json!(true), json!(""))
    );
    let p = send(&app, Method::GET, &format!("/posts/{id}"), None, None).await;
    assert_eq!(p.body["data"]["engagement"]["comments"], 1);
}

#[apply(both_backends)]
async fn a_report_puts_the_post_in_the_review_queue(#[case] b: Backend) {
    let app = spawn(b).await;
    let author = app.user(Role::Technician).await;
    let reporter = app.user(Role::Customer).await;
    let id = say(&app, &author, "totally normal post").await;
    let report = |who, body| {
        send(
            &app,
            Method::POST,
            format!("/posts/{id}/report"),
            Some(who),
            Some(body),
        )
    };
    let own = report(&author, json!({"reason": "spam"})).await;
    assert_eq!(own.status, 400);
    let bad = report(&reporter, json!({"reason": "boring"})).await;
    assert_eq!(
        (bad.status, &bad.body["error"]["details"][0]["field"]),
        (400, &json!("reason"))
    );
    let r = report(
        &reporter,
        json!({"reason": "scam", "details": "asks for M-Pesa outside the app"}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["data"]["status"], "open");
    let again = report(&reporter, json!({"reason": "spam"})).await;
    assert_eq!(
        again.status, 404,
        "held for review, the post is hidden from the reporter too"
    );
    let filed = ReportFilter {
        target: Some(Id::parse(&id).unwrap()),
        target_author: Some(author.id),
        ..Default::default()
    };
    assert_eq!(
        app.app.store.reports.count_reports(&filed).await.unwrap(),
        1
    );
    let explore = send(&app, Method::GET, "/posts/explore", Some(&reporter), None).await;
    assert!(ids(&explore).is_empty(), "held posts leave explore");
    let queue = PostFilter {
        moderation: Some(ModerationStatus::PendingReview),
        reason: Some("scam".into()),
        ..Default::default()
    };
    let q = app
        .app
        .store
        .posts
        .list_posts(&queue, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(
        q.items.iter().map(|p| p.id.to_hex()).collect::<Vec<_>>(),
        [id.as_str()]
    );
    let own_view = send(
        &app,
        Method::GET,
        &format!("/posts/{id}"),
        Some(&author),
        None,
    )
    .await;
    assert_eq!(
        own_view.body["data"]["moderation"]["status"],
        "pending_review"
    );
}
