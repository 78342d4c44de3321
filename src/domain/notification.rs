//! Notifications: 37 event types in seven categories, priority, the channels to use (in-app,
//! push, e-mail, SMS) and per-channel delivery state, grouping, deep links and expiry.

use serde::{Deserialize, Serialize};

use crate::domain::enums::string_enum;
use crate::domain::id::Id;
use crate::domain::money::Money;
use crate::domain::time::Timestamp;

/// A notification for one user (storage document of `notifications`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    #[serde(rename = "_id")]
    pub id: Id,
    pub recipient: Id,
    /// The user whose action caused it (new follower, liker, sender), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Id>,
    #[serde(rename = "type")]
    pub kind: NotificationType,
    pub title: String,
    pub body: String,
    /// Normally `kind.category()`; stored for filtering.
    pub category: NotificationCategory,
    #[serde(default)]
    pub priority: Priority,
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// Delivery state on each channel in `channels`.
    #[serde(default)]
    pub delivery: Vec<ChannelDelivery>,
    /// Notifications with the same key collapse into one ("Amina and 3 others liked ...").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_key: Option<String>,
    /// The group this notification stands for when others of its key were folded into it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<NotificationGroup>,
    /// App link, e.g. `baitech://booking/<id>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deep_link: Option<String>,
    /// Data for the app to act on, e.g. `{"action": "view_booking", "bookingId": "..."}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_data: Option<serde_json::Value>,
    #[serde(default)]
    pub read: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_at: Option<Timestamp>,
    /// After this the notification is no longer shown and may be purged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Notification {
    /// Marks the notification read at `at` (keeps the first read time).
    pub fn mark_read(&mut self, at: Timestamp) {
        if !self.read {
            self.read = true;
            self.read_at = Some(at);
            self.updated_at = at;
        }
    }

    /// Whether the notification has expired at `now`.
    pub fn is_expired(&self, now: Timestamp) -> bool {
        self.expires_at.is_some_and(|t| t <= now)
    }

    /// The delivery entry of `channel`, if the notification uses it.
    pub fn delivery_mut(&mut self, channel: Channel) -> Option<&mut ChannelDelivery> {
        self.delivery.iter_mut().find(|d| d.channel == channel)
    }
}

/// What a grouped notification stands for: how many of its key came inside the window, the
/// latest actors and when the first came.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationGroup {
    /// Notifications folded into this one, itself included.
    pub count: u32,
    /// Distinct actors seen (as far as the kept list can tell).
    pub actor_count: u32,
    /// The latest actors, newest first.
    #[serde(default)]
    pub actors: Vec<Id>,
    pub first_at: Timestamp,
}

impl NotificationGroup {
    /// The group of one notification by `actor` at `at`.
    pub fn first(actor: Option<Id>, at: Timestamp) -> NotificationGroup {
        NotificationGroup {
            count: 1,
            actor_count: u32::from(actor.is_some()),
            actors: actor.into_iter().collect(),
            first_at: at,
        }
    }

    /// One more notification, by `actor`; at most `keep` actors are kept.
    pub fn add(&mut self, actor: Option<Id>, keep: usize) {
        self.count += 1;
        if let Some(a) = actor {
            if !self.actors.contains(&a) {
                self.actor_count += 1;
            }
            self.actors.retain(|x| *x != a);
            self.actors.insert(0, a);
            self.actors.truncate(keep);
        }
    }
}

string_enum! {
    /// Every event a user can be notified about.
    pub enum NotificationType {
        BookingCreated = "booking_created",
        BookingAssigned = "booking_assigned",
        BookingAccepted = "booking_accepted",
        BookingDeclined = "booking_declined",
        TechnicianEnRoute = "technician_en_route",
        TechnicianArrived = "technician_arrived",
        JobStarted = "job_started",
        JobOnHold = "job_on_hold",
        JobCompleted = "job_completed",
        BookingVerified = "booking_verified",
        BookingCancelled = "booking_cancelled",
        BookingExpired = "booking_expired",
        BookingReminder = "booking_reminder",
        PaymentReceived = "payment_received",
        PaymentFailed = "payment_failed",
        PaymentRefunded = "payment_refunded",
        PayoutSent = "payout_sent",
        EscrowReleased = "escrow_released",
        DisputeOpened = "dispute_opened",
        DisputeResolved = "dispute_resolved",
        NewReview = "new_review",
        ReviewResponse = "review_response",
        NewFollower = "new_follower",
        PostLiked = "post_liked",
        PostCommented = "post_commented",
        PostShared = "post_shared",
        Mentioned = "mentioned",
        PostRemoved = "post_removed",
        PostApproved = "post_approved",
        NewMessage = "new_message",
        MissedCall = "missed_call",
        KycApproved = "kyc_approved",
        KycRejected = "kyc_rejected",
        PasswordChanged = "password_changed",
        NewLogin = "new_login",
        TwoFactorEnabled = "two_factor_enabled",
        TwoFactorDisabled = "two_factor_disabled",
        SystemAnnouncement = "system_announcement",
        Promotion = "promotion",
        WarrantyExpiring = "warranty_expiring",
    }
}

