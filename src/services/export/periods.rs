//! The calendar buckets of the revenue report: days, ISO weeks and months of the report's
//! time zone, and what the report may be grouped by besides time.

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;

use crate::domain::Timestamp;
use crate::domain::enums::string_enum;

string_enum! {
    /// The calendar bucket of the revenue report.
    #[derive(Default)]
    pub enum Period {
        #[default]
        Day = "day",
        /// ISO weeks, Monday to Sunday, named by their Monday.
        Week = "week",
        Month = "month",
    }
}

string_enum! {
    /// What the revenue report is grouped by besides time.
    pub enum GroupBy {
        City = "city",
        Category = "category",
        Gateway = "gateway",
    }
}

/// The first day of the bucket of `by` that instant `ms` falls in, in `tz`.
pub(super) fn bucket(ms: i64, by: Period, tz: Tz) -> NaiveDate {
    let day = Timestamp::from_millis(ms)
        .datetime()
        .with_timezone(&tz)
        .date_naive();
    match by {
        Period::Day => day,
        Period::Week => {
            day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()))
        }
        Period::Month => day.with_day(1).unwrap_or(day),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(s: &str) -> i64 {
        Timestamp::parse(s).unwrap().millis()
    }

    #[test]
    fn buckets_are_calendar_days_weeks_and_months_of_the_zone() {
        let nbo = chrono_tz::Africa::Nairobi;
        // 22:30 UTC on 31 October is 01:30 on 1 November in Nairobi.
        let t = ms("2026-10-31T22:30:00Z");
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(bucket(t, Period::Day, nbo), d("2026-11-01"));
        assert_eq!(bucket(t, Period::Day, chrono_tz::UTC), d("2026-10-31"));
        assert_eq!(bucket(t, Period::Month, nbo), d("2026-11-01"));
        assert_eq!(bucket(t, Period::Month, chrono_tz::UTC), d("2026-10-01"));
        // 1 November 2026 is a Sunday: its ISO week began on Monday 26 October.
        assert_eq!(bucket(t, Period::Week, nbo), d("2026-10-26"));
    }
}
