//! The report queries in SQL ([`AnalyticsRepo`]): ledger lines joined to their transactions
//! (and bookings, to group by city or category), status histories unnested with `json_each`,
//! stays measured with `LEAD` and their middle values picked with `ROW_NUMBER`.

use async_trait::async_trait;
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

use super::{
    AnalyticsRepo, DisputeFacts, Earnings, FUNNEL, FunnelFacts, RevenueGroup, RevenueSlot, SLOT_MS,
    Span, StateStays, TechnicianJobs, currency, settle_funnel,
};
use crate::domain::Id;
use crate::domain::booking::{BookingStatus, DisputeOutcome};
use crate::domain::ledger::Account;
use crate::error::Result;
use crate::store::embedded::docs::ts_val;
use crate::store::embedded::{Embedded, Fail};

/// Milliseconds since the epoch of an RFC 3339 text with milliseconds (how both the columns
/// and the documents keep times: `2026-11-03T07:00:00.000Z`).
fn ms(expr: &str) -> String {
    format!(
        "(CAST(strftime('%s', {expr}) AS INTEGER) * 1000 + CAST(substr({expr}, 21, 3) AS INTEGER))"
    )
}

/// `AND col >= ? AND col < ?` for the ends of `span` that are set, with their parameters.
fn span_sql(col: &str, span: Span, params: &mut Vec<Value>) -> String {
    let mut sql = String::new();
    if let Some(f) = span.from {
        sql.push_str(&format!(" AND {col} >= ?"));
        params.push(ts_val(f));
    }
    if let Some(t) = span.to {
        sql.push_str(&format!(" AND {col} < ?"));
        params.push(ts_val(t));
    }
    sql
}

/// `CASE st WHEN 'pending' THEN 0 ... END`: the funnel position of a state column.
fn funnel_position(col: &str) -> String {
    let mut s = format!("CASE {col}");
    for (i, st) in FUNNEL.iter().enumerate() {
        s.push_str(&format!(" WHEN '{}' THEN {i}", st.as_str()));
    }
    s.push_str(" END");
    s
}

/// The status history of the bookings created in `span` (and matching `extra`), one row per
/// entry: `bid` (row id), `tech`, `i` (position), `st` (state entered), `ms` (when).
fn history_cte(span: Span, extra: &str, params: &mut Vec<Value>) -> String {
    let range = span_sql("b.created_at", span, params);
    format!(
        "h AS (SELECT b.rid AS bid, b.technician AS tech, CAST(j.key AS INTEGER) AS i, \
         json_extract(j.value, '$.to') AS st, {} AS ms \
         FROM bookings b, json_each(b.doc, '$.statusHistory') j WHERE 1 = 1{extra}{range}), \
         d AS (SELECT bid, tech, st, LEAD(st) OVER w AS nx, LEAD(ms) OVER w - ms AS dur \
         FROM h WINDOW w AS (PARTITION BY bid ORDER BY i))",
        ms("json_extract(j.value, '$.at')")
    )
}

fn rows<T>(
    c: &Connection,
    sql: &str,
    params: Vec<Value>,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, Fail> {
    let mut stmt = c.prepare(sql)?;
    let out = stmt
        .query_map(params_from_iter(params), f)?
        .collect::<rusqlite::Result<Vec<T>>>()?;
    Ok(out)
}

fn status(s: Option<String>) -> Option<BookingStatus> {
    s.as_deref().and_then(BookingStatus::parse)
}

fn count(n: i64) -> u64 {
    n.max(0) as u64
}

fn revenue(c: &Connection, span: Span, group: RevenueGroup) -> Result<Vec<RevenueSlot>, Fail> {
    let (key, join) = match group {
        RevenueGroup::None => ("NULL", ""),
        RevenueGroup::Gateway => ("t.gateway", ""),
        RevenueGroup::City => (
            "json_extract(b.doc, '$.serviceLocation.city')",
            " LEFT JOIN bookings b ON b.id = t.booking",
        ),
        RevenueGroup::Category => (
            "json_extract(b.doc, '$.serviceCategory')",
            " LEFT JOIN bookings b ON b.id = t.booking",
        ),
    };
    let mut params = Vec::new();
    let range = span_sql("l.created_at", span, &mut params);
    let slot_s = SLOT_MS / 1000;
    let sql = format!(
        "SELECT (CAST(strftime('%s', l.created_at) AS INTEGER) / {slot_s}) * {SLOT_MS} AS slot, \
         {key} AS grp, l.currency, \
         SUM(CASE WHEN l.kind = 'payment' AND l.account = 'escrow' THEN -l.amount ELSE 0 END), \
         SUM(CASE WHEN l.kind = 'release' AND l.account = 'platform:revenue' THEN -l.amount ELSE 0 END), \
         SUM(CASE WHEN l.kind = 'release' AND l.account = 'platform:tax' THEN -l.amount ELSE 0 END), \
         SUM(CASE WHEN l.kind = 'release' AND l.account = 'escrow' THEN l.amount ELSE 0 END), \
         SUM(CASE WHEN l.kind = 'refund' AND l.account = 'escrow' THEN l.amount ELSE 0 END) \
         FROM ledger l JOIN transactions t ON t.id = l.transaction_id{join} \
         WHERE l.kind IN ('payment', 'release', 'refund') \
         AND l.account IN ('escrow', 'platform:revenue', 'platform:tax') \
         AND t.booking IS NOT NULL{range} \
         GROUP BY slot, grp, l.currency ORDER BY slot, grp, l.currency"
    );
    let raw = rows(c, &sql, params, |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, String>(2)?,
            [
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, i64>(7)?,
            ],
        ))
    })?;
    Ok(raw
        .into_iter()
        .filter_map(
            |(slot_ms, group, cur, [gross, fees, tax, released, refunds])| {
                Some(RevenueSlot {
                    slot_ms,
                    group,
                    currency: currency(&cur)?,
                    gross,
                    fees,
                    tax,
                    released,
                    refunds,
                })
            },
        )
        .collect())
}

