//! Payments benchmark (`cargo bench --bench payments`), on the embedded store:
//!
//! 1. **Callbacks per second, idempotently**: `BAITECH_BENCH_CALLBACKS` (default 2,000) pending
//!    M-Pesa wallet top-ups, then their STK success callbacks posted over HTTP to the real
//!    server by 32 concurrent clients — each one completes a transaction, writes its ledger
//!    entry, credits a wallet and records the event in one write, after an STK query confirms
//!    the success (the sandbox answers it) — and then every callback
//!    posted again, which must change nothing (checked: ledger line count and balances).
//! 2. **Reconcile over 1,000,000 ledger lines** (`BAITECH_BENCH_LINES`): released booking
//!    payments written with their entries through `apply_money` (6 lines each, balances kept),
//!    then one full `reconcile` run, timed, which must find the books balanced.

mod common;

use std::time::Instant;

use baitech::domain::ledger::Account;
use baitech::domain::money::Money;
use baitech::domain::transaction::{Gateway, Split, TransactionStatus, TransactionType};
use baitech::domain::{Id, Timestamp};
use baitech::services::payments::{flow, postings, reconcile};
use baitech::store::MoneyWrite;
use serde_json::json;

use common::{app_on, env_num, open_store, percentile, serve};

fn stk_success(checkout: &str, shillings: i64) -> serde_json::Value {
    json!({"Body": {"stkCallback": {
        "MerchantRequestID": format!("m-{checkout}"),
        "CheckoutRequestID": checkout,
        "ResultCode": 0,
        "ResultDesc": "The service request is processed successfully.",
        "CallbackMetadata": {"Item": [
            {"Name": "Amount", "Value": shillings},
            {"Name": "MpesaReceiptNumber", "Value": "QKJ4ABC123"},
            {"Name": "TransactionDate", "Value": 20261125101010u64},
            {"Name": "PhoneNumber", "Value": 254712345678u64},
        ]}
    }}})
}

