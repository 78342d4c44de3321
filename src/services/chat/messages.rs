//! Sending, reading, editing, deleting, reacting to and searching messages.

use chrono::Duration;
use serde::Serialize;
use serde_json::json;

use super::input::{Draft, MAX_TEXT};
use super::view::{MessageView, reactions};
use super::{NewMessage, now, publish, readable, refuse_across_block, writable};
use crate::app::App;
use crate::auth::Caller;
use crate::domain::Id;
use crate::domain::conversation::Conversation;
use crate::domain::message::{Edit, Message, Reaction, search_words};
use crate::error::{Error, Result};
use crate::realtime::ChatEventKind;
use crate::services::bookings::can_view;
use crate::services::input::Problems;
use crate::store::{Condition, SeqQuery, Update};

/// Most messages one page (or one catch-up) returns.
pub const MAX_PAGE: u32 = 100;
/// Characters of a message shown in conversation lists.
const PREVIEW_CHARS: usize = 80;

/// Sends a message as `caller`: the same rules over HTTP and the socket. A repeated
/// `clientId` returns the message its first send stored (`false`: nothing new was stored).
pub async fn send(
    app: &App,
    caller: &Caller,
    conversation: Id,
    body: NewMessage,
) -> Result<(MessageView, bool)> {
    let conv = writable(app, conversation, caller).await?;
    let mut p = Problems::new();
    let draft = body.check(app, caller.id, &mut p);
    let draft = p.finish_with(draft)?;
    let key = draft
        .client_id
        .as_deref()
        .map(|c| Message::client_key_of(conversation, caller.id, c));
    if let Some(key) = &key
        && let Some(first) = app.store.messages.find_by_client_key(key).await?
    {
        return Ok((MessageView::of(&first, &conv), false));
    }
    // After the retry lookup: a message stored before a block is still its send's answer.
    // The one check for HTTP and the socket alike, which both send through here.
    refuse_across_block(app, &conv, caller).await?;
    check_references(app, caller, &conv, &draft).await?;
    let m = draft_message(caller.id, conversation, draft, key.clone());
    let preview = m.preview(PREVIEW_CHARS);
    match app.store.conversations.append_message(&m, &preview).await {
        Ok((stored, conv)) => {
            let view = MessageView::of(&stored, &conv);
            publish(app, &conv, ChatEventKind::MessageNew, vec![], &view).await;
            Ok((view, true))
        }
        // Two sends of one client id at once: the other stored it.
        Err(Error::Conflict(_)) if key.is_some() => {
            let key = key.unwrap_or_default();
            let first = app.store.messages.find_by_client_key(&key).await?;
            let first = first.ok_or_else(|| Error::Conflict("retry the send".into()))?;
            Ok((MessageView::of(&first, &conv), false))
        }
        Err(e) => Err(e),
    }
}

/// The reply target must be in this conversation, the shared booking one the sender sees.
async fn check_references(
    app: &App,
    caller: &Caller,
    conv: &Conversation,
    d: &Draft,
) -> Result<()> {
    if let Some(reply) = d.reply_to {
        let target = app.store.messages.get(reply).await?;
        if target.is_none_or(|m| m.conversation != conv.id) {
            return Err(Error::validation(
                "replyTo",
                "is not a message of this conversation",
            ));
        }
    }
    if let Some(b) = d.booking {
        let booking = app.store.bookings.get(b).await?;
        if booking.is_none_or(|b| !can_view(&b, caller.actor())) {
            return Err(Error::validation(
                "booking",
                "is not a booking you can share",
            ));
        }
    }
    Ok(())
}

fn draft_message(sender: Id, conversation: Id, d: Draft, client_key: Option<String>) -> Message {
    let at = now();
    let mut m = Message::text(Id::new(), conversation, sender, "", at);
    m.words = d.content.as_deref().map(search_words).unwrap_or_default();
    m.kind = d.kind;
    m.content = d.content;
    m.client_id = d.client_id;
    m.client_key = client_key;
    m.reply_to = d.reply_to;
    m.media = d.media;
    m.location = d.location;
    m.booking_ref = d.booking;
    m.call = d.call;
    m
}

/// Where a list of messages starts and how long it is.
#[derive(Debug, Clone, Copy, Default)]
pub struct HistoryQuery {
    /// Only messages numbered below this (scrolling back).
    pub before: Option<i64>,
    /// Only messages numbered above this, oldest first (catching up).
    pub after: Option<i64>,
    pub limit: u32,
}

