//! `baitech export`: a dataset streamed to a file or stdout (`export bookings --from 2026-11-01
//! --to 2026-12-01 --out nov.csv`), and the columns each dataset has (`export columns`). A file
//! is written under a temporary name beside it and renamed when complete, so an interrupted or
//! failed export never leaves a half-written file under the name asked for.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use baitech::app::App;
use baitech::config::Config;
use baitech::domain::Id;
use baitech::error::{Error, FieldError, exit};
use baitech::services::export::{
    self, Dataset, ExportRequest, ExportSummary, Filters, Format, GroupBy, Operator, Period, Plan,
    Range, ReportName, ReportRequest, parse_instant, parse_tz,
};
use baitech::services::users::admin::acting_admin;
use clap::builder::PossibleValuesParser;
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::kit::Output;

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub command: ExportCommand,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Bookings with their price breakdown, by creation time.
    Bookings(DatasetArgs),
    /// Payments, refunds and payouts with their split, by creation time.
    Transactions(DatasetArgs),
    /// Payout batches, one row per payout item, by batch creation time.
    Settlements(DatasetArgs),
    /// Ledger lines (double entry), by posting time.
    Ledger(DatasetArgs),
    /// User accounts, by creation time.
    Users(DatasetArgs),
    /// Technicians with their trades, statistics and earnings, by account creation time.
    Technicians(DatasetArgs),
    /// The audit log of privileged actions, by time of action.
    Audit(DatasetArgs),
    /// Reviews with their ratings, moderation and votes, by creation time.
    Reviews(DatasetArgs),
    /// Feed posts with their engagement and moderation, by creation time.
    Posts(DatasetArgs),
    /// Moderation decisions on posts, comments and reviews (from the audit log), by time.
    Moderation(DatasetArgs),
    /// Notifications, one row per channel with delivery status, attempts and SMS cost, by creation time.
    Notifications(DatasetArgs),
    /// The columns of each dataset: CSV header, meaning, and whether it is personal data.
    Columns(ColumnsArgs),
    /// An operators' report: revenue, technicians, bookings (the funnel) or disputes.
    Report(ReportArgs),
}

#[derive(Debug, Args)]
pub struct DatasetArgs {
    /// Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339.
    #[arg(long, value_name = "WHEN")]
    pub from: Option<String>,
    /// End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339.
    #[arg(long, value_name = "WHEN")]
    pub to: Option<String>,
    /// Time zone dates are read in and CSV times written in (IANA name).
    #[arg(long, default_value = "Africa/Nairobi", value_name = "ZONE")]
    pub tz: String,
    /// Only rows in this state (bookings, transactions, settlements, users, technicians,
    /// reviews; posts by moderation state; moderation by decision: approve or remove).
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,
    /// Only this city, any case (bookings, users, technicians, posts).
    #[arg(long, value_name = "CITY")]
    pub city: Option<String>,
    /// Only this service category (bookings, technicians, posts).
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
    /// Only this technician's rows, by user id (bookings, transactions, settlements; reviews
    /// by or about them).
    #[arg(long, value_name = "ID")]
    pub technician: Option<String>,
    /// Output format.
    #[arg(long, default_value = "csv",
          value_parser = PossibleValuesParser::new(Format::ALL.iter().map(|f| f.as_str())))]
    pub format: String,
    /// Columns to write, in this order, comma-separated (see `export columns`).
    #[arg(long, value_name = "A,B,...", value_delimiter = ',')]
    pub columns: Option<Vec<String>>,
    /// Write here instead of stdout; a name ending in .gz is gzip-compressed.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Include personal data (names, e-mails, phones, addresses); writes an audit entry.
    #[arg(long)]
    pub include_pii: bool,
    /// E-mail of the admin exporting, named in the audit entry [default: the first active admin]
    #[arg(long, env = "BAITECH_ADMIN_EMAIL", value_name = "EMAIL")]
    pub admin: Option<String>,
}

#[derive(Debug, Args)]
pub struct ColumnsArgs {
    /// Only this dataset.
    #[arg(value_parser = PossibleValuesParser::new(Dataset::ALL.iter().map(|d| d.as_str())))]
    pub dataset: Option<String>,
}

