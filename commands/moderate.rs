//! `baitech moderate`: the moderation queue of posts, comments and reviews (`queue`),
//! everything about one item (`show`),
//! decisions by flag (`approve`, `remove --reason`, `bulk`), an interactive review of the queue
//! at a terminal (`review`), and the log of past decisions (`log`).

use baitech::app::App;
use baitech::config::Config;
use baitech::domain::post::ModerationStatus;
use baitech::domain::report::ReportTarget;
use baitech::domain::user::User;
use baitech::domain::{Email, Id, Timestamp};
use baitech::error::{Error, FieldError, exit};
use baitech::services::export::{parse_instant, parse_tz};
use baitech::services::moderation::actions::{
    self, Decision, ItemFile, LogFilter, Outcome, QueueFilter, QueueItem, Selection,
};
use baitech::services::moderation::item::ReviewFacts;
use baitech::services::users::admin::acting_admin;
use baitech::store::Store;
use clap::builder::PossibleValuesParser;
use clap::{Args, Subcommand};

use crate::kit::{Output, confirm, interactive, opt, when};

#[derive(Debug, Args)]
pub struct ModerateArgs {
    #[command(subcommand)]
    pub command: ModerateCommand,
}

#[derive(Debug, Subcommand)]
pub enum ModerateCommand {
    /// Posts, comments and reviews waiting for review, newest first.
    Queue(QueueArgs),
    /// One post, comment or review: content, scores (a review's stars and sentiment), its
    /// author's history, reports, past decisions.
    Show(ShowArgs),
    /// Keep an item: visible again, its reports dismissed (a review is left as it is, its flag
    /// cleared).
    Approve(ApproveArgs),
    /// Take an item down, with a reason the author is told (a review is hidden and stops
    /// counting in the reviewed user's statistics).
    Remove(RemoveArgs),
    /// Go through the queue at a terminal: approve, remove with a reason, or skip each item.
    Review(ReviewArgs),
    /// Remove many items with one reason: by ids or everything of one author.
    Bulk(BulkArgs),
    /// Past moderation decisions, newest first.
    Log(LogArgs),
}

fn kinds() -> PossibleValuesParser {
    PossibleValuesParser::new(ReportTarget::ALL.iter().map(|k| k.as_str()))
}

#[derive(Debug, Args)]
pub struct QueueArgs {
    /// Only this kind of content (repeatable).
    #[arg(long, value_parser = kinds(), value_name = "KIND")]
    pub kind: Vec<String>,
    /// Moderation state listed.
    #[arg(long, default_value = "pending_review",
          value_parser = PossibleValuesParser::new(ModerationStatus::ALL.iter().map(|s| s.as_str())))]
    pub status: String,
    /// Only items held for this reason (spam, profanity, a report category, ...).
    #[arg(long, value_name = "REASON")]
    pub reason: Option<String>,
    /// Only this author's items (user id or e-mail).
    #[arg(long, value_name = "USER")]
    pub author: Option<String>,
    /// Only items created at or after this (a date, a local time in Africa/Nairobi, or RFC 3339).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// At most this many items.
    #[arg(long, default_value_t = 50, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: u32,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Post, comment or review id.
    pub id: String,
    /// Which kind the id is (found either way when left out).
    #[arg(long, value_parser = kinds())]
    pub kind: Option<String>,
}

#[derive(Debug, Args)]
pub struct AdminArg {
    /// E-mail of the admin acting [default: the first active admin]
    #[arg(long, env = "BAITECH_ADMIN_EMAIL", value_name = "EMAIL")]
    pub admin: Option<String>,
}