/// One page of a conversation's history as `caller` may see it.
pub async fn history(
    app: &App,
    caller: &Caller,
    conversation: Id,
    q: HistoryQuery,
) -> Result<(Vec<MessageView>, bool)> {
    let conv = readable(app, conversation, caller).await?;
    let query = seq_query(&conv, caller, q);
    let mut found = app.store.messages.messages_by_seq(&query).await?;
    let more = found.len() > q.limit as usize;
    found.truncate(q.limit as usize);
    Ok((
        found.iter().map(|m| MessageView::of(m, &conv)).collect(),
        more,
    ))
}

/// The store query of `q` for `caller`: history they deleted stays hidden; one extra row says
/// whether there is more.
fn seq_query(conv: &Conversation, caller: &Caller, q: HistoryQuery) -> SeqQuery {
    let hidden = conv
        .participant(caller.id)
        .map_or(0, |p| p.hidden_through_seq);
    SeqQuery {
        conversation: conv.id,
        viewer: Some(caller.id),
        after: q.after.unwrap_or(0).max(hidden),
        before: q.before,
        ascending: q.after.is_some(),
        limit: q.limit.clamp(1, MAX_PAGE) + 1,
    }
}

/// Messages of the conversation having every word of `text` as a word prefix, newest first.
pub async fn search(
    app: &App,
    caller: &Caller,
    conversation: Id,
    text: &str,
    q: HistoryQuery,
) -> Result<(Vec<MessageView>, bool)> {
    let conv = readable(app, conversation, caller).await?;
    let words = search_words(text);
    if words.is_empty() {
        return Err(Error::validation("q", "needs at least one letter or digit"));
    }
    let query = seq_query(&conv, caller, HistoryQuery { after: None, ..q });
    let mut found = app.store.messages.search_messages(&query, &words).await?;
    let more = found.len() > q.limit as usize;
    found.truncate(q.limit as usize);
    Ok((
        found.iter().map(|m| MessageView::of(m, &conv)).collect(),
        more,
    ))
}

/// The message and its conversation, if `caller` may write there.
async fn own_conversation(app: &App, caller: &Caller, id: Id) -> Result<(Message, Conversation)> {
    let m = app
        .store
        .messages
        .get(id)
        .await?
        .ok_or(Error::NotFound("message"))?;
    let conv = writable(app, m.conversation, caller).await?;
    if m.is_deleted_for(caller.id) {
        return Err(Error::NotFound("message"));
    }
    Ok((m, conv))
}

fn within(window: std::time::Duration, m: &Message) -> bool {
    let window = Duration::from_std(window).unwrap_or(Duration::MAX);
    now() <= m.created_at.plus(window)
}

/// Replaces the text of `caller`'s own message within the edit window; the old text goes to
/// the edit history.
pub async fn edit(
    app: &App,
    caller: &Caller,
    id: Id,
    content: Option<String>,
) -> Result<MessageView> {
    let (m, conv) = own_conversation(app, caller, id).await?;
    if m.sender != caller.id {
        return Err(Error::Forbidden(
            "only the sender may edit a message".into(),
        ));
    }
    // New text reaches the other side as surely as a new message.
    refuse_across_block(app, &conv, caller).await?;
    let mut p = Problems::new();
    let text = p.text("content", content.as_deref(), 1, MAX_TEXT);
    let text = p.finish_with(text)?;
    if m.deleted_for_everyone || m.content.is_none() {
        return Err(Error::Conflict("this message has no text to edit".into()));
    }
    if !within(app.config.chat.edit_window, &m) {
        return Err(Error::Conflict(
            "the time to edit this message is over".into(),
        ));
    }
    let at = now();
    let mut next = m.clone();
    next.edit_history.push(Edit {
        content: m.content.clone().unwrap_or_default(),
        edited_at: at,
    });
    next.words = search_words(&text);
    next.content = Some(text);
    next.edited_at = Some(at);
    next.updated_at = at;
    let fields = ["content", "words", "editHistory", "editedAt", "updatedAt"];
    let stored = app
        .store
        .messages
        .update(
            id,
            Update {
                set_from: Some((&next, &fields)),
                only_if: &[Condition::NoneOf("deletedForEveryone", vec![json!(true)])],
                ..Default::default()
            },
        )
        .await?
        .ok_or_else(|| Error::Conflict("the message was deleted meanwhile".into()))?;
    let view = MessageView::of(&stored, &conv);
    publish(app, &conv, ChatEventKind::MessageUpdated, vec![], &view).await;
    Ok(view)
}

