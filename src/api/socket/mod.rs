//! The Socket.IO endpoint at `/socket.io/` on the API's port (Engine.IO 4: `socket.io-client`
//! 4.x connects with nothing but `auth: {token}`).
//!
//! A socket authenticates with its access token in the handshake (a bad or expired one gets
//! `connect_error`), joins its user's room and the room of every conversation the user is in,
//! and sends `message:send`, `typing:start`/`typing:stop`, `conversation:read`,
//! `conversation:join` and `sync` — each answered through the same services as the HTTP
//! routes. What it receives comes from the realtime events ([`forward`]), so a change made
//! through any instance sharing the Redis reaches every socket of every instance.

mod forward;

use serde::Deserialize;
use serde_json::{Value, json};
use socketioxide::SocketIo;
use socketioxide::extract::{AckSender, Data, Extension, SocketRef, State, TryData};
use socketioxide::handler::ConnectHandler;
use socketioxide::layer::SocketIoLayer;
use socketioxide::socket::DisconnectReason;

use crate::app::App;
use crate::auth::Caller;
use crate::auth::jwt::TokenUse;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::realtime::{ChatEventKind, Event};
use crate::services::chat::{self, NewMessage, conversations, messages};

pub use forward::spawn_forwarder;

/// Room of every socket of one user.
pub fn user_room(user: Id) -> String {
    format!("user:{user}")
}

/// Room of every socket of a conversation's members.
pub fn conversation_room(conversation: Id) -> String {
    format!("conversation:{conversation}")
}

/// The layer serving `/socket.io/`, and the handle that emits to its sockets.
pub fn layer(app: &App) -> (SocketIoLayer, SocketIo) {
    let (layer, io) = SocketIo::builder().with_state(app.clone()).build_layer();
    io.ns("/", on_connect.with(authenticate));
    (layer, io)
}

#[derive(Debug, Deserialize)]
struct Handshake {
    token: Option<String>,
}

/// Why a handshake was refused (the client's `connect_error` message).
#[derive(Debug)]
struct Refused(String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The caller of a handshake's token, checked as the HTTP API checks a bearer token.
async fn caller_of(app: &App, token: Option<&str>) -> Result<Caller> {
    let token = token
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Error::Unauthorized("the handshake needs auth: {token}".into()))?;
    let claims = app.jwt.verify(token, TokenUse::Access)?;
    crate::services::auth::check_access(app, &claims).await?;
    Ok(Caller::new(claims.user_id()?, claims.role))
}

async fn authenticate(
    s: SocketRef,
    State(app): State<App>,
    TryData(auth): TryData<Handshake>,
) -> std::result::Result<(), Refused> {
    let token = auth.ok().and_then(|a| a.token);
    match caller_of(&app, token.as_deref()).await {
        Ok(caller) => {
            s.extensions.insert(caller);
            Ok(())
        }
        Err(e) => Err(Refused(e.to_string())),
    }
}

async fn on_connect(s: SocketRef, State(app): State<App>, Extension(me): Extension<Caller>) {
    s.join(user_room(me.id));
    // The client has its `connect` already and may emit at once: the handlers are in place
    // before anything here waits on the store, or its first events would be dropped.
    s.on("message:send", on_send);
    s.on(
        "typing:start",
        async |s: SocketRef, app: State<App>, me: Extension<Caller>, Data(d): Data<Value>| {
            typing(s, app, me, d, true).await;
        },
    );
    s.on(
        "typing:stop",
        async |s: SocketRef, app: State<App>, me: Extension<Caller>, Data(d): Data<Value>| {
            typing(s, app, me, d, false).await;
        },
    );
    s.on("conversation:read", on_read);
    s.on("conversation:join", on_join);
    s.on("sync", on_sync);
    s.on_disconnect(on_disconnect);
    match app.store.conversations.conversation_ids_of(me.id).await {
        Ok(ids) => s.join(ids.into_iter().map(conversation_room).collect::<Vec<_>>()),
        Err(e) => tracing::warn!(error = %e, user.id = %me.id, "socket: conversations not joined"),
    }
    presence(&app, me.id, true).await;
}

/// The answer of an acknowledged event: `{ok: true, data}` or `{ok: false, error}` with the
/// HTTP API's error object.
fn answer(result: Result<Value>) -> Value {
    match result {
        Ok(data) => json!({ "ok": true, "data": data }),
        Err(e) => json!({ "ok": false, "error": e.body() }),
    }
}

fn reply(ack: AckSender, result: Result<Value>) {
    if let Err(e) = ack.send(&answer(result)) {
        tracing::debug!(error = %e, "socket: acknowledgement not sent");
    }
}

