//! A property test through the service layer on the embedded store: random sequences of moves
//! by random actors, checking after every step that terminal states stay terminal, the
//! history ends in the current status, the version counts the moves, and the side effects
//! (audit entries for admin moves, realtime events, the cancellation record, technician
//! statistics) happened exactly once per successful move.

use std::time::Duration;

use baitech::domain::booking::{Actor, BookingStatus};
use baitech::domain::user::Role;
use baitech::realtime::Topic;
use baitech::services::bookings;
use baitech::store::AuditFilter;
use futures::StreamExt;
use proptest::prelude::*;

use super::{Cast, fixture};
use crate::common::{Backend, TestApp};

fn actors(cast: &Cast) -> Vec<Actor> {
    let mut v: Vec<Actor> = [
        &cast.customer,
        &cast.technician,
        &cast.admin,
        &cast.corporate,
        &cast.support,
    ]
    .into_iter()
    .map(|u| Actor::User {
        id: u.id,
        role: u.role,
    })
    .collect();
    v.push(Actor::System);
    v
}

async fn tech_jobs(app: &TestApp, cast: &Cast) -> (i64, i64) {
    let u = app
        .app
        .store
        .users
        .get(cast.technician.id)
        .await
        .unwrap()
        .unwrap();
    let s = u.technician.unwrap().stats;
    (s.jobs_completed, s.jobs_cancelled)
}

async fn walk(
    app: &TestApp,
    cast: &Cast,
    start: BookingStatus,
    steps: &[(usize, usize)],
) -> Result<(), TestCaseError> {
    let actors = actors(cast);
    let b = fixture(cast, start);
    let id = b.id;
    app.app.store.bookings.insert(&b).await.unwrap();
    let mut events = app
        .app
        .realtime
        .subscribe(Topic::Booking(id))
        .await
        .unwrap();
    let jobs_before = tech_jobs(app, cast).await;
    let (mut status, mut version, mut moves, mut admin_moves) = (start, b.version, 0usize, 0usize);
    let (mut completed, mut tech_cancelled) = (0i64, 0i64);
    for &(to, who) in steps {
        let to = BookingStatus::ALL[to];
        let actor = actors[who];
        let result = bookings::transition(&app.app, id, to, actor, Some("walk".into())).await;
        let stored = app.app.store.bookings.get(id).await.unwrap().unwrap();
        match result {
            Ok(moved) => {
                prop_assert!(!status.is_terminal(), "left terminal {status} for {to}");
                prop_assert_eq!(moved.status, to);
                prop_assert_eq!(&moved, &stored);
                status = to;
                version += 1;
                moves += 1;
                if actor.role() == Some(Role::Admin) {
                    admin_moves += 1;
                }
                if to == BookingStatus::Completed {
                    completed += 1;
                }
                if to == BookingStatus::Cancelled && actor.role() == Some(Role::Technician) {
                    tech_cancelled += 1;
                }
            }
            Err(_) => prop_assert_eq!(
                stored.version,
                version,
                "a refused move changed the booking"
            ),
        }
        prop_assert_eq!(stored.status, status);
        prop_assert_eq!(stored.version, version);
        prop_assert_eq!(
            stored.status_history.len() as i64,
            version + 1,
            "version = moves recorded"
        );
        prop_assert_eq!(stored.status_history.last().unwrap().to, stored.status);
        prop_assert_eq!(
            stored.cancellation.is_some(),
            stored.status == BookingStatus::Cancelled
        );
        if stored.status == BookingStatus::Disputed {
            prop_assert!(stored.dispute.is_some());
        }
        if matches!(
            stored.status,
            BookingStatus::Verified | BookingStatus::PaymentPending
        ) {
            prop_assert!(stored.warranty.is_some());
        }
    }
    let audit = app
        .app
        .store
        .audit
        .list_audit(
            &AuditFilter {
                target_id: Some(id),
                ..Default::default()
            },
            &baitech::store::PageRequest::first(100),
        )
        .await
        .unwrap();
    prop_assert_eq!(audit.items.len(), admin_moves);
    let mut heard = 0;
    while let Ok(Some(_)) = tokio::time::timeout(Duration::from_millis(20), events.next()).await {
        heard += 1;
    }
    prop_assert_eq!(heard, moves, "one event per move");
    let jobs_after = tech_jobs(app, cast).await;
    prop_assert_eq!(
        jobs_after,
        (jobs_before.0 + completed, jobs_before.1 + tech_cancelled)
    );
    Ok(())
}

#[test]
fn random_walks_through_the_service_keep_the_invariants_and_run_side_effects_once() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (app, cast) = rt.block_on(async {
        let app = TestApp::spawn(Backend::Embedded).await;
        let cast = Cast::new(&app).await;
        (app, cast)
    });
    let config = ProptestConfig {
        cases: 40,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(
        start in prop::sample::select(BookingStatus::ALL),
        steps in prop::collection::vec((0..16usize, 0..6usize), 1..40),
    )| {
        rt.block_on(walk(&app, &cast, start, &steps))?;
    });
}