impl NotificationType {
    /// The category every notification of this type is filed under.
    pub fn category(self) -> NotificationCategory {
        use NotificationCategory as C;
        use NotificationType as T;
        match self {
            T::BookingCreated
            | T::BookingAssigned
            | T::BookingAccepted
            | T::BookingDeclined
            | T::TechnicianEnRoute
            | T::TechnicianArrived
            | T::JobStarted
            | T::JobOnHold
            | T::JobCompleted
            | T::BookingVerified
            | T::BookingCancelled
            | T::BookingExpired
            | T::BookingReminder
            | T::DisputeOpened
            | T::DisputeResolved
            | T::WarrantyExpiring => C::Booking,
            T::PaymentReceived
            | T::PaymentFailed
            | T::PaymentRefunded
            | T::PayoutSent
            | T::EscrowReleased => C::Payment,
            T::NewReview
            | T::ReviewResponse
            | T::NewFollower
            | T::PostLiked
            | T::PostCommented
            | T::PostShared
            | T::Mentioned
            | T::PostRemoved
            | T::PostApproved => C::Social,
            T::NewMessage | T::MissedCall => C::Message,
            T::KycApproved
            | T::KycRejected
            | T::PasswordChanged
            | T::NewLogin
            | T::TwoFactorEnabled
            | T::TwoFactorDisabled => C::Account,
            T::SystemAnnouncement => C::System,
            T::Promotion => C::Promotion,
        }
    }
}

string_enum! {
    /// Coarse grouping of notification types, for filtering.
    pub enum NotificationCategory {
        Booking = "booking",
        Payment = "payment",
        Social = "social",
        Message = "message",
        Account = "account",
        System = "system",
        Promotion = "promotion",
    }
}

string_enum! {
    /// How urgently a notification should reach the user.
    #[derive(Default)]
    pub enum Priority {
        Low = "low",
        #[default]
        Normal = "normal",
        High = "high",
        Urgent = "urgent",
    }
}

string_enum! {
    /// A way a notification reaches the user.
    pub enum Channel {
        InApp = "in_app",
        Push = "push",
        Email = "email",
        Sms = "sms",
    }
}

/// Where a notification stands on one channel: a copy of its outbox row's state (the
/// outbox's `Delivery::entry` makes it) kept on the notification, so the inbox and exports
/// read it without the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChannelDelivery {
    pub channel: Channel,
    pub status: OutboxStatus,
    #[serde(default)]
    pub attempts: u32,
    /// Why it was not sent, failed or was undeliverable (or why the last attempt failed).
    #[serde(default, alias = "lastError", skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// What the provider charged (an SMS), in minor units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<Timestamp>,
    /// How far the outbox row had come when this was copied (see
    /// [`ChannelDelivery::progress_of`]): a copy never replaces one that came further, so two
    /// workers writing out of order cannot undo each other.
    #[serde(default)]
    pub progress: u32,
}

impl ChannelDelivery {
    /// A delivery on `channel` waiting for its first attempt.
    pub fn queued(channel: Channel) -> Self {
        ChannelDelivery {
            channel,
            status: OutboxStatus::Queued,
            attempts: 0,
            reason: None,
            cost: None,
            sent_at: None,
            delivered_at: None,
            progress: 0,
        }
    }

    /// The in-app entry: stored is delivered.
    pub fn in_app(at: Timestamp) -> Self {
        ChannelDelivery {
            status: OutboxStatus::Delivered,
            sent_at: Some(at),
            delivered_at: Some(at),
            ..ChannelDelivery::queued(Channel::InApp)
        }
    }

    /// Orders the states of one outbox row: each attempt moves it on, and within an attempt
    /// waiting < an outcome < the provider's later report (delivered, or undelivered after it
    /// was sent).
    pub fn progress_of(status: OutboxStatus, attempts: u32, sent_at: Option<Timestamp>) -> u32 {
        let stage = match status {
            OutboxStatus::Queued => 0,
            OutboxStatus::Delivered => 2,
            OutboxStatus::Undeliverable if sent_at.is_some() => 2,
            _ => 1,
        };
        attempts.saturating_mul(4).saturating_add(stage)
    }
}

