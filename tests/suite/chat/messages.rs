//! Messages over HTTP: kinds and their checks, idempotent sends, history by number, read
//! watermarks and "read by k of n", edits with their history, deletion for me and for
//! everyone (kept under dispute), reactions and prefix search.

use baitech::domain::booking::BookingStatus;
use baitech::domain::user::Role;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{customer_and_technician, direct_id, id_of, say, send};
use crate::bookings::{Cast, fields, person, stored};
use crate::common::{Backend, TestApp, both_backends};

#[apply(both_backends)]
async fn messages_are_numbered_and_a_retried_client_id_is_stored_once(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (a, c, conv) = customer_and_technician(&app).await;
    let one = say(&app, &a, conv, "first").await;
    assert_eq!(one["seq"], 1);
    let body = json!({"content": "queued offline", "clientId": "phone-42"});
    let (s, first) = send(&app, &a, conv, body.clone()).await;
    assert_eq!(
        (s, first["data"]["seq"].as_i64()),
        (201, Some(2)),
        "{first}"
    );
    let (s, again) = send(&app, &a, conv, body).await;
    assert_eq!(s, 200, "a retry answers with the first send: {again}");
    assert_eq!(again["data"]["_id"], first["data"]["_id"]);
    let (_, other) = send(
        &app,
        &c,
        conv,
        json!({"content": "mine", "clientId": "phone-42"}),
    )
    .await;
    assert_eq!(other["data"]["seq"], 3, "client ids are per sender");
    let (_, history) = app
        .call(
            Method::GET,
            &format!("/conversations/{conv}/messages"),
            Some(&c),
            None,
        )
        .await;
    let seqs: Vec<_> = history["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, vec![3, 2, 1]);
}

#[apply(both_backends)]
async fn each_kind_needs_its_parts_and_every_problem_is_named(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let conv = direct_id(&app, &cast.customer, &cast.technician).await;
    let me = &cast.customer;
    let (s, body) = send(&app, me, conv, json!({"type": "hologram", "clientId": ""})).await;
    assert_eq!(s, 400);
    assert_eq!(fields(&body), ["type", "clientId"]);
    let (s, body) = send(&app, me, conv, json!({})).await;
    assert_eq!((s, fields(&body)), (400, vec!["content".to_string()]));
    let (s, body) = send(
        &app,
        me,
        conv,
        json!({"type": "location", "location": {"coordinates": [36.8, -91.0]}}),
    )
    .await;
    assert_eq!(s, 400, "{body}");
    let (s, body) = send(&app, me, conv, json!({"type": "location", "location": {"coordinates": [36.82, -1.29], "address": "Gate B"}})).await;
    assert_eq!(s, 201, "{body}");
    assert_eq!(body["data"]["location"]["type"], "Point");
    let (s, body) = send(
        &app,
        me,
        conv,
        json!({"type": "call", "call": {"type": "video", "status": "missed"}}),
    )
    .await;
    assert_eq!(
        (s, body["data"]["call"]["status"].as_str()),
        (201, Some("missed"))
    );
    let (s, _) = send(
        &app,
        me,
        conv,
        json!({"type": "system", "content": "I am the platform"}),
    )
    .await;
    assert_eq!(s, 400);
    let visible = stored(&app, &cast, BookingStatus::Assigned).await;
    let (s, body) = send(
        &app,
        me,
        conv,
        json!({"type": "booking", "booking": visible.to_hex()}),
    )
    .await;
    assert_eq!(
        (s, body["data"]["bookingRef"].as_str()),
        (201, Some(visible.to_hex().as_str()))
    );
    let outsider = person(&app, Role::Customer).await;
    let theirs = direct_id(&app, &outsider, me).await;
    let (s, body) = send(
        &app,
        &outsider,
        theirs,
        json!({"type": "booking", "booking": visible.to_hex()}),
    )
    .await;
    assert_eq!(
        (s, fields(&body)),
        (400, vec!["booking".to_string()]),
        "not a booking the sender sees"
    );
    let m = id_of(&say(&app, me, conv, "see above").await);
    let (s, body) = send(
        &app,
        &cast.technician,
        conv,
        json!({"content": "ok", "replyTo": m.to_hex()}),
    )
    .await;
    assert_eq!(
        (s, body["data"]["replyTo"].as_str()),
        (201, Some(m.to_hex().as_str()))
    );
}

#[apply(both_backends)]
async fn read_watermarks_give_unread_counts_and_read_by_k_of_n(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = person(&app, Role::Customer).await;
    let (t1, t2) = (
        person(&app, Role::Technician).await,
        person(&app, Role::Technician).await,
    );
    let (_, g) = app
        .call(Method::POST, "/conversations", Some(&owner), Some(json!({"type": "group", "name": "Site", "participants": [t1.id.to_hex(), t2.id.to_hex()]})))
        .await;
    let g = id_of(&g["data"]);
    let first = say(&app, &owner, g, "one").await;
    say(&app, &owner, g, "two").await;
    assert_eq!(first["readBy"], json!({"count": 0, "of": 2}));
    let (s, body) = app
        .call(
            Method::PUT,
            &format!("/messages/{}/read", id_of(&first)),
            Some(&t1),
            None,
        )
        .await;
    assert_eq!(
        (s, body["data"]["unreadCount"].as_i64()),
        (200, Some(1)),
        "{body}"
    );
    let (_, page) = app
        .call(
            Method::GET,
            &format!("/conversations/{g}/messages"),
            Some(&owner),
            None,
        )
        .await;
    let reads: Vec<_> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["readBy"]["count"].as_i64().unwrap())
        .collect();
    assert_eq!(reads, vec![0, 1], "message 1 read by 1 of 2");
    let (s, body) = app
        .call(
            Method::PUT,
            &format!("/conversations/{g}/read"),
            Some(&t2),
            Some(json!({})),
        )
        .await;
    assert_eq!((s, body["data"]["unreadCount"].as_i64()), (200, Some(0)));
    let (_, body) = app
        .call(
            Method::PUT,
            &format!("/conversations/{g}/read"),
            Some(&t2),
            Some(json!({"seq": 1})),
        )
        .await;
    assert_eq!(
        body["data"]["unreadCount"], 0,
        "a watermark never goes back"
    );
    let (_, page) = app
        .call(
            Method::GET,
            &format!("/conversations/{g}/messages?limit=1"),
            Some(&owner),
            None,
        )
        .await;
    assert_eq!(page["data"][0]["readBy"], json!({"count": 1, "of": 2}));
    assert_eq!(page["pagination"]["nextCursor"], "2");
    let (_, older) = app
        .call(
            Method::GET,
            &format!("/conversations/{g}/messages?before=2"),
            Some(&owner),
            None,
        )
        .await;
    assert_eq!(older["data"][0]["seq"], 1);
    let (_, newer) = app
        .call(
            Method::GET,
            &format!("/conversations/{g}/messages?after=1"),
            Some(&owner),
            None,
        )
        .await;
    assert_eq!(newer["data"][0]["seq"], 2);
}

