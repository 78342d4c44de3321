//! The background jobs, driven with a chosen `now`: offer timeouts, expiry, auto-verify,
//! warranty end, and what two instances running at once do.

use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use std::sync::Arc;

use baitech::cache::{Cache, RedisCache};
use baitech::domain::booking::{
    Actor, Booking, BookingStatus, MatchResponse, StatusChange, Warranty,
};
use baitech::domain::notification::NotificationType;
use baitech::domain::user::Role;
use baitech::domain::{Id, Timestamp};
use baitech::services::jobs;
use baitech::store::{NotificationFilter, PageRequest};
use chrono::Duration;
use serde_json::json;

use super::world::{
    Tech, auto_assign, booking, booking_at, moves, person, post, scene, stored, technician,
};
use crate::common::users::TestUser;
use crate::common::{Backend, TestApp, redis_url};
use BookingStatus::*;

fn minutes(m: i64) -> Timestamp {
    Timestamp::now().plus(Duration::minutes(m))
}

async fn inbox(app: &TestApp, user: Id, kind: NotificationType) -> usize {
    let filter = NotificationFilter {
        recipient: user,
        unread_only: false,
        category: None,
        now: Timestamp::now(),
    };
    let page = app
        .app
        .store
        .notifications
        .list_notifications(&filter, &PageRequest::first(50))
        .await
        .unwrap();
    page.items.iter().filter(|n| n.kind == kind).count()
}

#[apply(both_backends)]
pub async fn an_unanswered_offer_times_out_and_the_next_candidate_is_offered(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let sc = scene(&app, 3.0).await;
    let (first, second, bk) = (&sc.best, &sc.other, &sc.booking);
    auto_assign(&app, &sc).await;

    let early = jobs::run_once(&app.app, minutes(14)).await;
    assert_eq!(
        early.job("offer_timeouts").unwrap().changed,
        0,
        "15 minutes to answer"
    );
    let report = jobs::run_once(&app.app, minutes(16)).await;
    assert_eq!(
        report.job("offer_timeouts").unwrap().changed,
        1,
        "{report:?}"
    );
    let s = stored(&app, bk.id).await;
    assert_eq!((s.status, s.technician), (Assigned, Some(second.id)));
    assert_eq!(moves(&s)[2..], [(Assigned, Matching), (Matching, Assigned)]);
    assert_eq!(
        s.status_history[3].reason.as_deref(),
        Some("no answer within 15 minutes")
    );
    let c = |t| {
        s.matching
            .candidates
            .iter()
            .find(|c| c.technician == t)
            .unwrap()
            .clone()
    };
    assert_eq!(c(first.id).response, Some(MatchResponse::Timeout));
    assert_eq!(
        c(second.id).notified_at,
        Some(s.status_history[4].at),
        "notified when offered"
    );
    assert_eq!(
        inbox(&app, second.id, NotificationType::BookingAssigned).await,
        1
    );

    // Running again at the same time changes nothing; the second's 15 minutes start now.
    assert_eq!(jobs::run_once(&app.app, minutes(16)).await.changed(), 0);
    assert_eq!(stored(&app, bk.id).await.version, s.version);
}

#[apply(both_backends)]
pub async fn a_booking_nobody_can_take_expires_after_the_window(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    technician(&app, Tech::default()).await;
    let customer = person(&app, Role::Customer).await;
    // Lodwar, far from every technician.
    let remote = baitech::domain::GeoPoint::new(35.5973, 3.1191).unwrap();
    let bk = booking_at(&app, &customer, remote).await;
    let (status, body) = post(
        &app,
        "/find-technicians",
        &customer,
        json!({"bookingId": bk.id}),
    )
    .await;
    assert_eq!(
        (status, body["data"]["candidates"].as_array().map(Vec::len)),
        (200, Some(0)),
        "{body}"
    );
    let (status, body) = post(&app, &format!("/{}/assign", bk.id), &customer, json!({})).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("UNPROCESSABLE"))
    );

    assert_eq!(jobs::run_once(&app.app, minutes(59)).await.changed(), 0);
    assert_eq!(stored(&app, bk.id).await.status, Matching);
    let report = jobs::run_once(&app.app, minutes(61)).await;
    assert_eq!(report.job("matching").unwrap().changed, 1, "{report:?}");
    let s = stored(&app, bk.id).await;
    assert_eq!(s.status, Expired);
    let last = s.status_history.last().unwrap();
    assert_eq!(
        (last.by, last.reason.as_deref()),
        (None, Some("no technician found within 60 minutes"))
    );
    assert_eq!(
        inbox(&app, customer.id, NotificationType::BookingExpired).await,
        1
    );
    assert_eq!(jobs::run_once(&app.app, minutes(120)).await.changed(), 0);
}

