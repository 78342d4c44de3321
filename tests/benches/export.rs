//! Export benchmark (`cargo bench --bench export`), on both adapters:
//!
//! 1. **Transactions to CSV**: `BAITECH_BENCH_TRANSACTIONS` (default 1,000,000) released
//!    booking payments with their ledger entries, then `baitech export transactions --out
//!    FILE.csv` run as a child process, as an operator runs it: rows per second, and the
//!    child's peak resident memory (from `wait4`), which must stay under 50 MB whatever the
//!    size. The CSV is read back: one row per transaction.
//! 2. **The revenue report** over the same transactions (`baitech export report revenue --by
//!    month --group gateway`), timed, and checked against the totals the seeding wrote.
//!
//! MongoDB runs when `BAITECH_TEST_MONGODB_URI` (or `MONGODB_URI`) is set, on
//! `BAITECH_BENCH_MONGO_TRANSACTIONS` (default 100,000): the test server is an in-memory Python
//! implementation that loads documents far slower than MongoDB.

mod common;

use std::path::Path;
use std::time::Instant;

use baitech::domain::money::Money;
use baitech::domain::transaction::{Gateway, Split, TransactionStatus, TransactionType};
use baitech::domain::{Id, Timestamp};
use baitech::services::payments::{flow, postings};
use baitech::store::Store;

use common::{env_num, open_store};

/// Peak resident memory the export may use.
const RSS_LIMIT_MB: f64 = 50.0;
const BATCH: usize = 5_000;

struct Target {
    name: &'static str,
    /// Connection flags for the child `baitech`.
    flags: Vec<String>,
    store: Store,
}

/// `n` released booking payments, a tenth by Stripe, spread over 90 days before `now`, with
/// their payment and release entries. Returns the fees the releases credited.
async fn seed(store: &Store, n: usize, now: Timestamp) -> i64 {
    let techs: Vec<Id> = (0..1_000).map(|_| Id::new()).collect();
    let payers: Vec<Id> = (0..5_000).map(|_| Id::new()).collect();
    let split = Split {
        platform_fee: Money::kes(22_000),
        tax: Money::kes(3_520),
        technician_earnings: Money::kes(220_000),
    };
    let started = Instant::now();
    let mut written = 0;
    while written < n {
        let m = BATCH.min(n - written);
        let mut txs = Vec::with_capacity(m);
        let mut lines = Vec::with_capacity(m * 6);
        for k in written..written + m {
            let at = Timestamp::from_millis(now.millis() - (k as i64 % 90) * 86_400_000 - k as i64);
            let gateway = if k % 10 == 0 {
                Gateway::Stripe
            } else {
                Gateway::Mpesa
            };
            let mut tx = flow::new_transaction(
                TransactionType::Payment,
                gateway,
                payers[k % payers.len()],
                Money::kes(245_520),
                at,
            );
            tx.receipt_number = format!("RCP-EXP-{k:08}");
            tx.booking = Some(Id::new());
            tx.payee = Some(techs[k % techs.len()]);
            tx.split = Some(split.clone());
            tx.gateway_ref.phone_number = Some("+254712345678".into());
            tx.record_status(TransactionStatus::Released, None, at);
            lines.extend(postings::payment(&tx, tx.amount, at).expect("entry"));
            lines
                .extend(postings::release(&tx, techs[k % techs.len()], &split, at).expect("entry"));
            txs.push(tx);
        }
        store
            .transactions
            .insert_many(&txs)
            .await
            .expect("transactions");
        store
            .ledger
            .import_ledger_lines(&lines)
            .await
            .expect("ledger lines");
        written += m;
    }
    println!(
        "  seeded {n} transactions ({} ledger lines) in {:.1} s",
        n * 6,
        started.elapsed().as_secs_f64()
    );
    split.platform_fee.amount * n as i64
}

