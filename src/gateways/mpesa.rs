//! M-Pesa through Safaricom's Daraja API: STK push (Lipa na M-Pesa Online) to collect from a
//! customer's phone, the STK query for a push whose callback never came, and B2C for payouts
//! and refunds. [`DarajaClient`] talks to Daraja when `MPESA_*` is configured; otherwise
//! [`SandboxMpesa`] answers in memory.
//!
//! Amounts cross this boundary in whole shillings, because that is all Daraja accepts.

mod callback;
mod daraja;
mod sandbox;

use std::sync::Arc;

use async_trait::async_trait;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::error::{Error, FieldError, Result};

pub use callback::{StkCallback, parse_stk_callback};
pub use daraja::DarajaClient;
pub use sandbox::SandboxMpesa;

/// Daraja's `errorCode` when the customer has not answered the STK prompt yet.
pub const STILL_PROCESSING_ERROR_CODE: &str = "500.001.1001";
/// The longest `AccountReference` Daraja accepts.
pub const ACCOUNT_REFERENCE_MAX: usize = 12;
/// The longest `TransactionDesc` Daraja accepts.
pub const DESCRIPTION_MAX: usize = 13;

/// Collects and pays out through M-Pesa.
#[async_trait]
pub trait Mpesa: Send + Sync {
    /// `"daraja"` or `"sandbox"`.
    fn backend(&self) -> &'static str;
    /// STK push (Lipa na M-Pesa Online, `/mpesa/stkpush/v1/processrequest`).
    async fn stk_push(&self, req: &StkPushRequest) -> Result<StkPushResponse>;
    /// STK query (`/mpesa/stkpushquery/v1/query`) for a request whose callback never came.
    async fn stk_query(&self, checkout_request_id: &str) -> Result<StkQueryResult>;
    /// B2C payment (`/mpesa/b2c/v3/paymentrequest`) for payouts and refunds.
    async fn b2c(&self, req: &B2cRequest) -> Result<B2cResponse>;
    /// The sandbox, when this is the sandbox (tests and development inspect it).
    fn sandbox(&self) -> Option<&SandboxMpesa> {
        None
    }
    /// The secret that ends the callback URLs we give Daraja (`.../mpesa/callback/<secret>`,
    /// `.../mpesa/b2c/result/<secret>`): only Daraja learns it, so a callback without it is not
    /// Daraja's. `None` when the configured callback URL carries none (every callback is then
    /// refused, and start-up warns).
    fn callback_secret(&self) -> Option<&str>;
}

/// The shortest callback secret accepted.
pub const CALLBACK_SECRET_MIN: usize = 16;

/// The secret at the end of a callback URL: its last path segment after `callback/`, if it
/// is at least [`CALLBACK_SECRET_MIN`] URL-safe characters.
pub fn callback_secret_of(callback_url: &str) -> Option<String> {
    let path = callback_url.split(['?', '#']).next().unwrap_or("");
    let (_, rest) = path.rsplit_once("/callback/")?;
    let secret = rest.trim_end_matches('/');
    let safe = secret
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
    (safe && secret.len() >= CALLBACK_SECRET_MIN).then(|| secret.to_string())
}

/// One network of an allow-list (`196.201.214.0/24`, `2001:db8::/32`, or one address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr(ipnet::IpNet);

impl Cidr {
    /// Reads `a.b.c.d/n`, `v6/n` or a bare address; `None` for anything else.
    pub fn parse(s: &str) -> Option<Cidr> {
        let s = s.trim();
        let net = s
            .parse::<ipnet::IpNet>()
            .ok()
            .or_else(|| s.parse::<std::net::IpAddr>().ok().map(ipnet::IpNet::from))?;
        Some(Cidr(net))
    }

    /// Whether `ip` is in the network; an IPv4 address and its IPv4-mapped IPv6 form are one.
    pub fn contains(&self, ip: std::net::IpAddr) -> bool {
        use std::net::IpAddr::{V4, V6};
        match (self.0, ip) {
            (ipnet::IpNet::V6(_), V4(i)) => self.0.contains(&V6(i.to_ipv6_mapped())),
            (ipnet::IpNet::V4(_), V6(i)) => i
                .to_ipv4_mapped()
                .is_some_and(|v4| self.0.contains(&V4(v4))),
            _ => self.0.contains(&ip),
        }
    }
}

/// Whether a callback from `ip` may be taken: any address when `allow` is empty.
pub fn callback_allowed(allow: &[Cidr], ip: Option<std::net::IpAddr>) -> bool {
    allow.is_empty() || ip.is_some_and(|ip| allow.iter().any(|c| c.contains(ip)))
}

