//! One attempt on one channel: the message rendered from the notification (push, e-mail and
//! SMS read from one template), sent through its gateway, and the answer turned into the
//! delivery's outcome.

use std::collections::BTreeMap;

use chrono::Duration;

use crate::app::App;
use crate::domain::Timestamp;
use crate::domain::delivery::Delivery;
use crate::domain::notification::{Channel, Notification, Priority};
use crate::domain::user::User;
use crate::error::{Error, Result};
use crate::gateways::email::EmailMessage;
use crate::gateways::push::{PushMessage, PushOutcome};
use crate::gateways::sms::{self, SmsOutcome};

/// Tries `d` once at `now`; the outcome is written into `d`.
pub async fn send(
    app: &App,
    n: &Notification,
    d: &mut Delivery,
    now: Timestamp,
    jitter: f64,
) -> Result<()> {
    let user = match app.store.users.get(n.recipient).await? {
        Some(u) if !u.is_deleted() => u,
        _ => {
            d.not_sent(now, "the account no longer exists".into());
            return Ok(());
        }
    };
    match d.channel {
        Channel::Push => push(app, n, &user, d, now, jitter).await,
        Channel::Email => email(app, n, &user, d, now, jitter).await,
        Channel::Sms => text(app, n, &user, d, now, jitter).await,
        Channel::InApp => {
            d.not_sent(now, "in-app notifications are stored, not sent".into());
            Ok(())
        }
    }
}

/// The push of `n` for `token`, within FCM's payload limit.
pub fn push_message(n: &Notification, token: &str) -> PushMessage {
    let mut data = BTreeMap::new();
    data.insert("notificationId".to_string(), n.id.to_hex());
    data.insert("type".to_string(), n.kind.as_str().to_string());
    if let Some(link) = &n.deep_link {
        data.insert("link".to_string(), link.clone());
    }
    if let Some(a) = &n.action_data {
        data.insert("actionData".to_string(), a.to_string());
    }
    if let Some(g) = &n.group {
        data.insert("count".to_string(), g.count.to_string());
    }
    PushMessage {
        token: token.to_string(),
        title: n.title.clone(),
        body: n.body.clone(),
        data,
        collapse_key: n.group_key.clone(),
        high_priority: matches!(n.priority, Priority::High | Priority::Urgent),
    }
    .fit()
}

/// One send per device token; unregistered tokens leave the account.
async fn push(
    app: &App,
    n: &Notification,
    user: &User,
    d: &mut Delivery,
    now: Timestamp,
    jitter: f64,
) -> Result<()> {
    if user.fcm_tokens.is_empty() {
        d.not_sent(now, "no device registered for push".into());
        return Ok(());
    }
    let (mut accepted, mut dead, mut retry, mut rejected) = (Vec::new(), Vec::new(), None, None);
    for t in &user.fcm_tokens {
        match app.push.send(&push_message(n, &t.token)).await {
            PushOutcome::Accepted(name) => accepted.push(name),
            PushOutcome::Unregistered => dead.push(t.token.clone()),
            PushOutcome::Retry { error, after } => {
                let after = after.and_then(|a| Duration::from_std(a).ok());
                retry = Some((error, after));
            }
            PushOutcome::Rejected(e) => rejected = Some(e),
        }
    }
    if !dead.is_empty() {
        crate::services::users::devices::forget_tokens(&app.store, user.id, &dead).await?;
    }
    if !accepted.is_empty() {
        d.sent(now, accepted.first().cloned(), None);
    } else if let Some((error, after)) = retry {
        d.retry(now, error, after, jitter);
    } else if let Some(e) = rejected {
        d.undeliverable(now, format!("FCM refused the message: {e}"));
    } else {
        d.undeliverable(now, "every device token was unregistered".into());
    }
    Ok(())
}

/// The e-mail of `n`: one template, a text and an HTML body.
pub fn email_message(n: &Notification, to: &str) -> EmailMessage {
    let link = n.deep_link.clone().unwrap_or_default();
    let text = format!(
        "{}\n\n{}\n\nOpen it in the BaiTech app: {link}\n\nYou get this e-mail because of your notification settings; change them in the app.\n",
        n.title, n.body
    );
    let html = format!(
        "<!doctype html><html><body style=\"font-family:sans-serif\"><h2>{}</h2><p>{}</p>\
         <p><a href=\"{}\">Open it in the BaiTech app</a></p><p style=\"color:#777;font-size:12px\">\
         You get this e-mail because of your notification settings; change them in the app.</p></body></html>",
        escape(&n.title),
        escape(&n.body),
        escape(&link)
    );
    EmailMessage {
        to: to.to_string(),
        subject: n.title.clone(),
        text,
        html: Some(html),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn email(
    app: &App,
    n: &Notification,
    user: &User,
    d: &mut Delivery,
    now: Timestamp,
    jitter: f64,
) -> Result<()> {
    match app.email.send(&email_message(n, user.email.as_str())).await {
        Ok(()) => d.sent(now, None, None),
        Err(Error::Validation(_)) => {
            d.undeliverable(now, "the e-mail address is not deliverable".into())
        }
        Err(e) => d.retry(now, e.to_string(), None, jitter),
    }
    Ok(())
}

/// The SMS of `n`, one message long.
pub fn sms_text(n: &Notification) -> String {
    sms::fit(&format!("BaiTech: {} - {}", n.title, n.body))
}

async fn text(
    app: &App,
    n: &Notification,
    user: &User,
    d: &mut Delivery,
    now: Timestamp,
    jitter: f64,
) -> Result<()> {
    let to = user.phone_number.as_str().to_string();
    match app.sms.send(&to, &sms_text(n)).await {
        SmsOutcome::Sent { message_id, cost } => d.sent(now, Some(message_id), Some(cost)),
        SmsOutcome::Undeliverable(why) => d.undeliverable(now, why),
        SmsOutcome::OperatorAlert(why) => {
            tracing::error!(notification.id = %n.id, reason = %why, "SMS: the Africa's Talking account needs attention (balance); messages wait");
            d.retry(now, why, None, jitter);
        }
        SmsOutcome::Retry(why) => d.retry(now, why, None, jitter),
    }
    Ok(())
}