async fn post_all(
    http: &reqwest::Client,
    url: &str,
    bodies: &[serde_json::Value],
    clients: usize,
) -> (f64, Vec<f64>, usize) {
    let start = Instant::now();
    let chunks: Vec<Vec<serde_json::Value>> = bodies
        .chunks(bodies.len().div_ceil(clients))
        .map(|c| c.to_vec())
        .collect();
    let tasks: Vec<_> = chunks
        .into_iter()
        .map(|chunk| {
            let (http, url) = (http.clone(), url.to_string());
            tokio::spawn(async move {
                let (mut lat, mut bad) = (Vec::new(), 0);
                for b in chunk {
                    let t = Instant::now();
                    let ok = http
                        .post(&url)
                        .json(&b)
                        .send()
                        .await
                        .map(|r| r.status().is_success())
                        .unwrap_or(false);
                    lat.push(t.elapsed().as_secs_f64() * 1e3);
                    bad += usize::from(!ok);
                }
                (lat, bad)
            })
        })
        .collect();
    let (mut lat, mut bad) = (Vec::new(), 0);
    for t in tasks {
        let (l, b) = t.await.expect("client");
        lat.extend(l);
        bad += b;
    }
    lat.sort_by(f64::total_cmp);
    (start.elapsed().as_secs_f64(), lat, bad)
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let callbacks: usize = env_num("BAITECH_BENCH_CALLBACKS", 2_000);
    let lines_target: usize = env_num("BAITECH_BENCH_LINES", 1_000_000);
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = open_store(dir.path()).await;
        let app = app_on(store, dir.path(), 10_000);
        // Daraja posts to the callback URL with its secret, and each success is confirmed by an
        // STK query (answered here by the sandbox, which is told the customers paid).
        let secret = app.mpesa.callback_secret().expect("the sandbox has a callback secret").to_string();
        let sandbox = app.mpesa.sandbox().expect("the benchmark runs on the M-Pesa sandbox");
        let url = format!("http://{}/api/v1/payments/mpesa/callback/{secret}", serve(app.clone()).await);

        // 1. Callbacks.
        let now = Timestamp::now();
        let users: Vec<Id> = (0..200).map(|_| Id::new()).collect();
        let mut txs = Vec::with_capacity(callbacks);
        let mut bodies = Vec::with_capacity(callbacks);
        for k in 0..callbacks {
            let mut tx = flow::new_transaction(TransactionType::TopUp, Gateway::Mpesa, users[k % users.len()], Money::kes(50_000), now);
            let checkout = format!("ws_CO_bench_{k}");
            tx.gateway_ref.checkout_request_id = Some(checkout.clone());
            tx.gateway_ref.phone_number = Some("+254712345678".into());
            tx.record_status(TransactionStatus::Pending, None, now);
            sandbox.customer_pays(&checkout);
            bodies.push(stk_success(&checkout, 500));
            txs.push(tx);
        }
        app.store.transactions.insert_many(&txs).await.expect("pending top-ups");
        let http = reqwest::Client::builder().pool_max_idle_per_host(64).build().expect("client");
        let (secs, lat, bad) = post_all(&http, &url, &bodies, 32).await;
        let lines = app.store.ledger.count_ledger_lines().await.expect("count");
        let wallet = app.store.ledger.get_account(&Account::wallet(users[0])).await.expect("wallet");
        println!(
            "first deliveries: {callbacks} callbacks in {secs:.2} s = {:.0}/s; p50 {:.1} ms, p95 {:.1} ms; {bad} errors; {lines} ledger lines",
            callbacks as f64 / secs, percentile(&lat, 0.5), percentile(&lat, 0.95)
        );
        assert_eq!(lines as usize, callbacks * 2, "every callback wrote one entry");
        let (secs, lat, bad) = post_all(&http, &url, &bodies, 32).await;
        println!(
            "duplicates:       {callbacks} callbacks in {secs:.2} s = {:.0}/s; p50 {:.1} ms, p95 {:.1} ms; {bad} errors",
            callbacks as f64 / secs, percentile(&lat, 0.5), percentile(&lat, 0.95)
        );
        assert_eq!(app.store.ledger.count_ledger_lines().await.unwrap(), lines, "duplicates changed the ledger");
        assert_eq!(app.store.ledger.get_account(&Account::wallet(users[0])).await.unwrap(), wallet);

        // 2. Reconcile over a large ledger.
        let techs: Vec<Id> = (0..1_000).map(|_| Id::new()).collect();
        let per_tx = 6;
        let payments = lines_target.saturating_sub(lines as usize) / per_tx;
        let started = Instant::now();
        let batch = 2_000;
        let mut written = 0;
        while written < payments {
            let n = batch.min(payments - written);
            let mut w = MoneyWrite::default();
            for k in written..written + n {
                let tech = techs[k % techs.len()];
                let mut tx = flow::new_transaction(TransactionType::Payment, Gateway::Mpesa, users[k % users.len()], Money::kes(245_520), now);
                let split = Split { platform_fee: Money::kes(22_000), tax: Money::kes(3_520), technician_earnings: Money::kes(220_000) };
                // Receipt numbers are unique in the store; 166k random ones on one day would
                // collide, so the synthetic ledger numbers its receipts.
                tx.receipt_number = format!("RCP-BENCH-{k:08}");
                tx.payee = Some(tech);
                tx.split = Some(split.clone());
                tx.record_status(TransactionStatus::Released, None, now);
                w.lines.extend(postings::payment(&tx, tx.amount, now).expect("entry"));
                w.lines.extend(postings::release(&tx, tech, &split, now).expect("entry"));
                w.insert.push(tx);
            }
            app.store.ledger.apply_money(&w).await.expect("write a batch");
            written += n;
        }
        let total = app.store.ledger.count_ledger_lines().await.unwrap();
        println!("wrote {payments} released payments ({total} ledger lines) in {:.1} s", started.elapsed().as_secs_f64());
        let started = Instant::now();
        let report = reconcile::run(&app, reconcile::Options::default(), |_, _| {}).await.expect("reconcile");
        let secs = started.elapsed().as_secs_f64();
        println!(
            "reconcile: {} lines, {} entries, {} transactions, {} accounts, {} events in {secs:.2} s ({:.0} lines/s); {} discrepancies",
            report.lines, report.entries, report.transactions, report.accounts, report.events,
            report.lines as f64 / secs, report.discrepancies.len()
        );
        assert!(report.balanced(), "{:?}", &report.discrepancies[..report.discrepancies.len().min(5)]);
    });
}
