//! The account holder's data rights: a copy of everything held about them (export), their
//! consent record, and deletion.
//!
//! Deletion anonymizes rather than removes the account document: bookings, transactions and
//! reviews point at it and are kept (tax and dispute obligations), so the document stays with
//! every personal field cleared, placeholders where a value must exist, and `status: deleted`.
//! Their follow edges and blocks (made and received) go, their posts are withdrawn, every
//! token they hold is revoked.

use serde_json::json;

use super::{ERASURE_FIELDS, audit, collect_all, devices, now, own_account, save_fields};
use crate::auth::Caller;
use crate::auth::password::{Verified, verify_async};
use crate::cache::Cache;
use crate::domain::audit::AuditEntry;
use crate::domain::booking::Booking;
use crate::domain::conversation::Conversation;
use crate::domain::follow::Follow;
use crate::domain::message::Message;
use crate::domain::notification::Notification;
use crate::domain::post::Post;
use crate::domain::review::Review;
use crate::domain::token::TokenKind;
use crate::domain::transaction::Transaction;
use crate::domain::user::{
    Consent, Kyc, TechnicianProfile, User, UserField, UserGuard, UserStatus,
};
use crate::domain::{Email, Id, Phone, Timestamp};
use crate::error::{Error, Result};
use crate::services::input::{Field, Problems, UnknownKeys, text};
use crate::store::{
    AuditFilter, BookingFilter, MessageFilter, NotificationFilter, PostFilter, ReviewFilter, Store,
    TransactionFilter,
};

/// Everything the platform holds about one account.
#[derive(Debug, Clone)]
pub struct DataExport {
    pub exported_at: Timestamp,
    pub account: User,
    pub followers: Vec<Follow>,
    pub following: Vec<Follow>,
    /// As customer or as technician.
    pub bookings: Vec<Booking>,
    /// As payer or as payee.
    pub transactions: Vec<Transaction>,
    pub posts: Vec<Post>,
    pub reviews_written: Vec<Review>,
    pub reviews_received: Vec<Review>,
    /// Conversations they take part in (and have not deleted on their side).
    pub conversations: Vec<Conversation>,
    /// Messages they sent in those conversations.
    pub messages_sent: Vec<Message>,
    pub notifications: Vec<Notification>,
    /// Audit entries about them or by them.
    pub audit_entries: Vec<AuditEntry>,
}

/// Collects the caller's data by paging through every repository's list.
///
/// Messages are found per conversation (the store lists messages by conversation only), so
/// messages in conversations the caller deleted on their side are not included; a
/// `MessageFilter::sender` would find them all in one indexed query.
pub async fn export(store: &Store, caller: &Caller) -> Result<DataExport> {
    let account = own_account(store, caller).await?;
    let id = account.id;
    let s = store.clone();
    let followers = collect_all(|r| {
        let s = s.clone();
        async move { s.follows.followers(id, &r).await }
    })
    .await?;
    let following = collect_all(|r| {
        let s = s.clone();
        async move { s.follows.following(id, &r).await }
    })
    .await?;
    let mut bookings = Vec::new();
    for f in [
        BookingFilter {
            customer: Some(id),
            ..Default::default()
        },
        BookingFilter {
            technician: Some(id),
            ..Default::default()
        },
    ] {
        bookings.extend(
            collect_all(|r| {
                let (s, f) = (s.clone(), f.clone());
                async move { s.bookings.list_bookings(&f, &r).await }
            })
            .await?,
        );
    }
    let mut transactions = Vec::new();
    for f in [
        TransactionFilter {
            payer: Some(id),
            ..Default::default()
        },
        TransactionFilter {
            payee: Some(id),
            ..Default::default()
        },
    ] {
        transactions.extend(
            collect_all(|r| {
                let (s, f) = (s.clone(), f.clone());
                async move { s.transactions.list_transactions(&f, &r).await }
            })
            .await?,
        );
    }
    let posts = collect_all(|r| {
        let s = s.clone();
        let f = PostFilter {
            author: Some(id),
            ..Default::default()
        };
        async move { s.posts.list_posts(&f, &r).await }
    })
    .await?;
    let reviews = |f: ReviewFilter| {
        let s = s.clone();
        collect_all(move |r| {
            let (s, f) = (s.clone(), f.clone());
            async move { s.reviews.list_reviews(&f, &r).await }
        })
    };
    let reviews_written = reviews(ReviewFilter {
        reviewer: Some(id),
        ..Default::default()
    })
    .await?;
    let reviews_received = reviews(ReviewFilter {
        reviewee: Some(id),
        ..Default::default()
    })
    .await?;
    let conversations = collect_all(|r| {
        let s = s.clone();
        async move { s.conversations.list_conversations(id, None, &r).await }
    })
    .await?;
    let mut messages_sent = Vec::new();
    for c in &conversations {
        let f = MessageFilter {
            conversation: c.id,
            viewer: None,
        };
        let all = collect_all(|r| {
            let (s, f) = (s.clone(), f.clone());
            async move { s.messages.list_messages(&f, &r).await }
        })
        .await?;
        messages_sent.extend(all.into_iter().filter(|m| m.sender == id));
    }
    let at = now();
    let nf = NotificationFilter {
        recipient: id,
        unread_only: false,
        category: None,
        now: at,
    };
    let notifications = collect_all(|r| {
        let (s, f) = (s.clone(), nf.clone());
        async move { s.notifications.list_notifications(&f, &r).await }
    })
    .await?;
    let mut audit_entries = Vec::new();
    for f in [
        AuditFilter {
            target_id: Some(id),
            ..Default::default()
        },
        AuditFilter {
            actor: Some(id),
            ..Default::default()
        },
    ] {
        audit_entries.extend(
            collect_all(|r| {
                let (s, f) = (s.clone(), f.clone());
                async move { s.audit.list_audit(&f, &r).await }
            })
            .await?,
        );
    }
    Ok(DataExport {
        exported_at: at,
        account,
        followers,
        following,
        bookings: dedup(bookings, |b| b.id),
        transactions: dedup(transactions, |t| t.id),
        posts,
        reviews_written,
        reviews_received,
        conversations,
        messages_sent,
        notifications,
        audit_entries: dedup(audit_entries, |e| e.id),
    })
}