#[apply(both_backends)]
async fn edits_keep_their_history_and_only_the_sender_edits_within_the_window(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (a, c, conv) = customer_and_technician(&app).await;
    let m = id_of(&say(&app, &a, conv, "Come at 10").await);
    let path = format!("/messages/{m}");
    let (s, _) = app
        .call(
            Method::PUT,
            &path,
            Some(&c),
            Some(json!({"content": "Come never"})),
        )
        .await;
    assert_eq!(s, 403);
    let (s, body) = app
        .call(
            Method::PUT,
            &path,
            Some(&a),
            Some(json!({"content": "Come at 11"})),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    let (s, body) = app
        .call(
            Method::PUT,
            &path,
            Some(&a),
            Some(json!({"content": "Come at 12"})),
        )
        .await;
    assert_eq!(s, 200);
    let history: Vec<_> = body["data"]["editHistory"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["content"].clone())
        .collect();
    assert_eq!(history, vec![json!("Come at 10"), json!("Come at 11")]);
    let (_, page) = app
        .call(
            Method::GET,
            &format!("/conversations/{conv}/messages"),
            Some(&c),
            None,
        )
        .await;
    assert_eq!(
        page["data"][0]["editHistory"].as_array().unwrap().len(),
        2,
        "shown to participants"
    );

    let closed =
        TestApp::spawn_with_env(b, vec![("CHAT_EDIT_WINDOW_MINUTES".into(), "0".into())]).await;
    let (a, c) = (
        person(&closed, Role::Customer).await,
        person(&closed, Role::Technician).await,
    );
    let conv = direct_id(&closed, &a, &c).await;
    let m = id_of(&say(&closed, &a, conv, "typo").await);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let (s, _) = closed
        .call(
            Method::PUT,
            &format!("/messages/{m}"),
            Some(&a),
            Some(json!({"content": "fixed"})),
        )
        .await;
    assert_eq!(s, 409, "the window is over");
}

#[apply(both_backends)]
async fn deletion_is_for_me_or_a_tombstone_for_everyone_and_kept_under_dispute(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (a, c, conv) = customer_and_technician(&app).await;
    let mine = id_of(&say(&app, &a, conv, "secret").await);
    let theirs = id_of(&say(&app, &c, conv, "noted").await);
    let (s, _) = app
        .call(
            Method::DELETE,
            &format!("/messages/{theirs}?scope=me"),
            Some(&a),
            None,
        )
        .await;
    assert_eq!(s, 200);
    let (_, page) = app
        .call(
            Method::GET,
            &format!("/conversations/{conv}/messages"),
            Some(&a),
            None,
        )
        .await;
    assert_eq!(page["data"].as_array().unwrap().len(), 1, "hidden for me");
    let (_, page) = app
        .call(
            Method::GET,
            &format!("/conversations/{conv}/messages"),
            Some(&c),
            None,
        )
        .await;
    assert_eq!(page["data"].as_array().unwrap().len(), 2, "not for them");
    let (s, _) = app
        .call(
            Method::DELETE,
            &format!("/messages/{theirs}?scope=everyone"),
            Some(&a),
            None,
        )
        .await;
    assert!(s == 403 || s == 404, "{s}");
    let (s, _) = app
        .call(
            Method::DELETE,
            &format!("/messages/{mine}?scope=everyone"),
            Some(&a),
            None,
        )
        .await;
    assert_eq!(s, 200);
    let (_, page) = app
        .call(
            Method::GET,
            &format!("/conversations/{conv}/messages"),
            Some(&c),
            None,
        )
        .await;
    let tomb = &page["data"][1];
    assert_eq!(
        (
            tomb["deleted"].as_bool(),
            tomb["content"].is_null(),
            tomb["seq"].as_i64()
        ),
        (Some(true), true, Some(1))
    );
    let (_, found) = app
        .call(
            Method::GET,
            &format!("/conversations/{conv}/messages/search?q=secret"),
            Some(&c),
            None,
        )
        .await;
    assert_eq!(
        found["data"].as_array().unwrap().len(),
        0,
        "a tombstone is not found by its old words"
    );

    let cast = Cast::new(&app).await;
    let disputed = stored(&app, &cast, BookingStatus::Disputed).await;
    let (s, body) = app
        .call(
            Method::GET,
            &format!("/bookings/{disputed}/conversation"),
            Some(&cast.customer),
            None,
        )
        .await;
    assert_eq!(s, 200, "{body}");
    let conv = id_of(&body["data"]);
    let m = id_of(&say(&app, &cast.technician, conv, "I never said that").await);
    let (s, _) = app
        .call(
            Method::DELETE,
            &format!("/messages/{m}?scope=everyone"),
            Some(&cast.technician),
            None,
        )
        .await;
    assert_eq!(s, 409, "kept for the dispute");
    let (s, page) = app
        .call(
            Method::GET,
            &format!("/conversations/{conv}/messages"),
            Some(&cast.admin),
            None,
        )
        .await;
    assert_eq!(
        (s, page["data"].as_array().map(Vec::len)),
        (200, Some(1)),
        "the admin resolving it reads"
    );
    let (s, _) = send(&app, &cast.admin, conv, json!({"content": "admin here"})).await;
    assert_eq!(s, 403, "but does not write");
}

#[apply(both_backends)]
async fn a_reaction_toggles_one_emoji_per_user(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (a, c, conv) = customer_and_technician(&app).await;
    let m = id_of(&say(&app, &a, conv, "Done!").await);
    let path = format!("/messages/{m}/reactions");
    let (s, body) = app
        .call(Method::POST, &path, Some(&c), Some(json!({"emoji": "👍"})))
        .await;
    assert_eq!(s, 200, "{body}");
    app.call(Method::POST, &path, Some(&a), Some(json!({"emoji": "👍"})))
        .await;
    let (_, body) = app
        .call(Method::POST, &path, Some(&a), Some(json!({"emoji": "🎉"})))
        .await;
    let r = &body["data"]["reactions"];
    assert_eq!(
        (
            r[0]["emoji"].as_str(),
            r[0]["count"].as_i64(),
            r[1]["count"].as_i64()
        ),
        (Some("👍"), Some(2), Some(1))
    );
    let (_, body) = app
        .call(Method::POST, &path, Some(&c), Some(json!({"emoji": "👍"})))
        .await;
    assert_eq!(
        body["data"]["reactions"][0]["count"], 1,
        "a second tap takes it back"
    );
    let (s, _) = app
        .call(Method::POST, &path, Some(&c), Some(json!({"emoji": "lol"})))
        .await;
    assert_eq!(s, 400);
}

#[apply(both_backends)]
async fn search_finds_word_prefixes_in_the_conversation_only(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (a, c, d) = (
        person(&app, Role::Customer).await,
        person(&app, Role::Technician).await,
        person(&app, Role::Technician).await,
    );
    let conv = direct_id(&app, &a, &c).await;
    let other = direct_id(&app, &a, &d).await;
    say(&app, &a, conv, "The boiler is leaking").await;
    say(&app, &c, conv, "Coming with a new valve").await;
    say(&app, &a, other, "Leaking tap").await;
    let search = async |q: &str| {
        let (s, body) = app
            .call(
                Method::GET,
                &format!("/conversations/{conv}/messages/search?q={q}"),
                Some(&c),
                None,
            )
            .await;
        assert_eq!(s, 200, "{body}");
        body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["seq"].as_i64().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        search("LEAK").await,
        vec![1],
        "prefix, any case, this conversation"
    );
    assert_eq!(search("boil%20leak").await, vec![1], "every word");
    assert_eq!(search("val").await, vec![2]);
    assert_eq!(search("tap").await, Vec::<i64>::new());
    let (s, _) = app
        .call(
            Method::GET,
            &format!("/conversations/{conv}/messages/search?q=%20!"),
            Some(&c),
            None,
        )
        .await;
    assert_eq!(s, 400);
}
