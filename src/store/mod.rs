//! Storage: one repository trait per aggregate and two adapters behind them —
//! [`embedded`] (SQLite in one file; the zero-setup default) and [`mongo`] (production).
//!
//! One folder per aggregate (`users/`, `bookings/`, ...), each with the same files: `mod.rs`
//! (its collection spec, its repository trait with the queries of its own, its filters),
//! `embedded.rs` and `mongo.rs`. What every collection shares is written once: the spec types
//! ([`spec`]), the document identity ([`document`]) and the generic operations ([`collection`]),
//! implemented once per adapter. Both adapters pass the same conformance suite
//! (`tests/suite/store.rs`).

pub mod collection;
pub mod document;
pub mod embedded;
pub mod mongo;

mod admin;
mod analytics;
mod audit;
mod blocks;
mod bookings;
mod chat;
mod comments;
mod deliveries;
mod follows;
mod ledger;
mod notification_preferences;
mod notifications;
pub mod page;
mod posts;
mod reactions;
mod reports;
mod reviews;
pub mod spec;
mod tokens;
mod transactions;
mod users;

use std::sync::Arc;

use crate::error::Result;

pub use admin::StoreAdmin;
pub use admin::{CollectionStats, DatabaseStats, IndexReport, IndexStatus, TextSearchMode};
pub use analytics::AnalyticsRepo;
pub use analytics::{
    DisputeFacts, Earnings, FUNNEL, FunnelFacts, RevenueGroup, RevenueSlot, SLOT_MS, Span,
    StateStays, TechnicianJobs,
};
pub use audit::AuditFilter;
pub use audit::AuditRepo;
pub use blocks::BlockRepo;
pub use bookings::BookingFilter;
pub use bookings::BookingRepo;
pub use chat::ConversationRepo;
pub use chat::MessageFilter;
pub use chat::MessageRepo;
pub use chat::{PARTICIPANT_SETTINGS, SeqQuery};
pub use collection::{Collection, Condition, Update};
pub use comments::{CommentFilter, CommentRepo};
pub use deliveries::DeliveryRepo;
pub use document::Document;
pub use follows::FollowRepo;
pub use ledger::LedgerRepo;
pub use ledger::{GatewayEventFilter, MoneyWrite, SettlementFilter, WriteOutcome};
pub use notification_preferences::NotificationPreferencesRepo;
pub use notifications::NotificationFilter;
pub use notifications::NotificationRepo;
pub use page::{Page, PageRequest};
pub use posts::PostRepo;
pub use posts::{HashtagCount, PostFilter, RankedKey};
pub use reactions::{ReactionRepo, Toggled};
pub use reports::{ReportFilter, ReportRepo};
pub use reviews::ReviewRepo;
pub use reviews::{ReviewFilter, ReviewSort};
pub use tokens::TokenRepo;
pub use transactions::TransactionRepo;
pub use transactions::{GatewayRefKey, TransactionFilter};
pub use users::UserRepo;
pub use users::{Nearby, NearbyQuery, UserFilter};

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
    pub blocks: Arc<dyn BlockRepo>,
    pub bookings: Arc<dyn BookingRepo>,
    pub transactions: Arc<dyn TransactionRepo>,
    pub posts: Arc<dyn PostRepo>,
    pub comments: Arc<dyn CommentRepo>,
    pub reactions: Arc<dyn ReactionRepo>,
    pub reports: Arc<dyn ReportRepo>,
    pub reviews: Arc<dyn ReviewRepo>,
    pub conversations: Arc<dyn ConversationRepo>,
    pub messages: Arc<dyn MessageRepo>,
    pub notifications: Arc<dyn NotificationRepo>,
    pub notification_preferences: Arc<dyn NotificationPreferencesRepo>,
    pub deliveries: Arc<dyn DeliveryRepo>,
    pub audit: Arc<dyn AuditRepo>,
    pub tokens: Arc<dyn TokenRepo>,
    pub ledger: Arc<dyn LedgerRepo>,
    /// The operators' reports (`export report`).
    pub analytics: Arc<dyn AnalyticsRepo>,
    pub admin: Arc<dyn StoreAdmin>,
}

impl Store {
    /// Wires every repository to one adapter value that implements them all.
    pub fn from_adapter<A>(a: Arc<A>) -> Store
    where
        A: UserRepo
            + FollowRepo
            + BlockRepo
            + BookingRepo
            + TransactionRepo
            + PostRepo
            + CommentRepo
            + ReactionRepo
            + ReportRepo
            + ReviewRepo
            + ConversationRepo
            + MessageRepo
            + NotificationRepo
            + NotificationPreferencesRepo
            + DeliveryRepo
            + AuditRepo
            + TokenRepo
            + LedgerRepo
            + AnalyticsRepo
            + StoreAdmin
            + 'static,
    {
        Store {
            users: a.clone(),
            follows: a.clone(),
            blocks: a.clone(),
            bookings: a.clone(),
            transactions: a.clone(),
            posts: a.clone(),
            comments: a.clone(),
            reactions: a.clone(),
            reports: a.clone(),
            reviews: a.clone(),
            conversations: a.clone(),
            messages: a.clone(),
            notifications: a.clone(),
            notification_preferences: a.clone(),
            deliveries: a.clone(),
            audit: a.clone(),
            tokens: a.clone(),
            ledger: a.clone(),
            analytics: a.clone(),
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
    pub const COMMENTS: &str = "comments";
    pub const POST_REACTIONS: &str = "post_reactions";
    pub const POST_VIEWS: &str = "post_views";
    pub const REPORTS: &str = "reports";
    pub const NOTIFICATION_PREFERENCES: &str = "notification_preferences";
    pub const NOTIFICATION_DELIVERIES: &str = "notification_deliveries";
    pub const BLOCKS: &str = "blocks";
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
        COMMENTS,
        POST_REACTIONS,
        POST_VIEWS,
        REPORTS,
        NOTIFICATION_PREFERENCES,
        NOTIFICATION_DELIVERIES,
        BLOCKS,
    ];
}
