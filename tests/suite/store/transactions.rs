//! Transactions: round trip, lookup by every gateway reference, compare-and-set on status and
//! filtered lists.

use baitech::domain::transaction::{Gateway, Transaction, TransactionStatus, TransactionType};
use baitech::domain::{Id, Money};
use baitech::store::{GatewayRefKey, TransactionFilter};
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;

use super::builders::{at, full_transaction, gateway_refs, transaction};
use super::pages::{ids, newest_first, sizes, walk};
use crate::common::{Backend, TestStore, test_store};

async fn stored(ts: &TestStore, id: Id) -> Transaction {
    ts.transactions
        .get(id)
        .await
        .expect("get transaction")
        .expect("transaction exists")
}

#[apply(both_backends)]
pub(super) async fn transaction_round_trip_preserves_every_field(#[case] b: Backend) {
    let ts = test_store(b).await;
    let full = full_transaction(Id::new(), Id::new());
    ts.transactions.insert(&full).await.unwrap();
    assert_eq!(stored(&ts, full.id).await, full);
    let batch = [
        transaction(Id::new(), TransactionStatus::Initiated),
        transaction(Id::new(), TransactionStatus::Pending),
    ];
    assert_eq!(ts.transactions.insert_many(&batch).await.unwrap(), 2);
    for t in &batch {
        assert_eq!(&stored(&ts, t.id).await, t);
    }
    assert_eq!(ts.transactions.get(Id::new()).await.unwrap(), None);
}

