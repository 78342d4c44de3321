//! A fake Safaricom Daraja: OAuth tokens, STK push, STK query and B2C.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use baitech::config::MpesaConfig;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};

use super::{header, serve};

pub const DARAJA_CONSUMER_KEY: &str = "fake-consumer-key";
pub const DARAJA_CONSUMER_SECRET: &str = "fake-consumer-secret";
/// Safaricom's published sandbox paybill and passkey.
pub const DARAJA_SHORTCODE: &str = "174379";
pub const DARAJA_PASSKEY: &str = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";
/// The B2C API operator and its (encrypted) password the fake expects.
pub const DARAJA_INITIATOR: &str = "testapi";
pub const DARAJA_SECURITY_CREDENTIAL: &str = "ZmFrZS1lbmNyeXB0ZWQtY3JlZGVudGlhbA==";
/// The secret ending the callback URLs of the fake's configuration.
pub const TEST_CALLBACK_SECRET: &str = "test-callback-secret-0123456789";
/// The callback URL the fake's configuration carries.
pub const TEST_CALLBACK_URL: &str =
    "https://baitech.test/api/v1/payments/mpesa/callback/test-callback-secret-0123456789";

/// One `GET /oauth/v1/generate` as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    pub authorization: Option<String>,
    pub grant_type: Option<String>,
}

/// A running fake Daraja. Dropping it does not stop the server; the test's runtime does.
#[derive(Clone)]
pub struct FakeDaraja {
    pub url: String,
    state: Arc<Mutex<DarajaState>>,
}

#[derive(Default)]
struct DarajaState {
    token_requests: Vec<TokenRequest>,
    tokens_issued: u32,
    valid_tokens: HashSet<String>,
    bearer_tokens: Vec<Option<String>>,
    pushes: Vec<Value>,
    queries: Vec<Value>,
    b2c: Vec<Value>,
    checkouts: HashSet<String>,
    results: HashMap<String, (i64, String)>,
    failures: VecDeque<(StatusCode, Value)>,
}

type Shared = Arc<Mutex<DarajaState>>;

impl FakeDaraja {
    pub async fn start() -> FakeDaraja {
        let state = Shared::default();
        let router = Router::new()
            .route("/oauth/v1/generate", get(token))
            .route("/mpesa/stkpush/v1/processrequest", post(stk_push))
            .route("/mpesa/stkpushquery/v1/query", post(stk_query))
            .route("/mpesa/b2c/v3/paymentrequest", post(b2c))
            .route("/mpesa/b2c/v1/paymentrequest", post(b2c))
            .with_state(state.clone());
        FakeDaraja {
            url: serve(router).await,
            state,
        }
    }

    /// A configuration pointing at this fake with its credentials.
    pub fn config(&self) -> MpesaConfig {
        MpesaConfig {
            consumer_key: DARAJA_CONSUMER_KEY.into(),
            consumer_secret: DARAJA_CONSUMER_SECRET.into(),
            shortcode: DARAJA_SHORTCODE.into(),
            passkey: DARAJA_PASSKEY.into(),
            callback_url: TEST_CALLBACK_URL.into(),
            base_url: self.url.clone(),
            b2c_initiator_name: DARAJA_INITIATOR.into(),
            b2c_security_credential: DARAJA_SECURITY_CREDENTIAL.into(),
        }
    }

