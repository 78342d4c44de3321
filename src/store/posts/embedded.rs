//! Posts ([`PostRepo`]): the row (author, type, moderation, visibility, score), the hashtag link
//! table, the FTS entry, the explore order and the atomic engagement counters.

use async_trait::async_trait;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use crate::domain::post::{Engagement, ModerationStatus, Post, Visibility};
use crate::domain::ranking::{Ranking, hot_score};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::store::embedded::docs::{self, Filter, Plan, Table, flag, id_val, text, ts_val};
use crate::store::embedded::{Embedded, Fail, fts};
use crate::store::page::Cursor;
use crate::store::posts::Counter;
use crate::store::{HashtagCount, Page, PageRequest, PostFilter, PostRepo, RankedKey, spec};

impl Table for Post {
    const COLUMNS: &'static [&'static str] = &[
        "author",
        "kind",
        "moderation",
        "visibility",
        "deleted",
        "score",
        "created_at",
    ];

    fn columns(&self) -> Vec<Value> {
        vec![
            id_val(self.author),
            text(self.kind.as_str()),
            text(self.moderation.status.as_str()),
            text(self.visibility.as_str()),
            flag(self.deleted_at.is_some()),
            Value::Real(if self.engagement_score.is_finite() {
                self.engagement_score
            } else {
                0.0
            }),
            ts_val(self.created_at),
        ]
    }

    fn sync(c: &Connection, rid: i64, p: &Post, fresh: bool) -> rusqlite::Result<()> {
        let tags: Vec<String> = p
            .hashtags
            .iter()
            .map(|t| normalize_tag(t))
            .filter(|t| !t.is_empty())
            .collect();
        fts::put(c, &spec::POSTS, rid, fresh, p)?;
        if !fresh {
            c.prepare_cached("DELETE FROM posts_hashtags WHERE post = ?")?
                .execute([rid])?;
        }
        let mut ins =
            c.prepare_cached("INSERT OR IGNORE INTO posts_hashtags (tag, post) VALUES (?, ?)")?;
        for t in &tags {
            ins.execute(rusqlite::params![t, rid])?;
        }
        Ok(())
    }

    fn unsync(c: &Connection, rid: i64) -> rusqlite::Result<()> {
        fts::remove(c, &spec::POSTS, rid)?;
        c.prepare_cached("DELETE FROM posts_hashtags WHERE post = ?")?
            .execute([rid])?;
        Ok(())
    }
}

