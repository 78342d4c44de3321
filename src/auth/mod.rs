//! Authentication building blocks: who is calling and the named permission checks, access
//! tokens (JWT), password hashing and policy.
//! The flows that use them (register, login, refresh rotation, 2FA) live in `services::auth`.

pub mod caller;
pub mod jwt;
pub mod password;

pub use caller::{Caller, require_admin, require_admin_actor, require_role, require_self_or_admin};
pub use jwt::{Claims, JwtKeys, TokenUse};
