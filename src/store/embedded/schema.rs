//! The schema: tables, indexes, FTS5 and R*Tree definitions, and the versioned migration
//! (`PRAGMA user_version`) that creates them.
//!
//! Every table has `rid INTEGER PRIMARY KEY` — an explicit rowid, so `VACUUM` cannot renumber
//! the rows the FTS and R*Tree tables point at — a 24-hex `id` with its own unique index, plain
//! columns for the keys that queries filter, sort and join on, and the JSON `doc` last (a
//! filter reads the key columns without walking past a large document's overflow pages).
//! Timestamps in columns are fixed-width RFC 3339 text, so text order is time order.
//!
//! Two tables break the pattern on purpose: `ledger` (a million lines and more, scanned whole by
//! `settlements reconcile`) keeps each line as plain columns without a JSON `doc`, and
//! `ledger_accounts` is keyed by the account key (`escrow`, `wallet:<user id>`, ...) rather
//! than a 24-hex id.
//!
//! Versions: each `if current < N` step of [`migrate`] brings a version N−1 file to N, and a
//! fresh file runs every step in order, so a new file and an upgraded one end identical (the
//! columns a later version adds with `ALTER TABLE` come after `doc` in both).

use rusqlite::Connection;

use super::Fail;
use crate::error::Error;
use crate::store::collections as col;

/// Schema version this build writes.
pub(super) const VERSION: i64 = 2;

/// What kind of index an [`IndexDef`] is, for `ensure_indexes` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A B-tree index (`CREATE INDEX`).
    Btree,
    /// An FTS5 table kept in step with its collection.
    Text,
    /// The R*Tree of technician locations.
    Geo,
}

/// One index the product needs.
pub(super) struct IndexDef {
    pub collection: &'static str,
    pub name: &'static str,
    /// Human description of the keys (as MongoDB would show them).
    pub keys: &'static str,
    pub kind: Kind,
    /// Idempotent DDL (`IF NOT EXISTS`).
    pub sql: &'static str,
}

const fn ix(
    collection: &'static str,
    name: &'static str,
    keys: &'static str,
    sql: &'static str,
) -> IndexDef {
    IndexDef {
        collection,
        name,
        keys,
        kind: Kind::Btree,
        sql,
    }
}

