//! Documents for the conformance tests: a plain valid document of each kind with the fields a
//! test cares about as parameters, and a `full_*` variant with every optional group filled in
//! (for round trips that compare whole documents).
//!
//! Document ids come from [`next_id`], so a document built later always sorts as newer (an
//! `ObjectId` counter may wrap within a second; this one does not).
//! Times are minutes from a base taken at process start ([`at`]); expiry times are in the future
//! so a server-side TTL index can never remove a document while a test looks at it.

mod accounts;
mod bookings;
mod social;

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

use baitech::domain::{Email, GeoPoint, Id, Phone, Timestamp};

pub use accounts::*;
pub use bookings::*;
pub use social::*;

/// Nairobi CBD (Kenyatta Avenue), `[lng, lat]`.
pub const NAIROBI: (f64, f64) = (36.8219, -1.2921);

static BASE_MS: LazyLock<i64> = LazyLock::new(|| Timestamp::now().millis() / 60_000 * 60_000);
static BASE_SECS: LazyLock<u32> = LazyLock::new(|| (*BASE_MS / 1000) as u32);
static COUNTER: AtomicU64 = AtomicU64::new(1);

/// `minutes` from the test run's base instant (whole minutes, so values are easy to read).
pub fn at(minutes: i64) -> Timestamp {
    Timestamp::from_millis(*BASE_MS + minutes * 60_000)
}

/// A fresh document id, greater than every id this function returned before.
pub fn next_id() -> Id {
    Id::from_parts(*BASE_SECS, unique())
}

/// A number no other call in this process returned.
pub fn unique() -> u64 {
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

pub fn email(tag: &str) -> Email {
    Email::parse(&format!("{tag}@example.co.ke")).expect("valid test email")
}

/// A Kenyan mobile number no other test user has.
pub fn fresh_phone() -> Phone {
    Phone::parse(&format!("+2547{:08}", unique() % 100_000_000)).expect("valid test phone")
}

pub fn point(lng: f64, lat: f64) -> GeoPoint {
    GeoPoint::new(lng, lat).expect("valid test coordinates")
}
