//! The real Africa's Talking client: a form POST to `/version1/messaging` with the `apiKey`
//! header, the answer's `SMSMessageData.Recipients` read per recipient.

use std::time::Duration;

use async_trait::async_trait;
use serde_json::Value;

use super::{Sms, SmsOutcome};
use crate::config::SmsConfig;
use crate::error::{Error, FieldError, Result};

const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// Talks to Africa's Talking (`AT_BASE_URL`).
pub struct AfricasTalking {
    http: reqwest::Client,
    url: String,
    username: String,
    api_key: String,
    sender_id: Option<String>,
    callback_secret: String,
}

impl std::fmt::Debug for AfricasTalking {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AfricasTalking({}, {})", self.url, self.username)
    }
}

impl AfricasTalking {
    pub fn new(cfg: &SmsConfig) -> Result<AfricasTalking> {
        let secret = cfg.callback_secret.clone().unwrap_or_default();
        if secret.len() < crate::gateways::mpesa::CALLBACK_SECRET_MIN {
            return Err(Error::Config(vec![FieldError::new(
                "AT_CALLBACK_SECRET",
                format!(
                    "must be set to at least {} URL-safe characters when AT_USERNAME is",
                    crate::gateways::mpesa::CALLBACK_SECRET_MIN
                ),
            )]));
        }
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| Error::internal("building the SMS HTTP client", e))?;
        Ok(AfricasTalking {
            http,
            url: format!("{}/version1/messaging", cfg.base_url.trim_end_matches('/')),
            username: cfg.username.clone(),
            api_key: cfg.api_key.clone(),
            sender_id: cfg.sender_id.clone(),
            callback_secret: secret,
        })
    }
}

#[async_trait]
impl Sms for AfricasTalking {
    fn backend(&self) -> &'static str {
        "africastalking"
    }

    async fn send(&self, to: &str, message: &str) -> SmsOutcome {
        let mut form = vec![
            ("username", self.username.as_str()),
            ("to", to),
            ("message", message),
            ("bulkSMSMode", "1"),
        ];
        if let Some(from) = &self.sender_id {
            form.push(("from", from.as_str()));
        }
        let response = match self
            .http
            .post(&self.url)
            .header("apiKey", &self.api_key)
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
            .send()
            .await
        {
            Ok(r) => r,
            Err(e) => return SmsOutcome::Retry(format!("Africa's Talking unreachable: {e}")),
        };
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        if !status.is_success() {
            return SmsOutcome::Retry(format!(
                "{status}: {}",
                text.chars().take(200).collect::<String>()
            ));
        }
        let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let Some(r) = body["SMSMessageData"]["Recipients"]
            .as_array()
            .and_then(|rs| rs.first())
        else {
            // No recipient in the answer: its message says why ("InvalidSenderId", ...).
            let why = body["SMSMessageData"]["Message"]
                .as_str()
                .unwrap_or("no recipients in the answer");
            return SmsOutcome::Retry(why.to_string());
        };
        SmsOutcome::of_status(
            r["statusCode"].as_i64().unwrap_or(0),
            r["status"].as_str().unwrap_or(""),
            r["messageId"].as_str().unwrap_or(""),
            r["cost"].as_str().unwrap_or(""),
        )
    }

    fn callback_secret(&self) -> &str {
        &self.callback_secret
    }
}
