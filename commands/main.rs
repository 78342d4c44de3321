//! The `baitech` binary: one subcommand per file, each a clap `Args` plus a `run` that parses,
//! calls the library and renders. Exit codes: 0 ok, 1 failure, 2 usage, 3 dependency unreachable.

mod cleanup;
mod completions;
mod disputes;
mod export;
mod health;
mod indexes;
mod kit;
mod moderate;
mod seed;
mod serve;
mod settlements;

use std::path::PathBuf;
use std::process::ExitCode;

use baitech::config::{Config, Overrides};
use baitech::error::{Error, exit};
use clap::{Args, Parser, Subcommand};

/// BaiTech marketplace backend: API server and operations toolkit.
#[derive(Debug, Parser)]
#[command(
    name = "baitech",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every subcommand takes. Connection flags win over the environment and `.env`.
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Machine-readable JSON output instead of tables and text.
    #[arg(long, global = true)]
    pub json: bool,
    /// More log output (-v debug, -vv trace).
    #[arg(short, long, action = clap::ArgAction::Count, global = true, conflicts_with = "quiet")]
    pub verbose: u8,
    /// Only warnings and errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Read variables from this file instead of ./.env (the environment still wins).
    #[arg(long, global = true, value_name = "FILE")]
    pub env_file: Option<PathBuf>,
    /// development | test | production [env: BAITECH_ENV]
    #[arg(long = "environment", global = true, value_name = "ENV")]
    pub environment: Option<String>,
    /// MongoDB connection string; unset = embedded store [env: MONGODB_URI]
    #[arg(long, global = true, value_name = "URI")]
    pub mongodb_uri: Option<String>,
    /// MongoDB database name [env: MONGODB_DB]
    #[arg(long, global = true, value_name = "NAME")]
    pub mongodb_db: Option<String>,
    /// Redis URL; unset = in-process cache [env: REDIS_URL]
    #[arg(long, global = true, value_name = "URL")]
    pub redis_url: Option<String>,
    /// Embedded store directory [env: BAITECH_DATA]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP API server.
    Serve(serve::ServeArgs),
    /// Check the store, the cache and optionally a running server.
    Health(health::HealthArgs),
    /// Print shell completions.
    Completions(completions::CompletionsArgs),
    /// Load the fixture set (admin account and demo data) and generate data at scale.
    Seed(seed::SeedArgs),
    /// Remove old messages and notifications, expired tokens and deleted conversations.
    Cleanup(cleanup::CleanupArgs),
    /// Create the indexes the product needs (idempotent).
    Indexes(indexes::IndexesArgs),
    /// Transactions, payout batches, reconciliation of the books and technician payouts.
    Settlements(settlements::SettlementsArgs),
    /// Bookings in dispute: list them, show one, settle one as an admin.
    Disputes(disputes::DisputesArgs),
    /// Stream a dataset (bookings, transactions, ledger, ...) to CSV, JSON or NDJSON.
    Export(export::ExportArgs),
    /// The moderation queue of posts, comments and reviews: review, approve, remove, and the log.
    Moderate(moderate::ModerateArgs),
}

impl GlobalArgs {
    /// Loads `.env` (or `--env-file`) without overriding the environment, then the config.
    pub fn config(&self) -> Result<Config, Error> {
        match &self.env_file {
            Some(path) => {
                dotenvy::from_path(path).map_err(|e| {
                    Error::Config(vec![baitech::error::FieldError::new(
                        "--env-file",
                        format!("cannot read {}: {e}", path.display()),
                    )])
                })?;
            }
            None => {
                let _ = dotenvy::dotenv();
            }
        }
        Config::from_env(Overrides {
            env: self.environment.clone(),
            addr: None,
            mongodb_uri: self.mongodb_uri.clone(),
            mongodb_db: self.mongodb_db.clone(),
            redis_url: self.redis_url.clone(),
            data_dir: self.data_dir.clone(),
        })
    }
}

/// mimalloc instead of the system allocator: answers are built from many small allocations
/// (documents decoded, views, JSON), where glibc's malloc and free were a fifth of the CPU of a
/// request.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn init_logging(global: &GlobalArgs, json: bool) {
    use tracing_subscriber::EnvFilter;
    let default = match (global.quiet, global.verbose) {
        (true, _) => "warn",
        (_, 0) => "info",
        (_, 1) => "debug,hyper=info,mongodb=info",
        _ => "trace",
    };
    let filter = if global.verbose > 0 || global.quiet {
        EnvFilter::new(default)
    } else {
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default))
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().flatten_event(true).init();
    } else {
        builder.with_target(false).init();
    }
}

fn main() -> ExitCode {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = Cli::parse();
    let json_out = cli.global.json;
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) => {
            kit::error(&e, json_out);
            e.exit_code()
        }
    };
    ExitCode::from(code as u8)
}

fn run(cli: Cli) -> Result<i32, Error> {
    if let Command::Completions(args) = &cli.command {
        return completions::run(args);
    }
    let config = cli.global.config()?;
    init_logging(&cli.global, config.log_json);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::internal("starting the runtime", e))?;
    let out = kit::Output::new(cli.global.json, cli.global.quiet);
    rt.block_on(async move {
        match cli.command {
            Command::Serve(args) => serve::run(args, config).await,
            Command::Health(args) => health::run(args, config, &out).await,
            Command::Completions(_) => Ok(exit::OK),
            Command::Seed(args) => seed::run(args, config, &out).await,
            Command::Cleanup(args) => cleanup::run(args, config, &out).await,
            Command::Indexes(args) => indexes::run(args, config, &out).await,
            Command::Settlements(args) => settlements::run(args, config, &out).await,
            Command::Disputes(args) => disputes::run(args, config, &out).await,
            Command::Export(args) => export::run(args, config, &out).await,
            Command::Moderate(args) => moderate::run(args, config, &out).await,
        }
    })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        super::Cli::command().debug_assert();
    }
}
