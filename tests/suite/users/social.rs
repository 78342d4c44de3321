//! Following: idempotent edges, counters on both accounts, paged lists of public views.

use baitech::domain::Id;
use baitech::domain::user::Role;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;

use super::http::{
    delete, error_fields, get, keys_anywhere, member, post, stored, walk_pages, with_bad_token,
};
use crate::common::{Backend, TestApp};

#[apply(both_backends)]
pub async fn follow_is_idempotent_and_moves_both_counters(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (fan, tech) = (
        member(&app, Role::Customer).await,
        member(&app, Role::Technician).await,
    );
    let path = format!("/users/{}/follow", tech.id);
    let body = serde_json::json!({});

    let (status, resp) = post(&app, &path, &fan, body.clone()).await;
    assert_eq!(status, 200, "{resp}");
    assert_eq!(
        (
            resp["data"]["following"].as_bool(),
            resp["data"]["changed"].as_bool(),
            resp["data"]["followersCount"].as_i64()
        ),
        (Some(true), Some(true), Some(1))
    );
    let (_, resp) = post(&app, &path, &fan, body).await;
    assert_eq!(
        (
            resp["data"]["changed"].as_bool(),
            resp["data"]["followersCount"].as_i64()
        ),
        (Some(false), Some(1)),
        "a repeat changes nothing"
    );
    assert_eq!(stored(&app, tech.id).await.followers_count, 1);
    assert_eq!(stored(&app, fan.id).await.following_count, 1);
    let (_, profile) = get(&app, &format!("/users/{}", tech.id), None).await;
    assert_eq!(profile["data"]["followersCount"], 1);

    let (status, resp) = delete(&app, &path, &fan, None).await;
    assert_eq!(status, 200, "{resp}");
    assert_eq!(
        (
            resp["data"]["following"].as_bool(),
            resp["data"]["changed"].as_bool(),
            resp["data"]["followersCount"].as_i64()
        ),
        (Some(false), Some(true), Some(0))
    );
    let (_, resp) = delete(&app, &path, &fan, None).await;
    assert_eq!(resp["data"]["changed"], false);
    assert_eq!(stored(&app, tech.id).await.followers_count, 0);
    assert_eq!(stored(&app, fan.id).await.following_count, 0);
}

#[apply(both_backends)]
pub async fn follow_refuses_yourself_unknown_users_and_anonymous_callers(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = member(&app, Role::Customer).await;
    let (status, resp) = post(
        &app,
        &format!("/users/{}/follow", me.id),
        &me,
        serde_json::json!({}),
    )
    .await;
    assert_eq!((status, error_fields(&resp)), (400, vec!["id".to_string()]));
    let (status, _) = post(
        &app,
        &format!("/users/{}/follow", Id::new()),
        &me,
        serde_json::json!({}),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = delete(&app, &format!("/users/{}/follow", Id::new()), &me, None).await;
    assert_eq!(status, 404);
    let (status, resp) = post(&app, "/users/12345/follow", &me, serde_json::json!({})).await;
    assert_eq!((status, error_fields(&resp)), (400, vec!["id".to_string()]));
    let other = member(&app, Role::Customer).await;
    let path = format!("/users/{}/follow", other.id);
    assert_eq!(app.call(Method::POST, &path, None, None).await.0, 401);
    assert_eq!(with_bad_token(&app, Method::POST, &path).await, 401);
    assert_eq!(
        get(&app, &format!("/users/{}/followers", other.id), None)
            .await
            .0,
        401
    );
}

#[apply(both_backends)]
pub async fn follower_lists_page_through_public_views(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let star = member(&app, Role::Technician).await;
    let mut fans = Vec::new();
    for _ in 0..5 {
        let fan = member(&app, Role::Customer).await;
        assert_eq!(
            post(
                &app,
                &format!("/users/{}/follow", star.id),
                &fan,
                serde_json::json!({})
            )
            .await
            .0,
            200
        );
        fans.push(fan.id.to_hex());
    }
    let viewer = &member(&app, Role::Customer).await;
    let walked = walk_pages(
        &app,
        &format!("/users/{}/followers?limit=2", star.id),
        Some(viewer),
    )
    .await;
    let mut newest_first = fans.clone();
    newest_first.reverse();
    assert_eq!(walked, newest_first);
    let (_, page) = get(
        &app,
        &format!("/users/{}/followers?limit=5", star.id),
        Some(viewer),
    )
    .await;
    assert!(!keys_anywhere(&page).contains("email"), "public views only");

    let fan = member(&app, Role::Customer).await;
    for target in [&star.id, &Id::parse(&fans[0]).unwrap()] {
        post(
            &app,
            &format!("/users/{target}/follow"),
            &fan,
            serde_json::json!({}),
        )
        .await;
    }
    let (status, page) = get(&app, &format!("/users/{}/following", fan.id), Some(viewer)).await;
    assert_eq!(status, 200);
    assert_eq!(super::http::ids(&page), [fans[0].clone(), star.id.to_hex()]);
    let (status, resp) = get(
        &app,
        &format!("/users/{}/following?limit=500", fan.id),
        Some(viewer),
    )
    .await;
    assert_eq!(
        (status, error_fields(&resp)),
        (400, vec!["limit".to_string()])
    );
}
