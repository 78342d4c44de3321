//! Notifications: what happened, told to the right person once, on the channels they want.
//!
//! Every producer hands a [`Draft`] to [`notify`]: the events on the bus through the
//! [`subscriber`] (bookings, money, reviews, social, account changes, mentions, moderation,
//! chat), and the few writers that know something no event says (a matching offer, a warranty
//! about to end) directly. [`notify`] reads the
//! recipient's preferences, plans the channels (in-app always; push, e-mail and SMS by the
//! switches, read-only types by their defaults, push and SMS held through quiet hours),
//! collapses it into the recipient's latest notification of the same group inside
//! [`GROUP_WINDOW`], stores it and tells the recipient's sockets (`notification:new`).
//!
//! Exactly once, with several instances: every instance hears every event (Redis pub/sub), so
//! each computes the same notification id from the draft's source (the event's identity) and
//! only the first insert of that id succeeds; the others get a conflict and do nothing.

pub mod account;
pub mod channels;
pub mod events;
pub mod inbox;
pub mod money;
pub mod outbox;
pub mod preferences;
pub mod reports;
pub mod social;
pub mod subscriber;

use chrono::Duration;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::app::App;
use crate::domain::deep_link::DeepLink;
use crate::domain::delivery::{Delivery, OutboxStatus};
use crate::domain::notification::{
    Channel, ChannelDelivery, Notification, NotificationGroup, NotificationType, Priority,
};
use crate::domain::notification_preferences::Planned;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::realtime::Event;
use crate::store::{Condition, Update};

pub use subscriber::{NotifierHandle, spawn};

/// How long a notification stays in the inbox.
pub const KEEP_DAYS: i64 = 30;
/// Notifications of one group this close together collapse into one inbox item.
pub const GROUP_WINDOW: Duration = Duration::hours(1);
/// How many of a group's latest actors an item keeps.
pub const LATEST_ACTORS: usize = 3;

/// A notification about to be made: what happened, for whom, and how it reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub recipient: Id,
    pub kind: NotificationType,
    /// Who did it, and their name for a group's title.
    pub actor: Option<(Id, String)>,
    pub title: String,
    pub body: String,
    pub priority: Priority,
    pub link: DeepLink,
    pub action_data: Value,
    /// Drafts with the same key collapse inside [`GROUP_WINDOW`] ("Amina and 3 others ...").
    pub group_key: Option<String>,
    /// What a group's actors did, for its title ("liked your post").
    pub summary: Option<String>,
    /// The identity of what caused it (an event), the same on every instance.
    pub source: String,
    pub at: Timestamp,
}

impl Draft {
    /// A draft of `kind` for `recipient` caused by `source` at `at`, linking to `link`.
    pub fn new(
        recipient: Id,
        kind: NotificationType,
        title: impl Into<String>,
        body: impl Into<String>,
        link: DeepLink,
        source: String,
        at: Timestamp,
    ) -> Draft {
        Draft {
            recipient,
            kind,
            actor: None,
            title: title.into(),
            body: body.into(),
            priority: Priority::Normal,
            link,
            action_data: json!({}),
            group_key: None,
            summary: None,
            source,
            at,
        }
    }

    pub fn priority(mut self, p: Priority) -> Draft {
        self.priority = p;
        self
    }

    pub fn actor(mut self, id: Id, name: impl Into<String>) -> Draft {
        self.actor = Some((id, name.into()));
        self
    }

    pub fn action(mut self, data: Value) -> Draft {
        self.action_data = data;
        self
    }

    /// Collapses with drafts of the same `key`; a group reads "<actor> and N others <summary>".
    pub fn grouped(mut self, key: String, summary: impl Into<String>) -> Draft {
        self.group_key = Some(key);
        self.summary = Some(summary.into());
        self
    }

    /// The notification's id: from the source, recipient and type, so every instance that
    /// turns the same event into this notification picks the same id. Its time part is the
    /// draft's, so inbox order (newest id first) is time order.
    pub fn id(&self) -> Id {
        let digest = Sha256::digest(
            format!("{}|{}|{}", self.source, self.recipient, self.kind.as_str()).as_bytes(),
        );
        let hash = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
        let millis = self.at.millis();
        let secs = (millis / 1000).clamp(0, i64::from(u32::MAX)) as u32;
        // The counter leads with the millisecond, so notifications of one second keep their
        // order too; the rest is the hash.
        let counter = ((millis.rem_euclid(1000) as u64) << 54) | (hash >> 10);
        Id::from_parts(secs, counter)
    }
}

/// The first name of `user`, or a neutral word when it cannot be read.
pub async fn name_of(app: &App, user: Id) -> String {
    match app.store.users.get(user).await {
        Ok(Some(u)) if !u.is_deleted() => u.first_name.trim().to_string(),
        _ => "Someone".to_string(),
    }
}

/// The title of a group whose latest actor is `name`.
pub fn group_title(name: &str, group: &NotificationGroup, summary: &str) -> String {
    match group.actor_count.saturating_sub(1) {
        0 if group.count > 1 => format!("{name} {summary} ({})", group.count),
        0 => format!("{name} {summary}"),
        1 => format!("{name} and 1 other {summary}"),
        n => format!("{name} and {n} others {summary}"),
    }
}

/// Publishes `event` and makes its notifications here and now, for writers that may run where
/// no notifier listens (a CLI command without Redis). A notifier that hears the event too
/// derives the same notification ids, so each notification is still made once.
pub async fn publish_and_notify(app: &App, event: Event) {
    app.publish(event.clone()).await;
    subscriber::handle(app, &event, &mut std::collections::HashSet::new()).await;
}

