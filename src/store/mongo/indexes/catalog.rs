//! Every index the product needs, one list per collection (name, keys, options).

use bson::{Document, doc};

use super::IndexDef;
use super::IndexKey::{Asc, Desc, Sphere, Text};
use crate::store::collections as c;

/// Live users only: `deletedAt` written as an explicit null (see the module docs).
fn live_user_with(field: &'static str) -> Document {
    doc! { field: { "$type": "string" }, "deletedAt": { "$type": "null" } }
}

fn live_email() -> Document {
    live_user_with("email")
}

fn live_phone() -> Document {
    live_user_with("phoneNumber")
}

fn live_username() -> Document {
    live_user_with("username")
}

fn has_checkout_request() -> Document {
    doc! { "gatewayRef.checkoutRequestId": { "$type": "string" } }
}

fn has_payment_intent() -> Document {
    doc! { "gatewayRef.paymentIntentId": { "$type": "string" } }
}

fn has_idempotency_key() -> Document {
    doc! { "gatewayRef.idempotencyKey": { "$type": "string" } }
}

/// `users`: geo search, text search, the admin list, unique contact details among live users.
pub const USERS: &[IndexDef] = &[
    IndexDef::new(c::USERS, "users_location_2dsphere", &[Sphere("location")]),
    IndexDef::new(
        c::USERS,
        "users_text",
        &[
            Text("firstName"),
            Text("lastName"),
            Text("profile.businessName"),
            Text("profile.bio"),
            Text("technician.skills.name"),
        ],
    ),
    IndexDef::new(
        c::USERS,
        "users_role_status_rating",
        &[Asc("role"), Asc("status"), Desc("rating.average")],
    ),
    IndexDef::new(c::USERS, "users_email_unique", &[Asc("email")])
        .unique()
        .partial(live_email),
    IndexDef::new(c::USERS, "users_phone_unique", &[Asc("phoneNumber")])
        .unique()
        .partial(live_phone),
    IndexDef::new(c::USERS, "users_username_unique", &[Asc("username")])
        .unique()
        .partial(live_username),
];

/// `follows`: one edge per pair; follower lists newest first.
pub const FOLLOWS: &[IndexDef] = &[
    IndexDef::new(
        c::FOLLOWS,
        "follows_pair_unique",
        &[Asc("follower"), Asc("followee")],
    )
    .unique(),
    IndexDef::new(
        c::FOLLOWS,
        "follows_followee_created",
        &[Asc("followee"), Asc("createdAt")],
    ),
];

/// `bookings`: nearby jobs, each party's list by status, unique booking numbers.
pub const BOOKINGS: &[IndexDef] = &[
    IndexDef::new(
        c::BOOKINGS,
        "bookings_service_location_2dsphere",
        &[Sphere("serviceLocation")],
    ),
    IndexDef::new(
        c::BOOKINGS,
        "bookings_customer_status_created",
        &[Asc("customer"), Asc("status"), Desc("createdAt")],
    ),
    IndexDef::new(
        c::BOOKINGS,
        "bookings_technician_status_created",
        &[Asc("technician"), Asc("status"), Desc("createdAt")],
    ),
    IndexDef::new(
        c::BOOKINGS,
        "bookings_number_unique",
        &[Asc("bookingNumber")],
    )
    .unique(),
];

/// `transactions`: the payer's list, callback lookups (unique gateway references), receipts.
pub const TRANSACTIONS: &[IndexDef] = &[
    IndexDef::new(
        c::TRANSACTIONS,
        "transactions_payer_status_created",
        &[Asc("payer"), Asc("status"), Desc("createdAt")],
    ),
    IndexDef::new(
        c::TRANSACTIONS,
        "transactions_checkout_request_unique",
        &[Asc("gatewayRef.checkoutRequestId")],
    )
    .unique()
    .partial(has_checkout_request),
    IndexDef::new(
        c::TRANSACTIONS,
        "transactions_payment_intent_unique",
        &[Asc("gatewayRef.paymentIntentId")],
    )
    .unique()
    .partial(has_payment_intent),
    IndexDef::new(
        c::TRANSACTIONS,
        "transactions_idempotency_key_unique",
        &[Asc("gatewayRef.idempotencyKey")],
    )
    .unique()
    .partial(has_idempotency_key),
    IndexDef::new(
        c::TRANSACTIONS,
        "transactions_receipt_unique",
        &[Asc("receiptNumber")],
    )
    .unique(),
    IndexDef::new(c::TRANSACTIONS, "transactions_booking", &[Asc("booking")]),
    IndexDef::new(
        c::TRANSACTIONS,
        "transactions_phone_created",
        &[Asc("gatewayRef.phoneNumber"), Asc("createdAt")],
    ),
    IndexDef::new(
        c::TRANSACTIONS,
        "transactions_status_escrow_release",
        &[Asc("status"), Asc("escrowReleaseAt")],
    ),
];

