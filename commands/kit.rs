//! What every command shares for talking to people and scripts: where output goes (JSON for
//! `--json`, comfy-tables and lines otherwise, CSV on request), progress bars that `--json`,
//! `-q` and a non-terminal stderr hide, confirmation prompts that refuse without `--yes` when
//! nobody can answer, and KES amounts written and read in major units.
//!
//! A helper two commands need lives here, never inside one of them.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::Mutex;

use baitech::domain::{Id, Money, Timestamp};
use baitech::error::Error;
use baitech::services::seed::Progress;
use clap::ValueEnum;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

// --- output ----------------------------------------------------------------------------------

/// Where and how a command prints its results.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// `--json`: one JSON document on stdout, no tables, lines or bars.
    pub json: bool,
    /// `-q`: no progress bars either.
    pub quiet: bool,
}

impl Output {
    pub fn new(json: bool, quiet: bool) -> Self {
        Output { json, quiet }
    }

    /// Prints `value` as pretty JSON on stdout.
    pub fn json<T: Serialize>(&self, value: &T) {
        match serde_json::to_string_pretty(value) {
            Ok(s) => println!("{s}"),
            Err(e) => eprintln!("error: cannot render JSON: {e}"),
        }
    }

    /// Prints a table on stdout.
    pub fn table(&self, header: &[&str], rows: Vec<Vec<String>>) {
        let mut t = Table::new();
        t.load_style(UTF8_FULL_CONDENSED)
            .set_header(header.to_vec());
        for r in rows {
            t.add_row(r);
        }
        println!("{t}");
    }

    /// A line for people; silent in JSON mode.
    pub fn say(&self, line: impl AsRef<str>) {
        if !self.json {
            println!("{}", line.as_ref());
        }
    }

    /// A progress bar for long work; hidden with `--json`, `-q` or a stderr that is not a
    /// terminal, so scripts and logs never see its redraws.
    pub fn progress(&self, len: u64, what: &str) -> ProgressBar {
        let pb = ProgressBar::new(len);
        if self.json || self.quiet || !std::io::stderr().is_terminal() {
            pb.set_draw_target(ProgressDrawTarget::hidden());
        }
        pb.set_style(
            ProgressStyle::with_template("{msg:>14} [{bar:40}] {pos}/{len} ({per_sec}, {eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        pb.set_message(what.to_string());
        pb
    }

    /// One bar per task of a service that reports [`Progress`] (seed, cleanup).
    pub fn task_bars(&self) -> TaskBars<'_> {
        TaskBars {
            out: self,
            bars: Mutex::new(HashMap::new()),
        }
    }
}

/// The bars of the tasks a service has started and not yet finished.
pub struct TaskBars<'a> {
    out: &'a Output,
    bars: Mutex<HashMap<&'static str, ProgressBar>>,
}

impl TaskBars<'_> {
    /// Draws `p`: a new bar on `Start`, a step on `Advance`, gone on `Finish`.
    pub fn show(&self, p: Progress) {
        let mut bars = self.bars.lock().unwrap_or_else(|e| e.into_inner());
        match p {
            Progress::Start { task, total } => {
                bars.insert(task, self.out.progress(total, task));
            }
            Progress::Advance { task, n } => {
                if let Some(b) = bars.get(task) {
                    b.inc(n);
                }
            }
            Progress::Finish { task } => {
                if let Some(b) = bars.remove(task) {
                    b.finish_and_clear();
                }
            }
        }
    }
}

/// How a list is printed (`--json` means `json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

impl Format {
    /// The format to use: `--json` wins over `--format`.
    pub fn resolve(self, out: &Output) -> Format {
        if out.json { Format::Json } else { self }
    }
}

/// Writes a CSV document with a header row to stdout.
pub fn write_csv<R, I>(header: &[&str], records: R) -> Result<(), Error>
where
    R: IntoIterator<Item = I>,
    I: IntoIterator<Item = String>,
{
    let fail = |e: csv::Error| Error::internal("writing CSV", e);
    let mut w = csv::Writer::from_writer(std::io::stdout().lock());
    w.write_record(header).map_err(fail)?;
    for r in records {
        w.write_record(r).map_err(fail)?;
    }
    w.flush().map_err(|e| Error::internal("writing CSV", e))
}

