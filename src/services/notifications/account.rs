//! Account events to drafts, each told to the account's owner: security changes (password,
//! a sign-in from a new device, two-factor on or off — read-only types that no switch
//! silences) and KYC decisions.

use serde_json::json;

use crate::domain::deep_link::DeepLink;
use crate::domain::notification::{NotificationType as T, Priority};
use crate::realtime::{AccountChange as C, Event};

use super::Draft;

/// What a security notice adds when the owner did not do it.
const NOT_YOU: &str = "If this was not you, reset your password now and contact support.";

/// The draft of an [`Event::Account`]; nothing for any other event.
pub fn drafts(event: &Event) -> Vec<Draft> {
    let Event::Account {
        user,
        change,
        detail,
        at,
    } = event
    else {
        return Vec::new();
    };
    let (kind, title, body, link, priority) = match change {
        C::PasswordChanged => (
            T::PasswordChanged,
            "Your password was changed",
            format!(
                "Your BaiTech password was just changed and other devices were signed out. {NOT_YOU}"
            ),
            DeepLink::security(),
            Priority::High,
        ),
        C::NewDeviceLogin => (
            T::NewLogin,
            "New sign-in to your account",
            format!(
                "Your account was signed in from a device it had not used before ({}). {NOT_YOU}",
                detail.as_deref().unwrap_or("an unknown device")
            ),
            DeepLink::security(),
            Priority::High,
        ),
        C::TwoFactorEnabled => (
            T::TwoFactorEnabled,
            "Two-factor authentication is on",
            format!("Signing in now also needs a code from your authenticator app. {NOT_YOU}"),
            DeepLink::security(),
            Priority::High,
        ),
        C::TwoFactorDisabled => (
            T::TwoFactorDisabled,
            "Two-factor authentication is off",
            format!("Signing in no longer needs a code from your authenticator app. {NOT_YOU}"),
            DeepLink::security(),
            Priority::High,
        ),
        C::KycApproved => (
            T::KycApproved,
            "Verification approved",
            "Your documents were approved; your profile now shows as verified.".to_string(),
            DeepLink::kyc(),
            Priority::Normal,
        ),
        C::KycRejected => (
            T::KycRejected,
            "Verification not approved",
            match detail {
                Some(r) => {
                    format!("Your documents were not approved: {r}. You can submit them again.")
                }
                None => "Your documents were not approved. You can submit them again.".to_string(),
            },
            DeepLink::kyc(),
            Priority::High,
        ),
    };
    vec![
        Draft::new(
            *user,
            kind,
            title,
            body,
            link.clone(),
            format!("account:{user}:{}:{}", change.as_str(), at.millis()),
            *at,
        )
        .priority(priority)
        .action(json!({ "action": "open", "link": link.as_str(), "change": change })),
    ]
}
