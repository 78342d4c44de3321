//! Payments: the gateway clients against local servers that answer as Daraja and Stripe
//! document, and the payment, escrow, refund, wallet and settlement flows over HTTP on both
//! storage adapters.

pub(crate) mod flows;
mod gateways;
