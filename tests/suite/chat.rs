//! Chat over HTTP on both storage adapters: conversations (direct found again, groups,
//! settings, delete for me, the booking's conversation), messages (kinds, idempotent sends,
//! history by number, watermarks and receipts, edit history, deletion, reactions, search), and
//! 403 for everyone outside a conversation; and the Socket.IO endpoint with the real
//! JavaScript client.

mod blocks;
mod conversations;
mod messages;
pub mod socket;

use baitech::domain::Id;
use baitech::domain::user::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::TestApp;
use crate::common::users::TestUser;

/// `POST /conversations` of a direct conversation with `other`; (status, data).
pub async fn open_direct(app: &TestApp, me: &TestUser, other: &TestUser) -> (u16, Value) {
    let (s, b) = app
        .call(
            Method::POST,
            "/conversations",
            Some(me),
            Some(json!({"type": "direct", "participantId": other.id.to_hex()})),
        )
        .await;
    (s, b["data"].clone())
}

/// A new customer and a new technician, and the direct conversation between them.
pub async fn customer_and_technician(app: &TestApp) -> (TestUser, TestUser, Id) {
    let customer = crate::bookings::person(app, Role::Customer).await;
    let technician = crate::bookings::person(app, Role::Technician).await;
    let conv = direct_id(app, &customer, &technician).await;
    (customer, technician, conv)
}

/// The id of a direct conversation between the two.
pub async fn direct_id(app: &TestApp, me: &TestUser, other: &TestUser) -> Id {
    let (s, d) = open_direct(app, me, other).await;
    assert!(s == 201 || s == 200, "{d}");
    Id::parse(d["_id"].as_str().unwrap()).unwrap()
}

/// Sends `body` to the conversation; (status, whole body).
pub async fn send(app: &TestApp, who: &TestUser, conv: Id, body: Value) -> (u16, Value) {
    app.call(
        Method::POST,
        &format!("/conversations/{conv}/messages"),
        Some(who),
        Some(body),
    )
    .await
}

/// Sends a text and returns the stored message.
pub async fn say(app: &TestApp, who: &TestUser, conv: Id, text: &str) -> Value {
    let (s, b) = send(app, who, conv, json!({"content": text})).await;
    assert_eq!(s, 201, "{b}");
    b["data"].clone()
}

/// The id in `v["_id"]`.
pub fn id_of(v: &Value) -> Id {
    Id::parse(v["_id"].as_str().expect("an _id")).expect("an id")
}
