//! The GDPR rights: export, consent, deletion.

use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use std::collections::BTreeSet;

use baitech::domain::token::{TokenKind, hash_token};
use baitech::domain::user::{Role, UserStatus};
use baitech::store::{PageRequest, PostFilter};
use reqwest::Method;
use serde_json::{Value, json};

use super::http::{delete, error_fields, get, member, post, put, set_status, stored};
use super::records;
use crate::common::users::PASSWORD;
use crate::common::{Backend, TestApp};

fn id_set(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|d| d["_id"].as_str().expect("_id").to_string())
        .collect()
}

fn set(ids: &[baitech::domain::Id]) -> BTreeSet<String> {
    ids.iter().map(|i| i.to_hex()).collect()
}

#[apply(both_backends)]
pub async fn export_contains_everything_about_the_caller_and_nothing_else(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let s = &app.app.store;
    let (me, tech, other, admin) = (
        member(&app, Role::Customer).await,
        member(&app, Role::Technician).await,
        member(&app, Role::Customer).await,
        member(&app, Role::Admin).await,
    );
    let (mine, theirs) = (
        records::booking(me.id, tech.id),
        records::booking(other.id, tech.id),
    );
    s.bookings.insert(&mine).await.unwrap();
    s.bookings.insert(&theirs).await.unwrap();
    let (paid, not_mine) = (
        records::payment(me.id, tech.id, mine.id),
        records::payment(other.id, tech.id, theirs.id),
    );
    s.transactions.insert(&paid).await.unwrap();
    s.transactions.insert(&not_mine).await.unwrap();
    let (my_post, other_post) = (
        records::post(me.id, "Looking for a fundi"),
        records::post(other.id, "Hello"),
    );
    s.posts.insert(&my_post).await.unwrap();
    s.posts.insert(&other_post).await.unwrap();
    let written = records::review(mine.id, me.id, tech.id, "Great work");
    let received = records::review(mine.id, tech.id, me.id, "Easy customer");
    let unrelated = records::review(theirs.id, other.id, tech.id, "Fine");
    for r in [&written, &received, &unrelated] {
        s.reviews.insert(r).await.unwrap();
    }
    let (chat, other_chat) = (
        records::direct(me.id, tech.id),
        records::direct(other.id, tech.id),
    );
    s.conversations.insert(&chat).await.unwrap();
    s.conversations.insert(&other_chat).await.unwrap();
    let sent = records::message(chat.id, me.id, "Are you coming today?");
    for m in [
        &sent,
        &records::message(chat.id, tech.id, "Yes, at 3"),
        &records::message(other_chat.id, other.id, "Hi"),
    ] {
        s.messages.insert(m).await.unwrap();
    }
    let note = records::notification(me.id);
    s.notifications.insert(&note).await.unwrap();
    s.notifications
        .insert(&records::notification(other.id))
        .await
        .unwrap();
    post(&app, &format!("/users/{}/follow", tech.id), &me, json!({})).await;
    post(&app, &format!("/users/{}/follow", me.id), &other, json!({})).await;
    let (status, _) = set_status(&app, &admin, me.id, "active", "phone confirmed").await;
    assert_eq!(status, 200);

    let (status, body) = get(&app, "/users/me/export", Some(&me)).await;
    assert_eq!(status, 200, "{body}");
    let d = &body["data"];
    assert_eq!(d["account"]["_id"], me.id.to_hex());
    assert_eq!(d["account"]["email"], me.email);
    assert!(d["account"].get("passwordHash").is_none());
    assert_eq!(id_set(&d["bookings"]), set(&[mine.id]));
    assert_eq!(id_set(&d["transactions"]), set(&[paid.id]));
    assert_eq!(id_set(&d["posts"]), set(&[my_post.id]));
    assert_eq!(id_set(&d["reviewsWritten"]), set(&[written.id]));
    assert_eq!(id_set(&d["reviewsReceived"]), set(&[received.id]));
    assert_eq!(id_set(&d["conversations"]), set(&[chat.id]));
    assert_eq!(id_set(&d["messagesSent"]), set(&[sent.id]));
    assert_eq!(id_set(&d["notifications"]), set(&[note.id]));
    assert_eq!(d["following"][0]["followee"], tech.id.to_hex());
    assert_eq!(d["followers"][0]["follower"], other.id.to_hex());
    assert_eq!(d["auditEntries"][0]["action"], "user.status");
    assert!(d["exportedAt"].is_string());
    assert_eq!(get(&app, "/users/me/export", None).await.0, 401);
}

#[apply(both_backends)]
pub async fn consent_records_the_choice_and_when(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = member(&app, Role::Customer).await;
    let (status, resp) = put(
        &app,
        "/users/me/consent",
        &me,
        json!({"marketing": true, "termsVersion": "2025-01"}),
    )
    .await;
    assert_eq!(status, 200, "{resp}");
    assert_eq!(resp["data"]["marketing"], true);
    let c = stored(&app, me.id).await.consent;
    assert!(c.marketing && c.marketing_updated_at.is_some() && c.terms_accepted_at.is_some());
    assert_eq!(c.terms_version.as_deref(), Some("2025-01"));

    let (_, _) = put(&app, "/users/me/consent", &me, json!({"marketing": false})).await;
    let c2 = stored(&app, me.id).await.consent;
    assert!(!c2.marketing && c2.marketing_updated_at >= c.marketing_updated_at);
    assert_eq!(
        c2.terms_accepted_at, c.terms_accepted_at,
        "terms untouched when not sent"
    );

    let (status, resp) = put(
        &app,
        "/users/me/consent",
        &me,
        json!({"marketing": "yes", "termsVersion": ""}),
    )
    .await;
    assert_eq!(
        (status, error_fields(&resp)),
        (
            400,
            vec!["marketing".to_string(), "termsVersion".to_string()]
        )
    );
    let (status, resp) = put(&app, "/users/me/consent", &me, json!({})).await;
    assert_eq!(
        (status, error_fields(&resp)),
        (400, vec!["marketing".to_string()])
    );
}

