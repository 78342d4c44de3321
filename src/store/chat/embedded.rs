//! Conversations and messages ([`ConversationRepo`], [`MessageRepo`]).
//!
//! A conversation's participants are mirrored into `conversation_members` (one row per user,
//! with the conversation's activity time, whether that user pinned it and whether they deleted
//! it), so a user's inbox is one index range in activity order. A message's words are mirrored
//! into `messages_conversation_words` (conversation, word, message), so a prefix search is a
//! range scan of that table per query word. Appending a message, numbering it and moving the
//! conversation's counters happen in one transaction.

use async_trait::async_trait;
use rusqlite::Connection;
use rusqlite::types::Value;

use crate::domain::conversation::{Conversation, LastMessage, Participant};
use crate::domain::message::{Message, Reaction, prefix_range};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::store::embedded::docs::{
    self, Filter, Plan, Table, flag, id_val, int, key_needle, key_set, opt_id, opt_text, text,
    ts_val,
};
use crate::store::embedded::{Embedded, Fail};
use crate::store::page::Cursor;
use crate::store::{
    ConversationRepo, MessageFilter, MessageRepo, Page, PageRequest, SeqQuery, collections,
};

/// The side table of message words (see the module docs).
const WORDS: &str = "messages_conversation_words";

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
        vec![
            text(self.kind.as_str()),
            opt_text(self.direct_key.as_deref()),
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
            "INSERT OR REPLACE INTO conversation_members \
             (user_id, conv, activity, conv_id, hidden, pinned) VALUES (?, ?, ?, ?, ?, ?)",
        )?;
        for p in &conv.participants {
            ins.execute(rusqlite::params![
                p.user.to_hex(),
                rid,
                conv.last_activity_at.millis(),
                conv.id.to_hex(),
                p.deleted_at.is_some(),
                p.pinned,
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

impl Table for Message {
    const COLUMNS: &'static [&'static str] = &[
        "conversation",
        "sender",
        "hidden_for",
        "created_at",
        "seq",
        "client_key",
    ];

    fn columns(&self) -> Vec<Value> {
        vec![
            id_val(self.conversation),
            id_val(self.sender),
            text(key_set(self.deleted_for.iter().map(Id::to_hex))),
            ts_val(self.created_at),
            int(self.seq),
            opt_text(self.client_key.as_deref()),
        ]
    }

    fn sync(c: &Connection, rid: i64, m: &Message, fresh: bool) -> rusqlite::Result<()> {
        if !fresh {
            Self::unsync(c, rid)?;
        }
        let mut ins = c.prepare_cached(&format!(
            "INSERT OR IGNORE INTO {WORDS} (conv, word, msg) VALUES (?, ?, ?)"
        ))?;
        let conv = m.conversation.to_hex();
        for w in &m.words {
            ins.execute(rusqlite::params![conv, w, rid])?;
        }
        Ok(())
    }

    fn unsync(c: &Connection, rid: i64) -> rusqlite::Result<()> {
        c.prepare_cached(&format!("DELETE FROM {WORDS} WHERE msg = ?"))?
            .execute([rid])?;
        Ok(())
    }
}

/// Deletes every message of the conversation; returns how many.
fn delete_conversation_messages(c: &Connection, conversation: Id) -> Result<u64, Fail> {
    let rids = c
        .prepare_cached("SELECT rid FROM messages WHERE conversation = ?")?
        .query_map([conversation.to_hex()], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    docs::delete_rids::<Message>(c, &rids)
}

/// The conversation and its rowid, or `NotFound`.
fn conversation_row(c: &Connection, id: Id) -> Result<(i64, Conversation), Fail> {
    docs::get_row::<Conversation>(c, id)?.ok_or_else(|| Error::NotFound("conversation").into())
}

fn append(
    c: &Connection,
    message: &Message,
    preview: &str,
) -> Result<(Message, Conversation), Fail> {
    let (_, mut conv) = conversation_row(c, message.conversation)?;
    let mut m = message.clone();
    conv.last_seq += 1;
    m.seq = conv.last_seq;
    conv.last_message = Some(LastMessage {
        id: m.id,
        seq: m.seq,
        sender: m.sender,
        preview: preview.to_string(),
        kind: m.kind,
        at: m.created_at,
    });
    conv.last_activity_at = conv.last_activity_at.max(m.created_at);
    conv.updated_at = m.created_at;
    for p in &mut conv.participants {
        p.deleted_at = None;
        if p.user == m.sender {
            p.last_read_seq = m.seq;
            p.last_read_at = Some(m.created_at);
        }
    }
    docs::replace(c, &conv, None)?;
    docs::insert(c, &m)?;
    Ok((m, conv))
}

/// Copies the named fields of `from` into the stored entry of `from.user`.
fn copy_fields(p: &mut Participant, from: &Participant, fields: &[String]) -> Result<(), Fail> {
    let bad = |e| Fail::App(Error::internal("sqlite: participant settings", e));
    let mut stored = serde_json::to_value(&*p).map_err(bad)?;
    let source = serde_json::to_value(from).map_err(bad)?;
    for f in fields {
        match source.get(f) {
            Some(v) => stored[f.as_str()] = v.clone(),
            None => {
                if let Some(o) = stored.as_object_mut() {
                    o.remove(f);
                }
            }
        }
    }
    *p = serde_json::from_value(stored).map_err(bad)?;
    Ok(())
}

#[async_trait]
impl ConversationRepo for Embedded {
    async fn find_direct_conversation(&self, a: Id, b: Id) -> Result<Option<Conversation>> {
        let key = crate::domain::conversation::direct_key(a, b);
        self.read("find direct conversation", move |c| {
            let sql = "SELECT doc FROM conversations WHERE direct_key = ? ORDER BY id LIMIT 1";
            Ok(docs::query_docs(c, sql, &[text(key)])?.pop())
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

    async fn list_conversations(
        &self,
        user: Id,
        pinned: Option<bool>,
        page: &PageRequest,
    ) -> Result<Page<Conversation>> {
        let page = page.clone();
        self.read("list conversations", move |c| {
            let mut w = Filter::new();
            w.eq("m.user_id", id_val(user)).cond("m.hidden = 0", []);
            if let Some(p) = pinned {
                w.eq("m.pinned", flag(p));
            }
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

    async fn conversation_ids_of(&self, user: Id) -> Result<Vec<Id>> {
        self.read("conversations of a user", move |c| {
            let sql = "SELECT c.doc FROM conversation_members m \
                       JOIN conversations c ON c.rid = m.conv WHERE m.user_id = ?";
            let convs = docs::query_docs::<Conversation>(c, sql, &[id_val(user)])?;
            Ok(convs
                .iter()
                .filter(|c| c.is_member(user))
                .map(|c| c.id)
                .collect())
        })
        .await
    }

    async fn append_message(
        &self,
        message: &Message,
        preview: &str,
    ) -> Result<(Message, Conversation)> {
        let (message, preview) = (message.clone(), preview.to_string());
        self.write("append a message", move |c| append(c, &message, &preview))
            .await
    }

    async fn set_participant_fields(
        &self,
        conversation: Id,
        from: &Participant,
        fields: &[&str],
    ) -> Result<Option<Conversation>> {
        let from = from.clone();
        let fields: Vec<String> = fields.iter().map(|f| (*f).to_string()).collect();
        self.write("change participant settings", move |c| {
            let (_, mut conv) = conversation_row(c, conversation)?;
            let Some(p) = conv.participant_mut(from.user) else {
                return Ok(None);
            };
            copy_fields(p, &from, &fields)?;
            docs::replace(c, &conv, None)?;
            Ok(Some(conv))
        })
        .await
    }

    async fn raise_watermark(
        &self,
        conversation: Id,
        user: Id,
        seq: i64,
        at: Timestamp,
    ) -> Result<Option<(Conversation, bool)>> {
        self.write("mark a conversation read", move |c| {
            let (rid, mut conv) = conversation_row(c, conversation)?;
            let seq = seq.min(conv.last_seq);
            let Some(p) = conv.participant_mut(user) else {
                return Ok(None);
            };
            if p.last_read_seq >= seq {
                return Ok(Some((conv, false)));
            }
            p.last_read_seq = seq;
            p.last_read_at = Some(at);
            // The watermark feeds no side table.
            docs::rewrite_row(c, rid, &conv)?;
            Ok(Some((conv, true)))
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
    w
}

/// The conditions of a [`SeqQuery`] (columns unqualified).
fn seq_filter(q: &SeqQuery) -> Filter {
    let mut w = message_filter(&MessageFilter {
        conversation: q.conversation,
        viewer: q.viewer,
    });
    w.cond("seq > ?", [int(q.after)]);
    if let Some(before) = q.before {
        w.cond("seq < ?", [int(before)]);
    }
    w
}

fn seq_sql(w: &Filter, q: &SeqQuery) -> (String, Vec<Value>) {
    let order = if q.ascending { "ASC" } else { "DESC" };
    let sql = format!(
        "SELECT doc FROM messages{} ORDER BY seq {order} LIMIT ?",
        w.where_sql()
    );
    let mut params = w.params.clone();
    params.push(int(i64::from(q.limit)));
    (sql, params)
}

fn before_filter(before: Timestamp) -> Filter {
    let mut w = Filter::new();
    w.cond("created_at < ?", [ts_val(before)]);
    w
}

fn change_reactions(
    c: &Connection,
    id: Id,
    f: impl FnOnce(&mut Vec<Reaction>) -> bool,
) -> Result<Option<(Message, bool)>, Fail> {
    let Some((rid, mut m)) = docs::get_row::<Message>(c, id)? else {
        return Ok(None);
    };
    let changed = f(&mut m.reactions);
    if changed {
        docs::rewrite_row(c, rid, &m)?;
    }
    Ok(Some((m, changed)))
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

    async fn messages_by_seq(&self, query: &SeqQuery) -> Result<Vec<Message>> {
        let q = query.clone();
        self.read("messages by number", move |c| {
            let (sql, params) = seq_sql(&seq_filter(&q), &q);
            docs::query_docs(c, &sql, &params)
        })
        .await
    }

    async fn search_messages(&self, query: &SeqQuery, prefixes: &[String]) -> Result<Vec<Message>> {
        let (q, prefixes) = (query.clone(), prefixes.to_vec());
        self.read("search messages", move |c| {
            let mut w = seq_filter(&q);
            for p in &prefixes {
                let (lo, hi) = prefix_range(p);
                let conv = id_val(q.conversation);
                match hi {
                    Some(hi) => w.cond(
                        format!(
                            "rid IN (SELECT msg FROM {WORDS} WHERE conv = ? AND word >= ? AND word < ?)"
                        ),
                        [conv, text(lo), text(hi)],
                    ),
                    None => w.cond(
                        format!("rid IN (SELECT msg FROM {WORDS} WHERE conv = ? AND word >= ?)"),
                        [conv, text(lo)],
                    ),
                };
            }
            let (sql, params) = seq_sql(&w, &q);
            docs::query_docs(c, &sql, &params)
        })
        .await
    }

    async fn find_by_client_key(&self, key: &str) -> Result<Option<Message>> {
        let key = key.to_string();
        self.read("find a message by client id", move |c| {
            let sql = "SELECT doc FROM messages WHERE client_key = ?";
            Ok(docs::query_docs(c, sql, &[text(key)])?.pop())
        })
        .await
    }

    async fn add_reaction(
        &self,
        message: Id,
        reaction: &Reaction,
    ) -> Result<Option<(Message, bool)>> {
        let r = reaction.clone();
        self.write("add a reaction", move |c| {
            change_reactions(c, message, |all| {
                if all.iter().any(|x| x.user == r.user && x.emoji == r.emoji) {
                    return false;
                }
                all.push(r);
                true
            })
        })
        .await
    }

    async fn remove_reaction(
        &self,
        message: Id,
        user: Id,
        emoji: &str,
    ) -> Result<Option<(Message, bool)>> {
        let emoji = emoji.to_string();
        self.write("remove a reaction", move |c| {
            change_reactions(c, message, |all| {
                let before = all.len();
                all.retain(|x| !(x.user == user && x.emoji == emoji));
                all.len() != before
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
