//! Chat: `conversations` (inbox by latest activity, per-participant settings and read
//! watermarks, purge of conversations everyone deleted) and `messages` (history by number, the
//! word index for search, reactions, retention).
//!
//! A participant's fields are changed by their position in the array (`participants.3.pinned`)
//! guarded by the user id at that position, so no array-filter support is needed and a
//! concurrent membership change makes the write miss (and retry) rather than hit someone else.

use async_trait::async_trait;
use std::sync::atomic::{AtomicI64, Ordering};

use bson::{Document, doc};

use crate::domain::conversation::{Conversation, LastMessage, Participant};
use crate::domain::message::{Message, Reaction, prefix_range};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{
    Stored, and, date, from_doc, from_docs, oid, oids, to_bson, to_doc,
};
use crate::store::mongo::documents::Order;
use crate::store::mongo::errors;
use crate::store::{ConversationRepo, MessageFilter, MessageRepo, Page, PageRequest, SeqQuery};

/// How often a positional write is retried after the array moved under it.
const POSITION_RETRIES: usize = 3;

/// Conversations whose participants all deleted them (and that have participants at all).
fn deleted_by_all() -> Document {
    doc! {
        "participants.0": { "$exists": true },
        "participants": { "$not": { "$elemMatch": { "deletedAt": null } } },
    }
}

impl Mongo {
    async fn conversation(&self, id: Id) -> Result<Conversation> {
        self.get_by_id::<Conversation>(id)
            .await?
            .ok_or(Error::NotFound("conversation"))
    }

    /// Applies `update(i)` to participant `user` at its position `i`, guarded by the user id
    /// there; `None` when the user has no entry, else whether the update modified it.
    async fn at_participant(
        &self,
        id: Id,
        user: Id,
        guard: impl Fn(usize) -> Document,
        update: impl Fn(usize, &Conversation) -> Option<Document>,
    ) -> Result<Option<bool>> {
        for _ in 0..POSITION_RETRIES {
            let conv = self.conversation(id).await?;
            let Some(i) = conv.participants.iter().position(|p| p.user == user) else {
                return Ok(None);
            };
            let Some(change) = update(i, &conv) else {
                return Ok(Some(false));
            };
            let path = format!("participants.{i}.user");
            let mut filter = doc! { "_id": oid(id), path: oid(user) };
            filter.extend(guard(i));
            let result = self
                .coll(Conversation::SPEC.name)
                .update_one(filter, change)
                .await
                .map_err(errors::ctx(
                    Conversation::SPEC.name,
                    "changing a participant",
                ))?;
            if result.matched_count == 1 {
                return Ok(Some(result.modified_count == 1));
            }
            let moved = self.conversation(id).await?;
            if moved.participants.get(i).map(|p| p.user) == Some(user) {
                // The guard refused, not the position: nothing to do.
                return Ok(Some(false));
            }
        }
        Err(Error::Conflict(
            "the conversation changed meanwhile, try again".into(),
        ))
    }
}

#[async_trait]
impl ConversationRepo for Mongo {
    async fn find_direct_conversation(&self, a: Id, b: Id) -> Result<Option<Conversation>> {
        let key = crate::domain::conversation::direct_key(a, b);
        self.find_one(doc! { "directKey": key }).await
    }

    async fn find_booking_conversation(&self, booking: Id) -> Result<Option<Conversation>> {
        self.find_one(doc! { "booking": oid(booking) }).await
    }

    async fn list_conversations(
        &self,
        user: Id,
        pinned: Option<bool>,
        page: &PageRequest,
    ) -> Result<Page<Conversation>> {
        let mut member = doc! { "user": oid(user), "deletedAt": null };
        match pinned {
            Some(true) => member.insert("pinned", true),
            Some(false) => member.insert("pinned", doc! { "$ne": true }),
            None => None,
        };
        let filter = doc! { "participants": { "$elemMatch": member } };
        let order = Order::DateKeyDesc {
            field: "lastActivityAt",
        };
        self.page(filter, page, order).await
    }

