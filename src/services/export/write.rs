//! The three output formats, written row by row: CSV with a header, a JSON array of objects,
//! and NDJSON (one object per line). Object keys keep the column order.

use std::io::Write;

use chrono_tz::Tz;

use super::cells::{Cell, JsonRow};
use crate::domain::enums::string_enum;
use crate::error::{Error, Result};

string_enum! {
    /// How an export is written.
    #[derive(Default)]
    pub enum Format {
        #[default]
        Csv = "csv",
        Json = "json",
        Ndjson = "ndjson",
    }
}

/// Writes rows in one format to an output.
pub(super) struct Sink<'a> {
    format: Format,
    tz: Tz,
    names: &'a [&'static str],
    csv: Option<csv::Writer<&'a mut (dyn Write + Send)>>,
    raw: Option<&'a mut (dyn Write + Send)>,
    rows: u64,
}

fn failed(e: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::internal("writing the export", e)
}

impl<'a> Sink<'a> {
    pub(super) fn new(
        out: &'a mut (dyn Write + Send),
        format: Format,
        tz: Tz,
        names: &'a [&'static str],
    ) -> Result<Self> {
        let mut sink = Sink {
            format,
            tz,
            names,
            csv: None,
            raw: None,
            rows: 0,
        };
        match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(names).map_err(failed)?;
                sink.csv = Some(w);
            }
            Format::Json => {
                out.write_all(b"[").map_err(failed)?;
                sink.raw = Some(out);
            }
            Format::Ndjson => sink.raw = Some(out),
        }
        Ok(sink)
    }

    pub(super) fn row(&mut self, cells: &[Cell]) -> Result<()> {
        match (self.format, &mut self.csv, &mut self.raw) {
            (Format::Csv, Some(w), _) => {
                w.write_record(cells.iter().map(|c| c.csv(self.tz)))
                    .map_err(failed)?;
            }
            (Format::Json, _, Some(out)) => {
                out.write_all(if self.rows == 0 { b"\n" } else { b",\n" })
                    .map_err(failed)?;
                serde_json::to_writer(
                    &mut **out,
                    &JsonRow {
                        names: self.names,
                        cells,
                    },
                )
                .map_err(failed)?;
            }
            (Format::Ndjson, _, Some(out)) => {
                serde_json::to_writer(
                    &mut **out,
                    &JsonRow {
                        names: self.names,
                        cells,
                    },
                )
                .map_err(failed)?;
                out.write_all(b"\n").map_err(failed)?;
            }
            _ => unreachable!("a sink is built with the writer of its format"),
        }
        self.rows += 1;
        Ok(())
    }

    /// Closes the document and flushes; returns the rows written.
    pub(super) fn finish(mut self) -> Result<u64> {
        if let Some(mut w) = self.csv.take() {
            w.flush().map_err(failed)?;
        }
        if let Some(out) = self.raw.take() {
            if self.format == Format::Json {
                out.write_all(if self.rows == 0 { b"]\n" } else { b"\n]\n" })
                    .map_err(failed)?;
            }
            out.flush().map_err(failed)?;
        }
        Ok(self.rows)
    }
}
