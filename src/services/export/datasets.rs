//! The columns of every dataset (name, meaning, whether it is personal data, how a value is
//! read from a document), which filters each takes, and the walk that streams a dataset from
//! the store batch by batch. Column names are the stable CSV headers.

mod notifications;

use std::future::Future;

use serde::Serialize;

use super::cells::Cell;
use super::range::Range;
use super::request::{BATCH, Dataset, FilterKind, Filters, Plan};
use super::write::Sink;
use crate::app::App;
use crate::domain::audit::AuditEntry;
use crate::domain::booking::Booking;
use crate::domain::ledger::{LedgerLine, PayoutItem, Settlement};
use crate::domain::post::Post;
use crate::domain::report::ReportTarget;
use crate::domain::review::Review;
use crate::domain::transaction::Transaction;
use crate::domain::user::User;
use crate::domain::{Id, Money};
use crate::error::Result;
use crate::store::Collection;

/// One column: its header, what it holds, whether it is personal data, how to read it.
pub(super) struct Col<R> {
    name: &'static str,
    doc: &'static str,
    pii: bool,
    get: fn(&R) -> Cell,
}

const fn col<R>(name: &'static str, doc: &'static str, get: fn(&R) -> Cell) -> Col<R> {
    Col {
        name,
        doc,
        pii: false,
        get,
    }
}

const fn pii<R>(name: &'static str, doc: &'static str, get: fn(&R) -> Cell) -> Col<R> {
    Col {
        name,
        doc,
        pii: true,
        get,
    }
}

/// A dataset: its columns over rows `R` made from documents `D`, the filters it takes, and the
/// rows of one document that are in range and pass the filters.
pub(super) struct Table<D, R: 'static> {
    columns: &'static [Col<R>],
    filters: &'static [FilterKind],
    /// What the time range applies to.
    time: &'static str,
    rows: fn(D, &Range, &Filters, &mut Vec<R>),
}

/// A column as documented (`baitech export columns`).
#[derive(Debug, Clone, Serialize)]
pub struct ColumnInfo {
    pub name: &'static str,
    pub description: &'static str,
    pub pii: bool,
}

/// A dataset as documented.
#[derive(Debug, Clone, Serialize)]
pub struct DatasetInfo {
    pub dataset: Dataset,
    /// The field `--from`/`--to` select on.
    pub time: &'static str,
    pub filters: Vec<FilterKind>,
    pub columns: Vec<ColumnInfo>,
}

fn describe<D, R: 'static>(dataset: Dataset, t: &Table<D, R>) -> DatasetInfo {
    DatasetInfo {
        dataset,
        time: t.time,
        filters: t.filters.to_vec(),
        columns: t
            .columns
            .iter()
            .map(|c| ColumnInfo {
                name: c.name,
                description: c.doc,
                pii: c.pii,
            })
            .collect(),
    }
}

/// Every dataset with its columns and filters.
pub fn catalog() -> Vec<DatasetInfo> {
    Dataset::ALL.iter().map(|d| info(*d)).collect()
}

pub(super) fn info(d: Dataset) -> DatasetInfo {
    match d {
        Dataset::Bookings => describe(d, &BOOKINGS),
        Dataset::Transactions => describe(d, &TRANSACTIONS),
        Dataset::Settlements => describe(d, &SETTLEMENTS),
        Dataset::Ledger => describe(d, &LEDGER),
        Dataset::Users => describe(d, &USERS),
        Dataset::Technicians => describe(d, &TECHNICIANS),
        Dataset::Audit => describe(d, &AUDIT),
        Dataset::Reviews => describe(d, &REVIEWS),
        Dataset::Posts => describe(d, &POSTS),
        Dataset::Moderation => describe(d, &MODERATION),
        Dataset::Notifications => describe(d, &notifications::NOTIFICATIONS),
    }
}

