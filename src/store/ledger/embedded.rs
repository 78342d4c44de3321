//! Ledger lines, account balances, gateway events and payout batches ([`LedgerRepo`]).
//!
//! A ledger line is its columns, without a JSON `doc`: `settlements reconcile` reads every line
//! in id order, so a line is a small row decoded from a handful of values. Account balances are
//! keyed by the account key and moved with an upsert.
//!
//! [`LedgerRepo::apply_money`] runs in one `BEGIN IMMEDIATE` transaction and first *decides*,
//! then *writes*: the duplicate-event and compare-and-set checks are reads done before the first
//! write (the write lock keeps them true until commit), so `DuplicateEvent` and `Stale` return
//! without anything to undo; a failure while writing (`Conflict` on an idempotency key,
//! `InsufficientFunds` on a wallet) is an error, which rolls the whole transaction back.

use std::collections::BTreeMap;

use async_trait::async_trait;
use rusqlite::types::{Type, Value};
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};
use serde::Deserialize;
use serde::de::IntoDeserializer;

use crate::domain::booking::Booking;
use crate::domain::ledger::{
    Account, AccountBalance, EntryKind, GatewayEvent, LedgerLine, Settlement,
};
use crate::domain::money::Currency;
use crate::domain::transaction::{Gateway, Transaction};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::store::embedded::docs::{self, Filter, Plan, Table, id_val, int, opt_id, text, ts_val};
use crate::store::embedded::{Embedded, Fail};
use crate::store::{
    GatewayEventFilter, LedgerRepo, MoneyWrite, Page, PageRequest, SettlementFilter, WriteOutcome,
    collections,
};

impl Table for GatewayEvent {
    const COLUMNS: &'static [&'static str] = &[
        "gateway",
        "event_id",
        "kind",
        "transaction_id",
        "outcome",
        "received_at",
    ];

    fn columns(&self) -> Vec<Value> {
        vec![
            text(self.gateway.as_str()),
            text(self.event_id.as_str()),
            text(self.kind.as_str()),
            opt_id(self.transaction),
            text(self.outcome.as_str()),
            ts_val(self.received_at),
        ]
    }
}

impl Table for Settlement {
    const COLUMNS: &'static [&'static str] =
        &["reference", "status", "gateway", "version", "created_at"];

    fn columns(&self) -> Vec<Value> {
        vec![
            text(self.reference.as_str()),
            text(self.status.as_str()),
            text(self.gateway.as_str()),
            int(self.version),
            ts_val(self.created_at),
        ]
    }
}

// --- ledger lines and balances as rows ------------------------------------------------------

/// Columns of a line, in the order [`line_from_row`] reads them.
const LINE_COLUMNS: &str = "id, entry, transaction_id, kind, account, amount, currency, created_at";

/// Columns of an account balance, in the order [`balance_from_row`] reads them.
const BALANCE_COLUMNS: &str = "account, currency, balance, updated_at";

/// A stored value that does not read back as its domain type.
#[derive(Debug, thiserror::Error)]
#[error("unreadable {what}: {value:?}")]
struct Unreadable {
    what: &'static str,
    value: String,
}

/// Reads column `idx` as text and parses it with `parse` (borrowing, no copy).
fn parsed<T>(
    row: &Row<'_>,
    idx: usize,
    what: &'static str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let s = row.get_ref(idx)?.as_str()?;
    parse(s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            Type::Text,
            Box::new(Unreadable {
                what,
                value: s.to_string(),
            }),
        )
    })
}

fn parse_currency(code: &str) -> Option<Currency> {
    // Through serde, so the stored spelling is the serde spelling for every currency.
    let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
        code.into_deserializer();
    Currency::deserialize(de).ok()
}

