//! Conversations: opening one (a direct one found again rather than duplicated), the inbox
//! (pinned first, then by last message), group details and membership, per-user settings,
//! deleting for oneself, read watermarks, and the conversation of a booking.

use serde_json::json;

use super::input::level;
use super::view::{ConversationView, participants};
use super::{
    NewConversation, SettingsInput, now, publish, readable, refuse_blocked_members, writable,
};
use crate::app::App;
use crate::auth::Caller;
use crate::domain::booking::Booking;
use crate::domain::conversation::{
    Conversation, ConversationType, Participant, ParticipantRole, direct_key,
};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::realtime::ChatEventKind;
use crate::services::input::{Field, Problems};
use crate::store::{Condition, Page, PageRequest, Update};

/// Most members of a group.
pub const MAX_GROUP: usize = 256;
/// Longest group name.
pub const MAX_NAME: usize = 80;
/// Most conversations one user may pin (shown above the rest on the first page).
pub const MAX_PINS: u32 = 20;

fn blank(
    kind: ConversationType,
    by: Id,
    name: Option<String>,
    users: &[Id],
    at: Timestamp,
) -> Conversation {
    Conversation {
        id: Id::new(),
        kind,
        name,
        participants: users
            .iter()
            .map(|&u| {
                let role = if u == by && kind == ConversationType::Group {
                    ParticipantRole::Owner
                } else {
                    ParticipantRole::Member
                };
                Participant::new(u, role, at)
            })
            .collect(),
        direct_key: None,
        booking: None,
        created_by: by,
        last_seq: 0,
        version: 0,
        last_message: None,
        last_activity_at: at,
        created_at: at,
        updated_at: at,
    }
}

/// Every id must name an account.
async fn require_users(app: &App, ids: &[Id], field: &str) -> Result<()> {
    let found = app.store.users.get_many(ids).await?;
    if let Some(missing) = ids.iter().find(|id| !found.iter().any(|u| u.id == **id)) {
        return Err(Error::validation(field, format!("no user {missing}")));
    }
    Ok(())
}

fn ids(p: &mut Problems, field: &str, raw: Vec<String>) -> Vec<Id> {
    let mut out: Vec<Id> = Vec::new();
    for (i, s) in raw.iter().enumerate() {
        if let Some(id) = p.id(&format!("{field}.{i}"), s)
            && !out.contains(&id)
        {
            out.push(id);
        }
    }
    out
}

/// Opens a conversation; `false` when an existing direct conversation was found instead.
pub async fn create(
    app: &App,
    caller: &Caller,
    body: NewConversation,
) -> Result<(Conversation, bool)> {
    let mut p = Problems::new();
    body.unknown.report(&mut p, &[]);
    let kind = match body.kind.read(&mut p, "type") {
        Some(None) => Some(ConversationType::Direct),
        Some(Some(k)) => match ConversationType::parse(&k) {
            Some(ConversationType::Booking) => {
                p.push(
                    "type",
                    "booking conversations open when the booking gets its technician",
                );
                None
            }
            None => {
                p.push("type", "must be one of direct, group, support");
                None
            }
            k => k,
        },
        None => None,
    };
    let listed = body
        .participants
        .optional(&mut p, "participants")
        .unwrap_or_default();
    let mut others = ids(&mut p, "participants", listed);
    let one = body.participant_id.optional(&mut p, "participantId");
    if let Some(one) = one.and_then(|s| p.id("participantId", &s))
        && !others.contains(&one)
    {
        others.push(one);
    }
    others.retain(|u| *u != caller.id);
    let name = body.name.optional(&mut p, "name");
    let kind = p.finish_with(kind)?;
    let at = now();
    match kind {
        ConversationType::Direct => {
            let [other] = others[..] else {
                return Err(Error::validation(
                    "participantId",
                    "a direct conversation is with exactly one other user",
                ));
            };
            // Also when the pair's conversation exists: it stays readable, not reopened.
            refuse_blocked_members(app, caller.id, &[other]).await?;
            direct(app, caller.id, other, at).await
        }
        ConversationType::Group => {
            let mut p = Problems::new();
            let name = p.text("name", name.as_deref(), 1, MAX_NAME);
            if others.is_empty() || others.len() >= MAX_GROUP {
                p.push(
                    "participants",
                    format!("a group has 1 to {} other members", MAX_GROUP - 1),
                );
            }
            let name = p.finish_with(name)?;
            require_users(app, &others, "participants").await?;
            refuse_blocked_members(app, caller.id, &others).await?;
            let mut users = vec![caller.id];
            users.extend(others);
            let conv = blank(kind, caller.id, Some(name), &users, at);
            app.store.conversations.insert(&conv).await?;
            Ok((conv, true))
        }
        _ => {
            let conv = blank(kind, caller.id, None, &[caller.id], at);
            app.store.conversations.insert(&conv).await?;
            Ok((conv, true))
        }
    }
}

