//! Chat: `conversations` (inbox by latest activity, per-participant deletion, purge of
//! conversations everyone deleted) and `messages` (history, read receipts, retention).

use async_trait::async_trait;
use bson::{Bson, Document, doc};

use crate::domain::conversation::{Conversation, ConversationType};
use crate::domain::message::{Message, ReadReceipt};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{Stored, and, date, oid, oids, to_bson};
use crate::store::mongo::documents::Order;
use crate::store::mongo::errors;
use crate::store::mongo::text::text_filter;
use crate::store::spec;
use crate::store::{ConversationRepo, MessageFilter, MessageRepo, Page, PageRequest};

/// Conversations whose participants all deleted them (and that have participants at all).
fn deleted_by_all() -> Document {
    doc! {
        "participants.0": { "$exists": true },
        "participants": { "$not": { "$elemMatch": { "deletedAt": null } } },
    }
}

#[async_trait]
impl ConversationRepo for Mongo {
    async fn find_direct_conversation(&self, a: Id, b: Id) -> Result<Option<Conversation>> {
        // Two conditions on the same path, so `$and` (a plain document would keep only one).
        let filter = doc! {
            "type": ConversationType::Direct.as_str(),
            "$and": [ { "participants.user": oid(a) }, { "participants.user": oid(b) } ],
        };
        self.find_one(filter).await
    }

    async fn find_booking_conversation(&self, booking: Id) -> Result<Option<Conversation>> {
        self.find_one(doc! { "booking": oid(booking) }).await
    }

    async fn list_conversations(&self, user: Id, page: &PageRequest) -> Result<Page<Conversation>> {
        let filter =
            doc! { "participants": { "$elemMatch": { "user": oid(user), "deletedAt": null } } };
        let order = Order::DateKeyDesc {
            field: "lastActivityAt",
        };
        self.page(filter, page, order).await
    }

    async fn conversations_deleted_by_all(&self, limit: u32) -> Result<Vec<Id>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let docs = self
            .coll(Conversation::SPEC.name)
            .find(deleted_by_all())
            .projection(doc! { "_id": 1 })
            .sort(doc! { "_id": 1 })
            .limit(i64::from(limit))
            .await
            .map_err(errors::ctx(
                Conversation::SPEC.name,
                "finding deleted conversations",
            ))?;
        let docs: Vec<Document> =
            futures::TryStreamExt::try_collect(docs)
                .await
                .map_err(errors::ctx(
                    Conversation::SPEC.name,
                    "finding deleted conversations",
                ))?;
        Ok(docs
            .iter()
            .filter_map(|d| d.get_object_id("_id").ok().map(Id::from))
            .collect())
    }

    async fn delete_conversations(&self, ids: &[Id]) -> Result<(u64, u64)> {
        if ids.is_empty() {
            return Ok((0, 0));
        }
        // Messages first: if this stops half-way, the conversations are still there to be found
        // and purged by the next run, instead of orphaned messages nobody can reach.
        let messages = self
            .coll(Message::SPEC.name)
            .delete_many(doc! { "conversation": { "$in": oids(ids) } })
            .await
            .map_err(errors::ctx(
                Message::SPEC.name,
                "deleting messages of conversations",
            ))?;
        let conversations = self
            .coll(Conversation::SPEC.name)
            .delete_many(doc! { "_id": { "$in": oids(ids) } })
            .await
            .map_err(errors::ctx(
                Conversation::SPEC.name,
                "deleting conversations",
            ))?;
        Ok((conversations.deleted_count, messages.deleted_count))
    }
}

#[async_trait]
impl MessageRepo for Mongo {
    async fn list_messages(
        &self,
        filter: &MessageFilter,
        page: &PageRequest,
    ) -> Result<Page<Message>> {
        let mut conditions = vec![doc! { "conversation": oid(filter.conversation) }];
        if let Some(viewer) = filter.viewer {
            conditions.push(doc! { "deletedFor": { "$ne": oid(viewer) } });
        }
        if let Some(text) = &filter.text {
            conditions.push(text_filter(spec::MESSAGES.text, text));
        }
        self.page(and(conditions), page, Order::IdDesc).await
    }

    async fn mark_messages_read(
        &self,
        conversation: Id,
        reader: Id,
        up_to: Id,
        at: Timestamp,
    ) -> Result<u64> {
        // The filter excludes messages that already carry the reader's receipt, so the push is
        // idempotent and concurrent calls cannot add a second receipt.
        let receipt: Bson = to_bson(&ReadReceipt {
            user: reader,
            read_at: at,
        })?;
        let result = self
            .coll(Message::SPEC.name)
            .update_many(
                doc! {
                    "conversation": oid(conversation),
                    "_id": { "$lte": oid(up_to) },
                    "sender": { "$ne": oid(reader) },
                    "readBy.user": { "$ne": oid(reader) },
                },
                doc! { "$push": { "readBy": receipt } },
            )
            .await
            .map_err(errors::ctx(Message::SPEC.name, "marking messages read"))?;
        Ok(result.modified_count)
    }

    async fn delete_messages_before(&self, before: Timestamp, limit: u32) -> Result<u64> {
        self.delete_limited(
            Message::SPEC.name,
            doc! { "createdAt": { "$lt": date(before) } },
            limit,
        )
        .await
    }

    async fn count_messages_before(&self, before: Timestamp) -> Result<u64> {
        self.count(
            Message::SPEC.name,
            doc! { "createdAt": { "$lt": date(before) } },
        )
        .await
    }
}
