//! The real Daraja client: OAuth token cached until shortly before expiry, JSON calls with
//! one retry on a refused token, and Daraja's answers mapped onto the crate error.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use reqwest::{StatusCode, Url};
use serde_json::{Value, json};
use tokio::sync::Mutex;

use super::callback::integer;
use super::{
    B2cRequest, B2cResponse, Mpesa, STILL_PROCESSING_ERROR_CODE, StkPushRequest, StkPushResponse,
    StkQueryResult, daraja_timestamp, stk_password,
};
use crate::config::MpesaConfig;
use crate::error::{Error, FieldError, Result};

const DEPENDENCY: &str = "mpesa";
/// How long one Daraja request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// A cached token is replaced this long before Daraja says it expires.
const TOKEN_MARGIN: Duration = Duration::from_secs(60);
/// Daraja's `errorCode` for an expired or unknown access token.
const INVALID_TOKEN_ERROR_CODE: &str = "404.001.03";
/// Where our B2C result and timeout callbacks are served, under the callback URL's origin.
const B2C_RESULT_PATH: &str = "/api/v1/payments/mpesa/b2c/result";
const B2C_TIMEOUT_PATH: &str = "/api/v1/payments/mpesa/b2c/timeout";

/// Talks to Daraja (`MPESA_BASE_URL`, the Safaricom sandbox by default).
pub struct DarajaClient {
    http: reqwest::Client,
    base_url: String,
    consumer_key: String,
    consumer_secret: String,
    shortcode: String,
    passkey: String,
    callback_url: String,
    b2c_result_url: String,
    b2c_timeout_url: String,
    /// B2C's API operator and its encrypted password (`MPESA_B2C_*`); never logged.
    b2c_initiator_name: String,
    b2c_security_credential: String,
    /// The secret ending `callback_url` (and our B2C URLs), if it has one.
    callback_secret: Option<String>,
    /// The access token and when to stop using it. Held across the token request, so
    /// concurrent calls wait for one fetch instead of each fetching.
    token: Mutex<Option<(String, Instant)>>,
}

impl std::fmt::Debug for DarajaClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Key, secret, passkey and token stay out of logs.
        write!(
            f,
            "DarajaClient({}, shortcode {})",
            self.base_url, self.shortcode
        )
    }
}