/// The direct conversation of the pair, made if there is none (one per pair).
async fn direct(app: &App, me: Id, other: Id, at: Timestamp) -> Result<(Conversation, bool)> {
    if let Some(c) = app
        .store
        .conversations
        .find_direct_conversation(me, other)
        .await?
    {
        return Ok((c, false));
    }
    require_users(app, &[other], "participantId").await?;
    let mut conv = blank(ConversationType::Direct, me, None, &[me, other], at);
    conv.direct_key = Some(direct_key(me, other));
    match app.store.conversations.insert(&conv).await {
        Ok(()) => Ok((conv, true)),
        // Both opened it at once: the other insert won.
        Err(Error::Conflict(_)) => app
            .store
            .conversations
            .find_direct_conversation(me, other)
            .await?
            .map(|c| (c, false))
            .ok_or_else(|| Error::Conflict("try again".into())),
        Err(e) => Err(e),
    }
}

/// The caller's inbox: on the first page their pinned conversations, then the rest by last
/// activity (the cursor continues the rest).
pub async fn list(app: &App, caller: &Caller, page: &PageRequest) -> Result<Page<Conversation>> {
    let repo = &app.store.conversations;
    let mut rest = repo
        .list_conversations(caller.id, Some(false), page)
        .await?;
    let first = page.cursor.is_none() && page.page.is_none_or(|n| n <= 1);
    if first {
        let pinned = repo
            .list_conversations(caller.id, Some(true), &PageRequest::first(MAX_PINS))
            .await?;
        let mut items = pinned.items;
        items.append(&mut rest.items);
        rest.items = items;
    }
    Ok(rest)
}

/// One conversation, to whoever may read it.
pub async fn get(app: &App, caller: &Caller, id: Id) -> Result<Conversation> {
    readable(app, id, caller).await
}

fn is_group_admin(conv: &Conversation, user: Id) -> bool {
    conv.participant(user).is_some_and(|p| {
        p.left_at.is_none() && matches!(p.role, ParticipantRole::Owner | ParticipantRole::Admin)
    })
}

/// A group changed by its admins (`change` edits the copy); stored only if nobody changed the
/// group meanwhile.
async fn change_group(
    app: &App,
    caller: &Caller,
    id: Id,
    admin_only: bool,
    change: impl FnOnce(&mut Conversation) -> Result<()>,
) -> Result<(Conversation, Conversation)> {
    let conv = writable(app, id, caller).await?;
    if conv.kind != ConversationType::Group {
        return Err(Error::Unprocessable(
            "only groups have names and members to change".into(),
        ));
    }
    if admin_only && !is_group_admin(&conv, caller.id) {
        return Err(Error::Forbidden(
            "only the group's admins may do this".into(),
        ));
    }
    let mut next = conv.clone();
    change(&mut next)?;
    next.version += 1;
    next.updated_at = now();
    let fields = ["participants", "name", "version", "updatedAt"];
    let only = [Condition::Is("version", json!(conv.version))];
    let stored = app
        .store
        .conversations
        .update(
            id,
            Update {
                set_from: Some((&next, &fields)),
                only_if: &only,
                ..Default::default()
            },
        )
        .await?
        .ok_or_else(|| Error::Conflict("the group changed meanwhile, try again".into()))?;
    Ok((conv, stored))
}

fn change_data(conv: &Conversation, change: &str) -> serde_json::Value {
    json!({
        "_id": conv.id,
        "change": change,
        "name": conv.name,
        "participants": participants(conv),
        "updatedAt": conv.updated_at,
    })
}

/// Renames a group.
pub async fn rename(
    app: &App,
    caller: &Caller,
    id: Id,
    name: Option<String>,
) -> Result<Conversation> {
    let mut p = Problems::new();
    let name = p.text("name", name.as_deref(), 1, MAX_NAME);
    let name = p.finish_with(name)?;
    let (_, conv) = change_group(app, caller, id, true, |c| {
        c.name = Some(name);
        Ok(())
    })
    .await?;
    publish(
        app,
        &conv,
        ChatEventKind::ConversationUpdated,
        vec![],
        change_data(&conv, "renamed"),
    )
    .await;
    Ok(conv)
}

