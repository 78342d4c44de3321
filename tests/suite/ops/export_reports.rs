//! `baitech export report`: the real binary on both adapters over one set of bookings, payments,
//! refunds, releases, a payout and disputes whose figures are worked out by hand below; the
//! money agrees with the ledger's balances and `settlements reconcile`; the revenue periods
//! follow the time zone asked for; and both adapters give the same reports on the same
//! documents.

use std::process::Output;

use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use baitech::domain::booking::{
    Booking, BookingStatus, Dispute, DisputeOutcome, DisputeResolution, DisputeStatus,
    PriceBreakdown, StatusChange,
};
use baitech::domain::geo::Location;
use baitech::domain::ledger::Account;
use baitech::domain::transaction::{
    Gateway, Split, Transaction, TransactionStatus as T, TransactionType,
};
use baitech::domain::user::User;
use baitech::domain::{Id, Money, Timestamp};
use baitech::services::payments::postings::{self, RefundTo};
use baitech::store::MoneyWrite;

use crate::common::{self, Backend, TestStore, both_backends, test_store};
use crate::store::builders;

use BookingStatus::*;

/// Monday 2 November 2026, 06:00 UTC (09:00 in Nairobi).
fn t0() -> Timestamp {
    Timestamp::parse("2026-11-02T06:00:00Z").unwrap()
}

fn at(minutes: i64) -> Timestamp {
    Timestamp::from_millis(t0().millis() + minutes * 60_000)
}

const DAY: i64 = 24 * 60;

/// Ids that are the same in every store, so two adapters' reports can be compared.
fn id(n: u64) -> Id {
    Id::from_parts(1_790_000_000, n)
}

struct Books {
    store: TestStore,
    home: tempfile::TempDir,
}

impl Books {
    async fn run(&self, args: &[&str]) -> Output {
        common::cli::run(&self.store, self.home.path(), &[], args).await
    }

    /// `export report ARGS --format json`, parsed.
    async fn report(&self, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["export", "report"];
        all.extend_from_slice(args);
        all.extend(["--format", "json"]);
        let out = self.run(&all).await;
        assert!(
            out.status.success(),
            "{all:?}: exit {:?}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        match serde_json::from_slice(&out.stdout).expect("a JSON document") {
            Value::Array(rows) => rows,
            other => panic!("not an array: {other}"),
        }
    }
}

/// A booking by `customer` whose history enters `states` at the given minutes after `t0`.
fn booking(
    n: u64,
    customer: Id,
    technician: Option<Id>,
    city: &str,
    category: &str,
    states: &[(BookingStatus, i64)],
) -> Booking {
    let mut b = builders::booking(customer);
    b.id = id(n);
    b.booking_number = format!("BK-R{n:04}");
    b.technician = technician;
    b.service_category = category.into();
    b.service_location = Location::new(
        builders::point(36.82, -1.29),
        Some("Ngong Road".into()),
        Some(city.into()),
    );
    b.status_history = states
        .iter()
        .enumerate()
        .map(|(i, (s, m))| StatusChange {
            from: (i > 0).then(|| states[i - 1].0),
            to: *s,
            by: None,
            by_role: None,
            reason: None,
            at: at(*m),
        })
        .collect();
    b.status = states.last().map_or(Pending, |s| s.0);
    b.created_at = at(states[0].1);
    b.updated_at = at(states.last().map_or(0, |s| s.1));
    b
}

fn priced(mut b: Booking, total: i64) -> Booking {
    b.pricing = PriceBreakdown {
        total: Money::kes(total),
        ..PriceBreakdown::default()
    };
    b
}

fn disputed(
    mut b: Booking,
    opened: i64,
    resolution: Option<(DisputeOutcome, i64, i64)>,
) -> Booking {
    b.dispute = Some(Dispute {
        opened_by: b.customer,
        reason: "leak came back".into(),
        description: None,
        evidence: Vec::new(),
        status: if resolution.is_some() {
            DisputeStatus::Resolved
        } else {
            DisputeStatus::Open
        },
        resolution: resolution.map(|(outcome, refund, resolved)| DisputeResolution {
            outcome,
            refund_amount: Some(Money::kes(refund)),
            reason: "half the work redone".into(),
            resolved_by: b.customer,
            resolved_at: at(resolved),
        }),
        opened_at: at(opened),
    });
    b
}

