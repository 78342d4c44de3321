//! The ledger: money writes applied all together or not at all (compare-and-set, duplicate
//! events, wallets that never go into debit, used idempotency keys), imported lines, the scan
//! in id order, account balances by prefix, gateway events and payout batches.

use baitech::Error;
use baitech::domain::booking::Booking;
use baitech::domain::ledger::{
    Account, AccountBalance, EntryKind, EventOutcome, GatewayEvent, LedgerLine, PayoutItemStatus,
    Settlement, SettlementStatus,
};
use baitech::domain::money::Currency;
use baitech::domain::transaction::{Gateway, Transaction, TransactionStatus};
use baitech::domain::{Id, Timestamp};
use baitech::store::{
    BookingFilter, GatewayEventFilter, MoneyWrite, PageRequest, SettlementFilter,
    TransactionFilter, WriteOutcome,
};
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;

use super::builders::{
    at, booking, entry, gateway_event, gateway_refs, next_id, settlement, transaction,
};
use super::pages::{ids, newest_first, walk};
use super::{assert_conflict, assert_not_found, race};
use crate::common::{Backend, TestStore, test_store};

/// Everything a money write can touch, to show a refused write left it all as it was.
#[derive(Debug, PartialEq)]
struct Books {
    lines: Vec<LedgerLine>,
    accounts: Vec<AccountBalance>,
    events: Vec<GatewayEvent>,
    transactions: Vec<Transaction>,
    bookings: Vec<Booking>,
    settlements: Vec<Settlement>,
}

async fn books(ts: &TestStore) -> Books {
    let page = PageRequest::first(100);
    Books {
        lines: ts.ledger.scan_ledger(None, 1_000).await.unwrap(),
        accounts: ts.ledger.list_accounts("").await.unwrap(),
        events: (ts.ledger)
            .list_gateway_events(&GatewayEventFilter::default(), &page)
            .await
            .unwrap()
            .items,
        transactions: (ts.transactions)
            .list_transactions(&TransactionFilter::default(), &page)
            .await
            .unwrap()
            .items,
        bookings: (ts.bookings)
            .list_bookings(&BookingFilter::default(), &page)
            .await
            .unwrap()
            .items,
        settlements: (ts.ledger)
            .list_settlements(&SettlementFilter::default(), &page)
            .await
            .unwrap()
            .items,
    }
}

async fn apply(ts: &TestStore, write: &MoneyWrite) -> WriteOutcome {
    ts.ledger
        .apply_money(write)
        .await
        .expect("apply a money write")
}

/// Moves `amount` into `wallet` from M-Pesa.
async fn top_up(ts: &TestStore, wallet: &Account, amount: i64) {
    let lines = entry(
        EntryKind::TopUp,
        Id::new(),
        Account::clearing(Gateway::Mpesa),
        wallet.clone(),
        amount,
        at(0),
    );
    let write = MoneyWrite {
        lines,
        ..Default::default()
    };
    assert_eq!(apply(ts, &write).await, WriteOutcome::Applied);
}

async fn balance(ts: &TestStore, account: &Account) -> Option<i64> {
    let found = ts.ledger.get_account(account).await.expect("get account");
    found.map(|a| a.balance)
}

async fn stored_transaction(ts: &TestStore, id: Id) -> Option<Transaction> {
    ts.transactions.get(id).await.unwrap()
}

fn kes_account(account: Account, balance: i64, updated_at: Timestamp) -> AccountBalance {
    AccountBalance {
        account,
        currency: Currency::Kes,
        balance,
        updated_at,
    }
}

fn keys(accounts: &[AccountBalance]) -> Vec<String> {
    accounts.iter().map(|a| a.account.to_string()).collect()
}