    async fn conversation_ids_of(&self, user: Id) -> Result<Vec<Id>> {
        let filter =
            doc! { "participants": { "$elemMatch": { "user": oid(user), "leftAt": null } } };
        let found = self
            .coll(Conversation::SPEC.name)
            .find(filter)
            .projection(doc! { "_id": 1 })
            .await
            .map_err(errors::ctx(
                Conversation::SPEC.name,
                "conversations of a user",
            ))?;
        let docs: Vec<Document> =
            futures::TryStreamExt::try_collect(found)
                .await
                .map_err(errors::ctx(
                    Conversation::SPEC.name,
                    "conversations of a user",
                ))?;
        Ok(docs
            .iter()
            .filter_map(|d| d.get_object_id("_id").ok().map(Id::from))
            .collect())
    }

    async fn append_message(
        &self,
        message: &Message,
        preview: &str,
    ) -> Result<(Message, Conversation)> {
        let id = message.conversation;
        // The counter first: `$inc` hands out each number once, whoever sends concurrently.
        let numbered = self
            .update_returning::<Conversation>(
                doc! { "_id": oid(id) },
                doc! {
                    "$inc": { "lastSeq": 1_i64 },
                    "$max": { "lastActivityAt": date(message.created_at) },
                    "$set": { "updatedAt": date(message.created_at) },
                },
                "numbering a message",
            )
            .await?
            .ok_or(Error::NotFound("conversation"))?;
        let conv: Conversation = from_doc(numbered, Conversation::SPEC.name)?;
        let mut m = message.clone();
        m.seq = conv.last_seq;
        // A taken client key (a retried send) fails here; its number stays unused.
        self.insert_doc(Message::SPEC.name, to_doc(&m)?).await?;
        let last = to_bson(&LastMessage {
            id: m.id,
            seq: m.seq,
            sender: m.sender,
            preview: preview.to_string(),
            kind: m.kind,
            at: m.created_at,
        })?;
        self.update_one_in(
            Conversation::SPEC.name,
            doc! { "_id": oid(id), "lastSeq": m.seq },
            doc! { "$set": { "lastMessage": last } },
            "setting the last message",
        )
        .await?;
        let (seq, at) = (m.seq, m.created_at);
        self.at_participant(
            id,
            m.sender,
            |_| Document::new(),
            |i, conv| {
                let mut unset = Document::new();
                for (j, p) in conv.participants.iter().enumerate() {
                    if p.deleted_at.is_some() {
                        unset.insert(format!("participants.{j}.deletedAt"), "");
                    }
                }
                let mut change = doc! {
                    "$max": { format!("participants.{i}.lastReadSeq"): seq },
                    "$set": { format!("participants.{i}.lastReadAt"): date(at) },
                };
                if !unset.is_empty() {
                    change.insert("$unset", unset);
                }
                Some(change)
            },
        )
        .await?;
        Ok((m, self.conversation(id).await?))
    }

    async fn set_participant_fields(
        &self,
        conversation: Id,
        from: &Participant,
        fields: &[&str],
    ) -> Result<Option<Conversation>> {
        let encoded = to_doc(from)?;
        let done = self
            .at_participant(
                conversation,
                from.user,
                |_| Document::new(),
                |i, _| {
                    let (mut set, mut unset) = (Document::new(), Document::new());
                    for f in fields {
                        let path = format!("participants.{i}.{f}");
                        match encoded.get(*f) {
                            Some(v) => set.insert(path, v.clone()),
                            None => unset.insert(path, ""),
                        };
                    }
                    let mut change = Document::new();
                    for (op, d) in [("$set", set), ("$unset", unset)] {
                        if !d.is_empty() {
                            change.insert(op, d);
                        }
                    }
                    (!change.is_empty()).then_some(change)
                },
            )
            .await?;
        match done {
            None => Ok(None),
            Some(_) => self.conversation(conversation).await.map(Some),
        }
    }

    async fn raise_watermark(
        &self,
        conversation: Id,
        user: Id,
        seq: i64,
        at: Timestamp,
    ) -> Result<Option<(Conversation, bool)>> {
        // The cap (`lastSeq`) is read with the position; the guard reuses it.
        let capped = AtomicI64::new(seq);
        let moved = self
            .at_participant(
                conversation,
                user,
                |i| doc! { format!("participants.{i}.lastReadSeq"): { "$lt": capped.load(Ordering::Relaxed) } },
                |i, conv| {
                    let s = seq.min(conv.last_seq);
                    capped.store(s, Ordering::Relaxed);
                    (conv.participants[i].last_read_seq < s).then(|| {
                        doc! { "$set": {
                            format!("participants.{i}.lastReadSeq"): s,
                            format!("participants.{i}.lastReadAt"): date(at),
                        } }
                    })
                },
            )
            .await?;
        match moved {
            None => Ok(None),
            Some(moved) => Ok(Some((self.conversation(conversation).await?, moved))),
        }
    }

