//! The producers of money, social and account notifications: each event tells the right
//! people and nobody else (never the one who did it), likes group per post, and money and
//! security types reach their channels even when the user switched the category off.

use baitech::domain::money::Money;
use baitech::domain::user::Role;
use baitech::domain::{Id, Timestamp};
use baitech::realtime::{AccountChange, Event, PaymentChange};
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use super::{Notifying, inbox, kinds};
use crate::bookings::person;
use crate::common::users::{PASSWORD, TestUser};
use crate::common::{Backend, both_backends};

/// A server whose notifier runs and whose accounts may post at once.
async fn spawn(backend: Backend) -> Notifying {
    let env = vec![("MODERATION_NEW_ACCOUNT_DAYS".into(), "0".into())];
    Notifying::with_env(backend, env).await
}

/// `who` sends `method path` with `body`; the answer's `data`, after checking `status`.
async fn ok(
    app: &Notifying,
    method: Method,
    path: &str,
    who: &TestUser,
    body: Option<Value>,
    status: u16,
) -> Value {
    let (s, b) = app.call(method, path, Some(who), body).await;
    assert_eq!(s, status, "{path}: {b}");
    b["data"].clone()
}

/// A public post by `who`; its id.
async fn post_by(app: &Notifying, who: &TestUser) -> String {
    let p = ok(
        app,
        Method::POST,
        "/posts",
        who,
        Some(json!({"content": "Fixed a leaking kitchen tap today"})),
        201,
    )
    .await;
    p["_id"].as_str().expect("an id").to_string()
}

fn payment(change: PaymentChange, payer: Id, technician: Option<Id>, booking: Option<Id>) -> Event {
    Event::Payment {
        transaction: Id::new(),
        change,
        booking,
        payer,
        technician,
        amount: Money::kes(150_000),
        receipt_number: "RCP-261203-K7Q2XM".into(),
        reason: Some("insufficient funds".into()),
        at: Timestamp::now(),
    }
}

#[apply(both_backends)]
async fn money_events_tell_the_customer_and_the_technician_what_is_theirs(
    #[case] backend: Backend,
) {
    let app = spawn(backend).await;
    let customer = person(&app, Role::Customer).await;
    let tech = person(&app, Role::Technician).await;
    let stranger = person(&app, Role::Customer).await;
    let booking = Id::new();
    // Arrived and held for the job: both hear of it.
    app.publish(payment(
        PaymentChange::Received,
        customer.id,
        Some(tech.id),
        Some(booking),
    ))
    .await;
    app.settle().await;
    assert_eq!(kinds(&app, &customer).await, ["payment_received"]);
    assert_eq!(kinds(&app, &tech).await, ["payment_received"]);
    let n = &inbox(&app, &customer, "").await[0];
    assert_eq!(n["category"], "payment");
    assert_eq!(n["priority"], "high");
    assert_eq!(n["deepLink"], format!("baitech://booking/{booking}"));
    assert_eq!(n["actionData"]["bookingId"], booking.to_hex());
    assert!(n["body"].as_str().unwrap().contains("KES 1500.00"), "{n}");

    // Released to the technician, refunded and failed to the customer, a payout to the
    // technician: each to its one person.
    app.publish(payment(
        PaymentChange::Released,
        customer.id,
        Some(tech.id),
        Some(booking),
    ))
    .await;
    app.publish(payment(
        PaymentChange::Refunded,
        customer.id,
        None,
        Some(booking),
    ))
    .await;
    app.publish(payment(PaymentChange::Failed, customer.id, None, None))
        .await;
    app.publish(payment(
        PaymentChange::PayoutSent,
        tech.id,
        Some(tech.id),
        None,
    ))
    .await;
    app.settle().await;
    let mut c = kinds(&app, &customer).await;
    c.sort();
    assert_eq!(
        c,
        ["payment_failed", "payment_received", "payment_refunded"]
    );
    let mut t = kinds(&app, &tech).await;
    t.sort();
    assert_eq!(t, ["escrow_released", "payment_received", "payout_sent"]);
    let failed = inbox(&app, &customer, "")
        .await
        .into_iter()
        .find(|n| n["type"] == "payment_failed")
        .unwrap();
    assert!(
        failed["body"]
            .as_str()
            .unwrap()
            .contains("insufficient funds"),
        "{failed}"
    );
    assert_eq!(failed["deepLink"], "baitech://wallet");
    assert!(kinds(&app, &stranger).await.is_empty());
}

