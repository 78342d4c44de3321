//! Chat messages: text, media, location, booking references, call records and system notes,
//! with read receipts, reactions, replies, edit history and per-user deletion.

use serde::{Deserialize, Serialize};

use crate::domain::enums::string_enum;
use crate::domain::geo::Location;
use crate::domain::id::Id;
use crate::domain::time::Timestamp;

/// One message in a conversation (storage document of `messages`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    #[serde(rename = "_id")]
    pub id: Id,
    pub conversation: Id,
    pub sender: Id,
    #[serde(rename = "type")]
    pub kind: MessageType,
    /// Text (or caption); `None` for pure media, location and call messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default)]
    pub media: Vec<Attachment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The booking a `booking` message shares.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_ref: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<CallInfo>,
    #[serde(default)]
    pub read_by: Vec<ReadReceipt>,
    #[serde(default)]
    pub reactions: Vec<Reaction>,
    /// The message this one replies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<Id>,
    /// Earlier versions of `content`, oldest first.
    #[serde(default)]
    pub edit_history: Vec<Edit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_at: Option<Timestamp>,
    /// Users who deleted the message for themselves.
    #[serde(default)]
    pub deleted_for: Vec<Id>,
    /// The sender deleted it for everyone.
    #[serde(default)]
    pub deleted_for_everyone: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Message {
    /// Whether `user` should not see the message (deleted for them or for everyone).
    pub fn is_deleted_for(&self, user: Id) -> bool {
        self.deleted_for_everyone || self.deleted_for.contains(&user)
    }

    /// Whether `user` has read the message (senders have read their own).
    pub fn is_read_by(&self, user: Id) -> bool {
        self.sender == user || self.read_by.iter().any(|r| r.user == user)
    }

    /// Short text for conversation lists and push notifications, at most `max_chars` long.
    pub fn preview(&self, max_chars: usize) -> String {
        if self.deleted_for_everyone {
            return "This message was deleted".to_string();
        }
        let text = self
            .content
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let full = match (self.kind, text) {
            (MessageType::Call, _) => call_preview(self.call.as_ref()).to_string(),
            (_, Some(text)) => text.to_string(),
            (kind, None) => kind_label(kind).to_string(),
        };
        truncate_chars(&full, max_chars)
    }
}

fn call_preview(call: Option<&CallInfo>) -> &'static str {
    match call {
        Some(CallInfo {
            kind: CallKind::Video,
            status: CallStatus::Missed,
            ..
        }) => "Missed video call",
        Some(CallInfo {
            status: CallStatus::Missed,
            ..
        }) => "Missed voice call",
        Some(CallInfo {
            kind: CallKind::Video,
            ..
        }) => "Video call",
        _ => "Voice call",
    }
}

fn kind_label(kind: MessageType) -> &'static str {
    match kind {
        MessageType::Image => "Photo",
        MessageType::Video => "Video",
        MessageType::Audio => "Voice message",
        MessageType::File => "File",
        MessageType::Location => "Location",
        MessageType::Booking => "Booking",
        MessageType::Call => "Call",
        MessageType::Text | MessageType::System => "Message",
    }
}

/// `s` cut to at most `max` characters, ending in `…` when cut.
fn truncate_chars(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

string_enum! {
    /// Kinds of chat messages.
    #[derive(Default)]
    pub enum MessageType {
        #[default]
        Text = "text",
        Image = "image",
        Video = "video",
        Audio = "audio",
        File = "file",
        Location = "location",
        Booking = "booking",
        Call = "call",
        System = "system",
    }
}

/// A file attached to a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub url: String,
    #[serde(rename = "type")]
    pub kind: AttachmentKind,
    /// Original file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<u64>,
    /// Cloudinary public id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<f64>,
}

string_enum! {
    /// Kind of file attached to a message.
    pub enum AttachmentKind {
        Image = "image",
        Video = "video",
        Audio = "audio",
        File = "file",
    }
}

/// A voice or video call recorded in the chat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallInfo {
    #[serde(rename = "type")]
    pub kind: CallKind,
    pub status: CallStatus,
    /// Talk time; `None` when the call was not answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u32>,
}

string_enum! {
    /// Voice or video call.
    pub enum CallKind {
        Voice = "voice",
        Video = "video",
    }
}

