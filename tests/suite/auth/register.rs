//! `POST /auth/register`.

use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::json;

use super::{GOOD_PASSWORD, fields, post, register_as, registration, stored_user};
use crate::common::{Backend, TestApp};

#[apply(both_backends)]
async fn registration_returns_the_private_user_and_working_tokens(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let body = registration("customer");
    let r = app
        .request(reqwest::Method::POST, "/api/v1/auth/register")
        .json(&body)
        .send_raw()
        .await;
    assert_eq!(r.status(), 201);
    let text = r.text().await.unwrap();
    for secret in [
        "passwordHash",
        "password_hash",
        GOOD_PASSWORD,
        "tokenHash",
        "recoveryCodeHashes",
        "argon2",
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["success"], true);
    let user = &v["data"]["user"];
    let id = user["_id"].as_str().unwrap();
    assert!(
        id.len() == 24 && id.chars().all(|c| c.is_ascii_hexdigit()),
        "{id}"
    );
    assert_eq!(user["email"], body["email"]);
    assert!(
        user["phoneNumber"].as_str().unwrap().starts_with("+2547"),
        "normalized to E.164"
    );
    assert_eq!(user["role"], "customer");
    assert_eq!(user["status"], "pending_verification");
    assert_eq!(user["emailVerified"], false);
    assert_eq!(user["twoFactor"]["enabled"], false);
    assert!(user["consent"]["termsAcceptedAt"].is_string());
    assert_eq!(v["data"]["tokenType"], "Bearer");
    assert_eq!(v["data"]["expiresIn"], 900);
    let refresh = v["data"]["refreshToken"].as_str().unwrap();
    assert_eq!(refresh.len(), 64);

    // the access token works on a protected route
    let (status, out) = post(
        &app,
        "/logout-all",
        v["data"]["accessToken"].as_str(),
        json!({}),
    )
    .await;
    assert_eq!(status, 200, "{out}");

    // stored: argon2id hash, no technician profile for a customer
    let stored = stored_user(&app, id).await;
    assert!(stored.password_hash.unwrap().starts_with("$argon2id$"));
    assert!(stored.technician.is_none());
}

#[apply(both_backends)]
async fn technicians_and_corporates_get_their_profiles(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let tech = register_as(&app, "technician").await;
    let stored = stored_user(&app, &tech.id).await;
    assert!(stored.technician.is_some());
    let mut body = registration("corporate");
    body["companyName"] = json!("Acme Kenya Ltd");
    let (status, v) = post(&app, "/register", None, body).await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["data"]["user"]["role"], "corporate");
    assert_eq!(
        v["data"]["user"]["corporate"]["companyName"],
        "Acme Kenya Ltd"
    );
}

#[apply(both_backends)]
async fn invalid_registration_lists_every_bad_field(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (status, v) = post(
        &app,
        "/register",
        None,
        json!({
            "firstName": "",
            "lastName": "R2-D2",
            "email": "not-an-email",
            "phoneNumber": "12345",
            "password": "short",
            "role": "wizard",
        }),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(v["error"]["code"], "VALIDATION_ERROR");
    let f = fields(&v);
    for expected in [
        "firstName",
        "lastName",
        "email",
        "phoneNumber",
        "password",
        "role",
    ] {
        assert!(
            f.iter().any(|x| x == expected),
            "{expected} missing from {f:?}"
        );
    }
    // every password problem, not just the first
    assert!(f.iter().filter(|x| *x == "password").count() >= 3, "{v}");

    let (status, v) = post(&app, "/register", None, json!({})).await;
    assert_eq!(status, 400);
    assert_eq!(
        fields(&v),
        ["firstName", "lastName", "email", "phoneNumber", "password"]
    );

    // the password may not contain the person's name
    let mut body = registration("customer");
    body["password"] = json!("Amina-Secret-9");
    let (status, v) = post(&app, "/register", None, body).await;
    assert_eq!(status, 400);
    assert_eq!(fields(&v), ["password"]);
}

#[apply(both_backends)]
async fn duplicate_email_or_phone_is_409_naming_the_field(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let first = registration("customer");
    assert_eq!(post(&app, "/register", None, first.clone()).await.0, 201);

    let mut same_email = registration("customer");
    same_email["email"] = json!(first["email"].as_str().unwrap().to_uppercase());
    let (status, v) = post(&app, "/register", None, same_email).await;
    assert_eq!(status, 409, "{v}");
    assert_eq!(v["error"]["code"], "CONFLICT");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("email"),
        "{v}"
    );

    // the same number written the international way is the same phone
    let mut same_phone = registration("technician");
    let local = first["phoneNumber"].as_str().unwrap();
    same_phone["phoneNumber"] = json!(format!("+254 {}", &local[1..]));
    let (status, v) = post(&app, "/register", None, same_phone).await;
    assert_eq!(status, 409, "{v}");
    let msg = v["error"]["message"].as_str().unwrap();
    assert!(msg.contains("phone") && !msg.contains("email"), "{msg}");
}

#[apply(both_backends)]
async fn admin_and_support_cannot_register(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    for role in ["admin", "support", "ADMIN"] {
        let (status, v) = post(&app, "/register", None, registration(role)).await;
        assert_eq!(status, 400, "{role}: {v}");
        assert_eq!(fields(&v), ["role"]);
        assert!(
            v["error"]["details"][0]["message"]
                .as_str()
                .unwrap()
                .contains("operator")
        );
    }
}

#[apply(both_backends)]
async fn operator_keys_and_non_json_bodies_are_400(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (status, v) = post(
        &app,
        "/login",
        None,
        json!({ "email": { "$gt": "" }, "password": "x" }),
    )
    .await;
    assert_eq!(status, 400, "{v}");
    assert_eq!(fields(&v), ["email.$gt"]);
    let mut body = registration("customer");
    body["phoneNumber"] = json!({ "$ne": null });
    let (status, v) = post(&app, "/register", None, body).await;
    assert_eq!(status, 400);
    assert_eq!(fields(&v), ["phoneNumber.$ne"]);

    let r = app
        .request(reqwest::Method::POST, "/api/v1/auth/login")
        .body("email=a@b.co&password=x")
        .header("content-type", "application/x-www-form-urlencoded")
        .send_raw()
        .await;
    assert_eq!(r.status(), 400);
    // a wrong type names the field instead of failing with 500
    let (status, v) = post(
        &app,
        "/login",
        None,
        json!({ "email": ["a@b.co"], "password": "x" }),
    )
    .await;
    assert_eq!(status, 400, "{v}");
}
