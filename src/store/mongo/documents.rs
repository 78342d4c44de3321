//! Operations every collection shares: get by id, insert (one, or all-or-nothing many), replace,
//! the three pagination orders, counting and bounded deletes.

use bson::{Document, doc};
use futures::{FutureExt, TryStreamExt};
use mongodb::Collection;
use mongodb::error::ErrorKind;
use mongodb::options::ReturnDocument;

use super::Mongo;
use super::codec::{Stored, and, date, from_doc, from_docs, oid, oids, to_doc};
use super::errors;
use crate::domain::Id;
use crate::error::{Error, Result};
use crate::store::page::{Cursor, Page, PageRequest};

/// How a list is sorted and continued.
pub(in crate::store) enum Order<'a> {
    /// `_id` descending (newest first); `Cursor::Id`.
    IdDesc,
    /// `(field desc, _id desc)` where `field` is a top-level date; `Cursor::KeyId(millis, id)`.
    DateKeyDesc { field: &'a str },
    /// Any sort, continued by offset; `Cursor::Offset`.
    Offset(Document),
}

impl Mongo {
    /// The document with this id, if any.
    pub(in crate::store) async fn get_by_id<T: Stored>(&self, id: Id) -> Result<Option<T>> {
        self.find_one::<T>(doc! { "_id": oid(id) }).await
    }

    /// The first document matching `filter` (newest first when several match).
    pub(in crate::store) async fn find_one<T: Stored>(
        &self,
        filter: Document,
    ) -> Result<Option<T>> {
        let found = self
            .coll(T::SPEC.name)
            .find_one(filter)
            .sort(doc! { "_id": -1 })
            .await
            .map_err(errors::ctx(T::SPEC.name, "reading a document"))?;
        found.map(|d| from_doc(d, T::SPEC.name)).transpose()
    }

