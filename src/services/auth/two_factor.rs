//! TOTP two-factor authentication (RFC 6238: SHA-1, 6 digits, 30 s steps, ±1 step of clock
//! skew): enrolment in two steps (setup, then enable with a code), one-time recovery codes
//! stored hashed, and disabling with password and code. A TOTP code is accepted at most once:
//! its time step must be newer than the last accepted one.

use std::time::Duration;

use rand::Rng;
use serde::Deserialize;
use totp_rs::{Algorithm, Builder, Secret, Totp};

use crate::app::App;
use crate::auth::password::{self, Verified};
use crate::domain::Id;
use crate::domain::token::hash_token;
use crate::domain::user::{TwoFactor, User, UserField};
use crate::error::{Error, Result};
use crate::ratelimit::Rule;
use crate::realtime::{AccountChange, Event};

use super::{audit, claim_once, load_active_user, require, required, required_secret, save};
use crate::services::input::Field;

/// The issuer shown in authenticator apps.
pub const TOTP_ISSUER: &str = "BaiTech";
/// Recovery codes handed out when 2FA is enabled.
pub const RECOVERY_CODE_COUNT: usize = 10;
/// Unambiguous characters (no 0/O, 1/I/L) for recovery codes: 32 symbols, 5 bits each.
const RECOVERY_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// 16 characters = 80 bits, shown as four groups of four.
const RECOVERY_CODE_LEN: usize = 16;
/// A step stays claimable for the whole window a code is accepted in (three 30 s steps).
const STEP_CLAIM_TTL: Duration = Duration::from_secs(120);

/// What the authenticator app needs; 2FA is not on until [`enable_two_factor`].
#[derive(Clone)]
pub struct TwoFactorSetup {
    /// Base32 secret, for manual entry.
    pub secret: String,
    /// `otpauth://totp/BaiTech:<email>?secret=...&issuer=BaiTech`, for a QR code.
    pub otpauth_url: String,
}

impl std::fmt::Debug for TwoFactorSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TwoFactorSetup(<redacted>)")
    }
}

/// `POST /auth/2fa/disable`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct TwoFactorDisableRequest {
    #[schema(value_type = String, format = Password)]
    pub password: Field<String>,
    /// A TOTP or recovery code.
    #[schema(value_type = String)]
    pub code: Field<String>,
}

/// The TOTP generator for a base32 `secret` and account label.
pub fn totp_for(secret_base32: &str, account: &str) -> Result<Totp> {
    let secret = Secret::try_from_base32(secret_base32)
        .map_err(|e| Error::internal("decoding a stored TOTP secret", anyhow::anyhow!("{e}")))?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(secret)
        .with_issuer(Some(TOTP_ISSUER))
        .with_account_name(account)
        .build()
        .map_err(|e| Error::internal("building a TOTP generator", anyhow::anyhow!("{e}")))
}

/// `POST /auth/2fa/setup`: a new secret, stored pending until enabled.
pub async fn setup_two_factor(app: &App, user_id: Id) -> Result<TwoFactorSetup> {
    let mut user = load_active_user(app, user_id).await?;
    if user.two_factor.enabled {
        return Err(Error::Conflict(
            "two-factor authentication is already enabled; disable it first to enrol a new device"
                .into(),
        ));
    }
    let secret = Secret::generate().to_base32();
    let otpauth_url = totp_for(&secret, user.email.as_str())?
        .to_url()
        .map_err(|e| Error::internal("building the otpauth URL", anyhow::anyhow!("{e}")))?;
    user.two_factor = TwoFactor {
        enabled: false,
        secret: Some(secret.clone()),
        recovery_code_hashes: Vec::new(),
        last_used_step: None,
    };
    save(app, &mut user, &[UserField::TwoFactor]).await?;
    Ok(TwoFactorSetup {
        secret,
        otpauth_url,
    })
}

/// `POST /auth/2fa/enable`: turns 2FA on with a code from the app; returns the recovery codes
/// (shown once — only their hashes are kept).
pub async fn enable_two_factor(
    app: &App,
    user_id: Id,
    code: Option<String>,
) -> Result<Vec<String>> {
    let code = require("code", code)?;
    check_sensitive_limit(app, user_id).await?;
    let mut user = load_active_user(app, user_id).await?;
    if user.two_factor.enabled {
        return Err(Error::Conflict(
            "two-factor authentication is already enabled".into(),
        ));
    }
    if user.two_factor.secret.is_none() {
        return Err(Error::Conflict(
            "no two-factor setup in progress; call POST /auth/2fa/setup first".into(),
        ));
    }
    if !accept_totp(app, &mut user, &code).await? {
        return Err(Error::validation(
            "code",
            "is not the current code of your authenticator app",
        ));
    }
    let codes: Vec<String> = (0..RECOVERY_CODE_COUNT)
        .map(|_| new_recovery_code())
        .collect();
    user.two_factor.enabled = true;
    user.two_factor.recovery_code_hashes = codes.iter().map(|c| hash_recovery_code(c)).collect();
    save(app, &mut user, &[UserField::TwoFactor]).await?;
    audit(app, &user, "auth.2fa_enabled", None).await;
    app.publish(Event::account(
        user.id,
        AccountChange::TwoFactorEnabled,
        None,
    ))
    .await;
    Ok(codes)
}

