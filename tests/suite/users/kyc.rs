//! KYC: submission by the account holder, review by an admin, an audit entry per decision.

use baitech::domain::Id;
use baitech::domain::audit::AuditEntry;
use baitech::domain::user::{KycStatus, Role};
use baitech::store::{AuditFilter, PageRequest};
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::json;

use super::http::{error_fields, get, ids, member, post, stored};
use crate::common::users::TestUser;
use crate::common::{Backend, TestApp};

fn documents() -> serde_json::Value {
    json!({"documents": [
        {"kind": "national_id", "url": "https://res.cloudinary.com/demo/id-front.jpg"},
        {"type": "selfie", "url": "https://res.cloudinary.com/demo/selfie.jpg"},
    ]})
}

async fn submitted(app: &TestApp, role: Role) -> TestUser {
    let u = member(app, role).await;
    let (status, resp) = post(app, "/users/me/kyc", &u, documents()).await;
    assert_eq!(status, 201, "{resp}");
    assert_eq!(resp["data"]["status"], "pending");
    assert_eq!(resp["data"]["documents"][1]["type"], "selfie");
    u
}

async fn audit_of(app: &TestApp, target: Id, action: &str) -> Vec<AuditEntry> {
    let filter = AuditFilter {
        target_id: Some(target),
        action: Some(action.into()),
        ..Default::default()
    };
    app.app
        .store
        .audit
        .list_audit(&filter, &PageRequest::first(10))
        .await
        .expect("list audit")
        .items
}

#[apply(both_backends)]
pub async fn kyc_approval_verifies_a_technician_and_is_audited(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = member(&app, Role::Admin).await;
    let tech = submitted(&app, Role::Technician).await;
    let (status, pending) = get(&app, "/users/kyc/pending", Some(&admin)).await;
    assert_eq!(status, 200, "{pending}");
    assert_eq!(ids(&pending), [tech.id.to_hex()]);
    assert_eq!(
        pending["data"][0]["kyc"]["documents"]
            .as_array()
            .unwrap()
            .len(),
        2,
        "admins see the documents"
    );

    let (status, resp) = post(
        &app,
        &format!("/users/{}/kyc/approve", tech.id),
        &admin,
        json!({}),
    )
    .await;
    assert_eq!(status, 200, "{resp}");
    assert_eq!(resp["data"]["kyc"]["status"], "approved");
    assert_eq!(resp["data"]["technician"]["verified"], true);
    let u = stored(&app, tech.id).await;
    assert_eq!(
        (u.kyc.status, u.kyc.reviewed_by),
        (KycStatus::Approved, Some(admin.id))
    );
    assert!(u.kyc.reviewed_at.is_some());
    let (_, public) = get(&app, &format!("/users/{}", tech.id), None).await;
    assert_eq!(
        (
            public["data"]["verified"].as_bool(),
            public["data"]["technician"]["verified"].as_bool()
        ),
        (Some(true), Some(true))
    );

    let entries = audit_of(&app, tech.id, "kyc.approve").await;
    assert_eq!(entries.len(), 1);
    let e = &entries[0];
    assert_eq!(
        (e.actor, e.actor_label.as_str(), e.target_kind.as_str()),
        (Some(admin.id), admin.email.as_str(), "user")
    );
    assert_eq!(e.before.as_ref().unwrap()["kyc"]["status"], "pending");
    assert_eq!(e.after.as_ref().unwrap()["kyc"]["status"], "approved");
    assert_eq!(e.after.as_ref().unwrap()["verified"], true);

    // Nothing pending any more: deciding again is a conflict, and resubmitting too.
    let (status, _) = post(
        &app,
        &format!("/users/{}/kyc/approve", tech.id),
        &admin,
        json!({}),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(post(&app, "/users/me/kyc", &tech, documents()).await.0, 409);
    let (_, pending) = get(&app, "/users/kyc/pending", Some(&admin)).await;
    assert!(ids(&pending).is_empty());
}

#[apply(both_backends)]
pub async fn kyc_rejection_needs_a_reason_and_is_audited(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = member(&app, Role::Admin).await;
    let customer = submitted(&app, Role::Customer).await;
    let path = format!("/users/{}/kyc/reject", customer.id);
    let (status, resp) = post(&app, &path, &admin, json!({})).await;
    assert_eq!(
        (status, error_fields(&resp)),
        (400, vec!["reason".to_string()])
    );
    let (status, resp) = post(
        &app,
        &path,
        &admin,
        json!({"reason": "The ID photo is blurred"}),
    )
    .await;
    assert_eq!(status, 200, "{resp}");
    assert_eq!(resp["data"]["kyc"]["status"], "rejected");
    assert_eq!(
        resp["data"]["kyc"]["rejectionReason"],
        "The ID photo is blurred"
    );
    let entries = audit_of(&app, customer.id, "kyc.reject").await;
    assert_eq!(entries.len(), 1);
    assert_eq!(
        entries[0].reason.as_deref(),
        Some("The ID photo is blurred")
    );
    assert_eq!(
        entries[0].after.as_ref().unwrap()["kyc"]["status"],
        "rejected"
    );

    // A rejected holder may submit again; it is pending once more.
    assert_eq!(
        post(&app, "/users/me/kyc", &customer, documents()).await.0,
        201
    );
    assert_eq!(
        stored(&app, customer.id).await.kyc.status,
        KycStatus::Pending
    );
}

#[apply(both_backends)]
pub async fn kyc_routes_are_for_admins_and_input_is_checked(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let customer = submitted(&app, Role::Customer).await;
    let tech = member(&app, Role::Technician).await;
    for who in [&customer, &tech] {
        assert_eq!(get(&app, "/users/kyc/pending", Some(who)).await.0, 403);
        assert_eq!(
            post(
                &app,
                &format!("/users/{}/kyc/approve", customer.id),
                who,
                json!({})
            )
            .await
            .0,
            403
        );
        assert_eq!(
            post(
                &app,
                &format!("/users/{}/kyc/reject", customer.id),
                who,
                json!({"reason": "x"})
            )
            .await
            .0,
            403
        );
    }
    assert_eq!(get(&app, "/users/kyc/pending", None).await.0, 401);
    let admin = member(&app, Role::Admin).await;
    assert_eq!(
        post(
            &app,
            &format!("/users/{}/kyc/approve", Id::new()),
            &admin,
            json!({})
        )
        .await
        .0,
        404
    );
    assert_eq!(
        post(
            &app,
            &format!("/users/{}/kyc/approve", tech.id),
            &admin,
            json!({})
        )
        .await
        .0,
        409,
        "nothing submitted"
    );
    assert_eq!(
        stored(&app, customer.id).await.kyc.status,
        KycStatus::Pending
    );

    let bad = json!({"documents": [{"kind": "library_card", "url": "http://x.com/a.jpg"}, {"url": "https://res.cloudinary.com/a.jpg"}], "status": "approved"});
    let (status, resp) = post(&app, "/users/me/kyc", &tech, bad).await;
    assert_eq!(status, 400);
    assert_eq!(
        error_fields(&resp),
        [
            "documents[0].kind",
            "documents[0].url",
            "documents[1].kind",
            "status"
        ]
    );
    let (status, resp) = post(&app, "/users/me/kyc", &tech, json!({"documents": []})).await;
    assert_eq!(
        (status, error_fields(&resp)),
        (400, vec!["documents".to_string()])
    );
}
