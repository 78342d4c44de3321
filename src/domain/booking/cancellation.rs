//! The cancellation policy: who may cancel (the transition table decides) and what it costs.
//!
//! The fee compensates the technician for time they can no longer sell, so it grows as the job
//! nears and as the technician commits more:
//!
//! | state when cancelled              | customer's fee                                        |
//! |-----------------------------------|-------------------------------------------------------|
//! | pending, matching, assigned       | free — nobody has committed yet                       |
//! | accepted, more than 24 h ahead    | free                                                  |
//! | accepted, 2 h to 24 h ahead       | 10% of the total (both ends inclusive)                |
//! | accepted, less than 2 h ahead     | 25% of the total (also once the start has passed)     |
//! | en route                          | the travel fee + 10% of the total                     |
//! | arrived                           | call-out: 25% of labour, at least KES 500             |
//!
//! Fees before arrival never exceed the booking's total. The call-out minimum applies even to a
//! cheaper job: the visit happened. A technician who cancels pays nothing, but the cancellation
//! counts against their completion rate; an admin's cancellation is free (an admin cancels for
//! operational reasons, and any compensation goes through a dispute); a background job never
//! cancels.

use chrono::Duration;

use super::{Actor, Booking, BookingStatus};
use crate::domain::money::Money;
use crate::domain::time::Timestamp;
use crate::domain::user::Role;

/// Cancelling earlier than this before the start is free.
pub const FREE_NOTICE: Duration = Duration::hours(24);
/// Cancelling later than this before the start costs [`VERY_SHORT_NOTICE_BP`].
pub const SHORT_NOTICE: Duration = Duration::hours(2);
/// Fee with 2–24 h notice: 10% of the total.
pub const SHORT_NOTICE_BP: i64 = 1_000;
/// Fee with under 2 h notice: 25% of the total.
pub const VERY_SHORT_NOTICE_BP: i64 = 2_500;
/// On top of the travel fee once the technician is on the way: 10% of the total.
pub const EN_ROUTE_BP: i64 = 1_000;
/// Call-out fee once the technician is on site: 25% of labour...
pub const CALL_OUT_BP: i64 = 2_500;
/// ...but at least KES 500 (minor units).
pub const CALL_OUT_MIN_MINOR: i64 = 50_000;

/// Which rule priced a cancellation (returned to clients so the fee explains itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeeRule {
    /// Before a technician accepted.
    BeforeAcceptance,
    /// Accepted, more than 24 h before the start.
    AmpleNotice,
    /// Accepted, 2–24 h before the start.
    ShortNotice,
    /// Accepted, under 2 h before the start (or after it).
    VeryShortNotice,
    /// The technician is on the way.
    EnRoute,
    /// The technician is on site.
    CallOut,
    /// The technician cancelled: no fee, counted in their stats.
    TechnicianCancelled,
    /// An admin cancelled: no fee.
    AdminCancelled,
    /// The booking cannot be cancelled in its state.
    NotCancellable,
}

/// Whether `actor` may cancel `booking` now (the transition table decides).
pub fn can_be_cancelled(booking: &Booking, actor: Actor) -> bool {
    booking.can_transition(BookingStatus::Cancelled, actor)
}

/// The rule that prices a customer's cancellation of `booking` at `now`.
pub fn customer_rule(booking: &Booking, now: Timestamp) -> FeeRule {
    match booking.status {
        BookingStatus::Pending | BookingStatus::Matching | BookingStatus::Assigned => {
            FeeRule::BeforeAcceptance
        }
        BookingStatus::Accepted => {
            let notice = booking.scheduled_at.millis() - now.millis();
            if notice > FREE_NOTICE.num_milliseconds() {
                FeeRule::AmpleNotice
            } else if notice >= SHORT_NOTICE.num_milliseconds() {
                FeeRule::ShortNotice
            } else {
                FeeRule::VeryShortNotice
            }
        }
        BookingStatus::EnRoute => FeeRule::EnRoute,
        BookingStatus::Arrived => FeeRule::CallOut,
        _ => FeeRule::NotCancellable,
    }
}