#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// Post, comment or review id.
    pub id: String,
    #[arg(long, value_parser = kinds())]
    pub kind: Option<String>,
    #[command(flatten)]
    pub admin: AdminArg,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Post, comment or review id.
    pub id: String,
    /// Why (shown to the author, kept in the audit log).
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    #[arg(long, value_parser = kinds())]
    pub kind: Option<String>,
    #[command(flatten)]
    pub admin: AdminArg,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Only this kind of content (repeatable).
    #[arg(long, value_parser = kinds(), value_name = "KIND")]
    pub kind: Vec<String>,
    /// Only items held for this reason.
    #[arg(long, value_name = "REASON")]
    pub reason: Option<String>,
    /// Review at most this many items.
    #[arg(long, default_value_t = 50, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: u32,
    #[command(flatten)]
    pub admin: AdminArg,
}

#[derive(Debug, Args)]
pub struct BulkArgs {
    /// Post, comment or review ids, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "ID,...",
        required_unless_present = "author"
    )]
    pub ids: Vec<String>,
    /// Everything this author wrote (user id or e-mail).
    #[arg(long, value_name = "USER")]
    pub author: Option<String>,
    /// Why (one reason for every item; shown to the author, kept in the audit log).
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// Say what would be removed, change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation (needed without a terminal).
    #[arg(short, long)]
    pub yes: bool,
    #[command(flatten)]
    pub admin: AdminArg,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only decisions by this admin (user id or e-mail).
    #[arg(long, value_name = "USER")]
    pub actor: Option<String>,
    /// Only decisions on this post, comment or review.
    #[arg(long, value_name = "ID")]
    pub target: Option<String>,
    /// Only decisions at or after this (a date, a local time in Africa/Nairobi, or RFC 3339).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// At most this many entries.
    #[arg(long, default_value_t = 50, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: u32,
}

pub async fn run(args: ModerateArgs, config: Config, out: &Output) -> Result<i32, Error> {
    let app = App::connect(config).await?;
    match args.command {
        ModerateCommand::Queue(a) => queue(a, &app, out).await,
        ModerateCommand::Show(a) => show(a, &app, out).await,
        ModerateCommand::Approve(a) => {
            let admin = admin(&app, &a.admin).await?;
            let id = id("ID", &a.id)?;
            let o = actions::decide(&app, &admin, kind(&a.kind), id, &Decision::Approve).await?;
            decided(&[o], out);
            Ok(exit::OK)
        }
        ModerateCommand::Remove(a) => {
            let decision = Decision::remove(&a.reason).map_err(flag("--reason"))?;
            let admin = admin(&app, &a.admin).await?;
            let id = id("ID", &a.id)?;
            let o = actions::decide(&app, &admin, kind(&a.kind), id, &decision).await?;
            decided(&[o], out);
            Ok(exit::OK)
        }
        ModerateCommand::Review(a) => review(a, &app, out).await,
        ModerateCommand::Bulk(a) => bulk(a, &app, out).await,
        ModerateCommand::Log(a) => log(a, &app, out).await,
    }
}

/// A service validation error renamed to the flag that carried the value.
fn flag(name: &'static str) -> impl Fn(Error) -> Error {
    move |e| match e {
        Error::Validation(f) => Error::Validation(
            f.into_iter()
                .map(|p| FieldError::new(name, p.message))
                .collect(),
        ),
        e => e,
    }
}

fn kind(k: &Option<String>) -> Option<ReportTarget> {
    k.as_deref().and_then(ReportTarget::parse)
}

fn id(name: &str, s: &str) -> Result<Id, Error> {
    Id::parse(s.trim()).ok_or_else(|| Error::validation(name, format!("{s:?} is not an id")))
}

fn since(name: &str, s: &Option<String>) -> Result<Option<Timestamp>, Error> {
    let tz = parse_tz("Africa/Nairobi").map_err(|m| Error::validation(name, m))?;
    s.as_deref()
        .map(|s| parse_instant(s, tz).map_err(|m| Error::validation(name, m)))
        .transpose()
}

