//! `/api/v1/matching` and the background jobs over real HTTP against both storage adapters:
//! ranking, offers and answers, preferences and blocks, timeouts, expiry, auto-verify,
//! warranty end, concurrent job runs, and who may call what. Each test runs as
//! `matching::embedded::<name>` and `matching::mongo::<name>`.
//!
//! `world` seeds technicians around Nairobi CBD and stores bookings directly, so these tests
//! depend on the matching routes only.

mod access;
mod find;
mod jobs;
mod offers;
mod world;
