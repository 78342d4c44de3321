//! Data retention (`baitech cleanup`, the spec's `npm run cleanup`): removes messages older
//! than the retention period, read notifications older than theirs, expired notifications,
//! conversations every participant deleted (with their messages), finished notification
//! deliveries (the outbox rows whose state the notifications keep) and expired auth tokens.
//!
//! Each rule counts what it may remove, then deletes in batches through the repositories until
//! nothing eligible is left, so a million rows never sit in one transaction and the progress
//! callback moves. A dry run only counts.

use std::time::Instant;

use chrono::Duration;
use serde::Serialize;

use crate::config::Retention;
use crate::domain::Timestamp;
use crate::error::{Error, FieldError, Result};
use crate::services::seed::{Progress, ProgressFn};
use crate::store::Store;

/// Default documents per delete batch.
pub const DEFAULT_BATCH_SIZE: u32 = 5_000;
pub const MAX_BATCH_SIZE: u32 = 100_000;
/// Longest retention accepted (ten years); longer is almost surely a typo.
pub const MAX_DAYS: u32 = 3_650;
/// Most conversations looked at when counting those deleted by everyone.
const CONVERSATION_COUNT_CAP: u32 = 10_000_000;

/// The rules, in the order they run. Deleted conversations go first so their messages are
/// counted with them rather than as old messages.
pub const RULES: [&str; 6] = [
    "deleted_conversations",
    "old_messages",
    "read_notifications",
    "expired_notifications",
    "finished_deliveries",
    "expired_tokens",
];

/// What to clean.
#[derive(Debug, Clone)]
pub struct CleanupOptions {
    pub dry_run: bool,
    pub batch_size: u32,
    /// Messages older than this many days go.
    pub message_days: u32,
    /// Read notifications older than this many days go.
    pub read_notification_days: u32,
    /// Finished outbox rows (sent, delivered, failed, ...) last changed longer ago go;
    /// queued ones always stay.
    pub delivery_days: u32,
    /// The moment cutoffs are measured from.
    pub now: Timestamp,
}

impl CleanupOptions {
    /// The configured retention, measured from now.
    pub fn from_retention(r: &Retention) -> Self {
        CleanupOptions {
            dry_run: false,
            batch_size: DEFAULT_BATCH_SIZE,
            message_days: r.message_days,
            read_notification_days: r.read_notification_days,
            delivery_days: r.delivery_days,
            now: Timestamp::now(),
        }
    }

    pub fn validate(&self) -> Result<()> {
        let mut errs = Vec::new();
        if !(1..=MAX_BATCH_SIZE).contains(&self.batch_size) {
            errs.push(FieldError::new(
                "--batch-size",
                format!("must be between 1 and {MAX_BATCH_SIZE}"),
            ));
        }
        for (field, days) in [
            ("--message-days", self.message_days),
            ("--notification-days", self.read_notification_days),
            ("--delivery-days", self.delivery_days),
        ] {
            if !(1..=MAX_DAYS).contains(&days) {
                errs.push(FieldError::new(
                    field,
                    format!("must be between 1 and {MAX_DAYS}"),
                ));
            }
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(errs))
        }
    }

    fn days_ago(&self, days: u32) -> Timestamp {
        self.now.minus(Duration::days(i64::from(days)))
    }
}

/// One rule's outcome.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleReport {
    pub rule: &'static str,
    /// What the rule removes, for people.
    pub description: String,
    /// Documents older (or expiring earlier) than this are eligible; `None` when the rule has
    /// no time cutoff.
    pub cutoff: Option<Timestamp>,
    /// Eligible when the rule started.
    pub eligible: u64,
    /// Removed (0 in a dry run).
    pub removed: u64,
    /// Messages removed along with deleted conversations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messages_removed: Option<u64>,
    pub elapsed_ms: u64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CleanupReport {
    pub dry_run: bool,
    pub now: Timestamp,
    pub rules: Vec<RuleReport>,
    pub elapsed_ms: u64,
}

impl CleanupReport {
    pub fn rule(&self, name: &str) -> Option<&RuleReport> {
        self.rules.iter().find(|r| r.rule == name)
    }
}

