//! TOTP two-factor authentication: setup, enable, login with `tempToken`, replay refusal,
//! recovery codes, disable. Codes are computed here with totp-rs from the returned secret.

use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use totp_rs::{Algorithm, Builder, Secret};

use super::{Account, GOOD_PASSWORD, fields, login, post, register, stored_user};
use crate::common::{Backend, TestApp};

/// The current 30-second step.
fn step_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 30
}

/// The code of `secret` for time step `step`.
fn code(secret: &str, step: u64) -> String {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_secret(Secret::try_from_base32(secret).unwrap())
        .build()
        .unwrap()
        .generate(step * 30)
        .to_string()
}

/// Sets 2FA up and enables it with the code of the current step `n`. Returns the secret,
/// the recovery codes and `n`: the server accepts steps n-1..=n+1 at any moment, so the
/// codes of `n + 1` remain usable for at least the next 30 seconds.
async fn enable(app: &TestApp, a: &Account) -> (String, Vec<String>, u64) {
    let (status, v) = post(app, "/2fa/setup", Some(&a.access), json!({})).await;
    assert_eq!(status, 200, "{v}");
    let secret = v["data"]["secret"].as_str().unwrap().to_string();
    let url = v["data"]["otpauthUrl"].as_str().unwrap();
    assert!(
        url.starts_with("otpauth://totp/BaiTech:") && url.contains("issuer=BaiTech"),
        "{url}"
    );
    assert!(url.contains(&format!("secret={secret}")));
    let n = step_now();
    let (status, v) = post(
        app,
        "/2fa/enable",
        Some(&a.access),
        json!({ "code": code(&secret, n) }),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let codes: Vec<String> = serde_json::from_value(v["data"]["recoveryCodes"].clone()).unwrap();
    (secret, codes, n)
}

async fn temp_token(app: &TestApp, a: &Account) -> String {
    let (status, v) = login(app, &a.email, GOOD_PASSWORD).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["data"]["requires2fa"], true, "{v}");
    assert!(v["data"].get("accessToken").is_none());
    v["data"]["tempToken"].as_str().unwrap().to_string()
}

async fn verify(app: &TestApp, temp: &str, code: &str) -> (u16, Value) {
    post(
        app,
        "/verify-2fa",
        None,
        json!({ "tempToken": temp, "code": code }),
    )
    .await
}

#[apply(both_backends)]
async fn two_factor_login_needs_a_fresh_totp_code(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    // set up but not enabled: login is unchanged
    let (_, v) = post(&app, "/2fa/setup", Some(&a.access), json!({})).await;
    let pending = v["data"]["secret"].as_str().unwrap().to_string();
    let (_, v) = login(&app, &a.email, GOOD_PASSWORD).await;
    assert!(v["data"]["accessToken"].is_string());
    let (status, v) = post(
        &app,
        "/2fa/enable",
        Some(&a.access),
        json!({ "code": "12345" }),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(fields(&v), ["code"]);
    assert_ne!(pending, "");

    let (secret, codes, n) = enable(&app, &a).await;
    assert_eq!(codes.len(), 10);
    assert!(codes.iter().all(|c| c.len() == 19), "{codes:?}");
    let stored = stored_user(&app, &a.id).await;
    assert!(stored.two_factor.enabled);
    assert_eq!(stored.two_factor.recovery_code_hashes.len(), 10);
    assert!(
        !stored.two_factor.recovery_code_hashes.contains(&codes[0]),
        "only hashes are stored"
    );
    assert_eq!(
        post(&app, "/2fa/setup", Some(&a.access), json!({})).await.0,
        409
    );
    assert_eq!(
        post(
            &app,
            "/2fa/enable",
            Some(&a.access),
            json!({ "code": code(&secret, n + 1) })
        )
        .await
        .0,
        409
    );

    // the code used to enable cannot be replayed to log in
    let temp = temp_token(&app, &a).await;
    let (status, _) = verify(&app, &temp, &code(&secret, n)).await;
    assert_eq!(status, 401);
    // the temp token is no access token
    assert_eq!(
        post(&app, "/logout-all", Some(&temp), json!({})).await.0,
        401
    );
    let (status, v) = verify(&app, &temp, &code(&secret, n + 1)).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["data"]["user"]["_id"], a.id.as_str());
    let access = v["data"]["accessToken"].as_str().unwrap();
    assert_eq!(
        post(&app, "/logout-all", Some(access), json!({})).await.0,
        200
    );
    // a completed temp token is spent
    assert_eq!(verify(&app, &temp, &codes[0]).await.0, 401);

    // the same code again, on a new login: refused (no replay)
    let temp = temp_token(&app, &a).await;
    let (status, v) = verify(&app, &temp, &code(&secret, n + 1)).await;
    assert_eq!(status, 401, "{v}");
    assert_eq!(v["error"]["message"], "invalid two-factor code");

    let (status, v) = verify(&app, "not-a-token", "123456").await;
    assert_eq!(status, 401, "{v}");
    let (status, v) = post(&app, "/verify-2fa", None, json!({})).await;
    assert_eq!(status, 400);
    assert_eq!(fields(&v), ["tempToken", "code"]);
}

