//! Plain domain types and rules; no I/O.

pub mod audit;
pub mod booking;
pub mod contact;
pub mod conversation;
pub mod enums;
pub mod follow;
pub mod geo;
pub mod id;
pub mod ledger;
pub mod message;
pub mod money;
pub mod notification;
pub mod post;
pub mod review;
#[cfg(test)]
pub(crate) mod testing;
pub mod time;
pub mod token;
pub mod transaction;
pub mod user;
pub mod wire;

pub use contact::{Email, Phone};
pub use geo::{GeoPoint, Location};
pub use id::Id;
pub use money::{Currency, Money};
pub use time::Timestamp;
