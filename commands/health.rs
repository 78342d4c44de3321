//! `baitech health`: store, cache and (with `--url`) a running server, plus database statistics;
//! `--deep` also recomputes every reviewed user's rating counters from the reviews and reports
//! any drift (`--repair` replaces drifted counters with the recomputed ones).

use std::time::{Duration, Instant};

use baitech::app::App;
use baitech::config::Config;
use baitech::error::{Error, exit};
use baitech::services::health::{self, DependencyCheck, Status};
use baitech::services::reviews::{self, stats::DriftReport};
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
    /// Also recompute rating statistics from the reviews and report users whose counters
    /// drifted (exit code 1 when any did).
    #[arg(long)]
    pub deep: bool,
    /// With --deep: replace drifted counters with the recomputed ones.
    #[arg(long, requires = "deep")]
    pub repair: bool,
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
    let drift = if args.deep {
        let prior = app.config.reviews.prior;
        Some(reviews::stats::check(&app.store, &prior, args.repair).await?)
    } else {
        None
    };
    let drifted = drift
        .as_ref()
        .is_some_and(|d| d.drifted.iter().any(|x| !x.repaired));
    let healthy = r.checks.iter().all(|c| c.status == Status::Up) && !drifted;
    if out.json {
        out.json(&json!({
            "healthy": healthy,
            "checks": r.checks,
            "database": stats,
            "ratingDrift": drift,
        }));
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
        if let Some(d) = &drift {
            render_drift(d, out);
        }
    }
    Ok(if healthy { exit::OK } else { exit::FAILURE })
}

fn render_drift(d: &DriftReport, out: &Output) {
    out.say(format!(
        "\nrating statistics: {} users checked, {} drifted",
        d.checked,
        d.drifted.len()
    ));
    if d.drifted.is_empty() {
        return;
    }
    let counters = |s: &baitech::domain::review::RatingStats| {
        format!(
            "{} reviews, {} stars {:?}",
            s.count,
            s.sum,
            s.histogram.as_array()
        )
    };
    let rows = d
        .drifted
        .iter()
        .map(|x| {
            vec![
                x.user.to_hex(),
                counters(&x.stored),
                counters(&x.actual),
                if x.repaired { "repaired" } else { "DRIFT" }.into(),
            ]
        })
        .collect();
    out.table(&["user", "stored", "from reviews", "status"], rows);
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
