//! Storage: one repository trait per aggregate and two adapters behind them —
//! [`embedded`] (SQLite in one file; the zero-setup default) and [`mongo`] (production).
//!
//! Repositories expose the queries the product needs, not a generic document API. Both adapters
//! pass the same conformance suite (`tests/suite/store.rs`).

pub mod collection;
pub mod document;
pub mod embedded;
pub mod mongo;
pub mod page;
pub mod query;
pub mod spec;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use crate::domain::audit::AuditEntry;
use crate::domain::booking::{Booking, BookingStatus};
use crate::domain::conversation::Conversation;
use crate::domain::follow::Follow;
use crate::domain::ledger::{AccountBalance, GatewayEvent, LedgerLine, Settlement};
use crate::domain::message::Message;
use crate::domain::notification::Notification;
use crate::domain::post::{Engagement, ModerationStatus, Post};
use crate::domain::review::Review;
use crate::domain::token::{AuthToken, TokenKind};
use crate::domain::transaction::Transaction;
use crate::domain::user::{LoginEvent, User, UserField, UserGuard};
use crate::domain::{Email, Id, Phone, Timestamp};
use crate::error::Result;

pub use collection::{Collection, Condition, Update};
pub use document::Document;
pub use page::{Page, PageRequest};
pub use query::*;

/// Opens the store the configuration selects: MongoDB when `MONGODB_URI` is set (an unreachable
/// server is `Unavailable` within the dependency timeout at start-up, and within the request
/// timeout for each later operation), the embedded store otherwise.
pub async fn open(config: &crate::config::Config) -> Result<Store> {
    match &config.mongodb_uri {
        Some(uri) => {
            mongo::connect_with(
                uri,
                &config.mongodb_db,
                config.dependency_timeout,
                config.dependency_request_timeout,
            )
            .await
        }
        None => embedded::open(&config.data_dir).await,
    }
}

/// The repositories of one backend, cheap to clone.
#[derive(Clone)]
pub struct Store {
    pub users: Arc<dyn UserRepo>,
    pub follows: Arc<dyn FollowRepo>,
    pub bookings: Arc<dyn BookingRepo>,
    pub transactions: Arc<dyn TransactionRepo>,
    pub posts: Arc<dyn PostRepo>,
    pub reviews: Arc<dyn ReviewRepo>,
    pub conversations: Arc<dyn ConversationRepo>,
    pub messages: Arc<dyn MessageRepo>,
    pub notifications: Arc<dyn NotificationRepo>,
    pub audit: Arc<dyn AuditRepo>,
    pub tokens: Arc<dyn TokenRepo>,
    pub ledger: Arc<dyn LedgerRepo>,
    pub admin: Arc<dyn StoreAdmin>,
}

impl Store {
    /// Wires every repository to one adapter value that implements them all.
    pub fn from_adapter<A>(a: Arc<A>) -> Store
    where
        A: UserRepo
            + FollowRepo
            + BookingRepo
            + TransactionRepo
            + PostRepo
            + ReviewRepo
            + ConversationRepo
            + MessageRepo
            + NotificationRepo
            + AuditRepo
            + TokenRepo
            + LedgerRepo
            + StoreAdmin
            + 'static,
    {
        Store {
            users: a.clone(),
            follows: a.clone(),
            bookings: a.clone(),
            transactions: a.clone(),
            posts: a.clone(),
            reviews: a.clone(),
            conversations: a.clone(),
            messages: a.clone(),
            notifications: a.clone(),
            audit: a.clone(),
            tokens: a.clone(),
            ledger: a.clone(),
            admin: a,
        }
    }
}

/// Collection names, shared by both adapters (SQLite table = MongoDB collection).
pub mod collections {
    pub const USERS: &str = "users";
    pub const FOLLOWS: &str = "follows";
    pub const BOOKINGS: &str = "bookings";
    pub const TRANSACTIONS: &str = "transactions";
    pub const POSTS: &str = "posts";
    pub const REVIEWS: &str = "reviews";
    pub const CONVERSATIONS: &str = "conversations";
    pub const MESSAGES: &str = "messages";
    pub const NOTIFICATIONS: &str = "notifications";
    pub const AUDIT_LOG: &str = "audit_log";
    pub const TOKENS: &str = "auth_tokens";
    pub const LEDGER: &str = "ledger";
    pub const LEDGER_ACCOUNTS: &str = "ledger_accounts";
    pub const GATEWAY_EVENTS: &str = "gateway_events";
    pub const SETTLEMENTS: &str = "settlements";
    pub const ALL: &[&str] = &[
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
    ];
}