/// Streams the plan's dataset into `sink`; returns how many documents were read.
pub(super) async fn stream(
    app: &App,
    plan: &Plan,
    cols: &[usize],
    sink: &mut Sink<'_>,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<u64> {
    let s = &app.store;
    let mut w = Walk {
        plan,
        cols,
        sink,
        progress,
    };
    match plan.request.dataset {
        Dataset::Bookings => w.run(&BOOKINGS, |a| docs(&*s.bookings, a), |d| d.id).await,
        Dataset::Transactions => {
            w.run(&TRANSACTIONS, |a| docs(&*s.transactions, a), |d| d.id)
                .await
        }
        Dataset::Settlements => w.run(&SETTLEMENTS, |a| docs(&*s.ledger, a), |d| d.id).await,
        Dataset::Ledger => {
            w.run(&LEDGER, |a| s.ledger.scan_ledger(a, BATCH), |d| d.id)
                .await
        }
        Dataset::Users => w.run(&USERS, |a| docs(&*s.users, a), |d| d.id).await,
        Dataset::Technicians => w.run(&TECHNICIANS, |a| docs(&*s.users, a), |d| d.id).await,
        Dataset::Audit => w.run(&AUDIT, |a| docs(&*s.audit, a), |d| d.id).await,
        Dataset::Reviews => w.run(&REVIEWS, |a| docs(&*s.reviews, a), |d| d.id).await,
        Dataset::Posts => w.run(&POSTS, |a| docs(&*s.posts, a), |d| d.id).await,
        Dataset::Moderation => w.run(&MODERATION, |a| docs(&*s.audit, a), |d| d.id).await,
        Dataset::Notifications => {
            let t = &notifications::NOTIFICATIONS;
            w.run(t, |a| docs(&*s.notifications, a), |d| d.id).await
        }
    }
}

fn docs<'a, D: crate::store::Document>(
    c: &'a dyn Collection<D>,
    after: Option<Id>,
) -> impl Future<Output = Result<Vec<D>>> + Send + 'a {
    c.scan(after, BATCH)
}

struct Walk<'p, 's, 'o> {
    plan: &'p Plan,
    cols: &'p [usize],
    sink: &'p mut Sink<'s>,
    progress: &'o mut (dyn FnMut(u64) + Send),
}

impl Walk<'_, '_, '_> {
    async fn run<D, R: 'static, F, Fut>(
        &mut self,
        t: &Table<D, R>,
        mut fetch: F,
        id: fn(&D) -> Id,
    ) -> Result<u64>
    where
        F: FnMut(Option<Id>) -> Fut,
        Fut: Future<Output = Result<Vec<D>>>,
    {
        let req = &self.plan.request;
        let (mut after, mut scanned, mut written) = (None, 0u64, 0u64);
        let mut rows = Vec::new();
        let mut cells = Vec::with_capacity(self.cols.len());
        loop {
            let batch = fetch(after).await?;
            let n = batch.len();
            let Some(last) = batch.last() else { break };
            after = Some(id(last));
            scanned += n as u64;
            for d in batch {
                (t.rows)(d, &req.range, &req.filters, &mut rows);
            }
            for r in rows.drain(..) {
                cells.clear();
                cells.extend(self.cols.iter().map(|&i| (t.columns[i].get)(&r)));
                self.sink.row(&cells)?;
                written += 1;
            }
            (self.progress)(written);
            if n < BATCH as usize {
                break;
            }
        }
        Ok(scanned)
    }
}

fn keep<D>(d: D, ok: bool, out: &mut Vec<D>) {
    if ok {
        out.push(d);
    }
}

fn money(m: Money) -> Cell {
    Cell::Money(m)
}

// --- bookings ----------------------------------------------------------------------------------

