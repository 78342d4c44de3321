//! Conversations over HTTP: one direct conversation per pair, groups and their admins,
//! settings and the inbox order, deleting for oneself, the booking's conversation, and 403 for
//! non-participants on every route.

use baitech::domain::user::Role;
use chrono::Duration;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{customer_and_technician, direct_id, id_of, open_direct, say};
use crate::bookings::{Cast, book, person};
use crate::common::{Backend, TestApp, both_backends};

#[apply(both_backends)]
async fn a_direct_conversation_is_found_again_rather_than_duplicated(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (a, c) = (
        person(&app, Role::Customer).await,
        person(&app, Role::Technician).await,
    );
    let (s, first) = open_direct(&app, &a, &c).await;
    assert_eq!(s, 201, "{first}");
    let (s, again) = open_direct(&app, &c, &a).await;
    assert_eq!(s, 200, "the other side finds the same one: {again}");
    assert_eq!(first["_id"], again["_id"]);
    assert_eq!(first["type"], "direct");
    assert_eq!(first["participants"].as_array().unwrap().len(), 2);
    let (s, body) = app
        .call(
            Method::POST,
            "/conversations",
            Some(&a),
            Some(json!({"participantId": a.id.to_hex()})),
        )
        .await;
    assert_eq!(s, 400, "not with oneself: {body}");
    let (s, body) = app
        .call(
            Method::POST,
            "/conversations",
            Some(&a),
            Some(json!({"type": "booking"})),
        )
        .await;
    assert_eq!(
        (s, body["error"]["details"][0]["field"].as_str()),
        (400, Some("type"))
    );
}

#[apply(both_backends)]
async fn the_inbox_lists_pinned_first_then_by_last_message_with_unread_counts(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = person(&app, Role::Customer).await;
    let mut others = Vec::new();
    for _ in 0..3 {
        others.push(person(&app, Role::Technician).await);
    }
    let mut convs = Vec::new();
    for o in &others {
        let c = direct_id(&app, &me, o).await;
        say(&app, o, c, "habari").await;
        convs.push(c);
    }
    say(&app, &others[0], convs[0], "again").await;
    let (s, body) = app
        .call(Method::PUT, &format!("/conversations/{}/settings", convs[1]), Some(&me), Some(json!({"pinned": true, "mutedUntil": "2099-01-01T00:00:00Z", "notificationLevel": "mentions"})))
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["data"]["settings"]["pinned"], true);
    assert_eq!(body["data"]["settings"]["muted"], true);
    assert_eq!(body["data"]["settings"]["notificationLevel"], "mentions");
    let (s, body) = app
        .call(Method::GET, "/conversations", Some(&me), None)
        .await;
    assert_eq!(s, 200, "{body}");
    let listed: Vec<_> = body["data"].as_array().unwrap().iter().map(id_of).collect();
    assert_eq!(
        listed,
        vec![convs[1], convs[0], convs[2]],
        "pinned, then newest"
    );
    let unread: Vec<_> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["unreadCount"].as_i64().unwrap())
        .collect();
    assert_eq!(unread, vec![1, 2, 1]);
    assert_eq!(body["data"][1]["lastMessage"]["preview"], "again");

    let (s, body) = app
        .call(
            Method::PUT,
            &format!("/conversations/{}/settings", convs[1]),
            Some(&me),
            Some(json!({"notificationLevel": "loud", "pinned": "yes"})),
        )
        .await;
    assert_eq!(s, 400, "{body}");
}

