//! `POST/DELETE /users/fcm-token`: dedupe, the per-account cap, moving a token between
//! accounts, pruning stale tokens.

use baitech::domain::Timestamp;
use baitech::domain::user::{FcmToken, Platform, Role};
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::json;

use super::http::{delete, doc, error_fields, member, post, stored};
use crate::common::{Backend, TestApp};

fn device(token: &str) -> serde_json::Value {
    json!({"token": token, "device": "iPhone 14 Pro", "platform": "ios"})
}

fn tokens_of(u: &baitech::domain::user::User) -> Vec<String> {
    u.fcm_tokens.iter().map(|t| t.token.clone()).collect()
}

#[apply(both_backends)]
pub async fn fcm_token_registration_dedupes_and_caps(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = member(&app, Role::Customer).await;
    assert_eq!(
        app.call(Method::POST, "/users/fcm-token", None, Some(device("a")))
            .await
            .0,
        401
    );

    let (status, resp) = post(&app, "/users/fcm-token", &me, device("tok-0")).await;
    assert_eq!(status, 200, "{resp}");
    let first_seen = stored(&app, me.id).await.fcm_tokens[0].last_used_at;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let (_, resp) = post(
        &app,
        "/users/fcm-token",
        &me,
        json!({"token": "tok-0", "platform": "ios"}),
    )
    .await;
    assert_eq!(
        resp["data"]["fcmTokens"].as_array().unwrap().len(),
        1,
        "re-registering does not duplicate"
    );
    let t = &stored(&app, me.id).await.fcm_tokens[0];
    assert!(
        t.last_used_at > first_seen,
        "re-registering moves lastUsedAt"
    );
    assert_eq!(
        t.device.as_deref(),
        Some("iPhone 14 Pro"),
        "a missing device name keeps the old one"
    );

    for i in 1..12 {
        assert_eq!(
            post(&app, "/users/fcm-token", &me, device(&format!("tok-{i}")))
                .await
                .0,
            200
        );
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    let tokens = tokens_of(&stored(&app, me.id).await);
    assert_eq!(tokens.len(), 10);
    assert!(
        !tokens.contains(&"tok-0".to_string()) && !tokens.contains(&"tok-1".to_string()),
        "the oldest go: {tokens:?}"
    );

    let (status, resp) = post(
        &app,
        "/users/fcm-token",
        &me,
        json!({"token": "has space", "platform": "symbian", "extra": 1}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(error_fields(&resp), ["token", "platform", "extra"]);
    let (status, resp) = post(&app, "/users/fcm-token", &me, json!({})).await;
    assert_eq!(
        (status, error_fields(&resp)),
        (400, vec!["token".to_string(), "platform".to_string()])
    );
}

#[apply(both_backends)]
pub async fn an_fcm_token_moves_to_the_account_that_registers_it(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (old, new) = (
        member(&app, Role::Customer).await,
        member(&app, Role::Technician).await,
    );
    assert_eq!(
        post(&app, "/users/fcm-token", &old, device("shared-phone"))
            .await
            .0,
        200
    );
    assert_eq!(
        post(&app, "/users/fcm-token", &old, device("old-own"))
            .await
            .0,
        200
    );
    assert_eq!(
        post(
            &app,
            "/users/fcm-token",
            &new,
            json!({"token": "shared-phone", "platform": "android"})
        )
        .await
        .0,
        200
    );
    assert_eq!(tokens_of(&stored(&app, old.id).await), ["old-own"]);
    let moved = stored(&app, new.id).await;
    assert_eq!(tokens_of(&moved), ["shared-phone"]);
    assert_eq!(moved.fcm_tokens[0].platform, Platform::Android);
}

#[apply(both_backends)]
pub async fn stale_fcm_tokens_are_pruned_and_tokens_can_be_removed(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let mut doc = doc(Role::Customer, 7);
    let long_ago = Timestamp::now().minus(chrono::Duration::days(61));
    let recent = Timestamp::now().minus(chrono::Duration::days(59));
    doc.fcm_tokens = vec![
        FcmToken {
            token: "stale".into(),
            device: None,
            platform: Platform::Android,
            added_at: long_ago,
            last_used_at: Some(long_ago),
        },
        FcmToken {
            token: "recent".into(),
            device: None,
            platform: Platform::Web,
            added_at: recent,
            last_used_at: None,
        },
    ];
    let me = app.add_user(doc).await;
    assert_eq!(
        post(&app, "/users/fcm-token", &me, device("new")).await.0,
        200
    );
    assert_eq!(tokens_of(&stored(&app, me.id).await), ["recent", "new"]);

    let (status, resp) = delete(
        &app,
        "/users/fcm-token",
        &me,
        Some(json!({"token": "recent"})),
    )
    .await;
    assert_eq!(
        (status, resp["data"]["removed"].as_bool()),
        (200, Some(true))
    );
    let (_, resp) = delete(
        &app,
        "/users/fcm-token",
        &me,
        Some(json!({"token": "recent"})),
    )
    .await;
    assert_eq!(resp["data"]["removed"], false, "removing again is harmless");
    assert_eq!(tokens_of(&stored(&app, me.id).await), ["new"]);
    let (status, resp) = delete(&app, "/users/fcm-token", &me, Some(json!({}))).await;
    assert_eq!(
        (status, error_fields(&resp)),
        (400, vec!["token".to_string()])
    );
}
