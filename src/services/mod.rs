//! Use cases that combine the store, cache and gateways. HTTP handlers and CLI commands call
//! these; no business rule lives in a handler or a command file.

pub mod auth;
pub mod bookings;
pub mod chat;
pub mod cleanup;
pub mod disputes;
pub mod export;
pub mod feed;
pub mod health;
pub mod input;
pub mod jobs;
pub mod matching;
pub mod media;
pub mod moderation;
pub mod notifications;
pub mod payments;
pub mod reviews;
pub mod seed;
pub mod users;
