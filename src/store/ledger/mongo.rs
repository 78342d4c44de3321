//! `ledger`, `ledger_accounts`, `gateway_events` and `settlements` ([`LedgerRepo`]).
//!
//! [`LedgerRepo::apply_money`] is one multi-document transaction (`and_run`, which retries it
//! on transient errors such as a write conflict with a concurrent transaction): the event is
//! inserted first (its unique `(gateway, eventId)` index turns a duplicate delivery into
//! `DuplicateEvent`), then the compare-and-set replacements, the inserts, the lines, and one
//! `$inc` per account. A debited wallet is moved by an update that only matches while the
//! balance covers the debit, so a wallet never goes into debit whatever the isolation of the
//! server. Any reason to stop aborts the transaction: nothing is ever half written. Without
//! transactions (a standalone server) money does not move at all: `Unavailable`.

use std::collections::BTreeMap;

use async_trait::async_trait;
use bson::{Bson, Document, doc};
use futures::FutureExt;
use mongodb::options::ReturnDocument;
use mongodb::{ClientSession, Collection, Database};

use crate::domain::ledger::{Account, AccountBalance, GatewayEvent, LedgerLine, Settlement};
use crate::domain::money::Currency;
use crate::domain::transaction::Gateway;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{
    Stored, and, any_of, date, escape_regex, from_doc, from_docs, oid, to_doc,
};
use crate::store::mongo::documents::Order;
use crate::store::mongo::errors;
use crate::store::{
    GatewayEventFilter, LedgerRepo, MoneyWrite, Page, PageRequest, SettlementFilter, WriteOutcome,
    collections,
};

/// Times a money write starts over after losing a race to create the same account.
const ATTEMPTS: usize = 3;

