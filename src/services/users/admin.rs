//! Admin actions on accounts: changing an account's status (suspend, ban, reactivate), always
//! with a reason and an audit entry. Deletion is not a status an admin sets: it is the
//! account holder's erasure flow (`privacy`), which also clears personal data.

use serde::Deserialize;
use serde_json::json;

use super::{actor_label, audit, live_user, now, own_account, save_fields};
use crate::auth::{Caller, require_admin};
use crate::domain::audit::AuditEntry;
use crate::domain::token::TokenKind;
use crate::domain::user::{Role, User, UserField, UserGuard, UserStatus};
use crate::domain::{Email, Id};
use crate::error::{Error, Result};
use crate::services::input::{Field, Problems, UnknownKeys, text};
use crate::store::{PageRequest, Store, UserFilter};

/// `PUT /users/:id/status` as sent.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct StatusChangeInput {
    /// `active`, `suspended`, `banned`, `deactivated`, ... (not `deleted`).
    #[schema(value_type = String)]
    pub status: Field<UserStatus>,
    /// Why (1-500 characters; kept in the audit log).
    #[schema(value_type = String)]
    pub reason: Field<String>,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: UnknownKeys,
}

/// `PUT /users/:id/status {status, reason}`.
pub async fn set_status(
    store: &Store,
    admin: &Caller,
    target: Id,
    input: StatusChangeInput,
) -> Result<User> {
    require_admin(admin)?;
    let mut p = Problems::new();
    let status = input.status.required(&mut p, "status");
    if status == Some(UserStatus::Deleted) {
        p.push(
            "status",
            "accounts are deleted by their holder (DELETE /users/me), not by a status change",
        );
    }
    let reason = input
        .reason
        .required(&mut p, "reason")
        .and_then(|r| text(&mut p, "reason", &r, 1, 500));
    input.unknown.report(&mut p, &[]);
    if target == admin.id {
        p.push("id", "admins cannot change their own status");
    }
    let (status, reason) = p.finish_with(status.zip(reason))?;
    let actor = own_account(store, admin).await?;
    let mut user = live_user(store, target).await?;
    let before = user.status;
    let at = now();
    user.status = status;
    // The status alone: the account holder's concurrent profile writes never touch it, and
    // it never carries their fields back.
    let user = save_fields(store, &mut user, &[UserField::Status], UserGuard::Live).await?;
    // A suspended, banned or deactivated account must not mint new access tokens, and the
    // ones already issued are refused by the per-request account check (the caller drops
    // its cached state).
    if matches!(
        status,
        UserStatus::Suspended | UserStatus::Banned | UserStatus::Deactivated
    ) {
        store
            .tokens
            .revoke_user_tokens(target, TokenKind::Refresh, at)
            .await?;
    }
    let entry = AuditEntry::new(
        Some(admin.id),
        actor_label(&actor),
        "user.status",
        "user",
        Some(target),
        at,
    )
    .with_change(json!({ "status": before }), json!({ "status": status }))
    .with_reason(reason);
    audit(store, entry).await?;
    Ok(user)
}

/// The admin a CLI command acts as: the active admin with `email` (`BadRequest` when there is
/// none), or without an e-mail the newest active admin, if any.
pub async fn acting_admin(store: &Store, email: Option<&str>) -> Result<Option<User>> {
    let Some(raw) = email.map(str::trim).filter(|e| !e.is_empty()) else {
        let filter = UserFilter {
            role: Some(Role::Admin),
            status: Some(UserStatus::Active),
            ..Default::default()
        };
        let page = store
            .users
            .list_users(&filter, &PageRequest::first(1))
            .await?;
        return Ok(page.items.into_iter().next());
    };
    let email =
        Email::parse(raw).map_err(|m| Error::BadRequest(format!("--admin {raw:?}: {m}")))?;
    match store.users.find_user_by_email(&email).await? {
        Some(u) if u.role == Role::Admin && u.status == UserStatus::Active && !u.is_deleted() => {
            Ok(Some(u))
        }
        Some(u) => Err(Error::BadRequest(format!(
            "{email} is not an active admin (role {}, status {})",
            u.role, u.status
        ))),
        None => Err(Error::BadRequest(format!(
            "no account has the e-mail {email}"
        ))),
    }
}
