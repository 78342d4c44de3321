//! In-app notifications of matching events: a technician was offered a job, a booking found
//! nobody. Sent only by the writer whose compare-and-set won, so each event is sent once even
//! with several instances; a failure to notify is logged and never undoes the booking change.

use chrono::Duration;
use serde_json::json;

use crate::app::App;
use crate::domain::Timestamp;
use crate::domain::booking::{Booking, BookingStatus};
use crate::domain::deep_link::DeepLink;
use crate::domain::id::Id;
use crate::domain::notification::{Channel, Notification, NotificationType, Priority};
use crate::services::notifications::{self, Draft};

/// How long a matching notification stays in the app.
const KEEP_DAYS: i64 = 30;

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

/// An in-app notification about booking `b` that links to it.
pub fn booking_notification(
    b: &Booking,
    recipient: Id,
    kind: NotificationType,
    title: &str,
    body: String,
    id: Id,
    at: Timestamp,
) -> Notification {
    Notification {
        id,
        recipient,
        actor: None,
        kind,
        title: title.to_string(),
        body,
        category: kind.category(),
        priority: Priority::High,
        channels: vec![Channel::InApp],
        delivery: Vec::new(),
        group_key: Some(format!("booking:{}", b.id)),
        group: None,
        deep_link: Some(format!("baitech://booking/{}", b.id)),
        action_data: Some(json!({ "action": "view_booking", "bookingId": b.id.to_hex() })),
        read: false,
        read_at: None,
        expires_at: Some(at.plus(Duration::days(KEEP_DAYS))),
        created_at: at,
        updated_at: at,
    }
}
