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
    const fn new(name: &'static str, keys: &'static [IndexKey]) -> Self {
        IndexSpec {
            name,
            keys,
            ttl: None,
        }
    }

    const fn ttl(mut self, seconds: i64) -> Self {
        self.ttl = Some(seconds);
        self
    }

    /// Whether this is the collection's text index.
    pub fn is_text(&self) -> bool {
        self.keys.contains(&IndexKey::Text)
    }
}

const fn unique(
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

use IndexKey::{Asc, Desc, Sphere, Text};
use Scope::{All, Live, Present};

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
];

/// The spec of collection `name`.
pub fn of(name: &str) -> Option<&'static CollectionSpec> {
    ALL.iter().copied().find(|s| s.name == name)
}

/// Accounts of every role: unique contact details among live users, geo and text search.
pub const USERS: CollectionSpec = CollectionSpec {
    name: "users",
    noun: "user",
    uniques: &[
        unique(
            "users_email_unique",
            &["email"],
            Live,
            "email is already registered",
        ),
        unique(
            "users_phone_unique",
            &["phoneNumber"],
            Live,
            "phone number is already registered",
        ),
        unique(
            "users_username_unique",
            &["username"],
            Live,
            "username is already taken",
        ),
    ],
    indexes: &[
        IndexSpec::new(
            "users_role_status_rating",
            &[Asc("role"), Asc("status"), Desc("rating.average")],
        ),
        IndexSpec::new("users_location_2dsphere", &[Sphere("location")]),
        IndexSpec::new("users_text", &[Text]),
    ],
    text: &[
        "firstName",
        "lastName",
        "username",
        "profile.businessName",
        "profile.bio",
        "corporate.companyName",
        "technician.skills.name",
        "technician.serviceCategories",
    ],
};

/// Follow edges: one per pair; both lists newest first.
pub const FOLLOWS: CollectionSpec = CollectionSpec {
    name: "follows",
    noun: "follow",
    uniques: &[unique(
        "follows_pair_unique",
        &["follower", "followee"],
        All,
        "already following this user",
    )],
    indexes: &[
        IndexSpec::new("follows_follower_id", &[Asc("follower"), Desc("_id")]),
        IndexSpec::new("follows_followee_id", &[Asc("followee"), Desc("_id")]),
    ],
    text: &[],
};

/// Bookings: each party's list by status, unique booking numbers, nearby jobs.
pub const BOOKINGS: CollectionSpec = CollectionSpec {
    name: "bookings",
    noun: "booking",
    uniques: &[unique(
        "bookings_number_unique",
        &["bookingNumber"],
        All,
        "a booking with this number already exists",
    )],
    indexes: &[
        IndexSpec::new(
            "bookings_customer_status_created",
            &[Asc("customer"), Asc("status"), Desc("createdAt")],
        ),
        IndexSpec::new(
            "bookings_technician_status_created",
            &[Asc("technician"), Asc("status"), Desc("createdAt")],
        ),
        IndexSpec::new(
            "bookings_corporate_id",
            &[Asc("corporateAccount"), Desc("_id")],
        ),
        IndexSpec::new("bookings_status_id", &[Asc("status"), Desc("_id")]),
        IndexSpec::new("bookings_scheduled", &[Asc("scheduledAt")]),
        IndexSpec::new(
            "bookings_service_location_2dsphere",
            &[Sphere("serviceLocation")],
        ),
    ],
    text: &[],
};

/// Payments, refunds, payouts: callback lookups by gateway reference, the payer's list.
pub const TRANSACTIONS: CollectionSpec = CollectionSpec {
    name: "transactions",
    noun: "transaction",
    uniques: &[
        unique(
            "transactions_receipt_unique",
            &["receiptNumber"],
            All,
            "a transaction with this receipt number already exists",
        ),
        unique(
            "transactions_checkout_request_unique",
            &["gatewayRef.checkoutRequestId"],
            Present,
            "a transaction with this M-Pesa checkout request id already exists",
        ),
        unique(
            "transactions_payment_intent_unique",
            &["gatewayRef.paymentIntentId"],
            Present,
            "a transaction with this Stripe payment intent id already exists",
        ),
        unique(
            "transactions_idempotency_key_unique",
            &["gatewayRef.idempotencyKey"],
            Present,
            "a transaction with this idempotency key already exists",
        ),
    ],
    indexes: &[
        IndexSpec::new(
            "transactions_payer_status_created",
            &[Asc("payer"), Asc("status"), Desc("createdAt")],
        ),
        IndexSpec::new(
            "transactions_payee_status_created",
            &[Asc("payee"), Asc("status"), Desc("createdAt")],
        ),
        IndexSpec::new("transactions_booking", &[Asc("booking")]),
        IndexSpec::new("transactions_status_id", &[Asc("status"), Desc("_id")]),
        IndexSpec::new(
            "transactions_merchant_request",
            &[Asc("gatewayRef.merchantRequestId")],
        ),
        IndexSpec::new(
            "transactions_mpesa_receipt",
            &[Asc("gatewayRef.mpesaReceiptNumber")],
        ),
        IndexSpec::new(
            "transactions_phone_created",
            &[Asc("gatewayRef.phoneNumber"), Asc("createdAt")],
        ),
        IndexSpec::new(
            "transactions_status_escrow_release",
            &[Asc("status"), Asc("escrowReleaseAt")],
        ),
    ],
    text: &[],
};

