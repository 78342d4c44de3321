//! The store as a whole: ping, backend name, index creation (idempotent, dry run), statistics,
//! reset, and how text search runs.

use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use std::collections::HashMap;
use std::time::Duration;

use baitech::domain::Id;
use baitech::domain::ledger::{Account, EntryKind, EventOutcome, SettlementStatus};
use baitech::domain::notification::NotificationType;
use baitech::domain::post::{ModerationStatus, PostReactionKind};
use baitech::domain::ranking::Ranking;
use baitech::domain::token::TokenKind;
use baitech::domain::transaction::{Gateway, TransactionStatus};
use baitech::store::collections::{self, ALL};
use baitech::store::{
    IndexReport, IndexStatus, MoneyWrite, NearbyQuery, TextSearchMode, UserFilter,
};

use super::assert_conflict;
use super::builders::{
    NAIROBI, at, audit, booking, comment, customer, direct, entry, gateway_event, message,
    notification, point, post, report, review, settlement, technician, token, transaction,
};
use crate::common::{Backend, TestStore, mongo_uri, test_store, unique_db};

/// A fresh store on which `ensure_indexes` has never run.
async fn unindexed_store(backend: Backend) -> TestStore {
    crate::common::init();
    match backend {
        Backend::Embedded => {
            let dir = tempfile::tempdir().expect("temp dir");
            let store = baitech::store::embedded::open(dir.path())
                .await
                .expect("open embedded store");
            TestStore {
                store,
                backend,
                data_dir: Some(dir),
                mongo_db: None,
            }
        }
        Backend::Mongo => {
            let db = unique_db();
            let store = baitech::store::mongo::connect(&mongo_uri(), &db, Duration::from_secs(10))
                .await
                .expect("connect to the test MongoDB");
            TestStore {
                store,
                backend,
                data_dir: None,
                mongo_db: Some(db),
            }
        }
    }
}

fn by_name(reports: &[IndexReport]) -> HashMap<(String, String), IndexStatus> {
    let map: HashMap<_, _> = reports
        .iter()
        .map(|r| ((r.collection.clone(), r.name.clone()), r.status))
        .collect();
    assert_eq!(
        map.len(),
        reports.len(),
        "each index is reported once: {reports:#?}"
    );
    map
}

/// Every collection gets at least one index, and nothing reports on unknown collections.
fn assert_covers_every_collection(reports: &[IndexReport]) {
    for c in ALL {
        assert!(
            reports.iter().any(|r| r.collection == *c),
            "no index reported for {c}: {reports:#?}"
        );
    }
    for r in reports {
        assert!(
            ALL.contains(&r.collection.as_str()),
            "index on an unknown collection: {r:?}"
        );
    }
}

#[apply(both_backends)]
pub(super) async fn ping_answers(#[case] b: Backend) {
    let ts = test_store(b).await;
    let took = ts.admin.ping().await.expect("ping");
    assert!(took < Duration::from_secs(10), "ping took {took:?}");
}

#[apply(both_backends)]
pub(super) async fn backend_names_the_adapter(#[case] b: Backend) {
    let ts = test_store(b).await;
    let expected = match b {
        Backend::Embedded => "embedded",
        Backend::Mongo => "mongodb",
    };
    assert_eq!(ts.admin.backend(), expected);
    assert_eq!(ts.admin.stats().await.unwrap().backend, expected);
}

#[apply(both_backends)]
pub(super) async fn ensure_indexes_twice_creates_nothing_the_second_time(#[case] b: Backend) {
    // `test_store` already ran `ensure_indexes(false)` once.
    let ts = test_store(b).await;
    let second = ts.admin.ensure_indexes(false).await.unwrap();
    assert_covers_every_collection(&second);
    for r in &second {
        assert!(
            matches!(r.status, IndexStatus::Existing | IndexStatus::Unsupported),
            "second run changed something: {r:?}"
        );
        assert!(!r.keys.is_empty(), "an index describes its keys: {r:?}");
    }
    let third = ts.admin.ensure_indexes(false).await.unwrap();
    assert_eq!(by_name(&third), by_name(&second));
}

