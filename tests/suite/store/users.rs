//! Users as documents: round trips, uniqueness of email and phone (also under a race),
//! lookups by id, email and phone, and the follow counters.

use baitech::domain::user::{Skill, SkillLevel, User, UserStatus};
use baitech::domain::{Id, Location};
use baitech::store::UserFilter;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;

use super::builders::{at, customer, deleted, email, fresh_phone, full_user, point};
use super::{assert_conflict, assert_not_found, race};
use crate::common::{Backend, TestStore, test_store};

async fn stored(ts: &TestStore, id: Id) -> User {
    ts.users
        .get(id)
        .await
        .expect("get user")
        .expect("user exists")
}

#[apply(both_backends)]
pub(super) async fn user_round_trip_preserves_every_field_group(#[case] b: Backend) {
    let ts = test_store(b).await;
    let mut u = full_user("roundtrip");
    ts.users.insert(&u).await.expect("insert");
    assert_eq!(stored(&ts, u.id).await, u);

    u.first_name = "Njeri".into();
    u.status = UserStatus::Suspended;
    u.profile.bio = Some("Now also does solar".into());
    u.location = Some(Location::new(
        point(39.6682, -4.0435),
        Some("Nyali".into()),
        Some("Mombasa".into()),
    ));
    let tech = u.technician.as_mut().expect("technician profile");
    tech.skills.push(Skill {
        name: "solar".into(),
        level: SkillLevel::Beginner,
        years_of_experience: 1,
    });
    tech.availability.available_now = false;
    u.kyc.rejection_reason = Some("blurry".into());
    u.fcm_tokens.clear();
    u.login_history.push(u.login_history[0].clone());
    u.two_factor.enabled = false;
    u.locked_until = None;
    u.updated_at = at(30);
    ts.users.replace(&u).await.expect("update");
    assert_eq!(stored(&ts, u.id).await, u);
    assert_eq!(
        ts.users.find_user_by_email(&u.email).await.unwrap(),
        Some(u.clone())
    );
    assert_eq!(
        ts.users.find_user_by_phone(&u.phone_number).await.unwrap(),
        Some(u)
    );
}

#[apply(both_backends)]
pub(super) async fn duplicate_email_is_a_conflict(#[case] b: Backend) {
    let ts = test_store(b).await;
    let first = customer("dup");
    ts.users.insert(&first).await.unwrap();
    let second = customer("dup");
    assert_ne!(first.phone_number, second.phone_number);
    assert_conflict(ts.users.insert(&second).await, "email");
    assert_eq!(ts.users.get(second.id).await.unwrap(), None);
    assert_eq!(
        ts.users.count_users(&UserFilter::default()).await.unwrap(),
        1
    );
}

#[apply(both_backends)]
pub(super) async fn duplicate_phone_is_a_conflict(#[case] b: Backend) {
    let ts = test_store(b).await;
    let first = customer("phone-a");
    ts.users.insert(&first).await.unwrap();
    let mut second = customer("phone-b");
    second.phone_number = first.phone_number.clone();
    assert_conflict(ts.users.insert(&second).await, "phone");
    assert_eq!(ts.users.get(second.id).await.unwrap(), None);
}

#[apply(both_backends)]
pub(super) async fn update_to_a_taken_email_or_phone_is_a_conflict_and_changes_nothing(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let a = customer("taken-a");
    let b_user = customer("taken-b");
    ts.users
        .insert_many(&[a.clone(), b_user.clone()])
        .await
        .unwrap();

    let mut changed = b_user.clone();
    changed.email = a.email.clone();
    changed.first_name = "Changed".into();
    assert_conflict(ts.users.replace(&changed).await, "email");

    let mut changed = b_user.clone();
    changed.phone_number = a.phone_number.clone();
    changed.first_name = "Changed".into();
    assert_conflict(ts.users.replace(&changed).await, "phone");

    assert_eq!(stored(&ts, b_user.id).await, b_user);
    // Keeping one's own email and phone is not a conflict.
    let mut same = b_user.clone();
    same.last_name = "Otieno".into();
    ts.users
        .replace(&same)
        .await
        .expect("update keeping own email");
    assert_eq!(stored(&ts, b_user.id).await, same);
}