    /// The `MPESA_*` variables that configure a server against this fake.
    pub fn env(&self) -> Vec<(String, String)> {
        [
            ("MPESA_CONSUMER_KEY", DARAJA_CONSUMER_KEY),
            ("MPESA_CONSUMER_SECRET", DARAJA_CONSUMER_SECRET),
            ("MPESA_SHORTCODE", DARAJA_SHORTCODE),
            ("MPESA_PASSKEY", DARAJA_PASSKEY),
            ("MPESA_CALLBACK_URL", TEST_CALLBACK_URL),
            ("MPESA_BASE_URL", self.url.as_str()),
            ("MPESA_B2C_INITIATOR_NAME", DARAJA_INITIATOR),
            ("MPESA_B2C_SECURITY_CREDENTIAL", DARAJA_SECURITY_CREDENTIAL),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, DarajaState> {
        self.state.lock().expect("fake daraja state")
    }

    /// Every token request, oldest first.
    pub fn token_requests(&self) -> Vec<TokenRequest> {
        self.state().token_requests.clone()
    }

    /// The bearer token of every API request (accepted or not), oldest first.
    pub fn bearer_tokens(&self) -> Vec<Option<String>> {
        self.state().bearer_tokens.clone()
    }

    /// The bodies of the STK pushes that passed authentication, oldest first.
    pub fn pushes(&self) -> Vec<Value> {
        self.state().pushes.clone()
    }

    /// The bodies of the STK queries that passed authentication, oldest first.
    pub fn queries(&self) -> Vec<Value> {
        self.state().queries.clone()
    }

    /// The bodies of the B2C requests that passed authentication, oldest first.
    pub fn b2c_requests(&self) -> Vec<Value> {
        self.state().b2c.clone()
    }

    /// The STK query for `checkout_id` answers this result from now on.
    pub fn set_query_result(&self, checkout_id: &str, code: i64, desc: &str) {
        self.state()
            .results
            .insert(checkout_id.to_string(), (code, desc.to_string()));
    }

    /// The customer approved push `checkout_id` on their phone: from now on the STK query
    /// answers ResultCode 0, as Daraja does once the money moved.
    pub fn customer_pays(&self, checkout_id: &str) {
        self.set_query_result(
            checkout_id,
            0,
            "The service request is processed successfully.",
        );
    }

    /// The next authenticated API request is answered with `status` and a Daraja error body.
    pub fn fail_next(&self, status: u16) {
        let status = StatusCode::from_u16(status).expect("an HTTP status");
        let body = if status == StatusCode::UNAUTHORIZED {
            invalid_token_body()
        } else {
            error_body(&format!("{}.000.00", status.as_u16()), "Fake failure")
        };
        self.fail_next_with(status.as_u16(), body);
    }

    /// The next authenticated API request is answered with `status` and exactly `body`.
    pub fn fail_next_with(&self, status: u16, body: Value) {
        let status = StatusCode::from_u16(status).expect("an HTTP status");
        self.state().failures.push_back((status, body));
    }

    /// Every token issued so far stops being accepted, as when they expire.
    pub fn revoke_tokens(&self) {
        self.state().valid_tokens.clear();
    }
}

/// Daraja's STK result callback body, as posted to the callback URL. `paid` is
/// `(amount in shillings, receipt, phone)` and fills `CallbackMetadata`, which Daraja sends
/// only for successful payments.
pub fn stk_callback_body(
    merchant_id: &str,
    checkout_id: &str,
    result_code: i64,
    desc: &str,
    paid: Option<(f64, &str, &str)>,
) -> Value {
    let mut callback = json!({
        "MerchantRequestID": merchant_id,
        "CheckoutRequestID": checkout_id,
        "ResultCode": result_code,
        "ResultDesc": desc,
    });
    if let Some((amount, receipt, phone)) = paid {
        // Daraja sends the phone and the date as JSON numbers.
        let phone = phone
            .parse::<u64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::from(phone));
        let date: u64 = chrono::Utc::now()
            .with_timezone(&chrono::FixedOffset::east_opt(3 * 3600).unwrap())
            .format("%Y%m%d%H%M%S")
            .to_string()
            .parse()
            .unwrap();
        callback["CallbackMetadata"] = json!({
            "Item": [
                {"Name": "Amount", "Value": amount},
                {"Name": "MpesaReceiptNumber", "Value": receipt},
                {"Name": "Balance"},
                {"Name": "TransactionDate", "Value": date},
                {"Name": "PhoneNumber", "Value": phone},
            ]
        });
    }
    json!({"Body": {"stkCallback": callback}})
}

fn error_body(code: &str, message: &str) -> Value {
    json!({
        "requestId": format!("{}-fake", uuid::Uuid::new_v4().simple()),
        "errorCode": code,
        "errorMessage": message,
    })
}

fn invalid_token_body() -> Value {
    error_body("404.001.03", "Invalid Access Token")
}

fn bad_request(field: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(error_body(
            "400.002.02",
            &format!("Bad Request - Invalid {field}"),
        )),
    )
        .into_response()
}

