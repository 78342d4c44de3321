//! The operators' reports as the store computes them: sums, counts and the middle values of
//! durations over ledger lines, transactions and bookings, reduced where the data lives (a
//! MongoDB aggregation pipeline, SQL on the embedded store) so a report over millions of
//! documents returns a few rows. Both adapters return the same facts for the same documents
//! (the conformance test in `tests/suite/ops/export_reports.rs`); turning them into the
//! report's rows (calendar buckets in a time zone, rates, averages) is the export service's.
//!
//! Time buckets: revenue comes back per quarter-hour slot of UTC time. Every time zone in use
//! is offset from UTC by a multiple of 15 minutes, so the service folds slots into days, weeks
//! and months of any zone exactly, and neither adapter needs time-zone rules of its own.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use async_trait::async_trait;

use crate::domain::booking::{BookingStatus, DisputeOutcome};
use crate::domain::money::Currency;
use crate::domain::{Id, Timestamp};
use crate::error::Result;

/// Length of a revenue slot: a quarter of an hour.
pub const SLOT_MS: i64 = 15 * 60 * 1000;

/// The booking states of the funnel from created to paid, in order.
pub const FUNNEL: [BookingStatus; 11] = [
    BookingStatus::Pending,
    BookingStatus::Matching,
    BookingStatus::Assigned,
    BookingStatus::Accepted,
    BookingStatus::EnRoute,
    BookingStatus::Arrived,
    BookingStatus::InProgress,
    BookingStatus::Completed,
    BookingStatus::Verified,
    BookingStatus::PaymentPending,
    BookingStatus::Paid,
];

/// A half-open time range `[from, to)`; an open end is unbounded.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Span {
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
}

/// What the revenue figures are grouped by besides time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RevenueGroup {
    #[default]
    None,
    /// The booking's service city.
    City,
    /// The booking's service category.
    Category,
    /// The gateway of the transaction whose entry it is.
    Gateway,
}

/// The money of booking payments posted in one quarter-hour slot (and group, and currency),
/// read from the ledger: entries of transactions that belong to a booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevenueSlot {
    /// Start of the slot, milliseconds since the epoch (a multiple of [`SLOT_MS`]).
    pub slot_ms: i64,
    /// The group's value; `None` when not grouped or when the document has none.
    pub group: Option<String>,
    pub currency: Currency,
    /// Payments into escrow (`payment` entries, credit to `escrow`).
    pub gross: i64,
    /// The platform's fee (`release` entries, credit to `platform:revenue`).
    pub fees: i64,
    /// VAT (`release` entries, credit to `platform:tax`).
    pub tax: i64,
    /// What releases took out of escrow (fee + tax + the technician's earnings).
    pub released: i64,
    /// What refunds took out of escrow, net of failed refunds put back (`refund` entries, debit
    /// to `escrow`).
    pub refunds: i64,
}

/// How long bookings stayed in one state: every stay that ended (the booking moved on), with
/// the middle one or two of their lengths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateStays {
    pub state: BookingStatus,
    pub stays: u64,
    /// The lower and upper middle stay, in milliseconds (equal when `stays` is odd).
    pub median_ms: (i64, i64),
}

/// The funnel of the bookings created in a span.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunnelFacts {
    pub bookings: u64,
    /// Bookings whose history reached each state (any state, in or off the funnel).
    pub reached: Vec<(BookingStatus, u64)>,
    /// Bookings by the furthest funnel state their history reached.
    pub furthest: Vec<(BookingStatus, u64)>,
    pub stays: Vec<StateStays>,
}

/// One technician's bookings created in a span.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TechnicianJobs {
    pub technician: Id,
    pub jobs: u64,
    /// Bookings whose history reached `completed`.
    pub completed: u64,
    /// Bookings now `cancelled`.
    pub cancelled: u64,
    /// Sum and number of the stays in `assigned` that ended in `accepted` (answering an offer).
    pub response_ms: i64,
    pub responses: u64,
    /// Sum and number of the stays in `en_route` that ended in `arrived` (travelling).
    pub arrival_ms: i64,
    pub arrivals: u64,
}

/// What releases in a span credited to one technician's payable: their earnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earnings {
    pub technician: Id,
    pub currency: Currency,
    pub amount: i64,
}

/// The disputes opened in a span with one outcome (`None`: not resolved yet) and currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisputeFacts {
    pub outcome: Option<DisputeOutcome>,
    pub currency: Currency,
    pub disputes: u64,
    /// The disputed bookings' totals.
    pub value: i64,
    /// The refunds the resolutions decided.
    pub refunds: i64,
    /// Sum of the times from opening to resolution, over the resolved ones.
    pub resolve_ms: i64,
}

/// The report queries; implemented by both adapters over the same documents.
#[async_trait]
pub trait AnalyticsRepo: Send + Sync {
    /// Booking money posted in `span`, per quarter-hour slot, group and currency; slots with
    /// nothing posted are left out.
    async fn revenue_slots(&self, span: Span, group: RevenueGroup) -> Result<Vec<RevenueSlot>>;
    /// The funnel of the bookings created in `span`.
    async fn booking_funnel(&self, span: Span) -> Result<FunnelFacts>;
    /// Per technician, the bookings assigned to them that were created in `span`.
    async fn technician_jobs(&self, span: Span) -> Result<Vec<TechnicianJobs>>;
    /// Per technician and currency, the earnings releases credited in `span`.
    async fn technician_earnings(&self, span: Span) -> Result<Vec<Earnings>>;
    /// The disputes opened in `span`, per outcome and currency.
    async fn dispute_outcomes(&self, span: Span) -> Result<Vec<DisputeFacts>>;
}

/// A currency from its ISO code as both stores keep it.
pub(in crate::store) fn currency(code: &str) -> Option<Currency> {
    serde_json::from_value(serde_json::Value::String(code.to_string())).ok()
}

/// Sorts facts the way every caller sees them, whichever adapter made them.
pub(in crate::store) fn settle_funnel(f: &mut FunnelFacts) {
    let pos = |s: &BookingStatus| BookingStatus::ALL.iter().position(|x| x == s);
    f.reached.sort_by_key(|(s, _)| pos(s));
    f.furthest.sort_by_key(|(s, _)| pos(s));
    f.stays.sort_by_key(|s| pos(&s.state));
}

/// The middle rank(s) of `n` sorted values, 0-based: (lower, upper).
pub(in crate::store) fn middle(n: u64) -> (u64, u64) {
    ((n.saturating_sub(1)) / 2, n / 2)
}