/// Moves `counter` of post `id` by `delta` (never below 0) and sets the hot score of the new
/// counters under `ranking`, in one `UPDATE` of the row's document and score column: no
/// decoding of the whole document, no side rows touched. Atomic inside the caller's write.
pub(in crate::store) fn bump_and_rescore(
    c: &Connection,
    id: Id,
    counter: Counter,
    delta: i64,
    ranking: &Ranking,
) -> Result<Engagement, Fail> {
    let row: Option<(i64, Option<String>, String)> = c
        .prepare_cached(
            "SELECT rid, json_extract(doc, '$.engagement'), created_at FROM posts WHERE id = ?",
        )?
        .query_row([id.to_hex()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let (rid, engagement, created) = row.ok_or(Error::NotFound(spec::POSTS.noun))?;
    let before: Engagement = match engagement {
        Some(json) => docs::decode(spec::POSTS.name, &json)?,
        None => Engagement::default(),
    };
    let created = Timestamp::parse(&created).ok_or_else(|| {
        Error::internal(
            "sqlite: read a post's creation time",
            anyhow::anyhow!("not RFC 3339: {created}"),
        )
    })?;
    let after = counter.moved(before, delta);
    let score = hot_score(&after, created, ranking);
    let score = if score.is_finite() { score } else { 0.0 };
    // The score goes in as JSON text, so the document keeps every digit the column has.
    let path = format!("$.engagement.{}", counter.field());
    c.prepare_cached(
        "UPDATE posts SET doc = json_set(doc, ?, ?, '$.engagementScore', json(?)), score = ? WHERE rid = ?",
    )?
    .execute(rusqlite::params![
        path,
        match counter {
            Counter::Likes => after.likes,
            Counter::Saves => after.saves,
        },
        docs::encode(&score)?,
        score,
        rid
    ])?;
    Ok(after)
}

/// Hashtags are matched lower-case without `#`.
fn normalize_tag(t: &str) -> String {
    t.trim().trim_start_matches('#').to_lowercase()
}

fn post_filter(f: &PostFilter) -> Filter {
    let mut w = Filter::new();
    w.cond("deleted = 0", []);
    w.eq_opt("author", f.author.map(id_val));
    w.any_of("author", f.authors.iter().copied().map(id_val).collect());
    w.eq_opt("kind", f.kind.map(|k| text(k.as_str())));
    w.eq_opt("moderation", f.moderation.map(|m| text(m.as_str())));
    w.any_of(
        "visibility",
        f.visibility.iter().map(|v| text(v.as_str())).collect(),
    );
    if let Some(tag) = &f.hashtag {
        w.cond_or_probe(
            "rid IN (SELECT post FROM posts_hashtags WHERE tag = ?)",
            "EXISTS (SELECT 1 FROM posts_hashtags WHERE tag = ? AND post = posts.rid)",
            [text(normalize_tag(tag))],
        );
    }
    if let Some(t) = &f.text {
        fts::restrict(&mut w, &spec::POSTS, t);
    }
    if let Some(c) = &f.category {
        w.cond(
            "json_extract(doc, '$.serviceCategory') = ?",
            [text(c.as_str())],
        );
    }
    if let Some(r) = &f.reason {
        w.cond(
            "EXISTS (SELECT 1 FROM json_each(posts.doc, '$.moderation.reasons') WHERE value = ?)",
            [text(r.as_str())],
        );
    }
    if let Some(since) = f.since {
        w.cond("created_at >= ?", [ts_val(since)]);
    }
    w
}

/// How a newest-first list of `f` reads the table. One author's posts go through the author
/// index even when a moderation status is asked for too (an author's queue in
/// `moderate queue --author`): left to itself SQLite walks the status index, which for
/// `pending_review` over a large backlog means testing every held post for the author.
fn list_plan(f: &PostFilter) -> Plan {
    if f.author.is_some() && f.text.is_none() {
        Plan::NarrowBy("posts_author_id")
    } else if f.author.is_some() || !f.authors.is_empty() {
        Plan::Narrow
    } else {
        Plan::Broad
    }
}

/// Whether `f` asks exactly for explore's population, which the partial score index covers.
fn is_explore(f: &PostFilter) -> bool {
    f.visibility == [Visibility::Public]
        && f.moderation == Some(ModerationStatus::Approved)
        && f.author.is_none()
        && f.authors.is_empty()
}

/// Whether `f` asks for a following feed's population (approved posts of some authors that
/// their followers may see), which the partial (author, score) index covers.
fn is_following_feed(f: &PostFilter) -> bool {
    let mut v = f.visibility.clone();
    v.sort_by_key(|v| v.as_str());
    (f.author.is_some() || !f.authors.is_empty())
        && f.moderation == Some(ModerationStatus::Approved)
        && (v == [Visibility::Followers, Visibility::Public] || v == [Visibility::Public])
}

/// The WHERE clause and index hint of a ranked list of `f`.
///
/// Explore walks the partial score index, a following feed each author's range of the
/// partial (author, score) index (every condition an index lacks is checked row by row);
/// SQLite uses a partial index only when the query states its condition as literals.
fn ranked_plan(f: &PostFilter) -> (Filter, &'static str) {
    let (explore, feed) = (is_explore(f), is_following_feed(f));
    if !explore && !feed {
        return (post_filter(f), "");
    }
    let mut g = f.clone();
    g.visibility.clear();
    g.moderation = None;
    let mut w = post_filter(&g);
    w.cond("moderation = 'approved'", []);
    if explore {
        w.cond("visibility = 'public'", []);
        return (w, " INDEXED BY posts_engagement_score");
    }
    if f.visibility == [Visibility::Public] {
        w.cond("visibility = 'public'", []);
    }
    w.cond("visibility IN ('public', 'followers')", []);
    (w, " INDEXED BY posts_author_score")
}

fn ranked(c: &Connection, f: &PostFilter, page: &PageRequest) -> Result<Page<Post>, Fail> {
    let (w, index) = ranked_plan(f);
    let total = match page.page {
        Some(_) => Some(docs::count(c, "posts", &w)?),
        None => None,
    };
    let sql = format!(
        "SELECT doc FROM posts{index}{} ORDER BY score DESC, id DESC LIMIT ? OFFSET ?",
        w.where_sql()
    );
    let mut params = w.params;
    params.push(Value::Integer(i64::from(page.limit) + 1));
    params.push(Value::Integer(docs::offset(page)));
    let rows = docs::query_docs::<Post>(c, &sql, &params)?;
    Ok(Page::from_rows(rows, page, total, |_, n| Cursor::Offset(n)))
}

fn ranked_keys(c: &Connection, f: &PostFilter, limit: u32) -> Result<Vec<RankedKey>, Fail> {
    let (w, index) = ranked_plan(f);
    let sql = format!(
        "SELECT id, author, score FROM posts{index}{} ORDER BY score DESC, id DESC LIMIT ?",
        w.where_sql()
    );
    let mut params = w.params;
    params.push(Value::Integer(i64::from(limit)));
    let mut stmt = c.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(params), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, f64>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, author, score)| {
            Some(RankedKey {
                id: Id::parse(&id)?,
                author: Id::parse(&author)?,
                score,
            })
        })
        .collect())
}

