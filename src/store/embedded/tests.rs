//! Adapter-level tests of the embedded store: the shared conformance suite covers the contract,
//! these cover what is particular to SQLite (constraint messages, side tables kept in step,
//! index recreation, the two list plans). Fixtures are shared with [`super::perf`].

use serde_json::{Value, json};

use super::open;
use crate::domain::booking::Booking;
use crate::domain::message::Message;
use crate::domain::post::Post;
use crate::domain::user::User;
use crate::domain::{GeoPoint, Id, Timestamp};
use crate::store::{NearbyQuery, PageRequest, PostFilter, Store, UserFilter};

pub(in crate::store) const T0: i64 = 1_700_000_000_000;

fn ts(ms: i64) -> String {
    Timestamp::from_millis(ms).to_rfc3339()
}

/// A user document; technicians get a location, skills, a rating and availability.
pub(in crate::store) fn user(n: u64, tech: Option<(f64, f64, &[&str], f64, bool)>) -> User {
    let mut v = json!({
        "_id": Id::from_parts(1_700_000_000, n).to_hex(),
        "firstName": format!("First{n}"), "lastName": "Kamau",
        "email": format!("user{n}@example.co.ke"),
        "phoneNumber": format!("+2547{:08}", n),
        "role": "customer", "status": "active",
        "createdAt": ts(T0), "updatedAt": ts(T0),
    });
    if let Some((lng, lat, skills, rating, now)) = tech {
        v["role"] = json!("technician");
        v["location"] = json!({"type": "Point", "coordinates": [lng, lat], "city": "Nairobi"});
        v["rating"] = json!({"average": rating, "count": 1});
        v["technician"] = json!({
            "skills": skills.iter().map(|s| json!({"name": s})).collect::<Vec<Value>>(),
            "availability": {"availableNow": now},
        });
        v["profile"] = json!({"bio": "Licensed electrician and plumber"});
    }
    serde_json::from_value(v).expect("user fixture")
}

pub(in crate::store) fn post(n: u64, author: Id, content: &str, tags: &[&str]) -> Post {
    serde_json::from_value(json!({
        "_id": Id::from_parts(1_700_000_000, n).to_hex(),
        "author": author.to_hex(), "type": "text", "content": content, "hashtags": tags,
        "moderation": {"status": "approved"}, "visibility": "public",
        "createdAt": ts(T0), "updatedAt": ts(T0),
    }))
    .expect("post fixture")
}

pub(in crate::store) fn booking(n: u64, customer: Id) -> Booking {
    serde_json::from_value(json!({
        "_id": Id::from_parts(1_700_000_000, n).to_hex(),
        "bookingNumber": format!("BT-{n}"), "customer": customer.to_hex(),
        "serviceCategory": "plumbing", "description": "Leaking sink",
        "serviceLocation": {"type": "Point", "coordinates": [36.8, -1.3]},
        "scheduledAt": ts(T0), "status": "pending",
        "createdAt": ts(T0), "updatedAt": ts(T0),
    }))
    .expect("booking fixture")
}

pub(in crate::store) fn message(n: u64, conversation: Id, created_ms: i64) -> Message {
    serde_json::from_value(json!({
        "_id": Id::from_parts((created_ms / 1000) as u32, n).to_hex(),
        "conversation": conversation.to_hex(), "sender": Id::from_parts(1, 1).to_hex(),
        "type": "text", "content": format!("habari message number {n}"), "seq": n + 1,
        "words": ["habari", "message", "number", n.to_string()],
        "createdAt": ts(created_ms), "updatedAt": ts(created_ms),
    }))
    .expect("message fixture")
}

pub(in crate::store) async fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path()).await.unwrap();
    (dir, store)
}

#[tokio::test]
async fn duplicate_email_is_a_conflict_but_a_deleted_users_email_is_free() {
    let (_d, s) = fresh().await;
    let a = user(1, None);
    s.users.insert(&a).await.unwrap();
    let mut b = user(2, None);
    b.email = a.email.clone();
    let err = s.users.insert(&b).await.unwrap_err();
    assert_eq!(err.to_string(), "email is already registered");
    let mut gone = a.clone();
    gone.deleted_at = Some(Timestamp::now());
    s.users.replace(&gone).await.unwrap();
    s.users.insert(&b).await.unwrap();
    assert_eq!(
        s.users
            .find_user_by_email(&a.email)
            .await
            .unwrap()
            .unwrap()
            .id,
        b.id
    );
}

