//! The SMTP e-mail gateway against a tiny SMTP sink on a loopback port, directly and through
//! a server configured with `SMTP_URL`.

use std::collections::HashMap;
use std::sync::Arc;

use baitech::config::{Config, Overrides, SmtpConfig};
use baitech::gateways::{EmailGateway, EmailMessage, SmtpEmail};
use tokio::net::TcpListener;

use super::{GOOD_PASSWORD, registration};
use crate::common::gateways::smtp::smtp_sink;
use crate::common::{self, Backend};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_smtp_gateway_delivers_to_the_relay() {
    common::init();
    let (port, inbox) = smtp_sink().await;
    let gateway = SmtpEmail::new(&SmtpConfig {
        url: format!("smtp://127.0.0.1:{port}"),
        from: "BaiTech <no-reply@baitech.test>".into(),
    })
    .unwrap();
    assert_eq!(gateway.backend(), "smtp");
    gateway
        .send(&EmailMessage {
            to: "amina@example.co.ke".into(),
            subject: "Your booking is confirmed".into(),
            text: "See you at 10:00.".into(),
            html: Some("<p>See you at <b>10:00</b>.</p>".into()),
        })
        .await
        .unwrap();
    let got = inbox.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].from, "<no-reply@baitech.test>");
    assert_eq!(got[0].to, ["<amina@example.co.ke>"]);
    assert!(
        got[0].data.contains("Subject: Your booking is confirmed"),
        "{}",
        got[0].data
    );
    assert!(
        got[0].data.contains("To: amina@example.co.ke"),
        "{}",
        got[0].data
    );
    assert!(got[0].data.contains("See you at 10:00."));
    assert!(got[0].data.contains("text/html"));
}

/// A server whose configuration names an SMTP relay sends its account mail there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_with_smtp_configured_mails_through_it() {
    let (port, inbox) = smtp_sink().await;
    let ts = common::test_store(Backend::Embedded).await;
    let dir = ts.data_dir.as_ref().unwrap().path().to_path_buf();
    let vars: HashMap<String, String> = [
        ("BAITECH_ENV", "test".to_string()),
        ("SMTP_URL", format!("smtp://127.0.0.1:{port}")),
        ("EMAIL_FROM", "BaiTech <no-reply@baitech.test>".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let config = Config::from_map(
        Overrides {
            data_dir: Some(dir),
            ..Default::default()
        },
        &vars,
    )
    .unwrap();
    let app = baitech::app::App::new(
        config,
        ts.store.clone(),
        Arc::new(baitech::cache::MemoryCache::new(1000)),
    )
    .unwrap();
    assert_eq!(app.email.backend(), "smtp");
    assert!(app.email.sandbox_outbox().is_none());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(baitech::api::serve(app, listener, async move {
        let _ = stopped.await;
    }));

    let body = registration("technician");
    let client = crate::common::TestClient::new(addr, std::time::Duration::from_secs(30));
    let (status, _) = client
        .call(
            reqwest::Method::POST,
            "/auth/register",
            None,
            Some(body.clone()),
        )
        .await;
    assert_eq!(status, 201);
    let email = body["email"].as_str().unwrap();
    let mut delivered = None;
    for _ in 0..200 {
        if let Some(m) = inbox.lock().unwrap().first().cloned() {
            delivered = Some(m);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    let m = delivered.expect("the verification mail reached the relay");
    assert_eq!(m.to, [format!("<{email}>")]);
    assert!(
        m.data
            .contains("Subject: Confirm your BaiTech e-mail address"),
        "{}",
        m.data
    );
    assert!(!m.data.contains(GOOD_PASSWORD));
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
