//! Small checks shared by request inputs (bodies and list queries); each pushes a
//! [`FieldError`] naming the field so a request hears about every bad field at once.

use serde_json::Value;

use crate::domain::{Id, Timestamp};
use crate::error::{Error, FieldError, Result};
use crate::store::PageRequest;

/// The longest URL accepted for a photo or piece of evidence.
pub const MAX_URL: usize = 2_048;

/// Collects the problems of one request.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<FieldError>);

impl Problems {
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
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
            if https_url(u) {
                out.push(u.trim().to_string());
            } else {
                self.push(format!("{field}[{i}]"), "must be an https:// URL");
            }
        }
        out
    }
}

/// Whether `s` looks like an absolute https URL with a host and no whitespace.
pub fn https_url(s: &str) -> bool {
    let s = s.trim();
    s.len() <= MAX_URL
        && s.strip_prefix("https://").is_some_and(|rest| {
            !rest.is_empty() && !rest.starts_with('/') && !rest.contains(char::is_whitespace)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_https_urls_pass() {
        assert!(https_url("https://res.cloudinary.com/demo/a.jpg"));
        assert!(!https_url("http://res.cloudinary.com/demo/a.jpg"));
        assert!(!https_url("https:///a.jpg"));
        assert!(!https_url("https://a b.jpg"));
        assert!(!https_url("javascript:alert(1)"));
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
