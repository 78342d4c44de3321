//! Every index the product needs, read from the collection specs ([`crate::store::spec`]):
//! names, keys, uniqueness and TTL as declared there, in MongoDB's terms.

use bson::{Document, doc};

use super::IndexDef;
use super::KeyPart::{self, Asc, Desc, Sphere, Text};
use crate::store::spec::{self, CollectionSpec, IndexKey, Scope, UniqueSpec};

/// The partial filter of a unique constraint's scope (absent and null values never collide).
fn partial(u: &UniqueSpec) -> Option<Document> {
    let field = u.fields[0];
    match u.scope {
        Scope::All => None,
        Scope::Present => Some(doc! { field: { "$type": "string" } }),
        // Live users: `deletedAt` written as an explicit null (see the module docs).
        Scope::Live => {
            Some(doc! { field: { "$type": "string" }, "deletedAt": { "$type": "null" } })
        }
    }
}

/// The definitions of one collection: its unique constraints, then its other indexes.
pub fn collection_definitions(s: &'static CollectionSpec) -> Vec<IndexDef> {
    let uniques = s.uniques.iter().map(|u| IndexDef {
        collection: s.name,
        name: u.index,
        keys: u.fields.iter().map(|f| Asc(f)).collect(),
        unique: true,
        sparse: false,
        partial: partial(u),
        expire_after_seconds: None,
    });
    let others = s.indexes.iter().map(|i| IndexDef {
        collection: s.name,
        name: i.name,
        keys: i
            .keys
            .iter()
            .flat_map(|k| -> Vec<KeyPart> {
                match *k {
                    IndexKey::Asc(f) => vec![Asc(f)],
                    IndexKey::Desc(f) => vec![Desc(f)],
                    IndexKey::Sphere(f) => vec![Sphere(f)],
                    IndexKey::Text => s.text.iter().map(|f| Text(f)).collect(),
                }
            })
            .collect(),
        unique: false,
        sparse: false,
        partial: None,
        expire_after_seconds: i.ttl,
    });
    uniques.chain(others).collect()
}

/// Every definition, collection by collection.
pub fn definitions() -> Vec<IndexDef> {
    spec::ALL
        .iter()
        .flat_map(|s| collection_definitions(s))
        .collect()
}

/// The definition named `name`.
pub fn definition(name: &str) -> Option<IndexDef> {
    definitions().into_iter().find(|d| d.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::collections as c;

    #[test]
    fn every_collection_has_indexes_and_at_most_one_text_index() {
        let defs = definitions();
        for coll in c::ALL {
            assert!(defs.iter().any(|d| d.collection == *coll), "{coll}");
            // At most one text index per collection (a MongoDB rule).
            assert!(
                defs.iter()
                    .filter(|d| d.collection == *coll && d.is_text())
                    .count()
                    <= 1
            );
        }
    }

    #[test]
    fn text_indexes_cover_the_search_fields() {
        for s in spec::ALL.iter().filter(|s| !s.text.is_empty()) {
            let def = definitions()
                .into_iter()
                .find(|d| d.collection == s.name && d.is_text())
                .unwrap();
            let keys: Vec<_> = def
                .keys
                .iter()
                .map(|k| match *k {
                    Text(f) => f,
                    _ => panic!("mixed text index"),
                })
                .collect();
            assert_eq!(keys, s.text, "{}", s.name);
        }
    }

    #[test]
    fn specs_carry_keys_and_options() {
        let email = definition("users_email_unique").unwrap();
        assert_eq!(
            email.spec(),
            doc! {
                "key": { "email": 1 }, "name": "users_email_unique", "unique": true,
                "partialFilterExpression": { "email": { "$type": "string" }, "deletedAt": { "$type": "null" } },
            }
        );
        let ttl = definition("notifications_expires_ttl").unwrap();
        assert_eq!(ttl.spec().get_i64("expireAfterSeconds").ok(), Some(0));
        assert_eq!(
            definition("users_role_status_rating")
                .unwrap()
                .describe_keys(),
            "role, status, rating.average desc"
        );
    }
}
