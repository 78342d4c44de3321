//! `baitech export`: the real binary on both adapters over a store built from documents, each
//! output parsed back and compared with those documents (ids, money in CSV major units and
//! JSON minor units), half-open ranges at their boundaries in two zones, column choice and
//! order, personal data left out by default and audited when included, gzip, and an
//! interrupted export that leaves no file under its name.

use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::Path;
use std::process::Output;

use rstest::rstest;
use rstest_reuse::apply;
use serde_json::Value;

use baitech::domain::audit::AuditEntry;
use baitech::domain::ledger::{Account, EntryKind, SettlementStatus};
use baitech::domain::transaction::{Gateway, TransactionStatus};
use baitech::domain::user::{Role, User};
use baitech::domain::{Id, Money, Timestamp};
use baitech::store::{AuditFilter, PageRequest};

use crate::common::{self, Backend, TestStore, both_backends, test_store};
use crate::store::builders;

/// A test store and a home directory for the binary.
pub(super) struct Books {
    pub(super) store: TestStore,
    home: tempfile::TempDir,
}

impl Books {
    pub(super) async fn new(backend: Backend) -> Books {
        Books {
            store: test_store(backend).await,
            home: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub(super) async fn export(&self, args: &[&str]) -> Output {
        let mut all = vec!["export"];
        all.extend_from_slice(args);
        common::cli::run(&self.store, self.home.path(), &[], &all).await
    }

    /// Runs an export that must succeed and returns its stdout.
    pub(super) async fn ok(&self, args: &[&str]) -> String {
        let out = self.export(args).await;
        assert!(
            out.status.success(),
            "export {args:?}: exit {:?}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    pub(super) async fn user(&self, u: User) -> User {
        self.store.users.insert(&u).await.expect("insert user");
        u
    }
}

/// Rows of a CSV document as header → value maps, and the header.
fn csv_rows(text: &str) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.expect("a CSV record");
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect();
    (header, rows)
}

/// Rows of any format as JSON objects (CSV values stay strings).
pub(super) fn rows(format: &str, text: &str) -> Vec<serde_json::Map<String, Value>> {
    match format {
        "csv" => csv_rows(text)
            .1
            .into_iter()
            .map(|m| m.into_iter().map(|(k, v)| (k, Value::String(v))).collect())
            .collect(),
        "json" => match serde_json::from_str::<Value>(text).expect("a JSON document") {
            Value::Array(items) => items
                .into_iter()
                .map(|v| v.as_object().expect("an object per row").clone())
                .collect(),
            other => panic!("not an array: {other}"),
        },
        "ndjson" => text
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l)
                    .expect("a JSON line")
                    .as_object()
                    .unwrap()
                    .clone()
            })
            .collect(),
        f => unreachable!("{f}"),
    }
}

pub(super) fn ids(rows: &[serde_json::Map<String, Value>], key: &str) -> BTreeSet<String> {
    rows.iter()
        .map(|r| r[key].as_str().expect("an id").to_string())
        .collect()
}

pub(super) fn hex(ids: impl IntoIterator<Item = Id>) -> BTreeSet<String> {
    ids.into_iter().map(|i| i.to_hex()).collect()
}

/// A money cell as the format writes it: CSV major units, JSON minor units.
pub(super) fn money_cell(format: &str, m: Money) -> Value {
    match format {
        "csv" => Value::String(m.major()),
        _ => Value::from(m.amount),
    }
}

/// The documents of every dataset, and what each export must contain.
struct Fixture {
    admin: User,
    customer: User,
    technician: User,
    bookings: Vec<Id>,
    transactions: Vec<(Id, Money)>,
    /// (settlement, technician, amount) per payout item.
    payouts: Vec<(Id, Id, Money)>,
    ledger: Vec<(Id, i64)>,
    audit: Vec<Id>,
}

