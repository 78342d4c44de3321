//! In-app notifications of matching events: a technician was offered a job, a booking found
//! nobody. Sent only by the writer whose compare-and-set won, so each event is sent once even
//! with several instances; a failure to notify is logged and never undoes the booking change.

use serde_json::json;

use crate::app::App;
use crate::domain::Timestamp;
use crate::domain::booking::{Booking, BookingStatus};
use crate::domain::deep_link::DeepLink;
use crate::domain::id::Id;
use crate::domain::notification::{NotificationType, Priority};
use crate::services::notifications::{self, Draft};

/// Sends whatever `after` says happened since `before`.
pub async fn changes(app: &App, before: &Booking, after: &Booking, at: Timestamp) {
    if after.status == BookingStatus::Assigned
        && after.matching.attempts > before.matching.attempts
        && let Some(t) = after.technician
    {
        let minutes = app.config.matching.response_minutes;
        let body = format!(
            "{} near you: accept within {minutes} minutes or it goes to the next technician.",
            after.service_category.replace('_', " ")
        );
        send(
            app,
            after,
            t,
            NotificationType::BookingAssigned,
            "New job offer",
            body,
            at,
        )
        .await;
    }
    if after.status == BookingStatus::Expired && before.status != BookingStatus::Expired {
        let body = format!(
            "We could not find a technician for booking {} in time. Please try again.",
            after.booking_number
        );
        let kind = NotificationType::BookingExpired;
        send(
            app,
            after,
            after.customer,
            kind,
            "No technician found",
            body,
            at,
        )
        .await;
    }
}

async fn send(
    app: &App,
    b: &Booking,
    recipient: Id,
    kind: NotificationType,
    title: &str,
    body: String,
    at: Timestamp,
) {
    // Through the notifications service: preferences, the outbox (push, SMS) and sockets.
    let source = format!(
        "matching:{}:{}:{}",
        b.id,
        b.matching.attempts,
        b.status.as_str()
    );
    let draft = Draft::new(
        recipient,
        kind,
        title,
        body,
        DeepLink::booking(b.id),
        source,
        at,
    )
    .priority(Priority::High)
    .action(json!({ "action": "view_booking", "bookingId": b.id.to_hex() }));
    if let Err(e) = notifications::notify(app, draft).await {
        tracing::warn!(booking.id = %b.id, error = %e, "matching notification not stored");
    }
}
