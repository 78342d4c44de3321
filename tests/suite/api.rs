//! HTTP-level tests of the platform: health, the error envelope, middleware, and the OpenAPI
//! document against the router.

mod openapi;

use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use std::sync::Arc;
use std::time::Duration;

use baitech::cache::Cache;
use serde_json::Value;

use crate::common::{Backend, TestApp};

#[apply(both_backends)]
async fn liveness_answers_ok_with_version(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let r = app.get("/health").await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["success"], true);
    assert_eq!(body["data"]["status"], "ok");
    assert_eq!(body["data"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["data"]["environment"], "test");
}

#[apply(both_backends)]
async fn readiness_reports_each_dependency(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let r = app.get("/health/ready").await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["data"]["status"], "ready");
    let checks = body["data"]["checks"].as_array().unwrap();
    let names: Vec<_> = checks.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["store", "cache"]);
    let store = &checks[0];
    assert_eq!(store["status"], "up");
    assert_eq!(
        store["backend"],
        match b {
            Backend::Embedded => "embedded",
            Backend::Mongo => "mongodb",
        }
    );
    assert!(store["latencyMs"].as_f64().unwrap() >= 0.0);
    // the versioned alias answers the same way
    assert_eq!(app.get("/api/v1/health").await.status(), 200);
}

#[apply(both_backends)]
async fn unknown_route_is_a_json_404(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let r = app.get("/api/v1/nope").await;
    assert_eq!(r.status(), 404);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["success"], false);
    assert_eq!(body["error"]["code"], "NOT_FOUND");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not found")
    );
}

#[apply(both_backends)]
async fn wrong_method_is_a_json_405(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let r = app
        .request(reqwest::Method::DELETE, "/health")
        .send_raw()
        .await;
    assert_eq!(r.status(), 405);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["success"], false);
}

#[apply(both_backends)]
async fn responses_carry_security_headers_and_a_request_id(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let r = app.get("/health").await;
    let h = r.headers();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert!(h.contains_key("content-security-policy"));
    let id = h["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "a generated UUID: {id}");

    // a request id sent by the client is kept
    let r = app
        .request(reqwest::Method::GET, "/health")
        .header("x-request-id", "trace-abc-123")
        .send_raw()
        .await;
    assert_eq!(r.headers()["x-request-id"], "trace-abc-123");
}

#[apply(both_backends)]
async fn cors_preflight_is_answered(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let r = app
        .request(reqwest::Method::OPTIONS, "/api/v1/health")
        .header("origin", "https://app.example.com")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        )
        .send_raw()
        .await;
    assert!(r.status().is_success(), "{}", r.status());
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    let methods = r.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap();
    assert!(methods.contains("POST"), "{methods}");
}

#[apply(both_backends)]
async fn oversized_bodies_are_refused(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let body = vec![b'x'; app.app.config.body_limit_bytes + 1];
    let r = app
        .request(reqwest::Method::POST, "/api/v1/health")
        .header("content-type", "application/json")
        .body(body)
        .send_raw()
        .await;
    assert_eq!(r.status(), 413);
}

#[apply(both_backends)]
async fn responses_are_compressed_when_asked(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let r = app
        .request(reqwest::Method::GET, "/health/ready")
        .header("accept-encoding", "gzip")
        .send_raw()
        .await;
    assert_eq!(r.status(), 200);
    // reqwest here is built without gzip decoding, so the header is visible as sent
    assert_eq!(
        r.headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap()),
        Some("gzip")
    );
}

/// A cache whose ping waits until the test lets it go, so a request can be held in flight.
struct HeldPing {
    started: tokio::sync::mpsc::UnboundedSender<()>,
    release: tokio::sync::Notify,
}

#[async_trait::async_trait]
impl Cache for HeldPing {
    fn backend(&self) -> &'static str {
        "held"
    }
    async fn ping(&self) -> baitech::Result<Duration> {
        let _ = self.started.send(());
        self.release.notified().await;
        Ok(Duration::ZERO)
    }
    async fn get(&self, _: &str) -> baitech::Result<Option<String>> {
        Ok(None)
    }
    async fn set(&self, _: &str, _: &str, _: Duration) -> baitech::Result<()> {
        Ok(())
    }
    async fn delete(&self, _: &str) -> baitech::Result<()> {
        Ok(())
    }
    async fn hit(&self, _: &str, w: Duration) -> baitech::Result<(u64, Duration)> {
        Ok((1, w))
    }
}

#[apply(both_backends)]
async fn shutdown_lets_in_flight_requests_finish(#[case] b: Backend) {
    let (tx, mut started) = tokio::sync::mpsc::unbounded_channel();
    let held = Arc::new(HeldPing {
        started: tx,
        release: tokio::sync::Notify::new(),
    });
    let app = TestApp::spawn_with_cache(b, held.clone()).await;
    let request = app.request(reqwest::Method::GET, "/health/ready");
    let in_flight = tokio::spawn(request.try_send());
    // the request is inside the handler once the cache ping has started
    started.recv().await.unwrap();
    let addr = app.addr;
    let stopping = tokio::spawn(app.stop());
    // new connections are refused once shutdown began, while the held request is still open
    let mut refused = false;
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(refused, "listener still accepting after shutdown began");
    assert!(
        !stopping.is_finished(),
        "server stopped before the in-flight request finished"
    );
    held.release.notify_one();
    let r = in_flight
        .await
        .unwrap()
        .expect("in-flight request completed");
    assert_eq!(r.status(), 200);
    stopping.await.unwrap().unwrap();
}
