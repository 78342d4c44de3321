//! Chat conversations: direct, group, booking and support threads with per-participant
//! settings (mute, pin, archive, notification level), the message counter and each
//! participant's read watermark, from which unread counts and "read by k of n" follow in O(1).

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
    /// [`direct_key`] of the pair, on direct conversations only: unique, so a pair has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direct_key: Option<String>,
    /// The booking a `booking` conversation is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<Id>,
    pub created_by: Id,
    /// Number of the newest message (messages are numbered 1, 2, ... per conversation).
    #[serde(default)]
    pub last_seq: i64,
    /// Moves with every change of membership or group details (compare and set).
    #[serde(default)]
    pub version: i64,
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

    /// Current members (joined and not left).
    pub fn members(&self) -> impl Iterator<Item = &Participant> {
        self.participants.iter().filter(|p| p.left_at.is_none())
    }

    /// Messages `user` has not read: the newest number minus their watermark (history they
    /// deleted counts as read). O(1), no message is looked at.
    pub fn unread_for(&self, user: Id) -> i64 {
        self.participant(user)
            .map_or(0, |p| (self.last_seq - p.seen_up_to()).max(0))
    }

    /// How many current members other than `sender` have read message number `seq`, and how
    /// many could: "read by k of n", from the watermarks alone.
    pub fn read_by(&self, seq: i64, sender: Id) -> (usize, usize) {
        let others: Vec<&Participant> = self.members().filter(|p| p.user != sender).collect();
        let read = others.iter().filter(|p| p.last_read_seq >= seq).count();
        (read, others.len())
    }
}

/// The direct-conversation key of a pair: the same for (a, b) and (b, a).
pub fn direct_key(a: Id, b: Id) -> String {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    format!("{lo}:{hi}")
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
    /// Read watermark: the user has read every message numbered up to this.
    #[serde(default)]
    pub last_read_seq: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_read_at: Option<Timestamp>,
    /// When the user deleted the conversation on their side; it leaves their list until a new
    /// message arrives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Timestamp>,
    /// Messages numbered up to this are hidden from this user (they deleted the history).
    #[serde(default)]
    pub hidden_through_seq: i64,
    /// Which new messages notify the user.
    #[serde(default)]
    pub notification_level: NotificationLevel,
}

string_enum! {
    /// Which new messages of a conversation notify a participant.
    #[derive(Default)]
    pub enum NotificationLevel {
        #[default]
        All = "all",
        Mentions = "mentions",
        None = "none",
    }
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
            last_read_seq: 0,
            last_read_at: None,
            deleted_at: None,
            hidden_through_seq: 0,
            notification_level: NotificationLevel::All,
        }
    }

    /// The highest message number the user needs not see as unread.
    pub fn seen_up_to(&self) -> i64 {
        self.last_read_seq.max(self.hidden_through_seq)
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
    /// Its number in the conversation.
    #[serde(default)]
    pub seq: i64,
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
            last_read_seq: 2,
            last_read_at: None,
            deleted_at: Some(at(8)),
            hidden_through_seq: 1,
            notification_level: NotificationLevel::Mentions,
        };
        Conversation {
            id: oid(100),
            kind: ConversationType::Booking,
            name: Some("Sink repair".into()),
            participants: vec![owner, member],
            direct_key: None,
            booking: Some(oid(200)),
            created_by: oid(1),
            last_seq: 7,
            version: 2,
            last_message: Some(LastMessage {
                id: oid(300),
                seq: 7,
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
        assert_enum_strings(NotificationLevel::ALL, NotificationLevel::as_str);
    }

    #[test]
    fn participants_get_every_notification_unless_they_choose_less() {
        let json =
            serde_json::json!({"user": oid(1).to_hex(), "joinedAt": "2024-01-01T00:00:00.000Z"});
        let p: Participant = serde_json::from_value(json).unwrap();
        assert_eq!(p.notification_level, NotificationLevel::All);
        assert_eq!((p.role, p.last_read_seq), (ParticipantRole::Member, 0));
    }

    #[test]
    fn unread_counts_and_read_receipts_come_from_the_watermarks() {
        let mut c = sample();
        c.participant_mut(oid(2)).unwrap().left_at = None;
        c.participant_mut(oid(1)).unwrap().last_read_seq = 7;
        assert_eq!(c.unread_for(oid(1)), 0);
        assert_eq!(c.unread_for(oid(2)), 5, "7 sent, read up to 2");
        c.participant_mut(oid(2)).unwrap().hidden_through_seq = 6;
        assert_eq!(c.unread_for(oid(2)), 1, "deleted history is not unread");
        assert_eq!(c.unread_for(oid(9)), 0);
        assert_eq!(c.read_by(2, oid(1)), (1, 1));
        assert_eq!(c.read_by(3, oid(1)), (0, 1));
        assert_eq!(c.read_by(3, oid(2)), (1, 1), "the sender is not counted");
        assert_eq!(direct_key(oid(1), oid(2)), direct_key(oid(2), oid(1)));
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
