//! Opaque tokens (refresh, e-mail verification, password reset, pending 2FA): stored only as a
//! SHA-256 hash, with expiry, single use, revocation, and refresh-token families.

use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::enums::string_enum;
use crate::domain::id::Id;
use crate::domain::time::Timestamp;

/// A stored token (storage document of `auth_tokens`); the raw token is only ever in the client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthToken {
    #[serde(rename = "_id")]
    pub id: Id,
    pub user: Id,
    #[serde(rename = "type")]
    pub kind: TokenKind,
    /// Lower-case hex SHA-256 of the raw token (see [`hash_token`]).
    pub token_hash: String,
    /// Refresh tokens of one login share a family; reusing a spent one revokes the family.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<Id>,
    pub expires_at: Timestamp,
    /// When it was spent (rotated, verified, reset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<Timestamp>,
    pub created_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
}

impl AuthToken {
    /// Whether the token may be redeemed at `now`: not expired, spent or revoked.
    pub fn is_usable(&self, now: Timestamp) -> bool {
        self.used_at.is_none() && self.revoked_at.is_none() && now < self.expires_at
    }
}

string_enum! {
    /// What an opaque token is for.
    pub enum TokenKind {
        Refresh = "refresh",
        EmailVerification = "email_verification",
        PasswordReset = "password_reset",
        TwoFactorPending = "two_factor_pending",
    }
}

/// Lower-case hex SHA-256 of a raw token: what is stored and looked up.
pub fn hash_token(raw: &str) -> String {
    hex::encode(Sha256::digest(raw.as_bytes()))
}

/// A fresh raw token: 32 random bytes as 64 lower-case hex characters (URL-safe).
pub fn new_raw_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::{assert_enum_strings, assert_round_trips};

    fn at(m: i64) -> Timestamp {
        Timestamp::from_millis(1_700_000_000_000 + m * 60_000)
    }

    fn sample() -> AuthToken {
        AuthToken {
            id: Id::from_parts(1_700_000_000, 1),
            user: Id::from_parts(1_700_000_000, 2),
            kind: TokenKind::Refresh,
            token_hash: hash_token("raw"),
            family: Some(Id::from_parts(1_700_000_000, 3)),
            expires_at: at(60),
            used_at: Some(at(10)),
            revoked_at: Some(at(11)),
            created_at: at(0),
            user_agent: Some("BaiTech/1.0 (Android)".into()),
            ip: Some("197.248.1.1".into()),
        }
    }

    #[test]
    fn a_full_token_round_trips_through_json_and_bson() {
        assert_round_trips(&sample());
        assert_eq!(serde_json::to_value(sample()).unwrap()["type"], "refresh");
    }

    #[test]
    fn enum_spellings_match_serde() {
        assert_enum_strings(TokenKind::ALL, TokenKind::as_str);
        assert_eq!(TokenKind::TwoFactorPending.as_str(), "two_factor_pending");
    }

    #[test]
    fn hashes_are_sha256_hex() {
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn raw_tokens_are_64_hex_characters_and_do_not_repeat() {
        let (a, b) = (new_raw_token(), new_raw_token());
        assert_eq!(a.len(), 64);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(a, b);
    }

    #[test]
    fn spent_revoked_or_expired_tokens_are_unusable() {
        let mut t = sample();
        assert!(!t.is_usable(at(1)));
        t.used_at = None;
        assert!(!t.is_usable(at(1)));
        t.revoked_at = None;
        assert!(t.is_usable(at(59)));
        assert!(!t.is_usable(at(60)));
    }
}
