//! The account e-mails (verification, password reset, password changed) and their delivery
//! off the request path.

use crate::app::App;
use crate::domain::user::User;
use crate::gateways::EmailMessage;

use super::{EMAIL_VERIFICATION_TTL, PASSWORD_RESET_TTL};

/// Sends in the background: a slow or failing relay must not hold up (or fail) registration,
/// and forgot-password must answer in the same time whether or not a mail goes out.
/// Delivery failures are logged without the message body, which holds a token.
pub(super) fn send_in_background(app: &App, message: EmailMessage) {
    let gateway = app.email.clone();
    tokio::spawn(async move {
        if let Err(e) = gateway.send(&message).await {
            tracing::warn!(error = %e, email.subject = %message.subject, "e-mail not delivered");
        }
    });
}

fn hours(d: std::time::Duration) -> u64 {
    d.as_secs() / 3600
}

pub(super) fn verification(user: &User, token: &str) -> EmailMessage {
    let text = format!(
        "Hello {name},\n\nWelcome to BaiTech. Confirm your e-mail address with this code in the app:\n\n    {token}\n\n\
         It works once and expires in {h} hours. If you did not create a BaiTech account, ignore this message.\n",
        name = user.first_name,
        h = hours(EMAIL_VERIFICATION_TTL),
    );
    EmailMessage {
        to: user.email.to_string(),
        subject: "Confirm your BaiTech e-mail address".into(),
        text,
        html: None,
    }
}

pub(super) fn password_reset(user: &User, token: &str) -> EmailMessage {
    let text = format!(
        "Hello {name},\n\nSomeone asked to reset the password of your BaiTech account. Use this code in the app \
         to choose a new password:\n\n    {token}\n\nIt works once and expires in {h} hour. If it was not you, \
         ignore this message: your password stays as it is.\n",
        name = user.first_name,
        h = hours(PASSWORD_RESET_TTL),
    );
    EmailMessage {
        to: user.email.to_string(),
        subject: "Reset your BaiTech password".into(),
        text,
        html: None,
    }
}

pub(super) fn password_changed(user: &User) -> EmailMessage {
    let text = format!(
        "Hello {name},\n\nThe password of your BaiTech account was just changed and every other device was \
         signed out. If this was not you, reset your password now and contact support.\n",
        name = user.first_name,
    );
    EmailMessage {
        to: user.email.to_string(),
        subject: "Your BaiTech password was changed".into(),
        text,
        html: None,
    }
}
