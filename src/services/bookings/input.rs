//! Small checks shared by the booking inputs; each pushes a [`FieldError`] naming the field so
//! a request hears about every bad field at once.

use serde_json::Value;

use crate::domain::Id;
use crate::error::FieldError;

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
