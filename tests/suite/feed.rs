//! The social feed over real HTTP against both storage adapters: posts and who may see them,
//! engagement and its counters, comments and reports, the ranked feed and explore (with the
//! scroll that holds while likes land), and the write-time moderation screen.

mod blocks;
mod engagement;
mod moderation;
mod posts;
mod ranking;

use baitech::domain::Id;
use baitech::domain::post::Post;
use baitech::domain::ranking::hot_score;
use baitech::domain::user::{Role, User};
use baitech::domain::{Email, Timestamp};
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::users::{TestUser, user_doc};
use crate::common::{Answer, Backend, TestApp};
use crate::store::builders::post as post_doc;

/// A server whose accounts are never "new" to the velocity check, so tests may post freely.
async fn spawn(b: Backend) -> TestApp {
    TestApp::spawn_with_env(b, vec![("MODERATION_NEW_ACCOUNT_DAYS".into(), "0".into())]).await
}

/// `method /api/v1{path}` as `who` with `body`.
async fn send(
    app: &TestApp,
    method: Method,
    path: impl Into<String>,
    who: Option<&TestUser>,
    body: Option<Value>,
) -> Answer {
    let path = path.into();
    app.send(method, &format!("/api/v1{path}"), who, body).await
}

/// `who` writes a post; the stored post's JSON (`data`).
async fn write(app: &TestApp, who: &TestUser, body: Value) -> Value {
    let a = send(app, Method::POST, "/posts", Some(who), Some(body)).await;
    assert_eq!(a.status, 201, "{}", a.body);
    a.body["data"].clone()
}

/// A public text post by `who` saying `content`; its id.
async fn say(app: &TestApp, who: &TestUser, content: &str) -> String {
    let p = write(app, who, json!({ "content": content })).await;
    p["_id"].as_str().expect("an id").to_string()
}

/// `a` follows `b`.
async fn follow(app: &TestApp, a: &TestUser, b: &TestUser) {
    let r = send(
        app,
        Method::POST,
        &format!("/users/{}/follow", b.id),
        Some(a),
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

/// The ids of a list answer's `data`.
fn ids(a: &Answer) -> Vec<String> {
    a.body["data"]
        .as_array()
        .unwrap_or_else(|| panic!("a list: {}", a.body))
        .iter()
        .map(|p| p["_id"].as_str().unwrap().to_string())
        .collect()
}

/// Every page of `path` (which has no query yet unless it ends with `&`), following
/// `nextCursor`; the ids in order.
async fn walk(app: &TestApp, who: Option<&TestUser>, path: &str, limit: u32) -> Vec<String> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..200 {
        let url = match &cursor {
            Some(c) => format!("{path}{sep}limit={limit}&cursor={c}"),
            None => format!("{path}{sep}limit={limit}"),
        };
        let a = send(app, Method::GET, &url, who, None).await;
        assert_eq!(a.status, 200, "{url}: {}", a.body);
        out.extend(ids(&a));
        match a.body["pagination"]["nextCursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return out,
        }
    }
    panic!("{path} never ended");
}

/// A user with a handle, for mentions.
async fn named(app: &TestApp, role: Role, handle: &str) -> TestUser {
    let mut u: User = user_doc(role, 900);
    u.username = Some(handle.to_string());
    u.email = Email::parse(&format!("{handle}.{}@example.co.ke", &u.id.to_hex()[16..])).unwrap();
    app.add_user(u).await
}

/// A public approved post by `author` stored directly, with a hot score from `likes` at
/// `created` (seconds from now).
fn ranked_post(app: &TestApp, author: Id, content: &str, likes: i64, created: i64) -> Post {
    let mut p = post_doc(author, content);
    p.created_at = Timestamp::from_millis(Timestamp::now().millis() + created * 1000);
    p.engagement.likes = likes;
    p.engagement_score = hot_score(&p.engagement, p.created_at, &app.app.config.feed.ranking);
    p
}