string_enum! {
    /// Where a delivery stands (Knock's states).
    pub enum OutboxStatus {
        /// Waiting for its (next) attempt. (`pending` is how entries were spelled before
        /// they followed the outbox.)
        #[serde(alias = "pending")]
        Queued = "queued",
        /// The provider accepted it.
        Sent = "sent",
        /// The provider reported it reached the device or phone (in-app: it is stored).
        Delivered = "delivered",
        /// Every attempt failed.
        Failed = "failed",
        /// The provider says it cannot reach the recipient (a dead token, a bad number).
        Undeliverable = "undelivered",
        /// Never sent, and why (no device, no phone number, the channel is not configured).
        /// (Formerly `skipped`.)
        #[serde(alias = "skipped")]
        NotSent = "not_sent",
    }
}

impl OutboxStatus {
    /// Whether nothing more will be tried.
    pub fn is_final(self) -> bool {
        self != OutboxStatus::Queued
    }
}

impl Notification {
    /// Puts `entry` in place of the entry of its channel unless that one came further;
    /// whether it changed anything.
    pub fn record_delivery(&mut self, entry: ChannelDelivery) -> bool {
        match self
            .delivery
            .iter_mut()
            .find(|d| d.channel == entry.channel)
        {
            Some(d) if d.progress > entry.progress || *d == entry => false,
            Some(d) => {
                *d = entry;
                true
            }
            None => {
                self.delivery.push(entry);
                true
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::testing::{assert_enum_strings, assert_round_trips};

    fn at(m: i64) -> Timestamp {
        Timestamp::from_millis(1_700_000_000_000 + m * 60_000)
    }

    pub(crate) fn sample() -> Notification {
        let booking = Id::from_parts(1_700_000_000, 9);
        Notification {
            id: Id::from_parts(1_700_000_000, 1),
            recipient: Id::from_parts(1_700_000_000, 2),
            actor: Some(Id::from_parts(1_700_000_000, 3)),
            kind: NotificationType::TechnicianEnRoute,
            title: "Your technician is on the way".into(),
            body: "Wanjiru will arrive in about 20 minutes.".into(),
            category: NotificationCategory::Booking,
            priority: Priority::High,
            channels: vec![Channel::InApp, Channel::Push, Channel::Sms],
            delivery: vec![
                ChannelDelivery {
                    status: OutboxStatus::Delivered,
                    attempts: 1,
                    sent_at: Some(at(0)),
                    delivered_at: Some(at(1)),
                    progress: 6,
                    ..ChannelDelivery::queued(Channel::Push)
                },
                ChannelDelivery {
                    status: OutboxStatus::Sent,
                    attempts: 3,
                    cost: Some(Money::kes(80)),
                    sent_at: Some(at(0)),
                    progress: 13,
                    ..ChannelDelivery::queued(Channel::Sms)
                },
            ],
            group_key: Some(format!("booking:{booking}")),
            group: Some(NotificationGroup {
                count: 2,
                actor_count: 1,
                actors: vec![Id::from_parts(1_700_000_000, 3)],
                first_at: at(0),
            }),
            deep_link: Some(format!("baitech://booking/{booking}")),
            action_data: Some(
                serde_json::json!({"action": "view_booking", "bookingId": booking.to_hex()}),
            ),
            read: true,
            read_at: Some(at(5)),
            expires_at: Some(at(60 * 24 * 30)),
            created_at: at(0),
            updated_at: at(5),
        }
    }

    #[test]
    fn a_full_notification_round_trips_through_json_and_bson() {
        assert_round_trips(&sample());
        let j = serde_json::to_value(sample()).unwrap();
        assert_eq!(j["type"], "technician_en_route");
        assert_eq!(j["channels"], serde_json::json!(["in_app", "push", "sms"]));
    }

    #[test]
    fn enum_spellings_match_serde() {
        assert!(NotificationType::ALL.len() >= 30);
        assert_enum_strings(NotificationType::ALL, NotificationType::as_str);
        assert_enum_strings(NotificationCategory::ALL, NotificationCategory::as_str);
        assert_enum_strings(Priority::ALL, Priority::as_str);
        assert_enum_strings(Channel::ALL, Channel::as_str);
        assert_enum_strings(OutboxStatus::ALL, OutboxStatus::as_str);
        assert_eq!(
            NotificationType::TwoFactorEnabled.as_str(),
            "two_factor_enabled"
        );
    }

    #[test]
    fn types_map_to_their_categories_and_every_category_is_used() {
        use NotificationCategory as C;
        use NotificationType as T;
        assert_eq!(T::JobOnHold.category(), C::Booking);
        assert_eq!(T::DisputeOpened.category(), C::Booking);
        assert_eq!(T::EscrowReleased.category(), C::Payment);
        assert_eq!(T::Mentioned.category(), C::Social);
        assert_eq!(T::MissedCall.category(), C::Message);
        assert_eq!(T::NewLogin.category(), C::Account);
        assert_eq!(T::SystemAnnouncement.category(), C::System);
        assert_eq!(T::Promotion.category(), C::Promotion);
        for &c in C::ALL {
            assert!(T::ALL.iter().any(|t| t.category() == c), "{c:?} unused");
        }
        for &t in T::ALL {
            let prefix = t.as_str().split('_').next().unwrap();
            if prefix == "payment" || prefix == "payout" {
                assert_eq!(t.category(), C::Payment, "{t:?}");
            }
        }
    }

    #[test]
    fn groups_count_every_notification_and_keep_the_latest_actors() {
        let a = |n| Id::from_parts(1_700_000_000, n);
        let mut g = NotificationGroup::first(Some(a(1)), at(0));
        g.add(Some(a(2)), 3);
        g.add(Some(a(1)), 3);
        g.add(Some(a(3)), 3);
        g.add(Some(a(4)), 3);
        g.add(None, 3);
        assert_eq!(g.count, 6);
        assert_eq!(g.actor_count, 4);
        assert_eq!(g.actors, [a(4), a(3), a(1)]);
    }

    #[test]
    fn reading_and_expiry() {
        let mut n = sample();
        n.read = false;
        n.read_at = None;
        n.mark_read(at(10));
        n.mark_read(at(20));
        assert_eq!(n.read_at, Some(at(10)));
        assert!(!n.is_expired(at(0)) && n.is_expired(at(60 * 24 * 30)));
        n.delivery_mut(Channel::Sms).unwrap().attempts += 1;
        assert_eq!(n.delivery[1].attempts, 4);
        assert!(n.delivery_mut(Channel::Email).is_none());
        assert_eq!(
            ChannelDelivery::queued(Channel::Email).status,
            OutboxStatus::Queued
        );
    }

    #[test]
    fn a_delivery_copy_never_replaces_one_that_came_further() {
        let mut n = sample();
        let p = ChannelDelivery::progress_of;
        assert!(p(OutboxStatus::Queued, 1, None) < p(OutboxStatus::Sent, 2, Some(at(0))));
        assert!(p(OutboxStatus::Sent, 2, Some(at(0))) < p(OutboxStatus::Delivered, 2, Some(at(0))));
        assert!(
            p(OutboxStatus::Sent, 2, Some(at(0))) < p(OutboxStatus::Undeliverable, 2, Some(at(0)))
        );
        assert_eq!(
            p(OutboxStatus::Undeliverable, 1, None),
            p(OutboxStatus::Sent, 1, None)
        );
        let delivered = n.delivery[0].clone();
        let older = ChannelDelivery {
            status: OutboxStatus::Sent,
            progress: 5,
            ..delivered.clone()
        };
        assert!(!n.record_delivery(older));
        assert!(!n.record_delivery(delivered.clone()));
        assert_eq!(n.delivery[0], delivered);
        let sms = ChannelDelivery {
            status: OutboxStatus::Delivered,
            progress: 14,
            ..n.delivery[1].clone()
        };
        assert!(n.record_delivery(sms.clone()));
        assert_eq!(n.delivery[1], sms);
        assert!(n.record_delivery(ChannelDelivery::queued(Channel::Email)));
        assert_eq!(n.delivery.len(), 3);
        assert_enum_strings(OutboxStatus::ALL, OutboxStatus::as_str);
        let old: ChannelDelivery = serde_json::from_value(serde_json::json!(
            {"channel": "push", "status": "pending", "attempts": 2, "lastError": "503"}
        ))
        .unwrap();
        assert_eq!(
            (old.status, old.reason.as_deref(), old.progress),
            (OutboxStatus::Queued, Some("503"), 0)
        );
        let skipped: OutboxStatus = serde_json::from_str("\"skipped\"").unwrap();
        assert_eq!(skipped, OutboxStatus::NotSent);
    }
}
