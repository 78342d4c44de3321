//! The validation kit: reading client input so that one 400 lists every problem at once.
//!
//! A typed decoder stops at the first bad field, so a wrong type in one field would hide
//! every other problem. Two ways around it, one kit:
//! - typed wire bodies whose fields are [`Field`]s: each field decodes on its own, a wrong
//!   type is kept as a problem of that field, and validation reports it among the others;
//! - bodies walked as JSON objects ([`Obj`]): each known key parsed on its own, and whatever
//!   is left — unknown keys and fields the caller may not set (`role`, `kyc`, ...) — reported.
//!
//! Query strings get the same treatment through [`Params`] ([`query`]); the value checks
//! every input shares (text, names, URLs, slugs, ids, times) are in [`checks`] and on
//! [`Problems`].

pub mod checks;
pub mod query;

pub use checks::{
    MAX_URL, NAME_MAX, check_person_name, https_url, is_https_url, person_name, slug, text,
};
pub use query::{Params, page_params};

use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::domain::{Id, Timestamp};
use crate::error::{Error, FieldError, Result};
use crate::store::PageRequest;

/// The problems found so far in one request, each naming its field (camelCase wire names).
#[derive(Debug, Default)]
pub struct Problems(pub Vec<FieldError>);

impl Problems {
    pub fn new() -> Self {
        Problems(Vec::new())
    }

    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    pub fn extend(&mut self, errs: impl IntoIterator<Item = FieldError>) {
        self.0.extend(errs);
    }

    /// `value` when there were no problems. Required values are `None` only alongside a
    /// problem naming them, so the fallback error is never what a client sees.
    pub fn finish_with<T>(self, value: Option<T>) -> Result<T> {
        self.finish()?;
        value.ok_or_else(|| Error::BadRequest("the request is incomplete".into()))
    }

    /// The problems found, for a caller that collects its own list.
    pub fn into_errors(self) -> Vec<FieldError> {
        self.0
    }

    /// `Validation` listing every problem, or `Ok` when there were none.
    pub fn finish(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(self.0))
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A string value: `None` (and a problem) when present but not a string, or when required
    /// and missing.
    pub fn string(&mut self, field: &str, v: Option<&Value>, required: bool) -> Option<String> {
        match v {
            None | Some(Value::Null) => {
                if required {
                    self.push(field, "is required");
                }
                None
            }
            Some(Value::String(s)) => Some(s.trim().to_string()),
            Some(_) => {
                self.push(field, "must be a string");
                None
            }
        }
    }

    /// Trimmed text of `min..=max` characters (a missing value counts as empty).
    pub fn text(&mut self, field: &str, v: Option<&str>, min: usize, max: usize) -> Option<String> {
        let t = v.unwrap_or("").trim();
        let n = t.chars().count();
        if n < min {
            self.push(
                field,
                if min <= 1 {
                    "is required".to_string()
                } else {
                    format!("must be at least {min} characters")
                },
            );
            None
        } else if n > max {
            self.push(field, format!("must be at most {max} characters"));
            None
        } else {
            Some(t.to_string())
        }
    }

    /// An id.
    pub fn id(&mut self, field: &str, s: &str) -> Option<Id> {
        let id = Id::parse(s);
        if id.is_none() {
            self.push(field, "must be a 24-character hexadecimal id");
        }
        id
    }

    /// An optional id query value (empty counts as absent).
    pub fn opt_id(&mut self, field: &str, raw: Option<&str>) -> Option<Id> {
        raw.filter(|s| !s.is_empty())
            .and_then(|s| self.id(field, s))
    }

    /// An optional RFC 3339 time query value (empty counts as absent).
    pub fn time(&mut self, field: &str, raw: Option<&str>) -> Option<Timestamp> {
        let raw = raw.filter(|s| !s.is_empty())?;
        let t = Timestamp::parse(raw);
        if t.is_none() {
            self.push(field, "must be an RFC 3339 date-time");
        }
        t
    }