/// Users: accounts of every role. Email and phone are unique among non-deleted users.
#[async_trait]
pub trait UserRepo: Collection<User> {
    async fn find_user_by_email(&self, email: &Email) -> Result<Option<User>>;
    async fn find_user_by_phone(&self, phone: &Phone) -> Result<Option<User>>;
    /// Writes `fields` of `user` (their values in `user`; an absent optional value removes the
    /// field) and its `updatedAt`, and nothing else, in one atomic step that also checks
    /// `guard` against the stored account. Returns the account as stored afterwards, `None`
    /// when the guard refused, `NotFound` if absent, `Conflict` on a taken email, phone or
    /// username. Written once, on the generic [`Collection::update`].
    async fn patch_user(
        &self,
        user: &User,
        fields: &[UserField],
        guard: UserGuard,
    ) -> Result<Option<User>> {
        let mut paths: Vec<&str> = fields.iter().map(|f| f.path()).collect();
        paths.push("updatedAt");
        let only_if = guard_conditions(guard);
        let change = Update {
            set_from: Some((user, &paths)),
            only_if: &only_if,
            ..Update::default()
        };
        self.update(user.id, change).await
    }
    /// Stores a new password hash, clears the failure count and the lock, and moves the token
    /// version on (tokens issued before are refused); returns the new version.
    async fn set_password(&self, id: Id, hash: &str, at: Timestamp) -> Result<u64>;
    /// Moves the token version on (log out everywhere); returns the new version.
    async fn bump_token_version(&self, id: Id, at: Timestamp) -> Result<u64>;
    /// Counts one failed login (and appends `event` to the capped history) atomically;
    /// returns the count afterwards, so parallel failures each see their own number.
    async fn record_login_failure(&self, id: Id, event: &LoginEvent) -> Result<u32>;
    /// Locks logins until `until` unless already locked longer, provided at least `failures`
    /// failures are still counted (a success in between cleared them).
    async fn lock_logins(&self, id: Id, failures: u32, until: Timestamp) -> Result<()>;
    /// A successful login: clears the failures and the lock, appends `event`, sets
    /// `lastLoginAt`.
    async fn record_login_success(&self, id: Id, event: &LoginEvent) -> Result<()>;
    /// Adds to a technician's job statistics and recomputes the completion rate; a user
    /// without a technician profile is left alone.
    async fn add_job_counts(&self, id: Id, completed: i64, cancelled: i64) -> Result<()>;
    /// Newest first (id descending), filtered; `filter.text` uses text search.
    async fn list_users(&self, filter: &UserFilter, page: &PageRequest) -> Result<Page<User>>;
    /// Active technicians within `radius_km`, nearest first, at most `limit`.
    async fn nearby_technicians(&self, q: &NearbyQuery) -> Result<Vec<Nearby<User>>>;
    async fn count_users(&self, filter: &UserFilter) -> Result<u64>;
}

/// What the stored account must satisfy for a write under `guard` (see [`UserGuard::admits`]).
fn guard_conditions(guard: UserGuard) -> Vec<Condition> {
    use crate::domain::user::UserStatus;
    let status = |s: UserStatus| serde_json::Value::from(s.as_str());
    let not = |statuses: &[UserStatus]| {
        Condition::NoneOf("status", statuses.iter().map(|s| status(*s)).collect())
    };
    match guard {
        UserGuard::Exists => Vec::new(),
        UserGuard::Live => vec![Condition::Missing("deletedAt"), not(&[UserStatus::Deleted])],
        UserGuard::Writable => vec![
            Condition::Missing("deletedAt"),
            not(&[
                UserStatus::Deleted,
                UserStatus::Suspended,
                UserStatus::Banned,
            ]),
        ],
        UserGuard::StatusIs(s) => vec![Condition::Is("status", status(s))],
    }
}

/// Follow edges; both lists page, and the counters on both users move in the same transaction.
#[async_trait]
pub trait FollowRepo: Collection<Follow> {
    /// Idempotent: `false` when the edge already existed (counters unchanged).
    async fn follow(&self, follower: Id, followee: Id) -> Result<bool>;
    /// Idempotent: `false` when there was no edge.
    async fn unfollow(&self, follower: Id, followee: Id) -> Result<bool>;
    async fn is_following(&self, follower: Id, followee: Id) -> Result<bool>;
    /// Edges pointing at `user`, newest first.
    async fn followers(&self, user: Id, page: &PageRequest) -> Result<Page<Follow>>;
    /// Edges from `user`, newest first.
    async fn following(&self, user: Id, page: &PageRequest) -> Result<Page<Follow>>;
}