#[apply(both_backends)]
async fn a_cash_payment_confirmed_over_http_tells_the_customer_and_the_technician(
    #[case] backend: Backend,
) {
    use baitech::domain::booking::BookingStatus;
    let app = spawn(backend).await;
    let cast = crate::bookings::Cast::new(&app).await;
    let booking = crate::bookings::stored(&app, &cast, BookingStatus::Verified).await;
    // The technician records the cash, the customer confirms it: the money is in escrow.
    let body = json!({"bookingId": booking});
    let tx = ok(
        &app,
        Method::POST,
        "/payments/cash",
        &cast.technician,
        Some(body),
        201,
    )
    .await;
    let tx = tx["_id"].as_str().unwrap().to_string();
    let path = format!("/payments/transactions/{tx}/confirm");
    let done = ok(&app, Method::POST, &path, &cast.customer, None, 200).await;
    assert_eq!(done["status"], "escrow");
    app.settle().await;
    assert!(
        kinds(&app, &cast.customer)
            .await
            .contains(&"payment_received".to_string())
    );
    let t = kinds(&app, &cast.technician).await;
    assert_eq!(
        t.iter().filter(|k| *k == "payment_received").count(),
        1,
        "{t:?}"
    );
    assert!(kinds(&app, &cast.admin).await.is_empty());
}

#[apply(both_backends)]
async fn money_and_security_types_reach_channels_the_user_switched_off(#[case] backend: Backend) {
    let app = spawn(backend).await;
    let me = person(&app, Role::Customer).await;
    let off = json!({"channels": {
        "payment": {"push": false, "email": false, "sms": false},
        "account": {"push": false, "email": false},
        "social": {"push": false},
    }});
    ok(
        &app,
        Method::PUT,
        "/notifications/preferences",
        &me,
        Some(off),
        200,
    )
    .await;
    app.publish(payment(PaymentChange::Failed, me.id, None, None))
        .await;
    app.publish(Event::account(me.id, AccountChange::PasswordChanged, None))
        .await;
    let other = person(&app, Role::Customer).await;
    app.publish(Event::Followed {
        user: me.id,
        by: other.id,
        at: Timestamp::now(),
    })
    .await;
    app.settle().await;
    let store = &app.app.app.store;
    let mut channels = std::collections::BTreeMap::new();
    for n in inbox(&app, &me, "").await {
        let id = Id::parse(n["_id"].as_str().unwrap()).unwrap();
        let mut got: Vec<String> = store
            .deliveries
            .deliveries_of(id)
            .await
            .unwrap()
            .iter()
            .map(|d| d.channel.as_str().to_string())
            .collect();
        got.sort();
        channels.insert(n["type"].as_str().unwrap().to_string(), got);
    }
    assert_eq!(channels["payment_failed"], ["email", "push", "sms"]);
    assert_eq!(channels["password_changed"], ["email", "push"]);
    // A social type obeys the switch.
    assert!(channels["new_follower"].is_empty(), "{channels:?}");
}