async fn fixture(b: &Books) -> Fixture {
    let s = &b.store;
    let admin = b
        .user(builders::user(
            Role::Admin,
            &format!("admin-{}", builders::unique()),
        ))
        .await;
    let customer = b
        .user(builders::customer(&format!("c-{}", builders::unique())))
        .await;
    let technician = b
        .user(builders::technician(
            &format!("t-{}", builders::unique()),
            36.82,
            -1.29,
            &["plumbing"],
            4.5,
        ))
        .await;
    let mut bookings = Vec::new();
    for i in 0..3 {
        let mut bk = builders::full_booking(customer.id, technician.id);
        bk.created_at = builders::at(i);
        s.bookings.insert(&bk).await.unwrap();
        bookings.push(bk.id);
    }
    let mut transactions = Vec::new();
    for i in 0..2 {
        let mut t = builders::full_transaction(customer.id, technician.id);
        t.amount = Money::kes(100_000 + 5 * i);
        s.transactions.insert(&t).await.unwrap();
        transactions.push((t.id, t.amount));
    }
    let mut payouts = Vec::new();
    let mut batch = builders::settlement(SettlementStatus::Completed);
    let mut second = batch.items[0].clone();
    second.technician = technician.id;
    second.amount = Money::kes(123_456);
    batch.items.push(second);
    s.ledger.insert(&batch).await.unwrap();
    for item in &batch.items {
        payouts.push((batch.id, item.technician, item.amount));
    }
    let lines = builders::entry(
        EntryKind::Payment,
        transactions[0].0,
        Account::escrow(),
        Account::clearing(Gateway::Mpesa),
        100_000,
        builders::at(1),
    );
    s.ledger.import_ledger_lines(&lines).await.unwrap();
    let ledger = lines.iter().map(|l| (l.id, l.amount)).collect();
    let entry = builders::audit(
        Some(admin.id),
        "kyc.approve",
        "user",
        Some(technician.id),
        2,
    );
    s.audit.insert(&entry).await.unwrap();
    Fixture {
        admin,
        customer,
        technician,
        bookings,
        transactions,
        payouts,
        ledger,
        audit: vec![entry.id],
    }
}

#[apply(both_backends)]
async fn every_dataset_in_every_format_reads_back_as_the_store_holds_it(#[case] backend: Backend) {
    let b = Books::new(backend).await;
    let f = fixture(&b).await;
    let admin = f.admin.email.to_string();
    for format in ["csv", "json", "ndjson"] {
        let run = |dataset: &'static str| {
            let admin = admin.clone();
            let b = &b;
            async move {
                let text = b
                    .ok(&[
                        dataset,
                        "--format",
                        format,
                        "--include-pii",
                        "--admin",
                        &admin,
                    ])
                    .await;
                rows(format, &text)
            }
        };

        let bookings = run("bookings").await;
        assert_eq!(
            ids(&bookings, "id"),
            hex(f.bookings.clone()),
            "{format} bookings"
        );
        assert!(
            bookings
                .iter()
                .all(|r| r["technician_id"] == f.technician.id.to_hex())
        );

        let txs = run("transactions").await;
        assert_eq!(
            ids(&txs, "id"),
            hex(f.transactions.iter().map(|t| t.0)),
            "{format}"
        );
        for (id, amount) in &f.transactions {
            let row = txs.iter().find(|r| r["id"] == id.to_hex()).unwrap();
            assert_eq!(
                row["amount"],
                money_cell(format, *amount),
                "{format} amount"
            );
            assert_eq!(row["currency"], "KES");
        }

        let payouts = run("settlements").await;
        assert_eq!(
            payouts.len(),
            f.payouts.len(),
            "{format}: one row per payout item"
        );
        for (batch, tech, amount) in &f.payouts {
            assert!(
                payouts.iter().any(|r| r["settlement_id"] == batch.to_hex()
                    && r["technician_id"] == tech.to_hex()
                    && r["amount"] == money_cell(format, *amount)),
                "{format}: item of {tech} for {amount} in {payouts:?}"
            );
        }

        let ledger = run("ledger").await;
        assert_eq!(ids(&ledger, "id"), hex(f.ledger.iter().map(|l| l.0)));
        for (id, minor) in &f.ledger {
            let row = ledger.iter().find(|r| r["id"] == id.to_hex()).unwrap();
            assert_eq!(
                row["amount"],
                money_cell(format, Money::kes(*minor)),
                "{format} ledger sign"
            );
        }

        let users = run("users").await;
        assert_eq!(
            ids(&users, "id"),
            hex([f.admin.id, f.customer.id, f.technician.id])
        );
        let c = users
            .iter()
            .find(|r| r["id"] == f.customer.id.to_hex())
            .unwrap();
        assert_eq!(c["email"], f.customer.email.to_string());

        let techs = run("technicians").await;
        assert_eq!(
            ids(&techs, "id"),
            hex([f.technician.id]),
            "only technicians"
        );
        assert_eq!(techs[0]["skills"], "plumbing");
        let by_trade = b
            .ok(&["technicians", "--category", "plumbing", "--format", format])
            .await;
        assert_eq!(ids(&rows(format, &by_trade), "id"), hex([f.technician.id]));
        let none = b
            .ok(&["technicians", "--category", "masonry", "--format", format])
            .await;
        assert!(rows(format, &none).is_empty(), "{format}: {none}");

        let audit = run("audit").await;
        // The PII exports above are audited too: the fixture's entry plus one per export.
        let actions: Vec<&str> = audit
            .iter()
            .map(|r| r["action"].as_str().unwrap())
            .collect();
        assert!(
            ids(&audit, "id").is_superset(&hex(f.audit.clone())),
            "{format}"
        );
        assert!(actions.contains(&"export.pii"), "{actions:?}");
    }
}

