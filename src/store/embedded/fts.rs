//! Text search with FTS5: turning user text into a safe query, and keeping the FTS tables in
//! step with their collections.
//!
//! The FTS tables are contentless-delete (`content='', contentless_delete=1`): they store only
//! the index, keyed by the collection row's `rid`, and a row is removed by rowid alone — so
//! deleting a million old messages does not have to re-read their text.

use rusqlite::Connection;
use rusqlite::types::Value;
use serde::Serialize;

use super::docs::Filter;
use super::schema::text_table;
use crate::store::spec::CollectionSpec;

/// At most this many words of a query are used (keeps a pasted essay from costing seconds).
const MAX_TERMS: usize = 12;

/// The FTS5 query for what a user typed: each word quoted and matched as a prefix, every word
/// required. `None` when the text has no searchable word. FTS syntax in the input (`OR`, `NEAR`,
/// `*`, `"`, `:`, `^`, column filters) is never interpreted: words are split exactly where the
/// `unicode61` tokenizer splits them (anything not a letter or digit) before quoting.
pub(in crate::store) fn match_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_TERMS)
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

/// Restricts `filter` to rows of the collection whose FTS entry matches `text` (nothing when
/// the text has no searchable word, as MongoDB's `$text` does).
pub(in crate::store) fn restrict(filter: &mut Filter, spec: &CollectionSpec, text: &str) {
    let fts_table = text_table(spec);
    match match_query(text) {
        Some(q) => {
            filter.cond(
                format!("rid IN (SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH ?)"),
                [Value::Text(q)],
            );
        }
        None => {
            filter.nothing();
        }
    }
}

/// The text of each of the spec's text fields in `doc` (a path through arrays collects every
/// element's value, as MongoDB does), one value per FTS column.
pub(in crate::store) fn values_of<T: Serialize>(spec: &CollectionSpec, doc: &T) -> Vec<String> {
    let json = serde_json::to_value(doc).unwrap_or_default();
    spec.text
        .iter()
        .map(|path| {
            let mut out = Vec::new();
            collect(&json, &path.split('.').collect::<Vec<_>>(), &mut out);
            out.join(" ")
        })
        .collect()
}

fn collect(v: &serde_json::Value, path: &[&str], out: &mut Vec<String>) {
    match (v, path.split_first()) {
        (serde_json::Value::Array(items), _) => {
            for item in items {
                collect(item, path, out);
            }
        }
        (serde_json::Value::Object(map), Some((key, rest))) => {
            if let Some(child) = map.get(*key) {
                collect(child, rest, out);
            }
        }
        (serde_json::Value::String(s), None) => out.push(s.clone()),
        _ => {}
    }
}

/// Indexes the text fields of `doc` (see [`values_of`]) for the row `rid` of the collection,
/// replacing an earlier entry when the row is not `fresh`.
pub(in crate::store) fn put<T: Serialize>(
    c: &Connection,
    spec: &CollectionSpec,
    rid: i64,
    fresh: bool,
    doc: &T,
) -> rusqlite::Result<()> {
    put_values(c, spec, rid, fresh, &values_of(spec, doc))
}

/// [`put`] with the values given (one per text field of the spec).
pub(in crate::store) fn put_values(
    c: &Connection,
    spec: &CollectionSpec,
    rid: i64,
    fresh: bool,
    values: &[String],
) -> rusqlite::Result<()> {
    let fts_table = text_table(spec);
    if !fresh {
        remove(c, spec, rid)?;
    }
    if values.iter().all(|v| v.trim().is_empty()) {
        return Ok(());
    }
    let columns: Vec<String> = (0..values.len()).map(|i| format!("c{i}")).collect();
    let marks = vec!["?"; values.len()].join(", ");
    let sql = format!(
        "INSERT INTO {fts_table} (rowid, {}) VALUES (?, {marks})",
        columns.join(", ")
    );
    let mut stmt = c.prepare_cached(&sql)?;
    let mut params: Vec<Value> = Vec::with_capacity(values.len() + 1);
    params.push(Value::Integer(rid));
    params.extend(values.iter().map(|s| Value::Text(s.clone())));
    stmt.execute(rusqlite::params_from_iter(params))?;
    Ok(())
}

/// Removes the entry of row `rid` of the collection (a no-op when there is none).
pub(in crate::store) fn remove(
    c: &Connection,
    spec: &CollectionSpec,
    rid: i64,
) -> rusqlite::Result<()> {
    remove_from(c, text_table(spec), rid)
}

fn remove_from(c: &Connection, fts_table: &str, rid: i64) -> rusqlite::Result<()> {
    c.prepare_cached(&format!("DELETE FROM {fts_table} WHERE rowid = ?"))?
        .execute([rid])?;
    Ok(())
}

/// Empties an FTS table.
pub(in crate::store) fn clear(c: &Connection, fts_table: &str) -> rusqlite::Result<()> {
    c.execute(
        &format!("INSERT INTO {fts_table}({fts_table}) VALUES ('delete-all')"),
        [],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_is_quoted_and_a_prefix() {
        assert_eq!(
            match_query("plumb nairobi").as_deref(),
            Some("\"plumb\"* AND \"nairobi\"*")
        );
    }

    #[test]
    fn fts_syntax_in_user_text_is_not_interpreted() {
        assert_eq!(
            match_query("a OR b NEAR(c) \"d\" e:f ^g -h *").as_deref(),
            Some(
                "\"a\"* AND \"OR\"* AND \"b\"* AND \"NEAR\"* AND \"c\"* AND \"d\"* AND \"e\"* AND \"f\"* AND \"g\"* AND \"h\"*"
            )
        );
        assert_eq!(match_query("  \"*\" -- () "), None);
        assert_eq!(
            match_query("Ñandú café").as_deref(),
            Some("\"Ñandú\"* AND \"café\"*")
        );
    }

    #[test]
    fn hostile_queries_run_and_match_by_prefix() {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5(content, content='', contentless_delete=1, \
             tokenize='unicode61 remove_diacritics 2')",
        )
        .unwrap();
        c.execute(
            "INSERT INTO t(rowid, content) VALUES (1, 'Electrician in Nairobi, café wiring')",
            [],
        )
        .unwrap();
        c.execute(
            "INSERT INTO t(rowid, content) VALUES (2, 'plumber OR painter')",
            [],
        )
        .unwrap();
        let hits = |text: &str| -> Vec<i64> {
            let Some(q) = match_query(text) else {
                return vec![];
            };
            let mut s = c
                .prepare("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid")
                .unwrap();
            s.query_map([q], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        assert_eq!(hits("elec nair"), [1]);
        assert_eq!(hits("CAFE"), [1]);
        assert_eq!(hits("plumber OR"), [2]);
        assert_eq!(hits("plumber electrician"), Vec::<i64>::new());
        assert_eq!(hits("content:plumber"), Vec::<i64>::new());
        assert_eq!(hits("NEAR(\"a\" \"b\")"), Vec::<i64>::new());
        remove_from(&c, "t", 1).unwrap();
        assert_eq!(hits("elec"), Vec::<i64>::new());
    }
}
