//! `POST /auth/login`: identifiers, wrong passwords, lockout, bcrypt import, account states,
//! and access tokens that are expired or tampered with.

use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use std::time::Duration;

use baitech::auth::TokenUse;
use baitech::auth::jwt::ACCESS_TTL;
use baitech::domain::Timestamp;
use baitech::domain::user::{Role, UserStatus};
use serde_json::json;

use super::{GOOD_PASSWORD, fields, login, post, register, stored_user};
use crate::common::users::{PASSWORD, user_doc};
use crate::common::{Backend, TestApp};

#[apply(both_backends)]
async fn login_works_by_email_or_phone_and_is_recorded(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    let (status, v) = login(&app, &a.email.to_uppercase(), GOOD_PASSWORD).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["data"]["user"]["_id"], a.id.as_str());
    assert!(v["data"]["accessToken"].is_string() && v["data"]["refreshToken"].is_string());
    assert!(v["data"].get("requires2fa").is_none());

    // a Kenyan local number finds the account stored in E.164
    let local = format!("0{}", &a.phone[4..]);
    let (status, v) = post(
        &app,
        "/login",
        None,
        json!({ "phoneNumber": local, "password": GOOD_PASSWORD }),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["data"]["user"]["_id"], a.id.as_str());

    let user = stored_user(&app, &a.id).await;
    assert_eq!(user.login_history.len(), 2);
    let last = user.login_history.last().unwrap();
    assert!(last.success);
    assert_eq!(last.ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(last.user_agent.as_deref(), Some("BaiTech-Tests/1.0"));
    assert!(user.last_login_at.is_some());
}

#[apply(both_backends)]
async fn wrong_password_and_unknown_account_get_the_same_401(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    let (s1, wrong) = login(&app, &a.email, "Wrong-Password-1").await;
    let (s2, unknown) = login(&app, "nobody.here@example.co.ke", GOOD_PASSWORD).await;
    assert_eq!((s1, s2), (401, 401));
    assert_eq!(wrong["error"], unknown["error"]);
    assert_eq!(wrong["error"]["code"], "UNAUTHORIZED");

    let user = stored_user(&app, &a.id).await;
    assert_eq!(user.failed_logins, 1);
    assert!(!user.login_history.last().unwrap().success);

    let (status, v) = post(&app, "/login", None, json!({})).await;
    assert_eq!(status, 400);
    assert_eq!(fields(&v), ["email", "password"]);
}

#[apply(both_backends)]
async fn repeated_failures_lock_the_account_with_growing_backoff(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    for _ in 0..5 {
        assert_eq!(login(&app, &a.email, "Wrong-Password-1").await.0, 401);
    }
    // locked: even the right password is refused, with the time left
    let r = app
        .request(reqwest::Method::POST, "/api/v1/auth/login")
        .json(&json!({ "email": a.email, "password": GOOD_PASSWORD }))
        .send_raw()
        .await;
    assert_eq!(r.status(), 429);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    let user = stored_user(&app, &a.id).await;
    assert_eq!(user.failed_logins, 5);
    assert!(user.is_locked(Timestamp::now()));

    // the lock runs out (simulated); one more failure locks for twice as long
    let mut user = stored_user(&app, &a.id).await;
    user.locked_until = Some(Timestamp::now().minus(chrono::Duration::seconds(1)));
    app.app.store.users.replace(&user).await.unwrap();
    assert_eq!(login(&app, &a.email, "Wrong-Password-1").await.0, 401);
    let r = app
        .request(reqwest::Method::POST, "/api/v1/auth/login")
        .json(&json!({ "email": a.email, "password": GOOD_PASSWORD }))
        .send_raw()
        .await;
    assert_eq!(r.status(), 429);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((61..=120).contains(&retry), "{retry}");

    // after the lock, the right password works and clears the count
    let mut user = stored_user(&app, &a.id).await;
    user.locked_until = Some(Timestamp::now().minus(chrono::Duration::seconds(1)));
    app.app.store.users.replace(&user).await.unwrap();
    assert_eq!(login(&app, &a.email, GOOD_PASSWORD).await.0, 200);
    assert_eq!(stored_user(&app, &a.id).await.failed_logins, 0);
}

