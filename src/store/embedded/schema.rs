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
//! The indexes are the ones the collection specs ([`crate::store::spec`]) declare, under the
//! same names as on MongoDB; [`BUILDS`] says how this store builds each (a b-tree over columns
//! or document expressions, an FTS5 table, an R*Tree, a link table). Besides them the schema
//! keeps its own machinery: the unique `id` index of every table and the conversation members
//! table.
//!
//! Versions: each `if current < N` step of [`migrate`] brings a version N−1 file to N, and a
//! fresh file runs every step in order, so a new file and an upgraded one end identical (the
//! columns a later version adds with `ALTER TABLE` come after `doc` in both).

use std::sync::LazyLock;

use rusqlite::Connection;

use super::Fail;
use crate::error::Error;
use crate::store::collections as col;
use crate::store::spec::{self, CollectionSpec, IndexKey, IndexSpec, Scope, UniqueSpec};

/// Schema version this build writes.
pub(in crate::store) const VERSION: i64 = 7;

/// What kind of object an [`IndexDef`] creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::store) enum Kind {
    /// A b-tree index (`CREATE INDEX`).
    Btree,
    /// An FTS5 table kept in step with its collection.
    Text,
    /// A side table kept in step with its collection (R*Tree, link table).
    Table,
}

/// One index or side table of the schema.
#[derive(Debug)]
pub(in crate::store) struct IndexDef {
    pub collection: &'static str,
    pub name: &'static str,
    /// Human description of the keys (as MongoDB would show them).
    pub keys: String,
    pub kind: Kind,
    /// Idempotent DDL (`IF NOT EXISTS`).
    pub sql: String,
    /// Declared by the collection's spec (and reported by `ensure_indexes`), rather than this
    /// store's own machinery.
    pub declared: bool,
}

impl IndexDef {
    /// Whether the object holds rows derived from the documents (refilled when recreated).
    pub(in crate::store) fn is_side_table(&self) -> bool {
        self.kind != Kind::Btree
    }
}