#[apply(both_backends)]
pub(super) async fn dry_run_on_a_fresh_store_plans_and_creates_nothing(#[case] b: Backend) {
    let ts = unindexed_store(b).await;
    let dry = ts.admin.ensure_indexes(true).await.unwrap();
    assert_covers_every_collection(&dry);
    for r in &dry {
        assert!(
            matches!(
                r.status,
                IndexStatus::Planned | IndexStatus::Existing | IndexStatus::Unsupported
            ),
            "a dry run only plans: {r:?}"
        );
    }
    // The embedded store builds its schema, indexes included, when it opens; a fresh MongoDB
    // database has nothing but `_id` until `ensure_indexes` runs.
    if b == Backend::Mongo {
        assert!(
            dry.iter().any(|r| r.status == IndexStatus::Planned),
            "a fresh database needs indexes: {dry:#?}"
        );
    }
    let dry_again = ts.admin.ensure_indexes(true).await.unwrap();
    assert_eq!(
        by_name(&dry_again),
        by_name(&dry),
        "the first dry run created nothing"
    );

    let real = by_name(&ts.admin.ensure_indexes(false).await.unwrap());
    for (key, planned) in by_name(&dry) {
        let done = real.get(&key).copied();
        let fits = match planned {
            IndexStatus::Planned => {
                matches!(done, Some(IndexStatus::Created | IndexStatus::Changed))
            }
            other => done == Some(other),
        };
        assert!(fits, "{key:?}: planned {planned:?}, then {done:?}");
    }
}

/// Documents in every collection: how many each got.
async fn fill_every_collection(ts: &TestStore) -> HashMap<&'static str, u64> {
    let users = [
        customer("stats1"),
        customer("stats2"),
        technician("stats3", NAIROBI.0, NAIROBI.1, &["wiring"], 4.0),
    ];
    ts.users.insert_many(&users).await.unwrap();
    ts.follows.follow(users[0].id, users[2].id).await.unwrap();
    ts.bookings
        .insert_many(&[booking(users[0].id), booking(users[1].id)])
        .await
        .unwrap();
    ts.transactions
        .insert(&transaction(users[0].id, TransactionStatus::Pending))
        .await
        .unwrap();
    let posts: Vec<_> = (0..4)
        .map(|i| post(users[2].id, &format!("post {i}")))
        .collect();
    ts.posts.insert_many(&posts).await.unwrap();
    let remark = comment(posts[0].id, users[0].id, None, ModerationStatus::Approved);
    ts.comments.insert(&remark).await.unwrap();
    let (liked, viewer) = (posts[0].id, users[1].id);
    ts.reactions
        .react(liked, viewer, PostReactionKind::Like, &Ranking::default())
        .await
        .unwrap();
    ts.reactions
        .record_view(liked, viewer, at(0), Duration::from_secs(86_400))
        .await
        .unwrap();
    ts.reports.insert(&report(liked, viewer)).await.unwrap();
    ts.reviews
        .insert(&review(Id::new(), users[0].id, users[2].id, 5, "great"))
        .await
        .unwrap();
    let convs = [
        direct(users[0].id, users[2].id, at(1)),
        direct(users[1].id, users[2].id, at(2)),
    ];
    ts.conversations.insert_many(&convs).await.unwrap();
    let msgs: Vec<_> = (0..3)
        .map(|i| message(convs[0].id, users[0].id, "hi", at(i)))
        .collect();
    ts.messages.insert_many(&msgs).await.unwrap();
    let notes = [
        notification(users[0].id, NotificationType::NewMessage, at(1)),
        notification(users[2].id, NotificationType::NewMessage, at(1)),
    ];
    ts.notifications.insert_many(&notes).await.unwrap();
    ts.audit
        .insert(&audit(None, "seed", "user", None, 1))
        .await
        .unwrap();
    for raw in ["a", "b"] {
        ts.tokens
            .insert(&token(users[0].id, TokenKind::Refresh, raw, at(20_000)))
            .await
            .unwrap();
    }
    // Money: one entry (two lines, two accounts), its gateway event and a payout batch.
    let paid = transaction(users[0].id, TransactionStatus::Completed);
    let write = MoneyWrite {
        lines: entry(
            EntryKind::Payment,
            paid.id,
            Account::clearing(Gateway::Mpesa),
            Account::escrow(),
            1_000,
            at(1),
        ),
        event: Some(gateway_event(
            Gateway::Mpesa,
            "ws_CO_stats",
            Some(paid.id),
            EventOutcome::Applied,
        )),
        ..Default::default()
    };
    ts.ledger.apply_money(&write).await.unwrap();
    ts.ledger
        .insert(&settlement(SettlementStatus::Open))
        .await
        .unwrap();
    let prefs = baitech::domain::notification_preferences::NotificationPreferences::defaults(
        users[0].id,
        at(1),
    );
    ts.notification_preferences.insert(&prefs).await.unwrap();
    let delivery = baitech::domain::delivery::Delivery::queued(
        Id::new(),
        notes[0].id,
        users[0].id,
        baitech::domain::notification::Channel::Push,
        at(1),
        at(1),
    );
    ts.deliveries.insert(&delivery).await.unwrap();
    assert!(ts.blocks.block(users[1].id, users[2].id).await.unwrap());
    HashMap::from([
        (collections::LEDGER, 2),
        (collections::LEDGER_ACCOUNTS, 2),
        (collections::GATEWAY_EVENTS, 1),
        (collections::SETTLEMENTS, 1),
        (collections::USERS, 3),
        (collections::FOLLOWS, 1),
        (collections::BOOKINGS, 2),
        (collections::TRANSACTIONS, 1),
        (collections::POSTS, 4),
        (collections::REVIEWS, 1),
        (collections::CONVERSATIONS, 2),
        (collections::MESSAGES, 3),
        (collections::NOTIFICATIONS, 2),
        (collections::AUDIT_LOG, 1),
        (collections::TOKENS, 2),
        (collections::COMMENTS, 1),
        (collections::POST_REACTIONS, 1),
        (collections::POST_VIEWS, 1),
        (collections::REPORTS, 1),
        (collections::NOTIFICATION_PREFERENCES, 1),
        (collections::NOTIFICATION_DELIVERIES, 1),
        (collections::BLOCKS, 1),
    ])
}