    /// The comma-separated values of a query parameter, each read by `parse`; one that does not
    /// parse is reported as not a `noun`.
    pub fn list<T>(
        &mut self,
        field: &str,
        raw: Option<&str>,
        noun: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Vec<T> {
        let mut out = Vec::new();
        for s in raw
            .into_iter()
            .flat_map(|s| s.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            match parse(s) {
                Some(v) => out.push(v),
                None => self.push(field, format!("{s:?} is not a {noun}")),
            }
        }
        out
    }

    /// The page a list query asks for; its problems join the others.
    pub fn page(
        &mut self,
        limit: Option<&str>,
        cursor: Option<&str>,
        page: Option<&str>,
    ) -> Result<Option<PageRequest>> {
        match PageRequest::parse(limit, cursor, page) {
            Ok(p) => Ok(Some(p)),
            Err(Error::Validation(mut e)) => {
                self.0.append(&mut e);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// At most `max` https URLs.
    pub fn urls(&mut self, field: &str, urls: &[String], max: usize) -> Vec<String> {
        if urls.len() > max {
            self.push(field, format!("may list at most {max} URLs"));
        }
        let mut out = Vec::new();
        for (i, u) in urls.iter().enumerate() {
            if is_https_url(u) {
                out.push(u.trim().to_string());
            } else {
                self.push(format!("{field}[{i}]"), "must be an https:// URL");
            }
        }
        out
    }
}

/// One field of a typed wire body. It decodes whatever JSON the client sent without failing
/// the whole body: a value of the wrong type becomes [`Field::Invalid`], reported with the
/// field's name when the body is validated, next to every other problem. Use it with
/// `#[serde(default)]` (a missing key is [`Field::Absent`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Field<T> {
    /// The key was not sent.
    #[default]
    Absent,
    /// `null` was sent.
    Null,
    /// A value of the right type.
    Set(T),
    /// A value that does not decode as `T`; why.
    Invalid(String),
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Null => Field::Null,
            v => match serde_json::from_value(v) {
                Ok(t) => Field::Set(t),
                Err(e) => Field::Invalid(e.to_string()),
            },
        })
    }
}

/// A value a caller already has typed (a command, a one-field body): `None` is left out.
impl<T> From<Option<T>> for Field<T> {
    fn from(v: Option<T>) -> Field<T> {
        v.map_or(Field::Absent, Field::Set)
    }
}

/// As the value when one was sent, else `null` (so wire types can show their defaults).
impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Field::Set(v) => v.serialize(s),
            _ => s.serialize_none(),
        }
    }
}

impl<T> Field<T> {
    /// The value if one of the right type was sent; a wrong type is reported as `field`'s.
    pub fn optional(self, p: &mut Problems, field: &str) -> Option<T> {
        match self {
            Field::Set(v) => Some(v),
            Field::Invalid(why) => {
                p.push(field, why);
                None
            }
            Field::Absent | Field::Null => None,
        }
    }

    /// The value, which must be sent: missing or `null` is "is required", a wrong type is
    /// reported as such.
    pub fn required(self, p: &mut Problems, field: &str) -> Option<T> {
        match self {
            Field::Absent | Field::Null => {
                p.push(field, "is required");
                None
            }
            other => other.optional(p, field),
        }
    }

    /// Like [`optional`](Self::optional) for a field that may be left out but not `null`.
    pub fn not_null(self, p: &mut Problems, field: &str) -> Option<T> {
        match self {
            Field::Null => {
                p.push(field, "may not be null");
                None
            }
            other => other.optional(p, field),
        }
    }

    /// What was sent, for a check that treats "left out" itself: `Some(value or None)`, or
    /// `None` when the value had the wrong type (reported as `field`'s problem).
    pub fn read(self, p: &mut Problems, field: &str) -> Option<Option<T>> {
        match self {
            Field::Set(v) => Some(Some(v)),
            Field::Absent | Field::Null => Some(None),
            Field::Invalid(why) => {
                p.push(field, why);
                None
            }
        }
    }

