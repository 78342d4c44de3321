//! `ensure_indexes`: compares each definition with the server's `listIndexes` and creates,
//! keeps, rebuilds or reports it; also learns whether the server builds text indexes.

use std::sync::atomic::{AtomicU8, Ordering};

use bson::{Document, doc};

use super::{IndexDef, definitions};
use crate::error::{Error, Result};
use crate::store::collections as c;
use crate::store::mongo::{Mongo, errors};
use crate::store::{IndexReport, IndexStatus, TextSearchMode};

/// Indexes earlier versions built under keys no spec declares any more: dropped by a real run
/// (an old index with the keys of a current one is rebuilt under its new name anyway).
const RETIRED: &[(&str, &str)] = &[
    ("follows", "follows_followee_created"),
    ("audit_log", "audit_target_at"),
];

/// Whether a failed `createIndexes` of a text index means "this server has no text indexes".
fn is_text_unsupported(def: &IndexDef, e: &mongodb::error::Error) -> bool {
    def.is_text() && refuses_text(e)
}

/// 67 CannotCreateIndex (SecantusDB: "text indexes are not supported by SecantusDB"), 115
/// CommandNotSupported or 238 NotImplemented, about text.
fn refuses_text(e: &mongodb::error::Error) -> bool {
    errors::has_code(e, &[67, 115, 238]) && e.to_string().to_lowercase().contains("text")
}

/// Whether the server builds text indexes: unknown until learnt, then cached.
#[derive(Debug, Default)]
pub(in crate::store) struct TextIndexSupport(AtomicU8);

impl TextIndexSupport {
    const YES: u8 = 1;
    const NO: u8 = 2;

    fn get(&self) -> Option<bool> {
        match self.0.load(Ordering::Acquire) {
            Self::YES => Some(true),
            Self::NO => Some(false),
            _ => None,
        }
    }

    fn set(&self, supported: bool) {
        self.0.store(
            if supported { Self::YES } else { Self::NO },
            Ordering::Release,
        );
    }
}

impl Mongo {
    /// Whether the server builds text indexes. When no real run has told us yet, a dry run
    /// asks by building one on a throw-away collection and dropping it again — the only
    /// reliable test (servers do not advertise it), and it leaves the product's collections
    /// untouched.
    async fn server_builds_text_indexes(&self) -> Result<bool> {
        if let Some(known) = self.text_indexes.get() {
            return Ok(known);
        }
        let probe = format!("baitech_text_probe_{}", crate::domain::Id::new());
        let created = self
            .db
            .run_command(doc! {
                "createIndexes": probe.as_str(),
                "indexes": [{ "key": { "probe": "text" }, "name": "probe_text" }],
            })
            .await;
        let dropped = self.db.run_command(doc! { "drop": probe.as_str() }).await;
        let supported = match created {
            Ok(_) => true,
            Err(e) if refuses_text(&e) => false,
            Err(e) => {
                return Err(errors::db_error(
                    e,
                    &probe,
                    "probing for text index support",
                ));
            }
        };
        if let Err(e) = dropped {
            // 26 NamespaceNotFound: the refused index never created the collection.
            if !errors::has_code(&e, &[26]) {
                tracing::warn!(collection = %probe, error = %e, "mongodb: could not drop the text-index probe collection");
            }
        }
        self.text_indexes.set(supported);
        Ok(supported)
    }

    /// See [`crate::store::StoreAdmin::ensure_indexes`].
    pub(in crate::store) async fn ensure_indexes_impl(
        &self,
        dry_run: bool,
    ) -> Result<Vec<IndexReport>> {
        let defs = definitions();
        let mut reports = Vec::with_capacity(defs.len());
        let mut text_ok = true;
        for collection in c::ALL {
            let mut existing = self.list_index_specs(collection).await?;
            if !dry_run {
                self.drop_retired(collection, &mut existing).await?;
            }
            for def in defs.iter().filter(|d| d.collection == *collection) {
                let status = self.ensure_one(def, &mut existing, dry_run).await?;
                if def.is_text()
                    && !matches!(
                        status,
                        IndexStatus::Created | IndexStatus::Existing | IndexStatus::Changed
                    )
                {
                    text_ok = false;
                }
                reports.push(IndexReport {
                    collection: collection.to_string(),
                    name: def.name.to_string(),
                    keys: def.describe_keys(),
                    status,
                });
            }
        }
        if !dry_run {
            self.text_mode.set(if text_ok {
                TextSearchMode::Native
            } else {
                TextSearchMode::RegexFallback
            });
        }
        Ok(reports)
    }