#[expect(
    clippy::too_many_arguments,
    reason = "each argument is a field the fixture table sets"
)]
fn transaction(
    n: u64,
    kind: TransactionType,
    gateway: Gateway,
    payer: Id,
    booking: Option<Id>,
    amount: i64,
    status: T,
    minute: i64,
) -> Transaction {
    let mut t = builders::transaction(payer, status);
    t.id = id(n);
    t.receipt_number = format!("RCP-R{n:04}");
    t.kind = kind;
    t.gateway = gateway;
    t.booking = booking;
    t.amount = Money::kes(amount);
    t.created_at = at(minute);
    t.updated_at = at(minute);
    t
}

async fn apply(
    s: &TestStore,
    insert: Vec<Transaction>,
    lines: Vec<baitech::domain::ledger::LedgerLine>,
) {
    let w = MoneyWrite {
        insert,
        lines,
        ..Default::default()
    };
    s.ledger.apply_money(&w).await.expect("money write");
}

/// The people of the fixture.
struct People {
    a: User,
    b: User,
}

/// The fixture (ids and times fixed, so every store holds the same documents):
///
/// | booking | technician | city, category | history (minutes after t0) |
/// |---|---|---|---|
/// | 1 | A | Nairobi, plumbing | pending 0, matching 1, assigned 2, accepted 6, en_route 10, arrived 40, in_progress 41, completed 100, verified 110, payment_pending 111, paid 112 |
/// | 2 | B | Mombasa, electrical | pending 0, assigned 1, accepted 11, en_route 12, arrived 32, in_progress 33, completed 60, verified 61, payment_pending 62, paid 63 |
/// | 3 | A | Nairobi, plumbing | pending 0, matching 2, assigned 4, cancelled 20 |
/// | 4 | A | Nairobi, electrical | pending 0, assigned 3, accepted 8, en_route 9, arrived 24, in_progress 25, completed 50, disputed 60 (refund_partial KES 1,000 of 3,000, resolved 6 h later) |
/// | 5 | B | Mombasa, electrical | pending 0, assigned 2, accepted 4, en_route 5, arrived 15, in_progress 16, completed 30, disputed 40 (opened a day later, unresolved; KES 1,500) |
/// | 6 | — | Nairobi, plumbing | pending 0, matching 1, expired 16 |
///
/// Money: booking 1 paid KES 4,352.40 by M-Pesa at minute 112 (Nairobi 2 Nov), released two
/// days later (fee 390.00, VAT 62.40, technician 3,900.00); booking 2 paid KES 2,000.00 by
/// Stripe at 22:30 UTC on 2 Nov (3 Nov in Nairobi), KES 500 refunded a day after t0, the
/// rest released three days after t0 (fee 150.00, VAT 24.00, technician 1,326.00); A paid
/// out KES 3,000; a held wallet top-up (no booking) of KES 100 sits in escrow.
async fn fixture(s: &TestStore) -> People {
    let customer = builders::customer(&format!("rc-{}", builders::unique()));
    let mut a = builders::technician(
        &format!("ra-{}", builders::unique()),
        36.8,
        -1.3,
        &["plumbing"],
        4.5,
    );
    a.id = id(901);
    let mut b = builders::technician(
        &format!("rb-{}", builders::unique()),
        39.6,
        -4.0,
        &["electrical"],
        3.8,
    );
    b.id = id(902);
    let mut c = customer;
    c.id = id(900);
    for u in [&c, &a, &b] {
        s.users.insert(u).await.unwrap();
    }
    let bookings = [
        booking(
            1,
            c.id,
            Some(a.id),
            "Nairobi",
            "plumbing",
            &[
                (Pending, 0),
                (Matching, 1),
                (Assigned, 2),
                (Accepted, 6),
                (EnRoute, 10),
                (Arrived, 40),
                (InProgress, 41),
                (Completed, 100),
                (Verified, 110),
                (PaymentPending, 111),
                (Paid, 112),
            ],
        ),
        booking(
            2,
            c.id,
            Some(b.id),
            "Mombasa",
            "electrical",
            &[
                (Pending, 0),
                (Assigned, 1),
                (Accepted, 11),
                (EnRoute, 12),
                (Arrived, 32),
                (InProgress, 33),
                (Completed, 60),
                (Verified, 61),
                (PaymentPending, 62),
                (Paid, 63),
            ],
        ),
        booking(
            3,
            c.id,
            Some(a.id),
            "Nairobi",
            "plumbing",
            &[(Pending, 0), (Matching, 2), (Assigned, 4), (Cancelled, 20)],
        ),
        disputed(
            priced(
                booking(
                    4,
                    c.id,
                    Some(a.id),
                    "Nairobi",
                    "electrical",
                    &[
                        (Pending, 0),
                        (Assigned, 3),
                        (Accepted, 8),
                        (EnRoute, 9),
                        (Arrived, 24),
                        (InProgress, 25),
                        (Completed, 50),
                        (Disputed, 60),
                    ],
                ),
                300_000,
            ),
            60,
            Some((DisputeOutcome::RefundPartial, 100_000, 60 + 6 * 60)),
        ),
        disputed(
            priced(
                booking(
                    5,
                    c.id,
                    Some(b.id),
                    "Mombasa",
                    "electrical",
                    &[
                        (Pending, 0),
                        (Assigned, 2),
                        (Accepted, 4),
                        (EnRoute, 5),
                        (Arrived, 15),
                        (InProgress, 16),
                        (Completed, 30),
                        (Disputed, 40),
                    ],
                ),
                150_000,
            ),
            DAY,
            None,
        ),
        booking(
            6,
            c.id,
            None,
            "Nairobi",
            "plumbing",
            &[(Pending, 0), (Matching, 1), (Expired, 16)],
        ),
    ];
    for bk in &bookings {
        s.bookings.insert(bk).await.unwrap();
    }

    // Booking 1: paid, then released.
    let mut p1 = transaction(
        11,
        TransactionType::Payment,
        Gateway::Mpesa,
        c.id,
        Some(id(1)),
        435_240,
        T::Escrow,
        112,
    );
    p1.payee = Some(a.id);
    let split1 = Split {
        platform_fee: Money::kes(39_000),
        tax: Money::kes(6_240),
        technician_earnings: Money::kes(390_000),
    };
    p1.split = Some(split1.clone());
    let lines = postings::payment(&p1, p1.amount, at(112)).unwrap();
    apply(s, vec![p1.clone()], lines).await;
    let release1 = postings::release(&p1, a.id, &split1, at(2 * DAY)).unwrap();
    let mut done1 = p1.clone();
    done1.status = T::Released;
    s.ledger
        .apply_money(&MoneyWrite {
            update: vec![(done1, T::Escrow)],
            lines: release1,
            ..Default::default()
        })
        .await
        .unwrap();

    // Booking 2: paid at 22:30 UTC, part refunded, the rest released.
    let paid2 = 16 * 60 + 30;
    let mut p2 = transaction(
        12,
        TransactionType::Payment,
        Gateway::Stripe,
        c.id,
        Some(id(2)),
        200_000,
        T::Escrow,
        paid2,
    );
    p2.payee = Some(b.id);
    let split2 = Split {
        platform_fee: Money::kes(20_000),
        tax: Money::kes(3_200),
        technician_earnings: Money::kes(176_800),
    };
    p2.split = Some(split2.clone());
    let lines = postings::payment(&p2, p2.amount, at(paid2)).unwrap();
    apply(s, vec![p2.clone()], lines).await;
    let mut r2 = transaction(
        13,
        TransactionType::Refund,
        Gateway::Stripe,
        c.id,
        Some(id(2)),
        50_000,
        T::Completed,
        DAY,
    );
    r2.parent = Some(p2.id);
    let lines =
        postings::refund(&r2, &p2, Money::kes(50_000), RefundTo::Original, at(DAY)).unwrap();
    apply(s, vec![r2], lines).await;
    let left = split2.scaled(150_000);
    let release2 = postings::release(&p2, b.id, &left, at(3 * DAY)).unwrap();
    let mut done2 = p2.clone();
    done2.status = T::Released;
    done2.refunded_amount = Money::kes(50_000);
    s.ledger
        .apply_money(&MoneyWrite {
            update: vec![(done2, T::Escrow)],
            lines: release2,
            ..Default::default()
        })
        .await
        .unwrap();

    // A is paid out part of what A earned.
    let mut out = transaction(
        14,
        TransactionType::Payout,
        Gateway::Mpesa,
        a.id,
        None,
        300_000,
        T::Completed,
        4 * DAY,
    );
    out.payee = Some(a.id);
    let lines = postings::payout(&out, a.id, at(4 * DAY)).unwrap();
    apply(s, vec![out], lines).await;

    // A wallet top-up held for review: money in escrow, but no booking's.
    let mut top = transaction(
        15,
        TransactionType::TopUp,
        Gateway::Mpesa,
        c.id,
        None,
        10_000,
        T::Escrow,
        200,
    );
    top.fraud.held = true;
    let lines = postings::payment(&top, top.amount, at(200)).unwrap();
    apply(s, vec![top], lines).await;
    People { a, b }
}

