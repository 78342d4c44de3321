//! The per-request account check behind every authenticated route: a valid signature is not
//! enough, the account must still be allowed. Deleted or vanished accounts are 401, suspended,
//! banned and deactivated ones 403, and a token issued under an older token version (before a
//! password change, a reset or "log out everywhere") is 401. Tokens whose `iat` lies in the
//! future beyond [`IAT_LEEWAY_SECS`] are refused outright.
//!
//! The account's state is cached for [`ACCESS_CACHE_TTL`] under `auth:account:<id>` (Redis
//! when configured, so every instance sees an invalidation; in-process otherwise). Every flow
//! that changes it calls [`forget_access`] after its store write, so the instance that made
//! the change refuses old tokens at once; an instance with an in-process cache does within
//! the TTL.

use std::time::Duration;

use crate::app::App;
use crate::auth::Claims;
use crate::domain::user::{User, UserStatus};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};

/// How long an account's sign-in state is trusted from the cache.
pub const ACCESS_CACHE_TTL: Duration = Duration::from_secs(3);
/// How far ahead of this server's clock a token's `iat` may be (clock skew between instances).
pub const IAT_LEEWAY_SECS: i64 = 30;

fn key(id: Id) -> String {
    format!("auth:account:{}", id.to_hex())
}

/// What the check needs of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AccountState {
    Gone,
    Present { status: UserStatus, version: u64 },
}

impl AccountState {
    fn of(user: Option<&User>) -> AccountState {
        match user {
            Some(u) if u.is_deleted() => AccountState::Gone,
            Some(u) => AccountState::Present {
                status: u.status,
                version: u.token_version,
            },
            None => AccountState::Gone,
        }
    }

    fn encode(self) -> String {
        match self {
            AccountState::Gone => "gone".into(),
            AccountState::Present { status, version } => format!("{status}:{version}"),
        }
    }

    fn decode(s: &str) -> Option<AccountState> {
        if s == "gone" {
            return Some(AccountState::Gone);
        }
        let (status, version) = s.rsplit_once(':')?;
        Some(AccountState::Present {
            status: UserStatus::parse(status)?,
            version: version.parse().ok()?,
        })
    }

    /// Whether a token issued under `ver` may act for this account.
    fn admit(self, ver: u64) -> Result<()> {
        let (status, version) = match self {
            AccountState::Gone => return Err(gone()),
            AccountState::Present { status, version } => (status, version),
        };
        match status {
            UserStatus::Deleted => Err(gone()),
            UserStatus::Suspended => Err(Error::Forbidden(
                "this account is suspended; contact support".into(),
            )),
            UserStatus::Banned => Err(Error::Forbidden("this account is banned".into())),
            UserStatus::Deactivated => Err(Error::Forbidden(
                "this account is deactivated; contact support to reactivate it".into(),
            )),
            UserStatus::Active | UserStatus::PendingVerification if ver != version => {
                Err(Error::Unauthorized(
                    "this session was signed out (password changed or signed out everywhere); sign in again"
                        .into(),
                ))
            }
            UserStatus::Active | UserStatus::PendingVerification => Ok(()),
        }
    }
}

/// The refusal of a token whose account was deleted or is not there.
fn gone() -> Error {
    Error::Unauthorized("this account no longer exists; sign in again".into())
}

/// Refuses a verified access token whose account may no longer act, or that was issued in
/// the future.
pub async fn check_access(app: &App, claims: &Claims) -> Result<()> {
    let now = Timestamp::now().millis() / 1000;
    if claims.iat > now.saturating_add(IAT_LEEWAY_SECS) {
        return Err(Error::Unauthorized(
            "invalid token: issued in the future".into(),
        ));
    }
    let id = claims.user_id()?;
    let cached = match app.cache.get(&key(id)).await {
        Ok(v) => v.as_deref().and_then(AccountState::decode),
        Err(e) => {
            tracing::warn!(error = %e, "cache unavailable for the account check; asking the store");
            None
        }
    };
    let state = match cached {
        Some(s) => s,
        None => {
            let user = app.store.users.get(id).await?;
            let state = AccountState::of(user.as_ref());
            if let Err(e) = app
                .cache
                .set(&key(id), &state.encode(), ACCESS_CACHE_TTL)
                .await
            {
                tracing::debug!(error = %e, "could not cache an account's state");
            }
            state
        }
    };
    state.admit(claims.ver)
}

/// Drops the cached state of account `id` after a change of its status, token version or
/// existence, so the next request reads the store.
pub async fn forget_access(app: &App, id: Id) {
    forget_access_in(app.cache.as_ref(), id).await
}

/// [`forget_access`] for callers that hold only the cache.
pub async fn forget_access_in(cache: &dyn crate::cache::Cache, id: Id) {
    if let Err(e) = cache.delete(&key(id)).await {
        tracing::warn!(error = %e, user.id = %id.to_hex(), "could not drop an account's cached state; it expires within seconds");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip_through_the_cache_format() {
        for s in [
            AccountState::Gone,
            AccountState::Present {
                status: UserStatus::PendingVerification,
                version: 12,
            },
        ] {
            assert_eq!(AccountState::decode(&s.encode()), Some(s));
        }
        assert_eq!(AccountState::decode("active:x"), None);
    }

    #[test]
    fn status_and_version_decide() {
        let active = |version| AccountState::Present {
            status: UserStatus::Active,
            version,
        };
        assert!(active(2).admit(2).is_ok());
        assert!(matches!(active(3).admit(2), Err(Error::Unauthorized(_))));
        assert!(matches!(
            AccountState::Gone.admit(0),
            Err(Error::Unauthorized(_))
        ));
        let suspended = AccountState::Present {
            status: UserStatus::Suspended,
            version: 0,
        };
        assert!(matches!(suspended.admit(0), Err(Error::Forbidden(_))));
    }
}
