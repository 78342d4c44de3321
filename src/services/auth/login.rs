//! Login by e-mail or phone and password, the failed-login lockout, the login history, and
//! the second step for accounts with two-factor authentication.

use std::sync::LazyLock;
use std::time::Duration;

use serde::Deserialize;

use crate::app::App;
use crate::auth::TokenUse;
use crate::auth::jwt::TWO_FACTOR_TTL;
use crate::auth::password::{self, Verified};
use crate::domain::user::{LoginEvent, User, UserField};
use crate::domain::{Email, Phone, Timestamp};
use crate::error::{Error, FieldError, Result};
use crate::ratelimit::Rule;
use crate::realtime::{AccountChange, Event};

use super::sessions::{self, Session};
use super::{
    RequestMeta, after, claim_once, given, load_user, refuse_inactive, required, required_secret,
    save, two_factor,
};
use crate::services::input::Field;

/// Consecutive failures that lock an account.
pub const LOCKOUT_THRESHOLD: u32 = 5;
const LOCKOUT_BASE: Duration = Duration::from_secs(60);
const LOCKOUT_MAX: Duration = Duration::from_secs(3600);
/// Wrong codes allowed per `tempToken` before the user must enter the password again.
const TWO_FACTOR_ATTEMPTS: u64 = 5;

/// `POST /auth/login`: `email` or `phoneNumber`, and `password`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct LoginRequest {
    #[schema(value_type = Option<String>, format = Email)]
    pub email: Field<String>,
    #[schema(value_type = Option<String>)]
    pub phone_number: Field<String>,
    #[schema(value_type = String, format = Password)]
    pub password: Field<String>,
}

/// A completed login, or the second step it still needs.
pub enum LoginOutcome {
    Session(Box<Session>),
    TwoFactorRequired { temp_token: String, expires_in: u64 },
}

impl std::fmt::Debug for LoginOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoginOutcome::Session(s) => s.fmt(f),
            LoginOutcome::TwoFactorRequired { .. } => f.write_str("TwoFactorRequired(<redacted>)"),
        }
    }
}

/// How long the `failures`-th consecutive failure locks the account: none below the
/// threshold, then one minute doubling per further failure, at most an hour.
pub fn lockout_duration(failures: u32) -> Option<Duration> {
    let extra = failures.checked_sub(LOCKOUT_THRESHOLD)?;
    let factor = 1u32.checked_shl(extra).unwrap_or(u32::MAX);
    Some(LOCKOUT_BASE.saturating_mul(factor).min(LOCKOUT_MAX))
}

/// The same answer for an unknown account and a wrong password.
fn bad_credentials() -> Error {
    Error::Unauthorized("invalid email, phone number or password".into())
}

/// A real argon2id hash nobody's password matches, so an unknown account costs a login the
/// same work as a known one and response times do not reveal which accounts exist.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| password::hash("no-account-has-this-password").unwrap_or_default());

async fn check_password(password: String, stored: Option<String>) -> Verified {
    password::run_limited(move || match stored {
        Some(hash) => password::verify(&password, &hash),
        None => {
            password::verify(&password, &DUMMY_HASH);
            Verified::No
        }
    })
    .await
    .unwrap_or(Verified::No)
}

enum Identifier {
    Email(Email),
    Phone(Phone),
}

fn parse_request(req: LoginRequest) -> Result<(Identifier, String)> {
    let mut errs = Vec::new();
    let email = given(&mut errs, "email", req.email);
    let phone = given(&mut errs, "phoneNumber", req.phone_number);
    let mistyped = !errs.is_empty();
    let id = match (email, phone) {
        (Some(e), _) => Email::parse(&e)
            .map(Identifier::Email)
            .map_err(|m| errs.push(FieldError::new("email", m)))
            .ok(),
        (None, Some(p)) => Phone::parse(&p)
            .map(Identifier::Phone)
            .map_err(|m| errs.push(FieldError::new("phoneNumber", m)))
            .ok(),
        (None, None) if mistyped => None,
        (None, None) => {
            errs.push(FieldError::new("email", "email or phoneNumber is required"));
            None
        }
    };
    let password = required_secret(&mut errs, "password", req.password);
    match (id, password) {
        (Some(id), Some(pw)) if errs.is_empty() => Ok((id, pw)),
        _ => Err(Error::Validation(errs)),
    }
}

