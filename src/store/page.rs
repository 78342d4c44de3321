//! Pagination: cursor pages for infinite scroll, and `page`/`limit` offset pages for the clients
//! of the original API (those also return `total`).

use serde::Serialize;

use crate::domain::Id;
use crate::error::{Error, Result};

/// Largest page anyone may ask for.
pub const MAX_LIMIT: u32 = 100;
pub const DEFAULT_LIMIT: u32 = 20;
/// Deepest position a list may be continued from, by an offset cursor or a page number
/// (`page × limit`). Far beyond what anyone scrolls; it keeps every skip a small number that
/// each store takes as it is (MongoDB refuses a skip beyond `i64`, SQLite scans what it skips).
pub const MAX_OFFSET: u64 = 100_000;
/// Range of the key of a `k` cursor: milliseconds of a date from 1970 up to the end of 9999.
pub const MAX_KEY_MILLIS: i64 = 253_402_300_799_999;

/// Where a list continues from. Opaque to clients; encoded by [`Cursor::encode`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cursor {
    /// After this id in id-descending order.
    Id(Id),
    /// After this many items (score-ordered lists).
    Offset(u64),
    /// After (key, id) in (key desc, id desc) order; key is e.g. milliseconds of activity.
    KeyId(i64, Id),
    /// After this many items of a frozen ranked list (a scroll snapshot with this id).
    Snapshot(Id, u64),
}

impl Cursor {
    pub fn encode(&self) -> String {
        match self {
            Cursor::Id(id) => id.to_hex(),
            Cursor::Offset(n) => format!("o{n}"),
            Cursor::KeyId(k, id) => format!("k{k}_{id}"),
            Cursor::Snapshot(id, n) => format!("s{id}_{n}"),
        }
    }

    /// Reads a cursor [`Cursor::encode`] made. Anything else — including an offset deeper
    /// than [`MAX_OFFSET`] or a key outside [`MAX_KEY_MILLIS`] — is a validation error naming
    /// `cursor`, so no store ever sees an out-of-range value.
    pub fn decode(s: &str) -> Result<Self> {
        let bad = || Error::validation("cursor", "is not a cursor this API returned");
        // Only plain decimal digits: `parse` would also take a leading `+`.
        let digits = |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
        if let Some(id) = Id::parse(s) {
            return Ok(Cursor::Id(id));
        }
        if let Some(n) = s.strip_prefix('o') {
            return match n.parse::<u64>() {
                Ok(v) if digits(n) && v <= MAX_OFFSET => Ok(Cursor::Offset(v)),
                _ => Err(bad()),
            };
        }
        if let Some(rest) = s.strip_prefix('s') {
            let (id, n) = rest.split_once('_').ok_or_else(bad)?;
            let id = Id::parse(id).ok_or_else(bad)?;
            return match n.parse::<u64>() {
                Ok(v) if digits(n) && v <= MAX_OFFSET => Ok(Cursor::Snapshot(id, v)),
                _ => Err(bad()),
            };
        }
        if let Some(rest) = s.strip_prefix('k') {
            let (k, id) = rest.split_once('_').ok_or_else(bad)?;
            if !digits(k) {
                return Err(bad());
            }
            let k = k
                .parse::<i64>()
                .ok()
                .filter(|k| (0..=MAX_KEY_MILLIS).contains(k))
                .ok_or_else(bad)?;
            return Id::parse(id).map(|id| Cursor::KeyId(k, id)).ok_or_else(bad);
        }
        Err(bad())
    }
}

/// What page of a list to return.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRequest {
    pub limit: u32,
    pub cursor: Option<Cursor>,
    /// 1-based page number: offset pagination with a `total`.
    pub page: Option<u32>,
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest {
            limit: DEFAULT_LIMIT,
            cursor: None,
            page: None,
        }
    }
}

impl PageRequest {
    pub fn first(limit: u32) -> Self {
        PageRequest {
            limit: limit.clamp(1, MAX_LIMIT),
            ..Default::default()
        }
    }