    /// Documents with these ids (missing ones skipped), in no particular order.
    pub(in crate::store) async fn get_many<T: Stored>(&self, ids: &[Id]) -> Result<Vec<T>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let docs = self
            .find_docs(
                T::SPEC.name,
                doc! { "_id": { "$in": oids(ids) } },
                None,
                0,
                None,
            )
            .await?;
        from_docs(docs, T::SPEC.name)
    }

    /// Raw documents matching `filter`.
    pub(in crate::store) async fn find_docs(
        &self,
        collection: &str,
        filter: Document,
        sort: Option<Document>,
        skip: u64,
        limit: Option<i64>,
    ) -> Result<Vec<Document>> {
        let coll = self.coll(collection);
        let mut find = coll.find(filter);
        if let Some(sort) = sort {
            find = find.sort(sort);
        }
        if skip > 0 {
            find = find.skip(skip);
        }
        if let Some(limit) = limit {
            find = find.limit(limit);
        }
        let cursor = find.await.map_err(errors::ctx(collection, "querying"))?;
        cursor
            .try_collect()
            .await
            .map_err(errors::ctx(collection, "reading query results"))
    }

    /// Inserts an already encoded document of `collection`.
    pub(in crate::store) async fn insert_doc(&self, collection: &str, doc: Document) -> Result<()> {
        self.coll(collection)
            .insert_one(doc)
            .await
            .map(|_| ())
            .map_err(errors::ctx(collection, "inserting a document"))
    }

    /// Inserts all documents or none: one transaction, or (when the deployment has no
    /// transactions) an ordered insert whose successful part is deleted again on failure.
    pub(in crate::store) async fn insert_all<T: Stored>(&self, values: &[T]) -> Result<u64> {
        let docs = values.iter().map(to_doc).collect::<Result<Vec<_>>>()?;
        self.insert_all_docs(T::SPEC.name, docs).await
    }

    /// [`Self::insert_all`] for encoded documents.
    pub(in crate::store) async fn insert_all_docs(
        &self,
        collection: &str,
        docs: Vec<Document>,
    ) -> Result<u64> {
        if docs.is_empty() {
            return Ok(0);
        }
        let coll = self.coll(collection);
        if self.transactions_supported() {
            match insert_in_transaction(&self.client, &coll, &docs).await {
                Ok(n) => return Ok(n),
                Err(e) if errors::is_transactions_unsupported(&e) => self.disable_transactions(),
                Err(e) => return Err(errors::db_error(e, collection, "inserting documents")),
            }
        }
        insert_compensated(&coll, &docs).await
    }

    /// Replaces document `id` of `T`'s collection with `doc`; `NotFound` when there is none.
    pub(in crate::store) async fn replace_doc<T: Stored>(
        &self,
        id: Id,
        doc: Document,
    ) -> Result<()> {
        let result = self
            .coll(T::SPEC.name)
            .replace_one(doc! { "_id": oid(id) }, doc)
            .await
            .map_err(errors::ctx(T::SPEC.name, "replacing a document"))?;
        if result.matched_count == 0 {
            return Err(Error::NotFound(T::SPEC.noun));
        }
        Ok(())
    }

    /// Replaces document `value` only if it also matches `guard`: `Ok(false)` when it exists but
    /// the guard failed (someone changed it first), `NotFound` when it does not exist.
    pub(in crate::store) async fn replace_if<T: Stored>(
        &self,
        value: &T,
        guard: Document,
    ) -> Result<bool> {
        let id = value.id();
        let mut filter = doc! { "_id": oid(id) };
        filter.extend(guard);
        let result = self
            .coll(T::SPEC.name)
            .replace_one(filter, to_doc(value)?)
            .await
            .map_err(errors::ctx(T::SPEC.name, "replacing a document"))?;
        if result.matched_count == 1 {
            return Ok(true);
        }
        self.require_exists::<T>(id).await.map(|_| false)
    }

    /// Applies `update` atomically to the first document of `T`'s collection matching `filter`
    /// and returns it as it is afterwards; `None` when nothing matched.
    pub(in crate::store) async fn update_returning<T: Stored>(
        &self,
        filter: Document,
        update: Document,
        context: &str,
    ) -> Result<Option<Document>> {
        self.coll(T::SPEC.name)
            .find_one_and_update(filter, update)
            .return_document(ReturnDocument::After)
            .await
            .map_err(errors::ctx(T::SPEC.name, context))
    }

    /// `NotFound` unless document `id` of `T`'s collection exists.
    pub(in crate::store) async fn require_exists<T: Stored>(&self, id: Id) -> Result<()> {
        if self.count(T::SPEC.name, doc! { "_id": oid(id) }).await? == 0 {
            return Err(Error::NotFound(T::SPEC.noun));
        }
        Ok(())
    }

    /// Number of documents matching `filter`.
    pub(in crate::store) async fn count(&self, collection: &str, filter: Document) -> Result<u64> {
        self.coll(collection)
            .count_documents(filter)
            .await
            .map_err(errors::ctx(collection, "counting"))
    }

    /// Deletes at most `limit` documents matching `filter`, oldest (`_id` ascending) first:
    /// the ids are read first so one call never deletes more than `limit`.
    pub(in crate::store) async fn delete_limited(
        &self,
        collection: &str,
        filter: Document,
        limit: u32,
    ) -> Result<u64> {
        if limit == 0 {
            return Ok(0);
        }
        let coll = self.coll(collection);
        let ids: Vec<Document> = coll
            .find(filter)
            .projection(doc! { "_id": 1 })
            .sort(doc! { "_id": 1 })
            .limit(i64::from(limit))
            .await
            .map_err(errors::ctx(collection, "finding documents to delete"))?
            .try_collect()
            .await
            .map_err(errors::ctx(collection, "finding documents to delete"))?;
        if ids.is_empty() {
            return Ok(0);
        }
        let ids: Vec<bson::Bson> = ids
            .into_iter()
            .filter_map(|mut d| d.remove("_id"))
            .collect();
        let deleted = coll
            .delete_many(doc! { "_id": { "$in": ids } })
            .await
            .map_err(errors::ctx(collection, "deleting documents"))?;
        Ok(deleted.deleted_count)
    }

    /// One page of `T` matching `filter` in `order`. Numbered pages (`req.page`) skip and also
    /// count the total; cursors continue after the last item of the previous page.
    pub(in crate::store) async fn page<T: Stored>(
        &self,
        filter: Document,
        req: &PageRequest,
        order: Order<'_>,
    ) -> Result<Page<T>> {
        let total = match req.page {
            Some(_) => Some(self.count(T::SPEC.name, filter.clone()).await?),
            None => None,
        };
        let mut conditions = vec![filter];
        let skip = req.offset();
        let sort = match &order {
            Order::IdDesc => {
                if let Some(Cursor::Id(after) | Cursor::KeyId(_, after)) = req.cursor {
                    conditions.push(doc! { "_id": { "$lt": oid(after) } });
                }
                doc! { "_id": -1 }
            }
            Order::DateKeyDesc { field } => {
                // An offset cursor or page number skips (above); an id cursor cannot continue a
                // date order, so it starts from the top.
                if let Some(Cursor::KeyId(key, after)) = req.cursor {
                    let at = date(crate::domain::Timestamp::from_millis(key));
                    conditions.push(doc! { "$or": [
                        { *field: { "$lt": at.clone() } },
                        { *field: at, "_id": { "$lt": oid(after) } },
                    ] });
                }
                doc! { *field: -1, "_id": -1 }
            }
            Order::Offset(sort) => sort.clone(),
        };
        let docs = self
            .find_docs(
                T::SPEC.name,
                and(conditions),
                Some(sort),
                skip,
                Some(i64::from(req.limit) + 1),
            )
            .await?;
        let keys: Vec<Option<i64>> = match &order {
            Order::DateKeyDesc { field } => docs.iter().map(|d| date_millis(d, field)).collect(),
            _ => Vec::new(),
        };
        let rows: Vec<T> = from_docs(docs, T::SPEC.name)?;
        let rows: Vec<(T, Option<i64>)> = rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| (r, keys.get(i).copied().flatten()))
            .collect();
        let page = Page::from_rows(rows, req, total, |(item, key), next_offset| match &order {
            Order::IdDesc => Cursor::Id(item.id()),
            Order::DateKeyDesc { .. } => Cursor::KeyId(key.unwrap_or(0), item.id()),
            Order::Offset(_) => Cursor::Offset(next_offset),
        });
        Ok(page.map(|(item, _)| item))
    }
}

