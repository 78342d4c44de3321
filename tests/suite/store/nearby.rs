//! Nearby technicians: nearest first with the distance, radius, filters, who is never returned,
//! the limit, and a brute-force comparison on random technicians around Nairobi.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;

use baitech::domain::user::{Role, User, UserStatus};
use baitech::domain::{GeoPoint, Id};
use baitech::store::{Nearby, NearbyQuery};

use super::builders::{NAIROBI, at, customer, deleted, point, technician};
use crate::common::{Backend, TestStore, test_store};

/// Kilometres per degree of latitude on the sphere `GeoPoint::distance_km` uses.
const KM_PER_DEGREE: f64 = 6371.0088 * std::f64::consts::PI / 180.0;

/// `[lng, lat]` of the point `km` due north of Nairobi CBD (south for negative `km`).
fn north_of_nairobi(km: f64) -> (f64, f64) {
    (NAIROBI.0, NAIROBI.1 + km / KM_PER_DEGREE)
}

fn nairobi() -> GeoPoint {
    point(NAIROBI.0, NAIROBI.1)
}

fn query(center: GeoPoint, radius_km: f64) -> NearbyQuery {
    NearbyQuery {
        point: center,
        radius_km,
        skills: Vec::new(),
        min_rating: None,
        available_now: false,
        limit: 50,
    }
}

fn located(u: &User) -> GeoPoint {
    u.location
        .as_ref()
        .expect("has a location")
        .point()
        .expect("valid point")
}

async fn nearby_ids(ts: &TestStore, q: &NearbyQuery) -> Vec<Id> {
    ts.users
        .nearby_technicians(q)
        .await
        .expect("nearby")
        .iter()
        .map(|n| n.item.id)
        .collect()
}

/// Asserts every reported distance is within 1% (or a metre) of the haversine distance.
fn assert_distances(found: &[Nearby<User>], center: &GeoPoint) {
    for n in found {
        let truth = center.distance_km(&located(&n.item));
        assert!(
            (n.distance_km - truth).abs() <= truth * 0.01 + 0.001,
            "distance of {} reported as {} km, haversine says {truth} km",
            n.item.id,
            n.distance_km
        );
    }
}

#[apply(both_backends)]
pub(super) async fn nearby_returns_nearest_first_with_distance(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (lng, lat) = NAIROBI;
    let far = technician("near-far", lng + 0.04, lat, &["plumbing"], 4.0);
    let middle = technician("near-mid", lng, lat - 0.02, &["plumbing"], 4.0);
    let close = technician("near-close", lng - 0.005, lat + 0.005, &["plumbing"], 4.0);
    ts.users
        .insert_many(&[far.clone(), middle.clone(), close.clone()])
        .await
        .unwrap();

    let found = ts
        .users
        .nearby_technicians(&query(nairobi(), 20.0))
        .await
        .unwrap();
    let ids: Vec<Id> = found.iter().map(|n| n.item.id).collect();
    assert_eq!(ids, vec![close.id, middle.id, far.id]);
    assert_distances(&found, &nairobi());
    // The whole stored document comes back.
    assert_eq!(found[0].item, close);
}

#[apply(both_backends)]
pub(super) async fn nearby_excludes_a_technician_just_outside_the_radius(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (lng, lat) = north_of_nairobi(9.7);
    let inside = technician("radius-in", lng, lat, &[], 4.0);
    let (lng, lat) = north_of_nairobi(-10.3);
    let outside = technician("radius-out", lng, lat, &[], 4.0);
    ts.users
        .insert_many(&[inside.clone(), outside.clone()])
        .await
        .unwrap();
    assert!(nairobi().distance_km(&located(&outside)) > 10.25);

    assert_eq!(
        nearby_ids(&ts, &query(nairobi(), 10.0)).await,
        vec![inside.id]
    );
    assert_eq!(
        nearby_ids(&ts, &query(nairobi(), 10.6)).await,
        vec![inside.id, outside.id]
    );
    assert_eq!(
        nearby_ids(&ts, &query(nairobi(), 9.4)).await,
        Vec::<Id>::new()
    );
}

