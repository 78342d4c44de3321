//! `/api/v1/auth` over HTTP, on both storage adapters: registration, login and lockout,
//! sessions (refresh rotation, reuse, logout), two-factor authentication, e-mail
//! verification and password reset through the sandbox outbox, rate limits (in-process and
//! Redis), and the SMTP gateway against a local sink.

mod email;
mod limits;
mod login;
mod register;
mod sessions;
mod smtp;
mod two_factor;

use std::time::Duration;

use baitech::gateways::EmailMessage;
use serde_json::{Value, json};

use crate::common::TestApp;

/// A password that passes the policy for every generated account.
pub const GOOD_PASSWORD: &str = "Mango-Tree-42x";

/// Sends a JSON POST (with a bearer token if given) and returns status and body.
pub async fn post(app: &TestApp, path: &str, bearer: Option<&str>, body: Value) -> (u16, Value) {
    let mut req = app
        .request(reqwest::Method::POST, &format!("/api/v1/auth{path}"))
        .header("user-agent", "BaiTech-Tests/1.0")
        .json(&body);
    if let Some(t) = bearer {
        req = req.bearer(t);
    }
    let a = req.send().await;
    (a.status, a.body)
}

/// The `field`s of a validation error body.
pub fn fields(body: &Value) -> Vec<String> {
    body["error"]["details"]
        .as_array()
        .map(|d| {
            d.iter()
                .filter_map(|e| e["field"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// A random Kenyan mobile number in local form (`07XXXXXXXX`).
pub fn unique_phone() -> String {
    format!("07{:08}", rand::random::<u32>() % 100_000_000)
}

/// A registration body with a unique e-mail and phone number.
pub fn registration(role: &str) -> Value {
    let tag = uuid::Uuid::new_v4().simple().to_string();
    json!({
        "firstName": "Amina",
        "lastName": "Wekesa",
        "email": format!("amina.{}@example.co.ke", &tag[..10]),
        "phoneNumber": unique_phone(),
        "password": GOOD_PASSWORD,
        "role": role,
    })
}

/// An account created through the API, with its first session.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: String,
    pub email: String,
    pub phone: String,
    pub access: String,
    pub refresh: String,
}

/// Registers a new customer and returns it.
pub async fn register(app: &TestApp) -> Account {
    register_as(app, "customer").await
}

pub async fn register_as(app: &TestApp, role: &str) -> Account {
    let body = registration(role);
    let (status, r) = post(app, "/register", None, body.clone()).await;
    assert_eq!(status, 201, "{r}");
    Account {
        id: r["data"]["user"]["_id"].as_str().unwrap().to_string(),
        email: body["email"].as_str().unwrap().to_string(),
        phone: r["data"]["user"]["phoneNumber"]
            .as_str()
            .unwrap()
            .to_string(),
        access: r["data"]["accessToken"].as_str().unwrap().to_string(),
        refresh: r["data"]["refreshToken"].as_str().unwrap().to_string(),
    }
}

/// Logs in by e-mail with `password`.
pub async fn login(app: &TestApp, email: &str, password: &str) -> (u16, Value) {
    post(
        app,
        "/login",
        None,
        json!({ "email": email, "password": password }),
    )
    .await
}

/// The `n`-th mail to `to` in the sandbox outbox (mail goes out in the background: poll).
pub async fn mail_to(app: &TestApp, to: &str, n: usize) -> EmailMessage {
    let outbox = app
        .app
        .email
        .sandbox_outbox()
        .expect("tests use the sandbox e-mail gateway");
    for _ in 0..100 {
        if let Some(m) = outbox.messages_to(to).into_iter().nth(n) {
            return m;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no mail #{n} to {to}; outbox: {:?}", outbox.messages());
}

/// The 64-hex code in a mail.
pub fn code_in(mail: &EmailMessage) -> String {
    mail.text
        .split_whitespace()
        .find(|w| w.len() == 64 && w.chars().all(|c| c.is_ascii_hexdigit()))
        .unwrap_or_else(|| panic!("no code in {:?}", mail.text))
        .to_string()
}

/// The stored user behind an API id.
pub async fn stored_user(app: &TestApp, id: &str) -> baitech::domain::user::User {
    let id = baitech::domain::Id::parse(id).expect("24-hex id");
    app.app
        .store
        .users
        .get(id)
        .await
        .unwrap()
        .expect("user exists")
}
