//! Who sees what: other people's bookings, input validation, lists and their filters,
//! corporate bookings, and statistics per role.

use baitech::domain::booking::BookingStatus;
use baitech::domain::user::{CorporateProfile, Role};
use chrono::Duration;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::{Value, json};

use super::{Cast, book, fields, fixture, must_move, new_booking, stored};
use crate::common::{Backend, TestApp};

#[apply(both_backends)]
async fn other_peoples_bookings_are_invisible_and_staff_moves_are_checked(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let other_customer = super::person(&app, Role::Customer).await;
    let other_tech = super::person(&app, Role::Technician).await;
    let other_corp = super::person(&app, Role::Corporate).await;
    let (id, _) = book(
        &app,
        &cast.customer,
        Duration::days(1),
        Some(cast.technician.id),
    )
    .await;
    for who in [&other_customer, &other_tech, &other_corp] {
        let (s, body) = app
            .call(Method::GET, &format!("/bookings/{id}"), Some(who), None)
            .await;
        assert_eq!(
            (s, body["error"]["code"].as_str()),
            (404, Some("NOT_FOUND")),
            "{:?}",
            who.role
        );
        let (s, _) = super::move_to(&app, id, who, "cancelled").await;
        assert_eq!(s, 404, "moves on an invisible booking are 404 too");
    }
    // A booking that does not exist looks the same.
    let (s, _) = app
        .call(
            Method::GET,
            &format!("/bookings/{}", baitech::domain::Id::new()),
            Some(&cast.admin),
            None,
        )
        .await;
    assert_eq!(s, 404);
    let (s, body) = app
        .call(Method::GET, "/bookings/not-an-id", Some(&cast.admin), None)
        .await;
    assert_eq!((s, fields(&body)), (400, vec!["id".to_string()]));
    // Support staff see it but move nothing.
    let (s, _) = app
        .call(
            Method::GET,
            &format!("/bookings/{id}"),
            Some(&cast.support),
            None,
        )
        .await;
    assert_eq!(s, 200);
    let (s, _) = super::move_to(&app, id, &cast.support, "cancelled").await;
    assert_eq!(s, 403);
    // No token, no bookings.
    let r = app
        .request(reqwest::Method::GET, "/api/v1/bookings")
        .send_raw()
        .await;
    assert_eq!(r.status(), 401);
    // Technicians and admins do not book.
    for who in [&cast.technician, &cast.admin] {
        let (s, _) = app
            .call(
                Method::POST,
                "/bookings",
                Some(who),
                Some(new_booking(Duration::days(1), None)),
            )
            .await;
        assert_eq!(s, 403);
    }
    let (s, body) = super::move_to(&app, id, &cast.customer, "teleported").await;
    assert_eq!((s, fields(&body)), (400, vec!["status".to_string()]));
}

#[apply(both_backends)]
async fn invalid_input_lists_every_bad_field(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let c = super::person(&app, Role::Customer).await;
    let admin = super::person(&app, Role::Admin).await;
    let body = json!({
        "serviceCategory": "x".repeat(61),
        "description": "too short",
        "serviceLocation": {"coordinates": [181, 12], "address": ""},
        "scheduledAt": "yesterday",
        "urgency": "asap",
        "budget": {"amount": -100, "currency": "KES"},
        "technician": admin.id.to_hex(),
        "photos": ["ftp://x"],
    });
    let (s, resp) = app
        .call(Method::POST, "/bookings", Some(&c), Some(body))
        .await;
    assert_eq!(s, 400, "{resp}");
    assert_eq!(resp["error"]["code"], "VALIDATION_ERROR");
    assert_eq!(
        fields(&resp),
        [
            "serviceCategory",
            "description",
            "serviceLocation.coordinates.lng",
            "serviceLocation.address",
            "scheduledAt",
            "urgency",
            "budget",
            "photos[0]",
            "technician"
        ]
    );
    let (s, resp) = app
        .call(Method::POST, "/bookings", Some(&c), Some(json!({})))
        .await;
    assert_eq!(s, 400);
    assert_eq!(
        fields(&resp),
        [
            "serviceCategory",
            "description",
            "serviceLocation",
            "scheduledAt"
        ]
    );
    let mut far = new_booking(Duration::days(91), None);
    far["budget"] = json!({"amount": 500_000, "currency": "USD"});
    let (_, resp) = app
        .call(Method::POST, "/bookings", Some(&c), Some(far))
        .await;
    assert_eq!(fields(&resp), ["scheduledAt", "budget"]);
    // Free-text categories up to 60 characters are fine; known ones are stored by slug.
    let mut free = new_booking(Duration::days(1), None);
    free["serviceCategory"] = json!("Gate motor repair");
    free["budget"] = json!({"amount": 500_000, "currency": "KES"});
    let (s, resp) = app
        .call(Method::POST, "/bookings", Some(&c), Some(free))
        .await;
    assert_eq!(s, 201, "{resp}");
    assert_eq!(resp["data"]["serviceCategory"], "Gate motor repair");
    assert_eq!(resp["data"]["qaCheckpoints"][0]["name"], "after photos");
}

