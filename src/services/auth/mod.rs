//! Authentication use cases: registration, login (password, lockout, 2FA step-up), refresh
//! token rotation with reuse detection, logout, password change and reset, e-mail verification
//! and TOTP two-factor enrolment. The HTTP handlers in `api::auth` only extract and call these.
//!
//! Decisions a client can observe:
//! - A wrong password and an unknown account get the same 401 and take about the same time
//!   (an unknown account is checked against a dummy argon2 hash).
//! - After [`login::LOCKOUT_THRESHOLD`] consecutive failures an account is locked for one
//!   minute, doubling with every further failure up to an hour. A locked account answers
//!   429 `RATE_LIMITED` with `Retry-After` — the same response as the per-IP and per-account
//!   rate limits, so the lock tells an attacker nothing the limiter would not.
//! - Account state (suspended, banned, deleted, deactivated) is revealed as 403 only after the
//!   correct password.

mod access;
mod login;
mod mail;
mod recovery;
mod register;
mod sessions;
mod tokens;
mod two_factor;
mod verification;

use std::net::IpAddr;
use std::time::Duration;

pub use access::{
    ACCESS_CACHE_TTL, IAT_LEEWAY_SECS, check_access, forget_access, forget_access_in,
};
pub use login::{
    LOCKOUT_THRESHOLD, LoginOutcome, LoginRequest, lockout_duration, login, verify_two_factor,
};
pub use recovery::{
    ChangePasswordRequest, ResetPasswordRequest, change_password, forgot_password, reset_password,
};
pub use register::{NewAccount, RegisterInput, TERMS_VERSION, register};
pub use sessions::{Session, logout, logout_all, refresh};
pub use two_factor::{
    RECOVERY_CODE_COUNT, TOTP_ISSUER, TwoFactorDisableRequest, TwoFactorSetup, disable_two_factor,
    enable_two_factor, setup_two_factor, totp_for,
};
pub use verification::{resend_verification, verify_email};

use crate::app::App;
use crate::domain::audit::AuditEntry;
use crate::domain::user::{User, UserField, UserGuard, UserStatus};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, FieldError, Result};
use crate::services::input::{Field, Problems};

/// Refresh tokens live 30 days from their last rotation.
pub const REFRESH_TTL: Duration = Duration::from_secs(30 * 24 * 3600);
/// E-mail verification links live a day.
pub const EMAIL_VERIFICATION_TTL: Duration = Duration::from_secs(24 * 3600);
/// Password reset links live an hour.
pub const PASSWORD_RESET_TTL: Duration = Duration::from_secs(3600);

/// Who is calling: used for rate limits, login history and the token records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestMeta {
    pub ip: Option<IpAddr>,
    pub user_agent: Option<String>,
}

impl RequestMeta {
    fn ip_string(&self) -> Option<String> {
        self.ip.map(|ip| ip.to_string())
    }

    /// The per-IP rate-limit subject.
    fn ip_subject(&self) -> String {
        crate::ratelimit::ip_subject(self.ip)
    }
}

/// `t + d` for a std duration.
fn after(t: Timestamp, d: Duration) -> Timestamp {
    t.plus(chrono::Duration::milliseconds(d.as_millis() as i64))
}

/// 403 for accounts that may not sign in. Callers check the password first, so the state of
/// an account is only told to someone who knows its password.
fn refuse_inactive(user: &User) -> Result<()> {
    let why = match user.status {
        _ if user.is_deleted() => "this account was deleted",
        UserStatus::Suspended => "this account is suspended; contact support",
        UserStatus::Banned => "this account is banned",
        UserStatus::Deactivated => "this account is deactivated; contact support to reactivate it",
        UserStatus::Active | UserStatus::PendingVerification | UserStatus::Deleted => return Ok(()),
    };
    Err(Error::Forbidden(why.into()))
}

/// The account of an authenticated caller; a token for a vanished account is a 401.
async fn load_user(app: &App, id: Id) -> Result<User> {
    app.store
        .users
        .get_user(id)
        .await?
        .ok_or_else(|| Error::Unauthorized("the account of this token no longer exists".into()))
}

