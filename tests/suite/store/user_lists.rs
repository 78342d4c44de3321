//! Listing users: filters, text search, cursor and numbered pages, deleted users and counts.

use baitech::domain::user::{Role, User, UserStatus};
use baitech::domain::{Id, Location};
use baitech::store::page::Cursor;
use baitech::store::{PageRequest, UserFilter};
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;

use super::builders::{NAIROBI, customer, deleted, point, technician, user};
use super::pages::{expected_sizes, ids, newest_first, sizes, walk, walk_from};
use crate::common::{Backend, TestStore, test_store};

/// Ids of every user the filter lists, following the cursor to the end.
pub async fn listed_users(ts: &TestStore, filter: &UserFilter) -> Vec<Id> {
    let pages = walk(100, async |req| ts.users.list_users(filter, &req).await).await;
    pages.iter().flat_map(|p| ids(p, |u| u.id)).collect()
}

/// Seven users spread over the filters: technicians with skills, ratings and cities, two
/// customers and an admin.
struct FilterPopulation {
    t1: Id,
    t2: Id,
    t3: Id,
    t4: Id,
    c1: Id,
    c2: Id,
    a1: Id,
}

async fn filter_population(ts: &TestStore) -> FilterPopulation {
    let (lng, lat) = NAIROBI;
    let t1 = technician("f-t1", lng, lat, &["plumbing", "Electrical"], 4.8);
    let t2 = technician("f-t2", lng, lat, &["plumbing"], 3.9);
    let mut t3 = technician("f-t3", lng, lat, &["electrical"], 4.2);
    t3.location.as_mut().unwrap().city = Some("Mombasa".into());
    let mut t4 = technician("f-t4", lng, lat, &["plumbing", "electrical"], 4.0);
    t4.status = UserStatus::Suspended;
    let mut c1 = customer("f-c1");
    c1.location = Some(Location::new(point(lng, lat), None, Some("Nairobi".into())));
    let mut c2 = customer("f-c2");
    c2.status = UserStatus::PendingVerification;
    let a1 = user(Role::Admin, "f-a1");
    let all = [t1, t2, t3, t4, c1, c2, a1];
    ts.users.insert_many(&all).await.unwrap();
    let [t1, t2, t3, t4, c1, c2, a1] = all.map(|u| u.id);
    FilterPopulation {
        t1,
        t2,
        t3,
        t4,
        c1,
        c2,
        a1,
    }
}

#[apply(both_backends)]
pub(super) async fn list_users_filters_by_role_status_skills_rating_and_city(#[case] b: Backend) {
    let ts = test_store(b).await;
    let FilterPopulation {
        t1,
        t2,
        t3,
        t4,
        c1,
        c2,
        a1,
    } = filter_population(&ts).await;
    let skills = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let cases = [
        (
            "no filter",
            UserFilter::default(),
            vec![t1, t2, t3, t4, c1, c2, a1],
        ),
        (
            "technicians",
            UserFilter {
                role: Some(Role::Technician),
                ..Default::default()
            },
            vec![t1, t2, t3, t4],
        ),
        (
            "customers",
            UserFilter {
                role: Some(Role::Customer),
                ..Default::default()
            },
            vec![c1, c2],
        ),
        (
            "active",
            UserFilter {
                status: Some(UserStatus::Active),
                ..Default::default()
            },
            vec![t1, t2, t3, c1, a1],
        ),
        (
            "suspended",
            UserFilter {
                status: Some(UserStatus::Suspended),
                ..Default::default()
            },
            vec![t4],
        ),
        (
            "skill, any case",
            UserFilter {
                skills: skills(&["PLUMBING"]),
                ..Default::default()
            },
            vec![t1, t2, t4],
        ),
        (
            "every skill",
            UserFilter {
                skills: skills(&["plumbing", "electrical"]),
                ..Default::default()
            },
            vec![t1, t4],
        ),
        (
            "rating 4.0 and up",
            UserFilter {
                min_rating: Some(4.0),
                ..Default::default()
            },
            vec![t1, t3, t4],
        ),
        (
            "city",
            UserFilter {
                city: Some("Nairobi".into()),
                ..Default::default()
            },
            vec![t1, t2, t4, c1],
        ),
        (
            "all at once",
            UserFilter {
                role: Some(Role::Technician),
                status: Some(UserStatus::Active),
                skills: skills(&["plumbing"]),
                min_rating: Some(4.5),
                city: Some("Nairobi".into()),
                ..Default::default()
            },
            vec![t1],
        ),
    ];
    for (name, filter, expected) in cases {
        assert_eq!(
            listed_users(&ts, &filter).await,
            newest_first(expected.clone()),
            "{name}"
        );
        assert_eq!(
            ts.users.count_users(&filter).await.unwrap(),
            expected.len() as u64,
            "count: {name}"
        );
    }
}

