//! What one exported value is, and how each output format writes it: CSV gets money in major
//! units and times in the export's time zone; the JSON formats keep the API's minor units and
//! UTC times.

use chrono_tz::Tz;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::domain::{Id, Money, Timestamp};

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Num(f64),
    Bool(bool),
    /// An amount: major units with its currency's decimals in CSV, minor units in JSON.
    Money(Money),
    Time(Timestamp),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn opt_text(s: Option<impl Into<String>>) -> Cell {
        s.map_or(Cell::Empty, |s| Cell::Text(s.into()))
    }

    pub fn id(id: Id) -> Cell {
        Cell::Text(id.to_hex())
    }

    pub fn opt_id(id: Option<Id>) -> Cell {
        id.map_or(Cell::Empty, Cell::id)
    }

    pub fn opt_time(t: Option<Timestamp>) -> Cell {
        t.map_or(Cell::Empty, Cell::Time)
    }

    /// The CSV field: times in `tz` with their offset (`2026-11-03T10:00:00+03:00`).
    pub fn csv(&self, tz: Tz) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Num(x) => format_num(*x),
            Cell::Bool(b) => b.to_string(),
            Cell::Money(m) => m.major(),
            Cell::Time(t) => t
                .datetime()
                .with_timezone(&tz)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Cell::Empty => serde_json::Value::Null,
            Cell::Text(s) => s.clone().into(),
            Cell::Int(n) => (*n).into(),
            Cell::Num(x) => {
                serde_json::Number::from_f64(*x).map_or(serde_json::Value::Null, Into::into)
            }
            Cell::Bool(b) => (*b).into(),
            Cell::Money(m) => m.amount.into(),
            Cell::Time(t) => t.to_rfc3339().into(),
        }
    }
}

/// Ratios and averages with at most four decimals and no trailing zeros.
fn format_num(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// A row as a JSON object whose keys keep the column order.
pub struct JsonRow<'a> {
    pub names: &'a [&'static str],
    pub cells: &'a [Cell],
}

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.names.len()))?;
        for (name, cell) in self.names.iter().zip(self.cells) {
            map.serialize_entry(name, &cell.json())?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_money_is_major_units_and_json_keeps_minor_units() {
        let c = Cell::Money(Money::kes(150_050));
        assert_eq!(c.csv(chrono_tz::Africa::Nairobi), "1500.50");
        assert_eq!(c.json(), serde_json::json!(150_050));
    }

    #[test]
    fn csv_times_are_in_the_export_zone_and_json_times_in_utc() {
        let t = Timestamp::parse("2026-11-03T07:00:00Z").unwrap();
        assert_eq!(
            Cell::Time(t).csv(chrono_tz::Africa::Nairobi),
            "2026-11-03T10:00:00+03:00"
        );
        assert_eq!(Cell::Time(t).json(), serde_json::json!(t.to_rfc3339()));
    }

    #[test]
    fn numbers_lose_trailing_zeros() {
        assert_eq!(format_num(0.5), "0.5");
        assert_eq!(format_num(4.0), "4");
        assert_eq!(format_num(0.33333), "0.3333");
    }

    #[test]
    fn json_rows_keep_the_column_order() {
        let names = ["b", "a"];
        let cells = [Cell::Int(1), Cell::Empty];
        let s = serde_json::to_string(&JsonRow {
            names: &names,
            cells: &cells,
        })
        .unwrap();
        assert_eq!(s, r#"{"b":1,"a":null}"#);
    }
}