/// Milliseconds of a top-level date field of a raw document (for `Order::DateKeyDesc`).
fn date_millis(doc: &Document, field: &str) -> Option<i64> {
    doc.get_datetime(field).ok().map(|d| d.timestamp_millis())
}

async fn insert_in_transaction(
    client: &mongodb::Client,
    coll: &Collection<Document>,
    docs: &[Document],
) -> mongodb::error::Result<u64> {
    let mut session = client.start_session().await?;
    session
        .start_transaction()
        .and_run((coll, docs), |session, (coll, docs)| {
            async move {
                let inserted = coll.insert_many(docs.iter()).session(session).await?;
                Ok(inserted.inserted_ids.len() as u64)
            }
            .boxed()
        })
        .await
}

/// Ordered insert without a transaction; on failure removes what this call inserted (the
/// documents before the first failed one) so the caller sees all or nothing.
async fn insert_compensated(coll: &Collection<Document>, docs: &[Document]) -> Result<u64> {
    let name = coll.name().to_string();
    match coll.insert_many(docs.iter()).ordered(true).await {
        Ok(r) => Ok(r.inserted_ids.len() as u64),
        Err(e) => {
            let inserted = match e.kind.as_ref() {
                ErrorKind::InsertMany(m) => m
                    .write_errors
                    .as_ref()
                    .and_then(|w| w.iter().map(|w| w.index).min())
                    .unwrap_or(docs.len()),
                _ => docs.len(),
            };
            let ids: Vec<bson::Bson> = docs[..inserted]
                .iter()
                .filter_map(|d| d.get("_id").cloned())
                .collect();
            if !ids.is_empty()
                && let Err(cleanup) = coll.delete_many(doc! { "_id": { "$in": ids } }).await
            {
                tracing::error!(collection = %name, error = %cleanup, "mongodb: could not undo a partial bulk insert");
            }
            Err(errors::db_error(e, &name, "inserting documents"))
        }
    }
}

