//! The MongoDB adapter (production): the official `mongodb` driver behind every repository
//! trait of [`crate::store`].
//!
//! Documents are the domain types as they are (`_id` ObjectId, camelCase fields), so a database
//! written by the original Mongoose application reads back unchanged. Encoding always goes
//! through [`codec::to_doc`], which switches ids and timestamps to native BSON values; reading
//! uses plain serde, whose impls accept both forms.
//!
//! What a server lacks is detected and replaced by a documented fallback:
//! - no text indexes (SecantusDB, the test server): [`text`] searches with case-insensitive
//!   regular expressions over the same fields;
//! - no `$geoNear` stage: [`users`] uses `$geoWithin`/`$centerSphere` and sorts in Rust;
//! - no multi-document transactions (a standalone `mongod`): follows and bulk inserts fall back
//!   to sequential writes with compensation, see [`Mongo::transactions_supported`]; money
//!   movements (`ledger`) refuse with `Unavailable` instead, since a partial write of money is
//!   never acceptable.
//!
//! Files: connection here; `codec` (encoding, filter builders), `errors` (driver errors to
//! [`Error`]), `documents` (the generic [`crate::store::Collection`] and the shared
//! get/insert/replace/page/delete helpers), `indexes` (the catalog read from the specs and
//! `ensure_indexes`), `text`. Each aggregate's queries live in its slice,
//! `src/store/<aggregate>/mongo.rs`.

pub(in crate::store) mod codec;
pub(in crate::store) mod documents;
pub(in crate::store) mod errors;
pub(in crate::store) mod indexes;
#[cfg(test)]
mod live_tests;
pub(in crate::store) mod text;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bson::{Document, doc};
use mongodb::options::ClientOptions;
use mongodb::{Client, Collection, Database};

use crate::config::DEFAULT_DEPENDENCY_REQUEST_TIMEOUT as DEFAULT_REQUEST_TIMEOUT;
use crate::error::{Error, Result};
use crate::store::Store;

pub use indexes::{IndexDef, KeyPart, definition, definitions};

/// The adapter: one client (a pooled, cheaply cloned handle) and the database it works in.
pub struct Mongo {
    pub(in crate::store) client: Client,
    pub(in crate::store) db: Database,
    /// What `text_search_mode` reports: detected once, refreshed by `ensure_indexes`.
    pub(in crate::store) text_mode: text::TextModeCache,
    /// Whether the server builds text indexes at all: learnt from `ensure_indexes` or a probe.
    pub(in crate::store) text_indexes: indexes::TextIndexSupport,
    /// Cleared the first time the server rejects the `$geoNear` stage.
    pub(in crate::store) geo_near: AtomicBool,
    /// Cleared the first time the server refuses a transaction (standalone `mongod`).
    pub(in crate::store) transactions: AtomicBool,
}

/// Connects to `uri`, selects database `db` and checks the server answers `ping`, waiting up to
/// `timeout` for it; later operations wait at most [`DEFAULT_REQUEST_TIMEOUT`] for a server.
///
/// Every failure (bad URI, DNS, refused connection, authentication, timeout) becomes
/// `Error::Unavailable("mongodb", <one line>)` within `timeout` (plus a small grace for the
/// driver to report its own, more precise, reason); the password never appears in it.
pub async fn connect(uri: &str, db: &str, timeout: Duration) -> Result<Store> {
    connect_with(uri, db, timeout, DEFAULT_REQUEST_TIMEOUT).await
}

/// [`connect`] with both waits given: `startup` for the first answer, `request` for the server
/// selection of every later operation — while the server is down an operation fails with
/// `Unavailable` after `request`, and works again as soon as the server is back.
pub async fn connect_with(
    uri: &str,
    db: &str,
    startup: Duration,
    request: Duration,
) -> Result<Store> {
    let mongo = Mongo::connect_with(uri, db, startup, request).await?;
    Ok(Store::from_adapter(Arc::new(mongo)))
}

impl Mongo {
    /// The adapter itself, for callers that need more than the [`Store`] traits (tests, tools).
    pub async fn connect(uri: &str, db: &str, timeout: Duration) -> Result<Mongo> {
        Self::connect_with(uri, db, timeout, DEFAULT_REQUEST_TIMEOUT).await
    }

    /// The adapter with both waits given, as [`connect_with`].
    pub async fn connect_with(
        uri: &str,
        db: &str,
        startup: Duration,
        request: Duration,
    ) -> Result<Mongo> {
        // The start-up loop stops within `startup`; the outer deadline only guards the steps
        // the driver does not bound (SRV/TXT lookups while parsing) and lets its clearer error
        // win the race.
        let hard_deadline = startup + Duration::from_millis(500);
        let request = request.min(startup);
        match tokio::time::timeout(
            hard_deadline,
            Self::connect_inner(uri, db, startup, request),
        )
        .await
        {
            Ok(result) => result,
            Err(_) => Err(Error::unavailable(
                "mongodb",
                format!(
                    "no answer from {} within {}",
                    errors::describe_hosts(uri),
                    humanize(startup)
                ),
            )),
        }
    }

