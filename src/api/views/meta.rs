//! Shapes of answers that handlers write as literal JSON (health, small acknowledgements), so
//! the OpenAPI document can describe them; each names the handler that writes it.

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// `GET /health`: the process is serving requests.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Liveness {
    /// Always `ok`.
    #[schema(example = "ok")]
    pub status: String,
    /// The server's version.
    pub version: String,
    /// `development`, `test` or `production`.
    pub environment: String,
    pub uptime_seconds: u64,
}

/// `GET /health/ready`: whether every dependency answers, with one check per dependency.
#[derive(Serialize, ToSchema)]
pub struct Readiness {
    /// `ready` or `not_ready`.
    #[schema(example = "ready")]
    pub status: String,
    /// `{name, status: up|down, backend?, latencyMs?, error?}` per dependency (store, cache).
    #[schema(value_type = Vec<Object>)]
    pub checks: Vec<Value>,
}

/// `POST /users/fcm-token`: the caller's devices registered for push.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceList {
    pub fcm_tokens: Vec<crate::domain::user::FcmToken>,
}

/// `DELETE /users/fcm-token`.
#[derive(Serialize, ToSchema)]
pub struct DeviceRemoved {
    /// Whether the device was registered.
    pub removed: bool,
}

/// `DELETE /users/me`.
#[derive(Serialize, ToSchema)]
pub struct Deleted {
    pub deleted: bool,
}

/// `POST /payments/stripe` and `/payments/wallet/top-up`: the transaction started and, for
/// Stripe, the PaymentIntent's client secret the app confirms the card with.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PaymentStarted {
    pub transaction: crate::domain::transaction::Transaction,
    pub client_secret: Option<String>,
}

/// `GET /payments/wallet`.
#[derive(Serialize, ToSchema)]
pub struct WalletBalance {
    pub user: crate::domain::Id,
    pub balance: crate::domain::Money,
}

/// What Daraja is answered for every delivery it should not retry (not enveloped: Daraja's
/// own format).
#[derive(Serialize, ToSchema)]
pub struct DarajaAck {
    /// Always 0.
    #[serde(rename = "ResultCode")]
    pub result_code: i64,
    /// Always `Accepted`.
    #[serde(rename = "ResultDesc")]
    pub result_desc: String,
}

/// What Stripe is answered for a verified event (not enveloped: Stripe reads the status).
#[derive(Serialize, ToSchema)]
pub struct WebhookReceived {
    pub received: bool,
}
