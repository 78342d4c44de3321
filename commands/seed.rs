//! `baitech seed`: loads the fixture set (admin account, named people of every role and their
//! bookings, posts, reviews, chats, notifications) and, with `--users/--posts/--bookings/
//! --messages`, generated data at scale. Refuses production without `--force`.

use baitech::config::Config;
use baitech::domain::Timestamp;
use baitech::error::{Error, exit};
use baitech::services::seed::{self, FixtureOutcome, Progress, SeedOptions, SeedReport};
use clap::Args;

use crate::kit::Output;

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Generate this many users (~40% technicians, the rest customers).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub users: u64,
    /// Generate this many posts by technicians.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub posts: u64,
    /// Generate this many bookings between customers and technicians, in every state.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub bookings: u64,
    /// Generate this many chat messages (in conversations of about twenty).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub messages: u64,
    /// Random seed; the same seed and --as-of give the same data (default: random, reported).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Documents per bulk insert.
    #[arg(long, default_value_t = seed::DEFAULT_BATCH_SIZE, value_name = "N")]
    pub batch_size: usize,
    /// The "now" of generated data, RFC 3339 (default: the start of today, UTC).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub as_of: Option<Timestamp>,
    /// Password of admin@baitech.co.ke (default: generated and printed once).
    #[arg(
        long,
        env = "BAITECH_ADMIN_PASSWORD",
        hide_env_values = true,
        value_name = "PASSWORD"
    )]
    pub admin_password: Option<String>,
    /// Password of the other fixture users (default: generated and printed once).
    #[arg(
        long,
        env = "BAITECH_DEMO_PASSWORD",
        hide_env_values = true,
        value_name = "PASSWORD"
    )]
    pub demo_password: Option<String>,
    /// Do not load the fixture set, only generate.
    #[arg(long)]
    pub no_fixtures: bool,
    /// Delete every document of every collection first.
    #[arg(long)]
    pub reset: bool,
    /// Allow seeding a production environment.
    #[arg(long)]
    pub force: bool,
}

fn parse_time(s: &str) -> Result<Timestamp, String> {
    Timestamp::parse(s)
        .ok_or_else(|| "must be an RFC 3339 time, e.g. 2025-01-31T00:00:00Z".to_string())
}

pub async fn run(args: SeedArgs, config: Config, out: &Output) -> Result<i32, Error> {
    seed::guard_environment(config.env, args.force)?;
    let opts = SeedOptions {
        fixtures: !args.no_fixtures,
        users: args.users,
        posts: args.posts,
        bookings: args.bookings,
        messages: args.messages,
        seed: args.seed.unwrap_or_else(rand::random),
        batch_size: args.batch_size,
        as_of: args.as_of,
        admin_password: args.admin_password,
        demo_password: args.demo_password,
        reset: args.reset,
    };
    opts.validate()?;
    let store = baitech::store::open(&config).await?;
    out.say(format!("seeding {}", config.store_label()));
    let bars = out.task_bars();
    let on_progress = |p: Progress| bars.show(p);
    let report = seed::run(&store, &opts, &on_progress).await?;
    render(&report, out);
    Ok(exit::OK)
}

fn render(r: &SeedReport, out: &Output) {
    if out.json {
        out.json(r);
        return;
    }
    if r.reset {
        out.say("emptied every collection first (--reset)");
    }
    match &r.fixtures {
        FixtureOutcome::Loaded {
            counts: c,
            elapsed_ms,
        } => {
            out.say(format!(
                "fixture set loaded in {elapsed_ms} ms: {} users, {} follows, {} bookings, {} payments, {} posts, {} reviews, {} conversations, {} messages, {} notifications",
                c.users, c.follows, c.bookings, c.transactions, c.posts, c.reviews, c.conversations, c.messages, c.notifications
            ));
            out.say(format!("admin account: {}", seed::ADMIN_EMAIL));
        }
        FixtureOutcome::Skipped { reason } => out.say(format!("fixture set skipped: {reason}")),
        FixtureOutcome::Disabled => {}
    }
    let p = &r.generated_passwords;
    if let Some(pw) = &p.admin {
        out.say(format!(
            "generated admin password (shown once, store it now): {pw}"
        ));
    }
    if let Some(pw) = &p.demo {
        out.say(format!(
            "generated password of the other fixture users (shown once): {pw}"
        ));
    }
    if !r.generated.is_empty() {
        out.say(format!(
            "generated with --seed {} as of {}",
            r.seed, r.as_of
        ));
        let rows = r
            .generated
            .iter()
            .map(|c| {
                vec![
                    c.name.to_string(),
                    c.inserted.to_string(),
                    c.elapsed_ms.to_string(),
                    format!("{:.0}", c.docs_per_sec),
                ]
            })
            .collect();
        out.table(&["collection", "inserted", "elapsed ms", "docs/s"], rows);
    }
    out.say(format!("done in {:.1} s", r.elapsed_ms as f64 / 1000.0));
}
