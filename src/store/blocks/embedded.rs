//! Blocks ([`BlockRepo`]) in the embedded store: one row per pair, looked up from either side.

use async_trait::async_trait;
use rusqlite::OptionalExtension;
use rusqlite::types::Value;

use crate::domain::block::Block;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::store::embedded::docs::{self, Filter, Plan, Table, id_val, ts_val};
use crate::store::embedded::{Embedded, Fail};
use crate::store::{BlockRepo, Page, PageRequest};

impl Table for Block {
    const COLUMNS: &'static [&'static str] = &["blocker", "blocked", "created_at"];

    fn columns(&self) -> Vec<Value> {
        vec![
            id_val(self.blocker),
            id_val(self.blocked),
            ts_val(self.created_at),
        ]
    }
}

fn pair_rid(c: &rusqlite::Connection, blocker: Id, blocked: Id) -> Result<Option<i64>, Fail> {
    Ok(
        c.prepare_cached("SELECT rid FROM blocks WHERE blocker = ? AND blocked = ?")?
            .query_row([blocker.to_hex(), blocked.to_hex()], |r| r.get(0))
            .optional()?,
    )
}

/// Both directions of `user`'s blocks among a JSON list of ids: each side by its own index.
const BLOCKED_AMONG: &str = "SELECT blocked FROM blocks WHERE blocker = ?1 \
    AND blocked IN (SELECT value FROM json_each(?2)) \
    UNION SELECT blocker FROM blocks WHERE blocked = ?1 \
    AND blocker IN (SELECT value FROM json_each(?2))";

/// Every block of `user`, made or received: each side by its own index.
const BLOCKS_OF: &str = "SELECT rid FROM blocks WHERE blocker = ?1 \
    UNION SELECT rid FROM blocks WHERE blocked = ?1";

#[async_trait]
impl BlockRepo for Embedded {
    async fn block(&self, blocker: Id, blocked: Id) -> Result<bool> {
        let block = Block::new(blocker, blocked, Timestamp::now())
            .map_err(|e| Error::Validation(vec![e]))?;
        self.write("block", move |c| {
            if pair_rid(c, blocker, blocked)?.is_some() {
                return Ok(false);
            }
            docs::insert(c, &block)?;
            Ok(true)
        })
        .await
    }

    async fn unblock(&self, blocker: Id, blocked: Id) -> Result<bool> {
        self.write("unblock", move |c| {
            let Some(rid) = pair_rid(c, blocker, blocked)? else {
                return Ok(false);
            };
            docs::delete_rids::<Block>(c, &[rid])?;
            Ok(true)
        })
        .await
    }

    async fn blocked_among(&self, user: Id, others: &[Id]) -> Result<Vec<Id>> {
        if others.is_empty() {
            return Ok(Vec::new());
        }
        let list =
            serde_json::Value::from(others.iter().map(Id::to_hex).collect::<Vec<_>>()).to_string();
        self.read("blocks among users", move |c| {
            let hexes = c
                .prepare_cached(BLOCKED_AMONG)?
                .query_map([user.to_hex(), list], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(hexes.iter().filter_map(|h| Id::parse(h)).collect())
        })
        .await
    }

    async fn blocks_by(&self, user: Id, page: &PageRequest) -> Result<Page<Block>> {
        let page = page.clone();
        self.read("list blocks", move |c| {
            let mut w = Filter::new();
            w.eq("blocker", id_val(user));
            docs::page_by_id(c, w, &page, Plan::Narrow)
        })
        .await
    }

    async fn remove_user_blocks(&self, user: Id) -> Result<u64> {
        self.write("remove a user's blocks", move |c| {
            let rids = c
                .prepare_cached(BLOCKS_OF)?
                .query_map([user.to_hex()], |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            docs::delete_rids::<Block>(c, &rids)
        })
        .await
    }
}