/// Tables of version 1; side tables (link tables, FTS, R*Tree) are created with their index.
/// Frozen: later versions change the schema in their own migration step.
const TABLES: &str = "
CREATE TABLE IF NOT EXISTS users (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    email TEXT NOT NULL, phone TEXT NOT NULL, username TEXT,
    role TEXT NOT NULL, status TEXT NOT NULL, deleted INTEGER NOT NULL,
    rating REAL NOT NULL, city TEXT, skills TEXT NOT NULL, created_at TEXT NOT NULL,
    doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS follows (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    follower TEXT NOT NULL, followee TEXT NOT NULL, created_at TEXT NOT NULL,
    doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bookings (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    customer TEXT NOT NULL, technician TEXT, corporate TEXT, status TEXT NOT NULL,
    version INTEGER NOT NULL, scheduled_at TEXT NOT NULL, created_at TEXT NOT NULL,
    doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS transactions (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    payer TEXT NOT NULL, payee TEXT, booking TEXT, status TEXT NOT NULL,
    gateway TEXT NOT NULL, kind TEXT NOT NULL, created_at TEXT NOT NULL,
    checkout_request_id TEXT, merchant_request_id TEXT, mpesa_receipt_number TEXT,
    payment_intent_id TEXT, idempotency_key TEXT,
    doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS posts (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    author TEXT NOT NULL, kind TEXT NOT NULL, moderation TEXT NOT NULL,
    visibility TEXT NOT NULL, deleted INTEGER NOT NULL, score REAL NOT NULL,
    created_at TEXT NOT NULL,
    doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reviews (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    booking TEXT NOT NULL, reviewer TEXT NOT NULL, reviewee TEXT NOT NULL,
    featured INTEGER NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL,
    doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS conversations (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    kind TEXT NOT NULL, direct_key TEXT, booking TEXT, activity INTEGER NOT NULL,
    deleted_by_all INTEGER NOT NULL, created_at TEXT NOT NULL,
    doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    conversation TEXT NOT NULL, sender TEXT NOT NULL, hidden_for TEXT NOT NULL,
    read_by TEXT NOT NULL, created_at TEXT NOT NULL,
    doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notifications (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    recipient TEXT NOT NULL, category TEXT NOT NULL, is_read INTEGER NOT NULL,
    expires_at TEXT, created_at TEXT NOT NULL,
    doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_log (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    actor TEXT, action TEXT NOT NULL, target_kind TEXT NOT NULL, target_id TEXT,
    at TEXT NOT NULL,
    doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS auth_tokens (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    user_id TEXT NOT NULL, kind TEXT NOT NULL, token_hash TEXT NOT NULL, family TEXT,
    used INTEGER NOT NULL, revoked INTEGER NOT NULL, expires_at TEXT NOT NULL,
    doc TEXT NOT NULL);
";

/// Tables version 2 adds: the ledger (no `doc`: each line is its columns), account balances,
/// gateway events and payout batches.
const TABLES_V2: &str = "
CREATE TABLE IF NOT EXISTS ledger (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    entry TEXT NOT NULL, transaction_id TEXT NOT NULL, account TEXT NOT NULL,
    amount INTEGER NOT NULL, currency TEXT NOT NULL, kind TEXT NOT NULL,
    created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ledger_accounts (
    rid INTEGER PRIMARY KEY, account TEXT NOT NULL,
    currency TEXT NOT NULL, balance INTEGER NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS gateway_events (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    gateway TEXT NOT NULL, event_id TEXT NOT NULL, kind TEXT NOT NULL, transaction_id TEXT,
    outcome TEXT NOT NULL, received_at TEXT NOT NULL,
    doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS settlements (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    reference TEXT NOT NULL, status TEXT NOT NULL, gateway TEXT NOT NULL,
    version INTEGER NOT NULL, created_at TEXT NOT NULL,
    doc TEXT NOT NULL);
";

/// Columns version 2 adds to version 1 tables, filled from the stored documents.
const COLUMNS_V2: &str = "
ALTER TABLE transactions ADD COLUMN phone_number TEXT;
ALTER TABLE transactions ADD COLUMN escrow_release_at TEXT;
UPDATE transactions SET
    phone_number = json_extract(doc, '$.gatewayRef.phoneNumber'),
    escrow_release_at = json_extract(doc, '$.escrowReleaseAt');
";

/// Every index, FTS and R*Tree table; the migration creates them all, `ensure_indexes`
/// reports (and recreates) them one by one.
#[rustfmt::skip]
pub(super) const INDEXES: &[IndexDef] = &[
    // users
    ix(col::USERS, "users_id", "_id (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS users_id ON users(id)"),
    ix(col::USERS, "users_email", "email (unique, not deleted)",
        "CREATE UNIQUE INDEX IF NOT EXISTS users_email ON users(email) WHERE deleted = 0"),
    ix(col::USERS, "users_phone", "phoneNumber (unique, not deleted)",
        "CREATE UNIQUE INDEX IF NOT EXISTS users_phone ON users(phone) WHERE deleted = 0"),
    ix(col::USERS, "users_username", "username (unique, not deleted)",
        "CREATE UNIQUE INDEX IF NOT EXISTS users_username ON users(username) WHERE deleted = 0 AND username IS NOT NULL"),
    ix(col::USERS, "users_role_status_rating", "role, status, rating.average desc",
        "CREATE INDEX IF NOT EXISTS users_role_status_rating ON users(role, status, rating DESC)"),
    IndexDef {
        collection: col::USERS,
        name: "users_fts",
        keys: "text: firstName, lastName, username, profile.businessName, profile.bio, technician.skills",
        kind: Kind::Text,
        sql: "CREATE VIRTUAL TABLE IF NOT EXISTS users_fts USING fts5(name, business, bio, skills, \
              content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')",
    },
    IndexDef {
        collection: col::USERS,
        name: "users_geo",
        keys: "location.coordinates (R*Tree over technicians)",
        kind: Kind::Geo,
        sql: "CREATE VIRTUAL TABLE IF NOT EXISTS users_geo USING rtree(rid, min_lng, max_lng, min_lat, max_lat, \
              +lng REAL, +lat REAL, +active INTEGER, +rating REAL, +avail INTEGER, +skills TEXT)",
    },
    // follows
    ix(col::FOLLOWS, "follows_id", "_id (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS follows_id ON follows(id)"),
    ix(col::FOLLOWS, "follows_edge", "follower, followee (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS follows_edge ON follows(follower, followee)"),
    ix(col::FOLLOWS, "follows_follower", "follower, _id desc",
        "CREATE INDEX IF NOT EXISTS follows_follower ON follows(follower, id)"),
    ix(col::FOLLOWS, "follows_followee", "followee, _id desc",
        "CREATE INDEX IF NOT EXISTS follows_followee ON follows(followee, id)"),
    // bookings
    ix(col::BOOKINGS, "bookings_id", "_id (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS bookings_id ON bookings(id)"),
    ix(col::BOOKINGS, "bookings_customer_status_created", "customer, status, createdAt",
        "CREATE INDEX IF NOT EXISTS bookings_customer_status_created ON bookings(customer, status, created_at)"),
    ix(col::BOOKINGS, "bookings_technician_status_created", "technician, status, createdAt",
        "CREATE INDEX IF NOT EXISTS bookings_technician_status_created ON bookings(technician, status, created_at) WHERE technician IS NOT NULL"),
    ix(col::BOOKINGS, "bookings_corporate", "corporateAccount, _id desc",
        "CREATE INDEX IF NOT EXISTS bookings_corporate ON bookings(corporate, id) WHERE corporate IS NOT NULL"),
    ix(col::BOOKINGS, "bookings_status", "status, _id desc",
        "CREATE INDEX IF NOT EXISTS bookings_status ON bookings(status, id)"),
    ix(col::BOOKINGS, "bookings_scheduled", "scheduledAt",
        "CREATE INDEX IF NOT EXISTS bookings_scheduled ON bookings(scheduled_at)"),
    // transactions
    ix(col::TRANSACTIONS, "transactions_id", "_id (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS transactions_id ON transactions(id)"),
    ix(col::TRANSACTIONS, "transactions_payer_status_created", "payer, status, createdAt",
        "CREATE INDEX IF NOT EXISTS transactions_payer_status_created ON transactions(payer, status, created_at)"),
    ix(col::TRANSACTIONS, "transactions_payee_status_created", "payee, status, createdAt",
        "CREATE INDEX IF NOT EXISTS transactions_payee_status_created ON transactions(payee, status, created_at) WHERE payee IS NOT NULL"),
    ix(col::TRANSACTIONS, "transactions_booking", "booking",
        "CREATE INDEX IF NOT EXISTS transactions_booking ON transactions(booking) WHERE booking IS NOT NULL"),
    ix(col::TRANSACTIONS, "transactions_status", "status, _id desc",
        "CREATE INDEX IF NOT EXISTS transactions_status ON transactions(status, id)"),
    ix(col::TRANSACTIONS, "transactions_checkout", "gatewayRef.checkoutRequestId",
        "CREATE INDEX IF NOT EXISTS transactions_checkout ON transactions(checkout_request_id) WHERE checkout_request_id IS NOT NULL"),
    ix(col::TRANSACTIONS, "transactions_merchant", "gatewayRef.merchantRequestId",
        "CREATE INDEX IF NOT EXISTS transactions_merchant ON transactions(merchant_request_id) WHERE merchant_request_id IS NOT NULL"),
    ix(col::TRANSACTIONS, "transactions_receipt", "gatewayRef.mpesaReceiptNumber",
        "CREATE INDEX IF NOT EXISTS transactions_receipt ON transactions(mpesa_receipt_number) WHERE mpesa_receipt_number IS NOT NULL"),
    ix(col::TRANSACTIONS, "transactions_intent", "gatewayRef.paymentIntentId",
        "CREATE INDEX IF NOT EXISTS transactions_intent ON transactions(payment_intent_id) WHERE payment_intent_id IS NOT NULL"),
    ix(col::TRANSACTIONS, "transactions_idempotency", "gatewayRef.idempotencyKey (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS transactions_idempotency ON transactions(idempotency_key) WHERE idempotency_key IS NOT NULL"),
    ix(col::TRANSACTIONS, "transactions_phone_created", "gatewayRef.phoneNumber, createdAt",
        "CREATE INDEX IF NOT EXISTS transactions_phone_created ON transactions(phone_number, created_at) WHERE phone_number IS NOT NULL"),
    ix(col::TRANSACTIONS, "transactions_status_escrow_release", "status, escrowReleaseAt",
        "CREATE INDEX IF NOT EXISTS transactions_status_escrow_release ON transactions(status, escrow_release_at) WHERE escrow_release_at IS NOT NULL"),
    // posts
    ix(col::POSTS, "posts_id", "_id (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS posts_id ON posts(id)"),
    ix(col::POSTS, "posts_author", "author, _id desc",
        "CREATE INDEX IF NOT EXISTS posts_author ON posts(author, id)"),
    ix(col::POSTS, "posts_explore", "engagementScore desc (public, approved, not deleted)",
        "CREATE INDEX IF NOT EXISTS posts_explore ON posts(score DESC, id DESC) \
         WHERE deleted = 0 AND visibility = 'public' AND moderation = 'approved'"),
    ix(col::POSTS, "posts_moderation", "moderation.status, _id desc",
        "CREATE INDEX IF NOT EXISTS posts_moderation ON posts(moderation, id)"),
    ix(col::POSTS, "post_tags", "hashtags",
        "CREATE TABLE IF NOT EXISTS post_tags (tag TEXT NOT NULL, post INTEGER NOT NULL, \
         PRIMARY KEY (tag, post)) WITHOUT ROWID"),
    IndexDef {
        collection: col::POSTS,
        name: "posts_fts",
        keys: "text: content, hashtags",
        kind: Kind::Text,
        sql: "CREATE VIRTUAL TABLE IF NOT EXISTS posts_fts USING fts5(content, hashtags, \
              content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')",
    },
    // reviews
    ix(col::REVIEWS, "reviews_id", "_id (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS reviews_id ON reviews(id)"),
    ix(col::REVIEWS, "reviews_booking_reviewer", "booking, reviewer (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS reviews_booking_reviewer ON reviews(booking, reviewer)"),
    ix(col::REVIEWS, "reviews_reviewee", "reviewee, _id desc",
        "CREATE INDEX IF NOT EXISTS reviews_reviewee ON reviews(reviewee, id)"),
    ix(col::REVIEWS, "reviews_reviewer", "reviewer, _id desc",
        "CREATE INDEX IF NOT EXISTS reviews_reviewer ON reviews(reviewer, id)"),
    IndexDef {
        collection: col::REVIEWS,
        name: "reviews_fts",
        keys: "text: title, comment",
        kind: Kind::Text,
        sql: "CREATE VIRTUAL TABLE IF NOT EXISTS reviews_fts USING fts5(title, comment, \
              content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')",
    },
    // conversations
    ix(col::CONVERSATIONS, "conversations_id", "_id (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS conversations_id ON conversations(id)"),
    ix(col::CONVERSATIONS, "conversations_direct", "type=direct, participants.user (pair)",
        "CREATE INDEX IF NOT EXISTS conversations_direct ON conversations(direct_key) WHERE direct_key IS NOT NULL"),
    ix(col::CONVERSATIONS, "conversations_deleted_by_all", "participants.deletedAt (all set)",
        "CREATE INDEX IF NOT EXISTS conversations_deleted_by_all ON conversations(id) WHERE deleted_by_all = 1"),
    ix(col::CONVERSATIONS, "conversations_booking", "booking (a booking's chat, for `disputes show`)",
        "CREATE INDEX IF NOT EXISTS conversations_booking ON conversations(booking) WHERE booking IS NOT NULL"),
    ix(col::CONVERSATIONS, "conversation_members", "participants.user, lastActivityAt desc",
        "CREATE TABLE IF NOT EXISTS conversation_members (user_id TEXT NOT NULL, conv INTEGER NOT NULL, \
         activity INTEGER NOT NULL, conv_id TEXT NOT NULL, hidden INTEGER NOT NULL, \
         PRIMARY KEY (user_id, conv)) WITHOUT ROWID"),
    ix(col::CONVERSATIONS, "conversation_members_inbox", "participants.user, lastActivityAt desc, _id desc",
        "CREATE INDEX IF NOT EXISTS conversation_members_inbox ON conversation_members(user_id, hidden, activity DESC, conv_id DESC)"),
    ix(col::CONVERSATIONS, "conversation_members_conv", "conversation",
        "CREATE INDEX IF NOT EXISTS conversation_members_conv ON conversation_members(conv)"),
    // messages
    ix(col::MESSAGES, "messages_id", "_id (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS messages_id ON messages(id)"),
    ix(col::MESSAGES, "messages_conversation", "conversation, _id desc",
        "CREATE INDEX IF NOT EXISTS messages_conversation ON messages(conversation, id)"),
    ix(col::MESSAGES, "messages_created", "createdAt (90-day retention by `baitech cleanup`)",
        "CREATE INDEX IF NOT EXISTS messages_created ON messages(created_at)"),
    IndexDef {
        collection: col::MESSAGES,
        name: "messages_fts",
        keys: "text: content",
        kind: Kind::Text,
        sql: "CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(content, \
              content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')",
    },
    // notifications
    ix(col::NOTIFICATIONS, "notifications_id", "_id (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS notifications_id ON notifications(id)"),
    ix(col::NOTIFICATIONS, "notifications_recipient", "recipient, read, _id desc",
        "CREATE INDEX IF NOT EXISTS notifications_recipient ON notifications(recipient, is_read, id)"),
    ix(col::NOTIFICATIONS, "notifications_read_created", "read, createdAt (30-day retention by `baitech cleanup`)",
        "CREATE INDEX IF NOT EXISTS notifications_read_created ON notifications(created_at) WHERE is_read = 1"),
    ix(col::NOTIFICATIONS, "notifications_expires", "expiresAt (TTL by `baitech cleanup`)",
        "CREATE INDEX IF NOT EXISTS notifications_expires ON notifications(expires_at) WHERE expires_at IS NOT NULL"),
    // audit log
    ix(col::AUDIT_LOG, "audit_log_id", "_id (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS audit_log_id ON audit_log(id)"),
    ix(col::AUDIT_LOG, "audit_log_actor", "actor, _id desc",
        "CREATE INDEX IF NOT EXISTS audit_log_actor ON audit_log(actor, id) WHERE actor IS NOT NULL"),
    ix(col::AUDIT_LOG, "audit_log_target", "targetKind, targetId, _id desc",
        "CREATE INDEX IF NOT EXISTS audit_log_target ON audit_log(target_kind, target_id, id)"),
    ix(col::AUDIT_LOG, "audit_log_action", "action, _id desc",
        "CREATE INDEX IF NOT EXISTS audit_log_action ON audit_log(action, id)"),
    // auth tokens
    ix(col::TOKENS, "auth_tokens_id", "_id (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS auth_tokens_id ON auth_tokens(id)"),
    ix(col::TOKENS, "auth_tokens_hash", "type, tokenHash (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS auth_tokens_hash ON auth_tokens(kind, token_hash)"),
    ix(col::TOKENS, "auth_tokens_family", "family",
        "CREATE INDEX IF NOT EXISTS auth_tokens_family ON auth_tokens(family) WHERE family IS NOT NULL"),
    ix(col::TOKENS, "auth_tokens_user", "user, type",
        "CREATE INDEX IF NOT EXISTS auth_tokens_user ON auth_tokens(user_id, kind)"),
    ix(col::TOKENS, "auth_tokens_expires", "expiresAt (TTL by `baitech cleanup`)",
        "CREATE INDEX IF NOT EXISTS auth_tokens_expires ON auth_tokens(expires_at)"),
    // ledger lines: scanned in id order, looked up by transaction, entry and account
    ix(col::LEDGER, "ledger_id", "_id (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS ledger_id ON ledger(id)"),
    ix(col::LEDGER, "ledger_transaction", "transaction",
        "CREATE INDEX IF NOT EXISTS ledger_transaction ON ledger(transaction_id)"),
    ix(col::LEDGER, "ledger_entry", "entry",
        "CREATE INDEX IF NOT EXISTS ledger_entry ON ledger(entry)"),
    ix(col::LEDGER, "ledger_account", "account",
        "CREATE INDEX IF NOT EXISTS ledger_account ON ledger(account)"),
    // account balances, keyed by the account key
    ix(col::LEDGER_ACCOUNTS, "ledger_accounts_id", "_id (unique account key)",
        "CREATE UNIQUE INDEX IF NOT EXISTS ledger_accounts_id ON ledger_accounts(account)"),
    // gateway events: one per (gateway, event id)
    ix(col::GATEWAY_EVENTS, "gateway_events_id", "_id (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS gateway_events_id ON gateway_events(id)"),
    ix(col::GATEWAY_EVENTS, "gateway_events_event", "gateway, eventId (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS gateway_events_event ON gateway_events(gateway, event_id)"),
    ix(col::GATEWAY_EVENTS, "gateway_events_outcome", "outcome, _id desc",
        "CREATE INDEX IF NOT EXISTS gateway_events_outcome ON gateway_events(outcome, id)"),
    ix(col::GATEWAY_EVENTS, "gateway_events_transaction", "transaction",
        "CREATE INDEX IF NOT EXISTS gateway_events_transaction ON gateway_events(transaction_id) WHERE transaction_id IS NOT NULL"),
    // settlements (payout batches)
    ix(col::SETTLEMENTS, "settlements_id", "_id (unique)",
        "CREATE UNIQUE INDEX IF NOT EXISTS settlements_id ON settlements(id)"),
    ix(col::SETTLEMENTS, "settlements_status", "status, _id desc",
        "CREATE INDEX IF NOT EXISTS settlements_status ON settlements(status, id)"),
];

/// Tables that belong to a collection besides its own (link tables, FTS, R*Tree), by prefix:
/// their rows are cleared with the collection and their pages counted in its size.
pub(super) fn side_tables(collection: &str) -> impl Iterator<Item = &'static str> + '_ {
    INDEXES
        .iter()
        .filter(move |d| {
            d.collection == collection && (d.kind != Kind::Btree || d.sql.contains(" TABLE "))
        })
        .map(|d| d.name)
}

/// Whether a table or index of this name exists.
pub(super) fn exists(c: &Connection, name: &str) -> rusqlite::Result<bool> {
    c.prepare_cached("SELECT 1 FROM sqlite_master WHERE name = ?")?
        .exists([name])
}

/// Brings the file to [`VERSION`]; idempotent, and safe when two processes open it at once
/// (the check and the changes happen inside one `BEGIN IMMEDIATE` transaction).
pub(super) fn migrate(conn: &mut Connection) -> Result<(), Fail> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > VERSION {
        return Err(Error::internal(
            "sqlite: open the database",
            anyhow::anyhow!("schema version {current} is newer than this build understands ({VERSION}); upgrade baitech"),
        )
        .into());
    }
    if current < 1 {
        tx.execute_batch(TABLES)?;
    }
    if current < 2 {
        tx.execute_batch(TABLES_V2)?;
        tx.execute_batch(COLUMNS_V2)?;
    }
    // Later versions add `if current < N { ... }` steps here.
    if current != VERSION {
        // Indexes last: a version's indexes may cover columns a later step adds.
        for def in INDEXES {
            tx.execute_batch(def.sql)?;
        }
        tx.pragma_update(None, "user_version", VERSION)?;
    }
    tx.commit()?;
    // Keep planner statistics fresh cheaply (bounded work; a no-op when nothing changed much).
    conn.execute_batch("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_changes_nothing() {
        let mut c = Connection::open_in_memory().unwrap();
        migrate(&mut c).map_err(|_| "migrate").unwrap();
        migrate(&mut c).map_err(|_| "migrate again").unwrap();
        let v: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, VERSION);
        for def in INDEXES {
            assert!(exists(&c, def.name).unwrap(), "{} missing", def.name);
        }
    }

    #[test]
    fn every_collection_has_a_table_and_an_id_index() {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(TABLES).unwrap();
        c.execute_batch(TABLES_V2).unwrap();
        for name in col::ALL {
            assert!(exists(&c, name).unwrap(), "table {name}");
            assert!(
                INDEXES.iter().any(|d| d.name == format!("{name}_id")),
                "{name}_id"
            );
        }
    }

    /// Tables, indexes and their SQL, by name (SQLite's own `sqlite_*` objects left out).
    fn schema_of(c: &Connection) -> Vec<(String, String, String, Option<String>)> {
        c.prepare(
            "SELECT type, name, tbl_name, sql FROM sqlite_master \
             WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    }

    /// A file as version 1 left it: its tables and the indexes that existed then.
    fn version_1_file() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(TABLES).unwrap();
        for def in INDEXES {
            // Indexes of later versions fail here: their tables or columns do not exist yet.
            let _ = c.execute_batch(def.sql);
        }
        c.pragma_update(None, "user_version", 1).unwrap();
        c
    }

    #[test]
    fn a_version_1_file_upgrades_to_the_schema_of_a_fresh_one() {
        let mut old = version_1_file();
        assert!(!exists(&old, "ledger").unwrap());
        let doc = r#"{"gatewayRef":{"phoneNumber":"+254712345678"},"escrowReleaseAt":"2026-01-02T03:04:05.678Z"}"#;
        old.execute(
            "INSERT INTO transactions (id, payer, status, gateway, kind, created_at, doc) \
             VALUES ('65a000000000000000000001', '65a000000000000000000002', 'escrow', 'mpesa', \
             'payment', '2026-01-01T00:00:00.000Z', ?1), \
             ('65a000000000000000000003', '65a000000000000000000002', 'pending', 'mpesa', \
             'payment', '2026-01-01T00:00:00.000Z', '{}')",
            [doc],
        )
        .unwrap();
        migrate(&mut old).map_err(|_| "upgrade").unwrap();

        let mut fresh = Connection::open_in_memory().unwrap();
        migrate(&mut fresh).map_err(|_| "migrate").unwrap();
        assert_eq!(schema_of(&old), schema_of(&fresh));
        let v: i64 = old
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, VERSION);

        // The new columns are filled from the documents already stored.
        let cols: Vec<(Option<String>, Option<String>)> = old
            .prepare("SELECT phone_number, escrow_release_at FROM transactions ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            cols,
            vec![
                (
                    Some("+254712345678".to_string()),
                    Some("2026-01-02T03:04:05.678Z".to_string())
                ),
                (None, None),
            ]
        );
    }
}
