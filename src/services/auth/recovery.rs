//! Passwords after sign-up: change (knowing the current one) and reset by e-mail (forgot it).
//! Both sign every other device out.

use serde::Deserialize;

use crate::app::App;
use crate::auth::password::{self, Verified};
use crate::domain::token::TokenKind;
use crate::domain::user::User;
use crate::domain::{Email, Id, Timestamp};
use crate::error::{Error, FieldError, Result};
use crate::ratelimit::Rule;
use crate::realtime::{AccountChange, Event};

use super::sessions::{self, Session};
use super::{
    PASSWORD_RESET_TTL, RequestMeta, audit, load_active_user, mail, require, required,
    required_secret, tokens,
};
use crate::services::input::Field;

/// `POST /auth/change-password`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct ChangePasswordRequest {
    #[schema(value_type = String, format = Password)]
    pub current_password: Field<String>,
    #[schema(value_type = String, format = Password)]
    pub new_password: Field<String>,
}

/// `POST /auth/reset-password`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct ResetPasswordRequest {
    /// The code from the reset e-mail.
    #[schema(value_type = String)]
    pub token: Field<String>,
    #[schema(value_type = String, format = Password)]
    pub password: Field<String>,
}

/// The policy problems of `new` for `user`, reported under `field`.
fn policy(user: &User, new: &str, field: &str) -> Vec<FieldError> {
    let local = user.email.as_str().split('@').next().unwrap_or("");
    password::check_policy(new, &[&user.first_name, &user.last_name, local])
        .into_iter()
        .map(|e| FieldError::new(field, e.message))
        .collect()
}

/// Stores a new password, clears any lockout and signs out every session: refresh tokens
/// are revoked and the token version moves on, so access tokens issued before are refused.
/// Only the password's own fields are written, atomically.
async fn set_password(app: &App, user: &mut User, new: String) -> Result<()> {
    let hash = password::hash_async(new).await?;
    let now = Timestamp::now();
    user.token_version = app.store.users.set_password(user.id, &hash, now).await?;
    super::forget_access(app, user.id).await;
    user.password_hash = Some(hash);
    user.failed_logins = 0;
    user.locked_until = None;
    user.updated_at = now;
    app.store
        .tokens
        .revoke_user_tokens(user.id, TokenKind::Refresh, now)
        .await?;
    mail::send_in_background(app, mail::password_changed(user));
    app.publish(Event::account(
        user.id,
        AccountChange::PasswordChanged,
        None,
    ))
    .await;
    Ok(())
}

/// `POST /auth/change-password`: checks the current password, applies the policy to the new
/// one, revokes every refresh token and returns a fresh session for the caller's device.
pub async fn change_password(
    app: &App,
    user_id: Id,
    req: ChangePasswordRequest,
    meta: &RequestMeta,
) -> Result<Session> {
    let mut errs = Vec::new();
    let current = required_secret(&mut errs, "currentPassword", req.current_password);
    let new = required_secret(&mut errs, "newPassword", req.new_password);
    let (Some(current), Some(new)) = (current, new) else {
        return Err(Error::Validation(errs));
    };
    app.rate_limits
        .check(
            app.cache.as_ref(),
            Rule::SensitivePerAccount,
            &user_id.to_hex(),
        )
        .await?;
    let mut user = load_active_user(app, user_id).await?;
    let stored = user.password_hash.clone().unwrap_or_default();
    // 400 rather than 401: the caller is authenticated, and a 401 would make clients drop
    // their session over a typo.
    if password::verify_async(current.clone(), stored).await == Verified::No {
        errs.push(FieldError::new("currentPassword", "is incorrect"));
    }
    errs.extend(policy(&user, &new, "newPassword"));
    if new == current {
        errs.push(FieldError::new(
            "newPassword",
            "must differ from the current password",
        ));
    }
    if !errs.is_empty() {
        return Err(Error::Validation(errs));
    }
    set_password(app, &mut user, new).await?;
    audit(app, &user, "auth.password_changed", None).await;
    sessions::start(app, user, meta).await
}

/// `POST /auth/forgot-password {email}`: mails a reset code if the account exists. The answer
/// is the same either way; the per-account limit applies to unknown addresses too.
pub async fn forgot_password(app: &App, email: Option<String>, meta: &RequestMeta) -> Result<()> {
    let raw = require("email", email)?;
    let email = Email::parse(&raw).map_err(|m| Error::validation("email", m))?;
    let limits = &app.rate_limits;
    limits
        .check(
            app.cache.as_ref(),
            Rule::ForgotPasswordPerIp,
            &meta.ip_subject(),
        )
        .await?;
    limits
        .check(
            app.cache.as_ref(),
            Rule::ForgotPasswordPerAccount,
            email.as_str(),
        )
        .await?;
    let Some(user) = app.store.users.find_user_by_email(&email).await? else {
        return Ok(());
    };
    if super::refuse_inactive(&user).is_err() {
        return Ok(());
    }
    let token = tokens::issue(
        app,
        user.id,
        TokenKind::PasswordReset,
        PASSWORD_RESET_TTL,
        meta,
    )
    .await?;
    mail::send_in_background(app, mail::password_reset(&user, &token));
    Ok(())
}

/// `POST /auth/reset-password {token, password}`: sets the new password (policy checked
/// before the token is spent, so a rejected password does not burn the link) and signs out
/// every device. Proving the mailbox also verifies the address.
pub async fn reset_password(
    app: &App,
    req: ResetPasswordRequest,
    meta: &RequestMeta,
) -> Result<()> {
    let mut errs = Vec::new();
    let raw = required(&mut errs, "token", req.token);
    let new = required_secret(&mut errs, "password", req.password);
    let (Some(raw), Some(new)) = (raw, new) else {
        return Err(Error::Validation(errs));
    };
    app.rate_limits
        .check(app.cache.as_ref(), Rule::TokenPerIp, &meta.ip_subject())
        .await?;
    let token = tokens::find_usable(app, TokenKind::PasswordReset, &raw).await?;
    let mut user = load_active_user(app, token.user).await?;
    let problems = policy(&user, &new, "password");
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }
    tokens::consume(app, &token).await?;
    super::verification::store_email_verified(app, &mut user).await?;
    set_password(app, &mut user, new).await?;
    audit(app, &user, "auth.password_reset", None).await;
    Ok(())
}
