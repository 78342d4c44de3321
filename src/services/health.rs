//! Dependency health: is the store reachable, is the cache reachable, and how fast.

use std::time::Duration;

use serde::Serialize;

use crate::app::App;

/// How long one dependency check may take before it counts as down.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Up,
    Down,
}

/// One dependency's state.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DependencyCheck {
    pub name: String,
    pub backend: String,
    pub status: Status,
    pub latency_ms: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Readiness: every dependency up.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Readiness {
    pub ready: bool,
    pub checks: Vec<DependencyCheck>,
}

async fn check<F>(name: &str, backend: &str, fut: F) -> DependencyCheck
where
    F: std::future::Future<Output = crate::Result<Duration>>,
{
    let (status, latency, error) = match tokio::time::timeout(CHECK_TIMEOUT, fut).await {
        Ok(Ok(d)) => (Status::Up, d, None),
        Ok(Err(e)) => (Status::Down, Duration::ZERO, Some(e.to_string())),
        Err(_) => (
            Status::Down,
            CHECK_TIMEOUT,
            Some(format!("no answer within {}s", CHECK_TIMEOUT.as_secs())),
        ),
    };
    DependencyCheck {
        name: name.to_string(),
        backend: backend.to_string(),
        status,
        latency_ms: (latency.as_secs_f64() * 1000.0 * 100.0).round() / 100.0,
        error,
    }
}

/// Checks the store and the cache concurrently.
pub async fn readiness(app: &App) -> Readiness {
    let (store, cache) = tokio::join!(
        check("store", app.store.admin.backend(), app.store.admin.ping()),
        check("cache", app.cache.backend(), app.cache.ping()),
    );
    let checks = vec![store, cache];
    Readiness {
        ready: checks.iter().all(|c| c.status == Status::Up),
        checks,
    }
}