#[apply(both_backends)]
async fn follows_likes_comments_replies_and_shares_tell_the_owner_and_never_the_actor(
    #[case] backend: Backend,
) {
    let app = spawn(backend).await;
    let author = person(&app, Role::Technician).await;
    let fan = person(&app, Role::Customer).await;
    let other = person(&app, Role::Customer).await;
    ok(
        &app,
        Method::POST,
        &format!("/users/{}/follow", author.id),
        &fan,
        None,
        200,
    )
    .await;
    // Following again changes nothing and tells nobody again.
    ok(
        &app,
        Method::POST,
        &format!("/users/{}/follow", author.id),
        &fan,
        None,
        200,
    )
    .await;
    let post = post_by(&app, &author).await;
    // The author's own like, share and comment make nothing.
    ok(
        &app,
        Method::POST,
        &format!("/posts/{post}/like"),
        &author,
        None,
        200,
    )
    .await;
    ok(
        &app,
        Method::POST,
        &format!("/posts/{post}/share"),
        &author,
        None,
        200,
    )
    .await;
    let own = ok(
        &app,
        Method::POST,
        &format!("/posts/{post}/comment"),
        &author,
        Some(json!({"content": "Parts cost KES 800"})),
        201,
    )
    .await;
    app.settle().await;
    assert_eq!(kinds(&app, &author).await, ["new_follower"]);
    let f = &inbox(&app, &author, "").await[0];
    assert_eq!(f["deepLink"], format!("baitech://user/{}", fan.id));
    assert_eq!(f["actors"], json!([fan.id]));

    ok(
        &app,
        Method::POST,
        &format!("/posts/{post}/share"),
        &fan,
        None,
        200,
    )
    .await;
    let c = ok(
        &app,
        Method::POST,
        &format!("/posts/{post}/comment"),
        &fan,
        Some(json!({"content": "Great work, how long did it take?"})),
        201,
    )
    .await;
    // A reply to the author's own comment: the author hears of the reply only, once.
    ok(
        &app,
        Method::POST,
        &format!("/posts/{post}/comment"),
        &other,
        Some(json!({"content": "Fair price", "parent": own["_id"]})),
        201,
    )
    .await;
    // The author replies to the fan: the fan hears of it; the author nothing.
    ok(
        &app,
        Method::POST,
        &format!("/posts/{post}/comment"),
        &author,
        Some(json!({"content": "About an hour", "parent": c["_id"]})),
        201,
    )
    .await;
    app.settle().await;
    let got = inbox(&app, &author, "?limit=100").await;
    let titles: Vec<&str> = got.iter().map(|n| n["title"].as_str().unwrap()).collect();
    let mut types: Vec<&str> = got.iter().map(|n| n["type"].as_str().unwrap()).collect();
    types.sort();
    assert_eq!(
        types,
        [
            "new_follower",
            "post_commented",
            "post_commented",
            "post_shared"
        ],
        "{titles:?}"
    );
    assert_eq!(
        titles
            .iter()
            .filter(|t| t.contains("replied to your comment"))
            .count(),
        1,
        "{titles:?}"
    );
    assert_eq!(
        titles
            .iter()
            .filter(|t| t.contains("commented on your post"))
            .count(),
        1,
        "{titles:?}"
    );
    let comment = got
        .iter()
        .find(|n| {
            n["title"]
                .as_str()
                .unwrap()
                .contains("commented on your post")
        })
        .unwrap();
    assert_eq!(comment["body"], "Great work, how long did it take?");
    assert_eq!(comment["deepLink"], format!("baitech://post/{post}"));
    let fan_got = inbox(&app, &fan, "").await;
    assert_eq!(fan_got.len(), 1, "{fan_got:?}");
    assert!(
        fan_got[0]["title"]
            .as_str()
            .unwrap()
            .contains("replied to your comment")
    );
    assert!(kinds(&app, &other).await.is_empty());
}

#[apply(both_backends)]
async fn likes_of_one_post_collapse_into_one_item_and_an_unlike_relike_adds_no_actor(
    #[case] backend: Backend,
) {
    let app = spawn(backend).await;
    let author = person(&app, Role::Technician).await;
    let post = post_by(&app, &author).await;
    let other_post = post_by(&app, &author).await;
    let mut likers = Vec::new();
    for _ in 0..4 {
        likers.push(person(&app, Role::Customer).await);
    }
    for l in &likers {
        ok(
            &app,
            Method::POST,
            &format!("/posts/{post}/like"),
            l,
            None,
            200,
        )
        .await;
        app.settle().await;
    }
    ok(
        &app,
        Method::POST,
        &format!("/posts/{other_post}/like"),
        &likers[0],
        None,
        200,
    )
    .await;
    app.settle().await;
    let got = inbox(&app, &author, "").await;
    assert_eq!(got.len(), 2, "{got:?}");
    let group = got
        .iter()
        .find(|n| n["groupKey"] == format!("post:{post}:likes"))
        .unwrap();
    assert_eq!(group["count"], 4, "{group}");
    assert!(
        group["title"]
            .as_str()
            .unwrap()
            .ends_with("and 3 others liked your post"),
        "{group}"
    );
    assert_eq!(group["actors"].as_array().unwrap().len(), 3);
    let single = got
        .iter()
        .find(|n| n["groupKey"] == format!("post:{other_post}:likes"))
        .unwrap();
    assert_eq!(single["count"], 1);
    assert!(
        single["title"]
            .as_str()
            .unwrap()
            .ends_with(" liked your post")
    );
    assert!(kinds(&app, &likers[0]).await.is_empty());
}

/// `who` signs in with `user_agent`; the status.
async fn sign_in(app: &Notifying, who: &TestUser, user_agent: &str) -> u16 {
    app.client
        .request(Method::POST, "/api/v1/auth/login")
        .header("user-agent", user_agent)
        .json(&json!({"email": who.email, "password": PASSWORD}))
        .send()
        .await
        .status
}