fn line_from_row(row: &Row<'_>) -> rusqlite::Result<LedgerLine> {
    Ok(LedgerLine {
        id: parsed(row, 0, "line id", Id::parse)?,
        entry: parsed(row, 1, "entry id", Id::parse)?,
        transaction: parsed(row, 2, "transaction id", Id::parse)?,
        kind: parsed(row, 3, "entry kind", EntryKind::parse)?,
        account: parsed(row, 4, "account", Account::parse)?,
        amount: row.get(5)?,
        currency: parsed(row, 6, "currency", parse_currency)?,
        created_at: parsed(row, 7, "timestamp", Timestamp::parse)?,
    })
}

fn balance_from_row(row: &Row<'_>) -> rusqlite::Result<AccountBalance> {
    Ok(AccountBalance {
        account: parsed(row, 0, "account", Account::parse)?,
        currency: parsed(row, 1, "currency", parse_currency)?,
        balance: row.get(2)?,
        updated_at: parsed(row, 3, "timestamp", Timestamp::parse)?,
    })
}

fn query_lines(c: &Connection, sql: &str, params: &[Value]) -> Result<Vec<LedgerLine>, Fail> {
    let mut stmt = c.prepare_cached(sql)?;
    let lines = stmt
        .query_map(params_from_iter(params), line_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines)
}

