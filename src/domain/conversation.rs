//! Chat conversations: direct, group, booking and support threads with per-participant
//! settings (mute, pin, archive, notifications), unread counts and the last message.

use serde::{Deserialize, Serialize};

use crate::domain::enums::string_enum;
use crate::domain::id::Id;
use crate::domain::message::MessageType;
use crate::domain::time::Timestamp;

/// A chat thread (storage document of `conversations`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    #[serde(rename = "_id")]
    pub id: Id,
    #[serde(rename = "type")]
    pub kind: ConversationType,
    /// Group name; direct conversations have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default)]
    pub participants: Vec<Participant>,
    /// The booking a `booking` conversation is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<Id>,
    pub created_by: Id,
    /// Copy of the newest message, so conversation lists need no second query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_message: Option<LastMessage>,
    pub last_activity_at: Timestamp,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Conversation {
    /// True when every participant deleted the conversation on their side (it can be purged).
    pub fn deleted_by_all(&self) -> bool {
        !self.participants.is_empty() && self.participants.iter().all(|p| p.deleted_at.is_some())
    }

    /// The participant entry of `user`, present or past.
    pub fn participant(&self, user: Id) -> Option<&Participant> {
        self.participants.iter().find(|p| p.user == user)
    }

    /// The participant entry of `user`, to change their settings.
    pub fn participant_mut(&mut self, user: Id) -> Option<&mut Participant> {
        self.participants.iter_mut().find(|p| p.user == user)
    }

    /// Whether `user` is currently in the conversation (joined and not left).
    pub fn is_member(&self, user: Id) -> bool {
        self.participant(user).is_some_and(|p| p.left_at.is_none())
    }
}

string_enum! {
    /// Kinds of conversations.
    pub enum ConversationType {
        Direct = "direct",
        Group = "group",
        Booking = "booking",
        Support = "support",
    }
}

/// One user's membership and settings in a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    pub user: Id,
    #[serde(default)]
    pub role: ParticipantRole,
    pub joined_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_at: Option<Timestamp>,
    /// Muted until this time; `muted` without it means muted indefinitely.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub muted_until: Option<Timestamp>,
    #[serde(default)]
    pub muted: bool,
    #[serde(default)]
    pub pinned: bool,
    #[serde(default)]
    pub archived: bool,
    #[serde(default)]
    pub unread_count: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_read_at: Option<Timestamp>,
    /// When the user deleted the conversation on their side; messages before it stay hidden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Timestamp>,
    /// Whether the user gets notified of new messages.
    #[serde(default = "yes")]
    pub notifications: bool,
}

fn yes() -> bool {
    true
}

impl Participant {
    /// A member who joined at `at`, with default settings.
    pub fn new(user: Id, role: ParticipantRole, at: Timestamp) -> Self {
        Participant {
            user,
            role,
            joined_at: at,
            left_at: None,
            muted_until: None,
            muted: false,
            pinned: false,
            archived: false,
            unread_count: 0,
            last_read_at: None,
            deleted_at: None,
            notifications: true,
        }
    }

    /// Whether the conversation is muted for this participant at `now`.
    pub fn is_muted(&self, now: Timestamp) -> bool {
        match self.muted_until {
            Some(until) => until > now,
            None => self.muted,
        }
    }
}

string_enum! {
    /// A participant's rights in a conversation.
    #[derive(Default)]
    pub enum ParticipantRole {
        #[default]
        Member = "member",
        Admin = "admin",
        Owner = "owner",
    }
}

/// Summary of the newest message of a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LastMessage {
    /// The message's id.
    #[serde(rename = "_id")]
    pub id: Id,
    pub sender: Id,
    /// Short text shown in conversation lists.
    pub preview: String,
    #[serde(rename = "type")]
    pub kind: MessageType,
    pub at: Timestamp,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::testing::{assert_enum_strings, assert_round_trips};

    fn at(m: i64) -> Timestamp {
        Timestamp::from_millis(1_700_000_000_000 + m * 60_000)
    }

    fn oid(n: u64) -> Id {
        Id::from_parts(1_700_000_000, n)
    }

    pub(crate) fn sample() -> Conversation {
        let mut owner = Participant::new(oid(1), ParticipantRole::Owner, at(0));
        owner.pinned = true;
        owner.last_read_at = Some(at(5));
        let member = Participant {
            user: oid(2),
            role: ParticipantRole::Member,
            joined_at: at(1),
            left_at: Some(at(9)),
            muted_until: Some(at(60)),
            muted: true,
            pinned: false,
            archived: true,
            unread_count: 3,
            last_read_at: None,
            deleted_at: Some(at(8)),
            notifications: false,
        };
        Conversation {
            id: oid(100),
            kind: ConversationType::Booking,
            name: Some("Sink repair".into()),
            participants: vec![owner, member],
            booking: Some(oid(200)),
            created_by: oid(1),
            last_message: Some(LastMessage {
                id: oid(300),
                sender: oid(1),
                preview: "See you at 10".into(),
                kind: MessageType::Text,
                at: at(7),
            }),
            last_activity_at: at(7),
            created_at: at(0),
            updated_at: at(7),
        }
    }

    #[test]
    fn a_full_conversation_round_trips_through_json_and_bson() {
        assert_round_trips(&sample());
        let j = serde_json::to_value(sample()).unwrap();
        assert_eq!(j["type"], "booking");
        assert_eq!(j["lastMessage"]["type"], "text");
    }

    #[test]
    fn enum_spellings_match_serde() {
        assert_enum_strings(ConversationType::ALL, ConversationType::as_str);
        assert_enum_strings(ParticipantRole::ALL, ParticipantRole::as_str);
    }

    #[test]
    fn participants_get_notifications_unless_they_opt_out() {
        let json =
            serde_json::json!({"user": oid(1).to_hex(), "joinedAt": "2024-01-01T00:00:00.000Z"});
        let p: Participant = serde_json::from_value(json).unwrap();
        assert!(p.notifications);
        assert_eq!(p.role, ParticipantRole::Member);
    }

    #[test]
    fn a_conversation_is_gone_only_when_everyone_deleted_it() {
        let mut c = sample();
        assert!(!c.deleted_by_all());
        c.participant_mut(oid(1)).unwrap().deleted_at = Some(at(10));
        assert!(c.deleted_by_all());
        c.participants.clear();
        assert!(!c.deleted_by_all());
    }

    #[test]
    fn membership_and_muting() {
        let c = sample();
        assert!(c.is_member(oid(1)));
        assert!(!c.is_member(oid(2)), "left");
        assert!(!c.is_member(oid(3)));
        let p = c.participant(oid(2)).unwrap();
        assert!(p.is_muted(at(59)) && !p.is_muted(at(60)));
        assert!(!c.participant(oid(1)).unwrap().is_muted(at(0)));
    }
}
