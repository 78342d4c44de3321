//! `PUT /users/:id/status`: admins only, with a reason, audit-logged; suspension bites.

use baitech::domain::Id;
use baitech::domain::token::{TokenKind, hash_token};
use baitech::domain::user::{Role, UserStatus};
use baitech::store::{AuditFilter, PageRequest};
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::json;

use super::http::{
    assert_refused_as_suspended, error_fields, get, ids, member, post, put, set_status, stored,
};
use super::records;
use crate::common::{Backend, TestApp};

#[apply(both_backends)]
pub async fn status_changes_are_admin_only_and_audited(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let (admin, tech, customer) = (
        member(&app, Role::Admin).await,
        member(&app, Role::Technician).await,
        member(&app, Role::Customer).await,
    );
    let path = format!("/users/{}/status", tech.id);
    let body = json!({"status": "suspended", "reason": "Repeated no-shows"});
    assert_eq!(put(&app, &path, &customer, body.clone()).await.0, 403);
    assert_eq!(put(&app, &path, &tech, body.clone()).await.0, 403);

    let (status, resp) = put(
        &app,
        &path,
        &admin,
        json!({"status": "deleted", "color": "red"}),
    )
    .await;
    assert_eq!(
        (status, error_fields(&resp)),
        (
            400,
            vec![
                "status".to_string(),
                "reason".to_string(),
                "color".to_string()
            ]
        )
    );
    let (status, resp) = set_status(&app, &admin, admin.id, "suspended", "Repeated no-shows").await;
    assert_eq!((status, error_fields(&resp)), (400, vec!["id".to_string()]));
    let (status, resp) =
        set_status(&app, &admin, Id::new(), "suspended", "Repeated no-shows").await;
    assert_eq!(status, 404, "{resp}");

    app.app
        .store
        .tokens
        .insert(&records::refresh_token(tech.id, "tech-refresh"))
        .await
        .unwrap();
    let (status, resp) = put(&app, &path, &admin, body).await;
    assert_eq!(status, 200, "{resp}");
    assert_eq!(resp["data"]["status"], "suspended");
    assert_eq!(stored(&app, tech.id).await.status, UserStatus::Suspended);
    let token = app
        .app
        .store
        .tokens
        .find_token(TokenKind::Refresh, &hash_token("tech-refresh"))
        .await
        .unwrap()
        .unwrap();
    assert!(
        token.revoked_at.is_some(),
        "a suspended account cannot refresh"
    );

    let filter = AuditFilter {
        target_id: Some(tech.id),
        action: Some("user.status".into()),
        ..Default::default()
    };
    let entries = app
        .app
        .store
        .audit
        .list_audit(&filter, &PageRequest::first(5))
        .await
        .unwrap()
        .items;
    assert_eq!(entries.len(), 1);
    let e = &entries[0];
    assert_eq!(
        (e.actor, e.reason.as_deref()),
        (Some(admin.id), Some("Repeated no-shows"))
    );
    assert_eq!(
        (
            e.before.as_ref().unwrap()["status"].as_str(),
            e.after.as_ref().unwrap()["status"].as_str()
        ),
        (Some("active"), Some("suspended"))
    );

    // Suspended: out of public lists and search, and no profile changes.
    let (_, list) = get(&app, "/users?role=technician", Some(&customer)).await;
    assert!(!ids(&list).contains(&tech.id.to_hex()));
    let (status, _) = put(&app, "/users/me", &tech, json!({"firstName": "Sneaky"})).await;
    assert_eq!(status, 403);
    assert_eq!(
        post(
            &app,
            &format!("/users/{}/follow", customer.id),
            &tech,
            json!({})
        )
        .await
        .0,
        403
    );
    // Every request of a suspended account is refused, whatever its token says (it cannot
    // sign in again either); reactivation lets the same token back in.
    assert_refused_as_suspended(&app, &tech).await;

    let (status, _) = set_status(&app, &admin, tech.id, "active", "Appeal accepted").await;
    assert_eq!(status, 200);
    assert_eq!(
        put(&app, "/users/me", &tech, json!({"firstName": "Back"}))
            .await
            .0,
        200
    );
}
