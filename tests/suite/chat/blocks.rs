//! Chat across a block: neither side opens a conversation with the other or brings them into
//! a group, and their direct conversation stays readable but takes no new message, edit or
//! reaction from either; groups of others and the booking's conversation go on.

use baitech::domain::Id;
use baitech::domain::user::Role;
use chrono::Duration;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use super::{customer_and_technician, id_of, say, send};
use crate::bookings::{book, person};
use crate::common::users::TestUser;
use crate::common::{Backend, TestApp, both_backends};

/// `who` blocks (`on`) or unblocks `whom`.
async fn block(app: &TestApp, who: &TestUser, whom: &TestUser, on: bool) {
    let method = if on { Method::POST } else { Method::DELETE };
    let (s, b) = app
        .call(
            method,
            &format!("/users/{}/block", whom.id),
            Some(who),
            None,
        )
        .await;
    assert_eq!(s, 200, "{b}");
}

/// Asserts a refusal because of the block: 403 `FORBIDDEN` whose message says so.
fn refused(what: &str, (status, body): (u16, Value)) {
    assert_eq!(status, 403, "{what}: {body}");
    assert_eq!(body["error"]["code"], "FORBIDDEN", "{what}: {body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("block"), "{what}: {message}");
}

/// The contents of `conv`'s history as `who` reads it, oldest first.
async fn history(app: &TestApp, who: &TestUser, conv: Id) -> Vec<String> {
    let (s, b) = app
        .call(
            Method::GET,
            &format!("/conversations/{conv}/messages?after=0"),
            Some(who),
            None,
        )
        .await;
    assert_eq!(s, 200, "{b}");
    b["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["content"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// `POST /conversations` of a direct conversation; (status, whole body).
async fn direct(app: &TestApp, who: &TestUser, other: &TestUser) -> (u16, Value) {
    app.call(
        Method::POST,
        "/conversations",
        Some(who),
        Some(json!({"type": "direct", "participantId": other.id.to_hex()})),
    )
    .await
}

/// `POST /conversations` of a group of `who` and `members`; (status, whole body).
async fn group(app: &TestApp, who: &TestUser, members: &[&TestUser]) -> (u16, Value) {
    let ids: Vec<String> = members.iter().map(|m| m.id.to_hex()).collect();
    app.call(
        Method::POST,
        "/conversations",
        Some(who),
        Some(json!({"type": "group", "name": "Mtaa fundis", "participants": ids})),
    )
    .await
}

#[apply(both_backends)]
async fn a_block_stops_new_conversations_and_messages_between_the_two_both_ways(
    #[case] b: Backend,
) {
    let app = TestApp::spawn(b).await;
    let (client, fundi, conv) = customer_and_technician(&app).await;
    let friend = person(&app, Role::Customer).await;
    let hello = say(&app, &client, conv, "Habari, are you free on Monday?").await;
    let reply = say(&app, &fundi, conv, "Yes, from 9").await;
    block(&app, &client, &fundi, true).await;

    for (who, other) in [(&client, &fundi), (&fundi, &client)] {
        refused(
            "a message",
            send(&app, who, conv, json!({"content": "still there?"})).await,
        );
        refused(
            "a message with a client id",
            send(&app, who, conv, json!({"content": "x", "clientId": "c-9"})).await,
        );
        refused(
            "reopening the direct conversation",
            direct(&app, who, other).await,
        );
        refused(
            "a group with the other",
            group(&app, who, &[other, &friend]).await,
        );
        assert_eq!(
            history(&app, who, conv).await,
            ["Habari, are you free on Monday?", "Yes, from 9"],
            "the conversation stays readable"
        );
    }
    let edit = app
        .call(
            Method::PUT,
            &format!("/messages/{}", id_of(&hello)),
            Some(&client),
            Some(json!({"content": "edited across the block"})),
        )
        .await;
    refused("an edit", edit);
    let react = app
        .call(
            Method::POST,
            &format!("/messages/{}/reactions", id_of(&hello)),
            Some(&fundi),
            Some(json!({"emoji": "👍"})),
        )
        .await;
    refused("a reaction", react);
    let (s, _) = app
        .call(
            Method::DELETE,
            &format!("/messages/{}?scope=me", id_of(&reply)),
            Some(&fundi),
            None,
        )
        .await;
    assert_eq!(s, 200, "deleting one's own copy still works");

    // A group of the client's without the fundi cannot take the fundi in either.
    let (s, g) = group(&app, &client, &[&friend]).await;
    assert_eq!(s, 201, "{g}");
    let crew = id_of(&g["data"]);
    let add = app
        .call(
            Method::POST,
            &format!("/conversations/{crew}/participants"),
            Some(&client),
            Some(json!({"userIds": [fundi.id.to_hex()]})),
        )
        .await;
    refused("adding the other to a group", add);
    // Someone else's group with both of them goes on.
    let (s, g) = group(&app, &friend, &[&client, &fundi]).await;
    assert_eq!(s, 201, "{g}");
    let theirs = id_of(&g["data"]);
    say(&app, &client, theirs, "hello all").await;
    say(&app, &fundi, theirs, "hello").await;

    block(&app, &client, &fundi, false).await;
    say(&app, &fundi, conv, "Monday then").await;
    let (s, d) = direct(&app, &client, &fundi).await;
    assert_eq!((s, &d["data"]["_id"]), (200, &json!(conv.to_hex())));
}

#[apply(both_backends)]
async fn a_block_leaves_the_bookings_conversation_working(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let client = person(&app, Role::Customer).await;
    let fundi = person(&app, Role::Technician).await;
    let (booking, _) = book(&app, &client, Duration::days(2), Some(fundi.id)).await;
    let (s, c) = app
        .call(
            Method::GET,
            &format!("/bookings/{booking}/conversation"),
            Some(&fundi),
            None,
        )
        .await;
    assert_eq!(s, 200, "{c}");
    let conv = id_of(&c["data"]);
    block(&app, &fundi, &client, true).await;
    say(&app, &client, conv, "The gate code is 4411").await;
    say(&app, &fundi, conv, "On my way").await;
}
