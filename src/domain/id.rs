//! Document ids: 12-byte MongoDB ObjectIds, written as 24-hex strings in JSON and SQLite and as
//! native ObjectIds in MongoDB (see [`super::wire`]).

use std::fmt;
use std::str::FromStr;

use bson::oid::ObjectId;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An ObjectId-compatible identifier.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(ObjectId);

impl Id {
    /// A fresh id (time-ordered, as MongoDB's).
    pub fn new() -> Self {
        Id(ObjectId::new())
    }

    /// An id made of the given creation time (seconds) and a counter, for deterministic data.
    pub fn from_parts(unix_seconds: u32, counter: u64) -> Self {
        let mut b = [0u8; 12];
        b[..4].copy_from_slice(&unix_seconds.to_be_bytes());
        b[4..].copy_from_slice(&counter.to_be_bytes());
        Id(ObjectId::from_bytes(b))
    }

    pub fn from_bytes(bytes: [u8; 12]) -> Self {
        Id(ObjectId::from_bytes(bytes))
    }

    pub fn bytes(&self) -> [u8; 12] {
        self.0.bytes()
    }

    pub fn to_hex(&self) -> String {
        self.0.to_hex()
    }

    pub fn oid(&self) -> ObjectId {
        self.0
    }

    /// Parses a 24-hex string; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        if s.len() != 24 {
            return None;
        }
        ObjectId::parse_str(s).ok().map(Id)
    }
}

/// A short human reference such as `BT-231114-K7Q2XM`: a prefix, the UTC date and six
/// characters from an alphabet without look-alikes (no O/0, I/1). Unique enough to read out on
/// the phone; stores enforce uniqueness where it matters.
pub fn reference(prefix: &str, now: crate::domain::Timestamp) -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    let tail: String = (0..6)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    format!("{prefix}-{}-{tail}", now.datetime().format("%y%m%d"))
}

impl Default for Id {
    fn default() -> Self {
        Self::new()
    }
}

impl From<ObjectId> for Id {
    fn from(o: ObjectId) -> Self {
        Id(o)
    }
}

impl FromStr for Id {
    type Err = InvalidId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Id::parse(s).ok_or(InvalidId)
    }
}

/// The text was not a 24-hex ObjectId.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("must be a 24-character hexadecimal id")]
pub struct InvalidId;

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_hex())
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.0.to_hex())
    }
}

impl utoipa::PartialSchema for Id {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        super::schema::string(
            "A document id: a MongoDB ObjectId as 24 hexadecimal digits.",
            Some("^[0-9a-fA-F]{24}$"),
            None,
            "65a1f0c2e4b0a1b2c3d4e5f6",
        )
    }
}

impl utoipa::ToSchema for Id {}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if super::wire::bson_mode() {
            self.0.serialize(s)
        } else {
            s.serialize_str(&self.0.to_hex())
        }
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(IdVisitor)
    }
}

struct IdVisitor;

impl<'de> Visitor<'de> for IdVisitor {
    type Value = Id;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a 24-hex ObjectId string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
        Id::parse(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Id, E> {
        let b: [u8; 12] = v
            .try_into()
            .map_err(|_| E::invalid_length(v.len(), &self))?;
        Ok(Id::from_bytes(b))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Id, A::Error> {
        // Extended JSON / BSON ObjectId: {"$oid": "<hex>" | <12 bytes>}
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "$oid" {
                found = Some(map.next_value_seed(OidValue)?);
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        found.ok_or_else(|| de::Error::missing_field("$oid"))
    }
}

struct OidValue;

impl<'de> de::DeserializeSeed<'de> for OidValue {
    type Value = Id;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Id, D::Error> {
        d.deserialize_any(IdVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_form_is_a_plain_hex_string() {
        let id = Id::from_parts(1_700_000_000, 7);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{}\"", id.to_hex()));
        let back: Id = serde_json::from_str(&json).unwrap();
        assert_eq!(back, id);
    }

    #[test]
    fn bson_mode_writes_a_native_object_id_and_reads_it_back() {
        #[derive(Serialize, Deserialize)]
        struct Doc {
            #[serde(rename = "_id")]
            id: Id,
        }
        let id = Id::new();
        let doc = super::super::wire::with_bson_mode(|| {
            bson::serialize_to_document(&Doc { id }).unwrap()
        });
        assert_eq!(doc.get_object_id("_id").unwrap(), id.oid());
        let back: Doc = bson::deserialize_from_document(doc.clone()).unwrap();
        assert_eq!(back.id, id);
        let raw = bson::RawDocumentBuf::try_from(&doc).unwrap();
        let back: Doc = bson::deserialize_from_slice(raw.as_bytes()).unwrap();
        assert_eq!(back.id, id);
    }

    #[test]
    fn rejects_malformed_ids() {
        assert!(Id::parse("abc").is_none());
        assert!(Id::parse("zzzzzzzzzzzzzzzzzzzzzzzz").is_none());
        assert!(serde_json::from_str::<Id>("{\"$gt\": \"\"}").is_err());
    }
}