/// How this store builds an index a spec declares.
#[derive(Debug, Clone, Copy)]
enum Build {
    /// A b-tree `ON table(columns or expressions) [WHERE ...]`, `UNIQUE` for a constraint.
    On(&'static str),
    /// The collection's FTS5 table: one column per text field of the spec.
    Fts,
    /// A side table; the DDL after `CREATE ... <name>`.
    Table(&'static str),
}

use Build::{Fts, On, Table};

/// The build of every index the specs declare, by name.
#[rustfmt::skip]
const BUILDS: &[(&str, Build)] = &[
    // users
    ("users_email_unique", On("users(email) WHERE deleted = 0")),
    ("users_phone_unique", On("users(phone) WHERE deleted = 0")),
    ("users_username_unique", On("users(username) WHERE deleted = 0 AND username IS NOT NULL")),
    ("users_role_status_rating", On("users(role, status, rating DESC)")),
    ("users_location_2dsphere", Table("VIRTUAL TABLE IF NOT EXISTS {} USING rtree(rid, min_lng, max_lng, \
        min_lat, max_lat, +lng REAL, +lat REAL, +active INTEGER, +rating REAL, +avail INTEGER, +skills TEXT)")),
    ("users_text", Fts),
    // follows
    ("follows_pair_unique", On("follows(follower, followee)")),
    ("follows_follower_id", On("follows(follower, id)")),
    ("follows_followee_id", On("follows(followee, id)")),
    // blocks
    ("blocks_pair_unique", On("blocks(blocker, blocked)")),
    ("blocks_blocker_id", On("blocks(blocker, id)")),
    ("blocks_blocked_blocker", On("blocks(blocked, blocker)")),
    // bookings
    ("bookings_number_unique", On("bookings(json_extract(doc, '$.bookingNumber'))")),
    ("bookings_customer_status_created", On("bookings(customer, status, created_at)")),
    ("bookings_technician_status_created", On("bookings(technician, status, created_at) WHERE technician IS NOT NULL")),
    ("bookings_corporate_id", On("bookings(corporate, id) WHERE corporate IS NOT NULL")),
    ("bookings_status_id", On("bookings(status, id)")),
    ("bookings_scheduled", On("bookings(scheduled_at)")),
    ("bookings_service_location_2dsphere", On("bookings(json_extract(doc, '$.serviceLocation.coordinates[0]'), \
        json_extract(doc, '$.serviceLocation.coordinates[1]'))")),
    // transactions
    ("transactions_receipt_unique", On("transactions(json_extract(doc, '$.receiptNumber'))")),
    ("transactions_checkout_request_unique", On("transactions(checkout_request_id) WHERE checkout_request_id IS NOT NULL")),
    ("transactions_payment_intent_unique", On("transactions(payment_intent_id) WHERE payment_intent_id IS NOT NULL")),
    ("transactions_idempotency_key_unique", On("transactions(idempotency_key) WHERE idempotency_key IS NOT NULL")),
    ("transactions_payer_status_created", On("transactions(payer, status, created_at)")),
    ("transactions_payee_status_created", On("transactions(payee, status, created_at) WHERE payee IS NOT NULL")),
    ("transactions_booking", On("transactions(booking) WHERE booking IS NOT NULL")),
    ("transactions_status_id", On("transactions(status, id)")),
    ("transactions_merchant_request", On("transactions(merchant_request_id) WHERE merchant_request_id IS NOT NULL")),
    ("transactions_mpesa_receipt", On("transactions(mpesa_receipt_number) WHERE mpesa_receipt_number IS NOT NULL")),
    ("transactions_phone_created", On("transactions(phone_number, created_at) WHERE phone_number IS NOT NULL")),
    ("transactions_status_escrow_release", On("transactions(status, escrow_release_at) WHERE escrow_release_at IS NOT NULL")),
    // posts
    ("posts_author_id", On("posts(author, id)")),
    ("posts_hashtags", Table("TABLE IF NOT EXISTS {} (tag TEXT NOT NULL, post INTEGER NOT NULL, \
        PRIMARY KEY (tag, post)) WITHOUT ROWID")),
    ("posts_engagement_score", On("posts(score DESC, id DESC) \
        WHERE deleted = 0 AND visibility = 'public' AND moderation = 'approved'")),
    ("posts_moderation_id", On("posts(moderation, id)")),
    ("posts_text", Fts),
    // Partial, and covering what a following feed's snapshot reads and checks.
    ("posts_author_score", On("posts(author, score DESC, id DESC, deleted, moderation, visibility) \
        WHERE deleted = 0 AND moderation = 'approved' AND visibility IN ('public', 'followers')")),
    // comments
    ("comments_post_id", On("comments(post, id)")),
    ("comments_author_id", On("comments(author, id)")),
    ("comments_moderation_id", On("comments(moderation, id)")),
    // post reactions and views
    ("post_reactions_post_user_kind_unique", On("post_reactions(post, user_id, kind)")),
    ("post_reactions_user_kind_id", On("post_reactions(user_id, kind, id)")),
    ("post_views_post_viewer_unique", On("post_views(post, viewer)")),
    ("post_views_at_ttl", On("post_views(at)")),
    // reports
    ("reports_target_reporter_unique", On("reports(target_kind, target, reporter)")),
    ("reports_target_id", On("reports(target_kind, target, id)")),
    ("reports_status_id", On("reports(status, id)")),
    ("reports_target_author_id", On("reports(target_author, id)")),
    // reviews
    ("reviews_booking_reviewer_unique", On("reviews(booking, reviewer)")),
    ("reviews_reviewee_id", On("reviews(reviewee, id)")),
    ("reviews_reviewer_id", On("reviews(reviewer, id)")),
    ("reviews_text", Fts),
    // conversations (a user's inbox lives in the `conversation_members` side table)
    ("conversations_direct_pair_unique", On("conversations(direct_key) WHERE direct_key IS NOT NULL")),
    ("conversations_participant_activity", On("conversation_members(user_id, hidden, pinned, activity DESC, conv_id DESC)")),
    ("conversations_deleted_by_all", On("conversations(id) WHERE deleted_by_all = 1")),
    ("conversations_booking", On("conversations(booking) WHERE booking IS NOT NULL")),
    // messages
    ("messages_client_key_unique", On("messages(client_key) WHERE client_key IS NOT NULL")),
    ("messages_conversation_id", On("messages(conversation, id)")),
    ("messages_conversation_seq", On("messages(conversation, seq)")),
    ("messages_conversation_words", Table("TABLE IF NOT EXISTS {} (conv TEXT NOT NULL, word TEXT NOT NULL, \
        msg INTEGER NOT NULL, PRIMARY KEY (conv, word, msg)) WITHOUT ROWID")),
    ("messages_created", On("messages(created_at)")),
    // notifications
    ("notifications_recipient_read_id", On("notifications(recipient, is_read, id)")),
    ("notifications_read_created", On("notifications(created_at) WHERE is_read = 1")),
    ("notifications_expires_ttl", On("notifications(expires_at) WHERE expires_at IS NOT NULL")),
    // notification preferences
    ("notification_preferences_updated", On("notification_preferences(updated_at)")),
    // the notification outbox
    ("notification_deliveries_status_due", On("notification_deliveries(status, due_at)")),
    ("notification_deliveries_notification", On("notification_deliveries(notification)")),
    ("notification_deliveries_provider_ref", On("notification_deliveries(provider_ref) WHERE provider_ref IS NOT NULL")),
    ("notification_deliveries_status_updated", On("notification_deliveries(status, updated_at)")),
    // audit log
    ("audit_log_actor_id", On("audit_log(actor, id) WHERE actor IS NOT NULL")),
    ("audit_log_target_id", On("audit_log(target_kind, target_id, id)")),
    ("audit_log_action_id", On("audit_log(action, id)")),
    // auth tokens
    ("auth_tokens_hash_unique", On("auth_tokens(kind, token_hash)")),
    ("auth_tokens_family", On("auth_tokens(family) WHERE family IS NOT NULL")),
    ("auth_tokens_user_type", On("auth_tokens(user_id, kind)")),
    ("auth_tokens_expires_ttl", On("auth_tokens(expires_at)")),
    // ledger lines, account balances, gateway events, settlements
    ("ledger_transaction", On("ledger(transaction_id)")),
    ("ledger_entry", On("ledger(entry)")),
    ("ledger_account", On("ledger(account)")),
    ("ledger_accounts_currency_balance", On("ledger_accounts(currency, balance)")),
    ("gateway_events_event_unique", On("gateway_events(gateway, event_id)")),
    ("gateway_events_outcome_id", On("gateway_events(outcome, id)")),
    ("gateway_events_transaction", On("gateway_events(transaction_id) WHERE transaction_id IS NOT NULL")),
    ("settlements_status_id", On("settlements(status, id)")),
];

/// The conversation members side table (one row per participant, for the inbox) and its
/// lookup by conversation, and the lookup of a message's words by message: machinery of this
/// store, not indexes of the spec.
const MEMBERS: &[(&str, &str, &str, Kind, &str)] = &[
    (
        col::CONVERSATIONS,
        "conversation_members",
        "participants.user (link table)",
        Kind::Table,
        "CREATE TABLE IF NOT EXISTS conversation_members (user_id TEXT NOT NULL, \
         conv INTEGER NOT NULL, activity INTEGER NOT NULL, conv_id TEXT NOT NULL, \
         hidden INTEGER NOT NULL, pinned INTEGER NOT NULL DEFAULT 0, \
         PRIMARY KEY (user_id, conv)) WITHOUT ROWID",
    ),
    (
        col::CONVERSATIONS,
        "conversation_members_conv",
        "conversation",
        Kind::Btree,
        "CREATE INDEX IF NOT EXISTS conversation_members_conv ON conversation_members(conv)",
    ),
    (
        col::MESSAGES,
        "messages_conversation_words_msg",
        "words by message",
        Kind::Btree,
        "CREATE INDEX IF NOT EXISTS messages_conversation_words_msg \
         ON messages_conversation_words(msg)",
    ),
];

/// Tokenizer of every FTS table: word characters, case and diacritics folded.
const FTS_OPTIONS: &str =
    "content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'";

/// Every index, FTS table and side table, machinery first (a declared index may live on a
/// side table); the migration creates them all, `ensure_indexes` recreates missing ones.
pub(in crate::store) fn indexes() -> &'static [IndexDef] {
    static ALL: LazyLock<Vec<IndexDef>> = LazyLock::new(build_all);
    &ALL
}

fn build_all() -> Vec<IndexDef> {
    let mut out = Vec::new();
    for s in spec::ALL {
        let (key, keys) = match s.name {
            col::LEDGER_ACCOUNTS => ("account", "_id (unique account key)"),
            _ => ("id", "_id (unique)"),
        };
        let name: &'static str = Box::leak(format!("{}_id", s.name).into_boxed_str());
        out.push(IndexDef {
            collection: s.name,
            name,
            keys: keys.to_string(),
            kind: Kind::Btree,
            sql: format!(
                "CREATE UNIQUE INDEX IF NOT EXISTS {name} ON {}({key})",
                s.name
            ),
            declared: false,
        });
    }
    // The conversation machinery comes before the declared indexes (one lives on its table);
    // the rest indexes declared side tables, so it comes after them.
    let machinery = |out: &mut Vec<IndexDef>, before: bool| {
        for (collection, name, keys, kind, sql) in MEMBERS {
            if (*collection == col::CONVERSATIONS) == before {
                out.push(IndexDef {
                    collection,
                    name,
                    keys: (*keys).to_string(),
                    kind: *kind,
                    sql: (*sql).to_string(),
                    declared: false,
                });
            }
        }
    };
    machinery(&mut out, true);
    for s in spec::ALL {
        for u in s.uniques {
            out.push(declared(s, u.index, describe_unique(u), true));
        }
        for i in s.indexes {
            out.push(declared(s, i.name, describe(s, i), false));
        }
    }
    machinery(&mut out, false);
    out
}

/// The definition of a declared index from its [`BUILDS`] entry.
fn declared(s: &CollectionSpec, name: &'static str, keys: String, unique: bool) -> IndexDef {
    let build = build_of(name).unwrap_or_else(|| panic!("no embedded build for index {name}"));
    let (kind, sql) = match build {
        On(on) => {
            let unique = if unique { "UNIQUE " } else { "" };
            (
                Kind::Btree,
                format!("CREATE {unique}INDEX IF NOT EXISTS {name} ON {on}"),
            )
        }
        Fts => {
            let columns: Vec<String> = (0..s.text.len()).map(|i| format!("c{i}")).collect();
            (
                Kind::Text,
                format!(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5({}, {FTS_OPTIONS})",
                    columns.join(", ")
                ),
            )
        }
        Table(ddl) => (Kind::Table, format!("CREATE {}", ddl.replace("{}", name))),
    };
    IndexDef {
        collection: s.name,
        name,
        keys,
        kind,
        sql,
        declared: true,
    }
}

fn build_of(name: &str) -> Option<Build> {
    BUILDS.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}

/// `email (unique, live users)`.
fn describe_unique(u: &UniqueSpec) -> String {
    let scope = match u.scope {
        Scope::All => "unique",
        Scope::Present => "unique where present",
        Scope::Live => "unique among live users",
    };
    format!("{} ({scope})", u.fields.join(", "))
}

/// `role, status, rating.average desc`; `text: firstName, lastName, ...`.
fn describe(s: &CollectionSpec, i: &IndexSpec) -> String {
    i.keys
        .iter()
        .map(|k| match *k {
            IndexKey::Asc(f) => f.to_string(),
            IndexKey::Desc(f) => format!("{f} desc"),
            IndexKey::Sphere(f) => format!("{f} (geo)"),
            IndexKey::Text => format!("text: {}", s.text.join(", ")),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The FTS table of collection `spec` (its text index).
pub(in crate::store) fn text_table(spec: &CollectionSpec) -> &'static str {
    spec.text_index()
        .map(|i| i.name)
        .unwrap_or_else(|| panic!("{} has no text index", spec.name))
}

/// Tables that belong to a collection besides its own (link tables, FTS, R*Tree): their rows
/// are cleared with the collection and their pages counted in its size.
pub(in crate::store) fn side_tables(collection: &str) -> impl Iterator<Item = &'static str> + '_ {
    indexes()
        .iter()
        .filter(move |d| d.collection == collection && d.is_side_table())
        .map(|d| d.name)
}

/// The conflict message for SQLite's `UNIQUE constraint failed: <what>`, where `what` is
/// `table.column, ...` for a column index and `index 'name'` for an expression index: the
/// message the spec gives the constraint, the same text MongoDB's adapter uses.
pub(in crate::store) fn conflict_message(what: &str) -> String {
    if let Some(name) = what
        .strip_prefix("index '")
        .and_then(|n| n.strip_suffix('\''))
    {
        return spec::ALL
            .iter()
            .find_map(|s| s.unique(name).map(|u| u.message.to_string()))
            .unwrap_or_else(|| format!("duplicate value for {name}"));
    }
    let table = what.split('.').next().unwrap_or(what);
    let Some(s) = spec::of(table) else {
        return format!("duplicate value for {what}");
    };
    if what == format!("{table}.id") {
        return s.duplicate_id_message();
    }
    s.uniques
        .iter()
        .find(|u| columns_of(u.index).as_deref() == Some(what))
        .map(|u| u.message.to_string())
        .unwrap_or_else(|| s.duplicate_message())
}

/// `users.email` for `users(email) WHERE ...`: how SQLite names a column index's columns.
fn columns_of(index: &str) -> Option<String> {
    let On(on) = build_of(index)? else {
        return None;
    };
    let (table, rest) = on.split_once('(')?;
    let cols = rest.split_once(')')?.0;
    Some(
        cols.split(',')
            .map(|c| format!("{table}.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// Tables of version 1; side tables (link tables, FTS, R*Tree) are created with the indexes.
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

/// Tables version 4 adds for the social feed: comments, likes and saves, de-duplicated views
/// and user reports.
const TABLES_V4: &str = "
CREATE TABLE IF NOT EXISTS comments (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    post TEXT NOT NULL, parent TEXT, author TEXT NOT NULL, moderation TEXT NOT NULL,
    deleted INTEGER NOT NULL, created_at TEXT NOT NULL,
    doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS post_reactions (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    post TEXT NOT NULL, user_id TEXT NOT NULL, kind TEXT NOT NULL, created_at TEXT NOT NULL,
    doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS post_views (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    post TEXT NOT NULL, viewer TEXT NOT NULL, at TEXT NOT NULL,
    doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    target_kind TEXT NOT NULL, target TEXT NOT NULL, target_author TEXT NOT NULL,
    reporter TEXT NOT NULL, reason TEXT NOT NULL, status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    doc TEXT NOT NULL);
";

/// Version 4 names the moderation states as the product does: `pending` and `flagged` both
/// become `pending_review` (hidden until an admin reviews it).
const MODERATION_V4: &str = "
UPDATE posts SET moderation = 'pending_review',
    doc = json_set(doc, '$.moderation.status', 'pending_review')
    WHERE moderation IN ('pending', 'flagged');
";

/// Tables version 6 adds for notifications: each user's preferences and the outbox (one
/// delivery per notification and channel). Additive: nothing existing changes.
const TABLES_V6: &str = "
CREATE TABLE IF NOT EXISTS notification_preferences (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notification_deliveries (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    notification TEXT NOT NULL, recipient TEXT NOT NULL, channel TEXT NOT NULL,
    status TEXT NOT NULL, due_at TEXT NOT NULL, lease_until TEXT, provider_ref TEXT,
    updated_at TEXT NOT NULL,
    doc TEXT NOT NULL);
";

/// The table version 7 adds: users blocking users. Additive: nothing existing changes.
const TABLES_V7: &str = "
CREATE TABLE IF NOT EXISTS blocks (
    rid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    blocker TEXT NOT NULL, blocked TEXT NOT NULL, created_at TEXT NOT NULL,
    doc TEXT NOT NULL);
";

/// Whether a table or index of this name exists.
pub(in crate::store) fn exists(c: &Connection, name: &str) -> rusqlite::Result<bool> {
    c.prepare_cached("SELECT 1 FROM sqlite_master WHERE name = ?")?
        .exists([name])
}

/// Version 3 renames every index to its spec's name (the one MongoDB uses too) and gives the
/// FTS tables one column per text field of the spec: the old indexes and side tables go, the
/// new ones are created with the rest, and their rows are derived again from the documents.
const RETIRED_V3: &str = "
DROP TABLE IF EXISTS users_fts;
DROP TABLE IF EXISTS posts_fts;
DROP TABLE IF EXISTS reviews_fts;
DROP TABLE IF EXISTS messages_fts;
DROP TABLE IF EXISTS users_geo;
DROP TABLE IF EXISTS post_tags;
";

/// Version 5 numbers messages and indexes their words: messages get their number and client
/// key as columns (filled from the documents) and lose the per-message receipt column; the
/// members table gains `pinned` (recreated, then refilled from the documents); the FTS table of
/// messages gives way to the word table.
const CHAT_V5: &str = "
ALTER TABLE messages ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN client_key TEXT;
ALTER TABLE messages DROP COLUMN read_by;
UPDATE messages SET
    seq = coalesce(json_extract(doc, '$.seq'), 0),
    client_key = json_extract(doc, '$.clientKey');
DROP TABLE IF EXISTS conversation_members;
DROP TABLE IF EXISTS messages_text;
";

/// Drops every index this build does not declare (the names earlier versions used).
fn drop_undeclared_indexes(c: &Connection) -> rusqlite::Result<()> {
    let names: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in names {
        if !indexes().iter().any(|d| d.name == name) {
            c.execute_batch(&format!("DROP INDEX IF EXISTS \"{name}\""))?;
        }
    }
    Ok(())
}

/// Brings the file to [`VERSION`]; idempotent, and safe when two processes open it at once
/// (the check and the changes happen inside one `BEGIN IMMEDIATE` transaction).
pub(in crate::store) fn migrate(conn: &mut Connection) -> Result<(), Fail> {
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
    if current < 3 {
        tx.execute_batch(RETIRED_V3)?;
        drop_undeclared_indexes(&tx)?;
    }
    if current < 4 {
        tx.execute_batch(TABLES_V4)?;
        tx.execute_batch(MODERATION_V4)?;
    }
    if current < 5 {
        tx.execute_batch(CHAT_V5)?;
        drop_undeclared_indexes(&tx)?;
    }
    if current < 6 {
        tx.execute_batch(TABLES_V6)?;
    }
    if current < 7 {
        tx.execute_batch(TABLES_V7)?;
    }
    // Later versions add `if current < N { ... }` steps here.
    if current != VERSION {
        // Indexes last: a version's indexes may cover columns a later step adds.
        for def in indexes() {
            tx.execute_batch(&def.sql)?;
        }
        if current < 3 {
            for s in spec::ALL {
                crate::store::admin::embedded::rebuild_collection(&tx, s.name)?;
            }
        } else if current < 5 {
            for name in [col::CONVERSATIONS, col::MESSAGES] {
                crate::store::admin::embedded::rebuild_collection(&tx, name)?;
            }
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

    /// The indexes and side tables version 2 created, frozen: the starting point of an upgrade.
    const V2_INDEXES: &[&str] = &[
        "CREATE UNIQUE INDEX IF NOT EXISTS users_id ON users(id)",
        "CREATE UNIQUE INDEX IF NOT EXISTS users_email ON users(email) WHERE deleted = 0",
        "CREATE UNIQUE INDEX IF NOT EXISTS users_phone ON users(phone) WHERE deleted = 0",
        "CREATE UNIQUE INDEX IF NOT EXISTS users_username ON users(username) WHERE deleted = 0 AND username IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS users_role_status_rating ON users(role, status, rating DESC)",
        "CREATE VIRTUAL TABLE IF NOT EXISTS users_fts USING fts5(name, business, bio, skills, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')",
        "CREATE VIRTUAL TABLE IF NOT EXISTS users_geo USING rtree(rid, min_lng, max_lng, min_lat, max_lat, +lng REAL, +lat REAL, +active INTEGER, +rating REAL, +avail INTEGER, +skills TEXT)",
        "CREATE UNIQUE INDEX IF NOT EXISTS follows_id ON follows(id)",
        "CREATE UNIQUE INDEX IF NOT EXISTS follows_edge ON follows(follower, followee)",
        "CREATE INDEX IF NOT EXISTS follows_follower ON follows(follower, id)",
        "CREATE INDEX IF NOT EXISTS follows_followee ON follows(followee, id)",
        "CREATE UNIQUE INDEX IF NOT EXISTS bookings_id ON bookings(id)",
        "CREATE INDEX IF NOT EXISTS bookings_customer_status_created ON bookings(customer, status, created_at)",
        "CREATE INDEX IF NOT EXISTS bookings_technician_status_created ON bookings(technician, status, created_at) WHERE technician IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS bookings_corporate ON bookings(corporate, id) WHERE corporate IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS bookings_status ON bookings(status, id)",
        "CREATE INDEX IF NOT EXISTS bookings_scheduled ON bookings(scheduled_at)",
        "CREATE UNIQUE INDEX IF NOT EXISTS transactions_id ON transactions(id)",
        "CREATE INDEX IF NOT EXISTS transactions_payer_status_created ON transactions(payer, status, created_at)",
        "CREATE INDEX IF NOT EXISTS transactions_payee_status_created ON transactions(payee, status, created_at) WHERE payee IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS transactions_booking ON transactions(booking) WHERE booking IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS transactions_status ON transactions(status, id)",
        "CREATE INDEX IF NOT EXISTS transactions_checkout ON transactions(checkout_request_id) WHERE checkout_request_id IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS transactions_merchant ON transactions(merchant_request_id) WHERE merchant_request_id IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS transactions_receipt ON transactions(mpesa_receipt_number) WHERE mpesa_receipt_number IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS transactions_intent ON transactions(payment_intent_id) WHERE payment_intent_id IS NOT NULL",
        "CREATE UNIQUE INDEX IF NOT EXISTS transactions_idempotency ON transactions(idempotency_key) WHERE idempotency_key IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS transactions_phone_created ON transactions(phone_number, created_at) WHERE phone_number IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS transactions_status_escrow_release ON transactions(status, escrow_release_at) WHERE escrow_release_at IS NOT NULL",
        "CREATE UNIQUE INDEX IF NOT EXISTS posts_id ON posts(id)",
        "CREATE INDEX IF NOT EXISTS posts_author ON posts(author, id)",
        "CREATE INDEX IF NOT EXISTS posts_explore ON posts(score DESC, id DESC) WHERE deleted = 0 AND visibility = 'public' AND moderation = 'approved'",
        "CREATE INDEX IF NOT EXISTS posts_moderation ON posts(moderation, id)",
        "CREATE TABLE IF NOT EXISTS post_tags (tag TEXT NOT NULL, post INTEGER NOT NULL, PRIMARY KEY (tag, post)) WITHOUT ROWID",
        "CREATE VIRTUAL TABLE IF NOT EXISTS posts_fts USING fts5(content, hashtags, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')",
        "CREATE UNIQUE INDEX IF NOT EXISTS reviews_id ON reviews(id)",
        "CREATE UNIQUE INDEX IF NOT EXISTS reviews_booking_reviewer ON reviews(booking, reviewer)",
        "CREATE INDEX IF NOT EXISTS reviews_reviewee ON reviews(reviewee, id)",
        "CREATE INDEX IF NOT EXISTS reviews_reviewer ON reviews(reviewer, id)",
        "CREATE VIRTUAL TABLE IF NOT EXISTS reviews_fts USING fts5(title, comment, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')",
        "CREATE UNIQUE INDEX IF NOT EXISTS conversations_id ON conversations(id)",
        "CREATE INDEX IF NOT EXISTS conversations_direct ON conversations(direct_key) WHERE direct_key IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS conversations_deleted_by_all ON conversations(id) WHERE deleted_by_all = 1",
        "CREATE INDEX IF NOT EXISTS conversations_booking ON conversations(booking) WHERE booking IS NOT NULL",
        "CREATE TABLE IF NOT EXISTS conversation_members (user_id TEXT NOT NULL, conv INTEGER NOT NULL, activity INTEGER NOT NULL, conv_id TEXT NOT NULL, hidden INTEGER NOT NULL, PRIMARY KEY (user_id, conv)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS conversation_members_inbox ON conversation_members(user_id, hidden, activity DESC, conv_id DESC)",
        "CREATE INDEX IF NOT EXISTS conversation_members_conv ON conversation_members(conv)",
        "CREATE UNIQUE INDEX IF NOT EXISTS messages_id ON messages(id)",
        "CREATE INDEX IF NOT EXISTS messages_conversation ON messages(conversation, id)",
        "CREATE INDEX IF NOT EXISTS messages_created ON messages(created_at)",
        "CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(content, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')",
        "CREATE UNIQUE INDEX IF NOT EXISTS notifications_id ON notifications(id)",
        "CREATE INDEX IF NOT EXISTS notifications_recipient ON notifications(recipient, is_read, id)",
        "CREATE INDEX IF NOT EXISTS notifications_read_created ON notifications(created_at) WHERE is_read = 1",
        "CREATE INDEX IF NOT EXISTS notifications_expires ON notifications(expires_at) WHERE expires_at IS NOT NULL",
        "CREATE UNIQUE INDEX IF NOT EXISTS audit_log_id ON audit_log(id)",
        "CREATE INDEX IF NOT EXISTS audit_log_actor ON audit_log(actor, id) WHERE actor IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS audit_log_target ON audit_log(target_kind, target_id, id)",
        "CREATE INDEX IF NOT EXISTS audit_log_action ON audit_log(action, id)",
        "CREATE UNIQUE INDEX IF NOT EXISTS auth_tokens_id ON auth_tokens(id)",
        "CREATE UNIQUE INDEX IF NOT EXISTS auth_tokens_hash ON auth_tokens(kind, token_hash)",
        "CREATE INDEX IF NOT EXISTS auth_tokens_family ON auth_tokens(family) WHERE family IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS auth_tokens_user ON auth_tokens(user_id, kind)",
        "CREATE INDEX IF NOT EXISTS auth_tokens_expires ON auth_tokens(expires_at)",
        "CREATE UNIQUE INDEX IF NOT EXISTS ledger_id ON ledger(id)",
        "CREATE INDEX IF NOT EXISTS ledger_transaction ON ledger(transaction_id)",
        "CREATE INDEX IF NOT EXISTS ledger_entry ON ledger(entry)",
        "CREATE INDEX IF NOT EXISTS ledger_account ON ledger(account)",
        "CREATE UNIQUE INDEX IF NOT EXISTS ledger_accounts_id ON ledger_accounts(account)",
        "CREATE UNIQUE INDEX IF NOT EXISTS gateway_events_id ON gateway_events(id)",
        "CREATE UNIQUE INDEX IF NOT EXISTS gateway_events_event ON gateway_events(gateway, event_id)",
        "CREATE INDEX IF NOT EXISTS gateway_events_outcome ON gateway_events(outcome, id)",
        "CREATE INDEX IF NOT EXISTS gateway_events_transaction ON gateway_events(transaction_id) WHERE transaction_id IS NOT NULL",
        "CREATE UNIQUE INDEX IF NOT EXISTS settlements_id ON settlements(id)",
        "CREATE INDEX IF NOT EXISTS settlements_status ON settlements(status, id)",
    ];

    #[test]
    fn migrating_twice_changes_nothing() {
        let mut c = Connection::open_in_memory().unwrap();
        migrate(&mut c).map_err(|_| "migrate").unwrap();
        migrate(&mut c).map_err(|_| "migrate again").unwrap();
        let v: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, VERSION);
        for def in indexes() {
            assert!(exists(&c, def.name).unwrap(), "{} missing", def.name);
        }
    }

    #[test]
    fn every_declared_index_has_one_build_and_every_build_a_declaration() {
        let declared: Vec<&str> = spec::ALL.iter().flat_map(|s| s.index_names()).collect();
        for name in &declared {
            assert_eq!(
                BUILDS.iter().filter(|(n, _)| n == name).count(),
                1,
                "{name}"
            );
        }
        for (name, _) in BUILDS {
            assert!(
                declared.contains(name),
                "{name} is built but no spec declares it"
            );
        }
        for s in spec::ALL {
            assert_eq!(
                s.text_index()
                    .map(|i| matches!(build_of(i.name), Some(Fts))),
                (!s.text.is_empty()).then_some(true),
                "{}",
                s.name
            );
        }
    }

    #[test]
    fn conflicts_read_the_spec_messages() {
        assert_eq!(
            conflict_message("users.email"),
            "email is already registered"
        );
        assert_eq!(
            conflict_message("follows.follower, follows.followee"),
            "already following this user"
        );
        assert_eq!(
            conflict_message("index 'bookings_number_unique'"),
            "a booking with this number already exists"
        );
        assert_eq!(
            conflict_message("audit_log.id"),
            "an audit entry with this id already exists"
        );
    }

    #[test]
    fn every_collection_has_a_table_and_an_id_index() {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(TABLES).unwrap();
        c.execute_batch(TABLES_V2).unwrap();
        c.execute_batch(TABLES_V4).unwrap();
        c.execute_batch(TABLES_V6).unwrap();
        c.execute_batch(TABLES_V7).unwrap();
        for name in col::ALL {
            assert!(exists(&c, name).unwrap(), "table {name}");
            assert!(
                indexes().iter().any(|d| d.name == format!("{name}_id")),
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
        for sql in V2_INDEXES {
            // Indexes of later versions fail here: their tables or columns do not exist yet.
            let _ = c.execute_batch(sql);
        }
        c.pragma_update(None, "user_version", 1).unwrap();
        c
    }

    /// A file as version 2 left it.
    fn version_2_file() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(TABLES).unwrap();
        c.execute_batch(TABLES_V2).unwrap();
        c.execute_batch(COLUMNS_V2).unwrap();
        for sql in V2_INDEXES {
            c.execute_batch(sql).unwrap();
        }
        c.pragma_update(None, "user_version", 2).unwrap();
        c
    }

    #[test]
    fn a_version_2_file_upgrades_to_the_schema_of_a_fresh_one_and_is_searchable() {
        let mut old = version_2_file();
        let user = super::super::tests::user(1, Some((36.8, -1.3, &["wiring"], 4.5, true)));
        old.execute(
            "INSERT INTO users (id, email, phone, role, status, deleted, rating, skills, \
             created_at, doc) VALUES (?1, 'a@b.co', '+254700000000', 'technician', 'active', 0, \
             0, '', '2026-01-01T00:00:00.000Z', ?2)",
            [user.id.to_hex(), serde_json::to_string(&user).unwrap()],
        )
        .unwrap();
        migrate(&mut old).map_err(|_| "upgrade").unwrap();

        let mut fresh = Connection::open_in_memory().unwrap();
        migrate(&mut fresh).map_err(|_| "migrate").unwrap();
        assert_eq!(schema_of(&old), schema_of(&fresh));
        assert!(!exists(&old, "users_fts").unwrap() && !exists(&old, "follows_edge").unwrap());
        // The side tables were filled again from the stored documents.
        let word = user.first_name.clone();
        let q = super::super::fts::match_query(&word).unwrap();
        let hits: i64 = old
            .query_row(
                "SELECT COUNT(*) FROM users_text WHERE users_text MATCH ?",
                [q],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(hits, 1, "the upgraded file finds the user by name");
        let located: i64 = old
            .query_row("SELECT COUNT(*) FROM users_location_2dsphere", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(located, 1, "the upgraded file finds the technician nearby");
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