#[apply(both_backends)]
pub(super) async fn nearby_filters_by_skills_rating_and_availability(#[case] b: Backend) {
    let ts = test_store(b).await;
    let at_km = |tag: &str, km: f64, skills: &[&str], rating: f64, available: bool| {
        let (lng, lat) = north_of_nairobi(km);
        let mut t = technician(tag, lng, lat, skills, rating);
        t.technician.as_mut().unwrap().availability.available_now = available;
        t
    };
    let p1 = at_km("filt-1", 0.5, &["plumbing", "electrical"], 4.5, true);
    let p2 = at_km("filt-2", 1.0, &["Plumbing"], 3.5, true);
    let p3 = at_km("filt-3", 1.5, &["Electrical"], 4.8, false);
    let p4 = at_km("filt-4", 2.0, &[], 5.0, true);
    ts.users
        .insert_many(&[p4.clone(), p3.clone(), p2.clone(), p1.clone()])
        .await
        .unwrap();
    let (p1, p2, p3, p4) = (p1.id, p2.id, p3.id, p4.id);

    let skills = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let base = query(nairobi(), 5.0);
    let cases = [
        ("no filter", base.clone(), vec![p1, p2, p3, p4]),
        (
            "one skill, any case",
            NearbyQuery {
                skills: skills(&["plumbing"]),
                ..base.clone()
            },
            vec![p1, p2],
        ),
        (
            "other skill",
            NearbyQuery {
                skills: skills(&["ELECTRICAL"]),
                ..base.clone()
            },
            vec![p1, p3],
        ),
        (
            "every skill",
            NearbyQuery {
                skills: skills(&["plumbing", "electrical"]),
                ..base.clone()
            },
            vec![p1],
        ),
        (
            "rating 4.5 and up",
            NearbyQuery {
                min_rating: Some(4.5),
                ..base.clone()
            },
            vec![p1, p3, p4],
        ),
        (
            "available now",
            NearbyQuery {
                available_now: true,
                ..base.clone()
            },
            vec![p1, p2, p4],
        ),
        (
            "all filters",
            NearbyQuery {
                skills: skills(&["plumbing"]),
                min_rating: Some(4.0),
                available_now: true,
                ..base.clone()
            },
            vec![p1],
        ),
    ];
    for (name, q, expected) in cases {
        assert_eq!(nearby_ids(&ts, &q).await, expected, "{name}");
    }
}

#[apply(both_backends)]
pub(super) async fn nearby_never_returns_customers_inactive_deleted_or_unlocated_users(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let tech_at = |tag: &str, km: f64| {
        let (lng, lat) = north_of_nairobi(km);
        technician(tag, lng, lat, &["plumbing"], 4.5)
    };
    let mut cust = customer("excl-customer");
    cust.location = tech_at("unused", 0.1).location;
    let mut admin = tech_at("excl-admin", 0.2);
    admin.role = Role::Admin;
    let mut suspended = tech_at("excl-suspended", 0.3);
    suspended.status = UserStatus::Suspended;
    let mut banned = tech_at("excl-banned", 0.4);
    banned.status = UserStatus::Banned;
    let mut pending = tech_at("excl-pending", 0.5);
    pending.status = UserStatus::PendingVerification;
    let gone = deleted(tech_at("excl-deleted", 0.6));
    let mut active_but_deleted = tech_at("excl-deleted-at", 0.7);
    active_but_deleted.deleted_at = Some(at(1));
    let mut nowhere = tech_at("excl-nowhere", 0.9);
    nowhere.location = None;
    let eligible = tech_at("excl-eligible", 1.0);
    ts.users
        .insert_many(&[
            cust,
            admin,
            suspended,
            banned,
            pending,
            gone,
            active_but_deleted,
            nowhere,
            eligible.clone(),
        ])
        .await
        .unwrap();
    assert_eq!(
        nearby_ids(&ts, &query(nairobi(), 5.0)).await,
        vec![eligible.id]
    );
}

#[apply(both_backends)]
pub(super) async fn nearby_works_across_the_antimeridian(#[case] b: Backend) {
    let ts = test_store(b).await;
    let lat = -16.8;
    let west = technician("fiji-west", 179.98, lat, &[], 4.0);
    let east = technician("fiji-east", -179.95, lat, &[], 4.0);
    let far = technician("fiji-far", 179.5, lat, &[], 4.0);
    ts.users
        .insert_many(&[west.clone(), east.clone(), far])
        .await
        .unwrap();

    let from_east = point(-179.98, lat);
    let found = ts
        .users
        .nearby_technicians(&query(from_east, 10.0))
        .await
        .unwrap();
    assert_eq!(
        found.iter().map(|n| n.item.id).collect::<Vec<_>>(),
        vec![east.id, west.id]
    );
    assert_distances(&found, &from_east);
    let from_west = point(179.99, lat);
    let found = ts
        .users
        .nearby_technicians(&query(from_west, 10.0))
        .await
        .unwrap();
    assert_eq!(
        found.iter().map(|n| n.item.id).collect::<Vec<_>>(),
        vec![west.id, east.id]
    );
    assert_distances(&found, &from_west);
}

#[apply(both_backends)]
pub(super) async fn nearby_respects_the_limit(#[case] b: Backend) {
    let ts = test_store(b).await;
    let techs: Vec<User> = (1..=8)
        .map(|i| {
            let (lng, lat) = north_of_nairobi(f64::from(9 - i) * 0.4);
            technician(&format!("limit{i}"), lng, lat, &[], 4.0)
        })
        .collect();
    ts.users.insert_many(&techs).await.unwrap();
    let nearest: Vec<Id> = techs.iter().rev().map(|t| t.id).collect();
    for limit in [1, 3, 8, 20] {
        let q = NearbyQuery {
            limit,
            ..query(nairobi(), 10.0)
        };
        let expected = nearest[..nearest.len().min(limit as usize)].to_vec();
        assert_eq!(nearby_ids(&ts, &q).await, expected, "limit {limit}");
    }
}

const SKILLS: [&str; 4] = ["plumbing", "electrical", "carpentry", "painting"];

