//! `baitech health`: store, cache and (with `--url`) a running server, plus database statistics.

use std::time::{Duration, Instant};

use baitech::app::App;
use baitech::config::Config;
use baitech::error::{Error, exit};
use baitech::services::health::{self, DependencyCheck, Status};
use clap::Args;
use serde_json::json;

use crate::kit::Output;

#[derive(Debug, Args)]
pub struct HealthArgs {
    /// Also check a running server's /health/ready, e.g. http://127.0.0.1:5000
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Skip the per-collection statistics.
    #[arg(long)]
    pub no_stats: bool,
}

pub async fn run(args: HealthArgs, config: Config, out: &Output) -> Result<i32, Error> {
    let app = App::connect(config).await?;
    let mut r = health::readiness(&app).await;
    if let Some(url) = &args.url {
        r.checks.push(check_server(url).await);
    }
    let stats = if args.no_stats {
        None
    } else {
        Some(app.store.admin.stats().await?)
    };
    let healthy = r.checks.iter().all(|c| c.status == Status::Up);
    if out.json {
        out.json(&json!({ "healthy": healthy, "checks": r.checks, "database": stats }));
    } else {
        out.table(
            &["dependency", "backend", "status", "latency ms", "error"],
            r.checks
                .iter()
                .map(|c| {
                    vec![
                        c.name.clone(),
                        c.backend.clone(),
                        match c.status {
                            Status::Up => "up".into(),
                            Status::Down => "DOWN".into(),
                        },
                        format!("{:.2}", c.latency_ms),
                        c.error.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        );
        if let Some(s) = &stats {
            out.say(format!("\n{} database {}", s.backend, s.database));
            let mut rows: Vec<Vec<String>> = s
                .collections
                .iter()
                .map(|c| {
                    vec![
                        c.name.clone(),
                        c.count.to_string(),
                        human_bytes(c.size_bytes),
                        c.index_count.to_string(),
                    ]
                })
                .collect();
            rows.push(vec![
                "total".into(),
                String::new(),
                human_bytes(s.total_size_bytes),
                String::new(),
            ]);
            out.table(&["collection", "documents", "size", "indexes"], rows);
        }
    }
    Ok(if healthy { exit::OK } else { exit::FAILURE })
}

async fn check_server(url: &str) -> DependencyCheck {
    let target = format!("{}/health/ready", url.trim_end_matches('/'));
    let start = Instant::now();
    let result = async {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| e.to_string())?;
        let resp = client
            .get(&target)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if resp.status().is_success() {
            Ok(())
        } else {
            Err(format!("{} answered {}", target, resp.status()))
        }
    }
    .await;
    DependencyCheck {
        name: "server".into(),
        backend: url.to_string(),
        status: if result.is_ok() {
            Status::Up
        } else {
            Status::Down
        },
        latency_ms: (start.elapsed().as_secs_f64() * 100_000.0).round() / 100.0,
        error: result.err(),
    }
}

fn human_bytes(b: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = b as f64;
    let mut i = 0;
    while v >= 1024.0 && i < UNITS.len() - 1 {
        v /= 1024.0;
        i += 1;
    }
    if i == 0 {
        format!("{b} B")
    } else {
        format!("{v:.1} {}", UNITS[i])
    }
}
