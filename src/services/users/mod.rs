//! Users: the account holder's profile, the directory (profiles, lists, nearby technicians),
//! the follow graph, technicians' portfolio and availability, push-notification devices, KYC
//! review, the GDPR rights (export, consent, deletion) and admin status changes.
//!
//! Functions take the store and the acting [`Caller`] and return domain values; a function
//! that needs a role checks it first (`require_admin`, `require_role`), so the HTTP layer and
//! the CLI meet the same rules; the HTTP layer turns the results into views. Bodies are read
//! through the validation kit ([`crate::services::input`]): typed wire inputs of `Field`s
//! (status, KYC rejection, consent, deletion, devices) or, for the profile, portfolio,
//! availability and KYC documents, still a JSON object walked key by key — either way one 400
//! lists every bad field.
//!
//! A change to a user writes only the fields it changed ([`save_own`], [`save_fields`] over
//! `UserRepo::patch_user`), so concurrent edits of different fields of one account all
//! survive, and no profile write can carry a stale password, status, lockout or KYC decision
//! back into the store. The account holder's own changes are refused in the same atomic step
//! if the account was suspended, banned or deleted since it was read. List fields (portfolio,
//! push tokens) are still written as a whole list: two parallel edits of the same list by one
//! account can lose one of them.

pub mod admin;
pub mod availability;
pub mod blocks;
pub mod devices;
pub mod directory;
pub mod kyc;
pub mod portfolio;
pub mod privacy;
pub mod profile;
pub mod social;

use crate::auth::{Caller, require_role};
use crate::domain::audit::AuditEntry;
use crate::domain::user::{Role, User, UserField, UserGuard, UserStatus};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::store::page::Cursor;
use crate::store::{Page, PageRequest, Store};

/// Which view of an account a viewer gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The owner or an admin: everything but secrets.
    Private,
    /// Everyone else: the public profile.
    Public,
}

impl Audience {
    /// Private for the account's owner and for admins.
    pub fn of(viewer: Option<&Caller>, owner: Id) -> Audience {
        match viewer {
            Some(c) if c.id == owner || c.is_admin() => Audience::Private,
            _ => Audience::Public,
        }
    }
}

/// The user `id` unless it is missing or deleted (a deleted account is gone for everyone but
/// the audit trail).
pub async fn live_user(store: &Store, id: Id) -> Result<User> {
    match store.users.get(id).await? {
        Some(u) if !u.is_deleted() => Ok(u),
        _ => Err(Error::NotFound("user")),
    }
}

/// The caller's own account. Access tokens outlive a deletion by up to 15 minutes, so a
/// deleted (or vanished) account is `Unauthorized` here rather than a 404 about "some user".
pub async fn own_account(store: &Store, caller: &Caller) -> Result<User> {
    match store.users.get(caller.id).await? {
        Some(u) if !u.is_deleted() => Ok(u),
        _ => Err(Error::Unauthorized("this account no longer exists".into())),
    }
}

/// The caller's account for a change: suspended and banned accounts may still read their data
/// (and export or delete it) but not change their profile, follow people or submit documents.
pub async fn writable_account(store: &Store, caller: &Caller) -> Result<User> {
    let user = own_account(store, caller).await?;
    match user.status {
        UserStatus::Suspended | UserStatus::Banned => Err(Error::Forbidden(format!(
            "the account is {}; contact support",
            user.status
        ))),
        _ => Ok(user),
    }
}

/// The caller's account, which must be a technician's: the caller must act as one, and as
/// tokens carry the role at issue time, the stored role has the last word.
pub async fn technician_account(store: &Store, caller: &Caller) -> Result<User> {
    require_role(caller, &[Role::Technician])?;
    let user = writable_account(store, caller).await?;
    if user.is_technician() {
        Ok(user)
    } else {
        Err(Error::Forbidden(
            "only technicians have a portfolio and availability".into(),
        ))
    }
}

/// What the account holder may change about their own account with `PUT /users/me`.
pub const PROFILE_FIELDS: &[UserField] = &[
    UserField::FirstName,
    UserField::LastName,
    UserField::Username,
    UserField::Location,
    UserField::Avatar,
    UserField::Bio,
    UserField::BusinessName,
    UserField::Gender,
    UserField::DateOfBirth,
    UserField::Language,
    UserField::Skills,
    UserField::ServiceCategories,
    UserField::HourlyRate,
    UserField::ServiceRadiusKm,
];

/// Everything a whole-account rewrite (erasure) writes: the profile fields and every other one
/// but the role. Counters, the rating, statistics and the token version keep moving by their
/// own atomic updates.
pub const ERASURE_FIELDS: &[UserField] = &crate::domain::concat::<
    UserField,
    { PROFILE_FIELDS.len() + ERASURE_BEYOND_PROFILE.len() },
>(PROFILE_FIELDS, ERASURE_BEYOND_PROFILE);

