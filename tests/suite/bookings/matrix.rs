//! Every move of the transition table for every role over HTTP, with the expectations computed
//! from `TRANSITIONS` itself so the test follows the table; and concurrent moves of one booking.

use baitech::domain::booking::BookingStatus;
use baitech::domain::booking::state::{TRANSITIONS, transition};
use baitech::domain::user::Role;
use futures::StreamExt;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::Value;

use super::{Cast, assert_history_consistent, move_to, stored};
use crate::common::{Backend, TestApp};

const ROLES: [Role; 5] = [
    Role::Customer,
    Role::Technician,
    Role::Admin,
    Role::Corporate,
    Role::Support,
];

/// What `PUT /status` must answer for `role` moving a booking from `from` to `to`.
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    /// 200 and the booking in `to`.
    Moved,
    /// The move exists, but settling a dispute needs the resolve route: 422.
    NeedsResolution,
    /// The move exists, not for this role: 403.
    Forbidden,
    /// No such move: 409 with the states this role may reach from `from`.
    Invalid(Vec<String>),
}

fn expect(from: BookingStatus, to: BookingStatus, role: Role) -> Expect {
    let allowed: Vec<String> = TRANSITIONS
        .iter()
        .filter(|t| t.from == from && t.permits(Some(role)))
        .map(|t| t.to.as_str().to_string())
        .collect();
    match transition(from, to) {
        None => Expect::Invalid(allowed),
        Some(t) if !t.permits(Some(role)) => Expect::Forbidden,
        Some(_) if from == BookingStatus::Disputed => Expect::NeedsResolution,
        Some(_) => Expect::Moved,
    }
}

fn check(
    from: BookingStatus,
    to: BookingStatus,
    role: Role,
    want: &Expect,
    status: u16,
    body: &Value,
) {
    let ctx = format!("{from} -> {to} by {role}: {status} {body}");
    match want {
        Expect::Moved => {
            assert_eq!(status, 200, "{ctx}");
            assert_eq!(body["data"]["status"], to.as_str(), "{ctx}");
            assert_history_consistent(&body["data"]);
        }
        Expect::NeedsResolution => assert_eq!(
            (status, body["error"]["code"].as_str()),
            (422, Some("UNPROCESSABLE")),
            "{ctx}"
        ),
        Expect::Forbidden => assert_eq!(
            (status, body["error"]["code"].as_str()),
            (403, Some("FORBIDDEN")),
            "{ctx}"
        ),
        Expect::Invalid(allowed) => {
            assert_eq!(
                (status, body["error"]["code"].as_str()),
                (409, Some("INVALID_TRANSITION")),
                "{ctx}"
            );
            let got: Vec<String> = body["error"]["details"]["allowed"]
                .as_array()
                .unwrap_or_else(|| panic!("{ctx}"))
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect();
            assert_eq!(&got, allowed, "{ctx}");
        }
    }
}

