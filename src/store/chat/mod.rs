//! Conversations and their messages: the collection spec, the repository trait (only its own
//! queries; the generic ones come from [`Collection`]), its filters, and the two implementations,
//! `embedded.rs` and `mongo.rs`.
//!
//! Each conversation numbers its messages (`lastSeq`, message `seq`); a participant's read
//! watermark (`lastReadSeq`) says "read up to n", so unread counts and receipts need no
//! per-message receipt documents. Search within a conversation uses a word index
//! (`conversation`, `words`) with prefix ranges, so it needs no text index on either store.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use crate::domain::conversation::{Conversation, Participant};
use crate::domain::message::{Message, Reaction};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::spec::IndexKey::{Asc, Desc};
use crate::store::spec::{CollectionSpec, IndexSpec, Scope, unique};
use crate::store::{Collection, Page, PageRequest};
use async_trait::async_trait;

/// Participant fields a user may change on their own side (settings, deletion, watermark).
pub const PARTICIPANT_SETTINGS: &[&str] = &[
    "mutedUntil",
    "muted",
    "pinned",
    "archived",
    "notificationLevel",
    "deletedAt",
    "hiddenThroughSeq",
];

/// Conversations and their per-participant state.
#[async_trait]
pub trait ConversationRepo: Collection<Conversation> {
    /// The direct conversation between two users, if any.
    async fn find_direct_conversation(&self, a: Id, b: Id) -> Result<Option<Conversation>>;
    /// The conversation about booking `booking`, if any (the newest when several).
    async fn find_booking_conversation(&self, booking: Id) -> Result<Option<Conversation>>;
    /// Conversations `user` takes part in and has not deleted, most recent activity first;
    /// `pinned` keeps only those the user pinned (`Some(true)`) or did not (`Some(false)`).
    async fn list_conversations(
        &self,
        user: Id,
        pinned: Option<bool>,
        page: &PageRequest,
    ) -> Result<Page<Conversation>>;
    /// Ids of every conversation `user` is a current member of (joined, not left).
    async fn conversation_ids_of(&self, user: Id) -> Result<Vec<Id>>;
    /// Numbers `message` as its conversation's next message and stores it, in one step as far
    /// as readers can tell: the conversation's `lastSeq` moves up by one, its last message and
    /// activity follow, the sender's watermark moves to the new number, and participants who
    /// deleted the conversation see it again (their hidden history stays hidden). Returns the
    /// stored message and the conversation after. `Conflict` when the message's `clientKey` is
    /// taken (a retried send), `NotFound` without the conversation.
    async fn append_message(
        &self,
        message: &Message,
        preview: &str,
    ) -> Result<(Message, Conversation)>;
    /// Copies `fields` (of [`PARTICIPANT_SETTINGS`]) from `from` into `from.user`'s entry;
    /// `None` when the user has no entry.
    async fn set_participant_fields(
        &self,
        conversation: Id,
        from: &Participant,
        fields: &[&str],
    ) -> Result<Option<Conversation>>;
    /// Moves `user`'s read watermark up to `seq` (never down, never past `lastSeq`); the
    /// conversation after, and whether the watermark moved. `None` when `user` has no entry.
    async fn raise_watermark(
        &self,
        conversation: Id,
        user: Id,
        seq: i64,
        at: Timestamp,
    ) -> Result<Option<(Conversation, bool)>>;
    /// Ids of conversations every participant has deleted, oldest first, at most `limit`.
    async fn conversations_deleted_by_all(&self, limit: u32) -> Result<Vec<Id>>;
    /// Deletes the conversations and all their messages; returns (conversations, messages).
    async fn delete_conversations(&self, ids: &[Id]) -> Result<(u64, u64)>;
}

/// Which messages of one conversation, by number.
#[derive(Debug, Clone, PartialEq)]
pub struct SeqQuery {
    pub conversation: Id,
    /// Leave out messages this user deleted for themselves.
    pub viewer: Option<Id>,
    /// Only numbers above this (history a viewer deleted, or what a client already has).
    pub after: i64,
    /// Only numbers below this (the next page of history).
    pub before: Option<i64>,
    /// Oldest first (catching up) instead of newest first (scrolling back).
    pub ascending: bool,
    pub limit: u32,
}

/// Chat messages.
#[async_trait]
pub trait MessageRepo: Collection<Message> {
    /// Newest first (by id); messages `filter.viewer` deleted for themselves are left out.
    async fn list_messages(
        &self,
        filter: &MessageFilter,
        page: &PageRequest,
    ) -> Result<Page<Message>>;
    /// Messages of one conversation by number (see [`SeqQuery`]), at most `limit`.
    async fn messages_by_seq(&self, query: &SeqQuery) -> Result<Vec<Message>>;
    /// Messages of `query.conversation` having, for every prefix, a word that starts with it
    /// (prefixes are normalised words, see `domain::message::search_words`); newest first.
    async fn search_messages(&self, query: &SeqQuery, prefixes: &[String]) -> Result<Vec<Message>>;
    /// The message a client-generated key names.
    async fn find_by_client_key(&self, key: &str) -> Result<Option<Message>>;
    /// Adds `reaction` unless its user already reacted with its emoji; the message after, and
    /// whether it changed. `None` without the message.
    async fn add_reaction(
        &self,
        message: Id,
        reaction: &Reaction,
    ) -> Result<Option<(Message, bool)>>;
    /// Removes `user`'s `emoji` reaction; the message after, and whether it changed.
    async fn remove_reaction(
        &self,
        message: Id,
        user: Id,
        emoji: &str,
    ) -> Result<Option<(Message, bool)>>;
    /// Deletes at most `limit` messages created before `before`; returns how many went.
    async fn delete_messages_before(&self, before: Timestamp, limit: u32) -> Result<u64>;
    async fn count_messages_before(&self, before: Timestamp) -> Result<u64>;
}

/// Conversations: a user's inbox by recent activity, direct pairs (one per pair), a booking's
/// chat.
pub const CONVERSATIONS: CollectionSpec = CollectionSpec {
    name: "conversations",
    noun: "conversation",
    uniques: &[unique(
        "conversations_direct_pair_unique",
        &["directKey"],
        Scope::Present,
        "a direct conversation between these users already exists",
    )],
    indexes: &[
        IndexSpec::new(
            "conversations_participant_activity",
            &[Asc("participants.user"), Desc("lastActivityAt")],
        ),
        IndexSpec::new(
            "conversations_deleted_by_all",
            &[Asc("participants.deletedAt")],
        ),
        IndexSpec::new("conversations_booking", &[Asc("booking")]),
    ],
    text: &[],
};

/// Chat messages: a conversation's history by number, retried sends, the word index for
/// search, retention clean-up.
pub const MESSAGES: CollectionSpec = CollectionSpec {
    name: "messages",
    noun: "message",
    uniques: &[unique(
        "messages_client_key_unique",
        &["clientKey"],
        Scope::Present,
        "a message with this client id was already sent",
    )],
    indexes: &[
        IndexSpec::new(
            "messages_conversation_seq",
            &[Asc("conversation"), Asc("seq")],
        ),
        IndexSpec::new(
            "messages_conversation_id",
            &[Asc("conversation"), Desc("_id")],
        ),
        IndexSpec::new(
            "messages_conversation_words",
            &[Asc("conversation"), Asc("words")],
        ),
        IndexSpec::new("messages_created", &[Asc("createdAt")]),
    ],
    text: &[],
};

#[derive(Debug, Clone)]
pub struct MessageFilter {
    pub conversation: Id,
    /// Leave out messages this user deleted for themselves.
    pub viewer: Option<Id>,
}