/// What an erasure writes besides the profile fields.
const ERASURE_BEYOND_PROFILE: &[UserField] = &[
    UserField::Portfolio,
    UserField::WeeklyHours,
    UserField::TimeOff,
    UserField::AvailableNow,
    UserField::Timezone,
    UserField::TechnicianVerified,
    UserField::Certifications,
    UserField::Corporate,
    UserField::FcmTokens,
    UserField::Consent,
    UserField::EmailVerifiedAt,
    UserField::PhoneVerifiedAt,
    UserField::Email,
    UserField::PhoneNumber,
    UserField::PasswordHash,
    UserField::Status,
    UserField::Kyc,
    UserField::TwoFactor,
    UserField::FailedLogins,
    UserField::LockedUntil,
    UserField::LastLoginAt,
    UserField::LoginHistory,
    UserField::DeletedAt,
];

/// Stores the account holder's own change from `before` to `after`: only the `candidates`
/// that differ (none of them a security field), and only if the account is still writable
/// (not suspended, banned or deleted meanwhile). Returns the account as stored afterwards.
pub async fn save_own(
    store: &Store,
    before: &User,
    after: &mut User,
    candidates: &[UserField],
) -> Result<User> {
    debug_assert!(candidates.iter().all(|f| !f.is_security()));
    let fields: Vec<UserField> = UserField::changed(before, after, candidates)
        .into_iter()
        .filter(|f| !f.is_security())
        .collect();
    after.updated_at = now();
    match store
        .users
        .patch_user(after, &fields, UserGuard::Writable)
        .await?
    {
        Some(stored) => Ok(stored),
        None => Err(Error::Forbidden(
            "the account can no longer be changed; contact support".into(),
        )),
    }
}

/// Stores `fields` of `user` (a flow that owns them: an admin decision, KYC, deletion) if the
/// stored account passes `guard`; `NotFound` ("user") when it does not.
pub async fn save_fields(
    store: &Store,
    user: &mut User,
    fields: &[UserField],
    guard: UserGuard,
) -> Result<User> {
    user.updated_at = now();
    store
        .users
        .patch_user(user, fields, guard)
        .await?
        .ok_or(Error::NotFound("user"))
}

/// The label an audit entry gives an acting user: their e-mail, which admins recognise.
pub fn actor_label(user: &User) -> String {
    user.email.to_string()
}

/// Writes an audit entry for a change already stored. The store has no transaction spanning
/// a user update and an audit append, so the change comes first: a failure here leaves an
/// unaudited change and is reported as an error, never silently dropped.
pub async fn audit(store: &Store, entry: AuditEntry) -> Result<()> {
    store
        .audit
        .insert(&entry)
        .await
        .map_err(|e| e.context(format!("audit entry {}", entry.action)))
}

/// The current instant; one place so a whole request uses one "now".
pub fn now() -> Timestamp {
    Timestamp::now()
}

/// Users in id-descending order that satisfy `keep`, paged like a store list (`Cursor::Id`
/// after the last returned user, or page numbers with a `total`). Used where the store has
/// no filter for what is asked (pending KYC): it scans `base` in store pages.
pub async fn scan_users(
    store: &Store,
    base: &crate::store::UserFilter,
    req: &PageRequest,
    keep: impl Fn(&User) -> bool,
) -> Result<Page<User>> {
    let skip = if req.page.is_some() { req.offset() } else { 0 };
    let want = skip + u64::from(req.limit) + 1;
    let mut found: Vec<User> = Vec::new();
    let mut matched = 0u64;
    let mut page = PageRequest {
        limit: crate::store::page::MAX_LIMIT,
        cursor: req.after_id().map(Cursor::Id),
        page: None,
    };
    loop {
        let p = store.users.list_users(base, &page).await?;
        for u in p.items {
            if keep(&u) {
                matched += 1;
                // Page numbers need the total, so the scan then runs to the end.
                if matched > skip && (found.len() as u64) < want - skip {
                    found.push(u);
                }
            }
        }
        let done = req.page.is_none() && matched >= want;
        match p.next_cursor {
            Some(c) if !done => page.cursor = Some(Cursor::decode(&c)?),
            _ => break,
        }
    }
    Ok(Page::from_rows(found, req, Some(matched), |u, _| {
        Cursor::Id(u.id)
    }))
}

/// Every item of a paged list, fetching `PAGE` at a time until the list ends.
pub async fn collect_all<T, F, Fut>(mut fetch: F) -> Result<Vec<T>>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: std::future::Future<Output = Result<Page<T>>>,
{
    const PAGE: u32 = crate::store::page::MAX_LIMIT;
    let mut out = Vec::new();
    let mut req = PageRequest::first(PAGE);
    loop {
        let p = fetch(req.clone()).await?;
        out.extend(p.items);
        match p.next_cursor {
            Some(c) if p.has_more => req = PageRequest::after(PAGE, Cursor::decode(&c)?),
            _ => return Ok(out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_erasure_writes_the_profile_and_everything_but_the_role() {
        assert_eq!(&ERASURE_FIELDS[..PROFILE_FIELDS.len()], PROFILE_FIELDS);
        assert_eq!(
            &ERASURE_FIELDS[PROFILE_FIELDS.len()..],
            ERASURE_BEYOND_PROFILE
        );
        let distinct: std::collections::BTreeSet<_> = ERASURE_FIELDS.iter().collect();
        assert_eq!(distinct.len(), ERASURE_FIELDS.len());
        assert!(!ERASURE_FIELDS.contains(&UserField::Role));
        assert!(PROFILE_FIELDS.iter().all(|f| !f.is_security()));
    }
}
