//! The HTTP API: axum routes under `/api/v1`, the health endpoints, and the middleware stack
//! (request ids, tracing, security headers, CORS, body limit, timeout, compression, panics).

pub mod auth;
pub mod bookings;
pub mod chat;
pub mod envelope;
pub mod extract;
pub mod health;
pub mod matching;
pub mod media;
pub mod notifications;
pub mod openapi;
pub mod payments;
pub mod posts;
pub mod reviews;
pub mod socket;
pub mod users;
pub mod views;

use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, Any, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::App;
use crate::config::Config;
use crate::error::{Error, Result};

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Every route of the application with its OpenAPI description: the router and the document
/// ([`openapi::document`]) are both made from this, so neither has a route the other lacks.
pub fn routes() -> OpenApiRouter<App> {
    let v1 = OpenApiRouter::new()
        .routes(openapi::at(
            "/health",
            "readinessV1",
            routes!(health::ready),
        ))
        .routes(routes!(openapi::openapi_json))
        .nest("/auth", auth::routes())
        .nest("/bookings", bookings::routes())
        .nest("/users", users::routes())
        .nest("/matching", matching::routes())
        .nest("/media", media::routes())
        .nest("/payments", payments::routes())
        .nest("/posts", posts::routes())
        .merge(posts::other_routes())
        .nest("/reviews", reviews::routes())
        .nest("/notifications", notifications::routes())
        .merge(chat::routes())
        .merge(payments::transaction_routes_at(
            "/transactions",
            "original.",
        ));
    OpenApiRouter::new()
        .routes(routes!(health::live))
        .routes(openapi::at(
            "/health/live",
            "livenessAlias",
            routes!(health::live),
        ))
        .routes(openapi::at(
            "/health/ready",
            "readiness",
            routes!(health::ready),
        ))
        .nest("/api/v1", v1)
}

/// The whole HTTP application.
pub fn router(app: App) -> Router {
    let config = app.config.clone();
    let (sockets, io) = socket::layer(&app);
    if tokio::runtime::Handle::try_current().is_ok() {
        let app = app.clone();
        tokio::spawn(async move {
            if let Err(e) = socket::spawn_forwarder(&app, io).await {
                tracing::error!(error = %e, "socket: realtime events are not forwarded");
            }
        });
    }
    let (api, _) = routes().split_for_parts();
    let r = api
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(app);
    let limit = config.body_limit_bytes;
    // `Router::layer` wraps what is already there: the last layer added runs first. From the
    // inside out: body limits and timeout (whose refusals are bare), panics, then the layer
    // that turns every bare error (from these layers or an axum extractor) into the JSON
    // envelope; compression and CORS; then the headers every answer carries, errors made by
    // the layers inside included; request ids and tracing outermost.
    let uploads = limit.max(
        config
            .media
            .max_image_bytes
            .max(config.media.max_video_bytes) as usize,
    );
    let mut r = r
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(
            BodyLimits {
                default: limit,
                uploads,
            },
            limit_bodies,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(axum::middleware::map_response(envelope_bare_errors))
        .layer(CompressionLayer::new())
        .layer(cors(&config))
        // Answers carry personal data and tokens (also to requests without a token: login,
        // refresh): no browser or proxy keeps them.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    for (name, value) in security_headers(&config) {
        r = r.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    r.layer(PropagateRequestIdLayer::new(REQUEST_ID.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req
                .headers()
                .get(&REQUEST_ID)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            tracing::info_span!("http", method = %req.method(), path = %req.uri().path(), request.id = %id)
        }))
        .layer(SetRequestIdLayer::new(REQUEST_ID.clone(), MakeRequestUuid))
        .layer(SetSensitiveRequestHeadersLayer::new([header::AUTHORIZATION, header::COOKIE]))
        // Outermost: `/socket.io/` (long-polling and WebSocket) never meets the request
        // timeout, body limits or compression meant for the JSON API.
        .layer(sockets)
}

/// The largest request bodies: local media uploads get their own limit, everything else the
/// configured one.
#[derive(Clone, Copy)]
struct BodyLimits {
    default: usize,
    uploads: usize,
}

/// Refuses a body over its route's limit: at once when its `Content-Length` says so, while it
/// is read otherwise (a chunked body). The upload route reads its body itself, past axum's
/// default limit for extractors.
async fn limit_bodies(
    axum::extract::State(limits): axum::extract::State<BodyLimits>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let is_upload = req.uri().path() == crate::services::media::LOCAL_UPLOAD_PATH;
    let limit = if is_upload {
        limits.uploads
    } else {
        limits.default
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return crate::error::Error::PayloadTooLarge.into_response();
    }
    let (parts, body) = req.into_parts();
    let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(axum::extract::Request::from_parts(parts, body))
        .await
}