#[apply(both_backends)]
async fn ranges_are_half_open_and_dates_are_read_in_the_zone(#[case] backend: Backend) {
    let b = Books::new(backend).await;
    let customer = b
        .user(builders::customer(&format!("c-{}", builders::unique())))
        .await;
    // Midnight of 1 November and of 1 December in Nairobi (UTC+3), and a moment either side.
    let times = [
        "2026-10-31T20:59:59.999Z", // 31 Oct 23:59:59.999 in Nairobi: before
        "2026-10-31T21:00:00Z",     // 1 Nov 00:00 in Nairobi: first inside
        "2026-11-30T20:59:59.999Z", // last inside
        "2026-11-30T21:00:00Z",     // 1 Dec 00:00 in Nairobi: after
    ];
    let mut ids_at = Vec::new();
    for t in times {
        let mut bk = builders::booking(customer.id);
        bk.created_at = Timestamp::parse(t).unwrap();
        b.store.bookings.insert(&bk).await.unwrap();
        ids_at.push(bk.id.to_hex());
    }
    let got = |text: String| ids(&rows("csv", &text), "id");
    let nairobi = got(b
        .ok(&["bookings", "--from", "2026-11-01", "--to", "2026-12-01"])
        .await);
    assert_eq!(
        nairobi,
        BTreeSet::from([ids_at[1].clone(), ids_at[2].clone()])
    );
    let utc = got(b
        .ok(&[
            "bookings",
            "--from",
            "2026-11-01",
            "--to",
            "2026-12-01",
            "--tz",
            "UTC",
        ])
        .await);
    assert_eq!(utc, BTreeSet::from([ids_at[2].clone(), ids_at[3].clone()]));
    let exact = got(b
        .ok(&[
            "bookings",
            "--from",
            "2026-10-31T21:00:00Z",
            "--to",
            "2026-11-30T21:00:00Z",
        ])
        .await);
    assert_eq!(
        exact, nairobi,
        "an instant with an offset is taken as given"
    );

    // CSV times are written in the zone asked for.
    let text = b
        .ok(&[
            "bookings",
            "--columns",
            "id,created_at",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-02",
        ])
        .await;
    assert!(text.contains("2026-11-01T00:00:00+03:00"), "{text}");

    let backwards = b
        .export(&["bookings", "--from", "2026-12-01", "--to", "2026-11-01"])
        .await;
    assert_eq!(backwards.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&backwards.stderr).contains("--to"));
}

#[apply(both_backends)]
async fn columns_are_chosen_and_ordered_and_bad_ones_are_named(#[case] backend: Backend) {
    let b = Books::new(backend).await;
    let f = fixture(&b).await;
    let text = b
        .ok(&["transactions", "--columns", "amount,id,currency"])
        .await;
    let (header, rows) = csv_rows(&text);
    assert_eq!(header, ["amount", "id", "currency"]);
    assert_eq!(rows.len(), f.transactions.len());

    let bad = b.export(&["transactions", "--columns", "id,nope"]).await;
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("\"nope\" is not a column of transactions"),
        "{err}"
    );

    let filter = b.export(&["ledger", "--status", "posted"]).await;
    assert_eq!(filter.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&filter.stderr).contains("--status is not a filter of ledger"));

    // Filters narrow the rows: by technician, by status, by city in any case.
    let other = b
        .user(builders::customer(&format!("o-{}", builders::unique())))
        .await;
    let mut bk = builders::booking(other.id);
    bk.service_location.city = Some("Mombasa".into());
    b.store.bookings.insert(&bk).await.unwrap();
    let tech = f.technician.id.to_hex();
    let mine = ids(
        &rows_of(&b.ok(&["bookings", "--technician", &tech]).await),
        "id",
    );
    assert_eq!(mine, hex(f.bookings.clone()));
    let coast = ids(
        &rows_of(&b.ok(&["bookings", "--city", "mombasa"]).await),
        "id",
    );
    assert_eq!(coast, hex([bk.id]));
    let none = rows_of(
        &b.ok(&[
            "transactions",
            "--status",
            TransactionStatus::Failed.as_str(),
        ])
        .await,
    );
    assert!(none.is_empty());
}

fn rows_of(csv: &str) -> Vec<serde_json::Map<String, Value>> {
    rows("csv", csv)
}

