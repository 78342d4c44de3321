//! The booking state machine: the 16 states and the one table of allowed transitions, with who
//! may take each. Every rule about moving a booking lives in [`TRANSITIONS`]; the functions here
//! only ask it.

use crate::domain::enums::string_enum;
use crate::domain::id::Id;
use crate::domain::user::Role;
use crate::error::Error;

string_enum! {
    /// The 16 states of a booking; which moves are allowed is in [`TRANSITIONS`].
    pub enum BookingStatus {
        /// Created, no technician yet.
        Pending = "pending",
        /// Looking for a technician.
        Matching = "matching",
        /// A technician was offered the job.
        Assigned = "assigned",
        /// The technician accepted.
        Accepted = "accepted",
        /// The technician is on the way.
        EnRoute = "en_route",
        /// The technician is on site.
        Arrived = "arrived",
        /// Work is under way.
        InProgress = "in_progress",
        /// Work is paused (parts, access, ...).
        OnHold = "on_hold",
        /// The technician finished the work.
        Completed = "completed",
        /// The customer (or auto-verify) confirmed the work.
        Verified = "verified",
        /// Payment was requested.
        PaymentPending = "payment_pending",
        /// Payment was received.
        Paid = "paid",
        /// Cancelled before work started (terminal).
        Cancelled = "cancelled",
        /// A party opened a dispute.
        Disputed = "disputed",
        /// The customer was refunded (terminal).
        Refunded = "refunded",
        /// No technician was found in time (terminal).
        Expired = "expired",
    }
}

impl BookingStatus {
    /// True when no transition leaves this state (cancelled, refunded, expired).
    pub fn is_terminal(self) -> bool {
        !TRANSITIONS.iter().any(|t| t.from == self)
    }
}

/// Who asks for a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A signed-in user acting in their role.
    User {
        /// The user.
        id: Id,
        /// The role they act in.
        role: Role,
    },
    /// A background job: matching, offer timeouts, expiry, auto-verify, payment callbacks.
    System,
}

impl Actor {
    /// The user's role; `None` for the system.
    pub fn role(&self) -> Option<Role> {
        match self {
            Actor::User { role, .. } => Some(*role),
            Actor::System => None,
        }
    }

    /// The user's id; `None` for the system.
    pub fn id(&self) -> Option<Id> {
        match self {
            Actor::User { id, .. } => Some(*id),
            Actor::System => None,
        }
    }
}

/// One allowed move: from which state to which, and who may make it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub from: BookingStatus,
    pub to: BookingStatus,
    /// User roles that may make the move. Admins may also make any move some user role may,
    /// and corporate accounts may make the moves customers may (they book as customers).
    pub roles: &'static [Role],
    /// Whether a background job may make the move.
    pub system: bool,
}

impl Transition {
    /// Whether `role` (`None` = a background job) may make this move.
    pub fn permits(&self, role: Option<Role>) -> bool {
        match role {
            None => self.system,
            Some(Role::Admin) => !self.roles.is_empty(),
            Some(Role::Corporate) => {
                self.roles.contains(&Role::Corporate) || self.roles.contains(&Role::Customer)
            }
            Some(role) => self.roles.contains(&role),
        }
    }
}

const fn t(
    from: BookingStatus,
    to: BookingStatus,
    roles: &'static [Role],
    system: bool,
) -> Transition {
    Transition {
        from,
        to,
        roles,
        system,
    }
}

const NOBODY: &[Role] = &[];
const CUSTOMER: &[Role] = &[Role::Customer];
const TECHNICIAN: &[Role] = &[Role::Technician];
const ADMIN: &[Role] = &[Role::Admin];
const CUSTOMER_ADMIN: &[Role] = &[Role::Customer, Role::Admin];
const TECHNICIAN_ADMIN: &[Role] = &[Role::Technician, Role::Admin];
const PARTIES: &[Role] = &[Role::Customer, Role::Technician, Role::Admin];

use BookingStatus::{
    Accepted, Arrived, Assigned, Cancelled, Completed, Disputed, EnRoute, Expired, InProgress,
    Matching, OnHold, Paid, PaymentPending, Pending, Refunded, Verified,
};

