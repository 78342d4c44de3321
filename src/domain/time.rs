//! Timestamps: UTC instants written as RFC 3339 strings in JSON and SQLite (millisecond
//! precision, so they sort as text) and as native BSON dates in MongoDB.

use std::fmt;

use chrono::{DateTime, Duration, SecondsFormat, TimeZone, Utc};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A UTC instant with millisecond precision (what both stores keep).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    pub fn now() -> Self {
        Self::from_millis(Utc::now().timestamp_millis())
    }

    pub fn from_millis(ms: i64) -> Self {
        Timestamp(
            Utc.timestamp_millis_opt(ms)
                .single()
                .unwrap_or(DateTime::<Utc>::MIN_UTC),
        )
    }

    pub fn millis(&self) -> i64 {
        self.0.timestamp_millis()
    }

    pub fn datetime(&self) -> DateTime<Utc> {
        self.0
    }

    /// RFC 3339 with milliseconds and `Z`: fixed width, so text order is time order.
    pub fn to_rfc3339(&self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Millis, true)
    }

    pub fn parse(s: &str) -> Option<Self> {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|d| Self::from_millis(d.with_timezone(&Utc).timestamp_millis()))
    }

    pub fn plus(&self, d: Duration) -> Self {
        Self::from_millis(self.millis() + d.num_milliseconds())
    }

    pub fn minus(&self, d: Duration) -> Self {
        Self::from_millis(self.millis() - d.num_milliseconds())
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(d: DateTime<Utc>) -> Self {
        Self::from_millis(d.timestamp_millis())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({})", self.to_rfc3339())
    }
}

impl utoipa::PartialSchema for Timestamp {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        super::schema::string(
            "An instant as an RFC 3339 UTC timestamp with milliseconds.",
            None,
            Some(utoipa::openapi::schema::KnownFormat::DateTime),
            "2024-05-17T08:30:00.000Z",
        )
    }
}

impl utoipa::ToSchema for Timestamp {}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if super::wire::bson_mode() {
            bson::DateTime::from_millis(self.millis()).serialize(s)
        } else {
            s.serialize_str(&self.to_rfc3339())
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TsVisitor)
    }
}

struct TsVisitor;

impl<'de> Visitor<'de> for TsVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an RFC 3339 timestamp")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
        Timestamp::parse(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
        Ok(Timestamp::from_millis(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
        i64::try_from(v)
            .map(Timestamp::from_millis)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Timestamp, A::Error> {
        // BSON date through serde: {"$date": <millis> | "<rfc3339>" | {"$numberLong": "<millis>"}}
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "$date" => found = Some(map.next_value_seed(DateValue)?),
                "$numberLong" => {
                    let s: String = map.next_value()?;
                    let ms = s.parse::<i64>().map_err(de::Error::custom)?;
                    found = Some(Timestamp::from_millis(ms));
                }
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        found.ok_or_else(|| de::Error::missing_field("$date"))
    }
}

struct DateValue;

impl<'de> de::DeserializeSeed<'de> for DateValue {
    type Value = Timestamp;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Timestamp, D::Error> {
        d.deserialize_any(TsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_fixed_width_rfc3339_utc() {
        let t = Timestamp::from_millis(1_700_000_000_123);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"2023-11-14T22:13:20.123Z\""
        );
        let back: Timestamp = serde_json::from_str("\"2023-11-15T01:13:20.123+03:00\"").unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn bson_mode_writes_a_native_date_and_reads_it_back() {
        #[derive(Serialize, Deserialize)]
        struct Doc {
            at: Timestamp,
        }
        let t = Timestamp::from_millis(1_700_000_000_123);
        let doc = super::super::wire::with_bson_mode(|| {
            bson::serialize_to_document(&Doc { at: t }).unwrap()
        });
        assert_eq!(
            doc.get_datetime("at").unwrap().timestamp_millis(),
            t.millis()
        );
        let back: Doc = bson::deserialize_from_document(doc.clone()).unwrap();
        assert_eq!(back.at, t);
        let raw = bson::RawDocumentBuf::try_from(&doc).unwrap();
        let back: Doc = bson::deserialize_from_slice(raw.as_bytes()).unwrap();
        assert_eq!(back.at, t);
    }
}
