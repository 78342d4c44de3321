//! From realtime events to socket emits, on every instance: each instance listens to every
//! event (Redis pub/sub when configured) and emits to the rooms of its own sockets only, so
//! instances never relay to each other twice. The socket layer never decides what happened;
//! it forwards.

use futures::StreamExt;
use serde_json::json;
use socketioxide::SocketIo;
use tokio::task::JoinHandle;

use super::{conversation_room, user_room};
use crate::app::App;
use crate::realtime::{ChatEventKind, Event, Topic};

/// Starts forwarding the events of `app.realtime` to the sockets of `io` (until the
/// realtime stream ends). The subscription is registered before this returns.
pub async fn spawn_forwarder(app: &App, io: SocketIo) -> crate::error::Result<JoinHandle<()>> {
    let mut events = app.realtime.subscribe(Topic::All).await?;
    Ok(tokio::spawn(async move {
        while let Some(event) = events.next().await {
            forward(&io, event).await;
        }
    }))
}

fn rooms_of(users: &[crate::domain::Id]) -> Vec<String> {
    users.iter().copied().map(user_room).collect()
}

async fn forward(io: &SocketIo, event: Event) {
    let result = match &event {
        Event::Chat {
            conversation,
            kind,
            to,
            removed,
            data,
        } => {
            let room = conversation_room(*conversation);
            // Members' sockets join the room first (a new conversation, an added member).
            if !to.is_empty()
                && let Err(e) = io.to(rooms_of(to)).join(room.clone()).await
            {
                tracing::debug!(error = %e, "socket: members not joined to the room");
            }
            match kind {
                // A deletion for one user only reaches that user's devices.
                ChatEventKind::MessageDeleted if data["scope"] == "me" => {
                    io.to(rooms_of(to)).emit(kind.as_str(), data).await
                }
                ChatEventKind::Typing => {
                    let typist = data["user"].as_str().and_then(crate::domain::Id::parse);
                    let mut ops = io.to(room.clone());
                    if let Some(t) = typist {
                        ops = ops.except(user_room(t));
                    }
                    ops.emit(kind.as_str(), data).await
                }
                _ => {
                    // Removed members are still in the room: they hear of it, then leave.
                    let out = io.to(room.clone()).emit(kind.as_str(), data).await;
                    if !removed.is_empty() {
                        let _ = io.to(rooms_of(removed)).leave(room).await;
                    }
                    out
                }
            }
        }
        Event::BookingStatusChanged { .. } | Event::BookingUpdated { .. } => {
            let payload = json!(event);
            io.to(rooms_of(&event.recipients()))
                .emit("booking:status", &payload)
                .await
        }
        Event::Presence {
            user,
            online,
            to,
            at,
        } => {
            let payload = json!({ "user": user, "online": online, "at": at });
            io.to(rooms_of(to)).emit("presence", &payload).await
        }
        Event::Notification { user, data } => {
            io.to(user_room(*user)).emit("notification:new", data).await
        }
        // Reviews, mentions, moderation decisions, money, follows, likes, comments, shares and
        // account changes reach sockets as the notifications they become, not as raw events.
        Event::ReviewSubmitted { .. }
        | Event::ReviewResponded { .. }
        | Event::Mentioned { .. }
        | Event::ContentModerated { .. }
        | Event::Payment { .. }
        | Event::Followed { .. }
        | Event::PostLiked { .. }
        | Event::Commented { .. }
        | Event::PostShared { .. }
        | Event::Account { .. } => return,
    };
    if let Err(e) = result {
        tracing::debug!(error = %e, "socket: an event was not emitted");
    }
}
