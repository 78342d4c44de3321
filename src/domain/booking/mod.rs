//! Bookings: the storage document of one job from request to payment — what, where and when,
//! who, the price breakdown, matching, QA checkpoints, dispute, warranty and cancellation. The
//! state machine is in [`state`]; [`Booking::apply_transition`] is the only way to move one.

pub mod cancellation;
pub mod matching;
pub mod pricing;
pub mod state;

use std::collections::BTreeMap;

use chrono::Duration;
use serde::{Deserialize, Serialize};

pub use self::state::{Actor, BookingStatus, TRANSITIONS, Transition};
use crate::domain::enums::string_enum;
use crate::domain::geo::Location;
use crate::domain::id::Id;
use crate::domain::money::{Currency, Money};
use crate::domain::time::Timestamp;
use crate::domain::user::Role;
use crate::error::Error;

/// A customer's request for a service and everything that happens to it (storage document of
/// `bookings`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Booking {
    #[serde(rename = "_id")]
    pub id: Id,
    /// Human-readable unique reference, e.g. `BT-240101-0042`.
    pub booking_number: String,
    pub customer: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technician: Option<Id>,
    /// The corporate account (a `corporate` user) the booking is billed to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corporate_account: Option<Id>,
    /// One of the corporate account's sites.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    pub service_category: String,
    pub description: String,
    /// Photos of the problem, uploaded by the customer.
    #[serde(default)]
    pub photos: Vec<String>,
    pub service_location: Location,
    pub scheduled_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_duration_minutes: Option<u32>,
    #[serde(default)]
    pub urgency: Urgency,
    pub status: BookingStatus,
    /// Bumped by every transition; stores compare-and-set on it.
    #[serde(default)]
    pub version: i64,
    /// Every status change, oldest first; the first entry is the creation.
    #[serde(default)]
    pub status_history: Vec<StatusChange>,
    /// The most the customer wants to pay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Money>,
    #[serde(default)]
    pub pricing: PriceBreakdown,
    #[serde(default)]
    pub matching: Matching,
    #[serde(default)]
    pub qa_checkpoints: Vec<QaCheckpoint>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispute: Option<Dispute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warranty: Option<Warranty>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation: Option<Cancellation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Booking {
    /// Moves the booking to `to` if [`state::check`] allows `actor` to: appends the status
    /// history, bumps `version`, and stamps `updated_at` and — the first time the booking gets
    /// there — `completed_at`, `verified_at` or `paid_at`. On error nothing changes.
    pub fn apply_transition(
        &mut self,
        to: BookingStatus,
        actor: Actor,
        reason: Option<String>,
        at: Timestamp,
    ) -> Result<(), Error> {
        state::check(self.status, to, actor)?;
        self.status_history.push(StatusChange {
            from: Some(self.status),
            to,
            by: actor.id(),
            by_role: actor.role(),
            reason,
            at,
        });
        self.status = to;
        self.version += 1;
        self.updated_at = at;
        let stamp = match to {
            BookingStatus::Completed => Some(&mut self.completed_at),
            BookingStatus::Verified => Some(&mut self.verified_at),
            BookingStatus::Paid => Some(&mut self.paid_at),
            _ => None,
        };
        if let Some(slot) = stamp {
            slot.get_or_insert(at);
        }
        Ok(())
    }

    /// Whether `actor` may move the booking to `to` now.
    pub fn can_transition(&self, to: BookingStatus, actor: Actor) -> bool {
        state::check(self.status, to, actor).is_ok()
    }

    /// Whether `user` is the booking's customer or technician.
    pub fn involves(&self, user: Id) -> bool {
        self.customer == user || self.technician == Some(user)
    }
}

/// One entry of a booking's status history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    /// `None` for the entry recording the booking's creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<BookingStatus>,
    pub to: BookingStatus,
    /// `None` when a background job made the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub at: Timestamp,
}

