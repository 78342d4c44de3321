//! `baitech settlements` and `baitech disputes`: the real binary on both adapters. The books
//! are built through the library (accounts, a verified booking, a wallet top-up and the
//! booking paid from it, escrow released or a dispute opened), then the binary runs against
//! the same store with stdin closed, as in CI; gateways are the in-memory sandboxes.

use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use std::process::Output;
use std::sync::Arc;

use baitech::app::App;
use baitech::cache::MemoryCache;
use baitech::domain::booking::pricing::{self, PriceInput, Rates};
use baitech::domain::booking::{Actor, Booking, BookingStatus, StatusChange, Urgency, Warranty};
use baitech::domain::conversation::ConversationType;
use baitech::domain::ledger::{
    Account, EntryKind, LedgerLine, PayoutItemStatus, Settlement, SettlementStatus,
};
use baitech::domain::notification::{Notification, NotificationType};
use baitech::domain::transaction::{Gateway, Transaction, TransactionStatus, TransactionType};
use baitech::domain::user::{Role, User};
use baitech::domain::{Currency, Id, Money, Timestamp};
use baitech::services::bookings::disputes::{self, DisputeRequest, EvidenceInput};
use baitech::services::input::Field;
use baitech::services::payments::{arrival, escrow, flow, initiate};
use baitech::store::{NotificationFilter, PageRequest, SettlementFilter, TransactionFilter};
use serde_json::Value;

use crate::common::{self, Backend, TestStore, test_config, test_store};
use crate::store::builders;

/// A store with the app over it, and a home directory for the binary.
struct Books {
    app: App,
    store: TestStore,
    home: tempfile::TempDir,
}

impl Books {
    async fn new(backend: Backend) -> Books {
        let store = test_store(backend).await;
        let home = tempfile::tempdir().expect("temp dir");
        let dir = store
            .data_dir
            .as_ref()
            .map_or_else(|| home.path().to_path_buf(), |d| d.path().to_path_buf());
        let config = test_config(backend, dir, store.mongo_db.as_deref());
        let cache = Arc::new(MemoryCache::new(1_000));
        let app = App::new(config, store.store.clone(), cache).expect("assemble the app");
        Books { app, store, home }
    }

    /// Runs `baitech -q ARGS` against this store, test environment, stdin closed.
    async fn cli(&self, args: &[&str]) -> Output {
        self.cli_with(&[], args).await
    }

    /// [`Books::cli`] with extra environment variables.
    async fn cli_with(&self, env: &[(&str, String)], args: &[&str]) -> Output {
        common::cli::run(&self.store, self.home.path(), env, args).await
    }

    async fn person(&self, role: Role) -> User {
        let tag = format!("{role}-{}", builders::unique());
        let u = match role {
            Role::Technician => builders::technician(&tag, 36.82, -1.29, &["plumbing"], 4.5),
            _ => builders::user(role, &tag),
        };
        self.app.store.users.insert(&u).await.expect("insert user");
        u
    }

    /// A verified booking of `customer` done by `technician` (inside the dispute window).
    async fn verified_booking(&self, customer: &User, technician: &User) -> Booking {
        let now = Timestamp::now();
        let mut b = builders::booking(customer.id);
        b.technician = Some(technician.id);
        let input = PriceInput {
            travel: Money::kes(20_000),
            ..PriceInput::labour(Money::kes(200_000), Urgency::Normal)
        };
        b.pricing = pricing::breakdown(&input, Rates::default()).expect("price");
        b.status = BookingStatus::Verified;
        b.status_history.push(StatusChange {
            from: Some(BookingStatus::Pending),
            to: BookingStatus::Verified,
            by: None,
            by_role: None,
            reason: Some("fixture".into()),
            at: now,
        });
        b.version = 1;
        b.completed_at = Some(now);
        b.verified_at = Some(now);
        b.warranty = Some(Warranty::new(30, now));
        self.app
            .store
            .bookings
            .insert(&b)
            .await
            .expect("insert booking");
        b
    }

