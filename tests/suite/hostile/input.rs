//! Hostile input at the HTTP edge, on both adapters: cursor and page extremes, names that
//! registration refuses smuggled in through the profile, unbounded text, unknown and
//! operator-shaped fields and parameters, oversized bodies (with a length and chunked), paths
//! that do not decode, and caching of authenticated answers.

use baitech::domain::Id;
use baitech::domain::user::Role;
use reqwest::Method;
use reqwest::header::HeaderMap;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::auth::{fields, post, registration};
use crate::common::{Answer, Backend, TestApp};

/// Asserts a 400 validation envelope that names `field`.
fn assert_names(a: &Answer, field: &str, what: &str) {
    assert_eq!(a.status, 400, "{what}: {}", a.body);
    assert_eq!(a.body["success"], false, "{what}");
    assert_eq!(
        a.body["error"]["code"], "VALIDATION_ERROR",
        "{what}: {}",
        a.body
    );
    let named = fields(&a.body);
    assert!(
        named.iter().any(|f| f == field),
        "{what}: {field} not named in {named:?}"
    );
}

/// Every security header the API sets on every answer.
fn assert_security_headers(h: &HeaderMap, what: &str) {
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        (
            "content-security-policy",
            "default-src 'none'; frame-ancestors 'none'",
        ),
        ("cross-origin-resource-policy", "same-site"),
        ("cross-origin-opener-policy", "same-origin"),
        ("x-dns-prefetch-control", "off"),
        ("x-permitted-cross-domain-policies", "none"),
    ] {
        assert_eq!(
            h.get(name).and_then(|v| v.to_str().ok()),
            Some(value),
            "{what}: {name}"
        );
    }
    assert!(h.contains_key("x-request-id"), "{what}: x-request-id");
}

/// Offsets past any integer type, past i64, at i64::MAX, and keys outside every date: each is
/// a 400 naming the cursor on every list (MongoDB answered 500 to the first two).
#[apply(both_backends)]
async fn cursor_extremes_are_validation_errors(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let customer = app.user(Role::Customer).await;
    let id = Id::new();
    let cursors = [
        "o18446744073709551615".to_string(),
        "o18446744073709551616".to_string(),
        "o9223372036854775808".to_string(),
        "o9223372036854775807".to_string(),
        "o-1".to_string(),
        format!("k9223372036854775807_{id}"),
        format!("k-9223372036854775808_{id}"),
    ];
    for list in [
        "/api/v1/bookings",
        "/api/v1/payments/transactions",
        "/api/v1/transactions",
        "/api/v1/users",
    ] {
        for c in &cursors {
            let path = format!("{list}?cursor={c}");
            let a = app.send(Method::GET, &path, Some(&customer), None).await;
            assert_names(&a, "cursor", &path);
        }
        for p in ["4294967295", "4294967296", "100000000"] {
            let path = format!("{list}?page={p}&limit=100");
            let a = app.send(Method::GET, &path, Some(&customer), None).await;
            assert_names(&a, "page", &path);
        }
        // the cursors the lists hand out still work
        let path = format!("{list}?cursor=o20");
        let a = app.send(Method::GET, &path, Some(&customer), None).await;
        assert!(
            a.status == 200 || a.status == 400,
            "{path}: {} {}",
            a.status,
            a.body
        );
        let path = format!("{list}?page=3&limit=50");
        let a = app.send(Method::GET, &path, Some(&customer), None).await;
        assert_eq!(a.status, 200, "{path}: {}", a.body);
    }
}

