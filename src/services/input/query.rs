//! Query strings: each parameter at most once, only the route's names, no operator-looking
//! keys; and the paging parameters every list shares.

use super::Problems;
use crate::error::{Error, Result};
use crate::store::PageRequest;

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
pub fn page_params(query: Vec<(String, String)>) -> Result<PageRequest> {
    let mut p = Problems::new();
    let q = Params::new(query, &["limit", "cursor", "page"], &mut p);
    match PageRequest::parse(q.get("limit"), q.get("cursor"), q.get("page")) {
        Ok(req) => p.finish().map(|()| req),
        Err(Error::Validation(errs)) => {
            p.extend(errs);
            Err(Error::Validation(p.0))
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