impl DarajaClient {
    /// Builds the client; unusable URLs are a configuration error. Nothing is sent until the
    /// first call.
    pub fn new(cfg: &MpesaConfig) -> Result<Self> {
        let mut problems = Vec::new();
        let base = parse_http_url("MPESA_BASE_URL", &cfg.base_url, &mut problems);
        let callback = parse_http_url("MPESA_CALLBACK_URL", &cfg.callback_url, &mut problems);
        let (Some(base), Some(callback)) = (base, callback) else {
            return Err(Error::Config(problems));
        };
        let origin = callback.origin().ascii_serialization();
        let callback_secret = super::callback_secret_of(&cfg.callback_url);
        if callback_secret.is_none() {
            tracing::warn!(
                "MPESA_CALLBACK_URL does not end in /callback/<secret> (at least {} URL-safe \
                 characters): every M-Pesa callback will be refused",
                super::CALLBACK_SECRET_MIN
            );
        }
        let under_secret = |path: &str| match &callback_secret {
            Some(secret) => format!("{origin}{path}/{secret}"),
            None => format!("{origin}{path}"),
        };
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| Error::internal("building the M-Pesa HTTP client", e))?;
        Ok(DarajaClient {
            http,
            base_url: base.as_str().trim_end_matches('/').to_string(),
            consumer_key: cfg.consumer_key.clone(),
            consumer_secret: cfg.consumer_secret.clone(),
            shortcode: cfg.shortcode.clone(),
            passkey: cfg.passkey.clone(),
            callback_url: cfg.callback_url.clone(),
            b2c_result_url: under_secret(B2C_RESULT_PATH),
            b2c_timeout_url: under_secret(B2C_TIMEOUT_PATH),
            b2c_initiator_name: cfg.b2c_initiator_name.clone(),
            b2c_security_credential: cfg.b2c_security_credential.clone(),
            callback_secret,
            token: Mutex::new(None),
        })
    }

    /// A valid access token, from the cache or freshly fetched.
    async fn token(&self) -> Result<String> {
        let mut cached = self.token.lock().await;
        if let Some((token, use_until)) = cached.as_ref()
            && Instant::now() < *use_until
        {
            return Ok(token.clone());
        }
        let (token, lifetime) = self.fetch_token().await?;
        let use_for = lifetime.checked_sub(TOKEN_MARGIN).unwrap_or(lifetime / 2);
        *cached = Some((token.clone(), Instant::now() + use_for));
        Ok(token)
    }

    /// Forgets `used` unless another call already replaced it.
    async fn forget_token(&self, used: &str) {
        let mut cached = self.token.lock().await;
        if cached.as_ref().is_some_and(|(token, _)| token == used) {
            *cached = None;
        }
    }

    async fn fetch_token(&self) -> Result<(String, Duration)> {
        let response = self
            .http
            .get(format!("{}/oauth/v1/generate", self.base_url))
            .query(&[("grant_type", "client_credentials")])
            .basic_auth(&self.consumer_key, Some(&self.consumer_secret))
            .send()
            .await
            .map_err(|e| Error::unavailable(DEPENDENCY, format!("token request failed: {e}")))?;
        let status = response.status();
        let body = read_json(response).await?;
        if !status.is_success() {
            return Err(Error::unavailable(
                DEPENDENCY,
                format!(
                    "the consumer key and secret were refused ({status}): {}",
                    message_of(&body)
                ),
            ));
        }
        let token = body
            .get("access_token")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| Error::unavailable(DEPENDENCY, "token answer without access_token"))?;
        // Daraja sends `"expires_in": "3599"`, a string.
        let seconds = body
            .get("expires_in")
            .and_then(integer)
            .filter(|s| *s > 0)
            .unwrap_or(3599);
        Ok((token.to_string(), Duration::from_secs(seconds as u64)))
    }

    /// POSTs `body` to `path` with a bearer token; a refused token is dropped and the call
    /// made once more with a fresh one. Returns the status and the JSON answer.
    async fn post(&self, path: &str, body: &Value) -> Result<(StatusCode, Value)> {
        let token = self.token().await?;
        let (status, answer) = self.post_with(&token, path, body).await?;
        if !token_refused(status, &answer) {
            return Ok((status, answer));
        }
        tracing::info!(
            mpesa.path = path,
            "Daraja refused the cached token; fetching a new one"
        );
        self.forget_token(&token).await;
        let token = self.token().await?;
        self.post_with(&token, path, body).await
    }

    async fn post_with(
        &self,
        token: &str,
        path: &str,
        body: &Value,
    ) -> Result<(StatusCode, Value)> {
        let response = self
            .http
            .post(format!("{}{path}", self.base_url))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .map_err(|e| Error::unavailable(DEPENDENCY, format!("{path}: {e}")))?;
        let status = response.status();
        Ok((status, read_json(response).await?))
    }

    /// Shortcode, password and timestamp, as STK push and query both need them.
    fn credentials(&self) -> (String, String) {
        let timestamp = daraja_timestamp(chrono::Utc::now());
        let password = stk_password(&self.shortcode, &self.passkey, &timestamp);
        (password, timestamp)
    }
}

