//! Who hears what, where and when: a user's notification preferences (a switch per category
//! and channel over sensible defaults, quiet hours in their time zone) and the rules that turn
//! them into the channels one notification uses. Money, security and booking-critical types
//! ignore the switches: they always reach their default channels.

use chrono::{Duration, NaiveTime, TimeZone, Timelike};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::domain::id::Id;
use crate::domain::notification::{Channel, NotificationCategory, NotificationType, Priority};
use crate::domain::time::Timestamp;
use crate::domain::user::parse_hhmm;

/// The zone quiet hours are read in when the user chose none.
pub const DEFAULT_TIMEZONE: &str = "Africa/Nairobi";

/// One user's preferences (storage document of `notification_preferences`; `_id` is the
/// user's id). A user without one has the defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationPreferences {
    /// The user's id.
    #[serde(rename = "_id")]
    pub id: Id,
    /// Switches the user changed from the defaults.
    #[serde(default)]
    pub switches: Vec<Switch>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiet_hours: Option<QuietHours>,
    /// IANA time zone quiet hours are in.
    #[serde(default = "default_timezone")]
    pub timezone: String,
    pub updated_at: Timestamp,
}

fn default_timezone() -> String {
    DEFAULT_TIMEZONE.to_string()
}

/// One channel of one category switched on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Switch {
    pub category: NotificationCategory,
    pub channel: Channel,
    pub enabled: bool,
}

/// A daily period, local `HH:MM` to `HH:MM` (over midnight when `end` is earlier), during
/// which push and SMS wait.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QuietHours {
    #[schema(example = "22:00")]
    pub start: String,
    #[schema(example = "07:00")]
    pub end: String,
}

impl QuietHours {
    /// Minutes after midnight of start and end, if both are valid `HH:MM` and differ.
    pub fn minutes(&self) -> Option<(u32, u32)> {
        let (s, e) = (parse_hhmm(&self.start)?, parse_hhmm(&self.end)?);
        (s != e && s < 24 * 60 && e <= 24 * 60).then_some((s, e))
    }

    /// When quiet hours that hold `at` end, in zone `tz`; `None` outside them.
    pub fn ends_after(&self, at: Timestamp, tz: Tz) -> Option<Timestamp> {
        let (start, end) = self.minutes()?;
        let local = at.datetime().with_timezone(&tz);
        let now = local.hour() * 60 + local.minute();
        let inside = if start < end {
            now >= start && now < end
        } else {
            now >= start || now < end
        };
        if !inside {
            return None;
        }
        let day = if end > now {
            local.date_naive()
        } else {
            local.date_naive() + Duration::days(1)
        };
        let end_time = if end == 24 * 60 {
            return Some(Timestamp::from(
                tz.from_local_datetime(&(day + Duration::days(1)).and_time(NaiveTime::MIN))
                    .earliest()?
                    .to_utc(),
            ));
        } else {
            NaiveTime::from_hms_opt(end / 60, end % 60, 0)?
        };
        // A local time skipped by a clock change ends at the first instant after it.
        let resolved = tz
            .from_local_datetime(&day.and_time(end_time))
            .earliest()
            .or_else(|| {
                tz.from_local_datetime(&(day.and_time(end_time) + Duration::hours(1)))
                    .earliest()
            })?;
        Some(Timestamp::from(resolved.to_utc()))
    }
}

/// The channels a category reaches when the user changed nothing (in-app is always on).
pub fn default_on(category: NotificationCategory, channel: Channel) -> bool {
    use Channel as Ch;
    use NotificationCategory as C;
    match channel {
        Ch::InApp => true,
        Ch::Push => category != C::Promotion,
        Ch::Email => matches!(category, C::Payment | C::Account),
        Ch::Sms => category == C::Payment,
    }
}

