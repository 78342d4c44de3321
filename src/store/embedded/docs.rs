//! Documents in tables: how a domain type maps to its row (JSON `doc` plus plain key columns),
//! the generic insert/get/replace/delete operations, WHERE-clause building and id-descending
//! pagination shared by every repository.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params_from_iter};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Fail;
use crate::domain::{Id, Timestamp};
use crate::error::Error;
pub(in crate::store) use crate::store::document::Document;
use crate::store::page::{Cursor, Page, PageRequest};

/// How a [`Document`] lies in its table (named by its spec): the key columns beside `id` and
/// `doc`, and the side structures kept in step with it.
pub(in crate::store) trait Table: Document {
    /// Plain columns written beside `id` and `doc`, in the order [`Table::columns`] yields them.
    const COLUMNS: &'static [&'static str];

    /// Values of [`Table::COLUMNS`].
    fn columns(&self) -> Vec<Value>;

    /// Brings side structures (FTS, R*Tree, link tables) in step with the row `rid` just
    /// written; `fresh` when it was inserted rather than replaced.
    fn sync(_c: &Connection, _rid: i64, _doc: &Self, _fresh: bool) -> rusqlite::Result<()> {
        Ok(())
    }

    /// Removes the side entries of the row `rid`, which is about to be deleted.
    fn unsync(_c: &Connection, _rid: i64) -> rusqlite::Result<()> {
        Ok(())
    }
}

// --- column values ------------------------------------------------------------------------

pub(in crate::store) fn id_val(id: Id) -> Value {
    Value::Text(id.to_hex())
}

pub(in crate::store) fn opt_id(id: Option<Id>) -> Value {
    id.map_or(Value::Null, id_val)
}

pub(in crate::store) fn ts_val(t: Timestamp) -> Value {
    Value::Text(t.to_rfc3339())
}

pub(in crate::store) fn opt_ts(t: Option<Timestamp>) -> Value {
    t.map_or(Value::Null, ts_val)
}

pub(in crate::store) fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

pub(in crate::store) fn opt_text(s: Option<&str>) -> Value {
    s.map_or(Value::Null, |s| Value::Text(s.to_string()))
}

pub(in crate::store) fn int(n: i64) -> Value {
    Value::Integer(n)
}

pub(in crate::store) fn flag(b: bool) -> Value {
    Value::Integer(i64::from(b))
}

/// `|a|b|`: a set of keys searchable with `instr(col, '|a|')` (empty set = `""`).
pub(in crate::store) fn key_set<I, S>(keys: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for k in keys {
        let k = k.as_ref().replace('|', " ");
        if out.is_empty() {
            out.push('|');
        }
        out.push_str(&k);
        out.push('|');
    }
    out
}

/// The needle that finds `key` in a [`key_set`] column.
pub(in crate::store) fn key_needle(key: &str) -> Value {
    Value::Text(format!("|{}|", key.replace('|', " ")))
}

// --- encoding -------------------------------------------------------------------------------

pub(in crate::store) fn encode<T: Serialize>(doc: &T) -> Result<String, Fail> {
    serde_json::to_string(doc).map_err(|e| Fail::App(Error::internal("sqlite: encode document", e)))
}

pub(in crate::store) fn decode<T: DeserializeOwned>(table: &str, json: &str) -> Result<T, Fail> {
    serde_json::from_str(json).map_err(|e| {
        Fail::App(Error::internal(
            format!("sqlite: decode a {table} document"),
            e,
        ))
    })
}

// --- generic row operations -----------------------------------------------------------------

fn insert_sql<T: Table>() -> String {
    let cols = T::COLUMNS.join(", ");
    let marks = vec!["?"; T::COLUMNS.len() + 2].join(", ");
    format!(
        "INSERT INTO {} (id, doc, {cols}) VALUES ({marks})",
        T::SPEC.name
    )
}

fn set_sql<T: Table>() -> String {
    let sets: Vec<String> = T::COLUMNS.iter().map(|c| format!("{c} = ?")).collect();
    format!("UPDATE {} SET doc = ?, {}", T::SPEC.name, sets.join(", "))
}

