//! Fake Daraja, Stripe and Cloudinary servers on loopback ports, answering as the documented APIs do
//! (same paths, field names, auth checks and error bodies) and recording what they were sent,
//! plus builders for the callbacks and webhooks those gateways post to us.

pub mod africastalking;
pub mod cloudinary;
pub mod daraja;
pub mod fcm;
mod serving;
pub mod smtp;
pub mod stripe;

use serving::{header, serve};

#[allow(
    unused_imports,
    reason = "a toolbox: each test module uses some of these"
)]
pub use cloudinary::{
    CLOUDINARY_CLOUD, CLOUDINARY_SECRET, FakeCloudinary, cloudinary_signature, upload_answer,
};
#[allow(
    unused_imports,
    reason = "a toolbox: each test module uses some of these"
)]
pub use daraja::{
    DARAJA_CONSUMER_KEY, DARAJA_CONSUMER_SECRET, DARAJA_INITIATOR, DARAJA_PASSKEY,
    DARAJA_SECURITY_CREDENTIAL, DARAJA_SHORTCODE, FakeDaraja, TEST_CALLBACK_SECRET,
    TEST_CALLBACK_URL, TokenRequest, stk_callback_body,
};
#[allow(
    unused_imports,
    reason = "a toolbox: each test module uses some of these"
)]
pub use stripe::{
    FakeStripe, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, StripeCall, signed_stripe_event,
    stripe_event,
};
