//! `StoreAdmin`: ping, per-collection statistics, indexes, text search mode and reset.
//!
//! Statistics degrade per field rather than fail: document count and data size come from the
//! `collStats` command, else the `$collStats` stage, else `countDocuments` (size then 0); the
//! index count comes from `listIndexes` (exact where `collStats` lags), else 0. Only an
//! unreachable server fails the call.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use bson::{Bson, Document, doc};
use futures::TryStreamExt;

use crate::error::{Error, Result};
use crate::store::collections;
use crate::store::mongo::Mongo;
use crate::store::mongo::errors;
use crate::store::{CollectionStats, DatabaseStats, IndexReport, StoreAdmin, TextSearchMode};

fn as_u64(v: Option<&Bson>) -> Option<u64> {
    match v? {
        Bson::Int32(n) => u64::try_from(*n).ok(),
        Bson::Int64(n) => u64::try_from(*n).ok(),
        Bson::Double(n) if *n >= 0.0 => Some(*n as u64),
        _ => None,
    }
}

impl Mongo {
    /// `(count, size)` of a collection from whichever statistics source the server offers.
    async fn count_and_size(&self, collection: &str) -> Result<(u64, u64)> {
        match self.db.run_command(doc! { "collStats": collection }).await {
            Ok(s) => {
                if let Some(count) = as_u64(s.get("count")) {
                    return Ok((count, as_u64(s.get("size")).unwrap_or(0)));
                }
            }
            // 26 NamespaceNotFound: never written to, so empty.
            Err(e) if errors::has_code(&e, &[26]) => return Ok((0, 0)),
            Err(e) if errors::is_unreachable(&e) => {
                return Err(errors::db_error(e, collection, "collStats"));
            }
            Err(e) => tracing::debug!(collection, error = %e, "mongodb: collStats unavailable"),
        }
        let pipeline = vec![doc! { "$collStats": { "storageStats": {} } }];
        let via_stage: Option<Document> = match self.coll(collection).aggregate(pipeline).await {
            Ok(cursor) => cursor
                .try_collect::<Vec<_>>()
                .await
                .ok()
                .and_then(|mut v| v.pop()),
            Err(_) => None,
        };
        let storage = via_stage
            .as_ref()
            .and_then(|d| d.get_document("storageStats").ok());
        let count = self.count(collection, Document::new()).await?;
        let size = storage.and_then(|s| as_u64(s.get("size"))).unwrap_or(0);
        Ok((count, size))
    }
}

#[async_trait]
impl StoreAdmin for Mongo {
    fn backend(&self) -> &'static str {
        "mongodb"
    }

    async fn ping(&self) -> Result<Duration> {
        let started = Instant::now();
        self.db
            .run_command(doc! { "ping": 1 })
            .await
            .map_err(|e| Error::unavailable("mongodb", errors::one_line(&e, "")))?;
        Ok(started.elapsed())
    }

    async fn stats(&self) -> Result<DatabaseStats> {
        let mut stats = Vec::with_capacity(collections::ALL.len());
        for name in collections::ALL {
            let (count, size_bytes) = self.count_and_size(name).await?;
            let index_count = match self.list_index_specs(name).await {
                Ok(specs) => specs.len() as u64,
                Err(e @ Error::Unavailable { .. }) => return Err(e),
                Err(e) => {
                    tracing::warn!(collection = name, error = %e, "mongodb: no index count");
                    0
                }
            };
            stats.push(CollectionStats {
                name: name.to_string(),
                count,
                size_bytes,
                index_count,
            });
        }
        Ok(DatabaseStats {
            backend: "mongodb".to_string(),
            database: self.db.name().to_string(),
            total_size_bytes: stats.iter().map(|s| s.size_bytes).sum(),
            collections: stats,
        })
    }

    async fn ensure_indexes(&self, dry_run: bool) -> Result<Vec<IndexReport>> {
        self.ensure_indexes_impl(dry_run).await
    }

    async fn text_search_mode(&self) -> Result<TextSearchMode> {
        self.text_mode().await
    }

    async fn reset(&self) -> Result<()> {
        for name in collections::ALL {
            self.coll(name)
                .delete_many(Document::new())
                .await
                .map_err(errors::ctx(name, "resetting"))?;
        }
        Ok(())
    }
}
