//! Encoding domain values to BSON and back, and small filter builders.
//!
//! Ids and timestamps serialize as strings everywhere except inside
//! [`with_bson_mode`](crate::domain::wire::with_bson_mode); every document and filter value this
//! adapter writes goes through [`to_doc`] / [`to_bson`] so they land as native `ObjectId` and
//! `Date` (which is what indexes, range queries and TTL need). Decoding needs no mode: the domain
//! `Deserialize` impls accept both forms.

use bson::{Bson, Document, doc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::domain::wire::with_bson_mode;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};

/// A domain value as a BSON document, ids and timestamps native.
pub(in crate::store) fn to_doc<T: Serialize + ?Sized>(value: &T) -> Result<Document> {
    with_bson_mode(|| bson::serialize_to_document(value))
        .map_err(|e| Error::internal("mongodb: encoding a document", e))
}

/// A domain value as a BSON value (for `$push`, `$set` of sub-documents).
pub(in crate::store) fn to_bson<T: Serialize + ?Sized>(value: &T) -> Result<Bson> {
    with_bson_mode(|| bson::serialize_to_bson(value))
        .map_err(|e| Error::internal("mongodb: encoding a value", e))
}

/// Decodes a stored document of `collection`; a failure names the document.
pub(in crate::store) fn from_doc<T: DeserializeOwned>(
    doc: Document,
    collection: &str,
) -> Result<T> {
    let id = doc.get("_id").map(|v| v.to_string()).unwrap_or_default();
    bson::deserialize_from_document(doc)
        .map_err(|e| Error::internal(format!("mongodb: decoding {collection} document {id}"), e))
}

/// Decodes every document, stopping at the first bad one.
pub(in crate::store) fn from_docs<T: DeserializeOwned>(
    docs: Vec<Document>,
    collection: &str,
) -> Result<Vec<T>> {
    docs.into_iter().map(|d| from_doc(d, collection)).collect()
}

/// A count (or version) stored under `key`, whatever integer width the server used; a missing,
/// negative or non-numeric value is 0.
pub(in crate::store) fn count_field(doc: &Document, key: &str) -> u64 {
    match doc.get(key) {
        Some(Bson::Int32(n)) => (*n).max(0) as u64,
        Some(Bson::Int64(n)) => (*n).max(0) as u64,
        Some(Bson::Double(n)) => n.max(0.0) as u64,
        _ => 0,
    }
}

/// A native ObjectId.
pub(in crate::store) fn oid(id: Id) -> Bson {
    Bson::ObjectId(id.oid())
}

/// Native ObjectIds, for `$in`.
pub(in crate::store) fn oids(ids: &[Id]) -> Bson {
    Bson::Array(ids.iter().map(|&id| oid(id)).collect())
}

/// A native BSON date.
pub(in crate::store) fn date(ts: Timestamp) -> Bson {
    Bson::DateTime(bson::DateTime::from_millis(ts.millis()))
}

/// Combines conditions: `{}` for none, the condition itself for one, `$and` otherwise (so two
/// conditions on the same field never overwrite each other).
pub(in crate::store) fn and(mut conditions: Vec<Document>) -> Document {
    conditions.retain(|c| !c.is_empty());
    match conditions.len() {
        0 => Document::new(),
        1 => conditions.pop().unwrap_or_default(),
        _ => doc! { "$and": conditions },
    }
}

/// `{field: {$gte: from, $lte: to}}` for the bounds that are set — both ends included, as on
/// the embedded store — or nothing.
pub(in crate::store) fn time_range(
    field: &str,
    from: Option<Timestamp>,
    to: Option<Timestamp>,
) -> Document {
    let mut range = Document::new();
    if let Some(from) = from {
        range.insert("$gte", date(from));
    }
    if let Some(to) = to {
        range.insert("$lte", date(to));
    }
    if range.is_empty() {
        Document::new()
    } else {
        doc! { field: range }
    }
}

/// `{field: value}` for one value, `{field: {$in: [...]}}` for several, nothing for none.
pub(in crate::store) fn any_of(field: &str, values: Vec<Bson>) -> Document {
    match values.len() {
        0 => Document::new(),
        1 => doc! { field: values.into_iter().next().unwrap_or(Bson::Null) },
        _ => doc! { field: { "$in": values } },
    }
}

/// Escapes every regular-expression metacharacter, so user text matches literally.
///
/// Only ASCII punctuation is escaped: both PCRE (MongoDB) and Python's `re` (SecantusDB) read
/// `\` + punctuation as the literal character, while `\` + a letter (PCRE's `\Q..\E`) is an error
/// in Python.
pub(in crate::store) fn escape_regex(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if "\\^$.|?*+()[]{}-#/&~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A condition (`{$regex, $options: "i"}`) matching `text` as the whole value, any case.
///
/// The operator form rather than a BSON regex value: a BSON regex is a C string, and user text
/// may contain a NUL.
pub(in crate::store) fn exact_ci(text: &str) -> Document {
    doc! { "$regex": format!("^{}$", escape_regex(text.trim())), "$options": "i" }
}

/// The store's [`Document`](crate::store::document::Document) trait, named `Stored` in this
/// adapter, where `Document` is BSON's.
pub(in crate::store) use crate::store::document::Document as Stored;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_timestamps_are_native_in_documents() {
        #[derive(Serialize)]
        struct D {
            #[serde(rename = "_id")]
            id: Id,
            at: Timestamp,
        }
        let (id, at) = (Id::new(), Timestamp::from_millis(1_700_000_000_123));
        let d = to_doc(&D { id, at }).unwrap();
        assert_eq!(d.get_object_id("_id").unwrap(), id.oid());
        assert_eq!(
            d.get_datetime("at").unwrap().timestamp_millis(),
            at.millis()
        );
        assert_eq!(to_bson(&id).unwrap(), oid(id));
        assert_eq!(to_bson(&at).unwrap(), date(at));
    }

    #[test]
    fn regex_escaping_makes_metacharacters_literal() {
        assert_eq!(escape_regex("a.b*c"), "a\\.b\\*c");
        assert_eq!(escape_regex("(x)[y]{z}"), "\\(x\\)\\[y\\]\\{z\\}");
        assert_eq!(escape_regex("^$|?+\\"), "\\^\\$\\|\\?\\+\\\\");
        assert_eq!(escape_regex("fundi wa maji"), "fundi wa maji");
        assert_eq!(escape_regex("café"), "café");
        assert_eq!(
            exact_ci(" C++ "),
            doc! {"$regex": "^C\\+\\+$", "$options": "i"}
        );
    }

    #[test]
    fn conditions_combine_without_overwriting() {
        assert_eq!(and(vec![]), doc! {});
        assert_eq!(and(vec![doc! {"a": 1}, doc! {}]), doc! {"a": 1});
        assert_eq!(
            and(vec![doc! {"a": 1}, doc! {"a": 2}]),
            doc! {"$and": [{"a": 1}, {"a": 2}]}
        );
        assert_eq!(any_of("s", vec![]), doc! {});
        assert_eq!(any_of("s", vec!["x".into()]), doc! {"s": "x"});
        assert_eq!(
            any_of("s", vec!["x".into(), "y".into()]),
            doc! {"s": {"$in": ["x", "y"]}}
        );
    }
}
