//! `/health` (liveness) and `/health/ready` (store and cache reachable).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::api::openapi::{Envelope, ErrorEnvelope};
use crate::api::views::meta::{Liveness, Readiness};
use crate::app::App;
use crate::services::health;

/// Liveness: the process is serving requests.
#[utoipa::path(
    get,
    path = "/health",
    tag = "health",
    operation_id = "liveness",
    responses((status = 200, description = "Serving", body = Envelope<Liveness>))
)]
pub async fn live(State(app): State<App>) -> Response {
    super::envelope::ok(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "environment": app.config.env.as_str(),
        "uptimeSeconds": app.started_at.elapsed().as_secs(),
    }))
}

/// Readiness: 200 when every dependency answers, else 503 with the per-dependency report.
#[utoipa::path(
    get,
    path = "/health/ready",
    tag = "health",
    operation_id = "readiness",
    responses(
        (status = 200, description = "Every dependency answers", body = Envelope<Readiness>),
        (status = 503, description = "A dependency is down: `data` is the report, `error.code` \
          is NOT_READY and `error.details` the checks that failed", body = ErrorEnvelope),
    )
)]
pub async fn ready(State(app): State<App>) -> Response {
    let r = health::readiness(&app).await;
    let data = json!({
        "status": if r.ready { "ready" } else { "not_ready" },
        "checks": r.checks,
    });
    if r.ready {
        super::envelope::ok(data)
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({
                "success": false,
                "data": data,
                "error": {
                    "code": "NOT_READY",
                    "message": "a dependency is unavailable",
                    "details": r.checks.iter().filter(|c| c.status == health::Status::Down).collect::<Vec<_>>(),
                },
            })),
        )
            .into_response()
    }
}