    pub fn after(limit: u32, cursor: Cursor) -> Self {
        PageRequest {
            limit: limit.clamp(1, MAX_LIMIT),
            cursor: Some(cursor),
            page: None,
        }
    }

    pub fn numbered(page: u32, limit: u32) -> Self {
        PageRequest {
            limit: limit.clamp(1, MAX_LIMIT),
            cursor: None,
            page: Some(page.max(1)),
        }
    }

    /// Parses `limit`, `cursor` and `page` query values, listing every bad one.
    pub fn parse(limit: Option<&str>, cursor: Option<&str>, page: Option<&str>) -> Result<Self> {
        let mut errs = Vec::new();
        let limit = match limit {
            None => DEFAULT_LIMIT,
            Some(l) => match l.parse::<u32>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    errs.push(crate::error::FieldError::new(
                        "limit",
                        format!("must be a whole number from 1 to {MAX_LIMIT}"),
                    ));
                    DEFAULT_LIMIT
                }
            },
        };
        let max_page = MAX_OFFSET / u64::from(limit) + 1;
        let page = match page {
            None => None,
            Some(p) => match p.parse::<u32>() {
                Ok(n) if n >= 1 && u64::from(n) <= max_page => Some(n),
                _ => {
                    errs.push(crate::error::FieldError::new(
                        "page",
                        format!("must be a whole number from 1 to {max_page} at this limit"),
                    ));
                    None
                }
            },
        };
        let cursor = match cursor.filter(|c| !c.is_empty()) {
            None => None,
            Some(c) => match Cursor::decode(c) {
                Ok(c) => Some(c),
                Err(Error::Validation(mut e)) => {
                    errs.append(&mut e);
                    None
                }
                Err(e) => return Err(e),
            },
        };
        if cursor.is_some() && page.is_some() {
            errs.push(crate::error::FieldError::new(
                "page",
                "cannot be combined with cursor",
            ));
        }
        if !errs.is_empty() {
            return Err(Error::Validation(errs));
        }
        Ok(PageRequest {
            limit,
            cursor,
            page,
        })
    }

    /// Rows to skip for offset pagination (page numbers or an offset cursor). Requests from
    /// [`PageRequest::parse`] stay within [`MAX_OFFSET`]; one built by hand is capped there too.
    pub fn offset(&self) -> u64 {
        let n = match (self.page, self.cursor) {
            (Some(p), _) => u64::from(p.max(1) - 1).saturating_mul(u64::from(self.limit)),
            (None, Some(Cursor::Offset(n))) => n,
            _ => 0,
        };
        n.min(MAX_OFFSET)
    }

    /// The id to continue after, for id-descending lists.
    pub fn after_id(&self) -> Option<Id> {
        match self.cursor {
            Some(Cursor::Id(id)) => Some(id),
            _ => None,
        }
    }
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub limit: u32,
    pub next_cursor: Option<String>,
    pub has_more: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` fetched rows: the extra row only says "there is more".
    /// `cursor_of` makes the cursor of the last returned item.
    pub fn from_rows(
        mut rows: Vec<T>,
        req: &PageRequest,
        total: Option<u64>,
        cursor_of: impl Fn(&T, u64) -> Cursor,
    ) -> Self {
        let mut has_more = rows.len() > req.limit as usize;
        rows.truncate(req.limit as usize);
        let next = if has_more {
            rows.last()
                .map(|last| cursor_of(last, req.offset() + rows.len() as u64))
        } else {
            None
        };
        // An offset list ends at MAX_OFFSET: a cursor past it would only be refused.
        let next_cursor = match next {
            Some(Cursor::Offset(n)) if n > MAX_OFFSET => {
                has_more = false;
                None
            }
            c => c.map(|c| c.encode()),
        };
        Page {
            items: rows,
            limit: req.limit,
            next_cursor,
            has_more,
            page: req.page,
            total: if req.page.is_some() { total } else { None },
        }
    }

    /// The request for the page after this one, `limit` items long; `None` on the last page.
    pub fn next_page(&self, limit: u32) -> Option<PageRequest> {
        let cursor = self.next_cursor.as_deref().filter(|_| self.has_more)?;
        Cursor::decode(cursor)
            .ok()
            .map(|c| PageRequest::after(limit, c))
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            limit: self.limit,
            next_cursor: self.next_cursor,
            has_more: self.has_more,
            page: self.page,
            total: self.total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let id = Id::new();
        for c in [
            Cursor::Id(id),
            Cursor::Offset(40),
            Cursor::KeyId(1_700_000_000_000, id),
            Cursor::Snapshot(id, 40),
        ] {
            assert_eq!(Cursor::decode(&c.encode()).unwrap(), c);
        }
    }

    #[test]
    fn bad_paging_values_are_all_reported() {
        let Err(Error::Validation(errs)) = PageRequest::parse(Some("0"), Some("nope"), Some("-1"))
        else {
            panic!("expected validation error");
        };
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["limit", "page", "cursor"]);
    }

    #[test]
    fn cursors_out_of_range_are_refused() {
        let id = Id::new();
        for bad in [
            "o18446744073709551615".to_string(),
            "o18446744073709551616".to_string(),
            "o9223372036854775808".to_string(),
            format!("o{}", MAX_OFFSET + 1),
            "o+5".to_string(),
            "o-1".to_string(),
            "o".to_string(),
            format!("k-1_{id}"),
            format!("k+1_{id}"),
            format!("k{}_{id}", MAX_KEY_MILLIS + 1),
            format!("k9223372036854775807_{id}"),
            "k1_nope".to_string(),
        ] {
            assert!(
                matches!(Cursor::decode(&bad), Err(Error::Validation(_))),
                "{bad}"
            );
        }
        assert_eq!(
            Cursor::decode(&format!("o{MAX_OFFSET}")).unwrap(),
            Cursor::Offset(MAX_OFFSET)
        );
        assert_eq!(
            Cursor::decode(&format!("k{MAX_KEY_MILLIS}_{id}")).unwrap(),
            Cursor::KeyId(MAX_KEY_MILLIS, id)
        );
    }

    #[test]
    fn pages_deeper_than_the_bound_are_refused() {
        let max_page = (MAX_OFFSET / 100 + 1).to_string();
        let req = PageRequest::parse(Some("100"), None, Some(&max_page)).unwrap();
        assert_eq!(req.offset(), MAX_OFFSET);
        let deeper = (MAX_OFFSET / 100 + 2).to_string();
        for page in [deeper.as_str(), "4294967295", "4294967296"] {
            let Err(Error::Validation(errs)) = PageRequest::parse(Some("100"), None, Some(page))
            else {
                panic!("page {page} accepted");
            };
            assert_eq!(errs[0].field, "page");
        }
        let by_hand = PageRequest::numbered(u32::MAX, MAX_LIMIT);
        assert_eq!(by_hand.offset(), MAX_OFFSET);
    }

    #[test]
    fn an_offset_list_ends_at_the_bound() {
        let req = PageRequest {
            limit: 2,
            cursor: Some(Cursor::Offset(MAX_OFFSET - 1)),
            page: None,
        };
        let p = Page::from_rows(vec![1, 2, 3], &req, None, |_, n| Cursor::Offset(n));
        assert!(!p.has_more && p.next_cursor.is_none());
    }

    #[test]
    fn extra_row_means_more() {
        let req = PageRequest::first(2);
        let p = Page::from_rows(vec![1, 2, 3], &req, None, |_, n| Cursor::Offset(n));
        assert_eq!(p.items, [1, 2]);
        assert!(p.has_more);
        assert_eq!(p.next_cursor.as_deref(), Some("o2"));
        let p = Page::from_rows(vec![1], &req, None, |_, n| Cursor::Offset(n));
        assert!(!p.has_more && p.next_cursor.is_none());
    }
}
