//! Refresh-token rotation and reuse detection, logout, logout of every device, and password
//! change.

use baitech::domain::token::{AuthToken, TokenKind, hash_token, new_raw_token};
use baitech::domain::user::UserStatus;
use baitech::domain::{Id, Timestamp};
use baitech::store::{AuditFilter, PageRequest};
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::json;

use super::{GOOD_PASSWORD, fields, login, post, register, stored_user};
use crate::common::{Backend, TestApp};

async fn refresh(app: &TestApp, token: &str) -> (u16, serde_json::Value) {
    post(app, "/refresh", None, json!({ "refreshToken": token })).await
}

#[apply(both_backends)]
async fn refresh_rotates_the_pair_and_the_old_token_is_spent(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    let (status, v) = refresh(&app, &a.refresh).await;
    assert_eq!(status, 200, "{v}");
    let r2 = v["data"]["refreshToken"].as_str().unwrap().to_string();
    let access2 = v["data"]["accessToken"].as_str().unwrap().to_string();
    assert_ne!(r2, a.refresh);
    assert_ne!(access2, a.access);
    assert_eq!(v["data"]["user"]["_id"], a.id.as_str());
    // the new pair works, and rotates again
    assert_eq!(
        post(&app, "/logout-all", Some(&access2), json!({})).await.0,
        200
    );
    let (status, v) = refresh(&app, &r2).await;
    assert_eq!(status, 401, "logout-all revoked it: {v}");

    let (_, v) = login(&app, &a.email, GOOD_PASSWORD).await;
    let r = v["data"]["refreshToken"].as_str().unwrap().to_string();
    let (status, v) = refresh(&app, &r).await;
    assert_eq!(status, 200);
    let r_next = v["data"]["refreshToken"].as_str().unwrap();
    assert_eq!(refresh(&app, r_next).await.0, 200);

    for bad in ["", "nonsense", &"0".repeat(64)] {
        let (status, v) = refresh(&app, bad).await;
        assert!(
            status == 401 || (bad.is_empty() && status == 400),
            "{bad:?}: {status} {v}"
        );
    }
    let (status, v) = post(&app, "/refresh", None, json!({})).await;
    assert_eq!(status, 400);
    assert_eq!(fields(&v), ["refreshToken"]);
}

#[apply(both_backends)]
async fn reused_refresh_token_revokes_the_family(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    // a second, independent login of the same account
    let (_, other) = login(&app, &a.email, GOOD_PASSWORD).await;
    let other_refresh = other["data"]["refreshToken"].as_str().unwrap().to_string();

    let (_, v) = refresh(&app, &a.refresh).await;
    let newest = v["data"]["refreshToken"].as_str().unwrap().to_string();
    // the spent token comes back (a thief, or the victim after the thief): the family dies
    let (status, v) = refresh(&app, &a.refresh).await;
    assert_eq!(status, 401);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("already used"),
        "{v}"
    );
    let (status, _) = refresh(&app, &newest).await;
    assert_eq!(status, 401, "the newest token of the family is revoked too");
    // the other login is a different family and lives on
    assert_eq!(refresh(&app, &other_refresh).await.0, 200);

    let id = baitech::domain::Id::parse(&a.id).unwrap();
    let audit = app
        .app
        .store
        .audit
        .list_audit(
            &AuditFilter {
                action: Some("auth.refresh_token_reused".into()),
                target_id: Some(id),
                ..Default::default()
            },
            &PageRequest::first(10),
        )
        .await
        .unwrap();
    assert_eq!(audit.items.len(), 1);
    assert!(
        audit.items[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("127.0.0.1")
    );
}

#[apply(both_backends)]
async fn an_expired_refresh_token_is_401(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    let raw = new_raw_token();
    let now = Timestamp::now();
    let token = AuthToken {
        id: Id::new(),
        user: Id::parse(&a.id).unwrap(),
        kind: TokenKind::Refresh,
        token_hash: hash_token(&raw),
        family: Some(Id::new()),
        expires_at: now.minus(chrono::Duration::minutes(1)),
        used_at: None,
        revoked_at: None,
        created_at: now.minus(chrono::Duration::days(30)),
        user_agent: None,
        ip: None,
    };
    app.app.store.tokens.insert(&token).await.unwrap();
    let (status, v) = refresh(&app, &raw).await;
    assert_eq!(status, 401, "{v}");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("expired"),
        "{v}"
    );
}