/// Inserts one document and its side entries; returns its rowid.
pub(in crate::store) fn insert<T: Table>(c: &Connection, doc: &T) -> Result<i64, Fail> {
    let mut stmt = c.prepare_cached(&insert_sql::<T>())?;
    let mut vals = vec![id_val(doc.id()), Value::Text(encode(doc)?)];
    vals.extend(doc.columns());
    stmt.execute(params_from_iter(vals))?;
    let rid = c.last_insert_rowid();
    T::sync(c, rid, doc, true)?;
    Ok(rid)
}

/// Inserts every document (the caller's transaction makes it all or nothing).
pub(in crate::store) fn insert_all<T: Table>(c: &Connection, docs: &[T]) -> Result<u64, Fail> {
    for d in docs {
        insert(c, d)?;
    }
    Ok(docs.len() as u64)
}

/// The document with this id and its rowid.
pub(in crate::store) fn get_row<T: Table>(
    c: &Connection,
    id: Id,
) -> Result<Option<(i64, T)>, Fail> {
    let sql = format!("SELECT rid, doc FROM {} WHERE id = ?", T::SPEC.name);
    let row: Option<(i64, String)> = c
        .prepare_cached(&sql)?
        .query_row([id.to_hex()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    row.map(|(rid, json)| Ok((rid, decode(T::SPEC.name, &json)?)))
        .transpose()
}

pub(in crate::store) fn get<T: Table>(c: &Connection, id: Id) -> Result<Option<T>, Fail> {
    Ok(get_row(c, id)?.map(|(_, d)| d))
}

/// Documents selected by `sql` (whose first column is `doc`), in its order.
pub(in crate::store) fn query_docs<T: Table>(
    c: &Connection,
    sql: &str,
    params: &[Value],
) -> Result<Vec<T>, Fail> {
    let mut stmt = c.prepare_cached(sql)?;
    let jsons = stmt
        .query_map(params_from_iter(params), |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    jsons.iter().map(|j| decode(T::SPEC.name, j)).collect()
}

/// (rowid, document) pairs selected by `sql` (columns `rid, doc`).
pub(in crate::store) fn query_rows<T: Table>(
    c: &Connection,
    sql: &str,
    params: &[Value],
) -> Result<Vec<(i64, T)>, Fail> {
    let mut stmt = c.prepare_cached(sql)?;
    let rows = stmt
        .query_map(params_from_iter(params), |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(rid, j)| Ok((rid, decode(T::SPEC.name, &j)?)))
        .collect()
}

/// Replaces the document with `doc`'s id if `guard` (an extra condition) holds; returns its
/// rowid, or `None` when no row matched.
pub(in crate::store) fn replace<T: Table>(
    c: &Connection,
    doc: &T,
    guard: Option<(&str, Value)>,
) -> Result<Option<i64>, Fail> {
    let mut sql = set_sql::<T>();
    sql.push_str(" WHERE id = ?");
    let mut vals = vec![Value::Text(encode(doc)?)];
    vals.extend(doc.columns());
    vals.push(id_val(doc.id()));
    if let Some((cond, v)) = guard {
        sql.push_str(" AND ");
        sql.push_str(cond);
        vals.push(v);
    }
    sql.push_str(" RETURNING rid");
    let rid: Option<i64> = c
        .prepare_cached(&sql)?
        .query_row(params_from_iter(vals), |r| r.get(0))
        .optional()?;
    if let Some(rid) = rid {
        T::sync(c, rid, doc, false)?;
    }
    Ok(rid)
}

/// Replaces the document; `NotFound` when there is none with its id.
pub(in crate::store) fn replace_existing<T: Table>(c: &Connection, doc: &T) -> Result<(), Fail> {
    match replace(c, doc, None)? {
        Some(_) => Ok(()),
        None => Err(Error::NotFound(T::SPEC.noun).into()),
    }
}

/// Writes the document and its columns back, leaving side structures alone: for changes to
/// fields no FTS, R*Tree or link table depends on (counters, scores, read flags).
pub(in crate::store) fn rewrite_row<T: Table>(
    c: &Connection,
    rid: i64,
    doc: &T,
) -> Result<(), Fail> {
    let sql = format!("{} WHERE rid = ?", set_sql::<T>());
    let mut vals = vec![Value::Text(encode(doc)?)];
    vals.extend(doc.columns());
    vals.push(Value::Integer(rid));
    c.prepare_cached(&sql)?.execute(params_from_iter(vals))?;
    Ok(())
}

/// Reads the document, lets `f` change fields no side structure depends on and writes it
/// back; `NotFound` if it is absent.
pub(in crate::store) fn update<T: Table, R>(
    c: &Connection,
    id: Id,
    f: impl FnOnce(&mut T) -> R,
) -> Result<R, Fail> {
    let (rid, mut doc) = get_row::<T>(c, id)?.ok_or(Error::NotFound(T::SPEC.noun))?;
    let out = f(&mut doc);
    rewrite_row(c, rid, &doc)?;
    Ok(out)
}

/// Applies `f` to every document matching `filter`; rows for which it returns `true` are
/// written back (like [`update`], for fields no side structure depends on). Returns how many
/// changed.
pub(in crate::store) fn modify_where<T: Table>(
    c: &Connection,
    filter: &Filter,
    mut f: impl FnMut(&mut T) -> bool,
) -> Result<u64, Fail> {
    let sql = format!(
        "SELECT rid, doc FROM {}{}",
        T::SPEC.name,
        filter.where_sql()
    );
    let mut changed = 0;
    for (rid, mut doc) in query_rows::<T>(c, &sql, &filter.params)? {
        if f(&mut doc) {
            rewrite_row(c, rid, &doc)?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// Deletes rows (and their side entries) by rowid.
pub(in crate::store) fn delete_rids<T: Table>(c: &Connection, rids: &[i64]) -> Result<u64, Fail> {
    let mut stmt = c.prepare_cached(&format!("DELETE FROM {} WHERE rid = ?", T::SPEC.name))?;
    let mut n = 0;
    for &rid in rids {
        T::unsync(c, rid)?;
        n += stmt.execute([rid])? as u64;
    }
    Ok(n)
}

/// Deletes at most `limit` rows matching `filter` (cheapest first by the filter's index).
pub(in crate::store) fn delete_where<T: Table>(
    c: &Connection,
    filter: &Filter,
    limit: u32,
) -> Result<u64, Fail> {
    let sql = format!(
        "SELECT rid FROM {}{} LIMIT ?",
        T::SPEC.name,
        filter.where_sql()
    );
    let mut params = filter.params.clone();
    params.push(Value::Integer(i64::from(limit)));
    let rids = c
        .prepare_cached(&sql)?
        .query_map(params_from_iter(params), |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    delete_rids::<T>(c, &rids)
}

pub(in crate::store) fn count(c: &Connection, table: &str, filter: &Filter) -> Result<u64, Fail> {
    let sql = format!("SELECT COUNT(*) FROM {table}{}", filter.where_sql());
    let n: i64 = c
        .prepare_cached(&sql)?
        .query_row(params_from_iter(&filter.params), |r| r.get(0))?;
    Ok(n as u64)
}

// --- filters and pages -----------------------------------------------------------------------

/// A WHERE clause under construction: conditions joined with AND, and their parameters.
///
/// A condition may have a second, *probe* form for plans that walk rows in id order and test
/// each (a correlated lookup instead of materializing a large `IN` list); both forms take the
/// same parameters.
#[derive(Debug, Clone, Default)]
pub(in crate::store) struct Filter {
    conds: Vec<(String, Option<String>)>,
    pub(in crate::store) params: Vec<Value>,
}

impl Filter {
    pub(in crate::store) fn new() -> Self {
        Self::default()
    }

    /// Adds a condition with its `?` parameters.
    pub(in crate::store) fn cond(
        &mut self,
        sql: impl Into<String>,
        params: impl IntoIterator<Item = Value>,
    ) -> &mut Self {
        self.conds.push((sql.into(), None));
        self.params.extend(params);
        self
    }

    /// Adds a condition whose probe form (see [`Filter`]) differs.
    pub(in crate::store) fn cond_or_probe(
        &mut self,
        sql: impl Into<String>,
        probe: impl Into<String>,
        params: impl IntoIterator<Item = Value>,
    ) -> &mut Self {
        self.conds.push((sql.into(), Some(probe.into())));
        self.params.extend(params);
        self
    }

    pub(in crate::store) fn eq(&mut self, col: &str, v: Value) -> &mut Self {
        self.cond(format!("{col} = ?"), [v])
    }

    pub(in crate::store) fn eq_opt(&mut self, col: &str, v: Option<Value>) -> &mut Self {
        if let Some(v) = v {
            self.eq(col, v);
        }
        self
    }

    /// `col IN (...)`; no condition when `vals` is empty (= any).
    pub(in crate::store) fn any_of(&mut self, col: &str, vals: Vec<Value>) -> &mut Self {
        if !vals.is_empty() {
            let marks = vec!["?"; vals.len()].join(", ");
            self.cond(format!("{col} IN ({marks})"), vals);
        }
        self
    }

    /// Matches nothing (e.g. a text search without a single searchable word).
    pub(in crate::store) fn nothing(&mut self) -> &mut Self {
        self.cond("0", [])
    }

    pub(in crate::store) fn where_sql(&self) -> String {
        self.render(false)
    }

    fn render(&self, probe: bool) -> String {
        if self.conds.is_empty() {
            return String::new();
        }
        let parts: Vec<&str> = self
            .conds
            .iter()
            .map(|(sql, alt)| match (probe, alt) {
                (true, Some(alt)) => alt.as_str(),
                _ => sql.as_str(),
            })
            .collect();
        format!(" WHERE {}", parts.join(" AND "))
    }
}

/// How a list reaches its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::store) enum Plan {
    /// An indexed condition narrows the list to few rows (one user's bookings, one
    /// conversation's messages): filter first, then sort.
    Narrow,
    /// As [`Plan::Narrow`], through this index: for a filter that names the narrow key beside a
    /// broad one, whose index SQLite would otherwise walk in id order (a moderation status
    /// shared by most of the table) testing every row for the narrow key.
    NarrowBy(&'static str),
    /// The conditions may match a large share of the table (all technicians, a popular
    /// hashtag, one status): test the newest rows first, in a bounded window of the id index,
    /// and filter-then-sort only when that window holds too few matches.
    Broad,
}

/// Newest rows a [`Plan::Broad`] list tests before it falls back.
const WINDOW: i64 = 2_000;

/// One page of `T` in id-descending order (newest first): `Cursor::Id` continues after an id,
/// page numbers use OFFSET and return the total.
pub(in crate::store) fn page_by_id<T: Table>(
    c: &Connection,
    filter: Filter,
    page: &PageRequest,
    plan: Plan,
) -> Result<Page<T>, Fail> {
    let total = match page.page {
        Some(_) => Some(count(c, &source::<T>(plan), &filter)?),
        None => None,
    };
    let mut f = filter;
    if let Some(after) = page.after_id() {
        f.cond("id < ?", [id_val(after)]);
    }
    if plan == Plan::Broad
        && let Some(rows) = newest_window::<T>(c, &f, page)?
    {
        return Ok(Page::from_rows(rows, page, total, |d, _| {
            Cursor::Id(d.id())
        }));
    }
    let (sql, params) = filtered_page_query::<T>(f, page, plan);
    let rows = query_docs::<T>(c, &sql, &params)?;
    Ok(Page::from_rows(rows, page, total, |d, _| {
        Cursor::Id(d.id())
    }))
}

/// The table of `T` as a query reads it under `plan` (with its index hint, if any).
fn source<T: Table>(plan: Plan) -> String {
    match plan {
        Plan::NarrowBy(index) => format!("{} INDEXED BY {index}", T::SPEC.name),
        Plan::Narrow | Plan::Broad => T::SPEC.name.to_string(),
    }
}

/// The filter-then-sort query of a page (the whole of a narrow plan, a broad plan's fallback)
/// and its parameters; `f` already holds the cursor's condition.
pub(in crate::store) fn filtered_page_query<T: Table>(
    f: Filter,
    page: &PageRequest,
    plan: Plan,
) -> (String, Vec<Value>) {
    let sql = format!(
        "SELECT doc FROM {}{} ORDER BY id DESC LIMIT ? OFFSET ?",
        source::<T>(plan),
        f.where_sql()
    );
    let mut params = f.params;
    params.push(Value::Integer(i64::from(page.limit) + 1));
    params.push(Value::Integer(offset(page)));
    (sql, params)
}

/// The page's rows if the newest window of the id index (after the cursor) settles it: it
/// holds more matches than the page needs, or it reaches the oldest row.
fn newest_window<T: Table>(
    c: &Connection,
    f: &Filter,
    page: &PageRequest,
) -> Result<Option<Vec<T>>, Fail> {
    let t = T::SPEC.name;
    let (limit, skip) = (i64::from(page.limit) + 1, offset(page));
    let window = WINDOW.max(skip.saturating_add(limit).saturating_mul(8));
    let mut bound_params = Vec::new();
    let mut bound_sql = format!("SELECT id FROM {t} INDEXED BY {t}_id");
    if let Some(after) = page.after_id() {
        bound_sql.push_str(" WHERE id < ?");
        bound_params.push(id_val(after));
    }
    bound_sql.push_str(" ORDER BY id DESC LIMIT 1 OFFSET ?");
    bound_params.push(Value::Integer(window - 1));
    let bound: Option<String> = c
        .prepare_cached(&bound_sql)?
        .query_row(params_from_iter(bound_params), |r| r.get(0))
        .optional()?;
    let mut w = f.clone();
    if let Some(b) = &bound {
        w.cond("id >= ?", [text(b.as_str())]);
    }
    let sql = format!(
        "SELECT doc FROM {t} INDEXED BY {t}_id{} ORDER BY id DESC LIMIT ? OFFSET ?",
        w.render(true)
    );
    let mut params = w.params;
    params.push(Value::Integer(limit));
    params.push(Value::Integer(skip));
    let rows = query_docs::<T>(c, &sql, &params)?;
    Ok((rows.len() as i64 == limit || bound.is_none()).then_some(rows))
}

/// Rows to skip for page numbers or an offset cursor; an id cursor already positions the page.
pub(in crate::store) fn offset(page: &PageRequest) -> i64 {
    i64::try_from(page.offset()).unwrap_or(i64::MAX)
}

// --- the generic collection interface -------------------------------------------------------

#[async_trait::async_trait]
impl<T: Table + Clone> crate::store::collection::Collection<T> for super::Embedded {
    async fn insert(&self, doc: &T) -> crate::error::Result<()> {
        let doc = doc.clone();
        self.write("insert a document", move |c| insert(c, &doc).map(|_| ()))
            .await
    }

    async fn insert_many(&self, docs: &[T]) -> crate::error::Result<u64> {
        let docs = docs.to_vec();
        self.write("insert documents", move |c| insert_all(c, &docs))
            .await
    }

    async fn get(&self, id: Id) -> crate::error::Result<Option<T>> {
        self.read("get a document", move |c| get(c, id)).await
    }

    async fn get_many(&self, ids: &[Id]) -> crate::error::Result<Vec<T>> {
        let ids: Vec<String> = ids.iter().map(Id::to_hex).collect();
        self.read("get documents", move |c| {
            let list = serde_json::Value::from(ids).to_string();
            let sql = format!(
                "SELECT doc FROM {} WHERE id IN (SELECT value FROM json_each(?))",
                T::SPEC.name
            );
            query_docs(c, &sql, &[text(list)])
        })
        .await
    }

    async fn replace(&self, doc: &T) -> crate::error::Result<()> {
        let doc = doc.clone();
        self.write("replace a document", move |c| replace_existing(c, &doc))
            .await
    }

    async fn replace_if_version(&self, doc: &T, expected: i64) -> crate::error::Result<bool> {
        let doc = doc.clone();
        self.write("replace a document if unchanged", move |c| {
            // The version column where the table keeps one, the document's field otherwise.
            let guard = if T::COLUMNS.contains(&"version") {
                "version = ?"
            } else {
                "json_extract(doc, '$.version') = ?"
            };
            if replace(c, &doc, Some((guard, int(expected))))?.is_some() {
                return Ok(true);
            }
            match get_row::<T>(c, doc.id())? {
                Some(_) => Ok(false),
                None => Err(Error::NotFound(T::SPEC.noun).into()),
            }
        })
        .await
    }

    async fn delete(&self, id: Id) -> crate::error::Result<bool> {
        self.write("delete a document", move |c| {
            let Some((rid, _)) = get_row::<T>(c, id)? else {
                return Ok(false);
            };
            Ok(delete_rids::<T>(c, &[rid])? == 1)
        })
        .await
    }

    async fn update(
        &self,
        id: Id,
        change: crate::store::collection::Update<'_, T>,
    ) -> crate::error::Result<Option<T>> {
        let source = match change.set_from {
            Some((doc, paths)) => Some((
                to_json(doc).map_err(|e| e.into_error("encode a document"))?,
                paths.iter().map(|p| (*p).to_string()).collect::<Vec<_>>(),
            )),
            None => None,
        };
        let inc: Vec<(String, i64)> = change
            .inc
            .iter()
            .map(|(p, n)| ((*p).to_string(), *n))
            .collect();
        let only_if = change.only_if.to_vec();
        self.write("update a document", move |c| {
            let (_, current) = get_row::<T>(c, id)?.ok_or(Error::NotFound(T::SPEC.noun))?;
            let mut stored = to_json(&current)?;
            if !only_if.iter().all(|k| k.holds(&stored)) {
                return Ok(None);
            }
            if let Some((from, paths)) = &source {
                for p in paths {
                    copy_path(from, &mut stored, p);
                }
            }
            for (p, n) in &inc {
                add_at(&mut stored, p, *n);
            }
            let merged: T = serde_json::from_value(stored).map_err(|e| {
                Error::internal(format!("sqlite: decode an updated {}", T::SPEC.noun), e)
            })?;
            // Through `replace`: a changed field may be one a side structure depends on.
            replace(c, &merged, None)?;
            Ok(Some(merged))
        })
        .await
    }

    async fn scan(&self, after: Option<Id>, limit: u32) -> crate::error::Result<Vec<T>> {
        self.read("scan documents", move |c| {
            let t = T::SPEC.name;
            let limit = int(i64::from(limit));
            match after {
                Some(after) => {
                    let sql = format!(
                        "SELECT doc FROM {t} INDEXED BY {t}_id WHERE id > ? ORDER BY id LIMIT ?"
                    );
                    query_docs(c, &sql, &[id_val(after), limit])
                }
                None => {
                    let sql = format!("SELECT doc FROM {t} INDEXED BY {t}_id ORDER BY id LIMIT ?");
                    query_docs(c, &sql, &[limit])
                }
            }
        })
        .await
    }
}

fn to_json<T: serde::Serialize>(doc: &T) -> Result<serde_json::Value, Fail> {
    serde_json::to_value(doc)
        .map_err(|e| Fail::App(Error::internal("sqlite: encode a document", e)))
}

/// Adds `n` to the number at `path` (dot-separated), creating it (and sub-documents) from 0.
fn add_at(doc: &mut serde_json::Value, path: &str, n: i64) {
    let mut node = doc;
    for key in path.split('.') {
        if !node.is_object() {
            *node = serde_json::Value::Object(Default::default());
        }
        node = node
            .as_object_mut()
            .expect("just made an object")
            .entry(key)
            .or_insert(serde_json::Value::from(0));
    }
    let sum = node.as_i64().unwrap_or(0).saturating_add(n);
    *node = serde_json::Value::from(sum);
}

/// Sets `path` (dot-separated) of `to` to its value in `from`, creating sub-documents on the
/// way; removes it from `to` when `from` has none (an unset optional field).
pub(in crate::store) fn copy_path(
    from: &serde_json::Value,
    to: &mut serde_json::Value,
    path: &str,
) {
    let value = path
        .split('.')
        .try_fold(from, |v, key| v.get(key))
        .filter(|v| !v.is_null())
        .cloned();
    let mut keys: Vec<&str> = path.split('.').collect();
    let Some(last) = keys.pop() else { return };
    let mut node = to;
    for key in keys {
        let Some(obj) = node.as_object_mut() else {
            return;
        };
        if value.is_none() {
            // Nothing to remove below a sub-document that is not there.
            match obj.get_mut(key) {
                Some(child) => node = child,
                None => return,
            }
            continue;
        }
        let child = obj
            .entry(key)
            .or_insert_with(|| serde_json::Value::Object(Default::default()));
        if !child.is_object() {
            *child = serde_json::Value::Object(Default::default());
        }
        node = child;
    }
    if let Some(obj) = node.as_object_mut() {
        match value {
            Some(v) => {
                obj.insert(last.to_string(), v);
            }
            None => {
                obj.remove(last);
            }
        }
    }
}

#[cfg(test)]
mod field_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_are_copied_created_and_removed() {
        let from = json!({"a": {"b": 1}, "c": null});
        let mut to = json!({"a": {"x": 2}, "c": 3});
        copy_path(&from, &mut to, "a.b");
        copy_path(&from, &mut to, "c");
        copy_path(&from, &mut to, "d.e");
        assert_eq!(to, json!({"a": {"x": 2, "b": 1}}));
        copy_path(&json!({"d": {"e": [1]}}), &mut to, "d.e");
        assert_eq!(to["d"], json!({"e": [1]}));
    }
}