/// The account of an authenticated caller, refused when it may no longer sign in.
async fn load_active_user(app: &App, id: Id) -> Result<User> {
    let user = load_user(app, id).await?;
    refuse_inactive(&user)?;
    Ok(user)
}

/// Stores `fields` of `user` (and a fresh `updatedAt`), nothing else: a flow here never
/// carries a stale copy of another field back into the store.
async fn save(app: &App, user: &mut User, fields: &[UserField]) -> Result<()> {
    user.updated_at = Timestamp::now();
    app.store
        .users
        .patch_user(user, fields, UserGuard::Exists)
        .await?
        .map(|_| ())
        .ok_or(Error::NotFound("user"))
}

/// A text field that must be sent: trimmed and non-empty ("is required" otherwise); a wrong
/// type is reported as such.
fn required(
    errs: &mut Vec<FieldError>,
    field: &str,
    v: impl Into<Field<String>>,
) -> Option<String> {
    let mut p = Problems::new();
    let out = v.into().required_text(&mut p, field);
    errs.extend(p.into_errors());
    out
}

/// The one field of a single-field body: trimmed and non-empty, or a 400 naming it.
fn require(field: &str, v: Option<String>) -> Result<String> {
    let mut errs = Vec::new();
    required(&mut errs, field, v).ok_or(Error::Validation(errs))
}

/// A secret as sent (not trimmed: spaces are part of a password); missing or empty is
/// required, a wrong type is reported as such.
fn required_secret(
    errs: &mut Vec<FieldError>,
    field: &str,
    v: impl Into<Field<String>>,
) -> Option<String> {
    match v.into() {
        Field::Set(s) if !s.is_empty() => Some(s),
        Field::Invalid(why) => {
            errs.push(FieldError::new(field, why));
            None
        }
        _ => {
            errs.push(FieldError::new(field, "is required"));
            None
        }
    }
}

/// Trimmed, non-empty text if one was sent; a wrong type is reported.
fn given(errs: &mut Vec<FieldError>, field: &str, v: Field<String>) -> Option<String> {
    let mut p = Problems::new();
    let out = v.optional(&mut p, field);
    errs.extend(p.into_errors());
    out.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Records a security event in the audit log. A failure to write it is logged, not fatal:
/// the action it describes has already happened.
async fn audit(app: &App, user: &User, action: &str, reason: Option<String>) {
    let mut entry = AuditEntry::new(
        Some(user.id),
        user.email.as_str(),
        action,
        "user",
        Some(user.id),
        Timestamp::now(),
    );
    entry.reason = reason;
    if let Err(e) = app.store.audit.append_audit(&entry).await {
        tracing::warn!(error = %e, audit.action = action, user.id = %user.id.to_hex(), "audit entry not written");
    }
}

/// `true` the first time `key` is claimed within `ttl`. Makes "accept this once" checks atomic
/// across concurrent requests and API instances (the store replaces whole documents, so two
/// requests could both pass a check made on what they read). If the cache is down the claim
/// succeeds — the stored state still refuses every sequential replay.
async fn claim_once(app: &App, key: &str, ttl: Duration) -> bool {
    match app.cache.hit(key, ttl).await {
        Ok((count, _)) => count == 1,
        Err(e) => {
            tracing::warn!(error = %e, "cache unavailable for a single-use check");
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inactive_accounts_are_refused_with_a_reason() {
        let mut u = crate::domain::user::tests::sample();
        assert!(refuse_inactive(&u).is_ok());
        for s in [
            UserStatus::Suspended,
            UserStatus::Banned,
            UserStatus::Deleted,
            UserStatus::Deactivated,
        ] {
            u.status = s;
            assert!(
                matches!(refuse_inactive(&u), Err(Error::Forbidden(_))),
                "{s:?}"
            );
        }
        u.status = UserStatus::Active;
        u.deleted_at = Some(Timestamp::now());
        assert!(matches!(refuse_inactive(&u), Err(Error::Forbidden(m)) if m.contains("deleted")));
    }
}
