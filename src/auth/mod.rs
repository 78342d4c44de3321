//! Authentication building blocks: access tokens (JWT), password hashing and policy.
//! The flows that use them (register, login, refresh rotation, 2FA) live in `services::auth`.

pub mod jwt;
pub mod password;

pub use jwt::{Claims, JwtKeys, TokenUse};
