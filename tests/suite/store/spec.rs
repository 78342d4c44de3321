//! The collection specs (`baitech::store::spec`) hold on both adapters: the indexes read back
//! from each database are the declared ones under the declared names, every unique constraint
//! answers a duplicate with its declared message, and text search finds a word in every
//! declared text field.

use std::collections::BTreeSet;

use baitech::Error;
use baitech::domain::Id;
use baitech::domain::block::Block;
use baitech::domain::follow::Follow;
use baitech::domain::token::TokenKind;
use baitech::domain::transaction::TransactionStatus;
use baitech::domain::user::{CorporateProfile, Role};
use baitech::store::spec::{self, CollectionSpec};
use baitech::store::{Collection, PageRequest, PostFilter, ReviewFilter, UserFilter};
use mongodb::bson::Document;
use rstest::rstest;
use rstest_reuse::apply;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::builders::{
    at, booking, customer, direct, email, fresh_phone, full_user, gateway_refs, like, message,
    post, report, review, token, transaction, unique, view,
};
use crate::common::{Backend, TestStore, both_backends, mongo_uri, test_store};
use baitech::domain::post::{PostReaction, PostView};

/// (collection, index) of every index the specs declare.
fn declared() -> BTreeSet<(String, String)> {
    spec::ALL
        .iter()
        .flat_map(|s| s.index_names().map(|n| (s.name.to_string(), n.to_string())))
        .collect()
}

/// (collection, index) of the indexes in the database, read back with its own client; the
/// adapter's machinery (`_id`, the embedded `<table>_id` and members table) left out.
async fn indexes_in_database(ts: &TestStore) -> BTreeSet<(String, String)> {
    match ts.backend {
        Backend::Embedded => {
            let path = ts.data_dir.as_ref().unwrap().path().join("baitech.db");
            let c = rusqlite::Connection::open(path).unwrap();
            let mut stmt = c
                .prepare("SELECT name FROM sqlite_master WHERE sql IS NOT NULL")
                .unwrap();
            let names: BTreeSet<String> = stmt
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let mut out = BTreeSet::new();
            for s in spec::ALL {
                for name in &names {
                    // Indexes, FTS and R*Tree tables, link tables, named `<collection>_...`;
                    // shadow tables of FTS5 and R*Tree carry their owner's name as prefix.
                    let owned = name.starts_with(&format!("{}_", s.name))
                        && spec::of(name).is_none()
                        && *name != format!("{}_id", s.name)
                        && !spec::ALL.iter().any(|o| {
                            o.name.len() > s.name.len() && name.starts_with(&format!("{}_", o.name))
                        });
                    let shadow = names.iter().any(|n| {
                        n != name && spec::of(n).is_none() && name.starts_with(&format!("{n}_"))
                    });
                    if owned && !shadow {
                        out.insert((s.name.to_string(), name.clone()));
                    }
                }
            }
            out
        }
        Backend::Mongo => {
            let client = mongodb::Client::with_uri_str(mongo_uri()).await.unwrap();
            let db = client.database(ts.mongo_db.as_deref().unwrap());
            let mut out = BTreeSet::new();
            for s in spec::ALL {
                let names = db
                    .collection::<Document>(s.name)
                    .list_index_names()
                    .await
                    .unwrap_or_default();
                for n in names.into_iter().filter(|n| n != "_id_") {
                    out.insert((s.name.to_string(), n));
                }
            }
            out
        }
    }
}

/// Text indexes the server reported it cannot build (SecantusDB has none).
async fn unsupported(ts: &TestStore) -> BTreeSet<(String, String)> {
    ts.admin
        .ensure_indexes(true)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.status == baitech::store::IndexStatus::Unsupported)
        .map(|r| (r.collection, r.name))
        .collect()
}

#[apply(both_backends)]
pub(super) async fn both_databases_hold_exactly_the_declared_indexes(#[case] b: Backend) {
    let ts = test_store(b).await;
    let reported: BTreeSet<(String, String)> = ts
        .admin
        .ensure_indexes(true)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.collection, r.name))
        .collect();
    assert_eq!(reported, declared(), "ensure_indexes reports the spec");
    let missing = unsupported(&ts).await;
    let expected: BTreeSet<_> = declared().difference(&missing).cloned().collect();
    assert!(
        missing.iter().all(|(_, n)| n.ends_with("_text")),
        "only text indexes may be unsupported: {missing:?}"
    );
    assert_eq!(indexes_in_database(&ts).await, expected);
}

/// The error of inserting `doc` a second time (with a new id where the id is not the point).
fn conflict_of<T>(result: baitech::Result<T>) -> String {
    match result {
        Err(Error::Conflict(message)) => message,
        Err(e) => panic!("expected a conflict, got {e:?}"),
        Ok(_) => panic!("expected a conflict, the duplicate was stored"),
    }
}

/// Constraints no repository can violate on purpose: gateway events are written only by
/// `apply_money`, which reports a repeat as `DuplicateEvent` instead of failing.
const IDEMPOTENT_ONLY: &[&str] = &["gateway_events_event_unique"];