#[apply(both_backends)]
pub async fn a_booking_moved_to_matching_elsewhere_is_picked_up_by_the_job(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let tech = technician(&app, Tech::default()).await;
    let customer = person(&app, Role::Customer).await;
    let mut bk = booking(&app, &customer).await;
    // As if the customer had asked for matching through PUT /bookings/:id/status.
    let now = Timestamp::now();
    let v = bk.version;
    bk.apply_transition(
        Matching,
        Actor::User {
            id: customer.id,
            role: Role::Customer,
        },
        None,
        now,
    )
    .unwrap();
    assert!(
        app.app
            .store
            .bookings
            .replace_if_version(&bk, v)
            .await
            .unwrap()
    );

    let report = jobs::run_once(&app.app, now).await;
    assert_eq!(report.job("matching").unwrap().changed, 1, "{report:?}");
    let s = stored(&app, bk.id).await;
    assert_eq!((s.status, s.technician), (Assigned, Some(tech.id)));
    assert!(s.matching.expires_at.is_some());
}

/// A booking of `customer` with `tech` completed at `at`.
async fn completed(app: &TestApp, customer: &TestUser, tech: &TestUser, at: Timestamp) -> Booking {
    let mut b = booking(app, customer).await;
    b.status = Completed;
    b.technician = Some(tech.id);
    b.completed_at = Some(at);
    let who = Actor::User {
        id: tech.id,
        role: Role::Technician,
    };
    b.status_history.push(StatusChange {
        from: Some(InProgress),
        to: Completed,
        by: who.id(),
        by_role: who.role(),
        reason: None,
        at,
    });
    b.version = 7;
    app.app
        .store
        .bookings
        .replace_if_version(&b, 0)
        .await
        .unwrap();
    b
}

#[apply(both_backends)]
pub async fn completed_work_is_verified_automatically_after_the_window_and_not_before(
    #[case] b: Backend,
) {
    let app = TestApp::spawn(b).await;
    let tech = technician(&app, Tech::default()).await;
    let customer = person(&app, Role::Customer).await;
    let done = Timestamp::now();
    let bk = completed(&app, &customer, &tech, done).await;

    let report = jobs::run_once(&app.app, done.plus(Duration::hours(47))).await;
    assert_eq!(report.job("auto_verify").unwrap().changed, 0);
    assert_eq!(stored(&app, bk.id).await.status, Completed);
    let at = done.plus(Duration::hours(48));
    assert_eq!(
        jobs::run_once(&app.app, at)
            .await
            .job("auto_verify")
            .unwrap()
            .changed,
        1
    );
    let s = stored(&app, bk.id).await;
    assert_eq!((s.status, s.verified_at), (Verified, Some(at)));
    let last = s.status_history.last().unwrap();
    assert_eq!(
        (last.by, last.reason.as_deref()),
        (
            None,
            Some("verified automatically 48 hours after completion")
        )
    );
    assert!(
        s.warranty.is_some(),
        "verification starts the category's warranty"
    );
}