/// Types the user cannot switch off: money, security and the booking moments that need the
/// user now. They go to their category's default channels whatever the switches say (a switch
/// may still add a channel).
pub fn is_read_only(kind: NotificationType) -> bool {
    use NotificationType as T;
    kind.category() == NotificationCategory::Payment
        || matches!(
            kind,
            T::PasswordChanged
                | T::NewLogin
                | T::TwoFactorEnabled
                | T::TwoFactorDisabled
                | T::BookingAssigned
                | T::BookingAccepted
                | T::TechnicianArrived
                | T::BookingCancelled
                | T::DisputeOpened
                | T::DisputeResolved
        )
}

/// A channel, and the earliest time it may be used (quiet hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    pub channel: Channel,
    pub not_before: Option<Timestamp>,
}

impl NotificationPreferences {
    /// The defaults for user `id`.
    pub fn defaults(id: Id, at: Timestamp) -> Self {
        NotificationPreferences {
            id,
            switches: Vec::new(),
            quiet_hours: None,
            timezone: default_timezone(),
            updated_at: at,
        }
    }

    /// The user's zone (the default when the stored one is not a zone).
    pub fn tz(&self) -> Tz {
        self.timezone.parse().unwrap_or(chrono_tz::Africa::Nairobi)
    }

    /// Whether `category` reaches `channel` for this user, by their switch or the default.
    pub fn is_on(&self, category: NotificationCategory, channel: Channel) -> bool {
        if channel == Channel::InApp {
            return true;
        }
        self.switches
            .iter()
            .rev()
            .find(|s| s.category == category && s.channel == channel)
            .map_or_else(|| default_on(category, channel), |s| s.enabled)
    }

    /// Sets one switch (replacing an earlier one of the same category and channel).
    pub fn set(&mut self, category: NotificationCategory, channel: Channel, enabled: bool) {
        self.switches
            .retain(|s| !(s.category == category && s.channel == channel));
        if enabled != default_on(category, channel) {
            self.switches.push(Switch {
                category,
                channel,
                enabled,
            });
        }
    }

