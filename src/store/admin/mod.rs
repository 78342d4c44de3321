//! Operations on the store as a whole: the collection spec, the repository trait (only its own
//! queries; the generic ones come from [`Collection`]), its filters, and the two implementations,
//! `embedded.rs` and `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use crate::error::Result;
use async_trait::async_trait;
use serde::Serialize;
use std::time::Duration;

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

/// Per-collection statistics (the spec's `getDatabaseStats`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionStats {
    pub name: String,
    pub count: u64,
    pub size_bytes: u64,
    pub index_count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseStats {
    pub backend: String,
    pub database: String,
    pub collections: Vec<CollectionStats>,
    pub total_size_bytes: u64,
}

/// What `ensure_indexes` did (or would do) with one index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexStatus {
    Created,
    Existing,
    /// Existed with another definition and was rebuilt.
    Changed,
    /// Dry run: would be created or rebuilt.
    Planned,
    /// The server cannot build this kind of index; the documented fallback is used.
    Unsupported,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexReport {
    pub collection: String,
    pub name: String,
    /// Human description of the keys, e.g. `role, status, rating.average desc`.
    pub keys: String,
    pub status: IndexStatus,
}

/// How a backend runs text search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextSearchMode {
    /// SQLite FTS5 or a MongoDB text index.
    Native,
    /// The server has no text indexes: case-insensitive regular expressions over the same
    /// fields (every word must match; no relevance ranking).
    RegexFallback,
}