#[apply(both_backends)]
async fn account_changes_tell_the_owner(#[case] backend: Backend) {
    let app = spawn(backend).await;
    let me = person(&app, Role::Customer).await;
    let admin = person(&app, Role::Admin).await;
    let tech = person(&app, Role::Technician).await;
    // The first sign-in is no news; the same device again neither; a new one is.
    assert_eq!(
        sign_in(&app, &me, "BaiTech/2.1 (Android 14; Pixel 7)").await,
        200
    );
    assert_eq!(
        sign_in(&app, &me, "BaiTech/2.1 (Android 14; Pixel 7)").await,
        200
    );
    app.settle().await;
    assert!(kinds(&app, &me).await.is_empty());
    assert_eq!(
        sign_in(&app, &me, "BaiTech/2.1 (iOS 18; iPhone 15)").await,
        200
    );
    app.settle().await;
    let got = inbox(&app, &me, "").await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["type"], "new_login");
    assert_eq!(got[0]["category"], "account");
    assert_eq!(got[0]["deepLink"], "baitech://settings/security");
    assert!(
        got[0]["body"].as_str().unwrap().contains("iPhone 15"),
        "{}",
        got[0]
    );

    let (s, b) = app
        .call(
            Method::POST,
            "/auth/change-password",
            Some(&me),
            Some(json!({"currentPassword": PASSWORD, "newPassword": "An0ther-Str0ng-Pass"})),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    // Other sessions are signed out; the answer holds the caller's new one.
    let me = TestUser {
        token: b["data"]["accessToken"].as_str().unwrap().to_string(),
        ..me
    };
    app.settle().await;
    assert_eq!(kinds(&app, &me).await, ["password_changed", "new_login"]);
    assert!(kinds(&app, &admin).await.is_empty());

    // KYC decisions reach the applicant (published as the decision makes them).
    app.publish(Event::account(
        tech.id,
        AccountChange::KycRejected,
        Some("the ID photo is blurred".into()),
    ))
    .await;
    app.publish(Event::account(
        tech.id,
        AccountChange::TwoFactorEnabled,
        None,
    ))
    .await;
    app.settle().await;
    let mut t = kinds(&app, &tech).await;
    t.sort();
    assert_eq!(t, ["kyc_rejected", "two_factor_enabled"]);
    let k = inbox(&app, &tech, "")
        .await
        .into_iter()
        .find(|n| n["type"] == "kyc_rejected")
        .unwrap();
    assert!(k["body"].as_str().unwrap().contains("blurred"));
    assert_eq!(k["deepLink"], "baitech://settings/kyc");
    assert!(kinds(&app, &admin).await.is_empty());
}

#[test]
fn the_events_keep_their_wire_shape() {
    let (a, b) = (
        Id::from_parts(1_700_000_000, 1),
        Id::from_parts(1_700_000_000, 2),
    );
    let at = Timestamp::from_millis(1_700_000_000_000);
    let e = Event::Payment {
        transaction: a,
        change: PaymentChange::PayoutSent,
        booking: None,
        payer: b,
        technician: Some(b),
        amount: Money::kes(150_000),
        receipt_number: "RCP-1".into(),
        reason: None,
        at,
    };
    let j = serde_json::to_value(&e).unwrap();
    assert_eq!(j["type"], "payment");
    assert_eq!(j["change"], "payout_sent");
    assert_eq!(j["receiptNumber"], "RCP-1");
    assert_eq!(j["amount"], json!({"amount": 150_000, "currency": "KES"}));
    assert_eq!(serde_json::from_value::<Event>(j).unwrap(), e);
    let e = Event::Commented {
        post: a,
        comment: b,
        by: a,
        post_author: b,
        parent: None,
        parent_author: None,
        mentions: vec![],
        at,
    };
    let j = serde_json::to_value(&e).unwrap();
    assert_eq!(
        (j["type"].as_str(), j["postAuthor"].as_str()),
        (Some("commented"), Some(b.to_hex().as_str()))
    );
    assert_eq!(serde_json::from_value::<Event>(j).unwrap(), e);
    let j = json!({"type": "account", "user": a, "change": "new_device_login", "at": at});
    assert!(matches!(
        serde_json::from_value::<Event>(j).unwrap(),
        Event::Account { detail: None, .. }
    ));
}
