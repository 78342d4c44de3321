//! Chat storage built on message numbers: appending numbers messages and moves the counters,
//! read watermarks, per-user settings, one direct conversation per pair, client keys, reactions
//! and the word index with prefix search — the same on both adapters.

use baitech::domain::Id;
use baitech::domain::conversation::NotificationLevel;
use baitech::domain::message::{Message, Reaction};
use baitech::error::Error;
use baitech::store::{PARTICIPANT_SETTINGS, PageRequest, SeqQuery};
use rstest::rstest;
use rstest_reuse::apply;

use super::builders::{at, deleted_by, direct, message};
use crate::common::both_backends;
use crate::common::{Backend, TestStore, test_store};

/// Appends one message per `(sender, text)`, a minute apart from `start`; the stored ones.
async fn append(ts: &TestStore, conv: Id, start: i64, lines: &[(Id, &str)]) -> Vec<Message> {
    let mut out = Vec::new();
    for (&(sender, text), minute) in lines.iter().zip(start..) {
        let m = message(conv, sender, text, at(minute));
        let (stored, _) = ts.conversations.append_message(&m, text).await.unwrap();
        out.push(stored);
    }
    out
}

fn query(conversation: Id, viewer: Option<Id>) -> SeqQuery {
    SeqQuery {
        conversation,
        viewer,
        after: 0,
        before: None,
        ascending: false,
        limit: 100,
    }
}

fn seqs(ms: &[Message]) -> Vec<i64> {
    ms.iter().map(|m| m.seq).collect()
}

#[apply(both_backends)]
pub(super) async fn appending_numbers_messages_and_moves_counters_and_the_senders_watermark(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let (a, b_id) = (Id::new(), Id::new());
    let c = deleted_by(direct(a, b_id, at(0)), b_id);
    ts.conversations.insert(&c).await.unwrap();
    let sent = append(&ts, c.id, 1, &[(a, "one"), (a, "two"), (b_id, "three")]).await;
    assert_eq!(seqs(&sent), vec![1, 2, 3]);
    let stored = ts.conversations.get(c.id).await.unwrap().unwrap();
    assert_eq!(stored.last_seq, 3);
    let last = stored.last_message.clone().unwrap();
    assert_eq!(
        (last.id, last.seq, last.preview.as_str()),
        (sent[2].id, 3, "three")
    );
    assert_eq!(stored.last_activity_at, at(3));
    assert_eq!(stored.participant(a).unwrap().last_read_seq, 2);
    assert_eq!(stored.participant(b_id).unwrap().last_read_seq, 3);
    assert_eq!((stored.unread_for(a), stored.unread_for(b_id)), (1, 0));
    assert_eq!(stored.read_by(2, a), (1, 1), "b read up to 3");
    assert_eq!(stored.read_by(3, b_id), (0, 1));
    assert!(
        stored.participant(b_id).unwrap().deleted_at.is_none(),
        "a new message brings a deleted conversation back"
    );
    let listed = ts
        .conversations
        .list_conversations(b_id, None, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(listed.items.len(), 1);

    let none = message(Id::new(), a, "lost", at(9));
    let err = ts.conversations.append_message(&none, "lost").await;
    assert!(matches!(err, Err(Error::NotFound(_))), "{err:?}");
}

#[apply(both_backends)]
pub(super) async fn concurrent_appends_get_distinct_consecutive_numbers(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (a, b_id) = (Id::new(), Id::new());
    let c = direct(a, b_id, at(0));
    ts.conversations.insert(&c).await.unwrap();
    let sends = (0..12).map(|i| {
        let m = message(c.id, if i % 2 == 0 { a } else { b_id }, "hi", at(i));
        let store = ts.store.clone();
        async move { store.conversations.append_message(&m, "hi").await }
    });
    let results = futures::future::join_all(sends).await;
    let mut numbers: Vec<i64> = results.into_iter().map(|r| r.unwrap().0.seq).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=12).collect::<Vec<_>>());
    let stored = ts.conversations.get(c.id).await.unwrap().unwrap();
    assert_eq!(stored.last_seq, 12);
}