impl StatusChange {
    /// The first history entry: `actor` created the booking as `pending`.
    pub fn created(actor: Actor, at: Timestamp) -> Self {
        StatusChange {
            from: None,
            to: BookingStatus::Pending,
            by: actor.id(),
            by_role: actor.role(),
            reason: None,
            at,
        }
    }
}

string_enum! {
    /// How soon the customer needs the job done.
    #[derive(Default)]
    pub enum Urgency {
        Low = "low",
        #[default]
        Normal = "normal",
        High = "high",
        Emergency = "emergency",
    }
}

/// What the job costs and how the money is split. All amounts share one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PriceBreakdown {
    pub labour: Money,
    pub materials: Money,
    pub travel: Money,
    pub urgency_surcharge: Money,
    pub discount: Money,
    pub platform_fee: Money,
    pub tax: Money,
    /// What the customer pays.
    pub total: Money,
    /// What the technician receives.
    pub technician_earnings: Money,
    /// Platform fee rate in basis points (1% = 100).
    #[serde(default)]
    pub platform_fee_bp: i64,
    /// Tax rate in basis points.
    #[serde(default)]
    pub tax_bp: i64,
    /// The technician (or admin) who quoted the price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quoted_by: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_by_customer_at: Option<Timestamp>,
}

impl PriceBreakdown {
    /// An unquoted breakdown: every amount zero in `currency`.
    pub fn zero(currency: Currency) -> Self {
        let z = Money::zero(currency);
        PriceBreakdown {
            labour: z,
            materials: z,
            travel: z,
            urgency_surcharge: z,
            discount: z,
            platform_fee: z,
            tax: z,
            total: z,
            technician_earnings: z,
            platform_fee_bp: 0,
            tax_bp: 0,
            quoted_by: None,
            accepted_by_customer_at: None,
        }
    }
}

impl Default for PriceBreakdown {
    fn default() -> Self {
        PriceBreakdown::zero(Currency::default())
    }
}

/// State of the search for a technician.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Matching {
    /// Ranked candidates, best first.
    #[serde(default)]
    pub candidates: Vec<MatchCandidate>,
    /// Rounds of offers made so far.
    #[serde(default)]
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Timestamp>,
    /// When matching gives up and the booking expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
    /// Technicians never to offer this booking again (declined, or excluded by the customer).
    #[serde(default)]
    pub blocked_technicians: Vec<Id>,
}

/// One technician considered for a booking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MatchCandidate {
    pub technician: Id,
    /// Overall match score, higher is better.
    pub score: f64,
    pub distance_km: f64,
    /// Score of each factor (`distance`, `rating`, `skills`, ...), as the matcher names them.
    #[serde(default)]
    pub breakdown: BTreeMap<String, f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notified_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responded_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<MatchResponse>,
}

string_enum! {
    /// A candidate technician's answer to a job offer.
    pub enum MatchResponse {
        Accepted = "accepted",
        Declined = "declined",
        Timeout = "timeout",
    }
}

/// A quality-assurance step of the job (e.g. "before photos", "site cleaned").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QaCheckpoint {
    pub name: String,
    /// Must be completed before the job can be completed.
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub photos: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_by: Option<Id>,
}

/// A disagreement about a booking, resolved by an admin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Dispute {
    pub opened_by: Id,
    /// Short reason, e.g. "work not finished".
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    #[serde(default)]
    pub status: DisputeStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<DisputeResolution>,
    pub opened_at: Timestamp,
}

/// A file backing one side of a dispute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    pub url: String,
    #[serde(rename = "type")]
    pub kind: EvidenceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub added_by: Id,
    pub added_at: Timestamp,
}

string_enum! {
    /// What a piece of dispute evidence is.
    pub enum EvidenceKind {
        Image = "image",
        Video = "video",
        Audio = "audio",
        Document = "document",
        Other = "other",
    }
}

string_enum! {
    /// Progress of a dispute.
    #[derive(Default)]
    pub enum DisputeStatus {
        #[default]
        Open = "open",
        UnderReview = "under_review",
        Resolved = "resolved",
        Rejected = "rejected",
    }
}