/// How a document is encoded for its collection: [`to_doc`], except where the adapter adds
/// fields its indexes select on (a live user's explicit `deletedAt: null`).
pub(in crate::store) trait Encode: Stored + Clone {
    fn encode(&self) -> Result<Document> {
        to_doc(self)
    }
}

macro_rules! plain_encoding {
    ($($ty:ty),*) => { $(impl Encode for $ty {})* };
}

plain_encoding!(
    crate::domain::follow::Follow,
    crate::domain::booking::Booking,
    crate::domain::transaction::Transaction,
    crate::domain::post::Post,
    crate::domain::review::Review,
    crate::domain::conversation::Conversation,
    crate::domain::message::Message,
    crate::domain::notification::Notification,
    crate::domain::audit::AuditEntry,
    crate::domain::token::AuthToken,
    crate::domain::ledger::GatewayEvent,
    crate::domain::ledger::Settlement,
    crate::domain::post::Comment,
    crate::domain::post::PostReaction,
    crate::domain::post::PostView,
    crate::domain::report::Report,
    crate::domain::notification_preferences::NotificationPreferences,
    crate::domain::delivery::Delivery,
    crate::domain::block::Block
);

impl Encode for crate::domain::user::User {
    fn encode(&self) -> Result<Document> {
        crate::store::users::mongo::user_doc(self)
    }
}

#[async_trait::async_trait]
impl<T: Encode> crate::store::collection::Collection<T> for Mongo {
    async fn insert(&self, doc: &T) -> Result<()> {
        self.insert_doc(T::SPEC.name, doc.encode()?).await
    }

    async fn insert_many(&self, docs: &[T]) -> Result<u64> {
        let docs = docs.iter().map(T::encode).collect::<Result<Vec<_>>>()?;
        self.insert_all_docs(T::SPEC.name, docs).await
    }

    async fn get(&self, id: Id) -> Result<Option<T>> {
        self.get_by_id(id).await
    }

    async fn get_many(&self, ids: &[Id]) -> Result<Vec<T>> {
        Mongo::get_many(self, ids).await
    }

    async fn replace(&self, doc: &T) -> Result<()> {
        self.replace_doc::<T>(doc.id(), doc.encode()?).await
    }

    async fn replace_if_version(&self, doc: &T, expected: i64) -> Result<bool> {
        // One `replace_one` filtered on the version the caller read: the server applies it
        // only if nobody else replaced the document since.
        let filter = doc! { "_id": oid(doc.id()), "version": expected };
        let result = self
            .coll(T::SPEC.name)
            .replace_one(filter, doc.encode()?)
            .await
            .map_err(errors::ctx(T::SPEC.name, "replacing a document"))?;
        if result.matched_count == 1 {
            return Ok(true);
        }
        self.require_exists::<T>(doc.id()).await.map(|_| false)
    }

    async fn delete(&self, id: Id) -> Result<bool> {
        let deleted = self
            .coll(T::SPEC.name)
            .delete_one(doc! { "_id": oid(id) })
            .await
            .map_err(errors::ctx(T::SPEC.name, "deleting a document"))?;
        Ok(deleted.deleted_count == 1)
    }