#[apply(both_backends)]
pub(super) async fn apply_money_writes_every_part_and_moves_the_balances(#[case] b: Backend) {
    let ts = test_store(b).await;
    let customer = Id::new();
    let pending = transaction(customer, TransactionStatus::Pending);
    let job = booking(customer);
    let batch = settlement(SettlementStatus::Open);
    ts.transactions.insert(&pending).await.unwrap();
    ts.bookings.insert(&job).await.unwrap();
    ts.ledger.insert(&batch).await.unwrap();

    let mut escrow = pending.clone();
    escrow.record_status(TransactionStatus::Escrow, Some("callback".into()), at(1));
    let mut paid = job.clone();
    paid.version = 1;
    paid.paid_at = Some(at(1));
    paid.updated_at = at(1);
    let mut running = batch.clone();
    running.status = SettlementStatus::InProgress;
    running.version = 1;
    running.updated_at = at(1);
    let fee = transaction(customer, TransactionStatus::Completed);
    let lines = entry(
        EntryKind::Payment,
        pending.id,
        Account::clearing(Gateway::Mpesa),
        Account::escrow(),
        100_000,
        at(1),
    );
    let event = gateway_event(
        Gateway::Mpesa,
        "ws_CO_apply",
        Some(pending.id),
        EventOutcome::Applied,
    );
    let write = MoneyWrite {
        insert: vec![fee.clone()],
        update: vec![(escrow.clone(), TransactionStatus::Pending)],
        lines: lines.clone(),
        event: Some(event.clone()),
        booking: Some((paid.clone(), 0)),
        settlement: Some((running.clone(), 0)),
    };
    assert_eq!(apply(&ts, &write).await, WriteOutcome::Applied);

    assert_eq!(stored_transaction(&ts, pending.id).await, Some(escrow));
    assert_eq!(stored_transaction(&ts, fee.id).await, Some(fee));
    assert_eq!(ts.bookings.get(job.id).await.unwrap(), Some(paid));
    assert_eq!(ts.ledger.get(batch.id).await.unwrap(), Some(running));
    assert_eq!(
        ts.ledger
            .get_gateway_event(Gateway::Mpesa, "ws_CO_apply")
            .await
            .unwrap(),
        Some(event)
    );
    assert_eq!(
        ts.ledger.transaction_lines(pending.id).await.unwrap(),
        lines
    );
    let clearing = Account::clearing(Gateway::Mpesa);
    assert_eq!(
        ts.ledger.get_account(&clearing).await.unwrap(),
        Some(kes_account(clearing.clone(), 100_000, at(1)))
    );
    assert_eq!(
        ts.ledger.get_account(&Account::escrow()).await.unwrap(),
        Some(kes_account(Account::escrow(), -100_000, at(1)))
    );

    // A later movement adds to the balances it touches and leaves the others alone.
    let technician = Id::new();
    let release = entry(
        EntryKind::Release,
        pending.id,
        Account::escrow(),
        Account::payable(technician),
        100_000,
        at(2),
    );
    let write = MoneyWrite {
        lines: release.clone(),
        ..Default::default()
    };
    assert_eq!(apply(&ts, &write).await, WriteOutcome::Applied);
    assert_eq!(
        ts.ledger.get_account(&Account::escrow()).await.unwrap(),
        Some(kes_account(Account::escrow(), 0, at(2)))
    );
    assert_eq!(
        balance(&ts, &Account::payable(technician)).await,
        Some(-100_000)
    );
    assert_eq!(balance(&ts, &clearing).await, Some(100_000));
    let all: Vec<LedgerLine> = lines.into_iter().chain(release).collect();
    assert_eq!(ts.ledger.transaction_lines(pending.id).await.unwrap(), all);
    assert_eq!(ts.ledger.count_ledger_lines().await.unwrap(), 4);
}

#[apply(both_backends)]
pub(super) async fn a_stale_transaction_status_writes_nothing(#[case] b: Backend) {
    let ts = test_store(b).await;
    let payer = Id::new();
    let mut completed = transaction(payer, TransactionStatus::Pending);
    completed.record_status(TransactionStatus::Completed, None, at(1));
    ts.transactions.insert(&completed).await.unwrap();
    let before = books(&ts).await;

    // Written by someone who still saw it pending.
    let mut escrow = completed.clone();
    escrow.status = TransactionStatus::Escrow;
    let write = MoneyWrite {
        insert: vec![transaction(payer, TransactionStatus::Initiated)],
        update: vec![(escrow, TransactionStatus::Pending)],
        lines: entry(
            EntryKind::Payment,
            completed.id,
            Account::clearing(Gateway::Mpesa),
            Account::escrow(),
            100_000,
            at(2),
        ),
        event: Some(gateway_event(
            Gateway::Mpesa,
            "ws_CO_stale",
            Some(completed.id),
            EventOutcome::Applied,
        )),
        ..Default::default()
    };
    assert_eq!(apply(&ts, &write).await, WriteOutcome::Stale);
    assert_eq!(books(&ts).await, before, "a stale write changes nothing");

    // A transaction that does not exist is not found, and nothing is written either.
    let mut ghost = transaction(payer, TransactionStatus::Escrow);
    ghost.id = next_id();
    let write = MoneyWrite {
        update: vec![(ghost, TransactionStatus::Pending)],
        event: Some(gateway_event(
            Gateway::Mpesa,
            "ws_CO_ghost",
            None,
            EventOutcome::Applied,
        )),
        ..write
    };
    assert_not_found(ts.ledger.apply_money(&write).await);
    assert_eq!(books(&ts).await, before);
}