    /// The channels a notification of `kind` uses at `now`, in-app first; push and SMS wait
    /// for the end of quiet hours unless the notification is urgent.
    pub fn plan(&self, kind: NotificationType, priority: Priority, now: Timestamp) -> Vec<Planned> {
        let category = kind.category();
        let held = match (&self.quiet_hours, priority) {
            (Some(q), p) if p != Priority::Urgent => q.ends_after(now, self.tz()),
            _ => None,
        };
        Channel::ALL
            .iter()
            .copied()
            .filter(|&ch| {
                let forced = is_read_only(kind) && default_on(category, ch);
                forced || self.is_on(category, ch)
            })
            .map(|channel| Planned {
                channel,
                not_before: match channel {
                    Channel::Push | Channel::Sms => held,
                    _ => None,
                },
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::assert_round_trips;

    fn at(rfc: &str) -> Timestamp {
        Timestamp::parse(rfc).unwrap()
    }

    fn prefs() -> NotificationPreferences {
        NotificationPreferences::defaults(
            Id::from_parts(1_700_000_000, 1),
            at("2026-01-01T00:00:00Z"),
        )
    }

    fn channels(p: &NotificationPreferences, kind: NotificationType) -> Vec<Channel> {
        p.plan(kind, Priority::Normal, at("2026-01-01T09:00:00Z"))
            .into_iter()
            .map(|c| c.channel)
            .collect()
    }

    #[test]
    fn defaults_follow_the_category() {
        let p = prefs();
        use Channel::*;
        assert_eq!(channels(&p, NotificationType::PostLiked), [InApp, Push]);
        assert_eq!(
            channels(&p, NotificationType::PaymentReceived),
            [InApp, Push, Email, Sms]
        );
        assert_eq!(
            channels(&p, NotificationType::PasswordChanged),
            [InApp, Push, Email]
        );
        assert_eq!(channels(&p, NotificationType::Promotion), [InApp]);
    }

    #[test]
    fn switches_turn_channels_off_except_for_read_only_types() {
        let mut p = prefs();
        use Channel::*;
        for c in NotificationCategory::ALL {
            for ch in [Push, Email, Sms] {
                p.set(*c, ch, false);
            }
        }
        assert_eq!(channels(&p, NotificationType::PostLiked), [InApp]);
        assert_eq!(channels(&p, NotificationType::JobStarted), [InApp]);
        // Money, security and critical booking moments keep their defaults.
        assert_eq!(
            channels(&p, NotificationType::PaymentFailed),
            [InApp, Push, Email, Sms]
        );
        assert_eq!(
            channels(&p, NotificationType::NewLogin),
            [InApp, Push, Email]
        );
        assert_eq!(
            channels(&p, NotificationType::BookingAccepted),
            [InApp, Push]
        );
        // A switch may add a channel to a read-only type.
        p.set(NotificationCategory::Booking, Sms, true);
        assert_eq!(
            channels(&p, NotificationType::BookingAccepted),
            [InApp, Push, Sms]
        );
        // Setting a switch back to its default removes it.
        p.set(NotificationCategory::Booking, Sms, false);
        p.set(NotificationCategory::Booking, Push, true);
        assert!(
            !p.switches
                .iter()
                .any(|s| s.category == NotificationCategory::Booking && s.channel != Email)
        );
        assert_round_trips(&p);
    }

    #[test]
    fn quiet_hours_hold_push_and_sms_until_they_end_in_the_users_zone() {
        let mut p = prefs();
        p.quiet_hours = Some(QuietHours {
            start: "22:00".into(),
            end: "07:00".into(),
        });
        // 23:30 in Nairobi (UTC+3) is 20:30 UTC; quiet hours end at 07:00 local = 04:00 UTC.
        let now = at("2026-03-10T20:30:00Z");
        let plan = p.plan(NotificationType::PaymentReceived, Priority::High, now);
        let end = at("2026-03-11T04:00:00Z");
        for c in &plan {
            let held = matches!(c.channel, Channel::Push | Channel::Sms);
            assert_eq!(c.not_before, held.then_some(end), "{c:?}");
        }
        // 02:00 local, after midnight: the same morning.
        let plan = p.plan(
            NotificationType::PostLiked,
            Priority::Normal,
            at("2026-03-10T23:00:00Z"),
        );
        assert_eq!(plan[1].not_before, Some(end));
        // Outside quiet hours and for urgent notifications nothing waits.
        assert!(
            p.plan(
                NotificationType::PostLiked,
                Priority::Normal,
                at("2026-03-10T12:00:00Z")
            )
            .iter()
            .all(|c| c.not_before.is_none())
        );
        assert!(
            p.plan(NotificationType::NewLogin, Priority::Urgent, now)
                .iter()
                .all(|c| c.not_before.is_none())
        );
        // Another zone: 23:30 in Lagos (UTC+1) is 22:30 UTC.
        p.timezone = "Africa/Lagos".into();
        let plan = p.plan(
            NotificationType::PostLiked,
            Priority::Normal,
            at("2026-03-10T22:30:00Z"),
        );
        assert_eq!(plan[1].not_before, Some(at("2026-03-11T06:00:00Z")));
        // A daytime period that does not cross midnight.
        p.quiet_hours = Some(QuietHours {
            start: "13:00".into(),
            end: "14:00".into(),
        });
        assert_eq!(
            p.quiet_hours
                .as_ref()
                .unwrap()
                .ends_after(at("2026-03-10T12:30:00Z"), p.tz()),
            Some(at("2026-03-10T13:00:00Z"))
        );
        assert_eq!(
            p.quiet_hours
                .as_ref()
                .unwrap()
                .ends_after(at("2026-03-10T13:30:00Z"), p.tz()),
            None
        );
    }

    #[test]
    fn read_only_types_cover_money_and_security() {
        for t in NotificationType::ALL {
            if t.category() == NotificationCategory::Payment {
                assert!(is_read_only(*t), "{t:?}");
            }
        }
        assert!(is_read_only(NotificationType::PasswordChanged));
        assert!(!is_read_only(NotificationType::PostLiked));
        assert!(!is_read_only(NotificationType::Promotion));
    }
}
