//! Half-open time ranges of an export: `--from` inclusive, `--to` exclusive, dates and local
//! times read in an explicit time zone (default Africa/Nairobi), instants with an offset as given.

use chrono::{LocalResult, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use crate::domain::Timestamp;
use crate::error::FieldError;

/// The zone exports read dates in and write CSV times in, unless told otherwise.
pub const DEFAULT_TZ: Tz = chrono_tz::Africa::Nairobi;

/// `[from, to)`; an open end is unbounded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
    pub tz: Tz,
}

impl Default for Range {
    fn default() -> Self {
        Range {
            from: None,
            to: None,
            tz: DEFAULT_TZ,
        }
    }
}

impl Range {
    pub fn contains(&self, t: Timestamp) -> bool {
        self.from.is_none_or(|f| t >= f) && self.to.is_none_or(|to| t < to)
    }

    pub(super) fn problem(&self) -> Option<FieldError> {
        match (self.from, self.to) {
            (Some(f), Some(t)) if t <= f => Some(FieldError::new(
                "--to",
                "must be after --from (the range is half-open: --from inclusive, --to exclusive)",
            )),
            _ => None,
        }
    }
}

/// A time zone by its IANA name (`Africa/Nairobi`, `UTC`).
pub fn parse_tz(s: &str) -> Result<Tz, String> {
    s.parse::<Tz>()
        .map_err(|_| format!("{s:?} is not an IANA time zone name (e.g. Africa/Nairobi, UTC)"))
}

/// An instant from `2026-11-01` (midnight in `tz`), `2026-11-01T08:30[:00]` (local in `tz`) or
/// an RFC 3339 time with an offset (`2026-11-01T05:30:00Z`, taken as it is).
pub fn parse_instant(s: &str, tz: Tz) -> Result<Timestamp, String> {
    let s = s.trim();
    if let Some(t) = Timestamp::parse(s) {
        return Ok(t);
    }
    let local = if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        d.and_hms_opt(0, 0, 0)
    } else {
        [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    };
    let local = local.ok_or_else(|| {
        format!(
            "{s:?} is not a date (2026-11-01), a local time (2026-11-01T08:30) or an RFC 3339 time"
        )
    })?;
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => {
            Ok(Timestamp::from_millis(t.timestamp_millis()))
        }
        LocalResult::None => Err(format!(
            "{s} does not exist in {tz} (a clock change skips it)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_midnight_in_the_zone() {
        let t = parse_instant("2026-11-01", DEFAULT_TZ).unwrap();
        assert_eq!(t, Timestamp::parse("2026-10-31T21:00:00Z").unwrap());
        let utc = parse_instant("2026-11-01", chrono_tz::UTC).unwrap();
        assert_eq!(utc, Timestamp::parse("2026-11-01T00:00:00Z").unwrap());
    }

    #[test]
    fn an_offset_is_taken_as_given_and_local_times_use_the_zone() {
        let z = parse_instant("2026-11-01T05:30:00Z", DEFAULT_TZ).unwrap();
        assert_eq!(z, Timestamp::parse("2026-11-01T05:30:00Z").unwrap());
        let local = parse_instant("2026-11-01T08:30", DEFAULT_TZ).unwrap();
        assert_eq!(local, z);
    }

    #[test]
    fn the_range_is_half_open() {
        let from = parse_instant("2026-11-01", DEFAULT_TZ).unwrap();
        let to = parse_instant("2026-12-01", DEFAULT_TZ).unwrap();
        let r = Range {
            from: Some(from),
            to: Some(to),
            tz: DEFAULT_TZ,
        };
        assert!(r.contains(from));
        assert!(!r.contains(to));
        assert!(r.contains(Timestamp::from_millis(to.millis() - 1)));
        assert!(!r.contains(Timestamp::from_millis(from.millis() - 1)));
    }

    #[test]
    fn bad_input_is_named() {
        assert!(
            parse_instant("yesterday", DEFAULT_TZ)
                .unwrap_err()
                .contains("yesterday")
        );
        assert!(parse_tz("Mars/Olympus").is_err());
        assert_eq!(parse_tz("UTC").unwrap(), chrono_tz::UTC);
    }
}
