//! Short-lived HS256 access tokens (`sub`, `role`, `jti`, `iat`, and `ver`: the account's token
//! version at issue) and the 2FA step-up `tempToken`.

use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::domain::Id;
use crate::domain::user::Role;
use crate::error::{Error, Result};

/// Access tokens live 15 minutes; clients refresh with their opaque refresh token.
pub const ACCESS_TTL: Duration = Duration::from_secs(15 * 60);
/// A password-verified login waiting for its TOTP code.
pub const TWO_FACTOR_TTL: Duration = Duration::from_secs(5 * 60);

/// What a token may be used for; an access token is never accepted as a 2FA token or back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenUse {
    Access,
    TwoFactor,
}

/// The claims BaiTech signs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub role: Role,
    pub jti: String,
    pub iat: i64,
    pub exp: i64,
    #[serde(rename = "use")]
    pub token_use: TokenUse,
    /// The account's token version when this token was issued; tokens of an older version
    /// (before a password change or "log out everywhere") are refused. Absent = 0.
    #[serde(default)]
    pub ver: u64,
}

impl Claims {
    /// The user id in `sub`.
    pub fn user_id(&self) -> Result<Id> {
        Id::parse(&self.sub).ok_or_else(|| Error::Unauthorized("invalid token subject".into()))
    }
}

/// Signing and verification keys derived from `JWT_SECRET`.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKeys(<redacted>)")
    }
}

impl JwtKeys {
    pub fn new(secret: &str) -> Self {
        JwtKeys {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
        }
    }

    /// Signs a token for `user` valid for `ttl` from `now_secs`, under its current token
    /// version `ver` (0 for an account whose sessions were never revoked).
    pub fn issue(
        &self,
        user: Id,
        role: Role,
        token_use: TokenUse,
        now_secs: i64,
        ttl: Duration,
        ver: u64,
    ) -> Result<(String, Claims)> {
        let claims = Claims {
            ver,
            sub: user.to_hex(),
            role,
            jti: uuid::Uuid::new_v4().simple().to_string(),
            iat: now_secs,
            exp: now_secs + ttl.as_secs() as i64,
            token_use,
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| Error::internal("signing a token", e))?;
        Ok((token, claims))
    }

    /// Verifies signature, expiry (no leeway) and intended use.
    pub fn verify(&self, token: &str, expected: TokenUse) -> Result<Claims> {
        let mut v = Validation::new(Algorithm::HS256);
        v.leeway = 0;
        v.set_required_spec_claims(&["exp", "sub", "iat"]);
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &v).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind;
            Error::Unauthorized(match e.kind() {
                ErrorKind::ExpiredSignature => "token has expired".into(),
                _ => "invalid token".into(),
            })
        })?;
        if data.claims.token_use != expected {
            return Err(Error::Unauthorized("invalid token".into()));
        }
        Ok(data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    #[test]
    fn issued_tokens_verify_and_carry_role_and_jti() {
        let k = JwtKeys::new("0123456789abcdef0123456789abcdef");
        let id = Id::new();
        let (tok, c) = k
            .issue(id, Role::Technician, TokenUse::Access, now(), ACCESS_TTL, 0)
            .unwrap();
        let back = k.verify(&tok, TokenUse::Access).unwrap();
        assert_eq!(back, c);
        assert_eq!(back.user_id().unwrap(), id);
        assert_eq!(back.exp - back.iat, 900);
        assert_eq!(back.jti.len(), 32);
        assert_eq!(back.ver, 0);
        let (tok, _) = k
            .issue(id, Role::Customer, TokenUse::Access, now(), ACCESS_TTL, 7)
            .unwrap();
        assert_eq!(k.verify(&tok, TokenUse::Access).unwrap().ver, 7);
    }

    #[test]
    fn expired_wrong_key_and_wrong_use_are_refused() {
        let k = JwtKeys::new("0123456789abcdef0123456789abcdef");
        let (old, _) = k
            .issue(
                Id::new(),
                Role::Customer,
                TokenUse::Access,
                now() - 3600,
                ACCESS_TTL,
                0,
            )
            .unwrap();
        assert!(
            matches!(k.verify(&old, TokenUse::Access), Err(Error::Unauthorized(m)) if m.contains("expired"))
        );
        let other = JwtKeys::new("another-secret-another-secret-xyz");
        let (tok, _) = other
            .issue(
                Id::new(),
                Role::Admin,
                TokenUse::Access,
                now(),
                ACCESS_TTL,
                0,
            )
            .unwrap();
        assert!(k.verify(&tok, TokenUse::Access).is_err());
        let (tmp, _) = k
            .issue(
                Id::new(),
                Role::Customer,
                TokenUse::TwoFactor,
                now(),
                TWO_FACTOR_TTL,
                0,
            )
            .unwrap();
        assert!(k.verify(&tmp, TokenUse::Access).is_err());
        assert!(k.verify(&tmp, TokenUse::TwoFactor).is_ok());
        assert!(k.verify("not.a.token", TokenUse::Access).is_err());
    }
}
