//! Matching jobs: offers nobody answered in time, and bookings in matching that ran out of
//! time (expired) or are not waiting for their customer (offered to the next candidate).

use crate::app::App;
use crate::domain::Timestamp;
use crate::domain::booking::{Booking, BookingStatus};
use crate::error::Result;
use crate::services::matching;
use crate::store::BookingFilter;

use super::{JobRun, MAX_SCAN, Outcome, Scan};

fn in_status(status: BookingStatus) -> BookingFilter {
    BookingFilter {
        statuses: vec![status],
        ..Default::default()
    }
}

/// Assigned bookings whose offer lapsed: back to matching and on to the next candidate.
pub async fn offer_timeouts(app: &App, now: Timestamp, run: &mut JobRun) -> Result<()> {
    let mut scan = Scan::new(app, in_status(BookingStatus::Assigned), MAX_SCAN);
    while let Some(page) = scan.page(run).await? {
        for b in page {
            let outcome = time_out_if_due(app, &b, now).await;
            run.record(b.id, outcome);
        }
    }
    Ok(())
}

async fn time_out_if_due(app: &App, b: &Booking, now: Timestamp) -> Result<Outcome> {
    match matching::offer_deadline(b, &app.config.matching) {
        Some(deadline) if deadline <= now => {
            Ok(Outcome::of(matching::time_out(app, b, now).await?))
        }
        _ => Ok(Outcome::Idle),
    }
}

/// Bookings in matching: expire those past their window, move the rest along.
pub async fn expire_or_advance(app: &App, now: Timestamp, run: &mut JobRun) -> Result<()> {
    let mut scan = Scan::new(app, in_status(BookingStatus::Matching), MAX_SCAN);
    while let Some(page) = scan.page(run).await? {
        for b in page {
            let outcome = expire_or_advance_one(app, &b, now).await;
            run.record(b.id, outcome);
        }
    }
    Ok(())
}

async fn expire_or_advance_one(app: &App, b: &Booking, now: Timestamp) -> Result<Outcome> {
    if matching::is_expired(b, now) {
        return Ok(Outcome::of(matching::expire(app, b, now).await?));
    }
    match matching::advance(app, b, now).await? {
        Some(_) => Ok(Outcome::Changed),
        None => Ok(Outcome::Idle),
    }
}
