//! `notifications` (inbox, read state, retention), `audit_log` (append-only) and `auth_tokens`
//! (single use and revocation as guarded atomic updates). Expired notifications and tokens are
//! also removed by TTL indexes; the explicit clean-ups cover servers that run no TTL monitor.

use async_trait::async_trait;
use bson::{Document, doc};

use super::Mongo;
use super::codec::{Stored, and, date, oid};
use super::documents::Order;
use super::errors;
use crate::domain::audit::AuditEntry;
use crate::domain::notification::Notification;
use crate::domain::token::{AuthToken, TokenKind};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::{
    AuditFilter, AuditRepo, NotificationFilter, NotificationRepo, Page, PageRequest, TokenRepo,
};

/// Not expired at `now` (no expiry, or expiring later): the domain's `!is_expired(now)`.
fn unexpired(now: Timestamp) -> Document {
    doc! { "$or": [ { "expiresAt": null }, { "expiresAt": { "$gt": date(now) } } ] }
}

/// Expired at `now`: `expiresAt <= now`.
fn expired(now: Timestamp) -> Document {
    doc! { "expiresAt": { "$lte": date(now) } }
}

fn read_before(before: Timestamp) -> Document {
    doc! { "read": true, "createdAt": { "$lt": date(before) } }
}

/// Usable at `at`: neither spent nor revoked, and not expired (the domain's `is_usable`).
fn usable(at: Timestamp) -> Document {
    doc! { "usedAt": null, "revokedAt": null, "expiresAt": { "$gt": date(at) } }
}

impl Mongo {
    /// Applies `update` to the one document `filter` selects; whether it changed.
    async fn update_one_in(
        &self,
        collection: &str,
        filter: Document,
        update: Document,
        context: &str,
    ) -> Result<bool> {
        let result = self
            .coll(collection)
            .update_one(filter, update)
            .await
            .map_err(errors::ctx(collection, context))?;
        Ok(result.modified_count == 1)
    }

    async fn update_many_in(
        &self,
        collection: &str,
        filter: Document,
        update: Document,
        context: &str,
    ) -> Result<u64> {
        let result = self
            .coll(collection)
            .update_many(filter, update)
            .await
            .map_err(errors::ctx(collection, context))?;
        Ok(result.modified_count)
    }
}

#[async_trait]
impl NotificationRepo for Mongo {
    async fn list_notifications(
        &self,
        filter: &NotificationFilter,
        page: &PageRequest,
    ) -> Result<Page<Notification>> {
        let mut conditions = vec![doc! { "recipient": oid(filter.recipient) }];
        if filter.unread_only {
            conditions.push(doc! { "read": false });
        }
        if let Some(category) = filter.category {
            conditions.push(doc! { "category": category.as_str() });
        }
        conditions.push(unexpired(filter.now));
        self.page(and(conditions), page, Order::IdDesc).await
    }

    async fn mark_notification_read(&self, id: Id, recipient: Id, at: Timestamp) -> Result<bool> {
        let mine = doc! { "_id": oid(id), "recipient": oid(recipient) };
        let mut unread = mine.clone();
        unread.insert("read", false);
        let update = doc! { "$set": { "read": true, "readAt": date(at), "updatedAt": date(at) } };
        let context = "marking a notification read";
        if self
            .update_one_in(Notification::SPEC.name, unread, update, context)
            .await?
        {
            return Ok(true);
        }
        // Already read is still "theirs and read"; only a missing or foreign one is `false`.
        Ok(self.count(Notification::SPEC.name, mine).await? > 0)
    }

    async fn mark_all_notifications_read(&self, recipient: Id, at: Timestamp) -> Result<u64> {
        let filter = doc! { "recipient": oid(recipient), "read": false };
        let update = doc! { "$set": { "read": true, "readAt": date(at), "updatedAt": date(at) } };
        self.update_many_in(
            Notification::SPEC.name,
            filter,
            update,
            "marking notifications read",
        )
        .await
    }

    async fn unread_notification_count(&self, recipient: Id, now: Timestamp) -> Result<u64> {
        let filter = and(vec![
            doc! { "recipient": oid(recipient), "read": false },
            unexpired(now),
        ]);
        self.count(Notification::SPEC.name, filter).await
    }

    async fn delete_read_notifications_before(&self, before: Timestamp, limit: u32) -> Result<u64> {
        self.delete_limited(Notification::SPEC.name, read_before(before), limit)
            .await
    }

    async fn count_read_notifications_before(&self, before: Timestamp) -> Result<u64> {
        self.count(Notification::SPEC.name, read_before(before))
            .await
    }

    async fn delete_expired_notifications(&self, now: Timestamp, limit: u32) -> Result<u64> {
        self.delete_limited(Notification::SPEC.name, expired(now), limit)
            .await
    }

    async fn count_expired_notifications(&self, now: Timestamp) -> Result<u64> {
        self.count(Notification::SPEC.name, expired(now)).await
    }
}

#[async_trait]
impl AuditRepo for Mongo {
    async fn list_audit(
        &self,
        filter: &AuditFilter,
        page: &PageRequest,
    ) -> Result<Page<AuditEntry>> {
        let mut conditions = Vec::new();
        if let Some(actor) = filter.actor {
            conditions.push(doc! { "actor": oid(actor) });
        }
        if let Some(action) = &filter.action {
            conditions.push(doc! { "action": action.as_str() });
        }
        if let Some(kind) = &filter.target_kind {
            conditions.push(doc! { "targetKind": kind.as_str() });
        }
        if let Some(target) = filter.target_id {
            conditions.push(doc! { "targetId": oid(target) });
        }
        self.page(and(conditions), page, Order::IdDesc).await
    }
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