    /// Tops the customer's wallet up with the booking's total and pays the booking from it;
    /// returns the payment (in escrow).
    async fn pay(&self, b: &Booking) -> Transaction {
        let total = b.pricing.total;
        let top_up = flow::new_transaction(
            TransactionType::TopUp,
            Gateway::Mpesa,
            b.customer,
            total,
            Timestamp::now(),
        );
        self.app
            .store
            .transactions
            .insert(&top_up)
            .await
            .expect("insert top-up");
        let arrived = arrival::Completion {
            received: total,
            phone: None,
            refs: Default::default(),
            event: None,
            reason: "test top-up".into(),
        };
        flow::complete(&self.app, top_up.id, arrived)
            .await
            .expect("complete the top-up");
        let customer = Actor::User {
            id: b.customer,
            role: Role::Customer,
        };
        let req = initiate::BookingPayment {
            booking_id: Some(b.id.to_hex()),
        };
        let paid = initiate::wallet(&self.app, customer, req)
            .await
            .expect("pay from the wallet");
        assert_eq!(paid.status, TransactionStatus::Escrow, "{paid:?}");
        paid
    }

    /// A booking paid and disputed by its customer, with evidence and a two-message chat.
    async fn disputed_booking(&self) -> (Booking, Transaction) {
        let (customer, technician) = (
            self.person(Role::Customer).await,
            self.person(Role::Technician).await,
        );
        let b = self.verified_booking(&customer, &technician).await;
        let payment = self.pay(&b).await;
        let by = Actor::User {
            id: customer.id,
            role: Role::Customer,
        };
        let req = DisputeRequest {
            reason: Field::Set("Leak is back".into()),
            description: Field::Set("The sink leaks again the day after the repair.".into()),
            evidence: Field::Set(vec![EvidenceInput::Url(
                "https://res.cloudinary.com/demo/leak.jpg".into(),
            )]),
        };
        disputes::open(&self.app, b.id, by, req)
            .await
            .expect("open the dispute");
        let mut chat = builders::conversation(
            ConversationType::Booking,
            &[customer.id, technician.id],
            builders::at(2),
        );
        chat.booking = Some(b.id);
        self.app.store.conversations.insert(&chat).await.unwrap();
        let messages = [
            builders::message(chat.id, customer.id, "It is leaking again", builders::at(1)),
            builders::message(
                chat.id,
                technician.id,
                "I will come back tomorrow",
                builders::at(2),
            ),
        ];
        self.app
            .store
            .messages
            .insert_many(&messages)
            .await
            .unwrap();
        let b = self.app.store.bookings.get(b.id).await.unwrap().unwrap();
        (b, payment)
    }

    /// A technician owed the earnings of a paid booking whose escrow an admin released;
    /// returns them and what they are owed (minor units).
    async fn owed_technician(&self) -> (User, i64) {
        let admin = self.person(Role::Admin).await;
        let customer = self.person(Role::Customer).await;
        let technician = self.person(Role::Technician).await;
        let booking = self.verified_booking(&customer, &technician).await;
        let payment = self.pay(&booking).await;
        let by = Actor::User {
            id: admin.id,
            role: Role::Admin,
        };
        escrow::release(&self.app, payment.id, by)
            .await
            .expect("release escrow");
        let owed = self.payable(technician.id).await;
        assert!(
            owed >= 10_000,
            "the technician is owed their earnings: {owed}"
        );
        (technician, owed)
    }

    /// `who`'s notifications of `kind`, newest first.
    async fn notified(&self, who: Id, kind: NotificationType) -> Vec<Notification> {
        let filter = NotificationFilter {
            recipient: who,
            unread_only: false,
            category: None,
            now: Timestamp::now(),
        };
        let page = self
            .app
            .store
            .notifications
            .list_notifications(&filter, &PageRequest::first(100))
            .await
            .unwrap();
        page.items.into_iter().filter(|n| n.kind == kind).collect()
    }

    async fn payable(&self, technician: Id) -> i64 {
        let account = self
            .app
            .store
            .ledger
            .get_account(&Account::payable(technician))
            .await
            .unwrap();
        account.map_or(0, |a| a.credit().amount)
    }

    async fn transactions(&self, filter: TransactionFilter) -> Vec<Transaction> {
        let page = PageRequest::first(100);
        self.app
            .store
            .transactions
            .list_transactions(&filter, &page)
            .await
            .unwrap()
            .items
    }

    /// Every payout batch, newest first.
    async fn batches(&self) -> Vec<Settlement> {
        let (all, page) = (SettlementFilter::default(), PageRequest::first(100));
        let found = self.app.store.ledger.list_settlements(&all, &page).await;
        found.unwrap().items
    }
}