#[apply(both_backends)]
async fn deleting_a_conversation_hides_its_history_for_that_user_only(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (a, c, conv) = customer_and_technician(&app).await;
    say(&app, &a, conv, "old news").await;
    let (s, _) = app
        .call(
            Method::DELETE,
            &format!("/conversations/{conv}"),
            Some(&a),
            None,
        )
        .await;
    assert_eq!(s, 200);
    let (_, list) = app
        .call(Method::GET, "/conversations", Some(&a), None)
        .await;
    assert_eq!(
        list["data"].as_array().unwrap().len(),
        0,
        "gone from the list"
    );
    let (_, theirs) = app
        .call(
            Method::GET,
            &format!("/conversations/{conv}/messages"),
            Some(&c),
            None,
        )
        .await;
    assert_eq!(
        theirs["data"].as_array().unwrap().len(),
        1,
        "the other side keeps it"
    );

    say(&app, &c, conv, "new news").await;
    let (_, list) = app
        .call(Method::GET, "/conversations", Some(&a), None)
        .await;
    assert_eq!(
        list["data"].as_array().unwrap().len(),
        1,
        "back with a new message"
    );
    assert_eq!(list["data"][0]["unreadCount"], 1);
    let (_, mine) = app
        .call(
            Method::GET,
            &format!("/conversations/{conv}/messages"),
            Some(&a),
            None,
        )
        .await;
    let texts: Vec<_> = mine["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["content"].clone())
        .collect();
    assert_eq!(
        texts,
        vec![json!("new news")],
        "the old history stays hidden"
    );
}

#[apply(both_backends)]
async fn groups_are_run_by_their_admins_and_members_may_leave(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = person(&app, Role::Customer).await;
    let (m1, m2, m3) = (
        person(&app, Role::Technician).await,
        person(&app, Role::Technician).await,
        person(&app, Role::Customer).await,
    );
    let (s, body) = app
        .call(Method::POST, "/conversations", Some(&owner), Some(json!({"type": "group", "name": "Estate repairs", "participants": [m1.id.to_hex(), m2.id.to_hex()]})))
        .await;
    assert_eq!(s, 201, "{body}");
    let g = id_of(&body["data"]);
    assert_eq!(body["data"]["participants"][0]["role"], "owner");
    let (s, _) = app
        .call(
            Method::PUT,
            &format!("/conversations/{g}"),
            Some(&m1),
            Some(json!({"name": "Mine"})),
        )
        .await;
    assert_eq!(s, 403, "members do not rename");
    let (s, body) = app
        .call(
            Method::PUT,
            &format!("/conversations/{g}"),
            Some(&owner),
            Some(json!({"name": "Block C"})),
        )
        .await;
    assert_eq!((s, body["data"]["name"].as_str()), (200, Some("Block C")));
    let add = format!("/conversations/{g}/participants");
    let (s, _) = app
        .call(
            Method::POST,
            &add,
            Some(&m1),
            Some(json!({"userIds": [m3.id.to_hex()]})),
        )
        .await;
    assert_eq!(s, 403);
    let (s, body) = app
        .call(
            Method::POST,
            &add,
            Some(&owner),
            Some(json!({"userIds": [m3.id.to_hex()]})),
        )
        .await;
    assert_eq!(
        (s, body["data"]["participants"].as_array().unwrap().len()),
        (200, 4)
    );
    let (s, _) = app
        .call(Method::DELETE, &format!("{add}/{}", m2.id), Some(&m1), None)
        .await;
    assert_eq!(s, 403, "members remove only themselves");
    let (s, body) = app
        .call(Method::DELETE, &format!("{add}/{}", m1.id), Some(&m1), None)
        .await;
    assert_eq!(
        (s, body["data"]["participants"].as_array().unwrap().len()),
        (200, 3),
        "left"
    );
    let (s, _) = app
        .call(
            Method::GET,
            &format!("/conversations/{g}/messages"),
            Some(&m1),
            None,
        )
        .await;
    assert_eq!(s, 403, "a member who left reads no more");
    let (s, _) = app
        .call(
            Method::DELETE,
            &format!("{add}/{}", m2.id),
            Some(&owner),
            None,
        )
        .await;
    assert_eq!(s, 200, "an admin removes a member");
}

#[apply(both_backends)]
async fn strangers_get_403_on_every_route_including_search(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (a, c, x) = (
        person(&app, Role::Customer).await,
        person(&app, Role::Technician).await,
        person(&app, Role::Customer).await,
    );
    let conv = direct_id(&app, &a, &c).await;
    let m = id_of(&say(&app, &a, conv, "private").await);
    let routes = [
        (Method::GET, format!("/conversations/{conv}"), None),
        (
            Method::PUT,
            format!("/conversations/{conv}"),
            Some(json!({"name": "x"})),
        ),
        (Method::DELETE, format!("/conversations/{conv}"), None),
        (
            Method::POST,
            format!("/conversations/{conv}/participants"),
            Some(json!({"userIds": [x.id.to_hex()]})),
        ),
        (
            Method::DELETE,
            format!("/conversations/{conv}/participants/{}", a.id),
            None,
        ),
        (
            Method::PUT,
            format!("/conversations/{conv}/settings"),
            Some(json!({"pinned": true})),
        ),
        (
            Method::PUT,
            format!("/conversations/{conv}/read"),
            Some(json!({})),
        ),
        (Method::GET, format!("/conversations/{conv}/messages"), None),
        (
            Method::POST,
            format!("/conversations/{conv}/messages"),
            Some(json!({"content": "hi"})),
        ),
        (
            Method::GET,
            format!("/conversations/{conv}/messages/search?q=priv"),
            None,
        ),
        (
            Method::PUT,
            format!("/messages/{m}"),
            Some(json!({"content": "mine now"})),
        ),
        (Method::DELETE, format!("/messages/{m}?scope=me"), None),
        (Method::PUT, format!("/messages/{m}/read"), None),
        (
            Method::POST,
            format!("/messages/{m}/reactions"),
            Some(json!({"emoji": "👍"})),
        ),
    ];
    for (method, path, body) in routes {
        let (s, answer) = app.call(method.clone(), &path, Some(&x), body).await;
        assert_eq!(s, 403, "{method} {path}: {answer}");
        assert_eq!(answer["error"]["code"], "FORBIDDEN");
    }
}

#[apply(both_backends)]
async fn a_booking_gets_its_conversation_when_it_gets_its_technician(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let (booking, _) = book(
        &app,
        &cast.customer,
        Duration::days(2),
        Some(cast.technician.id),
    )
    .await;
    let path = format!("/bookings/{booking}/conversation");
    let (s, body) = app
        .call(Method::GET, &path, Some(&cast.technician), None)
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["data"]["type"], "booking");
    assert_eq!(body["data"]["booking"], booking.to_hex());
    let members: Vec<_> = body["data"]["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["user"].clone())
        .collect();
    assert_eq!(
        members,
        vec![
            json!(cast.customer.id.to_hex()),
            json!(cast.technician.id.to_hex())
        ]
    );
    let conv = id_of(&body["data"]);
    let (s, again) = app
        .call(Method::GET, &path, Some(&cast.customer), None)
        .await;
    assert_eq!(
        (s, id_of(&again["data"])),
        (200, conv),
        "one conversation per booking"
    );
    say(&app, &cast.customer, conv, "Gate B please").await;
    let (s, _) = app.call(Method::GET, &path, Some(&cast.admin), None).await;
    assert_eq!(
        s, 403,
        "an admin reads it only while the booking is disputed"
    );
    let stranger = person(&app, Role::Customer).await;
    let (s, _) = app.call(Method::GET, &path, Some(&stranger), None).await;
    assert_eq!(
        s, 404,
        "a booking the caller may not see does not exist for them"
    );
}

#[apply(both_backends)]
async fn a_support_conversation_is_read_and_answered_by_the_support_team_only(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let (s, body) = app
        .call(
            Method::POST,
            "/conversations",
            Some(&cast.customer),
            Some(json!({"type": "support"})),
        )
        .await;
    assert_eq!(s, 201, "{body}");
    assert_eq!(body["data"]["type"], "support");
    let conv = id_of(&body["data"]);
    say(&app, &cast.customer, conv, "my M-Pesa payment failed").await;
    let messages = format!("/conversations/{conv}/messages");
    for staff in [&cast.support, &cast.admin] {
        let (s, body) = app.call(Method::GET, &messages, Some(staff), None).await;
        assert_eq!(s, 200, "{:?} reads: {body}", staff.role);
        assert_eq!(body["data"][0]["content"], "my M-Pesa payment failed");
    }
    let answer = say(&app, &cast.support, conv, "Looking into it now").await;
    assert_eq!(answer["sender"], cast.support.id.to_hex());
    let (s, body) = app
        .call(Method::GET, &messages, Some(&cast.customer), None)
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["data"].as_array().unwrap().len(), 2, "{body}");
    for outsider in [&cast.technician, &cast.corporate] {
        let (s, body) = app.call(Method::GET, &messages, Some(outsider), None).await;
        assert_eq!(s, 403, "{:?} is not support staff: {body}", outsider.role);
        let (s, _) = app
            .call(
                Method::POST,
                &messages,
                Some(outsider),
                Some(json!({"content": "hi"})),
            )
            .await;
        assert_eq!(s, 403);
    }
}
