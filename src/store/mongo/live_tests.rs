//! Adapter-internal tests against a real server: the fallback paths the conformance suite
//! cannot reach on a server that has the primary feature (transactions, `$geoNear`), and index
//! rebuilds. They run when `BAITECH_TEST_MONGODB_URI` is set (as `tests/run.sh` does) and are
//! skipped otherwise.

use crate::store::Collection;
use std::sync::atomic::Ordering;
use std::time::Duration;

use bson::doc;

use super::Mongo;
use crate::domain::geo::{GeoPoint, Location};
use crate::domain::user::{Role, TechnicianProfile, User, UserStatus};
use crate::domain::{Email, Id, Phone};
use crate::error::Error;
use crate::store::{FollowRepo, IndexStatus, NearbyQuery, StoreAdmin, UserFilter, UserRepo};

/// A fresh database with indexes, or `None` (test skipped) without a test server.
async fn fresh() -> Option<(Mongo, String)> {
    let Ok(uri) = std::env::var("BAITECH_TEST_MONGODB_URI") else {
        eprintln!("BAITECH_TEST_MONGODB_URI is not set: skipping a MongoDB adapter test");
        return None;
    };
    let db = format!("adapter_{}", Id::new());
    let mongo = Mongo::connect(&uri, &db, Duration::from_secs(10))
        .await
        .expect("connect to the test server");
    mongo.ensure_indexes(false).await.expect("ensure indexes");
    Some((mongo, db))
}

async fn drop_db(mongo: &Mongo) {
    let _ = mongo.db.drop().await;
}

fn person(n: u64, role: Role) -> User {
    let mut u = crate::domain::user::tests::sample();
    u.id = Id::new();
    u.role = role;
    u.status = UserStatus::Active;
    u.username = None;
    u.email = Email::parse(&format!("live{n}-{}@example.co.ke", u.id)).unwrap();
    u.phone_number =
        Phone::parse(&format!("+2547{:08}", (u.id.bytes()[11] as u64) * 1000 + n)).unwrap();
    u.deleted_at = None;
    u
}

fn technician_at(n: u64, lng: f64, lat: f64) -> User {
    let mut u = person(n, Role::Technician);
    u.location = Some(Location::new(GeoPoint::new(lng, lat).unwrap(), None, None));
    u.technician = Some(TechnicianProfile::default());
    u
}

async fn all_users(mongo: &Mongo) -> u64 {
    let all = UserFilter {
        include_deleted: true,
        ..Default::default()
    };
    mongo.count_users(&all).await.unwrap()
}

#[tokio::test]
async fn without_transactions_a_failed_bulk_insert_leaves_nothing_behind() {
    let Some((mongo, _)) = fresh().await else {
        return;
    };
    mongo.disable_transactions();
    let existing = person(1, Role::Customer);
    mongo.insert(&existing).await.unwrap();

    // Fails on the third document (same email as the first): the first two are undone.
    let (a, b) = (person(2, Role::Customer), person(3, Role::Customer));
    let mut clash = person(4, Role::Customer);
    clash.email = a.email.clone();
    let err = mongo.insert_many(&[a, b, clash]).await.unwrap_err();
    assert!(
        matches!(&err, Error::Conflict(m) if m.contains("email")),
        "{err:?}"
    );
    assert_eq!(all_users(&mongo).await, 1);

    // Fails on an id that already exists: that document is not ours to undo.
    let fresh_one = person(5, Role::Customer);
    let mut same_id = person(6, Role::Customer);
    same_id.id = existing.id;
    assert!(matches!(
        mongo.insert_many(&[fresh_one, same_id]).await,
        Err(Error::Conflict(_))
    ));
    assert_eq!(all_users(&mongo).await, 1);
    assert_eq!(mongo.get(existing.id).await.unwrap(), Some(existing));
    drop_db(&mongo).await;
}

#[tokio::test]
async fn without_transactions_follows_still_count_once() {
    let Some((mongo, _)) = fresh().await else {
        return;
    };
    mongo.disable_transactions();
    let (a, b) = (person(1, Role::Customer), person(2, Role::Technician));
    mongo.insert_many(&[a.clone(), b.clone()]).await.unwrap();
    assert!(mongo.follow(a.id, b.id).await.unwrap());
    assert!(!mongo.follow(a.id, b.id).await.unwrap());
    let counts = |u: User| (u.followers_count, u.following_count);
    let before_a = counts(a.clone());
    let after_a = counts(mongo.get(a.id).await.unwrap().unwrap());
    assert_eq!(after_a, (before_a.0, before_a.1 + 1));
    assert!(mongo.unfollow(a.id, b.id).await.unwrap());
    assert!(!mongo.unfollow(a.id, b.id).await.unwrap());
    assert_eq!(counts(mongo.get(a.id).await.unwrap().unwrap()), before_a);
    assert_eq!(counts(mongo.get(b.id).await.unwrap().unwrap()), counts(b));
    drop_db(&mongo).await;
}

