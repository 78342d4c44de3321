//! `/api/v1/notifications`: the caller's inbox and preferences. Handlers only authenticate,
//! decode and call `services::notifications`.
//!
//! | route | what |
//! |---|---|
//! | `GET /` | a page of the caller's notifications, groups collapsed (`category`, `unread`) |
//! | `GET /unread-count` | how many are unread |
//! | `PUT /read-all` | marks every one read |
//! | `PUT /{id}/read` | marks one read |
//! | `DELETE /{id}` | removes one |
//! | `GET`, `PUT /preferences` | the category × channel switches, quiet hours, time zone |
//! | `POST /sms/delivery/{secret}` | Africa's Talking's delivery reports (the secret is the proof) |

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::envelope::{list, ok};
use crate::api::extract::{Json, PathId, Query};
use crate::api::openapi::{Envelope, ErrorEnvelope, IdPath, ListEnvelope};
use crate::app::App;
use crate::auth::Caller;
use crate::error::Result;
use crate::services::notifications::inbox::{self, NotificationView};
use crate::services::notifications::preferences::{self, PreferencesView};
use crate::services::notifications::reports::{self, SmsReport};

/// The routes, to be nested at `/notifications`.
pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(index))
        .routes(routes!(unread_count))
        .routes(routes!(read_all))
        .routes(routes!(show_preferences, update_preferences))
        .routes(routes!(read))
        .routes(routes!(remove))
        .routes(routes!(sms_delivery))
}

/// The secret of the delivery-report URL.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[expect(dead_code, reason = "documents the path, read with axum's Path")]
struct SecretPath {
    /// The secret Africa's Talking was given in the callback URL.
    secret: String,
}

/// `POST /notifications/sms/delivery/{secret}` — Africa's Talking reports an SMS delivered or
/// not (form fields `id`, `status`, `phoneNumber`, `networkCode`, `failureReason`,
/// `retryCount`). Any other secret is a 404.
#[utoipa::path(
    post,
    path = "/sms/delivery/{secret}",
    tag = "notifications",
    params(SecretPath),
    request_body(content = SmsReport, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Recorded (an unknown message id changes nothing)", body = Envelope<RecordedView>),
        (status = 404, description = "Not the delivery-report secret", body = ErrorEnvelope),
    )
)]
async fn sms_delivery(
    State(app): State<App>,
    axum::extract::Path(secret): axum::extract::Path<String>,
    axum::Form(report): axum::Form<SmsReport>,
) -> Result<Response> {
    let recorded = reports::sms_report(&app, &secret, report).await?;
    Ok(ok(RecordedView { recorded }))
}

/// `{recorded}`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct RecordedView {
    recorded: bool,
}

/// The query of `GET /notifications`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "documents the query string, read through Params")]
struct ListQuery {
    /// Only this category: booking, payment, social, message, account, system, promotion.
    category: Option<String>,
    /// Only unread notifications.
    unread: Option<bool>,
    limit: Option<u32>,
    cursor: Option<String>,
    page: Option<u32>,
}

/// `{deleted, _id}`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct DeletedView {
    deleted: bool,
    #[serde(rename = "_id")]
    id: crate::domain::Id,
}

/// `{count}`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct CountView {
    count: u64,
}

/// `GET /notifications` — the caller's notifications, newest first; a group of the same key
/// inside an hour is one item with its count, latest actors and latest time.
#[utoipa::path(
    get,
    path = "/",
    tag = "notifications",
    security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "A page of inbox items", body = ListEnvelope<NotificationView>),
    )
)]
async fn index(
    State(app): State<App>,
    me: Caller,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response> {
    Ok(list(inbox::list(&app, &me, q).await?))
}

/// `GET /notifications/unread-count`.
#[utoipa::path(
    get,
    path = "/unread-count",
    tag = "notifications",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Unread, unexpired notifications", body = Envelope<CountView>),
    )
)]
async fn unread_count(State(app): State<App>, me: Caller) -> Result<Response> {
    let count = inbox::unread_count(&app, &me).await?;
    Ok(ok(CountView { count }))
}

/// `PUT /notifications/read-all` — marks every one of the caller's notifications read.
#[utoipa::path(
    put,
    path = "/read-all",
    tag = "notifications",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "How many were marked read", body = Envelope<CountView>),
    )
)]
async fn read_all(State(app): State<App>, me: Caller) -> Result<Response> {
    let count = inbox::read_all(&app, &me).await?;
    Ok(ok(CountView { count }))
}

/// `PUT /notifications/{id}/read`.
#[utoipa::path(
    put,
    path = "/{id}/read",
    tag = "notifications",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "The notification, read", body = Envelope<NotificationView>),
        (status = 404, description = "Not one of the caller's notifications", body = ErrorEnvelope),
    )
)]
async fn read(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    Ok(ok(inbox::read(&app, &me, id).await?))
}

/// `DELETE /notifications/{id}`.
#[utoipa::path(
    delete,
    path = "/{id}",
    tag = "notifications",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "Removed", body = Envelope<DeletedView>),
        (status = 404, description = "Not one of the caller's notifications", body = ErrorEnvelope),
    )
)]
async fn remove(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    inbox::delete(&app, &me, id).await?;
    Ok(ok(DeletedView { deleted: true, id }))
}

/// `GET /notifications/preferences`.
#[utoipa::path(
    get,
    path = "/preferences",
    tag = "notifications",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's preferences (defaults until changed)", body = Envelope<PreferencesView>),
    )
)]
async fn show_preferences(State(app): State<App>, me: Caller) -> Result<Response> {
    Ok(ok(preferences::show(&app, &me).await?))
}

/// `PUT /notifications/preferences` — only what is sent changes.
#[utoipa::path(
    put,
    path = "/preferences",
    tag = "notifications",
    security(("bearer" = [])),
    request_body(content = Value, description = "{channels?: {category: {channel: bool}}, quietHours?: {start, end} | null, timezone?}"),
    responses(
        (status = 200, description = "The preferences as stored", body = Envelope<PreferencesView>),
    )
)]
async fn update_preferences(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<Value>,
) -> Result<Response> {
    Ok(ok(preferences::update(&app, &me, body).await?))
}