/// Whether `given` is `expected`, in time that does not depend on where they differ.
pub fn secret_matches(expected: Option<&str>, given: &str) -> bool {
    let Some(expected) = expected else {
        return false;
    };
    subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), given.as_bytes()).into()
}

/// The gateway the configuration selects: Daraja when `MPESA_*` is set, the sandbox otherwise.
pub fn from_config(config: &Config) -> Result<Arc<dyn Mpesa>> {
    match &config.gateways.mpesa {
        Some(mpesa) => Ok(Arc::new(DarajaClient::new(mpesa)?)),
        None => {
            let sandbox = SandboxMpesa::default();
            tracing::info!(
                "M-Pesa is the in-memory sandbox; post its callbacks to \
                 /api/v1/payments/mpesa/callback/{}",
                sandbox.callback_secret().unwrap_or_default()
            );
            Ok(Arc::new(sandbox))
        }
    }
}

/// Asks the customer's phone to approve a payment to our shortcode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StkPushRequest {
    /// Whole shillings, at least 1.
    pub amount: i64,
    /// `2547XXXXXXXX` / `2541XXXXXXXX`, digits only.
    pub phone: String,
    /// Shown to the customer; at most 12 characters.
    pub account_reference: String,
    /// At most 13 characters.
    pub description: String,
}

impl StkPushRequest {
    /// Refuses what Daraja would refuse, before a request leaves the process.
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        check_amount(self.amount, &mut problems);
        check_phone(&self.phone, &mut problems);
        check_text(
            "account_reference",
            &self.account_reference,
            ACCOUNT_REFERENCE_MAX,
            &mut problems,
        );
        check_text(
            "description",
            &self.description,
            DESCRIPTION_MAX,
            &mut problems,
        );
        into_result(problems)
    }
}

/// Daraja accepted the push; the outcome arrives later by callback (or [`Mpesa::stk_query`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StkPushResponse {
    pub merchant_request_id: String,
    pub checkout_request_id: String,
    pub customer_message: String,
}

/// The state of an STK push as the query reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StkQueryResult {
    /// `None`: the customer has not answered yet (Daraja's "The transaction is being
    /// processed", errorCode 500.001.1001). `Some(0)`: paid. `Some(1032)`: cancelled, etc.
    pub result_code: Option<i64>,
    pub result_desc: String,
}

impl StkQueryResult {
    /// The answer while the customer has not answered the prompt.
    pub fn processing() -> Self {
        StkQueryResult {
            result_code: None,
            result_desc: "The transaction is being processed".into(),
        }
    }
}

/// Daraja's B2C `CommandID`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum B2cCommand {
    BusinessPayment,
    SalaryPayment,
    PromotionPayment,
}

impl B2cCommand {
    /// The `CommandID` string Daraja expects.
    pub fn as_str(self) -> &'static str {
        match self {
            B2cCommand::BusinessPayment => "BusinessPayment",
            B2cCommand::SalaryPayment => "SalaryPayment",
            B2cCommand::PromotionPayment => "PromotionPayment",
        }
    }
}

/// Sends money from our shortcode to a phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct B2cRequest {
    /// Whole shillings, at least 1.
    pub amount: i64,
    /// `2547XXXXXXXX`, digits only.
    pub phone: String,
    /// 1 to 100 characters.
    pub remarks: String,
    /// Our idempotency id; Daraja echoes it in the result callback.
    pub originator_conversation_id: String,
    pub command: B2cCommand,
}

impl B2cRequest {
    /// Refuses what Daraja would refuse, before a request leaves the process.
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        check_amount(self.amount, &mut problems);
        check_phone(&self.phone, &mut problems);
        check_text("remarks", &self.remarks, 100, &mut problems);
        check_text(
            "originator_conversation_id",
            &self.originator_conversation_id,
            100,
            &mut problems,
        );
        into_result(problems)
    }
}

/// Daraja accepted the payout; the outcome arrives later at the result URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct B2cResponse {
    pub conversation_id: String,
    pub originator_conversation_id: String,
    pub response_description: String,
}

/// Daraja's password: base64(shortcode + passkey + timestamp).
pub fn stk_password(shortcode: &str, passkey: &str, timestamp: &str) -> String {
    BASE64.encode(format!("{shortcode}{passkey}{timestamp}"))
}

/// Daraja's `Timestamp`: `YYYYMMDDHHmmss` in Nairobi time (UTC+3, no daylight saving).
pub fn daraja_timestamp(now: DateTime<Utc>) -> String {
    let nairobi = FixedOffset::east_opt(3 * 3600).expect("UTC+3 is a valid offset");
    now.with_timezone(&nairobi)
        .format("%Y%m%d%H%M%S")
        .to_string()
}