    /// Drops the [`RETIRED`] indexes of `collection` that `existing` still lists.
    async fn drop_retired(&self, collection: &str, existing: &mut Vec<Document>) -> Result<()> {
        for (_, name) in RETIRED.iter().filter(|(c, _)| *c == collection) {
            let Some(i) = existing
                .iter()
                .position(|s| s.get_str("name").ok() == Some(*name))
            else {
                continue;
            };
            existing.remove(i);
            tracing::info!(
                collection,
                index = name,
                "mongodb: dropping a retired index"
            );
            self.db
                .run_command(doc! { "dropIndexes": collection, "index": *name })
                .await
                .map_err(|e| errors::db_error(e, collection, "dropping a retired index"))?;
        }
        Ok(())
    }

    /// Brings one index in line with its definition; `existing` is the collection's current
    /// list, kept up to date as indexes are dropped.
    async fn ensure_one(
        &self,
        def: &IndexDef,
        existing: &mut Vec<Document>,
        dry_run: bool,
    ) -> Result<IndexStatus> {
        let by_name = existing
            .iter()
            .position(|s| s.get_str("name").ok() == Some(def.name));
        // An index with our keys under another name (e.g. Mongoose's `email_1`) blocks ours.
        let by_keys = || {
            existing
                .iter()
                .position(|s| s.get_str("name").ok() != Some("_id_") && def.same_keys(s))
        };
        let stale = match by_name {
            Some(i) if def.matches(&existing[i]) => return Ok(IndexStatus::Existing),
            Some(i) => Some(i),
            None => by_keys(),
        };
        if dry_run {
            let refused = def.is_text() && !self.server_builds_text_indexes().await?;
            return Ok(if refused {
                IndexStatus::Unsupported
            } else {
                IndexStatus::Planned
            });
        }
        if let Some(i) = stale {
            let old = existing.remove(i);
            let old_name = old.get_str("name").unwrap_or_default().to_string();
            tracing::info!(collection = def.collection, index = %old_name, "mongodb: dropping an index whose definition changed");
            self.db
                .run_command(doc! { "dropIndexes": def.collection, "index": old_name.as_str() })
                .await
                .map_err(|e| {
                    Error::internal(
                        format!("mongodb: dropping index {old_name} on {}", def.collection),
                        e,
                    )
                })?;
        }
        let created = self
            .db
            .run_command(doc! { "createIndexes": def.collection, "indexes": [def.spec()] })
            .await;
        match created {
            Ok(_) => {
                if def.is_text() {
                    self.text_indexes.set(true);
                }
                Ok(if stale.is_some() {
                    IndexStatus::Changed
                } else {
                    IndexStatus::Created
                })
            }
            Err(e) if is_text_unsupported(def, &e) => {
                self.text_indexes.set(false);
                tracing::info!(
                    collection = def.collection,
                    index = def.name,
                    "mongodb: the server has no text indexes; text search uses the regex fallback"
                );
                Ok(IndexStatus::Unsupported)
            }
            Err(e) if errors::is_duplicate_key(&e) => Err(Error::Conflict(format!(
                "cannot build unique index {} on {}: existing documents share a value ({})",
                def.name,
                def.collection,
                errors::duplicate_key_message(&e).unwrap_or_default()
            ))),
            Err(e) => Err(errors::db_error(
                e,
                def.collection,
                &format!("creating index {}", def.name),
            )),
        }
    }
}