/// What a customer (or corporate account) pays to cancel `booking` at `now`.
pub fn cancellation_fee(booking: &Booking, now: Timestamp) -> Money {
    fee_for_rule(booking, customer_rule(booking, now))
}

/// The fee and the rule for `actor` cancelling `booking` at `now`.
pub fn assess(booking: &Booking, actor: Actor, now: Timestamp) -> (Money, FeeRule) {
    let rule = match actor.role() {
        Some(Role::Technician) => FeeRule::TechnicianCancelled,
        Some(Role::Admin) => FeeRule::AdminCancelled,
        Some(Role::Customer | Role::Corporate) => customer_rule(booking, now),
        Some(Role::Support) | None => FeeRule::NotCancellable,
    };
    (fee_for_rule(booking, rule), rule)
}

fn fee_for_rule(b: &Booking, rule: FeeRule) -> Money {
    let p = &b.pricing;
    let total = p.total;
    let capped = |m: Money| Money::new(m.amount.min(total.amount).max(0), total.currency);
    match rule {
        FeeRule::ShortNotice => capped(total.percent_bp(SHORT_NOTICE_BP)),
        FeeRule::VeryShortNotice => capped(total.percent_bp(VERY_SHORT_NOTICE_BP)),
        FeeRule::EnRoute => capped(Money::new(
            p.travel.amount + total.percent_bp(EN_ROUTE_BP).amount,
            total.currency,
        )),
        FeeRule::CallOut => Money::new(
            p.labour
                .percent_bp(CALL_OUT_BP)
                .amount
                .max(CALL_OUT_MIN_MINOR),
            p.labour.currency,
        ),
        _ => Money::zero(total.currency),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::booking::pricing::{PriceInput, Rates, breakdown};
    use crate::domain::booking::tests::pending;
    use crate::domain::booking::{PriceBreakdown, Urgency};
    use crate::domain::id::Id;

    const MS: i64 = 1;

    fn booking(status: BookingStatus) -> Booking {
        let mut b = pending();
        b.status = status;
        b.technician = Some(Id::from_parts(1_700_000_000, 2));
        // KES 2,000 labour, 300 travel: job value 2,300, fee 230, VAT 36.80, total 2,336.80.
        b.pricing = breakdown(
            &PriceInput {
                travel: Money::kes(30_000),
                ..PriceInput::labour(Money::kes(200_000), Urgency::Normal)
            },
            Rates::default(),
        )
        .unwrap();
        b
    }

    /// `now` such that the start is `notice_ms` away.
    fn before_start(b: &Booking, notice_ms: i64) -> Timestamp {
        Timestamp::from_millis(b.scheduled_at.millis() - notice_ms)
    }

    const H: i64 = 3_600_000;

    fn customer() -> Actor {
        Actor::User {
            id: Id::from_parts(1_700_000_000, 1),
            role: Role::Customer,
        }
    }

    #[test]
    fn free_before_a_technician_accepts() {
        for s in [
            BookingStatus::Pending,
            BookingStatus::Matching,
            BookingStatus::Assigned,
        ] {
            let b = booking(s);
            assert_eq!(
                cancellation_fee(&b, before_start(&b, MS)),
                Money::kes(0),
                "{s}"
            );
            assert_eq!(
                customer_rule(&b, before_start(&b, MS)),
                FeeRule::BeforeAcceptance
            );
        }
    }

    #[test]
    fn the_24_hour_boundary_belongs_to_the_ten_percent_band() {
        let b = booking(BookingStatus::Accepted);
        let fee = |notice| cancellation_fee(&b, before_start(&b, notice));
        assert_eq!(b.pricing.total, Money::kes(233_680));
        assert_eq!(fee(24 * H + MS), Money::kes(0));
        assert_eq!(fee(24 * H), Money::kes(23_368));
        assert_eq!(fee(24 * H - MS), Money::kes(23_368));
        assert_eq!(
            customer_rule(&b, before_start(&b, 24 * H + MS)),
            FeeRule::AmpleNotice
        );
        assert_eq!(
            customer_rule(&b, before_start(&b, 24 * H)),
            FeeRule::ShortNotice
        );
    }

    #[test]
    fn the_2_hour_boundary_belongs_to_the_ten_percent_band() {
        let b = booking(BookingStatus::Accepted);
        let fee = |notice| cancellation_fee(&b, before_start(&b, notice));
        assert_eq!(fee(2 * H + MS), Money::kes(23_368));
        assert_eq!(fee(2 * H), Money::kes(23_368));
        assert_eq!(fee(2 * H - MS), Money::kes(58_420));
        assert_eq!(
            customer_rule(&b, before_start(&b, 2 * H - MS)),
            FeeRule::VeryShortNotice
        );
    }

    #[test]
    fn after_the_start_time_the_late_fee_still_applies() {
        let b = booking(BookingStatus::Accepted);
        assert_eq!(
            cancellation_fee(&b, before_start(&b, -H)),
            Money::kes(58_420)
        );
    }

    #[test]
    fn en_route_costs_the_travel_plus_ten_percent() {
        let b = booking(BookingStatus::EnRoute);
        assert_eq!(
            cancellation_fee(&b, before_start(&b, 30 * H)),
            Money::kes(30_000 + 23_368)
        );
    }

    #[test]
    fn en_route_fees_never_exceed_the_total() {
        let mut b = booking(BookingStatus::EnRoute);
        b.pricing.travel = Money::kes(10_000_000);
        assert_eq!(cancellation_fee(&b, before_start(&b, H)), b.pricing.total);
    }

    #[test]
    fn on_site_the_call_out_is_a_quarter_of_labour_with_a_minimum() {
        let b = booking(BookingStatus::Arrived);
        assert_eq!(
            cancellation_fee(&b, before_start(&b, 0)),
            Money::kes(50_000)
        );
        let mut cheap = booking(BookingStatus::Arrived);
        cheap.pricing = PriceBreakdown::default();
        assert_eq!(
            cancellation_fee(&cheap, before_start(&cheap, 0)),
            Money::kes(CALL_OUT_MIN_MINOR)
        );
        let mut big = booking(BookingStatus::Arrived);
        big.pricing.labour = Money::kes(1_000_000);
        assert_eq!(
            cancellation_fee(&big, before_start(&big, 0)),
            Money::kes(250_000)
        );
    }

    #[test]
    fn technicians_and_admins_cancel_for_free() {
        let b = booking(BookingStatus::Arrived);
        let now = before_start(&b, 0);
        let tech = Actor::User {
            id: Id::from_parts(1_700_000_000, 2),
            role: Role::Technician,
        };
        let admin = Actor::User {
            id: Id::from_parts(1_700_000_000, 5),
            role: Role::Admin,
        };
        assert_eq!(
            assess(&b, tech, now),
            (Money::kes(0), FeeRule::TechnicianCancelled)
        );
        assert_eq!(
            assess(&b, admin, now),
            (Money::kes(0), FeeRule::AdminCancelled)
        );
        assert_eq!(
            assess(&b, customer(), now),
            (Money::kes(50_000), FeeRule::CallOut)
        );
        let corporate = Actor::User {
            id: Id::from_parts(1_700_000_000, 6),
            role: Role::Corporate,
        };
        assert_eq!(assess(&b, corporate, now).1, FeeRule::CallOut);
    }

    #[test]
    fn who_may_cancel_follows_the_transition_table() {
        assert!(can_be_cancelled(
            &booking(BookingStatus::Pending),
            customer()
        ));
        assert!(can_be_cancelled(
            &booking(BookingStatus::Arrived),
            customer()
        ));
        assert!(!can_be_cancelled(
            &booking(BookingStatus::InProgress),
            customer()
        ));
        assert!(!can_be_cancelled(
            &booking(BookingStatus::Pending),
            Actor::System
        ));
        let tech = Actor::User {
            id: Id::from_parts(1_700_000_000, 2),
            role: Role::Technician,
        };
        assert!(!can_be_cancelled(&booking(BookingStatus::Matching), tech));
        assert!(can_be_cancelled(&booking(BookingStatus::Accepted), tech));
        let b = booking(BookingStatus::InProgress);
        assert_eq!(
            assess(&b, customer(), b.scheduled_at),
            (Money::kes(0), FeeRule::NotCancellable)
        );
    }
}
