//! Generated chats: direct conversations between a customer and a local technician, each about
//! twenty messages long, following the scripted chat lines. Conversation `c` owns a contiguous
//! run of message indexes, so any message can be generated on its own.

use rand::Rng;

use super::catalog::{Catalog, pick};
use super::people::{Person, Pool};
use super::synth::{Gen, Tag, after, kes_in};
use crate::domain::conversation::{
    Conversation, ConversationType, LastMessage, Participant, ParticipantRole,
};
use crate::domain::message::Message;
use crate::domain::{Id, Timestamp};

/// Messages per generated conversation (the last ones may be shorter).
pub const PER_CONVERSATION: u64 = 20;
/// Chats span the last half year: about a third is older than the default 90-day retention.
const WINDOW_DAYS: i64 = 180;
/// Share of conversations both participants deleted (what `cleanup` removes).
const DELETED_BY_ALL: f64 = 0.02;

/// How `messages` messages are laid out over conversations.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub messages: u64,
    pub conversations: u64,
}

impl Plan {
    pub fn new(messages: u64) -> Plan {
        Plan {
            messages,
            conversations: messages.div_ceil(PER_CONVERSATION),
        }
    }

    /// Index of the first message of conversation `c`, and how many it has.
    fn run(&self, c: u64) -> (u64, u64) {
        let (q, r) = (
            self.messages / self.conversations,
            self.messages % self.conversations,
        );
        let start = c * q + c.min(r);
        (start, q + u64::from(c < r))
    }

    /// The conversation message `i` belongs to, and its position in it.
    fn locate(&self, i: u64) -> (u64, u64) {
        let (q, r) = (
            self.messages / self.conversations,
            self.messages % self.conversations,
        );
        let big = r * (q + 1);
        let c = if i < big {
            i / (q + 1)
        } else {
            r + (i - big) / q.max(1)
        };
        (c, i - self.run(c).0)
    }
}

/// The fixed facts of one conversation, drawn from its own stream.
struct Thread {
    id: Id,
    customer: Person,
    technician: Person,
    start: Timestamp,
    gap_minutes: i64,
    quote_kes: i64,
    area: String,
    deleted: bool,
}

fn thread(g: &Gen, cat: &Catalog, pool: &Pool, plan: &Plan, c: u64) -> Thread {
    let mut rng = g.rng(Tag::Conversations, c);
    let customer = *pick(&pool.customers, &mut rng);
    let technician = *pool.technician_near(&customer, &mut rng);
    let start = g.spread(c, plan.conversations, WINDOW_DAYS);
    let len = plan.run(c).1.max(1) as i64;
    let room = (g.anchor.millis() - start.millis()).max(0) / 60_000 / len;
    let trade = &cat.trades[usize::from(technician.trade)];
    Thread {
        id: g.id(Tag::Conversations, start, c),
        customer,
        technician,
        start,
        gap_minutes: rng.random_range(2..=180).min(room),
        quote_kes: kes_in(&mut rng, trade.min_kes, trade.max_kes),
        area: pick(&cat.cities[usize::from(customer.city)].areas, &mut rng).clone(),
        deleted: rng.random_bool(DELETED_BY_ALL),
    }
}

fn message_in(g: &Gen, cat: &Catalog, t: &Thread, j: u64, i: u64) -> Message {
    let line = &cat.lines[(j as usize) % cat.lines.len()];
    let sender = if line.from == "c" {
        t.customer.id
    } else {
        t.technician.id
    };
    let at = after(t.start, j as i64 * t.gap_minutes);
    let text = line
        .text
        .replace("{area}", &t.area)
        .replace("{price}", &thousands(t.quote_kes));
    let mut m = Message::text(g.id(Tag::Messages, at, i), t.id, sender, &text, at);
    m.seq = j as i64 + 1;
    m
}

/// Whether message `j` of thread `t` has been read by its recipient: everything but the last
/// half hour has been seen by the other side.
fn is_read(g: &Gen, t: &Thread, j: u64) -> bool {
    after(t.start, j as i64 * t.gap_minutes).millis() < g.anchor.millis() - 30 * 60_000
}

/// Messages `range` of the plan, in index order.
pub fn messages(
    g: &Gen,
    cat: &Catalog,
    pool: &Pool,
    plan: &Plan,
    range: std::ops::Range<u64>,
) -> Vec<Message> {
    let mut out = Vec::with_capacity((range.end - range.start) as usize);
    let mut current: Option<(u64, Thread)> = None;
    for i in range {
        let (c, j) = plan.locate(i);
        if current.as_ref().is_none_or(|(k, _)| *k != c) {
            current = Some((c, thread(g, cat, pool, plan, c)));
        }
        if let Some((_, t)) = &current {
            out.push(message_in(g, cat, t, j, i));
        }
    }
    out
}

/// Conversation `c` of the plan, with its last message and unread counts filled in.
pub fn conversation(g: &Gen, cat: &Catalog, pool: &Pool, plan: &Plan, c: u64) -> Conversation {
    let t = thread(g, cat, pool, plan, c);
    let (first, len) = plan.run(c);
    let last = message_in(g, cat, &t, len - 1, first + len - 1);
    // Messages are read in order: the watermark of the side that did not send the last message
    // is the last read one; the sender of the last message has read everything.
    let mut read_through = len;
    while read_through > 0 && !is_read(g, &t, read_through - 1) {
        read_through -= 1;
    }
    let participants: Vec<Participant> = [t.customer.id, t.technician.id]
        .into_iter()
        .map(|u| {
            let mut p = Participant::new(u, ParticipantRole::Member, t.start);
            p.last_read_seq = if u == last.sender {
                last.seq
            } else {
                read_through as i64
            };
            if p.last_read_seq == last.seq {
                p.last_read_at = Some(last.created_at);
            }
            if t.deleted {
                p.deleted_at = Some(after(last.created_at, 60 * 24));
            }
            p
        })
        .collect();
    Conversation {
        id: t.id,
        kind: ConversationType::Direct,
        name: None,
        // Generated pairs may chat in several threads; only conversations made through the API
        // are held to one per pair.
        direct_key: None,
        participants,
        booking: None,
        created_by: t.customer.id,
        last_seq: last.seq,
        version: 0,
        last_message: Some(LastMessage {
            id: last.id,
            seq: last.seq,
            sender: last.sender,
            preview: last.preview(80),
            kind: last.kind,
            at: last.created_at,
        }),
        last_activity_at: last.created_at,
        created_at: t.start,
        updated_at: last.created_at,
    }
}

/// `12500` → `12,500`.
pub fn thousands(n: i64) -> String {
    let s = n.abs().to_string();
    let mut out = String::new();
    for (k, ch) in s.chars().enumerate() {
        if k > 0 && (s.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_exactly_one_place() {
        for messages in [1u64, 19, 20, 21, 1_000, 1_013] {
            let plan = Plan::new(messages);
            let total: u64 = (0..plan.conversations).map(|c| plan.run(c).1).sum();
            assert_eq!(total, messages);
            for i in 0..messages {
                let (c, j) = plan.locate(i);
                let (start, len) = plan.run(c);
                assert_eq!(start + j, i);
                assert!(j < len && len >= 1);
            }
        }
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(950), "950");
    }
}
