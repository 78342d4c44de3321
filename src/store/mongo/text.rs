//! Text search over each collection's text fields, and how it is reported.
//!
//! What a search means (the store contract, pinned by the conformance suite and matching the
//! embedded FTS5 prefix queries): every word of the query, in any case, must begin a word of at
//! least one of the collection's text fields — `elec` finds "Kamau Electrical", `sun` finds
//! "Sunday", `ink` does not find "sink". Results keep the list's own order (newest first), so
//! search pages like any other list.
//!
//! MongoDB's `$text` cannot express that: it matches whole (stemmed) words only, so `elec` or
//! `sun` would find nothing. The predicate is therefore always the regex one built here — one
//! `$or` of field regexes per word, all ANDed, every word regex-escaped — on servers with text
//! indexes too. [`Mongo::text_mode`] still reports `Native` when the text indexes exist (they
//! are built for Mongoose compatibility and for relevance-ranked tools) and `RegexFallback` when
//! the server cannot build them (SecantusDB); the results are the same in both modes.

use std::sync::atomic::{AtomicU8, Ordering};

use bson::{Document, doc};

use super::Mongo;
use super::codec::escape_regex;
use crate::error::Result;
use crate::store::TextSearchMode;
use crate::store::spec;

const UNKNOWN: u8 = 0;
const NATIVE: u8 = 1;
const FALLBACK: u8 = 2;

/// The detected text search mode, shared by all requests of one adapter.
#[derive(Debug)]
pub(in crate::store) struct TextModeCache(AtomicU8);

impl Default for TextModeCache {
    fn default() -> Self {
        TextModeCache(AtomicU8::new(UNKNOWN))
    }
}

impl TextModeCache {
    pub(in crate::store) fn get(&self) -> Option<TextSearchMode> {
        match self.0.load(Ordering::Acquire) {
            NATIVE => Some(TextSearchMode::Native),
            FALLBACK => Some(TextSearchMode::RegexFallback),
            _ => None,
        }
    }

    pub(in crate::store) fn set(&self, mode: TextSearchMode) {
        let v = match mode {
            TextSearchMode::Native => NATIVE,
            TextSearchMode::RegexFallback => FALLBACK,
        };
        self.0.store(v, Ordering::Release);
    }
}

impl Mongo {
    /// How text search runs: detected once (do all four text indexes exist?), then cached;
    /// `ensure_indexes` refreshes it after creating or failing to create them.
    pub(in crate::store) async fn text_mode(&self) -> Result<TextSearchMode> {
        if let Some(mode) = self.text_mode.get() {
            return Ok(mode);
        }
        let mut native = true;
        for s in spec::ALL.iter().filter(|s| !s.text.is_empty()) {
            let specs = self.list_index_specs(s.name).await?;
            native &= specs.iter().any(is_text_index);
        }
        let mode = if native {
            TextSearchMode::Native
        } else {
            TextSearchMode::RegexFallback
        };
        self.text_mode.set(mode);
        Ok(mode)
    }
}

/// The filter for "every word of `text` begins a word of one of `fields`" (a spec's text
/// fields); `{}` for blank text.
/// The same in both modes (see the module docs for why `$text` is not used).
pub(in crate::store) fn text_filter(fields: &[&str], text: &str) -> Document {
    let words = words(text);
    if words.is_empty() {
        return Document::new();
    }
    regex_filter(fields, &words)
}

/// Whether a `listIndexes` spec is a text index (its key holds `_fts: "text"`).
pub(in crate::store) fn is_text_index(spec: &Document) -> bool {
    spec.get_document("key")
        .map(|k| k.values().any(|v| v.as_str() == Some("text")))
        .unwrap_or(false)
}

/// The words of a query: split on white space, punctuation trimmed from both ends.
pub(in crate::store) fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Start of a word: the start of the value, or white space or ASCII punctuation before it.
///
/// Spelled as an explicit class because `\b` is ASCII-only in MongoDB's PCRE (a word starting
/// with `É` would never match) while `\p{..}` classes do not exist in Python's `re`
/// (SecantusDB); this class means the same in both engines.
const WORD_START: &str = r"(?:^|[\s!-/:-@\[-`{-~])";

/// Every word (regex-escaped) must begin a word of at least one field, in any case.
pub(in crate::store) fn regex_filter(fields: &[&str], words: &[String]) -> Document {
    let per_word: Vec<Document> = words
        .iter()
        .map(|w| {
            let pattern = format!("{WORD_START}{}", escape_regex(w));
            let any_field: Vec<Document> = fields
                .iter()
                .map(|f| doc! { *f: { "$regex": pattern.as_str(), "$options": "i" } })
                .collect();
            doc! { "$or": any_field }
        })
        .collect();
    doc! { "$and": per_word }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_drop_surrounding_punctuation() {
        assert_eq!(words("  Plumber, Nairobi!  "), ["Plumber", "Nairobi"]);
        assert_eq!(words("c++ (urgent)"), ["c", "urgent"]);
        assert_eq!(words("o'brien"), ["o'brien"]);
        assert!(words(" ... ").is_empty());
    }

    #[test]
    fn every_word_must_begin_a_word_of_some_field() {
        let f = regex_filter(&["a", "b"], &["x.y".to_string(), "z".to_string()]);
        let re = |w: &str| doc! { "$regex": format!("{WORD_START}{w}"), "$options": "i" };
        assert_eq!(
            f,
            doc! { "$and": [
                { "$or": [ { "a": re("x\\.y") }, { "b": re("x\\.y") } ] },
                { "$or": [ { "a": re("z") }, { "b": re("z") } ] },
            ] }
        );
    }

    #[test]
    fn the_mode_is_cached() {
        let c = TextModeCache::default();
        assert_eq!(c.get(), None);
        c.set(TextSearchMode::RegexFallback);
        assert_eq!(c.get(), Some(TextSearchMode::RegexFallback));
    }
}