#[apply(both_backends)]
pub(super) async fn a_taken_client_key_is_a_conflict_and_finds_the_first_send(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (a, b_id) = (Id::new(), Id::new());
    let c = direct(a, b_id, at(0));
    ts.conversations.insert(&c).await.unwrap();
    let key = Message::client_key_of(c.id, a, "offline-1");
    let mut first = message(c.id, a, "queued offline", at(1));
    first.client_id = Some("offline-1".into());
    first.client_key = Some(key.clone());
    let (stored, _) = ts.conversations.append_message(&first, "q").await.unwrap();
    let mut retry = message(c.id, a, "queued offline", at(2));
    retry.client_key = Some(key.clone());
    let err = ts.conversations.append_message(&retry, "q").await;
    assert!(matches!(err, Err(Error::Conflict(_))), "{err:?}");
    let found = ts.messages.find_by_client_key(&key).await.unwrap();
    assert_eq!(found.map(|m| m.id), Some(stored.id));
    assert_eq!(ts.messages.find_by_client_key("x:y:z").await.unwrap(), None);
    let all = ts
        .messages
        .messages_by_seq(&query(c.id, None))
        .await
        .unwrap();
    assert_eq!(all.len(), 1, "the retry stored nothing");
}

#[apply(both_backends)]
pub(super) async fn a_pair_has_one_direct_conversation(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (a, b_id) = (Id::new(), Id::new());
    ts.conversations
        .insert(&direct(a, b_id, at(0)))
        .await
        .unwrap();
    let err = ts.conversations.insert(&direct(b_id, a, at(1))).await;
    assert!(matches!(err, Err(Error::Conflict(_))), "{err:?}");
    ts.conversations
        .insert(&direct(a, Id::new(), at(1)))
        .await
        .unwrap();
}

#[apply(both_backends)]
pub(super) async fn watermarks_only_rise_and_never_pass_the_last_message(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (a, b_id) = (Id::new(), Id::new());
    let c = direct(a, b_id, at(0));
    ts.conversations.insert(&c).await.unwrap();
    append(&ts, c.id, 1, &[(a, "1"), (a, "2"), (a, "3"), (a, "4")]).await;
    let raise = async |seq: i64| {
        ts.conversations
            .raise_watermark(c.id, b_id, seq, at(10))
            .await
            .unwrap()
            .map(|(c, moved)| (c.participant(b_id).unwrap().last_read_seq, moved))
    };
    assert_eq!(raise(2).await, Some((2, true)));
    assert_eq!(raise(1).await, Some((2, false)), "never down");
    assert_eq!(
        raise(99).await,
        Some((4, true)),
        "capped at the last message"
    );
    assert_eq!(raise(4).await, Some((4, false)));
    let stranger = ts
        .conversations
        .raise_watermark(c.id, Id::new(), 1, at(10))
        .await
        .unwrap();
    assert!(stranger.is_none());
    let stored = ts.conversations.get(c.id).await.unwrap().unwrap();
    assert_eq!(stored.participant(b_id).unwrap().last_read_at, Some(at(10)));
    assert_eq!(stored.unread_for(b_id), 0);
}