/// How and by whom a dispute was settled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DisputeResolution {
    pub outcome: DisputeOutcome,
    /// Refunded to the customer (partial refunds and splits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_amount: Option<Money>,
    pub reason: String,
    pub resolved_by: Id,
    pub resolved_at: Timestamp,
}

string_enum! {
    /// How an admin settled a dispute.
    pub enum DisputeOutcome {
        RefundFull = "refund_full",
        RefundPartial = "refund_partial",
        ReleaseToTechnician = "release_to_technician",
        Split = "split",
    }
}

/// The technician's guarantee on completed work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Warranty {
    pub days: u32,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    #[serde(default)]
    pub claims: Vec<WarrantyClaim>,
}

impl Warranty {
    /// A warranty of `days` days starting at `starts_at`, with no claims.
    pub fn new(days: u32, starts_at: Timestamp) -> Self {
        Warranty {
            days,
            starts_at,
            ends_at: starts_at.plus(Duration::days(i64::from(days))),
            claims: Vec::new(),
        }
    }

    /// Whether the warranty covers a claim made at `now`.
    pub fn covers(&self, now: Timestamp) -> bool {
        self.starts_at <= now && now < self.ends_at
    }
}

/// A customer's claim under a warranty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WarrantyClaim {
    #[serde(rename = "_id")]
    pub id: Id,
    pub raised_by: Id,
    pub description: String,
    #[serde(default)]
    pub photos: Vec<String>,
    #[serde(default)]
    pub status: WarrantyClaimStatus,
    pub raised_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
}

string_enum! {
    /// Progress of a warranty claim.
    #[derive(Default)]
    pub enum WarrantyClaimStatus {
        #[default]
        Open = "open",
        Accepted = "accepted",
        Rejected = "rejected",
        Resolved = "resolved",
    }
}

/// Who cancelled a booking, why, and the fee charged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Cancellation {
    pub by: Id,
    pub by_role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Cancellation fee charged to the canceller (zero when free).
    pub fee: Money,
    pub at: Timestamp,
}