#[apply(both_backends)]
pub(super) async fn a_duplicate_event_writes_nothing_the_second_time(#[case] b: Backend) {
    let ts = test_store(b).await;
    let pending = transaction(Id::new(), TransactionStatus::Pending);
    ts.transactions.insert(&pending).await.unwrap();
    let mut escrow = pending.clone();
    escrow.record_status(TransactionStatus::Escrow, None, at(1));
    let first = MoneyWrite {
        update: vec![(escrow.clone(), TransactionStatus::Pending)],
        lines: entry(
            EntryKind::Payment,
            pending.id,
            Account::clearing(Gateway::Mpesa),
            Account::escrow(),
            100_000,
            at(1),
        ),
        event: Some(gateway_event(
            Gateway::Mpesa,
            "ws_CO_dup",
            Some(pending.id),
            EventOutcome::Applied,
        )),
        ..Default::default()
    };
    assert_eq!(apply(&ts, &first).await, WriteOutcome::Applied);
    let before = books(&ts).await;

    // The same delivery again, built afresh (new ids) and with a compare-and-set that holds.
    let mut released = escrow.clone();
    released.record_status(TransactionStatus::Released, None, at(2));
    let again = MoneyWrite {
        update: vec![(released, TransactionStatus::Escrow)],
        lines: entry(
            EntryKind::Payment,
            pending.id,
            Account::clearing(Gateway::Mpesa),
            Account::escrow(),
            100_000,
            at(2),
        ),
        event: Some(gateway_event(
            Gateway::Mpesa,
            "ws_CO_dup",
            Some(pending.id),
            EventOutcome::Ignored,
        )),
        ..Default::default()
    };
    assert_eq!(apply(&ts, &again).await, WriteOutcome::DuplicateEvent);
    assert_eq!(
        books(&ts).await,
        before,
        "a duplicate delivery changes nothing"
    );

    // The same id from another gateway is another event.
    let other = MoneyWrite {
        event: Some(gateway_event(
            Gateway::Stripe,
            "ws_CO_dup",
            None,
            EventOutcome::Unmatched,
        )),
        ..Default::default()
    };
    assert_eq!(apply(&ts, &other).await, WriteOutcome::Applied);
}

#[apply(both_backends)]
pub(super) async fn a_wallet_overdraft_is_insufficient_funds_and_writes_nothing(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let payer = Id::new();
    let wallet = Account::wallet(payer);
    top_up(&ts, &wallet, 50_000).await;
    assert_eq!(balance(&ts, &wallet).await, Some(-50_000));
    let pending = transaction(payer, TransactionStatus::Pending);
    ts.transactions.insert(&pending).await.unwrap();
    let before = books(&ts).await;

    let spend = |amount: i64, event: &str| {
        let mut paid = pending.clone();
        paid.record_status(TransactionStatus::Escrow, None, at(1));
        MoneyWrite {
            update: vec![(paid, TransactionStatus::Pending)],
            lines: entry(
                EntryKind::Payment,
                pending.id,
                wallet.clone(),
                Account::escrow(),
                amount,
                at(1),
            ),
            event: Some(gateway_event(
                Gateway::Wallet,
                event,
                Some(pending.id),
                EventOutcome::Applied,
            )),
            ..Default::default()
        }
    };
    match ts.ledger.apply_money(&spend(60_000, "over")).await {
        Err(Error::InsufficientFunds(_)) => {}
        other => panic!("expected InsufficientFunds, got {other:?}"),
    }
    assert_eq!(books(&ts).await, before, "a refused spend changes nothing");

    // Spending exactly the balance empties the wallet.
    assert_eq!(
        apply(&ts, &spend(50_000, "exact")).await,
        WriteOutcome::Applied
    );
    assert_eq!(balance(&ts, &wallet).await, Some(0));
    assert_eq!(balance(&ts, &Account::escrow()).await, Some(-50_000));

    // A wallet that was never funded has nothing to spend.
    let empty = Account::wallet(Id::new());
    let write = MoneyWrite {
        lines: entry(
            EntryKind::Payment,
            Id::new(),
            empty.clone(),
            Account::escrow(),
            1,
            at(2),
        ),
        ..Default::default()
    };
    assert!(matches!(
        ts.ledger.apply_money(&write).await,
        Err(Error::InsufficientFunds(_))
    ));
    assert_eq!(balance(&ts, &empty).await, None);
}

