//! The rows of each report, made from the store's facts: the columns (stable CSV headers) and
//! what each figure is.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono_tz::Tz;

use super::cells::Cell;
use super::periods::{GroupBy, Period, bucket};
use crate::app::App;
use crate::domain::Id;
use crate::domain::booking::BookingStatus;
use crate::domain::ledger::Account;
use crate::domain::money::{Currency, Money};
use crate::error::Result;
use crate::store::{DisputeFacts, FUNNEL, FunnelFacts, RevenueSlot, Span};

type Rows = (Vec<&'static str>, Vec<Vec<Cell>>);

const MINUTE_MS: f64 = 60_000.0;
const HOUR_MS: f64 = 3_600_000.0;

fn money(amount: i64, currency: Currency) -> Cell {
    Cell::Money(Money::new(amount, currency))
}

fn int(n: u64) -> Cell {
    Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// `part / whole`, empty when there is no whole.
fn ratio(part: u64, whole: u64) -> Cell {
    if whole == 0 {
        Cell::Empty
    } else {
        Cell::Num(part as f64 / whole as f64)
    }
}

/// An average of `sum` milliseconds over `n`, in `unit` milliseconds; empty when `n` is 0.
fn average(sum: i64, n: u64, unit: f64) -> Cell {
    if n == 0 {
        Cell::Empty
    } else {
        Cell::Num(sum as f64 / n as f64 / unit)
    }
}

/// Revenue: one row per period (and group) and currency.
///
/// - `gross_booking_value`: booking payments that arrived (into escrow);
/// - `refunds`: what refunds paid back out of escrow, net of failed refunds;
/// - `platform_fees`, `vat`: what releases credited to `platform:revenue` and `platform:tax`;
/// - `technician_earnings`: the rest of what releases took out of escrow.
pub(super) fn revenue(slots: &[RevenueSlot], by: Period, group: Option<GroupBy>, tz: Tz) -> Rows {
    #[derive(Default)]
    struct Sums {
        gross: i64,
        refunds: i64,
        fees: i64,
        tax: i64,
        released: i64,
    }
    let mut buckets: BTreeMap<(chrono::NaiveDate, Option<String>, &'static str), (Currency, Sums)> =
        BTreeMap::new();
    for s in slots {
        let key = (
            bucket(s.slot_ms, by, tz),
            s.group.clone(),
            s.currency.code(),
        );
        let (_, sums) = buckets
            .entry(key)
            .or_insert_with(|| (s.currency, Sums::default()));
        sums.gross += s.gross;
        sums.refunds += s.refunds;
        sums.fees += s.fees;
        sums.tax += s.tax;
        sums.released += s.released;
    }
    let mut columns = vec!["period"];
    if let Some(g) = group {
        columns.push(g.as_str());
    }
    columns.extend([
        "currency",
        "gross_booking_value",
        "refunds",
        "platform_fees",
        "vat",
        "technician_earnings",
    ]);
    let rows = buckets
        .into_iter()
        .map(|((day, g, _), (c, s))| {
            let mut row = vec![Cell::text(day.format("%Y-%m-%d").to_string())];
            if group.is_some() {
                row.push(Cell::opt_text(g));
            }
            row.extend([
                Cell::text(c.code()),
                money(s.gross, c),
                money(s.refunds, c),
                money(s.fees, c),
                money(s.tax, c),
                money(s.released - s.fees - s.tax, c),
            ]);
            row
        })
        .collect();
    (columns, rows)
}

/// Technicians: one row per technician with bookings created in the span, earnings released
/// in it, or money owed now.
///
/// - `jobs`: bookings assigned to them; `completed` reached `completed`, `cancelled` are now
///   cancelled; the rates are over `jobs`;
/// - `avg_response_minutes`: stays in `assigned` that ended in `accepted`;
/// - `avg_arrival_minutes`: stays in `en_route` that ended in `arrived`;
/// - `rating`, `reviews`: their rating now;
/// - `earnings`: what releases in the span credited to their payable;
/// - `outstanding_payable`: what the platform owes them now (their `payable:` balance).
pub(super) async fn technicians(app: &App, span: Span) -> Result<Rows> {
    let store = &app.store;
    let jobs = store.analytics.technician_jobs(span).await?;
    let earned = store.analytics.technician_earnings(span).await?;
    let payables = store.ledger.list_accounts(Account::PAYABLE_PREFIX).await?;
    let mut ids: BTreeSet<Id> = jobs.iter().map(|j| j.technician).collect();
    let mut earnings: HashMap<Id, Money> = HashMap::new();
    for e in &earned {
        ids.insert(e.technician);
        let m = earnings
            .entry(e.technician)
            .or_insert(Money::zero(e.currency));
        if m.currency == e.currency {
            m.amount += e.amount;
        }
    }
    let mut owed: HashMap<Id, Money> = HashMap::new();
    for a in &payables {
        let Some(t) = a.account.owner() else { continue };
        let credit = a.credit();
        if credit.amount != 0 {
            ids.insert(t);
            owed.insert(t, credit);
        }
    }
    let list: Vec<Id> = ids.iter().copied().collect();
    let mut users = HashMap::new();
    for chunk in list.chunks(500) {
        for u in store.users.get_many(chunk).await? {
            users.insert(u.id, u);
        }
    }
    let by_id: HashMap<Id, &crate::store::TechnicianJobs> =
        jobs.iter().map(|j| (j.technician, j)).collect();
    let columns = vec![
        "technician_id",
        "jobs",
        "completed",
        "cancelled",
        "completion_rate",
        "cancellation_rate",
        "avg_response_minutes",
        "avg_arrival_minutes",
        "rating",
        "reviews",
        "currency",
        "earnings",
        "outstanding_payable",
    ];
    let mut rows = Vec::with_capacity(list.len());
    for id in list {
        let j = by_id.get(&id).copied().cloned().unwrap_or_default();
        let earned = earnings.get(&id).copied();
        let due = owed.get(&id).copied();
        let currency = earned.or(due).map(|m| m.currency).unwrap_or_default();
        let amount = |m: Option<Money>| match m {
            Some(m) if m.currency == currency => Cell::Money(m),
            _ => money(0, currency),
        };
        let user = users.get(&id);
        rows.push(vec![
            Cell::id(id),
            int(j.jobs),
            int(j.completed),
            int(j.cancelled),
            ratio(j.completed, j.jobs),
            ratio(j.cancelled, j.jobs),
            average(j.response_ms, j.responses, MINUTE_MS),
            average(j.arrival_ms, j.arrivals, MINUTE_MS),
            user.map_or(Cell::Empty, |u| Cell::Num(u.rating.average)),
            user.map_or(Cell::Empty, |u| Cell::Int(u.rating.count)),
            Cell::text(currency.code()),
            amount(earned),
            amount(due),
        ]);
    }
    Ok((columns, rows))
}

/// The bookings funnel: `created` (bookings created in the span), then one row per state.
///
/// - `reached`: bookings whose history entered the state;
/// - `dropped`: bookings whose furthest funnel state it is (they went no further toward
///   `paid`); empty for `paid` and for states off the funnel;
/// - `share_of_created`: `reached` over `created`;
/// - `median_minutes_in_state`, `stays`: the median length of the stays in the state that
///   ended (the booking moved on), and how many there were.
pub(super) fn bookings(f: &FunnelFacts) -> Rows {
    let columns = vec![
        "state",
        "reached",
        "dropped",
        "share_of_created",
        "median_minutes_in_state",
        "stays",
    ];
    let reached: HashMap<BookingStatus, u64> = f.reached.iter().copied().collect();
    let furthest: HashMap<BookingStatus, u64> = f.furthest.iter().copied().collect();
    let stays: HashMap<BookingStatus, &crate::store::StateStays> =
        f.stays.iter().map(|s| (s.state, s)).collect();
    let mut rows = vec![vec![
        Cell::text("created"),
        int(f.bookings),
        Cell::Empty,
        ratio(f.bookings, f.bookings),
        Cell::Empty,
        Cell::Empty,
    ]];
    let off_funnel = BookingStatus::ALL
        .iter()
        .filter(|s| !FUNNEL.contains(s))
        .filter(|s| reached.contains_key(s) || stays.contains_key(s));
    for s in FUNNEL.iter().chain(off_funnel) {
        let n = reached.get(s).copied().unwrap_or(0);
        let dropped = if FUNNEL.contains(s) && *s != BookingStatus::Paid {
            int(furthest.get(s).copied().unwrap_or(0))
        } else {
            Cell::Empty
        };
        let (median, count) = match stays.get(s) {
            Some(st) => {
                let (lo, hi) = st.median_ms;
                (
                    Cell::Num((lo as f64 + hi as f64) / 2.0 / MINUTE_MS),
                    int(st.stays),
                )
            }
            None => (Cell::Empty, int(0)),
        };
        rows.push(vec![
            Cell::text(s.as_str()),
            int(n),
            dropped,
            ratio(n, f.bookings),
            median,
            count,
        ]);
    }
    (columns, rows)
}

/// Disputes opened in the span: one row per outcome (`unresolved` for those still open) and
/// currency, then an `all` row per currency.
///
/// - `booking_value`: the disputed bookings' totals;
/// - `refunded`: the refunds decided; `released_to_technician`: the rest of the resolved
///   bookings' value;
/// - `avg_hours_to_resolve`: from opening to resolution.
pub(super) fn disputes(facts: &[DisputeFacts]) -> Rows {
    let columns = vec![
        "outcome",
        "currency",
        "disputes",
        "resolved",
        "booking_value",
        "refunded",
        "released_to_technician",
        "avg_hours_to_resolve",
    ];
    #[derive(Default)]
    struct All {
        disputes: u64,
        resolved: u64,
        value: i64,
        refunds: i64,
        released: i64,
        resolve_ms: i64,
    }
    let mut all: BTreeMap<&'static str, (Currency, All)> = BTreeMap::new();
    let mut rows = Vec::new();
    for d in facts {
        let resolved = if d.outcome.is_some() { d.disputes } else { 0 };
        let released = if d.outcome.is_some() {
            d.value - d.refunds
        } else {
            0
        };
        let (_, a) = all
            .entry(d.currency.code())
            .or_insert_with(|| (d.currency, All::default()));
        a.disputes += d.disputes;
        a.resolved += resolved;
        a.value += d.value;
        a.refunds += d.refunds;
        a.released += released;
        a.resolve_ms += d.resolve_ms;
        let c = d.currency;
        rows.push(vec![
            Cell::text(d.outcome.map_or("unresolved", |o| o.as_str())),
            Cell::text(c.code()),
            int(d.disputes),
            int(resolved),
            money(d.value, c),
            money(d.refunds, c),
            if d.outcome.is_some() {
                money(released, c)
            } else {
                Cell::Empty
            },
            average(d.resolve_ms, resolved, HOUR_MS),
        ]);
    }
    for (_, (c, a)) in all {
        rows.push(vec![
            Cell::text("all"),
            Cell::text(c.code()),
            int(a.disputes),
            int(a.resolved),
            money(a.value, c),
            money(a.refunds, c),
            money(a.released, c),
            average(a.resolve_ms, a.resolved, HOUR_MS),
        ]);
    }
    (columns, rows)
}
