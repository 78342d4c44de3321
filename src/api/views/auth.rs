//! Answers of `/api/v1/auth` beside the session itself (`api::auth::SessionView`): the 2FA
//! challenge, enrolment and the acknowledgements the auth handlers write as literal JSON.

use serde::Serialize;
use utoipa::ToSchema;

use crate::api::auth::SessionView;

/// `POST /auth/login`: a session, or the second step when the account has 2FA on.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum LoginAnswer {
    Session(Box<SessionView>),
    TwoFactorRequired(TwoFactorChallenge),
}

/// The account has 2FA on: send `tempToken` and a code to `/auth/verify-2fa`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorChallenge {
    /// Always `true`.
    #[serde(rename = "requires2fa")]
    pub requires_2fa: bool,
    pub temp_token: String,
    /// Seconds the temporary token stays valid.
    pub expires_in: u64,
}

/// `POST /auth/logout` and `/auth/logout-all`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoggedOut {
    pub logged_out: bool,
    /// Only from `/logout-all`: how many sessions ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sessions_revoked: Option<u64>,
}

/// `POST /auth/2fa/setup`: the secret to enrol in an authenticator app (not yet enabled).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorSetup {
    /// Base32 TOTP secret.
    pub secret: String,
    /// `otpauth://totp/...` for a QR code.
    pub otpauth_url: String,
    pub issuer: String,
    /// Always `false` until `/auth/2fa/enable`.
    pub enabled: bool,
}

/// `POST /auth/2fa/enable` and `/auth/2fa/disable`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorState {
    pub enabled: bool,
    /// Only from `/enable`: one-time recovery codes, shown this once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_codes: Option<Vec<String>>,
}

/// `POST /auth/verify-email`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailVerified {
    pub email_verified: bool,
}

/// `POST /auth/resend-verification`.
#[derive(Serialize, ToSchema)]
pub struct Sent {
    pub sent: bool,
}

/// `POST /auth/forgot-password`: the same sentence whether or not the address is known.
#[derive(Serialize, ToSchema)]
pub struct Notice {
    pub message: String,
}

/// `POST /auth/reset-password`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PasswordReset {
    pub password_reset: bool,
}