#[apply(both_backends)]
pub(super) async fn concurrent_wallet_spends_never_overdraw(#[case] b: Backend) {
    let ts = test_store(b).await;
    let wallet = Account::wallet(Id::new());
    top_up(&ts, &wallet, 1_000).await;
    let results = race(20, |_| {
        let (store, wallet) = (ts.store.clone(), wallet.clone());
        async move {
            let lines = entry(
                EntryKind::Payment,
                Id::new(),
                wallet,
                Account::escrow(),
                100,
                at(1),
            );
            let write = MoneyWrite {
                lines,
                ..Default::default()
            };
            store.ledger.apply_money(&write).await
        }
    })
    .await;
    let applied = results
        .iter()
        .filter(|r| matches!(r, Ok(WriteOutcome::Applied)))
        .count();
    let refused = results
        .iter()
        .filter(|r| matches!(r, Err(Error::InsufficientFunds(_))))
        .count();
    assert_eq!((applied, refused), (10, 10), "{results:?}");
    assert_eq!(balance(&ts, &wallet).await, Some(0));
    assert_eq!(balance(&ts, &Account::escrow()).await, Some(-1_000));
    assert_eq!(ts.ledger.count_ledger_lines().await.unwrap(), 2 + 10 * 2);
}

#[apply(both_backends)]
pub(super) async fn a_used_idempotency_key_is_a_conflict_and_writes_nothing(#[case] b: Backend) {
    let ts = test_store(b).await;
    let payer = Id::new();
    let mut first = transaction(payer, TransactionStatus::Pending);
    first.gateway_ref = gateway_refs("IDEM1");
    ts.transactions.insert(&first).await.unwrap();
    let before = books(&ts).await;

    let mut retry = transaction(payer, TransactionStatus::Initiated);
    retry.gateway_ref.idempotency_key = first.gateway_ref.idempotency_key.clone();
    let write = MoneyWrite {
        insert: vec![retry.clone()],
        lines: entry(
            EntryKind::Payment,
            retry.id,
            Account::clearing(Gateway::Mpesa),
            Account::escrow(),
            100_000,
            at(1),
        ),
        event: Some(gateway_event(
            Gateway::Mpesa,
            "ws_CO_idem",
            Some(retry.id),
            EventOutcome::Applied,
        )),
        ..Default::default()
    };
    assert_conflict(ts.ledger.apply_money(&write).await, "idempotency key");
    assert_eq!(books(&ts).await, before, "a refused insert changes nothing");
}

