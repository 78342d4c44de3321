//! `GET /users/:id` and `GET /users`: who sees which view, and the list's filters and pages.

use baitech::domain::user::{
    FcmToken, KycDocument, KycDocumentKind, KycDocumentStatus, KycStatus, LoginEvent, Platform,
    Role, UserStatus,
};
use baitech::domain::{Id, Timestamp};
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use serde_json::Value;

use super::http::{
    NAIROBI, doc, error_fields, get, ids, keys_anywhere, member, near_nairobi, technician_at,
    walk_pages,
};
use crate::common::{Backend, TestApp};

/// Keys that must never appear anywhere in a public profile.
const PRIVATE_KEYS: &[&str] = &[
    "email",
    "phoneNumber",
    "kyc",
    "documents",
    "fcmTokens",
    "twoFactor",
    "loginHistory",
    "passwordHash",
    "consent",
    "dateOfBirth",
    "gender",
    "failedLogins",
    "lockedUntil",
    "secret",
    "recoveryCodeHashes",
];

fn assert_public(v: &Value) {
    let keys = keys_anywhere(v);
    for k in PRIVATE_KEYS {
        assert!(!keys.contains(*k), "public view has `{k}`: {v}");
    }
}

#[apply(both_backends)]
pub async fn public_profile_leaks_no_private_field(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let now = Timestamp::now();
    let mut doc = technician_at(1, near_nairobi(1.0, 0.0), &["wiring"], 4.5, true);
    doc.kyc = baitech::domain::user::Kyc {
        status: KycStatus::Approved,
        documents: vec![KycDocument {
            kind: KycDocumentKind::NationalId,
            url: "https://res.cloudinary.com/id.jpg".into(),
            uploaded_at: now,
            status: KycDocumentStatus::Approved,
        }],
        submitted_at: Some(now),
        ..Default::default()
    };
    doc.fcm_tokens = vec![FcmToken {
        token: "secret-device-token".into(),
        device: Some("Pixel 8".into()),
        platform: Platform::Android,
        added_at: now,
        last_used_at: None,
    }];
    doc.two_factor.enabled = true;
    doc.two_factor.secret = Some("JBSWY3DPEHPK3PXP".into());
    doc.login_history = vec![LoginEvent {
        at: now,
        ip: Some("197.248.1.1".into()),
        user_agent: None,
        success: true,
    }];
    doc.profile.date_of_birth = chrono::NaiveDate::from_ymd_opt(1990, 1, 1);
    let tech = app.add_user(doc).await;
    let other = member(&app, Role::Customer).await;
    let admin = member(&app, Role::Admin).await;
    let path = format!("/users/{}", tech.id);

    for who in [None, Some(&other)] {
        let (status, body) = get(&app, &path, who).await;
        assert_eq!(status, 200, "{body}");
        assert_public(&body);
        let text = body.to_string();
        for secret in [
            tech.email.as_str(),
            tech.phone.as_str(),
            "secret-device-token",
            "197.248.1.1",
            "JBSWY3DP",
        ] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
        assert_eq!(body["data"]["verified"], true);
        assert_eq!(body["data"]["technician"]["skills"][0]["name"], "wiring");
    }
    // The same profile inside lists and search results is public too.
    let (_, list) = get(&app, "/users?role=technician", Some(&other)).await;
    assert_public(&list);
    let (_, near) = get(
        &app,
        &format!(
            "/users/technicians/nearby?lat={}&lng={}",
            NAIROBI.1, NAIROBI.0
        ),
        None,
    )
    .await;
    assert_eq!(ids(&near), [tech.id.to_hex()]);
    assert_public(&near);

    for who in [&tech, &admin] {
        let (status, body) = get(&app, &path, Some(who)).await;
        assert_eq!(status, 200);
        assert_eq!(
            body["data"]["email"], tech.email,
            "owner and admin get the private view"
        );
    }
}

