//! Conversations and messages: round trips, direct lookup, the activity-ordered list with its
//! key cursor, per-user deletion and clean-up. Numbering, watermarks, settings, reactions and
//! search are in `chat_numbering.rs`.

use baitech::domain::conversation::{Conversation, ConversationType};
use baitech::domain::message::Message;
use baitech::domain::{Id, Timestamp};
use baitech::store::MessageFilter;
use baitech::store::page::Cursor;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;

use super::builders::{
    at, conversation, deleted_by, direct, full_conversation, full_message, message,
};
use super::pages::{ids, newest_first, sizes, walk};
use crate::common::{Backend, TestStore, test_store};

async fn stored_message(ts: &TestStore, id: Id) -> Message {
    ts.messages
        .get(id)
        .await
        .expect("get message")
        .expect("message exists")
}

async fn listed_conversations(ts: &TestStore, user: Id, limit: u32) -> Vec<Vec<Id>> {
    let pages = walk(limit, async |req| {
        ts.conversations.list_conversations(user, None, &req).await
    })
    .await;
    pages.iter().map(|p| ids(p, |c| c.id)).collect()
}

async fn listed_messages(ts: &TestStore, conversation: Id, viewer: Option<Id>) -> Vec<Id> {
    let filter = MessageFilter {
        conversation,
        viewer,
    };
    let pages = walk(100, async |req| {
        ts.messages.list_messages(&filter, &req).await
    })
    .await;
    pages.iter().flat_map(|p| ids(p, |m| m.id)).collect()
}

/// Inserts one message per `(sender, content)`, a minute apart from `start`; returns their ids.
async fn send(ts: &TestStore, conversation: Id, start: i64, lines: &[(Id, &str)]) -> Vec<Id> {
    let msgs: Vec<Message> = lines
        .iter()
        .zip(start..)
        .map(|(&(sender, content), minute)| message(conversation, sender, content, at(minute)))
        .collect();
    ts.messages.insert_many(&msgs).await.unwrap();
    ids(&msgs, |m| m.id)
}

#[apply(both_backends)]
pub(super) async fn conversation_and_message_round_trips_preserve_every_field(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (a, b_id) = (Id::new(), Id::new());
    let mut c = full_conversation(a, b_id);
    ts.conversations.insert(&c).await.unwrap();
    assert_eq!(ts.conversations.get(c.id).await.unwrap(), Some(c.clone()));
    c.participants[1].last_read_seq = 9;
    c.participants[1].pinned = true;
    c.last_activity_at = at(20);
    c.name = None;
    ts.conversations.replace(&c).await.unwrap();
    assert_eq!(ts.conversations.get(c.id).await.unwrap(), Some(c.clone()));

    let mut m = full_message(c.id, b_id, a);
    ts.messages.insert(&m).await.unwrap();
    assert_eq!(stored_message(&ts, m.id).await, m);
    m.content = Some("Here is the corrected quote".into());
    m.deleted_for.clear();
    m.deleted_for_everyone = true;
    ts.messages.replace(&m).await.unwrap();
    assert_eq!(stored_message(&ts, m.id).await, m);

    let convs = [direct(a, Id::new(), at(1)), direct(b_id, Id::new(), at(2))];
    assert_eq!(ts.conversations.insert_many(&convs).await.unwrap(), 2);
    assert_eq!(
        ts.conversations.get(convs[1].id).await.unwrap(),
        Some(convs[1].clone())
    );
    assert_eq!(ts.conversations.get(Id::new()).await.unwrap(), None);
    assert_eq!(ts.messages.get(Id::new()).await.unwrap(), None);
}

#[apply(both_backends)]
pub(super) async fn find_direct_conversation_works_in_either_order(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (a, b_id, c) = (Id::new(), Id::new(), Id::new());
    let group = conversation(ConversationType::Group, &[a, b_id], at(1));
    let ab = direct(a, b_id, at(2));
    let ac = direct(a, c, at(3));
    ts.conversations
        .insert_many(&[group, ab.clone(), ac.clone()])
        .await
        .unwrap();
    assert_eq!(
        ts.conversations
            .find_direct_conversation(a, b_id)
            .await
            .unwrap(),
        Some(ab.clone())
    );
    assert_eq!(
        ts.conversations
            .find_direct_conversation(b_id, a)
            .await
            .unwrap(),
        Some(ab)
    );
    assert_eq!(
        ts.conversations
            .find_direct_conversation(c, a)
            .await
            .unwrap()
            .map(|x| x.id),
        Some(ac.id)
    );
    assert_eq!(
        ts.conversations
            .find_direct_conversation(b_id, c)
            .await
            .unwrap(),
        None
    );
}

