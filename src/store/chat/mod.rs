//! Conversations and their messages: the collection spec, the repository trait (only its own
//! queries; the generic ones come from [`Collection`]), its filters, and the two implementations,
//! `embedded.rs` and `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use crate::domain::conversation::Conversation;
use crate::domain::message::Message;
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::spec::IndexKey::{Asc, Desc, Text};
use crate::store::spec::{CollectionSpec, IndexSpec};
use crate::store::{Collection, Page, PageRequest};
use async_trait::async_trait;

/// Conversations and their per-participant state.
#[async_trait]
pub trait ConversationRepo: Collection<Conversation> {
    /// The direct conversation between two users, if any.
    async fn find_direct_conversation(&self, a: Id, b: Id) -> Result<Option<Conversation>>;
    /// The conversation about booking `booking`, if any (the newest when several).
    async fn find_booking_conversation(&self, booking: Id) -> Result<Option<Conversation>>;
    /// Conversations `user` takes part in and has not deleted, most recent activity first.
    async fn list_conversations(&self, user: Id, page: &PageRequest) -> Result<Page<Conversation>>;
    /// Ids of conversations every participant has deleted, oldest first, at most `limit`.
    async fn conversations_deleted_by_all(&self, limit: u32) -> Result<Vec<Id>>;
    /// Deletes the conversations and all their messages; returns (conversations, messages).
    async fn delete_conversations(&self, ids: &[Id]) -> Result<(u64, u64)>;
}

/// Chat messages.
#[async_trait]
pub trait MessageRepo: Collection<Message> {
    /// Newest first; messages `filter.viewer` deleted for themselves are left out;
    /// `filter.text` searches within the conversation.
    async fn list_messages(
        &self,
        filter: &MessageFilter,
        page: &PageRequest,
    ) -> Result<Page<Message>>;
    /// Adds a read receipt for `reader` to every message in the conversation up to and including
    /// `up_to` not sent by the reader; returns how many were newly marked.
    async fn mark_messages_read(
        &self,
        conversation: Id,
        reader: Id,
        up_to: Id,
        at: Timestamp,
    ) -> Result<u64>;
    /// Deletes at most `limit` messages created before `before`; returns how many went.
    async fn delete_messages_before(&self, before: Timestamp, limit: u32) -> Result<u64>;
    async fn count_messages_before(&self, before: Timestamp) -> Result<u64>;
}

/// Conversations: a user's inbox by recent activity, direct pairs, a booking's chat.
pub const CONVERSATIONS: CollectionSpec = CollectionSpec {
    name: "conversations",
    noun: "conversation",
    uniques: &[],
    indexes: &[
        IndexSpec::new(
            "conversations_participant_activity",
            &[Asc("participants.user"), Desc("lastActivityAt")],
        ),
        IndexSpec::new(
            "conversations_direct",
            &[Asc("type"), Asc("participants.user")],
        ),
        IndexSpec::new(
            "conversations_deleted_by_all",
            &[Asc("participants.deletedAt")],
        ),
        IndexSpec::new("conversations_booking", &[Asc("booking")]),
    ],
    text: &[],
};

/// Chat messages: a conversation's history, retention clean-up, text search.
pub const MESSAGES: CollectionSpec = CollectionSpec {
    name: "messages",
    noun: "message",
    uniques: &[],
    indexes: &[
        IndexSpec::new(
            "messages_conversation_id",
            &[Asc("conversation"), Desc("_id")],
        ),
        IndexSpec::new("messages_created", &[Asc("createdAt")]),
        IndexSpec::new("messages_text", &[Text]),
    ],
    text: &["content"],
};

#[derive(Debug, Clone)]
pub struct MessageFilter {
    pub conversation: Id,
    /// Leave out messages this user deleted for themselves.
    pub viewer: Option<Id>,
    pub text: Option<String>,
}
