//! The report queries as aggregation pipelines ([`AnalyticsRepo`]): ledger lines `$lookup`ed
//! to their transactions (and bookings, to group by city or category), status histories
//! paired entry to entry with `$map` over `$range`, and the middle stays found by sorting one
//! state's stays and skipping to the middle.

use async_trait::async_trait;
use bson::{Bson, Document, doc};
use futures::TryStreamExt;

use super::{
    AnalyticsRepo, DisputeFacts, Earnings, FUNNEL, FunnelFacts, RevenueGroup, RevenueSlot, SLOT_MS,
    Span, StateStays, TechnicianJobs, currency, middle, settle_funnel,
};
use crate::domain::Id;
use crate::domain::booking::{BookingStatus, DisputeOutcome};
use crate::domain::ledger::Account;
use crate::error::Result;
use crate::store::collections;
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::date;
use crate::store::mongo::errors;

/// `{field: {$gte: from, $lt: to}}` for the ends of `span` that are set (half-open).
fn span_filter(field: &str, span: Span) -> Document {
    let mut range = Document::new();
    if let Some(f) = span.from {
        range.insert("$gte", date(f));
    }
    if let Some(t) = span.to {
        range.insert("$lt", date(t));
    }
    if range.is_empty() {
        Document::new()
    } else {
        doc! { field: range }
    }
}

/// An integer a group produced, whatever width the server chose.
fn int(d: &Document, key: &str) -> i64 {
    match d.get(key) {
        Some(Bson::Int32(n)) => i64::from(*n),
        Some(Bson::Int64(n)) => *n,
        Some(Bson::Double(x)) => *x as i64,
        _ => 0,
    }
}

fn count(d: &Document, key: &str) -> u64 {
    int(d, key).max(0) as u64
}

fn text(d: &Document, key: &str) -> Option<String> {
    d.get_str(key).ok().map(str::to_string)
}

/// `$sum` of `amount` (negated when `credit`) over lines of `kind` on `account`.
fn sum_of(kind: &str, account: &str, credit: bool) -> Document {
    let amount = if credit {
        Bson::Document(doc! { "$multiply": ["$amount", -1] })
    } else {
        Bson::String("$amount".into())
    };
    doc! { "$sum": { "$cond": [
        { "$and": [ { "$eq": ["$kind", kind] }, { "$eq": ["$account", account] } ] },
        amount,
        0,
    ] } }
}

/// `field` of every element of the array at `path` (what `"$path.field"` means on MongoDB,
/// spelled out so servers that do not traverse arrays in expressions agree).
fn each(path: &str, field: &str) -> Document {
    doc! { "$map": {
        "input": { "$ifNull": [path, []] },
        "as": "e",
        "in": format!("$$e.{field}"),
    } }
}

/// Each booking's consecutive history entries as `{s, n, d, tech}`: the state, the next state
/// and the stay in milliseconds.
fn stays_stages() -> Vec<Document> {
    vec![
        doc! { "$project": {
            "tech": "$technician",
            "h": each("$statusHistory", "to"),
            "at": each("$statusHistory", "at"),
        } },
        doc! { "$project": { "tech": 1, "p": { "$map": {
            "input": { "$range": [0, { "$max": [0, { "$subtract": [{ "$size": "$h" }, 1] }] }] },
            "as": "i",
            "in": {
                "s": { "$arrayElemAt": ["$h", "$$i"] },
                "n": { "$arrayElemAt": ["$h", { "$add": ["$$i", 1] }] },
                "d": { "$subtract": [
                    { "$arrayElemAt": ["$at", { "$add": ["$$i", 1] }] },
                    { "$arrayElemAt": ["$at", "$$i"] },
                ] },
            },
        } } } },
        doc! { "$unwind": "$p" },
        doc! { "$project": { "tech": 1, "s": "$p.s", "n": "$p.n", "d": "$p.d" } },
    ]
}