/// Names registration refuses are refused by `PUT /users/me` too, for the same reason.
#[apply(both_backends)]
async fn profile_names_follow_the_registration_rule(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = app.user(Role::Customer).await;
    for bad in [
        "\u{202e}evil",
        "A\u{200b}B",
        "<script>alert(1)</script>",
        "Amina\u{2066}",
        "\u{feff}Amina",
        "Robert'); DROP TABLE users;--",
        "1234",
        &"a".repeat(51),
    ] {
        for field in ["firstName", "lastName"] {
            let mut reg = registration("customer");
            reg[field] = json!(bad);
            let (status, v) = post(&app, "/register", None, reg).await;
            assert_eq!(status, 400, "register {field}={bad:?}: {v}");
            assert!(fields(&v).iter().any(|f| f == field), "{bad:?}: {v}");

            let a = app
                .send(
                    Method::PUT,
                    "/api/v1/users/me",
                    Some(&me),
                    Some(json!({ field: bad })),
                )
                .await;
            assert_names(&a, field, &format!("PUT /users/me {field}={bad:?}"));
            let a = app
                .send(
                    Method::PUT,
                    "/api/v1/users/me",
                    Some(&me),
                    Some(json!({ field: bad, "profile": { "bio": "ok" } })),
                )
                .await;
            assert_names(&a, field, &format!("PUT /users/me {field}={bad:?} + bio"));
        }
    }
    let stored = app.app.store.users.get(me.id).await.unwrap().expect("user");
    assert!(
        stored.first_name.starts_with("Test"),
        "{}",
        stored.first_name
    );
    assert_eq!(stored.last_name, "Mwangi");
    assert!(
        stored.profile.bio.is_none(),
        "a refused write changes nothing"
    );

    // names both accept
    for good in ["O'Neil-Kamau", "Wanjirũ", "Jean-Luc St. Pierre", "Zoë"] {
        let mut reg = registration("customer");
        reg["lastName"] = json!(good);
        let (status, v) = post(&app, "/register", None, reg).await;
        assert_eq!(status, 201, "register {good:?}: {v}");
        let a = app
            .send(
                Method::PUT,
                "/api/v1/users/me",
                Some(&me),
                Some(json!({ "lastName": format!("  {good} ") })),
            )
            .await;
        assert_eq!(a.status, 200, "PUT {good:?}: {}", a.body);
        assert_eq!(a.body["data"]["lastName"], good);
    }
}

/// Every text field of a registration has a bound; 10 KB of terms version or company name is
/// refused, not stored (or silently cut).
#[apply(both_backends)]
async fn registration_text_fields_are_bounded(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let big = "x".repeat(10 * 1024);
    for (field, role) in [
        ("termsVersion", "customer"),
        ("companyName", "corporate"),
        ("firstName", "customer"),
        ("lastName", "customer"),
        ("email", "customer"),
        ("phoneNumber", "customer"),
        ("password", "customer"),
        ("role", "customer"),
    ] {
        let mut reg = registration(role);
        reg[field] = json!(big);
        let (status, v) = post(&app, "/register", None, reg).await;
        assert_eq!(status, 400, "{field}: {v}");
        assert!(fields(&v).iter().any(|f| f == field), "{field}: {v}");
        let text = v.to_string();
        assert!(text.len() < 4096, "{field}: the answer echoes the input");
    }
    // within the bounds both are kept as sent
    let mut reg = registration("corporate");
    reg["termsVersion"] = json!("2025-01");
    reg["companyName"] = json!("Acme Kenya Ltd");
    let (status, v) = post(&app, "/register", None, reg).await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(
        v["data"]["user"]["corporate"]["companyName"],
        "Acme Kenya Ltd"
    );
    assert_eq!(v["data"]["user"]["consent"]["termsVersion"], "2025-01");
}

/// Registration refuses fields it does not know, naming each, as `PUT /users/me` does; nothing
/// is created.
#[apply(both_backends)]
async fn registration_refuses_unknown_fields_naming_them(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let mut reg = registration("customer");
    reg["isAdmin"] = json!(true);
    reg["status"] = json!("active");
    reg["kyc"] = json!({ "status": "approved" });
    reg["emailVerifiedAt"] = json!("2025-01-01T00:00:00Z");
    let (status, v) = post(&app, "/register", None, reg.clone()).await;
    assert_eq!(status, 400, "{v}");
    assert_eq!(v["error"]["code"], "VALIDATION_ERROR");
    let named = fields(&v);
    for f in ["isAdmin", "status", "kyc", "emailVerifiedAt"] {
        assert!(named.iter().any(|n| n == f), "{f} not named in {named:?}");
    }
    let email = baitech::domain::Email::parse(reg["email"].as_str().unwrap()).unwrap();
    assert!(
        app.app
            .store
            .users
            .find_user_by_email(&email)
            .await
            .unwrap()
            .is_none(),
        "nothing was created"
    );
    // the same body without them registers
    for f in ["isAdmin", "status", "kyc", "emailVerifiedAt"] {
        reg.as_object_mut().unwrap().remove(f);
    }
    let (status, v) = post(&app, "/register", None, reg).await;
    assert_eq!(status, 201, "{v}");
}

