//! `/api/v1/conversations`, `/api/v1/messages` and `/api/v1/bookings/:id/conversation`: chat
//! over HTTP. Handlers authenticate, decode and call `services::chat`, which owns every rule;
//! members read and write, everyone else gets 403 (see that module for the exceptions).

mod messages;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::envelope;
use crate::api::extract::{Json, Paging, PathId, from_json_bytes};
use crate::api::openapi::{Envelope, ErrorEnvelope, IdPath, ListEnvelope, PageParams};
use crate::app::App;
use crate::auth::Caller;
use crate::domain::Id;
use crate::error::{Error, Result};
use crate::services::chat::conversations as service;
use crate::services::chat::{ConversationView, NewConversation, SettingsInput};
use crate::services::input::Field;

/// The routes, at the API's root (`/conversations`, `/messages`, `/bookings/{id}/conversation`).
pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show, rename, delete_for_me))
        .routes(routes!(add_participants))
        .routes(routes!(remove_participant))
        .routes(routes!(settings))
        .routes(routes!(mark_read))
        .routes(routes!(of_booking))
        .merge(messages::routes())
}

fn view(c: &crate::domain::conversation::Conversation, me: &Caller) -> ConversationView {
    service::view(c, me)
}

/// The caller's conversations: pinned first (on the first page), then by last message, each
/// with its last message and the caller's unread count.
#[utoipa::path(get, path = "/conversations", tag = "chat", security(("bearer" = [])), params(PageParams),
    responses((status = 200, description = "A page of conversations", body = ListEnvelope<ConversationView>)))]
async fn list(State(app): State<App>, me: Caller, Paging(page): Paging) -> Result<Response> {
    let page = service::list(&app, &me, &page).await?;
    Ok(envelope::list(page.map(|c| view(&c, &me))))
}

/// Opens a conversation: `direct` (found again if the pair has one), `group` or `support`.
#[utoipa::path(post, path = "/conversations", tag = "chat", security(("bearer" = [])),
    request_body(content = Value, description = "{type: direct|group|support, participantId | participants: [id], name (groups)}"),
    responses(
        (status = 201, description = "The new conversation", body = Envelope<ConversationView>),
        (status = 200, description = "The pair's existing direct conversation", body = Envelope<ConversationView>),
        (status = 403, description = "A block stands between the caller and a participant named", body = ErrorEnvelope),
    ))]
async fn create(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<NewConversation>,
) -> Result<Response> {
    let (c, made) = service::create(&app, &me, body).await?;
    Ok(if made {
        envelope::created(view(&c, &me))
    } else {
        envelope::ok(view(&c, &me))
    })
}

/// One conversation.
#[utoipa::path(get, path = "/conversations/{id}", tag = "chat", security(("bearer" = [])), params(IdPath),
    responses(
        (status = 200, description = "The conversation", body = Envelope<ConversationView>),
        (status = 403, description = "Not a participant", body = ErrorEnvelope),
        (status = 404, description = "No such conversation", body = ErrorEnvelope),
    ))]
async fn show(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let c = service::get(&app, &me, id).await?;
    Ok(envelope::ok(view(&c, &me)))
}

/// `PUT /conversations/:id` as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RenameInput {
    name: Field<String>,
}

/// Renames a group (its admins).
#[utoipa::path(put, path = "/conversations/{id}", tag = "chat", security(("bearer" = [])), params(IdPath),
    request_body(content = Value, description = "{name}"),
    responses(
        (status = 200, description = "The group", body = Envelope<ConversationView>),
        (status = 403, description = "Not a participant, or not an admin of the group", body = ErrorEnvelope),
        (status = 422, description = "Not a group", body = ErrorEnvelope),
    ))]
async fn rename(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<RenameInput>,
) -> Result<Response> {
    let c = service::rename(&app, &me, id, body.name.ok()).await?;
    Ok(envelope::ok(view(&c, &me)))
}

/// Deletes the conversation for the caller: gone from their list, its history hidden from
/// them; the others keep everything.
#[utoipa::path(delete, path = "/conversations/{id}", tag = "chat", security(("bearer" = [])), params(IdPath),
    responses(
        (status = 200, description = "`{deleted: true}`", body = Envelope<Value>),
        (status = 403, description = "Not a participant", body = ErrorEnvelope),
    ))]
