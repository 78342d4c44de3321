//! Devices registered for push notifications (FCM tokens).
//!
//! A token identifies an app install, not a person. Registering it again refreshes
//! `lastUsedAt`; registering a token another account holds moves it to the caller (someone
//! else logged in on that phone — their pushes must stop going to it). Each account keeps at
//! most [`MAX_TOKENS`]: the least recently used go first, and tokens unused for
//! [`STALE_AFTER_DAYS`] are pruned on every registration (FCM drops them itself after ~270
//! days of inactivity; 60 keeps pushes from piling up on phones long replaced).
//!
//! Which account holds a token is remembered in the cache (`fcm:owner:<sha256>`), because the
//! store has no lookup by token. With Redis this is shared by all instances; with the
//! in-process cache a restart forgets it, and a token moved after that stays on the old account
//! too until it goes stale. A `UserRepo::take_fcm_token(token, new_owner)` backed by an index
//! on `fcmTokens.token` would make the move exact.

use std::time::Duration;

use sha2::{Digest, Sha256};

use super::{own_account, save_fields};
use crate::auth::Caller;
use crate::cache::Cache;
use crate::domain::user::{FcmToken, Platform, UserField, UserGuard};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::services::input::{Field, Problems, UnknownKeys, text};
use crate::store::Store;

pub const MAX_TOKENS: usize = 10;
pub const STALE_AFTER_DAYS: i64 = 60;
const OWNER_TTL: Duration = Duration::from_secs(STALE_AFTER_DAYS as u64 * 86_400);

/// `POST /users/fcm-token` as sent.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct DeviceInput {
    /// The FCM registration token.
    #[schema(value_type = String)]
    pub token: Field<String>,
    /// A name for the device (1-100 characters).
    #[schema(value_type = Option<String>)]
    pub device: Field<String>,
    /// `android`, `ios` or `web`.
    #[schema(value_type = String)]
    pub platform: Field<Platform>,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: UnknownKeys,
}

/// `DELETE /users/fcm-token` as sent.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct DeviceRemovalInput {
    #[schema(value_type = String)]
    pub token: Field<String>,
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: UnknownKeys,
}

/// Registers (or refreshes) a device of the caller; returns the caller's devices afterwards.
pub async fn register(
    store: &Store,
    cache: &dyn Cache,
    caller: &Caller,
    input: DeviceInput,
) -> Result<Vec<FcmToken>> {
    let mut p = Problems::new();
    let token = input
        .token
        .required(&mut p, "token")
        .and_then(|t| token_value(&mut p, &t));
    let device = input
        .device
        .not_null(&mut p, "device")
        .and_then(|d| text(&mut p, "device", &d, 1, 100));
    let platform = input.platform.required(&mut p, "platform");
    input.unknown.report(&mut p, &[]);
    let (token, platform) = p.finish_with(token.zip(platform))?;

    let mut user = own_account(store, caller).await?;
    let key = owner_key(&token);
    if let Some(previous) = cached_owner(cache, &key)
        .await
        .filter(|id| *id != caller.id)
    {
        release(store, previous, &token).await?;
    }
    add_token(
        &mut user.fcm_tokens,
        &token,
        device,
        platform,
        Timestamp::now(),
    );
    let user = save_fields(store, &mut user, &[UserField::FcmTokens], UserGuard::Live).await?;
    if let Err(e) = cache.set(&key, &caller.id.to_hex(), OWNER_TTL).await {
        tracing::warn!(error = %e, user.id = %caller.id, "could not remember the owner of an FCM token");
    }
    Ok(user.fcm_tokens)
}

/// Removes a device of the caller (on logout); `false` when the caller did not have it.
pub async fn unregister(
    store: &Store,
    cache: &dyn Cache,
    caller: &Caller,
    input: DeviceRemovalInput,
) -> Result<bool> {
    let mut p = Problems::new();
    let token = input
        .token
        .required(&mut p, "token")
        .and_then(|t| token_value(&mut p, &t));
    input.unknown.report(&mut p, &[]);
    let token = p.finish_with(token)?;
    let mut user = own_account(store, caller).await?;
    let before = user.fcm_tokens.len();
    user.fcm_tokens.retain(|t| t.token != token);
    if user.fcm_tokens.len() == before {
        return Ok(false);
    }
    save_fields(store, &mut user, &[UserField::FcmTokens], UserGuard::Live).await?;
    let key = owner_key(&token);
    if cached_owner(cache, &key).await == Some(caller.id) {
        let _ = cache.delete(&key).await;
    }
    Ok(true)
}