#[apply(both_backends)]
pub async fn two_job_runs_at_once_move_each_booking_once(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let customer = person(&app, Role::Customer).await;
    let mut techs = Vec::new();
    for i in 0..4 {
        techs.push(
            technician(
                &app,
                Tech {
                    at: (0.5 + f64::from(i), 0.0),
                    ..Tech::default()
                },
            )
            .await,
        );
    }
    let mut offered = Vec::new();
    for _ in 0..3 {
        let bk = booking(&app, &customer).await;
        post(
            &app,
            "/find-technicians",
            &customer,
            json!({"bookingId": bk.id, "autoAssign": true}),
        )
        .await;
        offered.push(bk.id);
    }
    let mut done = Vec::new();
    for _ in 0..3 {
        done.push(
            completed(&app, &customer, &techs[0], Timestamp::now())
                .await
                .id,
        );
    }

    let now = Timestamp::now().plus(Duration::hours(49));
    let (a, b2) = tokio::join!(jobs::run_once(&app.app, now), jobs::run_once(&app.app, now));
    let changed = |job: &str| a.job(job).unwrap().changed + b2.job(job).unwrap().changed;
    assert_eq!(changed("auto_verify"), 3, "{a:?} {b2:?}");
    for id in done {
        let s = stored(&app, id).await;
        let verified = moves(&s)
            .iter()
            .filter(|m| **m == (Completed, Verified))
            .count();
        assert_eq!((s.status, verified), (Verified, 1));
    }
    for id in offered {
        let s = stored(&app, id).await;
        // Offered at creation, timed out once, offered to the next — or expired at 49 hours.
        let timeouts = s
            .status_history
            .iter()
            .filter(|h| h.reason.as_deref() == Some("no answer within 15 minutes"))
            .count();
        assert_eq!(timeouts, 1, "{:?}", moves(&s));
        assert_eq!(s.status, Expired, "the hour of matching is long over");
        assert_eq!(moves(&s).last(), Some(&(Matching, Expired)));
    }
    assert_eq!(changed("offer_timeouts") + changed("matching"), 3);
}

#[apply(both_backends)]
pub async fn the_lease_lets_one_instance_run_each_job_per_interval(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let now = Timestamp::now();
    let (a, b2) = tokio::join!(
        jobs::run_leased(&app.app, now),
        jobs::run_leased(&app.app, now)
    );
    for job in jobs::JOBS {
        let skipped = [a.job(job).unwrap().skipped, b2.job(job).unwrap().skipped];
        assert_eq!(
            skipped.iter().filter(|s| **s).count(),
            1,
            "{job}: {a:?} {b2:?}"
        );
    }
    let again = jobs::run_leased(&app.app, now).await;
    assert!(
        again.runs.iter().all(|r| r.skipped),
        "still inside the interval"
    );
}

/// Two instances on one Redis: the lease taken through one holds for the other.
#[apply(both_backends)]
pub async fn instances_share_the_lease_through_redis(#[case] b: Backend) {
    let prefix = format!("baitech-test-{}:", uuid::Uuid::new_v4().simple());
    let redis = || async {
        let c = RedisCache::connect_with_prefix(
            &redis_url(),
            std::time::Duration::from_secs(5),
            &prefix,
        )
        .await;
        Arc::new(c.expect("connect to the test Redis")) as Arc<dyn Cache>
    };
    let app = TestApp::spawn_with_cache(b, redis().await).await;
    let second = app.app.clone().with_cache(redis().await);
    let now = Timestamp::now();
    let (a, b2) = tokio::join!(
        jobs::run_leased(&app.app, now),
        jobs::run_leased(&second, now)
    );
    for job in jobs::JOBS {
        let skipped = [a.job(job).unwrap().skipped, b2.job(job).unwrap().skipped];
        assert_eq!(
            skipped.iter().filter(|s| **s).count(),
            1,
            "{job}: {a:?} {b2:?}"
        );
    }
}

#[apply(both_backends)]
pub async fn an_ended_warranty_is_announced_once(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let tech = technician(&app, Tech::default()).await;
    let customer = person(&app, Role::Customer).await;
    let mut bk = completed(
        &app,
        &customer,
        &tech,
        Timestamp::now().minus(Duration::days(40)),
    )
    .await;
    bk.status = Paid;
    bk.warranty = Some(Warranty::new(
        30,
        Timestamp::now().minus(Duration::days(31)),
    ));
    app.app
        .store
        .bookings
        .replace_if_version(&bk, 7)
        .await
        .unwrap();

    let (a, b2) = tokio::join!(
        jobs::run_once(&app.app, Timestamp::now()),
        jobs::run_once(&app.app, Timestamp::now())
    );
    let changed = a.job("warranty_end").unwrap().changed + b2.job("warranty_end").unwrap().changed;
    assert_eq!(changed, 1, "{a:?} {b2:?}");
    assert_eq!(
        inbox(&app, customer.id, NotificationType::WarrantyExpiring).await,
        1
    );
    jobs::run_once(&app.app, Timestamp::now()).await;
    assert_eq!(
        inbox(&app, customer.id, NotificationType::WarrantyExpiring).await,
        1
    );
}
