//! Outbound integrations. Each is a trait with a real client (configured from
//! `config.gateways`) and a local sandbox used in development and tests when that gateway is
//! not configured.

pub mod cloudinary;
pub mod email;
pub mod mpesa;
pub mod push;
pub mod sms;
pub mod stripe;

pub use email::{EmailGateway, EmailMessage, SandboxEmail, SmtpEmail};
pub use mpesa::{DarajaClient, Mpesa, SandboxMpesa};
pub use stripe::{SandboxStripe, Stripe, StripeClient};