/// Every allowed transition. Nothing else in the code base decides whether a booking may move.
pub const TRANSITIONS: &[Transition] = &[
    // Finding a technician: matching, or the customer (or an admin) picking one directly.
    t(Pending, Matching, CUSTOMER, true),
    t(Pending, Assigned, CUSTOMER_ADMIN, false),
    t(Matching, Assigned, CUSTOMER_ADMIN, true),
    t(Assigned, Accepted, TECHNICIAN, false),
    // The technician declines, or the offer times out: look for another one.
    t(Assigned, Matching, TECHNICIAN, true),
    t(Pending, Expired, NOBODY, true),
    t(Matching, Expired, NOBODY, true),
    // Doing the job.
    t(Accepted, EnRoute, TECHNICIAN, false),
    t(EnRoute, Arrived, TECHNICIAN, false),
    t(Arrived, InProgress, TECHNICIAN, false),
    t(InProgress, OnHold, TECHNICIAN_ADMIN, false),
    t(OnHold, InProgress, TECHNICIAN_ADMIN, false),
    t(InProgress, Completed, TECHNICIAN, false),
    // Getting paid; the system auto-verifies after the grace period and records callbacks.
    t(Completed, Verified, CUSTOMER_ADMIN, true),
    t(Verified, PaymentPending, CUSTOMER_ADMIN, true),
    t(PaymentPending, Paid, ADMIN, true),
    // Cancelling before work starts; the technician only once assigned.
    t(Pending, Cancelled, CUSTOMER_ADMIN, false),
    t(Matching, Cancelled, CUSTOMER_ADMIN, false),
    t(Assigned, Cancelled, PARTIES, false),
    t(Accepted, Cancelled, PARTIES, false),
    t(EnRoute, Cancelled, PARTIES, false),
    t(Arrived, Cancelled, PARTIES, false),
    // Disputes, once work has started.
    t(InProgress, Disputed, PARTIES, false),
    t(OnHold, Disputed, PARTIES, false),
    t(Completed, Disputed, PARTIES, false),
    t(Verified, Disputed, PARTIES, false),
    t(PaymentPending, Disputed, PARTIES, false),
    t(Paid, Disputed, PARTIES, false),
    // An admin settles a dispute: refund, release to the technician, or reject and go on.
    t(Disputed, Refunded, ADMIN, false),
    t(Disputed, Paid, ADMIN, false),
    t(Disputed, Verified, ADMIN, false),
    t(Paid, Refunded, ADMIN, false),
];

/// The table row for `from → to`, if that move exists at all.
pub fn transition(from: BookingStatus, to: BookingStatus) -> Option<&'static Transition> {
    TRANSITIONS.iter().find(|t| t.from == from && t.to == to)
}

/// Every state some actor may move a booking to from `from`, in table order.
pub fn allowed_next(from: BookingStatus) -> Vec<BookingStatus> {
    TRANSITIONS
        .iter()
        .filter(|t| t.from == from)
        .map(|t| t.to)
        .collect()
}

/// The states `role` (`None` = a background job) may move a booking to from `from`.
pub fn allowed_next_for(from: BookingStatus, role: Option<Role>) -> Vec<BookingStatus> {
    TRANSITIONS
        .iter()
        .filter(|t| t.from == from && t.permits(role))
        .map(|t| t.to)
        .collect()
}

