//! Portfolio and availability: public to read, edited only by their technician.

use baitech::domain::Id;
use baitech::domain::user::Role;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::json;

use super::http::{delete, error_fields, get, member, post, put, stored};
use crate::common::{Backend, TestApp};

fn item() -> serde_json::Value {
    json!({
        "title": "Kitchen sink replacement",
        "description": "Replaced a cracked sink and the trap",
        "images": ["https://res.cloudinary.com/demo/sink-1.jpg", "https://res.cloudinary.com/demo/sink-2.jpg"],
        "category": "plumbing",
        "completedAt": "2024-11-02T10:00:00Z",
    })
}

#[apply(both_backends)]
pub async fn portfolio_is_edited_only_by_its_technician(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (tech, rival, customer) = (
        member(&app, Role::Technician).await,
        member(&app, Role::Technician).await,
        member(&app, Role::Customer).await,
    );

    let (status, resp) = post(&app, "/users/me/portfolio", &tech, item()).await;
    assert_eq!(status, 201, "{resp}");
    let item_id = resp["data"]["_id"].as_str().unwrap().to_string();
    assert_eq!(resp["data"]["images"].as_array().unwrap().len(), 2);

    // Public read, and the same item in the public profile.
    let (status, list) = get(&app, &format!("/users/{}/portfolio", tech.id), None).await;
    assert_eq!(
        (status, list["data"][0]["_id"].as_str()),
        (200, Some(item_id.as_str()))
    );
    let (_, mine) = get(&app, "/users/me/portfolio", Some(&tech)).await;
    assert_eq!(mine["data"], list["data"]);
    let (_, profile) = get(&app, &format!("/users/{}", tech.id), None).await;
    assert_eq!(
        profile["data"]["technician"]["portfolio"][0]["title"],
        "Kitchen sink replacement"
    );

    // Someone else's item is not in the caller's portfolio; customers have none; anonymous 401.
    let path = format!("/users/me/portfolio/{item_id}");
    assert_eq!(
        put(&app, &path, &rival, json!({"title": "Mine now"}))
            .await
            .0,
        404
    );
    assert_eq!(delete(&app, &path, &rival, None).await.0, 404);
    let (status, resp) = post(&app, "/users/me/portfolio", &customer, item()).await;
    assert_eq!(
        (status, resp["error"]["code"].as_str()),
        (403, Some("FORBIDDEN"))
    );
    assert_eq!(
        put(&app, &path, &customer, json!({"title": "x"})).await.0,
        403
    );
    assert_eq!(
        app.call(Method::POST, "/users/me/portfolio", None, Some(item()))
            .await
            .0,
        401
    );
    assert_eq!(
        get(&app, &format!("/users/{}/portfolio", customer.id), None)
            .await
            .0,
        404
    );

    // The owner edits and deletes.
    let (status, resp) = put(
        &app,
        &path,
        &tech,
        json!({"title": "Sink and trap", "description": null}),
    )
    .await;
    assert_eq!(status, 200, "{resp}");
    assert_eq!(resp["data"]["title"], "Sink and trap");
    assert!(resp["data"].get("description").is_none());
    assert_eq!(
        resp["data"]["category"], "plumbing",
        "untouched fields stay"
    );
    assert_eq!(
        put(
            &app,
            &format!("/users/me/portfolio/{}", Id::new()),
            &tech,
            json!({"title": "x"})
        )
        .await
        .0,
        404
    );
    assert_eq!(
        put(
            &app,
            "/users/me/portfolio/nope",
            &tech,
            json!({"title": "x"})
        )
        .await
        .0,
        400
    );
    let (status, _) = delete(&app, &path, &tech, None).await;
    assert_eq!(status, 200);
    assert_eq!(delete(&app, &path, &tech, None).await.0, 404);
    assert!(
        stored(&app, tech.id)
            .await
            .technician
            .unwrap()
            .portfolio
            .is_empty()
    );
}

