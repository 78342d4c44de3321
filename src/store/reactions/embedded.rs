//! Reactions and views ([`ReactionRepo`]): the reaction or view row and the post's counter
//! change in one transaction.

use std::time::Duration;

use async_trait::async_trait;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use crate::domain::post::{Engagement, Post, PostReaction, PostReactionKind, PostView};
use crate::domain::ranking::Ranking;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::store::embedded::docs::{self, Document, Filter, Plan, Table, id_val, text, ts_val};
use crate::store::embedded::{Embedded, Fail};
use crate::store::posts::Counter;
use crate::store::posts::embedded::bump_and_rescore;
use crate::store::{Page, PageRequest, ReactionRepo, Toggled};

impl Table for PostReaction {
    const COLUMNS: &'static [&'static str] = &["post", "user_id", "kind", "created_at"];

    fn columns(&self) -> Vec<Value> {
        vec![
            id_val(self.post),
            id_val(self.user),
            text(self.kind.as_str()),
            ts_val(self.created_at),
        ]
    }
}

impl Table for PostView {
    const COLUMNS: &'static [&'static str] = &["post", "viewer", "at"];

    fn columns(&self) -> Vec<Value> {
        vec![id_val(self.post), id_val(self.viewer), ts_val(self.at)]
    }
}

fn reaction_rid(
    c: &Connection,
    post: Id,
    user: Id,
    kind: PostReactionKind,
) -> Result<Option<i64>, Fail> {
    Ok(c.prepare_cached(
        "SELECT rid FROM post_reactions WHERE post = ? AND user_id = ? AND kind = ?",
    )?
    .query_row(
        [post.to_hex(), user.to_hex(), kind.as_str().to_string()],
        |r| r.get(0),
    )
    .optional()?)
}

/// Moves the counter of `kind` on `post` by `delta` (never below 0) and its hot score with
/// it; the counters after.
fn bump(
    c: &Connection,
    post: Id,
    kind: PostReactionKind,
    delta: i64,
    ranking: &Ranking,
) -> Result<Engagement, Fail> {
    let counter = match kind {
        PostReactionKind::Like => Counter::Likes,
        PostReactionKind::Save => Counter::Saves,
    };
    bump_and_rescore(c, post, counter, delta, ranking)
}

fn engagement_of(c: &Connection, post: Id) -> Result<Engagement, Fail> {
    docs::get::<Post>(c, post)?
        .map(|p| p.engagement)
        .ok_or_else(|| Error::NotFound(<Post as Document>::SPEC.noun).into())
}

#[async_trait]
impl ReactionRepo for Embedded {
    async fn react(
        &self,
        post: Id,
        user: Id,
        kind: PostReactionKind,
        ranking: &Ranking,
    ) -> Result<Toggled> {
        let ranking = *ranking;
        self.write("react to a post", move |c| {
            if reaction_rid(c, post, user, kind)?.is_some() {
                let engagement = engagement_of(c, post)?;
                return Ok(Toggled {
                    changed: false,
                    engagement,
                });
            }
            let r = PostReaction {
                id: Id::new(),
                post,
                user,
                kind,
                created_at: Timestamp::now(),
            };
            let engagement = bump(c, post, kind, 1, &ranking)?;
            docs::insert(c, &r)?;
            Ok(Toggled {
                changed: true,
                engagement,
            })
        })
        .await
    }

    async fn unreact(
        &self,
        post: Id,
        user: Id,
        kind: PostReactionKind,
        ranking: &Ranking,
    ) -> Result<Toggled> {
        let ranking = *ranking;
        self.write("remove a reaction", move |c| {
            let Some(rid) = reaction_rid(c, post, user, kind)? else {
                let engagement = engagement_of(c, post)?;
                return Ok(Toggled {
                    changed: false,
                    engagement,
                });
            };
            docs::delete_rids::<PostReaction>(c, &[rid])?;
            let engagement = bump(c, post, kind, -1, &ranking)?;
            Ok(Toggled {
                changed: true,
                engagement,
            })
        })
        .await
    }

    async fn reacted_among(
        &self,
        user: Id,
        kind: PostReactionKind,
        posts: &[Id],
    ) -> Result<Vec<Id>> {
        let list =
            serde_json::Value::from(posts.iter().map(Id::to_hex).collect::<Vec<_>>()).to_string();
        self.read("reactions among posts", move |c| {
            let sql = "SELECT post FROM post_reactions WHERE user_id = ? AND kind = ? \
                AND post IN (SELECT value FROM json_each(?))";
            let hexes = c
                .prepare_cached(sql)?
                .query_map([user.to_hex(), kind.as_str().to_string(), list], |r| {
                    r.get::<_, String>(0)
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(hexes.iter().filter_map(|h| Id::parse(h)).collect())
        })
        .await
    }

    async fn reactions_of(
        &self,
        user: Id,
        kind: PostReactionKind,
        page: &PageRequest,
    ) -> Result<Page<PostReaction>> {
        let page = page.clone();
        self.read("list reactions", move |c| {
            let mut w = Filter::new();
            w.eq("user_id", id_val(user));
            w.eq("kind", text(kind.as_str()));
            docs::page_by_id(c, w, &page, Plan::Narrow)
        })
        .await
    }

    async fn record_view(
        &self,
        post: Id,
        viewer: Id,
        at: Timestamp,
        window: Duration,
    ) -> Result<Option<Engagement>> {
        self.write("record a view", move |c| {
            engagement_of(c, post)?;
            let last: Option<(String, String)> = c
                .prepare_cached("SELECT id, at FROM post_views WHERE post = ? AND viewer = ?")?
                .query_row([post.to_hex(), viewer.to_hex()], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            let window_ms = i64::try_from(window.as_millis()).unwrap_or(i64::MAX);
            let cutoff = Timestamp::from_millis(at.millis().saturating_sub(window_ms));
            match last.and_then(|(id, seen)| Some((Id::parse(&id)?, Timestamp::parse(&seen)?))) {
                Some((_, seen)) if seen > cutoff => return Ok(None),
                Some((id, _)) => docs::update::<PostView, _>(c, id, |v| v.at = at)?,
                None => {
                    let view = PostView {
                        id: Id::new(),
                        post,
                        viewer,
                        at,
                    };
                    docs::insert(c, &view)?;
                }
            }
            let engagement = docs::update::<Post, _>(c, post, |p| {
                p.engagement.views += 1;
                p.engagement
            })?;
            Ok(Some(engagement))
        })
        .await
    }
}