/// Whether `actor` may move a booking from `from` to `to`.
///
/// A move missing from the table is [`Error::InvalidTransition`], naming the states this actor
/// could move to instead; a move that exists but not for this actor is [`Error::Forbidden`].
pub fn check(from: BookingStatus, to: BookingStatus, actor: Actor) -> Result<(), Error> {
    let role = actor.role();
    match transition(from, to) {
        Some(t) if t.permits(role) => Ok(()),
        Some(_) => Err(Error::Forbidden(format!(
            "{} may not move a booking from {from} to {to}",
            match role {
                Some(role) => format!("role {role}"),
                None => "a background job".to_string(),
            }
        ))),
        None => Err(Error::InvalidTransition {
            from: from.as_str().to_string(),
            to: to.as_str().to_string(),
            allowed: allowed_next_for(from, role)
                .into_iter()
                .map(|s| s.as_str().to_string())
                .collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashSet, VecDeque};

    use proptest::prelude::*;

    use super::*;
    use crate::domain::testing::assert_enum_strings;

    /// Every actor kind: each role, then the system.
    const ACTORS: &[Option<Role>] = &[
        Some(Role::Customer),
        Some(Role::Technician),
        Some(Role::Admin),
        Some(Role::Corporate),
        Some(Role::Support),
        None,
    ];

    fn actor(role: Option<Role>) -> Actor {
        match role {
            Some(role) => Actor::User {
                id: Id::from_parts(1_700_000_000, 1),
                role,
            },
            None => Actor::System,
        }
    }

    fn who(role: Option<Role>) -> &'static str {
        role.map_or("system", Role::as_str)
    }

    /// The brief's rules, written out independently of [`TRANSITIONS`]: (from, to, who), where
    /// admin and corporate appear wherever the rules grant them a move.
    fn spec() -> BTreeSet<(&'static str, &'static str, &'static str)> {
        let rows: &[(&str, &str, &[&str])] = &[
            (
                "pending",
                "matching",
                &["customer", "corporate", "admin", "system"],
            ),
            ("pending", "assigned", &["customer", "corporate", "admin"]),
            (
                "matching",
                "assigned",
                &["customer", "corporate", "admin", "system"],
            ),
            ("assigned", "accepted", &["technician", "admin"]),
            ("assigned", "matching", &["technician", "admin", "system"]),
            ("matching", "expired", &["system"]),
            ("pending", "expired", &["system"]),
            ("accepted", "en_route", &["technician", "admin"]),
            ("en_route", "arrived", &["technician", "admin"]),
            ("arrived", "in_progress", &["technician", "admin"]),
            ("in_progress", "on_hold", &["technician", "admin"]),
            ("on_hold", "in_progress", &["technician", "admin"]),
            ("in_progress", "completed", &["technician", "admin"]),
            (
                "completed",
                "verified",
                &["customer", "corporate", "admin", "system"],
            ),
            (
                "verified",
                "payment_pending",
                &["customer", "corporate", "admin", "system"],
            ),
            ("payment_pending", "paid", &["admin", "system"]),
            ("pending", "cancelled", &["customer", "corporate", "admin"]),
            ("matching", "cancelled", &["customer", "corporate", "admin"]),
            ("disputed", "refunded", &["admin"]),
            ("disputed", "paid", &["admin"]),
            ("disputed", "verified", &["admin"]),
            ("paid", "refunded", &["admin"]),
        ];
        let mut out = BTreeSet::new();
        for (from, to, actors) in rows {
            for a in *actors {
                out.insert((*from, *to, *a));
            }
        }
        for from in ["assigned", "accepted", "en_route", "arrived"] {
            for a in ["customer", "corporate", "technician", "admin"] {
                out.insert((from, "cancelled", a));
            }
        }
        let disputable = [
            "in_progress",
            "on_hold",
            "completed",
            "verified",
            "payment_pending",
            "paid",
        ];
        for from in disputable {
            for a in ["customer", "corporate", "technician", "admin"] {
                out.insert((from, "disputed", a));
            }
        }
        out
    }

    #[test]
    fn there_are_sixteen_states_spelled_as_serde_spells_them() {
        assert_eq!(BookingStatus::ALL.len(), 16);
        assert_enum_strings(BookingStatus::ALL, BookingStatus::as_str);
        assert_eq!(BookingStatus::EnRoute.to_string(), "en_route");
    }

    #[test]
    fn every_state_actor_and_target_agrees_with_the_written_rules() {
        let spec = spec();
        for &from in BookingStatus::ALL {
            for &to in BookingStatus::ALL {
                for &role in ACTORS {
                    let key = (from.as_str(), to.as_str(), who(role));
                    let ok = check(from, to, actor(role)).is_ok();
                    assert_eq!(ok, spec.contains(&key), "{key:?}");
                    assert_eq!(ok, allowed_next_for(from, role).contains(&to), "{key:?}");
                }
            }
        }
    }

    #[test]
    fn the_table_has_no_duplicate_rows_and_no_self_loops() {
        let mut seen = HashSet::new();
        for t in TRANSITIONS {
            assert_ne!(t.from, t.to);
            assert!(
                seen.insert((t.from, t.to)),
                "{:?} → {:?} twice",
                t.from,
                t.to
            );
            assert!(t.system || !t.roles.is_empty(), "nobody may take {t:?}");
        }
    }

    #[test]
    fn cancelled_refunded_and_expired_are_the_only_terminal_states() {
        let terminal: Vec<_> = BookingStatus::ALL
            .iter()
            .copied()
            .filter(|s| s.is_terminal())
            .collect();
        assert_eq!(terminal, [Cancelled, Refunded, Expired]);
        for &s in &terminal {
            assert!(allowed_next(s).is_empty());
            for &to in BookingStatus::ALL {
                for &role in ACTORS {
                    assert!(check(s, to, actor(role)).is_err());
                }
            }
        }
    }

    fn reachable_from(start: BookingStatus) -> HashSet<BookingStatus> {
        let mut seen = HashSet::from([start]);
        let mut queue = VecDeque::from([start]);
        while let Some(s) = queue.pop_front() {
            for next in allowed_next(s) {
                if seen.insert(next) {
                    queue.push_back(next);
                }
            }
        }
        seen
    }

    #[test]
    fn every_state_is_reachable_from_pending_and_can_reach_an_end() {
        assert_eq!(reachable_from(Pending).len(), 16);
        for &s in BookingStatus::ALL {
            assert!(
                reachable_from(s).iter().any(|r| r.is_terminal()),
                "{s} never ends"
            );
        }
    }

    #[test]
    fn the_happy_path_runs_from_pending_to_paid() {
        let customer = actor(Some(Role::Customer));
        let technician = actor(Some(Role::Technician));
        let path = [
            (Pending, Matching, customer),
            (Matching, Assigned, Actor::System),
            (Assigned, Accepted, technician),
            (Accepted, EnRoute, technician),
            (EnRoute, Arrived, technician),
            (Arrived, InProgress, technician),
            (InProgress, OnHold, technician),
            (OnHold, InProgress, technician),
            (InProgress, Completed, technician),
            (Completed, Verified, customer),
            (Verified, PaymentPending, Actor::System),
            (PaymentPending, Paid, Actor::System),
        ];
        for (from, to, who) in path {
            assert!(check(from, to, who).is_ok(), "{from} → {to}");
        }
    }

    #[test]
    fn skipping_ahead_is_invalid_and_names_what_the_actor_may_do_instead() {
        match check(Pending, Completed, actor(Some(Role::Customer))) {
            Err(Error::InvalidTransition { from, to, allowed }) => {
                assert_eq!((from.as_str(), to.as_str()), ("pending", "completed"));
                assert_eq!(allowed, ["matching", "assigned", "cancelled"]);
            }
            other => panic!("{other:?}"),
        }
        match check(Pending, Completed, Actor::System) {
            Err(Error::InvalidTransition { allowed, .. }) => {
                assert_eq!(allowed, ["matching", "expired"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_existing_move_by_the_wrong_role_is_forbidden() {
        let forbidden =
            |from, to, role| matches!(check(from, to, actor(role)), Err(Error::Forbidden(_)));
        assert!(forbidden(Matching, Cancelled, Some(Role::Technician)));
        assert!(forbidden(Arrived, InProgress, Some(Role::Customer)));
        assert!(forbidden(Assigned, Accepted, Some(Role::Customer)));
        assert!(forbidden(Disputed, Refunded, Some(Role::Customer)));
        assert!(forbidden(Assigned, Accepted, None));
    }

    #[test]
    fn only_background_jobs_expire_bookings() {
        for from in [Pending, Matching] {
            assert!(check(from, Expired, Actor::System).is_ok());
            for role in [Role::Admin, Role::Customer] {
                assert!(matches!(
                    check(from, Expired, actor(Some(role))),
                    Err(Error::Forbidden(_))
                ));
            }
        }
    }

    #[test]
    fn admins_may_make_every_move_a_user_role_may() {
        for t in TRANSITIONS.iter().filter(|t| !t.roles.is_empty()) {
            assert!(
                check(t.from, t.to, actor(Some(Role::Admin))).is_ok(),
                "{t:?}"
            );
        }
    }

    #[test]
    fn a_declining_technician_sends_the_booking_back_to_matching() {
        assert!(check(Assigned, Matching, actor(Some(Role::Technician))).is_ok());
        assert!(check(Assigned, Matching, Actor::System).is_ok());
    }

    #[test]
    fn paid_bookings_can_only_be_disputed_or_refunded() {
        assert_eq!(allowed_next(Paid), [Disputed, Refunded]);
        assert_eq!(allowed_next_for(Paid, Some(Role::Customer)), [Disputed]);
    }

    #[test]
    fn corporate_accounts_act_as_customers_and_support_staff_move_nothing() {
        for &from in BookingStatus::ALL {
            assert_eq!(
                allowed_next_for(from, Some(Role::Corporate)),
                allowed_next_for(from, Some(Role::Customer))
            );
            assert!(allowed_next_for(from, Some(Role::Support)).is_empty());
        }
    }

    proptest! {
        #[test]
        fn random_walks_never_leave_a_terminal_state(
            steps in proptest::collection::vec(
                (any::<prop::sample::Index>(), prop::sample::select(ACTORS)),
                0..64,
            ),
            targets in proptest::collection::vec(prop::sample::select(BookingStatus::ALL), 64),
        ) {
            let mut cur = Pending;
            let mut ended_in: Option<BookingStatus> = None;
            for (i, (pick, role)) in steps.into_iter().enumerate() {
                if let Some(end) = ended_in {
                    prop_assert_eq!(cur, end);
                    prop_assert!(check(cur, targets[i], actor(role)).is_err());
                    prop_assert!(allowed_next_for(cur, role).is_empty());
                    continue;
                }
                let next = allowed_next_for(cur, role);
                if next.is_empty() {
                    prop_assert!(check(cur, targets[i], actor(role)).is_err());
                    continue;
                }
                let to = next[pick.index(next.len())];
                prop_assert!(check(cur, to, actor(role)).is_ok());
                cur = to;
                if cur.is_terminal() {
                    ended_in = Some(cur);
                }
            }
        }
    }
}
