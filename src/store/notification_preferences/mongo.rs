//! Notification preferences on MongoDB: the generic document operations only.

use crate::store::NotificationPreferencesRepo;
use crate::store::mongo::Mongo;

impl NotificationPreferencesRepo for Mongo {}
