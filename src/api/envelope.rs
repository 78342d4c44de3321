//! The JSON envelope of every response: `{success: true, data}` (lists add `pagination`) or
//! `{success: false, error: {code, message, details}}` with the matching status.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

use crate::error::Error;
use crate::store::Page;

/// `200 {success: true, data}`.
pub fn ok<T: Serialize>(data: T) -> Response {
    Json(json!({ "success": true, "data": data })).into_response()
}

/// `201 {success: true, data}`.
pub fn created<T: Serialize>(data: T) -> Response {
    (
        StatusCode::CREATED,
        Json(json!({ "success": true, "data": data })),
    )
        .into_response()
}

/// `200 {success: true, data: [...], pagination}`.
pub fn list<T: Serialize>(page: Page<T>) -> Response {
    let mut pagination = json!({
        "limit": page.limit,
        "nextCursor": page.next_cursor,
        "hasMore": page.has_more,
    });
    if let Some(p) = page.page {
        pagination["page"] = json!(p);
    }
    if let Some(t) = page.total {
        pagination["total"] = json!(t);
    }
    Json(json!({ "success": true, "data": page.items, "pagination": pagination })).into_response()
}

impl Error {
    pub fn status(&self) -> StatusCode {
        match self {
            Error::Validation(_) | Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Error::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::Conflict(_) | Error::InvalidTransition { .. } => StatusCode::CONFLICT,
            Error::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::InsufficientFunds(_) => StatusCode::PAYMENT_REQUIRED,
            Error::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Error::Config(_) | Error::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The `error` object of the envelope. Internal details never reach the client.
    pub fn body(&self) -> serde_json::Value {
        let (message, details) = match self {
            Error::Validation(errs) => ("Validation failed".to_string(), json!(errs)),
            Error::InvalidTransition { allowed, .. } => {
                (self.to_string(), json!({ "allowed": allowed }))
            }
            Error::RateLimited { retry_after } => (
                "Too many requests, try again later".to_string(),
                json!({ "retryAfterSeconds": retry_after.as_secs().max(1) }),
            ),
            Error::Unavailable { dependency, .. } => (
                format!("{dependency} is unavailable, try again shortly"),
                json!([]),
            ),
            Error::Unauthorized(m) => (m.clone(), json!([])),
            Error::Config(_) | Error::Internal { .. } => {
                ("Something went wrong on our side".to_string(), json!([]))
            }
            _ => (self.to_string(), json!([])),
        };
        json!({ "code": self.code(), "message": message, "details": details })
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, code = self.code(), "request failed");
        }
        let mut resp = (
            status,
            Json(json!({ "success": false, "error": self.body() })),
        )
            .into_response();
        if let Error::RateLimited { retry_after } = &self {
            let secs = retry_after.as_secs().max(1).to_string();
            if let Ok(v) = HeaderValue::from_str(&secs) {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        resp
    }
}
