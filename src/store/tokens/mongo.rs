//! Auth tokens on MongoDB: single use and revocation as guarded atomic updates.

use async_trait::async_trait;
use bson::{Document, doc};

use crate::domain::token::{AuthToken, TokenKind};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::TokenRepo;
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{Stored, date, oid};
use crate::store::notifications::mongo::expired;

fn usable(at: Timestamp) -> Document {
    doc! { "usedAt": null, "revokedAt": null, "expiresAt": { "$gt": date(at) } }
}

#[async_trait]
impl TokenRepo for Mongo {
    async fn find_token(&self, kind: TokenKind, token_hash: &str) -> Result<Option<AuthToken>> {
        self.find_one(doc! { "type": kind.as_str(), "tokenHash": token_hash })
            .await
    }

    async fn consume_token(&self, id: Id, at: Timestamp) -> Result<bool> {
        // The guard and the write are one update: of two concurrent redemptions one matches.
        let filter = doc! { "_id": oid(id), "usedAt": null, "revokedAt": null };
        let update = doc! { "$set": { "usedAt": date(at) } };
        self.update_one_in(AuthToken::SPEC.name, filter, update, "consuming a token")
            .await
    }

    async fn revoke_token_family(&self, family: Id, at: Timestamp) -> Result<u64> {
        let set = doc! { "$set": { "revokedAt": date(at) } };
        // Live ones first, to count them; then the spent or expired rest, so the whole family
        // carries the revocation.
        let mut live = usable(at);
        live.insert("family", oid(family));
        let revoked_live = self
            .update_many_in(
                AuthToken::SPEC.name,
                live,
                set.clone(),
                "revoking a token family",
            )
            .await?;
        let rest = doc! { "family": oid(family), "revokedAt": null };
        self.update_many_in(AuthToken::SPEC.name, rest, set, "revoking a token family")
            .await?;
        Ok(revoked_live)
    }

    async fn revoke_user_tokens(&self, user: Id, kind: TokenKind, at: Timestamp) -> Result<u64> {
        let mut filter = usable(at);
        filter.insert("user", oid(user));
        filter.insert("type", kind.as_str());
        let update = doc! { "$set": { "revokedAt": date(at) } };
        self.update_many_in(
            AuthToken::SPEC.name,
            filter,
            update,
            "revoking a user's tokens",
        )
        .await
    }

    async fn delete_expired_tokens(&self, now: Timestamp, limit: u32) -> Result<u64> {
        self.delete_limited(AuthToken::SPEC.name, expired(now), limit)
            .await
    }

    async fn count_expired_tokens(&self, now: Timestamp) -> Result<u64> {
        self.count(AuthToken::SPEC.name, expired(now)).await
    }
}