    async fn connect_inner(
        uri: &str,
        db: &str,
        startup: Duration,
        request: Duration,
    ) -> Result<Mongo> {
        let unavailable =
            |e: mongodb::error::Error| Error::unavailable("mongodb", errors::one_line(&e, uri));
        if db.is_empty() {
            return Err(Error::unavailable("mongodb", "no database name configured"));
        }
        let started = tokio::time::Instant::now();
        let mut options = ClientOptions::parse(uri).await.map_err(unavailable)?;
        // Server selection is what an operation waits while no server answers: short, so an
        // outage is a quick 503. Start-up waits longer by asking again until `startup`.
        options.server_selection_timeout = Some(request);
        options.connect_timeout = Some(startup);
        options.app_name = Some("baitech".to_string());
        let client = Client::with_options(options).map_err(unavailable)?;
        let database = client.database(db);
        loop {
            match database.run_command(doc! { "ping": 1 }).await {
                Ok(_) => break,
                Err(e)
                    if matches!(*e.kind, mongodb::error::ErrorKind::ServerSelection { .. })
                        && started.elapsed() + request <= startup =>
                {
                    tracing::debug!(error = %errors::one_line(&e, uri), "mongodb not answering yet; waiting");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => return Err(unavailable(e)),
            }
        }
        Ok(Mongo {
            client,
            db: database,
            text_mode: text::TextModeCache::default(),
            text_indexes: indexes::TextIndexSupport::default(),
            geo_near: AtomicBool::new(true),
            transactions: AtomicBool::new(true),
        })
    }

    /// A collection of raw documents; typed decoding happens in [`codec`] with error context.
    pub(in crate::store) fn coll(&self, name: &str) -> Collection<Document> {
        self.db.collection(name)
    }

    /// Whether multi-document transactions are believed to work on this deployment.
    pub(in crate::store) fn transactions_supported(&self) -> bool {
        self.transactions.load(Ordering::Relaxed)
    }

    /// Remembers that the server refused a transaction, so later calls skip the attempt.
    pub(in crate::store) fn disable_transactions(&self) {
        if self.transactions.swap(false, Ordering::Relaxed) {
            tracing::warn!(
                "mongodb: the server does not support multi-document transactions; \
                 falling back to sequential writes"
            );
        }
    }
}

/// `10s`, `1.5s`, `250ms`: durations as people write them in error lines.
fn humanize(d: Duration) -> String {
    if d.as_millis().is_multiple_of(1000) {
        format!("{}s", d.as_secs())
    } else if d >= Duration::from_secs(1) {
        format!("{:.1}s", d.as_secs_f64())
    } else {
        format!("{}ms", d.as_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(humanize(Duration::from_secs(10)), "10s");
        assert_eq!(humanize(Duration::from_millis(1500)), "1.5s");
        assert_eq!(humanize(Duration::from_millis(250)), "250ms");
    }

    #[tokio::test]
    async fn an_unreachable_server_is_unavailable_within_the_timeout() {
        // Port 9 (discard) on loopback: nothing listens, connections are refused at once.
        let started = std::time::Instant::now();
        let timeout = Duration::from_millis(800);
        let err = Mongo::connect(
            "mongodb://app:s3cret-pw@127.0.0.1:9/?directConnection=true",
            "baitech",
            timeout,
        )
        .await
        .err()
        .expect("connecting to a closed port fails");
        assert!(
            started.elapsed() < timeout + Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
        let Error::Unavailable { dependency, reason } = &err else {
            panic!("expected Unavailable, got {err:?}");
        };
        assert_eq!(*dependency, "mongodb");
        assert!(!reason.contains("s3cret-pw"), "{reason}");
        assert!(!reason.contains('\n'), "{reason}");
        assert!(reason.contains("127.0.0.1:9"), "{reason}");
    }

    #[tokio::test]
    async fn an_unroutable_host_gives_up_within_the_timeout() {
        // TEST-NET-1 (RFC 5737): packets go nowhere, so only the timeout can end the attempt.
        let started = std::time::Instant::now();
        let timeout = Duration::from_millis(700);
        let err = Mongo::connect("mongodb://192.0.2.1:27017/", "baitech", timeout)
            .await
            .err()
            .expect("nothing answers there");
        assert!(
            started.elapsed() < timeout + Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
        assert!(matches!(err, Error::Unavailable { .. }), "{err:?}");
        eprintln!("{err}");
    }

    #[tokio::test]
    async fn a_malformed_uri_is_unavailable_without_echoing_the_password() {
        let err = Mongo::connect(
            "mongodb://app:s3cret-pw@",
            "baitech",
            Duration::from_secs(1),
        )
        .await
        .err()
        .expect("a URI without hosts is refused");
        let text = err.to_string();
        assert!(matches!(err, Error::Unavailable { .. }), "{text}");
        assert!(!text.contains("s3cret-pw"), "{text}");
    }
}