pub async fn run(args: ExportArgs, config: Config, out: &Output) -> Result<i32, Error> {
    let (dataset, a) = match args.command {
        ExportCommand::Columns(a) => return columns(a, out),
        ExportCommand::Report(a) => return run_report(a, config, out).await,
        ExportCommand::Bookings(a) => (Dataset::Bookings, a),
        ExportCommand::Transactions(a) => (Dataset::Transactions, a),
        ExportCommand::Settlements(a) => (Dataset::Settlements, a),
        ExportCommand::Ledger(a) => (Dataset::Ledger, a),
        ExportCommand::Users(a) => (Dataset::Users, a),
        ExportCommand::Technicians(a) => (Dataset::Technicians, a),
        ExportCommand::Audit(a) => (Dataset::Audit, a),
        ExportCommand::Reviews(a) => (Dataset::Reviews, a),
        ExportCommand::Posts(a) => (Dataset::Posts, a),
        ExportCommand::Moderation(a) => (Dataset::Moderation, a),
        ExportCommand::Notifications(a) => (Dataset::Notifications, a),
    };
    let plan = export::plan(request(dataset, &a)?)?;
    let app = App::connect(config).await?;
    let operator = operator(&app, &a).await?;
    let summary = tokio::select! {
        r = write(&app, &plan, &operator, a.out.as_deref(), out) => r?,
        () = interrupted() => {
            if let Some(path) = &a.out {
                eprintln!("interrupted: {} was not written", path.display());
            } else {
                eprintln!("interrupted");
            }
            return Ok(130);
        }
    };
    report(&summary, a.out.as_deref(), out);
    Ok(exit::OK)
}

/// `--from`, `--to` and `--tz` as a range; bad ones are added to `problems`.
fn range(
    from: &Option<String>,
    to: &Option<String>,
    tz: &str,
    problems: &mut Vec<FieldError>,
) -> Range {
    let tz = parse_tz(tz)
        .map_err(|m| problems.push(FieldError::new("--tz", m)))
        .unwrap_or(chrono_tz::Africa::Nairobi);
    let mut when = |flag: &str, v: &Option<String>| {
        v.as_deref().and_then(|s| {
            parse_instant(s, tz)
                .map_err(|m| problems.push(FieldError::new(flag, m)))
                .ok()
        })
    };
    let from = when("--from", from);
    let to = when("--to", to);
    Range { from, to, tz }
}

/// The flags as an export request; every bad flag is named at once.
fn request(dataset: Dataset, a: &DatasetArgs) -> Result<ExportRequest, Error> {
    let mut problems = Vec::new();
    let range = range(&a.from, &a.to, &a.tz, &mut problems);
    let technician = a.technician.as_deref().and_then(|s| {
        let id = Id::parse(s);
        if id.is_none() {
            problems.push(FieldError::new(
                "--technician",
                format!("{s:?} is not a user id"),
            ));
        }
        id
    });
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }
    Ok(ExportRequest {
        dataset,
        range,
        filters: Filters {
            status: a.status.clone(),
            city: a.city.clone(),
            category: a.category.clone(),
            technician,
        },
        columns: a.columns.clone(),
        include_pii: a.include_pii,
        format: Format::parse(&a.format).unwrap_or_default(),
    })
}

/// Who is exporting: the admin named (or the first active one) for a PII export, which must be
/// attributable; otherwise whoever runs the command.
async fn operator(app: &App, a: &DatasetArgs) -> Result<Operator, Error> {
    if !a.include_pii {
        return Ok(Operator {
            id: None,
            label: format!(
                "cli:{}",
                std::env::var("USER").unwrap_or_else(|_| "operator".into())
            ),
        });
    }
    let admin = acting_admin(&app.store, a.admin.as_deref()).await?.ok_or_else(|| {
        Error::BadRequest(
            "an export with --include-pii is audited under an admin: create one or pass --admin <email>"
                .into(),
        )
    })?;
    Ok(Operator {
        id: Some(admin.id),
        label: format!("cli:{}", admin.email),
    })
}

