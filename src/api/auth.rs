//! `/api/v1/auth`: registration, login (with the 2FA step), token refresh and logout,
//! password change and reset, e-mail verification, and 2FA enrolment. Handlers extract the
//! request, call `services::auth` and shape the answer; the rules live in the service.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::envelope;
use super::extract::Json;
use super::openapi::{Envelope, ErrorEnvelope};
use super::views::PrivateUser;
use super::views::auth::{
    EmailVerified, LoggedOut, LoginAnswer, Notice, PasswordReset, Sent, TwoFactorSetup,
    TwoFactorState,
};
use crate::app::App;
use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::services::auth::{
    self, ChangePasswordRequest, LoginOutcome, LoginRequest, NewAccount, RegisterInput,
    RequestMeta, ResetPasswordRequest, Session, TwoFactorDisableRequest,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The auth routes, nested under `/api/v1/auth`.
pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(verify_two_factor))
        .routes(routes!(refresh))
        .routes(routes!(logout))
        .routes(routes!(logout_all))
        .routes(routes!(change_password))
        .routes(routes!(two_factor_setup))
        .routes(routes!(two_factor_enable))
        .routes(routes!(two_factor_disable))
        .routes(routes!(verify_email))
        .routes(routes!(resend_verification))
        .routes(routes!(forgot_password))
        .routes(routes!(reset_password))
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
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
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
#[utoipa::path(
    post,
    path = "/register",
    tag = "auth",
    responses(
        (status = 201, description = "Registered and signed in", body = Envelope<SessionView>),
        (status = 409, description = "The e-mail or phone number is taken", body = ErrorEnvelope),
        (status = 429, description = "Too many sign-ups from this address", body = ErrorEnvelope),
    )
)]
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
#[utoipa::path(
    post,
    path = "/login",
    tag = "auth",
    responses(
        (status = 200, description = "A session, or the 2FA challenge", body = Envelope<LoginAnswer>),
        (status = 401, description = "Wrong credentials", body = ErrorEnvelope),
        (status = 403, description = "The account is suspended, banned or deleted", body = ErrorEnvelope),
        (status = 429, description = "Too many attempts, or the account is locked for a while", body = ErrorEnvelope),
    )
)]
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
#[utoipa::path(
    post,
    path = "/verify-2fa",
    tag = "auth",
    request_body(content = Value, description = "{tempToken, code}: a TOTP or recovery code"),
    responses(
        (status = 200, description = "Signed in", body = Envelope<SessionView>),
        (status = 401, description = "The temporary token or the code is wrong or expired", body = ErrorEnvelope),
        (status = 429, description = "Too many codes tried", body = ErrorEnvelope),
    )
)]
async fn verify_two_factor(
    State(app): State<App>,
    Client(meta): Client,
    Json(b): Json<VerifyTwoFactorBody>,
) -> Result<Response> {
    let session = auth::verify_two_factor(&app, b.temp_token, b.code, &meta).await?;
    Ok(envelope::ok(SessionView::from(session)))
}

/// `POST /auth/refresh {refreshToken}` → a new pair (the old refresh token is spent).
#[utoipa::path(
    post,
    path = "/refresh",
    tag = "auth",
    request_body(content = Value, description = "{refreshToken}"),
    responses(
        (status = 200, description = "A new pair; the refresh token sent is spent (a reused one revokes its whole family)", body = Envelope<SessionView>),
        (status = 401, description = "Unknown, expired, revoked or reused refresh token", body = ErrorEnvelope),
        (status = 429, description = "Too many refreshes", body = ErrorEnvelope),
    )
)]
async fn refresh(
    State(app): State<App>,
    Client(meta): Client,
    Json(b): Json<RefreshBody>,
) -> Result<Response> {
    let session = auth::refresh(&app, b.refresh_token, &meta).await?;
    Ok(envelope::ok(SessionView::from(session)))
}

/// `POST /auth/logout {refreshToken}`: ends that login on every device it was refreshed on.
#[utoipa::path(
    post,
    path = "/logout",
    tag = "auth",
    request_body(content = Value, description = "{refreshToken}"),
    responses((status = 200, description = "That login has ended on every device it was refreshed on", body = Envelope<LoggedOut>))
)]
async fn logout(State(app): State<App>, Json(b): Json<RefreshBody>) -> Result<Response> {
    auth::logout(&app, b.refresh_token).await?;
    Ok(envelope::ok(json!({ "loggedOut": true })))
}