    /// The value if one of the right type was sent, without reporting anything (for a caller
    /// that has already reported this field).
    pub fn ok(self) -> Option<T> {
        match self {
            Field::Set(v) => Some(v),
            _ => None,
        }
    }

    /// Whether a value of the right type was sent.
    pub fn is_set(&self) -> bool {
        matches!(self, Field::Set(_))
    }
}

/// The keys of a wire body that its type does not know, kept (with `#[serde(flatten)]`) only
/// to be reported by name: a misspelt or forbidden field is never silently ignored.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct UnknownKeys(std::collections::BTreeMap<String, serde::de::IgnoredAny>);

impl UnknownKeys {
    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Reports every key: `protected` ones with their reason (they exist but the caller may not
    /// set them here), the rest as unknown — as [`Obj::finish`] does.
    pub fn report(&self, p: &mut Problems, protected: &[(&str, &str)]) {
        for key in self.0.keys() {
            let why = protected
                .iter()
                .find(|(k, _)| k == key)
                .map_or("is not a field you can set", |(_, why)| why);
            p.push(key.as_str(), why);
        }
    }
}

impl Field<String> {
    /// [`Problems::text`] of what was sent (left out counts as empty); a wrong type is reported
    /// instead.
    pub fn text(self, p: &mut Problems, field: &str, min: usize, max: usize) -> Option<String> {
        let v = self.read(p, field)?;
        p.text(field, v.as_deref(), min, max)
    }

    /// Trimmed text that must be sent and not be blank ("is required" otherwise).
    pub fn required_text(self, p: &mut Problems, field: &str) -> Option<String> {
        match self {
            Field::Invalid(why) => {
                p.push(field, why);
                None
            }
            other => match other.ok().map(|s| s.trim().to_string()) {
                Some(s) if !s.is_empty() => Some(s),
                _ => {
                    p.push(field, "is required");
                    None
                }
            },
        }
    }
}

/// What a request says about one optional field.
#[derive(Debug, Clone, PartialEq)]
pub enum Patch<T> {
    /// The key was not sent: leave the value as it is.
    Absent,
    /// `null`: clear the value.
    Clear,
    Set(T),
}

impl<T> Patch<T> {
    /// The value when one was sent.
    pub fn set(self) -> Option<T> {
        match self {
            Patch::Set(v) => Some(v),
            _ => None,
        }
    }
}

/// A JSON object being read; `path` prefixes the field names in error messages.
#[derive(Debug)]
pub struct Obj {
    path: String,
    map: Map<String, Value>,
}

impl Obj {
    /// The request body, which must be a JSON object.
    pub fn body(v: Value, p: &mut Problems) -> Option<Obj> {
        Obj::at(String::new(), v, p)
    }

    /// A JSON object found at `path` (e.g. `documents[0]`), which must be an object.
    pub fn at(path: impl Into<String>, v: Value, p: &mut Problems) -> Option<Obj> {
        let path = path.into();
        match v {
            Value::Object(map) => Some(Obj { path, map }),
            _ => {
                p.push(
                    if path.is_empty() { "body" } else { &path },
                    "must be a JSON object",
                );
                None
            }
        }
    }