#[apply(both_backends)]
async fn enrolment_steps_need_a_session_and_the_right_order(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    for path in ["/2fa/setup", "/2fa/enable", "/2fa/disable"] {
        assert_eq!(post(&app, path, None, json!({})).await.0, 401, "{path}");
    }
    // enable before setup, and disable while off, are state conflicts
    let (status, v) = post(
        &app,
        "/2fa/enable",
        Some(&a.access),
        json!({ "code": "123456" }),
    )
    .await;
    assert_eq!(status, 409, "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("setup"));
    let body = json!({ "password": GOOD_PASSWORD, "code": "123456" });
    assert_eq!(
        post(&app, "/2fa/disable", Some(&a.access), body).await.0,
        409
    );
    let (status, v) = post(&app, "/2fa/enable", Some(&a.access), json!({})).await;
    assert_eq!(status, 400);
    assert_eq!(fields(&v), ["code"]);
}

#[apply(both_backends)]
async fn a_recovery_code_works_once(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    let (_, codes, _) = enable(&app, &a).await;
    let temp = temp_token(&app, &a).await;
    // typed loosely: lower case, spaces instead of dashes
    let typed = codes[3].to_lowercase().replace('-', " ");
    let (status, v) = verify(&app, &temp, &typed).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["data"]["user"]["twoFactor"]["recoveryCodesLeft"], 9);
    let temp = temp_token(&app, &a).await;
    assert_eq!(verify(&app, &temp, &codes[3]).await.0, 401);
    assert_eq!(verify(&app, &temp, &codes[4]).await.0, 200);
}

#[apply(both_backends)]
async fn wrong_codes_run_out_and_lock_the_account(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    let (secret, _, n) = enable(&app, &a).await;
    let temp = temp_token(&app, &a).await;
    let wrong = code(&secret, n - 20);
    for _ in 0..5 {
        assert_eq!(verify(&app, &temp, &wrong).await.0, 401);
    }
    let (status, v) = verify(&app, &temp, &code(&secret, n + 1)).await;
    assert_eq!(status, 401);
    assert!(
        v["error"]["message"].as_str().unwrap().contains("too many"),
        "{v}"
    );
    // five wrong codes count like five wrong passwords
    assert_eq!(login(&app, &a.email, GOOD_PASSWORD).await.0, 429);
}

#[apply(both_backends)]
async fn disabling_needs_the_password_and_a_code(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = register(&app).await;
    let (secret, _, n) = enable(&app, &a).await;
    let next = code(&secret, n + 1);
    let disable = |body: Value| post(&app, "/2fa/disable", Some(&a.access), body);

    let (status, v) = disable(json!({})).await;
    assert_eq!(status, 400);
    assert_eq!(fields(&v), ["password", "code"]);
    let (status, v) = disable(json!({ "password": "Wrong-Password-1", "code": next })).await;
    assert_eq!(status, 400);
    assert_eq!(fields(&v), ["password"]);
    let (status, v) =
        disable(json!({ "password": GOOD_PASSWORD, "code": code(&secret, n - 20) })).await;
    assert_eq!(status, 400);
    assert_eq!(fields(&v), ["code"]);
    assert_eq!(post(&app, "/2fa/disable", None, json!({})).await.0, 401);
    // the wrong password did not spend the code
    let (status, v) = disable(json!({ "password": GOOD_PASSWORD, "code": next })).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["data"]["enabled"], false);

    let stored = stored_user(&app, &a.id).await;
    assert!(!stored.two_factor.enabled && stored.two_factor.secret.is_none());
    let (_, v) = login(&app, &a.email, GOOD_PASSWORD).await;
    assert!(v["data"]["accessToken"].is_string(), "{v}");
    assert_eq!(
        disable(json!({ "password": GOOD_PASSWORD, "code": next }))
            .await
            .0,
        409
    );
}