static BOOKINGS: Table<Booking, Booking> = Table {
    time: "created_at",
    filters: &[
        FilterKind::Status,
        FilterKind::City,
        FilterKind::Category,
        FilterKind::Technician,
    ],
    rows: |b, r, f, out| {
        let ok = r.contains(b.created_at)
            && f.status_is(b.status.as_str())
            && f.city_is(b.service_location.city.as_deref())
            && f.category
                .as_deref()
                .is_none_or(|c| c == b.service_category)
            && f.technician.is_none_or(|t| b.technician == Some(t));
        keep(b, ok, out)
    },
    columns: &[
        col("id", "booking id", |b| Cell::id(b.id)),
        col("booking_number", "the number customers see (BK-...)", |b| {
            Cell::text(&b.booking_number)
        }),
        col("created_at", "when the booking was made", |b| {
            Cell::Time(b.created_at)
        }),
        col("status", "booking state", |b| Cell::text(b.status.as_str())),
        col("service_category", "trade asked for", |b| {
            Cell::text(&b.service_category)
        }),
        col("urgency", "normal, urgent or emergency", |b| {
            Cell::text(b.urgency.as_str())
        }),
        col("city", "city of the service location", |b| {
            Cell::opt_text(b.service_location.city.clone())
        }),
        col("customer_id", "customer's user id", |b| {
            Cell::id(b.customer)
        }),
        col("technician_id", "assigned technician's user id", |b| {
            Cell::opt_id(b.technician)
        }),
        col("scheduled_at", "when the work is booked for", |b| {
            Cell::Time(b.scheduled_at)
        }),
        col("completed_at", "when the technician finished", |b| {
            Cell::opt_time(b.completed_at)
        }),
        col("paid_at", "when payment was confirmed", |b| {
            Cell::opt_time(b.paid_at)
        }),
        col(
            "currency",
            "ISO 4217 code of every amount in the row",
            |b| Cell::text(b.pricing.total.currency.code()),
        ),
        col("labour", "labour charge", |b| money(b.pricing.labour)),
        col("materials", "materials charge", |b| {
            money(b.pricing.materials)
        }),
        col("travel", "travel charge", |b| money(b.pricing.travel)),
        col("urgency_surcharge", "surcharge for urgency", |b| {
            money(b.pricing.urgency_surcharge)
        }),
        col("discount", "discount given", |b| money(b.pricing.discount)),
        col("platform_fee", "platform commission", |b| {
            money(b.pricing.platform_fee)
        }),
        col("tax", "VAT", |b| money(b.pricing.tax)),
        col("total", "what the customer pays", |b| {
            money(b.pricing.total)
        }),
        col("technician_earnings", "what the technician earns", |b| {
            money(b.pricing.technician_earnings)
        }),
        pii("address", "street address of the service location", |b| {
            Cell::opt_text(b.service_location.address.clone())
        }),
    ],
};

// --- transactions ------------------------------------------------------------------------------

static TRANSACTIONS: Table<Transaction, Transaction> = Table {
    time: "created_at",
    filters: &[FilterKind::Status, FilterKind::Technician],
    rows: |t, r, f, out| {
        let ok = r.contains(t.created_at)
            && f.status_is(t.status.as_str())
            && f.technician.is_none_or(|id| t.payee == Some(id));
        keep(t, ok, out)
    },
    columns: &[
        col("id", "transaction id", |t| Cell::id(t.id)),
        col("receipt_number", "BaiTech receipt number", |t| {
            Cell::text(&t.receipt_number)
        }),
        col("created_at", "when the transaction was created", |t| {
            Cell::Time(t.created_at)
        }),
        col("type", "payment, refund, payout, ...", |t| {
            Cell::text(t.kind.as_str())
        }),
        col("status", "transaction state", |t| {
            Cell::text(t.status.as_str())
        }),
        col("gateway", "mpesa, stripe, cash or wallet", |t| {
            Cell::text(t.gateway.as_str())
        }),
        col("booking_id", "booking paid for", |t| {
            Cell::opt_id(t.booking)
        }),
        col("payer_id", "paying user's id", |t| Cell::id(t.payer)),
        col("payee_id", "receiving user's id (the technician)", |t| {
            Cell::opt_id(t.payee)
        }),
        col(
            "currency",
            "ISO 4217 code of every amount in the row",
            |t| Cell::text(t.amount.currency.code()),
        ),
        col("amount", "amount of the transaction", |t| money(t.amount)),
        col("refunded_amount", "refunded so far", |t| {
            money(t.refunded_amount)
        }),
        col("platform_fee", "platform commission of the split", |t| {
            t.split
                .as_ref()
                .map_or(Cell::Empty, |s| money(s.platform_fee))
        }),
        col("tax", "VAT of the split", |t| {
            t.split.as_ref().map_or(Cell::Empty, |s| money(s.tax))
        }),
        col(
            "technician_earnings",
            "technician's part of the split",
            |t| {
                t.split
                    .as_ref()
                    .map_or(Cell::Empty, |s| money(s.technician_earnings))
            },
        ),
        col("mpesa_receipt_number", "M-Pesa receipt", |t| {
            Cell::opt_text(t.gateway_ref.mpesa_receipt_number.clone())
        }),
        col("payment_intent_id", "Stripe PaymentIntent", |t| {
            Cell::opt_text(t.gateway_ref.payment_intent_id.clone())
        }),
        col("settlement_id", "payout batch that paid it out", |t| {
            Cell::opt_id(t.settlement)
        }),
        col("failure_reason", "why it failed", |t| {
            Cell::opt_text(t.failure_reason.clone())
        }),
        pii("phone_number", "paying M-Pesa phone number", |t| {
            Cell::opt_text(t.gateway_ref.phone_number.clone())
        }),
    ],
};