#[apply(both_backends)]
pub async fn deletion_anonymizes_keeps_money_records_and_locks_the_account_out(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let s = &app.app.store;
    let (me, tech) = (
        member(&app, Role::Customer).await,
        member(&app, Role::Technician).await,
    );
    let fan = member(&app, Role::Customer).await;
    let before = stored(&app, me.id).await;
    put(&app, "/users/me", &me, json!({"username": "soon_gone", "profile": {"bio": "Nairobi mum of three"}, "location": {"coordinates": [36.8, -1.3], "address": "Kileleshwa"}})).await;
    post(
        &app,
        "/users/fcm-token",
        &me,
        json!({"token": "my-phone", "platform": "android"}),
    )
    .await;
    post(
        &app,
        "/users/me/kyc",
        &me,
        json!({"documents": [{"kind": "national_id", "url": "https://res.cloudinary.com/id.jpg"}]}),
    )
    .await;
    post(&app, &format!("/users/{}/follow", tech.id), &me, json!({})).await;
    post(&app, &format!("/users/{}/follow", me.id), &fan, json!({})).await;
    let booking = records::booking(me.id, tech.id);
    let payment = records::payment(me.id, tech.id, booking.id);
    s.bookings.insert(&booking).await.unwrap();
    s.transactions.insert(&payment).await.unwrap();
    s.posts
        .insert(&records::post(me.id, "My kitchen before and after"))
        .await
        .unwrap();
    s.tokens
        .insert(&records::refresh_token(me.id, "raw-refresh"))
        .await
        .unwrap();

    let (status, resp) = delete(&app, "/users/me", &me, Some(json!({"password": PASSWORD}))).await;
    assert_eq!(status, 200, "{resp}");

    let u = stored(&app, me.id).await;
    assert_eq!(u.full_name(), "Deleted User");
    assert_eq!(
        (u.status, u.deleted_at.is_some()),
        (UserStatus::Deleted, true)
    );
    assert!(u.email.as_str().starts_with("deleted-") && u.email.as_str() != me.email);
    assert!(u.phone_number.as_str() != me.phone && u.phone_number.as_str().starts_with("+999"));
    assert!(u.username.is_none() && u.password_hash.is_none() && u.location.is_none());
    assert_eq!(u.profile, baitech::domain::user::Profile::default());
    assert!(
        u.fcm_tokens.is_empty()
            && u.kyc.documents.is_empty()
            && u.login_history.is_empty()
            && !u.two_factor.enabled
    );
    let text = serde_json::to_string(&u).unwrap();
    for personal in [
        me.email.as_str(),
        me.phone.as_str(),
        before.first_name.as_str(),
        "Kileleshwa",
        "mum of three",
        "my-phone",
    ] {
        assert!(!text.contains(personal), "{personal} is still stored");
    }

    // Money records stay exactly as they were.
    assert_eq!(s.bookings.get(booking.id).await.unwrap(), Some(booking));
    assert_eq!(s.transactions.get(payment.id).await.unwrap(), Some(payment));
    // The social footprint goes: edges, counters, posts.
    assert_eq!(stored(&app, tech.id).await.followers_count, 0);
    assert_eq!(stored(&app, fan.id).await.following_count, 0);
    let posts = s
        .posts
        .list_posts(
            &PostFilter {
                author: Some(me.id),
                ..Default::default()
            },
            &PageRequest::first(10),
        )
        .await
        .unwrap();
    assert!(posts.items.is_empty());
    // Every token is revoked, the account is gone publicly and locked out.
    let token = s
        .tokens
        .find_token(TokenKind::Refresh, &hash_token("raw-refresh"))
        .await
        .unwrap()
        .expect("token kept");
    assert!(token.revoked_at.is_some());
    assert_eq!(get(&app, &format!("/users/{}", me.id), None).await.0, 404);
    assert_eq!(get(&app, "/users/me", Some(&me)).await.0, 401);
    let (status, _) = app
        .call(
            Method::POST,
            "/auth/login",
            None,
            Some(json!({"email": me.email, "password": PASSWORD})),
        )
        .await;
    assert_ne!(status, 200, "the old e-mail and password no longer log in");
    let audit = s
        .audit
        .list_audit(
            &baitech::store::AuditFilter {
                target_id: Some(me.id),
                action: Some("user.delete".into()),
                ..Default::default()
            },
            &PageRequest::first(5),
        )
        .await
        .unwrap();
    assert_eq!(audit.items.len(), 1);
    assert_eq!(audit.items[0].after.as_ref().unwrap()["status"], "deleted");
}

#[apply(both_backends)]
pub async fn deletion_needs_the_right_password(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = member(&app, Role::Technician).await;
    let (status, resp) = delete(
        &app,
        "/users/me",
        &me,
        Some(json!({"password": "not-my-password"})),
    )
    .await;
    assert_eq!(
        (status, resp["error"]["code"].as_str()),
        (403, Some("FORBIDDEN"))
    );
    let (status, resp) = delete(&app, "/users/me", &me, Some(json!({}))).await;
    assert_eq!(
        (status, error_fields(&resp)),
        (400, vec!["password".to_string()])
    );
    assert_eq!(
        app.call(
            Method::DELETE,
            "/users/me",
            None,
            Some(json!({"password": PASSWORD}))
        )
        .await
        .0,
        401
    );
    assert_eq!(stored(&app, me.id).await.status, UserStatus::Active);
}