/// Who a deletion is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeleteScope {
    Me,
    Everyone,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Deleted {
    #[serde(rename = "_id")]
    id: Id,
    conversation: Id,
    seq: i64,
    scope: &'static str,
}

/// Deletes a message for `caller`, or (its sender, within the window) for everyone; messages
/// of a booking under dispute stay as they are.
pub async fn delete(app: &App, caller: &Caller, id: Id, scope: DeleteScope) -> Result<()> {
    let (m, conv) = own_conversation(app, caller, id).await?;
    let mut next = m.clone();
    let event = |scope| Deleted {
        id,
        conversation: conv.id,
        seq: m.seq,
        scope,
    };
    if scope == DeleteScope::Me {
        next.deleted_for.push(caller.id);
        let fields = ["deletedFor"];
        let change = Update {
            set_from: Some((&next, &fields[..])),
            ..Default::default()
        };
        app.store.messages.update(id, change).await?;
        // Only the caller's own devices hear of it.
        let me = Conversation {
            participants: conv
                .participants
                .iter()
                .filter(|p| p.user == caller.id)
                .cloned()
                .collect(),
            ..conv.clone()
        };
        publish(app, &me, ChatEventKind::MessageDeleted, vec![], event("me")).await;
        return Ok(());
    }
    if m.sender != caller.id {
        return Err(Error::Forbidden(
            "only the sender may delete a message for everyone".into(),
        ));
    }
    if !within(app.config.chat.delete_window, &m) {
        return Err(Error::Conflict(
            "the time to delete this message for everyone is over".into(),
        ));
    }
    if let Some(b) = conv.booking
        && app
            .store
            .bookings
            .get(b)
            .await?
            .is_some_and(|b| b.dispute.is_some())
    {
        return Err(Error::Conflict(
            "messages of a booking under dispute are kept".into(),
        ));
    }
    next.tombstone(now());
    app.store.messages.replace(&next).await?;
    publish(
        app,
        &conv,
        ChatEventKind::MessageDeleted,
        vec![],
        event("everyone"),
    )
    .await;
    Ok(())
}

/// An emoji: a short run of symbols (no letters or digits).
fn check_emoji(raw: Option<&str>) -> Result<String> {
    let e = raw.unwrap_or("").trim();
    let ok = !e.is_empty()
        && e.chars().count() <= 8
        && !e
            .chars()
            .any(|c| c.is_alphanumeric() || c.is_whitespace() || c.is_ascii_punctuation());
    if !ok {
        return Err(Error::validation("emoji", "must be one emoji"));
    }
    Ok(e.to_string())
}

/// Toggles `caller`'s `emoji` on the message: added when absent, removed when present.
pub async fn react(app: &App, caller: &Caller, id: Id, emoji: Option<&str>) -> Result<MessageView> {
    let emoji = check_emoji(emoji)?;
    let (m, conv) = own_conversation(app, caller, id).await?;
    refuse_across_block(app, &conv, caller).await?;
    if m.deleted_for_everyone {
        return Err(Error::Conflict("this message was deleted".into()));
    }
    let had = m
        .reactions
        .iter()
        .any(|r| r.user == caller.id && r.emoji == emoji);
    let changed = if had {
        app.store
            .messages
            .remove_reaction(id, caller.id, &emoji)
            .await?
    } else {
        let r = Reaction {
            user: caller.id,
            emoji: emoji.clone(),
            at: now(),
        };
        app.store.messages.add_reaction(id, &r).await?
    };
    let (stored, _) = changed.ok_or(Error::NotFound("message"))?;
    let view = MessageView::of(&stored, &conv);
    let data = json!({
        "messageId": id,
        "conversation": conv.id,
        "user": caller.id,
        "emoji": emoji,
        "added": !had,
        "reactions": reactions(&stored),
    });
    publish(app, &conv, ChatEventKind::MessageReaction, vec![], data).await;
    Ok(view)
}

/// Marks the conversation read up to message `id` (`PUT /messages/:id/read`).
pub async fn read_up_to_message(app: &App, caller: &Caller, id: Id) -> Result<Conversation> {
    let m = app
        .store
        .messages
        .get(id)
        .await?
        .ok_or(Error::NotFound("message"))?;
    super::conversations::mark_read(app, caller, m.conversation, Some(m.seq)).await
}
