//! Messages over HTTP: send, history by number, search, edit, delete, react, mark read.

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::envelope;
use crate::api::extract::{Json, PathId, Query};
use crate::api::openapi::{Envelope, ErrorEnvelope, IdPath, ListEnvelope};
use crate::app::App;
use crate::auth::Caller;
use crate::error::Result;
use crate::services::chat::messages::{self as service, DeleteScope, HistoryQuery};
use crate::services::chat::{ConversationView, MessageView, NewMessage, conversations};
use crate::services::input::{Field, Problems};
use crate::store::Page;
use crate::store::page::DEFAULT_LIMIT;

pub(super) fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(history, send))
        .routes(routes!(search))
        .routes(routes!(edit, delete))
        .routes(routes!(read))
        .routes(routes!(react))
}

/// The history query as sent.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
struct HistoryParams {
    /// Page size, 1 to 100 (default 20).
    limit: Option<String>,
    /// Only messages numbered below this (`pagination.nextCursor` of the previous page).
    before: Option<String>,
    /// Catch up: only messages numbered above this, oldest first.
    after: Option<String>,
    /// The same as `before`.
    cursor: Option<String>,
    /// Search text (search only): every word must start a word of the message.
    q: Option<String>,
}

fn number(p: &mut Problems, name: &str, raw: Option<&str>, min: i64, max: i64) -> Option<i64> {
    let raw = raw?;
    match raw.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            p.push(name, format!("must be a whole number from {min} to {max}"));
            None
        }
    }
}

impl HistoryParams {
    fn query(&self) -> Result<HistoryQuery> {
        let mut p = Problems::new();
        let limit = number(
            &mut p,
            "limit",
            self.limit.as_deref(),
            1,
            i64::from(service::MAX_PAGE),
        );
        let before = self.before.as_deref().or(self.cursor.as_deref());
        let before = number(&mut p, "before", before, 1, i64::MAX);
        let after = number(&mut p, "after", self.after.as_deref(), 0, i64::MAX);
        p.finish()?;
        Ok(HistoryQuery {
            before,
            after,
            limit: limit.map_or(DEFAULT_LIMIT, |n| n as u32),
        })
    }
}

/// A page of messages as the envelope's list, continued by the number of the last one.
fn page(items: Vec<MessageView>, more: bool, q: &HistoryQuery) -> Response {
    let next = if more {
        items.last().map(|m| m.seq.to_string())
    } else {
        None
    };
    envelope::list(Page {
        items,
        limit: q.limit,
        next_cursor: next,
        has_more: more,
        page: None,
        total: None,
    })
}

/// A conversation's messages, newest first (`before` pages back); with `after`, the ones
/// after that number, oldest first.
#[utoipa::path(get, path = "/conversations/{id}/messages", tag = "chat", security(("bearer" = [])), params(IdPath, HistoryParams),
    responses(
        (status = 200, description = "A page of messages; `nextCursor` is the number to pass as `before`", body = ListEnvelope<MessageView>),
        (status = 403, description = "Not a participant", body = ErrorEnvelope),
    ))]
async fn history(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Query(params): Query<HistoryParams>,
) -> Result<Response> {
    let q = params.query()?;
    let (items, more) = service::history(&app, &me, id, q).await?;
    Ok(page(items, more, &q))
}

/// Sends a message (a repeated `clientId` answers with the first send's message, 200).
#[utoipa::path(post, path = "/conversations/{id}/messages", tag = "chat", security(("bearer" = [])), params(IdPath),
    request_body(content = Value, description = "{type?: text|image|video|file|location|booking|call, content?, clientId?, replyTo?, media?: [upload], location?: {coordinates: [lng, lat], address?}, booking?, call?: {type, status, durationSeconds?}}"),
    responses(
        (status = 201, description = "The stored message", body = Envelope<MessageView>),
        (status = 200, description = "The message a previous send with this clientId stored", body = Envelope<MessageView>),
        (status = 403, description = "Not a participant, or a direct conversation across a block", body = ErrorEnvelope),
    ))]
async fn send(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<NewMessage>,
) -> Result<Response> {
    let (m, new) = service::send(&app, &me, id, body).await?;
    Ok(if new {
        envelope::created(m)
    } else {
        envelope::ok(m)
    })
}

