//! `GET/PUT /notifications/preferences`: the category × channel matrix over the defaults,
//! which types ignore it, quiet hours and their time zone.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::app::App;
use crate::auth::Caller;
use crate::domain::Timestamp;
use crate::domain::id::Id;
use crate::domain::notification::{Channel, NotificationCategory, NotificationType};
use crate::domain::notification_preferences::{NotificationPreferences, QuietHours, is_read_only};
use crate::error::{Error, Result};
use crate::services::input::{Obj, Patch, Problems};

/// The preferences of `user` (the defaults when they never changed any).
pub async fn of(app: &App, user: Id) -> Result<NotificationPreferences> {
    Ok(app
        .store
        .notification_preferences
        .get(user)
        .await?
        .unwrap_or_else(|| NotificationPreferences::defaults(user, Timestamp::now())))
}

/// The preferences as clients see them.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PreferencesView {
    /// `{category: {channel: on}}` for every category and channel (`in_app` is always on).
    #[schema(value_type = Object, example = json!({"social": {"in_app": true, "push": true, "email": false, "sms": false}}))]
    pub channels: BTreeMap<&'static str, BTreeMap<&'static str, bool>>,
    pub quiet_hours: Option<QuietHours>,
    /// IANA time zone of the quiet hours.
    pub timezone: String,
    /// Types that reach their default channels whatever the switches say.
    pub read_only_types: Vec<NotificationType>,
}

impl PreferencesView {
    pub fn of(p: &NotificationPreferences) -> PreferencesView {
        let channels = NotificationCategory::ALL
            .iter()
            .map(|c| {
                let row = Channel::ALL
                    .iter()
                    .map(|ch| (ch.as_str(), p.is_on(*c, *ch)))
                    .collect();
                (c.as_str(), row)
            })
            .collect();
        PreferencesView {
            channels,
            quiet_hours: p.quiet_hours.clone(),
            timezone: p.timezone.clone(),
            read_only_types: NotificationType::ALL
                .iter()
                .copied()
                .filter(|t| is_read_only(*t))
                .collect(),
        }
    }
}

/// `GET /notifications/preferences`.
pub async fn show(app: &App, caller: &Caller) -> Result<PreferencesView> {
    Ok(PreferencesView::of(&of(app, caller.id).await?))
}

/// `PUT /notifications/preferences` — only what is sent changes: `channels` (a partial
/// matrix), `quietHours` (`null` clears them), `timezone`.
pub async fn update(app: &App, caller: &Caller, body: Value) -> Result<PreferencesView> {
    let mut prefs = of(app, caller.id).await?;
    let mut p = Problems::new();
    let Some(mut obj) = Obj::body(body, &mut p) else {
        return Err(Error::Validation(p.into_errors()));
    };
    if let Patch::Set(channels) = obj.object("channels", &mut p) {
        read_matrix(channels, &mut prefs, &mut p);
    }
    match obj.take::<QuietHours>("quietHours", &mut p) {
        Patch::Set(q) if q.minutes().is_some() => prefs.quiet_hours = Some(q),
        Patch::Set(_) => p.push(
            "quietHours",
            "start and end must be different HH:MM times (e.g. 22:00 and 07:00)",
        ),
        Patch::Clear => prefs.quiet_hours = None,
        Patch::Absent => {}
    }
    if let Some(tz) = obj.take_value::<String>("timezone", &mut p) {
        if tz.parse::<chrono_tz::Tz>().is_ok() {
            prefs.timezone = tz;
        } else {
            p.push(
                "timezone",
                "must be an IANA time zone such as Africa/Nairobi",
            );
        }
    }
    obj.finish(&mut p, &[]);
    p.finish()?;
    prefs.updated_at = Timestamp::now();
    save(app, &prefs).await?;
    Ok(PreferencesView::of(&prefs))
}

fn read_matrix(mut channels: Obj, prefs: &mut NotificationPreferences, p: &mut Problems) {
    for category in NotificationCategory::ALL {
        let Patch::Set(mut row) = channels.object(category.as_str(), p) else {
            continue;
        };
        for channel in Channel::ALL {
            let Some(on) = row.take_value::<bool>(channel.as_str(), p) else {
                continue;
            };
            if *channel == Channel::InApp && !on {
                p.push(
                    row.field(channel.as_str()),
                    "in-app notifications are always kept",
                );
                continue;
            }
            prefs.set(*category, *channel, on);
        }
        row.finish(p, &[]);
    }
    channels.finish(p, &[]);
}

/// Stores `prefs`, the first time or again.
async fn save(app: &App, prefs: &NotificationPreferences) -> Result<()> {
    let repo = &app.store.notification_preferences;
    if repo.get(prefs.id).await?.is_some() {
        return repo.replace(prefs).await;
    }
    match repo.insert(prefs).await {
        // Two first saves at once: the later one wins, as a replace would.
        Err(Error::Conflict(_)) => repo.replace(prefs).await,
        other => other,
    }
}
