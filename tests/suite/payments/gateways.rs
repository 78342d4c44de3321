//! The M-Pesa and Stripe clients against the fake Daraja and Stripe servers
//! (`common::gateways`): what they send, how they treat tokens and idempotency keys, how the
//! gateways' answers and refusals map onto our errors, and callback and webhook parsing.

mod mpesa;
mod stripe;