/// A user named by id or e-mail.
async fn user_ref(store: &Store, name: &str, s: &str) -> Result<Id, Error> {
    if let Some(id) = Id::parse(s.trim()) {
        return Ok(id);
    }
    let email = Email::parse(s.trim()).map_err(|m| Error::validation(name, m))?;
    match store.users.find_user_by_email(&email).await? {
        Some(u) => Ok(u.id),
        None => Err(Error::validation(
            name,
            format!("no account has the e-mail {email}"),
        )),
    }
}

async fn admin(app: &App, a: &AdminArg) -> Result<User, Error> {
    acting_admin(&app.store, a.admin.as_deref())
        .await?
        .ok_or_else(|| {
            Error::BadRequest(
                "no active admin account to act as: create one (e.g. `baitech seed`) or pass --admin <email>"
                    .into(),
            )
        })
}

async fn queue(a: QueueArgs, app: &App, out: &Output) -> Result<i32, Error> {
    let author = match &a.author {
        Some(s) => Some(user_ref(&app.store, "--author", s).await?),
        None => None,
    };
    let filter = QueueFilter {
        kinds: a
            .kind
            .iter()
            .filter_map(|k| ReportTarget::parse(k))
            .collect(),
        status: ModerationStatus::parse(&a.status),
        reason: a.reason.clone(),
        author,
        since: since("--since", &a.since)?,
        limit: a.limit,
    };
    let items = actions::queue(&app.store, &filter).await?;
    if out.json {
        out.json(&items);
        return Ok(exit::OK);
    }
    out.table(
        &[
            "kind", "id", "created", "author", "reasons", "score", "reports", "content",
        ],
        items.iter().map(queue_row).collect(),
    );
    out.say(format!("{} item(s) {}", items.len(), a.status));
    Ok(exit::OK)
}

fn queue_row(i: &QueueItem) -> Vec<String> {
    vec![
        i.kind.to_string(),
        i.id.to_string(),
        when(i.created_at),
        i.author.to_string(),
        i.reasons.join(", "),
        i.top_score
            .as_ref()
            .map(|(k, v)| format!("{k} {v:.2}"))
            .unwrap_or_default(),
        i.open_reports.to_string(),
        i.excerpt.clone(),
    ]
}

async fn show(a: ShowArgs, app: &App, out: &Output) -> Result<i32, Error> {
    let file = actions::show(&app.store, kind(&a.kind), id("ID", &a.id)?).await?;
    if out.json {
        out.json(&file);
    } else {
        render_file(&file, out);
    }
    Ok(exit::OK)
}

fn render_file(f: &ItemFile, out: &Output) {
    let i = &f.item;
    out.say(format!(
        "{} {} is {} (created {})",
        i.kind,
        i.id,
        i.status,
        when(i.created_at)
    ));
    if let Some(post) = i.post {
        out.say(format!("  on post {post}"));
    }
    if let Some(r) = &i.review {
        render_review(r, f, out);
    }
    out.say(format!("  {}", i.content));
    for m in &i.media {
        out.say(format!("  media: {m}"));
    }
    if !i.reasons.is_empty() {
        out.say(format!("  reasons: {}", i.reasons.join(", ")));
    }
    if !i.scores.is_empty() {
        let scores: Vec<String> = i
            .scores
            .iter()
            .map(|(k, v)| format!("{k} {v:.2}"))
            .collect();
        out.say(format!("  scores: {}", scores.join(", ")));
    }
    match &f.author {
        None => out.say(format!("author {} no longer exists", i.author)),
        Some(a) => out.say(format!(
            "author {} <{}> ({}, joined {}): posts {} removed, {} rejected, {} pending; {} review(s) hidden; {} report(s) against",
            a.name,
            a.email,
            a.status,
            when(a.joined_at),
            a.posts_removed,
            a.posts_rejected,
            a.posts_pending,
            a.reviews_hidden,
            a.reports_against
        )),
    }
    if f.reports.is_empty() {
        out.say("no reports");
    } else {
        let rows = f
            .reports
            .iter()
            .map(|r| {
                vec![
                    when(r.created_at),
                    r.reporter.to_string(),
                    r.reason.to_string(),
                    r.status.to_string(),
                    r.details.clone().unwrap_or_default(),
                ]
            })
            .collect();
        out.table(&["reported", "by", "reason", "status", "details"], rows);
    }
    if !f.history.is_empty() {
        out.say("decisions:");
        let rows = f
            .history
            .iter()
            .map(|e| {
                vec![
                    when(e.at),
                    e.actor_label.clone(),
                    e.action.clone(),
                    e.reason.clone().unwrap_or_default(),
                ]
            })
            .collect();
        out.table(&["at", "by", "action", "reason"], rows);
    }
}