#[apply(both_backends)]
pub(super) async fn find_booking_conversation_returns_that_bookings_thread_only(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let (customer, technician) = (Id::new(), Id::new());
    let (booking, other_booking) = (Id::new(), Id::new());
    let mut thread = conversation(ConversationType::Booking, &[customer, technician], at(2));
    thread.booking = Some(booking);
    let mut other = conversation(ConversationType::Booking, &[customer, technician], at(3));
    other.booking = Some(other_booking);
    let chat = direct(customer, technician, at(4));
    ts.conversations
        .insert_many(&[thread.clone(), other, chat])
        .await
        .unwrap();
    assert_eq!(
        ts.conversations
            .find_booking_conversation(booking)
            .await
            .unwrap(),
        Some(thread)
    );
    assert_eq!(
        ts.conversations
            .find_booking_conversation(Id::new())
            .await
            .unwrap(),
        None
    );
}

#[apply(both_backends)]
pub(super) async fn conversations_list_by_last_activity_with_a_key_cursor(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (me, other) = (Id::new(), Id::new());
    let activity = [10, 50, 30, 30, 20, 40];
    let mine: Vec<Conversation> = activity
        .iter()
        .map(|&m| direct(me, Id::new(), at(m)))
        .collect();
    let not_mine = direct(other, Id::new(), at(60));
    ts.conversations.insert_many(&mine).await.unwrap();
    ts.conversations.insert(&not_mine).await.unwrap();

    // Most recent activity first; equal activity falls back to the newer id.
    let mut order: Vec<(Timestamp, Id)> = mine.iter().map(|c| (c.last_activity_at, c.id)).collect();
    order.sort_by(|x, y| y.cmp(x));
    let order: Vec<Id> = order.into_iter().map(|(_, id)| id).collect();
    for limit in [2, 3, 4, 10] {
        let pages = listed_conversations(&ts, me, limit).await;
        assert_eq!(pages.concat(), order, "limit {limit}");
    }

    let first = ts
        .conversations
        .list_conversations(me, None, &Default::default())
        .await
        .unwrap();
    assert_eq!(ids(&first.items, |c| c.id), order);
    let page = ts
        .conversations
        .list_conversations(me, None, &baitech::store::PageRequest::first(2))
        .await
        .unwrap();
    let last = page.items.last().unwrap();
    let cursor = Cursor::decode(page.next_cursor.as_deref().expect("more to come")).unwrap();
    assert_eq!(
        cursor,
        Cursor::KeyId(last.last_activity_at.millis(), last.id)
    );

    // A new message in the quietest conversation moves it to the top.
    let mut quiet = mine[0].clone();
    quiet.last_activity_at = at(70);
    ts.conversations.replace(&quiet).await.unwrap();
    let listed = listed_conversations(&ts, me, 4).await.concat();
    assert_eq!(listed[0], quiet.id);
    assert_eq!(listed[1..], order[..5]);
}

#[apply(both_backends)]
pub(super) async fn conversations_the_user_deleted_are_left_out(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (u, v, w) = (Id::new(), Id::new(), Id::new());
    let uv = deleted_by(direct(u, v, at(1)), u);
    let uw = deleted_by(direct(u, w, at(2)), w);
    ts.conversations
        .insert_many(&[uv.clone(), uw.clone()])
        .await
        .unwrap();
    assert_eq!(listed_conversations(&ts, u, 10).await.concat(), vec![uw.id]);
    assert_eq!(listed_conversations(&ts, v, 10).await.concat(), vec![uv.id]);
    assert_eq!(
        listed_conversations(&ts, w, 10).await.concat(),
        Vec::<Id>::new()
    );
}

#[apply(both_backends)]
pub(super) async fn list_messages_hides_messages_the_viewer_deleted_for_themselves(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let (a, b_id) = (Id::new(), Id::new());
    let c = direct(a, b_id, at(0));
    let elsewhere = direct(a, Id::new(), at(0));
    ts.conversations
        .insert_many(&[c.clone(), elsewhere.clone()])
        .await
        .unwrap();
    let mut msgs: Vec<Message> = (0..4)
        .map(|i| message(c.id, a, &format!("line {i}"), at(i)))
        .collect();
    msgs[1].deleted_for = vec![a];
    msgs[2].deleted_for = vec![b_id];
    ts.messages.insert_many(&msgs).await.unwrap();
    send(&ts, elsewhere.id, 0, &[(a, "not here")]).await;
    let [m0, m1, m2, m3] = [msgs[0].id, msgs[1].id, msgs[2].id, msgs[3].id];
    assert_eq!(listed_messages(&ts, c.id, Some(a)).await, vec![m3, m2, m0]);
    assert_eq!(
        listed_messages(&ts, c.id, Some(b_id)).await,
        vec![m3, m1, m0]
    );
    assert_eq!(listed_messages(&ts, c.id, None).await, vec![m3, m2, m1, m0]);
}