fn trending(c: &Connection, since: Timestamp, limit: u32) -> Result<Vec<HashtagCount>, Fail> {
    let sql = "SELECT h.tag, COUNT(*), COUNT(DISTINCT p.author) FROM posts p \
        JOIN posts_hashtags h ON h.post = p.rid \
        WHERE p.created_at >= ? AND p.deleted = 0 AND p.visibility = 'public' \
        AND p.moderation = 'approved' \
        GROUP BY h.tag ORDER BY 3 DESC, 2 DESC, h.tag ASC LIMIT ?";
    let mut stmt = c.prepare_cached(sql)?;
    let rows = stmt
        .query_map(
            rusqlite::params![since.to_rfc3339(), i64::from(limit)],
            |r| {
                Ok(HashtagCount {
                    tag: r.get(0)?,
                    posts: r.get::<_, i64>(1)? as u64,
                    authors: r.get::<_, i64>(2)? as u64,
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[async_trait]
impl PostRepo for Embedded {
    async fn list_posts(&self, filter: &PostFilter, page: &PageRequest) -> Result<Page<Post>> {
        let (w, page, plan) = (post_filter(filter), page.clone(), list_plan(filter));
        self.read("list posts", move |c| docs::page_by_id(c, w, &page, plan))
            .await
    }

    async fn ranked_posts(&self, filter: &PostFilter, page: &PageRequest) -> Result<Page<Post>> {
        let (f, page) = (filter.clone(), page.clone());
        self.read("rank posts", move |c| ranked(c, &f, &page)).await
    }

    async fn ranked_keys(&self, filter: &PostFilter, limit: u32) -> Result<Vec<RankedKey>> {
        let f = filter.clone();
        self.read("rank post keys", move |c| ranked_keys(c, &f, limit))
            .await
    }

    async fn trending_hashtags(&self, since: Timestamp, limit: u32) -> Result<Vec<HashtagCount>> {
        self.read("trending hashtags", move |c| trending(c, since, limit))
            .await
    }

    async fn set_score_if_engagement(&self, id: Id, seen: &Engagement, score: f64) -> Result<bool> {
        let seen = *seen;
        self.write("set score if unchanged", move |c| {
            docs::update::<Post, _>(c, id, |p| {
                let current = p.engagement == seen;
                if current {
                    p.engagement_score = score;
                }
                current
            })
        })
        .await
    }

    async fn explore_posts(&self, page: &PageRequest) -> Result<Page<Post>> {
        let page = page.clone();
        self.read("explore posts", move |c| {
            // Exactly the partial index's condition, so the index serves both filter and order.
            const WHERE: &str = " WHERE deleted = 0 AND visibility = 'public' AND moderation = 'approved'";
            let total = match page.page {
                Some(_) => Some(docs::count(c, &format!("posts INDEXED BY posts_engagement_score{WHERE}"), &Filter::new())?),
                None => None,
            };
            let sql = format!("SELECT doc FROM posts INDEXED BY posts_engagement_score{WHERE} ORDER BY score DESC, id DESC LIMIT ? OFFSET ?");
            let params = [Value::Integer(i64::from(page.limit) + 1), Value::Integer(docs::offset(&page))];
            let rows = docs::query_docs::<Post>(c, &sql, &params)?;
            Ok(Page::from_rows(rows, &page, total, |_, n| Cursor::Offset(n)))
        })
        .await
    }

    async fn add_engagement(&self, id: Id, delta: &Engagement) -> Result<Engagement> {
        let d = *delta;
        self.write("add engagement", move |c| {
            docs::update::<Post, _>(c, id, |p| {
                let e = &mut p.engagement;
                e.likes = (e.likes + d.likes).max(0);
                e.comments = (e.comments + d.comments).max(0);
                e.shares = (e.shares + d.shares).max(0);
                e.views = (e.views + d.views).max(0);
                e.saves = (e.saves + d.saves).max(0);
                *e
            })
        })
        .await
    }

    async fn set_engagement_score(&self, id: Id, score: f64) -> Result<()> {
        self.write("set engagement score", move |c| {
            docs::update::<Post, _>(c, id, |p| p.engagement_score = score)
        })
        .await
    }

    async fn set_moderation(
        &self,
        id: Id,
        status: ModerationStatus,
        reasons: &[String],
        by: Option<Id>,
    ) -> Result<()> {
        let reasons = reasons.to_vec();
        self.write("set moderation", move |c| {
            docs::update::<Post, _>(c, id, |p| {
                let now = Timestamp::now();
                p.moderation.status = status;
                p.moderation.reasons = reasons;
                // As on MongoDB: an automatic decision leaves the last human review in place.
                if by.is_some() {
                    p.moderation.reviewed_by = by;
                    p.moderation.reviewed_at = Some(now);
                }
                p.updated_at = now;
            })
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::post::ModerationStatus::PendingReview;
    use crate::store::embedded::schema;

    /// The plan SQLite makes for `sql` with `params`, one line per step.
    fn query_plan(c: &Connection, sql: &str, params: &[Value]) -> Vec<String> {
        let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        stmt.query_map(rusqlite::params_from_iter(params), |r| {
            r.get::<_, String>(3)
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    }

    /// Statistics of a large backlog: many held posts, a few per author.
    const BACKLOG_STATS: &str = "ANALYZE; DELETE FROM sqlite_stat1;
        INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
            ('posts', 'posts_moderation_id', '100000 50000 1'),
            ('posts', 'posts_author_id', '100000 20 1');
        ANALYZE sqlite_schema;";

    /// Without statistics (a fresh or freshly seeded file, before `PRAGMA optimize` has
    /// analysed it) SQLite left to itself walks `posts_moderation_id` for this query; the
    /// author index must be used with statistics and without.
    #[test]
    fn an_authors_moderation_queue_walks_the_author_index() {
        for stats in [None, Some(BACKLOG_STATS)] {
            let mut c = Connection::open_in_memory().unwrap();
            schema::migrate(&mut c).map_err(|_| "migrate").unwrap();
            if let Some(stats) = stats {
                c.execute_batch(stats).unwrap();
            }
            let mut queue = PostFilter {
                author: Some(Id::new()),
                moderation: Some(PendingReview),
                ..Default::default()
            };
            for reason in [None, Some("spam".to_string())] {
                queue.reason = reason;
                let plan = list_plan(&queue);
                assert_eq!(plan, Plan::NarrowBy("posts_author_id"));
                let first = PageRequest::first(20);
                let (sql, params) =
                    docs::filtered_page_query::<Post>(post_filter(&queue), &first, plan);
                let steps = query_plan(&c, &sql, &params);
                let ctx = format!("{sql} (statistics: {}): {steps:?}", stats.is_some());
                assert!(
                    steps
                        .iter()
                        .any(|s| s.contains("USING INDEX posts_author_id (author=?)")),
                    "{ctx}"
                );
                assert!(
                    !steps.iter().any(|s| s.contains("posts_moderation_id")),
                    "{ctx}"
                );
                assert!(
                    !steps.iter().any(|s| s.contains("TEMP B-TREE")),
                    "the index gives the order: {ctx}"
                );
            }
        }
        let everyone = PostFilter {
            moderation: Some(PendingReview),
            ..Default::default()
        };
        assert_eq!(
            list_plan(&everyone),
            Plan::Broad,
            "the whole queue is unchanged"
        );
    }
}