#[apply(both_backends)]
pub(super) async fn participant_settings_change_only_the_named_fields_of_that_user(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let (a, b_id) = (Id::new(), Id::new());
    let c = direct(a, b_id, at(0));
    ts.conversations.insert(&c).await.unwrap();
    append(&ts, c.id, 1, &[(b_id, "1")]).await;
    let mut mine = c.participant(a).unwrap().clone();
    mine.pinned = true;
    mine.muted_until = Some(at(60));
    mine.notification_level = NotificationLevel::Mentions;
    mine.last_read_seq = 99; // not a named field: must not be copied
    let after = ts
        .conversations
        .set_participant_fields(c.id, &mine, &["pinned", "mutedUntil", "notificationLevel"])
        .await
        .unwrap()
        .unwrap();
    let p = after.participant(a).unwrap();
    assert!(p.pinned && p.muted_until == Some(at(60)));
    assert_eq!(p.notification_level, NotificationLevel::Mentions);
    assert_eq!(p.last_read_seq, 0);
    assert!(!after.participant(b_id).unwrap().pinned);
    assert_eq!(
        after.last_seq, 1,
        "the rest of the conversation is untouched"
    );

    mine.muted_until = None;
    let after = ts
        .conversations
        .set_participant_fields(c.id, &mine, PARTICIPANT_SETTINGS)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.participant(a).unwrap().muted_until, None, "cleared");
    let mut stranger = mine.clone();
    stranger.user = Id::new();
    let none = ts
        .conversations
        .set_participant_fields(c.id, &stranger, &["pinned"])
        .await
        .unwrap();
    assert!(none.is_none());
}

#[apply(both_backends)]
pub(super) async fn the_inbox_splits_pinned_from_the_rest_and_membership_lists_ids(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let me = Id::new();
    let convs: Vec<_> = (0..3).map(|i| direct(me, Id::new(), at(i))).collect();
    ts.conversations.insert_many(&convs).await.unwrap();
    let mut p = convs[0].participant(me).unwrap().clone();
    p.pinned = true;
    ts.conversations
        .set_participant_fields(convs[0].id, &p, &["pinned"])
        .await
        .unwrap();
    let list = async |pinned: Option<bool>| -> Vec<Id> {
        let page = ts
            .conversations
            .list_conversations(me, pinned, &PageRequest::first(10))
            .await
            .unwrap();
        page.items.iter().map(|c| c.id).collect()
    };
    assert_eq!(list(Some(true)).await, vec![convs[0].id]);
    assert_eq!(list(Some(false)).await, vec![convs[2].id, convs[1].id]);
    assert_eq!(list(None).await.len(), 3);
    let mut ids = ts.conversations.conversation_ids_of(me).await.unwrap();
    ids.sort();
    let mut want: Vec<Id> = convs.iter().map(|c| c.id).collect();
    want.sort();
    assert_eq!(ids, want);
    let mut left = convs[1].clone();
    left.participant_mut(me).unwrap().left_at = Some(at(5));
    ts.conversations.replace(&left).await.unwrap();
    assert_eq!(
        ts.conversations
            .conversation_ids_of(me)
            .await
            .unwrap()
            .len(),
        2
    );
}

#[apply(both_backends)]
pub(super) async fn messages_by_number_page_back_and_catch_up_and_hide_what_the_viewer_deleted(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let (a, b_id) = (Id::new(), Id::new());
    let c = direct(a, b_id, at(0));
    ts.conversations.insert(&c).await.unwrap();
    let lines: Vec<(Id, &str)> = (0..7).map(|_| (a, "x")).collect();
    let sent = append(&ts, c.id, 1, &lines).await;
    let mut hidden = sent[4].clone();
    hidden.deleted_for = vec![b_id];
    ts.messages.replace(&hidden).await.unwrap();
    let by = async |q: SeqQuery| seqs(&ts.messages.messages_by_seq(&q).await.unwrap());
    let q = query(c.id, Some(b_id));
    assert_eq!(
        by(SeqQuery {
            limit: 3,
            ..q.clone()
        })
        .await,
        vec![7, 6, 4]
    );
    assert_eq!(
        by(SeqQuery {
            before: Some(4),
            ..q.clone()
        })
        .await,
        vec![3, 2, 1]
    );
    assert_eq!(
        by(SeqQuery {
            after: 3,
            ascending: true,
            ..q.clone()
        })
        .await,
        vec![4, 6, 7]
    );
    assert_eq!(
        by(SeqQuery {
            after: 2,
            viewer: Some(a),
            limit: 2,
            ascending: true,
            ..q
        })
        .await,
        vec![3, 4]
    );
}