#[apply(both_backends)]
pub(super) async fn updating_a_missing_user_is_not_found(#[case] b: Backend) {
    let ts = test_store(b).await;
    let ghost = customer("ghost");
    assert_not_found(ts.users.replace(&ghost).await);
    assert_eq!(ts.users.get(ghost.id).await.unwrap(), None);
}

#[apply(both_backends)]
pub(super) async fn bulk_user_insert_is_all_or_nothing(#[case] b: Backend) {
    let ts = test_store(b).await;
    let batch = [customer("bulk1"), customer("bulk2"), customer("bulk3")];
    assert_eq!(ts.users.insert_many(&batch).await.unwrap(), 3);
    for u in &batch {
        assert_eq!(&stored(&ts, u.id).await, u);
    }
    // The second batch holds one new user and one whose email is taken: nothing of it lands.
    let fresh = customer("bulk4");
    let clash = customer("bulk1");
    assert_conflict(ts.users.insert_many(&[fresh.clone(), clash]).await, "email");
    assert_eq!(ts.users.get(fresh.id).await.unwrap(), None);
    assert_eq!(
        ts.users.count_users(&UserFilter::default()).await.unwrap(),
        3
    );
}

#[apply(both_backends)]
pub(super) async fn a_deleted_users_email_and_phone_can_be_taken_again(#[case] b: Backend) {
    let ts = test_store(b).await;
    let old = customer("reuse");
    ts.users.insert(&old).await.unwrap();
    ts.users.replace(&deleted(old.clone())).await.unwrap();

    let mut new = customer("reuse");
    new.phone_number = old.phone_number.clone();
    ts.users
        .insert(&new)
        .await
        .expect("email and phone of a deleted user are free");
    assert_eq!(
        ts.users
            .find_user_by_email(&new.email)
            .await
            .unwrap()
            .map(|u| u.id),
        Some(new.id)
    );
    assert_eq!(
        ts.users
            .find_user_by_phone(&new.phone_number)
            .await
            .unwrap()
            .map(|u| u.id),
        Some(new.id)
    );
}

#[apply(both_backends)]
pub(super) async fn get_users_returns_the_existing_ones_and_skips_missing_ids(#[case] b: Backend) {
    let ts = test_store(b).await;
    let all = [customer("many1"), customer("many2"), customer("many3")];
    ts.users.insert_many(&all).await.unwrap();
    let mut got = ts
        .users
        .get_many(&[all[2].id, Id::new(), all[0].id])
        .await
        .unwrap();
    got.sort_by_key(|u| u.id);
    assert_eq!(got, vec![all[0].clone(), all[2].clone()]);
    assert_eq!(ts.users.get_many(&[]).await.unwrap(), Vec::<User>::new());
}

#[apply(both_backends)]
pub(super) async fn users_are_found_by_email_and_phone(#[case] b: Backend) {
    let ts = test_store(b).await;
    let a = customer("find-a");
    let b_user = customer("find-b");
    ts.users
        .insert_many(&[a.clone(), b_user.clone()])
        .await
        .unwrap();
    assert_eq!(
        ts.users.find_user_by_email(&b_user.email).await.unwrap(),
        Some(b_user.clone())
    );
    assert_eq!(
        ts.users.find_user_by_phone(&a.phone_number).await.unwrap(),
        Some(a)
    );
    assert_eq!(
        ts.users.find_user_by_email(&email("nobody")).await.unwrap(),
        None
    );
    assert_eq!(
        ts.users.find_user_by_phone(&fresh_phone()).await.unwrap(),
        None
    );
}

#[apply(both_backends)]
pub(super) async fn concurrent_registrations_with_one_email_let_exactly_one_in(#[case] b: Backend) {
    let ts = test_store(b).await;
    let store = ts.store.clone();
    let results = race(6, |_| {
        let store = store.clone();
        async move { store.users.insert(&customer("rush")).await }
    })
    .await;
    let admitted = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(admitted, 1, "{results:?}");
    for r in results.into_iter().filter(|r| r.is_err()) {
        assert_conflict(r, "email");
    }
    assert_eq!(
        ts.users.count_users(&UserFilter::default()).await.unwrap(),
        1
    );
}