async fn write(
    app: &App,
    plan: &Plan,
    operator: &Operator,
    path: Option<&Path>,
    out: &Output,
) -> Result<ExportSummary, Error> {
    let bar = progress(out, path.is_none());
    let mut tick = |rows: u64| bar.set_position(rows);
    let summary = match path {
        None => {
            let mut w = BufWriter::new(std::io::stdout());
            export::run(app, plan, operator, &mut w, &mut tick).await?
        }
        Some(path) => {
            let file = Staged::new(path)?;
            let mut w = file.writer()?;
            let summary = export::run(app, plan, operator, &mut w, &mut tick).await?;
            w.finish()?;
            file.commit()?;
            summary
        }
    };
    bar.finish_and_clear();
    Ok(summary)
}

/// Rows and rate on stderr; hidden under `--quiet`, `--json`, or without a terminal there.
fn progress(out: &Output, to_stdout: bool) -> ProgressBar {
    let bar = ProgressBar::no_length();
    if out.json
        || out.quiet
        || !std::io::stderr().is_terminal()
        || (to_stdout && std::io::stdout().is_terminal())
    {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos} rows ({per_sec}, {elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar
}

/// A file written under a temporary name in its directory, renamed to its name only when done;
/// dropped uncommitted (failure, interruption), the temporary file is removed.
struct Staged {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
    gzip: bool,
}

impl Staged {
    fn new(path: &Path) -> Result<Staged, Error> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".partial");
        // Readable like any file the operator writes, not private like a temporary file.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
        let tmp = builder
            .tempfile_in(&dir)
            .map_err(|e| Error::BadRequest(format!("cannot write in {}: {e}", dir.display())))?;
        Ok(Staged {
            tmp,
            path: path.to_path_buf(),
            gzip: name.ends_with(".gz"),
        })
    }

    fn writer(&self) -> Result<FileOut, Error> {
        let file = self
            .tmp
            .reopen()
            .map_err(|e| Error::internal("opening the export file", e))?;
        let buffered = BufWriter::new(file);
        Ok(if self.gzip {
            FileOut::Gzip(flate2::write::GzEncoder::new(
                buffered,
                flate2::Compression::default(),
            ))
        } else {
            FileOut::Plain(buffered)
        })
    }

    fn commit(self) -> Result<(), Error> {
        self.tmp.persist(&self.path).map(drop).map_err(|e| {
            Error::internal(
                format!("renaming the export to {}", self.path.display()),
                e.error,
            )
        })
    }
}

/// The staged file's writer, compressed or not.
enum FileOut {
    Plain(BufWriter<std::fs::File>),
    Gzip(flate2::write::GzEncoder<BufWriter<std::fs::File>>),
}

impl FileOut {
    /// Writes what is buffered, and the gzip trailer.
    fn finish(self) -> Result<(), Error> {
        let fail = |e| Error::internal("writing the export file", e);
        match self {
            FileOut::Plain(mut w) => w.flush().map_err(fail),
            FileOut::Gzip(g) => g.finish().and_then(|mut w| w.flush()).map_err(fail),
        }
    }
}

impl Write for FileOut {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            FileOut::Plain(w) => w.write(buf),
            FileOut::Gzip(g) => g.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            FileOut::Plain(w) => w.flush(),
            FileOut::Gzip(g) => g.flush(),
        }
    }
}

/// Ctrl-C or SIGTERM.
async fn interrupted() {
    let int = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = int.await;
                    return;
                }
            };
        tokio::select! {
            _ = int => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = int.await;
}

fn report(s: &ExportSummary, path: Option<&Path>, out: &Output) {
    match path {
        Some(p) if out.json => out.json(&serde_json::json!({
            "dataset": s.dataset, "rows": s.rows, "scanned": s.scanned,
            "columns": s.columns, "out": p.display().to_string(),
        })),
        Some(p) => out.say(format!(
            "{} {} row(s) written to {}",
            s.rows,
            s.dataset,
            p.display()
        )),
        // The rows are on stdout: the summary goes to stderr, unless asked to be quiet.
        None if !out.quiet && !out.json => eprintln!("{} {} row(s)", s.rows, s.dataset),
        None => {}
    }
}