fn render_review(r: &ReviewFacts, f: &ItemFile, out: &Output) {
    let stars = format!(
        "{}{}",
        "★".repeat(r.rating.into()),
        "☆".repeat(5 - usize::from(r.rating))
    );
    let categories: Vec<String> = r
        .categories
        .entries()
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    out.say(format!(
        "  {stars} {}/5 ({})",
        r.rating,
        categories.join(", ")
    ));
    let about = match &f.reviewee {
        Some(p) => format!("{} <{}> ({})", p.name, p.email, p.id),
        None => format!("{} (account gone)", r.reviewee),
    };
    out.say(format!(
        "  about {about}, booking {}{}",
        r.booking,
        if r.verified { ", verified" } else { "" }
    ));
    out.say(format!(
        "  review {}, moderation {}{}",
        r.review_status,
        r.moderation_state,
        r.flagged_at
            .map(|t| format!(" since {}", when(t)))
            .unwrap_or_default()
    ));
    if let Some(s) = &r.sentiment {
        out.say(format!("  sentiment: {} {:+.2}", s.label, s.score));
    }
}

fn decided(outcomes: &[Outcome], out: &Output) {
    if out.json {
        out.json(&outcomes);
        return;
    }
    for o in outcomes {
        if o.changed {
            out.say(format!(
                "{} {}: {} → {} ({} report(s) closed)",
                o.kind, o.id, o.before, o.after, o.reports_closed
            ));
        } else {
            out.say(format!(
                "{} {}: already {}, nothing changed",
                o.kind, o.id, o.after
            ));
        }
    }
}

async fn bulk(a: BulkArgs, app: &App, out: &Output) -> Result<i32, Error> {
    let decision = Decision::remove(&a.reason).map_err(flag("--reason"))?;
    let ids = a
        .ids
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| id("--ids", s))
        .collect::<Result<Vec<_>, _>>()?;
    let author = match &a.author {
        Some(s) => Some(user_ref(&app.store, "--author", s).await?),
        None => None,
    };
    let selection = Selection { ids, author };
    let admin = admin(app, &a.admin).await?;
    let preview = actions::bulk(app, &admin, &selection, &decision, true).await?;
    let to_change = preview.iter().filter(|o| o.changed).count();
    if a.dry_run || to_change == 0 {
        if out.json {
            out.json(&preview);
        } else {
            out.table(
                &["kind", "id", "now", "would be", "content"],
                preview
                    .iter()
                    .map(|o| {
                        let would = if o.changed {
                            o.after.to_string()
                        } else {
                            "unchanged".into()
                        };
                        vec![
                            o.kind.to_string(),
                            o.id.to_string(),
                            o.before.to_string(),
                            would,
                            o.excerpt.clone(),
                        ]
                    })
                    .collect(),
            );
            out.say(format!(
                "{to_change} of {} item(s) would be removed",
                preview.len()
            ));
        }
        return Ok(exit::OK);
    }
    if !confirm(&format!("Remove {to_change} item(s)?"), a.yes)? {
        out.say("nothing changed");
        return Ok(exit::OK);
    }
    let done = actions::bulk(app, &admin, &selection, &decision, false).await?;
    decided(&done, out);
    Ok(exit::OK)
}