fn check_amount(amount: i64, problems: &mut Vec<FieldError>) {
    if amount < 1 {
        problems.push(FieldError::new("amount", "must be at least 1 shilling"));
    }
}

fn check_phone(phone: &str, problems: &mut Vec<FieldError>) {
    let ok =
        phone.len() == 12 && phone.starts_with("254") && phone.bytes().all(|b| b.is_ascii_digit());
    if !ok {
        problems.push(FieldError::new(
            "phone",
            "must be 254 followed by 9 digits (2547XXXXXXXX)",
        ));
    }
}

fn check_text(field: &str, value: &str, max: usize, problems: &mut Vec<FieldError>) {
    let len = value.trim().chars().count();
    if len == 0 {
        problems.push(FieldError::new(field, "is required"));
    } else if value.chars().count() > max {
        problems.push(FieldError::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
}

fn into_result(problems: Vec<FieldError>) -> Result<()> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_password_is_base64_of_shortcode_passkey_and_timestamp() {
        // Safaricom's published sandbox shortcode and passkey.
        let passkey = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";
        let password = stk_password("174379", passkey, "20160216165627");
        let decoded = BASE64.decode(&password).unwrap();
        assert_eq!(
            String::from_utf8(decoded).unwrap(),
            format!("174379{passkey}20160216165627")
        );
        assert_eq!(stk_password("1", "2", "3"), "MTIz");
    }

    #[test]
    fn the_timestamp_is_nairobi_time_in_fourteen_digits() {
        let utc = Utc.with_ymd_and_hms(2024, 12, 31, 22, 5, 9).unwrap();
        assert_eq!(daraja_timestamp(utc), "20250101010509");
    }

    #[test]
    fn push_requests_daraja_would_refuse_are_refused_here() {
        let good = StkPushRequest {
            amount: 1,
            phone: "254708374149".into(),
            account_reference: "BK12345".into(),
            description: "Booking".into(),
        };
        assert!(good.validate().is_ok());
        let bad = StkPushRequest {
            amount: 0,
            phone: "0708374149".into(),
            account_reference: "A REFERENCE TOO LONG".into(),
            description: "".into(),
        };
        let Err(Error::Validation(errs)) = bad.validate() else {
            panic!("expected a validation error");
        };
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["amount", "phone", "account_reference", "description"]
        );
    }

    #[test]
    fn the_callback_secret_is_the_last_segment_after_callback() {
        let url = "https://api.example.co.ke/api/v1/payments/mpesa/callback/s3cr3t-0123456789ab";
        assert_eq!(
            callback_secret_of(url).as_deref(),
            Some("s3cr3t-0123456789ab")
        );
        assert_eq!(
            callback_secret_of(&format!("{url}/")).as_deref(),
            Some("s3cr3t-0123456789ab")
        );
        assert_eq!(
            callback_secret_of("https://x/api/v1/payments/mpesa/callback"),
            None
        );
        assert_eq!(callback_secret_of("https://x/mpesa/callback/short"), None);
        assert_eq!(
            callback_secret_of("https://x/mpesa/callback/a/b%20cdefghijklmnopq"),
            None
        );
        assert!(secret_matches(Some("abc"), "abc"));
        assert!(!secret_matches(Some("abc"), "abd"));
        assert!(!secret_matches(Some("abc"), "abcd"));
        assert!(!secret_matches(None, ""));
    }

    #[test]
    fn allow_lists_hold_their_networks_only() {
        let list: Vec<Cidr> = ["196.201.214.0/24", "10.0.0.1", "2001:db8::/32"]
            .iter()
            .map(|c| Cidr::parse(c).unwrap())
            .collect();
        let ip = |s: &str| Some(s.parse().unwrap());
        assert!(callback_allowed(&list, ip("196.201.214.200")));
        assert!(callback_allowed(&list, ip("::ffff:196.201.214.1")));
        assert!(callback_allowed(&list, ip("10.0.0.1")));
        assert!(callback_allowed(&list, ip("2001:db8:1::5")));
        assert!(!callback_allowed(&list, ip("196.201.215.1")));
        assert!(!callback_allowed(&list, ip("10.0.0.2")));
        assert!(!callback_allowed(&list, None));
        assert!(callback_allowed(&[], None));
        assert!(
            Cidr::parse("0.0.0.0/0")
                .unwrap()
                .contains("8.8.8.8".parse().unwrap())
        );
        for bad in ["", "1.2.3.4/33", "x/8", "1.2.3/8"] {
            assert_eq!(Cidr::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn b2c_commands_use_darajas_spelling() {
        assert_eq!(B2cCommand::BusinessPayment.as_str(), "BusinessPayment");
        assert_eq!(
            serde_json::to_value(B2cCommand::PromotionPayment).unwrap(),
            "PromotionPayment"
        );
    }
}
