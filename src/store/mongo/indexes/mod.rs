//! Indexes: the definition type and how a definition compares with what the server lists;
//! [`catalog`] holds every index the product needs (one list per collection), `ensure` brings a
//! database in line (create what is missing, keep what is identical, rebuild what differs,
//! report what the server cannot build).
//!
//! Uniqueness among *live* users: MongoDB rejects `$exists: false` and `$not` in a
//! `partialFilterExpression`, so "only users without `deletedAt`" cannot be said directly.
//! Instead the adapter writes `deletedAt: null` explicitly on every live user (see
//! `users::user_doc`) and the unique indexes are partial on `{deletedAt: {$type: "null"}}`
//! (an explicit null, which `$type` can express and a deleted user's date does not match). A
//! deleted account therefore frees its e-mail, phone and username for a new registration even
//! when the deletion did not anonymize them. Documents imported from elsewhere without a
//! `deletedAt` field are outside these indexes until rewritten by `update_user`.

mod catalog;
mod ensure;

use bson::{Bson, Document, doc};

use super::{Mongo, errors, text};
use crate::error::{Error, Result};

pub use catalog::*;
pub(in crate::store) use ensure::TextIndexSupport;

/// One key of an index as MongoDB spells it (a spec's text key expands to one per field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPart {
    Asc(&'static str),
    Desc(&'static str),
    /// Part of the collection's text index.
    Text(&'static str),
    /// A `2dsphere` key over a GeoJSON point.
    Sphere(&'static str),
}

/// An index definition: what `createIndexes` gets and what `listIndexes` is compared with.
#[derive(Debug, Clone)]
pub struct IndexDef {
    pub collection: &'static str,
    pub name: &'static str,
    pub keys: Vec<KeyPart>,
    pub unique: bool,
    pub sparse: bool,
    /// `partialFilterExpression`.
    pub partial: Option<Document>,
    /// TTL: documents are removed this many seconds after the date in the (single) key.
    pub expire_after_seconds: Option<i64>,
}

impl IndexDef {
    /// Whether this is a text index (the server may not support those).
    pub fn is_text(&self) -> bool {
        self.keys.iter().any(|k| matches!(k, KeyPart::Text(_)))
    }

    /// The key document, e.g. `{role: 1, status: 1, "rating.average": -1}`.
    pub fn key_doc(&self) -> Document {
        let mut keys = Document::new();
        for k in &self.keys {
            let (field, value) = match *k {
                KeyPart::Asc(f) => (f, Bson::Int32(1)),
                KeyPart::Desc(f) => (f, Bson::Int32(-1)),
                KeyPart::Text(f) => (f, Bson::String("text".into())),
                KeyPart::Sphere(f) => (f, Bson::String("2dsphere".into())),
            };
            keys.insert(field, value);
        }
        keys
    }

    /// The `createIndexes` spec.
    pub fn spec(&self) -> Document {
        let mut spec = doc! { "key": self.key_doc(), "name": self.name };
        if self.unique {
            spec.insert("unique", true);
        }
        if self.sparse {
            spec.insert("sparse", true);
        }
        if let Some(partial) = &self.partial {
            spec.insert("partialFilterExpression", partial.clone());
        }
        if let Some(seconds) = self.expire_after_seconds {
            spec.insert("expireAfterSeconds", seconds);
        }
        spec
    }

    /// `role, status, rating.average desc` — the report's description of the keys.
    pub fn describe_keys(&self) -> String {
        self.keys
            .iter()
            .map(|k| match *k {
                KeyPart::Asc(f) => f.to_string(),
                KeyPart::Desc(f) => format!("{f} desc"),
                KeyPart::Text(f) => format!("{f} text"),
                KeyPart::Sphere(f) => format!("{f} 2dsphere"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether an existing index (a `listIndexes` spec) indexes the same keys, whatever its
    /// options — two such indexes cannot coexist under different names.
    fn same_keys(&self, existing: &Document) -> bool {
        let Ok(key) = existing.get_document("key") else {
            return false;
        };
        if self.is_text() {
            // The server stores a text index as `{_fts: "text", _ftsx: 1}` + `weights`; only
            // one text index may exist per collection, so any text index is "the same keys".
            return text::is_text_index(existing);
        }
        let want = self.key_doc();
        want.len() == key.len()
            && want
                .iter()
                .zip(key.iter())
                .all(|((wf, wv), (ef, ev))| wf == ef && same_key_value(wv, ev))
    }

    /// Whether an existing index is exactly this definition (keys and every option we set).
    fn matches(&self, existing: &Document) -> bool {
        if !self.same_keys(existing) {
            return false;
        }
        if self.is_text() && !self.same_text_fields(existing) {
            return false;
        }
        let flag = |name: &str| existing.get(name).is_some_and(truthy);
        let partial = existing.get_document("partialFilterExpression").ok();
        let ttl = existing.get("expireAfterSeconds").and_then(number);
        flag("unique") == self.unique
            && flag("sparse") == self.sparse
            && partial == self.partial.as_ref()
            && ttl == self.expire_after_seconds.map(|s| s as f64)
    }

    /// A text index covers exactly our fields with the default weight.
    fn same_text_fields(&self, existing: &Document) -> bool {
        let ours: Vec<&str> = self
            .keys
            .iter()
            .filter_map(|k| match *k {
                KeyPart::Text(f) => Some(f),
                _ => None,
            })
            .collect();
        match existing.get_document("weights") {
            Ok(weights) => {
                weights.len() == ours.len()
                    && ours
                        .iter()
                        .all(|f| weights.get(*f).and_then(number) == Some(1.0))
            }
            // Servers that echo the spec as created keep the text fields in `key` instead.
            Err(_) => existing.get_document("key").is_ok_and(|k| {
                k.len() == ours.len() && ours.iter().all(|f| k.get_str(*f).ok() == Some("text"))
            }),
        }
    }
}

fn number(v: &Bson) -> Option<f64> {
    match v {
        Bson::Int32(n) => Some(*n as f64),
        Bson::Int64(n) => Some(*n as f64),
        Bson::Double(n) => Some(*n),
        _ => None,
    }
}

fn truthy(v: &Bson) -> bool {
    match v {
        Bson::Boolean(b) => *b,
        other => number(other).is_some_and(|n| n != 0.0),
    }
}

/// `1`, `1.0` and `NumberLong(1)` are the same direction; strings compare as strings.
fn same_key_value(a: &Bson, b: &Bson) -> bool {
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.signum() == y.signum(),
        _ => a == b,
    }
}

impl Mongo {
    /// Raw `listIndexes` specs of a collection; a missing collection has none.
    pub(in crate::store) async fn list_index_specs(
        &self,
        collection: &str,
    ) -> Result<Vec<Document>> {
        // The raw command rather than the typed helper: comparing definitions needs the spec
        // exactly as the server keeps it. A collection has at most 64 indexes, so the first
        // batch (101 by default) holds them all.
        match self
            .db
            .run_command(doc! { "listIndexes": collection })
            .await
        {
            Ok(reply) => {
                let batch = reply
                    .get_document("cursor")
                    .and_then(|c| c.get_array("firstBatch"))
                    .map_err(|e| {
                        Error::internal(format!("mongodb: listIndexes reply for {collection}"), e)
                    })?;
                Ok(batch
                    .iter()
                    .filter_map(|b| b.as_document().cloned())
                    .collect())
            }
            // 26 NamespaceNotFound: the collection does not exist yet.
            Err(e) if errors::has_code(&e, &[26]) => Ok(Vec::new()),
            Err(e) => Err(errors::db_error(e, collection, "listing indexes")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_indexes_compare_by_keys_and_options() {
        let def = definition("users_email_unique").unwrap();
        let listed = doc! {
            "v": 2, "key": { "email": 1.0 }, "name": "users_email_unique", "unique": true,
            "partialFilterExpression": { "email": { "$type": "string" }, "deletedAt": { "$type": "null" } },
        };
        assert!(def.matches(&listed));
        let mut not_unique = listed.clone();
        not_unique.remove("unique");
        assert!(!def.matches(&not_unique) && def.same_keys(&not_unique));
        let mongoose = doc! { "v": 2, "key": { "email": 1 }, "name": "email_1", "unique": true };
        assert!(def.same_keys(&mongoose) && !def.matches(&mongoose));
        let ttl = doc! { "key": { "expiresAt": 1 }, "name": "x", "expireAfterSeconds": 3600 };
        assert!(
            !definition("notifications_expires_ttl")
                .unwrap()
                .matches(&ttl)
        );
    }

    #[test]
    fn a_server_text_index_is_recognised_by_its_weights() {
        let listed = doc! {
            "v": 2, "key": { "_fts": "text", "_ftsx": 1 }, "name": "reviews_text",
            "weights": { "comment": 1, "title": 1 }, "default_language": "english",
            "language_override": "language", "textIndexVersion": 3,
        };
        let reviews = definition("reviews_text").unwrap();
        assert!(reviews.matches(&listed));
        let other = doc! { "key": { "_fts": "text", "_ftsx": 1 }, "name": "t", "weights": { "comment": 1 } };
        assert!(reviews.same_keys(&other) && !reviews.matches(&other));
    }
}