/// Drops repeats (a self-paid transaction is both paid and received) keeping newest first.
fn dedup<T>(mut items: Vec<T>, id: impl Fn(&T) -> Id) -> Vec<T> {
    items.sort_by_key(|t| std::cmp::Reverse(id(t)));
    items.dedup_by_key(|t| id(t));
    items
}

/// `PUT /users/me/consent` as sent.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct ConsentInput {
    /// Whether the account holder agrees to marketing messages.
    #[schema(value_type = bool)]
    pub marketing: Field<bool>,
    /// The version of the terms accepted now, if any.
    #[schema(value_type = Option<String>)]
    pub terms_version: Field<String>,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: UnknownKeys,
}

/// `DELETE /users/me` as sent.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct AccountDeletionInput {
    /// The account's password, to confirm.
    #[schema(value_type = String, format = Password)]
    pub password: Field<String>,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: UnknownKeys,
}

/// `PUT /users/me/consent {marketing, termsVersion?}`: records the choice and when it was made.
pub async fn set_consent(store: &Store, caller: &Caller, input: ConsentInput) -> Result<Consent> {
    let mut p = Problems::new();
    let marketing = input.marketing.required(&mut p, "marketing");
    let terms = input
        .terms_version
        .not_null(&mut p, "termsVersion")
        .and_then(|t| text(&mut p, "termsVersion", &t, 1, 40));
    input.unknown.report(&mut p, &[]);
    p.finish()?;
    let mut user = own_account(store, caller).await?;
    let at = now();
    if let Some(m) = marketing {
        user.consent.marketing = m;
        // The time of the latest affirmation, even if unchanged: that is what proves consent.
        user.consent.marketing_updated_at = Some(at);
    }
    if let Some(v) = terms {
        user.consent.terms_version = Some(v);
        user.consent.terms_accepted_at = Some(at);
    }
    user.updated_at = at;
    let stored = save_fields(store, &mut user, &[UserField::Consent], UserGuard::Live).await?;
    Ok(stored.consent)
}