#[apply(both_backends)]
pub(super) async fn a_stale_booking_version_writes_nothing(#[case] b: Backend) {
    let ts = test_store(b).await;
    let customer = Id::new();
    let job = booking(customer);
    ts.bookings.insert(&job).await.unwrap();
    let mut moved = job.clone();
    moved.version = 1;
    assert!(ts.bookings.replace_if_version(&moved, 0).await.unwrap());
    let pending = transaction(customer, TransactionStatus::Pending);
    ts.transactions.insert(&pending).await.unwrap();
    let before = books(&ts).await;

    let mut escrow = pending.clone();
    escrow.record_status(TransactionStatus::Escrow, None, at(1));
    let mut paid = job.clone();
    paid.version = 1;
    paid.paid_at = Some(at(1));
    let write = MoneyWrite {
        // This compare-and-set holds; the booking's does not, so neither is written.
        update: vec![(escrow, TransactionStatus::Pending)],
        booking: Some((paid, 0)),
        lines: entry(
            EntryKind::Payment,
            pending.id,
            Account::clearing(Gateway::Mpesa),
            Account::escrow(),
            100_000,
            at(1),
        ),
        event: Some(gateway_event(
            Gateway::Mpesa,
            "ws_CO_booking",
            Some(pending.id),
            EventOutcome::Applied,
        )),
        ..Default::default()
    };
    assert_eq!(apply(&ts, &write).await, WriteOutcome::Stale);
    assert_eq!(books(&ts).await, before);
}

#[apply(both_backends)]
pub(super) async fn settlements_move_by_compare_and_set_on_version(#[case] b: Backend) {
    let ts = test_store(b).await;
    let batch = settlement(SettlementStatus::Open);
    ts.ledger.insert(&batch).await.unwrap();
    assert_eq!(ts.ledger.get(batch.id).await.unwrap(), Some(batch.clone()));
    assert!(matches!(
        ts.ledger.insert(&batch).await,
        Err(Error::Conflict(_))
    ));
    assert_eq!(ts.ledger.get(Id::new()).await.unwrap(), None);

    let technician = batch.items[0].technician;
    let payout = Id::new();
    let mut paid = batch.clone();
    paid.status = SettlementStatus::Completed;
    paid.items[0].status = PayoutItemStatus::Paid;
    paid.items[0].transaction = Some(payout);
    paid.version = 1;
    paid.updated_at = at(5);
    let write = MoneyWrite {
        settlement: Some((paid.clone(), 0)),
        lines: entry(
            EntryKind::Payout,
            payout,
            Account::payable(technician),
            Account::clearing(Gateway::Mpesa),
            500_000,
            at(5),
        ),
        ..Default::default()
    };
    assert_eq!(apply(&ts, &write).await, WriteOutcome::Applied);
    assert_eq!(ts.ledger.get(batch.id).await.unwrap(), Some(paid.clone()));

    // A second runner that read version 0 loses and pays nothing.
    let lines_before = ts.ledger.count_ledger_lines().await.unwrap();
    assert_eq!(apply(&ts, &write).await, WriteOutcome::Stale);
    assert_eq!(ts.ledger.get(batch.id).await.unwrap(), Some(paid));
    assert_eq!(ts.ledger.count_ledger_lines().await.unwrap(), lines_before);
    assert_eq!(
        balance(&ts, &Account::payable(technician)).await,
        Some(500_000)
    );

    // A batch that was never inserted is not found.
    let ghost = settlement(SettlementStatus::InProgress);
    let write = MoneyWrite {
        settlement: Some((ghost, 0)),
        ..Default::default()
    };
    assert_not_found(ts.ledger.apply_money(&write).await);
}

#[apply(both_backends)]
pub(super) async fn imported_lines_leave_balances_alone(#[case] b: Backend) {
    let ts = test_store(b).await;
    let tx = Id::new();
    let payment = entry(
        EntryKind::Payment,
        tx,
        Account::clearing(Gateway::Stripe),
        Account::escrow(),
        70_000,
        at(1),
    );
    let refund = entry(
        EntryKind::Refund,
        tx,
        Account::escrow(),
        Account::clearing(Gateway::Stripe),
        20_000,
        at(2),
    );
    // Imported newest first: a transaction's lines still come back oldest first.
    let lines: Vec<LedgerLine> = refund.iter().chain(&payment).cloned().collect();
    assert_eq!(ts.ledger.import_ledger_lines(&lines).await.unwrap(), 4);
    assert_eq!(ts.ledger.count_ledger_lines().await.unwrap(), 4);
    let oldest_first: Vec<LedgerLine> = payment.into_iter().chain(refund).collect();
    assert_eq!(ts.ledger.transaction_lines(tx).await.unwrap(), oldest_first);
    assert_eq!(
        ts.ledger.transaction_lines(Id::new()).await.unwrap(),
        vec![]
    );
    assert_eq!(ts.ledger.list_accounts("").await.unwrap(), vec![]);
    assert_eq!(balance(&ts, &Account::escrow()).await, None);

    // Lines are appended once: importing them again is refused as a whole.
    assert!(matches!(
        ts.ledger.import_ledger_lines(&lines).await,
        Err(Error::Conflict(_))
    ));
    assert_eq!(ts.ledger.count_ledger_lines().await.unwrap(), 4);
    assert_eq!(ts.ledger.import_ledger_lines(&[]).await.unwrap(), 0);
}