/// Removes `tokens` from `owner`'s devices (FCM said they belong to no install any more).
pub async fn forget_tokens(store: &Store, owner: Id, tokens: &[String]) -> Result<()> {
    for t in tokens {
        release(store, owner, t).await?;
    }
    Ok(())
}

/// Forgets which accounts held `tokens` (account deletion).
pub async fn forget(cache: &dyn Cache, tokens: &[FcmToken]) {
    for t in tokens {
        let _ = cache.delete(&owner_key(&t.token)).await;
    }
}

/// FCM registration tokens are long opaque ASCII strings; anything with spaces or beyond 4 KiB
/// is not one.
fn token_value(p: &mut Problems, raw: &str) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() || t.len() > 4096 || !t.chars().all(|c| c.is_ascii_graphic()) {
        p.push(
            "token",
            "must be a push token (1-4096 printable ASCII characters)",
        );
        None
    } else {
        Some(t.to_string())
    }
}

/// Tokens are credentials for pushing to a phone: only their hash goes into cache keys.
fn owner_key(token: &str) -> String {
    format!(
        "fcm:owner:{}",
        hex::encode(Sha256::digest(token.as_bytes()))
    )
}

async fn cached_owner(cache: &dyn Cache, key: &str) -> Option<Id> {
    match cache.get(key).await {
        Ok(v) => v.as_deref().and_then(Id::parse),
        Err(e) => {
            tracing::warn!(error = %e, "could not look up the owner of an FCM token");
            None
        }
    }
}

/// Takes `token` away from `owner`, if they still have it.
async fn release(store: &Store, owner: Id, token: &str) -> Result<()> {
    let Some(mut user) = store.users.get(owner).await? else {
        return Ok(());
    };
    let before = user.fcm_tokens.len();
    user.fcm_tokens.retain(|t| t.token != token);
    if user.fcm_tokens.len() != before {
        save_fields(store, &mut user, &[UserField::FcmTokens], UserGuard::Exists).await?;
    }
    Ok(())
}

fn last_seen(t: &FcmToken) -> Timestamp {
    t.last_used_at.unwrap_or(t.added_at)
}

/// Adds or refreshes `token` in `tokens`, prunes stale ones and enforces the cap.
pub fn add_token(
    tokens: &mut Vec<FcmToken>,
    token: &str,
    device: Option<String>,
    platform: Platform,
    now: Timestamp,
) {
    let cutoff = now.minus(chrono::Duration::days(STALE_AFTER_DAYS));
    tokens.retain(|t| t.token == token || last_seen(t) >= cutoff);
    match tokens.iter_mut().find(|t| t.token == token) {
        Some(t) => {
            t.last_used_at = Some(now);
            t.platform = platform;
            if device.is_some() {
                t.device = device;
            }
        }
        None => tokens.push(FcmToken {
            token: token.to_string(),
            device,
            platform,
            added_at: now,
            last_used_at: Some(now),
        }),
    }
    while tokens.len() > MAX_TOKENS {
        let oldest = tokens
            .iter()
            .enumerate()
            .min_by_key(|(_, t)| last_seen(t))
            .map(|(i, _)| i)
            .unwrap_or(0);
        tokens.remove(oldest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(days: i64) -> Timestamp {
        Timestamp::from_millis(1_700_000_000_000 + days * 86_400_000)
    }

    #[test]
    fn re_registering_refreshes_instead_of_duplicating() {
        let mut v = Vec::new();
        add_token(&mut v, "a", Some("Pixel".into()), Platform::Android, at(0));
        add_token(&mut v, "a", None, Platform::Android, at(1));
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].last_used_at, Some(at(1)));
        assert_eq!(v[0].device.as_deref(), Some("Pixel"));
    }

    #[test]
    fn the_least_recently_used_go_past_the_cap_and_stale_ones_always() {
        let mut v = Vec::new();
        for i in 0..12 {
            add_token(&mut v, &format!("t{i}"), None, Platform::Ios, at(i));
        }
        assert_eq!(v.len(), MAX_TOKENS);
        assert!(!v.iter().any(|t| t.token == "t0" || t.token == "t1"));
        add_token(&mut v, "fresh", None, Platform::Web, at(75));
        let left: Vec<_> = v.iter().map(|t| t.token.as_str()).collect();
        assert_eq!(
            left,
            ["fresh"],
            "everything last seen before day 15 is stale on day 75"
        );
    }
}
