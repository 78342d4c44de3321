//! Who may see a booking. Everyone else is told it does not exist, so ids cannot be probed.

use crate::app::App;
use crate::domain::Id;
use crate::domain::booking::{Actor, Booking};
use crate::domain::user::Role;
use crate::error::{Error, Result};

/// Whether `actor` may see `booking`: its customer, the corporate account it is billed to, its
/// assigned technician, staff (admin, support) and background jobs.
pub fn can_view(booking: &Booking, actor: Actor) -> bool {
    match actor {
        Actor::System => true,
        Actor::User { id, role } => match role {
            Role::Admin | Role::Support => true,
            Role::Technician => booking.technician == Some(id),
            Role::Customer => booking.customer == id,
            Role::Corporate => booking.customer == id || booking.corporate_account == Some(id),
        },
    }
}

/// Whether `actor` acts for the paying side of `booking` (its customer or corporate account).
pub fn is_customer_side(booking: &Booking, actor: Actor) -> bool {
    match actor {
        Actor::User {
            id,
            role: Role::Customer | Role::Corporate,
        } => booking.customer == id || booking.corporate_account == Some(id),
        _ => false,
    }
}

/// Whether `actor` is the booking's assigned technician.
pub fn is_assigned_technician(booking: &Booking, actor: Actor) -> bool {
    matches!(actor, Actor::User { id, role: Role::Technician } if booking.technician == Some(id))
}

/// Booking `id` if it exists and `actor` may see it; `NotFound` otherwise.
pub async fn load_visible(app: &App, id: Id, actor: Actor) -> Result<Booking> {
    match app.store.bookings.get(id).await? {
        Some(b) if can_view(&b, actor) => Ok(b),
        _ => Err(Error::NotFound("booking")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::booking::BookingStatus;

    fn user(n: u64, role: Role) -> Actor {
        Actor::User {
            id: Id::from_parts(1_700_000_000, n),
            role,
        }
    }

    fn booking() -> Booking {
        let mut b: Booking = serde_json::from_value(serde_json::json!({
            "_id": Id::from_parts(1_700_000_000, 100),
            "bookingNumber": "BT-231114-AAAAAA",
            "customer": Id::from_parts(1_700_000_000, 1),
            "serviceCategory": "plumbing",
            "description": "Kitchen sink leaks",
            "serviceLocation": {"type": "Point", "coordinates": [36.8, -1.3]},
            "scheduledAt": "2030-01-01T00:00:00.000Z",
            "status": "assigned",
            "createdAt": "2023-11-14T00:00:00.000Z",
            "updatedAt": "2023-11-14T00:00:00.000Z",
        }))
        .unwrap();
        b.technician = Some(Id::from_parts(1_700_000_000, 2));
        b.corporate_account = Some(Id::from_parts(1_700_000_000, 3));
        assert_eq!(b.status, BookingStatus::Assigned);
        b
    }

    #[test]
    fn parties_and_staff_see_a_booking_and_nobody_else_does() {
        let b = booking();
        assert!(can_view(&b, user(1, Role::Customer)));
        assert!(can_view(&b, user(2, Role::Technician)));
        assert!(can_view(&b, user(3, Role::Corporate)));
        assert!(can_view(&b, user(9, Role::Admin)));
        assert!(can_view(&b, user(9, Role::Support)));
        assert!(can_view(&b, Actor::System));
        assert!(!can_view(&b, user(9, Role::Customer)));
        assert!(!can_view(&b, user(9, Role::Technician)));
        assert!(!can_view(&b, user(9, Role::Corporate)));
        // the right id in the wrong role is not enough
        assert!(!can_view(&b, user(1, Role::Technician)));
        assert!(!can_view(&b, user(2, Role::Customer)));
    }

    #[test]
    fn the_customer_side_is_the_customer_and_the_corporate_account() {
        let b = booking();
        assert!(is_customer_side(&b, user(1, Role::Customer)));
        assert!(is_customer_side(&b, user(3, Role::Corporate)));
        assert!(!is_customer_side(&b, user(2, Role::Technician)));
        assert!(!is_customer_side(&b, user(9, Role::Admin)));
        assert!(is_assigned_technician(&b, user(2, Role::Technician)));
        assert!(!is_assigned_technician(&b, user(9, Role::Technician)));
    }
}
