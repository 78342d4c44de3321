//! Conversations and messages ([`ConversationRepo`], [`MessageRepo`]).
//!
//! A conversation's participants are mirrored into `conversation_members` (one row per user,
//! with the conversation's activity time and whether that user deleted it), so a user's inbox
//! is one index range in activity order. Messages keep who hid them and who read them as key
//! sets, so listing and read receipts never parse documents they do not return or change.

use async_trait::async_trait;
use rusqlite::Connection;
use rusqlite::types::Value;

use crate::domain::conversation::{Conversation, ConversationType};
use crate::domain::message::{Message, ReadReceipt};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::embedded::docs::{
    self, Filter, Plan, Table, flag, id_val, int, key_needle, key_set, opt_id, text, ts_val,
};
use crate::store::embedded::{Embedded, fts};
use crate::store::page::Cursor;
use crate::store::{
    ConversationRepo, MessageFilter, MessageRepo, Page, PageRequest, collections, spec,
};

impl Table for Conversation {
    const COLUMNS: &'static [&'static str] = &[
        "kind",
        "direct_key",
        "booking",
        "activity",
        "deleted_by_all",
        "created_at",
    ];

    fn columns(&self) -> Vec<Value> {
        let direct = match (self.kind, self.participants.as_slice()) {
            (ConversationType::Direct, [a, b]) => Value::Text(direct_key(a.user, b.user)),
            _ => Value::Null,
        };
        vec![
            text(self.kind.as_str()),
            direct,
            opt_id(self.booking),
            int(self.last_activity_at.millis()),
            flag(self.deleted_by_all()),
            ts_val(self.created_at),
        ]
    }

    fn sync(c: &Connection, rid: i64, conv: &Conversation, fresh: bool) -> rusqlite::Result<()> {
        if !fresh {
            c.prepare_cached("DELETE FROM conversation_members WHERE conv = ?")?
                .execute([rid])?;
        }
        let mut ins = c.prepare_cached(
            "INSERT OR REPLACE INTO conversation_members (user_id, conv, activity, conv_id, hidden) \
             VALUES (?, ?, ?, ?, ?)",
        )?;
        for p in &conv.participants {
            ins.execute(rusqlite::params![
                p.user.to_hex(),
                rid,
                conv.last_activity_at.millis(),
                conv.id.to_hex(),
                p.deleted_at.is_some()
            ])?;
        }
        Ok(())
    }

    fn unsync(c: &Connection, rid: i64) -> rusqlite::Result<()> {
        c.prepare_cached("DELETE FROM conversation_members WHERE conv = ?")?
            .execute([rid])?;
        Ok(())
    }
}

/// The same key for (a, b) and (b, a).
fn direct_key(a: Id, b: Id) -> String {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    format!("{lo}:{hi}")
}

impl Table for Message {
    const COLUMNS: &'static [&'static str] = &[
        "conversation",
        "sender",
        "hidden_for",
        "read_by",
        "created_at",
    ];

    fn columns(&self) -> Vec<Value> {
        vec![
            id_val(self.conversation),
            id_val(self.sender),
            text(key_set(self.deleted_for.iter().map(Id::to_hex))),
            text(key_set(self.read_by.iter().map(|r| r.user.to_hex()))),
            ts_val(self.created_at),
        ]
    }

    fn sync(c: &Connection, rid: i64, m: &Message, fresh: bool) -> rusqlite::Result<()> {
        // A message deleted for everyone must not be found by its old text.
        if m.deleted_for_everyone {
            return fts::put_values(c, &spec::MESSAGES, rid, fresh, &[]);
        }
        fts::put(c, &spec::MESSAGES, rid, fresh, m)
    }

    fn unsync(c: &Connection, rid: i64) -> rusqlite::Result<()> {
        fts::remove(c, &spec::MESSAGES, rid)
    }
}

