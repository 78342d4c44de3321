//! Push notifications through Firebase Cloud Messaging (HTTP v1). [`FcmClient`] talks to FCM
//! when `FCM_PROJECT_ID` and `FCM_CREDENTIALS_FILE` are set; otherwise [`SandboxPush`] keeps
//! the messages in memory. One message goes to one device token (FCM's batch API is gone).

mod fcm;
mod sandbox;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use crate::config::Config;
use crate::error::Result;

pub use fcm::{FcmClient, ServiceAccount};
pub use sandbox::SandboxPush;

/// FCM's limit on a message's payload.
pub const MAX_PAYLOAD_BYTES: usize = 4096;

/// One push to one device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushMessage {
    pub token: String,
    pub title: String,
    pub body: String,
    /// Data for the app (`link`, `notificationId`, ...); FCM takes string values only.
    pub data: BTreeMap<String, String>,
    /// Messages with one key replace each other on an Android device.
    pub collapse_key: Option<String>,
    /// Delivered at once even to a sleeping device.
    pub high_priority: bool,
}

impl PushMessage {
    /// The size FCM counts against [`MAX_PAYLOAD_BYTES`]: title, body, data keys and values.
    pub fn payload_bytes(&self) -> usize {
        self.title.len()
            + self.body.len()
            + self
                .data
                .iter()
                .map(|(k, v)| k.len() + v.len())
                .sum::<usize>()
    }

    /// Shortens the body (then the title) on character boundaries until the payload fits.
    pub fn fit(mut self) -> PushMessage {
        while self.payload_bytes() > MAX_PAYLOAD_BYTES && !self.body.is_empty() {
            let over = self.payload_bytes() - MAX_PAYLOAD_BYTES;
            let keep = self.body.len().saturating_sub(over + 3);
            let mut cut = keep;
            while cut > 0 && !self.body.is_char_boundary(cut) {
                cut -= 1;
            }
            self.body.truncate(cut);
            if !self.body.is_empty() {
                self.body.push_str("...");
            }
        }
        while self.payload_bytes() > MAX_PAYLOAD_BYTES && !self.title.is_empty() {
            let mut cut = self.title.len() - 1;
            while cut > 0 && !self.title.is_char_boundary(cut) {
                cut -= 1;
            }
            self.title.truncate(cut);
        }
        self
    }
}

/// What became of one push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushOutcome {
    /// FCM accepted it (its message name).
    Accepted(String),
    /// The token belongs to no install any more: forget it.
    Unregistered,
    /// Try again later (at least `after` when FCM said so).
    Retry {
        error: String,
        after: Option<Duration>,
    },
    /// FCM refused this message for good.
    Rejected(String),
}

/// Sends pushes.
#[async_trait]
pub trait Push: Send + Sync {
    /// `"fcm"` or `"sandbox"`.
    fn backend(&self) -> &'static str;
    async fn send(&self, message: &PushMessage) -> PushOutcome;
    /// The sandbox, when this is the sandbox (tests and development inspect it).
    fn sandbox(&self) -> Option<&SandboxPush> {
        None
    }
}

/// The gateway the configuration selects: FCM when configured, the sandbox otherwise.
pub fn from_config(config: &Config) -> Result<Arc<dyn Push>> {
    match &config.gateways.fcm {
        Some(fcm) => Ok(Arc::new(FcmClient::new(fcm)?)),
        None => Ok(Arc::new(SandboxPush::default())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_message_is_cut_to_fit_on_a_character_boundary() {
        let m = PushMessage {
            token: "t".into(),
            title: "Karibu".into(),
            body: "é".repeat(5_000),
            data: BTreeMap::from([("link".to_string(), "baitech://wallet".to_string())]),
            collapse_key: None,
            high_priority: false,
        }
        .fit();
        assert!(m.payload_bytes() <= MAX_PAYLOAD_BYTES);
        assert!(m.payload_bytes() > MAX_PAYLOAD_BYTES - 8);
        assert!(m.body.ends_with("..."));
        assert_eq!(m.title, "Karibu");
    }
}
