//! The operations every collection shares, written once per adapter for every [`Document`]
//! type: insert (one, or all-or-nothing many), get (one, or many), replace (unconditionally, or
//! only while the stored version is the one the caller read), delete, field updates (set
//! fields, move counters, on conditions) and a batched walk in id order. Each aggregate's
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
    /// Applies `change` to document `id` in one atomic step and returns the document as stored
    /// afterwards; `None` when a condition refused (nothing changed), `NotFound` if absent,
    /// `Conflict` on a taken unique value.
    async fn update(&self, id: Id, change: Update<'_, T>) -> Result<Option<T>>;
    /// Up to `limit` documents in ascending id order, after `after` (from the start when
    /// `None`): walks a whole collection in batches with constant memory (exports, checks).
    async fn scan(&self, after: Option<Id>, limit: u32) -> Result<Vec<T>>;
}

/// A field-level change of one document, applied atomically against the stored document:
/// fields copied from a source value, counters moved, and conditions the stored document must
/// meet first. Nothing else in the document changes, so concurrent writers of other fields
/// never undo each other.
#[derive(Debug)]
pub struct Update<'a, T> {
    /// Copy these fields (document paths) from this value; a field it lacks is removed.
    pub set_from: Option<(&'a T, &'a [&'a str])>,
    /// Add to these numeric fields (a missing one counts from 0).
    pub inc: &'a [(&'a str, i64)],
    /// Apply only if the stored document meets every condition.
    pub only_if: &'a [Condition],
}

impl<T> Default for Update<'_, T> {
    fn default() -> Self {
        Update {
            set_from: None,
            inc: &[],
            only_if: &[],
        }
    }
}

/// A condition on one field of a stored document.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// The field holds this value.
    Is(&'static str, serde_json::Value),
    /// The field holds none of these values (an absent field holds none).
    NoneOf(&'static str, Vec<serde_json::Value>),
    /// The field is absent or null.
    Missing(&'static str),
}

impl Condition {
    /// Whether the JSON form of a stored document meets the condition.
    pub fn holds(&self, doc: &serde_json::Value) -> bool {
        let at = |path: &str| {
            path.split('.')
                .try_fold(doc, |v, key| v.get(key))
                .filter(|v| !v.is_null())
        };
        match self {
            Condition::Is(path, want) => at(path) == Some(want),
            Condition::NoneOf(path, values) => at(path).is_none_or(|v| !values.contains(v)),
            Condition::Missing(path) => at(path).is_none(),
        }
    }
}