fn funnel(c: &Connection, span: Span) -> Result<FunnelFacts, Fail> {
    let mut params = Vec::new();
    let range = span_sql("created_at", span, &mut params);
    let bookings: i64 = c.query_row(
        &format!("SELECT COUNT(*) FROM bookings WHERE 1 = 1{range}"),
        params_from_iter(params),
        |r| r.get(0),
    )?;
    let mut params = Vec::new();
    let cte = history_cte(span, "", &mut params);
    let reached = rows(
        c,
        &format!("WITH {cte} SELECT st, COUNT(DISTINCT bid) FROM h GROUP BY st"),
        params,
        |r| Ok((status(r.get(0)?), count(r.get(1)?))),
    )?;
    let mut params = Vec::new();
    let cte = history_cte(span, "", &mut params);
    let furthest = rows(
        c,
        &format!(
            "WITH {cte} SELECT f, COUNT(*) FROM (SELECT bid, MAX({}) AS f FROM h GROUP BY bid) \
             WHERE f IS NOT NULL GROUP BY f",
            funnel_position("st")
        ),
        params,
        |r| Ok((r.get::<_, i64>(0)?, count(r.get(1)?))),
    )?;
    let mut params = Vec::new();
    let cte = history_cte(span, "", &mut params);
    let stays = rows(
        c,
        &format!(
            "WITH {cte}, r AS (SELECT st, dur, ROW_NUMBER() OVER (PARTITION BY st ORDER BY dur) - 1 AS rn, \
             COUNT(*) OVER (PARTITION BY st) AS n FROM d WHERE dur IS NOT NULL) \
             SELECT st, n, MIN(dur), MAX(dur) FROM r WHERE rn = (n - 1) / 2 OR rn = n / 2 GROUP BY st, n"
        ),
        params,
        |r| {
            Ok((
                status(r.get(0)?),
                count(r.get(1)?),
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        },
    )?;
    let mut f = FunnelFacts {
        bookings: count(bookings),
        reached: reached
            .into_iter()
            .filter_map(|(s, n)| s.map(|s| (s, n)))
            .collect(),
        furthest: furthest
            .into_iter()
            .filter_map(|(i, n)| FUNNEL.get(usize::try_from(i).ok()?).map(|s| (*s, n)))
            .collect(),
        stays: stays
            .into_iter()
            .filter_map(|(s, stays, lo, hi)| {
                Some(StateStays {
                    state: s?,
                    stays,
                    median_ms: (lo, hi),
                })
            })
            .collect(),
    };
    settle_funnel(&mut f);
    Ok(f)
}

fn technician_jobs(c: &Connection, span: Span) -> Result<Vec<TechnicianJobs>, Fail> {
    let mut params = Vec::new();
    let range = span_sql("created_at", span, &mut params);
    let jobs = rows(
        c,
        &format!(
            "SELECT technician, COUNT(*), \
             SUM(EXISTS (SELECT 1 FROM json_each(doc, '$.statusHistory') j \
                 WHERE json_extract(j.value, '$.to') = 'completed')), \
             SUM(status = 'cancelled') \
             FROM bookings WHERE technician IS NOT NULL{range} GROUP BY technician"
        ),
        params,
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                count(r.get(1)?),
                count(r.get(2)?),
                count(r.get(3)?),
            ))
        },
    )?;
    let mut params = Vec::new();
    let cte = history_cte(span, " AND b.technician IS NOT NULL", &mut params);
    let times = rows(
        c,
        &format!(
            "WITH {cte} SELECT tech, \
             SUM(CASE WHEN st = 'assigned' AND nx = 'accepted' THEN dur ELSE 0 END), \
             SUM(st = 'assigned' AND nx = 'accepted'), \
             SUM(CASE WHEN st = 'en_route' AND nx = 'arrived' THEN dur ELSE 0 END), \
             SUM(st = 'en_route' AND nx = 'arrived') \
             FROM d GROUP BY tech"
        ),
        params,
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                count(r.get(2)?),
                r.get::<_, i64>(3)?,
                count(r.get(4)?),
            ))
        },
    )?;
    let mut out: Vec<TechnicianJobs> = jobs
        .into_iter()
        .filter_map(|(t, jobs, completed, cancelled)| {
            Some(TechnicianJobs {
                technician: t.parse::<Id>().ok()?,
                jobs,
                completed,
                cancelled,
                ..Default::default()
            })
        })
        .collect();
    for (t, response_ms, responses, arrival_ms, arrivals) in times {
        if let Some(j) = out.iter_mut().find(|j| j.technician.to_hex() == t) {
            j.response_ms = response_ms;
            j.responses = responses;
            j.arrival_ms = arrival_ms;
            j.arrivals = arrivals;
        }
    }
    out.sort_by_key(|j| j.technician);
    Ok(out)
}