/// Runs `baitech ARGS` against `t`, waits for it and returns (seconds, peak RSS in MB, stdout).
fn child(t: &Target, home: &Path, args: &[&str]) -> (f64, f64, String) {
    use std::os::unix::process::ExitStatusExt;
    let out_path = home.join("stdout.txt");
    let stdout = std::fs::File::create(&out_path).expect("stdout file");
    let started = Instant::now();
    #[expect(
        clippy::zombie_processes,
        reason = "reaped by wait4 below, which also reports its peak memory"
    )]
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_baitech"))
        .current_dir(home)
        .arg("-q")
        .args(&t.flags)
        .args(args)
        .env("BAITECH_ENV", "test")
        .env_remove("MONGODB_URI")
        .env_remove("RUST_LOG")
        .stdin(std::process::Stdio::null())
        .stdout(stdout)
        .spawn()
        .expect("spawn baitech");
    let pid = child.id() as libc::pid_t;
    let sampler = std::thread::spawn(move || peak_anon_mb(pid));
    let mut status = 0;
    // SAFETY: `rusage` is plain data the kernel fills; `pid` is our own, not yet waited child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(waited, pid, "wait4");
    let exit = std::process::ExitStatus::from_raw(status);
    assert!(exit.success(), "baitech {args:?} failed: {exit}");
    // Linux reports `ru_maxrss` in kilobytes.
    let rss_mb = usage.ru_maxrss as f64 / 1024.0;
    let anon_mb = sampler.join().unwrap_or(0.0);
    println!(
        "    ({}: peak RSS {rss_mb:.1} MB, of it at most {anon_mb:.1} MB anonymous (heap); the rest is file pages SQLite maps)",
        args[..2].join(" ")
    );
    (
        secs,
        anon_mb,
        std::fs::read_to_string(out_path).unwrap_or_default(),
    )
}

/// The largest `RssAnon` (heap and stacks, not mapped file pages) of process `pid` seen while
/// it runs, sampled every 10 ms, in MB.
fn peak_anon_mb(pid: libc::pid_t) -> f64 {
    let path = format!("/proc/{pid}/status");
    let mut peak_kb = 0u64;
    while let Ok(status) = std::fs::read_to_string(&path) {
        if status.contains("State:\tZ") {
            break;
        }
        let kb = status
            .lines()
            .find_map(|l| l.strip_prefix("RssAnon:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0);
        peak_kb = peak_kb.max(kb);
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    peak_kb as f64 / 1024.0
}

async fn run(t: &Target, n: usize) {
    println!("{}:", t.name);
    let now = Timestamp::now();
    let fees = seed(&t.store, n, now).await;
    let home = tempfile::tempdir().expect("temp dir");
    let csv = home.path().join("transactions.csv");
    let (secs, rss, _) = child(
        t,
        home.path(),
        &["export", "transactions", "--out", csv.to_str().unwrap()],
    );
    let rows = csv::Reader::from_path(&csv).expect("CSV").records().count();
    println!(
        "  export transactions: {rows} rows in {secs:.1} s = {:.0} rows/s; peak heap {rss:.1} MB (limit {RSS_LIMIT_MB} MB); {:.0} MB file",
        rows as f64 / secs,
        std::fs::metadata(&csv).map(|m| m.len()).unwrap_or(0) as f64 / 1e6
    );
    assert_eq!(rows, n, "one row per transaction");
    if rss >= RSS_LIMIT_MB {
        println!("  OVER THE LIMIT: the export's peak heap was {rss:.1} MB");
    }
    let (secs, rss, out) = child(
        t,
        home.path(),
        &[
            "--json", "export", "report", "revenue", "--by", "month", "--group", "gateway",
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&out).expect("the report as JSON");
    let rows = report.as_array().expect("rows");
    let total: i64 = rows
        .iter()
        .map(|r| r["platform_fees"].as_i64().unwrap_or(0))
        .sum();
    println!(
        "  report revenue --by month --group gateway over {n} transactions: {:.2} s, {} rows, peak heap {rss:.1} MB",
        secs,
        rows.len()
    );
    assert_eq!(total, fees, "the report's fees are the releases'");
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let n: usize = env_num("BAITECH_BENCH_TRANSACTIONS", 1_000_000);
    let n_mongo: usize = env_num("BAITECH_BENCH_MONGO_TRANSACTIONS", 100_000);
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");
        let embedded = Target {
            name: "embedded",
            flags: vec!["--data-dir".into(), dir.path().display().to_string()],
            store: open_store(dir.path()).await,
        };
        run(&embedded, n).await;
        drop(embedded);
        let uri =
            std::env::var("BAITECH_TEST_MONGODB_URI").or_else(|_| std::env::var("MONGODB_URI"));
        let Ok(uri) = uri else {
            println!("mongodb: skipped (set BAITECH_TEST_MONGODB_URI)");
            return;
        };
        let db = format!("bench_export_{}", std::process::id());
        let store = baitech::store::mongo::connect(&uri, &db, std::time::Duration::from_secs(10))
            .await
            .expect("connect to MongoDB");
        store.admin.ensure_indexes(false).await.expect("indexes");
        let mongo = Target {
            name: "mongodb",
            flags: vec![
                "--mongodb-uri".into(),
                uri,
                "--mongodb-db".into(),
                db,
                "--data-dir".into(),
                dir.path().display().to_string(),
            ],
            store,
        };
        run(&mongo, n_mongo).await;
        let _ = mongo.store.admin.reset().await;
    });
}
