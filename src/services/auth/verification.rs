//! E-mail verification: the code mailed at registration (and on request) proves the address.

use crate::app::App;
use crate::domain::token::TokenKind;
use crate::domain::user::{User, UserField, UserGuard, UserStatus};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::ratelimit::Rule;

use super::{EMAIL_VERIFICATION_TTL, RequestMeta, load_active_user, mail, require, save, tokens};

/// `POST /auth/verify-email {token}`: marks the address verified and activates an account
/// that was waiting for it. Single use.
pub async fn verify_email(app: &App, token: Option<String>, meta: &RequestMeta) -> Result<()> {
    let raw = require("token", token)?;
    app.rate_limits
        .check(app.cache.as_ref(), Rule::TokenPerIp, &meta.ip_subject())
        .await?;
    let token = tokens::find_usable(app, TokenKind::EmailVerification, &raw).await?;
    tokens::consume(app, &token).await?;
    let Some(mut user) = app.store.users.get(token.user).await? else {
        return Err(Error::validation(
            "token",
            "is invalid, already used or expired",
        ));
    };
    store_email_verified(app, &mut user).await
}

/// Records a proven mailbox and activates an account that was waiting for it: the date, and
/// the status only while it is still `pending_verification` (never over a suspension decided
/// meanwhile).
pub(super) async fn store_email_verified(app: &App, user: &mut User) -> Result<()> {
    let was_pending = user.status == UserStatus::PendingVerification;
    if user.email_verified_at.is_none() {
        user.email_verified_at = Some(Timestamp::now());
        save(app, user, &[UserField::EmailVerifiedAt]).await?;
    }
    if was_pending {
        user.status = UserStatus::Active;
        user.updated_at = Timestamp::now();
        let guard = UserGuard::StatusIs(UserStatus::PendingVerification);
        if let Some(stored) = app
            .store
            .users
            .patch_user(user, &[UserField::Status], guard)
            .await?
        {
            user.status = stored.status;
        }
        super::forget_access(app, user.id).await;
    }
    Ok(())
}

/// `POST /auth/resend-verification`: a new code for the caller (the previous one stops
/// working).
pub async fn resend_verification(app: &App, user_id: Id, meta: &RequestMeta) -> Result<()> {
    app.rate_limits
        .check(
            app.cache.as_ref(),
            Rule::ResendVerificationPerAccount,
            &user_id.to_hex(),
        )
        .await?;
    let user = load_active_user(app, user_id).await?;
    if user.email_verified_at.is_some() {
        return Err(Error::Conflict(
            "this e-mail address is already verified".into(),
        ));
    }
    let token = tokens::issue(
        app,
        user.id,
        TokenKind::EmailVerification,
        EMAIL_VERIFICATION_TTL,
        meta,
    )
    .await?;
    mail::send_in_background(app, mail::verification(&user, &token));
    Ok(())
}