// --- settlements (one row per payout item) -----------------------------------------------------

/// One payout item with its batch; a batch without items is one row with empty item columns.
pub(super) struct SettlementRow {
    batch: std::sync::Arc<Settlement>,
    item: Option<PayoutItem>,
}

static SETTLEMENTS: Table<Settlement, SettlementRow> = Table {
    time: "created_at",
    filters: &[FilterKind::Status, FilterKind::Technician],
    rows: |s, r, f, out| {
        if !r.contains(s.created_at) || !f.status_is(s.status.as_str()) {
            return;
        }
        let items: Vec<PayoutItem> = s
            .items
            .iter()
            .filter(|i| f.technician.is_none_or(|t| i.technician == t))
            .cloned()
            .collect();
        if items.is_empty() && (f.technician.is_some() || !s.items.is_empty()) {
            return;
        }
        let batch = std::sync::Arc::new(s);
        if items.is_empty() {
            out.push(SettlementRow { batch, item: None });
            return;
        }
        for item in items {
            out.push(SettlementRow {
                batch: batch.clone(),
                item: Some(item),
            });
        }
    },
    columns: &[
        col("settlement_id", "payout batch id", |r| Cell::id(r.batch.id)),
        col("reference", "batch reference", |r| {
            Cell::text(&r.batch.reference)
        }),
        col("created_at", "when the batch was made", |r| {
            Cell::Time(r.batch.created_at)
        }),
        col("status", "batch state", |r| {
            Cell::text(r.batch.status.as_str())
        }),
        col("gateway", "how the batch pays out", |r| {
            Cell::text(r.batch.gateway.as_str())
        }),
        col(
            "currency",
            "ISO 4217 code of every amount in the row",
            |r| Cell::text(r.batch.currency.code()),
        ),
        col("batch_total", "total of the batch", |r| {
            money(r.batch.total)
        }),
        col("technician_id", "technician paid by the item", |r| {
            Cell::opt_id(r.item.as_ref().map(|i| i.technician))
        }),
        col("amount", "amount of the item", |r| {
            r.item.as_ref().map_or(Cell::Empty, |i| money(i.amount))
        }),
        col("item_status", "state of the item", |r| {
            Cell::opt_text(r.item.as_ref().map(|i| i.status.as_str()))
        }),
        col("transaction_id", "payout transaction of the item", |r| {
            Cell::opt_id(r.item.as_ref().and_then(|i| i.transaction))
        }),
        col("failure_reason", "why the item failed", |r| {
            Cell::opt_text(r.item.as_ref().and_then(|i| i.failure_reason.clone()))
        }),
    ],
};

// --- ledger ------------------------------------------------------------------------------------

