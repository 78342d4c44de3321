//! The booking as its parties and staff see it. Everyone who may see a booking sees all of it
//! (the price split included: the platform's fee is shown to both sides on purpose).

use serde::Serialize;

use crate::domain::booking::cancellation::FeeRule;
use crate::domain::booking::{
    Booking, BookingStatus, Cancellation, Dispute, Matching, PriceBreakdown, QaCheckpoint,
    StatusChange, Urgency, Warranty,
};
use crate::domain::{Id, Location, Money, Timestamp};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BookingView {
    #[serde(rename = "_id")]
    pub id: Id,
    pub booking_number: String,
    pub customer: Id,
    pub technician: Option<Id>,
    pub corporate_account: Option<Id>,
    pub site: Option<String>,
    pub service_category: String,
    pub description: String,
    pub photos: Vec<String>,
    pub service_location: Location,
    pub scheduled_at: Timestamp,
    pub estimated_duration_minutes: Option<u32>,
    pub urgency: Urgency,
    pub status: BookingStatus,
    /// Bumped by every change; lets a client notice the booking changed elsewhere.
    pub version: i64,
    pub status_history: Vec<StatusChange>,
    pub budget: Option<Money>,
    pub pricing: PriceBreakdown,
    pub matching: Matching,
    pub qa_checkpoints: Vec<QaCheckpoint>,
    pub dispute: Option<Dispute>,
    pub warranty: Option<Warranty>,
    pub cancellation: Option<Cancellation>,
    pub completed_at: Option<Timestamp>,
    pub verified_at: Option<Timestamp>,
    pub paid_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<&Booking> for BookingView {
    fn from(b: &Booking) -> Self {
        BookingView {
            id: b.id,
            booking_number: b.booking_number.clone(),
            customer: b.customer,
            technician: b.technician,
            corporate_account: b.corporate_account,
            site: b.site.clone(),
            service_category: b.service_category.clone(),
            description: b.description.clone(),
            photos: b.photos.clone(),
            service_location: b.service_location.clone(),
            scheduled_at: b.scheduled_at,
            estimated_duration_minutes: b.estimated_duration_minutes,
            urgency: b.urgency,
            status: b.status,
            version: b.version,
            status_history: b.status_history.clone(),
            budget: b.budget,
            pricing: b.pricing.clone(),
            matching: b.matching.clone(),
            qa_checkpoints: b.qa_checkpoints.clone(),
            dispute: b.dispute.clone(),
            warranty: b.warranty.clone(),
            cancellation: b.cancellation.clone(),
            completed_at: b.completed_at,
            verified_at: b.verified_at,
            paid_at: b.paid_at,
            created_at: b.created_at,
            updated_at: b.updated_at,
        }
    }
}

/// `DELETE /bookings/:id`: the cancelled booking and what cancelling cost.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CancelledView {
    pub booking: BookingView,
    pub cancellation_fee: Money,
    pub fee_rule: Option<FeeRule>,
}