#[apply(both_backends)]
async fn refresh_is_refused_for_a_suspended_account(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    let mut user = stored_user(&app, &a.id).await;
    user.status = UserStatus::Suspended;
    app.app.store.users.replace(&user).await.unwrap();
    let (status, v) = refresh(&app, &a.refresh).await;
    assert_eq!(status, 403, "{v}");
    // and the session is over even if the suspension is lifted
    user.status = UserStatus::Active;
    app.app.store.users.replace(&user).await.unwrap();
    assert_eq!(refresh(&app, &a.refresh).await.0, 401);
}

#[apply(both_backends)]
async fn logout_revokes_the_refresh_token(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    let (status, v) = post(&app, "/logout", None, json!({ "refreshToken": a.refresh })).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["data"]["loggedOut"], true);
    assert_eq!(refresh(&app, &a.refresh).await.0, 401);
    // idempotent, and silent about unknown tokens
    assert_eq!(
        post(&app, "/logout", None, json!({ "refreshToken": a.refresh }))
            .await
            .0,
        200
    );
    assert_eq!(
        post(&app, "/logout", None, json!({ "refreshToken": "unknown" }))
            .await
            .0,
        200
    );
    let (status, v) = post(&app, "/logout", None, json!({})).await;
    assert_eq!(status, 400);
    assert_eq!(fields(&v), ["refreshToken"]);
}

#[apply(both_backends)]
async fn logout_all_revokes_every_device(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    let (_, phone) = login(&app, &a.email, GOOD_PASSWORD).await;
    let phone_refresh = phone["data"]["refreshToken"].as_str().unwrap().to_string();
    let (status, v) = post(&app, "/logout-all", Some(&a.access), json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(v["data"]["sessionsRevoked"], 2);
    assert_eq!(refresh(&app, &a.refresh).await.0, 401);
    assert_eq!(refresh(&app, &phone_refresh).await.0, 401);
    assert_eq!(post(&app, "/logout-all", None, json!({})).await.0, 401);
}

#[apply(both_backends)]
async fn change_password_checks_both_and_signs_out_other_devices(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    let change = |current: &str, new: &str| {
        let (app, token) = (&app, a.access.clone());
        let body = json!({ "currentPassword": current, "newPassword": new });
        async move { post(app, "/change-password", Some(&token), body).await }
    };
    let (status, v) = change("Wrong-Password-1", "weak").await;
    assert_eq!(status, 400, "{v}");
    let f = fields(&v);
    assert!(
        f.contains(&"currentPassword".to_string()) && f.contains(&"newPassword".to_string()),
        "{f:?}"
    );
    let (status, v) = change(GOOD_PASSWORD, GOOD_PASSWORD).await;
    assert_eq!(status, 400);
    assert_eq!(fields(&v), ["newPassword"]);
    let (status, v) = post(&app, "/change-password", Some(&a.access), json!({})).await;
    assert_eq!(status, 400);
    assert_eq!(fields(&v), ["currentPassword", "newPassword"]);
    assert_eq!(post(&app, "/change-password", None, json!({})).await.0, 401);

    let (status, v) = change(GOOD_PASSWORD, "Brand-New-Pass-7").await;
    assert_eq!(status, 200, "{v}");
    let fresh = v["data"]["refreshToken"].as_str().unwrap().to_string();
    assert_eq!(
        refresh(&app, &a.refresh).await.0,
        401,
        "other sessions are signed out"
    );
    assert_eq!(
        refresh(&app, &fresh).await.0,
        200,
        "the caller keeps a session"
    );
    assert_eq!(login(&app, &a.email, GOOD_PASSWORD).await.0, 401);
    assert_eq!(login(&app, &a.email, "Brand-New-Pass-7").await.0, 200);
    let mail = super::mail_to(&app, &a.email, 1).await;
    assert!(mail.subject.contains("password was changed"), "{mail:?}");
}