/// Why a money transaction stopped; carried out of `and_run` with `Error::custom`.
#[derive(Debug, Clone)]
enum Abort {
    Stale,
    DuplicateEvent,
    Missing(&'static str),
    Conflict(String),
    InsufficientFunds,
    Unprocessable(String),
    /// A concurrent transaction created an account this one also created: start over.
    Retry,
}

fn abort(reason: Abort) -> mongodb::error::Error {
    mongodb::error::Error::custom(reason)
}

/// A replacement applied only while the stored document still matches `guard`.
struct Replacement {
    collection: &'static str,
    noun: &'static str,
    id: Id,
    guard: Document,
    doc: Document,
}

/// One account's movement: the sum of its lines in the write.
struct Movement {
    key: String,
    currency: &'static str,
    delta: i64,
    at: Bson,
    /// A wallet being debited: only moved while its balance covers the debit.
    guarded: bool,
}

/// A [`MoneyWrite`] encoded once, before the transaction (which may run more than once).
struct Encoded {
    event: Option<Document>,
    replacements: Vec<Replacement>,
    inserts: Vec<Document>,
    lines: Vec<Document>,
    movements: Vec<Movement>,
}

impl Replacement {
    fn of<T: Stored>(value: &T, guard: Document) -> Result<Replacement> {
        Ok(Replacement {
            collection: T::SPEC.name,
            noun: T::SPEC.noun,
            id: value.id(),
            guard,
            doc: to_doc(value)?,
        })
    }
}

impl Encoded {
    fn new(w: &MoneyWrite) -> Result<Encoded> {
        let mut replacements = Vec::new();
        for (t, expected) in &w.update {
            replacements.push(Replacement::of(t, doc! { "status": expected.as_str() })?);
        }
        if let Some((b, version)) = &w.booking {
            replacements.push(Replacement::of(b, doc! { "version": *version })?);
        }
        if let Some((s, version)) = &w.settlement {
            replacements.push(Replacement::of(s, doc! { "version": *version })?);
        }
        Ok(Encoded {
            event: w.event.as_ref().map(to_doc).transpose()?,
            replacements,
            inserts: w.insert.iter().map(to_doc).collect::<Result<_>>()?,
            lines: w.lines.iter().map(to_doc).collect::<Result<_>>()?,
            movements: movements(&w.lines)?,
        })
    }
}

/// The lines summed per account, in key order.
fn movements(lines: &[LedgerLine]) -> Result<Vec<Movement>> {
    let mut sums: BTreeMap<&Account, (Currency, i64, Timestamp)> = BTreeMap::new();
    for l in lines {
        let (currency, delta, at) = sums
            .entry(&l.account)
            .or_insert((l.currency, 0, l.created_at));
        if *currency != l.currency {
            return Err(currency_mismatch(
                &l.account,
                currency.code(),
                l.currency.code(),
            ));
        }
        *delta = delta
            .checked_add(l.amount)
            .ok_or_else(|| Error::Unprocessable(format!("account {} would overflow", l.account)))?;
        *at = (*at).max(l.created_at);
    }
    Ok(sums
        .into_iter()
        .map(|(account, (currency, delta, at))| Movement {
            key: account.as_str().to_string(),
            currency: currency.code(),
            delta,
            at: date(at),
            guarded: account.is_wallet() && delta > 0,
        })
        .collect())
}

fn currency_mismatch(account: impl std::fmt::Display, held: &str, posted: &str) -> Error {
    Error::Unprocessable(format!("account {account} is kept in {held}, not {posted}"))
}

impl Abort {
    fn into_error(self) -> Error {
        match self {
            Abort::Missing(noun) => Error::NotFound(noun),
            Abort::Conflict(message) => Error::Conflict(message),
            Abort::InsufficientFunds => {
                Error::InsufficientFunds("wallet balance is too low".into())
            }
            Abort::Unprocessable(message) => Error::Unprocessable(message),
            other => Error::internal(
                "mongodb: applying a money write",
                anyhow::anyhow!("unexpected abort {other:?}"),
            ),
        }
    }
}

/// A duplicate key met while inserting into `collection`, as the conflict a caller sees.
fn conflict_or(e: mongodb::error::Error, collection: &str) -> mongodb::error::Error {
    match errors::duplicate_key_message(&e) {
        Some(m) => abort(Abort::Conflict(errors::conflict_message(collection, &m))),
        None => e,
    }
}

/// The body of the money transaction. Errors are returned, never swallowed, so `and_run`
/// aborts (and retries transient ones).
async fn apply_in(s: &mut ClientSession, db: &Database, w: &Encoded) -> mongodb::error::Result<()> {
    let coll = |name: &str| db.collection::<Document>(name);
    if let Some(event) = &w.event {
        let recorded = coll(collections::GATEWAY_EVENTS)
            .insert_one(event)
            .session(&mut *s)
            .await;
        match recorded {
            Err(e) if errors::is_duplicate_key(&e) => return Err(abort(Abort::DuplicateEvent)),
            other => other.map(|_| ())?,
        }
    }
    for r in &w.replacements {
        replace_guarded(s, &coll(r.collection), r).await?;
    }
    for (collection, docs) in [
        (collections::TRANSACTIONS, &w.inserts),
        (collections::LEDGER, &w.lines),
    ] {
        if !docs.is_empty() {
            coll(collection)
                .insert_many(docs)
                .session(&mut *s)
                .await
                .map_err(|e| conflict_or(e, collection))?;
        }
    }
    let accounts = coll(collections::LEDGER_ACCOUNTS);
    for m in &w.movements {
        move_account(s, &accounts, m).await?;
    }
    Ok(())
}

/// Applies one compare-and-set replacement: `Stale` when the guard no longer matches,
/// `Missing` when the document is gone.
async fn replace_guarded(
    s: &mut ClientSession,
    coll: &Collection<Document>,
    r: &Replacement,
) -> mongodb::error::Result<()> {
    let mut filter = doc! { "_id": oid(r.id) };
    filter.extend(r.guard.clone());
    let replaced = coll.replace_one(filter, &r.doc).session(&mut *s).await?;
    if replaced.matched_count == 1 {
        return Ok(());
    }
    let exists = coll
        .count_documents(doc! { "_id": oid(r.id) })
        .session(&mut *s)
        .await?
        > 0;
    Err(abort(if exists {
        Abort::Stale
    } else {
        Abort::Missing(r.noun)
    }))
}

/// Moves one account by `$inc`, creating it on first use; a debited wallet only while its
/// balance covers the debit.
async fn move_account(
    s: &mut ClientSession,
    accounts: &Collection<Document>,
    m: &Movement,
) -> mongodb::error::Result<()> {
    let filter = if m.guarded {
        doc! { "_id": &m.key, "balance": { "$lte": -m.delta } }
    } else {
        doc! { "_id": &m.key }
    };
    let update = doc! {
        "$inc": { "balance": m.delta },
        "$max": { "updatedAt": m.at.clone() },
        "$setOnInsert": { "currency": m.currency },
    };
    let moved = accounts
        .find_one_and_update(filter, update)
        .upsert(!m.guarded)
        .return_document(ReturnDocument::After)
        .session(&mut *s)
        .await;
    let moved = match moved {
        // Two transactions created the account at once: this one starts over.
        Err(e) if errors::is_duplicate_key(&e) => return Err(abort(Abort::Retry)),
        other => other?,
    };
    let Some(account) = moved else {
        return Err(abort(Abort::InsufficientFunds));
    };
    let held = account.get_str("currency").unwrap_or_default();
    if held != m.currency {
        let e = currency_mismatch(&m.key, held, m.currency);
        return Err(abort(Abort::Unprocessable(e.to_string())));
    }
    Ok(())
}

fn no_transactions() -> Error {
    Error::unavailable(
        "mongodb",
        "money movements need multi-document transactions (a replica set)",
    )
}

impl Mongo {
    async fn money_transaction(&self, w: &Encoded) -> mongodb::error::Result<()> {
        let mut session = self.client.start_session().await?;
        session
            .start_transaction()
            .and_run((&self.db, w), |s, ctx| {
                let (db, w) = *ctx;
                async move { apply_in(s, db, w).await }.boxed()
            })
            .await
    }