#[apply(both_backends)]
pub async fn portfolio_input_is_validated(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let tech = member(&app, Role::Technician).await;
    let images: Vec<String> = (0..11)
        .map(|i| format!("https://res.cloudinary.com/demo/{i}.jpg"))
        .collect();
    let (status, resp) = post(
        &app,
        "/users/me/portfolio",
        &tech,
        json!({"images": images, "category": "Air Con!", "verified": true}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        error_fields(&resp),
        ["title", "images", "category", "verified"]
    );
    let (status, resp) = post(&app, "/users/me/portfolio", &tech, json!({"title": "t", "images": ["http://x.com/a.jpg", "javascript:alert(1)"], "completedAt": "2999-01-01T00:00:00Z"})).await;
    assert_eq!(status, 400);
    assert_eq!(
        error_fields(&resp),
        ["images[0]", "images[1]", "completedAt"]
    );
    assert!(
        stored(&app, tech.id)
            .await
            .technician
            .unwrap()
            .portfolio
            .is_empty()
    );
}

#[apply(both_backends)]
pub async fn availability_is_validated_and_public(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (tech, customer) = (
        member(&app, Role::Technician).await,
        member(&app, Role::Customer).await,
    );
    let bad = json!({
        "weekly": [
            {"day": "monday", "slots": [{"start": "08:00", "end": "12:00"}, {"start": "11:30", "end": "15:00"}]},
            {"day": "tuesday", "slots": [{"start": "17:00", "end": "09:00"}]},
            {"day": "someday", "slots": []},
        ],
        "timeOff": [{"from": "2030-05-02T00:00:00Z", "to": "2030-05-01T00:00:00Z"}],
        "timezone": "Mars/Olympus Mons",
    });
    let (status, resp) = put(&app, "/users/me/availability", &tech, bad).await;
    assert_eq!(status, 400, "{resp}");
    assert_eq!(
        error_fields(&resp),
        [
            "weekly[0].slots[1]",
            "weekly[1].slots[0]",
            "weekly[2]",
            "timeOff[0].to",
            "timezone"
        ]
    );

    let good = json!({
        "weekly": [
            {"day": "saturday", "slots": [{"start": "09:00", "end": "13:00"}]},
            {"day": "monday", "slots": [{"start": "13:00", "end": "17:00"}, {"start": "08:00", "end": "13:00"}]},
        ],
        "timeOff": [{"from": "2030-05-01T00:00:00Z", "to": "2030-05-03T00:00:00Z", "reason": "Madaraka Day"}],
        "availableNow": true,
    });
    let (status, resp) = put(&app, "/users/me/availability", &tech, good).await;
    assert_eq!(status, 200, "{resp}");
    assert_eq!(
        resp["data"]["timezone"], "Africa/Nairobi",
        "the default time zone"
    );
    let (status, public) = get(&app, &format!("/users/{}/availability", tech.id), None).await;
    assert_eq!(status, 200);
    assert_eq!(public["data"]["weekly"][0]["day"], "monday");
    assert_eq!(public["data"]["weekly"][0]["slots"][0]["start"], "08:00");
    assert_eq!(public["data"]["availableNow"], true);

    // Only the switch: the week stays.
    let (_, resp) = put(
        &app,
        "/users/me/availability",
        &tech,
        json!({"availableNow": false}),
    )
    .await;
    assert_eq!(
        (
            resp["data"]["availableNow"].as_bool(),
            resp["data"]["weekly"].as_array().map(Vec::len)
        ),
        (Some(false), Some(2))
    );
    let (_, mine) = get(&app, "/users/me/availability", Some(&tech)).await;
    assert_eq!(mine["data"]["availableNow"], false);

    assert_eq!(
        put(
            &app,
            "/users/me/availability",
            &customer,
            json!({"availableNow": true})
        )
        .await
        .0,
        403
    );
    assert_eq!(
        get(&app, &format!("/users/{}/availability", customer.id), None)
            .await
            .0,
        404
    );
    assert_eq!(
        app.call(Method::PUT, "/users/me/availability", None, Some(json!({})))
            .await
            .0,
        401
    );
}
