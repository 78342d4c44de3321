//! The real FCM HTTP v1 client: an OAuth2 access token obtained with an RS256 JWT assertion
//! signed by the service account's key (cached until shortly before it expires; concurrent
//! sends wait for one fetch), one `messages:send` per device token, FCM's error codes mapped
//! onto [`PushOutcome`] and its `Retry-After` passed on.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::sync::Mutex;

use super::{Push, PushMessage, PushOutcome};
use crate::config::FcmConfig;
use crate::error::{Error, FieldError, Result};

/// The OAuth scope of FCM sends.
pub const SCOPE: &str = "https://www.googleapis.com/auth/firebase.messaging";
/// Google's token endpoint, when the key file names none.
pub const GOOGLE_TOKEN_URI: &str = "https://oauth2.googleapis.com/token";
/// The grant type of a JWT assertion.
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/// How long an assertion asks the token to live (Google's maximum).
const ASSERTION_LIFETIME_SECS: i64 = 3600;
/// A cached token is replaced this long before it expires.
const TOKEN_MARGIN: Duration = Duration::from_secs(300);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// The fields of a service-account key file this client reads.
#[derive(Debug, Clone, Deserialize)]
pub struct ServiceAccount {
    pub client_email: String,
    pub private_key: String,
    #[serde(default)]
    pub private_key_id: Option<String>,
    #[serde(default)]
    pub token_uri: Option<String>,
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    scope: &'a str,
    aud: &'a str,
    iat: i64,
    exp: i64,
}

/// Talks to FCM (`FCM_BASE_URL`) for project `FCM_PROJECT_ID`.
pub struct FcmClient {
    http: reqwest::Client,
    send_url: String,
    token_uri: String,
    account: ServiceAccount,
    key: EncodingKey,
    token: Mutex<Option<(String, Instant)>>,
}

impl std::fmt::Debug for FcmClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "FcmClient({}, {})",
            self.send_url, self.account.client_email
        )
    }
}

impl FcmClient {
    /// Reads the key file; a missing or unusable one is a configuration error naming
    /// `FCM_CREDENTIALS_FILE`.
    pub fn new(cfg: &FcmConfig) -> Result<FcmClient> {
        let bad = |why: String| Error::Config(vec![FieldError::new("FCM_CREDENTIALS_FILE", why)]);
        let raw = std::fs::read_to_string(&cfg.credentials_file)
            .map_err(|e| bad(format!("cannot be read ({e})")))?;
        let account: ServiceAccount = serde_json::from_str(&raw)
            .map_err(|e| bad(format!("is not a service-account key ({e})")))?;
        let key = rsa_key(&account.private_key)
            .map_err(|e| bad(format!("holds no usable RSA private key ({e})")))?;
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| Error::internal("building the FCM HTTP client", e))?;
        let base = cfg.base_url.trim_end_matches('/');
        Ok(FcmClient {
            http,
            send_url: format!("{base}/v1/projects/{}/messages:send", cfg.project_id),
            token_uri: account
                .token_uri
                .clone()
                .unwrap_or_else(|| GOOGLE_TOKEN_URI.to_string()),
            account,
            key,
            token: Mutex::new(None),
        })
    }

    /// The signed assertion for a token request at `now` (unix seconds).
    pub fn assertion(&self, now: i64) -> Result<String> {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = self.account.private_key_id.clone();
        let claims = Claims {
            iss: &self.account.client_email,
            scope: SCOPE,
            aud: &self.token_uri,
            iat: now,
            exp: now + ASSERTION_LIFETIME_SECS,
        };
        jsonwebtoken::encode(&header, &claims, &self.key)
            .map_err(|e| Error::internal("signing the FCM token assertion", e))
    }

    async fn token(&self) -> Result<String> {
        let mut cached = self.token.lock().await;
        if let Some((t, until)) = cached.as_ref()
            && Instant::now() < *until
        {
            return Ok(t.clone());
        }
        let assertion = self.assertion(chrono::Utc::now().timestamp())?;
        let response = self
            .http
            .post(&self.token_uri)
            .form(&[
                ("grant_type", JWT_BEARER),
                ("assertion", assertion.as_str()),
            ])
            .send()
            .await
            .map_err(|e| Error::unavailable("fcm", format!("token request failed: {e}")))?;
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        let token = body["access_token"]
            .as_str()
            .filter(|_| status.is_success());
        let Some(token) = token else {
            return Err(Error::unavailable(
                "fcm",
                format!(
                    "the service account was refused ({status}): {}",
                    body["error"]
                ),
            ));
        };
        let lifetime = Duration::from_secs(body["expires_in"].as_u64().unwrap_or(3599));
        let use_for = lifetime.checked_sub(TOKEN_MARGIN).unwrap_or(lifetime / 2);
        *cached = Some((token.to_string(), Instant::now() + use_for));
        Ok(token.to_string())
    }

    async fn forget(&self, used: &str) {
        let mut cached = self.token.lock().await;
        if cached.as_ref().is_some_and(|(t, _)| t == used) {
            *cached = None;
        }
    }

    fn body(m: &PushMessage) -> Value {
        let mut android = json!({ "priority": if m.high_priority { "high" } else { "normal" } });
        if let Some(k) = &m.collapse_key {
            android["collapse_key"] = json!(k);
        }
        json!({ "message": {
            "token": m.token,
            "notification": { "title": m.title, "body": m.body },
            "data": m.data,
            "android": android,
            "apns": { "headers": { "apns-priority": if m.high_priority { "10" } else { "5" } } },
        }})
    }

    async fn post(
        &self,
        token: &str,
        m: &PushMessage,
    ) -> std::result::Result<(StatusCode, Option<Duration>, Value), String> {
        let response = self
            .http
            .post(&self.send_url)
            .bearer_auth(token)
            .json(&Self::body(m))
            .send()
            .await
            .map_err(|e| format!("FCM unreachable: {e}"))?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = response.json().await.unwrap_or(Value::Null);
        Ok((status, retry_after, body))
    }
}