fn columns(a: ColumnsArgs, out: &Output) -> Result<i32, Error> {
    let all = export::catalog();
    let chosen: Vec<_> = all
        .into_iter()
        .filter(|d| a.dataset.as_deref().is_none_or(|n| d.dataset.as_str() == n))
        .collect();
    if out.json {
        out.json(&chosen);
        return Ok(exit::OK);
    }
    for d in &chosen {
        let filters = d
            .filters
            .iter()
            .map(|f| format!("--{f}"))
            .collect::<Vec<_>>()
            .join(" ");
        out.say(format!(
            "{} (range on {}; filters: {})",
            d.dataset,
            d.time,
            if filters.is_empty() {
                "none".into()
            } else {
                filters
            }
        ));
        let rows = d
            .columns
            .iter()
            .map(|c| {
                vec![
                    c.name.to_string(),
                    c.description.to_string(),
                    if c.pii { "yes".into() } else { String::new() },
                ]
            })
            .collect();
        out.table(&["column", "meaning", "personal data"], rows);
    }
    Ok(exit::OK)
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The report: revenue, technicians, bookings (the funnel) or disputes.
    #[arg(value_parser = PossibleValuesParser::new(ReportName::ALL.iter().map(|r| r.as_str())))]
    pub name: String,
    /// Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339.
    #[arg(long, value_name = "WHEN")]
    pub from: Option<String>,
    /// End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339.
    #[arg(long, value_name = "WHEN")]
    pub to: Option<String>,
    /// Time zone of dates, of the revenue periods and of CSV times (IANA name).
    #[arg(long, default_value = "Africa/Nairobi", value_name = "ZONE")]
    pub tz: String,
    /// Revenue: one row per day, ISO week (named by its Monday) or month [default: day]
    #[arg(long, value_parser = PossibleValuesParser::new(Period::ALL.iter().map(|p| p.as_str())))]
    pub by: Option<String>,
    /// Revenue: also one row per city, service category or gateway.
    #[arg(long, value_parser = PossibleValuesParser::new(GroupBy::ALL.iter().map(|g| g.as_str())))]
    pub group: Option<String>,
    /// A table on the terminal, or an export format (a table written to --out is CSV).
    #[arg(long, default_value = "table",
          value_parser = PossibleValuesParser::new(["table", "csv", "json", "ndjson"]))]
    pub format: String,
    /// Write here instead of stdout; a name ending in .gz is gzip-compressed.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `export report NAME`: the report printed as a table, or written in an export format.
async fn run_report(a: ReportArgs, config: Config, out: &Output) -> Result<i32, Error> {
    let mut problems = Vec::new();
    let range = range(&a.from, &a.to, &a.tz, &mut problems);
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }
    let req = ReportRequest {
        name: ReportName::parse(&a.name).unwrap_or(ReportName::Revenue),
        range,
        by: a.by.as_deref().and_then(Period::parse),
        group: a.group.as_deref().and_then(GroupBy::parse),
    };
    let app = App::connect(config).await?;
    let table = export::report(&app, &req).await?;
    let format = match (a.format.as_str(), out.json) {
        (_, true) if a.out.is_none() => Some(Format::Json),
        ("table", _) if a.out.is_some() => Some(Format::Csv),
        ("table", _) => None,
        (f, _) => Format::parse(f),
    };
    match (format, &a.out) {
        (None, _) => {
            let header: Vec<&str> = table.columns.clone();
            out.table(&header, table.text_rows());
        }
        (Some(f), None) => {
            let mut w = BufWriter::new(std::io::stdout());
            table.write(&mut w, f)?;
        }
        (Some(f), Some(path)) => {
            let file = Staged::new(path)?;
            let mut w = file.writer()?;
            let rows = table.write(&mut w, f)?;
            w.finish()?;
            file.commit()?;
            if out.json {
                out.json(&serde_json::json!({
                    "report": req.name, "rows": rows, "columns": table.columns,
                    "out": path.display().to_string(),
                }));
            } else {
                out.say(format!(
                    "{rows} {} row(s) written to {}",
                    req.name,
                    path.display()
                ));
            }
        }
    }
    Ok(exit::OK)
}