/// Deletes every message of the conversation; returns how many.
fn delete_conversation_messages(
    c: &Connection,
    conversation: Id,
) -> Result<u64, crate::store::embedded::Fail> {
    let rids = c
        .prepare_cached("SELECT rid FROM messages WHERE conversation = ?")?
        .query_map([conversation.to_hex()], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    docs::delete_rids::<Message>(c, &rids)
}

#[async_trait]
impl ConversationRepo for Embedded {
    async fn find_direct_conversation(&self, a: Id, b: Id) -> Result<Option<Conversation>> {
        self.read("find direct conversation", move |c| {
            let sql = "SELECT doc FROM conversations WHERE direct_key = ? ORDER BY id LIMIT 1";
            Ok(docs::query_docs(c, sql, &[text(direct_key(a, b))])?.pop())
        })
        .await
    }

    async fn find_booking_conversation(&self, booking: Id) -> Result<Option<Conversation>> {
        self.read("find booking conversation", move |c| {
            let sql = "SELECT doc FROM conversations WHERE booking = ? ORDER BY id DESC LIMIT 1";
            Ok(docs::query_docs(c, sql, &[id_val(booking)])?.pop())
        })
        .await
    }

    async fn list_conversations(&self, user: Id, page: &PageRequest) -> Result<Page<Conversation>> {
        let page = page.clone();
        self.read("list conversations", move |c| {
            let mut w = Filter::new();
            w.eq("m.user_id", id_val(user)).cond("m.hidden = 0", []);
            let total = match page.page {
                Some(_) => Some(docs::count(c, "conversation_members m", &w)?),
                None => None,
            };
            if let Some(Cursor::KeyId(key, id)) = page.cursor {
                w.cond(
                    "(m.activity < ? OR (m.activity = ? AND m.conv_id < ?))",
                    [int(key), int(key), id_val(id)],
                );
            }
            let sql = format!(
                "SELECT c.doc FROM conversation_members m JOIN conversations c ON c.rid = m.conv{} \
                 ORDER BY m.activity DESC, m.conv_id DESC LIMIT ? OFFSET ?",
                w.where_sql()
            );
            let mut params = w.params;
            params.push(Value::Integer(i64::from(page.limit) + 1));
            params.push(Value::Integer(docs::offset(&page)));
            let rows = docs::query_docs::<Conversation>(c, &sql, &params)?;
            Ok(Page::from_rows(rows, &page, total, |conv, _| {
                Cursor::KeyId(conv.last_activity_at.millis(), conv.id)
            }))
        })
        .await
    }

    async fn conversations_deleted_by_all(&self, limit: u32) -> Result<Vec<Id>> {
        self.read("conversations deleted by all", move |c| {
            let ids = c
                .prepare_cached(
                    "SELECT id FROM conversations WHERE deleted_by_all = 1 ORDER BY id LIMIT ?",
                )?
                .query_map([i64::from(limit)], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(ids.iter().filter_map(|s| Id::parse(s)).collect())
        })
        .await
    }

    async fn delete_conversations(&self, ids: &[Id]) -> Result<(u64, u64)> {
        let ids = ids.to_vec();
        self.write("delete conversations", move |c| {
            let (mut convs, mut msgs) = (0, 0);
            for id in ids {
                msgs += delete_conversation_messages(c, id)?;
                if let Some((rid, _)) = docs::get_row::<Conversation>(c, id)? {
                    convs += docs::delete_rids::<Conversation>(c, &[rid])?;
                }
            }
            Ok((convs, msgs))
        })
        .await
    }
}

fn message_filter(f: &MessageFilter) -> Filter {
    let mut w = Filter::new();
    w.eq("conversation", id_val(f.conversation));
    if let Some(v) = f.viewer {
        w.cond("instr(hidden_for, ?) = 0", [key_needle(&v.to_hex())]);
    }
    if let Some(t) = &f.text {
        fts::restrict(&mut w, &spec::MESSAGES, t);
    }
    w
}

fn before_filter(before: Timestamp) -> Filter {
    let mut w = Filter::new();
    w.cond("created_at < ?", [ts_val(before)]);
    w
}

#[async_trait]
impl MessageRepo for Embedded {
    async fn list_messages(
        &self,
        filter: &MessageFilter,
        page: &PageRequest,
    ) -> Result<Page<Message>> {
        let (w, page) = (message_filter(filter), page.clone());
        // (conversation, id) is an index: the conversation's messages come newest first.
        self.read("list messages", move |c| {
            docs::page_by_id(c, w, &page, Plan::Narrow)
        })
        .await
    }

    async fn mark_messages_read(
        &self,
        conversation: Id,
        reader: Id,
        up_to: Id,
        at: Timestamp,
    ) -> Result<u64> {
        self.write("mark messages read", move |c| {
            let mut w = Filter::new();
            w.eq("conversation", id_val(conversation))
                .cond("id <= ?", [id_val(up_to)])
                .cond("sender <> ?", [id_val(reader)])
                .cond("instr(read_by, ?) = 0", [key_needle(&reader.to_hex())]);
            docs::modify_where::<Message>(c, &w, |m| {
                m.read_by.push(ReadReceipt {
                    user: reader,
                    read_at: at,
                });
                true
            })
        })
        .await
    }

    async fn delete_messages_before(&self, before: Timestamp, limit: u32) -> Result<u64> {
        self.write("delete old messages", move |c| {
            docs::delete_where::<Message>(c, &before_filter(before), limit)
        })
        .await
    }

    async fn count_messages_before(&self, before: Timestamp) -> Result<u64> {
        self.read("count old messages", move |c| {
            docs::count(c, collections::MESSAGES, &before_filter(before))
        })
        .await
    }
}
