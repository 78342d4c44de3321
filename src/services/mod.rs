//! Use cases that combine the store, cache and gateways. HTTP handlers and CLI commands call
//! these; no business rule lives in a handler or a command file.

pub mod health;