/// `DELETE /users/me {password}`: confirms with the password, then erases the account.
pub async fn delete_account(
    store: &Store,
    cache: &dyn Cache,
    caller: &Caller,
    input: AccountDeletionInput,
) -> Result<()> {
    let mut p = Problems::new();
    let password = input.password.required(&mut p, "password");
    input.unknown.report(&mut p, &[]);
    let password = p.finish_with(password)?;
    let user = own_account(store, caller).await?;
    let wrong = || Error::Forbidden("the password is incorrect".into());
    let stored = user.password_hash.clone().ok_or_else(wrong)?;
    if verify_async(password, stored).await == Verified::No {
        return Err(wrong());
    }
    let (id, at) = (user.id, now());
    // Side effects first and the account last: each step can be repeated, and until the last
    // one the caller's access token still works for a retry.
    for kind in TokenKind::ALL {
        store.tokens.revoke_user_tokens(id, *kind, at).await?;
    }
    let s = store.clone();
    for f in collect_all(|r| {
        let s = s.clone();
        async move { s.follows.following(id, &r).await }
    })
    .await?
    {
        store.follows.unfollow(id, f.followee).await?;
    }
    for f in collect_all(|r| {
        let s = s.clone();
        async move { s.follows.followers(id, &r).await }
    })
    .await?
    {
        store.follows.unfollow(f.follower, id).await?;
    }
    // Whom they blocked is personal, and a block of them guards against nobody any more.
    store.blocks.remove_user_blocks(id).await?;
    let pf = PostFilter {
        author: Some(id),
        ..Default::default()
    };
    for mut post in collect_all(|r| {
        let (s, f) = (s.clone(), pf.clone());
        async move { s.posts.list_posts(&f, &r).await }
    })
    .await?
    {
        post.deleted_at = Some(at);
        post.updated_at = at;
        store.posts.replace(&post).await?;
    }
    let mut user = own_account(store, caller).await?;
    let before = json!({ "status": user.status, "deletedAt": null });
    let tokens = std::mem::take(&mut user.fcm_tokens);
    anonymize(&mut user, at)?;
    // Every personal field at once; counters, statistics and the token version keep their
    // own atomic updates. Tokens are refused from the next request on.
    save_fields(store, &mut user, ERASURE_FIELDS, UserGuard::Live).await?;
    crate::services::auth::forget_access_in(cache, id).await;
    devices::forget(cache, &tokens).await;
    let entry = AuditEntry::new(
        Some(id),
        format!("user:{id}"),
        "user.delete",
        "user",
        Some(id),
        at,
    )
    .with_change(before, json!({ "status": user.status, "deletedAt": at }))
    .with_reason("account holder requested deletion");
    audit(store, entry).await
}

/// Clears every personal field of `u` and marks it deleted. E-mail and phone get placeholders
/// derived from the id: unique, obviously not a person's, and still valid `Email`/`Phone`
/// values (`.invalid` is reserved by RFC 2606; country code 999 is unassigned).
pub fn anonymize(u: &mut User, at: Timestamp) -> Result<()> {
    let hex = u.id.to_hex();
    let bytes = u.id.bytes();
    let serial = u64::from_be_bytes(bytes[4..].try_into().unwrap_or_default()) % 1_000_000_000_000;
    u.email = Email::parse(&format!("deleted-{hex}@deleted.baitech.invalid"))
        .map_err(|e| Error::internal("placeholder e-mail", anyhow::anyhow!(e)))?;
    u.phone_number = Phone::parse(&format!("+999{serial:012}"))
        .map_err(|e| Error::internal("placeholder phone", anyhow::anyhow!(e)))?;
    u.first_name = "Deleted".into();
    u.last_name = "User".into();
    u.username = None;
    u.password_hash = None;
    u.profile = Default::default();
    u.location = None;
    // The decision and its dates are kept (the audit log refers to them); documents and the
    // free-text reason are personal.
    u.kyc = Kyc {
        documents: Vec::new(),
        rejection_reason: None,
        ..u.kyc.clone()
    };
    // Earnings statistics are financial records; the rest of the technician profile goes.
    u.technician = u.technician.take().map(|t| TechnicianProfile {
        stats: t.stats,
        ..Default::default()
    });
    // The company's own details stay on its invoices; people's contact details do not.
    if let Some(c) = u.corporate.as_mut() {
        c.billing_email = None;
        c.members.clear();
    }
    u.fcm_tokens.clear();
    u.two_factor = Default::default();
    u.login_history.clear();
    u.consent = Consent {
        marketing: false,
        marketing_updated_at: Some(at),
        ..u.consent.clone()
    };
    u.email_verified_at = None;
    u.phone_verified_at = None;
    u.failed_logins = 0;
    u.locked_until = None;
    u.last_login_at = None;
    u.followers_count = 0;
    u.following_count = 0;
    u.status = UserStatus::Deleted;
    u.deleted_at = Some(at);
    u.updated_at = at;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anonymizing_leaves_nothing_personal_and_a_valid_document() {
        let mut u = crate::domain::user::tests::sample();
        anonymize(&mut u, Timestamp::now()).unwrap();
        let doc = serde_json::to_string(&u).unwrap();
        for personal in [
            "Wanjiru",
            "Kamau",
            "wanjiru",
            "0712345678",
            "254712345678",
            "197.248",
            "iPhone",
            "JBSWY3DP",
            "id.jpg",
            "Moi Avenue",
            "billing@acme",
        ] {
            assert!(!doc.contains(personal), "{personal} left in {doc}");
        }
        assert!(u.is_deleted() && u.password_hash.is_none());
        let back: User = serde_json::from_str(&doc).unwrap();
        assert_eq!(back.email.as_str(), u.email.as_str());
        assert!(u.phone_number.as_str().starts_with("+999"));
    }
}
