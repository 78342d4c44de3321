//! Writing, reading, editing and deleting posts, and who may see them.

use baitech::domain::user::{Role, UserStatus};
use baitech::realtime::{Event, Topic};
use futures::StreamExt;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{follow, ids, named, say, send, spawn, write};
use crate::common::{Backend, both_backends};

#[apply(both_backends)]
async fn a_post_keeps_its_tags_resolves_mentions_and_tells_the_mentioned(#[case] b: Backend) {
    let app = spawn(b).await;
    let me = app.user(Role::Technician).await;
    let njeri = named(&app, Role::Customer, "mama_njeri").await;
    let mut events = app
        .app
        .realtime
        .subscribe(Topic::User(njeri.id))
        .await
        .unwrap();
    let p = write(
        &app,
        &me,
        json!({"type": "tip", "content": "Fixed the #Solar inverter for @Mama_Njeri and @nobody #solar #DIY",
               "serviceCategory": "electrical", "visibility": "public"}),
    )
    .await;
    assert_eq!(p["hashtags"], json!(["solar", "diy"]));
    assert_eq!(p["mentions"], json!([njeri.id.to_hex()]));
    assert_eq!(p["type"], "tip");
    assert_eq!(p["serviceCategory"], "electrical");
    assert_eq!(p["moderation"]["status"], "approved");
    assert_eq!(p["author"]["_id"], me.id.to_hex());
    assert_eq!(p["engagement"]["likes"], 0);
    let got = tokio::time::timeout(std::time::Duration::from_secs(5), events.next())
        .await
        .expect("a mention event")
        .expect("a stream item");
    match got {
        Event::Mentioned { user, by, post, .. } => {
            assert_eq!((user, by), (njeri.id, me.id));
            assert_eq!(post.to_hex(), p["_id"].as_str().unwrap());
        }
        other => panic!("expected a mention, got {other:?}"),
    }
    let tagged = send(&app, Method::GET, "/posts/hashtags/SOLAR", None, None).await;
    assert_eq!(ids(&tagged), [p["_id"].as_str().unwrap()]);
}

#[apply(both_backends)]
async fn bad_posts_name_every_bad_field(#[case] b: Backend) {
    let app = spawn(b).await;
    let me = app.user(Role::Technician).await;
    let a = send(
        &app,
        Method::POST,
        "/posts",
        Some(&me),
        Some(
            json!({"type": "poem", "content": "", "visibility": "friends", "booking": "nope",
                    "engagement": {"likes": 100}, "media": "x"}),
        ),
    )
    .await;
    assert_eq!(a.status, 400, "{}", a.body);
    let mut fields: Vec<&str> = a.body["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "booking",
            "content",
            "engagement",
            "media",
            "type",
            "visibility"
        ]
    );
    let image = send(
        &app,
        Method::POST,
        "/posts",
        Some(&me),
        Some(json!({"type": "image", "content": "pic"})),
    )
    .await;
    assert_eq!(image.status, 400);
    assert_eq!(image.body["error"]["details"][0]["field"], "media");
    let no_auth = send(
        &app,
        Method::POST,
        "/posts",
        None,
        Some(json!({"content": "hi"})),
    )
    .await;
    assert_eq!(no_auth.status, 401);
}

#[apply(both_backends)]
async fn followers_only_and_private_posts_reach_only_whom_they_should(#[case] b: Backend) {
    let app = spawn(b).await;
    let author = app.user(Role::Technician).await;
    let fan = app.user(Role::Customer).await;
    let stranger = app.user(Role::Customer).await;
    let admin = app.user(Role::Admin).await;
    follow(&app, &fan, &author).await;
    let public = say(&app, &author, "open to all").await;
    let followers = write(
        &app,
        &author,
        json!({"content": "for my followers", "visibility": "followers"}),
    )
    .await;
    let private = write(
        &app,
        &author,
        json!({"content": "note to self", "visibility": "private"}),
    )
    .await;
    let (followers, private) = (
        followers["_id"].as_str().unwrap(),
        private["_id"].as_str().unwrap(),
    );
    let status = |a: crate::common::Answer| a.status;
    for (who, id, want) in [
        (Some(&stranger), public.as_str(), 200),
        (None, public.as_str(), 200),
        (Some(&stranger), followers, 404),
        (None, followers, 404),
        (Some(&fan), followers, 200),
        (Some(&fan), private, 404),
        (Some(&stranger), private, 404),
        (Some(&author), private, 200),
        (Some(&admin), private, 200),
    ] {
        let got = status(send(&app, Method::GET, &format!("/posts/{id}"), who, None).await);
        assert_eq!(got, want, "{id} as {:?}", who.map(|w| w.role));
    }
    let feed = send(&app, Method::GET, "/posts/feed", Some(&fan), None).await;
    let mut got = ids(&feed);
    got.sort();
    let mut want = vec![public.clone(), followers.to_string()];
    want.sort();
    assert_eq!(got, want, "the fan's feed");
    let theirs = |who| {
        send(
            &app,
            Method::GET,
            format!("/users/{}/posts", author.id),
            who,
            None,
        )
    };
    assert_eq!(ids(&theirs(Some(&stranger)).await), [public.as_str()]);
    assert_eq!(ids(&theirs(Some(&fan)).await).len(), 2);
    assert_eq!(ids(&theirs(Some(&author)).await).len(), 3);
    let like = send(
        &app,
        Method::POST,
        &format!("/posts/{followers}/like"),
        Some(&stranger),
        None,
    )
    .await;
    assert_eq!(like.status, 404, "no liking what one may not see");
}

