//! `notification:new` reaches the recipient's connected socket (the real `socket.io-client`).

use std::process::Stdio;
use std::time::Duration;

use baitech::domain::user::Role;
use baitech::domain::{Id, Timestamp};
use baitech::realtime::Event;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};

use super::Notifying;
use crate::bookings::person;
use crate::common::{Backend, both_backends};

#[apply(both_backends)]
async fn a_new_notification_reaches_the_recipients_socket(#[case] backend: Backend) {
    if !crate::chat::socket::client_ready() {
        return;
    }
    let app = Notifying::spawn(backend).await;
    let me = person(&app, Role::Customer).await;
    let author = person(&app, Role::Technician).await;
    let cfg = json!({ "socket": format!("http://{}", app.addr), "token": me.token });
    let mut child = tokio::process::Command::new("node")
        .arg("notify.mjs")
        .current_dir(crate::chat::socket::client_dir())
        .env("BAITECH_SIO", cfg.to_string())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("node runs");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
        .await
        .expect("the client connects")
        .unwrap();
    assert_eq!(first.as_deref(), Some("ready"), "{first:?}");
    let post = Id::new();
    app.publish(Event::Mentioned {
        user: me.id,
        by: author.id,
        post,
        comment: None,
        at: Timestamp::now(),
    })
    .await;
    let got = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
        .await
        .expect("the notification arrives")
        .unwrap()
        .unwrap_or_default();
    let data: Value =
        serde_json::from_str(got.strip_prefix("got ").unwrap_or_else(|| panic!("{got}"))).unwrap();
    assert_eq!(data["type"], "mentioned");
    assert_eq!(data["deepLink"], format!("baitech://post/{post}"));
    assert_eq!(data["actors"], json!([author.id]));
    let _ = child.wait().await;
}