    async fn conversations_deleted_by_all(&self, limit: u32) -> Result<Vec<Id>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let docs = self
            .find_docs(
                Conversation::SPEC.name,
                deleted_by_all(),
                Some(doc! { "_id": 1 }),
                0,
                Some(i64::from(limit)),
            )
            .await?;
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

fn message_conditions(f: &MessageFilter) -> Vec<Document> {
    let mut conditions = vec![doc! { "conversation": oid(f.conversation) }];
    if let Some(viewer) = f.viewer {
        conditions.push(doc! { "deletedFor": { "$ne": oid(viewer) } });
    }
    conditions
}

fn seq_conditions(q: &SeqQuery) -> Vec<Document> {
    let mut conditions = message_conditions(&MessageFilter {
        conversation: q.conversation,
        viewer: q.viewer,
    });
    let mut range = doc! { "$gt": q.after };
    if let Some(before) = q.before {
        range.insert("$lt", before);
    }
    conditions.push(doc! { "seq": range });
    conditions
}

impl Mongo {
    async fn by_seq(&self, conditions: Vec<Document>, q: &SeqQuery) -> Result<Vec<Message>> {
        let order = if q.ascending { 1 } else { -1 };
        let docs = self
            .find_docs(
                Message::SPEC.name,
                and(conditions),
                Some(doc! { "seq": order }),
                0,
                Some(i64::from(q.limit)),
            )
            .await?;
        from_docs(docs, Message::SPEC.name)
    }

    /// The message after a reaction update that matched, or as stored when it did not.
    async fn reacted(&self, id: Id, after: Option<Document>) -> Result<Option<(Message, bool)>> {
        match after {
            Some(d) => Ok(Some((from_doc(d, Message::SPEC.name)?, true))),
            None => Ok(self.get_by_id::<Message>(id).await?.map(|m| (m, false))),
        }
    }
}

#[async_trait]
impl MessageRepo for Mongo {
    async fn list_messages(
        &self,
        filter: &MessageFilter,
        page: &PageRequest,
    ) -> Result<Page<Message>> {
        self.page(and(message_conditions(filter)), page, Order::IdDesc)
            .await
    }

    async fn messages_by_seq(&self, query: &SeqQuery) -> Result<Vec<Message>> {
        self.by_seq(seq_conditions(query), query).await
    }

    async fn search_messages(&self, query: &SeqQuery, prefixes: &[String]) -> Result<Vec<Message>> {
        let mut conditions = seq_conditions(query);
        for p in prefixes {
            // One element must lie in the range: `$elemMatch`, not two independent bounds.
            let (lo, hi) = prefix_range(p);
            let mut range = doc! { "$gte": lo };
            if let Some(hi) = hi {
                range.insert("$lt", hi);
            }
            conditions.push(doc! { "words": { "$elemMatch": range } });
        }
        self.by_seq(conditions, query).await
    }

    async fn find_by_client_key(&self, key: &str) -> Result<Option<Message>> {
        self.find_one(doc! { "clientKey": key }).await
    }

    async fn add_reaction(
        &self,
        message: Id,
        reaction: &Reaction,
    ) -> Result<Option<(Message, bool)>> {
        let same = doc! { "user": oid(reaction.user), "emoji": &reaction.emoji };
        let after = self
            .update_returning::<Message>(
                doc! { "_id": oid(message), "reactions": { "$not": { "$elemMatch": same } } },
                doc! { "$push": { "reactions": to_bson(reaction)? } },
                "adding a reaction",
            )
            .await?;
        self.reacted(message, after).await
    }

    async fn remove_reaction(
        &self,
        message: Id,
        user: Id,
        emoji: &str,
    ) -> Result<Option<(Message, bool)>> {
        let same = doc! { "user": oid(user), "emoji": emoji };
        let after = self
            .update_returning::<Message>(
                doc! { "_id": oid(message), "reactions": { "$elemMatch": same.clone() } },
                doc! { "$pull": { "reactions": same } },
                "removing a reaction",
            )
            .await?;
        self.reacted(message, after).await
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
