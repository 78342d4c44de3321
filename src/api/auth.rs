//! `/api/v1/auth`: registration, login (with the 2FA step), token refresh and logout,
//! password change and reset, e-mail verification, and 2FA enrolment. Handlers extract the
//! request, call `services::auth` and shape the answer; the rules live in the service.

use std::net::SocketAddr;

use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::Response;
use axum::routing::post;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::envelope;
use super::extract::Json;
use super::views::PrivateUser;
use crate::app::App;
use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::services::auth::{
    self, ChangePasswordRequest, LoginOutcome, LoginRequest, NewAccount, RegisterInput,
    RequestMeta, ResetPasswordRequest, Session, TwoFactorDisableRequest,
};

/// The auth routes, nested under `/api/v1/auth`.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/register", post(register))
        .route("/login", post(login))
        .route("/verify-2fa", post(verify_two_factor))
        .route("/refresh", post(refresh))
        .route("/logout", post(logout))
        .route("/logout-all", post(logout_all))
        .route(
            "/change-password",
            post(change_password).put(change_password),
        )
        .route("/2fa/setup", post(two_factor_setup))
        .route("/2fa/enable", post(two_factor_enable))
        .route("/2fa/disable", post(two_factor_disable))
        .route("/verify-email", post(verify_email))
        .route("/resend-verification", post(resend_verification))
        .route("/forgot-password", post(forgot_password))
        .route("/reset-password", post(reset_password))
}

/// The caller's address (see [`crate::ratelimit::client_ip`]) and user agent.
pub struct Client(pub RequestMeta);

impl FromRequestParts<App> for Client {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Error> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0);
        let ip = crate::ratelimit::client_ip(peer, &parts.headers, app.config.trust_proxy);
        // Kept in the login history; bounded so a client cannot bloat the user document.
        let user_agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(256).collect::<String>())
            .filter(|s| !s.is_empty());
        Ok(Client(RequestMeta { ip, user_agent }))
    }
}

/// `data` of every response that signs someone in.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SessionView {
    user: PrivateUser,
    access_token: String,
    refresh_token: String,
    token_type: &'static str,
    expires_in: u64,
}

impl From<Session> for SessionView {
    fn from(s: Session) -> Self {
        SessionView {
            user: PrivateUser::from(&s.user),
            access_token: s.access_token,
            refresh_token: s.refresh_token,
            token_type: "Bearer",
            expires_in: s.expires_in,
        }
    }
}

