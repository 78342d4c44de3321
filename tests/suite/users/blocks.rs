//! Blocking: idempotent both ways, ends follows in both directions, refuses following across
//! a block, and lists the caller's blocks a page at a time.

use baitech::domain::Id;
use baitech::domain::user::Role;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::http::{
    delete, error_fields, get, keys_anywhere, member, post, stored, walk_pages, with_bad_token,
};
use crate::common::{Backend, TestApp, both_backends};

#[apply(both_backends)]
pub async fn block_is_idempotent_ends_follows_both_ways_and_unblock_too(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (me, pest) = (
        member(&app, Role::Customer).await,
        member(&app, Role::Technician).await,
    );
    for (a, z) in [(&me, &pest), (&pest, &me)] {
        let (status, _) = post(&app, &format!("/users/{}/follow", z.id), a, json!({})).await;
        assert_eq!(status, 200);
    }
    assert_eq!(stored(&app, pest.id).await.followers_count, 1);
    let path = format!("/users/{}/block", pest.id);

    let (status, resp) = post(&app, &path, &me, json!({})).await;
    assert_eq!(status, 200, "{resp}");
    assert_eq!(
        resp["data"],
        json!({"user": pest.id.to_hex(), "blocked": true, "changed": true})
    );
    let (_, again) = post(&app, &path, &me, json!({})).await;
    assert_eq!(
        (
            again["data"]["blocked"].as_bool(),
            again["data"]["changed"].as_bool()
        ),
        (Some(true), Some(false)),
        "a repeat changes nothing"
    );
    for u in [&me, &pest] {
        let s = stored(&app, u.id).await;
        assert_eq!((s.followers_count, s.following_count), (0, 0), "{}", u.id);
        let (_, following) = get(&app, &format!("/users/{}/following", u.id), Some(u)).await;
        assert!(super::http::ids(&following).is_empty(), "{following}");
    }

    let (status, resp) = delete(&app, &path, &me, None).await;
    assert_eq!(status, 200, "{resp}");
    assert_eq!(
        (
            resp["data"]["blocked"].as_bool(),
            resp["data"]["changed"].as_bool()
        ),
        (Some(false), Some(true))
    );
    let (_, again) = delete(&app, &path, &me, None).await;
    assert_eq!(again["data"]["changed"], false);
    let (status, _) = post(&app, &format!("/users/{}/follow", pest.id), &me, json!({})).await;
    assert_eq!(
        status, 200,
        "following works again once the block is lifted"
    );
}

#[apply(both_backends)]
pub async fn nobody_follows_across_a_block_whoever_made_it(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (me, pest) = (
        member(&app, Role::Customer).await,
        member(&app, Role::Customer).await,
    );
    let (status, _) = post(&app, &format!("/users/{}/block", pest.id), &me, json!({})).await;
    assert_eq!(status, 200);
    for (a, z) in [(&me, &pest), (&pest, &me)] {
        let (status, resp) = post(&app, &format!("/users/{}/follow", z.id), a, json!({})).await;
        assert_eq!(status, 403, "{resp}");
        assert_eq!(resp["error"]["code"], "FORBIDDEN");
    }
    assert_eq!(stored(&app, pest.id).await.followers_count, 0);
    assert_eq!(stored(&app, me.id).await.followers_count, 0);
}

#[apply(both_backends)]
pub async fn block_refuses_yourself_unknown_users_and_anonymous_callers(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = member(&app, Role::Customer).await;
    for method in [Method::POST, Method::DELETE] {
        let path = format!("/users/{}/block", me.id);
        let (status, resp) = app.call(method.clone(), &path, Some(&me), None).await;
        assert_eq!(
            (status, error_fields(&resp)),
            (400, vec!["id".to_string()]),
            "{method} {resp}"
        );
        let unknown = format!("/users/{}/block", Id::new());
        let (status, _) = app.call(method.clone(), &unknown, Some(&me), None).await;
        assert_eq!(status, 404, "{method}");
        let (status, resp) = app
            .call(method.clone(), "/users/12345/block", Some(&me), None)
            .await;
        assert_eq!((status, error_fields(&resp)), (400, vec!["id".to_string()]));
        let other = format!("/users/{}/block", Id::new());
        assert_eq!(app.call(method.clone(), &other, None, None).await.0, 401);
    }
    assert_eq!(
        with_bad_token(&app, Method::GET, "/users/me/blocked").await,
        401
    );
    assert_eq!(get(&app, "/users/me/blocked", None).await.0, 401);
}