/// The JSON envelope for an error answer that is not JSON: refusals made by the layers (body
/// limit, timeout) or by axum's own extractors (a path that is not UTF-8). Answers that are
/// already JSON, and successes, pass unchanged.
async fn envelope_bare_errors(resp: Response) -> Response {
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json") || ct.contains("+json"));
    if is_json {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    let (code, message) = bare_error_text(status, text.trim());
    for h in [
        header::CONTENT_TYPE,
        header::CONTENT_LENGTH,
        header::CONTENT_ENCODING,
        header::TRANSFER_ENCODING,
    ] {
        parts.headers.remove(h);
    }
    let body = serde_json::json!({
        "success": false,
        "error": { "code": code, "message": message, "details": [] },
    });
    let mut out = (status, axum::Json(body)).into_response();
    for (name, value) in parts.headers.iter() {
        out.headers_mut()
            .entry(name)
            .or_insert_with(|| value.clone());
    }
    out
}

/// The envelope's code and message for a bare error of `status` whose body said `text`.
fn bare_error_text(status: StatusCode, text: &str) -> (&'static str, String) {
    let said = |fallback: &str| {
        if text.is_empty() {
            fallback.to_string()
        } else {
            text.chars().take(200).collect()
        }
    };
    match status {
        StatusCode::BAD_REQUEST => ("BAD_REQUEST", said("the request could not be read")),
        StatusCode::UNAUTHORIZED => ("UNAUTHORIZED", "authentication required".into()),
        StatusCode::FORBIDDEN => ("FORBIDDEN", "forbidden".into()),
        StatusCode::NOT_FOUND => ("NOT_FOUND", "route not found".into()),
        StatusCode::METHOD_NOT_ALLOWED => (
            "METHOD_NOT_ALLOWED",
            "method not allowed on this route".into(),
        ),
        StatusCode::REQUEST_TIMEOUT => (
            "REQUEST_TIMEOUT",
            "the request took too long and was stopped".into(),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => ("PAYLOAD_TOO_LARGE", Error::PayloadTooLarge.to_string()),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ("UNSUPPORTED_MEDIA_TYPE", said("unsupported content type"))
        }
        StatusCode::UNPROCESSABLE_ENTITY => ("UNPROCESSABLE", said("the request is not valid")),
        StatusCode::TOO_MANY_REQUESTS => {
            ("RATE_LIMITED", "Too many requests, try again later".into())
        }
        StatusCode::SERVICE_UNAVAILABLE => (
            "SERVICE_UNAVAILABLE",
            "a dependency is unavailable, try again shortly".into(),
        ),
        s if s.is_server_error() => ("INTERNAL_ERROR", "Something went wrong on our side".into()),
        _ => ("BAD_REQUEST", said("the request could not be served")),
    }
}

/// Helmet-style response headers.
fn security_headers(config: &Config) -> Vec<(HeaderName, &'static str)> {
    let mut h = vec![
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; frame-ancestors 'none'",
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-site",
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (HeaderName::from_static("x-dns-prefetch-control"), "off"),
        (
            HeaderName::from_static("x-permitted-cross-domain-policies"),
            "none",
        ),
    ];
    if config.is_production() {
        h.push((
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ));
    }
    h
}

fn cors(config: &Config) -> CorsLayer {
    let base = CorsLayer::new()
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            REQUEST_ID.clone(),
        ])
        .expose_headers([REQUEST_ID.clone(), header::RETRY_AFTER])
        .max_age(Duration::from_secs(600));
    if config.cors_origins.iter().any(|o| o == "*") {
        base.allow_origin(Any)
    } else {
        let origins: Vec<HeaderValue> = config
            .cors_origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect();
        base.allow_origin(AllowOrigin::list(origins))
    }
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    Error::internal("handler panicked", anyhow::anyhow!("panic")).into_response()
}

async fn not_found() -> Response {
    Error::NotFound("route").into_response()
}

async fn method_not_allowed() -> Response {
    let mut r = Error::BadRequest("method not allowed on this route".into()).into_response();
    *r.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    r
}

/// Serves until `shutdown` completes, then lets in-flight requests finish.
pub async fn serve(
    app: App,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let router = router(app);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .map_err(|e| Error::internal("http server", e))
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}