/// Bodies that carry one opaque token or code.
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RefreshBody {
    refresh_token: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct VerifyTwoFactorBody {
    temp_token: Option<String>,
    code: Option<String>,
}

#[derive(Default, Deserialize)]
struct CodeBody {
    code: Option<String>,
}

#[derive(Default, Deserialize)]
struct TokenBody {
    token: Option<String>,
}

#[derive(Default, Deserialize)]
struct EmailBody {
    email: Option<String>,
}

/// `POST /auth/register` → 201 `{user, accessToken, refreshToken}`.
async fn register(
    State(app): State<App>,
    Client(meta): Client,
    Json(input): Json<RegisterInput>,
) -> Result<Response> {
    let account = NewAccount::try_from(input)?;
    let session = auth::register(&app, account, &meta).await?;
    Ok(envelope::created(SessionView::from(session)))
}

/// `POST /auth/login` → `{user, accessToken, refreshToken}` or `{requires2fa, tempToken}`.
async fn login(
    State(app): State<App>,
    Client(meta): Client,
    Json(req): Json<LoginRequest>,
) -> Result<Response> {
    Ok(match auth::login(&app, req, &meta).await? {
        LoginOutcome::Session(s) => envelope::ok(SessionView::from(*s)),
        LoginOutcome::TwoFactorRequired {
            temp_token,
            expires_in,
        } => envelope::ok(json!({
            "requires2fa": true,
            "tempToken": temp_token,
            "expiresIn": expires_in,
        })),
    })
}

/// `POST /auth/verify-2fa {tempToken, code}` → a session.
async fn verify_two_factor(
    State(app): State<App>,
    Client(meta): Client,
    Json(b): Json<VerifyTwoFactorBody>,
) -> Result<Response> {
    let session = auth::verify_two_factor(&app, b.temp_token, b.code, &meta).await?;
    Ok(envelope::ok(SessionView::from(session)))
}

/// `POST /auth/refresh {refreshToken}` → a new pair (the old refresh token is spent).
async fn refresh(
    State(app): State<App>,
    Client(meta): Client,
    Json(b): Json<RefreshBody>,
) -> Result<Response> {
    let session = auth::refresh(&app, b.refresh_token, &meta).await?;
    Ok(envelope::ok(SessionView::from(session)))
}

/// `POST /auth/logout {refreshToken}`: ends that login on every device it was refreshed on.
async fn logout(State(app): State<App>, Json(b): Json<RefreshBody>) -> Result<Response> {
    auth::logout(&app, b.refresh_token).await?;
    Ok(envelope::ok(json!({ "loggedOut": true })))
}

/// `POST /auth/logout-all` (authenticated): revokes every refresh token of the caller.
async fn logout_all(State(app): State<App>, me: Caller) -> Result<Response> {
    let revoked = auth::logout_all(&app, me.id).await?;
    Ok(envelope::ok(
        json!({ "loggedOut": true, "sessionsRevoked": revoked }),
    ))
}

/// `POST|PUT /auth/change-password {currentPassword, newPassword}` → a fresh session; every
/// other session is signed out.
async fn change_password(
    State(app): State<App>,
    me: Caller,
    Client(meta): Client,
    Json(req): Json<ChangePasswordRequest>,
) -> Result<Response> {
    let session = auth::change_password(&app, me.id, req, &meta).await?;
    Ok(envelope::ok(SessionView::from(session)))
}

/// `POST /auth/2fa/setup` → `{secret, otpauthUrl}` (not enabled until `/2fa/enable`).
async fn two_factor_setup(State(app): State<App>, me: Caller) -> Result<Response> {
    let s = auth::setup_two_factor(&app, me.id).await?;
    Ok(envelope::ok(json!({
        "secret": s.secret,
        "otpauthUrl": s.otpauth_url,
        "issuer": auth::TOTP_ISSUER,
        "enabled": false,
    })))
}

/// `POST /auth/2fa/enable {code}` → `{enabled, recoveryCodes}` (the codes are shown once).
async fn two_factor_enable(
    State(app): State<App>,
    me: Caller,
    Json(b): Json<CodeBody>,
) -> Result<Response> {
    let codes = auth::enable_two_factor(&app, me.id, b.code).await?;
    Ok(envelope::ok(
        json!({ "enabled": true, "recoveryCodes": codes }),
    ))
}

/// `POST /auth/2fa/disable {password, code}`.
async fn two_factor_disable(
    State(app): State<App>,
    me: Caller,
    Json(req): Json<TwoFactorDisableRequest>,
) -> Result<Response> {
    auth::disable_two_factor(&app, me.id, req).await?;
    Ok(envelope::ok(json!({ "enabled": false })))
}

/// `POST /auth/verify-email {token}`.
async fn verify_email(
    State(app): State<App>,
    Client(meta): Client,
    Json(b): Json<TokenBody>,
) -> Result<Response> {
    auth::verify_email(&app, b.token, &meta).await?;
    Ok(envelope::ok(json!({ "emailVerified": true })))
}

/// `POST /auth/resend-verification` (authenticated).
async fn resend_verification(
    State(app): State<App>,
    me: Caller,
    Client(meta): Client,
) -> Result<Response> {
    auth::resend_verification(&app, me.id, &meta).await?;
    Ok(envelope::ok(json!({ "sent": true })))
}

/// `POST /auth/forgot-password {email}`: always the same answer.
async fn forgot_password(
    State(app): State<App>,
    Client(meta): Client,
    Json(b): Json<EmailBody>,
) -> Result<Response> {
    auth::forgot_password(&app, b.email, &meta).await?;
    Ok(envelope::ok(json!({
        "message": "If an account uses this e-mail address, a password reset code is on its way."
    })))
}

/// `POST /auth/reset-password {token, password}`.
async fn reset_password(
    State(app): State<App>,
    Client(meta): Client,
    Json(req): Json<ResetPasswordRequest>,
) -> Result<Response> {
    auth::reset_password(&app, req, &meta).await?;
    Ok(envelope::ok(json!({ "passwordReset": true })))
}
