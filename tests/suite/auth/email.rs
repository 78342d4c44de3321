//! E-mail verification and password reset, read from the sandbox outbox.

use baitech::domain::token::{AuthToken, TokenKind, hash_token, new_raw_token};
use baitech::domain::{Id, Timestamp};
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::json;

use super::{GOOD_PASSWORD, code_in, fields, login, mail_to, post, register, stored_user};
use crate::common::{Backend, TestApp};

#[apply(both_backends)]
async fn the_verification_mail_carries_a_single_use_code(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    let mail = mail_to(&app, &a.email, 0).await;
    assert!(mail.subject.contains("Confirm"), "{mail:?}");
    assert!(!mail.text.contains(GOOD_PASSWORD));
    let token = code_in(&mail);
    // only the hash is stored
    let stored = app
        .app
        .store
        .tokens
        .find_token(TokenKind::EmailVerification, &hash_token(&token))
        .await
        .unwrap();
    assert!(stored.is_some());
    assert!(
        app.app
            .store
            .tokens
            .find_token(TokenKind::EmailVerification, &token)
            .await
            .unwrap()
            .is_none()
    );

    let (status, v) = post(&app, "/verify-email", None, json!({ "token": token })).await;
    assert_eq!(status, 200, "{v}");
    let user = stored_user(&app, &a.id).await;
    assert!(user.email_verified_at.is_some());
    assert_eq!(user.status.as_str(), "active");

    let (status, v) = post(&app, "/verify-email", None, json!({ "token": token })).await;
    assert_eq!(status, 400, "single use: {v}");
    assert_eq!(fields(&v), ["token"]);
    let (status, v) = post(&app, "/verify-email", None, json!({})).await;
    assert_eq!(status, 400);
    assert_eq!(fields(&v), ["token"]);
    // already verified: nothing to resend
    assert_eq!(
        post(&app, "/resend-verification", Some(&a.access), json!({}))
            .await
            .0,
        409
    );
}

#[apply(both_backends)]
async fn an_expired_verification_code_is_refused(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    let raw = new_raw_token();
    let now = Timestamp::now();
    let an_hour = chrono::Duration::hours(1);
    app.app
        .store
        .tokens
        .insert(&AuthToken {
            id: Id::new(),
            user: Id::parse(&a.id).unwrap(),
            kind: TokenKind::EmailVerification,
            token_hash: hash_token(&raw),
            family: None,
            expires_at: now.minus(an_hour),
            used_at: None,
            revoked_at: None,
            created_at: now.minus(an_hour * 25),
            user_agent: None,
            ip: None,
        })
        .await
        .unwrap();
    let (status, v) = post(&app, "/verify-email", None, json!({ "token": raw })).await;
    assert_eq!(status, 400, "{v}");
    assert!(stored_user(&app, &a.id).await.email_verified_at.is_none());
    // a verification code is not a reset code, nor the other way round
    let (status, _) = post(&app, "/reset-password", None, json!({ "token": code_in(&mail_to(&app, &a.email, 0).await), "password": "Brand-New-Pass-7" })).await;
    assert_eq!(status, 400);
}

#[apply(both_backends)]
async fn resending_replaces_the_previous_code(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    let first = code_in(&mail_to(&app, &a.email, 0).await);
    let (status, v) = post(&app, "/resend-verification", Some(&a.access), json!({})).await;
    assert_eq!(status, 200, "{v}");
    let second = code_in(&mail_to(&app, &a.email, 1).await);
    assert_ne!(first, second);
    assert_eq!(
        post(&app, "/verify-email", None, json!({ "token": first }))
            .await
            .0,
        400
    );
    assert_eq!(
        post(&app, "/verify-email", None, json!({ "token": second }))
            .await
            .0,
        200
    );
    assert_eq!(
        post(&app, "/resend-verification", None, json!({})).await.0,
        401
    );
}

#[apply(both_backends)]
async fn forgot_and_reset_password_replace_the_password(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    let (_, other_device) = login(&app, &a.email, GOOD_PASSWORD).await;

    let (s1, known) = post(&app, "/forgot-password", None, json!({ "email": a.email })).await;
    let (s2, unknown) = post(
        &app,
        "/forgot-password",
        None,
        json!({ "email": "nobody.here@example.co.ke" }),
    )
    .await;
    assert_eq!((s1, s2), (200, 200));
    assert_eq!(
        known, unknown,
        "the answer never tells whether the account exists"
    );
    let mail = mail_to(&app, &a.email, 1).await;
    assert!(mail.subject.contains("Reset"), "{mail:?}");
    let outbox = app.app.email.sandbox_outbox().unwrap();
    assert!(outbox.messages_to("nobody.here@example.co.ke").is_empty());
    let token = code_in(&mail);

    // a weak password is refused without spending the code
    let (status, v) = post(
        &app,
        "/reset-password",
        None,
        json!({ "token": token, "password": "weak" }),
    )
    .await;
    assert_eq!(status, 400);
    assert!(fields(&v).iter().all(|f| f == "password"), "{v}");
    let (status, v) = post(
        &app,
        "/reset-password",
        None,
        json!({ "token": token, "password": "Brand-New-Pass-7" }),
    )
    .await;
    assert_eq!(status, 200, "{v}");

    assert_eq!(login(&app, &a.email, GOOD_PASSWORD).await.0, 401);
    assert_eq!(login(&app, &a.email, "Brand-New-Pass-7").await.0, 200);
    // every earlier session is signed out
    let old = other_device["data"]["refreshToken"].as_str().unwrap();
    assert_eq!(
        post(&app, "/refresh", None, json!({ "refreshToken": old }))
            .await
            .0,
        401
    );
    assert_eq!(
        post(&app, "/refresh", None, json!({ "refreshToken": a.refresh }))
            .await
            .0,
        401
    );
    // single use; proving the mailbox verified it
    let (status, v) = post(
        &app,
        "/reset-password",
        None,
        json!({ "token": token, "password": "Another-Pass-8" }),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(fields(&v), ["token"]);
    assert!(stored_user(&app, &a.id).await.email_verified_at.is_some());

    let (status, v) = post(&app, "/reset-password", None, json!({})).await;
    assert_eq!(status, 400);
    assert_eq!(fields(&v), ["token", "password"]);
    let (status, v) = post(
        &app,
        "/forgot-password",
        None,
        json!({ "email": "not-an-email" }),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(fields(&v), ["email"]);
}