    fn accounts(&self) -> Collection<Document> {
        self.coll(collections::LEDGER_ACCOUNTS)
    }
}

fn gateway_event_filter(f: &GatewayEventFilter) -> Document {
    let mut conditions = Vec::new();
    if let Some(g) = f.gateway {
        conditions.push(doc! { "gateway": g.as_str() });
    }
    if let Some(o) = f.outcome {
        conditions.push(doc! { "outcome": o.as_str() });
    }
    if let Some(t) = f.transaction {
        conditions.push(doc! { "transaction": oid(t) });
    }
    and(conditions)
}

#[async_trait]
impl LedgerRepo for Mongo {
    async fn apply_money(&self, write: &MoneyWrite) -> Result<WriteOutcome> {
        if !self.transactions_supported() {
            return Err(no_transactions());
        }
        let encoded = Encoded::new(write)?;
        for _ in 0..ATTEMPTS {
            let Err(e) = self.money_transaction(&encoded).await else {
                return Ok(WriteOutcome::Applied);
            };
            match e.get_custom::<Abort>().cloned() {
                Some(Abort::Stale) => return Ok(WriteOutcome::Stale),
                Some(Abort::DuplicateEvent) => return Ok(WriteOutcome::DuplicateEvent),
                Some(Abort::Retry) => continue,
                Some(other) => return Err(other.into_error()),
                None if errors::is_transactions_unsupported(&e) => {
                    self.disable_transactions();
                    return Err(no_transactions());
                }
                None => {
                    return Err(errors::db_error(
                        e,
                        collections::LEDGER,
                        "applying a money write",
                    ));
                }
            }
        }
        Err(Error::unavailable(
            "mongodb",
            "a money write kept conflicting with concurrent writes",
        ))
    }

    async fn import_ledger_lines(&self, lines: &[LedgerLine]) -> Result<u64> {
        self.insert_all(lines).await
    }

    async fn transaction_lines(&self, transaction: Id) -> Result<Vec<LedgerLine>> {
        let docs = self
            .find_docs(
                collections::LEDGER,
                doc! { "transaction": oid(transaction) },
                Some(doc! { "createdAt": 1, "_id": 1 }),
                0,
                None,
            )
            .await?;
        from_docs(docs, collections::LEDGER)
    }

    async fn scan_ledger(&self, after: Option<Id>, limit: u32) -> Result<Vec<LedgerLine>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let filter = match after {
            Some(id) => doc! { "_id": { "$gt": oid(id) } },
            None => Document::new(),
        };
        let docs = self
            .find_docs(
                collections::LEDGER,
                filter,
                Some(doc! { "_id": 1 }),
                0,
                Some(i64::from(limit)),
            )
            .await?;
        from_docs(docs, collections::LEDGER)
    }

    async fn count_ledger_lines(&self) -> Result<u64> {
        self.count(collections::LEDGER, Document::new()).await
    }

    async fn get_account(&self, account: &Account) -> Result<Option<AccountBalance>> {
        let found = self
            .accounts()
            .find_one(doc! { "_id": account.as_str() })
            .await
            .map_err(errors::ctx(
                collections::LEDGER_ACCOUNTS,
                "reading an account",
            ))?;
        found
            .map(|d| from_doc(d, collections::LEDGER_ACCOUNTS))
            .transpose()
    }

    async fn list_accounts(&self, prefix: &str) -> Result<Vec<AccountBalance>> {
        let filter = if prefix.is_empty() {
            Document::new()
        } else {
            doc! { "_id": { "$regex": format!("^{}", escape_regex(prefix)) } }
        };
        let docs = self
            .find_docs(
                collections::LEDGER_ACCOUNTS,
                filter,
                Some(doc! { "_id": 1 }),
                0,
                None,
            )
            .await?;
        from_docs(docs, collections::LEDGER_ACCOUNTS)
    }

    async fn get_gateway_event(
        &self,
        gateway: Gateway,
        event_id: &str,
    ) -> Result<Option<GatewayEvent>> {
        self.find_one(doc! { "gateway": gateway.as_str(), "eventId": event_id })
            .await
    }

    async fn list_gateway_events(
        &self,
        filter: &GatewayEventFilter,
        page: &PageRequest,
    ) -> Result<Page<GatewayEvent>> {
        self.page(gateway_event_filter(filter), page, Order::IdDesc)
            .await
    }

    async fn list_settlements(
        &self,
        filter: &SettlementFilter,
        page: &PageRequest,
    ) -> Result<Page<Settlement>> {
        let statuses = filter
            .statuses
            .iter()
            .map(|s| Bson::from(s.as_str()))
            .collect();
        self.page(any_of("status", statuses), page, Order::IdDesc)
            .await
    }
}
