//! Loading the fixture set: builds the documents of `fixtures/demo.json` (see [`super::demo`])
//! plus their posts, payments, chats and notifications, and writes them through the
//! repositories in dependency order (users before anything that points at them).

use serde::Serialize;

use super::catalog::Catalog;
use super::demo::{self, DemoFile, People, bad, fid};
use super::synth::{Gen, after, yymmdd};
use crate::domain::booking::{Booking, BookingStatus};
use crate::domain::conversation::{
    Conversation, ConversationType, LastMessage, Participant, ParticipantRole,
};
use crate::domain::message::Message;
use crate::domain::notification::{
    Channel, ChannelDelivery, Notification, NotificationType, OutboxStatus, Priority,
};
use crate::domain::post::{
    Engagement, Media, MediaKind, Moderation, ModerationStatus, Post, PostType, Visibility,
    extract_hashtags,
};
use crate::domain::ranking::{Ranking, hot_score};
use crate::domain::transaction::{
    Gateway, GatewayRef, Split, Transaction, TransactionStatus, TransactionType,
};
use crate::domain::{Id, Money};
use crate::error::Result;
use crate::store::Store;

/// How many documents of each kind the fixture set wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FixtureCounts {
    pub users: u64,
    pub follows: u64,
    pub bookings: u64,
    pub transactions: u64,
    pub posts: u64,
    pub reviews: u64,
    pub conversations: u64,
    pub messages: u64,
    pub notifications: u64,
}

/// Builds and writes the whole fixture set. The caller has checked that the admin does not
/// exist yet; users go in first, in one bulk insert, so a conflict leaves nothing half-written
/// among them.
pub async fn load(
    store: &Store,
    g: &Gen,
    c: &Catalog,
    admin_hash: String,
    demo_hash: String,
) -> Result<FixtureCounts> {
    let file = demo::parse_demo()?;
    let people = demo::people(g, c, &file, admin_hash, demo_hash)?;
    let bookings = demo::bookings(g, &file, &people)?;
    let reviews = demo::reviews(g, &file, &bookings)?;
    let transactions = payments(g, &bookings);
    let posts = posts(g, &file, &people)?;
    let (conversations, messages) = chats(g, &file, &people, &bookings)?;
    let notifications = notifications(g, &file, &people, &bookings)?;

    let mut n = FixtureCounts {
        users: store.users.insert_many(&people.users).await?,
        ..Default::default()
    };
    for [a, b] in &file.follows {
        n.follows += u64::from(store.follows.follow(people.id(a)?, people.id(b)?).await?);
    }
    n.bookings = store.bookings.insert_many(&bookings).await?;
    for tx in &transactions {
        // Each payment with its ledger entries, so the seeded books reconcile.
        let write = crate::store::MoneyWrite {
            lines: ledger_lines(tx)?,
            insert: vec![tx.clone()],
            ..Default::default()
        };
        store.ledger.apply_money(&write).await?;
        n.transactions += 1;
    }
    n.reviews = store.reviews.insert_many(&reviews).await?;
    n.posts = store.posts.insert_many(&posts).await?;
    n.conversations = store.conversations.insert_many(&conversations).await?;
    n.messages = store.messages.insert_many(&messages).await?;
    n.notifications = store.notifications.insert_many(&notifications).await?;
    Ok(n)
}

/// An M-Pesa payment for every booking that got paid: released from escrow after a week,
/// refunded when the booking was.
fn payments(g: &Gen, bookings: &[Booking]) -> Vec<Transaction> {
    let paid = bookings
        .iter()
        .filter(|b| b.paid_at.is_some() || b.status == BookingStatus::Refunded);
    paid.enumerate()
        .map(|(k, b)| {
            let at = b.paid_at.unwrap_or(b.updated_at);
            let p = &b.pricing;
            let status = match b.status {
                BookingStatus::Refunded => TransactionStatus::Refunded,
                _ if g.anchor.millis() - at.millis() > 7 * 86_400_000 => {
                    TransactionStatus::Released
                }
                _ => TransactionStatus::Escrow,
            };
            let refunded = if status == TransactionStatus::Refunded {
                p.total
            } else {
                Money::kes(0)
            };
            let mut tx = Transaction {
                id: fid(g, 4, k, at),
                receipt_number: format!("RCP-{}-D{:03}", yymmdd(at), k + 1),
                booking: Some(b.id),
                payer: b.customer,
                payee: b.technician,
                gateway: Gateway::Mpesa,
                kind: TransactionType::Payment,
                status: TransactionStatus::Initiated,
                amount: p.total,
                refunded_amount: Money::kes(0),
                split: Some(Split {
                    platform_fee: p.platform_fee,
                    tax: p.tax,
                    technician_earnings: p.technician_earnings,
                }),
                gateway_ref: GatewayRef {
                    checkout_request_id: Some(format!("ws_CO_{}D{:03}", yymmdd(at), k + 1)),
                    merchant_request_id: Some(format!("29115-D{:03}", k + 1)),
                    mpesa_receipt_number: Some(format!("SD{:02}K{:05}X", k + 10, 40_000 + k * 7)),
                    ..GatewayRef::default()
                },
                webhooks: Vec::new(),
                fraud: Default::default(),
                settlement: None,
                parent: None,
                failure_reason: None,
                escrow_release_at: Some(after(at, 7 * 1440)),
                status_history: Vec::new(),
                description: Some(format!("Payment for booking {}", b.booking_number)),
                metadata: Default::default(),
                created_at: after(at, -3),
                updated_at: after(at, -3),
            };
            tx.record_status(TransactionStatus::Pending, None, after(at, -2));
            tx.record_status(
                TransactionStatus::Escrow,
                Some("M-Pesa callback: success".into()),
                at,
            );
            if status != TransactionStatus::Escrow {
                tx.record_status(
                    status,
                    None,
                    b.updated_at.max(after(at, 7 * 1440)).min(g.anchor),
                );
            }
            tx.refunded_amount = refunded;
            tx
        })
        .collect()
}