/// Makes, stores and announces the notification of `draft`; `None` when it was already made
/// (by this or another instance). A recipient that no longer exists gets nothing.
pub async fn notify(app: &App, draft: Draft) -> Result<Option<Notification>> {
    let prefs = preferences::of(app, draft.recipient).await?;
    let plan = prefs.plan(draft.kind, draft.priority, draft.at);
    let mut n = Notification {
        id: draft.id(),
        recipient: draft.recipient,
        actor: draft.actor.as_ref().map(|(id, _)| *id),
        kind: draft.kind,
        title: draft.title.clone(),
        body: draft.body.clone(),
        category: draft.kind.category(),
        priority: draft.priority,
        channels: plan.iter().map(|p| p.channel).collect(),
        // Copied from the outbox rows as they change (`outbox::record`); in-app is stored,
        // so delivered.
        delivery: vec![ChannelDelivery::in_app(draft.at)],
        group_key: draft.group_key.clone(),
        group: None,
        deep_link: Some(draft.link.to_string()),
        action_data: Some(draft.action_data.clone()),
        read: false,
        read_at: None,
        expires_at: Some(draft.at.plus(Duration::days(KEEP_DAYS))),
        created_at: draft.at,
        updated_at: draft.at,
    };
    let replaced = collapse(app, &draft, &mut n).await?;
    if replaced.is_none() {
        // Each planned channel gets a fresh row (`queue`); a group's rows are recorded as
        // `queue` takes them over.
        n.delivery.extend(
            plan.iter()
                .filter(|p| p.channel != Channel::InApp)
                .map(|p| ChannelDelivery::queued(p.channel)),
        );
    }
    match app.store.notifications.insert(&n).await {
        Ok(()) => {}
        Err(Error::Conflict(_)) => return Ok(None),
        Err(e) => return Err(e),
    }
    queue(app, &n, &plan, replaced).await?;
    if let Some(old) = replaced {
        // The group now lives in `n` (its waiting deliveries too); the item it replaces
        // leaves the inbox.
        app.store.notifications.delete(old).await?;
    }
    let mut data = serde_json::to_value(inbox::NotificationView::of(&n))
        .map_err(|e| Error::internal("encoding a notification", e))?;
    if let Some(old) = replaced {
        data["replaces"] = json!(old);
    }
    let event = Event::Notification {
        user: n.recipient,
        data,
    };
    app.publish(event).await;
    Ok(Some(n))
}

/// Folds the recipient's latest notification of the draft's group (inside the window) into
/// `n`; the id of the item `n` replaces.
async fn collapse(app: &App, draft: &Draft, n: &mut Notification) -> Result<Option<Id>> {
    let (Some(key), Some(summary)) = (&draft.group_key, &draft.summary) else {
        return Ok(None);
    };
    let since = draft.at.minus(GROUP_WINDOW);
    let Some(prev) = app
        .store
        .notifications
        .latest_in_group(draft.recipient, key, since, draft.at)
        .await?
    else {
        return Ok(None);
    };
    if prev.id == n.id {
        return Ok(None);
    }
    let mut group = prev
        .group
        .clone()
        .unwrap_or_else(|| NotificationGroup::first(prev.actor, prev.created_at));
    group.add(n.actor, LATEST_ACTORS);
    if let Some((_, name)) = &draft.actor {
        n.title = group_title(name, &group, summary);
    }
    n.group = Some(group);
    Ok(Some(prev.id))
}

/// Queues the outbox rows of `n`: one per planned channel besides in-app, due when quiet hours
/// end. A notification folded into a group takes over the rows of the item it replaces that
/// are still waiting (so a push not yet sent tells of the whole group); when that item's push
/// went out already, the group gets one summary push, due when its window closes.
async fn queue(app: &App, n: &Notification, plan: &[Planned], replaced: Option<Id>) -> Result<()> {
    let Some(old) = replaced else {
        for p in plan.iter().filter(|p| p.channel != Channel::InApp) {
            let due = p.not_before.unwrap_or(n.created_at);
            let id = outbox::delivery_id(n.id, p.channel, "");
            let d = Delivery::queued(id, n.id, n.recipient, p.channel, due, n.created_at);
            outbox::enqueue(app, &d).await?;
        }
        return Ok(());
    };
    let mut push_waiting = false;
    for mut d in app.store.deliveries.deliveries_of(old).await? {
        if d.status != OutboxStatus::Queued {
            continue;
        }
        d.notification = n.id;
        d.updated_at = n.created_at;
        let only_if = [Condition::Is("status", json!("queued"))];
        let change = Update {
            set_from: Some((&d, &["notification", "updatedAt"][..])),
            inc: &[],
            only_if: &only_if,
        };
        if let Some(moved) = app.store.deliveries.update(d.id, change).await? {
            outbox::record(app, &moved).await?;
            push_waiting |= moved.channel == Channel::Push;
        }
    }
    let (Some(group), Some(push)) = (&n.group, plan.iter().find(|p| p.channel == Channel::Push))
    else {
        return Ok(());
    };
    if push_waiting {
        return Ok(());
    }
    let anchor = format!(
        "summary:{}:{}:{}",
        n.recipient,
        n.group_key.as_deref().unwrap_or(""),
        group.first_at.millis()
    );
    let id = outbox::delivery_id(n.id, Channel::Push, &anchor);
    let due = push
        .not_before
        .unwrap_or(n.created_at)
        .max(group.first_at.plus(GROUP_WINDOW));
    let d = Delivery::queued(id, n.id, n.recipient, Channel::Push, due, n.created_at);
    if outbox::enqueue(app, &d).await? {
        outbox::record(app, &d).await?;
    }
    Ok(())
}
