//! The generic collection interface (`baitech::store::Collection`), the same for every
//! document type: many at once, compare-and-set on the version, delete.

use baitech::domain::Id;
use rstest::rstest;
use rstest_reuse::apply;

use super::assert_not_found;
use super::builders::{booking, customer, post};
use crate::common::{Backend, both_backends, test_store};

#[apply(both_backends)]
pub(super) async fn get_many_skips_missing_ids(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (a, c) = (customer("many-a"), customer("many-c"));
    assert_eq!(
        ts.users.insert_many(&[a.clone(), c.clone()]).await.unwrap(),
        2
    );
    let mut got = ts.users.get_many(&[c.id, Id::new(), a.id]).await.unwrap();
    got.sort_by_key(|u| u.id);
    let mut want = vec![a, c];
    want.sort_by_key(|u| u.id);
    assert_eq!(got, want);
    assert!(ts.users.get_many(&[]).await.unwrap().is_empty());
}

#[apply(both_backends)]
pub(super) async fn replace_if_version_lets_one_writer_win(#[case] b: Backend) {
    let ts = test_store(b).await;
    let mut first = booking(Id::new());
    ts.bookings.insert(&first).await.unwrap();
    let read = first.version;
    first.version += 1;
    first.description = "first writer".into();
    assert!(ts.bookings.replace_if_version(&first, read).await.unwrap());
    let mut second = first.clone();
    second.description = "second writer, stale read".into();
    assert!(!ts.bookings.replace_if_version(&second, read).await.unwrap());
    let stored = ts.bookings.get(first.id).await.unwrap().unwrap();
    assert_eq!(stored.description, "first writer");
    assert_not_found(ts.bookings.replace_if_version(&booking(Id::new()), 0).await);
}

#[apply(both_backends)]
pub(super) async fn delete_removes_the_document_and_its_search_entry(#[case] b: Backend) {
    let ts = test_store(b).await;
    let p = post(Id::new(), "zqdeleteme solar");
    ts.posts.insert(&p).await.unwrap();
    assert!(ts.posts.delete(p.id).await.unwrap());
    assert!(
        !ts.posts.delete(p.id).await.unwrap(),
        "a second delete finds nothing"
    );
    assert_eq!(ts.posts.get(p.id).await.unwrap(), None);
    let f = baitech::store::PostFilter {
        text: Some("zqdeleteme".into()),
        ..Default::default()
    };
    let hits = ts.posts.list_posts(&f, &Default::default()).await.unwrap();
    assert!(hits.items.is_empty(), "{:?}", hits.items);
}

#[apply(both_backends)]
pub(super) async fn update_sets_fields_moves_counters_and_checks_conditions(#[case] b: Backend) {
    use baitech::store::{Condition, Update};
    let ts = test_store(b).await;
    let u = customer("fields");
    ts.users.insert(&u).await.unwrap();
    let mut wanted = u.clone();
    wanted.first_name = "Achieng".into();
    wanted.last_name = "ignored: not in the set".into();
    let refuse = [Condition::Is("status", "banned".into())];
    let refused = Update {
        set_from: Some((&wanted, &["firstName"][..])),
        only_if: &refuse,
        ..Update::default()
    };
    assert_eq!(ts.users.update(u.id, refused).await.unwrap(), None);
    assert_eq!(
        ts.users.get(u.id).await.unwrap().unwrap(),
        u,
        "a refused update changes nothing"
    );

    let admit = [
        Condition::Missing("deletedAt"),
        Condition::Is("status", "active".into()),
    ];
    let change = Update {
        set_from: Some((&wanted, &["firstName"][..])),
        inc: &[("followersCount", 3), ("followingCount", -1)],
        only_if: &admit,
    };
    let after = ts
        .users
        .update(u.id, change)
        .await
        .unwrap()
        .expect("admitted");
    assert_eq!(after.first_name, "Achieng");
    assert_eq!(after.last_name, u.last_name);
    assert_eq!(
        (after.followers_count, after.following_count),
        (u.followers_count + 3, u.following_count - 1)
    );
    assert_eq!(ts.users.get(u.id).await.unwrap().unwrap(), after);
    assert_not_found(ts.users.update(Id::new(), Update::default()).await);
}