/// Social posts: author feeds, hashtags, explore by score, moderation queue, text search.
pub const POSTS: CollectionSpec = CollectionSpec {
    name: "posts",
    noun: "post",
    uniques: &[],
    indexes: &[
        IndexSpec::new("posts_author_id", &[Asc("author"), Desc("_id")]),
        IndexSpec::new("posts_hashtags", &[Asc("hashtags")]),
        IndexSpec::new(
            "posts_engagement_score",
            &[Desc("engagementScore"), Desc("_id")],
        ),
        IndexSpec::new(
            "posts_moderation_id",
            &[Asc("moderation.status"), Desc("_id")],
        ),
        IndexSpec::new("posts_text", &[Text]),
    ],
    text: &["content", "hashtags"],
};

/// Reviews of completed bookings: one per booking and reviewer.
pub const REVIEWS: CollectionSpec = CollectionSpec {
    name: "reviews",
    noun: "review",
    uniques: &[unique(
        "reviews_booking_reviewer_unique",
        &["booking", "reviewer"],
        All,
        "this booking was already reviewed by this reviewer",
    )],
    indexes: &[
        IndexSpec::new("reviews_reviewee_id", &[Asc("reviewee"), Desc("_id")]),
        IndexSpec::new("reviews_reviewer_id", &[Asc("reviewer"), Desc("_id")]),
        IndexSpec::new("reviews_text", &[Text]),
    ],
    text: &["title", "comment"],
};

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

/// In-app notifications: a user's inbox and unread count, retention and expiry.
pub const NOTIFICATIONS: CollectionSpec = CollectionSpec {
    name: "notifications",
    noun: "notification",
    uniques: &[],
    indexes: &[
        IndexSpec::new(
            "notifications_recipient_read_id",
            &[Asc("recipient"), Asc("read"), Desc("_id")],
        ),
        IndexSpec::new(
            "notifications_read_created",
            &[Asc("read"), Asc("createdAt")],
        ),
        IndexSpec::new("notifications_expires_ttl", &[Asc("expiresAt")]).ttl(0),
    ],
    text: &[],
};

/// The audit log: by actor, by target, by action, newest first.
pub const AUDIT_LOG: CollectionSpec = CollectionSpec {
    name: "audit_log",
    noun: "audit entry",
    uniques: &[],
    indexes: &[
        IndexSpec::new("audit_log_actor_id", &[Asc("actor"), Desc("_id")]),
        IndexSpec::new(
            "audit_log_target_id",
            &[Asc("targetKind"), Asc("targetId"), Desc("_id")],
        ),
        IndexSpec::new("audit_log_action_id", &[Asc("action"), Desc("_id")]),
    ],
    text: &[],
};

/// Refresh, verification and reset tokens: lookup by hash, family and per-user revocation.
pub const TOKENS: CollectionSpec = CollectionSpec {
    name: "auth_tokens",
    noun: "token",
    uniques: &[unique(
        "auth_tokens_hash_unique",
        &["type", "tokenHash"],
        All,
        "this token already exists",
    )],
    indexes: &[
        IndexSpec::new("auth_tokens_family", &[Asc("family")]),
        IndexSpec::new("auth_tokens_user_type", &[Asc("user"), Asc("type")]),
        IndexSpec::new("auth_tokens_expires_ttl", &[Asc("expiresAt")]).ttl(0),
    ],
    text: &[],
};

/// Ledger lines: a transaction's, an entry's, an account's (the full scan walks `_id`).
pub const LEDGER: CollectionSpec = CollectionSpec {
    name: "ledger",
    noun: "ledger line",
    uniques: &[],
    indexes: &[
        IndexSpec::new("ledger_transaction", &[Asc("transaction")]),
        IndexSpec::new("ledger_entry", &[Asc("entry")]),
        IndexSpec::new("ledger_account", &[Asc("account")]),
    ],
    text: &[],
};

/// Account balances (`_id` = the account key): the trial balance per currency.
pub const LEDGER_ACCOUNTS: CollectionSpec = CollectionSpec {
    name: "ledger_accounts",
    noun: "ledger account",
    uniques: &[],
    indexes: &[IndexSpec::new(
        "ledger_accounts_currency_balance",
        &[Asc("currency"), Asc("balance")],
    )],
    text: &[],
};

/// Received gateway events: one per gateway delivery id.
pub const GATEWAY_EVENTS: CollectionSpec = CollectionSpec {
    name: "gateway_events",
    noun: "gateway event",
    uniques: &[unique(
        "gateway_events_event_unique",
        &["gateway", "eventId"],
        All,
        "this gateway event was already recorded",
    )],
    indexes: &[
        IndexSpec::new("gateway_events_outcome_id", &[Asc("outcome"), Desc("_id")]),
        IndexSpec::new("gateway_events_transaction", &[Asc("transaction")]),
    ],
    text: &[],
};

/// Payout batches by status, newest first.
pub const SETTLEMENTS: CollectionSpec = CollectionSpec {
    name: "settlements",
    noun: "settlement",
    uniques: &[],
    indexes: &[IndexSpec::new(
        "settlements_status_id",
        &[Asc("status"), Desc("_id")],
    )],
    text: &[],
};

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