fn earnings(c: &Connection, span: Span) -> Result<Vec<Earnings>, Fail> {
    let mut params = Vec::new();
    let range = span_sql("created_at", span, &mut params);
    let raw = rows(
        c,
        &format!(
            "SELECT account, currency, SUM(-amount) FROM ledger \
             WHERE kind = 'release' AND account LIKE 'payable:%' AND amount < 0{range} \
             GROUP BY account, currency ORDER BY account, currency"
        ),
        params,
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        },
    )?;
    Ok(raw
        .into_iter()
        .filter_map(|(account, cur, amount)| {
            Some(Earnings {
                technician: Account::parse(&account)?.owner()?,
                currency: currency(&cur)?,
                amount,
            })
        })
        .collect())
}

fn disputes(c: &Connection, span: Span) -> Result<Vec<DisputeFacts>, Fail> {
    let mut params = Vec::new();
    let opened = "json_extract(doc, '$.dispute.openedAt')";
    let resolved = "json_extract(doc, '$.dispute.resolution.resolvedAt')";
    let range = span_sql(opened, span, &mut params);
    let sql = format!(
        "SELECT json_extract(doc, '$.dispute.resolution.outcome') AS o, \
         json_extract(doc, '$.pricing.total.currency') AS c, COUNT(*), \
         SUM(json_extract(doc, '$.pricing.total.amount')), \
         SUM(coalesce(json_extract(doc, '$.dispute.resolution.refundAmount.amount'), 0)), \
         SUM(CASE WHEN {resolved} IS NOT NULL THEN {} - {} ELSE 0 END) \
         FROM bookings WHERE {opened} IS NOT NULL{range} GROUP BY o, c ORDER BY o, c",
        ms(resolved),
        ms(opened),
    );
    let raw = rows(c, &sql, params, |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            r.get::<_, String>(1)?,
            count(r.get(2)?),
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    Ok(raw
        .into_iter()
        .filter_map(|(o, cur, disputes, value, refunds, resolve_ms)| {
            let outcome = match o {
                None => None,
                Some(o) => Some(DisputeOutcome::parse(&o)?),
            };
            Some(DisputeFacts {
                outcome,
                currency: currency(&cur)?,
                disputes,
                value,
                refunds,
                resolve_ms,
            })
        })
        .collect())
}

#[async_trait]
impl AnalyticsRepo for Embedded {
    async fn revenue_slots(&self, span: Span, group: RevenueGroup) -> Result<Vec<RevenueSlot>> {
        self.read("revenue report", move |c| revenue(c, span, group))
            .await
    }

    async fn booking_funnel(&self, span: Span) -> Result<FunnelFacts> {
        self.read("bookings funnel report", move |c| funnel(c, span))
            .await
    }

    async fn technician_jobs(&self, span: Span) -> Result<Vec<TechnicianJobs>> {
        self.read("technicians report", move |c| technician_jobs(c, span))
            .await
    }

    async fn technician_earnings(&self, span: Span) -> Result<Vec<Earnings>> {
        self.read("technician earnings", move |c| earnings(c, span))
            .await
    }

    async fn dispute_outcomes(&self, span: Span) -> Result<Vec<DisputeFacts>> {
        self.read("disputes report", move |c| disputes(c, span))
            .await
    }
}
