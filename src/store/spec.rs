//! What each collection is, declared once for both adapters: its name, what one document is
//! called, its unique constraints (with the message a client sees when one is violated), its
//! other indexes and the fields text search covers.
//!
//! The embedded schema (`embedded/schema.rs`) and the MongoDB index catalog
//! (`mongo/indexes/catalog.rs`) are both read from these declarations, so an index has one name,
//! a duplicate one message and a search the same fields on either backend; the conformance
//! suite (`tests/suite/store/spec.rs`) reads the indexes back from both databases to prove it.
//! Field names are document paths as MongoDB stores them (`gatewayRef.checkoutRequestId`).

/// One collection (SQLite table = MongoDB collection).
#[derive(Debug)]
pub struct CollectionSpec {
    /// The collection (and table) name.
    pub name: &'static str,
    /// What one document is called in messages: `NotFound("user")`, "a user with this id…".
    pub noun: &'static str,
    /// Unique constraints besides `_id`.
    pub uniques: &'static [UniqueSpec],
    /// Indexes that do not constrain (besides `_id`).
    pub indexes: &'static [IndexSpec],
    /// Fields text search looks in; a collection with any has one [`IndexKey::Text`] index.
    pub text: &'static [&'static str],
}

/// A unique constraint: one index over `fields`, and what a duplicate tells the client.
#[derive(Debug)]
pub struct UniqueSpec {
    /// The index name, the same on both backends.
    pub index: &'static str,
    pub fields: &'static [&'static str],
    /// The `Conflict` message when a write would duplicate a value.
    pub message: &'static str,
    /// Which documents the constraint covers.
    pub scope: Scope,
}

/// The documents a unique constraint covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every document.
    All,
    /// Documents whose (single) field holds a value; absent or null values never collide.
    Present,
    /// Users that are not deleted and whose (single) field holds a value: a deleted account
    /// frees its email, phone and username.
    Live,
}

/// An index that does not constrain.
#[derive(Debug)]
pub struct IndexSpec {
    /// The index name, the same on both backends.
    pub name: &'static str,
    pub keys: &'static [IndexKey],
    /// MongoDB removes a document this many seconds after the date in the (single) key; the
    /// embedded store leaves that to `baitech cleanup`.
    pub ttl: Option<i64>,
}

/// One key of an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKey {
    Asc(&'static str),
    Desc(&'static str),
    /// A geo index over a GeoJSON point (MongoDB `2dsphere`, an R*Tree or a b-tree embedded).
    Sphere(&'static str),
    /// The collection's text index over [`CollectionSpec::text`].
    Text,
}

impl CollectionSpec {
    /// Every index name of the collection (uniques first), as both backends create them.
    pub fn index_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.uniques
            .iter()
            .map(|u| u.index)
            .chain(self.indexes.iter().map(|i| i.name))
    }

    /// The unique constraint behind index `name`.
    pub fn unique(&self, name: &str) -> Option<&'static UniqueSpec> {
        self.uniques.iter().find(|u| u.index == name)
    }

    /// The collection's text index, if it has one.
    pub fn text_index(&self) -> Option<&'static IndexSpec> {
        self.indexes.iter().find(|i| i.is_text())
    }

    /// "a user", "an audit entry".
    pub fn a_noun(&self) -> String {
        let article = match self.noun.chars().next() {
            // No noun here starts with a vowel sound other than these ("a user").
            Some('a' | 'e' | 'i' | 'o') => "an",
            _ => "a",
        };
        format!("{article} {}", self.noun)
    }

    /// The conflict message for a duplicate `_id`.
    pub fn duplicate_id_message(&self) -> String {
        format!("{} with this id already exists", self.a_noun())
    }

    /// The conflict message for a duplicate on an index no spec declares.
    pub fn duplicate_message(&self) -> String {
        format!("{} with these details already exists", self.a_noun())
    }
}

impl IndexSpec {
    pub(in crate::store) const fn new(name: &'static str, keys: &'static [IndexKey]) -> Self {
        IndexSpec {
            name,
            keys,
            ttl: None,
        }
    }

    pub(in crate::store) const fn ttl(mut self, seconds: i64) -> Self {
        self.ttl = Some(seconds);
        self
    }

