//! Comments ([`CommentRepo`]): the row (post, parent, author, moderation) and its lists.

use async_trait::async_trait;
use rusqlite::types::Value;

use crate::domain::post::{Comment, ModerationStatus};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::embedded::Embedded;
use crate::store::embedded::docs::{self, Filter, Plan, Table, flag, id_val, opt_id, text, ts_val};
use crate::store::{CommentFilter, CommentRepo, Page, PageRequest};

impl Table for Comment {
    const COLUMNS: &'static [&'static str] = &[
        "post",
        "parent",
        "author",
        "moderation",
        "deleted",
        "created_at",
    ];

    fn columns(&self) -> Vec<Value> {
        vec![
            id_val(self.post),
            opt_id(self.parent),
            id_val(self.author),
            text(self.moderation.status.as_str()),
            flag(self.deleted_at.is_some()),
            ts_val(self.created_at),
        ]
    }
}

fn comment_filter(f: &CommentFilter) -> Filter {
    let mut w = Filter::new();
    w.eq_opt("post", f.post.map(id_val));
    match f.parent {
        Some(Some(p)) => {
            w.eq("parent", id_val(p));
        }
        Some(None) => {
            w.cond("parent IS NULL", []);
        }
        None => {}
    }
    w.eq_opt("author", f.author.map(id_val));
    w.eq_opt("moderation", f.moderation.map(|m| text(m.as_str())));
    if let Some(r) = &f.reason {
        w.cond(
            "EXISTS (SELECT 1 FROM json_each(comments.doc, '$.moderation.reasons') WHERE value = ?)",
            [text(r.as_str())],
        );
    }
    if let Some(since) = f.since {
        w.cond("created_at >= ?", [ts_val(since)]);
    }
    w
}

#[async_trait]
impl CommentRepo for Embedded {
    async fn list_comments(
        &self,
        filter: &CommentFilter,
        page: &PageRequest,
    ) -> Result<Page<Comment>> {
        let plan = if filter.post.is_some() || filter.author.is_some() {
            Plan::Narrow
        } else {
            Plan::Broad
        };
        let (w, page) = (comment_filter(filter), page.clone());
        self.read("list comments", move |c| {
            docs::page_by_id(c, w, &page, plan)
        })
        .await
    }

    async fn set_comment_moderation(
        &self,
        id: Id,
        status: ModerationStatus,
        reasons: &[String],
        by: Option<Id>,
    ) -> Result<()> {
        let reasons = reasons.to_vec();
        self.write("set comment moderation", move |c| {
            docs::update::<Comment, _>(c, id, |k| {
                let now = Timestamp::now();
                k.moderation.status = status;
                k.moderation.reasons = reasons;
                if by.is_some() {
                    k.moderation.reviewed_by = by;
                    k.moderation.reviewed_at = Some(now);
                }
                k.updated_at = now;
            })
        })
        .await
    }
}