static LEDGER: Table<LedgerLine, LedgerLine> = Table {
    time: "created_at",
    filters: &[],
    rows: |l, r, _, out| {
        let ok = r.contains(l.created_at);
        keep(l, ok, out)
    },
    columns: &[
        col("id", "ledger line id", |l| Cell::id(l.id)),
        col("entry_id", "the balanced entry the line belongs to", |l| {
            Cell::id(l.entry)
        }),
        col("transaction_id", "transaction the entry records", |l| {
            Cell::id(l.transaction)
        }),
        col("created_at", "when the line was posted", |l| {
            Cell::Time(l.created_at)
        }),
        col("kind", "what the entry records", |l| {
            Cell::text(l.kind.as_str())
        }),
        col("account", "account posted to", |l| {
            Cell::text(l.account.as_str())
        }),
        col("currency", "ISO 4217 code of the amount", |l| {
            Cell::text(l.currency.code())
        }),
        col(
            "amount",
            "signed amount: debit positive, credit negative",
            |l| money(Money::new(l.amount, l.currency)),
        ),
    ],
};

// --- users and technicians ---------------------------------------------------------------------

fn user_city(u: &User) -> Option<&str> {
    u.location.as_ref().and_then(|l| l.city.as_deref())
}

static USERS: Table<User, User> = Table {
    time: "created_at",
    filters: &[FilterKind::Status, FilterKind::City],
    rows: |u, r, f, out| {
        let ok =
            r.contains(u.created_at) && f.status_is(u.status.as_str()) && f.city_is(user_city(&u));
        keep(u, ok, out)
    },
    columns: &[
        col("id", "user id", |u| Cell::id(u.id)),
        col("created_at", "when the account was made", |u| {
            Cell::Time(u.created_at)
        }),
        col("role", "customer, technician, corporate or admin", |u| {
            Cell::text(u.role.as_str())
        }),
        col("status", "account state", |u| Cell::text(u.status.as_str())),
        col("city", "city of the user's location", |u| {
            Cell::opt_text(user_city(u).map(str::to_string))
        }),
        col("kyc_status", "identity check state", |u| {
            Cell::text(u.kyc.status.as_str())
        }),
        col("email_verified", "e-mail address confirmed", |u| {
            Cell::Bool(u.email_verified_at.is_some())
        }),
        col("phone_verified", "phone number confirmed", |u| {
            Cell::Bool(u.phone_verified_at.is_some())
        }),
        col("followers", "followers on the feed", |u| {
            Cell::Int(u.followers_count)
        }),
        col("following", "users followed", |u| {
            Cell::Int(u.following_count)
        }),
        col("last_login_at", "last sign-in", |u| {
            Cell::opt_time(u.last_login_at)
        }),
        col("deleted_at", "when the account was deleted", |u| {
            Cell::opt_time(u.deleted_at)
        }),
        pii("first_name", "first name", |u| Cell::text(&u.first_name)),
        pii("last_name", "last name", |u| Cell::text(&u.last_name)),
        pii("username", "public handle", |u| {
            Cell::opt_text(u.username.clone())
        }),
        pii("email", "e-mail address", |u| Cell::text(u.email.as_str())),
        pii("phone_number", "phone number (E.164)", |u| {
            Cell::text(u.phone_number.as_str())
        }),
        pii("address", "street address of the user's location", |u| {
            Cell::opt_text(u.location.as_ref().and_then(|l| l.address.clone()))
        }),
    ],
};

