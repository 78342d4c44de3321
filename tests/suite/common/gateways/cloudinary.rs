//! A fake Cloudinary upload API: `POST /v1_1/{cloud}/{image|video}/upload` with a signed form,
//! checked as Cloudinary documents (API key, SHA-1 signature over the sorted parameters plus the
//! secret, a timestamp at most an hour old, `allowed_formats`), answered with the upload's
//! public id, version, delivery URL and the signature of the answer.

use std::collections::BTreeMap;

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Form, Json, Router};
use serde_json::json;
use sha1::{Digest, Sha1};

use super::serve;

pub const CLOUDINARY_CLOUD: &str = "baitech-test";
pub const CLOUDINARY_KEY: &str = "614335564976464";
pub const CLOUDINARY_SECRET: &str = "fake_cloudinary_api_secret";

/// A running fake Cloudinary.
#[derive(Clone)]
pub struct FakeCloudinary {
    pub url: String,
}

impl FakeCloudinary {
    pub async fn start() -> FakeCloudinary {
        let router = Router::new().route("/v1_1/{cloud}/{resource}/upload", post(upload));
        FakeCloudinary {
            url: serve(router).await,
        }
    }

    /// The `CLOUDINARY_*` variables that configure a server against this fake.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            ("CLOUDINARY_CLOUD_NAME".into(), CLOUDINARY_CLOUD.into()),
            ("CLOUDINARY_API_KEY".into(), CLOUDINARY_KEY.into()),
            ("CLOUDINARY_API_SECRET".into(), CLOUDINARY_SECRET.into()),
            ("CLOUDINARY_BASE_URL".into(), self.url.clone()),
        ]
    }
}

/// Cloudinary's signature: SHA-1 of the sorted `k=v&...` parameters (without `file`,
/// `cloud_name`, `resource_type`, `api_key`) followed by the secret.
pub fn cloudinary_signature(params: &BTreeMap<String, String>, secret: &str) -> String {
    let joined: Vec<String> = params
        .iter()
        .filter(|(k, v)| {
            ![
                "file",
                "cloud_name",
                "resource_type",
                "api_key",
                "signature",
            ]
            .contains(&k.as_str())
                && !v.is_empty()
        })
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let mut h = Sha1::new();
    h.update(joined.join("&").as_bytes());
    h.update(secret.as_bytes());
    hex::encode(h.finalize())
}

/// The answer Cloudinary gives for an upload of `public_id` at `version`, signed with `secret`
/// and delivered from `cloud`.
pub fn upload_answer(
    cloud: &str,
    resource: &str,
    public_id: &str,
    version: i64,
    format: &str,
    secret: &str,
) -> serde_json::Value {
    let params = BTreeMap::from([
        ("public_id".to_string(), public_id.to_string()),
        ("version".to_string(), version.to_string()),
    ]);
    json!({
        "public_id": public_id,
        "version": version,
        "signature": cloudinary_signature(&params, secret),
        "resource_type": resource,
        "format": format,
        "bytes": 68,
        "type": "upload",
        "secure_url": format!("https://res.cloudinary.com/{cloud}/{resource}/upload/v{version}/{public_id}.{format}"),
    })
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": { "message": message } }))).into_response()
}

async fn upload(
    Path((cloud, resource)): Path<(String, String)>,
    Form(form): Form<BTreeMap<String, String>>,
) -> Response {
    if cloud != CLOUDINARY_CLOUD {
        return error(StatusCode::NOT_FOUND, "Invalid cloud_name");
    }
    if form.get("api_key").map(String::as_str) != Some(CLOUDINARY_KEY) {
        return error(StatusCode::UNAUTHORIZED, "Invalid api_key");
    }
    let expected = cloudinary_signature(&form, CLOUDINARY_SECRET);
    if form.get("signature") != Some(&expected) {
        return error(StatusCode::UNAUTHORIZED, "Invalid Signature");
    }
    let now = chrono::Utc::now().timestamp();
    let stamp: i64 = form
        .get("timestamp")
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    if now - stamp > 3600 {
        return error(
            StatusCode::BAD_REQUEST,
            "Stale request - reported time is more than 1 hour ago",
        );
    }
    // `file` as a data URI: data:image/png;base64,...
    let format = form
        .get("file")
        .and_then(|f| f.strip_prefix("data:"))
        .and_then(|f| f.split(';').next())
        .and_then(|mime| mime.split('/').nth(1))
        .map(|f| if f == "jpeg" { "jpg" } else { f })
        .unwrap_or("bin")
        .to_string();
    if let Some(allowed) = form.get("allowed_formats")
        && !allowed.split(',').any(|a| a == format)
    {
        return error(StatusCode::BAD_REQUEST, "Image format not allowed");
    }
    let public_id = match (form.get("folder"), form.get("public_id")) {
        (Some(folder), Some(id)) => format!("{folder}/{id}"),
        (None, Some(id)) => id.clone(),
        _ => "generated".to_string(),
    };
    Json(upload_answer(
        &cloud,
        &resource,
        &public_id,
        now,
        &format,
        CLOUDINARY_SECRET,
    ))
    .into_response()
}