#[apply(both_backends)]
pub(super) async fn scan_ledger_walks_every_line_once_in_id_order(#[case] b: Backend) {
    let ts = test_store(b).await;
    let entries: Vec<Vec<LedgerLine>> = (0..12)
        .map(|i| {
            entry(
                EntryKind::Payment,
                Id::new(),
                Account::clearing(Gateway::Mpesa),
                Account::escrow(),
                100 + i,
                at(i),
            )
        })
        .collect();
    // Stored out of id order, in three imports.
    let mut shuffled: Vec<LedgerLine> = entries.iter().rev().flatten().cloned().collect();
    shuffled.rotate_left(5);
    for part in shuffled.chunks(9) {
        ts.ledger.import_ledger_lines(part).await.unwrap();
    }
    let mut expected = shuffled;
    expected.sort_by_key(|l| l.id);

    assert_eq!(ts.ledger.scan_ledger(None, 0).await.unwrap(), vec![]);
    let mut scanned: Vec<LedgerLine> = Vec::new();
    let mut after = None;
    loop {
        let page = ts.ledger.scan_ledger(after, 5).await.unwrap();
        assert!(page.len() <= 5, "{} lines for a limit of 5", page.len());
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        scanned.extend(page);
        assert!(scanned.len() <= expected.len(), "the scan never ends");
    }
    assert_eq!(scanned, expected);
    let from_middle = ts
        .ledger
        .scan_ledger(Some(expected[9].id), 3)
        .await
        .unwrap();
    assert_eq!(from_middle, expected[10..13].to_vec());
}

#[apply(both_backends)]
pub(super) async fn list_accounts_filters_by_prefix_in_key_order(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (a, c, tech) = (next_id(), next_id(), next_id());
    let mpesa = Account::clearing(Gateway::Mpesa);
    let stripe = Account::clearing(Gateway::Stripe);
    let lines: Vec<LedgerLine> = [
        entry(
            EntryKind::TopUp,
            Id::new(),
            mpesa.clone(),
            Account::wallet(c),
            300,
            at(1),
        ),
        entry(
            EntryKind::TopUp,
            Id::new(),
            mpesa.clone(),
            Account::wallet(a),
            200,
            at(1),
        ),
        entry(
            EntryKind::Payment,
            Id::new(),
            stripe.clone(),
            Account::escrow(),
            1_000,
            at(1),
        ),
        entry(
            EntryKind::Release,
            Id::new(),
            Account::escrow(),
            Account::payable(tech),
            900,
            at(2),
        ),
        entry(
            EntryKind::Release,
            Id::new(),
            Account::escrow(),
            Account::platform_revenue(),
            100,
            at(2),
        ),
    ]
    .concat();
    let write = MoneyWrite {
        lines,
        ..Default::default()
    };
    assert_eq!(apply(&ts, &write).await, WriteOutcome::Applied);

    let all = ts.ledger.list_accounts("").await.unwrap();
    let mut sorted = keys(&all);
    sorted.sort();
    assert_eq!(keys(&all), sorted, "key order");
    assert_eq!(all.len(), 7);
    assert_eq!(
        all.iter().map(|a| a.balance).sum::<i64>(),
        0,
        "the books balance"
    );

    let wallets = ts
        .ledger
        .list_accounts(Account::WALLET_PREFIX)
        .await
        .unwrap();
    assert_eq!(
        wallets,
        vec![
            kes_account(Account::wallet(a), -200, at(1)),
            kes_account(Account::wallet(c), -300, at(1)),
        ]
    );
    let payable = ts
        .ledger
        .list_accounts(Account::PAYABLE_PREFIX)
        .await
        .unwrap();
    assert_eq!(
        payable,
        vec![kes_account(Account::payable(tech), -900, at(2))]
    );
    assert_eq!(
        keys(&ts.ledger.list_accounts("clearing:").await.unwrap()),
        vec![mpesa.to_string(), stripe.to_string()]
    );
    assert_eq!(
        keys(&ts.ledger.list_accounts("platform:").await.unwrap()),
        vec!["platform:revenue".to_string()]
    );
    assert_eq!(ts.ledger.list_accounts("cash:").await.unwrap(), vec![]);
    assert_eq!(ts.ledger.list_accounts("wallet:.*").await.unwrap(), vec![]);
}

