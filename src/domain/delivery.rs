//! The notification outbox: one delivery per notification and channel, its status (Knock's
//! `queued`, `sent`, `delivered`, `failed`, `undelivered`, `not_sent` with the reason), its
//! attempts and their back-off, and the lease a worker holds while it tries.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::domain::id::Id;
use crate::domain::money::Money;
pub use crate::domain::notification::OutboxStatus;
use crate::domain::notification::{Channel, ChannelDelivery};
use crate::domain::time::Timestamp;

/// Most attempts one delivery gets.
pub const MAX_ATTEMPTS: u32 = 8;
/// The wait after the first failed attempt; each later one doubles it.
pub const FIRST_RETRY: Duration = Duration::seconds(15);
/// Longest single wait between attempts.
pub const MAX_RETRY: Duration = Duration::minutes(16);
/// Most attempt records a delivery keeps.
const ATTEMPT_LOG: usize = MAX_ATTEMPTS as usize;

/// One delivery of one notification on one channel (storage document of
/// `notification_deliveries`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    #[serde(rename = "_id")]
    pub id: Id,
    pub notification: Id,
    pub recipient: Id,
    pub channel: Channel,
    pub status: OutboxStatus,
    /// Why it was not sent, failed or was undeliverable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default)]
    pub attempts: u32,
    #[serde(default)]
    pub attempt_log: Vec<Attempt>,
    /// The next attempt waits until then (back-off, quiet hours, a group's summary).
    pub due_at: Timestamp,
    /// The worker trying it now, and until when its claim holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lease_owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lease_until: Option<Timestamp>,
    /// The push that could not reach a critical notification's recipient, for an SMS sent
    /// in its place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback_of: Option<Id>,
    /// The provider's id of what it accepted (Africa's Talking `messageId`), for its reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_ref: Option<String>,
    /// What the provider charged, as it says it (`KES 0.8000`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One attempt and what came of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Attempt {
    pub at: Timestamp,
    /// `sent`, `retry`, `failed`, `undelivered`, `not_sent`.
    pub outcome: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Delivery {
    /// A queued delivery of `notification` to `recipient` on `channel`, due at `due`.
    pub fn queued(
        id: Id,
        notification: Id,
        recipient: Id,
        channel: Channel,
        due: Timestamp,
        now: Timestamp,
    ) -> Delivery {
        Delivery {
            id,
            notification,
            recipient,
            channel,
            status: OutboxStatus::Queued,
            reason: None,
            attempts: 0,
            attempt_log: Vec::new(),
            due_at: due,
            lease_owner: None,
            lease_until: None,
            fallback_of: None,
            provider_ref: None,
            cost: None,
            sent_at: None,
            delivered_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    fn log(&mut self, at: Timestamp, outcome: &str, error: Option<String>) {
        self.attempt_log.push(Attempt {
            at,
            outcome: outcome.to_string(),
            error,
        });
        let excess = self.attempt_log.len().saturating_sub(ATTEMPT_LOG);
        self.attempt_log.drain(..excess);
        self.updated_at = at;
        self.lease_owner = None;
        self.lease_until = None;
    }

    /// The provider took it.
    pub fn sent(&mut self, at: Timestamp, provider_ref: Option<String>, cost: Option<String>) {
        self.attempts += 1;
        self.status = OutboxStatus::Sent;
        self.sent_at = Some(at);
        self.provider_ref = provider_ref;
        self.cost = cost;
        self.reason = None;
        self.log(at, "sent", None);
    }

    /// An attempt failed: another is due after the back-off (at least `after` when the
    /// provider asked for it), or the delivery has failed when it was the last.
    /// `jitter` in 0.0..1.0 spreads retries of many deliveries apart.
    pub fn retry(&mut self, at: Timestamp, error: String, after: Option<Duration>, jitter: f64) {
        self.attempts += 1;
        if self.attempts >= MAX_ATTEMPTS {
            self.status = OutboxStatus::Failed;
            self.reason = Some(error.clone());
            self.log(at, "failed", Some(error));
            return;
        }
        let wait = backoff(self.attempts, jitter).max(after.unwrap_or_else(Duration::zero));
        self.due_at = at.plus(wait);
        self.reason = Some(error.clone());
        self.log(at, "retry", Some(error));
    }

    /// The provider says the recipient cannot be reached.
    pub fn undeliverable(&mut self, at: Timestamp, reason: String) {
        self.attempts += 1;
        self.status = OutboxStatus::Undeliverable;
        self.reason = Some(reason.clone());
        self.log(at, "undelivered", Some(reason));
    }

    /// Not sent at all, and why.
    pub fn not_sent(&mut self, at: Timestamp, reason: String) {
        self.status = OutboxStatus::NotSent;
        self.reason = Some(reason.clone());
        self.log(at, "not_sent", Some(reason));
    }
}

impl Delivery {
    /// This row's state as the notification keeps it for its channel.
    pub fn entry(&self) -> ChannelDelivery {
        ChannelDelivery {
            channel: self.channel,
            status: self.status,
            attempts: self.attempts,
            reason: self.reason.clone(),
            cost: self.cost.as_deref().and_then(Money::parse_provider),
            sent_at: self.sent_at,
            delivered_at: self.delivered_at,
            progress: ChannelDelivery::progress_of(self.status, self.attempts, self.sent_at),
        }
    }
}

/// The wait after failed attempt number `attempt` (1-based): [`FIRST_RETRY`] doubled each time
/// up to [`MAX_RETRY`], of which a random half (`jitter` in 0.0..1.0) is waited ("equal
/// jitter"), so retries of deliveries that failed together spread out.
pub fn backoff(attempt: u32, jitter: f64) -> Duration {
    let exp = attempt.saturating_sub(1).min(16);
    let full = (FIRST_RETRY * 2_i32.pow(exp)).min(MAX_RETRY);
    let half = full.num_milliseconds() / 2;
    let jitter = jitter.clamp(0.0, 1.0);
    Duration::milliseconds(half + (half as f64 * jitter) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::{assert_enum_strings, assert_round_trips};

    fn at(s: i64) -> Timestamp {
        Timestamp::from_millis(1_700_000_000_000 + s * 1000)
    }

    fn delivery() -> Delivery {
        Delivery::queued(
            Id::from_parts(1_700_000_000, 1),
            Id::from_parts(1_700_000_000, 2),
            Id::from_parts(1_700_000_000, 3),
            Channel::Push,
            at(0),
            at(0),
        )
    }

    #[test]
    fn back_off_doubles_with_jitter_and_eight_attempts_span_about_half_an_hour() {
        assert_eq!(backoff(1, 1.0), Duration::seconds(15));
        assert_eq!(backoff(1, 0.0), Duration::milliseconds(7_500));
        assert_eq!(backoff(2, 1.0), Duration::seconds(30));
        assert_eq!(backoff(7, 1.0), Duration::seconds(960));
        assert_eq!(backoff(20, 1.0), MAX_RETRY);
        let longest: i64 = (1..MAX_ATTEMPTS)
            .map(|a| backoff(a, 1.0).num_seconds())
            .sum();
        let shortest: i64 = (1..MAX_ATTEMPTS)
            .map(|a| backoff(a, 0.0).num_seconds())
            .sum();
        assert_eq!(longest, 1_905, "about 32 minutes at most");
        assert!((900..1_000).contains(&shortest), "{shortest}");
    }

    #[test]
    fn retries_end_in_failed_after_the_last_attempt() {
        let mut d = delivery();
        let mut now = at(0);
        for n in 1..MAX_ATTEMPTS {
            d.retry(now, "503".into(), None, 1.0);
            assert_eq!(d.status, OutboxStatus::Queued);
            assert_eq!(d.due_at, now.plus(backoff(n, 1.0)));
            now = d.due_at;
        }
        d.retry(now, "503".into(), None, 1.0);
        assert_eq!((d.status, d.attempts), (OutboxStatus::Failed, MAX_ATTEMPTS));
        assert_eq!(d.attempt_log.len(), MAX_ATTEMPTS as usize);
        assert_eq!(d.attempt_log.last().unwrap().outcome, "failed");
        assert!(d.lease_owner.is_none());
    }

    #[test]
    fn a_retry_after_from_the_provider_is_honoured() {
        let mut d = delivery();
        d.retry(at(0), "429".into(), Some(Duration::seconds(120)), 0.5);
        assert_eq!(d.due_at, at(120));
        d.sent(at(200), Some("m1".into()), Some("KES 0.8000".into()));
        assert_eq!(d.status, OutboxStatus::Sent);
        assert_round_trips(&d);
        let e = d.entry();
        assert_eq!(
            (e.status, e.attempts, e.cost),
            (OutboxStatus::Sent, 2, Some(Money::kes(80)))
        );
        assert_enum_strings(OutboxStatus::ALL, OutboxStatus::as_str);
        assert!(OutboxStatus::NotSent.is_final() && !OutboxStatus::Queued.is_final());
    }
}
