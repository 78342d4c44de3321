//! Follow edges ([`FollowRepo`]): the edge and both users' counters change in one transaction.

use async_trait::async_trait;
use rusqlite::types::Value;

use crate::domain::follow::Follow;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::store::embedded::docs::{self, Filter, Plan, Table, id_val, ts_val};
use crate::store::embedded::{Embedded, Fail};
use crate::store::users::embedded::bump_follow_counts;
use crate::store::{FollowRepo, Page, PageRequest};

impl Table for Follow {
    const COLUMNS: &'static [&'static str] = &["follower", "followee", "created_at"];

    fn columns(&self) -> Vec<Value> {
        vec![
            id_val(self.follower),
            id_val(self.followee),
            ts_val(self.created_at),
        ]
    }
}

fn edge_rid(c: &rusqlite::Connection, follower: Id, followee: Id) -> Result<Option<i64>, Fail> {
    use rusqlite::OptionalExtension;
    Ok(
        c.prepare_cached("SELECT rid FROM follows WHERE follower = ? AND followee = ?")?
            .query_row([follower.to_hex(), followee.to_hex()], |r| r.get(0))
            .optional()?,
    )
}

#[async_trait]
impl FollowRepo for Embedded {
    async fn follow(&self, follower: Id, followee: Id) -> Result<bool> {
        let edge = Follow::new(follower, followee, Timestamp::now())
            .map_err(|e| Error::Validation(vec![e]))?;
        self.write("follow", move |c| {
            if edge_rid(c, follower, followee)?.is_some() {
                return Ok(false);
            }
            docs::insert(c, &edge)?;
            bump_follow_counts(c, followee, 1, 0)?;
            bump_follow_counts(c, follower, 0, 1)?;
            Ok(true)
        })
        .await
    }

    async fn unfollow(&self, follower: Id, followee: Id) -> Result<bool> {
        self.write("unfollow", move |c| {
            let Some(rid) = edge_rid(c, follower, followee)? else {
                return Ok(false);
            };
            docs::delete_rids::<Follow>(c, &[rid])?;
            bump_follow_counts(c, followee, -1, 0)?;
            bump_follow_counts(c, follower, 0, -1)?;
            Ok(true)
        })
        .await
    }

    async fn is_following(&self, follower: Id, followee: Id) -> Result<bool> {
        self.read("is following", move |c| {
            Ok(edge_rid(c, follower, followee)?.is_some())
        })
        .await
    }

    async fn followers(&self, user: Id, page: &PageRequest) -> Result<Page<Follow>> {
        let page = page.clone();
        self.read("list followers", move |c| {
            let mut w = Filter::new();
            w.eq("followee", id_val(user));
            docs::page_by_id(c, w, &page, Plan::Narrow)
        })
        .await
    }

    async fn following(&self, user: Id, page: &PageRequest) -> Result<Page<Follow>> {
        let page = page.clone();
        self.read("list following", move |c| {
            let mut w = Filter::new();
            w.eq("follower", id_val(user));
            docs::page_by_id(c, w, &page, Plan::Narrow)
        })
        .await
    }
}
