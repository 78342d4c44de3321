//! Bookings from request to payment: creating one, reading and listing what a caller may see,
//! moving it through the state machine with its side effects, quotes, QA checkpoints,
//! disputes and warranty claims, and dashboard statistics.
//!
//! The rules live below the HTTP layer: the transition table in `domain::booking::state`, the
//! price and cancellation policies in `domain::booking::{pricing, cancellation}`, and what each
//! move does besides changing the status in [`effects`]. Every write goes through [`engine`],
//! which makes concurrent writers safe (compare-and-set on `version`) and runs side effects
//! outside the document exactly once. Background jobs (matching, offer timeouts, expiry,
//! auto-verify) call [`transition`] / [`assign_technician`] with `Actor::System`.

mod access;
pub mod catalog;
mod create;
pub mod disputes;
pub mod effects;
mod engine;
pub mod estimate;
pub mod queries;
pub mod quotes;
mod work;

pub use access::{can_view, is_assigned_technician, is_customer_side, load_visible};
pub use create::{NewBooking, booking_number, create};
pub use disputes::{DisputeRequest, WarrantyClaimRequest};
pub use effects::MoveData;
pub use engine::{Moved, transition, transition_with};
pub use queries::{BookingStats, ListQuery, get, list, stats};
pub use quotes::QuoteRequest;
pub use work::{CheckpointRequest, assign_technician, record_checkpoint};