    async fn scan(&self, after: Option<Id>, limit: u32) -> Result<Vec<T>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let filter = match after {
            Some(id) => doc! { "_id": { "$gt": oid(id) } },
            None => Document::new(),
        };
        let docs = self
            .find_docs(
                T::SPEC.name,
                filter,
                Some(doc! { "_id": 1 }),
                0,
                Some(i64::from(limit)),
            )
            .await?;
        from_docs(docs, T::SPEC.name)
    }

    async fn update(
        &self,
        id: Id,
        change: crate::store::collection::Update<'_, T>,
    ) -> Result<Option<T>> {
        let mut filter = vec![doc! { "_id": oid(id) }];
        filter.extend(
            change
                .only_if
                .iter()
                .map(condition)
                .collect::<Result<Vec<_>>>()?,
        );
        let (mut set, mut unset, mut inc) = (Document::new(), Document::new(), Document::new());
        if let Some((source, paths)) = change.set_from {
            let full = source.encode()?;
            for path in paths {
                match at_path(&full, path) {
                    Some(v) => set.insert(*path, v.clone()),
                    None => unset.insert(*path, ""),
                };
            }
        }
        for (path, n) in change.inc {
            inc.insert(*path, *n);
        }
        let mut update = Document::new();
        for (op, fields) in [("$set", set), ("$unset", unset), ("$inc", inc)] {
            if !fields.is_empty() {
                update.insert(op, fields);
            }
        }
        if update.is_empty() {
            // Nothing to change: still check the conditions and return the document.
            return match self.find_one::<T>(and(filter)).await? {
                Some(doc) => Ok(Some(doc)),
                None => self.require_exists::<T>(id).await.map(|_| None),
            };
        }
        let after = self
            .update_returning::<T>(and(filter), update, "updating a document")
            .await?;
        match after {
            Some(doc) => from_doc(doc, T::SPEC.name).map(Some),
            None => self.require_exists::<T>(id).await.map(|_| None),
        }
    }
}

/// The value at a dotted `path` of an encoded document.
fn at_path<'a>(doc: &'a Document, path: &str) -> Option<&'a bson::Bson> {
    let mut parts = path.split('.');
    let mut value = doc.get(parts.next()?)?;
    for key in parts {
        value = value.as_document()?.get(key)?;
    }
    Some(value)
}

/// A [`Condition`](crate::store::collection::Condition) as a query filter.
fn condition(c: &crate::store::collection::Condition) -> Result<Document> {
    use crate::store::collection::Condition;
    let bson = |v: &serde_json::Value| {
        bson::serialize_to_bson(v).map_err(|e| Error::internal("mongodb: encoding a condition", e))
    };
    Ok(match c {
        Condition::Is(path, v) => doc! { *path: bson(v)? },
        Condition::NoneOf(path, vs) => {
            let vs = vs.iter().map(bson).collect::<Result<Vec<_>>>()?;
            doc! { *path: { "$nin": vs } }
        }
        Condition::Missing(path) => doc! { *path: null },
    })
}

impl Mongo {
    /// Applies `update` to the one document `filter` selects; whether it changed.
    pub(in crate::store) async fn update_one_in(
        &self,
        collection: &str,
        filter: Document,
        update: Document,
        context: &str,
    ) -> Result<bool> {
        let result = self
            .coll(collection)
            .update_one(filter, update)
            .await
            .map_err(errors::ctx(collection, context))?;
        Ok(result.modified_count == 1)
    }

    pub(in crate::store) async fn update_many_in(
        &self,
        collection: &str,
        filter: Document,
        update: Document,
        context: &str,
    ) -> Result<u64> {
        let result = self
            .coll(collection)
            .update_many(filter, update)
            .await
            .map_err(errors::ctx(collection, context))?;
        Ok(result.modified_count)
    }
}