impl Mongo {
    async fn run(
        &self,
        collection: &str,
        what: &'static str,
        pipeline: Vec<Document>,
    ) -> Result<Vec<Document>> {
        let ctx = errors::ctx(collection, what);
        self.coll(collection)
            .aggregate(pipeline)
            .await
            .map_err(&ctx)?
            .try_collect()
            .await
            .map_err(&ctx)
    }
}

#[async_trait]
impl AnalyticsRepo for Mongo {
    async fn revenue_slots(&self, span: Span, group: RevenueGroup) -> Result<Vec<RevenueSlot>> {
        let mut filter = doc! {
            "kind": { "$in": ["payment", "release", "refund"] },
            "account": { "$in": ["escrow", "platform:revenue", "platform:tax"] },
        };
        filter.extend(span_filter("createdAt", span));
        let mut pipeline = vec![
            doc! { "$match": filter },
            doc! { "$lookup": {
                "from": collections::TRANSACTIONS, "localField": "transaction",
                "foreignField": "_id", "as": "tx",
            } },
            doc! { "$unwind": "$tx" },
            doc! { "$match": { "tx.booking": { "$type": "objectId" } } },
        ];
        let key = match group {
            RevenueGroup::None => Bson::Null,
            RevenueGroup::Gateway => Bson::String("$tx.gateway".into()),
            RevenueGroup::City | RevenueGroup::Category => {
                pipeline.push(doc! { "$lookup": {
                    "from": collections::BOOKINGS, "localField": "tx.booking",
                    "foreignField": "_id", "as": "b",
                } });
                pipeline
                    .push(doc! { "$unwind": { "path": "$b", "preserveNullAndEmptyArrays": true } });
                let field = if group == RevenueGroup::City {
                    "$b.serviceLocation.city"
                } else {
                    "$b.serviceCategory"
                };
                Bson::Document(doc! { "$ifNull": [field, Bson::Null] })
            }
        };
        let at = doc! { "$toLong": "$createdAt" };
        pipeline.push(doc! { "$group": {
            "_id": {
                "slot": { "$subtract": [at.clone(), { "$mod": [at, SLOT_MS] }] },
                "g": key,
                "c": "$currency",
            },
            "gross": sum_of("payment", "escrow", true),
            "fees": sum_of("release", "platform:revenue", true),
            "tax": sum_of("release", "platform:tax", true),
            "released": sum_of("release", "escrow", false),
            "refunds": sum_of("refund", "escrow", false),
        } });
        let groups = self
            .run(collections::LEDGER, "revenue report", pipeline)
            .await?;
        let mut out: Vec<RevenueSlot> = groups
            .iter()
            .filter_map(|g| {
                let id = g.get_document("_id").ok()?;
                Some(RevenueSlot {
                    slot_ms: int(id, "slot"),
                    group: text(id, "g"),
                    currency: currency(id.get_str("c").ok()?)?,
                    gross: int(g, "gross"),
                    fees: int(g, "fees"),
                    tax: int(g, "tax"),
                    released: int(g, "released"),
                    refunds: int(g, "refunds"),
                })
            })
            .collect();
        out.sort_by(|a, b| {
            (a.slot_ms, &a.group, a.currency.code()).cmp(&(b.slot_ms, &b.group, b.currency.code()))
        });
        Ok(out)
    }