/// The signing key of a PEM private key (PKCS#8, as Google issues them, or PKCS#1).
pub fn rsa_key(pem: &str) -> std::result::Result<EncodingKey, String> {
    use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
    use rsa::pkcs8::DecodePrivateKey;
    let key = rsa::RsaPrivateKey::from_pkcs8_pem(pem)
        .map_err(|e| e.to_string())
        .or_else(|e| rsa::RsaPrivateKey::from_pkcs1_pem(pem).map_err(|_| e))?;
    let der = key.to_pkcs1_der().map_err(|e| e.to_string())?;
    Ok(EncodingKey::from_rsa_der(der.as_bytes()))
}

/// FCM's `errorCode` in an error answer's details, or its `status`.
fn error_code(body: &Value) -> String {
    body["error"]["details"]
        .as_array()
        .and_then(|d| d.iter().find_map(|x| x["errorCode"].as_str()))
        .or_else(|| body["error"]["status"].as_str())
        .unwrap_or("UNKNOWN")
        .to_string()
}

#[async_trait]
impl Push for FcmClient {
    fn backend(&self) -> &'static str {
        "fcm"
    }

    async fn send(&self, m: &PushMessage) -> PushOutcome {
        let mut refreshed = false;
        loop {
            let token = match self.token().await {
                Ok(t) => t,
                Err(e) => {
                    return PushOutcome::Retry {
                        error: e.to_string(),
                        after: None,
                    };
                }
            };
            let (status, after, body) = match self.post(&token, m).await {
                Ok(r) => r,
                Err(e) => {
                    return PushOutcome::Retry {
                        error: e,
                        after: None,
                    };
                }
            };
            if status.is_success() {
                let name = body["name"].as_str().unwrap_or_default().to_string();
                return PushOutcome::Accepted(name);
            }
            let code = error_code(&body);
            if status == StatusCode::UNAUTHORIZED && !refreshed {
                // The cached token was revoked or expired early: fetch one and try once more.
                self.forget(&token).await;
                refreshed = true;
                continue;
            }
            let error = format!("{status} {code}");
            return match code.as_str() {
                "UNREGISTERED" | "SENDER_ID_MISMATCH" => PushOutcome::Unregistered,
                "INVALID_ARGUMENT" if status == StatusCode::BAD_REQUEST => {
                    PushOutcome::Rejected(error)
                }
                _ if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() => {
                    PushOutcome::Retry { error, after }
                }
                _ => PushOutcome::Rejected(error),
            };
        }
    }
}