static TECHNICIANS: Table<User, User> = Table {
    time: "created_at",
    filters: &[FilterKind::Status, FilterKind::City, FilterKind::Category],
    rows: |u, r, f, out| {
        let Some(t) = &u.technician else { return };
        let ok = r.contains(u.created_at)
            && f.status_is(u.status.as_str())
            && f.city_is(user_city(&u))
            && f.category.as_deref().is_none_or(|c| {
                t.service_categories.iter().any(|s| s == c) || t.skills.iter().any(|s| s.name == c)
            });
        keep(u, ok, out)
    },
    columns: &[
        col("id", "technician's user id", |u| Cell::id(u.id)),
        col("created_at", "when the account was made", |u| {
            Cell::Time(u.created_at)
        }),
        col("status", "account state", |u| Cell::text(u.status.as_str())),
        col("city", "city of the technician's location", |u| {
            Cell::opt_text(user_city(u).map(str::to_string))
        }),
        col("verified", "identity and skills checked", |u| {
            Cell::Bool(tech(u).is_some_and(|t| t.verified))
        }),
        col(
            "service_categories",
            "trades offered, separated by ';'",
            |u| {
                Cell::text(
                    tech(u)
                        .map(|t| t.service_categories.join(";"))
                        .unwrap_or_default(),
                )
            },
        ),
        col("skills", "skill names, separated by ';'", |u| {
            let names =
                tech(u).map(|t| t.skills.iter().map(|s| s.name.as_str()).collect::<Vec<_>>());
            Cell::text(names.unwrap_or_default().join(";"))
        }),
        col("service_radius_km", "how far the technician travels", |u| {
            tech(u).map_or(Cell::Empty, |t| Cell::Num(t.service_radius_km))
        }),
        col(
            "currency",
            "ISO 4217 code of every amount in the row",
            |u| {
                Cell::text(
                    tech(u)
                        .map(|t| t.stats.total_earnings.currency.code())
                        .unwrap_or_default(),
                )
            },
        ),
        col("hourly_rate", "hourly rate asked", |u| {
            tech(u)
                .and_then(|t| t.hourly_rate)
                .map_or(Cell::Empty, money)
        }),
        col("jobs_completed", "jobs completed", |u| {
            tech(u).map_or(Cell::Empty, |t| Cell::Int(t.stats.jobs_completed))
        }),
        col("jobs_cancelled", "jobs cancelled", |u| {
            tech(u).map_or(Cell::Empty, |t| Cell::Int(t.stats.jobs_cancelled))
        }),
        col(
            "completion_rate",
            "completed / (completed + cancelled), 0..1",
            |u| tech(u).map_or(Cell::Empty, |t| Cell::Num(t.stats.completion_rate)),
        ),
        col(
            "avg_response_minutes",
            "average minutes to answer an offer",
            |u| tech(u).map_or(Cell::Empty, |t| Cell::Num(t.stats.avg_response_minutes)),
        ),
        col("total_earnings", "earnings so far", |u| {
            tech(u).map_or(Cell::Empty, |t| money(t.stats.total_earnings))
        }),
        col("rating", "average star rating", |u| {
            Cell::Num(u.rating.average)
        }),
        col("reviews", "number of reviews", |u| {
            Cell::Int(u.rating.count)
        }),
        pii("first_name", "first name", |u| Cell::text(&u.first_name)),
        pii("last_name", "last name", |u| Cell::text(&u.last_name)),
        pii("email", "e-mail address", |u| Cell::text(u.email.as_str())),
        pii("phone_number", "phone number (E.164)", |u| {
            Cell::text(u.phone_number.as_str())
        }),
    ],
};

fn tech(u: &User) -> Option<&crate::domain::user::TechnicianProfile> {
    u.technician.as_ref()
}

// --- audit -------------------------------------------------------------------------------------

static AUDIT: Table<AuditEntry, AuditEntry> = Table {
    time: "at",
    filters: &[],
    rows: |a, r, _, out| {
        let ok = r.contains(a.at);
        keep(a, ok, out)
    },
    columns: &[
        col("id", "audit entry id", |a| Cell::id(a.id)),
        col("at", "when the action was taken", |a| Cell::Time(a.at)),
        col("action", "what was done (e.g. dispute.resolve)", |a| {
            Cell::text(&a.action)
        }),
        col("target_kind", "kind of what it was done to", |a| {
            Cell::text(&a.target_kind)
        }),
        col("target_id", "id of what it was done to", |a| {
            Cell::opt_id(a.target_id)
        }),
        col(
            "actor_id",
            "user id of who acted (empty for the CLI and jobs)",
            |a| Cell::opt_id(a.actor),
        ),
        col("reason", "reason given", |a| {
            Cell::opt_text(a.reason.clone())
        }),
        pii(
            "actor_label",
            "who acted, as named when acting (often an e-mail)",
            |a| Cell::text(&a.actor_label),
        ),
    ],
};

// --- reviews -----------------------------------------------------------------------------------