#[tokio::test]
async fn text_search_follows_updates_and_ignores_fts_syntax() {
    let (_d, s) = fresh().await;
    let author = Id::new();
    let mut p = post(
        1,
        author,
        "Fixing a leaking sink in Westlands",
        &["plumbing"],
    );
    s.posts.insert(&p).await.unwrap();
    let search = |t: &str| PostFilter {
        text: Some(t.into()),
        ..Default::default()
    };
    let hits = s
        .posts
        .list_posts(&search("leak west"), &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(hits.items.len(), 1);
    p.content = "Rewired a kitchen".into();
    s.posts.replace(&p).await.unwrap();
    assert!(
        s.posts
            .list_posts(&search("leak"), &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert_eq!(
        s.posts
            .list_posts(&search("kitch"), &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    for hostile in [
        "\"",
        "kitchen OR",
        "NEAR(a b)",
        "content:kitchen",
        "*",
        "-kitchen",
    ] {
        s.posts
            .list_posts(&search(hostile), &PageRequest::first(10))
            .await
            .unwrap();
    }
    let tagged = PostFilter {
        hashtag: Some("Plumbing".into()),
        ..Default::default()
    };
    assert_eq!(
        s.posts
            .list_posts(&tagged, &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .len(),
        1
    );
}

#[tokio::test]
async fn nearby_search_filters_and_orders_by_distance() {
    let (_d, s) = fresh().await;
    let users = vec![
        user(1, Some((36.8219, -1.2921, &["Wiring"], 4.5, true))),
        user(2, Some((36.8300, -1.2921, &["plumbing"], 3.0, false))),
        user(
            3,
            Some((36.9000, -1.2921, &["wiring", "plumbing"], 5.0, true)),
        ),
        user(4, Some((39.6682, -4.0435, &["wiring"], 5.0, true))),
        user(5, None),
    ];
    s.users.insert_many(&users).await.unwrap();
    let q = |skills: &[&str], min_rating, now| NearbyQuery {
        point: GeoPoint::new(36.8219, -1.2921).unwrap(),
        radius_km: 20.0,
        skills: skills.iter().map(|s| s.to_string()).collect(),
        min_rating,
        available_now: now,
        limit: 10,
    };
    let ids =
        |v: Vec<crate::store::Nearby<User>>| v.into_iter().map(|n| n.item.id).collect::<Vec<_>>();
    let all = s
        .users
        .nearby_technicians(&q(&[], None, false))
        .await
        .unwrap();
    assert!(all[0].distance_km < 0.01 && all[1].distance_km < all[2].distance_km);
    assert_eq!(ids(all), [users[0].id, users[1].id, users[2].id]);
    assert_eq!(
        ids(s
            .users
            .nearby_technicians(&q(&["WIRING"], None, false))
            .await
            .unwrap()),
        [users[0].id, users[2].id]
    );
    assert_eq!(
        ids(s
            .users
            .nearby_technicians(&q(&[], Some(4.0), true))
            .await
            .unwrap()),
        [users[0].id, users[2].id]
    );
    let mut suspended = users[0].clone();
    suspended.status = crate::domain::user::UserStatus::Suspended;
    s.users.replace(&suspended).await.unwrap();
    assert_eq!(
        ids(s
            .users
            .nearby_technicians(&q(&["wiring"], None, false))
            .await
            .unwrap()),
        [users[2].id]
    );
    let skilled = UserFilter {
        skills: vec!["Plumbing".into()],
        ..Default::default()
    };
    assert_eq!(s.users.count_users(&skilled).await.unwrap(), 2);
}

#[tokio::test]
async fn old_messages_go_in_batches_and_leave_the_search_index() {
    let (_d, s) = fresh().await;
    let conv = Id::new();
    let msgs: Vec<Message> = (0..250)
        .map(|n| message(n, conv, T0 + n as i64 * 1000))
        .collect();
    s.messages.insert_many(&msgs).await.unwrap();
    let cut = Timestamp::from_millis(T0 + 200 * 1000);
    assert_eq!(s.messages.count_messages_before(cut).await.unwrap(), 200);
    assert_eq!(
        s.messages.delete_messages_before(cut, 150).await.unwrap(),
        150
    );
    assert_eq!(
        s.messages.delete_messages_before(cut, 150).await.unwrap(),
        50
    );
    assert_eq!(
        s.messages.delete_messages_before(cut, 150).await.unwrap(),
        0
    );
    let q = crate::store::SeqQuery {
        conversation: conv,
        viewer: None,
        after: 0,
        before: None,
        ascending: false,
        limit: 100,
    };
    let found = s
        .messages
        .search_messages(&q, &["hab".to_string()])
        .await
        .unwrap();
    assert_eq!(found.len(), 50);
    let words: i64 = {
        let e = crate::store::embedded::Embedded::open_blocking(_d.path()).unwrap();
        let c = e.inner.writer.lock().unwrap();
        c.query_row(
            "SELECT COUNT(*) FROM messages_conversation_words",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(words, 50 * 4, "deleted messages left the word index");
}

#[tokio::test]
async fn a_dropped_search_index_is_recreated_and_refilled() {
    let (d, s) = fresh().await;
    s.posts
        .insert(&post(1, Id::new(), "solar panel install", &[]))
        .await
        .unwrap();
    let c = rusqlite::Connection::open(d.path().join(super::DB_FILE)).unwrap();
    c.execute_batch("DROP TABLE posts_text").unwrap();
    drop(c);
    let planned = s.admin.ensure_indexes(true).await.unwrap();
    assert!(
        planned
            .iter()
            .any(|r| r.name == "posts_text" && r.status == crate::store::IndexStatus::Planned)
    );
    let done = s.admin.ensure_indexes(false).await.unwrap();
    assert!(
        done.iter()
            .any(|r| r.name == "posts_text" && r.status == crate::store::IndexStatus::Created)
    );
    let f = PostFilter {
        text: Some("solar".into()),
        ..Default::default()
    };
    assert_eq!(
        s.posts
            .list_posts(&f, &PageRequest::first(5))
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    s.admin.reset().await.unwrap();
    assert!(
        s.posts
            .list_posts(&f, &PageRequest::first(5))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let stats = s.admin.stats().await.unwrap();
    assert!(stats.collections.iter().all(|c| c.count == 0));
}

#[tokio::test]
async fn broad_lists_agree_whether_or_not_the_newest_window_settles_them() {
    let (_d, s) = fresh().await;
    // 3,000 users; the 7 oldest and every 500th are admins, so an admin list needs rows from
    // outside the newest window while a customer list is settled inside it.
    let users: Vec<User> = (0..3_000u64)
        .map(|n| {
            let mut u = user(n + 1, None);
            if n < 7 || n % 500 == 0 {
                u.role = crate::domain::user::Role::Admin;
            }
            u
        })
        .collect();
    s.users.insert_many(&users).await.unwrap();
    let mut want: Vec<Id> = users
        .iter()
        .filter(|u| u.role == crate::domain::user::Role::Admin)
        .map(|u| u.id)
        .collect();
    want.sort();
    want.reverse();
    let admins = UserFilter {
        role: Some(crate::domain::user::Role::Admin),
        ..Default::default()
    };
    let mut got = Vec::new();
    let mut page = PageRequest::first(3);
    loop {
        let p = s.users.list_users(&admins, &page).await.unwrap();
        got.extend(p.items.iter().map(|u| u.id));
        match p.next_cursor {
            Some(c) => {
                page = PageRequest::after(3, crate::store::page::Cursor::decode(&c).unwrap())
            }
            None => break,
        }
    }
    assert_eq!(got, want);
    let numbered = s
        .users
        .list_users(&admins, &PageRequest::numbered(2, 5))
        .await
        .unwrap();
    assert_eq!(numbered.total, Some(want.len() as u64));
    assert_eq!(
        numbered.items.iter().map(|u| u.id).collect::<Vec<_>>(),
        want[5..10]
    );
    let customers = UserFilter {
        role: Some(crate::domain::user::Role::Customer),
        ..Default::default()
    };
    let first = s
        .users
        .list_users(&customers, &PageRequest::numbered(3, 10))
        .await
        .unwrap();
    let newest: Vec<Id> = users
        .iter()
        .rev()
        .filter(|u| u.role == crate::domain::user::Role::Customer)
        .map(|u| u.id)
        .skip(20)
        .take(10)
        .collect();
    assert_eq!(first.items.iter().map(|u| u.id).collect::<Vec<_>>(), newest);
}

#[test]
fn constraint_messages_name_the_field() {
    assert_eq!(
        super::schema::conflict_message("users.email"),
        "email is already registered"
    );
    assert_eq!(
        super::schema::conflict_message("bookings.id"),
        "a booking with this id already exists"
    );
}

#[tokio::test]
async fn reopening_an_existing_file_keeps_the_schema_and_data() {
    let (d, s) = fresh().await;
    s.users.insert(&user(1, None)).await.unwrap();
    assert_eq!(s.admin.backend(), "embedded");
    s.admin.ping().await.unwrap();
    drop(s);
    let again = open(d.path()).await.unwrap();
    let stats = again.admin.stats().await.unwrap();
    assert_eq!(
        stats.collections.len(),
        crate::store::collections::ALL.len()
    );
    let users = stats
        .collections
        .iter()
        .find(|c| c.name == "users")
        .unwrap();
    assert_eq!(users.count, 1);
    assert!(users.size_bytes > 0 && users.index_count >= 7, "{users:?}");
}
