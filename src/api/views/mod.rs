//! The JSON shapes clients see. Deliberate types built from domain documents — never the
//! storage document passed through — so secrets and other people's personal data cannot leak.

pub mod auth;
pub mod meta;
pub mod user;

pub use user::{NearbyTechnician, PrivateUser, PublicUser};