/// `conversationId` of an event's data.
fn conversation_of(d: &Value) -> Result<Id> {
    d.get("conversationId")
        .and_then(Value::as_str)
        .and_then(Id::parse)
        .ok_or_else(|| Error::validation("conversationId", "must be a 24-character hexadecimal id"))
}

async fn on_send(
    State(app): State<App>,
    Extension(me): Extension<Caller>,
    Data(d): Data<Value>,
    ack: AckSender,
) {
    let result = async {
        let conv = conversation_of(&d)?;
        let mut body = d;
        if let Some(o) = body.as_object_mut() {
            o.remove("conversationId");
        }
        let body: NewMessage = crate::api::extract::from_json_bytes(body.to_string().as_bytes())?;
        let (view, _) = messages::send(&app, &me, conv, body).await?;
        serde_json::to_value(view).map_err(|e| Error::internal("socket: encode a message", e))
    }
    .await;
    reply(ack, result);
}

async fn typing(
    _s: SocketRef,
    State(app): State<App>,
    Extension(me): Extension<Caller>,
    d: Value,
    on: bool,
) {
    let Ok(id) = conversation_of(&d) else { return };
    let Ok(conv) = chat::writable(&app, id, &me).await else {
        return;
    };
    if chat::refuse_across_block(&app, &conv, &me).await.is_err() {
        return;
    }
    let data = json!({ "conversationId": id, "user": me.id, "typing": on });
    chat::publish(&app, &conv, ChatEventKind::Typing, vec![], data).await;
}

async fn on_read(
    State(app): State<App>,
    Extension(me): Extension<Caller>,
    Data(d): Data<Value>,
    ack: AckSender,
) {
    let result = async {
        let id = conversation_of(&d)?;
        let seq = d.get("seq").and_then(Value::as_i64);
        let conv = conversations::mark_read(&app, &me, id, seq).await?;
        Ok(json!({ "conversationId": id, "unreadCount": conv.unread_for(me.id) }))
    }
    .await;
    reply(ack, result);
}

async fn on_join(
    s: SocketRef,
    State(app): State<App>,
    Extension(me): Extension<Caller>,
    Data(d): Data<Value>,
    ack: AckSender,
) {
    let result = async {
        let id = conversation_of(&d)?;
        chat::readable(&app, id, &me).await?;
        s.join(conversation_room(id));
        Ok(json!({ "conversationId": id }))
    }
    .await;
    reply(ack, result);
}

/// `sync`: `{conversations: {<id>: lastSeq}}` answered with what each has after that number
/// (at most a page each; `hasMore` says to ask again).
async fn on_sync(
    State(app): State<App>,
    Extension(me): Extension<Caller>,
    Data(d): Data<Value>,
    ack: AckSender,
) {
    let result = async {
        let wanted = d
            .get("conversations")
            .and_then(Value::as_object)
            .ok_or_else(|| {
                Error::validation("conversations", "must be {conversationId: lastSeq}")
            })?;
        let mut out = Vec::new();
        for (id, seq) in wanted {
            let id = Id::parse(id).ok_or_else(|| {
                Error::validation("conversations", "keys must be conversation ids")
            })?;
            let after = seq.as_i64().unwrap_or(0).max(0);
            let q = messages::HistoryQuery {
                after: Some(after),
                before: None,
                limit: messages::MAX_PAGE,
            };
            let (msgs, more) = messages::history(&app, &me, id, q).await?;
            out.push(json!({ "conversationId": id, "messages": msgs, "hasMore": more }));
        }
        Ok(json!({ "conversations": out }))
    }
    .await;
    reply(ack, result);
}

async fn on_disconnect(
    s: SocketRef,
    State(app): State<App>,
    Extension(me): Extension<Caller>,
    _why: DisconnectReason,
) {
    // Other sockets of the user on this instance keep them online.
    let others = s
        .within(user_room(me.id))
        .sockets()
        .into_iter()
        .filter(|o| o.id != s.id)
        .count();
    if others == 0 {
        presence(&app, me.id, false).await;
    }
}

/// Tells everyone who shares a conversation with `user` that they came or went.
async fn presence(app: &App, user: Id, online: bool) {
    let ids = match app.store.conversations.conversation_ids_of(user).await {
        Ok(ids) => ids,
        Err(e) => {
            tracing::debug!(error = %e, "socket: presence not sent");
            return;
        }
    };
    let convs = app
        .store
        .conversations
        .get_many(&ids)
        .await
        .unwrap_or_default();
    let mut to: Vec<Id> = convs
        .iter()
        .flat_map(chat::member_ids)
        .filter(|u| *u != user)
        .collect();
    to.sort();
    to.dedup();
    if to.is_empty() {
        return;
    }
    let event = Event::Presence {
        user,
        online,
        to,
        at: Timestamp::now(),
    };
    app.publish(event).await;
}