#[apply(both_backends)]
pub async fn profile_ids_are_checked_and_deleted_accounts_are_gone(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = member(&app, Role::Admin).await;
    let (status, body) = get(&app, "/users/not-an-id", None).await;
    assert_eq!((status, error_fields(&body)), (400, vec!["id".to_string()]));
    let (status, _) = get(&app, &format!("/users/{}", Id::new()), None).await;
    assert_eq!(status, 404);

    let mut doc = doc(Role::Customer, 2);
    doc.status = UserStatus::Deleted;
    doc.deleted_at = Some(Timestamp::now());
    let gone = app.add_user(doc).await;
    let path = format!("/users/{}", gone.id);
    assert_eq!(get(&app, &path, None).await.0, 404);
    assert_eq!(
        get(&app, &path, Some(&member(&app, Role::Customer).await))
            .await
            .0,
        404
    );
    let (status, body) = get(&app, &path, Some(&admin)).await;
    assert_eq!(
        (status, body["data"]["status"].as_str()),
        (200, Some("deleted")),
        "admins can still look"
    );
}

#[apply(both_backends)]
pub async fn user_list_filters_pages_and_hides_inactive_accounts(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = member(&app, Role::Customer).await;
    let admin = member(&app, Role::Admin).await;
    assert_eq!(get(&app, "/users", None).await.0, 401);

    let mut techs = Vec::new();
    for i in 0..5u32 {
        let skills: &[&str] = if i % 2 == 0 {
            &["plumbing", "wiring"]
        } else {
            &["painting"]
        };
        let mut doc = technician_at(
            10 + i,
            near_nairobi(f64::from(i), 0.0),
            skills,
            3.0 + f64::from(i) * 0.4,
            false,
        );
        doc.first_name = format!("Fundi{i}");
        if i == 4 {
            doc.location.as_mut().unwrap().city = Some("Mombasa".into());
        }
        techs.push(app.add_user(doc).await.id.to_hex());
    }
    let mut banned = technician_at(20, near_nairobi(0.0, 0.0), &["plumbing"], 5.0, false);
    banned.status = UserStatus::Banned;
    let banned = app.add_user(banned).await.id.to_hex();

    // Cursor pages: every active technician once, newest first, banned one left out.
    let walked = walk_pages(&app, "/users?role=technician&limit=2", Some(&me)).await;
    let mut expected = techs.clone();
    expected.reverse();
    assert_eq!(walked, expected);

    // Page numbers return the total.
    let (status, body) = get(&app, "/users?role=technician&limit=2&page=2", Some(&me)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["pagination"]["page"], 2);
    assert_eq!(body["pagination"]["total"], 5);
    assert_eq!(ids(&body), expected[2..4]);

    // Filters.
    let (_, body) = get(
        &app,
        "/users?role=technician&skills=Plumbing,wiring",
        Some(&me),
    )
    .await;
    assert_eq!(
        ids(&body),
        [techs[4].clone(), techs[2].clone(), techs[0].clone()]
    );
    let (_, body) = get(&app, "/users?role=technician&minRating=4.1", Some(&me)).await;
    assert_eq!(ids(&body), [techs[4].clone(), techs[3].clone()]);
    let (_, body) = get(&app, "/users?city=mombasa", Some(&me)).await;
    assert_eq!(ids(&body), [techs[4].clone()]);
    let (_, body) = get(&app, "/users?q=Fundi3", Some(&me)).await;
    assert_eq!(ids(&body), [techs[3].clone()]);

    // Non-admins never see inactive accounts; admins may ask for them, in the private view.
    let (status, _) = get(&app, "/users?status=banned", Some(&me)).await;
    assert_eq!(status, 403);
    let (status, body) = get(&app, "/users?status=banned", Some(&admin)).await;
    assert_eq!((status, ids(&body)), (200, vec![banned]));
    assert!(body["data"][0]["email"].is_string());
    let (_, body) = get(&app, "/users?role=customer", Some(&me)).await;
    assert!(body["data"][0].get("email").is_none());

    let (status, body) = get(
        &app,
        "/users?role=wizard&limit=0&minRating=9&cursor=zzz",
        Some(&me),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        error_fields(&body),
        ["role", "minRating", "limit", "cursor"]
    );
}
