//! Grouping: notifications of one key inside the window are one inbox item with the count,
//! the latest actors and the latest time; outside it, a new item starts.

use baitech::domain::deep_link::DeepLink;
use baitech::domain::notification::NotificationType;
use baitech::domain::user::Role;
use baitech::domain::{Id, Timestamp};
use baitech::services::notifications::{Draft, GROUP_WINDOW, notify};
use chrono::Duration;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::inbox;
use crate::bookings::person;
use crate::common::{Backend, TestApp, both_backends};

fn like(recipient: Id, post: Id, actor: Id, name: &str, at: Timestamp) -> Draft {
    Draft::new(
        recipient,
        NotificationType::PostLiked,
        format!("{name} liked your post"),
        "Your post about the kitchen wiring",
        DeepLink::post(post),
        format!("like:{post}:{actor}"),
        at,
    )
    .actor(actor, name)
    .grouped(format!("like:post:{post}"), "liked your post")
}

#[apply(both_backends)]
async fn likes_of_one_post_inside_the_window_are_one_item(#[case] backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let me = person(&app, Role::Technician).await;
    let post = Id::new();
    let start = Timestamp::now().minus(Duration::minutes(50));
    let names = ["Amina", "Baraka", "Chege", "Dalia"];
    let mut actors = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let actor = person(&app, Role::Customer).await.id;
        actors.push(actor);
        let at = start.plus(Duration::minutes(10 * i as i64));
        notify(&app.app, like(me.id, post, actor, name, at))
            .await
            .unwrap()
            .unwrap();
    }
    // The same like heard twice (another instance) changes nothing.
    let again = like(
        me.id,
        post,
        actors[3],
        "Dalia",
        start.plus(Duration::minutes(30)),
    );
    assert!(notify(&app.app, again).await.unwrap().is_none());
    // Another post's like is its own item.
    let other_post = Id::new();
    notify(&app.app, like(me.id, other_post, actors[0], "Amina", start))
        .await
        .unwrap();

    let got = inbox(&app, &me, "").await;
    assert_eq!(got.len(), 2, "{got:?}");
    let g = &got[0];
    assert_eq!(g["count"], 4, "{g}");
    assert_eq!(g["title"], "Dalia and 3 others liked your post");
    assert_eq!(g["actors"], json!([actors[3], actors[2], actors[1]]));
    assert_eq!(g["latestAt"], json!(start.plus(Duration::minutes(30))));
    assert_eq!(g["firstAt"], json!(start));
    assert_eq!(g["groupKey"], format!("like:post:{post}"));
    assert_eq!(got[1]["count"], 1);
    assert_eq!(got[1]["title"], "Amina liked your post");

    // Past the window after the latest like, a new item starts.
    let late = start
        .plus(Duration::minutes(30))
        .plus(GROUP_WINDOW)
        .plus(Duration::minutes(1));
    let e = person(&app, Role::Customer).await.id;
    notify(&app.app, like(me.id, post, e, "Eli", late))
        .await
        .unwrap()
        .unwrap();
    let got = inbox(&app, &me, "").await;
    assert_eq!(got.len(), 3);
    assert_eq!(
        (got[0]["count"].clone(), got[0]["title"].clone()),
        (json!(1), json!("Eli liked your post"))
    );
    assert_eq!(got[1]["count"], 4);
}