async fn log(a: LogArgs, app: &App, out: &Output) -> Result<i32, Error> {
    let actor = match &a.actor {
        Some(s) => Some(user_ref(&app.store, "--actor", s).await?),
        None => None,
    };
    let target = a.target.as_deref().map(|s| id("--target", s)).transpose()?;
    let filter = LogFilter {
        actor,
        target,
        since: since("--since", &a.since)?,
        limit: a.limit,
    };
    let entries = actions::log(&app.store, &filter).await?;
    if out.json {
        out.json(&entries);
        return Ok(exit::OK);
    }
    let rows = entries
        .iter()
        .map(|e| {
            vec![
                when(e.at),
                e.actor_label.clone(),
                e.action.clone(),
                opt(e.target_id),
                e.reason.clone().unwrap_or_default(),
            ]
        })
        .collect();
    out.table(&["at", "by", "action", "target", "reason"], rows);
    out.say(format!("{} decision(s)", entries.len()));
    Ok(exit::OK)
}

/// Reasons offered when removing in `review`; the last asks for one's own words.
const REASON_TEMPLATES: &[&str] = &[
    "Spam or advertising",
    "Scam or fraud",
    "Harassment or hate",
    "Sexual content",
    "Violence or threats",
    "Personal information shared",
    "Not about a trade or the community",
];

async fn review(a: ReviewArgs, app: &App, out: &Output) -> Result<i32, Error> {
    if !interactive() {
        return Err(Error::BadRequest(
            "`moderate review` asks at a terminal; without one use `moderate queue`, `approve`, `remove` or `bulk`"
                .into(),
        ));
    }
    let admin = admin(app, &a.admin).await?;
    let filter = QueueFilter {
        kinds: a
            .kind
            .iter()
            .filter_map(|k| ReportTarget::parse(k))
            .collect(),
        reason: a.reason.clone(),
        limit: a.limit,
        ..Default::default()
    };
    let items = actions::queue(&app.store, &filter).await?;
    if items.is_empty() {
        out.say("the queue is empty");
        return Ok(exit::OK);
    }
    let (mut approved, mut removed, mut skipped) = (0, 0, 0);
    for (n, item) in items.iter().enumerate() {
        let file = actions::show(&app.store, Some(item.kind), item.id).await?;
        eprintln!("\n[{}/{}]", n + 1, items.len());
        render_file(&file, &Output::new(false, false));
        let choice = dialoguer::Select::new()
            .with_prompt("Decision")
            .items(["approve", "remove", "skip", "quit"])
            .default(2)
            .interact()
            .map_err(prompt_failed)?;
        let decision = match choice {
            0 => Decision::Approve,
            1 => ask_reason()?,
            2 => {
                skipped += 1;
                continue;
            }
            _ => break,
        };
        let o = actions::decide(app, &admin, Some(item.kind), item.id, &decision).await?;
        match decision {
            Decision::Approve => approved += 1,
            Decision::Remove { .. } => removed += 1,
        }
        decided(&[o], out);
    }
    out.say(format!(
        "{approved} approved, {removed} removed, {skipped} skipped"
    ));
    Ok(exit::OK)
}

fn ask_reason() -> Result<Decision, Error> {
    let mut labels: Vec<&str> = REASON_TEMPLATES.to_vec();
    labels.push("Other (type a reason)");
    let i = dialoguer::Select::new()
        .with_prompt("Reason (shown to the author)")
        .items(&labels)
        .default(0)
        .interact()
        .map_err(prompt_failed)?;
    if let Some(t) = REASON_TEMPLATES.get(i) {
        return Decision::remove(t);
    }
    let text = dialoguer::Input::<String>::new()
        .with_prompt("Reason")
        .validate_with(|s: &String| Decision::remove(s).map(drop).map_err(|e| e.to_string()))
        .interact_text()
        .map_err(prompt_failed)?;
    Decision::remove(&text)
}

fn prompt_failed(e: dialoguer::Error) -> Error {
    Error::internal("reading the answer", e)
}
