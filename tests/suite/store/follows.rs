//! Follows: idempotent edges whose counters move exactly once, and both lists paged.

use baitech::domain::Id;
use baitech::domain::user::User;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;

use super::builders::customer;
use super::pages::{ids, sizes, walk};
use super::race;
use crate::common::{Backend, TestStore, test_store};

async fn counts(ts: &TestStore, id: Id) -> (i64, i64) {
    let u = ts.users.get(id).await.unwrap().expect("user exists");
    (u.followers_count, u.following_count)
}

async fn two_users(ts: &TestStore) -> (Id, Id) {
    let (a, b) = (customer("follower"), customer("followee"));
    ts.users.insert_many(&[a.clone(), b.clone()]).await.unwrap();
    (a.id, b.id)
}

#[apply(both_backends)]
pub(super) async fn follow_is_idempotent_and_moves_both_counters_once(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (a, b_id) = two_users(&ts).await;
    assert!(!ts.follows.is_following(a, b_id).await.unwrap());
    assert!(ts.follows.follow(a, b_id).await.unwrap(), "a new edge");
    assert!(
        !ts.follows.follow(a, b_id).await.unwrap(),
        "the edge already existed"
    );
    assert!(ts.follows.is_following(a, b_id).await.unwrap());
    assert!(
        !ts.follows.is_following(b_id, a).await.unwrap(),
        "following is one-way"
    );
    assert_eq!(counts(&ts, a).await, (0, 1));
    assert_eq!(counts(&ts, b_id).await, (1, 0));
}

#[apply(both_backends)]
pub(super) async fn unfollow_reverses_a_follow(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (a, b_id) = two_users(&ts).await;
    assert!(
        !ts.follows.unfollow(a, b_id).await.unwrap(),
        "no edge to remove yet"
    );
    ts.follows.follow(a, b_id).await.unwrap();
    assert!(ts.follows.unfollow(a, b_id).await.unwrap());
    assert!(!ts.follows.unfollow(a, b_id).await.unwrap(), "already gone");
    assert!(!ts.follows.is_following(a, b_id).await.unwrap());
    assert_eq!(counts(&ts, a).await, (0, 0));
    assert_eq!(counts(&ts, b_id).await, (0, 0));
    let followers = ts
        .follows
        .followers(b_id, &Default::default())
        .await
        .unwrap();
    assert!(followers.items.is_empty(), "{followers:?}");
}

#[apply(both_backends)]
pub(super) async fn concurrent_follows_and_unfollows_of_the_same_pair_count_once(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let (a, b_id) = two_users(&ts).await;
    let store = ts.store.clone();
    let results = race(8, |_| {
        let store = store.clone();
        async move { store.follows.follow(a, b_id).await.expect("follow") }
    })
    .await;
    assert_eq!(results.iter().filter(|&&new| new).count(), 1, "{results:?}");
    assert_eq!(counts(&ts, a).await, (0, 1));
    assert_eq!(counts(&ts, b_id).await, (1, 0));

    let results = race(8, |_| {
        let store = store.clone();
        async move { store.follows.unfollow(a, b_id).await.expect("unfollow") }
    })
    .await;
    assert_eq!(
        results.iter().filter(|&&removed| removed).count(),
        1,
        "{results:?}"
    );
    assert_eq!(counts(&ts, a).await, (0, 0));
    assert_eq!(counts(&ts, b_id).await, (0, 0));
}

#[apply(both_backends)]
pub(super) async fn followers_and_following_page_newest_first(#[case] b: Backend) {
    let ts = test_store(b).await;
    let star = customer("star");
    let fans: Vec<User> = (0..5).map(|i| customer(&format!("fan{i}"))).collect();
    ts.users.insert(&star).await.unwrap();
    ts.users.insert_many(&fans).await.unwrap();
    for fan in &fans {
        ts.follows.follow(fan.id, star.id).await.unwrap();
    }
    for fan in &fans[..3] {
        ts.follows.follow(star.id, fan.id).await.unwrap();
    }

    let pages = walk(2, async |req| ts.follows.followers(star.id, &req).await).await;
    assert_eq!(sizes(&pages), vec![2, 2, 1]);
    let edges: Vec<_> = pages.concat();
    assert!(edges.iter().all(|e| e.followee == star.id));
    let followers: Vec<Id> = edges.iter().map(|e| e.follower).collect();
    let newest_first: Vec<Id> = fans.iter().rev().map(|f| f.id).collect();
    assert_eq!(followers, newest_first);
    let mut edge_ids = ids(&edges, |e| e.id);
    edge_ids.dedup();
    assert_eq!(edge_ids.len(), 5, "every edge exactly once");

    let pages = walk(2, async |req| ts.follows.following(star.id, &req).await).await;
    assert_eq!(sizes(&pages), vec![2, 1]);
    let edges: Vec<_> = pages.concat();
    assert!(edges.iter().all(|e| e.follower == star.id));
    let followed: Vec<Id> = edges.iter().map(|e| e.followee).collect();
    assert_eq!(followed, vec![fans[2].id, fans[1].id, fans[0].id]);
    assert_eq!(counts(&ts, star.id).await, (5, 3));
}
