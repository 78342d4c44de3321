//! Notifications on both storage adapters: each event tells the right people and nobody else,
//! once; the inbox routes (filters, paging, read marks, the unread count, deleting, expiry);
//! preferences, read-only types and quiet hours; grouping; the outbox under failure (leases,
//! back-off, restarts, the SMS fallback); FCM, Africa's Talking and e-mail against local
//! servers; and `notification:new` on a connected socket.

mod channels;
mod events;
mod flows;
mod grouping;
mod inbox;
mod outbox;
mod preferences;
mod producers;
mod socket;
mod tracking;

use std::time::Duration;

use baitech::domain::user::Role;
use baitech::domain::{Id, Timestamp};
use baitech::realtime::Event;
use baitech::services::notifications::{self, NotifierHandle};
use reqwest::Method;
use serde_json::Value;

use crate::bookings::person;
use crate::common::users::TestUser;
use crate::common::{Backend, TestApp};

/// A server whose notifier runs, as `baitech serve` starts it; and a probe user whose
/// mention, published after the events under test, shows they were all handled (the notifier
/// takes events in order).
pub struct Notifying {
    pub app: TestApp,
    /// Kept for as long as the server runs (dropping it does not stop the task).
    _notifier: NotifierHandle,
    probe: TestUser,
}

impl std::ops::Deref for Notifying {
    type Target = TestApp;
    fn deref(&self) -> &TestApp {
        &self.app
    }
}

impl Notifying {
    pub async fn spawn(backend: Backend) -> Notifying {
        Self::with_env(backend, Vec::new()).await
    }

    pub async fn with_env(backend: Backend, env: Vec<(String, String)>) -> Notifying {
        let app = TestApp::spawn_with_env(backend, env).await;
        let notifier = notifications::spawn(app.app.clone())
            .await
            .expect("the notifier subscribes");
        let probe = person(&app, Role::Customer).await;
        Notifying {
            app,
            _notifier: notifier,
            probe,
        }
    }

    /// Publishes `event` as a service would after its write.
    pub async fn publish(&self, event: Event) {
        self.app.app.realtime.publish(event).await.expect("publish");
    }

    /// Waits until the notifier handled every event published so far.
    pub async fn settle(&self) {
        settled(&self.app, &self.probe).await;
    }
}

/// Waits until the notifier running on `app` handled every event published so far: `probe`
/// (a user of its own) is mentioned after them, and the notifier takes events in order.
pub async fn settled(app: &TestApp, probe: &TestUser) {
    let inbox_len = || async { inbox(app, probe, "?limit=100").await.len() };
    let before = inbox_len().await;
    let mention = Event::Mentioned {
        user: probe.id,
        by: probe.id,
        post: Id::new(),
        comment: None,
        at: Timestamp::now(),
    };
    app.app.realtime.publish(mention).await.expect("publish");
    for _ in 0..400 {
        if inbox_len().await > before {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the notifier did not handle the probe event");
}

/// `GET /notifications{query}` as `who`: the items.
pub async fn inbox(app: &TestApp, who: &TestUser, query: &str) -> Vec<Value> {
    let (s, b) = app
        .call(
            Method::GET,
            &format!("/notifications{query}"),
            Some(who),
            None,
        )
        .await;
    assert_eq!(s, 200, "{b}");
    b["data"].as_array().expect("a list").clone()
}

/// The types of `who`'s inbox, newest first.
pub async fn kinds(app: &TestApp, who: &TestUser) -> Vec<String> {
    inbox(app, who, "?limit=100")
        .await
        .iter()
        .map(|n| n["type"].as_str().unwrap_or_default().to_string())
        .collect()
}
