//! Rate limits on the auth routes: 429 with `Retry-After`, counted in-process or in Redis
//! (shared by every API instance).

use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use std::sync::Arc;
use std::time::Duration;

use baitech::cache::{Cache, RedisCache};
use baitech::ratelimit::{self, Rule};
use serde_json::json;

use super::{post, registration};
use crate::common::{self, Backend, TestApp};

async fn forgot(app: &TestApp, email: &str) -> reqwest::Response {
    app.request(reqwest::Method::POST, "/api/v1/auth/forgot-password")
        .json(&json!({ "email": email }))
        .send_raw()
        .await
}

#[apply(both_backends)]
async fn over_the_limit_is_429_with_retry_after(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let max = Rule::ForgotPasswordPerAccount.default_limit().max;
    for _ in 0..max {
        assert_eq!(forgot(&app, "kamau@example.co.ke").await.status(), 200);
    }
    let r = forgot(&app, "Kamau@Example.co.ke").await;
    assert_eq!(r.status(), 429, "the account limit ignores case");
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&retry), "{retry}");
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], "RATE_LIMITED");
    assert!(v["error"]["details"]["retryAfterSeconds"].as_u64().unwrap() >= 1);
    // another account from the same address is still served
    assert_eq!(forgot(&app, "otieno@example.co.ke").await.status(), 200);
}

#[apply(both_backends)]
async fn registration_is_limited_per_address(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let max = Rule::RegisterPerIp.default_limit().max;
    for _ in 0..max {
        assert_eq!(
            post(&app, "/register", None, registration("customer"))
                .await
                .0,
            201
        );
    }
    let (status, v) = post(&app, "/register", None, registration("customer")).await;
    assert_eq!(status, 429, "{v}");
    // invalid registrations are answered before the limiter and do not use it up
    assert_eq!(post(&app, "/register", None, json!({})).await.0, 400);
}

async fn redis_cache(prefix: &str) -> Arc<dyn Cache> {
    Arc::new(
        RedisCache::connect_with_prefix(&common::redis_url(), Duration::from_secs(5), prefix)
            .await
            .expect("connect to the test Redis"),
    )
}

/// Two API instances on one Redis share the counters: the limit reached through one applies
/// to the other, and the count is readable in Redis itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_are_counted_in_redis_across_instances() {
    let prefix = format!("baitech-test-{}:", uuid::Uuid::new_v4().simple());
    let first = TestApp::spawn_with_cache(Backend::Embedded, redis_cache(&prefix).await).await;
    let second = TestApp::spawn_with_cache(Backend::Embedded, redis_cache(&prefix).await).await;
    assert_eq!(first.app.cache.backend(), "redis");
    let email = "wanjiku@example.co.ke";
    let max = Rule::ForgotPasswordPerAccount.default_limit().max;
    for _ in 0..max {
        assert_eq!(forgot(&first, email).await.status(), 200);
    }
    let r = forgot(&second, email).await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));

    let observer = redis_cache(&prefix).await;
    let count = observer
        .get(&ratelimit::key(Rule::ForgotPasswordPerAccount, email))
        .await
        .unwrap();
    assert_eq!(count.as_deref(), Some((max + 1).to_string().as_str()));
    let per_ip = observer
        .get(&ratelimit::key(Rule::ForgotPasswordPerIp, "127.0.0.1"))
        .await
        .unwrap();
    assert_eq!(per_ip.as_deref(), Some((max + 1).to_string().as_str()));
}