async fn token(
    State(state): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let mut s = state.lock().unwrap();
    let request = TokenRequest {
        authorization: header(&headers, "authorization"),
        grant_type: query.get("grant_type").cloned(),
    };
    s.token_requests.push(request.clone());
    let expected = format!(
        "Basic {}",
        BASE64.encode(format!("{DARAJA_CONSUMER_KEY}:{DARAJA_CONSUMER_SECRET}"))
    );
    if request.grant_type.as_deref() != Some("client_credentials") {
        return (
            StatusCode::BAD_REQUEST,
            Json(error_body("400.008.02", "Invalid grant type passed")),
        )
            .into_response();
    }
    if request.authorization.as_deref() != Some(expected.as_str()) {
        return (
            StatusCode::BAD_REQUEST,
            Json(error_body("400.008.01", "Invalid Authentication passed")),
        )
            .into_response();
    }
    s.tokens_issued += 1;
    let token = format!("fake-token-{}", s.tokens_issued);
    s.valid_tokens.insert(token.clone());
    // Daraja sends expires_in as a string.
    Json(json!({"access_token": token, "expires_in": "3599"})).into_response()
}

/// Records the bearer token and whether Daraja would accept it.
fn authorized(s: &mut DarajaState, headers: &HeaderMap) -> bool {
    let bearer = header(headers, "authorization")
        .and_then(|h| h.strip_prefix("Bearer ").map(str::to_string));
    s.bearer_tokens.push(bearer.clone());
    bearer.is_some_and(|t| s.valid_tokens.contains(&t))
}

fn unauthorized() -> Response {
    (StatusCode::UNAUTHORIZED, Json(invalid_token_body())).into_response()
}

fn take_failure(s: &mut DarajaState) -> Option<Response> {
    s.failures
        .pop_front()
        .map(|(status, body)| (status, Json(body)).into_response())
}

/// A string or number field as text (Daraja accepts both for codes and phones).
fn scalar(body: &Value, field: &str) -> Option<String> {
    match body.get(field)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn is_msisdn(v: Option<String>) -> bool {
    v.is_some_and(|p| {
        p.len() == 12 && p.starts_with("254") && p.bytes().all(|b| b.is_ascii_digit())
    })
}

fn is_url(v: Option<String>, https_only: bool) -> bool {
    v.is_some_and(|u| u.starts_with("https://") || (!https_only && u.starts_with("http://")))
}

fn text_within(body: &Value, field: &str, max: usize) -> bool {
    body.get(field)
        .and_then(Value::as_str)
        .is_some_and(|t| !t.trim().is_empty() && t.chars().count() <= max)
}

/// The shortcode, timestamp and password checks STK push and query share.
/// `Err` names the field Daraja would call invalid.
fn check_password(body: &Value) -> Result<(), &'static str> {
    if scalar(body, "BusinessShortCode").as_deref() != Some(DARAJA_SHORTCODE) {
        return Err("BusinessShortCode");
    }
    let timestamp = scalar(body, "Timestamp").unwrap_or_default();
    if chrono::NaiveDateTime::parse_from_str(&timestamp, "%Y%m%d%H%M%S").is_err()
        || timestamp.len() != 14
    {
        return Err("Timestamp");
    }
    let expected = BASE64.encode(format!("{DARAJA_SHORTCODE}{DARAJA_PASSKEY}{timestamp}"));
    if scalar(body, "Password").as_deref() != Some(expected.as_str()) {
        return Err("Password");
    }
    Ok(())
}

/// `Err` names the field Daraja would call invalid.
fn check_push(body: &Value) -> Result<(), &'static str> {
    check_password(body)?;
    let kind = scalar(body, "TransactionType").unwrap_or_default();
    if !matches!(
        kind.as_str(),
        "CustomerPayBillOnline" | "CustomerBuyGoodsOnline"
    ) {
        return Err("TransactionType");
    }
    if !body
        .get("Amount")
        .and_then(Value::as_f64)
        .is_some_and(|a| a >= 1.0)
    {
        return Err("Amount");
    }
    if !is_msisdn(scalar(body, "PartyA")) {
        return Err("PartyA");
    }
    if scalar(body, "PartyB").as_deref() != Some(DARAJA_SHORTCODE) {
        return Err("PartyB");
    }
    if !is_msisdn(scalar(body, "PhoneNumber")) {
        return Err("PhoneNumber");
    }
    if !is_url(scalar(body, "CallBackURL"), true) {
        return Err("CallBackURL");
    }
    if !text_within(body, "AccountReference", 12) {
        return Err("AccountReference");
    }
    if !text_within(body, "TransactionDesc", 13) {
        return Err("TransactionDesc");
    }
    Ok(())
}