/// Bookings. Updates are compare-and-set on `version` so concurrent transitions cannot both win.
#[async_trait]
pub trait BookingRepo: Collection<Booking> {
    /// Newest first, filtered.
    async fn list_bookings(
        &self,
        filter: &BookingFilter,
        page: &PageRequest,
    ) -> Result<Page<Booking>>;
    async fn count_bookings_by_status(
        &self,
        filter: &BookingFilter,
    ) -> Result<Vec<(BookingStatus, u64)>>;
}

/// Payments, refunds, payouts.
#[async_trait]
pub trait TransactionRepo: Collection<Transaction> {
    /// Looks up by a gateway reference (`checkoutRequestId`, `paymentIntentId`, ...).
    async fn find_transaction_by_gateway_ref(
        &self,
        key: GatewayRefKey,
        value: &str,
    ) -> Result<Option<Transaction>>;
    /// Replaces the stored document only if its status is still `expected_status`.
    async fn update_transaction(
        &self,
        tx: &Transaction,
        expected_status: crate::domain::transaction::TransactionStatus,
    ) -> Result<bool>;
    /// Newest first, filtered.
    async fn list_transactions(
        &self,
        filter: &TransactionFilter,
        page: &PageRequest,
    ) -> Result<Page<Transaction>>;
    async fn count_transactions(&self, filter: &TransactionFilter) -> Result<u64>;
}

/// The double-entry ledger, account balances, received gateway events and payout batches.
/// Every change of money goes through [`LedgerRepo::apply_money`], so the ledger lines, the
/// balances and the documents they explain are written together or not at all.
#[async_trait]
pub trait LedgerRepo: Collection<Settlement> {
    /// Applies `write` atomically: inserts, compare-and-set replacements (transactions on
    /// `status`, booking and settlement on `version`), ledger lines with their account
    /// balances, and the event. `Stale` or `DuplicateEvent` when nothing was written;
    /// `InsufficientFunds` when a wallet would go into debit; `Conflict` on a used idempotency
    /// key. On MongoDB this needs multi-document transactions (a replica set): without them it
    /// is `Unavailable` rather than a partial write.
    async fn apply_money(&self, write: &MoneyWrite) -> Result<WriteOutcome>;
    /// Appends lines without touching balances: bulk import and benchmarks only;
    /// `settlements reconcile` reports anything that does not add up.
    async fn import_ledger_lines(&self, lines: &[LedgerLine]) -> Result<u64>;
    /// Lines of one transaction, oldest first.
    async fn transaction_lines(&self, transaction: Id) -> Result<Vec<LedgerLine>>;
    /// Lines in id order after `after` (from the start when `None`), at most `limit`.
    async fn scan_ledger(&self, after: Option<Id>, limit: u32) -> Result<Vec<LedgerLine>>;
    async fn count_ledger_lines(&self) -> Result<u64>;
    async fn get_account(
        &self,
        account: &crate::domain::ledger::Account,
    ) -> Result<Option<AccountBalance>>;
    /// Accounts whose key starts with `prefix` (all when empty), in key order.
    async fn list_accounts(&self, prefix: &str) -> Result<Vec<AccountBalance>>;
    async fn get_gateway_event(
        &self,
        gateway: crate::domain::transaction::Gateway,
        event_id: &str,
    ) -> Result<Option<GatewayEvent>>;
    /// Newest first, filtered.
    async fn list_gateway_events(
        &self,
        filter: &GatewayEventFilter,
        page: &PageRequest,
    ) -> Result<Page<GatewayEvent>>;
    /// Newest first, filtered.
    async fn list_settlements(
        &self,
        filter: &SettlementFilter,
        page: &PageRequest,
    ) -> Result<Page<Settlement>>;
}