/// `POST /auth/2fa/disable`: needs the password and a TOTP or recovery code.
pub async fn disable_two_factor(
    app: &App,
    user_id: Id,
    req: TwoFactorDisableRequest,
) -> Result<()> {
    let mut errs = Vec::new();
    let password = required_secret(&mut errs, "password", req.password);
    let code = required(&mut errs, "code", req.code);
    let (Some(password), Some(code)) = (password, code) else {
        return Err(Error::Validation(errs));
    };
    check_sensitive_limit(app, user_id).await?;
    let mut user = load_active_user(app, user_id).await?;
    if !user.two_factor.enabled {
        return Err(Error::Conflict(
            "two-factor authentication is not enabled".into(),
        ));
    }
    // The password first: a wrong one must not spend a valid code.
    if password::verify_async(password, user.password_hash.clone().unwrap_or_default()).await
        == Verified::No
    {
        return Err(Error::validation("password", "is incorrect"));
    }
    if !accept_code(app, &mut user, &code).await {
        return Err(Error::validation(
            "code",
            "is not a valid authenticator or recovery code",
        ));
    }
    user.two_factor = TwoFactor::default();
    save(app, &mut user, &[UserField::TwoFactor]).await?;
    audit(app, &user, "auth.2fa_disabled", None).await;
    app.publish(Event::account(
        user.id,
        AccountChange::TwoFactorDisabled,
        None,
    ))
    .await;
    Ok(())
}

async fn check_sensitive_limit(app: &App, user: Id) -> Result<()> {
    app.rate_limits
        .check(
            app.cache.as_ref(),
            Rule::SensitivePerAccount,
            &user.to_hex(),
        )
        .await
}

/// Accepts a TOTP code (six digits) or an unused recovery code, updating `user.two_factor`
/// in memory (the caller saves). `false` for anything else, including a replayed code.
pub(super) async fn accept_code(app: &App, user: &mut User, code: &str) -> bool {
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() == 6 && compact.chars().all(|c| c.is_ascii_digit()) {
        accept_totp(app, user, &compact).await.unwrap_or(false)
    } else {
        accept_recovery_code(app, user, &compact).await
    }
}

async fn accept_totp(app: &App, user: &mut User, code: &str) -> Result<bool> {
    let Some(secret) = user.two_factor.secret.as_deref() else {
        return Ok(false);
    };
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(step) = totp_for(secret, user.email.as_str())?.check_current(&code) else {
        return Ok(false);
    };
    let step = step as i64;
    if user
        .two_factor
        .last_used_step
        .is_some_and(|last| step <= last)
    {
        return Ok(false);
    }
    if !claim_once(
        app,
        &format!("2fa:step:{}:{step}", user.id.to_hex()),
        STEP_CLAIM_TTL,
    )
    .await
    {
        return Ok(false);
    }
    user.two_factor.last_used_step = Some(step);
    Ok(true)
}

async fn accept_recovery_code(app: &App, user: &mut User, code: &str) -> bool {
    let hash = hash_recovery_code(code);
    let Some(i) = user
        .two_factor
        .recovery_code_hashes
        .iter()
        .position(|h| *h == hash)
    else {
        return false;
    };
    if !claim_once(
        app,
        &format!("2fa:recovery:{}:{hash}", user.id.to_hex()),
        Duration::from_secs(3600),
    )
    .await
    {
        return false;
    }
    user.two_factor.recovery_code_hashes.remove(i);
    true
}

/// A random recovery code such as `K7QM-3XHP-ZT9A-WC2N`.
fn new_recovery_code() -> String {
    let mut rng = rand::rng();
    let chars: Vec<char> = (0..RECOVERY_CODE_LEN)
        .map(|_| RECOVERY_ALPHABET[rng.random_range(0..RECOVERY_ALPHABET.len())] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Hash of a recovery code, ignoring case, dashes and spaces as people type them. SHA-256 is
/// enough: the codes are 80 random bits, not passwords.
fn hash_recovery_code(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    hash_token(&normal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_are_grouped_and_match_however_typed() {
        let c = new_recovery_code();
        assert_eq!(c.len(), 19);
        assert_eq!(c.matches('-').count(), 3);
        assert_ne!(c, new_recovery_code());
        let typed = c.to_lowercase().replace('-', " ");
        assert_eq!(hash_recovery_code(&typed), hash_recovery_code(&c));
    }

    #[test]
    fn otpauth_urls_name_the_issuer_and_account() {
        let secret = Secret::generate().to_base32();
        let url = totp_for(&secret, "amina@example.com")
            .unwrap()
            .to_url()
            .unwrap();
        assert!(
            url.starts_with("otpauth://totp/BaiTech:amina%40example.com?"),
            "{url}"
        );
        assert!(url.contains(&format!("secret={secret}")) && url.contains("issuer=BaiTech"));
    }
}