    /// The full name of `key` for messages (`profile.bio`).
    pub fn field(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Whether the object has `key` (not yet taken).
    pub fn contains(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Takes `key` and parses it as `T`; a wrong type is reported and reads as `Absent`.
    pub fn take<T: DeserializeOwned>(&mut self, key: &str, p: &mut Problems) -> Patch<T> {
        match self.map.remove(key) {
            None => Patch::Absent,
            Some(Value::Null) => Patch::Clear,
            Some(v) => match serde_json::from_value(v) {
                Ok(t) => Patch::Set(t),
                Err(e) => {
                    p.push(self.field(key), e.to_string());
                    Patch::Absent
                }
            },
        }
    }

    /// Like [`take`](Self::take) for a field that may not be `null`.
    pub fn take_value<T: DeserializeOwned>(&mut self, key: &str, p: &mut Problems) -> Option<T> {
        match self.take(key, p) {
            Patch::Set(v) => Some(v),
            Patch::Clear => {
                p.push(self.field(key), "may not be null");
                None
            }
            Patch::Absent => None,
        }
    }

    /// A field that must be present and not `null`.
    pub fn require<T: DeserializeOwned>(&mut self, key: &str, p: &mut Problems) -> Option<T> {
        if self.map.get(key).is_none_or(Value::is_null) {
            self.map.remove(key);
            p.push(self.field(key), "is required");
            return None;
        }
        self.take(key, p).set()
    }

    /// Takes a nested object.
    pub fn object(&mut self, key: &str, p: &mut Problems) -> Patch<Obj> {
        let path = self.field(key);
        match self.map.remove(key) {
            None => Patch::Absent,
            Some(Value::Null) => Patch::Clear,
            Some(v) => Obj::at(path, v, p).map_or(Patch::Absent, Patch::Set),
        }
    }

    /// Reports every key nobody took: `protected` ones with their reason (they exist but the
    /// caller may not set them here), the rest as unknown.
    pub fn finish(self, p: &mut Problems, protected: &[(&str, &str)]) {
        let mut keys: Vec<_> = self.map.keys().cloned().collect();
        keys.sort();
        for key in keys {
            let why = protected
                .iter()
                .find(|(k, _)| *k == key)
                .map_or("is not a field you can set", |(_, why)| why);
            p.push(self.field(&key), why);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_problem_of_an_object_is_listed() {
        let mut p = Problems::new();
        let mut o =
            Obj::body(json!({"a": "x", "b": 1, "role": "admin", "zzz": 1}), &mut p).unwrap();
        let a: Option<u32> = o.take_value("a", &mut p);
        let b: Option<u32> = o.take_value("b", &mut p);
        let c: Option<u32> = o.require("c", &mut p);
        o.finish(&mut p, &[("role", "cannot be changed")]);
        assert_eq!((a, b, c), (None, Some(1), None));
        let fields: Vec<_> = p.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["a", "c", "role", "zzz"]);
        assert_eq!(p.0[2].message, "cannot be changed");
    }

    #[test]
    fn nested_objects_prefix_their_fields() {
        let mut p = Problems::new();
        let mut o = Obj::body(json!({"profile": {"bio": 3, "x": 1}}), &mut p).unwrap();
        let Patch::Set(mut inner) = o.object("profile", &mut p) else {
            panic!()
        };
        let _: Patch<String> = inner.take("bio", &mut p);
        inner.finish(&mut p, &[]);
        let fields: Vec<_> = p.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["profile.bio", "profile.x"]);
    }

    #[derive(Debug, Default, serde::Deserialize)]
    #[serde(default, rename_all = "camelCase")]
    struct Wire {
        first_name: Field<String>,
        age: Field<u32>,
        email: Field<String>,
    }

    #[test]
    fn a_wrong_type_is_one_problem_among_the_others() {
        let w: Wire = serde_json::from_value(json!({"firstName": 1, "age": "x"})).unwrap();
        let mut p = Problems::new();
        let first = w.first_name.required_text(&mut p, "firstName");
        let age = w.age.optional(&mut p, "age");
        let email = w.email.required_text(&mut p, "email");
        assert_eq!((first, age, email), (None, None, None));
        let fields: Vec<_> = p.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["firstName", "age", "email"]);
        assert!(p.0[0].message.contains("expected a string"), "{:?}", p.0);
        assert_eq!(p.0[2].message, "is required");
    }

    #[test]
    fn every_problem_is_kept_with_its_field() {
        let mut p = Problems::default();
        p.text("description", Some("short"), 10, 2_000);
        p.string("urgency", Some(&Value::from(3)), false);
        p.string("serviceCategory", None, true);
        p.urls(
            "photos",
            &["http://x".into(), "https://ok.example/a.png".into()],
            10,
        );
        let fields: Vec<_> = p.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["description", "urgency", "serviceCategory", "photos[0]"]
        );
    }
}