#[apply(both_backends)]
pub(super) async fn gateway_events_are_found_by_delivery_and_listed_newest_first(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let (t1, t2) = (Id::new(), Id::new());
    use EventOutcome as O;
    let events = [
        gateway_event(Gateway::Mpesa, "ws_1", Some(t1), O::Applied),
        gateway_event(Gateway::Stripe, "evt_2", Some(t1), O::Ignored),
        gateway_event(Gateway::Mpesa, "ws_3", None, O::Unmatched),
        gateway_event(Gateway::Stripe, "evt_4", Some(t2), O::Flagged),
        gateway_event(Gateway::Mpesa, "ws_5", Some(t2), O::Applied),
    ];
    for e in &events {
        let write = MoneyWrite {
            event: Some(e.clone()),
            ..Default::default()
        };
        assert_eq!(apply(&ts, &write).await, WriteOutcome::Applied);
    }
    assert_eq!(
        ts.ledger
            .get_gateway_event(Gateway::Mpesa, "ws_1")
            .await
            .unwrap(),
        Some(events[0].clone())
    );
    assert_eq!(
        ts.ledger
            .get_gateway_event(Gateway::Stripe, "ws_1")
            .await
            .unwrap(),
        None
    );

    let [e1, e2, e3, e4, e5] = events.map(|e| e.id);
    let cases = [
        (
            "all",
            GatewayEventFilter::default(),
            vec![e1, e2, e3, e4, e5],
        ),
        (
            "gateway",
            GatewayEventFilter {
                gateway: Some(Gateway::Mpesa),
                ..Default::default()
            },
            vec![e1, e3, e5],
        ),
        (
            "outcome",
            GatewayEventFilter {
                outcome: Some(O::Applied),
                ..Default::default()
            },
            vec![e1, e5],
        ),
        (
            "transaction",
            GatewayEventFilter {
                transaction: Some(t1),
                ..Default::default()
            },
            vec![e1, e2],
        ),
        (
            "gateway and transaction",
            GatewayEventFilter {
                gateway: Some(Gateway::Stripe),
                transaction: Some(t2),
                ..Default::default()
            },
            vec![e4],
        ),
    ];
    for (name, filter, expected) in cases {
        let pages = walk(2, async |req| {
            ts.ledger.list_gateway_events(&filter, &req).await
        })
        .await;
        let listed: Vec<Id> = pages.iter().flat_map(|p| ids(p, |e| e.id)).collect();
        assert_eq!(listed, newest_first(expected), "{name}");
    }
}

#[apply(both_backends)]
pub(super) async fn settlements_list_newest_first_by_status(#[case] b: Backend) {
    let ts = test_store(b).await;
    use SettlementStatus as S;
    let batches = [
        settlement(S::Open),
        settlement(S::InProgress),
        settlement(S::Completed),
        settlement(S::Open),
    ];
    for s in &batches {
        ts.ledger.insert(s).await.unwrap();
    }
    let [s1, s2, s3, s4] = batches.map(|s| s.id);
    let cases = [
        ("all", vec![], vec![s1, s2, s3, s4]),
        ("open", vec![S::Open], vec![s1, s4]),
        (
            "open or completed",
            vec![S::Open, S::Completed],
            vec![s1, s3, s4],
        ),
    ];
    for (name, statuses, expected) in cases {
        let filter = SettlementFilter { statuses };
        let pages = walk(3, async |req| {
            ts.ledger.list_settlements(&filter, &req).await
        })
        .await;
        let listed: Vec<Id> = pages.iter().flat_map(|p| ids(p, |s| s.id)).collect();
        assert_eq!(listed, newest_first(expected), "{name}");
    }
}
