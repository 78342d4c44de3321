//! Reactions and views on MongoDB: the unique reaction (or view) decides who counts, then the
//! post's counter moves (a like or save together with the hot score, in one pipeline update;
//! a view by `$inc`) — each step atomic, so concurrent likes count exactly.

use std::time::Duration;

use async_trait::async_trait;
use bson::{Document, doc};

use crate::domain::post::{Engagement, Post, PostReaction, PostReactionKind, PostView};
use crate::domain::ranking::Ranking;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{Stored, date, from_doc, oid, oids, to_doc};
use crate::store::mongo::documents::Order;
use crate::store::mongo::errors;
use crate::store::posts::Counter;
use crate::store::{Page, PageRequest, PostRepo, ReactionRepo, Toggled};

fn reaction_key(post: Id, user: Id, kind: PostReactionKind) -> Document {
    doc! { "post": oid(post), "user": oid(user), "type": kind.as_str() }
}

/// The post counter a reaction of `kind` moves.
fn counter(kind: PostReactionKind) -> Counter {
    match kind {
        PostReactionKind::Like => Counter::Likes,
        PostReactionKind::Save => Counter::Saves,
    }
}

impl Mongo {
    async fn engagement_now(&self, post: Id) -> Result<Engagement> {
        let p: Post = self
            .get_by_id(post)
            .await?
            .ok_or(Error::NotFound(Post::SPEC.noun))?;
        Ok(p.engagement)
    }

    /// Inserts `doc` into `collection`: `true` when stored, `false` on a duplicate key.
    async fn insert_unless_duplicate(&self, collection: &str, doc: Document) -> Result<bool> {
        match self.coll(collection).insert_one(doc).await {
            Ok(_) => Ok(true),
            Err(e) if errors::is_duplicate_key(&e) => Ok(false),
            Err(e) => Err(errors::db_error(e, collection, "inserting")),
        }
    }
}

#[async_trait]
impl ReactionRepo for Mongo {
    async fn react(
        &self,
        post: Id,
        user: Id,
        kind: PostReactionKind,
        ranking: &Ranking,
    ) -> Result<Toggled> {
        let r = PostReaction {
            id: Id::new(),
            post,
            user,
            kind,
            created_at: Timestamp::now(),
        };
        if !self
            .insert_unless_duplicate(PostReaction::SPEC.name, to_doc(&r)?)
            .await?
        {
            return Ok(Toggled {
                changed: false,
                engagement: self.engagement_now(post).await?,
            });
        }
        // The update finds the post or says it is missing: no read before it. A reaction to
        // a missing post is taken back.
        match self.bump_and_rescore(post, counter(kind), 1, ranking).await {
            Ok(engagement) => Ok(Toggled {
                changed: true,
                engagement,
            }),
            Err(Error::NotFound(noun)) => {
                self.coll(PostReaction::SPEC.name)
                    .delete_one(doc! { "_id": oid(r.id) })
                    .await
                    .map_err(errors::ctx(
                        PostReaction::SPEC.name,
                        "taking back a reaction",
                    ))?;
                Err(Error::NotFound(noun))
            }
            Err(e) => Err(e),
        }
    }

    async fn unreact(
        &self,
        post: Id,
        user: Id,
        kind: PostReactionKind,
        ranking: &Ranking,
    ) -> Result<Toggled> {
        let removed = self
            .coll(PostReaction::SPEC.name)
            .find_one_and_delete(reaction_key(post, user, kind))
            .await
            .map_err(errors::ctx(PostReaction::SPEC.name, "removing a reaction"))?;
        if removed.is_none() {
            return Ok(Toggled {
                changed: false,
                engagement: self.engagement_now(post).await?,
            });
        }
        let engagement = self
            .bump_and_rescore(post, counter(kind), -1, ranking)
            .await?;
        Ok(Toggled {
            changed: true,
            engagement,
        })
    }

    async fn reacted_among(
        &self,
        user: Id,
        kind: PostReactionKind,
        posts: &[Id],
    ) -> Result<Vec<Id>> {
        if posts.is_empty() {
            return Ok(Vec::new());
        }
        let filter =
            doc! { "user": oid(user), "type": kind.as_str(), "post": { "$in": oids(posts) } };
        let docs = self
            .find_docs(PostReaction::SPEC.name, filter, None, 0, None)
            .await?;
        docs.into_iter()
            .map(|d| from_doc::<PostReaction>(d, PostReaction::SPEC.name).map(|r| r.post))
            .collect()
    }

    async fn reactions_of(
        &self,
        user: Id,
        kind: PostReactionKind,
        page: &PageRequest,
    ) -> Result<Page<PostReaction>> {
        self.page(
            doc! { "user": oid(user), "type": kind.as_str() },
            page,
            Order::IdDesc,
        )
        .await
    }

    async fn record_view(
        &self,
        post: Id,
        viewer: Id,
        at: Timestamp,
        window: Duration,
    ) -> Result<Option<Engagement>> {
        self.engagement_now(post).await?;
        let window_ms = i64::try_from(window.as_millis()).unwrap_or(i64::MAX);
        let cutoff = Timestamp::from_millis(at.millis().saturating_sub(window_ms));
        // An old view is moved forward; a recent one matches nothing; none at all is inserted,
        // and the unique pair refuses a second insert that raced this one.
        let renewed = self
            .coll(PostView::SPEC.name)
            .find_one_and_update(
                doc! { "post": oid(post), "viewer": oid(viewer), "at": { "$lte": date(cutoff) } },
                doc! { "$set": { "at": date(at) } },
            )
            .await
            .map_err(errors::ctx(PostView::SPEC.name, "renewing a view"))?
            .is_some();
        let counted = renewed || {
            let view = PostView {
                id: Id::new(),
                post,
                viewer,
                at,
            };
            self.insert_unless_duplicate(PostView::SPEC.name, to_doc(&view)?)
                .await?
        };
        if !counted {
            return Ok(None);
        }
        let views = Engagement {
            views: 1,
            ..Engagement::default()
        };
        self.add_engagement(post, &views).await.map(Some)
    }
}
