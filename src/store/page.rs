//! Pagination: cursor pages for infinite scroll, and `page`/`limit` offset pages for the clients
//! of the original API (those also return `total`).

use serde::Serialize;

use crate::domain::Id;
use crate::error::{Error, Result};

/// Largest page anyone may ask for.
pub const MAX_LIMIT: u32 = 100;
pub const DEFAULT_LIMIT: u32 = 20;

/// Where a list continues from. Opaque to clients; encoded by [`Cursor::encode`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cursor {
    /// After this id in id-descending order.
    Id(Id),
    /// After this many items (score-ordered lists).
    Offset(u64),
    /// After (key, id) in (key desc, id desc) order; key is e.g. milliseconds of activity.
    KeyId(i64, Id),
}

impl Cursor {
    pub fn encode(&self) -> String {
        match self {
            Cursor::Id(id) => id.to_hex(),
            Cursor::Offset(n) => format!("o{n}"),
            Cursor::KeyId(k, id) => format!("k{k}_{id}"),
        }
    }

    pub fn decode(s: &str) -> Result<Self> {
        let bad = || Error::validation("cursor", "is not a cursor this API returned");
        if let Some(id) = Id::parse(s) {
            return Ok(Cursor::Id(id));
        }
        if let Some(n) = s.strip_prefix('o') {
            return n.parse().map(Cursor::Offset).map_err(|_| bad());
        }
        if let Some(rest) = s.strip_prefix('k') {
            let (k, id) = rest.split_once('_').ok_or_else(bad)?;
            let k = k.parse().map_err(|_| bad())?;
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
        let page = match page {
            None => None,
            Some(p) => match p.parse::<u32>() {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    errs.push(crate::error::FieldError::new(
                        "page",
                        "must be a whole number from 1",
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

    /// Rows to skip for offset pagination (page numbers or an offset cursor).
    pub fn offset(&self) -> u64 {
        match (self.page, self.cursor) {
            (Some(p), _) => (p as u64 - 1) * self.limit as u64,
            (None, Some(Cursor::Offset(n))) => n,
            _ => 0,
        }
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
        let has_more = rows.len() > req.limit as usize;
        rows.truncate(req.limit as usize);
        let next_cursor = if has_more {
            rows.last()
                .map(|last| cursor_of(last, req.offset() + rows.len() as u64).encode())
        } else {
            None
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
