//! Warranty end: when a job's warranty runs out, the customer is told once.
//!
//! The booking document has no "warranty ended" flag and the store cannot filter on
//! `warranty.endsAt`, so the mark is the notification itself: it goes through `notify` like
//! every other, and its draft's id is derived from the booking and the warranty's end, so a
//! second instance (or a second run) making it again gets a duplicate-key conflict and
//! changes nothing. The scan covers bookings old enough to carry a warranty;
//! warranties that ended more than [`NOTICE_DAYS`] ago are not announced any more (so a first
//! deployment does not announce years of history).

use chrono::Duration;
use serde_json::json;

use crate::app::App;
use crate::domain::Timestamp;
use crate::domain::booking::{Booking, BookingStatus};
use crate::domain::deep_link::DeepLink;
use crate::domain::notification::{NotificationType, Priority};
use crate::error::Result;
use crate::services::notifications::{Draft, notify};
use crate::store::BookingFilter;

use super::{JobRun, Outcome, Scan};

/// Warranties that ended longer ago than this are not announced.
pub const NOTICE_DAYS: i64 = 7;
/// Bookings created longer ago than this cannot have a warranty ending now (longer than any
/// category's warranty plus the time to verify the work).
const LOOKBACK_DAYS: i64 = 400;
/// The bookings to look through are all work verified in the lookback, not a short-lived
/// state; reads only, once an hour.
const MAX_WARRANTY_SCAN: u64 = 200_000;

/// The "warranty ended" notice of booking `b`, the same on every instance and every run: its
/// source is the booking and its time the warranty's end, so its id is too.
pub fn notice(b: &Booking) -> Option<Draft> {
    let w = b.warranty.as_ref()?;
    let body = format!(
        "The {}-day warranty on booking {} ended on {}.",
        w.days,
        b.booking_number,
        w.ends_at.datetime().format("%-d %b %Y")
    );
    Some(
        Draft::new(
            b.customer,
            NotificationType::WarrantyExpiring,
            "Warranty ended",
            body,
            DeepLink::booking(b.id),
            format!("warranty_ended:{}", b.id),
            w.ends_at,
        )
        .priority(Priority::High)
        .action(json!({ "action": "view_booking", "bookingId": b.id })),
    )
}

/// Job `warranty_end`: tells customers whose warranty ended within [`NOTICE_DAYS`].
pub async fn warranty_end(app: &App, now: Timestamp, run: &mut JobRun) -> Result<()> {
    let filter = BookingFilter {
        statuses: vec![
            BookingStatus::Verified,
            BookingStatus::PaymentPending,
            BookingStatus::Paid,
            BookingStatus::Disputed,
        ],
        created_from: Some(now.minus(Duration::days(LOOKBACK_DAYS))),
        ..Default::default()
    };
    let mut scan = Scan::new(app, filter, MAX_WARRANTY_SCAN);
    while let Some(page) = scan.page(run).await? {
        for b in page {
            let outcome = announce_if_ended(app, &b, now).await;
            run.record(b.id, outcome);
        }
    }
    Ok(())
}

async fn announce_if_ended(app: &App, b: &Booking, now: Timestamp) -> Result<Outcome> {
    let (Some(w), Some(draft)) = (&b.warranty, notice(b)) else {
        return Ok(Outcome::Idle);
    };
    if w.ends_at > now || w.ends_at <= now.minus(Duration::days(NOTICE_DAYS)) {
        return Ok(Outcome::Idle);
    }
    if app.store.notifications.get(draft.id()).await?.is_some() {
        return Ok(Outcome::Idle);
    }
    match notify(app, draft).await? {
        Some(_) => Ok(Outcome::Changed),
        // Another instance announced it between our read and our insert.
        None => Ok(Outcome::LostRace),
    }
}
