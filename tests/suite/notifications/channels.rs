//! The real channel clients against local servers answering as the documented APIs do: FCM
//! HTTP v1 with its OAuth token endpoint, Africa's Talking with its delivery reports, and
//! e-mail through an SMTP sink.

use baitech::domain::delivery::{MAX_ATTEMPTS, OutboxStatus};
use baitech::domain::notification::{Channel, NotificationType};
use baitech::domain::{Id, Timestamp};
use baitech::services::notifications::{notify, outbox};
use chrono::Duration;
use reqwest::{Method, StatusCode};
use rstest::rstest;
use rstest_reuse::apply;

use super::outbox::{draft, rows, with_devices};
use crate::common::gateways::africastalking::{AT_CALLBACK_SECRET, FakeAt};
use crate::common::gateways::fcm::{FCM_CLIENT_EMAIL, FakeFcm};
use crate::common::gateways::smtp::smtp_sink;
use crate::common::{Backend, TestApp, both_backends};

fn push_row(r: &[baitech::domain::delivery::Delivery]) -> baitech::domain::delivery::Delivery {
    r.iter()
        .find(|d| d.channel == Channel::Push)
        .unwrap()
        .clone()
}

#[apply(both_backends)]
async fn fcm_gets_one_cached_token_from_an_rs256_assertion_and_one_send_per_device(
    #[case] backend: Backend,
) {
    let fcm = FakeFcm::start().await;
    let app = TestApp::spawn_with_env(backend, fcm.env()).await;
    assert_eq!(app.app.push.backend(), "fcm");
    let me = with_devices(&app, &["phone-1", "tablet-2"]).await;
    let now = Timestamp::now();
    let n = notify(&app.app, draft(me.id, NotificationType::NewFollower, now))
        .await
        .unwrap()
        .unwrap();
    let d = outbox::run_once(&app.app, "w", now).await.unwrap();
    assert_eq!(d.sent, 1);
    let sends = fcm.sends();
    assert_eq!(sends.len(), 2, "one request per device token");
    let tokens: Vec<&str> = sends.iter().map(|m| m["token"].as_str().unwrap()).collect();
    assert_eq!(tokens, ["phone-1", "tablet-2"]);
    assert_eq!(sends[0]["notification"]["title"], "Payment received");
    assert_eq!(sends[0]["data"]["notificationId"], n.id.to_hex());
    assert_eq!(sends[0]["data"]["link"], "baitech://wallet");
    assert_eq!(sends[0]["android"]["priority"], "high");
    let claims = fcm.claims();
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0]["iss"], FCM_CLIENT_EMAIL);
    assert_eq!(
        claims[0]["scope"],
        "https://www.googleapis.com/auth/firebase.messaging"
    );
    assert_eq!(claims[0]["aud"], format!("{}/token", fcm.url));
    assert_eq!(
        claims[0]["exp"].as_i64().unwrap() - claims[0]["iat"].as_i64().unwrap(),
        3600
    );
    let row = push_row(&rows(&app, n.id).await);
    assert_eq!(row.status, OutboxStatus::Sent);
    assert!(
        row.provider_ref
            .as_deref()
            .unwrap()
            .starts_with("projects/baitech-test/messages/")
    );

    // A second notification reuses the cached token.
    notify(&app.app, draft(me.id, NotificationType::NewFollower, now))
        .await
        .unwrap();
    outbox::run_once(&app.app, "w", now).await.unwrap();
    assert_eq!(fcm.sends().len(), 4);
    assert_eq!(fcm.token_requests(), 1);
}

