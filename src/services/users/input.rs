//! Reading client input field by field so one 400 lists every problem at once.
//!
//! `serde(deny_unknown_fields)` stops at the first bad key and cannot say *why* a key is
//! refused. Bodies here are walked as JSON objects instead: each known key is parsed on its
//! own (a type error names the field and parsing goes on), and whatever is left at the end —
//! unknown keys and fields the caller may not set (`role`, `kyc`, ...) — is reported too.
//! Query strings get the same treatment through [`Params`].

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{Error, FieldError, Result};

/// The problems found so far in one request.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldError>);

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

/// Query-string parameters: each at most once, only known names, no operator-looking keys.
#[derive(Debug)]
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn new(pairs: Vec<(String, String)>, allowed: &[&str], p: &mut Problems) -> Params {
        let mut seen: Vec<&str> = Vec::new();
        for (k, _) in &pairs {
            if k.contains('$') || k.contains('[') || k.contains('\0') {
                p.push(
                    k.as_str(),
                    "parameter names may not contain $ or [ (no query operators)",
                );
            } else if !allowed.contains(&k.as_str()) {
                p.push(
                    k.as_str(),
                    format!(
                        "is not a parameter of this route (expected {})",
                        allowed.join(", ")
                    ),
                );
            } else if seen.contains(&k.as_str()) {
                p.push(k.as_str(), "was given more than once");
            }
            seen.push(k.as_str());
        }
        Params(pairs)
    }

    /// The value of `name`, trimmed; empty values count as absent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// `name` parsed as a number within `range`.
    pub fn number(
        &self,
        name: &str,
        range: std::ops::RangeInclusive<f64>,
        p: &mut Problems,
    ) -> Option<f64> {
        let raw = self.get(name)?;
        match raw.parse::<f64>() {
            Ok(n) if n.is_finite() && range.contains(&n) => Some(n),
            _ => {
                p.push(
                    name,
                    format!("must be a number from {} to {}", range.start(), range.end()),
                );
                None
            }
        }
    }

    /// `name` as `true`/`false` (also `1`/`0`).
    pub fn flag(&self, name: &str, p: &mut Problems) -> Option<bool> {
        match self.get(name)? {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => {
                p.push(name, "must be true or false");
                None
            }
        }
    }

    /// A comma-separated list of non-empty names, each at most `max_len` characters, at most
    /// `max_items` of them, lower-cased and without duplicates.
    pub fn list(
        &self,
        name: &str,
        max_items: usize,
        max_len: usize,
        p: &mut Problems,
    ) -> Vec<String> {
        let Some(raw) = self.get(name) else {
            return Vec::new();
        };
        let mut out: Vec<String> = Vec::new();
        for item in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if item.chars().count() > max_len {
                p.push(
                    name,
                    format!("each entry must be at most {max_len} characters"),
                );
                return Vec::new();
            }
            let item = item.to_lowercase();
            if !out.contains(&item) {
                out.push(item);
            }
        }
        if out.len() > max_items {
            p.push(name, format!("at most {max_items} entries"));
            return Vec::new();
        }
        out
    }
}

/// `limit`, `cursor` and `page` (and nothing else) as a page request.
pub fn page_params(query: Vec<(String, String)>) -> Result<crate::store::PageRequest> {
    let mut p = Problems::new();
    let q = Params::new(query, &["limit", "cursor", "page"], &mut p);
    match crate::store::PageRequest::parse(q.get("limit"), q.get("cursor"), q.get("page")) {
        Ok(req) => p.finish().map(|()| req),
        Err(Error::Validation(errs)) => {
            p.extend(errs);
            Err(Error::Validation(p.0))
        }
        Err(e) => Err(e),
    }
}

// --- value checks ------------------------------------------------------------------------

/// The bidi embedding, override and isolate controls (U+202A..U+202E, U+2066..U+2069): they
/// make text display in an order other than the one it is stored in, so what a reader sees
/// is not what was written. Plain marks (LRM, RLM, ALM) stay allowed for right-to-left text.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Trimmed text of `min..=max` characters (counted as characters, not bytes), without control
/// characters (other than newline and tab) or bidi overrides.
pub fn text(p: &mut Problems, field: &str, s: &str, min: usize, max: usize) -> Option<String> {
    let t = s.trim();
    let n = t.chars().count();
    if n < min {
        p.push(
            field,
            if min == 1 {
                "may not be empty".to_string()
            } else {
                format!("must be at least {min} characters")
            },
        );
        None
    } else if n > max {
        p.push(field, format!("must be at most {max} characters"));
        None
    } else if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        p.push(field, "may not contain control characters");
        None
    } else if t.chars().any(is_bidi_control) {
        p.push(field, "may not contain text-direction override characters");
        None
    } else {
        Some(t.to_string())
    }
}

/// Longest first or last name, in characters.
pub const NAME_MAX: usize = 50;

