//! What makes a domain value a stored document, for both adapters: the collection it lives in
//! (its [`CollectionSpec`]), its id and, for documents updated by compare-and-set, its version.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::domain::Id;
use crate::domain::audit::AuditEntry;
use crate::domain::block::Block;
use crate::domain::booking::Booking;
use crate::domain::conversation::Conversation;
use crate::domain::delivery::Delivery;
use crate::domain::follow::Follow;
use crate::domain::ledger::{GatewayEvent, LedgerLine, Settlement};
use crate::domain::message::Message;
use crate::domain::notification::Notification;
use crate::domain::notification_preferences::NotificationPreferences;
use crate::domain::post::{Comment, Post, PostReaction, PostView};
use crate::domain::report::Report;
use crate::domain::review::Review;
use crate::domain::token::AuthToken;
use crate::domain::transaction::Transaction;
use crate::domain::user::User;
use crate::store::spec::{self, CollectionSpec};

/// A domain value stored as one document of one collection.
pub trait Document: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The collection: name, noun for messages, constraints, indexes, text fields.
    const SPEC: &'static CollectionSpec;

    /// The document's `_id`.
    fn id(&self) -> Id;

    /// The compare-and-set version, for documents that keep one.
    fn version(&self) -> Option<i64> {
        None
    }
}

macro_rules! documents {
    ($($ty:ty => $spec:ident $(, version $v:ident)?;)*) => {
        $(impl Document for $ty {
            const SPEC: &'static CollectionSpec = &spec::$spec;
            fn id(&self) -> Id {
                self.id
            }
            $(fn version(&self) -> Option<i64> {
                Some(self.$v)
            })?
        })*
    };
}

documents! {
    User => USERS;
    Follow => FOLLOWS;
    Booking => BOOKINGS, version version;
    Transaction => TRANSACTIONS;
    Post => POSTS;
    Review => REVIEWS;
    Conversation => CONVERSATIONS;
    Message => MESSAGES;
    Notification => NOTIFICATIONS;
    AuditEntry => AUDIT_LOG;
    AuthToken => TOKENS;
    LedgerLine => LEDGER;
    GatewayEvent => GATEWAY_EVENTS;
    Settlement => SETTLEMENTS, version version;
    Comment => COMMENTS;
    PostReaction => POST_REACTIONS;
    PostView => POST_VIEWS;
    Report => REPORTS;
    NotificationPreferences => NOTIFICATION_PREFERENCES;
    Delivery => NOTIFICATION_DELIVERIES;
    Block => BLOCKS;
}

// `ledger_accounts` holds no `Document`: its `_id` is the account key (a string such as
// `wallet:<user id>`), which both adapters read and move by key.
