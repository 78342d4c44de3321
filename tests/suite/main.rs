//! The integration suite: one test binary (each binary links the whole crate, which costs
//! minutes on two cores). Modules test the store conformance, the HTTP API and the CLI; the
//! store and API tests run once per storage adapter.
//!
//! Run it through `tests/run.sh`, which starts the MongoDB-compatible server and Redis these
//! tests talk to and exports `BAITECH_TEST_MONGODB_URI` / `BAITECH_TEST_REDIS_URL`.

#[macro_use]
mod common;

mod api;
mod auth;
mod bookings;
mod chat;
mod cli;
mod feed;
mod hostile;
mod matching;
mod media;
mod notifications;
mod ops;
mod payments;
mod reviews;
mod snapshots;
mod store;
mod users;