/// Messages of the conversation whose words start with every word of `q`, newest first.
#[utoipa::path(get, path = "/conversations/{id}/messages/search", tag = "chat", security(("bearer" = [])), params(IdPath, HistoryParams),
    responses(
        (status = 200, description = "Matching messages", body = ListEnvelope<MessageView>),
        (status = 403, description = "Not a participant", body = ErrorEnvelope),
    ))]
async fn search(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Query(params): Query<HistoryParams>,
) -> Result<Response> {
    let q = params.query()?;
    let text = params.q.clone().unwrap_or_default();
    let (items, more) = service::search(&app, &me, id, &text, q).await?;
    Ok(page(items, more, &q))
}

/// `PUT /messages/:id` as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct EditInput {
    content: Field<String>,
}

/// Edits the caller's own message within the edit window; the old text is kept in its history.
#[utoipa::path(put, path = "/messages/{id}", tag = "chat", security(("bearer" = [])), params(IdPath),
    request_body(content = Value, description = "{content}"),
    responses(
        (status = 200, description = "The edited message with its edit history", body = Envelope<MessageView>),
        (status = 403, description = "Not the sender, not a participant, or a direct conversation across a block", body = ErrorEnvelope),
        (status = 409, description = "The edit window is over, or the message was deleted", body = ErrorEnvelope),
    ))]
async fn edit(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<EditInput>,
) -> Result<Response> {
    let m = service::edit(&app, &me, id, body.content.ok()).await?;
    Ok(envelope::ok(m))
}

/// Who a deletion is for.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct DeleteParams {
    /// `me` (default): hidden for the caller only; `everyone`: a tombstone (the sender, within
    /// the delete window; never in a booking under dispute).
    scope: Option<String>,
}

/// Deletes a message for the caller or for everyone.
#[utoipa::path(delete, path = "/messages/{id}", tag = "chat", security(("bearer" = [])), params(IdPath, DeleteParams),
    responses(
        (status = 200, description = "`{deleted: true, scope}`", body = Envelope<Value>),
        (status = 403, description = "Not the sender (for everyone), or not a participant", body = ErrorEnvelope),
        (status = 409, description = "The delete window is over, or the booking is under dispute", body = ErrorEnvelope),
    ))]
async fn delete(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Query(params): Query<DeleteParams>,
) -> Result<Response> {
    let scope = match params.scope.as_deref() {
        None | Some("me") => DeleteScope::Me,
        Some("everyone") => DeleteScope::Everyone,
        Some(_) => {
            return Err(crate::error::Error::validation(
                "scope",
                "must be me or everyone",
            ));
        }
    };
    service::delete(&app, &me, id, scope).await?;
    let scope = if scope == DeleteScope::Me {
        "me"
    } else {
        "everyone"
    };
    Ok(envelope::ok(json!({ "deleted": true, "scope": scope })))
}

/// Marks the conversation read up to this message.
#[utoipa::path(put, path = "/messages/{id}/read", tag = "chat", security(("bearer" = [])), params(IdPath),
    responses(
        (status = 200, description = "The conversation with the caller's unread count", body = Envelope<ConversationView>),
        (status = 403, description = "Not a participant", body = ErrorEnvelope),
    ))]
async fn read(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let c = service::read_up_to_message(&app, &me, id).await?;
    Ok(envelope::ok(conversations::view(&c, &me)))
}

/// `POST /messages/:id/reactions` as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ReactInput {
    emoji: Field<String>,
}

/// Toggles one emoji of the caller on the message.
#[utoipa::path(post, path = "/messages/{id}/reactions", tag = "chat", security(("bearer" = [])), params(IdPath),
    request_body(content = Value, description = "{emoji}"),
    responses(
        (status = 200, description = "The message with its reactions", body = Envelope<MessageView>),
        (status = 403, description = "Not a participant, or a direct conversation across a block", body = ErrorEnvelope),
    ))]
async fn react(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<ReactInput>,
) -> Result<Response> {
    let m = service::react(&app, &me, id, body.emoji.ok().as_deref()).await?;
    Ok(envelope::ok(m))
}