#[apply(both_backends)]
pub async fn the_blocked_list_pages_through_public_views_most_recent_first(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = member(&app, Role::Customer).await;
    let mut blocked = Vec::new();
    for _ in 0..5 {
        let u = member(&app, Role::Technician).await;
        let (status, _) = post(&app, &format!("/users/{}/block", u.id), &me, json!({})).await;
        assert_eq!(status, 200);
        blocked.push(u.id.to_hex());
    }
    let other = member(&app, Role::Customer).await;
    let (status, _) = post(&app, &format!("/users/{}/block", me.id), &other, json!({})).await;
    assert_eq!(status, 200, "a block of me is not on my list");
    let (status, _) = delete(&app, &format!("/users/{}/block", blocked[1]), &me, None).await;
    assert_eq!(status, 200);
    let mut want: Vec<String> = blocked
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, id)| id.clone())
        .collect();
    want.reverse();
    let walked = walk_pages(&app, "/users/me/blocked?limit=2", Some(&me)).await;
    assert_eq!(walked, want);
    let (_, page) = get(&app, "/users/me/blocked?limit=5", Some(&me)).await;
    assert!(!keys_anywhere(&page).contains("email"), "public views only");
    let (_, theirs) = get(&app, "/users/me/blocked", Some(&other)).await;
    assert_eq!(super::http::ids(&theirs), [me.id.to_hex()]);
}

/// Every block row stored, as (blocker, blocked).
async fn every_block(app: &TestApp) -> Vec<(Id, Id)> {
    let rows = app.app.store.blocks.scan(None, 1000).await.unwrap();
    rows.iter().map(|b| (b.blocker, b.blocked)).collect()
}

#[apply(both_backends)]
pub async fn deleting_an_account_removes_its_blocks_made_and_received(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = member(&app, Role::Customer).await;
    let (pest, bully, bystander) = (
        member(&app, Role::Technician).await,
        member(&app, Role::Customer).await,
        member(&app, Role::Customer).await,
    );
    for (who, whom) in [
        (&me, &pest),
        (&bully, &me),
        (&pest, &me),
        (&bully, &bystander),
    ] {
        let (status, _) = post(&app, &format!("/users/{}/block", whom.id), who, json!({})).await;
        assert_eq!(status, 200);
    }
    assert_eq!(every_block(&app).await.len(), 4);

    let (status, resp) = delete(
        &app,
        "/users/me",
        &me,
        Some(json!({"password": crate::common::users::PASSWORD})),
    )
    .await;
    assert_eq!(status, 200, "{resp}");
    assert_eq!(
        every_block(&app).await,
        [(bully.id, bystander.id)],
        "only the block between two others stays"
    );
    let (_, theirs) = get(&app, "/users/me/blocked", Some(&bully)).await;
    assert_eq!(super::http::ids(&theirs), [bystander.id.to_hex()]);
}

#[apply(both_backends)]
pub async fn a_follow_racing_a_block_never_outlives_it(#[case] b: Backend) {
    const PAIRS: usize = 40;
    let app = TestApp::spawn(b).await;
    let mut pairs = Vec::with_capacity(PAIRS);
    for _ in 0..PAIRS {
        pairs.push((
            member(&app, Role::Customer).await,
            member(&app, Role::Technician).await,
        ));
    }
    // Each pair at once: both follow each other while one blocks the other.
    let attempts = pairs.iter().map(|(me, pest)| {
        let app = &app;
        async move {
            let (out, back, block) = (
                format!("/users/{}/follow", pest.id),
                format!("/users/{}/follow", me.id),
                format!("/users/{}/block", pest.id),
            );
            let (follow_out, follow_in, blocked) = tokio::join!(
                post(app, &out, me, json!({})),
                post(app, &back, pest, json!({})),
                post(app, &block, me, json!({})),
            );
            assert_eq!(blocked.0, 200, "{}", blocked.1);
            for (status, body) in [&follow_out, &follow_in] {
                assert!(
                    *status == 200 || (*status == 403 && body["error"]["code"] == "FORBIDDEN"),
                    "{status} {body}"
                );
            }
            [follow_out.0, follow_in.0]
        }
    });
    let statuses: Vec<[u16; 2]> = futures::future::join_all(attempts).await;
    let follows = &app.app.store.follows;
    let mut left = Vec::new();
    for (me, pest) in &pairs {
        for (x, y) in [(me, pest), (pest, me)] {
            if follows.is_following(x.id, y.id).await.unwrap() {
                left.push((x.id, y.id));
            }
        }
    }
    let won = statuses.iter().flatten().filter(|s| **s == 200).count();
    assert!(
        left.is_empty(),
        "{} follows of {PAIRS} pairs outlived the block ({won} follows were answered 200): {left:?}",
        left.len(),
    );
    for u in pairs.iter().flat_map(|(me, pest)| [me, pest]) {
        let s = stored(&app, u.id).await;
        assert_eq!(
            (s.followers_count, s.following_count),
            (0, 0),
            "{}: the counters follow the edges",
            u.id
        );
    }
}
