//! Sessions: an access JWT plus an opaque refresh token. Refresh tokens are stored hashed,
//! rotated on every use within their login's family, and a spent one presented again revokes
//! the whole family (someone holds a copy).

use crate::app::App;
use crate::auth::TokenUse;
use crate::auth::jwt::ACCESS_TTL;
use crate::domain::token::{AuthToken, TokenKind, hash_token, new_raw_token};
use crate::domain::user::User;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::ratelimit::Rule;

use super::{REFRESH_TTL, RequestMeta, after, audit, refuse_inactive, require};

/// A signed-in session: the account and a fresh token pair.
pub struct Session {
    pub user: User,
    pub access_token: String,
    pub refresh_token: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("user", &self.user.id)
            .field("tokens", &"<redacted>")
            .finish()
    }
}

/// Signs `user` in on a new refresh-token family (a new login).
pub(super) async fn start(app: &App, user: User, meta: &RequestMeta) -> Result<Session> {
    issue(app, user, Id::new(), meta).await
}

/// A new access token and a new refresh token in `family`.
async fn issue(app: &App, user: User, family: Id, meta: &RequestMeta) -> Result<Session> {
    let now = Timestamp::now();
    let (access_token, _) = app.jwt.issue(
        user.id,
        user.role,
        TokenUse::Access,
        now.millis() / 1000,
        ACCESS_TTL,
        user.token_version,
    )?;
    let refresh_token = new_raw_token();
    app.store
        .tokens
        .insert(&AuthToken {
            id: Id::new(),
            user: user.id,
            kind: TokenKind::Refresh,
            token_hash: hash_token(&refresh_token),
            family: Some(family),
            expires_at: after(now, REFRESH_TTL),
            used_at: None,
            revoked_at: None,
            created_at: now,
            user_agent: meta.user_agent.clone(),
            ip: meta.ip_string(),
        })
        .await?;
    Ok(Session {
        user,
        access_token,
        refresh_token,
        expires_in: ACCESS_TTL.as_secs(),
    })
}

fn invalid() -> Error {
    Error::Unauthorized("refresh token is invalid or has expired".into())
}

/// Exchanges a refresh token for a new pair in the same family. The old token is consumed
/// atomically; presenting a consumed token again revokes the family.
pub async fn refresh(app: &App, raw: Option<String>, meta: &RequestMeta) -> Result<Session> {
    let raw = require("refreshToken", raw)?;
    app.rate_limits
        .check(app.cache.as_ref(), Rule::RefreshPerIp, &meta.ip_subject())
        .await?;
    let token = app
        .store
        .tokens
        .find_token(TokenKind::Refresh, &hash_token(&raw))
        .await?
        .ok_or_else(invalid)?;
    let family = token.family.unwrap_or(token.id);
    let now = Timestamp::now();
    if token.revoked_at.is_some() {
        return Err(invalid());
    }
    // A spent token coming back means two parties hold it and we cannot tell which one is
    // the thief; checked before expiry, since the family it was rotated into may still live.
    if token.used_at.is_some() {
        return Err(reuse_detected(app, &token, family, meta).await);
    }
    if now >= token.expires_at {
        return Err(invalid());
    }
    // Losing the consume race to a concurrent request with the same token is the same reuse.
    if !app.store.tokens.consume_token(token.id, now).await? {
        return Err(reuse_detected(app, &token, family, meta).await);
    }
    let user = match app.store.users.get(token.user).await? {
        Some(u) => u,
        None => {
            app.store.tokens.revoke_token_family(family, now).await?;
            return Err(invalid());
        }
    };
    if let Err(e) = refuse_inactive(&user) {
        app.store.tokens.revoke_token_family(family, now).await?;
        return Err(e);
    }
    issue(app, user, family, meta).await
}

/// Revokes the family of a reused token, logs and audits it; returns the error for the caller.
async fn reuse_detected(app: &App, token: &AuthToken, family: Id, meta: &RequestMeta) -> Error {
    let revoked = match app
        .store
        .tokens
        .revoke_token_family(family, Timestamp::now())
        .await
    {
        Ok(n) => n,
        Err(e) => return e,
    };
    tracing::warn!(
        user.id = %token.user.to_hex(),
        token.family = %family.to_hex(),
        client.ip = meta.ip_string().as_deref().unwrap_or("-"),
        revoked,
        "refresh token reused: its family is revoked"
    );
    if let Ok(Some(user)) = app.store.users.get(token.user).await {
        let reason = format!(
            "spent refresh token presented again from {}; {revoked} live token(s) of family {} revoked",
            meta.ip_string().as_deref().unwrap_or("an unknown address"),
            family.to_hex()
        );
        audit(app, &user, "auth.refresh_token_reused", Some(reason)).await;
    }
    Error::Unauthorized(
        "refresh token was already used; this login was signed out everywhere, sign in again"
            .into(),
    )
}

/// Signs out the login `raw` belongs to (its whole family). Unknown or spent tokens are
/// accepted silently: logging out is idempotent and says nothing about the token.
pub async fn logout(app: &App, raw: Option<String>) -> Result<()> {
    let raw = require("refreshToken", raw)?;
    if let Some(token) = app
        .store
        .tokens
        .find_token(TokenKind::Refresh, &hash_token(&raw))
        .await?
    {
        app.store
            .tokens
            .revoke_token_family(token.family.unwrap_or(token.id), Timestamp::now())
            .await?;
    }
    Ok(())
}

/// Signs `user` out of every device: revokes all their refresh tokens and moves the token
/// version on, so every access token already issued is refused from the next request.
pub async fn logout_all(app: &App, user: Id) -> Result<u64> {
    let now = Timestamp::now();
    app.store.users.bump_token_version(user, now).await?;
    super::forget_access(app, user).await;
    app.store
        .tokens
        .revoke_user_tokens(user, TokenKind::Refresh, now)
        .await
}