    async fn booking_funnel(&self, span: Span) -> Result<FunnelFacts> {
        let m = span_filter("createdAt", span);
        let b = collections::BOOKINGS;
        let bookings = self.count(b, m.clone()).await?;
        let reached = self
            .run(b, "bookings funnel report", vec![
                doc! { "$match": m.clone() },
                doc! { "$project": { "s": { "$setUnion": [each("$statusHistory", "to"), []] } } },
                doc! { "$unwind": "$s" },
                doc! { "$group": { "_id": "$s", "n": { "$sum": 1 } } },
            ])
            .await?;
        let funnel: Vec<&str> = FUNNEL.iter().map(|s| s.as_str()).collect();
        let furthest = self
            .run(
                b,
                "bookings funnel report",
                vec![
                    doc! { "$match": m.clone() },
                    doc! { "$project": { "f": { "$max": { "$map": {
                        "input": each("$statusHistory", "to"),
                        "in": { "$indexOfArray": [funnel.clone(), "$$this"] },
                    } } } } },
                    doc! { "$match": { "f": { "$gte": 0 } } },
                    doc! { "$group": { "_id": "$f", "n": { "$sum": 1 } } },
                ],
            )
            .await?;
        let mut stays_pipeline = vec![doc! { "$match": m.clone() }];
        stays_pipeline.extend(stays_stages());
        let mut counts = stays_pipeline.clone();
        counts.push(doc! { "$group": { "_id": "$s", "n": { "$sum": 1 } } });
        let counts = self.run(b, "bookings funnel report", counts).await?;
        let mut stays = Vec::new();
        for g in &counts {
            let (Some(name), n) = (text(g, "_id"), count(g, "n")) else {
                continue;
            };
            let Some(state) = BookingStatus::parse(&name) else {
                continue;
            };
            let (lo, hi) = middle(n);
            let mut pick = stays_pipeline.clone();
            pick.extend([
                doc! { "$match": { "s": name.as_str() } },
                doc! { "$sort": { "d": 1 } },
                doc! { "$skip": lo as i64 },
                doc! { "$limit": (hi - lo + 1) as i64 },
            ]);
            let mid = self.run(b, "bookings funnel report", pick).await?;
            let lo_ms = mid.first().map(|d| int(d, "d")).unwrap_or(0);
            let hi_ms = mid.last().map(|d| int(d, "d")).unwrap_or(lo_ms);
            stays.push(StateStays {
                state,
                stays: n,
                median_ms: (lo_ms, hi_ms),
            });
        }
        let mut f = FunnelFacts {
            bookings,
            reached: reached
                .iter()
                .filter_map(|g| {
                    Some((BookingStatus::parse(g.get_str("_id").ok()?)?, count(g, "n")))
                })
                .collect(),
            furthest: furthest
                .iter()
                .filter_map(|g| {
                    let i = usize::try_from(int(g, "_id")).ok()?;
                    Some((*FUNNEL.get(i)?, count(g, "n")))
                })
                .collect(),
            stays,
        };
        settle_funnel(&mut f);
        Ok(f)
    }

    async fn technician_jobs(&self, span: Span) -> Result<Vec<TechnicianJobs>> {
        let mut m = doc! { "technician": { "$type": "objectId" } };
        m.extend(span_filter("createdAt", span));
        let b = collections::BOOKINGS;
        let jobs = self
            .run(b, "technicians report", vec![
                doc! { "$match": m.clone() },
                doc! { "$group": {
                    "_id": "$technician",
                    "jobs": { "$sum": 1 },
                    "completed": { "$sum": { "$cond": [
                        { "$in": ["completed", each("$statusHistory", "to")] }, 1, 0,
                    ] } },
                    "cancelled": { "$sum": { "$cond": [{ "$eq": ["$status", "cancelled"] }, 1, 0] } },
                } },
            ])
            .await?;
        let pair = |s: &str, n: &str| doc! { "$and": [{ "$eq": ["$s", s] }, { "$eq": ["$n", n] }] };
        let mut times = vec![doc! { "$match": m }];
        times.extend(stays_stages());
        times.push(doc! { "$group": {
            "_id": "$tech",
            "response_ms": { "$sum": { "$cond": [pair("assigned", "accepted"), "$d", 0] } },
            "responses": { "$sum": { "$cond": [pair("assigned", "accepted"), 1, 0] } },
            "arrival_ms": { "$sum": { "$cond": [pair("en_route", "arrived"), "$d", 0] } },
            "arrivals": { "$sum": { "$cond": [pair("en_route", "arrived"), 1, 0] } },
        } });
        let times = self.run(b, "technicians report", times).await?;
        let mut out: Vec<TechnicianJobs> = jobs
            .iter()
            .filter_map(|g| {
                Some(TechnicianJobs {
                    technician: Id::from(g.get_object_id("_id").ok()?),
                    jobs: count(g, "jobs"),
                    completed: count(g, "completed"),
                    cancelled: count(g, "cancelled"),
                    ..Default::default()
                })
            })
            .collect();
        out.sort_by_key(|j| j.technician);
        for t in &times {
            let Ok(id) = t.get_object_id("_id") else {
                continue;
            };
            let id = Id::from(id);
            if let Ok(i) = out.binary_search_by_key(&id, |j| j.technician) {
                let j = &mut out[i];
                j.response_ms = int(t, "response_ms");
                j.responses = count(t, "responses");
                j.arrival_ms = int(t, "arrival_ms");
                j.arrivals = count(t, "arrivals");
            }
        }
        Ok(out)
    }