async fn books(backend: Backend) -> (Books, People) {
    let b = Books {
        store: test_store(backend).await,
        home: tempfile::tempdir().expect("temp dir"),
    };
    let people = fixture(&b.store).await;
    (b, people)
}

/// The money columns of revenue rows: (period, [group], gross, refunds, fees, VAT, earnings).
fn money_rows(rows: &[Value], group: Option<&str>) -> Vec<Value> {
    rows.iter()
        .map(|r| {
            let mut v = vec![r["period"].clone()];
            if let Some(g) = group {
                v.push(r[g].clone());
            }
            for k in [
                "gross_booking_value",
                "refunds",
                "platform_fees",
                "vat",
                "technician_earnings",
            ] {
                v.push(r[k].clone());
            }
            assert_eq!(r["currency"], "KES");
            Value::Array(v)
        })
        .collect()
}

#[apply(both_backends)]
async fn revenue_by_day_week_gateway_and_city_matches_the_figures_worked_out_by_hand(
    #[case] backend: Backend,
) {
    let (b, _) = books(backend).await;
    // Nairobi days: payment 1 on the 2nd, payment 2 (22:30 UTC on the 2nd) and the refund on
    // the 3rd, the releases on the 4th and the 5th. The held top-up is no booking's money.
    let daily = b.report(&["revenue"]).await;
    assert_eq!(
        money_rows(&daily, None),
        vec![
            json!(["2026-11-02", 435_240, 0, 0, 0, 0]),
            json!(["2026-11-03", 200_000, 50_000, 0, 0, 0]),
            json!(["2026-11-04", 0, 0, 39_000, 6_240, 390_000]),
            json!(["2026-11-05", 0, 0, 15_000, 2_400, 132_600]),
        ]
    );
    // In UTC the second payment is on the 2nd.
    let utc = b.report(&["revenue", "--tz", "UTC"]).await;
    assert_eq!(
        money_rows(&utc, None)[0],
        json!(["2026-11-02", 635_240, 0, 0, 0, 0])
    );
    assert_eq!(
        money_rows(&utc, None)[1],
        json!(["2026-11-03", 0, 50_000, 0, 0, 0])
    );
    let weekly = b.report(&["revenue", "--by", "week"]).await;
    assert_eq!(
        money_rows(&weekly, None),
        vec![json!([
            "2026-11-02",
            635_240,
            50_000,
            54_000,
            8_640,
            522_600
        ])]
    );
    let monthly = b
        .report(&["revenue", "--by", "month", "--group", "gateway"])
        .await;
    assert_eq!(
        money_rows(&monthly, Some("gateway")),
        vec![
            json!(["2026-11-01", "mpesa", 435_240, 0, 39_000, 6_240, 390_000]),
            json!([
                "2026-11-01",
                "stripe",
                200_000,
                50_000,
                15_000,
                2_400,
                132_600
            ]),
        ]
    );
    let cities = b
        .report(&["revenue", "--by", "week", "--group", "city"])
        .await;
    assert_eq!(
        money_rows(&cities, Some("city")),
        vec![
            json!([
                "2026-11-02",
                "Mombasa",
                200_000,
                50_000,
                15_000,
                2_400,
                132_600
            ]),
            json!(["2026-11-02", "Nairobi", 435_240, 0, 39_000, 6_240, 390_000]),
        ]
    );
    let trades = b
        .report(&["revenue", "--by", "week", "--group", "category"])
        .await;
    assert_eq!(trades.len(), 2, "{trades:?}");
    assert_eq!(trades[0]["category"], "electrical");
    // Half-open in Nairobi days: the 3rd and the 4th.
    let range = b
        .report(&["revenue", "--from", "2026-11-03", "--to", "2026-11-05"])
        .await;
    assert_eq!(
        money_rows(&range, None),
        vec![
            json!(["2026-11-03", 200_000, 50_000, 0, 0, 0]),
            json!(["2026-11-04", 0, 0, 39_000, 6_240, 390_000]),
        ]
    );
}

