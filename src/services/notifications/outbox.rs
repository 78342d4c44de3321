//! The durable outbox: every push, e-mail and SMS a notification needs is a [`Delivery`] row,
//! queued when the notification is made and tried by a worker until it is sent, found
//! undeliverable, or fails after `MAX_ATTEMPTS` with back-off and jitter.
//!
//! Safe with several instances and across restarts: a worker leases the due rows it claims
//! ([`LEASE`]) and stores an outcome only while the lease is still its own, so two workers
//! never try one row at once; a worker that dies leaves its rows to be claimed again when the
//! lease runs out. A critical push that cannot reach the user becomes an SMS.

use std::time::Duration as StdDuration;

use chrono::Duration;
use rand::Rng;
use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::app::App;
use crate::domain::delivery::{Delivery, OutboxStatus};
use crate::domain::notification::{Channel, Notification, Priority};
use crate::domain::notification_preferences::is_read_only;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};

use super::channels;

/// How long a claim holds before another worker may take the row.
pub const LEASE: Duration = Duration::seconds(60);
/// Rows one worker claims per pass.
pub const BATCH: u32 = 50;
/// How often an idle worker looks for due rows.
const POLL: StdDuration = StdDuration::from_millis(500);

/// The id of the delivery of `notification` on `channel`: the same on every instance, so a
/// notification queues each channel once.
pub fn delivery_id(notification: Id, channel: Channel, salt: &str) -> Id {
    let digest = Sha256::digest(format!("{notification}|{}|{salt}", channel.as_str()).as_bytes());
    let counter = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
    let b = notification.bytes();
    Id::from_parts(u32::from_be_bytes([b[0], b[1], b[2], b[3]]), counter)
}

/// Queues `d` unless a row with its id exists already; whether it was new.
pub async fn enqueue(app: &App, d: &Delivery) -> Result<bool> {
    match app.store.deliveries.insert(d).await {
        Ok(()) => Ok(true),
        Err(Error::Conflict(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Copies `d`'s state to its notification's entry for the channel (see
/// [`crate::store::NotificationRepo::record_delivery`]); a notification that is gone is
/// nothing to update.
pub async fn record(app: &App, d: &Delivery) -> Result<()> {
    app.store
        .notifications
        .record_delivery(d.notification, &d.entry())
        .await?;
    Ok(())
}

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Drain {
    pub claimed: u64,
    pub sent: u64,
    pub retried: u64,
    pub failed: u64,
    pub undeliverable: u64,
    pub not_sent: u64,
    /// Outcomes dropped because the lease had passed to another worker.
    pub lost_leases: u64,
}

/// One pass at `now` as worker `owner`: claims up to [`BATCH`] due rows and tries each.
pub async fn run_once(app: &App, owner: &str, now: Timestamp) -> Result<Drain> {
    let claimed = app
        .store
        .deliveries
        .claim_due(now, owner, now.plus(LEASE), BATCH)
        .await?;
    let mut drain = Drain {
        claimed: claimed.len() as u64,
        ..Default::default()
    };
    for d in claimed {
        let id = d.id;
        match attempt(app, d, owner, now).await {
            Ok(Some(status)) => match status {
                OutboxStatus::Sent | OutboxStatus::Delivered => drain.sent += 1,
                OutboxStatus::Queued => drain.retried += 1,
                OutboxStatus::Failed => drain.failed += 1,
                OutboxStatus::Undeliverable => drain.undeliverable += 1,
                OutboxStatus::NotSent => drain.not_sent += 1,
            },
            Ok(None) => drain.lost_leases += 1,
            Err(e) => {
                tracing::warn!(delivery.id = %id, error = %e, "outbox: an attempt could not be recorded")
            }
        }
    }
    Ok(drain)
}

/// Tries `d` once and stores the outcome; its status, or `None` when the lease was lost.
async fn attempt(
    app: &App,
    mut d: Delivery,
    owner: &str,
    now: Timestamp,
) -> Result<Option<OutboxStatus>> {
    let notification = app.store.notifications.get(d.notification).await?;
    match notification.as_ref().filter(|n| !n.is_expired(now)) {
        None => d.not_sent(now, "the notification was removed or expired".into()),
        Some(n) => {
            let jitter = rand::rng().random::<f64>();
            channels::send(app, n, &mut d, now, jitter).await?;
        }
    }
    if !app.store.deliveries.finish(&d, owner).await? {
        return Ok(None);
    }
    if let Some(n) = &notification {
        record(app, &d).await?;
        after(app, n, &d, now).await?;
    }
    Ok(Some(d.status))
}

/// What follows a final outcome: the notification's own delivery entry, and an SMS in place
/// of a critical push that could not reach the user.
async fn after(app: &App, n: &Notification, d: &Delivery, now: Timestamp) -> Result<()> {
    let push_lost = d.channel == Channel::Push
        && matches!(
            d.status,
            OutboxStatus::Failed | OutboxStatus::Undeliverable | OutboxStatus::NotSent
        );
    let critical = is_read_only(n.kind) && matches!(n.priority, Priority::High | Priority::Urgent);
    if push_lost && critical && !n.channels.contains(&Channel::Sms) {
        let mut sms = Delivery::queued(
            delivery_id(n.id, Channel::Sms, "fallback"),
            n.id,
            n.recipient,
            Channel::Sms,
            now,
            now,
        );
        sms.fallback_of = Some(d.id);
        if enqueue(app, &sms).await? {
            record(app, &sms).await?;
            tracing::info!(notification.id = %n.id, "outbox: critical push undeliverable; SMS queued instead");
        }
    }
    Ok(())
}

/// The running outbox worker; [`OutboxHandle::stop`] ends it.
pub struct OutboxHandle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl OutboxHandle {
    /// Lets the current pass finish, then stops.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self.task.await {
            tracing::warn!(error = %e, "the outbox worker ended abnormally");
        }
    }
}

/// Drains the outbox until stopped, as a worker with a name of its own.
pub fn spawn(app: App) -> OutboxHandle {
    let owner = format!("worker-{}", uuid::Uuid::new_v4().simple());
    let (stop, mut stopped) = watch::channel(false);
    let task = tokio::spawn(async move {
        loop {
            let busy = match run_once(&app, &owner, Timestamp::now()).await {
                Ok(d) => d.claimed == u64::from(BATCH),
                Err(e) => {
                    tracing::warn!(error = %e, "outbox: a pass failed");
                    false
                }
            };
            if *stopped.borrow() {
                break;
            }
            if !busy {
                tokio::select! {
                    _ = tokio::time::sleep(POLL) => {}
                    _ = stopped.changed() => break,
                }
            }
        }
        tracing::info!("outbox worker stopped");
    });
    OutboxHandle { stop, task }
}
