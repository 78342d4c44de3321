//! Single-use e-mail tokens (verification, password reset): random, stored only as a hash,
//! expiring, and redeemed at most once.

use std::time::Duration;

use crate::app::App;
use crate::domain::token::{AuthToken, TokenKind, hash_token, new_raw_token};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};

use super::{RequestMeta, after};

/// Creates a token of `kind` for `user` and returns the raw value (only ever sent to the
/// user). Earlier live tokens of the same kind are revoked: only the newest link works.
pub(super) async fn issue(
    app: &App,
    user: Id,
    kind: TokenKind,
    ttl: Duration,
    meta: &RequestMeta,
) -> Result<String> {
    let now = Timestamp::now();
    app.store.tokens.revoke_user_tokens(user, kind, now).await?;
    let raw = new_raw_token();
    app.store
        .tokens
        .insert(&AuthToken {
            id: Id::new(),
            user,
            kind,
            token_hash: hash_token(&raw),
            family: None,
            expires_at: after(now, ttl),
            used_at: None,
            revoked_at: None,
            created_at: now,
            user_agent: meta.user_agent.clone(),
            ip: meta.ip_string(),
        })
        .await?;
    Ok(raw)
}

fn invalid() -> Error {
    Error::validation("token", "is invalid, already used or expired")
}

/// The stored token for `raw` if it can still be redeemed (not yet consumed).
pub(super) async fn find_usable(app: &App, kind: TokenKind, raw: &str) -> Result<AuthToken> {
    let token = app
        .store
        .tokens
        .find_token(kind, &hash_token(raw.trim()))
        .await?
        .ok_or_else(invalid)?;
    if token.is_usable(Timestamp::now()) {
        Ok(token)
    } else {
        Err(invalid())
    }
}

/// Marks `token` used; fails if a concurrent request redeemed it first.
pub(super) async fn consume(app: &App, token: &AuthToken) -> Result<()> {
    if app
        .store
        .tokens
        .consume_token(token.id, Timestamp::now())
        .await?
    {
        Ok(())
    } else {
        Err(invalid())
    }
}
