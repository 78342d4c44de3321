//! The inbox routes: a page of (grouped) notifications, read marks, the unread count and
//! deleting one. Expired notifications are never listed or counted.

use serde::Serialize;
use serde_json::Value;

use crate::app::App;
use crate::auth::Caller;
use crate::domain::notification::{
    Channel, Notification, NotificationCategory, NotificationType, OutboxStatus, Priority,
};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::services::input::{Params, Problems};
use crate::store::{NotificationFilter, Page, PageRequest};

/// One inbox item as clients see it: a notification, or a group collapsed into one.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationView {
    #[serde(rename = "_id")]
    pub id: Id,
    #[serde(rename = "type")]
    pub kind: NotificationType,
    pub category: NotificationCategory,
    pub title: String,
    pub body: String,
    pub priority: Priority,
    pub read: bool,
    pub read_at: Option<Timestamp>,
    /// `baitech://...`, one of the app's routes.
    pub deep_link: Option<String>,
    pub action_data: Option<Value>,
    pub group_key: Option<String>,
    /// How many notifications this item stands for (1 unless grouped).
    pub count: u32,
    /// The latest actors, newest first (at most three).
    pub actors: Vec<Id>,
    /// When the group's first notification came.
    pub first_at: Timestamp,
    /// When its latest came.
    pub latest_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    /// Where it stands on each of its channels.
    pub delivery: Vec<DeliveryView>,
}

/// A notification's state on one channel, as its owner sees it (the provider's reason and
/// cost stay with operators: `baitech export notifications`).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryView {
    pub channel: Channel,
    /// `queued`, `sent`, `delivered`, `failed`, `undelivered` or `not_sent`.
    pub status: OutboxStatus,
    pub attempts: u32,
    pub sent_at: Option<Timestamp>,
    pub delivered_at: Option<Timestamp>,
}

impl NotificationView {
    pub fn of(n: &Notification) -> NotificationView {
        let (count, actors, first_at) = match &n.group {
            Some(g) => (g.count, g.actors.clone(), g.first_at),
            None => (1, n.actor.into_iter().collect(), n.created_at),
        };
        NotificationView {
            id: n.id,
            kind: n.kind,
            category: n.category,
            title: n.title.clone(),
            body: n.body.clone(),
            priority: n.priority,
            read: n.read,
            read_at: n.read_at,
            deep_link: n.deep_link.clone(),
            action_data: n.action_data.clone(),
            group_key: n.group_key.clone(),
            count,
            actors,
            first_at,
            latest_at: n.created_at,
            expires_at: n.expires_at,
            delivery: n
                .delivery
                .iter()
                .map(|d| DeliveryView {
                    channel: d.channel,
                    status: d.status,
                    attempts: d.attempts,
                    sent_at: d.sent_at,
                    delivered_at: d.delivered_at,
                })
                .collect(),
        }
    }
}

const LIST_PARAMS: &[&str] = &["category", "unread", "limit", "cursor", "page"];

/// `GET /notifications?category=&unread=&limit=&cursor=`: newest first.
pub async fn list(
    app: &App,
    caller: &Caller,
    query: Vec<(String, String)>,
) -> Result<Page<NotificationView>> {
    let mut p = Problems::new();
    let q = Params::new(query, LIST_PARAMS, &mut p);
    let category = q.get("category").and_then(|c| {
        let found = NotificationCategory::parse(c);
        if found.is_none() {
            let all: Vec<&str> = NotificationCategory::ALL
                .iter()
                .map(|c| c.as_str())
                .collect();
            p.push("category", format!("must be one of {}", all.join(", ")));
        }
        found
    });
    let unread = q.flag("unread", &mut p).unwrap_or(false);
    let page = match PageRequest::parse(q.get("limit"), q.get("cursor"), q.get("page")) {
        Ok(page) => Some(page),
        Err(Error::Validation(errs)) => {
            p.extend(errs);
            None
        }
        Err(e) => return Err(e),
    };
    let page = p.finish_with(page)?;
    let filter = NotificationFilter {
        recipient: caller.id,
        unread_only: unread,
        category,
        now: Timestamp::now(),
    };
    let found = app
        .store
        .notifications
        .list_notifications(&filter, &page)
        .await?;
    Ok(found.map(|n| NotificationView::of(&n)))
}

/// `PUT /notifications/:id/read`: the caller's notification, read.
pub async fn read(app: &App, caller: &Caller, id: Id) -> Result<NotificationView> {
    let now = Timestamp::now();
    // An expired one is as gone as a missing one: it is not marked either.
    mine(app, caller, id, now).await?;
    if !app
        .store
        .notifications
        .mark_notification_read(id, caller.id, now)
        .await?
    {
        return Err(Error::NotFound("notification"));
    }
    mine(app, caller, id, now)
        .await
        .map(|n| NotificationView::of(&n))
}

/// `PUT /notifications/read-all`: how many were marked.
pub async fn read_all(app: &App, caller: &Caller) -> Result<u64> {
    app.store
        .notifications
        .mark_all_notifications_read(caller.id, Timestamp::now())
        .await
}

/// `GET /notifications/unread-count`.
pub async fn unread_count(app: &App, caller: &Caller) -> Result<u64> {
    app.store
        .notifications
        .unread_notification_count(caller.id, Timestamp::now())
        .await
}

/// `DELETE /notifications/:id`: the caller's notification leaves the inbox.
pub async fn delete(app: &App, caller: &Caller, id: Id) -> Result<()> {
    mine(app, caller, id, Timestamp::now()).await?;
    app.store.notifications.delete(id).await?;
    Ok(())
}

/// The caller's unexpired notification `id`; someone else's is as absent as a missing one.
async fn mine(app: &App, caller: &Caller, id: Id, now: Timestamp) -> Result<Notification> {
    match app.store.notifications.get(id).await? {
        Some(n) if n.recipient == caller.id && !n.is_expired(now) => Ok(n),
        _ => Err(Error::NotFound("notification")),
    }
}