/// Reports a failure: one line on stderr, or the error envelope on stdout with `--json`.
pub fn error(e: &Error, json: bool) {
    if json {
        let body = serde_json::json!({ "success": false, "error": {
            "code": e.code(),
            "message": e.to_string(),
            "details": match e {
                Error::Validation(f) | Error::Config(f) => serde_json::json!(f),
                _ => serde_json::json!([]),
            },
        }});
        println!("{body}");
    } else {
        eprintln!("error: {e}");
    }
}

// --- cells -----------------------------------------------------------------------------------

/// A time for tables: minutes, UTC.
pub fn when(t: Timestamp) -> String {
    t.datetime().format("%Y-%m-%d %H:%M").to_string()
}

/// An optional id for a cell: empty when absent.
pub fn opt(id: Option<Id>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}

/// An amount for a cell, `-` when zero (so the columns that matter stand out).
pub fn money_or_dash(m: Money) -> String {
    if m.amount == 0 {
        "-".into()
    } else {
        m.to_string()
    }
}

// --- money -----------------------------------------------------------------------------------

/// `amount` in major units without the currency, e.g. `1500.50` (what CSV columns hold).
pub fn major(m: Money) -> String {
    m.major()
}

/// Parses a KES amount in shillings: `500`, `500.5`, `1,500.50` (at most two decimals).
pub fn parse_kes(s: &str) -> Result<Money, String> {
    let bad = || format!("{s:?} is not an amount in KES (e.g. 500 or 1500.50)");
    let clean: String = s.trim().trim_start_matches("KES").trim().replace(',', "");
    let (whole, cents) = match clean.split_once('.') {
        Some((w, c)) if (1..=2).contains(&c.len()) => (w, format!("{c:0<2}")),
        Some(_) => return Err(bad()),
        None => (clean.as_str(), "00".to_string()),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(&cents) {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let cents: i64 = cents.parse().map_err(|_| bad())?;
    whole
        .checked_mul(100)
        .and_then(|m| m.checked_add(cents))
        .map(Money::kes)
        .ok_or_else(bad)
}

// --- prompts ---------------------------------------------------------------------------------

/// Whether a person can answer prompts: stdin and stderr (where prompts are drawn) are terminals.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Asks `question` (default no) unless `yes`; without a terminal, a usage error saying to pass
/// `--yes`.
pub fn confirm(question: &str, yes: bool) -> Result<bool, Error> {
    if yes {
        return Ok(true);
    }
    if !interactive() {
        return Err(Error::BadRequest(format!(
            "{question} — cannot ask without a terminal: pass --yes to go ahead"
        )));
    }
    dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact()
        .map_err(|e| Error::internal("reading the confirmation", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kes_amounts_parse_in_shillings_with_up_to_two_decimals() {
        assert_eq!(parse_kes("500"), Ok(Money::kes(50_000)));
        assert_eq!(parse_kes("500.5"), Ok(Money::kes(50_050)));
        assert_eq!(parse_kes("KES 1,500.05"), Ok(Money::kes(150_005)));
        assert_eq!(parse_kes("0.01"), Ok(Money::kes(1)));
        for bad in ["", "-5", "5.123", "1e3", "abc", ".5", "5."] {
            assert!(parse_kes(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn major_units_keep_the_sign_and_two_decimals() {
        assert_eq!(major(Money::kes(150_050)), "1500.50");
        assert_eq!(major(Money::kes(-5)), "-0.05");
        assert_eq!(
            major(Money::new(2_500, baitech::domain::Currency::Ugx)),
            "2500"
        );
    }

    #[test]
    fn json_wins_over_the_chosen_format() {
        let json = Output::new(true, false);
        let people = Output::new(false, false);
        assert_eq!(Format::Csv.resolve(&json), Format::Json);
        assert_eq!(Format::Csv.resolve(&people), Format::Csv);
    }

    #[test]
    fn confirmation_without_a_terminal_asks_for_yes() {
        assert!(confirm("Pay?", true).unwrap());
        if !interactive() {
            let e = confirm("Pay?", false).unwrap_err();
            assert!(e.to_string().contains("pass --yes"), "{e}");
        }
    }
}