/// Query parameters in operator form are a 400 naming them on every list; other unknown
/// parameters (a cache-buster) are ignored.
#[apply(both_backends)]
async fn operator_query_parameters_are_refused(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let customer = app.user(Role::Customer).await;
    for list in [
        "/api/v1/bookings",
        "/api/v1/payments/transactions",
        "/api/v1/transactions",
        "/api/v1/users",
        "/api/v1/users/technicians/nearby",
    ] {
        for (param, value) in [
            ("status[$ne]", "x"),
            ("limit[$gt]", "0"),
            ("$where", "1"),
            ("role[]", "admin"),
        ] {
            let path = format!(
                "{list}?lat=-1.29&lng=36.82&{}={value}",
                param
                    .replace('[', "%5B")
                    .replace(']', "%5D")
                    .replace('$', "%24")
            );
            let a = app.send(Method::GET, &path, Some(&customer), None).await;
            assert_names(&a, param, &path);
            // unencoded brackets are the same parameter
            let path = format!("{list}?lat=-1.29&lng=36.82&{param}={value}");
            let a = app.send(Method::GET, &path, Some(&customer), None).await;
            assert_names(&a, param, &path);
        }
    }
    for list in ["/api/v1/bookings", "/api/v1/payments/transactions"] {
        let path = format!("{list}?_=1733140000000");
        let a = app.send(Method::GET, &path, Some(&customer), None).await;
        assert_eq!(a.status, 200, "{path}: {}", a.body);
    }
}

/// Writes `head` and then `body` in chunks of `chunk` bytes (chunked transfer encoding) over
/// a raw connection, and returns the status, headers (lower-case names) and body text.
async fn raw_chunked(
    app: &TestApp,
    head: &str,
    body: &[u8],
    chunk: usize,
) -> (u16, String, String) {
    let mut s = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    s.write_all(head.as_bytes()).await.unwrap();
    for part in body.chunks(chunk) {
        let frame = format!("{:x}\r\n", part.len());
        // the server may answer and close before the whole body is sent: stop writing then
        if s.write_all(frame.as_bytes()).await.is_err()
            || s.write_all(part).await.is_err()
            || s.write_all(b"\r\n").await.is_err()
        {
            break;
        }
    }
    let _ = s.write_all(b"0\r\n\r\n").await;
    let mut out = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(20), s.read_to_end(&mut out)).await;
    let text = String::from_utf8_lossy(&out).to_string();
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    (status, head.to_lowercase(), rest.to_string())
}

/// A body over the limit is 413 with the envelope and every security header, whether its size
/// was announced (`Content-Length`) or not (chunked), on a JSON route and on a raw-body route.
#[apply(both_backends)]
async fn oversized_bodies_are_413_envelopes(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let limit = app.app.config.body_limit_bytes;
    let mut big = registration("customer");
    big["firstName"] = json!("a".repeat(limit));
    let big = serde_json::to_vec(&big).unwrap();
    for path in [
        "/api/v1/auth/register",
        "/api/v1/payments/stripe/webhook",
        "/api/v1/payments/mpesa/callback",
        "/api/v1/nope",
    ] {
        // The server answers as soon as it has read the announced length, without reading the
        // body; the client may still be writing and see the connection reset before it reads
        // the answer, so a transport failure is retried (the answer is what is checked).
        let mut attempt = 0;
        let r = loop {
            attempt += 1;
            match app
                .request(reqwest::Method::POST, path)
                .header("content-type", "application/json")
                .body(big.clone())
                .try_send()
                .await
            {
                Ok(r) => break r,
                Err(e) if attempt < 5 && e.is_request() => continue,
                Err(e) => panic!("{path}: {e}"),
            }
        };
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let v: Value = serde_json::from_str(&r.text().await.unwrap())
            .unwrap_or_else(|e| panic!("{path}: not JSON: {e}"));
        assert_eq!(status, 413, "{path}: {v}");
        assert_eq!(v["success"], false, "{path}");
        assert_eq!(v["error"]["code"], "PAYLOAD_TOO_LARGE", "{path}: {v}");
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        assert_security_headers(&headers, path);
    }
    for path in [
        "/api/v1/auth/register",
        "/api/v1/payments/stripe/webhook",
        "/api/v1/auth/login",
    ] {
        let head = format!(
            "POST {path} HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\n\
             transfer-encoding: chunked\r\nconnection: close\r\n\r\n",
            app.addr
        );
        let (status, headers, body) = raw_chunked(&app, &head, &big, 64 * 1024).await;
        assert_eq!(status, 413, "chunked {path}: {headers} {body}");
        assert!(body.contains("PAYLOAD_TOO_LARGE"), "chunked {path}: {body}");
        assert!(
            headers.contains("content-type: application/json"),
            "{headers}"
        );
        for h in [
            "x-content-type-options: nosniff",
            "x-frame-options: deny",
            "content-security-policy:",
            "referrer-policy: no-referrer",
        ] {
            assert!(
                headers.contains(h),
                "chunked {path}: {h} missing in {headers}"
            );
        }
    }
    // a body within the limit, chunked, is read as usual
    let small = serde_json::to_vec(&registration("customer")).unwrap();
    let head = format!(
        "POST /api/v1/auth/register HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\n\
         transfer-encoding: chunked\r\nconnection: close\r\n\r\n",
        app.addr
    );
    let (status, _, body) = raw_chunked(&app, &head, &small, 16).await;
    assert_eq!(status, 201, "{body}");
}

