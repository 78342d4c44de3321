//! A fake Africa's Talking SMS API: `POST /version1/messaging` (form fields, `apiKey` header)
//! answering `SMSMessageData.Recipients` with the documented status codes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::json;

use super::{header, serve};

pub const AT_USERNAME: &str = "baitech";
pub const AT_API_KEY: &str = "atsk_fake_key_0123456789";
pub const AT_CALLBACK_SECRET: &str = "sms-report-secret-0123456789";

#[derive(Default)]
struct AtState {
    forms: Vec<HashMap<String, String>>,
    answers: HashMap<String, (i64, &'static str)>,
    seq: u64,
}

/// A running fake Africa's Talking.
#[derive(Clone)]
pub struct FakeAt {
    pub url: String,
    state: Arc<Mutex<AtState>>,
}

impl FakeAt {
    pub async fn start() -> FakeAt {
        let state: Arc<Mutex<AtState>> = Arc::default();
        let router = Router::new()
            .route("/version1/messaging", post(messaging))
            .with_state(state.clone());
        FakeAt {
            url: serve(router).await,
            state,
        }
    }

    pub fn env(&self) -> Vec<(String, String)> {
        [
            ("AT_USERNAME", AT_USERNAME),
            ("AT_API_KEY", AT_API_KEY),
            ("AT_CALLBACK_SECRET", AT_CALLBACK_SECRET),
            ("AT_BASE_URL", self.url.as_str()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    /// Every accepted request's form fields (with the `apiKey` header as `apiKey`).
    pub fn forms(&self) -> Vec<HashMap<String, String>> {
        self.state.lock().unwrap().forms.clone()
    }

    /// Messages to `number` get `status_code` and `status` from now on.
    pub fn answer(&self, number: &str, status_code: i64, status: &'static str) {
        self.state
            .lock()
            .unwrap()
            .answers
            .insert(number.into(), (status_code, status));
    }
}

async fn messaging(
    State(s): State<Arc<Mutex<AtState>>>,
    headers: HeaderMap,
    Form(mut form): Form<HashMap<String, String>>,
) -> Response {
    if header(&headers, "apikey").as_deref() != Some(AT_API_KEY)
        || form.get("username").map(String::as_str) != Some(AT_USERNAME)
    {
        return (
            StatusCode::UNAUTHORIZED,
            "The supplied authentication is invalid",
        )
            .into_response();
    }
    let mut st = s.lock().unwrap();
    let to = form.get("to").cloned().unwrap_or_default();
    form.insert("apiKey".into(), AT_API_KEY.into());
    st.forms.push(form);
    let (code, status) = st.answers.get(&to).copied().unwrap_or((101, "Success"));
    let (id, cost) = if (100..=102).contains(&code) {
        st.seq += 1;
        (format!("ATXid_{}", st.seq), "KES 0.8000".to_string())
    } else {
        ("None".to_string(), "0".to_string())
    };
    axum::Json(json!({ "SMSMessageData": {
        "Message": format!("Sent to {}/1 Total Cost: {cost}", u8::from(id != "None")),
        "Recipients": [{ "statusCode": code, "number": to, "status": status, "cost": cost, "messageId": id }],
    }}))
    .into_response()
}
