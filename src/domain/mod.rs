//! Plain domain types and rules; no I/O.

pub mod contact;
pub mod geo;
pub mod id;
pub mod money;
pub mod time;
pub mod wire;

pub use contact::{Email, Phone};
pub use geo::{GeoPoint, Location};
pub use id::Id;
pub use money::{Currency, Money};
pub use time::Timestamp;