/// The conflict message each reachable unique constraint produces on `ts`, by index name.
async fn conflicts(ts: &TestStore) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    // users
    let first = customer("dup");
    ts.users.insert(&first).await.unwrap();
    let mut u = customer("dup2");
    u.email = first.email.clone();
    out.push(("users_email_unique", conflict_of(ts.users.insert(&u).await)));
    let mut u = customer("dup3");
    u.phone_number = first.phone_number.clone();
    out.push(("users_phone_unique", conflict_of(ts.users.insert(&u).await)));
    let mut named = customer("dup4");
    named.username = Some(format!("name_{}", unique()));
    ts.users.insert(&named).await.unwrap();
    let mut u = customer("dup5");
    u.username = named.username.clone();
    out.push((
        "users_username_unique",
        conflict_of(ts.users.insert(&u).await),
    ));
    // bookings
    let b1 = booking(first.id);
    ts.bookings.insert(&b1).await.unwrap();
    let mut b2 = booking(first.id);
    b2.booking_number = b1.booking_number.clone();
    out.push((
        "bookings_number_unique",
        conflict_of(ts.bookings.insert(&b2).await),
    ));
    // transactions: one stored with every reference, then one duplicate per reference
    let mut t1 = transaction(first.id, TransactionStatus::Pending);
    t1.gateway_ref = gateway_refs(&unique().to_string());
    ts.transactions.insert(&t1).await.unwrap();
    let fresh = || transaction(first.id, TransactionStatus::Pending);
    let mut t = fresh();
    t.receipt_number = t1.receipt_number.clone();
    out.push((
        "transactions_receipt_unique",
        conflict_of(ts.transactions.insert(&t).await),
    ));
    let mut t = fresh();
    t.gateway_ref.checkout_request_id = t1.gateway_ref.checkout_request_id.clone();
    out.push((
        "transactions_checkout_request_unique",
        conflict_of(ts.transactions.insert(&t).await),
    ));
    let mut t = fresh();
    t.gateway_ref.payment_intent_id = t1.gateway_ref.payment_intent_id.clone();
    out.push((
        "transactions_payment_intent_unique",
        conflict_of(ts.transactions.insert(&t).await),
    ));
    let mut t = fresh();
    t.gateway_ref.idempotency_key = t1.gateway_ref.idempotency_key.clone();
    out.push((
        "transactions_idempotency_key_unique",
        conflict_of(ts.transactions.insert(&t).await),
    ));
    // reviews
    let (booking_id, reviewer) = (Id::new(), Id::new());
    let r1 = review(booking_id, reviewer, Id::new(), 5, "great");
    ts.reviews.insert(&r1).await.unwrap();
    let r2 = review(booking_id, reviewer, Id::new(), 4, "again");
    out.push((
        "reviews_booking_reviewer_unique",
        conflict_of(ts.reviews.insert(&r2).await),
    ));
    // follows: the generic insert reaches the constraint `follow` treats as "already done"
    let (fan, star) = (Id::new(), Id::new());
    let edge = |id| Follow {
        id,
        follower: fan,
        followee: star,
        created_at: at(0),
    };
    ts.follows.insert(&edge(Id::new())).await.unwrap();
    out.push((
        "follows_pair_unique",
        conflict_of(ts.follows.insert(&edge(Id::new())).await),
    ));
    // blocks: the generic insert reaches the constraint `block` treats as "already done"
    let (me, pest) = (Id::new(), Id::new());
    let block = |id| Block {
        id,
        blocker: me,
        blocked: pest,
        created_at: at(0),
    };
    ts.blocks.insert(&block(Id::new())).await.unwrap();
    out.push((
        "blocks_pair_unique",
        conflict_of(ts.blocks.insert(&block(Id::new())).await),
    ));
    // feed: a second like, view or report of the same pair through the generic insert
    let (liked, fan) = (Id::new(), Id::new());
    let reactions = &*ts.reactions;
    Collection::<PostReaction>::insert(reactions, &like(liked, fan))
        .await
        .unwrap();
    out.push((
        "post_reactions_post_user_kind_unique",
        conflict_of(Collection::<PostReaction>::insert(reactions, &like(liked, fan)).await),
    ));
    Collection::<PostView>::insert(reactions, &view(liked, fan))
        .await
        .unwrap();
    out.push((
        "post_views_post_viewer_unique",
        conflict_of(Collection::<PostView>::insert(reactions, &view(liked, fan)).await),
    ));
    ts.reports.insert(&report(liked, fan)).await.unwrap();
    out.push((
        "reports_target_reporter_unique",
        conflict_of(ts.reports.insert(&report(liked, fan)).await),
    ));
    // conversations and messages
    let (a, bb) = (Id::new(), Id::new());
    ts.conversations
        .insert(&direct(a, bb, at(0)))
        .await
        .unwrap();
    out.push((
        "conversations_direct_pair_unique",
        conflict_of(ts.conversations.insert(&direct(bb, a, at(1))).await),
    ));
    let keyed = || {
        let mut m = message(Id::new(), a, "queued", at(1));
        m.client_key = Some(format!("{a}:{}", unique()));
        m
    };
    let m1 = keyed();
    ts.messages.insert(&m1).await.unwrap();
    let mut m2 = keyed();
    m2.client_key = m1.client_key.clone();
    out.push((
        "messages_client_key_unique",
        conflict_of(ts.messages.insert(&m2).await),
    ));
    // tokens
    let raw = format!("raw-{}", unique());
    let k1 = token(first.id, TokenKind::Refresh, &raw, at(60));
    ts.tokens.insert(&k1).await.unwrap();
    let k2 = token(first.id, TokenKind::Refresh, &raw, at(60));
    out.push((
        "auth_tokens_hash_unique",
        conflict_of(ts.tokens.insert(&k2).await),
    ));
    out
}