    async fn technician_earnings(&self, span: Span) -> Result<Vec<Earnings>> {
        let mut m = doc! {
            "kind": "release",
            "account": { "$regex": format!("^{}", Account::PAYABLE_PREFIX) },
            "amount": { "$lt": 0 },
        };
        m.extend(span_filter("createdAt", span));
        let groups = self
            .run(
                collections::LEDGER,
                "technician earnings",
                vec![
                    doc! { "$match": m },
                    doc! { "$group": {
                        "_id": { "a": "$account", "c": "$currency" },
                        "n": { "$sum": { "$multiply": ["$amount", -1] } },
                    } },
                ],
            )
            .await?;
        let mut out: Vec<Earnings> = groups
            .iter()
            .filter_map(|g| {
                let id = g.get_document("_id").ok()?;
                Some(Earnings {
                    technician: Account::parse(id.get_str("a").ok()?)?.owner()?,
                    currency: currency(id.get_str("c").ok()?)?,
                    amount: int(g, "n"),
                })
            })
            .collect();
        out.sort_by(|a, b| {
            (a.technician, a.currency.code()).cmp(&(b.technician, b.currency.code()))
        });
        Ok(out)
    }

    async fn dispute_outcomes(&self, span: Span) -> Result<Vec<DisputeFacts>> {
        let mut m = doc! { "dispute.openedAt": { "$type": "date" } };
        m.extend(span_filter("dispute.openedAt", span));
        let resolved = doc! { "$eq": [{ "$type": "$dispute.resolution.resolvedAt" }, "date"] };
        let groups = self
            .run(collections::BOOKINGS, "disputes report", vec![
                doc! { "$match": m },
                doc! { "$group": {
                    "_id": {
                        "o": { "$ifNull": ["$dispute.resolution.outcome", Bson::Null] },
                        "c": "$pricing.total.currency",
                    },
                    "disputes": { "$sum": 1 },
                    "value": { "$sum": "$pricing.total.amount" },
                    "refunds": { "$sum": { "$ifNull": ["$dispute.resolution.refundAmount.amount", 0] } },
                    "resolve_ms": { "$sum": { "$cond": [
                        resolved,
                        { "$subtract": ["$dispute.resolution.resolvedAt", "$dispute.openedAt"] },
                        0,
                    ] } },
                } },
            ])
            .await?;
        let mut out: Vec<DisputeFacts> = groups
            .iter()
            .filter_map(|g| {
                let id = g.get_document("_id").ok()?;
                let outcome = match text(id, "o") {
                    None => None,
                    Some(o) => Some(DisputeOutcome::parse(&o)?),
                };
                Some(DisputeFacts {
                    outcome,
                    currency: currency(id.get_str("c").ok()?)?,
                    disputes: count(g, "disputes"),
                    value: int(g, "value"),
                    refunds: int(g, "refunds"),
                    resolve_ms: int(g, "resolve_ms"),
                })
            })
            .collect();
        out.sort_by_key(|d| (d.outcome.map(|o| o.as_str()), d.currency.code()));
        Ok(out)
    }
}