fn ids(v: &Value) -> Vec<String> {
    v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["_id"].as_str().unwrap().to_string())
        .collect()
}

#[apply(both_backends)]
async fn each_role_lists_its_own_bookings_with_filters_and_paging(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let other = super::person(&app, Role::Customer).await;
    let (a, _) = book(
        &app,
        &cast.customer,
        Duration::days(1),
        Some(cast.technician.id),
    )
    .await;
    let (b2, _) = book(&app, &cast.customer, Duration::days(5), None).await;
    let (c, _) = book(
        &app,
        &cast.customer,
        Duration::days(9),
        Some(cast.technician.id),
    )
    .await;
    let (o, _) = book(&app, &other, Duration::days(1), None).await;
    must_move(&app, c, &cast.technician, "accepted").await;

    let (s, mine) = app
        .call(Method::GET, "/bookings", Some(&cast.customer), None)
        .await;
    assert_eq!(s, 200);
    assert_eq!(
        ids(&mine),
        [c.to_hex(), b2.to_hex(), a.to_hex()],
        "newest first"
    );
    let (_, theirs) = app
        .call(Method::GET, "/bookings", Some(&cast.technician), None)
        .await;
    assert_eq!(ids(&theirs), [c.to_hex(), a.to_hex()]);
    let (_, all) = app
        .call(Method::GET, "/bookings", Some(&cast.admin), None)
        .await;
    assert_eq!(ids(&all), [o.to_hex(), c.to_hex(), b2.to_hex(), a.to_hex()]);

    let (_, f) = app
        .call(
            Method::GET,
            "/bookings?status=assigned,accepted",
            Some(&cast.customer),
            None,
        )
        .await;
    assert_eq!(ids(&f), [c.to_hex(), a.to_hex()]);
    let to = baitech::domain::Timestamp::now()
        .plus(Duration::days(6))
        .to_rfc3339();
    let (_, f) = app
        .call(
            Method::GET,
            &format!("/bookings?to={}", to.replace('+', "%2B")),
            Some(&cast.customer),
            None,
        )
        .await;
    assert_eq!(ids(&f), [b2.to_hex(), a.to_hex()]);

    let (_, p1) = app
        .call(Method::GET, "/bookings?limit=2", Some(&cast.customer), None)
        .await;
    assert_eq!(ids(&p1), [c.to_hex(), b2.to_hex()]);
    assert_eq!(p1["pagination"]["hasMore"], true);
    let cursor = p1["pagination"]["nextCursor"].as_str().unwrap();
    let (_, p2) = app
        .call(
            Method::GET,
            &format!("/bookings?limit=2&cursor={cursor}"),
            Some(&cast.customer),
            None,
        )
        .await;
    assert_eq!(ids(&p2), [a.to_hex()]);
    assert_eq!(p2["pagination"]["hasMore"], false);
    let (_, numbered) = app
        .call(
            Method::GET,
            "/bookings?page=2&limit=2",
            Some(&cast.customer),
            None,
        )
        .await;
    assert_eq!(ids(&numbered), [a.to_hex()]);
    assert_eq!(numbered["pagination"]["total"], 3);

    let (s, bad) = app
        .call(
            Method::GET,
            "/bookings?status=done&from=monday&limit=0",
            Some(&cast.customer),
            None,
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(fields(&bad), ["status", "from", "limit"]);
}

#[apply(both_backends)]
async fn corporate_accounts_book_for_their_sites_and_members_book_for_them(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let member = super::person(&app, Role::Customer).await;
    let outsider = super::person(&app, Role::Customer).await;
    let mut doc = super::person_doc(Role::Corporate);
    doc.corporate = Some(CorporateProfile {
        company_name: "Acme Kenya Ltd".into(),
        sites: vec!["Westlands HQ".into(), "Mombasa Depot".into()],
        members: vec![member.id],
        ..Default::default()
    });
    let corp = app.add_user(doc).await;

    let mut body = new_booking(Duration::days(2), None);
    let (s, resp) = app
        .call(Method::POST, "/bookings", Some(&corp), Some(body.clone()))
        .await;
    assert_eq!(
        (s, fields(&resp)),
        (400, vec!["site".to_string()]),
        "{resp}"
    );
    body["site"] = json!("Kisumu Annex");
    let (_, resp) = app
        .call(Method::POST, "/bookings", Some(&corp), Some(body.clone()))
        .await;
    assert_eq!(fields(&resp), ["site"]);
    body["site"] = json!("westlands hq");
    let (s, resp) = app
        .call(Method::POST, "/bookings", Some(&corp), Some(body.clone()))
        .await;
    assert_eq!(s, 201, "{resp}");
    assert_eq!(resp["data"]["corporateAccount"], corp.id.to_hex());
    assert_eq!(resp["data"]["site"], "Westlands HQ");

    body["corporateAccount"] = json!(corp.id.to_hex());
    body["site"] = json!("Mombasa Depot");
    let (s, resp) = app
        .call(Method::POST, "/bookings", Some(&member), Some(body.clone()))
        .await;
    assert_eq!(s, 201, "{resp}");
    let member_booking = resp["data"]["_id"].as_str().unwrap().to_string();
    assert_eq!(resp["data"]["customer"], member.id.to_hex());
    let (s, resp) = app
        .call(Method::POST, "/bookings", Some(&outsider), Some(body))
        .await;
    assert_eq!(
        (s, fields(&resp)),
        (400, vec!["corporateAccount".to_string()])
    );

    // The account sees (and may cancel) what its members booked.
    let (_, list) = app.call(Method::GET, "/bookings", Some(&corp), None).await;
    assert_eq!(list["data"].as_array().unwrap().len(), 2);
    let (s, _) = app
        .call(
            Method::DELETE,
            &format!("/bookings/{member_booking}"),
            Some(&corp),
            None,
        )
        .await;
    assert_eq!(s, 200);
}

#[apply(both_backends)]
async fn statistics_count_what_each_role_may_see(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let cast = Cast::new(&app).await;
    let other_tech = super::person(&app, Role::Technician).await;
    for s in [
        BookingStatus::Paid,
        BookingStatus::Paid,
        BookingStatus::Cancelled,
        BookingStatus::InProgress,
    ] {
        stored(&app, &cast, s).await;
    }
    let mut foreign = fixture(&cast, BookingStatus::Expired);
    foreign.technician = Some(other_tech.id);
    foreign.customer = other_tech.id;
    foreign.corporate_account = None;
    app.app.store.bookings.insert(&foreign).await.unwrap();
    let paid_total = fixture(&cast, BookingStatus::Paid).pricing.total.amount;

    let get = |who| {
        let app = &app;
        async move {
            let (s, body) = app
                .call(Method::GET, "/bookings/stats", Some(who), None)
                .await;
            assert_eq!(s, 200, "{body}");
            body["data"].clone()
        }
    };
    let mine = get(&cast.customer).await;
    assert_eq!(mine["scope"], "own");
    assert_eq!(mine["total"], 4);
    assert_eq!(mine["byStatus"]["paid"], 2);
    assert_eq!(mine["byStatus"]["expired"], 0);
    assert_eq!(mine["byStatus"].as_object().unwrap().len(), 16);
    assert_eq!(
        mine["revenue"],
        json!({"amount": 2 * paid_total, "currency": "KES"})
    );
    // 2 paid of 3 ended (2 paid + 1 cancelled).
    assert!((mine["completionRate"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert!(mine["averageRating"].is_null());

    assert_eq!(get(&cast.technician).await["total"], 4);
    let other = get(&other_tech).await;
    assert_eq!(
        (other["total"].as_u64(), other["completionRate"].as_f64()),
        (Some(1), Some(0.0))
    );
    let all = get(&cast.admin).await;
    assert_eq!(all["scope"], "all");
    assert_eq!(all["total"], 5);
    assert!((all["completionRate"].as_f64().unwrap() - 0.5).abs() < 1e-9);
    assert_eq!(all["revenue"]["amount"], 2 * paid_total);
}