async fn stk_push(
    State(state): State<Shared>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let mut s = state.lock().unwrap();
    if !authorized(&mut s, &headers) {
        return unauthorized();
    }
    s.pushes.push(body.clone());
    if let Some(failure) = take_failure(&mut s) {
        return failure;
    }
    if let Err(field) = check_push(&body) {
        return bad_request(field);
    }
    let n = s.pushes.len();
    let checkout = format!(
        "ws_CO_{}{n:04}",
        uuid::Uuid::new_v4().as_u128() % 10_u128.pow(14)
    );
    s.checkouts.insert(checkout.clone());
    Json(json!({
        "MerchantRequestID": format!("29115-{:08}-{n}", uuid::Uuid::new_v4().as_u128() % 100_000_000),
        "CheckoutRequestID": checkout,
        "ResponseCode": "0",
        "ResponseDescription": "Success. Request accepted for processing",
        "CustomerMessage": "Success. Request accepted for processing",
    }))
    .into_response()
}

async fn stk_query(
    State(state): State<Shared>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let mut s = state.lock().unwrap();
    if !authorized(&mut s, &headers) {
        return unauthorized();
    }
    s.queries.push(body.clone());
    if let Some(failure) = take_failure(&mut s) {
        return failure;
    }
    if let Err(field) = check_password(&body) {
        return bad_request(field);
    }
    let checkout = scalar(&body, "CheckoutRequestID").unwrap_or_default();
    if let Some((code, desc)) = s.results.get(&checkout) {
        // The query answers ResultCode as a string (the callback uses a number).
        return Json(json!({
            "ResponseCode": "0",
            "ResponseDescription": "The service request has been accepted successsfully",
            "MerchantRequestID": "29115-34620561-1",
            "CheckoutRequestID": checkout,
            "ResultCode": code.to_string(),
            "ResultDesc": desc,
        }))
        .into_response();
    }
    if s.checkouts.contains(&checkout) {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(error_body(
                "500.001.1001",
                "The transaction is being processed",
            )),
        )
            .into_response();
    }
    bad_request("CheckoutRequestID")
}

/// `Err` names the field Daraja would call invalid.
fn check_b2c(body: &Value) -> Result<(), &'static str> {
    for field in ["OriginatorConversationID", "InitiatorName", "Remarks"] {
        if !text_within(body, field, 100) {
            return Err(field);
        }
    }
    if body.get("InitiatorName").and_then(Value::as_str) != Some(DARAJA_INITIATOR) {
        return Err("InitiatorName");
    }
    if body.get("SecurityCredential").and_then(Value::as_str) != Some(DARAJA_SECURITY_CREDENTIAL) {
        return Err("SecurityCredential");
    }
    let command = scalar(body, "CommandID").unwrap_or_default();
    if !matches!(
        command.as_str(),
        "BusinessPayment" | "SalaryPayment" | "PromotionPayment"
    ) {
        return Err("CommandID");
    }
    if !body
        .get("Amount")
        .and_then(Value::as_f64)
        .is_some_and(|a| a >= 1.0)
    {
        return Err("Amount");
    }
    if scalar(body, "PartyA").as_deref() != Some(DARAJA_SHORTCODE) {
        return Err("PartyA");
    }
    if !is_msisdn(scalar(body, "PartyB")) {
        return Err("PartyB");
    }
    for field in ["QueueTimeOutURL", "ResultURL"] {
        if !is_url(scalar(body, field), false) {
            return Err(field);
        }
    }
    Ok(())
}

async fn b2c(State(state): State<Shared>, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    let mut s = state.lock().unwrap();
    if !authorized(&mut s, &headers) {
        return unauthorized();
    }
    s.b2c.push(body.clone());
    if let Some(failure) = take_failure(&mut s) {
        return failure;
    }
    if let Err(field) = check_b2c(&body) {
        return bad_request(field);
    }
    Json(json!({
        "ConversationID": format!("AG_20240101_{}", uuid::Uuid::new_v4().simple()),
        "OriginatorConversationID": body["OriginatorConversationID"],
        "ResponseCode": "0",
        "ResponseDescription": "Accept the service request successfully.",
    }))
    .into_response()
}