#[apply(both_backends)]
async fn posts_of_suspended_or_banned_authors_disappear(#[case] b: Backend) {
    let app = spawn(b).await;
    let author = app.user(Role::Technician).await;
    let reader = app.user(Role::Customer).await;
    follow(&app, &reader, &author).await;
    let id = say(&app, &author, "soon hidden #fundi").await;
    let explore = || send(&app, Method::GET, "/posts/explore", Some(&reader), None);
    assert_eq!(ids(&explore().await), [id.as_str()]);
    for status in [UserStatus::Suspended, UserStatus::Banned] {
        let mut u = app.app.store.users.get(author.id).await.unwrap().unwrap();
        u.status = status;
        app.app.store.users.replace(&u).await.unwrap();
        let one = send(
            &app,
            Method::GET,
            &format!("/posts/{id}"),
            Some(&reader),
            None,
        )
        .await;
        assert_eq!(one.status, 404, "{status}");
        assert!(ids(&explore().await).is_empty(), "{status}");
        let tag = send(
            &app,
            Method::GET,
            "/posts/hashtags/fundi",
            Some(&reader),
            None,
        )
        .await;
        assert!(ids(&tag).is_empty(), "{status}");
        let feed = send(&app, Method::GET, "/posts/feed", Some(&reader), None).await;
        assert!(ids(&feed).is_empty(), "{status}");
        let own = send(
            &app,
            Method::GET,
            &format!("/posts/{id}"),
            Some(&author),
            None,
        )
        .await;
        assert_eq!(own.status, 200, "the author still sees it");
        let write = send(
            &app,
            Method::POST,
            "/posts",
            Some(&author),
            Some(json!({"content": "x"})),
        )
        .await;
        assert_eq!(write.status, 403, "{status} accounts cannot post");
    }
}

#[apply(both_backends)]
async fn edits_keep_the_earlier_text_and_only_the_author_or_an_admin_deletes(#[case] b: Backend) {
    let app = spawn(b).await;
    let author = app.user(Role::Technician).await;
    let other = app.user(Role::Customer).await;
    let admin = app.user(Role::Admin).await;
    let id = say(&app, &author, "First try #plumbing").await;
    let path = format!("/posts/{id}");
    let edit = send(
        &app,
        Method::PUT,
        &path,
        Some(&author),
        Some(json!({"content": "Second try #wiring"})),
    )
    .await;
    assert_eq!(edit.status, 200, "{}", edit.body);
    let p = &edit.body["data"];
    assert_eq!(p["content"], "Second try #wiring");
    assert_eq!(p["hashtags"], json!(["wiring"]));
    assert_eq!(p["edited"], true);
    assert_eq!(p["edits"][0]["content"], "First try #plumbing");
    let seen = send(&app, Method::GET, &path, Some(&other), None).await;
    assert_eq!(seen.body["data"]["edited"], true);
    assert!(
        seen.body["data"].get("edits").is_none(),
        "history is the author's"
    );
    let theirs = send(
        &app,
        Method::PUT,
        &path,
        Some(&other),
        Some(json!({"content": "mine now"})),
    )
    .await;
    assert_eq!(theirs.status, 403);
    assert_eq!(
        send(&app, Method::DELETE, &path, Some(&other), None)
            .await
            .status,
        403
    );
    assert_eq!(
        send(&app, Method::DELETE, &path, Some(&author), None)
            .await
            .status,
        200
    );
    assert_eq!(
        send(&app, Method::GET, &path, Some(&author), None)
            .await
            .status,
        404
    );
    let second = say(&app, &author, "another").await;
    let by_admin = send(
        &app,
        Method::DELETE,
        &format!("/posts/{second}"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(by_admin.status, 200);
    let tag = send(&app, Method::GET, "/posts/hashtags/plumbing", None, None).await;
    assert!(ids(&tag).is_empty());
}

#[apply(both_backends)]
async fn a_portfolio_post_shows_a_booking_its_author_completed(#[case] b: Backend) {
    use baitech::domain::booking::BookingStatus;
    let app = spawn(b).await;
    let tech = app.user(Role::Technician).await;
    let customer = app.user(Role::Customer).await;
    let mut done = crate::store::builders::booking(customer.id);
    done.technician = Some(tech.id);
    done.status = BookingStatus::Completed;
    let mut open = crate::store::builders::booking(customer.id);
    open.technician = Some(tech.id);
    open.status = BookingStatus::InProgress;
    app.app
        .store
        .bookings
        .insert_many(&[done.clone(), open.clone()])
        .await
        .unwrap();
    let body = |b: &baitech::domain::booking::Booking| json!({"type": "portfolio", "content": "Kitchen rewired", "booking": b.id.to_hex()});
    for refused in [&open] {
        let a = send(
            &app,
            Method::POST,
            "/posts",
            Some(&tech),
            Some(body(refused)),
        )
        .await;
        assert_eq!(
            (a.status, &a.body["error"]["details"][0]["field"]),
            (400, &json!("booking"))
        );
    }
    let other = app.user(Role::Technician).await;
    let a = send(
        &app,
        Method::POST,
        "/posts",
        Some(&other),
        Some(body(&done)),
    )
    .await;
    assert_eq!(a.status, 400, "not their booking");
    let p = write(&app, &tech, body(&done)).await;
    assert_eq!(p["workCard"]["bookingNumber"], done.booking_number.as_str());
    assert_eq!(p["workCard"]["status"], "completed");
    let text = send(
        &app,
        Method::POST,
        "/posts",
        Some(&tech),
        Some(json!({"content": "x", "booking": done.id.to_hex()})),
    )
    .await;
    assert_eq!(text.status, 400, "only portfolio posts show a booking");
}
