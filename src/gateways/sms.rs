//! SMS through Africa's Talking. [`AfricasTalking`] posts to `/version1/messaging` when
//! `AT_USERNAME` and `AT_API_KEY` are set; otherwise [`SandboxSms`] keeps the messages in
//! memory. Delivery reports come back to `/api/v1/notifications/sms/delivery/<secret>`.

mod africastalking;
mod sandbox;

use std::sync::Arc;

use async_trait::async_trait;

use crate::config::Config;
use crate::error::Result;

pub use africastalking::AfricasTalking;
pub use sandbox::SandboxSms;

/// The longest message sent as one SMS; longer text is cut.
pub const MAX_CHARS: usize = 160;

/// What Africa's Talking said about one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SmsOutcome {
    /// Accepted (status codes 100 Processed, 101 Sent, 102 Queued): its `messageId` and cost.
    Sent { message_id: String, cost: String },
    /// The number cannot be reached (403 InvalidPhoneNumber, 406 UserInBlacklist).
    Undeliverable(String),
    /// The account is out of credit (405 InsufficientBalance): an operator must act; retried.
    OperatorAlert(String),
    /// Anything else: try again later.
    Retry(String),
}

impl SmsOutcome {
    /// The outcome of a recipient's `statusCode` and `status` text.
    pub fn of_status(code: i64, status: &str, message_id: &str, cost: &str) -> SmsOutcome {
        match code {
            100..=102 => SmsOutcome::Sent {
                message_id: message_id.to_string(),
                cost: cost.to_string(),
            },
            403 | 406 => SmsOutcome::Undeliverable(format!("{code} {status}")),
            405 => SmsOutcome::OperatorAlert(format!("{code} {status}")),
            _ => SmsOutcome::Retry(format!("{code} {status}")),
        }
    }
}

/// Sends SMS.
#[async_trait]
pub trait Sms: Send + Sync {
    /// `"africastalking"` or `"sandbox"`.
    fn backend(&self) -> &'static str;
    /// Sends `message` to `to` (E.164).
    async fn send(&self, to: &str, message: &str) -> SmsOutcome;
    /// The secret ending the delivery-report URL.
    fn callback_secret(&self) -> &str;
    fn sandbox(&self) -> Option<&SandboxSms> {
        None
    }
}

/// The gateway the configuration selects.
pub fn from_config(config: &Config) -> Result<Arc<dyn Sms>> {
    match &config.gateways.sms {
        Some(cfg) => Ok(Arc::new(AfricasTalking::new(cfg)?)),
        None => Ok(Arc::new(SandboxSms::default())),
    }
}

/// `text` cut to one SMS on a character boundary.
pub fn fit(text: &str) -> String {
    if text.chars().count() <= MAX_CHARS {
        return text.to_string();
    }
    let mut out: String = text.chars().take(MAX_CHARS - 3).collect();
    out.push_str("...");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_map_as_africas_talking_documents_them() {
        for code in [100, 101, 102] {
            assert!(matches!(
                SmsOutcome::of_status(code, "Success", "ATXid_1", "KES 0.8000"),
                SmsOutcome::Sent { .. }
            ));
        }
        assert!(matches!(
            SmsOutcome::of_status(403, "InvalidPhoneNumber", "None", "0"),
            SmsOutcome::Undeliverable(_)
        ));
        assert!(matches!(
            SmsOutcome::of_status(406, "UserInBlacklist", "None", "0"),
            SmsOutcome::Undeliverable(_)
        ));
        assert!(matches!(
            SmsOutcome::of_status(405, "InsufficientBalance", "None", "0"),
            SmsOutcome::OperatorAlert(_)
        ));
        assert!(matches!(
            SmsOutcome::of_status(500, "InternalServerError", "None", "0"),
            SmsOutcome::Retry(_)
        ));
        assert_eq!(fit(&"a".repeat(200)).chars().count(), MAX_CHARS);
        assert_eq!(fit("short"), "short");
    }
}