/// 16 states × 16 targets × 5 roles = 1,280 requests. Refused moves leave the booking as it
/// was, so they share one booking per state and run eight at a time; each move that succeeds
/// gets a fresh booking.
#[apply(both_backends)]
async fn every_move_for_every_role_matches_the_transition_table(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let mut shared = std::collections::HashMap::new();
    for &from in BookingStatus::ALL {
        shared.insert(from, stored(&app, &cast, from).await);
    }
    let mut cases = Vec::new();
    for &from in BookingStatus::ALL {
        for &to in BookingStatus::ALL {
            for role in ROLES {
                cases.push((from, to, role, expect(from, to, role)));
            }
        }
    }
    let moved = cases.iter().filter(|c| c.3 == Expect::Moved).count();
    assert!(moved > 60, "the table allows many moves: {moved}");
    let results: Vec<_> = futures::stream::iter(cases)
        .map(|(from, to, role, want)| {
            let (app, cast, shared) = (&app, &cast, &shared);
            async move {
                let id = match want {
                    Expect::Moved => stored(app, cast, from).await,
                    _ => shared[&from],
                };
                let (status, body) = move_to(app, id, cast.by_role(role), to.as_str()).await;
                (from, to, role, want, status, body)
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    assert_eq!(results.len(), 16 * 16 * 5);
    for (from, to, role, want, status, body) in &results {
        check(*from, *to, *role, want, *status, body);
    }
    // The refused moves changed nothing.
    for (from, id) in &shared {
        let b = app.app.store.bookings.get(*id).await.unwrap().unwrap();
        let moves = i64::from(*from != BookingStatus::Pending);
        assert_eq!(
            (b.status, b.version, b.status_history.len() as i64),
            (*from, moves, moves + 1),
            "{from}"
        );
    }
}

/// The assigned technician and an admin move the same booking from the same version at the
/// same time, ten rounds: exactly one wins, the other gets 409 naming what is allowed now.
#[apply(both_backends)]
async fn concurrent_moves_from_the_same_version_have_exactly_one_winner(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let mut wins = [0, 0];
    for round in 0..10 {
        let id = stored(&app, &cast, BookingStatus::Arrived).await;
        // Even rounds race for the same move, odd rounds for different ones.
        let admin_to = if round % 2 == 0 {
            "in_progress"
        } else {
            "cancelled"
        };
        let (t, a) = tokio::join!(
            move_to(&app, id, &cast.technician, "in_progress"),
            move_to(&app, id, &cast.admin, admin_to),
        );
        let outcomes = [(t.0, &t.1), (a.0, &a.1)];
        let winners: Vec<_> = outcomes
            .iter()
            .enumerate()
            .filter(|(_, (s, _))| *s == 200)
            .collect();
        assert_eq!(winners.len(), 1, "round {round}: {outcomes:?}");
        let (w, (_, won)) = winners[0];
        wins[w] += 1;
        let (lost_status, lost) = outcomes[1 - w];
        assert_eq!(
            (lost_status, lost["error"]["code"].as_str()),
            (409, Some("INVALID_TRANSITION")),
            "round {round}: {lost}"
        );
        let stored = app.app.store.bookings.get(id).await.unwrap().unwrap();
        assert_eq!(
            stored.status.as_str(),
            won["data"]["status"].as_str().unwrap()
        );
        assert_eq!(
            stored.status_history.len(),
            3,
            "one move recorded: {:?}",
            stored.status_history
        );
        assert_eq!(stored.version, 2);
        assert_eq!(stored.status_history.last().unwrap().to, stored.status);
    }
    assert_eq!(wins[0] + wins[1], 10);
}

/// Five checkpoint writes and a move to `on_hold` race on one booking: each loser retries
/// against the fresh document (the move is still allowed, so it is applied), and no write is
/// lost.
#[apply(both_backends)]
async fn racing_writers_retry_and_no_write_is_lost(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    for round in 0..3 {
        let id = stored(&app, &cast, BookingStatus::InProgress).await;
        let writes = (0..5).map(|i| {
            let (app, cast) = (&app, &cast);
            async move {
                let body = serde_json::json!({"name": format!("step {i}"), "photos": ["https://res.cloudinary.com/demo/s.jpg"]});
                app.call(reqwest::Method::POST, &format!("/bookings/{id}/qa-checkpoint"), Some(&cast.technician), Some(body)).await
            }
        });
        let (move_result, write_results) = tokio::join!(
            move_to(&app, id, &cast.admin, "on_hold"),
            futures::future::join_all(writes),
        );
        assert_eq!(move_result.0, 200, "round {round}: {}", move_result.1);
        for (s, body) in &write_results {
            assert_eq!(*s, 201, "round {round}: {body}");
        }
        let stored = app.app.store.bookings.get(id).await.unwrap().unwrap();
        assert_eq!(stored.status, BookingStatus::OnHold);
        let names: std::collections::BTreeSet<_> = stored
            .qa_checkpoints
            .iter()
            .map(|c| c.name.clone())
            .collect();
        for i in 0..5 {
            assert!(
                names.contains(&format!("step {i}")),
                "round {round}: lost step {i}: {names:?}"
            );
        }
        // Five edits and one move, each a version of its own.
        assert_eq!(stored.version, 1 + 5 + 1);
        assert_eq!(stored.status_history.len(), 3);
    }
}
