//! Operations on the database as a whole ([`StoreAdmin`]): ping, statistics, index reports
//! (recreating and refilling any that went missing), and reset.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use rusqlite::Connection;

use crate::domain::conversation::Conversation;
use crate::domain::message::Message;
use crate::domain::post::Post;
use crate::domain::review::Review;
use crate::domain::user::User;
use crate::error::Result;
use crate::store::embedded::docs::{self, Table};
use crate::store::embedded::schema::{self, Kind, indexes};
use crate::store::embedded::{Embedded, Fail, fts};
use crate::store::{
    CollectionStats, DatabaseStats, IndexReport, IndexStatus, StoreAdmin, TextSearchMode,
    collections,
};

/// Re-derives the side entries of every row of `T` (after a side table was recreated).
fn rebuild<T: Table>(c: &Connection) -> Result<(), Fail> {
    let sql = format!("SELECT rid, doc FROM {}", T::SPEC.name);
    for (rid, doc) in docs::query_rows::<T>(c, &sql, &[])? {
        T::sync(c, rid, &doc, false)?;
    }
    Ok(())
}

/// Re-derives the side entries (FTS, R*Tree, link tables) of every document of `collection`.
pub(in crate::store) fn rebuild_collection(c: &Connection, collection: &str) -> Result<(), Fail> {
    match collection {
        collections::USERS => rebuild::<User>(c),
        collections::POSTS => rebuild::<Post>(c),
        collections::REVIEWS => rebuild::<Review>(c),
        collections::CONVERSATIONS => rebuild::<Conversation>(c),
        collections::MESSAGES => rebuild::<Message>(c),
        _ => Ok(()),
    }
}

/// Bytes per b-tree (table, index, FTS/R*Tree shadow table) from `dbstat`; `None` if the
/// virtual table is unavailable.
fn btree_sizes(c: &Connection) -> Option<HashMap<String, u64>> {
    let mut stmt = c
        .prepare("SELECT name, pgsize FROM dbstat WHERE aggregate = TRUE")
        .ok()?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .ok()?;
    rows.map(|r| r.map(|(n, s)| (n, s as u64)))
        .collect::<rusqlite::Result<_>>()
        .ok()
}

/// The collection a b-tree belongs to: its own table, one of its indexes, or a side table (and
/// the shadow tables FTS5 and R*Tree keep under the side table's name).
fn owner(name: &str, table_of: &HashMap<String, String>) -> Option<&'static str> {
    let table = table_of.get(name).map_or(name, String::as_str);
    collections::ALL.iter().copied().find(|coll| {
        table == *coll
            || schema::side_tables(coll)
                .any(|side| table == side || table.starts_with(&format!("{side}_")))
    })
}

/// An SQL expression for the bytes of one row of `table`: its `doc`, or the sum of its
/// columns when it keeps none (the ledger).
fn row_bytes(c: &Connection, table: &str) -> Result<String, Fail> {
    let columns: Vec<String> = c
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if columns.iter().any(|c| c == "doc") {
        return Ok("length(doc)".to_string());
    }
    let parts: Vec<String> = columns
        .iter()
        .map(|c| format!("COALESCE(length({c}), 0)"))
        .collect();
    Ok(if parts.is_empty() {
        "0".to_string()
    } else {
        parts.join(" + ")
    })
}

fn stats_blocking(c: &Connection, path: &str) -> Result<DatabaseStats, Fail> {
    let table_of: HashMap<String, String> = c
        .prepare("SELECT name, tbl_name FROM sqlite_master")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut sizes: HashMap<&'static str, u64> = HashMap::new();
    match btree_sizes(c) {
        Some(by_tree) => {
            for (name, bytes) in by_tree {
                if let Some(coll) = owner(&name, &table_of) {
                    *sizes.entry(coll).or_default() += bytes;
                }
            }
        }
        None => {
            // No dbstat: row bytes (the document, or every column of a table without one) plus
            // a third for keys and indexes.
            for coll in collections::ALL {
                let sql = format!(
                    "SELECT COALESCE(SUM({}), 0) FROM {coll}",
                    row_bytes(c, coll)?
                );
                let n: i64 = c.query_row(&sql, [], |r| r.get(0))?;
                sizes.insert(coll, n as u64 * 4 / 3);
            }
        }
    }
    let mut out = Vec::with_capacity(collections::ALL.len());
    for coll in collections::ALL {
        let count: i64 = c.query_row(&format!("SELECT COUNT(*) FROM {coll}"), [], |r| r.get(0))?;
        let mut index_count = 0;
        for def in indexes().iter().filter(|d| d.collection == *coll) {
            if schema::exists(c, def.name)? {
                index_count += 1;
            }
        }
        out.push(CollectionStats {
            name: (*coll).to_string(),
            count: count as u64,
            size_bytes: sizes.get(coll).copied().unwrap_or(0),
            index_count,
        });
    }
    let pages: i64 = c.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let page_size: i64 = c.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    Ok(DatabaseStats {
        backend: "embedded".to_string(),
        database: path.to_string(),
        collections: out,
        total_size_bytes: (pages * page_size) as u64,
    })
}

/// Recreates what is missing and reports the indexes the specs declare (the `id` indexes and
/// the members table are this store's machinery, recreated silently, as MongoDB's `_id_`).
fn ensure_blocking(c: &Connection, dry_run: bool) -> Result<Vec<IndexReport>, Fail> {
    let mut out = Vec::with_capacity(indexes().len());
    for def in indexes() {
        let status = if schema::exists(c, def.name)? {
            IndexStatus::Existing
        } else if dry_run {
            IndexStatus::Planned
        } else {
            c.execute_batch(&def.sql)?;
            // A recreated side table starts empty: refill it from the documents.
            if def.is_side_table() {
                rebuild_collection(c, def.collection)?;
            }
            IndexStatus::Created
        };
        if !def.declared {
            continue;
        }
        out.push(IndexReport {
            collection: def.collection.to_string(),
            name: def.name.to_string(),
            keys: def.keys.clone(),
            status,
        });
    }
    Ok(out)
}

fn reset_blocking(c: &Connection) -> Result<(), Fail> {
    for coll in collections::ALL {
        c.execute(&format!("DELETE FROM {coll}"), [])?;
    }
    for def in indexes().iter().filter(|d| d.is_side_table()) {
        if !schema::exists(c, def.name)? {
            continue;
        }
        match def.kind {
            Kind::Text => fts::clear(c, def.name)?,
            Kind::Table | Kind::Btree => {
                c.execute(&format!("DELETE FROM {}", def.name), [])?;
            }
        }
    }
    Ok(())
}

#[async_trait]
impl StoreAdmin for Embedded {
    fn backend(&self) -> &'static str {
        "embedded"
    }

    async fn ping(&self) -> Result<Duration> {
        let start = Instant::now();
        self.read("ping", |c| {
            Ok(c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?)
        })
        .await?;
        Ok(start.elapsed())
    }

    async fn stats(&self) -> Result<DatabaseStats> {
        let path = self.path().display().to_string();
        self.read("database statistics", move |c| stats_blocking(c, &path))
            .await
    }

    async fn ensure_indexes(&self, dry_run: bool) -> Result<Vec<IndexReport>> {
        if dry_run {
            self.read("check indexes", |c| ensure_blocking(c, true))
                .await
        } else {
            self.write("ensure indexes", |c| ensure_blocking(c, false))
                .await
        }
    }

    async fn text_search_mode(&self) -> Result<TextSearchMode> {
        Ok(TextSearchMode::Native)
    }

    async fn reset(&self) -> Result<()> {
        self.write("reset", reset_blocking).await
    }
}