#[apply(both_backends)]
async fn revenue_agrees_with_the_ledger_balances_and_settlements_reconcile(
    #[case] backend: Backend,
) {
    let (b, _) = books(backend).await;
    let reconcile = b.run(&["settlements", "reconcile", "--json"]).await;
    assert!(
        reconcile.status.success(),
        "the fixture's books balance: {}",
        String::from_utf8_lossy(&reconcile.stdout)
    );
    let total = b.report(&["revenue", "--by", "month"]).await;
    let credit = |a: Account| {
        let s = b.store.clone();
        async move {
            s.ledger
                .get_account(&a)
                .await
                .unwrap()
                .map_or(0, |x| x.credit().amount)
        }
    };
    assert_eq!(
        total[0]["platform_fees"],
        credit(Account::platform_revenue()).await
    );
    assert_eq!(total[0]["vat"], credit(Account::platform_tax()).await);
    // Escrow holds the payments minus refunds and releases, plus the held top-up.
    let f = |k: &str| total[0][k].as_i64().unwrap();
    let released = f("platform_fees") + f("vat") + f("technician_earnings");
    assert_eq!(
        credit(Account::escrow()).await,
        f("gross_booking_value") - f("refunds") - released + 10_000
    );
}

#[apply(both_backends)]
async fn technicians_report_counts_jobs_times_earnings_and_what_is_owed(#[case] backend: Backend) {
    let (b, p) = books(backend).await;
    let rows = b.report(&["technicians"]).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    let row = |u: &User| {
        rows.iter()
            .find(|r| r["technician_id"] == u.id.to_hex())
            .unwrap()
            .clone()
    };
    let a = row(&p.a);
    assert_eq!(
        [&a["jobs"], &a["completed"], &a["cancelled"]],
        [&json!(3), &json!(2), &json!(1)]
    );
    let close = |v: &Value, x: f64| (v.as_f64().unwrap() - x).abs() < 1e-9;
    assert!(close(&a["completion_rate"], 2.0 / 3.0), "{a}");
    assert!(close(&a["cancellation_rate"], 1.0 / 3.0), "{a}");
    // Answering: 4 and 5 minutes; travelling: 30 and 15.
    assert!(close(&a["avg_response_minutes"], 4.5), "{a}");
    assert!(close(&a["avg_arrival_minutes"], 22.5), "{a}");
    assert!(close(&a["rating"], 4.5), "{a}");
    assert_eq!(a["earnings"], 390_000);
    assert_eq!(
        a["outstanding_payable"], 90_000,
        "earned 3,900, paid out 3,000"
    );
    let bt = row(&p.b);
    assert_eq!(
        [&bt["jobs"], &bt["completed"], &bt["cancelled"]],
        [&json!(2), &json!(2), &json!(0)]
    );
    assert!(close(&bt["avg_response_minutes"], 6.0), "{bt}");
    assert!(close(&bt["avg_arrival_minutes"], 15.0), "{bt}");
    assert_eq!(bt["earnings"], 132_600);
    assert_eq!(bt["outstanding_payable"], 132_600);
    let payable = b
        .store
        .ledger
        .get_account(&Account::payable(p.a.id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a["outstanding_payable"], payable.credit().amount);
    // Earnings released before the 5th (Nairobi) are A's only; B's release is on the 5th.
    let early = b.report(&["technicians", "--to", "2026-11-05"]).await;
    let b_early = early
        .iter()
        .find(|r| r["technician_id"] == p.b.id.to_hex())
        .unwrap();
    assert_eq!(b_early["earnings"], 0);
}

#[apply(both_backends)]
async fn bookings_funnel_shows_reach_drop_off_and_median_stays(#[case] backend: Backend) {
    let (b, _) = books(backend).await;
    let rows = b.report(&["bookings"]).await;
    let state = |s: &str| {
        rows.iter()
            .find(|r| r["state"] == s)
            .unwrap_or_else(|| panic!("{s} in {rows:?}"))
            .clone()
    };
    assert_eq!(state("created")["reached"], 6);
    let reach = |s: &str| state(s)["reached"].as_i64().unwrap();
    let dropped = |s: &str| state(s)["dropped"].clone();
    assert_eq!(
        [
            "pending",
            "matching",
            "assigned",
            "accepted",
            "completed",
            "verified",
            "paid"
        ]
        .map(reach),
        [6, 3, 5, 4, 4, 2, 2]
    );
    assert_eq!(["cancelled", "disputed", "expired"].map(reach), [1, 2, 1]);
    assert_eq!(dropped("matching"), 1, "booking 6 expired while matching");
    assert_eq!(
        dropped("assigned"),
        1,
        "booking 3 was cancelled once assigned"
    );
    assert_eq!(dropped("completed"), 2, "bookings 4 and 5 went to dispute");
    assert_eq!(dropped("pending"), 0);
    assert_eq!(dropped("paid"), Value::Null);
    let median = |s: &str| state(s)["median_minutes_in_state"].as_f64().unwrap();
    // pending: 1 1 1 2 2 3; matching: 1 2 15; assigned: 2 4 5 10 16; en_route: 10 15 20 30.
    assert_eq!(median("pending"), 1.5);
    assert_eq!(median("matching"), 2.0);
    assert_eq!(median("assigned"), 5.0);
    assert_eq!(median("en_route"), 17.5);
    assert_eq!(state("assigned")["stays"], 5);
    assert!((state("matching")["share_of_created"].as_f64().unwrap() - 0.5).abs() < 1e-9);
}

#[apply(both_backends)]
async fn disputes_report_gives_outcomes_money_and_time_to_resolve(#[case] backend: Backend) {
    let (b, _) = books(backend).await;
    let rows = b.report(&["disputes"]).await;
    let outcome = |o: &str| {
        rows.iter()
            .find(|r| r["outcome"] == o)
            .unwrap_or_else(|| panic!("{o} in {rows:?}"))
            .clone()
    };
    let partial = outcome("refund_partial");
    assert_eq!(
        [
            &partial["disputes"],
            &partial["resolved"],
            &partial["booking_value"],
            &partial["refunded"],
            &partial["released_to_technician"]
        ],
        [
            &json!(1),
            &json!(1),
            &json!(300_000),
            &json!(100_000),
            &json!(200_000)
        ]
    );
    assert_eq!(partial["avg_hours_to_resolve"], 6.0);
    let open = outcome("unresolved");
    assert_eq!(
        [&open["disputes"], &open["resolved"], &open["booking_value"]],
        [&json!(1), &json!(0), &json!(150_000)]
    );
    let all = outcome("all");
    assert_eq!(
        [
            &all["disputes"],
            &all["resolved"],
            &all["booking_value"],
            &all["refunded"]
        ],
        [&json!(2), &json!(1), &json!(450_000), &json!(100_000)]
    );
    // Opened from the 3rd on (Nairobi): only booking 5's.
    let later = b.report(&["disputes", "--from", "2026-11-03"]).await;
    assert_eq!(later.len(), 2, "unresolved and all: {later:?}");
    assert_eq!(later[0]["outcome"], "unresolved");
}

#[apply(both_backends)]
async fn reports_print_as_tables_and_write_csv_in_major_units(#[case] backend: Backend) {
    let (b, _) = books(backend).await;
    let table = b
        .run(&["export", "report", "revenue", "--by", "week"])
        .await;
    assert!(table.status.success());
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(
        text.contains("gross_booking_value") && text.contains("6352.40"),
        "{text}"
    );
    let path = b.home.path().join("revenue.csv");
    let out = b
        .run(&[
            "export",
            "report",
            "revenue",
            "--by",
            "week",
            "--out",
            path.to_str().unwrap(),
        ])
        .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        csv.lines().collect::<Vec<_>>(),
        [
            "period,currency,gross_booking_value,refunds,platform_fees,vat,technician_earnings",
            "2026-11-02,KES,6352.40,500.00,540.00,86.40,5226.00",
        ]
    );
    let wrong = b
        .run(&["export", "report", "disputes", "--by", "week"])
        .await;
    assert_eq!(wrong.status.code(), Some(2), "--by is revenue's only");
}

/// Every report, in every shape, on both adapters over the same documents: the same rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_adapters_give_the_same_reports_on_the_same_documents() {
    let (embedded, _) = books(Backend::Embedded).await;
    let (mongo, _) = books(Backend::Mongo).await;
    let variants: &[&[&str]] = &[
        &["revenue"],
        &["revenue", "--tz", "UTC", "--by", "week"],
        &["revenue", "--by", "month", "--group", "city"],
        &["revenue", "--group", "category"],
        &["revenue", "--group", "gateway", "--from", "2026-11-03"],
        &["technicians"],
        &["technicians", "--from", "2026-11-02", "--to", "2026-11-05"],
        &["bookings"],
        &["bookings", "--to", "2026-11-02T09:00"],
        &["disputes"],
        &["disputes", "--from", "2026-11-03"],
    ];
    for args in variants {
        let (e, m) = (embedded.report(args).await, mongo.report(args).await);
        assert!(!e.is_empty(), "{args:?} has rows");
        assert_eq!(e, m, "{args:?}");
    }
}