#[async_trait]
impl Mpesa for DarajaClient {
    fn backend(&self) -> &'static str {
        "daraja"
    }

    fn callback_secret(&self) -> Option<&str> {
        self.callback_secret.as_deref()
    }

    async fn stk_push(&self, req: &StkPushRequest) -> Result<StkPushResponse> {
        req.validate()?;
        let (password, timestamp) = self.credentials();
        let body = json!({
            "BusinessShortCode": self.shortcode,
            "Password": password,
            "Timestamp": timestamp,
            "TransactionType": "CustomerPayBillOnline",
            "Amount": req.amount,
            "PartyA": req.phone,
            "PartyB": self.shortcode,
            "PhoneNumber": req.phone,
            "CallBackURL": self.callback_url,
            "AccountReference": req.account_reference,
            "TransactionDesc": req.description,
        });
        let (status, answer) = self.post("/mpesa/stkpush/v1/processrequest", &body).await?;
        accepted(status, &answer)?;
        let response = StkPushResponse {
            merchant_request_id: text(&answer, "MerchantRequestID")?,
            checkout_request_id: text(&answer, "CheckoutRequestID")?,
            customer_message: text(&answer, "CustomerMessage").unwrap_or_default(),
        };
        tracing::info!(
            mpesa.checkout_request_id = %response.checkout_request_id,
            mpesa.amount = req.amount,
            "STK push accepted"
        );
        Ok(response)
    }

    async fn stk_query(&self, checkout_request_id: &str) -> Result<StkQueryResult> {
        let (password, timestamp) = self.credentials();
        let body = json!({
            "BusinessShortCode": self.shortcode,
            "Password": password,
            "Timestamp": timestamp,
            "CheckoutRequestID": checkout_request_id,
        });
        let (status, answer) = self.post("/mpesa/stkpushquery/v1/query", &body).await?;
        // "Still processing" is an error body (with a 500 status) on Daraja's side; for us
        // it is an answer.
        if answer.get("errorCode").and_then(Value::as_str) == Some(STILL_PROCESSING_ERROR_CODE) {
            return Ok(StkQueryResult {
                result_code: None,
                result_desc: message_of(&answer),
            });
        }
        if status.is_success()
            && let Some(code) = answer.get("ResultCode").and_then(integer)
        {
            return Ok(StkQueryResult {
                result_code: Some(code),
                result_desc: text(&answer, "ResultDesc").unwrap_or_default(),
            });
        }
        Err(refusal(status, &answer))
    }

    async fn b2c(&self, req: &B2cRequest) -> Result<B2cResponse> {
        req.validate()?;
        let body = json!({
            "OriginatorConversationID": req.originator_conversation_id,
            "InitiatorName": self.b2c_initiator_name,
            "SecurityCredential": self.b2c_security_credential,
            "CommandID": req.command.as_str(),
            "Amount": req.amount,
            "PartyA": self.shortcode,
            "PartyB": req.phone,
            "Remarks": req.remarks,
            "QueueTimeOutURL": self.b2c_timeout_url,
            "ResultURL": self.b2c_result_url,
            "Occasion": "",
        });
        let (status, answer) = self.post("/mpesa/b2c/v3/paymentrequest", &body).await?;
        accepted(status, &answer)?;
        let response = B2cResponse {
            conversation_id: text(&answer, "ConversationID")?,
            originator_conversation_id: text(&answer, "OriginatorConversationID")
                .unwrap_or_else(|_| req.originator_conversation_id.clone()),
            response_description: text(&answer, "ResponseDescription").unwrap_or_default(),
        };
        tracing::info!(
            mpesa.conversation_id = %response.conversation_id,
            mpesa.originator_conversation_id = %response.originator_conversation_id,
            mpesa.amount = req.amount,
            "B2C payment accepted"
        );
        Ok(response)
    }
}

fn parse_http_url(var: &str, value: &str, problems: &mut Vec<FieldError>) -> Option<Url> {
    match Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Some(url),
        _ => {
            problems.push(FieldError::new(var, "must be an http(s) URL"));
            None
        }
    }
}

/// The answer as JSON; an empty or non-JSON body becomes `null` (gateways in trouble answer
/// with HTML).
async fn read_json(response: reqwest::Response) -> Result<Value> {
    let bytes = response
        .bytes()
        .await
        .map_err(|e| Error::unavailable(DEPENDENCY, format!("reading the answer: {e}")))?;
    Ok(serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

fn token_refused(status: StatusCode, answer: &Value) -> bool {
    status == StatusCode::UNAUTHORIZED
        || answer.get("errorCode").and_then(Value::as_str) == Some(INVALID_TOKEN_ERROR_CODE)
}

/// Ok when Daraja accepted the request (`ResponseCode` "0"), the mapped refusal otherwise.
fn accepted(status: StatusCode, answer: &Value) -> Result<()> {
    if !status.is_success() {
        return Err(refusal(status, answer));
    }
    match answer.get("ResponseCode").and_then(integer) {
        Some(0) => Ok(()),
        Some(_) => Err(Error::Unprocessable(format!(
            "M-Pesa refused the request: {}",
            message_of(answer)
        ))),
        None => Err(Error::unavailable(
            DEPENDENCY,
            "answer without a ResponseCode",
        )),
    }
}

/// Daraja's own trouble (5xx, rate limits, our credentials) is an outage; any other 4xx is a
/// refusal of this request, with Daraja's message.
fn refusal(status: StatusCode, answer: &Value) -> Error {
    let message = message_of(answer);
    if status.is_client_error()
        && !matches!(
            status,
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::TOO_MANY_REQUESTS
        )
    {
        Error::Unprocessable(format!("M-Pesa refused the request: {message}"))
    } else {
        Error::unavailable(DEPENDENCY, format!("{status}: {message}"))
    }
}

/// The human message of an answer: `errorMessage` on errors, `ResponseDescription` otherwise.
fn message_of(answer: &Value) -> String {
    ["errorMessage", "ResponseDescription", "ResultDesc"]
        .iter()
        .find_map(|k| answer.get(*k).and_then(Value::as_str))
        .unwrap_or("no message")
        .to_string()
}

fn text(answer: &Value, field: &str) -> Result<String> {
    answer
        .get(field)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| Error::unavailable(DEPENDENCY, format!("answer without {field}")))
}