/// Four users with distinct names, businesses, bios and skills for text search.
async fn text_population(ts: &TestStore) -> [Id; 4] {
    let (lng, lat) = NAIROBI;
    let mut a = technician("txt-a", lng, lat, &["wiring"], 4.0);
    a.first_name = "Wanjiru".into();
    a.last_name = "Kamau".into();
    a.profile.business_name = Some("Kamau Electrical".into());
    a.profile.bio = Some("Licensed electrician with eight years of experience".into());
    let mut b = technician("txt-b", lng, lat, &["plumbing"], 4.0);
    b.first_name = "Otieno".into();
    b.last_name = "Odhiambo".into();
    b.profile.business_name = Some("Lakeside Plumbing".into());
    b.profile.bio = Some("Fixes leaking pipes and geysers".into());
    let mut c = customer("txt-c");
    c.first_name = "Achieng".into();
    c.last_name = "Njeri".into();
    let mut d = technician("txt-d", lng, lat, &["carpentry"], 4.0);
    d.first_name = "Baraka".into();
    d.last_name = "Mutua".into();
    d.profile.bio = Some("Makes kitchen cabinets".into());
    let all = [a, b, c, d];
    ts.users.insert_many(&all).await.unwrap();
    all.map(|u| u.id)
}

#[apply(both_backends)]
pub(super) async fn user_text_search_finds_by_name_business_bio_and_skill(#[case] b: Backend) {
    let ts = test_store(b).await;
    let [a, b_id, c, d] = text_population(&ts).await;
    let cases: [(&str, Vec<Id>); 13] = [
        ("wanjiru", vec![a]),
        ("ODHIAMBO", vec![b_id]),
        ("lakeside", vec![b_id]),
        ("geysers", vec![b_id]),
        ("wiring", vec![a]),
        ("carpentry", vec![d]),
        ("achieng", vec![c]),
        ("elec", vec![a]),
        ("plumb", vec![b_id]),
        ("cabinet", vec![d]),
        ("welding", vec![]),
        ("kamau wiring", vec![a]),
        ("kamau plumbing", vec![]),
    ];
    for (text, expected) in cases {
        let filter = UserFilter {
            text: Some(text.into()),
            ..Default::default()
        };
        let mut got = listed_users(&ts, &filter).await;
        got.sort();
        let mut expected = expected;
        expected.sort();
        assert_eq!(got, expected, "text search {text:?}");
        assert_eq!(
            ts.users.count_users(&filter).await.unwrap(),
            expected.len() as u64,
            "count {text:?}"
        );
    }
}

#[apply(both_backends)]
pub(super) async fn user_text_search_combines_with_filters(#[case] b: Backend) {
    let ts = test_store(b).await;
    let [a, b_id, _, _] = text_population(&ts).await;
    let mut gone = customer("txt-gone");
    gone.last_name = "Kamau".into();
    let gone = deleted(gone);
    ts.users.insert(&gone).await.unwrap();

    let text = |t: &str| UserFilter {
        text: Some(t.into()),
        ..Default::default()
    };
    assert_eq!(listed_users(&ts, &text("plumb")).await, vec![b_id]);
    let customers_only = UserFilter {
        role: Some(Role::Customer),
        ..text("plumb")
    };
    assert_eq!(listed_users(&ts, &customers_only).await, Vec::<Id>::new());
    assert_eq!(listed_users(&ts, &text("kamau")).await, vec![a]);
    let with_deleted = UserFilter {
        include_deleted: true,
        ..text("kamau")
    };
    assert_eq!(
        listed_users(&ts, &with_deleted).await,
        newest_first(vec![a, gone.id])
    );
}

#[apply(both_backends)]
pub(super) async fn cursor_pagination_walks_every_user_exactly_once_newest_first(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let all: Vec<User> = (0..25).map(|i| customer(&format!("page{i}"))).collect();
    ts.users.insert_many(&all).await.unwrap();
    let filter = UserFilter::default();
    let pages = walk(10, async |req| ts.users.list_users(&filter, &req).await).await;
    assert_eq!(sizes(&pages), expected_sizes(25, 10));
    let walked: Vec<Id> = pages.iter().flat_map(|p| ids(p, |u| u.id)).collect();
    assert_eq!(walked, newest_first(ids(&all, |u| u.id)));
    // An exact multiple of the limit ends without an empty page.
    let pages = walk(5, async |req| ts.users.list_users(&filter, &req).await).await;
    assert_eq!(sizes(&pages), vec![5; 5]);
}

#[apply(both_backends)]
pub(super) async fn numbered_user_pages_return_the_total(#[case] b: Backend) {
    let ts = test_store(b).await;
    let all: Vec<User> = (0..25).map(|i| customer(&format!("num{i}"))).collect();
    ts.users.insert_many(&all).await.unwrap();
    let order = newest_first(ids(&all, |u| u.id));
    let filter = UserFilter::default();
    for (page, range, has_more) in [
        (1u32, 0..10, true),
        (2, 10..20, true),
        (3, 20..25, false),
        (4, 25..25, false),
    ] {
        let got = ts
            .users
            .list_users(&filter, &PageRequest::numbered(page, 10))
            .await
            .unwrap();
        assert_eq!(
            ids(&got.items, |u| u.id),
            order[range].to_vec(),
            "page {page}"
        );
        assert_eq!(got.total, Some(25), "page {page}");
        assert_eq!(got.page, Some(page));
        assert_eq!(got.has_more, has_more, "page {page}");
    }
    let technicians = UserFilter {
        role: Some(Role::Technician),
        ..Default::default()
    };
    let got = ts
        .users
        .list_users(&technicians, &PageRequest::numbered(1, 10))
        .await
        .unwrap();
    assert_eq!((got.items.len(), got.total), (0, Some(0)));
}