#[apply(both_backends)]
pub(super) async fn transactions_are_found_by_each_gateway_reference(#[case] b: Backend) {
    let ts = test_store(b).await;
    let mut mine = transaction(Id::new(), TransactionStatus::Pending);
    mine.gateway_ref = gateway_refs("AAA111");
    let mut other = transaction(Id::new(), TransactionStatus::Pending);
    other.gateway_ref = gateway_refs("BBB222");
    let bare = transaction(Id::new(), TransactionStatus::Pending);
    ts.transactions
        .insert_many(&[mine.clone(), other.clone(), bare])
        .await
        .unwrap();

    let r = &mine.gateway_ref;
    let keys = [
        (
            GatewayRefKey::CheckoutRequestId,
            r.checkout_request_id.clone(),
        ),
        (
            GatewayRefKey::MerchantRequestId,
            r.merchant_request_id.clone(),
        ),
        (
            GatewayRefKey::MpesaReceiptNumber,
            r.mpesa_receipt_number.clone(),
        ),
        (GatewayRefKey::PaymentIntentId, r.payment_intent_id.clone()),
        (GatewayRefKey::IdempotencyKey, r.idempotency_key.clone()),
    ];
    for (key, value) in keys {
        let value = value.unwrap();
        let found = ts
            .transactions
            .find_transaction_by_gateway_ref(key, &value)
            .await
            .unwrap();
        assert_eq!(found, Some(mine.clone()), "{key:?} = {value}");
        let missing = ts
            .transactions
            .find_transaction_by_gateway_ref(key, "no-such-ref")
            .await
            .unwrap();
        assert_eq!(missing, None, "{key:?} unknown value");
    }
    // A value of one key is not found under another.
    let cross = ts
        .transactions
        .find_transaction_by_gateway_ref(
            GatewayRefKey::PaymentIntentId,
            r.checkout_request_id.as_deref().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(cross, None);
    let theirs = other.gateway_ref.checkout_request_id.clone().unwrap();
    let found = ts
        .transactions
        .find_transaction_by_gateway_ref(GatewayRefKey::CheckoutRequestId, &theirs)
        .await
        .unwrap();
    assert_eq!(found.map(|t| t.id), Some(other.id));
}

#[apply(both_backends)]
pub(super) async fn update_transaction_is_compare_and_set_on_status(#[case] b: Backend) {
    let ts = test_store(b).await;
    let original = transaction(Id::new(), TransactionStatus::Pending);
    ts.transactions.insert(&original).await.unwrap();

    let mut completed = original.clone();
    completed.record_status(TransactionStatus::Completed, Some("callback".into()), at(1));
    completed.gateway_ref.mpesa_receipt_number = Some("NLJ7RT61SV".into());
    assert!(
        ts.transactions
            .update_transaction(&completed, TransactionStatus::Pending)
            .await
            .unwrap()
    );
    assert_eq!(stored(&ts, original.id).await, completed);

    let mut failed = original.clone();
    failed.record_status(
        TransactionStatus::Failed,
        Some("late duplicate".into()),
        at(2),
    );
    assert!(
        !ts.transactions
            .update_transaction(&failed, TransactionStatus::Pending)
            .await
            .unwrap()
    );
    assert_eq!(
        stored(&ts, original.id).await,
        completed,
        "a lost compare-and-set changes nothing"
    );

    let mut escrow = completed.clone();
    escrow.record_status(TransactionStatus::Escrow, None, at(3));
    assert!(
        ts.transactions
            .update_transaction(&escrow, TransactionStatus::Completed)
            .await
            .unwrap()
    );
    assert_eq!(stored(&ts, original.id).await, escrow);
}

#[apply(both_backends)]
pub(super) async fn concurrent_transaction_updates_from_the_same_status_exactly_one_wins(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let original = transaction(Id::new(), TransactionStatus::Pending);
    ts.transactions.insert(&original).await.unwrap();
    let mut ok = original.clone();
    ok.record_status(TransactionStatus::Completed, None, at(1));
    let mut ko = original.clone();
    ko.record_status(TransactionStatus::Failed, None, at(1));
    let (s1, s2) = (ts.store.clone(), ts.store.clone());
    let (a, c) = (ok.clone(), ko.clone());
    let (r1, r2) = tokio::join!(
        tokio::spawn(async move {
            s1.transactions
                .update_transaction(&a, TransactionStatus::Pending)
                .await
        }),
        tokio::spawn(async move {
            s2.transactions
                .update_transaction(&c, TransactionStatus::Pending)
                .await
        }),
    );
    let (won_ok, won_ko) = (r1.unwrap().unwrap(), r2.unwrap().unwrap());
    assert!(won_ok ^ won_ko, "exactly one must win ({won_ok}, {won_ko})");
    assert_eq!(stored(&ts, original.id).await, if won_ok { ok } else { ko });
}

#[apply(both_backends)]
pub(super) async fn list_transactions_filters_and_pages_newest_first(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (p1, p2, payee, booking) = (Id::new(), Id::new(), Id::new(), Id::new());
    let make = |payer: Id,
                status: TransactionStatus,
                gateway: Gateway,
                kind: TransactionType,
                minute: i64| {
        let mut t = transaction(payer, status);
        t.gateway = gateway;
        t.kind = kind;
        t.created_at = at(minute);
        t.updated_at = at(minute);
        t
    };
    use TransactionStatus as S;
    let mut t1 = make(
        p1,
        S::Completed,
        Gateway::Mpesa,
        TransactionType::Payment,
        10,
    );
    t1.payee = Some(payee);
    t1.booking = Some(booking);
    let t2 = make(p1, S::Failed, Gateway::Stripe, TransactionType::Payment, 20);
    let mut t3 = make(p2, S::Escrow, Gateway::Mpesa, TransactionType::Payment, 30);
    t3.payee = Some(payee);
    let mut t4 = make(
        p2,
        S::Refunded,
        Gateway::Wallet,
        TransactionType::Refund,
        40,
    );
    t4.booking = Some(booking);
    t4.amount = Money::kes(5_000);
    let t5 = make(p1, S::Completed, Gateway::Cash, TransactionType::Payout, 50);
    ts.transactions
        .insert_many(&[t1.clone(), t2.clone(), t3.clone(), t4.clone(), t5.clone()])
        .await
        .unwrap();
    let [t1, t2, t3, t4, t5] = [t1.id, t2.id, t3.id, t4.id, t5.id];

    let cases = [
        (
            "all",
            TransactionFilter::default(),
            vec![t1, t2, t3, t4, t5],
        ),
        (
            "payer",
            TransactionFilter {
                payer: Some(p1),
                ..Default::default()
            },
            vec![t1, t2, t5],
        ),
        (
            "payee",
            TransactionFilter {
                payee: Some(payee),
                ..Default::default()
            },
            vec![t1, t3],
        ),
        (
            "booking",
            TransactionFilter {
                booking: Some(booking),
                ..Default::default()
            },
            vec![t1, t4],
        ),
        (
            "statuses",
            TransactionFilter {
                statuses: vec![S::Completed, S::Escrow],
                ..Default::default()
            },
            vec![t1, t3, t5],
        ),
        (
            "gateway",
            TransactionFilter {
                gateway: Some(Gateway::Mpesa),
                ..Default::default()
            },
            vec![t1, t3],
        ),
        (
            "kind",
            TransactionFilter {
                kind: Some(TransactionType::Refund),
                ..Default::default()
            },
            vec![t4],
        ),
        (
            "created between",
            TransactionFilter {
                created_from: Some(at(15)),
                created_to: Some(at(45)),
                ..Default::default()
            },
            vec![t2, t3, t4],
        ),
        (
            "created between, both ends included",
            TransactionFilter {
                created_from: Some(at(20)),
                created_to: Some(at(40)),
                ..Default::default()
            },
            vec![t2, t3, t4],
        ),
        (
            "payer and status",
            TransactionFilter {
                payer: Some(p1),
                statuses: vec![S::Completed],
                ..Default::default()
            },
            vec![t1, t5],
        ),
    ];
    for (name, filter, expected) in cases {
        let pages = walk(2, async |req| {
            ts.transactions.list_transactions(&filter, &req).await
        })
        .await;
        let listed: Vec<Id> = pages.iter().flat_map(|p| ids(p, |t| t.id)).collect();
        assert_eq!(listed, newest_first(expected.clone()), "{name}");
        assert!(sizes(&pages).iter().all(|&n| n <= 2), "{name}");
        let counted = ts.transactions.count_transactions(&filter).await.unwrap();
        assert_eq!(counted, expected.len() as u64, "{name}: count");
    }
}

#[apply(both_backends)]
pub(super) async fn phone_and_escrow_due_filters_select_and_count_transactions(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (first, second) = ("+254711000001", "+254722000002");
    let make = |phone: Option<&str>, release: Option<i64>, status: TransactionStatus, minute| {
        let mut t = transaction(Id::new(), status);
        t.gateway_ref.phone_number = phone.map(str::to_string);
        t.escrow_release_at = release.map(at);
        t.created_at = at(minute);
        t
    };
    use TransactionStatus as S;
    let all = [
        make(Some(first), Some(100), S::Escrow, 10),
        make(Some(first), None, S::Completed, 20),
        make(Some(second), Some(300), S::Escrow, 30),
        make(None, Some(50), S::Released, 40),
        make(None, None, S::Pending, 50),
    ];
    ts.transactions.insert_many(&all).await.unwrap();
    let [t1, t2, t3, t4, t5] = all.map(|t| t.id);

    let filter = |phone: Option<&str>, due: Option<i64>| TransactionFilter {
        phone: phone.map(str::to_string),
        escrow_due_by: due.map(at),
        ..Default::default()
    };
    let cases = [
        ("none", filter(None, None), vec![t1, t2, t3, t4, t5]),
        ("first phone", filter(Some(first), None), vec![t1, t2]),
        ("second phone", filter(Some(second), None), vec![t3]),
        ("unknown phone", filter(Some("+254733000003"), None), vec![]),
        (
            "due by 100 (inclusive)",
            filter(None, Some(100)),
            vec![t1, t4],
        ),
        ("due by 99", filter(None, Some(99)), vec![t4]),
        (
            "due by 100 and in escrow",
            TransactionFilter {
                statuses: vec![S::Escrow],
                ..filter(None, Some(100))
            },
            vec![t1],
        ),
        ("phone and due", filter(Some(first), Some(1_000)), vec![t1]),
        (
            "phone since",
            TransactionFilter {
                created_from: Some(at(15)),
                ..filter(Some(first), None)
            },
            vec![t2],
        ),
    ];
    for (name, filter, expected) in cases {
        let pages = walk(2, async |req| {
            ts.transactions.list_transactions(&filter, &req).await
        })
        .await;
        let listed: Vec<Id> = pages.iter().flat_map(|p| ids(p, |t| t.id)).collect();
        assert_eq!(listed, newest_first(expected.clone()), "{name}");
        let counted = ts.transactions.count_transactions(&filter).await.unwrap();
        assert_eq!(counted, expected.len() as u64, "{name}: count");
    }
}