/// A body that never finishes arriving is stopped by the request timeout with the 408
/// envelope and the security headers (the timeout layer's own answer is an empty body).
#[apply(both_backends)]
async fn stalled_bodies_time_out_with_the_envelope(#[case] b: Backend) {
    let app = TestApp::spawn_with_env(b, vec![("REQUEST_TIMEOUT_SECS".into(), "1".into())]).await;
    let mut s = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let head = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\n\
         content-length: 100\r\nconnection: close\r\n\r\n{{\"email\":",
        app.addr
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let started = std::time::Instant::now();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(20), s.read_to_end(&mut out)).await;
    let text = String::from_utf8_lossy(&out).to_lowercase();
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert!(text.starts_with("http/1.1 408"), "{text}");
    assert!(text.contains("\"request_timeout\""), "{text}");
    for h in [
        "content-type: application/json",
        "x-content-type-options: nosniff",
        "x-frame-options: deny",
        "cache-control: no-store",
    ] {
        assert!(text.contains(h), "{h} missing in {text}");
    }
}

/// A path segment that does not decode to UTF-8 is the 400 envelope with the security headers,
/// not a plain-text "Invalid URL".
#[apply(both_backends)]
async fn undecodable_paths_answer_the_envelope(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let customer = app.user(Role::Customer).await;
    for (method, path) in [
        (Method::GET, "/api/v1/bookings/%FF"),
        (Method::GET, "/api/v1/users/%FF"),
        (Method::GET, "/api/v1/users/%C3%28/followers"),
        (Method::GET, "/api/v1/payments/transactions/%FF%FE"),
        (Method::PUT, "/api/v1/bookings/%FF/status"),
    ] {
        let body = (method == Method::PUT).then(|| json!({ "status": "cancelled" }));
        let a = app.send(method, path, Some(&customer), body).await;
        assert_eq!(a.status, 400, "{path}: {}", a.body);
        assert_eq!(a.body["success"], false, "{path}");
        assert_eq!(a.body["error"]["code"], "BAD_REQUEST", "{path}: {}", a.body);
        assert_security_headers(&a.headers, path);
    }
    // a well-formed id that is not an ObjectId is still the usual answer
    let a = app
        .send(Method::GET, "/api/v1/bookings/nope", Some(&customer), None)
        .await;
    assert_eq!(a.status, 400, "{}", a.body);
}

/// Answers that may carry personal data or tokens are never stored by a browser or a proxy.
#[apply(both_backends)]
async fn authenticated_answers_are_not_cached(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let customer = app.user(Role::Customer).await;
    for path in [
        "/api/v1/users/me",
        "/api/v1/bookings",
        "/api/v1/payments/transactions",
        "/api/v1/payments/wallet",
        "/api/v1/bookings/nope",
    ] {
        let a = app.send(Method::GET, path, Some(&customer), None).await;
        assert_eq!(
            a.headers.get("cache-control").and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "{path} ({})",
            a.status
        );
        assert_security_headers(&a.headers, path);
    }
    // token-bearing answers to unauthenticated requests too
    let r = app
        .request(reqwest::Method::POST, "/api/v1/auth/register")
        .json(&registration("customer"))
        .send_raw()
        .await;
    assert_eq!(r.status(), 201);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let a = app.send(Method::GET, "/api/v1/users/me", None, None).await;
    assert_eq!(a.status, 401);
    assert_eq!(a.headers["cache-control"], "no-store");
}