async fn delete_for_me(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    service::delete_for_me(&app, &me, id).await?;
    Ok(envelope::ok(serde_json::json!({ "deleted": true })))
}

/// `POST /conversations/:id/participants` as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct AddInput {
    user_ids: Field<Vec<String>>,
}

/// Adds users to a group (its admins).
#[utoipa::path(post, path = "/conversations/{id}/participants", tag = "chat", security(("bearer" = [])), params(IdPath),
    request_body(content = Value, description = "{userIds: [id]}"),
    responses(
        (status = 200, description = "The group", body = Envelope<ConversationView>),
        (status = 403, description = "Not an admin of the group, or a block stands between the caller and a user named", body = ErrorEnvelope),
    ))]
async fn add_participants(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<AddInput>,
) -> Result<Response> {
    let users = body.user_ids.ok().unwrap_or_default();
    let c = service::add_participants(&app, &me, id, users).await?;
    Ok(envelope::ok(view(&c, &me)))
}

/// The conversation and user of a participant path.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[serde(rename_all = "camelCase")]
struct ParticipantPath {
    /// The conversation.
    id: String,
    /// The member.
    user_id: String,
}

fn path_id(raw: &str, name: &str) -> Result<Id> {
    Id::parse(raw).ok_or_else(|| Error::validation(name, "must be a 24-character hexadecimal id"))
}

/// Removes a member (group admins), or leaves the group (the member themselves).
#[utoipa::path(delete, path = "/conversations/{id}/participants/{userId}", tag = "chat", security(("bearer" = [])), params(ParticipantPath),
    responses(
        (status = 200, description = "The group as it is now", body = Envelope<ConversationView>),
        (status = 403, description = "Not an admin of the group", body = ErrorEnvelope),
    ))]
async fn remove_participant(
    State(app): State<App>,
    me: Caller,
    Path(p): Path<ParticipantPath>,
) -> Result<Response> {
    let (id, user) = (path_id(&p.id, "id")?, path_id(&p.user_id, "userId")?);
    let c = service::remove_participant(&app, &me, id, user).await?;
    Ok(envelope::ok(view(&c, &me)))
}

/// Changes the caller's settings: pinned, muted (until), archived, notification level.
#[utoipa::path(put, path = "/conversations/{id}/settings", tag = "chat", security(("bearer" = [])), params(IdPath),
    request_body(content = Value, description = "{pinned?, muted?, mutedUntil?, archived?, notificationLevel?: all|mentions|none}"),
    responses(
        (status = 200, description = "The conversation with the caller's settings", body = Envelope<ConversationView>),
        (status = 403, description = "Not a participant", body = ErrorEnvelope),
    ))]
async fn settings(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<SettingsInput>,
) -> Result<Response> {
    let c = service::settings(&app, &me, id, body).await?;
    Ok(envelope::ok(view(&c, &me)))
}

/// `PUT /conversations/:id/read` as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ReadInput {
    seq: Field<i64>,
}

/// Marks the conversation read up to message number `seq` (default: all of it).
#[utoipa::path(put, path = "/conversations/{id}/read", tag = "chat", security(("bearer" = [])), params(IdPath),
    request_body(content = Value, description = "{seq?}"),
    responses(
        (status = 200, description = "The conversation with the caller's unread count", body = Envelope<ConversationView>),
        (status = 403, description = "Not a participant", body = ErrorEnvelope),
    ))]
async fn mark_read(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    body: Bytes,
) -> Result<Response> {
    // The body is optional: an empty one reads everything.
    let seq = match body.is_empty() {
        true => None,
        false => from_json_bytes::<ReadInput>(&body)?.seq.ok(),
    };
    let c = service::mark_read(&app, &me, id, seq).await?;
    Ok(envelope::ok(view(&c, &me)))
}

/// The conversation of a booking (its parties; an admin while it is disputed).
#[utoipa::path(get, path = "/bookings/{id}/conversation", tag = "chat", security(("bearer" = [])), params(IdPath),
    responses(
        (status = 200, description = "The booking's conversation", body = Envelope<ConversationView>),
        (status = 404, description = "No such booking, not one the caller may see, or no technician yet", body = ErrorEnvelope),
    ))]
async fn of_booking(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let c = service::of_booking(&app, &me, id).await?;
    Ok(envelope::ok(view(&c, &me)))
}