#[apply(both_backends)]
pub(super) async fn deleted_users_are_left_out_unless_included(#[case] b: Backend) {
    let ts = test_store(b).await;
    let live = customer("live");
    let gone = deleted(customer("gone"));
    ts.users
        .insert_many(&[live.clone(), gone.clone()])
        .await
        .unwrap();
    let default = UserFilter::default();
    let all = UserFilter {
        include_deleted: true,
        ..Default::default()
    };
    assert_eq!(listed_users(&ts, &default).await, vec![live.id]);
    assert_eq!(
        listed_users(&ts, &all).await,
        newest_first(vec![live.id, gone.id])
    );
    assert_eq!(ts.users.count_users(&default).await.unwrap(), 1);
    assert_eq!(ts.users.count_users(&all).await.unwrap(), 2);
    // A deleted user is still there to look at by id.
    assert_eq!(ts.users.get(gone.id).await.unwrap(), Some(gone));
}

#[apply(both_backends)]
pub(super) async fn count_users_counts_what_list_users_lists(#[case] b: Backend) {
    let ts = test_store(b).await;
    filter_population(&ts).await;
    text_population(&ts).await;
    ts.users
        .insert(&deleted(customer("count-gone")))
        .await
        .unwrap();
    let filters = [
        UserFilter::default(),
        UserFilter {
            include_deleted: true,
            ..Default::default()
        },
        UserFilter {
            role: Some(Role::Technician),
            min_rating: Some(4.1),
            ..Default::default()
        },
        UserFilter {
            skills: vec!["plumbing".into()],
            status: Some(UserStatus::Active),
            ..Default::default()
        },
        UserFilter {
            text: Some("kamau".into()),
            ..Default::default()
        },
        UserFilter {
            city: Some("Mombasa".into()),
            ..Default::default()
        },
    ];
    for f in filters {
        let listed = listed_users(&ts, &f).await.len() as u64;
        assert_eq!(ts.users.count_users(&f).await.unwrap(), listed, "{f:?}");
    }
    assert_eq!(
        ts.users.count_users(&UserFilter::default()).await.unwrap(),
        11
    );
}

#[apply(both_backends)]
pub(super) async fn cursor_pages_are_stable_while_new_users_arrive(#[case] b: Backend) {
    let ts = test_store(b).await;
    let first_batch: Vec<User> = (0..25).map(|i| customer(&format!("stable{i}"))).collect();
    ts.users.insert_many(&first_batch).await.unwrap();
    let filter = UserFilter::default();
    let page = ts
        .users
        .list_users(&filter, &PageRequest::first(10))
        .await
        .unwrap();
    let mut walked = ids(&page.items, |u| u.id);

    // Newer users arrive while the client scrolls: they sort before the cursor.
    let late: Vec<User> = (0..5).map(|i| customer(&format!("late{i}"))).collect();
    ts.users.insert_many(&late).await.unwrap();
    let cursor = Cursor::decode(page.next_cursor.as_deref().unwrap()).unwrap();
    let rest = walk_from(PageRequest::after(10, cursor), async |req| {
        ts.users.list_users(&filter, &req).await
    })
    .await;
    walked.extend(rest.iter().flat_map(|p| ids(p, |u| u.id)));
    assert_eq!(
        walked,
        newest_first(ids(&first_batch, |u| u.id)),
        "no repeats, no gaps, no newcomers"
    );
}

#[apply(both_backends)]
pub(super) async fn user_text_search_treats_operators_and_punctuation_as_plain_text(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    text_population(&ts).await;
    // Read as regular expressions or search syntax these would match Wanjiru Kamau; as text
    // no user has them.
    for text in ["w.njiru", "kam(au", "[wk]amau", "kamau|odhiambo"] {
        let filter = UserFilter {
            text: Some(text.into()),
            ..Default::default()
        };
        assert_eq!(
            listed_users(&ts, &filter).await,
            Vec::<Id>::new(),
            "{text:?}"
        );
    }
    // Search-syntax characters and words never make the query fail.
    for text in [
        "\"",
        "*",
        "(",
        ")",
        "\\",
        "^",
        "$",
        "-wiring",
        "kamau OR",
        "NEAR(kamau",
        "kamau AND NOT",
        "'",
        ":",
    ] {
        let filter = UserFilter {
            text: Some(text.into()),
            ..Default::default()
        };
        let result = ts.users.list_users(&filter, &PageRequest::first(10)).await;
        assert!(result.is_ok(), "{text:?}: {result:?}");
        assert!(
            ts.users.count_users(&filter).await.is_ok(),
            "count {text:?}"
        );
    }
}