/// Daraja configured at an address where nothing listens: no M-Pesa request can be sent.
fn unreachable_daraja() -> Vec<(&'static str, String)> {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    [
        ("MPESA_CONSUMER_KEY", "key"),
        ("MPESA_CONSUMER_SECRET", "secret"),
        ("MPESA_SHORTCODE", "174379"),
        ("MPESA_PASSKEY", "passkey"),
        ("MPESA_CALLBACK_URL", "https://example.co.ke/mpesa/callback"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_string()))
    .chain([("MPESA_BASE_URL", url)])
    .collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts the exit code and returns stdout.
fn exited(out: &Output, code: i32) -> String {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

fn json(out: &Output) -> Value {
    let stdout = exited(out, 0);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {stdout}"))
}

/// `amount` as `settlements list` writes it in CSV.
fn shillings(m: Money) -> String {
    format!("{}.{:02}", m.amount / 100, m.amount % 100)
}

#[apply(both_backends)]
async fn settlements_list_prints_one_csv_or_json_row_per_transaction(#[case] backend: Backend) {
    let books = Books::new(backend).await;
    let customer = books.person(Role::Customer).await;
    let technician = books.person(Role::Technician).await;
    let booking = books.verified_booking(&customer, &technician).await;
    let payment = books.pay(&booking).await;

    let csv = exited(
        &books.cli(&["settlements", "list", "--format", "csv"]).await,
        0,
    );
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    for column in ["id", "type", "status", "amount", "currency", "booking"] {
        assert!(
            header.iter().any(|h| h == column),
            "no {column} column: {header:?}"
        );
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "a top-up and a payment:\n{csv}");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let paid = rows
        .iter()
        .find(|r| r[col("id")] == payment.id.to_hex())
        .expect("the payment's row");
    assert_eq!(&paid[col("type")], "payment");
    assert_eq!(&paid[col("status")], "escrow");
    assert_eq!(&paid[col("amount")], shillings(booking.pricing.total));
    assert_eq!(&paid[col("currency")], "KES");

    let only = books
        .cli(&[
            "settlements",
            "list",
            "--type",
            "payment",
            "--format",
            "csv",
        ])
        .await;
    assert_eq!(
        exited(&only, 0).lines().count(),
        2,
        "a header and the payment"
    );

    let listed = json(&books.cli(&["--json", "settlements", "list"]).await);
    let items = listed.as_array().expect("a JSON array");
    assert_eq!(items.len(), 2, "{listed}");
    assert!(
        items
            .iter()
            .any(|t| t["type"] == "top_up" && t["status"] == "completed"),
        "{listed}"
    );

    let bad = books
        .cli(&["settlements", "list", "--user", "not-an-id"])
        .await;
    assert!(text(&bad.stderr).contains("user"), "{}", text(&bad.stderr));
    exited(&bad, 2);
}

#[apply(both_backends)]
async fn reconcile_exits_0_on_clean_books_and_1_naming_an_unbalanced_entry(
    #[case] backend: Backend,
) {
    let books = Books::new(backend).await;
    let customer = books.person(Role::Customer).await;
    let technician = books.person(Role::Technician).await;
    let booking = books.verified_booking(&customer, &technician).await;
    let payment = books.pay(&booking).await;

    let clean = json(&books.cli(&["--json", "settlements", "reconcile"]).await);
    assert_eq!(clean["discrepancies"], serde_json::json!([]), "{clean}");
    assert_eq!(clean["transactions"], 2, "{clean}");
    assert!(clean["lines"].as_u64().unwrap() >= 4, "{clean}");

    let stray = LedgerLine {
        id: Id::new(),
        entry: Id::new(),
        transaction: payment.id,
        kind: EntryKind::Payment,
        account: Account::escrow(),
        amount: 100,
        currency: Currency::Kes,
        created_at: Timestamp::now(),
    };
    books
        .app
        .store
        .ledger
        .import_ledger_lines(&[stray])
        .await
        .unwrap();
    let found = exited(&books.cli(&["settlements", "reconcile"]).await, 1);
    assert!(found.contains("unbalanced_entry"), "{found}");
}

#[apply(both_backends)]
async fn payout_pays_nothing_until_executed_with_yes_and_pays_once(#[case] backend: Backend) {
    let books = Books::new(backend).await;
    let (technician, owed) = books.owed_technician().await;

    let dry = exited(&books.cli(&["settlements", "payout"]).await, 0);
    assert!(
        dry.contains("dry run") && dry.contains(&technician.id.to_hex()),
        "{dry}"
    );
    assert_eq!(
        books.payable(technician.id).await,
        owed,
        "a dry run pays nothing"
    );
    assert_eq!(books.batches().await.len(), 0, "a dry run stores no batch");

    let unconfirmed = books.cli(&["settlements", "payout", "--execute"]).await;
    exited(&unconfirmed, 2);
    assert!(
        text(&unconfirmed.stderr).contains("--yes"),
        "{}",
        text(&unconfirmed.stderr)
    );
    assert_eq!(books.payable(technician.id).await, owed);

    let paid = json(
        &books
            .cli(&["--json", "settlements", "payout", "--execute", "--yes"])
            .await,
    );
    assert_eq!(paid["dryRun"], false, "{paid}");
    let items = paid["batch"]["items"]
        .as_array()
        .expect("the batch's items");
    assert_eq!(items.len(), 1, "{paid}");
    assert_eq!(items[0]["technician"], technician.id.to_hex());
    assert_eq!(items[0]["status"], "paid", "{paid}");
    let whole = owed - owed % 100;
    assert_eq!(
        items[0]["amount"]["amount"], whole,
        "whole shillings are paid"
    );
    assert_eq!(
        books.payable(technician.id).await,
        owed - whole,
        "the cents stay owed"
    );
    let payouts = books
        .transactions(TransactionFilter {
            kind: Some(TransactionType::Payout),
            ..Default::default()
        })
        .await;
    assert_eq!(payouts.len(), 1);
    assert_eq!(
        (payouts[0].status, payouts[0].payee, payouts[0].amount),
        (
            TransactionStatus::Completed,
            Some(technician.id),
            Money::kes(whole)
        )
    );

    let again = json(
        &books
            .cli(&["--json", "settlements", "payout", "--execute", "--yes"])
            .await,
    );
    assert_eq!(again["dryRun"], true, "nothing left to pay: {again}");
    assert_eq!(again["plan"]["items"], serde_json::json!([]), "{again}");
    assert_eq!(books.batches().await.len(), 1, "no second batch");
    assert_eq!(books.payable(technician.id).await, owed - whole);

    exited(&books.cli(&["settlements", "reconcile"]).await, 0);
}

#[apply(both_backends)]
async fn an_executed_payout_tells_the_technician_it_was_sent_once(#[case] backend: Backend) {
    let books = Books::new(backend).await;
    let (technician, owed) = books.owed_technician().await;
    let whole = owed - owed % 100;
    exited(&books.cli(&["settlements", "payout"]).await, 0);
    assert!(
        books
            .notified(technician.id, NotificationType::PayoutSent)
            .await
            .is_empty(),
        "a dry run tells nobody"
    );
    exited(
        &books
            .cli(&["--json", "settlements", "payout", "--execute", "--yes"])
            .await,
        0,
    );
    let got = books
        .notified(technician.id, NotificationType::PayoutSent)
        .await;
    assert_eq!(got.len(), 1, "{got:?}");
    let payout = books
        .transactions(TransactionFilter {
            kind: Some(TransactionType::Payout),
            ..Default::default()
        })
        .await
        .remove(0);
    assert!(
        got[0].body.contains(&Money::kes(whole).to_string()),
        "{} names {}",
        got[0].body,
        Money::kes(whole)
    );
    assert_eq!(
        got[0].deep_link.as_deref(),
        Some(format!("baitech://transaction/{}", payout.id).as_str())
    );
    // Nobody else hears of it, and a second run (nothing owed) tells nobody again.
    let others = books
        .app
        .store
        .notifications
        .scan(None, 1_000)
        .await
        .unwrap();
    assert_eq!(
        others
            .iter()
            .filter(|n| n.kind == NotificationType::PayoutSent)
            .count(),
        1
    );
    exited(
        &books
            .cli(&["--json", "settlements", "payout", "--execute", "--yes"])
            .await,
        0,
    );
    assert_eq!(
        books
            .notified(technician.id, NotificationType::PayoutSent)
            .await
            .len(),
        1
    );
}

#[apply(both_backends)]
async fn an_interrupted_payout_is_resumed_by_the_next_run(#[case] backend: Backend) {
    let books = Books::new(backend).await;
    let (technician, owed) = books.owed_technician().await;
    let whole = owed - owed % 100;
    let pay = ["settlements", "payout", "--execute", "--yes"];
    let cut = books.cli_with(&unreachable_daraja(), &pay).await;
    exited(&cut, 1);
    assert!(
        text(&cut.stderr).contains("run again to resume"),
        "{}",
        text(&cut.stderr)
    );
    let batch = books.batches().await.pop().expect("the batch is stored");
    assert_eq!(batch.status, SettlementStatus::InProgress);
    assert_eq!(batch.items[0].status, PayoutItemStatus::Pending);

    let shown = exited(&books.cli(&["settlements", "payout"]).await, 0);
    assert!(
        shown.contains(&batch.reference) && shown.contains("resume"),
        "{shown}"
    );

    let resumed = json(
        &books
            .cli(&["--json", "settlements", "payout", "--execute", "--yes"])
            .await,
    );
    assert_eq!(
        (&resumed["resumed"], &resumed["dryRun"]),
        (&Value::Bool(true), &Value::Bool(false)),
        "{resumed}"
    );
    assert_eq!(resumed["batch"]["id"], batch.id.to_hex());
    assert_eq!(resumed["batch"]["items"][0]["status"], "paid", "{resumed}");
    let payouts = books
        .transactions(TransactionFilter {
            kind: Some(TransactionType::Payout),
            ..Default::default()
        })
        .await;
    assert_eq!(
        payouts.len(),
        1,
        "the resumed item reuses its transaction: {payouts:?}"
    );
    assert_eq!(payouts[0].status, TransactionStatus::Completed);
    assert_eq!(books.payable(technician.id).await, owed - whole);
    assert_eq!(books.batches().await.len(), 1);
    exited(&books.cli(&["settlements", "reconcile"]).await, 0);
}

#[apply(both_backends)]
async fn disputes_are_listed_shown_and_resolved_once(#[case] backend: Backend) {
    let books = Books::new(backend).await;
    let (booking, payment) = books.disputed_booking().await;
    let id = booking.id.to_hex();

    let listed = exited(&books.cli(&["disputes", "list"]).await, 0);
    assert!(
        listed.contains(&booking.booking_number) && listed.contains("Leak is back"),
        "{listed}"
    );

    let file = json(&books.cli(&["--json", "disputes", "show", &id]).await);
    assert_eq!(file["booking"]["status"], "disputed", "{file}");
    assert_eq!(file["dispute"]["reason"], "Leak is back");
    assert_eq!(
        file["dispute"]["evidence"][0]["url"],
        "https://res.cloudinary.com/demo/leak.jpg"
    );
    let txs = file["transactions"].as_array().expect("transactions");
    assert!(
        txs.iter().any(|t| t["id"] == payment.id.to_hex()
            && t["type"] == "payment"
            && t["status"] == "escrow"),
        "{file}"
    );
    assert_eq!(
        file["money"]["inEscrow"]["amount"], booking.pricing.total.amount,
        "{file}"
    );
    assert_eq!(file["customer"]["id"], booking.customer.to_hex());
    let messages = file["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 2, "{file}");
    assert_eq!(messages[1]["text"], "I will come back tomorrow");
    assert!(
        file["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["to"] == "disputed")
    );

    let decision = [
        "--outcome",
        "refund_partial",
        "--amount",
        "500",
        "--reason",
        "Half the work had to be redone",
        "--yes",
    ];
    let number = booking.booking_number.as_str();
    let resolve = |key: &'static str| {
        let mut args = vec![
            "disputes",
            "resolve",
            if key == "id" { id.as_str() } else { number },
        ];
        args.extend(decision);
        args
    };
    let no_admin = books.cli(&resolve("number")).await;
    exited(&no_admin, 2);
    assert!(
        text(&no_admin.stderr).contains("admin"),
        "{}",
        text(&no_admin.stderr)
    );

    books.person(Role::Admin).await;

    let bare = books.cli(&["disputes", "resolve", &id]).await;
    let stderr = text(&bare.stderr);
    exited(&bare, 2);
    assert!(
        stderr.contains("--outcome") && stderr.contains("--reason"),
        "{stderr}"
    );

    let settled = exited(&books.cli(&resolve("number")).await, 0);
    assert!(settled.contains("refund_partial"), "{settled}");
    let after = books
        .app
        .store
        .bookings
        .get(booking.id)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(after.status, BookingStatus::Disputed);
    let refunds = books
        .transactions(TransactionFilter {
            booking: Some(booking.id),
            kind: Some(TransactionType::Refund),
            ..Default::default()
        })
        .await;
    assert_eq!(refunds.len(), 1, "{refunds:?}");
    assert_eq!(refunds[0].amount, Money::kes(50_000));
    assert_eq!(refunds[0].parent, Some(payment.id));

    let paid = books.transactions(TransactionFilter {
        kind: Some(TransactionType::Payment),
        booking: Some(booking.id),
        ..Default::default()
    });
    let paid = paid.await.pop().expect("the payment");
    assert_eq!(
        (paid.status, paid.refunded_amount),
        (TransactionStatus::Released, Money::kes(50_000)),
        "the rest of escrow went to the technician"
    );

    let twice = books.cli(&resolve("id")).await;
    exited(&twice, 1);
    assert!(
        text(&twice.stderr).contains("no longer disputed"),
        "{}",
        text(&twice.stderr)
    );
}

#[apply(both_backends)]
async fn a_dispute_refund_the_gateway_cannot_take_holds_escrow_until_resolved_again(
    #[case] backend: Backend,
) {
    let books = Books::new(backend).await;
    books.person(Role::Admin).await;
    let customer = books.person(Role::Customer).await;
    let technician = books.person(Role::Technician).await;
    let booking = books.verified_booking(&customer, &technician).await;
    let who = Actor::User {
        id: customer.id,
        role: Role::Customer,
    };
    let phone = customer.phone_number.to_string();
    let push = initiate::MpesaPayment {
        booking_id: Field::Set(booking.id.to_hex()),
        phone_number: Field::Set(phone.clone()),
    };
    let tx = initiate::mpesa(&books.app, who, push)
        .await
        .expect("STK push");
    let callback = arrival::Completion {
        received: tx.amount,
        phone: Some(phone),
        refs: Default::default(),
        event: None,
        reason: "M-Pesa callback".into(),
    };
    flow::complete(&books.app, tx.id, callback)
        .await
        .expect("payment arrives");
    let req = DisputeRequest {
        reason: Field::Set("Leak is back".into()),
        ..Default::default()
    };
    disputes::open(&books.app, booking.id, who, req)
        .await
        .expect("open the dispute");

    let id = booking.id.to_hex();
    let args = [
        "disputes",
        "resolve",
        &id,
        "--outcome",
        "refund_full",
        "--reason",
        "Not fixed",
        "--yes",
    ];
    let out = books.cli_with(&unreachable_daraja(), &args).await;
    let stderr = text(&out.stderr);
    exited(&out, 3);
    assert!(
        stderr.contains("mpesa unavailable") && stderr.contains("decision was recorded"),
        "{stderr}"
    );
    let payment = books
        .app
        .store
        .transactions
        .get(tx.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (payment.status, payment.refunded_amount.amount),
        (TransactionStatus::Escrow, 0),
        "the failed refund put the money back in escrow"
    );
    // The decision holds the escrow: nobody can release it to the technician meanwhile.
    let admin = Actor::User {
        id: books.person(Role::Admin).await.id,
        role: Role::Admin,
    };
    let refused = baitech::services::payments::escrow::release(&books.app, tx.id, admin).await;
    assert!(
        matches!(&refused, Err(baitech::Error::Unprocessable(m)) if m.contains("has not gone through")),
        "{refused:?}"
    );
    // Resolving again, with the gateway back, finishes the refund; a third time is refused.
    let out = books.cli(&["disputes", "resolve", &id, "--yes"]).await;
    exited(&out, 0);
    let payment = books
        .app
        .store
        .transactions
        .get(tx.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(payment.status, TransactionStatus::Refunded);
    assert_eq!(payment.refunded_amount, payment.amount);
    let out = books.cli(&["disputes", "resolve", &id, "--yes"]).await;
    exited(&out, 1);
}
