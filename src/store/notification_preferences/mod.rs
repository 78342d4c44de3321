//! Notification preferences, one document per user (`_id` = the user's id): the collection
//! spec and the repository trait. Everything it needs is the generic [`Collection`]; the two
//! implementations are `embedded.rs` and `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use crate::domain::notification_preferences::NotificationPreferences;
use crate::store::Collection;
use crate::store::spec::IndexKey::Asc;
use crate::store::spec::{CollectionSpec, IndexSpec};

/// Users' notification preferences; a user without a document has the defaults.
pub trait NotificationPreferencesRepo: Collection<NotificationPreferences> {}

/// Notification preferences: read by user id on every notification.
pub const NOTIFICATION_PREFERENCES: CollectionSpec = CollectionSpec {
    name: "notification_preferences",
    noun: "notification preference",
    uniques: &[],
    indexes: &[IndexSpec::new(
        "notification_preferences_updated",
        &[Asc("updatedAt")],
    )],
    text: &[],
};
