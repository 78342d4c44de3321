//! Refresh, verification and reset tokens: the collection spec, the repository trait (only its own
//! queries; the generic ones come from [`Collection`]), its filters, and the two implementations,
//! `embedded.rs` and `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use crate::domain::token::{AuthToken, TokenKind};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::Collection;
use crate::store::spec::IndexKey::Asc;
use crate::store::spec::Scope::All;
use crate::store::spec::{CollectionSpec, IndexSpec, unique};
use async_trait::async_trait;

/// Refresh, verification and reset tokens (stored hashed).
#[async_trait]
pub trait TokenRepo: Collection<AuthToken> {
    async fn find_token(&self, kind: TokenKind, token_hash: &str) -> Result<Option<AuthToken>>;
    /// Marks the token used if it is unused and unrevoked; `false` otherwise (atomic).
    async fn consume_token(&self, id: Id, at: Timestamp) -> Result<bool>;
    /// Revokes every token of the family; returns how many were still live.
    async fn revoke_token_family(&self, family: Id, at: Timestamp) -> Result<u64>;
    /// Revokes every live token of `kind` of the user.
    async fn revoke_user_tokens(&self, user: Id, kind: TokenKind, at: Timestamp) -> Result<u64>;
    /// Deletes at most `limit` tokens whose `expiresAt` has passed.
    async fn delete_expired_tokens(&self, now: Timestamp, limit: u32) -> Result<u64>;
    async fn count_expired_tokens(&self, now: Timestamp) -> Result<u64>;
}

/// Refresh, verification and reset tokens: lookup by hash, family and per-user revocation.
pub const TOKENS: CollectionSpec = CollectionSpec {
    name: "auth_tokens",
    noun: "token",
    uniques: &[unique(
        "auth_tokens_hash_unique",
        &["type", "tokenHash"],
        All,
        "this token already exists",
    )],
    indexes: &[
        IndexSpec::new("auth_tokens_family", &[Asc("family")]),
        IndexSpec::new("auth_tokens_user_type", &[Asc("user"), Asc("type")]),
        IndexSpec::new("auth_tokens_expires_ttl", &[Asc("expiresAt")]).ttl(0),
    ],
    text: &[],
};
