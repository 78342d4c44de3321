//! Who may review whom: only the two parties of a booking whose work reached `completed` (and
//! was not cancelled), one review per side; whether the review is verified; and when a review
//! becomes visible to anyone but its author (double-blind reveal).

use crate::domain::booking::{Booking, BookingStatus};
use crate::domain::enums::string_enum;
use crate::domain::{Id, Timestamp};

string_enum! {
    /// Which party of the booking wrote the review.
    #[derive(Default)]
    pub enum ReviewSide {
        #[default]
        /// The customer reviews the technician.
        CustomerToTechnician = "customer_to_technician",
        /// The technician reviews the customer.
        TechnicianToCustomer = "technician_to_customer",
    }
}

/// Why a user may not review a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The user is neither the booking's customer nor its technician.
    NotAParty,
    /// The work has not reached `completed`.
    NotCompleted,
    /// The booking was cancelled (or expired).
    Cancelled,
}

impl Refusal {
    /// What the client is told.
    pub fn message(self) -> &'static str {
        match self {
            Refusal::NotAParty => "only the customer and the technician of a booking may review it",
            Refusal::NotCompleted => "a booking can be reviewed once its work is completed",
            Refusal::Cancelled => "a cancelled booking cannot be reviewed",
        }
    }
}

/// Whether the booking's work reached `completed` at some point: its state now is completed or
/// later, or it was completed before a dispute or refund.
pub fn work_completed(b: &Booking) -> bool {
    use BookingStatus as S;
    match b.status {
        S::Completed | S::Verified | S::PaymentPending | S::Paid => true,
        S::Disputed | S::Refunded => {
            b.completed_at.is_some()
                || b.verified_at.is_some()
                || b.paid_at.is_some()
                || b.status_history.iter().any(|h| h.to == S::Completed)
        }
        _ => false,
    }
}

/// The side `user` reviews from and whom they review, or why they may not.
pub fn may_review(b: &Booking, user: Id) -> Result<(ReviewSide, Id), Refusal> {
    let side = if user == b.customer {
        b.technician.map(|t| (ReviewSide::CustomerToTechnician, t))
    } else if Some(user) == b.technician {
        Some((ReviewSide::TechnicianToCustomer, b.customer))
    } else {
        None
    };
    let side = side.ok_or(Refusal::NotAParty)?;
    if matches!(b.status, BookingStatus::Cancelled | BookingStatus::Expired) {
        return Err(Refusal::Cancelled);
    }
    if !work_completed(b) {
        return Err(Refusal::NotCompleted);
    }
    Ok(side)
}

/// Verified: the booking was paid through the platform — derived here, never sent by a client.
pub fn is_verified(b: &Booking) -> bool {
    b.paid_at.is_some()
        || matches!(b.status, BookingStatus::Paid)
        || b.status_history.iter().any(|h| h.to == BookingStatus::Paid)
}

/// When a new review becomes visible if the other party does not review first.
pub fn reveal_deadline(created: Timestamp, reveal_days: u32) -> Timestamp {
    created.plus(chrono::Duration::days(i64::from(reveal_days)))
}
