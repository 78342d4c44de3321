//! `DarajaClient` against the fake Daraja, and STK callback parsing.

use baitech::Error;
use baitech::config::{Config, MpesaConfig, Overrides};
use baitech::gateways::mpesa::{
    self, B2cCommand, B2cRequest, DarajaClient, Mpesa, StkPushRequest, parse_stk_callback,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{FixedOffset, NaiveDateTime, Utc};
use serde_json::json;

use crate::common::gateways::{
    DARAJA_CONSUMER_KEY, DARAJA_CONSUMER_SECRET, DARAJA_INITIATOR, DARAJA_PASSKEY,
    DARAJA_SECURITY_CREDENTIAL, DARAJA_SHORTCODE, FakeDaraja, TEST_CALLBACK_SECRET,
    TEST_CALLBACK_URL, stk_callback_body,
};
use crate::common::init;

async fn daraja() -> (FakeDaraja, DarajaClient) {
    init();
    let fake = FakeDaraja::start().await;
    let client = DarajaClient::new(&fake.config()).expect("client");
    (fake, client)
}

fn push() -> StkPushRequest {
    StkPushRequest {
        amount: 1500,
        phone: "254708374149".into(),
        account_reference: "BK-7Q2X9".into(),
        description: "Booking pay".into(),
    }
}

fn payout() -> B2cRequest {
    B2cRequest {
        amount: 2700,
        phone: "254712345678".into(),
        remarks: "Payout for BK-7Q2X9".into(),
        originator_conversation_id: "payout-0001".into(),
        command: B2cCommand::BusinessPayment,
    }
}

#[tokio::test]
async fn one_token_serves_every_call_until_it_expires() {
    let (fake, client) = daraja().await;
    let checkout = client.stk_push(&push()).await.unwrap();
    client
        .stk_query(&checkout.checkout_request_id)
        .await
        .unwrap();
    client.b2c(&payout()).await.unwrap();

    let tokens = fake.token_requests();
    assert_eq!(tokens.len(), 1, "{tokens:?}");
    let basic = BASE64.encode(format!("{DARAJA_CONSUMER_KEY}:{DARAJA_CONSUMER_SECRET}"));
    assert_eq!(
        tokens[0].authorization.as_deref(),
        Some(format!("Basic {basic}").as_str())
    );
    assert_eq!(tokens[0].grant_type.as_deref(), Some("client_credentials"));
    assert_eq!(
        fake.bearer_tokens(),
        vec![Some("fake-token-1".to_string()); 3]
    );
}

#[tokio::test]
async fn concurrent_first_calls_fetch_a_single_token() {
    let (fake, client) = daraja().await;
    let (first, second, third) = (push(), push(), payout());
    let (a, b, c) = tokio::join!(
        client.stk_push(&first),
        client.stk_push(&second),
        client.b2c(&third)
    );
    a.unwrap();
    b.unwrap();
    c.unwrap();
    assert_eq!(fake.token_requests().len(), 1);
}

#[tokio::test]
async fn a_refused_token_is_replaced_and_the_call_made_once_more() {
    let (fake, client) = daraja().await;
    client.stk_push(&push()).await.unwrap();
    fake.revoke_tokens();

    client.stk_push(&push()).await.unwrap();

    assert_eq!(fake.token_requests().len(), 2);
    assert_eq!(
        fake.bearer_tokens(),
        ["fake-token-1", "fake-token-1", "fake-token-2"]
            .map(|t| Some(t.to_string()))
            .to_vec()
    );
    assert_eq!(
        fake.pushes().len(),
        2,
        "the refused attempt never got past auth"
    );
}

#[tokio::test]
async fn a_token_refused_twice_is_an_outage_not_a_loop() {
    let (fake, client) = daraja().await;
    fake.fail_next(401);
    fake.fail_next(401);
    let err = client.stk_push(&push()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Unavailable {
                dependency: "mpesa",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(fake.token_requests().len(), 2);
    assert_eq!(fake.bearer_tokens().len(), 2);
}

#[tokio::test]
async fn refused_consumer_credentials_are_an_outage() {
    init();
    let fake = FakeDaraja::start().await;
    let client = DarajaClient::new(&MpesaConfig {
        consumer_secret: "wrong".into(),
        ..fake.config()
    })
    .unwrap();
    let err = client.stk_push(&push()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Unavailable { dependency: "mpesa", reason } if reason.contains("Invalid Authentication passed")),
        "{err:?}"
    );
    assert!(fake.pushes().is_empty());
}

#[tokio::test]
async fn stk_push_sends_darajas_fields_with_a_password_daraja_accepts() {
    let (fake, client) = daraja().await;
    let before = nairobi_now();
    let answer = client.stk_push(&push()).await.unwrap();
    let after = nairobi_now();

    assert!(answer.checkout_request_id.starts_with("ws_CO_"));
    assert!(answer.merchant_request_id.starts_with("29115-"));
    assert_eq!(
        answer.customer_message,
        "Success. Request accepted for processing"
    );

    let sent = &fake.pushes()[0];
    assert_eq!(sent["BusinessShortCode"], DARAJA_SHORTCODE);
    assert_eq!(sent["TransactionType"], "CustomerPayBillOnline");
    assert_eq!(sent["Amount"], json!(1500));
    assert_eq!(sent["PartyA"], "254708374149");
    assert_eq!(sent["PartyB"], DARAJA_SHORTCODE);
    assert_eq!(sent["PhoneNumber"], "254708374149");
    assert_eq!(sent["CallBackURL"], TEST_CALLBACK_URL);
    assert_eq!(sent["AccountReference"], "BK-7Q2X9");
    assert_eq!(sent["TransactionDesc"], "Booking pay");

    // The timestamp is Nairobi wall-clock time, YYYYMMDDHHmmss.
    let timestamp = sent["Timestamp"].as_str().unwrap();
    assert_eq!(timestamp.len(), 14);
    let at = NaiveDateTime::parse_from_str(timestamp, "%Y%m%d%H%M%S").unwrap();
    assert!(
        before <= at && at <= after,
        "{at} not within {before}..{after}"
    );
    let password = BASE64.decode(sent["Password"].as_str().unwrap()).unwrap();
    assert_eq!(
        String::from_utf8(password).unwrap(),
        format!("{DARAJA_SHORTCODE}{DARAJA_PASSKEY}{timestamp}")
    );
}

/// Nairobi wall-clock time to the second.
fn nairobi_now() -> NaiveDateTime {
    let now = Utc::now().with_timezone(&FixedOffset::east_opt(3 * 3600).unwrap());
    NaiveDateTime::parse_from_str(&now.format("%Y%m%d%H%M%S").to_string(), "%Y%m%d%H%M%S").unwrap()
}

#[tokio::test]
async fn a_wrong_passkey_is_refused_with_darajas_message() {
    init();
    let fake = FakeDaraja::start().await;
    let client = DarajaClient::new(&MpesaConfig {
        passkey: "not-the-passkey".into(),
        ..fake.config()
    })
    .unwrap();
    let err = client.stk_push(&push()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Unprocessable(m) if m.contains("Bad Request - Invalid Password")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_push_daraja_would_refuse_is_refused_before_sending() {
    let (fake, client) = daraja().await;
    let too_long = StkPushRequest {
        account_reference: "BOOKING-1234567".into(),
        ..push()
    };
    let err = client.stk_push(&too_long).await.unwrap_err();
    assert!(
        matches!(&err, Error::Validation(f) if f[0].field == "account_reference"),
        "{err:?}"
    );
    assert!(fake.token_requests().is_empty());
}

#[tokio::test]
async fn darajas_refusals_and_outages_map_to_our_errors() {
    let (fake, client) = daraja().await;
    fake.fail_next_with(
        400,
        json!({"requestId": "1-2", "errorCode": "400.002.02", "errorMessage": "Bad Request - Invalid PhoneNumber"}),
    );
    let refused = client.stk_push(&push()).await.unwrap_err();
    assert!(
        matches!(&refused, Error::Unprocessable(m) if m.contains("Invalid PhoneNumber")),
        "{refused:?}"
    );

    fake.fail_next(503);
    let down = client.stk_push(&push()).await.unwrap_err();
    assert!(
        matches!(&down, Error::Unavailable { dependency: "mpesa", reason } if reason.contains("503")),
        "{down:?}"
    );

    fake.fail_next_with(
        200,
        json!({"MerchantRequestID": "1", "CheckoutRequestID": "ws_CO_1", "ResponseCode": "1", "ResponseDescription": "Rejected by the system", "CustomerMessage": "x"}),
    );
    let not_zero = client.stk_push(&push()).await.unwrap_err();
    assert!(
        matches!(&not_zero, Error::Unprocessable(m) if m.contains("Rejected by the system")),
        "{not_zero:?}"
    );
}

#[tokio::test]
async fn an_unreachable_daraja_is_an_outage() {
    init();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let fake = FakeDaraja::start().await;
    let client = DarajaClient::new(&MpesaConfig {
        base_url: url,
        ..fake.config()
    })
    .unwrap();
    let err = client.stk_push(&push()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Unavailable {
                dependency: "mpesa",
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn stk_query_reports_processing_until_the_customer_answers() {
    let (fake, client) = daraja().await;
    let checkout = client.stk_push(&push()).await.unwrap();
    let id = checkout.checkout_request_id.as_str();

    let pending = client.stk_query(id).await.unwrap();
    assert_eq!(pending.result_code, None);
    assert_eq!(pending.result_desc, "The transaction is being processed");

    fake.set_query_result(id, 1032, "Request cancelled by user");
    let cancelled = client.stk_query(id).await.unwrap();
    assert_eq!(cancelled.result_code, Some(1032));
    assert_eq!(cancelled.result_desc, "Request cancelled by user");

    fake.set_query_result(id, 0, "The service request is processed successfully.");
    assert_eq!(client.stk_query(id).await.unwrap().result_code, Some(0));

    let sent = &fake.queries()[0];
    assert_eq!(sent["CheckoutRequestID"], id);
    assert_eq!(sent["BusinessShortCode"], DARAJA_SHORTCODE);
    let timestamp = sent["Timestamp"].as_str().unwrap();
    assert_eq!(
        sent["Password"],
        BASE64.encode(format!("{DARAJA_SHORTCODE}{DARAJA_PASSKEY}{timestamp}"))
    );
}

#[tokio::test]
async fn stk_query_of_an_unknown_checkout_is_refused() {
    let (_fake, client) = daraja().await;
    let err = client.stk_query("ws_CO_unknown").await.unwrap_err();
    assert!(
        matches!(&err, Error::Unprocessable(m) if m.contains("CheckoutRequestID")),
        "{err:?}"
    );
}

#[tokio::test]
async fn b2c_sends_darajas_fields_and_returns_the_conversation() {
    let (fake, client) = daraja().await;
    let answer = client.b2c(&payout()).await.unwrap();
    assert!(answer.conversation_id.starts_with("AG_"));
    assert_eq!(answer.originator_conversation_id, "payout-0001");
    assert_eq!(
        answer.response_description,
        "Accept the service request successfully."
    );

    let sent = &fake.b2c_requests()[0];
    assert_eq!(sent["OriginatorConversationID"], "payout-0001");
    assert_eq!(sent["CommandID"], "BusinessPayment");
    assert_eq!(sent["Amount"], json!(2700));
    assert_eq!(sent["PartyA"], DARAJA_SHORTCODE);
    assert_eq!(sent["PartyB"], "254712345678");
    assert_eq!(sent["Remarks"], "Payout for BK-7Q2X9");
    assert_eq!(
        sent["ResultURL"],
        format!("https://baitech.test/api/v1/payments/mpesa/b2c/result/{TEST_CALLBACK_SECRET}")
    );
    assert_eq!(
        sent["QueueTimeOutURL"],
        format!("https://baitech.test/api/v1/payments/mpesa/b2c/timeout/{TEST_CALLBACK_SECRET}")
    );
    assert_eq!(sent["InitiatorName"], DARAJA_INITIATOR);
    assert_eq!(sent["SecurityCredential"], DARAJA_SECURITY_CREDENTIAL);
    assert!(sent.get("Occasion").is_some());
}

#[tokio::test]
async fn b2c_commands_go_out_in_darajas_spelling() {
    let (fake, client) = daraja().await;
    for command in [B2cCommand::SalaryPayment, B2cCommand::PromotionPayment] {
        client
            .b2c(&B2cRequest {
                command,
                ..payout()
            })
            .await
            .unwrap();
    }
    let sent: Vec<_> = fake
        .b2c_requests()
        .iter()
        .map(|b| b["CommandID"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(sent, ["SalaryPayment", "PromotionPayment"]);
}

#[test]
fn a_paid_callback_is_parsed_with_its_metadata() {
    let body = stk_callback_body(
        "29115-34620561-1",
        "ws_CO_191220191020363925",
        0,
        "The service request is processed successfully.",
        Some((1500.0, "NLJ7RT61SV", "254708374149")),
    );
    let cb = parse_stk_callback(&body).unwrap();
    assert_eq!(cb.merchant_request_id, "29115-34620561-1");
    assert_eq!(cb.checkout_request_id, "ws_CO_191220191020363925");
    assert_eq!(cb.result_code, 0);
    assert_eq!(
        cb.result_desc,
        "The service request is processed successfully."
    );
    assert_eq!(cb.amount_minor, Some(150_000));
    assert_eq!(cb.receipt.as_deref(), Some("NLJ7RT61SV"));
    assert_eq!(cb.phone.as_deref(), Some("254708374149"));
    let date = cb.transaction_date.unwrap();
    assert_eq!(date.len(), 14, "{date}");
}

#[test]
fn callback_amounts_are_read_as_daraja_writes_them() {
    // Verbatim shape of Daraja's documented sample (Amount 1.00, numbers for phone and date).
    let raw = r#"{"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":"ws_CO_191220191020363925","ResultCode":0,"ResultDesc":"The service request is processed successfully.","CallbackMetadata":{"Item":[{"Name":"Amount","Value":1.00},{"Name":"MpesaReceiptNumber","Value":"NLJ7RT61SV"},{"Name":"TransactionDate","Value":20191219102115},{"Name":"PhoneNumber","Value":254708374149}]}}}}"#;
    let cb = parse_stk_callback(&serde_json::from_str(raw).unwrap()).unwrap();
    assert_eq!(cb.amount_minor, Some(100));
    assert_eq!(cb.transaction_date.as_deref(), Some("20191219102115"));
    assert_eq!(cb.phone.as_deref(), Some("254708374149"));

    let odd = stk_callback_body("m", "c", 0, "ok", Some((3963.5, "R", "254700000001")));
    assert_eq!(
        parse_stk_callback(&odd).unwrap().amount_minor,
        Some(396_350)
    );
}

#[test]
fn a_cancelled_callback_has_no_metadata() {
    let body = stk_callback_body(
        "29115-34620561-1",
        "ws_CO_191220191020363925",
        1032,
        "Request cancelled by user",
        None,
    );
    let cb = parse_stk_callback(&body).unwrap();
    assert_eq!(cb.result_code, 1032);
    assert_eq!(cb.result_desc, "Request cancelled by user");
    assert_eq!(
        (cb.amount_minor, cb.receipt, cb.phone, cb.transaction_date),
        (None, None, None, None)
    );
}

#[test]
fn a_callback_missing_fields_is_refused_naming_them() {
    let mut body = stk_callback_body("m", "c", 0, "ok", None);
    let cb = body["Body"]["stkCallback"].as_object_mut().unwrap();
    cb.remove("CheckoutRequestID");
    cb.remove("ResultCode");
    let Err(Error::Validation(errs)) = parse_stk_callback(&body) else {
        panic!("expected a validation error");
    };
    let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "Body.stkCallback.CheckoutRequestID",
            "Body.stkCallback.ResultCode"
        ]
    );

    let err = parse_stk_callback(&json!({"stkCallback": {}})).unwrap_err();
    assert!(
        matches!(&err, Error::Validation(f) if f[0].field == "Body.stkCallback"),
        "{err:?}"
    );
}

#[test]
fn a_callback_with_an_unreadable_amount_is_refused() {
    let mut body = stk_callback_body("m", "c", 0, "ok", Some((10.0, "R", "254700000001")));
    body["Body"]["stkCallback"]["CallbackMetadata"]["Item"][0]["Value"] = json!("ten");
    let err = parse_stk_callback(&body).unwrap_err();
    assert!(
        matches!(&err, Error::Validation(f) if f[0].field == "Body.stkCallback.CallbackMetadata.Amount"),
        "{err:?}"
    );
}

#[test]
fn unusable_urls_are_configuration_errors() {
    let Err(Error::Config(errs)) = DarajaClient::new(&MpesaConfig {
        base_url: "sandbox.safaricom.co.ke".into(),
        callback_url: "not a url".into(),
        ..MpesaConfig::default()
    }) else {
        panic!("expected a configuration error");
    };
    let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["MPESA_BASE_URL", "MPESA_CALLBACK_URL"]);
}

#[tokio::test]
async fn configuration_selects_daraja_or_the_sandbox() {
    init();
    let fake = FakeDaraja::start().await;
    let mut vars: std::collections::HashMap<String, String> = fake.env().into_iter().collect();
    vars.insert("BAITECH_ENV".into(), "test".into());
    let overrides = || Overrides {
        data_dir: Some(std::env::temp_dir()),
        ..Default::default()
    };
    let configured = Config::from_map(overrides(), &vars).unwrap();
    let gateway = mpesa::from_config(&configured).unwrap();
    assert_eq!(gateway.backend(), "daraja");
    assert!(gateway.sandbox().is_none());
    gateway.stk_push(&push()).await.unwrap();
    assert_eq!(fake.pushes().len(), 1);

    vars.retain(|k, _| !k.starts_with("MPESA_"));
    let bare = Config::from_map(overrides(), &vars).unwrap();
    let sandbox = mpesa::from_config(&bare).unwrap();
    assert_eq!(sandbox.backend(), "sandbox");
    sandbox.stk_push(&push()).await.unwrap();
    assert_eq!(sandbox.sandbox().unwrap().pushes(), vec![push()]);
}
