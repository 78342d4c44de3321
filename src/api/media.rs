//! `/api/v1/media`: signed upload tickets, and the local file store used when Cloudinary is not
//! configured. Handlers only authenticate, decode and call `services::media`.
//!
//! | route | who |
//! |---|---|
//! | `POST /uploads` | anyone signed in (the upload lands in their own folder) |
//! | `POST /files?kind=image\|video` | anyone signed in; only without Cloudinary |
//! | `GET /files/{name}` | anyone (media of public posts are public) |

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::api::envelope;
use crate::api::extract::{Json, Query};
use crate::api::openapi::{Envelope, ErrorEnvelope};
use crate::app::App;
use crate::auth::Caller;
use crate::domain::post::Media;
use crate::error::{Error, Result};
use crate::services::media::{self, UploadRequest, UploadTicket};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes, to be nested at `/media`.
pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(upload_ticket))
        .routes(routes!(upload_file))
        .routes(routes!(download_file))
}

#[utoipa::path(
    post,
    path = "/uploads",
    tag = "media",
    security(("bearer" = [])),
    request_body = UploadRequest,
    responses(
        (status = 201, description = "How to upload one file: Cloudinary's signed parameters, or the local upload route", body = Envelope<UploadTicket>),
    )
)]
async fn upload_ticket(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<UploadRequest>,
) -> Result<Response> {
    Ok(envelope::created(media::ticket(&app, me.id, body)?))
}

/// The query of `POST /media/files`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct FileQuery {
    /// `image` (default) or `video`.
    kind: Option<String>,
}

#[utoipa::path(
    post,
    path = "/files",
    tag = "media",
    security(("bearer" = [])),
    params(FileQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file's bytes; its type is found from its content"),
    responses(
        (status = 201, description = "Stored; attach the answer to a post, review or message", body = Envelope<Media>),
        (status = 413, description = "Larger than the limit of its kind", body = ErrorEnvelope),
    )
)]
async fn upload_file(
    State(app): State<App>,
    me: Caller,
    Query(q): Query<FileQuery>,
    body: Body,
) -> Result<Response> {
    let limit = usize::try_from(media::max_upload_bytes(&app)).unwrap_or(usize::MAX);
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| Error::PayloadTooLarge)?;
    let m = media::store_local(&app, me.id, q.kind.as_deref(), &bytes).await?;
    Ok(envelope::created(m))
}

#[utoipa::path(
    get,
    path = "/files/{name}",
    tag = "media",
    params(("name" = String, Path, description = "The stored file's name")),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 404, description = "No such file", body = ErrorEnvelope),
    )
)]
async fn download_file(State(app): State<App>, Path(name): Path<String>) -> Result<Response> {
    let (mime, bytes) = media::read_local(&app, &name).await?;
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    // Names are never reused: the content of one never changes.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline"),
    );
    Ok(resp)
}