/// Query centres and radii of the brute-force comparison.
fn brute_force_queries() -> Vec<NearbyQuery> {
    let skills = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let cbd = query(nairobi(), 3.0);
    let westlands = query(point(36.8066, -1.2683), 5.0);
    let karen = query(point(36.7073, -1.3197), 15.0);
    let kasarani = query(point(36.8969, -1.2215), 25.0);
    vec![
        cbd.clone(),
        NearbyQuery {
            radius_km: 10.0,
            limit: 100,
            ..cbd.clone()
        },
        NearbyQuery {
            limit: 100,
            ..westlands.clone()
        },
        NearbyQuery {
            skills: skills(&["Plumbing"]),
            limit: 100,
            ..westlands
        },
        NearbyQuery {
            limit: 10,
            ..karen.clone()
        },
        NearbyQuery {
            min_rating: Some(3.5),
            limit: 100,
            ..karen
        },
        NearbyQuery {
            available_now: true,
            skills: skills(&["painting", "carpentry"]),
            limit: 100,
            ..kasarani.clone()
        },
        NearbyQuery {
            limit: 25,
            ..kasarani
        },
    ]
}

/// 300 active technicians and 40 ineligible users at random spots within ~35 km of Nairobi.
/// Spots whose distance to a query centre lies within 1% of a radius, or within 0.01% of
/// another spot's distance, are drawn again, so rounding can change neither membership nor order.
fn random_population(queries: &[NearbyQuery]) -> Vec<User> {
    let mut rng = ChaCha8Rng::seed_from_u64(0xBA17EC);
    let mut taken: Vec<Vec<f64>> = vec![Vec::new(); queries.len()];
    let mut users = Vec::new();
    while users.len() < 340 {
        let (lng, lat) = (
            NAIROBI.0 + rng.random_range(-0.32..0.32),
            NAIROBI.1 + rng.random_range(-0.32..0.32),
        );
        let p = point(lng, lat);
        let dists: Vec<f64> = queries.iter().map(|q| q.point.distance_km(&p)).collect();
        let ambiguous = queries.iter().zip(&dists).enumerate().any(|(i, (q, &d))| {
            (d - q.radius_km).abs() < q.radius_km * 0.01
                || taken[i].iter().any(|&o| (d - o).abs() <= d.max(o) * 1e-4)
        });
        if ambiguous {
            continue;
        }
        for (i, d) in dists.into_iter().enumerate() {
            taken[i].push(d);
        }
        let n = users.len();
        let skills: Vec<&str> = SKILLS
            .iter()
            .copied()
            .filter(|_| rng.random_bool(0.4))
            .collect();
        let rating = f64::from(rng.random_range(10..=50)) / 10.0;
        let mut t = technician(&format!("rand{n}"), lng, lat, &skills, rating);
        t.technician.as_mut().unwrap().availability.available_now = rng.random_bool(0.5);
        let t = match n {
            0..300 => t,
            300..310 => User {
                role: Role::Customer,
                ..t
            },
            310..320 => User {
                status: UserStatus::Suspended,
                ..t
            },
            320..330 => deleted(t),
            _ => User {
                status: UserStatus::PendingVerification,
                ..t
            },
        };
        users.push(t);
    }
    users
}

/// What `nearby_technicians` should answer, computed the slow way.
fn brute_force(users: &[User], q: &NearbyQuery) -> Vec<(Id, f64)> {
    let mut hits: Vec<(Id, f64)> = users
        .iter()
        .filter(|u| {
            u.role == Role::Technician && u.status == UserStatus::Active && u.deleted_at.is_none()
        })
        .filter(|u| {
            let tech = u.technician.as_ref().unwrap();
            let has = |s: &String| tech.skills.iter().any(|k| k.name.eq_ignore_ascii_case(s));
            q.skills.iter().all(has)
                && q.min_rating.is_none_or(|m| u.rating.average >= m)
                && (!q.available_now || tech.availability.available_now)
        })
        .map(|u| (u.id, q.point.distance_km(&located(u))))
        .filter(|&(_, d)| d <= q.radius_km)
        .collect();
    hits.sort_by(|a, b| a.1.total_cmp(&b.1));
    hits.truncate(q.limit as usize);
    hits
}

#[apply(both_backends)]
pub(super) async fn nearby_agrees_with_brute_force_around_nairobi(#[case] b: Backend) {
    let ts = test_store(b).await;
    let queries = brute_force_queries();
    let users = random_population(&queries);
    ts.users.insert_many(&users).await.unwrap();
    for (i, q) in queries.iter().enumerate() {
        let expected = brute_force(&users, q);
        assert!(
            !expected.is_empty(),
            "query {i} should find someone: the comparison would be empty"
        );
        let found = ts.users.nearby_technicians(q).await.unwrap();
        let got: Vec<Id> = found.iter().map(|n| n.item.id).collect();
        let want: Vec<Id> = expected.iter().map(|e| e.0).collect();
        assert_eq!(got, want, "query {i}: {q:?}");
        assert_distances(&found, &q.point);
    }
}
