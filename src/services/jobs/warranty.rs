//! Warranty end: when a job's warranty runs out, the customer is told once.
//!
//! The booking document has no "warranty ended" flag and the store cannot filter on
//! `warranty.endsAt`, so the mark is the notification itself: its id is derived from the
//! booking, so a second instance (or a second run) inserting it again gets a duplicate-key
//! conflict and changes nothing. The scan covers bookings old enough to carry a warranty;
//! warranties that ended more than [`NOTICE_DAYS`] ago are not announced any more (so a first
//! deployment does not announce years of history).

use chrono::Duration;
use sha2::{Digest, Sha256};

use crate::app::App;
use crate::domain::Timestamp;
use crate::domain::booking::{Booking, BookingStatus};
use crate::domain::id::Id;
use crate::domain::notification::NotificationType;
use crate::error::{Error, Result};
use crate::services::matching::booking_notification;
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

/// The id of the "warranty ended" notification of booking `b`: the same on every instance.
pub fn notice_id(b: &Booking) -> Option<Id> {
    let w = b.warranty.as_ref()?;
    let digest = Sha256::digest([b"warranty_ended:".as_slice(), &b.id.bytes()].concat());
    let counter = u64::from_be_bytes(digest[..8].try_into().ok()?);
    Some(Id::from_parts(
        (w.ends_at.millis() / 1000).clamp(0, i64::from(u32::MAX)) as u32,
        counter,
    ))
}

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
    let (Some(w), Some(id)) = (&b.warranty, notice_id(b)) else {
        return Ok(Outcome::Idle);
    };
    if w.ends_at > now || w.ends_at <= now.minus(Duration::days(NOTICE_DAYS)) {
        return Ok(Outcome::Idle);
    }
    if app.store.notifications.get(id).await?.is_some() {
        return Ok(Outcome::Idle);
    }
    let body = format!(
        "The {}-day warranty on booking {} ended on {}.",
        w.days,
        b.booking_number,
        w.ends_at.datetime().format("%-d %b %Y")
    );
    let kind = NotificationType::WarrantyExpiring;
    let n = booking_notification(b, b.customer, kind, "Warranty ended", body, id, now);
    match app.store.notifications.insert(&n).await {
        Ok(()) => Ok(Outcome::Changed),
        // Another instance announced it between our read and our insert.
        Err(Error::Conflict(_)) => Ok(Outcome::LostRace),
        Err(e) => Err(e),
    }
}
