//! The embedded store: SQLite (bundled; one file, WAL mode) behind every repository trait — the
//! zero-setup default that a small operator runs in production on one machine.
//!
//! Each collection is a table holding the JSON document in `doc` plus plain columns for the keys
//! that queries filter, sort and join on (see `schema.rs`); FTS5 tables serve text search
//! (`fts.rs`) and an R*Tree the nearby-technician search (`geo.rs`). SQLite calls block, so every
//! one runs on tokio's blocking pool: writes on the single writer connection inside a
//! `BEGIN IMMEDIATE` transaction (read-modify-write stays atomic even against another process
//! such as the CLI), reads on a small pool of reader connections that WAL lets run beside it.
//!
//! This module is the adapter-wide machinery (connection, schema, generic row operations and
//! the generic [`crate::store::Collection`], FTS, geo); each aggregate's queries live in its
//! slice, `src/store/<aggregate>/embedded.rs`.

pub(in crate::store) mod docs;
pub(in crate::store) mod fts;
pub(in crate::store) mod geo;
#[cfg(test)]
mod perf;
pub(in crate::store) mod schema;
#[cfg(test)]
pub(in crate::store) mod tests;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};
use crate::store::Store;

/// File name of the database inside the data directory.
pub const DB_FILE: &str = "baitech.db";

/// Idle reader connections kept open; more are opened under load and closed after.
const MAX_IDLE_READERS: usize = 4;

/// How long a statement waits for another writer (this process or another) before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens (creating if needed) `dir/baitech.db`, migrates its schema and returns the store.
pub async fn open(dir: &Path) -> Result<Store> {
    let dir = dir.to_path_buf();
    let db = tokio::task::spawn_blocking(move || Embedded::open_blocking(&dir))
        .await
        .map_err(|e| Error::internal("sqlite: open task", e))??;
    Ok(Store::from_adapter(Arc::new(db)))
}

/// The SQLite adapter; implements every repository trait of [`crate::store`].
pub struct Embedded {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

impl Embedded {
    fn open_blocking(dir: &Path) -> Result<Embedded> {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::internal(
                format!("sqlite: create data directory {}", dir.display()),
                e,
            )
        })?;
        let path = dir.join(DB_FILE);
        let what = format!("open {}", path.display());
        let mut writer = connect(&path, true).map_err(|e| Fail::Sql(e).into_error(&what))?;
        schema::migrate(&mut writer).map_err(|e| e.into_error("migrate the schema"))?;
        Ok(Embedded {
            inner: Arc::new(Inner {
                path,
                writer: Mutex::new(writer),
                readers: Mutex::new(Vec::new()),
            }),
        })
    }

    /// Path of the database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Runs `f` on a reader connection inside one read transaction (a consistent snapshot).
    pub(in crate::store) async fn read<T, F>(&self, what: &'static str, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, Fail> + Send + 'static,
    {
        let inner = self.inner.clone();
        blocking(what, move || {
            let conn = inner.take_reader()?;
            let out = {
                let tx = conn.unchecked_transaction()?;
                f(&tx)
            };
            inner.give_back(conn);
            out
        })
        .await
    }

    /// Runs `f` inside one `BEGIN IMMEDIATE` transaction on the writer; commits if it succeeds.
    pub(in crate::store) async fn write<T, F>(&self, what: &'static str, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, Fail> + Send + 'static,
    {
        let inner = self.inner.clone();
        blocking(what, move || {
            let mut conn = inner.writer.lock().unwrap_or_else(PoisonError::into_inner);
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })
        .await
    }
}

impl Inner {
    fn take_reader(&self) -> rusqlite::Result<Connection> {
        let idle = self
            .readers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        match idle {
            Some(c) => Ok(c),
            None => connect(&self.path, false),
        }
    }

    fn give_back(&self, conn: Connection) {
        let mut idle = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < MAX_IDLE_READERS {
            idle.push(conn);
        }
    }
}

/// Opens one connection with the settings every connection shares.
fn connect(path: &Path, writer: bool) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if writer {
        // WAL is a property of the file: set once by the writer, readers inherit it. After a
        // checkpoint the WAL is cut back to 64 MiB, so one bulk load does not leave a huge file.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        let _limit: i64 =
            conn.query_row("PRAGMA journal_size_limit = 67108864", [], |r| r.get(0))?;
    }
    conn.execute_batch(
        "PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -32000;
         PRAGMA mmap_size = 268435456;",
    )?;
    if !writer {
        // Readers never write: make a stray write an error instead of a second writer.
        conn.execute_batch("PRAGMA query_only = ON;")?;
    }
    conn.set_prepared_statement_cache_capacity(256);
    Ok(conn)
}

/// Runs SQLite work on the blocking pool and maps its failure to the library error.
async fn blocking<T, F>(what: &'static str, f: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, Fail> + Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(out) => out.map_err(|e| e.into_error(what)),
        Err(e) => Err(Error::internal(format!("sqlite: {what}"), e)),
    }
}

/// A failure inside a store closure: SQLite's own, or a domain error decided there.
pub(in crate::store) enum Fail {
    Sql(rusqlite::Error),
    App(Error),
}

impl From<rusqlite::Error> for Fail {
    fn from(e: rusqlite::Error) -> Self {
        Fail::Sql(e)
    }
}

impl From<Error> for Fail {
    fn from(e: Error) -> Self {
        Fail::App(e)
    }
}

impl Fail {
    pub(in crate::store) fn into_error(self, what: &str) -> Error {
        match self {
            Fail::App(e) => e,
            Fail::Sql(e) => sql_error(what, e),
        }
    }
}

/// Unique-index violations become `Conflict` with the message the collection's spec gives; a database
/// locked past the busy timeout is `Unavailable`; the rest is internal.
fn sql_error(what: &str, e: rusqlite::Error) -> Error {
    use rusqlite::ffi;
    if let rusqlite::Error::SqliteFailure(f, msg) = &e {
        let unique = matches!(
            f.extended_code,
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY
        );
        if unique {
            let msg = msg.as_deref().unwrap_or("");
            let what = msg.rsplit(": ").next().unwrap_or(msg);
            return Error::Conflict(schema::conflict_message(what));
        }
        if matches!(
            f.code,
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
        ) {
            return Error::unavailable("sqlite", format!("{what}: the database is busy"));
        }
    }
    Error::internal(format!("sqlite: {what}"), e)
}