#[apply(both_backends)]
async fn fcm_failing_twice_delivers_once_and_always_failing_ends_failed(#[case] backend: Backend) {
    let fcm = FakeFcm::start().await;
    let app = TestApp::spawn_with_env(backend, fcm.env()).await;
    let me = with_devices(&app, &["phone-1"]).await;
    fcm.fail_next(StatusCode::SERVICE_UNAVAILABLE, None, "UNAVAILABLE");
    fcm.fail_next(StatusCode::TOO_MANY_REQUESTS, Some(120), "QUOTA_EXCEEDED");
    let mut now = Timestamp::now();
    let n = notify(&app.app, draft(me.id, NotificationType::NewFollower, now))
        .await
        .unwrap()
        .unwrap();
    outbox::run_once(&app.app, "w", now).await.unwrap();
    let r = push_row(&rows(&app, n.id).await);
    assert_eq!((r.status, r.attempts), (OutboxStatus::Queued, 1));
    assert_eq!(
        r.reason.as_deref(),
        Some("503 Service Unavailable UNAVAILABLE")
    );
    now = r.due_at;
    outbox::run_once(&app.app, "w", now).await.unwrap();
    let r = push_row(&rows(&app, n.id).await);
    assert_eq!(
        r.due_at,
        now.plus(Duration::seconds(120)),
        "Retry-After honoured"
    );
    outbox::run_once(&app.app, "w", r.due_at).await.unwrap();
    let r = push_row(&rows(&app, n.id).await);
    assert_eq!((r.status, r.attempts), (OutboxStatus::Sent, 3));
    assert_eq!(fcm.sends().len(), 1, "delivered once");

    fcm.always_fail();
    let mut now = Timestamp::now();
    let n = notify(&app.app, draft(me.id, NotificationType::NewFollower, now))
        .await
        .unwrap()
        .unwrap();
    for _ in 0..MAX_ATTEMPTS {
        outbox::run_once(&app.app, "w", now).await.unwrap();
        now = push_row(&rows(&app, n.id).await).due_at;
    }
    let r = push_row(&rows(&app, n.id).await);
    assert_eq!((r.status, r.attempts), (OutboxStatus::Failed, MAX_ATTEMPTS));
    assert_eq!(fcm.sends().len(), 1);
}

