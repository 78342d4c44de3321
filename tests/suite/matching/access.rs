//! Who may call each matching route: the wrong role is 403, someone else's booking is 404.

use baitech::domain::Id;
use baitech::domain::user::Role;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::json;

use super::world::{Tech, auto_assign, booking, person, post, put, scene, technician};
use crate::common::{Backend, TestApp};

#[apply(both_backends)]
pub async fn the_wrong_role_gets_403_on_every_route(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let tech = technician(&app, Tech::default()).await;
    let customer = person(&app, Role::Customer).await;
    let support = person(&app, Role::Support).await;
    let bk = booking(&app, &customer).await;
    let find = json!({"bookingId": bk.id});
    for who in [&tech, &support] {
        assert_eq!(
            post(&app, "/find-technicians", who, find.clone()).await.0,
            403
        );
        assert_eq!(put(&app, "/preferences", who, find.clone()).await.0, 403);
        assert_eq!(
            post(&app, &format!("/block/{}", tech.id), who, json!({}))
                .await
                .0,
            403
        );
        assert_eq!(
            post(&app, &format!("/{}/assign", bk.id), who, json!({}))
                .await
                .0,
            403
        );
    }
    for who in [&customer, &support] {
        assert_eq!(
            post(&app, &format!("/{}/accept", bk.id), who, json!({}))
                .await
                .0,
            403
        );
        assert_eq!(
            post(&app, &format!("/{}/reject", bk.id), who, json!({}))
                .await
                .0,
            403
        );
    }
    let admin = person(&app, Role::Admin).await;
    assert_eq!(
        put(&app, "/preferences", &admin, find.clone()).await.0,
        403,
        "preferences are the customer's"
    );
    let anonymous = app
        .request(reqwest::Method::POST, "/api/v1/matching/find-technicians")
        .json(&find)
        .send_raw()
        .await;
    assert_eq!(anonymous.status().as_u16(), 401);
}

#[apply(both_backends)]
pub async fn someone_elses_booking_is_404(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let sc = scene(&app, 2.0).await;
    let (offered, other_tech, owner, bk) = (&sc.best, &sc.other, &sc.customer, &sc.booking);
    let intruder = person(&app, Role::Customer).await;
    auto_assign(&app, &sc).await;

    let find = json!({"bookingId": bk.id});
    assert_eq!(
        post(&app, "/find-technicians", &intruder, find.clone())
            .await
            .0,
        404
    );
    assert_eq!(put(&app, "/preferences", &intruder, find).await.0, 404);
    let assign = json!({"technicianId": other_tech.id});
    assert_eq!(
        post(&app, &format!("/{}/assign", bk.id), &intruder, assign)
            .await
            .0,
        404
    );
    assert_eq!(
        post(
            &app,
            &format!("/block/{}", offered.id),
            &intruder,
            json!({"bookingId": bk.id})
        )
        .await
        .0,
        404
    );
    assert_eq!(
        post(&app, &format!("/{}/accept", bk.id), other_tech, json!({}))
            .await
            .0,
        404
    );
    assert_eq!(
        post(&app, &format!("/{}/reject", bk.id), other_tech, json!({}))
            .await
            .0,
        404
    );
    let missing = Id::new();
    assert_eq!(
        post(
            &app,
            "/find-technicians",
            owner,
            json!({"bookingId": missing})
        )
        .await
        .0,
        404
    );
    assert_eq!(
        post(&app, &format!("/{missing}/accept"), offered, json!({}))
            .await
            .0,
        404
    );
    let (status, body) = post(&app, "/not-an-id/accept", offered, json!({})).await;
    assert_eq!(
        (status, body["error"]["details"][0]["field"].as_str()),
        (400, Some("bookingId"))
    );

    // The admin may act for the customer.
    let admin = person(&app, Role::Admin).await;
    assert_eq!(
        post(
            &app,
            "/find-technicians",
            &admin,
            json!({"bookingId": bk.id})
        )
        .await
        .0,
        200
    );
}
