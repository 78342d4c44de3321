//! What clients see of conversations and messages, over HTTP and over the socket alike: the
//! deliberate JSON shapes, never the storage documents.

use serde::Serialize;

use crate::domain::conversation::{
    Conversation, ConversationType, LastMessage, NotificationLevel, ParticipantRole,
};
use crate::domain::geo::Location;
use crate::domain::message::{Attachment, CallInfo, Edit, Message, MessageType};
use crate::domain::{Id, Timestamp};

/// A conversation as one participant sees it: with their unread count and settings.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversationView {
    #[serde(rename = "_id")]
    pub id: Id,
    #[serde(rename = "type")]
    pub kind: ConversationType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub participants: Vec<ParticipantView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub booking: Option<Id>,
    pub created_by: Id,
    /// Number of the newest message.
    pub last_seq: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_message: Option<LastMessage>,
    /// Messages the caller has not read (newest number minus their watermark).
    pub unread_count: i64,
    /// The caller's settings.
    pub settings: SettingsView,
    pub last_activity_at: Timestamp,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A current member and how far they have read.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantView {
    pub user: Id,
    pub role: ParticipantRole,
    pub joined_at: Timestamp,
    /// Read watermark: every message up to this number is read.
    pub last_read_seq: i64,
}

/// One participant's own settings of a conversation.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    pub pinned: bool,
    /// Whether the conversation is muted now.
    pub muted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub muted_until: Option<Timestamp>,
    pub archived: bool,
    pub notification_level: NotificationLevel,
}

impl ConversationView {
    /// `conv` as `viewer` sees it (staff reading a conversation they are not in see no
    /// settings and nothing unread).
    pub fn of(conv: &Conversation, viewer: Id, now: Timestamp) -> Self {
        let me = conv.participant(viewer);
        let settings = me.map_or_else(SettingsView::default, |p| SettingsView {
            pinned: p.pinned,
            muted: p.is_muted(now),
            muted_until: p.muted_until,
            archived: p.archived,
            notification_level: p.notification_level,
        });
        let hidden = me.map_or(0, |p| p.hidden_through_seq);
        ConversationView {
            id: conv.id,
            kind: conv.kind,
            name: conv.name.clone(),
            participants: participants(conv),
            booking: conv.booking,
            created_by: conv.created_by,
            last_seq: conv.last_seq,
            // History the viewer deleted does not show in their list either.
            last_message: conv.last_message.clone().filter(|m| m.seq > hidden),
            unread_count: conv.unread_for(viewer),
            settings,
            last_activity_at: conv.last_activity_at,
            created_at: conv.created_at,
            updated_at: conv.updated_at,
        }
    }
}

/// The current members of `conv`.
pub fn participants(conv: &Conversation) -> Vec<ParticipantView> {
    conv.members()
        .map(|p| ParticipantView {
            user: p.user,
            role: p.role,
            joined_at: p.joined_at,
            last_read_seq: p.last_read_seq,
        })
        .collect()
}

/// A message as participants see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageView {
    #[serde(rename = "_id")]
    pub id: Id,
    pub conversation: Id,
    /// Its number in the conversation.
    pub seq: i64,
    pub sender: Id,
    #[serde(rename = "type")]
    pub kind: MessageType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    pub media: Vec<Attachment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub booking_ref: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call: Option<CallInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<Id>,
    pub reactions: Vec<ReactionView>,
    /// Earlier versions, oldest first (shown to participants and to dispute admins).
    pub edit_history: Vec<Edit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edited_at: Option<Timestamp>,
    /// Deleted for everyone: a tombstone.
    pub deleted: bool,
    /// "Read by `count` of `of`": members other than the sender whose watermark reached it.
    pub read_by: ReadCount,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// How many of the other members have read a message.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct ReadCount {
    pub count: usize,
    pub of: usize,
}

/// One emoji's reactions.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReactionView {
    pub emoji: String,
    pub count: usize,
    pub users: Vec<Id>,
}

impl MessageView {
    /// `m` with its read count taken from `conv`'s watermarks.
    pub fn of(m: &Message, conv: &Conversation) -> Self {
        let (count, of) = conv.read_by(m.seq, m.sender);
        MessageView {
            id: m.id,
            conversation: m.conversation,
            seq: m.seq,
            sender: m.sender,
            kind: m.kind,
            client_id: m.client_id.clone(),
            content: m.content.clone(),
            media: m.media.clone(),
            location: m.location.clone(),
            booking_ref: m.booking_ref,
            call: m.call.clone(),
            reply_to: m.reply_to,
            reactions: reactions(m),
            edit_history: m.edit_history.clone(),
            edited_at: m.edited_at,
            deleted: m.deleted_for_everyone,
            read_by: ReadCount { count, of },
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// Reactions grouped by emoji, in the order each emoji first appeared.
pub fn reactions(m: &Message) -> Vec<ReactionView> {
    let mut out: Vec<ReactionView> = Vec::new();
    for r in &m.reactions {
        match out.iter_mut().find(|v| v.emoji == r.emoji) {
            Some(v) => {
                v.count += 1;
                v.users.push(r.user);
            }
            None => out.push(ReactionView {
                emoji: r.emoji.clone(),
                count: 1,
                users: vec![r.user],
            }),
        }
    }
    out
}
