//! `baitech indexes`: creates every index the product needs (the spec's `npm run indexes`);
//! idempotent. `--dry-run` reports what would change.

use baitech::config::Config;
use baitech::error::{Error, exit};
use baitech::store::IndexStatus;
use clap::Args;
use serde_json::json;

use crate::kit::Output;

#[derive(Debug, Args)]
pub struct IndexesArgs {
    /// Report what would be created or rebuilt; change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub async fn run(args: IndexesArgs, config: Config, out: &Output) -> Result<i32, Error> {
    let store = baitech::store::open(&config).await?;
    let reports = store.admin.ensure_indexes(args.dry_run).await?;
    if out.json {
        out.json(&json!({ "backend": store.admin.backend(), "dryRun": args.dry_run, "indexes": reports }));
        return Ok(exit::OK);
    }
    let rows = reports
        .iter()
        .map(|r| {
            vec![
                r.collection.clone(),
                r.name.clone(),
                r.keys.clone(),
                status(r.status).to_string(),
            ]
        })
        .collect();
    out.table(&["collection", "index", "keys", "status"], rows);
    let count = |s: IndexStatus| reports.iter().filter(|r| r.status == s).count();
    out.say(format!(
        "{} backend: {} created, {} existing, {} changed, {} planned, {} unsupported",
        store.admin.backend(),
        count(IndexStatus::Created),
        count(IndexStatus::Existing),
        count(IndexStatus::Changed),
        count(IndexStatus::Planned),
        count(IndexStatus::Unsupported),
    ));
    Ok(exit::OK)
}

fn status(s: IndexStatus) -> &'static str {
    match s {
        IndexStatus::Created => "created",
        IndexStatus::Existing => "existing",
        IndexStatus::Changed => "changed",
        IndexStatus::Planned => "planned",
        IndexStatus::Unsupported => "unsupported (fallback)",
    }
}