fn query_balances(
    c: &Connection,
    sql: &str,
    params: &[Value],
) -> Result<Vec<AccountBalance>, Fail> {
    let mut stmt = c.prepare_cached(sql)?;
    let balances = stmt
        .query_map(params_from_iter(params), balance_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(balances)
}

/// Appends lines, leaving balances alone; a used line id is `Conflict`.
fn insert_lines(c: &Connection, lines: &[LedgerLine]) -> Result<u64, Fail> {
    let mut stmt = c.prepare_cached(&format!(
        "INSERT INTO ledger ({LINE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    ))?;
    for l in lines {
        stmt.execute(rusqlite::params![
            l.id.to_hex(),
            l.entry.to_hex(),
            l.transaction.to_hex(),
            l.kind.as_str(),
            l.account.as_str(),
            l.amount,
            l.currency.code(),
            l.created_at.to_rfc3339(),
        ])?;
    }
    Ok(lines.len() as u64)
}

/// How one write moves one account: the sum of its lines and the time of the latest.
struct Movement {
    currency: Currency,
    delta: i64,
    at: Timestamp,
}

/// The lines summed per account, in key order.
fn movements(lines: &[LedgerLine]) -> Result<BTreeMap<&Account, Movement>, Error> {
    let mut out: BTreeMap<&Account, Movement> = BTreeMap::new();
    for l in lines {
        let m = out.entry(&l.account).or_insert(Movement {
            currency: l.currency,
            delta: 0,
            at: l.created_at,
        });
        if m.currency != l.currency {
            return Err(currency_mismatch(&l.account, m.currency, l.currency));
        }
        m.delta = m
            .delta
            .checked_add(l.amount)
            .ok_or_else(|| Error::Unprocessable(format!("account {} would overflow", l.account)))?;
        m.at = m.at.max(l.created_at);
    }
    Ok(out)
}

fn currency_mismatch(account: &Account, held: Currency, posted: Currency) -> Error {
    Error::Unprocessable(format!(
        "account {account} is kept in {}, not {}",
        held.code(),
        posted.code()
    ))
}

/// Moves every account the lines touch by the sum of its lines (creating it on first use);
/// `InsufficientFunds` when a debited wallet ends in debit.
fn post_balances(c: &Connection, lines: &[LedgerLine]) -> Result<(), Fail> {
    let mut stmt = c.prepare_cached(
        "INSERT INTO ledger_accounts (account, currency, balance, updated_at) \
         VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (account) DO UPDATE SET balance = balance + excluded.balance, \
             updated_at = max(updated_at, excluded.updated_at) \
         RETURNING currency, balance",
    )?;
    for (account, m) in movements(lines)? {
        let (held, balance): (String, Value) = stmt.query_row(
            rusqlite::params![
                account.as_str(),
                m.currency.code(),
                m.delta,
                m.at.to_rfc3339()
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // SQLite turns an integer sum that leaves i64 into a float: refused, never stored.
        let Value::Integer(balance) = balance else {
            return Err(Error::Unprocessable(format!("account {account} would overflow")).into());
        };
        if held != m.currency.code() {
            let held = parse_currency(&held).unwrap_or(m.currency);
            return Err(currency_mismatch(account, held, m.currency).into());
        }
        // Only a debit can push a wallet into debit; a credit to one is always welcome.
        if account.is_wallet() && m.delta > 0 && balance > 0 {
            return Err(Error::InsufficientFunds("wallet balance is too low".into()).into());
        }
    }
    Ok(())
}

// --- apply_money ----------------------------------------------------------------------------

/// One compare-and-set of a write: the document and the value its guard column must still hold.
struct Guard {
    table: &'static str,
    name: &'static str,
    id: Id,
    column: &'static str,
    expected: Value,
}

impl Guard {
    fn on<T: Table>(id: Id, column: &'static str, expected: Value) -> Guard {
        Guard {
            table: T::SPEC.name,
            name: T::SPEC.noun,
            id,
            column,
            expected,
        }
    }

    /// Whether the stored document still holds the expected value; `NotFound` if it is gone.
    fn holds(&self, c: &Connection) -> Result<bool, Fail> {
        let sql = format!("SELECT {} FROM {} WHERE id = ?", self.column, self.table);
        let stored: Option<Value> = c
            .prepare_cached(&sql)?
            .query_row([self.id.to_hex()], |r| r.get(0))
            .optional()?;
        match stored {
            Some(v) => Ok(v == self.expected),
            None => Err(Error::NotFound(self.name).into()),
        }
    }
}

/// Every compare-and-set of the write: transactions on `status`, booking and settlement on
/// `version`.
fn guards(w: &MoneyWrite) -> Vec<Guard> {
    let transactions = (w.update.iter())
        .map(|(t, status)| Guard::on::<Transaction>(t.id, "status", text(status.as_str())));
    let booking = (w.booking.iter()).map(|(b, v)| Guard::on::<Booking>(b.id, "version", int(*v)));
    let settlement =
        (w.settlement.iter()).map(|(s, v)| Guard::on::<Settlement>(s.id, "version", int(*v)));
    transactions.chain(booking).chain(settlement).collect()
}

/// Replaces `doc` under a guard [`Guard::holds`] already checked.
fn replace_checked<T: Table>(c: &Connection, doc: &T, guard: (&str, Value)) -> Result<(), Fail> {
    match docs::replace(c, doc, Some(guard))? {
        Some(_) => Ok(()),
        None => Err(Error::internal(
            format!("sqlite: replace a {}", T::SPEC.noun),
            anyhow::anyhow!("the compare-and-set checked under the write lock no longer matched"),
        )
        .into()),
    }
}

fn event_recorded(c: &Connection, e: &GatewayEvent) -> Result<bool, Fail> {
    Ok(
        c.prepare_cached("SELECT 1 FROM gateway_events WHERE gateway = ? AND event_id = ?")?
            .exists([e.gateway.as_str(), e.event_id.as_str()])?,
    )
}

fn apply(c: &Connection, w: &MoneyWrite) -> Result<WriteOutcome, Fail> {
    // Decide: nothing is written yet, so these outcomes leave nothing behind.
    if let Some(e) = &w.event
        && event_recorded(c, e)?
    {
        return Ok(WriteOutcome::DuplicateEvent);
    }
    for guard in guards(w) {
        if !guard.holds(c)? {
            return Ok(WriteOutcome::Stale);
        }
    }
    // Write: an error from here on rolls everything back.
    if let Some(e) = &w.event {
        docs::insert(c, e)?;
    }
    for (t, expected) in &w.update {
        replace_checked(c, t, ("status = ?", text(expected.as_str())))?;
    }
    if let Some((b, version)) = &w.booking {
        replace_checked(c, b, ("version = ?", int(*version)))?;
    }
    if let Some((s, version)) = &w.settlement {
        replace_checked(c, s, ("version = ?", int(*version)))?;
    }
    docs::insert_all(c, &w.insert)?;
    insert_lines(c, &w.lines)?;
    post_balances(c, &w.lines)?;
    Ok(WriteOutcome::Applied)
}

fn gateway_event_filter(f: &GatewayEventFilter) -> Filter {
    let mut w = Filter::new();
    w.eq_opt("gateway", f.gateway.map(|g| text(g.as_str())));
    w.eq_opt("outcome", f.outcome.map(|o| text(o.as_str())));
    w.eq_opt("transaction_id", f.transaction.map(id_val));
    w
}

/// The smallest string above every key that starts with `prefix` (keys are UTF-8 compared
/// byte-wise, and no character sorts after U+10FFFF).
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}{}", char::MAX)
}

#[async_trait]
impl LedgerRepo for Embedded {
    async fn apply_money(&self, write: &MoneyWrite) -> Result<WriteOutcome> {
        let w = write.clone();
        self.write("apply a money write", move |c| apply(c, &w))
            .await
    }

    async fn import_ledger_lines(&self, lines: &[LedgerLine]) -> Result<u64> {
        let lines = lines.to_vec();
        self.write("import ledger lines", move |c| insert_lines(c, &lines))
            .await
    }

    async fn transaction_lines(&self, transaction: Id) -> Result<Vec<LedgerLine>> {
        self.read("read a transaction's ledger lines", move |c| {
            let sql = format!(
                "SELECT {LINE_COLUMNS} FROM ledger WHERE transaction_id = ? ORDER BY created_at, id"
            );
            query_lines(c, &sql, &[id_val(transaction)])
        })
        .await
    }

    async fn scan_ledger(&self, after: Option<Id>, limit: u32) -> Result<Vec<LedgerLine>> {
        self.read("scan the ledger", move |c| {
            let limit = int(i64::from(limit));
            match after {
                Some(after) => {
                    let sql = format!(
                        "SELECT {LINE_COLUMNS} FROM ledger WHERE id > ? ORDER BY id LIMIT ?"
                    );
                    query_lines(c, &sql, &[id_val(after), limit])
                }
                None => {
                    let sql = format!("SELECT {LINE_COLUMNS} FROM ledger ORDER BY id LIMIT ?");
                    query_lines(c, &sql, &[limit])
                }
            }
        })
        .await
    }

    async fn count_ledger_lines(&self) -> Result<u64> {
        self.read("count ledger lines", |c| {
            docs::count(c, collections::LEDGER, &Filter::new())
        })
        .await
    }

    async fn get_account(&self, account: &Account) -> Result<Option<AccountBalance>> {
        let key = account.as_str().to_string();
        self.read("read an account", move |c| {
            let sql = format!("SELECT {BALANCE_COLUMNS} FROM ledger_accounts WHERE account = ?");
            Ok(query_balances(c, &sql, &[text(key)])?.pop())
        })
        .await
    }

    async fn list_accounts(&self, prefix: &str) -> Result<Vec<AccountBalance>> {
        let prefix = prefix.to_string();
        self.read("list accounts", move |c| {
            if prefix.is_empty() {
                let sql = format!("SELECT {BALANCE_COLUMNS} FROM ledger_accounts ORDER BY account");
                return query_balances(c, &sql, &[]);
            }
            let sql = format!(
                "SELECT {BALANCE_COLUMNS} FROM ledger_accounts \
                 WHERE account >= ? AND account < ? ORDER BY account"
            );
            let end = prefix_end(&prefix);
            query_balances(c, &sql, &[text(prefix), text(end)])
        })
        .await
    }

    async fn get_gateway_event(
        &self,
        gateway: Gateway,
        event_id: &str,
    ) -> Result<Option<GatewayEvent>> {
        let event_id = event_id.to_string();
        self.read("read a gateway event", move |c| {
            let sql = "SELECT doc FROM gateway_events WHERE gateway = ? AND event_id = ?";
            Ok(docs::query_docs(c, sql, &[text(gateway.as_str()), text(event_id)])?.pop())
        })
        .await
    }

    async fn list_gateway_events(
        &self,
        filter: &GatewayEventFilter,
        page: &PageRequest,
    ) -> Result<Page<GatewayEvent>> {
        let (w, page) = (gateway_event_filter(filter), page.clone());
        let plan = match filter.transaction {
            Some(_) => Plan::Narrow,
            None => Plan::Broad,
        };
        self.read("list gateway events", move |c| {
            docs::page_by_id(c, w, &page, plan)
        })
        .await
    }

    async fn list_settlements(
        &self,
        filter: &SettlementFilter,
        page: &PageRequest,
    ) -> Result<Page<Settlement>> {
        let mut w = Filter::new();
        w.any_of(
            "status",
            filter.statuses.iter().map(|s| text(s.as_str())).collect(),
        );
        let page = page.clone();
        self.read("list settlements", move |c| {
            docs::page_by_id(c, w, &page, Plan::Broad)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;
    use crate::domain::Money;
    use crate::domain::ledger::EntryBuilder;
    use crate::store::embedded::tests::{T0, fresh};

    /// `n` lines: two-line payment entries of `transactions` round-robin.
    fn lines(n: u64, transactions: &[Id]) -> Vec<LedgerLine> {
        (0..n / 2)
            .flat_map(|i| {
                let tx = transactions[(i % transactions.len() as u64) as usize];
                let at = Timestamp::from_millis(T0 + i as i64);
                EntryBuilder::new(EntryKind::Payment, tx, Currency::Kes)
                    .debit(
                        Account::clearing(Gateway::Mpesa),
                        Money::kes(100 + i as i64),
                    )
                    .credit(Account::escrow(), Money::kes(100 + i as i64))
                    .build(at)
                    .expect("a balanced entry")
            })
            .collect()
    }

    #[test]
    fn currencies_read_back_as_serde_spells_them() {
        for c in [Currency::Kes, Currency::Usd, Currency::Ugx] {
            assert_eq!(parse_currency(c.code()), Some(c));
        }
        assert_eq!(parse_currency("kes"), None);
    }

    #[test]
    fn a_prefix_range_holds_exactly_the_keys_with_the_prefix() {
        let end = prefix_end("wallet:");
        assert!("wallet:ffffffffffffffffffffffff" < end.as_str());
        assert!("wallet;" > end.as_str());
        assert!("walletx" > end.as_str());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn scanned_lines_equal_the_imported_ones() {
        let (_d, s) = fresh().await;
        let written = lines(50, &[Id::new(), Id::new()]);
        assert_eq!(s.ledger.import_ledger_lines(&written).await.unwrap(), 50);
        let mut read = Vec::new();
        let mut after = None;
        loop {
            let page = s.ledger.scan_ledger(after, 7).await.unwrap();
            let Some(last) = page.last() else { break };
            after = Some(last.id);
            read.extend(page);
        }
        let mut expected = written;
        expected.sort_by_key(|l| l.id);
        assert_eq!(read, expected);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore = "performance target; run in release"]
    async fn perf_scan_a_million_ledger_lines() {
        let (_d, s) = fresh().await;
        let txs: Vec<Id> = (0..10_000).map(|_| Id::new()).collect();
        let all = lines(1_000_000, &txs);
        let started = Instant::now();
        for chunk in all.chunks(50_000) {
            s.ledger.import_ledger_lines(chunk).await.unwrap();
        }
        println!("import 1M lines: {:?}", started.elapsed());
        drop(all);

        let started = Instant::now();
        let (mut n, mut sum, mut after) = (0u64, 0i64, None);
        loop {
            let page = s.ledger.scan_ledger(after, 10_000).await.unwrap();
            let Some(last) = page.last() else { break };
            after = Some(last.id);
            n += page.len() as u64;
            sum += page.iter().map(|l| l.amount).sum::<i64>();
        }
        let took = started.elapsed();
        println!("scan 1M lines in pages of 10,000: {took:?}");
        assert_eq!((n, sum), (1_000_000, 0));
        assert_eq!(s.ledger.count_ledger_lines().await.unwrap(), 1_000_000);
        assert!(took.as_secs() < 10, "{took:?}");
    }
}