#[apply(both_backends)]
async fn an_unregistered_token_is_removed_from_the_user(#[case] backend: Backend) {
    let fcm = FakeFcm::start().await;
    let app = TestApp::spawn_with_env(backend, fcm.env()).await;
    let me = with_devices(&app, &["stale", "fresh"]).await;
    fcm.unregister("stale");
    let now = Timestamp::now();
    let n = notify(&app.app, draft(me.id, NotificationType::NewFollower, now))
        .await
        .unwrap()
        .unwrap();
    outbox::run_once(&app.app, "w", now).await.unwrap();
    assert_eq!(push_row(&rows(&app, n.id).await).status, OutboxStatus::Sent);
    let left: Vec<String> = app
        .app
        .store
        .users
        .get(me.id)
        .await
        .unwrap()
        .unwrap()
        .fcm_tokens
        .into_iter()
        .map(|t| t.token)
        .collect();
    assert_eq!(left, ["fresh"]);
    let sent: Vec<String> = fcm
        .sends()
        .iter()
        .map(|m| m["token"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(sent, ["fresh"]);
}

#[apply(both_backends)]
async fn africas_talking_codes_cost_and_delivery_reports(#[case] backend: Backend) {
    let at = FakeAt::start().await;
    let app = TestApp::spawn_with_env(backend, at.env()).await;
    assert_eq!(app.app.sms.backend(), "africastalking");
    let me = with_devices(&app, &[]).await;
    let now = Timestamp::now();
    // Payments reach SMS by default.
    let n = notify(
        &app.app,
        draft(me.id, NotificationType::PaymentReceived, now),
    )
    .await
    .unwrap()
    .unwrap();
    outbox::run_once(&app.app, "w", now).await.unwrap();
    let forms = at.forms();
    assert_eq!(forms.len(), 1);
    assert_eq!(forms[0]["to"], me.phone);
    assert_eq!(forms[0]["username"], "baitech");
    assert!(
        forms[0]["message"].contains("Payment received"),
        "{:?}",
        forms[0]
    );
    let sms = rows(&app, n.id)
        .await
        .into_iter()
        .find(|d| d.channel == Channel::Sms)
        .unwrap();
    assert_eq!(sms.status, OutboxStatus::Sent);
    assert_eq!(sms.provider_ref.as_deref(), Some("ATXid_1"));
    assert_eq!(sms.cost.as_deref(), Some("KES 0.8000"));

    // The delivery report: a wrong secret is a 404, the right one marks it delivered.
    let report = |secret: &str, status: &str, id: &str| {
        app.request(Method::POST, &format!("/api/v1/notifications/sms/delivery/{secret}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("id={id}&status={status}&phoneNumber=%2B{}&networkCode=63902&failureReason=&retryCount=0", &me.phone[1..]))
    };
    let r = report("not-the-secret-at-all", "Success", "ATXid_1")
        .send_raw()
        .await;
    assert_eq!(r.status(), 404);
    let r = report(AT_CALLBACK_SECRET, "Success", "ATXid_1")
        .send_raw()
        .await;
    assert_eq!(r.status(), 200);
    let sms = rows(&app, n.id)
        .await
        .into_iter()
        .find(|d| d.channel == Channel::Sms)
        .unwrap();
    assert_eq!(sms.status, OutboxStatus::Delivered);
    assert!(sms.delivered_at.is_some());

    // 403 InvalidPhoneNumber: undelivered at once. 405 InsufficientBalance: waits and retries.
    at.answer(&me.phone, 403, "InvalidPhoneNumber");
    let n = notify(
        &app.app,
        draft(me.id, NotificationType::PaymentReceived, now),
    )
    .await
    .unwrap()
    .unwrap();
    outbox::run_once(&app.app, "w", now).await.unwrap();
    let sms = rows(&app, n.id)
        .await
        .into_iter()
        .find(|d| d.channel == Channel::Sms)
        .unwrap();
    assert_eq!(
        (sms.status, sms.reason.as_deref()),
        (OutboxStatus::Undeliverable, Some("403 InvalidPhoneNumber"))
    );
    at.answer(&me.phone, 405, "InsufficientBalance");
    let n = notify(
        &app.app,
        draft(me.id, NotificationType::PaymentReceived, now),
    )
    .await
    .unwrap()
    .unwrap();
    outbox::run_once(&app.app, "w", now).await.unwrap();
    let sms = rows(&app, n.id)
        .await
        .into_iter()
        .find(|d| d.channel == Channel::Sms)
        .unwrap();
    assert_eq!((sms.status, sms.attempts), (OutboxStatus::Queued, 1));
    assert_eq!(sms.reason.as_deref(), Some("405 InsufficientBalance"));
    // Balance topped up: the retry goes out; the network later reports it failed.
    at.answer(&me.phone, 101, "Success");
    outbox::run_once(&app.app, "w", sms.due_at).await.unwrap();
    let sms = rows(&app, n.id)
        .await
        .into_iter()
        .find(|d| d.channel == Channel::Sms)
        .unwrap();
    assert_eq!(sms.status, OutboxStatus::Sent);
    let id = sms.provider_ref.unwrap();
    let r = app
        .request(
            Method::POST,
            &format!("/api/v1/notifications/sms/delivery/{AT_CALLBACK_SECRET}"),
        )
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "id={id}&status=Failed&phoneNumber=%2B254700000000&failureReason=AbsentSubscriber"
        ))
        .send_raw()
        .await;
    assert_eq!(r.status(), 200);
    let sms = rows(&app, n.id)
        .await
        .into_iter()
        .find(|d| d.channel == Channel::Sms)
        .unwrap();
    assert_eq!(
        (sms.status, sms.reason.as_deref()),
        (
            OutboxStatus::Undeliverable,
            Some("Failed: AbsentSubscriber")
        )
    );
    // An unknown message id changes nothing and is still a 200 (Africa's Talking stops retrying).
    let r = report(AT_CALLBACK_SECRET, "Success", &Id::new().to_hex())
        .send_raw()
        .await;
    assert_eq!(r.status(), 200);
}

#[apply(both_backends)]
async fn e_mail_goes_through_the_smtp_relay_with_text_and_html_from_one_template(
    #[case] backend: Backend,
) {
    let (port, inbox) = smtp_sink().await;
    let env = vec![
        ("SMTP_URL".to_string(), format!("smtp://127.0.0.1:{port}")),
        (
            "EMAIL_FROM".to_string(),
            "BaiTech <no-reply@baitech.test>".to_string(),
        ),
    ];
    let app = TestApp::spawn_with_env(backend, env).await;
    let me = with_devices(&app, &[]).await;
    let now = Timestamp::now();
    let n = notify(
        &app.app,
        draft(me.id, NotificationType::PaymentReceived, now),
    )
    .await
    .unwrap()
    .unwrap();
    outbox::run_once(&app.app, "w", now).await.unwrap();
    let mail = rows(&app, n.id)
        .await
        .into_iter()
        .find(|d| d.channel == Channel::Email)
        .unwrap();
    assert_eq!(mail.status, OutboxStatus::Sent);
    let got = inbox.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, [format!("<{}>", me.email)]);
    let data = &got[0].data;
    assert!(data.contains("Subject: Payment received"), "{data}");
    assert!(
        data.contains("text/plain") && data.contains("text/html"),
        "{data}"
    );
    assert!(data.contains("KES 2,500"), "{data}");
    assert!(data.contains("baitech://wallet"), "{data}");
}