/// `POST /auth/login`.
pub async fn login(app: &App, req: LoginRequest, meta: &RequestMeta) -> Result<LoginOutcome> {
    let (id, password) = parse_request(req)?;
    let account = match &id {
        Identifier::Email(e) => e.as_str().to_string(),
        Identifier::Phone(p) => p.as_str().to_string(),
    };
    let limits = &app.rate_limits;
    limits
        .check(app.cache.as_ref(), Rule::LoginPerIp, &meta.ip_subject())
        .await?;
    limits
        .check(app.cache.as_ref(), Rule::LoginPerAccount, &account)
        .await?;

    let found = match &id {
        Identifier::Email(e) => app.store.users.find_user_by_email(e).await?,
        Identifier::Phone(p) => app.store.users.find_user_by_phone(p).await?,
    };
    let Some(mut user) = found else {
        check_password(password, None).await;
        return Err(bad_credentials());
    };
    let now = Timestamp::now();
    refuse_locked(&user, now)?;
    let verified = check_password(password.clone(), user.password_hash.clone()).await;
    if verified == Verified::No {
        record_failure(app, &mut user, meta).await?;
        return Err(bad_credentials());
    }
    if let Err(refused) = refuse_inactive(&user) {
        user.record_login(event(meta, false));
        save(app, &mut user, &[UserField::LoginHistory]).await?;
        return Err(refused);
    }
    if verified == Verified::YesRehash {
        // Imported bcrypt (or weaker argon2) hash: replace it now that we know the password.
        // Only the hash: the same password, so sessions stay.
        user.password_hash = Some(password::hash_async(password).await?);
        save(app, &mut user, &[UserField::PasswordHash]).await?;
    }
    if user.two_factor.enabled {
        // The failure count is kept until the second step succeeds, so wrong codes keep
        // escalating the lockout even though the password was right.
        let (temp_token, _) = app.jwt.issue(
            user.id,
            user.role,
            TokenUse::TwoFactor,
            now.millis() / 1000,
            TWO_FACTOR_TTL,
            user.token_version,
        )?;
        return Ok(LoginOutcome::TwoFactorRequired {
            temp_token,
            expires_in: TWO_FACTOR_TTL.as_secs(),
        });
    }
    complete(app, user, meta)
        .await
        .map(|s| LoginOutcome::Session(Box::new(s)))
}

/// A locked account answers like a rate limit, with the time left as `Retry-After`.
fn refuse_locked(user: &User, now: Timestamp) -> Result<()> {
    match user.locked_until.filter(|until| *until > now) {
        Some(until) => Err(Error::RateLimited {
            retry_after: Duration::from_millis((until.millis() - now.millis()).max(1000) as u64),
        }),
        None => Ok(()),
    }
}

fn event(meta: &RequestMeta, success: bool) -> LoginEvent {
    LoginEvent {
        at: Timestamp::now(),
        ip: meta.ip_string(),
        user_agent: meta.user_agent.clone(),
        success,
    }
}

/// Counts a failed attempt and locks the account once past the threshold. The store counts
/// atomically, so parallel wrong guesses each add one and the lock follows the real count.
async fn record_failure(app: &App, user: &mut User, meta: &RequestMeta) -> Result<()> {
    let failures = app
        .store
        .users
        .record_login_failure(user.id, &event(meta, false))
        .await?;
    user.failed_logins = failures;
    if let Some(lock) = lockout_duration(failures) {
        let until = after(Timestamp::now(), lock);
        app.store
            .users
            .lock_logins(user.id, failures, until)
            .await?;
        user.locked_until = Some(until);
        tracing::info!(user.id = %user.id.to_hex(), failures, lock_seconds = lock.as_secs(), "account locked after failed logins");
    }
    Ok(())
}

/// Whether a successful sign-in with `meta` comes from a device new to the account: the
/// account signed in successfully before, and none of those sign-ins (within the kept login
/// history, the last [`crate::domain::user::LOGIN_HISTORY_LIMIT`] attempts) came from the same
/// user agent. The IP address is not the device: phones change it with every network. An
/// account's first sign-in is not news to its owner, and failed attempts know no device.
pub fn is_new_device(user: &User, meta: &RequestMeta) -> bool {
    let device = |ua: &Option<String>| ua.as_deref().map(str::trim).unwrap_or("").to_string();
    let here = device(&meta.user_agent);
    let mut earlier = user.login_history.iter().filter(|e| e.success).peekable();
    earlier.peek().is_some() && !earlier.any(|e| device(&e.user_agent) == here)
}

/// How a new device is named to its owner: its user agent and address, as far as known.
fn device_label(meta: &RequestMeta) -> String {
    let agent: String = match meta.user_agent.as_deref().map(str::trim) {
        Some(ua) if !ua.is_empty() => ua.chars().take(120).collect(),
        _ => "an unnamed device".to_string(),
    };
    match meta.ip_string() {
        Some(ip) => format!("{agent}, address {ip}"),
        None => agent,
    }
}