#[apply(both_backends)]
pub(super) async fn every_unique_constraint_answers_with_its_declared_message(#[case] b: Backend) {
    let ts = test_store(b).await;
    let seen = conflicts(&ts).await;
    for s in spec::ALL {
        for u in s.uniques {
            if IDEMPOTENT_ONLY.contains(&u.index) {
                continue;
            }
            let got = seen
                .iter()
                .find(|(name, _)| *name == u.index)
                .unwrap_or_else(|| panic!("no case violates {}: add one here", u.index));
            assert_eq!(got.1, u.message, "{}", u.index);
        }
    }
    // A duplicate id reads the same on both backends too.
    let u = customer("dup-id");
    ts.users.insert(&u).await.unwrap();
    let mut again = customer("dup-id2");
    again.id = u.id;
    assert_eq!(
        conflict_of(ts.users.insert(&again).await),
        spec::USERS.duplicate_id_message()
    );
}

/// `value` with the string at `path` set to `word`: through arrays into their first element
/// (an array of strings becomes `[word]`), creating objects on the way.
fn with_word<T: Serialize + DeserializeOwned>(value: &T, path: &str, word: &str) -> T {
    fn set(v: &mut Value, keys: &[&str], word: &str) {
        let Some((key, rest)) = keys.split_first() else {
            *v = match v {
                Value::Array(_) => Value::Array(vec![Value::String(word.into())]),
                _ => Value::String(word.into()),
            };
            return;
        };
        if let Value::Array(items) = v {
            if items.is_empty() {
                items.push(Value::Object(Default::default()));
            }
            return set(&mut items[0], keys, word);
        }
        if !v.is_object() {
            *v = Value::Object(Default::default());
        }
        let child = v
            .as_object_mut()
            .unwrap()
            .entry(key.to_string())
            .or_insert(Value::Null);
        set(child, rest, word);
    }
    let mut json = serde_json::to_value(value).unwrap();
    set(&mut json, &path.split('.').collect::<Vec<_>>(), word);
    serde_json::from_value(json).unwrap_or_else(|e| panic!("{path} = {word}: {e}"))
}

/// A word no other document of the test holds, lower-case letters only (tokenizers agree).
fn fresh_word() -> String {
    let mut n = unique();
    let mut w = String::from("zq");
    for _ in 0..8 {
        w.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    w
}

/// Inserts a document of `spec` holding `word` in `field` and says whether a search finds it.
async fn found(ts: &TestStore, spec: &CollectionSpec, field: &str, word: &str) -> bool {
    let page = PageRequest::default();
    match spec.name {
        "users" => {
            let mut u = full_user(word);
            u.email = email(word);
            u.phone_number = fresh_phone();
            u.username = Some(format!("u{}", unique()));
            u.corporate = Some(CorporateProfile {
                company_name: "Acme".into(),
                ..Default::default()
            });
            u.role = Role::Technician;
            let u = with_word(&u, field, word);
            ts.users.insert(&u).await.unwrap();
            let f = UserFilter {
                text: Some(word.into()),
                ..Default::default()
            };
            let hits = ts.users.list_users(&f, &page).await.unwrap();
            hits.items.iter().any(|x| x.id == u.id)
        }
        "posts" => {
            let p = with_word(&post(Id::new(), "a post"), field, word);
            ts.posts.insert(&p).await.unwrap();
            let f = PostFilter {
                text: Some(word.into()),
                ..Default::default()
            };
            let hits = ts.posts.list_posts(&f, &page).await.unwrap();
            hits.items.iter().any(|x| x.id == p.id)
        }
        "reviews" => {
            let r = review(Id::new(), Id::new(), Id::new(), 5, "fine");
            let r = with_word(&r, field, word);
            ts.reviews.insert(&r).await.unwrap();
            let f = ReviewFilter {
                text: Some(word.into()),
                ..Default::default()
            };
            let hits = ts.reviews.list_reviews(&f, &page).await.unwrap();
            hits.items.iter().any(|x| x.id == r.id)
        }
        other => panic!("{other} declares text fields: add a case here"),
    }
}

#[apply(both_backends)]
pub(super) async fn text_search_finds_a_word_in_every_declared_field(#[case] b: Backend) {
    let ts = test_store(b).await;
    for s in spec::ALL.iter().filter(|s| !s.text.is_empty()) {
        for field in s.text {
            let word = fresh_word();
            assert!(
                found(&ts, s, field, &word).await,
                "{}: a word in {field} is not found",
                s.name
            );
        }
    }
}
