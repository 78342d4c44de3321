//! Auth tokens ([`TokenRepo`]): looked up by (kind, hash), consumed once, revoked by family or
//! user, and deleted in batches once expired (`expiresAt <= now`).

use async_trait::async_trait;
use rusqlite::types::Value;

use crate::domain::token::{AuthToken, TokenKind};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::embedded::Embedded;
use crate::store::embedded::docs::{self, Filter, Table, flag, id_val, opt_id, text, ts_val};
use crate::store::{TokenRepo, collections};

impl Table for AuthToken {
    const COLUMNS: &'static [&'static str] = &[
        "user_id",
        "kind",
        "token_hash",
        "family",
        "used",
        "revoked",
        "expires_at",
    ];

    fn columns(&self) -> Vec<Value> {
        vec![
            id_val(self.user),
            text(self.kind.as_str()),
            text(self.token_hash.as_str()),
            opt_id(self.family),
            flag(self.used_at.is_some()),
            flag(self.revoked_at.is_some()),
            ts_val(self.expires_at),
        ]
    }
}

fn expired_at(now: Timestamp) -> Filter {
    let mut w = Filter::new();
    w.cond("expires_at <= ?", [ts_val(now)]);
    w
}

/// Sets `revokedAt` on every matching token that is neither used nor revoked.
fn revoke_live(
    c: &rusqlite::Connection,
    mut w: Filter,
    at: Timestamp,
) -> Result<u64, crate::store::embedded::Fail> {
    w.cond("used = 0", []).cond("revoked = 0", []);
    docs::modify_where::<AuthToken>(c, &w, |t| {
        t.revoked_at = Some(at);
        true
    })
}

#[async_trait]
impl TokenRepo for Embedded {
    async fn find_token(&self, kind: TokenKind, token_hash: &str) -> Result<Option<AuthToken>> {
        let hash = token_hash.to_string();
        self.read("find token", move |c| {
            let sql = "SELECT doc FROM auth_tokens WHERE kind = ? AND token_hash = ?";
            Ok(docs::query_docs(c, sql, &[text(kind.as_str()), text(hash)])?.pop())
        })
        .await
    }

    async fn consume_token(&self, id: Id, at: Timestamp) -> Result<bool> {
        self.write("consume token", move |c| {
            let mut w = Filter::new();
            w.eq("id", id_val(id))
                .cond("used = 0", [])
                .cond("revoked = 0", []);
            let n = docs::modify_where::<AuthToken>(c, &w, |t| {
                t.used_at = Some(at);
                true
            })?;
            Ok(n == 1)
        })
        .await
    }

    async fn revoke_token_family(&self, family: Id, at: Timestamp) -> Result<u64> {
        self.write("revoke token family", move |c| {
            let mut w = Filter::new();
            w.eq("family", id_val(family));
            revoke_live(c, w, at)
        })
        .await
    }

    async fn revoke_user_tokens(&self, user: Id, kind: TokenKind, at: Timestamp) -> Result<u64> {
        self.write("revoke user tokens", move |c| {
            let mut w = Filter::new();
            w.eq("user_id", id_val(user))
                .eq("kind", text(kind.as_str()));
            revoke_live(c, w, at)
        })
        .await
    }

    async fn delete_expired_tokens(&self, now: Timestamp, limit: u32) -> Result<u64> {
        self.write("delete expired tokens", move |c| {
            docs::delete_where::<AuthToken>(c, &expired_at(now), limit)
        })
        .await
    }

    async fn count_expired_tokens(&self, now: Timestamp) -> Result<u64> {
        self.read("count expired tokens", move |c| {
            docs::count(c, collections::TOKENS, &expired_at(now))
        })
        .await
    }
}