static REVIEWS: Table<Review, Review> = Table {
    time: "created_at",
    filters: &[FilterKind::Status, FilterKind::Technician],
    rows: |v, r, f, out| {
        let ok = r.contains(v.created_at)
            && f.status_is(v.status.as_str())
            && f.technician
                .is_none_or(|t| v.reviewee == t || v.reviewer == t);
        keep(v, ok, out)
    },
    columns: &[
        col("id", "review id", |v| Cell::id(v.id)),
        col("created_at", "when the review was written", |v| {
            Cell::Time(v.created_at)
        }),
        col("booking_id", "booking reviewed", |v| Cell::id(v.booking)),
        col("reviewer_id", "who wrote it", |v| Cell::id(v.reviewer)),
        col("reviewee_id", "who it is about", |v| Cell::id(v.reviewee)),
        col(
            "side",
            "customer_to_technician or technician_to_customer",
            |v| Cell::text(v.side.as_str()),
        ),
        col("rating", "overall stars, 1 to 5", |v| {
            Cell::Int(i64::from(v.rating))
        }),
        col("quality", "stars for quality", |v| {
            Cell::Int(i64::from(v.categories.quality))
        }),
        col("professionalism", "stars for professionalism", |v| {
            Cell::Int(i64::from(v.categories.professionalism))
        }),
        col("communication", "stars for communication", |v| {
            Cell::Int(i64::from(v.categories.communication))
        }),
        col("punctuality", "stars for punctuality", |v| {
            Cell::Int(i64::from(v.categories.punctuality))
        }),
        col("value_for_money", "stars for value for money", |v| {
            Cell::Int(i64::from(v.categories.value_for_money))
        }),
        col("status", "published, hidden or deleted", |v| {
            Cell::text(v.status.as_str())
        }),
        col("moderation", "clear, flagged or cleared", |v| {
            Cell::text(v.moderation.status.as_str())
        }),
        col(
            "verified",
            "the booking was paid through the platform",
            |v| Cell::Bool(v.verified),
        ),
        col("featured", "featured by the technician", |v| {
            Cell::Bool(v.featured)
        }),
        col("helpful", "helpful votes", |v| Cell::Int(v.helpful_count)),
        col("not_helpful", "not-helpful votes", |v| {
            Cell::Int(v.not_helpful_count)
        }),
        col("sentiment", "positive, neutral or negative", |v| {
            Cell::opt_text(v.sentiment.as_ref().map(|s| s.label.as_str()))
        }),
        col("responded", "the reviewed party answered", |v| {
            Cell::Bool(v.response.is_some())
        }),
        col("reveal_at", "when both sides see it", |v| {
            Cell::Time(v.reveal_at)
        }),
        col("deleted_at", "when it was deleted", |v| {
            Cell::opt_time(v.deleted_at)
        }),
        pii(
            "title",
            "the reviewer's title (free text; may name people)",
            |v| Cell::opt_text(v.title.clone()),
        ),
        pii(
            "comment",
            "the reviewer's text (free text; may name people)",
            |v| Cell::text(&v.comment),
        ),
    ],
};

// --- posts -------------------------------------------------------------------------------------

fn post_city(p: &Post) -> Option<&str> {
    p.location.as_ref().and_then(|l| l.city.as_deref())
}