/// `ledger`: a transaction's lines, an entry's lines, an account's lines (the scan of every
/// line walks `_id`).
pub const LEDGER: &[IndexDef] = &[
    IndexDef::new(c::LEDGER, "ledger_transaction", &[Asc("transaction")]),
    IndexDef::new(c::LEDGER, "ledger_entry", &[Asc("entry")]),
    IndexDef::new(c::LEDGER, "ledger_account", &[Asc("account")]),
];

/// `ledger_accounts` (`_id` = the account key): the trial balance per currency, covered.
pub const LEDGER_ACCOUNTS: &[IndexDef] = &[IndexDef::new(
    c::LEDGER_ACCOUNTS,
    "ledger_accounts_currency_balance",
    &[Asc("currency"), Asc("balance")],
)];

/// `gateway_events`: one per gateway delivery id; review lists by outcome and transaction.
pub const GATEWAY_EVENTS: &[IndexDef] = &[
    IndexDef::new(
        c::GATEWAY_EVENTS,
        "gateway_events_event_unique",
        &[Asc("gateway"), Asc("eventId")],
    )
    .unique(),
    IndexDef::new(
        c::GATEWAY_EVENTS,
        "gateway_events_outcome_id",
        &[Asc("outcome"), Desc("_id")],
    ),
    IndexDef::new(
        c::GATEWAY_EVENTS,
        "gateway_events_transaction",
        &[Asc("transaction")],
    ),
];

/// `settlements`: payout batches by status, newest first.
pub const SETTLEMENTS: &[IndexDef] = &[IndexDef::new(
    c::SETTLEMENTS,
    "settlements_status_id",
    &[Asc("status"), Desc("_id")],
)];

/// `posts`: text search, author feeds, hashtags, explore by score.
pub const POSTS: &[IndexDef] = &[
    IndexDef::new(c::POSTS, "posts_text", &[Text("content"), Text("hashtags")]),
    IndexDef::new(c::POSTS, "posts_author_id", &[Asc("author"), Desc("_id")]),
    IndexDef::new(c::POSTS, "posts_hashtags", &[Asc("hashtags")]),
    IndexDef::new(
        c::POSTS,
        "posts_engagement_score",
        &[Desc("engagementScore"), Desc("_id")],
    ),
];

/// `reviews`: text search, one review per booking and reviewer, a technician's reviews.
pub const REVIEWS: &[IndexDef] = &[
    IndexDef::new(
        c::REVIEWS,
        "reviews_text",
        &[Text("title"), Text("comment")],
    ),
    IndexDef::new(
        c::REVIEWS,
        "reviews_booking_reviewer_unique",
        &[Asc("booking"), Asc("reviewer")],
    )
    .unique(),
    IndexDef::new(
        c::REVIEWS,
        "reviews_reviewee_id",
        &[Asc("reviewee"), Desc("_id")],
    ),
];

/// `conversations`: a user's inbox by recent activity; a booking's chat.
pub const CONVERSATIONS: &[IndexDef] = &[
    IndexDef::new(
        c::CONVERSATIONS,
        "conversations_participant_activity",
        &[Asc("participants.user"), Desc("lastActivityAt")],
    ),
    IndexDef::new(c::CONVERSATIONS, "conversations_booking", &[Asc("booking")]),
];