string_enum! {
    /// How a call ended.
    pub enum CallStatus {
        Missed = "missed",
        Declined = "declined",
        Completed = "completed",
        Cancelled = "cancelled",
    }
}

/// Who read the message, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReadReceipt {
    pub user: Id,
    pub read_at: Timestamp,
}

/// An emoji reaction by one user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Reaction {
    pub user: Id,
    pub emoji: String,
    pub at: Timestamp,
}

/// A previous version of an edited message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Edit {
    pub content: String,
    pub edited_at: Timestamp,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::geo::GeoPoint;
    use crate::domain::testing::{assert_enum_strings, assert_round_trips};

    fn at(m: i64) -> Timestamp {
        Timestamp::from_millis(1_700_000_000_000 + m * 60_000)
    }

    fn oid(n: u64) -> Id {
        Id::from_parts(1_700_000_000, n)
    }

    pub(crate) fn sample() -> Message {
        Message {
            id: oid(1),
            conversation: oid(2),
            sender: oid(3),
            kind: MessageType::Image,
            content: Some("Is this the broken part?".into()),
            media: vec![Attachment {
                url: "https://res.cloudinary.com/demo/part.jpg".into(),
                kind: AttachmentKind::Image,
                name: Some("part.jpg".into()),
                mime_type: Some("image/jpeg".into()),
                size_bytes: Some(204_800),
                public_id: Some("part".into()),
                thumbnail_url: Some("https://res.cloudinary.com/demo/t_part.jpg".into()),
                duration_seconds: Some(0.5),
            }],
            location: Some(Location::new(
                GeoPoint::new(36.8, -1.3).unwrap(),
                Some("Gate B".into()),
                None,
            )),
            booking_ref: Some(oid(4)),
            call: Some(CallInfo {
                kind: CallKind::Voice,
                status: CallStatus::Completed,
                duration_seconds: Some(95),
            }),
            read_by: vec![ReadReceipt {
                user: oid(5),
                read_at: at(2),
            }],
            reactions: vec![Reaction {
                user: oid(5),
                emoji: "👍".into(),
                at: at(3),
            }],
            reply_to: Some(oid(6)),
            edit_history: vec![Edit {
                content: "Is this it?".into(),
                edited_at: at(0),
            }],
            edited_at: Some(at(1)),
            deleted_for: vec![oid(7)],
            deleted_for_everyone: false,
            created_at: at(0),
            updated_at: at(3),
        }
    }

    #[test]
    fn a_full_message_round_trips_through_json_and_bson() {
        assert_round_trips(&sample());
        assert_eq!(
            serde_json::to_value(sample()).unwrap()["call"]["type"],
            "voice"
        );
    }

    #[test]
    fn enum_spellings_match_serde() {
        assert_enum_strings(MessageType::ALL, MessageType::as_str);
        assert_enum_strings(AttachmentKind::ALL, AttachmentKind::as_str);
        assert_enum_strings(CallKind::ALL, CallKind::as_str);
        assert_enum_strings(CallStatus::ALL, CallStatus::as_str);
    }

    #[test]
    fn deletion_and_read_state_are_per_user() {
        let mut m = sample();
        assert!(m.is_deleted_for(oid(7)) && !m.is_deleted_for(oid(5)));
        assert!(m.is_read_by(oid(5)) && m.is_read_by(oid(3)) && !m.is_read_by(oid(7)));
        m.deleted_for_everyone = true;
        assert!(m.is_deleted_for(oid(5)));
        assert_eq!(m.preview(50), "This message was deleted");
    }

    #[test]
    fn previews_are_short_and_describe_media_without_text() {
        let mut m = sample();
        assert_eq!(m.preview(10), "Is this t…");
        assert_eq!(m.preview(100), "Is this the broken part?");
        m.content = None;
        assert_eq!(m.preview(100), "Photo");
        m.kind = MessageType::Call;
        m.call = Some(CallInfo {
            kind: CallKind::Video,
            status: CallStatus::Missed,
            duration_seconds: None,
        });
        assert_eq!(m.preview(100), "Missed video call");
        m.kind = MessageType::Text;
        m.content = Some("Habari yako? 🙂".into());
        assert_eq!(m.preview(14), "Habari yako? 🙂");
        assert_eq!(m.preview(3), "Ha…");
    }
}