/// Count per collection from `stats`, checking each of `ALL` appears exactly once.
async fn counts(ts: &TestStore) -> HashMap<&'static str, u64> {
    let stats = ts.admin.stats().await.expect("stats");
    ALL.iter()
        .map(|&c| {
            let rows: Vec<_> = stats.collections.iter().filter(|s| s.name == c).collect();
            assert_eq!(rows.len(), 1, "{c} listed once in {stats:#?}");
            (c, rows[0].count)
        })
        .collect()
}

#[apply(both_backends)]
pub(super) async fn stats_list_every_collection_with_its_count(#[case] b: Backend) {
    let ts = test_store(b).await;
    let empty: HashMap<&str, u64> = ALL.iter().map(|&c| (c, 0)).collect();
    assert_eq!(counts(&ts).await, empty);
    let expected = fill_every_collection(&ts).await;
    assert_eq!(expected.len(), ALL.len(), "the test fills every collection");
    assert_eq!(counts(&ts).await, expected);

    let stats = ts.admin.stats().await.unwrap();
    let indexed: Vec<String> = ts
        .admin
        .ensure_indexes(true)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.status != IndexStatus::Unsupported)
        .map(|r| r.collection)
        .collect();
    for s in &stats.collections {
        if indexed.contains(&s.name) {
            assert!(
                s.index_count >= 1,
                "{} has indexes but reports {}",
                s.name,
                s.index_count
            );
        }
    }
    if let Some(db) = &ts.mongo_db {
        assert_eq!(&stats.database, db, "stats name the database");
    }
}

#[apply(both_backends)]
pub(super) async fn reset_empties_every_collection_and_keeps_indexes(#[case] b: Backend) {
    let ts = test_store(b).await;
    fill_every_collection(&ts).await;
    ts.admin.reset().await.expect("reset");
    let empty: HashMap<&str, u64> = ALL.iter().map(|&c| (c, 0)).collect();
    assert_eq!(counts(&ts).await, empty);
    assert_eq!(
        ts.users
            .count_users(&UserFilter {
                include_deleted: true,
                ..Default::default()
            })
            .await
            .unwrap(),
        0
    );

    // Indexes stay: uniqueness, geo and text search still work on the emptied store.
    let (lng, lat) = NAIROBI;
    let tech = technician("after-reset", lng, lat, &["wiring"], 4.0);
    ts.users.insert(&tech).await.unwrap();
    assert_conflict(
        ts.users
            .insert(&technician("after-reset", lng, lat, &[], 4.0))
            .await,
        "email",
    );
    let q = NearbyQuery {
        point: point(lng, lat),
        radius_km: 1.0,
        skills: vec![],
        min_rating: None,
        available_now: false,
        limit: 5,
    };
    let near: Vec<Id> = ts
        .users
        .nearby_technicians(&q)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.item.id)
        .collect();
    assert_eq!(near, vec![tech.id]);
    let text = UserFilter {
        text: Some("wiring".into()),
        ..Default::default()
    };
    assert_eq!(
        super::user_lists::listed_users(&ts, &text).await,
        vec![tech.id]
    );
    for r in ts.admin.ensure_indexes(false).await.unwrap() {
        assert!(
            matches!(r.status, IndexStatus::Existing | IndexStatus::Unsupported),
            "lost by reset: {r:?}"
        );
    }
}