/// Social posts.
#[async_trait]
pub trait PostRepo: Collection<Post> {
    /// Newest first; deleted posts never appear; `filter.text` uses text search.
    async fn list_posts(&self, filter: &PostFilter, page: &PageRequest) -> Result<Page<Post>>;
    /// Highest stored `engagementScore` first (cursor = offset in score order), public and
    /// approved posts only.
    async fn explore_posts(&self, page: &PageRequest) -> Result<Page<Post>>;
    /// Atomically adds the deltas to the engagement counters and returns the new counters.
    async fn add_engagement(&self, id: Id, delta: &Engagement) -> Result<Engagement>;
    async fn set_engagement_score(&self, id: Id, score: f64) -> Result<()>;
    async fn set_moderation(
        &self,
        id: Id,
        status: ModerationStatus,
        reasons: &[String],
        by: Option<Id>,
    ) -> Result<()>;
}

/// Reviews of completed bookings.
#[async_trait]
pub trait ReviewRepo: Collection<Review> {
    /// Newest first, filtered; `filter.text` uses text search.
    async fn list_reviews(&self, filter: &ReviewFilter, page: &PageRequest)
    -> Result<Page<Review>>;
    /// Adds `voter` to the helpful voters once; `false` (and no change) on a second vote.
    async fn vote_review_helpful(&self, id: Id, voter: Id) -> Result<bool>;
}

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

/// In-app notifications and their delivery state.
#[async_trait]
pub trait NotificationRepo: Collection<Notification> {
    /// Newest first; expired notifications are left out.
    async fn list_notifications(
        &self,
        filter: &NotificationFilter,
        page: &PageRequest,
    ) -> Result<Page<Notification>>;
    /// Marks one of `recipient`'s notifications read; `false` if it is not theirs or absent.
    async fn mark_notification_read(&self, id: Id, recipient: Id, at: Timestamp) -> Result<bool>;
    async fn mark_all_notifications_read(&self, recipient: Id, at: Timestamp) -> Result<u64>;
    async fn unread_notification_count(&self, recipient: Id, now: Timestamp) -> Result<u64>;
    /// Deletes at most `limit` read notifications created before `before`.
    async fn delete_read_notifications_before(&self, before: Timestamp, limit: u32) -> Result<u64>;
    async fn count_read_notifications_before(&self, before: Timestamp) -> Result<u64>;
    /// Deletes at most `limit` notifications whose `expiresAt` has passed.
    async fn delete_expired_notifications(&self, now: Timestamp, limit: u32) -> Result<u64>;
    async fn count_expired_notifications(&self, now: Timestamp) -> Result<u64>;
}

/// Append-only audit log of admin actions.
#[async_trait]
pub trait AuditRepo: Collection<AuditEntry> {
    /// Newest first, filtered.
    async fn list_audit(
        &self,
        filter: &AuditFilter,
        page: &PageRequest,
    ) -> Result<Page<AuditEntry>>;
}

/// Refresh, verification and reset tokens (stored hashed).
#[async_trait]
pub trait TokenRepo: Collection<AuthToken> {
    async fn find_token(&self, kind: TokenKind, token_hash: &str) -> Result<Option<AuthToken>>;
    /// Marks the token used if it is unused and unrevoked; `false` otherwise (atomic).
    async fn consume_token(&self, id: Id, at: Timestamp) -> Result<bool>;
    /// Revokes every token of the family; returns how many were still live.
    async fn revoke_token_family(&self, family: Id, at: Timestamp) -> Result<u64>;
    /// Revokes every live token of `kind` of the user.
    async fn revoke_user_tokens(&self, user: Id, kind: TokenKind, at: Timestamp) -> Result<u64>;
    /// Deletes at most `limit` tokens whose `expiresAt` has passed.
    async fn delete_expired_tokens(&self, now: Timestamp, limit: u32) -> Result<u64>;
    async fn count_expired_tokens(&self, now: Timestamp) -> Result<u64>;
}

/// Operations on the store as a whole.
#[async_trait]
pub trait StoreAdmin: Send + Sync {
    /// `"embedded"` or `"mongodb"`.
    fn backend(&self) -> &'static str;
    /// Round trip to the database.
    async fn ping(&self) -> Result<Duration>;
    /// The spec's `getDatabaseStats`: per collection counts, sizes and index counts.
    async fn stats(&self) -> Result<DatabaseStats>;
    /// Creates every index the product needs; idempotent. With `dry_run` only reports.
    async fn ensure_indexes(&self, dry_run: bool) -> Result<Vec<IndexReport>>;
    /// How text search runs on this backend.
    async fn text_search_mode(&self) -> Result<TextSearchMode>;
    /// Deletes every document of every collection (indexes stay).
    async fn reset(&self) -> Result<()>;
}