/// Adds users to a group (or back to it).
pub async fn add_participants(
    app: &App,
    caller: &Caller,
    id: Id,
    users: Vec<String>,
) -> Result<Conversation> {
    let mut p = Problems::new();
    let users = ids(&mut p, "userIds", users);
    if users.is_empty() {
        p.push("userIds", "is required");
    }
    p.finish()?;
    require_users(app, &users, "userIds").await?;
    refuse_blocked_members(app, caller.id, &users).await?;
    let at = now();
    let (_, conv) = change_group(app, caller, id, true, |c| {
        for u in &users {
            match c.participant_mut(*u) {
                Some(p) if p.left_at.is_none() => {}
                Some(p) => {
                    p.left_at = None;
                    p.joined_at = at;
                }
                None => c
                    .participants
                    .push(Participant::new(*u, ParticipantRole::Member, at)),
            }
        }
        if c.members().count() > MAX_GROUP {
            return Err(Error::validation(
                "userIds",
                format!("a group has at most {MAX_GROUP} members"),
            ));
        }
        Ok(())
    })
    .await?;
    publish(
        app,
        &conv,
        ChatEventKind::ConversationUpdated,
        vec![],
        change_data(&conv, "participants_added"),
    )
    .await;
    Ok(conv)
}

/// Removes a member (admins), or leaves (anyone, themselves). A group whose last admin leaves
/// gets its longest-standing member as admin.
pub async fn remove_participant(
    app: &App,
    caller: &Caller,
    id: Id,
    user: Id,
) -> Result<Conversation> {
    let leaving = user == caller.id;
    let at = now();
    let (_, conv) = change_group(app, caller, id, !leaving, |c| {
        let p = c
            .participant_mut(user)
            .filter(|p| p.left_at.is_none())
            .ok_or(Error::NotFound("participant"))?;
        p.left_at = Some(at);
        p.role = ParticipantRole::Member;
        let admins = c
            .members()
            .filter(|p| p.role != ParticipantRole::Member)
            .count();
        if admins == 0
            && let Some(next) = c
                .participants
                .iter_mut()
                .filter(|p| p.left_at.is_none())
                .min_by_key(|p| p.joined_at)
        {
            next.role = ParticipantRole::Admin;
        }
        Ok(())
    })
    .await?;
    publish(
        app,
        &conv,
        ChatEventKind::ConversationUpdated,
        vec![user],
        change_data(&conv, "participant_removed"),
    )
    .await;
    Ok(conv)
}

/// Changes the caller's own settings of a conversation.
pub async fn settings(
    app: &App,
    caller: &Caller,
    id: Id,
    body: SettingsInput,
) -> Result<Conversation> {
    let conv = writable(app, id, caller).await?;
    let mut me = conv
        .participant(caller.id)
        .cloned()
        .ok_or_else(|| Error::Forbidden("you are not a participant of this conversation".into()))?;
    let mut p = Problems::new();
    body.unknown.report(&mut p, &[]);
    let mut fields: Vec<&str> = Vec::new();
    if let Some(v) = body.pinned.not_null(&mut p, "pinned") {
        me.pinned = v;
        fields.push("pinned");
    }
    if let Some(v) = body.muted.not_null(&mut p, "muted") {
        me.muted = v;
        fields.push("muted");
        if !v {
            me.muted_until = None;
            fields.push("mutedUntil");
        }
    }
    let cleared = matches!(body.muted_until, Field::Null);
    match body.muted_until.read(&mut p, "mutedUntil") {
        Some(Some(raw)) => {
            me.muted_until = p.time("mutedUntil", Some(&raw));
            fields.push("mutedUntil");
        }
        Some(None) if cleared => {
            me.muted_until = None;
            fields.push("mutedUntil");
        }
        _ => {}
    }
    if let Some(v) = body.archived.not_null(&mut p, "archived") {
        me.archived = v;
        fields.push("archived");
    }
    if let Some(raw) = body
        .notification_level
        .not_null(&mut p, "notificationLevel")
        && let Some(l) = level(&mut p, &raw)
    {
        me.notification_level = l;
        fields.push("notificationLevel");
    }
    p.finish()?;
    if me.pinned && !conv.participant(caller.id).is_some_and(|p| p.pinned) {
        let pinned = app
            .store
            .conversations
            .list_conversations(caller.id, Some(true), &PageRequest::first(MAX_PINS))
            .await?;
        if pinned.items.len() as u32 >= MAX_PINS {
            return Err(Error::Conflict(format!(
                "at most {MAX_PINS} conversations can be pinned"
            )));
        }
    }
    fields.dedup();
    app.store
        .conversations
        .set_participant_fields(id, &me, &fields)
        .await?
        .ok_or(Error::NotFound("conversation"))
}