/// Records the successful login, clears the failure count and opens a session; a sign-in
/// from a new device tells the owner.
async fn complete(app: &App, mut user: User, meta: &RequestMeta) -> Result<Session> {
    let new_device = is_new_device(&user, meta);
    let success = event(meta, true);
    app.store
        .users
        .record_login_success(user.id, &success)
        .await?;
    user.failed_logins = 0;
    user.locked_until = None;
    user.last_login_at = Some(success.at);
    user.record_login(success);
    let id = user.id;
    let session = sessions::start(app, user, meta).await?;
    if new_device {
        let e = Event::account(id, AccountChange::NewDeviceLogin, Some(device_label(meta)));
        app.publish(e).await;
    }
    Ok(session)
}

/// `POST /auth/verify-2fa`: the `tempToken` from login and a TOTP or recovery code.
pub async fn verify_two_factor(
    app: &App,
    temp_token: Option<String>,
    code: Option<String>,
    meta: &RequestMeta,
) -> Result<Session> {
    let mut errs = Vec::new();
    let temp_token = required(&mut errs, "tempToken", temp_token);
    let code = required(&mut errs, "code", code);
    let (Some(temp_token), Some(code)) = (temp_token, code) else {
        return Err(Error::Validation(errs));
    };
    app.rate_limits
        .check(app.cache.as_ref(), Rule::TwoFactorPerIp, &meta.ip_subject())
        .await?;
    let claims = app.jwt.verify(&temp_token, TokenUse::TwoFactor)?;
    let done_key = format!("2fa:done:{}", claims.jti);
    // Checked before the code so a spent temp token cannot burn a recovery code.
    if app.cache.get(&done_key).await.ok().flatten().is_some() {
        return Err(already_completed());
    }
    let (attempts, _) = app
        .cache
        .hit(&format!("2fa:attempts:{}", claims.jti), TWO_FACTOR_TTL)
        .await
        .unwrap_or((1, TWO_FACTOR_TTL));
    if attempts > TWO_FACTOR_ATTEMPTS {
        return Err(Error::Unauthorized(
            "too many wrong codes; sign in again".into(),
        ));
    }
    let mut user = load_user(app, claims.user_id()?).await?;
    if claims.ver != user.token_version {
        // The password changed (or every session was signed out) since this password check.
        return Err(Error::Unauthorized(
            "this sign-in is no longer valid; sign in again".into(),
        ));
    }
    refuse_inactive(&user)?;
    refuse_locked(&user, Timestamp::now())?;
    if !user.two_factor.enabled {
        return Err(Error::Unauthorized(
            "two-factor authentication is not enabled; sign in again".into(),
        ));
    }
    if !two_factor::accept_code(app, &mut user, &code).await {
        // Wrong codes count towards the lockout like wrong passwords: the password alone must
        // not buy unlimited guesses at six digits.
        record_failure(app, &mut user, meta).await?;
        return Err(Error::Unauthorized("invalid two-factor code".into()));
    }
    // The accepted step (or the spent recovery code) is stored before the session opens.
    save(app, &mut user, &[UserField::TwoFactor]).await?;
    // One session per password check: the temp token is spent once it has succeeded. The
    // claim settles concurrent requests; the marker answers later ones before their code.
    if !claim_once(app, &format!("2fa:claim:{}", claims.jti), TWO_FACTOR_TTL).await {
        return Err(already_completed());
    }
    if let Err(e) = app.cache.set(&done_key, "1", TWO_FACTOR_TTL).await {
        tracing::warn!(error = %e, "could not mark a 2FA sign-in as completed");
    }
    complete(app, user, meta).await
}

fn already_completed() -> Error {
    Error::Unauthorized("this sign-in was already completed; sign in again".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockout_starts_at_the_threshold_and_doubles_up_to_an_hour() {
        assert_eq!(lockout_duration(4), None);
        assert_eq!(lockout_duration(5), Some(Duration::from_secs(60)));
        assert_eq!(lockout_duration(6), Some(Duration::from_secs(120)));
        assert_eq!(lockout_duration(8), Some(Duration::from_secs(480)));
        assert_eq!(lockout_duration(11), Some(Duration::from_secs(3600)));
        assert_eq!(lockout_duration(u32::MAX), Some(Duration::from_secs(3600)));
    }

    #[test]
    fn a_login_needs_an_identifier_and_a_password() {
        let Err(Error::Validation(errs)) = parse_request(LoginRequest::default()) else {
            panic!("expected a validation error");
        };
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "password"]);
        let by_phone = LoginRequest {
            phone_number: Field::Set("0712 345 678".into()),
            password: Field::Set("x".into()),
            ..Default::default()
        };
        assert!(
            matches!(parse_request(by_phone), Ok((Identifier::Phone(p), _)) if p.as_str() == "+254712345678")
        );
    }
}