#[apply(both_backends)]
async fn personal_data_is_left_out_unless_asked_for_and_then_audited(#[case] backend: Backend) {
    let b = Books::new(backend).await;
    let customer = b
        .user(builders::customer(&format!("pii-{}", builders::unique())))
        .await;
    let email = customer.email.to_string();
    let plain = b.ok(&["users", "--format", "ndjson"]).await;
    assert!(
        !plain.contains(&email),
        "no e-mail without --include-pii: {plain}"
    );
    assert!(!plain.contains(customer.phone_number.as_str()));
    assert!(!plain.contains("\"first_name\""));

    // Without an admin to name, a PII export is refused rather than left unaudited.
    let refused = b.export(&["users", "--include-pii"]).await;
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("admin"));

    let admin = b
        .user(builders::user(
            Role::Admin,
            &format!("adm-{}", builders::unique()),
        ))
        .await;
    let full = b
        .ok(&["users", "--include-pii", "--format", "ndjson"])
        .await;
    assert!(full.contains(&email));
    let filter = AuditFilter {
        action: Some("export.pii".into()),
        ..Default::default()
    };
    let page = b
        .store
        .audit
        .list_audit(&filter, &PageRequest::first(10))
        .await
        .unwrap();
    let entries: Vec<&AuditEntry> = page.items.iter().collect();
    assert_eq!(entries.len(), 1, "one audit entry for the one PII export");
    assert_eq!(entries[0].actor, Some(admin.id));
    assert_eq!(entries[0].after.as_ref().unwrap()["dataset"], "users");
}

#[apply(both_backends)]
async fn a_gz_file_holds_the_same_csv_compressed(#[case] backend: Backend) {
    let b = Books::new(backend).await;
    fixture(&b).await;
    let dir = b.home.path();
    for name in ["tx.csv", "tx.csv.gz"] {
        let out = b
            .export(&["transactions", "--out", dir.join(name).to_str().unwrap()])
            .await;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let plain = std::fs::read_to_string(dir.join("tx.csv")).unwrap();
    let mut unzipped = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(dir.join("tx.csv.gz")).unwrap())
        .read_to_string(&mut unzipped)
        .expect("valid gzip");
    assert_eq!(unzipped, plain);
    assert_eq!(csv_rows(&plain).1.len(), 2);
    assert_eq!(leftovers(dir), Vec::<String>::new());
}

/// Temporary files an export left in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect()
}

/// The signal handling is the binary's, whatever the adapter: one run on the embedded store,
/// with enough ledger lines that the export is still writing when the signal comes. Should the
/// export still win the race (it ended before the signal reached it), the ledger grows and the
/// export runs again, so the test always ends by watching a real interruption.
#[tokio::test]
async fn an_interrupted_export_leaves_no_file_under_its_name() {
    let b = Books::new(Backend::Embedded).await;
    let target = b.home.path().join("ledger.csv");
    for round in 0..4u32 {
        let tx = Id::new();
        let lines: Vec<_> = (0..60_000i64 << round)
            .flat_map(|i| {
                builders::entry(
                    EntryKind::Payment,
                    tx,
                    Account::escrow(),
                    Account::clearing(Gateway::Mpesa),
                    100 + i,
                    builders::at(0),
                )
            })
            .collect();
        b.store.ledger.import_ledger_lines(&lines).await.unwrap();
        let _ = std::fs::remove_file(&target);
        let mut child = common::cli::command(
            &b.store,
            b.home.path(),
            &[],
            &["export", "ledger", "--out", target.to_str().unwrap()],
        )
        .spawn()
        .expect("start the export");
        // Wait until the export is writing its temporary file, then interrupt it.
        let started = std::time::Instant::now();
        while leftovers(b.home.path()).is_empty() && child.try_wait().unwrap().is_none() {
            assert!(
                started.elapsed().as_secs() < 30,
                "the export never started writing"
            );
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
        if let Some(pid) = child.id() {
            // SAFETY: signalling our own child, which has not been waited for yet.
            assert_eq!(unsafe { libc::kill(pid as libc::pid_t, libc::SIGINT) }, 0);
        }
        let status = child.wait().await.unwrap();
        if status.code() == Some(0) {
            // It finished first: a complete file, and no temporary one, is all it may leave.
            assert!(target.exists(), "a finished export wrote its file");
            assert_eq!(leftovers(b.home.path()), Vec::<String>::new());
            continue;
        }
        assert_eq!(status.code(), Some(130), "an interrupted export exits 130");
        assert!(!target.exists(), "no file under the name asked for");
        assert_eq!(
            leftovers(b.home.path()),
            Vec::<String>::new(),
            "the temporary file is removed"
        );
        return;
    }
    panic!("every export finished before it could be interrupted");
}