/// The ledger entries a seeded payment's history implies: received into escrow, then
/// released to the technician or refunded.
fn ledger_lines(tx: &Transaction) -> Result<Vec<crate::domain::ledger::LedgerLine>> {
    use crate::services::payments::postings;
    let at = tx.updated_at;
    let mut lines = postings::payment(tx, tx.amount, at)?;
    match (tx.status, tx.payee, &tx.split) {
        (TransactionStatus::Released, Some(tech), Some(split)) => {
            lines.extend(postings::release(tx, tech, split, at)?);
        }
        (TransactionStatus::Refunded, ..) => {
            lines.extend(postings::refund(
                tx,
                tx,
                tx.refunded_amount,
                postings::RefundTo::Original,
                at,
            )?);
        }
        _ => {}
    }
    Ok(lines)
}

fn posts(g: &Gen, file: &DemoFile, people: &People) -> Result<Vec<Post>> {
    let mut out = Vec::new();
    for (k, p) in file.posts.iter().enumerate() {
        let author = people.get(&p.author)?;
        let at = after(g.anchor, -p.ago.minutes());
        let kind = PostType::parse(&p.kind)
            .ok_or_else(|| bad(format!("post {k} has unknown type {}", p.kind)))?;
        let status = match &p.moderation {
            Some(s) => ModerationStatus::parse(s)
                .ok_or_else(|| bad(format!("post {k} has unknown moderation {s}")))?,
            None => ModerationStatus::Approved,
        };
        let content = demo::localize(&p.text, author);
        let trade = author
            .technician
            .as_ref()
            .and_then(|t| t.service_categories.first().cloned());
        let slug = trade.clone().unwrap_or_else(|| "community".into());
        let engagement = Engagement {
            likes: p.likes,
            comments: p.comments,
            shares: p.shares,
            views: p.likes * 12 + 40,
            saves: p.likes / 5,
        };
        out.push(Post {
            id: fid(g, 5, k, at),
            author: author.id,
            kind,
            hashtags: extract_hashtags(&content),
            content,
            media: (0..p.images.unwrap_or(0))
                .map(|i| Media {
                    url: format!(
                        "https://res.cloudinary.com/baitech/image/upload/v1/demo/{slug}/{k}-{i}.jpg"
                    ),
                    kind: MediaKind::Image,
                    public_id: Some(format!("demo/{slug}/{k}-{i}")),
                    width: Some(1080),
                    height: Some(1350),
                    duration_seconds: None,
                    thumbnail_url: None,
                })
                .collect(),
            mentions: Vec::new(),
            service_category: trade,
            location: author.location.clone(),
            engagement_score: hot_score(&engagement, at, &Ranking::default()),
            booking: None,
            edits: Vec::new(),
            engagement,
            moderation: Moderation {
                status,
                reasons: if status == ModerationStatus::PendingReview {
                    vec!["phone number in post".into()]
                } else {
                    Vec::new()
                },
                ai_score: Some(if status == ModerationStatus::PendingReview {
                    0.71
                } else {
                    0.04
                }),
                reviewed_by: None,
                scores: Default::default(),
                reviewed_at: (status != ModerationStatus::PendingReview).then_some(after(at, 3)),
            },
            visibility: Visibility::Public,
            pinned: false,
            deleted_at: None,
            created_at: at,
            updated_at: at,
        });
    }
    Ok(out)
}

fn booking_id(file: &DemoFile, bookings: &[Booking], key: &str) -> Result<Id> {
    file.bookings
        .iter()
        .position(|b| b.key == key)
        .map(|i| bookings[i].id)
        .ok_or_else(|| bad(format!("refers to unknown booking `{key}`")))
}

