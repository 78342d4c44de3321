//! Every decision of the write-time screen, over HTTP: what it stores and who then sees the
//! post or comment.

use baitech::domain::user::Role;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{ids, say, send, spawn, write};
use crate::common::{Backend, TestApp, both_backends};

#[apply(both_backends)]
async fn every_screen_decision_decides_who_sees_the_post(#[case] b: Backend) {
    let app = spawn(b).await;
    let author = app.user(Role::Technician).await;
    let reader = app.user(Role::Customer).await;
    for (content, status, reasons, others) in [
        (
            "Fixed a leaking sink in Kilimani today",
            "approved",
            json!([]),
            200,
        ),
        (
            "Nimemaliza kazi ya wiring Westlands leo",
            "approved",
            json!([]),
            200,
        ),
        (
            "Cheap repairs, call me on 0712 000 112",
            "pending_review",
            json!(["spam"]),
            404,
        ),
        (
            "Best deals at www.cheapfundi.example",
            "pending_review",
            json!(["spam"]),
            404,
        ),
        (
            "Huyu fundi ni fala kabisa",
            "pending_review",
            json!(["profanity"]),
            404,
        ),
        (
            "BEST FUNDI IN NAIROBI CALL NOW FOR ALL REPAIRS",
            "pending_review",
            json!(["shouting"]),
            404,
        ),
        (
            "buy buy buy buy buy buy buy buy now",
            "pending_review",
            json!(["repetition"]),
            404,
        ),
        ("wewe ni msenge", "rejected", json!(["profanity"]), 404),
        (
            "Tuma pesa 0712000112 double your money at win.com",
            "rejected",
            json!(["spam"]),
            404,
        ),
    ] {
        let p = write(&app, &author, json!({ "content": content })).await;
        assert_eq!(
            p["moderation"]["status"], status,
            "{content}: {}",
            p["moderation"]
        );
        assert_eq!(p["moderation"]["reasons"], reasons, "{content}");
        assert_eq!(p["moderation"]["scores"].as_object().unwrap().len(), 5);
        let id = p["_id"].as_str().unwrap();
        let seen = send(
            &app,
            Method::GET,
            &format!("/posts/{id}"),
            Some(&reader),
            None,
        )
        .await;
        assert_eq!(seen.status, others, "{content}");
        let own = send(
            &app,
            Method::GET,
            &format!("/posts/{id}"),
            Some(&author),
            None,
        )
        .await;
        assert_eq!(own.status, 200, "{content}: the author sees it");
    }
    let explore = send(
        &app,
        Method::GET,
        "/posts/explore?limit=50",
        Some(&reader),
        None,
    )
    .await;
    assert_eq!(ids(&explore).len(), 2, "only approved posts are explored");
}

#[apply(both_backends)]
async fn new_accounts_posting_fast_are_held_for_review(#[case] b: Backend) {
    let app = TestApp::spawn(b).await; // default settings: accounts under 7 days are new
    let newcomer = app.user(Role::Technician).await;
    for i in 0..5 {
        let p = write(
            &app,
            &newcomer,
            json!({ "content": format!("Post number {i}") }),
        )
        .await;
        assert_eq!(p["moderation"]["status"], "approved", "post {i}");
    }
    let p = write(&app, &newcomer, json!({ "content": "One more" })).await;
    assert_eq!(p["moderation"]["status"], "pending_review");
    assert_eq!(p["moderation"]["reasons"], json!(["velocity"]));
}

#[apply(both_backends)]
async fn the_thresholds_are_settings(#[case] b: Backend) {
    let env = vec![
        ("MODERATION_REVIEW_AT".to_string(), "0.99".to_string()),
        ("MODERATION_REJECT_AT".to_string(), "1".to_string()),
        ("MODERATION_NEW_ACCOUNT_DAYS".to_string(), "0".to_string()),
    ];
    let app = TestApp::spawn_with_env(b, env).await;
    let author = app.user(Role::Technician).await;
    let p = write(
        &app,
        &author,
        json!({ "content": "Cheap repairs, call me on 0712 000 112" }),
    )
    .await;
    assert_eq!(p["moderation"]["status"], "approved");
}

#[apply(both_backends)]
async fn comments_are_screened_too(#[case] b: Backend) {
    let app = spawn(b).await;
    let author = app.user(Role::Technician).await;
    let rude = app.user(Role::Customer).await;
    let id = say(&app, &author, "ask me anything").await;
    let path = format!("/posts/{id}/comment");
    let c = send(
        &app,
        Method::POST,
        &path,
        Some(&rude),
        Some(json!({"content": "wewe ni mjinga"})),
    )
    .await;
    assert_eq!(c.status, 201, "{}", c.body);
    assert_eq!(c.body["data"]["moderation"]["status"], "pending_review");
    let listed = send(
        &app,
        Method::GET,
        &format!("/posts/{id}/comments"),
        Some(&author),
        None,
    )
    .await;
    assert!(
        ids(&listed).is_empty(),
        "held comments show only to their author"
    );
    let own = send(
        &app,
        Method::GET,
        &format!("/posts/{id}/comments"),
        Some(&rude),
        None,
    )
    .await;
    assert_eq!(ids(&own).len(), 1);
    let p = send(&app, Method::GET, &format!("/posts/{id}"), None, None).await;
    assert_eq!(
        p.body["data"]["engagement"]["comments"], 0,
        "a held comment is not counted"
    );
}
