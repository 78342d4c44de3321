//! When a technician works: the weekly schedule in local `HH:MM` slots, time off, the
//! "available now" switch and the time zone the slots are in.

use serde::{Deserialize, Serialize};

use crate::domain::enums::string_enum;
use crate::domain::time::Timestamp;
use crate::error::FieldError;

/// When a technician works.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Availability {
    #[serde(default)]
    pub weekly: Vec<DaySchedule>,
    #[serde(default)]
    pub time_off: Vec<TimeOff>,
    /// The technician toggled "available now" (takes emergency jobs).
    #[serde(default)]
    pub available_now: bool,
    /// IANA time zone the weekly slots are in.
    #[serde(default = "default_timezone")]
    pub timezone: String,
}

fn default_timezone() -> String {
    "Africa/Nairobi".to_string()
}

impl Default for Availability {
    fn default() -> Self {
        Availability {
            weekly: Vec::new(),
            time_off: Vec::new(),
            available_now: false,
            timezone: default_timezone(),
        }
    }
}

/// Working hours on one day of the week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DaySchedule {
    pub day: Weekday,
    #[serde(default)]
    pub slots: Vec<TimeSlot>,
}

string_enum! {
    /// Day of the week in a technician's weekly schedule.
    pub enum Weekday {
        Monday = "monday",
        Tuesday = "tuesday",
        Wednesday = "wednesday",
        Thursday = "thursday",
        Friday = "friday",
        Saturday = "saturday",
        Sunday = "sunday",
    }
}

impl From<chrono::Weekday> for Weekday {
    fn from(d: chrono::Weekday) -> Self {
        match d {
            chrono::Weekday::Mon => Weekday::Monday,
            chrono::Weekday::Tue => Weekday::Tuesday,
            chrono::Weekday::Wed => Weekday::Wednesday,
            chrono::Weekday::Thu => Weekday::Thursday,
            chrono::Weekday::Fri => Weekday::Friday,
            chrono::Weekday::Sat => Weekday::Saturday,
            chrono::Weekday::Sun => Weekday::Sunday,
        }
    }
}

/// A local time range `"HH:MM"`–`"HH:MM"` (end may be `"24:00"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimeSlot {
    pub start: String,
    pub end: String,
}

impl TimeSlot {
    /// Start and end as minutes after midnight, if both are well formed.
    pub fn minutes(&self) -> Option<(u32, u32)> {
        Some((parse_hhmm(&self.start)?, parse_hhmm(&self.end)?))
    }

    /// Checks the format and that the slot ends after it starts.
    pub fn validate(&self, field: &str) -> Result<(), FieldError> {
        match self.minutes() {
            Some((start, end)) if start < end => Ok(()),
            Some(_) => Err(FieldError::new(field, "must end after it starts")),
            None => Err(FieldError::new(
                field,
                "times must be HH:MM (00:00 to 24:00)",
            )),
        }
    }
}

/// Minutes after midnight of `"HH:MM"`; `"24:00"` is accepted as the end of the day.
pub fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    match (h, m) {
        (24, 0) => Some(24 * 60),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

/// A period the technician does not take work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimeOff {
    pub from: Timestamp,
    pub to: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_slots_are_hh_mm_and_end_after_they_start() {
        let slot = |s: &str, e: &str| TimeSlot {
            start: s.into(),
            end: e.into(),
        };
        assert_eq!(slot("08:00", "24:00").minutes(), Some((480, 1440)));
        assert!(slot("08:00", "17:00").validate("slot").is_ok());
        for (s, e) in [
            ("17:00", "08:00"),
            ("8:00", "09:00"),
            ("24:30", "25:00"),
            ("aa:bb", "10:00"),
        ] {
            assert!(slot(s, e).validate("slot").is_err(), "{s}-{e}");
        }
        assert_eq!(Weekday::from(chrono::Weekday::Sun), Weekday::Sunday);
    }
}
