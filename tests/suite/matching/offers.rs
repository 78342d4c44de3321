//! Offers: the system or the customer offers the booking, the technician accepts or declines.

use baitech::domain::Timestamp;
use baitech::domain::booking::{BookingStatus, MatchResponse};
use baitech::domain::notification::NotificationType;
use baitech::domain::user::Role;
use baitech::store::{NotificationFilter, PageRequest};
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::json;

use super::world::{Tech, auto_assign, booking, moves, person, post, scene, stored, technician};
use crate::common::{Backend, TestApp};
use BookingStatus::*;

#[apply(both_backends)]
pub async fn auto_assign_offers_the_best_and_a_second_accept_gets_409(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let sc = scene(&app, 3.0).await;
    let (best, other, bk) = (&sc.best, &sc.other, &sc.booking);

    let (status, body) = auto_assign(&app, &sc).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (
            body["data"]["status"].as_str(),
            body["data"]["technician"].as_str()
        ),
        (Some("assigned"), Some(best.id.to_hex().as_str()))
    );
    let s = stored(&app, bk.id).await;
    assert_eq!(moves(&s), [(Pending, Matching), (Matching, Assigned)]);
    assert_eq!(
        s.status_history.last().unwrap().by,
        None,
        "the system made the offer"
    );
    assert!(s.matching.candidates[0].notified_at.is_some() && s.matching.attempts == 1);
    let filter = NotificationFilter {
        recipient: best.id,
        unread_only: false,
        category: None,
        now: Timestamp::now(),
    };
    let inbox = app
        .app
        .store
        .notifications
        .list_notifications(&filter, &PageRequest::first(10))
        .await
        .unwrap();
    assert!(
        inbox
            .items
            .iter()
            .any(|n| n.kind == NotificationType::BookingAssigned),
        "the technician is told"
    );

    let path = format!("/{}/accept", bk.id);
    assert_eq!(
        post(&app, &path, other, json!({})).await.0,
        404,
        "not offered to them"
    );
    let (status, body) = post(&app, &path, best, json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (
            body["data"]["status"].as_str(),
            body["data"]["response"].as_str()
        ),
        (Some("accepted"), Some("accepted"))
    );
    let (status, body) = post(&app, &path, best, json!({})).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("INVALID_TRANSITION"))
    );
    let s = stored(&app, bk.id).await;
    assert_eq!(s.status, Accepted);
    assert_eq!(
        s.matching.candidates[0].response,
        Some(MatchResponse::Accepted)
    );
}

#[apply(both_backends)]
pub async fn a_decline_offers_the_next_candidate_at_once(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let first = technician(
        &app,
        Tech {
            at: (0.5, 0.0),
            rating: (4.9, 100),
            ..Tech::default()
        },
    )
    .await;
    let second = technician(
        &app,
        Tech {
            at: (3.0, 0.0),
            ..Tech::default()
        },
    )
    .await;
    let customer = person(&app, Role::Customer).await;
    let bk = booking(&app, &customer).await;
    post(
        &app,
        "/find-technicians",
        &customer,
        json!({"bookingId": bk.id, "autoAssign": true}),
    )
    .await;

    let (status, body) = post(
        &app,
        &format!("/{}/reject", bk.id),
        &first,
        json!({"reason": "Fully booked on Monday"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["response"], "declined");
    assert!(
        body["data"].get("technician").is_none(),
        "the decliner is not told who is next"
    );
    let s = stored(&app, bk.id).await;
    assert_eq!((s.status, s.technician), (Assigned, Some(second.id)));
    assert_eq!(
        moves(&s),
        [
            (Pending, Matching),
            (Matching, Assigned),
            (Assigned, Matching),
            (Matching, Assigned)
        ]
    );
    let decline = &s.status_history[3];
    assert_eq!(
        (decline.by, decline.reason.as_deref()),
        (
            Some(first.id),
            Some("declined by the technician: Fully booked on Monday")
        )
    );
    let c = |t| {
        s.matching
            .candidates
            .iter()
            .find(|c| c.technician == t)
            .unwrap()
    };
    assert_eq!(c(first.id).response, Some(MatchResponse::Declined));
    assert!(c(second.id).notified_at.is_some() && c(second.id).response.is_none());
    assert!(s.matching.blocked_technicians.contains(&first.id));
    assert_eq!(s.matching.attempts, 2);

    // The second declines too: nobody is left, the booking waits in matching.
    post(&app, &format!("/{}/reject", bk.id), &second, json!({})).await;
    let s = stored(&app, bk.id).await;
    assert_eq!((s.status, s.technician), (Matching, None));
    assert_eq!(
        post(&app, &format!("/{}/reject", bk.id), &second, json!({}))
            .await
            .0,
        404
    );
}

#[apply(both_backends)]
pub async fn the_customer_picks_one_of_the_candidates(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    technician(
        &app,
        Tech {
            at: (0.5, 0.0),
            rating: (4.9, 100),
            ..Tech::default()
        },
    )
    .await;
    let second = technician(
        &app,
        Tech {
            at: (3.0, 0.0),
            ..Tech::default()
        },
    )
    .await;
    let stranger = technician(
        &app,
        Tech {
            at: (0.1, 0.0),
            category: "plumbing",
            ..Tech::default()
        },
    )
    .await;
    let customer = person(&app, Role::Customer).await;
    let bk = booking(&app, &customer).await;
    post(
        &app,
        "/find-technicians",
        &customer,
        json!({"bookingId": bk.id}),
    )
    .await;
    assert_eq!(
        stored(&app, bk.id).await.status,
        Matching,
        "no offer until the customer picks"
    );

    let path = format!("/{}/assign", bk.id);
    let (status, body) = post(&app, &path, &customer, json!({"technicianId": stranger.id})).await;
    assert_eq!(
        (status, body["error"]["details"][0]["field"].as_str()),
        (400, Some("technicianId"))
    );
    let (status, body) = post(&app, &path, &customer, json!({"technicianId": second.id})).await;
    assert_eq!(status, 200, "{body}");
    let s = stored(&app, bk.id).await;
    assert_eq!((s.status, s.technician), (Assigned, Some(second.id)));
    assert_eq!(s.status_history.last().unwrap().by, Some(customer.id));
    let (status, _) = post(&app, &path, &customer, json!({"technicianId": second.id})).await;
    assert_eq!(status, 409, "already offered");
}
