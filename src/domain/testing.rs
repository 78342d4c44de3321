//! Helpers shared by the domain documents' unit tests.

use std::collections::HashSet;
use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Asserts `doc` survives JSON and (BSON-mode) BSON encoding unchanged.
pub(crate) fn assert_round_trips<T>(doc: &T)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let json = serde_json::to_string(doc).unwrap();
    let back: T = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, doc, "JSON round trip of {json}");
    let bson = crate::domain::wire::with_bson_mode(|| bson::serialize_to_document(doc).unwrap());
    let back: T = bson::deserialize_from_document(bson.clone()).unwrap();
    assert_eq!(&back, doc, "BSON round trip of {bson}");
}

/// Asserts each variant's `as_str` is unique and equals its serde spelling both ways.
pub(crate) fn assert_enum_strings<T>(all: &[T], as_str: fn(T) -> &'static str)
where
    T: Serialize + DeserializeOwned + Copy + PartialEq + Debug,
{
    let mut seen = HashSet::new();
    for &v in all {
        let s = as_str(v);
        assert!(seen.insert(s), "{s} appears twice");
        assert_eq!(serde_json::to_value(v).unwrap(), serde_json::Value::from(s));
        assert_eq!(serde_json::from_value::<T>(s.into()).unwrap(), v);
    }
}
