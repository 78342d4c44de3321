//! Bookings: the collection spec, the repository trait (only its own queries; the generic ones come
//! from [`Collection`]), its filters, and the two implementations, `embedded.rs` and `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use crate::domain::booking::{Booking, BookingStatus};
use crate::domain::{Id, Timestamp};
use crate::error::Result;
use crate::store::spec::IndexKey::{Asc, Desc, Sphere};
use crate::store::spec::Scope::All;
use crate::store::spec::{CollectionSpec, IndexSpec, unique};
use crate::store::{Collection, Page, PageRequest};
use async_trait::async_trait;

/// Bookings. Updates are compare-and-set on `version` so concurrent transitions cannot both win.
#[async_trait]
pub trait BookingRepo: Collection<Booking> {
    /// Newest first, filtered.
    async fn list_bookings(
        &self,
        filter: &BookingFilter,
        page: &PageRequest,
    ) -> Result<Page<Booking>>;
    async fn count_bookings_by_status(
        &self,
        filter: &BookingFilter,
    ) -> Result<Vec<(BookingStatus, u64)>>;
}

/// Bookings: each party's list by status, unique booking numbers, nearby jobs.
pub const BOOKINGS: CollectionSpec = CollectionSpec {
    name: "bookings",
    noun: "booking",
    uniques: &[unique(
        "bookings_number_unique",
        &["bookingNumber"],
        All,
        "a booking with this number already exists",
    )],
    indexes: &[
        IndexSpec::new(
            "bookings_customer_status_created",
            &[Asc("customer"), Asc("status"), Desc("createdAt")],
        ),
        IndexSpec::new(
            "bookings_technician_status_created",
            &[Asc("technician"), Asc("status"), Desc("createdAt")],
        ),
        IndexSpec::new(
            "bookings_corporate_id",
            &[Asc("corporateAccount"), Desc("_id")],
        ),
        IndexSpec::new("bookings_status_id", &[Asc("status"), Desc("_id")]),
        IndexSpec::new("bookings_scheduled", &[Asc("scheduledAt")]),
        IndexSpec::new(
            "bookings_service_location_2dsphere",
            &[Sphere("serviceLocation")],
        ),
    ],
    text: &[],
};

/// Time ranges in filters (`*_from`, `*_to`) include both ends on both adapters.
#[derive(Debug, Clone, Default)]
pub struct BookingFilter {
    pub customer: Option<Id>,
    pub technician: Option<Id>,
    pub corporate_account: Option<Id>,
    /// Any of these statuses (empty = all).
    pub statuses: Vec<BookingStatus>,
    pub scheduled_from: Option<Timestamp>,
    pub scheduled_to: Option<Timestamp>,
    pub created_from: Option<Timestamp>,
    pub created_to: Option<Timestamp>,
}
