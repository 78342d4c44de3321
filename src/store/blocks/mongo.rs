//! Blocks on MongoDB: the unique pair decides whether a block is new; lookups go both ways.

use async_trait::async_trait;
use bson::{Document, doc};

use crate::domain::block::Block;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{Stored, from_doc, oid, oids, to_doc};
use crate::store::mongo::documents::Order;
use crate::store::mongo::errors;
use crate::store::{BlockRepo, Page, PageRequest};

fn pair(blocker: Id, blocked: Id) -> Document {
    doc! { "blocker": oid(blocker), "blocked": oid(blocked) }
}

#[async_trait]
impl BlockRepo for Mongo {
    async fn block(&self, blocker: Id, blocked: Id) -> Result<bool> {
        let block = Block::new(blocker, blocked, Timestamp::now())
            .map_err(|e| Error::Validation(vec![e]))?;
        match self
            .coll(Block::SPEC.name)
            .insert_one(to_doc(&block)?)
            .await
        {
            Ok(_) => Ok(true),
            Err(e) if errors::is_duplicate_key(&e) => Ok(false),
            Err(e) => Err(errors::db_error(e, Block::SPEC.name, "blocking")),
        }
    }

    async fn unblock(&self, blocker: Id, blocked: Id) -> Result<bool> {
        let removed = self
            .coll(Block::SPEC.name)
            .find_one_and_delete(pair(blocker, blocked))
            .await
            .map_err(errors::ctx(Block::SPEC.name, "unblocking"))?;
        Ok(removed.is_some())
    }

    async fn blocked_among(&self, user: Id, others: &[Id]) -> Result<Vec<Id>> {
        if others.is_empty() {
            return Ok(Vec::new());
        }
        let filter = doc! { "$or": [
            { "blocker": oid(user), "blocked": { "$in": oids(others) } },
            { "blocked": oid(user), "blocker": { "$in": oids(others) } },
        ] };
        let docs = self
            .find_docs(Block::SPEC.name, filter, None, 0, None)
            .await?;
        let mut out = Vec::new();
        for d in docs {
            let b: Block = from_doc(d, Block::SPEC.name)?;
            let other = if b.blocker == user {
                b.blocked
            } else {
                b.blocker
            };
            if !out.contains(&other) {
                out.push(other);
            }
        }
        Ok(out)
    }

    async fn blocks_by(&self, user: Id, page: &PageRequest) -> Result<Page<Block>> {
        self.page(doc! { "blocker": oid(user) }, page, Order::IdDesc)
            .await
    }

    async fn remove_user_blocks(&self, user: Id) -> Result<u64> {
        let filter = doc! { "$or": [{ "blocker": oid(user) }, { "blocked": oid(user) }] };
        let done = self
            .coll(Block::SPEC.name)
            .delete_many(filter)
            .await
            .map_err(errors::ctx(Block::SPEC.name, "removing a user's blocks"))?;
        Ok(done.deleted_count)
    }
}