/// The one rule for a person's first or last name, at registration and in `PUT /users/me`:
/// trimmed, 1..=[`NAME_MAX`] characters, letters (any script) with spaces, hyphens,
/// apostrophes and dots between them, and combining accents after a letter. That leaves out
/// markup (`<script>`), digits, control characters, and the invisible format characters that
/// make a name display as something else (bidi overrides such as U+202E, zero-width spaces and
/// joiners, byte-order marks). Returns the trimmed name or why it is refused.
pub fn check_person_name(raw: &str) -> Result<String, String> {
    let v = raw.trim();
    if v.is_empty() {
        return Err("is required".into());
    }
    if v.chars().count() > NAME_MAX {
        return Err(format!("must be at most {NAME_MAX} characters"));
    }
    let mut after_letter = false;
    for c in v.chars() {
        let ok = if c.is_alphabetic() {
            after_letter = true;
            true
        } else if ('\u{300}'..='\u{36f}').contains(&c) {
            after_letter
        } else {
            after_letter = false;
            matches!(c, ' ' | '-' | '\'' | '.' | '\u{2019}')
        };
        if !ok {
            return Err("may contain only letters, spaces, hyphens, apostrophes and dots".into());
        }
    }
    if !v.chars().any(char::is_alphabetic) {
        return Err("may contain only letters, spaces, hyphens, apostrophes and dots".into());
    }
    Ok(v.to_string())
}

/// [`check_person_name`] reporting into `p`.
pub fn person_name(p: &mut Problems, field: &str, raw: &str) -> Option<String> {
    check_person_name(raw)
        .map_err(|why| p.push(field, why))
        .ok()
}

/// An `https://` URL with a plausible host, at most 2048 characters. Images and documents are
/// only ever fetched by clients from such URLs (Cloudinary and the like), never from `http:`,
/// `data:` or `javascript:` ones.
pub fn https_url(p: &mut Problems, field: &str, s: &str) -> Option<String> {
    let s = s.trim();
    let ok = s.len() <= 2048
        && s.strip_prefix("https://").is_some_and(|rest| {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
            let host = authority.rsplit_once(':').map_or(authority, |(h, port)| {
                if port.chars().all(|c| c.is_ascii_digit()) {
                    h
                } else {
                    authority
                }
            });
            !authority.contains('@')
                && host.contains('.')
                && host.split('.').all(|l| {
                    !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
                && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
        });
    if ok {
        Some(s.to_string())
    } else {
        p.push(field, "must be an https:// URL");
        None
    }
}

/// A lower-case slug (`plumbing`, `air-conditioning`), 1..=50 characters.
pub fn slug(p: &mut Problems, field: &str, s: &str) -> Option<String> {
    let s = s.trim().to_lowercase();
    if (1..=50).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Some(s)
    } else {
        p.push(field, "must be 1-50 characters of a-z, 0-9, - and _");
        None
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

    #[test]
    fn names_are_letters_without_invisible_or_markup_characters() {
        for good in [
            "Amina",
            " O'Neil-Kamau ",
            "Jean-Luc St. Pierre",
            "Wanjir\u{169}",
            "Wanjiru\u{303}",
            "N\u{2019}Dour",
            "\u{5d3}\u{5d5}\u{5d3}",
        ] {
            assert!(check_person_name(good).is_ok(), "{good:?}");
        }
        assert_eq!(check_person_name("  Zo\u{eb} ").unwrap(), "Zo\u{eb}");
        for bad in [
            "",
            "   ",
            "\u{202e}evil",
            "A\u{200b}B",
            "A\u{200d}B",
            "\u{feff}Amina",
            "Amina\u{2066}",
            "\u{303}Amina",
            "<script>alert(1)</script>",
            "Ami\nna",
            "R2D2",
            "--",
            &"a".repeat(NAME_MAX + 1),
        ] {
            assert!(check_person_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_person_name(&"a".repeat(NAME_MAX)).is_ok());
    }

    #[test]
    fn urls_must_be_https_with_a_host() {
        let mut p = Problems::new();
        assert!(https_url(&mut p, "u", "https://res.cloudinary.com/demo/a.jpg").is_some());
        assert!(https_url(&mut p, "u", "https://localhost:8443/x").is_none());
        for bad in [
            "http://x.com/a",
            "javascript:alert(1)",
            "https://a@b.com/",
            "https:// x.com",
            "https://x..com",
        ] {
            assert!(https_url(&mut p, "u", bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn query_params_are_checked_by_name() {
        let mut p = Problems::new();
        let pairs = vec![
            ("lat".to_string(), "1".to_string()),
            ("lat".to_string(), "2".to_string()),
            ("lat[$gt]".to_string(), "0".to_string()),
            ("nope".to_string(), "0".to_string()),
        ];
        Params::new(pairs, &["lat"], &mut p);
        let fields: Vec<_> = p.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["lat", "lat[$gt]", "nope"]);
    }
}
