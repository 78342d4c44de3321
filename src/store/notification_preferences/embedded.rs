//! Notification preferences in the embedded store: one row per user, the document keyed by id.

use rusqlite::types::Value;

use crate::domain::notification_preferences::NotificationPreferences;
use crate::store::NotificationPreferencesRepo;
use crate::store::embedded::Embedded;
use crate::store::embedded::docs::{Table, ts_val};

impl Table for NotificationPreferences {
    const COLUMNS: &'static [&'static str] = &["updated_at"];

    fn columns(&self) -> Vec<Value> {
        vec![ts_val(self.updated_at)]
    }
}

impl NotificationPreferencesRepo for Embedded {}
