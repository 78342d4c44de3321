//! Hostile and concurrent cases against the real server on both adapters: parallel payments of
//! one booking across gateways, forged gateway callbacks, amount and cursor extremes, parallel
//! logins and profile/security writes, oversized and malformed requests, and dependencies that
//! go away. Each case was a real way to lose money or an account decision; they stay in the
//! suite so none comes back.

mod accounts;
mod deps;
mod input;
mod money;
mod shape;