#[apply(both_backends)]
async fn imported_bcrypt_hash_logs_in_and_is_upgraded_to_argon2id(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let mut doc = user_doc(Role::Customer, 1);
    // As the original Node system wrote them: `$2a$`, cost 12.
    let legacy = bcrypt::hash_with_salt(PASSWORD, 12, [9u8; 16])
        .unwrap()
        .format_for_version(bcrypt::Version::TwoA);
    assert!(legacy.starts_with("$2a$12$"));
    doc.password_hash = Some(legacy);
    let u = app.add_user(doc).await;

    let (status, v) = login(&app, &u.email, PASSWORD).await;
    assert_eq!(status, 200, "{v}");
    let stored = stored_user(&app, &u.id.to_hex()).await;
    assert!(
        stored
            .password_hash
            .as_deref()
            .unwrap()
            .starts_with("$argon2id$")
    );
    // and the upgraded hash keeps working
    assert_eq!(login(&app, &u.email, PASSWORD).await.0, 200);
    assert_eq!(login(&app, &u.email, "Not-The-Password-1").await.0, 401);
}

#[apply(both_backends)]
async fn suspended_banned_and_deleted_accounts_are_refused(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let statuses = [
        UserStatus::Suspended,
        UserStatus::Banned,
        UserStatus::Deactivated,
    ];
    for (n, status) in statuses.into_iter().enumerate() {
        let mut doc = user_doc(Role::Technician, 10 + n as u32);
        doc.status = status;
        let u = app.add_user(doc).await;
        // a wrong password does not reveal the account state
        assert_eq!(login(&app, &u.email, "Wrong-Password-1").await.0, 401);
        let (code, v) = login(&app, &u.email, PASSWORD).await;
        assert_eq!(code, 403, "{status:?}: {v}");
        assert_eq!(v["error"]["code"], "FORBIDDEN");
    }
    // a deleted account no longer exists for login: the same 401 as an unknown one
    let mut doc = user_doc(Role::Customer, 20);
    doc.status = UserStatus::Deleted;
    doc.deleted_at = Some(Timestamp::now());
    let u = app.add_user(doc).await;
    let (code, v) = login(&app, &u.email, PASSWORD).await;
    assert_eq!(code, 401, "{v}");
    assert_eq!(
        v["error"],
        login(&app, "nobody.here@example.co.ke", PASSWORD).await.1["error"]
    );
}

#[apply(both_backends)]
async fn expired_tampered_and_wrong_use_tokens_are_401(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    let id = baitech::domain::Id::parse(&a.id).unwrap();
    let protected = |t: Option<String>| {
        let app = &app;
        async move { post(app, "/logout-all", t.as_deref(), json!({})).await }
    };

    let expired = app.access_token(id, Role::Customer, -3600);
    let (status, v) = protected(Some(expired)).await;
    assert_eq!(status, 401);
    assert!(
        v["error"]["message"].as_str().unwrap().contains("expired"),
        "{v}"
    );

    // flip one character of the payload: the signature no longer matches
    let mut parts: Vec<String> = a.access.split('.').map(String::from).collect();
    let flipped: String = parts[1]
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i == 5 {
                if c == 'A' { 'B' } else { 'A' }
            } else {
                c
            }
        })
        .collect();
    parts[1] = flipped;
    assert_eq!(protected(Some(parts.join("."))).await.0, 401);

    // a role escalated by re-signing with another key is refused too
    let other = baitech::auth::JwtKeys::new("some-other-secret-some-other-secret");
    let (forged, _) = other
        .issue(
            id,
            Role::Admin,
            TokenUse::Access,
            chrono::Utc::now().timestamp(),
            ACCESS_TTL,
            0,
        )
        .unwrap();
    assert_eq!(protected(Some(forged)).await.0, 401);

    // a 2FA step-up token is not an access token
    let (temp, _) = app
        .app
        .jwt
        .issue(
            id,
            Role::Customer,
            TokenUse::TwoFactor,
            chrono::Utc::now().timestamp(),
            Duration::from_secs(300),
            0,
        )
        .unwrap();
    assert_eq!(protected(Some(temp)).await.0, 401);
    assert_eq!(protected(None).await.0, 401);
    assert_eq!(protected(Some(a.access.clone())).await.0, 200);
}
