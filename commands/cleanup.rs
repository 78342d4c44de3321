//! `baitech cleanup`: applies the retention rules (old messages, old read notifications,
//! expired notifications, conversations deleted by everyone, finished notification
//! deliveries, expired tokens) in batches;
//! `--dry-run` only counts.

use baitech::config::Config;
use baitech::error::{Error, exit};
use baitech::services::cleanup::{self, CleanupOptions, CleanupReport};
use baitech::services::seed::Progress;
use clap::Args;

use crate::kit::Output;

#[derive(Debug, Args)]
pub struct CleanupArgs {
    /// Count what each rule would remove; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Documents per delete batch.
    #[arg(long, default_value_t = cleanup::DEFAULT_BATCH_SIZE, value_name = "N")]
    pub batch_size: u32,
    /// Remove messages older than this many days [default: MESSAGE_RETENTION_DAYS or 90]
    #[arg(long, value_name = "D")]
    pub message_days: Option<u32>,
    /// Remove read notifications older than this many days [default: NOTIFICATION_RETENTION_DAYS or 30]
    #[arg(long, value_name = "D")]
    pub notification_days: Option<u32>,
    /// Remove finished notification deliveries unchanged for this many days [default: DELIVERY_RETENTION_DAYS or 30]
    #[arg(long, value_name = "D")]
    pub delivery_days: Option<u32>,
}

pub async fn run(args: CleanupArgs, config: Config, out: &Output) -> Result<i32, Error> {
    let mut opts = CleanupOptions::from_retention(&config.retention);
    opts.dry_run = args.dry_run;
    opts.batch_size = args.batch_size;
    opts.message_days = args.message_days.unwrap_or(opts.message_days);
    opts.read_notification_days = args
        .notification_days
        .unwrap_or(opts.read_notification_days);
    opts.delivery_days = args.delivery_days.unwrap_or(opts.delivery_days);
    opts.validate()?;
    let store = baitech::store::open(&config).await?;
    let bars = out.task_bars();
    // A dry run only counts: nothing advances, so it draws no bars.
    let on_progress = |p: Progress| {
        if !opts.dry_run {
            bars.show(p);
        }
    };
    let report = cleanup::run(&store, &opts, &on_progress).await?;
    render(&report, out);
    Ok(exit::OK)
}

fn render(r: &CleanupReport, out: &Output) {
    if out.json {
        out.json(r);
        return;
    }
    if r.dry_run {
        out.say("dry run: nothing was removed");
    }
    let rows = r
        .rules
        .iter()
        .map(|rule| {
            let removed = match rule.messages_removed {
                Some(m) if !r.dry_run => format!("{} (+{m} messages)", rule.removed),
                _ if r.dry_run => "-".to_string(),
                _ => rule.removed.to_string(),
            };
            vec![
                rule.rule.to_string(),
                rule.description.clone(),
                rule.cutoff
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| "-".into()),
                rule.eligible.to_string(),
                removed,
            ]
        })
        .collect();
    out.table(&["rule", "removes", "cutoff", "eligible", "removed"], rows);
    out.say(format!("done in {:.1} s", r.elapsed_ms as f64 / 1000.0));
}