/// `messages`: a conversation's history, retention clean-up, text search.
pub const MESSAGES: &[IndexDef] = &[
    IndexDef::new(c::MESSAGES, "messages_text", &[Text("content")]),
    IndexDef::new(
        c::MESSAGES,
        "messages_conversation_id",
        &[Asc("conversation"), Desc("_id")],
    ),
    IndexDef::new(c::MESSAGES, "messages_created", &[Asc("createdAt")]),
];

/// `notifications`: a user's inbox and unread count; expired ones removed by the server.
pub const NOTIFICATIONS: &[IndexDef] = &[
    IndexDef::new(
        c::NOTIFICATIONS,
        "notifications_recipient_read_id",
        &[Asc("recipient"), Asc("read"), Desc("_id")],
    ),
    IndexDef::new(
        c::NOTIFICATIONS,
        "notifications_expires_ttl",
        &[Asc("expiresAt")],
    )
    .ttl(0),
];

/// `audit_log`: the history of one target.
pub const AUDIT_LOG: &[IndexDef] = &[IndexDef::new(
    c::AUDIT_LOG,
    "audit_target_at",
    &[Asc("targetKind"), Asc("targetId"), Desc("at")],
)];

/// `auth_tokens`: lookup by hash, family revocation, per-user revocation; expired ones removed
/// by the server.
pub const TOKENS: &[IndexDef] = &[
    IndexDef::new(c::TOKENS, "auth_tokens_hash_unique", &[Asc("tokenHash")]).unique(),
    IndexDef::new(c::TOKENS, "auth_tokens_family", &[Asc("family")]),
    IndexDef::new(
        c::TOKENS,
        "auth_tokens_user_type",
        &[Asc("user"), Asc("type")],
    ),
    IndexDef::new(c::TOKENS, "auth_tokens_expires_ttl", &[Asc("expiresAt")]).ttl(0),
];

/// Every definition, collection by collection.
pub fn definitions() -> Vec<IndexDef> {
    [
        USERS,
        FOLLOWS,
        BOOKINGS,
        TRANSACTIONS,
        POSTS,
        REVIEWS,
        CONVERSATIONS,
        MESSAGES,
        NOTIFICATIONS,
        AUDIT_LOG,
        TOKENS,
        LEDGER,
        LEDGER_ACCOUNTS,
        GATEWAY_EVENTS,
        SETTLEMENTS,
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::mongo::text;

    #[test]
    fn names_are_unique_and_every_collection_has_indexes() {
        let defs = definitions();
        let mut names: Vec<_> = defs.iter().map(|d| d.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), defs.len());
        for coll in c::ALL {
            assert!(defs.iter().any(|d| d.collection == *coll), "{coll}");
        }
        // At most one text index per collection (a MongoDB rule).
        for coll in c::ALL {
            assert!(
                defs.iter()
                    .filter(|d| d.collection == *coll && d.is_text())
                    .count()
                    <= 1
            );
        }
    }

    #[test]
    fn text_indexes_cover_the_search_fields() {
        for (coll, fields) in text::TEXT_COLLECTIONS {
            let def = definitions()
                .into_iter()
                .find(|d| d.collection == *coll && d.is_text())
                .unwrap();
            let keys: Vec<_> = def
                .keys
                .iter()
                .map(|k| match *k {
                    Text(f) => f,
                    _ => panic!("mixed text index"),
                })
                .collect();
            assert_eq!(&keys, fields, "{coll}");
        }
    }

    #[test]
    fn specs_carry_keys_and_options() {
        let email = USERS
            .iter()
            .find(|d| d.name == "users_email_unique")
            .unwrap();
        assert_eq!(
            email.spec(),
            doc! {
                "key": { "email": 1 }, "name": "users_email_unique", "unique": true,
                "partialFilterExpression": { "email": { "$type": "string" }, "deletedAt": { "$type": "null" } },
            }
        );
        let ttl = &NOTIFICATIONS[1];
        assert_eq!(ttl.spec().get_i64("expireAfterSeconds").ok(), Some(0));
        assert_eq!(
            USERS[2].describe_keys(),
            "role, status, rating.average desc"
        );
    }
}