/// Whether the MongoDB server builds text indexes, asked directly with the driver.
async fn mongo_supports_text_indexes() -> bool {
    use mongodb::bson::{Document, doc};
    let client = mongodb::Client::with_uri_str(mongo_uri())
        .await
        .expect("driver connects");
    let db = client.database(&unique_db());
    let probe = db.collection::<Document>("probe");
    probe
        .insert_one(doc! { "t": "hello" })
        .await
        .expect("insert into the probe collection");
    let supported = probe
        .create_index(
            mongodb::IndexModel::builder()
                .keys(doc! { "t": "text" })
                .build(),
        )
        .await
        .is_ok();
    let _ = db.drop().await;
    supported
}

#[apply(both_backends)]
pub(super) async fn text_search_mode_matches_what_the_server_supports(#[case] b: Backend) {
    let ts = test_store(b).await;
    let expected = match b {
        Backend::Embedded => TextSearchMode::Native,
        Backend::Mongo if mongo_supports_text_indexes().await => TextSearchMode::Native,
        Backend::Mongo => TextSearchMode::RegexFallback,
    };
    assert_eq!(ts.admin.text_search_mode().await.unwrap(), expected);
    // The fallback is announced in the index report: text indexes are `Unsupported` exactly
    // when text search falls back to regular expressions.
    let reports = ts.admin.ensure_indexes(true).await.unwrap();
    let unsupported: Vec<_> = reports
        .iter()
        .filter(|r| r.status == IndexStatus::Unsupported)
        .collect();
    match expected {
        TextSearchMode::Native => assert!(unsupported.is_empty(), "{unsupported:#?}"),
        TextSearchMode::RegexFallback => assert!(
            !unsupported.is_empty(),
            "text indexes should be reported Unsupported"
        ),
    }
}

#[apply(both_backends)]
pub(super) async fn data_survives_reopening_the_store(#[case] b: Backend) {
    let ts = test_store(b).await;
    let counts_before = fill_every_collection(&ts).await;
    let tech = technician("reopen", NAIROBI.0, NAIROBI.1, &["solar"], 4.0);
    ts.users.insert(&tech).await.unwrap();
    let reopened = match b {
        Backend::Embedded => {
            let dir = ts.data_dir.as_ref().expect("embedded data dir").path();
            baitech::store::embedded::open(dir)
                .await
                .expect("reopen the embedded store")
        }
        Backend::Mongo => {
            let db = ts.mongo_db.as_deref().expect("mongo database");
            baitech::store::mongo::connect(&mongo_uri(), db, Duration::from_secs(10))
                .await
                .expect("reconnect")
        }
    };
    let again = TestStore {
        store: reopened,
        backend: b,
        data_dir: None,
        mongo_db: ts.mongo_db.clone(),
    };
    let mut expected = counts_before;
    *expected.get_mut(collections::USERS).unwrap() += 1;
    assert_eq!(counts(&again).await, expected);
    assert_eq!(again.users.get(tech.id).await.unwrap(), Some(tech.clone()));
    let text = UserFilter {
        text: Some("solar".into()),
        ..Default::default()
    };
    assert_eq!(
        super::user_lists::listed_users(&again, &text).await,
        vec![tech.id],
        "search index kept"
    );
    for r in again.admin.ensure_indexes(false).await.unwrap() {
        assert!(
            matches!(r.status, IndexStatus::Existing | IndexStatus::Unsupported),
            "{r:?}"
        );
    }
}