#[cfg(test)]
pub(crate) mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::domain::geo::GeoPoint;
    use crate::domain::testing::{assert_enum_strings, assert_round_trips};

    fn at(h: i64) -> Timestamp {
        Timestamp::from_millis(1_700_000_000_000 + h * 3_600_000)
    }

    fn oid(n: u64) -> Id {
        Id::from_parts(1_700_000_000, n)
    }

    fn customer() -> Actor {
        Actor::User {
            id: oid(1),
            role: Role::Customer,
        }
    }

    fn technician() -> Actor {
        Actor::User {
            id: oid(2),
            role: Role::Technician,
        }
    }

    /// A new `pending` booking with nothing optional filled in.
    pub(crate) fn pending() -> Booking {
        Booking {
            id: oid(100),
            booking_number: "BT-231114-0001".into(),
            customer: oid(1),
            technician: None,
            corporate_account: None,
            site: None,
            service_category: "plumbing".into(),
            description: "Kitchen sink leaks".into(),
            photos: Vec::new(),
            service_location: Location::new(
                GeoPoint::new(36.8219, -1.2921).unwrap(),
                Some("Kenyatta Ave".into()),
                Some("Nairobi".into()),
            ),
            scheduled_at: at(24),
            estimated_duration_minutes: None,
            urgency: Urgency::Normal,
            status: BookingStatus::Pending,
            version: 0,
            status_history: vec![StatusChange::created(customer(), at(0))],
            budget: None,
            pricing: PriceBreakdown::default(),
            matching: Matching::default(),
            qa_checkpoints: Vec::new(),
            dispute: None,
            warranty: None,
            cancellation: None,
            completed_at: None,
            verified_at: None,
            paid_at: None,
            created_at: at(0),
            updated_at: at(0),
        }
    }

    /// A booking with every field group filled in.
    pub(crate) fn sample() -> Booking {
        let mut b = pending();
        b.technician = Some(oid(2));
        b.corporate_account = Some(oid(3));
        b.site = Some("Westlands HQ".into());
        b.photos = vec!["https://res.cloudinary.com/demo/leak.jpg".into()];
        b.estimated_duration_minutes = Some(90);
        b.urgency = Urgency::Emergency;
        b.budget = Some(Money::kes(500_000));
        b.pricing = PriceBreakdown {
            labour: Money::kes(300_000),
            materials: Money::kes(50_000),
            travel: Money::kes(20_000),
            urgency_surcharge: Money::kes(30_000),
            discount: Money::kes(10_000),
            platform_fee: Money::kes(39_000),
            tax: Money::kes(6_240),
            total: Money::kes(396_240),
            technician_earnings: Money::kes(351_000),
            platform_fee_bp: 1_000,
            tax_bp: 1_600,
            quoted_by: Some(oid(2)),
            accepted_by_customer_at: Some(at(1)),
        };
        b.matching = Matching {
            candidates: vec![MatchCandidate {
                technician: oid(2),
                score: 0.87,
                distance_km: 3.25,
                breakdown: BTreeMap::from([("distance".into(), 0.9), ("rating".into(), 0.8)]),
                notified_at: Some(at(0)),
                responded_at: Some(at(1)),
                response: Some(MatchResponse::Accepted),
            }],
            attempts: 1,
            started_at: Some(at(0)),
            expires_at: Some(at(2)),
            blocked_technicians: vec![oid(9)],
        };
        b.qa_checkpoints = vec![QaCheckpoint {
            name: "before photos".into(),
            required: true,
            photos: vec!["https://res.cloudinary.com/demo/before.jpg".into()],
            notes: Some("pipe corroded".into()),
            completed_at: Some(at(25)),
            completed_by: Some(oid(2)),
        }];
        b.dispute = Some(Dispute {
            opened_by: oid(1),
            reason: "still leaking".into(),
            description: Some("Leak came back the next day".into()),
            evidence: vec![Evidence {
                url: "https://res.cloudinary.com/demo/leak2.mp4".into(),
                kind: EvidenceKind::Video,
                note: Some("day after".into()),
                added_by: oid(1),
                added_at: at(50),
            }],
            status: DisputeStatus::Resolved,
            resolution: Some(DisputeResolution {
                outcome: DisputeOutcome::RefundPartial,
                refund_amount: Some(Money::kes(100_000)),
                reason: "partly fixed".into(),
                resolved_by: oid(4),
                resolved_at: at(60),
            }),
            opened_at: at(50),
        });
        let mut warranty = Warranty::new(30, at(30));
        warranty.claims.push(WarrantyClaim {
            id: oid(101),
            raised_by: oid(1),
            description: "drip again".into(),
            photos: vec![],
            status: WarrantyClaimStatus::Accepted,
            raised_at: at(100),
            resolved_at: Some(at(120)),
            resolution: Some("resealed".into()),
        });
        b.warranty = Some(warranty);
        b.cancellation = Some(Cancellation {
            by: oid(1),
            by_role: Role::Customer,
            reason: Some("changed my mind".into()),
            fee: Money::kes(0),
            at: at(2),
        });
        b.completed_at = Some(at(28));
        b.verified_at = Some(at(30));
        b.paid_at = Some(at(31));
        b
    }

    #[test]
    fn a_full_booking_round_trips_through_json_and_bson() {
        assert_round_trips(&pending());
        assert_round_trips(&sample());
    }

    #[test]
    fn enum_spellings_match_serde() {
        assert_enum_strings(Urgency::ALL, Urgency::as_str);
        assert_enum_strings(MatchResponse::ALL, MatchResponse::as_str);
        assert_enum_strings(EvidenceKind::ALL, EvidenceKind::as_str);
        assert_enum_strings(DisputeStatus::ALL, DisputeStatus::as_str);
        assert_enum_strings(DisputeOutcome::ALL, DisputeOutcome::as_str);
        assert_enum_strings(WarrantyClaimStatus::ALL, WarrantyClaimStatus::as_str);
    }

    #[test]
    fn the_json_shape_uses_the_spec_field_names() {
        let j = serde_json::to_value(sample()).unwrap();
        assert_eq!(j["status"], "pending");
        assert_eq!(j["statusHistory"][0]["to"], "pending");
        assert_eq!(j["serviceLocation"]["type"], "Point");
        assert_eq!(j["pricing"]["total"]["amount"], 396_240);
        assert_eq!(j["dispute"]["evidence"][0]["type"], "video");
        assert!(j["_id"].is_string());
    }

    #[test]
    fn applying_a_transition_records_it_and_bumps_the_version() {
        let mut b = pending();
        b.apply_transition(
            BookingStatus::Matching,
            customer(),
            Some("find me someone".into()),
            at(1),
        )
        .unwrap();
        assert_eq!(b.status, BookingStatus::Matching);
        assert_eq!(b.version, 1);
        assert_eq!(b.updated_at, at(1));
        let last = b.status_history.last().unwrap();
        assert_eq!(last.from, Some(BookingStatus::Pending));
        assert_eq!(
            (last.by, last.by_role),
            (Some(oid(1)), Some(Role::Customer))
        );
        assert_eq!(last.reason.as_deref(), Some("find me someone"));
    }

    #[test]
    fn a_refused_transition_leaves_the_booking_untouched() {
        let mut b = pending();
        let before = b.clone();
        let err = b.apply_transition(BookingStatus::Completed, technician(), None, at(1));
        assert!(matches!(err, Err(Error::InvalidTransition { .. })));
        assert_eq!(b, before);
    }

    #[test]
    fn milestones_are_stamped_the_first_time_they_are_reached() {
        let mut b = pending();
        b.technician = Some(oid(2));
        let admin = Actor::User {
            id: oid(4),
            role: Role::Admin,
        };
        let steps = [
            (BookingStatus::Assigned, customer()),
            (BookingStatus::Accepted, technician()),
            (BookingStatus::EnRoute, technician()),
            (BookingStatus::Arrived, technician()),
            (BookingStatus::InProgress, technician()),
            (BookingStatus::Completed, technician()),
            (BookingStatus::Verified, Actor::System),
            (BookingStatus::PaymentPending, customer()),
            (BookingStatus::Paid, Actor::System),
            (BookingStatus::Disputed, customer()),
            (BookingStatus::Paid, admin),
        ];
        for (h, (to, who)) in steps.into_iter().enumerate() {
            b.apply_transition(to, who, None, at(h as i64 + 1)).unwrap();
        }
        assert_eq!(b.completed_at, Some(at(6)));
        assert_eq!(b.verified_at, Some(at(7)));
        assert_eq!(
            b.paid_at,
            Some(at(9)),
            "release after a dispute keeps the first payment time"
        );
        assert_eq!(b.version, 11);
        assert_eq!(b.status_history.len(), 12);
        assert!(b.involves(oid(2)) && !b.involves(oid(4)));
    }

    #[test]
    fn warranties_cover_their_days_only() {
        let w = Warranty::new(30, at(0));
        assert_eq!(w.ends_at, at(30 * 24));
        assert!(w.covers(at(0)) && w.covers(at(30 * 24 - 1)));
        assert!(!w.covers(at(30 * 24)) && !w.covers(at(-1)));
    }

    proptest! {
        #[test]
        fn history_and_version_track_every_accepted_transition(
            moves in proptest::collection::vec(
                (prop::sample::select(BookingStatus::ALL), prop::sample::select(Role::ALL), any::<bool>()),
                0..40,
            ),
        ) {
            let mut b = pending();
            for (i, (to, role, system)) in moves.into_iter().enumerate() {
                let actor = if system { Actor::System } else { Actor::User { id: oid(7), role } };
                let was_terminal = b.status.is_terminal();
                let before = b.status;
                let ok = b.apply_transition(to, actor, None, at(i as i64)).is_ok();
                prop_assert!(!(was_terminal && ok));
                prop_assert_eq!(b.status, if ok { to } else { before });
                prop_assert_eq!(b.version as usize + 1, b.status_history.len());
                prop_assert_eq!(b.status_history.last().unwrap().to, b.status);
            }
        }
    }
}
