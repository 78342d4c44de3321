//! Rendering for commands: JSON for scripts (`--json`), comfy-tables and text for people.

use baitech::error::Error;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

/// Where and how a command prints its results.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub json: bool,
}

impl Output {
    pub fn new(json: bool) -> Self {
        Output { json }
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

    /// A progress bar for long work; hidden in JSON mode or when stderr is not a terminal.
    pub fn progress(&self, len: u64, what: &str) -> indicatif::ProgressBar {
        use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
        let pb = ProgressBar::new(len);
        if self.json || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
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