fn chats(
    g: &Gen,
    file: &DemoFile,
    people: &People,
    bookings: &[Booking],
) -> Result<(Vec<Conversation>, Vec<Message>)> {
    let (mut convs, mut msgs) = (Vec::new(), Vec::new());
    for (k, d) in file.conversations.iter().enumerate() {
        let start_min = d.start_days_ago.unwrap_or(0) * 1440 + d.start_hours_ago.unwrap_or(0) * 60;
        let start = after(g.anchor, -start_min);
        // Spread the messages over the first fifth of the time since the chat began.
        let gap = (start_min / 5 / d.messages.len().max(1) as i64).clamp(1, 240);
        let users = [
            people.id(&d.participants[0])?,
            people.id(&d.participants[1])?,
        ];
        let id = fid(g, 6, k, start);
        let mut last: Option<Message> = None;
        // Each side's watermark: what the other side sent more than half an hour ago is read.
        let mut read_up_to = [0_i64; 2];
        for (j, m) in d.messages.iter().enumerate() {
            let sender = people.id(&m.from)?;
            let reader = if sender == users[0] {
                users[1]
            } else {
                users[0]
            };
            let at = after(start, j as i64 * gap);
            let read = at.millis() < g.anchor.millis() - 30 * 60_000;
            let mut msg = Message::text(fid(g, 7, k * 1_000 + j, at), id, sender, &m.text, at);
            msg.seq = j as i64 + 1;
            if read {
                read_up_to[usize::from(reader == users[1])] = msg.seq;
            }
            last = Some(msg.clone());
            msgs.push(msg);
        }
        let last = last.ok_or_else(|| bad(format!("conversation {k} has no messages")))?;
        let participants = users
            .iter()
            .zip(read_up_to)
            .map(|(&u, read)| {
                let mut p = Participant::new(u, ParticipantRole::Member, start);
                // One's own messages count as read.
                let own = msgs
                    .iter()
                    .rev()
                    .find(|m| m.conversation == id && m.sender == u);
                p.last_read_seq = read.max(own.map_or(0, |m| m.seq));
                let unread = p.last_read_seq < last.seq;
                p.last_read_at = (!unread).then_some(last.created_at);
                if d.deleted_by_all.unwrap_or(false) {
                    p.deleted_at = Some(after(last.created_at, 1440));
                }
                p
            })
            .collect();
        let booking = d
            .booking
            .as_deref()
            .map(|b| booking_id(file, bookings, b))
            .transpose()?;
        convs.push(Conversation {
            id,
            kind: if booking.is_some() {
                ConversationType::Booking
            } else {
                ConversationType::Direct
            },
            name: None,
            direct_key: booking
                .is_none()
                .then(|| crate::domain::conversation::direct_key(users[0], users[1])),
            participants,
            booking,
            created_by: users[0],
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
            created_at: start,
            updated_at: last.created_at,
        });
    }
    Ok((convs, msgs))
}

fn notifications(
    g: &Gen,
    file: &DemoFile,
    people: &People,
    bookings: &[Booking],
) -> Result<Vec<Notification>> {
    let mut out = Vec::new();
    for (k, d) in file.notifications.iter().enumerate() {
        let at = after(g.anchor, -d.ago.minutes());
        let kind = NotificationType::parse(&d.kind)
            .ok_or_else(|| bad(format!("notification {k} has unknown type {}", d.kind)))?;
        let priority = match &d.priority {
            Some(p) => Priority::parse(p)
                .ok_or_else(|| bad(format!("notification {k} has unknown priority {p}")))?,
            None => Priority::Normal,
        };
        let booking = d
            .booking
            .as_deref()
            .map(|b| booking_id(file, bookings, b))
            .transpose()?;
        let expires_at = match (d.expires_days_ago, d.expires_in_days) {
            (Some(ago), _) => Some(after(g.anchor, -ago * 1440)),
            (None, Some(days)) => Some(after(g.anchor, days * 1440)),
            _ => None,
        };
        let delivered = |channel, status| ChannelDelivery {
            status,
            attempts: 1,
            sent_at: Some(at),
            progress: ChannelDelivery::progress_of(status, 1, Some(at)),
            ..ChannelDelivery::queued(channel)
        };
        out.push(Notification {
            id: fid(g, 8, k, at),
            recipient: people.id(&d.to)?,
            actor: None,
            kind,
            title: d.title.clone(),
            body: d.body.clone(),
            category: kind.category(),
            priority,
            channels: vec![Channel::InApp, Channel::Push],
            delivery: vec![
                delivered(Channel::InApp, OutboxStatus::Delivered),
                delivered(Channel::Push, OutboxStatus::Sent),
            ],
            group_key: booking.map(|b| format!("booking:{b}")),
            group: None,
            deep_link: booking.map(|b| format!("baitech://booking/{b}")),
            action_data: booking
                .map(|b| serde_json::json!({ "action": "view_booking", "bookingId": b.to_hex() })),
            read: d.read,
            read_at: d.read.then_some(after(at, 30).min(g.anchor)),
            expires_at,
            created_at: at,
            updated_at: at,
        });
    }
    Ok(out)
}