/// `POST /auth/logout-all` (authenticated): revokes every refresh token of the caller.
#[utoipa::path(
    post,
    path = "/logout-all",
    tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, description = "Every refresh token of the caller is revoked", body = Envelope<LoggedOut>))
)]
async fn logout_all(State(app): State<App>, me: Caller) -> Result<Response> {
    let revoked = auth::logout_all(&app, me.id).await?;
    Ok(envelope::ok(
        json!({ "loggedOut": true, "sessionsRevoked": revoked }),
    ))
}

/// `POST|PUT /auth/change-password {currentPassword, newPassword}` → a fresh session; every
/// other session is signed out.
#[utoipa::path(
    method(post, put),
    path = "/change-password",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A fresh session; every other session is signed out", body = Envelope<SessionView>),
        (status = 401, description = "The current password is wrong", body = ErrorEnvelope),
        (status = 429, description = "Too many attempts", body = ErrorEnvelope),
    )
)]
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
#[utoipa::path(
    post,
    path = "/2fa/setup",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The secret to enrol (2FA is on only after /2fa/enable)", body = Envelope<TwoFactorSetup>),
        (status = 409, description = "2FA is already on", body = ErrorEnvelope),
    )
)]
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
#[utoipa::path(
    post,
    path = "/2fa/enable",
    tag = "auth",
    security(("bearer" = [])),
    request_body(content = Value, description = "{code}: a TOTP code from the enrolled app"),
    responses(
        (status = 200, description = "2FA is on; the recovery codes are shown this once", body = Envelope<TwoFactorState>),
        (status = 401, description = "The code is wrong", body = ErrorEnvelope),
        (status = 409, description = "No enrolment started, or 2FA is already on", body = ErrorEnvelope),
        (status = 429, description = "Too many codes tried", body = ErrorEnvelope),
    )
)]
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
#[utoipa::path(
    post,
    path = "/2fa/disable",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "2FA is off", body = Envelope<TwoFactorState>),
        (status = 401, description = "The password or code is wrong", body = ErrorEnvelope),
        (status = 409, description = "2FA is not on", body = ErrorEnvelope),
        (status = 429, description = "Too many attempts", body = ErrorEnvelope),
    )
)]
async fn two_factor_disable(
    State(app): State<App>,
    me: Caller,
    Json(req): Json<TwoFactorDisableRequest>,
) -> Result<Response> {
    auth::disable_two_factor(&app, me.id, req).await?;
    Ok(envelope::ok(json!({ "enabled": false })))
}

/// `POST /auth/verify-email {token}`.
#[utoipa::path(
    post,
    path = "/verify-email",
    tag = "auth",
    request_body(content = Value, description = "{token}: the code from the verification e-mail"),
    responses(
        (status = 200, description = "The address is verified", body = Envelope<EmailVerified>),
        (status = 401, description = "Unknown or expired token", body = ErrorEnvelope),
        (status = 429, description = "Too many attempts", body = ErrorEnvelope),
    )
)]
async fn verify_email(
    State(app): State<App>,
    Client(meta): Client,
    Json(b): Json<TokenBody>,
) -> Result<Response> {
    auth::verify_email(&app, b.token, &meta).await?;
    Ok(envelope::ok(json!({ "emailVerified": true })))
}

/// `POST /auth/resend-verification` (authenticated).
#[utoipa::path(
    post,
    path = "/resend-verification",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A new verification e-mail is on its way", body = Envelope<Sent>),
        (status = 409, description = "The address is already verified", body = ErrorEnvelope),
        (status = 429, description = "Too many e-mails asked for", body = ErrorEnvelope),
    )
)]
async fn resend_verification(
    State(app): State<App>,
    me: Caller,
    Client(meta): Client,
) -> Result<Response> {
    auth::resend_verification(&app, me.id, &meta).await?;
    Ok(envelope::ok(json!({ "sent": true })))
}

/// `POST /auth/forgot-password {email}`: always the same answer.
#[utoipa::path(
    post,
    path = "/forgot-password",
    tag = "auth",
    request_body(content = Value, description = "{email}"),
    responses(
        (status = 200, description = "The same answer whether or not the address is known", body = Envelope<Notice>),
        (status = 429, description = "Too many resets asked for", body = ErrorEnvelope),
    )
)]
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
#[utoipa::path(
    post,
    path = "/reset-password",
    tag = "auth",
    responses(
        (status = 200, description = "The password is changed; every session is signed out", body = Envelope<PasswordReset>),
        (status = 401, description = "Unknown or expired reset token", body = ErrorEnvelope),
        (status = 429, description = "Too many attempts", body = ErrorEnvelope),
    )
)]
async fn reset_password(
    State(app): State<App>,
    Client(meta): Client,
    Json(req): Json<ResetPasswordRequest>,
) -> Result<Response> {
    auth::reset_password(&app, req, &meta).await?;
    Ok(envelope::ok(json!({ "passwordReset": true })))
}
