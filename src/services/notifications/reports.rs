//! Delivery reports: Africa's Talking posts each SMS's fate to
//! `/api/v1/notifications/sms/delivery/<secret>` (its callbacks carry no signature, so the
//! secret in the path is what proves them); the delivery it names becomes `delivered` or
//! `undelivered` with the network's reason.

use serde::Deserialize;

use crate::app::App;
use crate::domain::Timestamp;
use crate::domain::delivery::OutboxStatus;
use crate::error::{Error, Result};
use crate::store::{Condition, Update};

/// A delivery report as Africa's Talking posts it (form fields).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SmsReport {
    /// The `messageId` the send returned.
    pub id: String,
    /// `Success`, `Failed`, `Rejected`, `Sent`, `Submitted`, `Buffered`, ...
    pub status: String,
    #[serde(default)]
    pub phone_number: Option<String>,
    #[serde(default)]
    pub network_code: Option<String>,
    #[serde(default)]
    pub failure_reason: Option<String>,
    #[serde(default)]
    pub retry_count: Option<String>,
}

/// Records `report` if `secret` is the delivery-report secret; `NotFound` otherwise (the
/// route does not exist for anyone else). An unknown message id changes nothing.
pub async fn sms_report(app: &App, secret: &str, report: SmsReport) -> Result<bool> {
    if !crate::gateways::mpesa::secret_matches(Some(app.sms.callback_secret()), secret) {
        return Err(Error::NotFound("route"));
    }
    let Some(mut d) = app
        .store
        .deliveries
        .delivery_by_provider_ref(&report.id)
        .await?
    else {
        tracing::info!(sms.message_id = %report.id, "SMS report for a message we do not know");
        return Ok(false);
    };
    let now = Timestamp::now();
    match report.status.as_str() {
        "Success" => {
            d.status = OutboxStatus::Delivered;
            d.delivered_at = Some(now);
            d.reason = None;
        }
        "Failed" | "Rejected" | "AbsentSubscriber" | "Expired" => {
            d.status = OutboxStatus::Undeliverable;
            d.reason = Some(match &report.failure_reason {
                Some(r) if !r.is_empty() => format!("{}: {r}", report.status),
                _ => report.status.clone(),
            });
        }
        _ => return Ok(true),
    }
    d.updated_at = now;
    // Only a delivery the worker is done with: a report never undoes a later attempt.
    let only_if = [Condition::NoneOf(
        "status",
        vec![serde_json::json!("queued")],
    )];
    let fields: &[&str] = &["status", "deliveredAt", "reason", "updatedAt"];
    let change = Update {
        set_from: Some((&d, fields)),
        inc: &[],
        only_if: &only_if,
    };
    let Some(stored) = app.store.deliveries.update(d.id, change).await? else {
        return Ok(false);
    };
    super::outbox::record(app, &stored).await?;
    Ok(true)
}
