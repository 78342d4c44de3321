//! `/api/v1/users` over real HTTP against both storage adapters: every route, who may call it,
//! and how it fails. Each test runs as `users::embedded::<name>` and `users::mongo::<name>`.
//!
//! `http` has the request helpers, `records` builds the bookings, payments and other documents
//! that the export and deletion tests need in the store.

mod admin;
mod blocks;
mod devices;
mod directory;
pub(crate) mod http;
mod kyc;
mod nearby;
mod privacy;
mod profile;
mod records;
mod social;
mod technician;
