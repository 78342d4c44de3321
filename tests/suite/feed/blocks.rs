//! Blocks in the feed: a blocked or blocking pair do not see each other's posts anywhere
//! (feed, explore, search, hashtag pages, a user's posts, a single post) and cannot like or
//! comment on them, nor see or answer each other's comments on someone else's post, nor hear
//! of being mentioned by the other, while everyone else sees them as before.

use baitech::domain::user::Role;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::{follow, ids, say, send, spawn, write};
use crate::common::users::TestUser;
use crate::common::{Backend, TestApp, both_backends};

/// Every list `who` may read a post of `author` in (tagged `#kibanda`, saying `kibanda`):
/// the ids each shows, with the list's name.
async fn every_list(
    app: &TestApp,
    who: &TestUser,
    author: &TestUser,
) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for path in [
        "/posts/feed".to_string(),
        "/posts/explore".to_string(),
        "/posts/search?q=kibanda".to_string(),
        "/posts/hashtags/kibanda".to_string(),
        format!("/users/{}/posts", author.id),
    ] {
        let a = send(app, Method::GET, &path, Some(who), None).await;
        assert_eq!(a.status, 200, "{path}: {}", a.body);
        out.push((path, ids(&a)));
    }
    out
}

/// What `who` can do with `post`: read it, like it, comment on it (the statuses).
async fn reach(app: &TestApp, who: &TestUser, post: &str) -> [u16; 3] {
    let read = send(app, Method::GET, format!("/posts/{post}"), Some(who), None).await;
    let like = send(
        app,
        Method::POST,
        format!("/posts/{post}/like"),
        Some(who),
        None,
    )
    .await;
    let comment = send(
        app,
        Method::POST,
        format!("/posts/{post}/comment"),
        Some(who),
        Some(json!({"content": "nice work"})),
    )
    .await;
    [read.status, like.status, comment.status]
}