static POSTS: Table<Post, Post> = Table {
    time: "created_at",
    filters: &[FilterKind::Status, FilterKind::City, FilterKind::Category],
    rows: |p, r, f, out| {
        let ok = r.contains(p.created_at)
            && f.status_is(p.moderation.status.as_str())
            && f.city_is(post_city(&p))
            && f.category
                .as_deref()
                .is_none_or(|c| p.service_category.as_deref() == Some(c));
        keep(p, ok, out)
    },
    columns: &[
        col("id", "post id", |p| Cell::id(p.id)),
        col("created_at", "when it was posted", |p| {
            Cell::Time(p.created_at)
        }),
        col("author_id", "who posted it", |p| Cell::id(p.author)),
        col(
            "type",
            "text, image, video, portfolio, tip or question",
            |p| Cell::text(p.kind.as_str()),
        ),
        col("service_category", "trade it is about", |p| {
            Cell::opt_text(p.service_category.clone())
        }),
        col("city", "city of the post's location", |p| {
            Cell::opt_text(post_city(p).map(str::to_string))
        }),
        col("visibility", "public, followers or private", |p| {
            Cell::text(p.visibility.as_str())
        }),
        col(
            "moderation",
            "pending_review, approved, rejected or removed (what --status selects)",
            |p| Cell::text(p.moderation.status.as_str()),
        ),
        col("booking_id", "booking the work was done for", |p| {
            Cell::opt_id(p.booking)
        }),
        col("hashtags", "hashtags, separated by ';'", |p| {
            Cell::text(p.hashtags.join(";"))
        }),
        col("media", "number of photos and videos", |p| {
            Cell::Int(i64::try_from(p.media.len()).unwrap_or(i64::MAX))
        }),
        col("likes", "likes", |p| Cell::Int(p.engagement.likes)),
        col("comments", "comments", |p| Cell::Int(p.engagement.comments)),
        col("shares", "shares", |p| Cell::Int(p.engagement.shares)),
        col("saves", "saves", |p| Cell::Int(p.engagement.saves)),
        col("views", "distinct viewers", |p| {
            Cell::Int(p.engagement.views)
        }),
        col("engagement_score", "the feed's ranking score", |p| {
            Cell::Num(p.engagement_score)
        }),
        col("pinned", "pinned to the author's profile", |p| {
            Cell::Bool(p.pinned)
        }),
        col("edits", "times it was edited", |p| {
            Cell::Int(i64::try_from(p.edits.len()).unwrap_or(i64::MAX))
        }),
        col("deleted_at", "when it was deleted", |p| {
            Cell::opt_time(p.deleted_at)
        }),
        pii(
            "content",
            "the post's text (free text; may name people)",
            |p| Cell::text(&p.content),
        ),
        pii("address", "street address of the post's location", |p| {
            Cell::opt_text(p.location.as_ref().and_then(|l| l.address.clone()))
        }),
    ],
};

// --- moderation (decisions from the audit log) --------------------------------------------------

/// Whether an audit entry records a moderation decision: a post, comment or review approved
/// or removed (the entries `moderate` writes, one per change, cascades included).
fn is_moderation(a: &AuditEntry) -> bool {
    a.action.split_once('.').is_some_and(|(kind, verb)| {
        ReportTarget::parse(kind).is_some() && matches!(verb, "approve" | "remove")
    })
}

/// The moderation state an audit snapshot records, if any.
fn moderation_state(v: Option<&serde_json::Value>) -> Option<String> {
    let v = v?;
    v.pointer("/moderation/status")
        .or_else(|| v.pointer("/status"))
        .and_then(|s| s.as_str())
        .map(str::to_string)
}

static MODERATION: Table<AuditEntry, AuditEntry> = Table {
    time: "at",
    filters: &[FilterKind::Status],
    rows: |a, r, f, out| {
        let ok = r.contains(a.at)
            && is_moderation(&a)
            && f.status_is(a.action.split_once('.').map_or("", |(_, v)| v));
        keep(a, ok, out)
    },
    columns: &[
        col("id", "audit entry id", |a| Cell::id(a.id)),
        col("at", "when the decision was made", |a| Cell::Time(a.at)),
        col(
            "decision",
            "approve or remove (what --status selects)",
            |a| Cell::opt_text(a.action.split_once('.').map(|(_, v)| v.to_string())),
        ),
        col("target_kind", "post, comment or review", |a| {
            Cell::text(&a.target_kind)
        }),
        col("target_id", "what was decided on", |a| {
            Cell::opt_id(a.target_id)
        }),
        col("before", "its moderation state before", |a| {
            Cell::opt_text(moderation_state(a.before.as_ref()))
        }),
        col("after", "its moderation state after", |a| {
            Cell::opt_text(moderation_state(a.after.as_ref()))
        }),
        col(
            "moderator_id",
            "user id of the moderator (empty for the CLI and jobs)",
            |a| Cell::opt_id(a.actor),
        ),
        col("reason", "reason given", |a| {
            Cell::opt_text(a.reason.clone())
        }),
        pii(
            "moderator_label",
            "the moderator, as named when acting (often an e-mail)",
            |a| Cell::text(&a.actor_label),
        ),
    ],
};
