//! Plain domain types and rules; no I/O.

pub mod audit;
pub mod block;
pub mod booking;
pub mod contact;
pub mod conversation;
pub mod deep_link;
pub mod delivery;
pub mod enums;
pub mod follow;
pub mod geo;
pub mod id;
pub mod ledger;
pub mod message;
pub mod money;
pub mod notification;
pub mod notification_preferences;
pub mod post;
pub mod ranking;
pub mod report;
pub mod review;
pub(crate) mod schema;
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

/// `a` followed by `b` as one array, at compile time (`N` is their combined length, checked),
/// so a set stated as the union of two others is derived from them rather than listed again.
pub const fn concat<T: Copy, const N: usize>(a: &[T], b: &[T]) -> [T; N] {
    assert!(a.len() + b.len() == N && N > 0);
    let mut out = [if a.is_empty() { b[0] } else { a[0] }; N];
    let mut i = 0;
    while i < N {
        out[i] = if i < a.len() { a[i] } else { b[i - a.len()] };
        i += 1;
    }
    out
}