#[apply(both_backends)]
async fn a_block_hides_each_sides_posts_from_the_other_everywhere(#[case] b: Backend) {
    let app = spawn(b).await;
    let fundi = app.user(Role::Technician).await;
    let client = app.user(Role::Customer).await;
    let other = app.user(Role::Customer).await;
    follow(&app, &client, &fundi).await;
    follow(&app, &fundi, &client).await;
    follow(&app, &other, &fundi).await;
    let public = say(&app, &fundi, "Kibanda roof done #kibanda").await;
    let followers = write(
        &app,
        &fundi,
        json!({"content": "Kibanda photos for followers #kibanda", "visibility": "followers"}),
    )
    .await["_id"]
        .as_str()
        .unwrap()
        .to_string();
    let theirs = say(&app, &client, "My kibanda needs a roof #kibanda").await;
    // Before: the client sees the fundi's posts in every list (their own in their feed too).
    for (path, got) in every_list(&app, &client, &fundi).await {
        assert!(got.contains(&public), "{path} before the block: {got:?}");
    }
    let cached = send(&app, Method::GET, "/posts/feed?page=1", Some(&client), None).await;
    assert_eq!(cached.body["pagination"]["total"], 3, "{}", cached.body);

    let r = send(
        &app,
        Method::POST,
        format!("/users/{}/block", fundi.id),
        Some(&client),
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);

    for (who, author, posts) in [
        (&client, &fundi, vec![public.clone(), followers.clone()]),
        (&fundi, &client, vec![theirs.clone()]),
    ] {
        for (path, got) in every_list(&app, who, author).await {
            for p in &posts {
                assert!(
                    !got.contains(p),
                    "{path} shows {p} across the block: {got:?}"
                );
            }
        }
        for p in &posts {
            assert_eq!(reach(&app, who, p).await, [404, 404, 404], "{p}");
        }
    }
    let feed = send(&app, Method::GET, "/posts/feed?page=1", Some(&client), None).await;
    assert_eq!(
        (ids(&feed), &feed.body["pagination"]["total"]),
        (vec![theirs.clone()], &json!(1)),
        "the cached first page was dropped, not just filtered"
    );
    // Someone else sees both sides as before, and the blocked side's posts kept no like.
    for (path, got) in every_list(&app, &other, &fundi).await {
        assert!(got.contains(&public), "{path} for a third user: {got:?}");
    }
    let seen = send(
        &app,
        Method::GET,
        format!("/posts/{public}"),
        Some(&other),
        None,
    )
    .await;
    assert_eq!(seen.body["data"]["engagement"]["likes"], 0);
    assert_eq!(seen.body["data"]["engagement"]["comments"], 0);

    let r = send(
        &app,
        Method::DELETE,
        format!("/users/{}/block", fundi.id),
        Some(&client),
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(reach(&app, &client, &public).await, [200, 200, 201]);
    assert_eq!(
        reach(&app, &client, &followers).await[0],
        404,
        "the block ended the follow; followers-only posts need a new one"
    );
    let explore = send(&app, Method::GET, "/posts/explore", Some(&client), None).await;
    assert!(ids(&explore).contains(&public), "{}", explore.body);
}

/// `who` comments on `post` (replying to `parent` when given); the answer.
async fn comment(
    app: &TestApp,
    who: &TestUser,
    post: &str,
    content: &str,
    parent: Option<&str>,
) -> crate::common::Answer {
    let mut body = json!({ "content": content });
    if let Some(p) = parent {
        body["parent"] = json!(p);
    }
    send(
        app,
        Method::POST,
        format!("/posts/{post}/comment"),
        Some(who),
        Some(body),
    )
    .await
}

/// The id of a comment `who` wrote.
async fn commented(app: &TestApp, who: &TestUser, post: &str, parent: Option<&str>) -> String {
    let a = comment(app, who, post, "Karibu, nice work", parent).await;
    assert_eq!(a.status, 201, "{}", a.body);
    a.body["data"]["_id"].as_str().unwrap().to_string()
}

/// Every comment id of `post` that `who` is shown, walking the pages two at a time.
async fn thread(app: &TestApp, who: Option<&TestUser>, post: &str) -> Vec<String> {
    let mut got = super::walk(app, who, &format!("/posts/{post}/comments"), 2).await;
    got.sort();
    got
}

fn sorted(ids: &[&String]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[apply(both_backends)]
async fn a_block_hides_each_sides_comments_on_a_third_post_and_refuses_replies_between_them(
    #[case] b: Backend,
) {
    let app = spawn(b).await;
    let host = app.user(Role::Technician).await;
    let client = app.user(Role::Customer).await;
    let pest = app.user(Role::Customer).await;
    let other = app.user(Role::Customer).await;
    let post = say(&app, &host, "Ask me about solar water heaters").await;
    let by_host = commented(&app, &host, &post, None).await;
    let by_client = commented(&app, &client, &post, None).await;
    let by_pest = commented(&app, &pest, &post, None).await;
    let pest_reply = commented(&app, &pest, &post, Some(&by_host)).await;
    let client_reply = commented(&app, &client, &post, Some(&by_host)).await;
    let by_other = commented(&app, &other, &post, Some(&by_pest)).await;
    let everything = sorted(&[
        &by_host,
        &by_client,
        &by_pest,
        &pest_reply,
        &client_reply,
        &by_other,
    ]);
    assert_eq!(thread(&app, Some(&client), &post).await, everything);

    let r = send(
        &app,
        Method::POST,
        format!("/users/{}/block", pest.id),
        Some(&client),
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);

    assert_eq!(
        thread(&app, Some(&client), &post).await,
        sorted(&[&by_host, &by_client, &client_reply, &by_other]),
        "the blocker no longer sees the blocked side's comments and replies"
    );
    assert_eq!(
        thread(&app, Some(&pest), &post).await,
        sorted(&[&by_host, &by_pest, &pest_reply, &by_other]),
        "nor the blocked side the blocker's"
    );
    for who in [Some(&other), Some(&host), None] {
        assert_eq!(thread(&app, who, &post).await, everything, "everyone else");
    }
    for (who, parent) in [
        (&pest, &by_client),
        (&pest, &client_reply),
        (&client, &by_pest),
        (&client, &pest_reply),
    ] {
        let a = comment(&app, who, &post, "hmm", Some(parent)).await;
        assert_eq!(a.status, 403, "{}", a.body);
        assert_eq!(a.body["error"]["code"], "FORBIDDEN");
        let message = a.body["error"]["message"].as_str().unwrap();
        assert!(message.contains("block"), "{message}");
    }
    // Both still take part in the rest of the thread.
    commented(&app, &pest, &post, Some(&by_other)).await;
    commented(&app, &client, &post, Some(&by_other)).await;
    let p = send(
        &app,
        Method::GET,
        format!("/posts/{post}"),
        Some(&other),
        None,
    )
    .await;
    assert_eq!(
        p.body["data"]["engagement"]["comments"], 8,
        "refused replies count nothing"
    );

    let r = send(
        &app,
        Method::DELETE,
        format!("/users/{}/block", pest.id),
        Some(&client),
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(thread(&app, Some(&client), &post).await.len(), 8);
    commented(&app, &client, &post, Some(&by_pest)).await;
}

/// How many mention notifications `who`'s inbox holds.
async fn mentioned(n: &crate::notifications::Notifying, who: &TestUser) -> usize {
    crate::notifications::kinds(n, who)
        .await
        .iter()
        .filter(|k| *k == "mentioned")
        .count()
}

#[apply(both_backends)]
async fn a_mention_across_a_block_tells_nobody_either_way(#[case] b: Backend) {
    use crate::notifications::Notifying;
    let n = Notifying::with_env(b, vec![("MODERATION_NEW_ACCOUNT_DAYS".into(), "0".into())]).await;
    let writer = super::named(&n, Role::Technician, "fundi_writer").await;
    let blocker = super::named(&n, Role::Customer, "mama_blocker").await;
    let blocked = super::named(&n, Role::Customer, "kijana_blocked").await;
    let friend = super::named(&n, Role::Customer, "rafiki_friend").await;
    let host = n.user(Role::Technician).await;
    for (who, whom) in [(&blocker, &writer), (&writer, &blocked)] {
        let r = send(
            &n,
            Method::POST,
            format!("/users/{}/block", whom.id),
            Some(who),
            None,
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let mut live = n
        .app
        .app
        .realtime
        .subscribe(baitech::realtime::Topic::User(blocker.id))
        .await
        .unwrap();
    let own = say(&n, &writer, "Thanks @kijana_blocked and @rafiki_friend").await;
    let theirs = say(&n, &host, "Who fixed your geyser?").await;
    let text = "Thanks @mama_blocker @kijana_blocked and @rafiki_friend";
    let c = comment(&n, &writer, &theirs, text, None).await;
    assert_eq!(c.status, 201, "{}", c.body);
    let edit = send(
        &n,
        Method::PUT,
        format!("/posts/{own}"),
        Some(&writer),
        Some(json!({"content": "Edited: thanks @mama_blocker and @rafiki_friend"})),
    )
    .await;
    assert_eq!(edit.status, 200, "{}", edit.body);
    assert_eq!(
        edit.body["data"]["mentions"].as_array().map(Vec::len),
        Some(2),
        "the text still names the blocker: {}",
        edit.body
    );
    n.settle().await;

    assert_eq!(
        mentioned(&n, &friend).await,
        2,
        "the post and the comment tell the mentioned friend"
    );
    assert_eq!(mentioned(&n, &blocker).await, 0, "who blocked the writer");
    assert_eq!(mentioned(&n, &blocked).await, 0, "whom the writer blocked");
    use futures::StreamExt;
    let pushed = tokio::time::timeout(std::time::Duration::from_millis(300), async {
        while let Some(e) = live.next().await {
            if matches!(e, baitech::realtime::Event::Mentioned { .. }) {
                return Some(e);
            }
        }
        None
    })
    .await;
    assert!(
        !matches!(pushed, Ok(Some(_))),
        "no live mention either: {pushed:?}"
    );
}