#[tokio::test]
async fn the_geo_within_fallback_agrees_with_geo_near() {
    let Some((mongo, _)) = fresh().await else {
        return;
    };
    let (lng, lat) = (36.8219, -1.2921);
    // About 0, 1.1, 5.6, 11 and 56 km east of the query point.
    let techs: Vec<User> = [0.0, 0.01, 0.05, 0.1, 0.5]
        .iter()
        .enumerate()
        .map(|(i, d)| technician_at(i as u64, lng + d, lat))
        .collect();
    mongo.insert_many(&techs).await.unwrap();
    let q = NearbyQuery {
        point: GeoPoint::new(lng, lat).unwrap(),
        radius_km: 12.0,
        skills: vec![],
        min_rating: None,
        available_now: false,
        limit: 3,
    };
    let primary = mongo.nearby_technicians(&q).await.unwrap();
    mongo.geo_near.store(false, Ordering::Relaxed);
    let fallback = mongo.nearby_technicians(&q).await.unwrap();
    let ids = |v: &[crate::store::Nearby<User>]| v.iter().map(|n| n.item.id).collect::<Vec<_>>();
    assert_eq!(ids(&primary), vec![techs[0].id, techs[1].id, techs[2].id]);
    assert_eq!(ids(&fallback), ids(&primary));
    for (p, f) in primary.iter().zip(&fallback) {
        assert!((p.distance_km - f.distance_km).abs() < 1e-9);
    }
    drop_db(&mongo).await;
}

#[tokio::test]
async fn indexes_that_differ_are_rebuilt_once() {
    let Some((mongo, _)) = fresh().await else {
        return;
    };
    // A Mongoose-style index on our keys under another name, and ours with other options.
    mongo
        .db
        .run_command(doc! { "dropIndexes": "users", "index": "users_email_unique" })
        .await
        .unwrap();
    mongo
        .db
        .run_command(doc! { "createIndexes": "users", "indexes": [{ "key": { "email": 1 }, "name": "email_1", "unique": true }] })
        .await
        .unwrap();
    mongo
        .db
        .run_command(doc! { "dropIndexes": "auth_tokens", "index": "auth_tokens_expires_ttl" })
        .await
        .unwrap();
    mongo
        .db
        .run_command(doc! { "createIndexes": "auth_tokens", "indexes": [{ "key": { "expiresAt": 1 }, "name": "auth_tokens_expires_ttl", "expireAfterSeconds": 3600 }] })
        .await
        .unwrap();

    let status = |reports: &[crate::store::IndexReport], name: &str| {
        reports.iter().find(|r| r.name == name).map(|r| r.status)
    };
    let dry = mongo.ensure_indexes(true).await.unwrap();
    assert_eq!(
        status(&dry, "users_email_unique"),
        Some(IndexStatus::Planned)
    );
    assert_eq!(
        status(&dry, "auth_tokens_expires_ttl"),
        Some(IndexStatus::Planned)
    );
    let run = mongo.ensure_indexes(false).await.unwrap();
    assert_eq!(
        status(&run, "users_email_unique"),
        Some(IndexStatus::Changed)
    );
    assert_eq!(
        status(&run, "auth_tokens_expires_ttl"),
        Some(IndexStatus::Changed)
    );
    let again = mongo.ensure_indexes(false).await.unwrap();
    assert!(
        again
            .iter()
            .all(|r| matches!(r.status, IndexStatus::Existing | IndexStatus::Unsupported)),
        "{again:#?}"
    );
    let names: Vec<String> = mongo
        .list_index_specs("users")
        .await
        .unwrap()
        .iter()
        .filter_map(|s| s.get_str("name").ok().map(str::to_string))
        .collect();
    assert!(!names.contains(&"email_1".to_string()), "{names:?}");
    drop_db(&mongo).await;
}

#[tokio::test]
async fn a_deleted_user_keeps_their_document_but_frees_the_email() {
    let Some((mongo, _)) = fresh().await else {
        return;
    };
    let mut gone = person(1, Role::Customer);
    mongo.insert(&gone).await.unwrap();
    gone.deleted_at = Some(crate::domain::Timestamp::now());
    mongo.replace(&gone).await.unwrap();
    let mut again = person(2, Role::Customer);
    again.email = gone.email.clone();
    again.phone_number = gone.phone_number.clone();
    mongo.insert(&again).await.unwrap();
    assert_eq!(
        mongo
            .find_user_by_email(&gone.email)
            .await
            .unwrap()
            .map(|u| u.id),
        Some(again.id)
    );
    // Reviving the old account would now clash.
    gone.deleted_at = None;
    let err = mongo.replace(&gone).await.unwrap_err();
    assert!(
        matches!(&err, Error::Conflict(m) if m.contains("email") || m.contains("phone")),
        "{err:?}"
    );
    drop_db(&mongo).await;
}

#[tokio::test]
async fn without_transactions_money_is_refused_and_nothing_is_written() {
    use crate::domain::ledger::{Account, EntryBuilder, EntryKind};
    use crate::domain::money::{Currency, Money};
    use crate::domain::transaction::Gateway;
    use crate::store::{LedgerRepo, MoneyWrite};
    let Some((mongo, _)) = fresh().await else {
        return;
    };
    mongo.disable_transactions();
    let lines = EntryBuilder::new(EntryKind::TopUp, Id::new(), Currency::Kes)
        .debit(Account::clearing(Gateway::Mpesa), Money::kes(500))
        .credit(Account::wallet(Id::new()), Money::kes(500))
        .build(crate::domain::Timestamp::now())
        .unwrap();
    let write = MoneyWrite {
        lines,
        ..Default::default()
    };
    let err = mongo.apply_money(&write).await.unwrap_err();
    assert!(
        matches!(&err, Error::Unavailable { reason, .. } if reason.contains("transactions")),
        "{err:?}"
    );
    assert_eq!(mongo.count_ledger_lines().await.unwrap(), 0);
    assert!(mongo.list_accounts("").await.unwrap().is_empty());
    drop_db(&mongo).await;
}