#[apply(both_backends)]
pub(super) async fn messages_page_newest_first(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (a, b_id) = (Id::new(), Id::new());
    let c = direct(a, b_id, at(0));
    ts.conversations.insert(&c).await.unwrap();
    let lines: Vec<(Id, String)> = (0..9)
        .map(|i| (if i % 2 == 0 { a } else { b_id }, format!("msg {i}")))
        .collect();
    let lines: Vec<(Id, &str)> = lines.iter().map(|(s, t)| (*s, t.as_str())).collect();
    let sent = send(&ts, c.id, 0, &lines).await;
    let filter = MessageFilter {
        conversation: c.id,
        viewer: Some(a),
    };
    let pages = walk(4, async |req| {
        ts.messages.list_messages(&filter, &req).await
    })
    .await;
    assert_eq!(sizes(&pages), vec![4, 4, 1]);
    let walked: Vec<Id> = pages.iter().flat_map(|p| ids(p, |m| m.id)).collect();
    assert_eq!(walked, newest_first(sent));
}

#[apply(both_backends)]
pub(super) async fn conversations_deleted_by_all_are_listed_oldest_first_and_deleted_with_their_messages(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let (u, v) = (Id::new(), Id::new());
    let gone_old = deleted_by(deleted_by(direct(u, v, at(1)), u), v);
    let half = deleted_by(direct(u, Id::new(), at(2)), u);
    let kept = direct(v, Id::new(), at(3));
    let w = Id::new();
    let gone_new = deleted_by(deleted_by(direct(v, w, at(4)), v), w);
    ts.conversations
        .insert_many(&[
            gone_old.clone(),
            half.clone(),
            kept.clone(),
            gone_new.clone(),
        ])
        .await
        .unwrap();
    let old_msgs = send(&ts, gone_old.id, 0, &[(u, "one"), (v, "two")]).await;
    let half_msgs = send(&ts, half.id, 2, &[(u, "three")]).await;
    let kept_msgs = send(&ts, kept.id, 3, &[(v, "four")]).await;
    let new_msgs = send(&ts, gone_new.id, 4, &[(v, "five")]).await;

    assert_eq!(
        ts.conversations
            .conversations_deleted_by_all(10)
            .await
            .unwrap(),
        vec![gone_old.id, gone_new.id]
    );
    assert_eq!(
        ts.conversations
            .conversations_deleted_by_all(1)
            .await
            .unwrap(),
        vec![gone_old.id]
    );

    let removed = ts
        .conversations
        .delete_conversations(&[gone_old.id, gone_new.id])
        .await
        .unwrap();
    assert_eq!(removed, (2, 3));
    for id in [gone_old.id, gone_new.id] {
        assert_eq!(ts.conversations.get(id).await.unwrap(), None);
    }
    for id in old_msgs.iter().chain(&new_msgs) {
        assert_eq!(ts.messages.get(*id).await.unwrap(), None);
    }
    for id in half_msgs.iter().chain(&kept_msgs) {
        assert!(
            ts.messages.get(*id).await.unwrap().is_some(),
            "other conversations keep their messages"
        );
    }
    assert_eq!(ts.conversations.get(half.id).await.unwrap(), Some(half));
    assert_eq!(
        ts.conversations
            .conversations_deleted_by_all(10)
            .await
            .unwrap(),
        Vec::<Id>::new()
    );
    assert_eq!(
        ts.conversations.delete_conversations(&[]).await.unwrap(),
        (0, 0)
    );
}

#[apply(both_backends)]
pub(super) async fn delete_messages_before_respects_the_cutoff_and_the_limit(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (a, b_id) = (Id::new(), Id::new());
    let c = direct(a, b_id, at(0));
    ts.conversations.insert(&c).await.unwrap();
    let old = send(
        &ts,
        c.id,
        -100,
        &[(a, "1"), (b_id, "2"), (a, "3"), (b_id, "4"), (a, "5")],
    )
    .await;
    let recent: Vec<Message> = [10, 12, 14]
        .iter()
        .map(|&m| message(c.id, a, "recent", at(m)))
        .collect();
    ts.messages.insert_many(&recent).await.unwrap();

    assert_eq!(ts.messages.count_messages_before(at(0)).await.unwrap(), 5);
    assert_eq!(ts.messages.count_messages_before(at(13)).await.unwrap(), 7);
    let mut deleted = Vec::new();
    for _ in 0..4 {
        deleted.push(ts.messages.delete_messages_before(at(0), 2).await.unwrap());
    }
    assert_eq!(deleted, vec![2, 2, 1, 0]);
    assert_eq!(ts.messages.count_messages_before(at(0)).await.unwrap(), 0);
    for id in old {
        assert_eq!(ts.messages.get(id).await.unwrap(), None);
    }
    for m in &recent {
        assert_eq!(&stored_message(&ts, m.id).await, m, "newer messages stay");
    }
}
