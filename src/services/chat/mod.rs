//! Chat: conversations (direct, group, booking, support), messages, read watermarks,
//! reactions and search — every rule, for the HTTP routes and the socket alike.
//!
//! Who may do what: members read and write their conversations; the support team (admins and
//! support staff) reads and writes support conversations; an admin reads (never writes) the
//! conversation of a booking under dispute. Everyone else gets 403 — on reading, writing,
//! searching and joining the socket room alike.
//!
//! A block between two users (whoever made it) keeps them from opening a conversation with
//! each other, or a group with the other in it, and from writing in their direct
//! conversation, which stays readable. Groups and the conversation of a booking are not
//! theirs alone and go on as before.

pub mod conversations;
mod input;
pub mod messages;
pub mod view;

pub use input::{CallInput, LocationInput, NewConversation, NewMessage, SettingsInput};
pub use view::{ConversationView, MessageView};

use crate::app::App;
use crate::auth::Caller;
use crate::domain::conversation::{Conversation, ConversationType};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::realtime::{ChatEventKind, Event};

/// What a caller may do in a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read and write.
    Member,
    /// Read only (an admin and a disputed booking's chat).
    Reader,
}

/// The conversation, or `NotFound`.
pub async fn load(app: &App, id: Id) -> Result<Conversation> {
    app.store
        .conversations
        .get(id)
        .await?
        .ok_or(Error::NotFound("conversation"))
}

/// What `caller` may do in `conv`; `Forbidden` when nothing.
pub async fn access(app: &App, conv: &Conversation, caller: &Caller) -> Result<Access> {
    if conv.is_member(caller.id) {
        return Ok(Access::Member);
    }
    if conv.kind == ConversationType::Support && caller.is_staff() {
        return Ok(Access::Member);
    }
    if caller.is_admin()
        && let Some(booking) = conv.booking
        && let Some(b) = app.store.bookings.get(booking).await?
        && b.dispute.is_some()
    {
        return Ok(Access::Reader);
    }
    Err(Error::Forbidden(
        "you are not a participant of this conversation".into(),
    ))
}

/// The conversation if `caller` may read it.
pub async fn readable(app: &App, id: Id, caller: &Caller) -> Result<Conversation> {
    let conv = load(app, id).await?;
    access(app, &conv, caller).await?;
    Ok(conv)
}

/// The conversation if `caller` may write in it.
pub async fn writable(app: &App, id: Id, caller: &Caller) -> Result<Conversation> {
    let conv = load(app, id).await?;
    match access(app, &conv, caller).await? {
        Access::Member => Ok(conv),
        Access::Reader => Err(Error::Forbidden(
            "you may read this conversation but not write in it".into(),
        )),
    }
}

/// `Forbidden` when `caller` and the other member of the direct conversation `conv` are
/// kept apart by a block: what they may no longer do there is add anything the other sees.
pub async fn refuse_across_block(app: &App, conv: &Conversation, caller: &Caller) -> Result<()> {
    if conv.kind != ConversationType::Direct {
        return Ok(());
    }
    let others: Vec<Id> = member_ids(conv)
        .into_iter()
        .filter(|u| *u != caller.id)
        .collect();
    if app
        .store
        .blocks
        .blocked_among(caller.id, &others)
        .await?
        .is_empty()
    {
        return Ok(());
    }
    Err(Error::Forbidden(
        "you cannot message this user: a block stands between you".into(),
    ))
}

/// `Forbidden` when a block keeps `caller` apart from any of `users` (whoever made it):
/// nobody starts a conversation with, or adds to a group, someone on the other side of one.
pub(crate) async fn refuse_blocked_members(app: &App, caller: Id, users: &[Id]) -> Result<()> {
    let others: Vec<Id> = users.iter().copied().filter(|u| *u != caller).collect();
    let apart = app.store.blocks.blocked_among(caller, &others).await?;
    match apart.first() {
        None => Ok(()),
        Some(u) => Err(Error::Forbidden(format!(
            "a block stands between you and user {u}: you cannot start a conversation with \
             them or add them to one"
        ))),
    }
}

/// Ids of the current members of `conv`.
pub fn member_ids(conv: &Conversation) -> Vec<Id> {
    conv.members().map(|p| p.user).collect()
}

/// Publishes a chat event to the members of `conv` (and `removed`); a failure is logged,
/// because the change is stored and clients catch up with `sync` or a reload.
pub async fn publish(
    app: &App,
    conv: &Conversation,
    kind: ChatEventKind,
    removed: Vec<Id>,
    data: impl serde::Serialize,
) {
    let data = match serde_json::to_value(data) {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "chat: encoding an event failed");
            return;
        }
    };
    let event = Event::Chat {
        conversation: conv.id,
        kind,
        to: member_ids(conv),
        removed,
        data,
    };
    app.publish(event).await;
}

/// Now, for every rule that looks at the clock.
pub(crate) fn now() -> Timestamp {
    Timestamp::now()
}
