//! What an export is asked for: the dataset, its filters, the range, the columns and the
//! format, and the plan checked from them.

use crate::domain::Id;
use crate::domain::enums::string_enum;

use super::range::Range;
use super::write::Format;

/// Documents read from the store per batch.
pub const BATCH: u32 = 500;

string_enum! {
    /// What can be exported.
    pub enum Dataset {
        Bookings = "bookings",
        Transactions = "transactions",
        Settlements = "settlements",
        Ledger = "ledger",
        Users = "users",
        Technicians = "technicians",
        Audit = "audit",
        Reviews = "reviews",
        Posts = "posts",
        /// Moderation decisions (approve, remove) on posts, comments and reviews, from the audit log.
        Moderation = "moderation",
        /// Notifications, one row per channel with its delivery status and SMS cost.
        Notifications = "notifications",
    }
}

string_enum! {
    /// The dataset-specific filters.
    pub enum FilterKind {
        Status = "status",
        City = "city",
        Category = "category",
        Technician = "technician",
    }
}

/// The dataset-specific filters given; each dataset takes some of them (see [`catalog`]).
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub status: Option<String>,
    /// Compared case-insensitively.
    pub city: Option<String>,
    pub category: Option<String>,
    pub technician: Option<Id>,
}

impl Filters {
    pub(super) fn given(&self) -> Vec<FilterKind> {
        let mut out = Vec::new();
        if self.status.is_some() {
            out.push(FilterKind::Status);
        }
        if self.city.is_some() {
            out.push(FilterKind::City);
        }
        if self.category.is_some() {
            out.push(FilterKind::Category);
        }
        if self.technician.is_some() {
            out.push(FilterKind::Technician);
        }
        out
    }

    pub(crate) fn city_is(&self, city: Option<&str>) -> bool {
        match (&self.city, city) {
            (None, _) => true,
            (Some(want), Some(have)) => want.trim().eq_ignore_ascii_case(have.trim()),
            (Some(_), None) => false,
        }
    }

    pub(crate) fn status_is(&self, status: &str) -> bool {
        self.status.as_deref().is_none_or(|s| s == status)
    }
}

/// One export as asked for.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub dataset: Dataset,
    pub range: Range,
    pub filters: Filters,
    /// Columns in output order; `None` = every column the PII choice allows.
    pub columns: Option<Vec<String>>,
    pub include_pii: bool,
    pub format: Format,
}

/// An export checked against its dataset: the columns resolved, ready to run.
#[derive(Debug, Clone)]
pub struct Plan {
    pub request: ExportRequest,
    /// Indexes into the dataset's columns, in output order.
    pub(super) columns: Vec<usize>,
    pub(super) names: Vec<&'static str>,
}

impl Plan {
    /// The header of the output, in order.
    pub fn columns(&self) -> &[&'static str] {
        &self.names
    }
}