#[apply(both_backends)]
pub(super) async fn reactions_are_added_once_and_removed_per_user_and_emoji(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (a, b_id) = (Id::new(), Id::new());
    let c = direct(a, b_id, at(0));
    ts.conversations.insert(&c).await.unwrap();
    let m = append(&ts, c.id, 1, &[(a, "done")]).await.remove(0);
    let thumbs = |user| Reaction {
        user,
        emoji: "👍".into(),
        at: at(2),
    };
    let (after, changed) = ts
        .messages
        .add_reaction(m.id, &thumbs(b_id))
        .await
        .unwrap()
        .unwrap();
    assert!(changed && after.reactions.len() == 1);
    let (after, changed) = ts
        .messages
        .add_reaction(m.id, &thumbs(b_id))
        .await
        .unwrap()
        .unwrap();
    assert!(!changed && after.reactions.len() == 1, "idempotent");
    ts.messages.add_reaction(m.id, &thumbs(a)).await.unwrap();
    let (after, changed) = ts
        .messages
        .remove_reaction(m.id, b_id, "👍")
        .await
        .unwrap()
        .unwrap();
    assert!(changed);
    assert_eq!(
        after.reactions.iter().map(|r| r.user).collect::<Vec<_>>(),
        vec![a]
    );
    let (_, changed) = ts
        .messages
        .remove_reaction(m.id, b_id, "👍")
        .await
        .unwrap()
        .unwrap();
    assert!(!changed);
    assert!(
        ts.messages
            .add_reaction(Id::new(), &thumbs(a))
            .await
            .unwrap()
            .is_none()
    );
}

#[apply(both_backends)]
pub(super) async fn search_matches_word_prefixes_within_one_conversation(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (a, b_id) = (Id::new(), Id::new());
    let (c1, c2) = (direct(a, b_id, at(0)), direct(a, Id::new(), at(0)));
    ts.conversations
        .insert_many(&[c1.clone(), c2.clone()])
        .await
        .unwrap();
    let one = append(
        &ts,
        c1.id,
        1,
        &[
            (a, "The boiler is leaking again"),
            (b_id, "Coming at noon"),
            (a, "Leaky tap"),
        ],
    )
    .await;
    let two = append(&ts, c2.id, 5, &[(a, "Leaking tap fixed")]).await;
    let search = async |conv: Id, viewer: Option<Id>, words: &[&str]| -> Vec<i64> {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        let found = ts
            .messages
            .search_messages(&query(conv, viewer), &words)
            .await
            .unwrap();
        seqs(&found)
    };
    assert_eq!(
        search(c1.id, None, &["leak"]).await,
        vec![3, 1],
        "prefix, newest first"
    );
    assert_eq!(search(c1.id, None, &["leaking"]).await, vec![1]);
    assert_eq!(
        search(c1.id, None, &["boil", "again"]).await,
        vec![1],
        "every word"
    );
    assert_eq!(
        search(c1.id, None, &["boil", "noon"]).await,
        Vec::<i64>::new()
    );
    assert_eq!(
        search(c1.id, None, &["fixed"]).await,
        Vec::<i64>::new(),
        "other chat"
    );
    assert_eq!(search(c2.id, None, &["leak"]).await, seqs(&two));

    let mut hidden = one[0].clone();
    hidden.deleted_for = vec![b_id];
    ts.messages.replace(&hidden).await.unwrap();
    assert_eq!(
        search(c1.id, Some(b_id), &["leak"]).await,
        vec![3],
        "deleted for the viewer"
    );
    let mut gone = one[2].clone();
    gone.tombstone(at(20));
    ts.messages.replace(&gone).await.unwrap();
    assert_eq!(
        search(c1.id, Some(a), &["leak"]).await,
        vec![1],
        "a tombstone says nothing"
    );
    let later = SeqQuery {
        after: 1,
        ..query(c1.id, Some(a))
    };
    let found = ts
        .messages
        .search_messages(&later, &["boil".into()])
        .await
        .unwrap();
    assert!(found.is_empty(), "history the viewer deleted stays hidden");
}