/// Deletes the conversation for the caller only: it leaves their list and its history so far
/// is hidden from them; a new message brings the conversation (not the history) back.
pub async fn delete_for_me(app: &App, caller: &Caller, id: Id) -> Result<()> {
    let conv = writable(app, id, caller).await?;
    let Some(mut me) = conv.participant(caller.id).cloned() else {
        return Err(Error::Forbidden(
            "you are not a participant of this conversation".into(),
        ));
    };
    me.deleted_at = Some(now());
    me.hidden_through_seq = conv.last_seq;
    me.pinned = false;
    app.store
        .conversations
        .set_participant_fields(id, &me, &["deletedAt", "hiddenThroughSeq", "pinned"])
        .await?;
    Ok(())
}

/// Moves the caller's read watermark up to `seq` (default: the newest message) and tells the
/// members when it moved.
pub async fn mark_read(
    app: &App,
    caller: &Caller,
    id: Id,
    seq: Option<i64>,
) -> Result<Conversation> {
    let conv = readable(app, id, caller).await?;
    let seq = seq.unwrap_or(conv.last_seq);
    let at = now();
    let Some((conv, moved)) = app
        .store
        .conversations
        .raise_watermark(id, caller.id, seq, at)
        .await?
    else {
        // Readers who are not members (dispute admins, support staff) keep no watermark.
        return Ok(conv);
    };
    if moved {
        let upto = conv.participant(caller.id).map_or(seq, |p| p.last_read_seq);
        let data = json!({ "conversation": id, "user": caller.id, "seq": upto, "at": at });
        publish(app, &conv, ChatEventKind::MessageRead, vec![], data).await;
    }
    Ok(conv)
}

/// The conversation of a booking that has a technician: made with the customer side and the
/// technician when missing, and given a new technician when the booking was reassigned.
pub async fn ensure_for_booking(app: &App, b: &Booking) -> Result<Option<Conversation>> {
    let Some(technician) = b.technician else {
        return Ok(None);
    };
    let at = now();
    let repo = &app.store.conversations;
    if let Some(mut conv) = repo.find_booking_conversation(b.id).await? {
        if conv.is_member(technician) {
            return Ok(Some(conv));
        }
        let before = conv.version;
        for p in conv
            .participants
            .iter_mut()
            .filter(|p| p.user != b.customer && Some(p.user) != b.corporate_account)
        {
            p.left_at.get_or_insert(at);
        }
        match conv.participant_mut(technician) {
            Some(p) => p.left_at = None,
            None => {
                conv.participants
                    .push(Participant::new(technician, ParticipantRole::Member, at))
            }
        }
        conv.version += 1;
        let fields = ["participants", "version"];
        let only = [Condition::Is("version", json!(before))];
        let change = Update {
            set_from: Some((&conv, &fields[..])),
            only_if: &only,
            ..Default::default()
        };
        return repo.update(conv.id, change).await;
    }
    let mut users = vec![b.customer, technician];
    users.extend(b.corporate_account.filter(|c| *c != b.customer));
    let mut conv = blank(ConversationType::Booking, b.customer, None, &users, at);
    conv.booking = Some(b.id);
    conv.name = Some(b.booking_number.clone());
    repo.insert(&conv).await?;
    Ok(Some(conv))
}

/// The conversation of booking `id`, to whoever may read it.
pub async fn of_booking(app: &App, caller: &Caller, id: Id) -> Result<Conversation> {
    let b = crate::services::bookings::load_visible(app, id, caller.actor()).await?;
    let conv = match app
        .store
        .conversations
        .find_booking_conversation(id)
        .await?
    {
        Some(c) => c,
        None => ensure_for_booking(app, &b)
            .await?
            .ok_or(Error::NotFound("conversation"))?,
    };
    super::access(app, &conv, caller).await?;
    Ok(conv)
}

/// The view of `conv` for `caller`.
pub fn view(conv: &Conversation, caller: &Caller) -> ConversationView {
    ConversationView::of(conv, caller.id, now())
}