    /// Whether this is the collection's text index.
    pub fn is_text(&self) -> bool {
        self.keys.contains(&IndexKey::Text)
    }
}

pub(in crate::store) const fn unique(
    index: &'static str,
    fields: &'static [&'static str],
    scope: Scope,
    message: &'static str,
) -> UniqueSpec {
    UniqueSpec {
        index,
        fields,
        message,
        scope,
    }
}

pub use crate::store::audit::AUDIT_LOG;
pub use crate::store::blocks::BLOCKS;
pub use crate::store::bookings::BOOKINGS;
pub use crate::store::chat::CONVERSATIONS;
pub use crate::store::chat::MESSAGES;
pub use crate::store::comments::COMMENTS;
pub use crate::store::deliveries::NOTIFICATION_DELIVERIES;
pub use crate::store::follows::FOLLOWS;
pub use crate::store::ledger::GATEWAY_EVENTS;
pub use crate::store::ledger::LEDGER;
pub use crate::store::ledger::LEDGER_ACCOUNTS;
pub use crate::store::ledger::SETTLEMENTS;
pub use crate::store::notification_preferences::NOTIFICATION_PREFERENCES;
pub use crate::store::notifications::NOTIFICATIONS;
pub use crate::store::posts::POSTS;
pub use crate::store::reactions::{POST_REACTIONS, POST_VIEWS};
pub use crate::store::reports::REPORTS;
pub use crate::store::reviews::REVIEWS;
pub use crate::store::tokens::TOKENS;
pub use crate::store::transactions::TRANSACTIONS;
/// Each slice declares its collections beside its trait; they are named here too.
pub use crate::store::users::USERS;

/// Every collection, in the order reports list them.
pub const ALL: &[&CollectionSpec] = &[
    &USERS,
    &FOLLOWS,
    &BOOKINGS,
    &TRANSACTIONS,
    &POSTS,
    &REVIEWS,
    &CONVERSATIONS,
    &MESSAGES,
    &NOTIFICATIONS,
    &AUDIT_LOG,
    &TOKENS,
    &LEDGER,
    &LEDGER_ACCOUNTS,
    &GATEWAY_EVENTS,
    &SETTLEMENTS,
    &COMMENTS,
    &POST_REACTIONS,
    &POST_VIEWS,
    &REPORTS,
    &NOTIFICATION_PREFERENCES,
    &NOTIFICATION_DELIVERIES,
    &BLOCKS,
];

/// The spec of collection `name`.
pub fn of(name: &str) -> Option<&'static CollectionSpec> {
    ALL.iter().copied().find(|s| s.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_prefixed_by_their_collection() {
        let mut names: Vec<&str> = ALL.iter().flat_map(|s| s.index_names()).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "an index name is used twice");
        for s in ALL {
            assert!(s.index_names().next().is_some(), "{} has no index", s.name);
            for name in s.index_names() {
                assert!(
                    name.starts_with(s.name),
                    "{name} is not named after {}",
                    s.name
                );
            }
        }
    }

    #[test]
    fn text_fields_and_the_text_index_go_together() {
        for s in ALL {
            let text_indexes = s.indexes.iter().filter(|i| i.is_text()).count();
            assert_eq!(text_indexes, usize::from(!s.text.is_empty()), "{}", s.name);
        }
    }

    #[test]
    fn scoped_constraints_cover_one_field_and_messages_differ() {
        let mut messages: Vec<&str> = Vec::new();
        for s in ALL {
            for u in s.uniques {
                assert!(!u.fields.is_empty());
                if u.scope != Scope::All {
                    assert_eq!(u.fields.len(), 1, "{}", u.index);
                }
                messages.push(u.message);
            }
        }
        let n = messages.len();
        messages.sort_unstable();
        messages.dedup();
        assert_eq!(messages.len(), n, "two constraints share a message");
    }

    #[test]
    fn every_collection_name_has_a_spec() {
        for name in crate::store::collections::ALL {
            assert!(of(name).is_some(), "{name}");
        }
        assert_eq!(ALL.len(), crate::store::collections::ALL.len());
    }
}
