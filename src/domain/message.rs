//! Chat messages: text, media, location, booking references, call records and system notes,
//! numbered per conversation, with reactions, replies, edit history, per-user deletion and
//! tombstones, and the normalised words a conversation's search looks up. Read receipts are not
//! kept per message: they follow from the participants' watermarks (see `conversation.rs`).

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
    /// Its number in the conversation: 1, 2, ... in the order they were stored.
    #[serde(default)]
    pub seq: i64,
    pub sender: Id,
    #[serde(rename = "type")]
    pub kind: MessageType,
    /// The id the sender's app gave it, so a retried send stores it once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// `conversation:sender:clientId`, unique: what makes a retry find the first send.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_key: Option<String>,
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
    /// The sender deleted it for everyone: a tombstone, its content gone.
    #[serde(default)]
    pub deleted_for_everyone: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Timestamp>,
    /// Normalised words of `content` (see [`search_words`]): the conversation's word index.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Message {
    /// A text message with nothing else set and no number yet (the store numbers it when it
    /// appends it; seeds and fixtures set `seq` themselves).
    pub fn text(id: Id, conversation: Id, sender: Id, content: &str, at: Timestamp) -> Message {
        Message {
            id,
            conversation,
            seq: 0,
            sender,
            kind: MessageType::Text,
            client_id: None,
            client_key: None,
            content: Some(content.to_string()),
            media: Vec::new(),
            location: None,
            booking_ref: None,
            call: None,
            reactions: Vec::new(),
            reply_to: None,
            edit_history: Vec::new(),
            edited_at: None,
            deleted_for: Vec::new(),
            deleted_for_everyone: false,
            deleted_at: None,
            words: search_words(content),
            created_at: at,
            updated_at: at,
        }
    }

    /// Whether `user` should not see the message (deleted for them or for everyone).
    pub fn is_deleted_for(&self, user: Id) -> bool {
        self.deleted_for_everyone || self.deleted_for.contains(&user)
    }

    /// The unique key of a client-generated id.
    pub fn client_key_of(conversation: Id, sender: Id, client_id: &str) -> String {
        format!("{conversation}:{sender}:{client_id}")
    }

    /// Turns the message into a tombstone: everything it said is gone, its place stays.
    pub fn tombstone(&mut self, at: Timestamp) {
        self.deleted_for_everyone = true;
        self.deleted_at = Some(at);
        self.content = None;
        self.media.clear();
        self.location = None;
        self.booking_ref = None;
        self.call = None;
        self.reactions.clear();
        self.edit_history.clear();
        self.words.clear();
        self.updated_at = at;
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
            status: CallStatus::Started,
            ..
        }) => "Video call started",
        Some(CallInfo {
            status: CallStatus::Started,
            ..
        }) => "Voice call started",
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
        Started = "started",
        Ended = "ended",
        Missed = "missed",
        Declined = "declined",
        Completed = "completed",
        Cancelled = "cancelled",
    }
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

/// Longest word kept in the index; longer ones are cut (a prefix search still finds them).
const MAX_WORD_CHARS: usize = 32;
/// Most distinct words indexed per message.
const MAX_WORDS: usize = 64;

/// The distinct normalised words of `text`: lower case, split at anything that is not a letter
/// or digit, at most [`MAX_WORDS`] of them, each at most [`MAX_WORD_CHARS`] characters. A
/// conversation's search matches query words as prefixes of these, on either store, with an
/// ordinary index and no text index.
pub fn search_words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        let w: String = w.to_lowercase().chars().take(MAX_WORD_CHARS).collect();
        if !out.contains(&w) {
            out.push(w);
            if out.len() == MAX_WORDS {
                break;
            }
        }
    }
    out
}

/// The half-open range `[lo, hi)` of strings that start with `prefix` (for a b-tree range
/// scan); `hi` is `None` when no string is above every extension.
pub fn prefix_range(prefix: &str) -> (String, Option<String>) {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = (last as u32).checked_add(1).and_then(char::from_u32) {
            chars.push(next);
            return (prefix.to_string(), Some(chars.into_iter().collect()));
        }
    }
    (prefix.to_string(), None)
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
            seq: 4,
            sender: oid(3),
            kind: MessageType::Image,
            client_id: Some("c-1".into()),
            client_key: Some(Message::client_key_of(oid(2), oid(3), "c-1")),
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
            deleted_at: None,
            words: search_words("Is this the broken part?"),
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
    fn deletion_is_per_user_and_a_tombstone_keeps_nothing_it_said() {
        let mut m = sample();
        assert!(m.is_deleted_for(oid(7)) && !m.is_deleted_for(oid(5)));
        m.tombstone(at(9));
        assert!(m.is_deleted_for(oid(5)));
        assert_eq!(m.preview(50), "This message was deleted");
        assert!(m.content.is_none() && m.media.is_empty() && m.words.is_empty());
        assert!(m.edit_history.is_empty() && m.location.is_none());
        assert_eq!((m.deleted_at, m.seq), (Some(at(9)), 4), "its place stays");
    }

    #[test]
    fn search_words_are_distinct_lower_case_and_bounded() {
        assert_eq!(
            search_words("Fundi, the FUNDI's sink-pipe: 10:30? Ndiyo!"),
            ["fundi", "the", "s", "sink", "pipe", "10", "30", "ndiyo"]
        );
        assert_eq!(search_words("Café Ürün"), ["café", "ürün"]);
        let long = "a".repeat(100);
        assert_eq!(search_words(&long)[0].chars().count(), MAX_WORD_CHARS);
        let many: String = (0..200).map(|i| format!("w{i} ")).collect();
        assert_eq!(search_words(&many).len(), MAX_WORDS);
        assert!(search_words(" ,.!? ").is_empty());
    }

    #[test]
    fn a_prefix_range_holds_exactly_the_extensions_of_the_prefix() {
        let (lo, hi) = prefix_range("pip");
        let hi = hi.unwrap();
        for w in ["pip", "pipe", "pipez", "pip\u{10ffff}"] {
            assert!(w >= lo.as_str() && w < hi.as_str(), "{w}");
        }
        for w in ["pio", "piq", "pi", "q"] {
            assert!(!(w >= lo.as_str() && w < hi.as_str()), "{w}");
        }
        assert_eq!(prefix_range("\u{10ffff}").1, None);
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
        m.call.as_mut().unwrap().status = CallStatus::Started;
        assert_eq!(m.preview(100), "Video call started");
        m.kind = MessageType::Text;
        m.content = Some("Habari yako? 🙂".into());
        assert_eq!(m.preview(14), "Habari yako? 🙂");
        assert_eq!(m.preview(3), "Ha…");
    }
}
