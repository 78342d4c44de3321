//! The notifier inside `baitech serve`: one subscription to every event, each turned into its
//! drafts and made into notifications in order. It also follows presence (who has a socket
//! open), so chat messages notify only members who are away.

use std::collections::HashSet;

use futures::StreamExt;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::app::App;
use crate::error::Result;
use crate::realtime::{Event, Topic};

use super::{events, notify};

/// The running notifier; [`NotifierHandle::stop`] ends it.
pub struct NotifierHandle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl NotifierHandle {
    /// Finishes the event in hand, then stops.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self.task.await {
            tracing::warn!(error = %e, "the notifier ended abnormally");
        }
    }
}

/// Subscribes to every event (registered before this returns, so nothing published after it
/// is missed) and makes notifications until stopped or the event stream ends.
pub async fn spawn(app: App) -> Result<NotifierHandle> {
    let mut events = app.realtime.subscribe(Topic::All).await?;
    let (stop, mut stopped) = watch::channel(false);
    let task = tokio::spawn(async move {
        let mut online = HashSet::new();
        loop {
            let event = tokio::select! {
                e = events.next() => e,
                _ = stopped.changed() => None,
            };
            let Some(event) = event else { break };
            handle(&app, &event, &mut online).await;
        }
        tracing::info!("notifier stopped");
    });
    tracing::info!("notifier started");
    Ok(NotifierHandle { stop, task })
}

/// Makes the notifications of one event; failures are logged and the next event goes on.
pub async fn handle(app: &App, event: &Event, online: &mut HashSet<crate::domain::Id>) {
    if let Event::Presence {
        user, online: on, ..
    } = event
    {
        if *on {
            online.insert(*user);
        } else {
            online.remove(user);
        }
        return;
    }
    let drafts = match events::drafts_for(app, event, online).await {
        Ok(d) => d,
        Err(e) => {
            tracing::warn!(error = %e, "notifier: reading what an event concerns failed");
            return;
        }
    };
    for d in drafts {
        let (recipient, kind) = (d.recipient, d.kind);
        if let Err(e) = notify(app, d).await {
            tracing::warn!(error = %e, user.id = %recipient, notification.kind = kind.as_str(), "notifier: a notification was not made");
        }
    }
}
