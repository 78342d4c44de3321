//! Auto-verify: work the customer neither verified nor disputed within `AUTO_VERIFY_HOURS` of
//! completion is verified by the system (completed → verified).

use std::collections::HashMap;

use chrono::Duration;

use crate::app::App;
use crate::domain::Timestamp;
use crate::domain::booking::{Actor, Booking, BookingStatus};
use crate::error::Result;
use crate::services::matching::moves;
use crate::store::BookingFilter;

use super::{JobRun, MAX_SCAN, Outcome, Scan};

/// When `b` was completed: the stamp, or the history entry for older documents without it.
fn completed_at(b: &Booking) -> Option<Timestamp> {
    b.completed_at.or_else(|| {
        let entry = b
            .status_history
            .iter()
            .rev()
            .find(|h| h.to == BookingStatus::Completed);
        entry.map(|h| h.at)
    })
}

pub async fn auto_verify(app: &App, now: Timestamp, run: &mut JobRun) -> Result<()> {
    let filter = BookingFilter {
        statuses: vec![BookingStatus::Completed],
        ..Default::default()
    };
    let mut scan = Scan::new(app, filter, MAX_SCAN);
    while let Some(page) = scan.page(run).await? {
        for b in page {
            let outcome = verify_if_due(app, &b, now).await;
            run.record(b.id, outcome);
        }
    }
    Ok(())
}

async fn verify_if_due(app: &App, b: &Booking, now: Timestamp) -> Result<Outcome> {
    let hours = app.config.bookings.auto_verify_hours;
    let due = completed_at(b).map(|t| t.plus(Duration::hours(i64::from(hours))));
    if due.is_none_or(|d| d > now) {
        return Ok(Outcome::Idle);
    }
    let reason = format!("verified automatically {hours} hours after completion");
    // Through the bookings service's rules: verification starts the warranty.
    let none = HashMap::new();
    let saved = moves::save_if_unchanged(app, b, &none, now, |b, mv| {
        mv.step(b, BookingStatus::Verified, Actor::System, Some(reason))
    })
    .await?;
    Ok(Outcome::of(saved))
}