/// Runs every rule in [`RULES`] order.
pub async fn run(
    store: &Store,
    opts: &CleanupOptions,
    progress: ProgressFn<'_>,
) -> Result<CleanupReport> {
    opts.validate()?;
    let started = Instant::now();
    let limit = opts.batch_size;
    let messages_cutoff = opts.days_ago(opts.message_days);
    let read_cutoff = opts.days_ago(opts.read_notification_days);
    let now = opts.now;
    let mut rules = vec![deleted_conversations(store, opts, progress).await?];

    let m = &store.messages;
    let eligible = m.count_messages_before(messages_cutoff).await?;
    rules.push(
        batched(
            "old_messages",
            format!("messages older than {} days", opts.message_days),
            Some(messages_cutoff),
            eligible,
            opts,
            progress,
            || m.delete_messages_before(messages_cutoff, limit),
        )
        .await?,
    );

    let n = &store.notifications;
    let eligible = n.count_read_notifications_before(read_cutoff).await?;
    let what = format!(
        "read notifications older than {} days",
        opts.read_notification_days
    );
    rules.push(
        batched(
            "read_notifications",
            what,
            Some(read_cutoff),
            eligible,
            opts,
            progress,
            || n.delete_read_notifications_before(read_cutoff, limit),
        )
        .await?,
    );

    let eligible = n.count_expired_notifications(now).await?;
    rules.push(
        batched(
            "expired_notifications",
            "notifications past their expiry".into(),
            Some(now),
            eligible,
            opts,
            progress,
            || n.delete_expired_notifications(now, limit),
        )
        .await?,
    );

    let d = &store.deliveries;
    let deliveries_cutoff = opts.days_ago(opts.delivery_days);
    let eligible = d.count_finished_before(deliveries_cutoff).await?;
    rules.push(
        batched(
            "finished_deliveries",
            format!(
                "finished notification deliveries unchanged for {} days",
                opts.delivery_days
            ),
            Some(deliveries_cutoff),
            eligible,
            opts,
            progress,
            || d.delete_finished_before(deliveries_cutoff, limit),
        )
        .await?,
    );

    let t = &store.tokens;
    let eligible = t.count_expired_tokens(now).await?;
    rules.push(
        batched(
            "expired_tokens",
            "auth tokens past their expiry".into(),
            Some(now),
            eligible,
            opts,
            progress,
            || t.delete_expired_tokens(now, limit),
        )
        .await?,
    );

    Ok(CleanupReport {
        dry_run: opts.dry_run,
        now,
        rules,
        elapsed_ms: started.elapsed().as_millis() as u64,
    })
}

/// Deletes in batches of `opts.batch_size` until a batch removes nothing. Stopping on an
/// empty batch rather than a short one costs one query and is right even if an adapter
/// returns short batches.
async fn batched<F, Fut>(
    rule: &'static str,
    description: String,
    cutoff: Option<Timestamp>,
    eligible: u64,
    opts: &CleanupOptions,
    progress: ProgressFn<'_>,
    delete: F,
) -> Result<RuleReport>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<u64>>,
{
    let started = Instant::now();
    progress(Progress::Start {
        task: rule,
        total: eligible,
    });
    let mut removed = 0u64;
    if !opts.dry_run && eligible > 0 {
        loop {
            let n = delete()
                .await
                .map_err(|e| e.context(format!("cleanup rule {rule}")))?;
            if n == 0 {
                break;
            }
            removed += n;
            progress(Progress::Advance { task: rule, n });
        }
    }
    progress(Progress::Finish { task: rule });
    Ok(RuleReport {
        rule,
        description,
        cutoff,
        eligible,
        removed,
        messages_removed: None,
        elapsed_ms: started.elapsed().as_millis() as u64,
    })
}

async fn deleted_conversations(
    store: &Store,
    opts: &CleanupOptions,
    progress: ProgressFn<'_>,
) -> Result<RuleReport> {
    const RULE: &str = "deleted_conversations";
    let started = Instant::now();
    let c = &store.conversations;
    let eligible = c
        .conversations_deleted_by_all(CONVERSATION_COUNT_CAP)
        .await?
        .len() as u64;
    progress(Progress::Start {
        task: RULE,
        total: eligible,
    });
    let (mut removed, mut messages) = (0u64, 0u64);
    if !opts.dry_run && eligible > 0 {
        loop {
            let ids = c.conversations_deleted_by_all(opts.batch_size).await?;
            if ids.is_empty() {
                break;
            }
            let (convs, msgs) = c
                .delete_conversations(&ids)
                .await
                .map_err(|e| e.context(format!("cleanup rule {RULE}")))?;
            if convs == 0 {
                // Listed but not deletable: stop rather than loop forever on the same ids.
                break;
            }
            removed += convs;
            messages += msgs;
            progress(Progress::Advance {
                task: RULE,
                n: convs,
            });
        }
    }
    progress(Progress::Finish { task: RULE });
    Ok(RuleReport {
        rule: RULE,
        description: "conversations deleted by every participant, with their messages".into(),
        cutoff: None,
        eligible,
        removed,
        messages_removed: Some(messages),
        elapsed_ms: started.elapsed().as_millis() as u64,
    })
}
