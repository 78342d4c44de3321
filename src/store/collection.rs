//! The operations every collection shares, written once per adapter for every [`Document`]
//! type: insert (one, or all-or-nothing many), get (one, or many), replace (unconditionally, or
//! only while the stored version is the one the caller read) and delete. Each aggregate's
//! repository trait has this as its supertrait and adds only the queries of its own.

use async_trait::async_trait;

use crate::domain::Id;
use crate::error::Result;
use crate::store::document::Document;

/// Generic document operations on `T`'s collection. Object safe: `Arc<dyn UserRepo>` reaches
/// them through the supertrait.
#[async_trait]
pub trait Collection<T: Document>: Send + Sync {
    /// Stores a new document; `Conflict` with the spec's message when a unique value (or the
    /// id) is taken.
    async fn insert(&self, doc: &T) -> Result<()>;
    /// Stores every document or none (seeding, imports); returns how many.
    async fn insert_many(&self, docs: &[T]) -> Result<u64>;
    /// The document with this id.
    async fn get(&self, id: Id) -> Result<Option<T>>;
    /// The documents with these ids, in no particular order; missing ids are skipped.
    async fn get_many(&self, ids: &[Id]) -> Result<Vec<T>>;
    /// Replaces the whole stored document; `NotFound` if absent, `Conflict` on a taken unique
    /// value. Flows that change a few fields of a shared document use field updates instead,
    /// so concurrent writers never undo each other.
    async fn replace(&self, doc: &T) -> Result<()>;
    /// Replaces the stored document only if its `version` is still `expected` (compare and
    /// set): `Ok(false)` when someone else changed it first, `NotFound` if it does not exist.
    async fn replace_if_version(&self, doc: &T, expected: i64) -> Result<bool>;
    /// Deletes the document; `false` when there was none.
    async fn delete(&self, id: Id) -> Result<bool>;
}
