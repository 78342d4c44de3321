//! A fake Firebase Cloud Messaging (HTTP v1) with its Google OAuth token endpoint: checks the
//! RS256 assertion against the service account's public key, hands out bearer tokens, takes
//! one `messages:send` per device token and answers with FCM's error bodies when told to.

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use rsa::pkcs1::EncodeRsaPublicKey;
use rsa::pkcs8::DecodePrivateKey;
use serde_json::{Value, json};

use super::{header, serve};

pub const FCM_PROJECT: &str = "baitech-test";
pub const FCM_CLIENT_EMAIL: &str = "push@baitech-test.iam.gserviceaccount.com";

/// The test service account's private key (PKCS#8 PEM, made for these tests only).
pub fn fcm_key_pem() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/fcm-test-key.pem"
    ))
    .expect("the test key")
}

#[derive(Default)]
struct FcmState {
    token_requests: u32,
    claims: Vec<Value>,
    tokens: HashSet<String>,
    sends: Vec<Value>,
    unregistered: HashSet<String>,
    failures: VecDeque<(StatusCode, Option<u64>, &'static str)>,
    always_fail: bool,
    seq: u64,
}

/// A running fake FCM.
#[derive(Clone)]
pub struct FakeFcm {
    pub url: String,
    state: Arc<Mutex<FcmState>>,
    _dir: Arc<tempfile::TempDir>,
    pub credentials_file: std::path::PathBuf,
}

type Shared = Arc<Mutex<FcmState>>;

impl FakeFcm {
    pub async fn start() -> FakeFcm {
        let state = Shared::default();
        let router = Router::new()
            .route("/token", post(token))
            .route("/v1/projects/{project}/messages:send", post(send))
            .with_state(state.clone());
        let url = serve(router).await;
        let dir = tempfile::tempdir().unwrap();
        let credentials_file = dir.path().join("service-account.json");
        let account = json!({
            "type": "service_account",
            "project_id": FCM_PROJECT,
            "private_key_id": "test-key-1",
            "private_key": fcm_key_pem(),
            "client_email": FCM_CLIENT_EMAIL,
            "token_uri": format!("{url}/token"),
        });
        std::fs::write(&credentials_file, account.to_string()).unwrap();
        FakeFcm {
            url,
            state,
            _dir: Arc::new(dir),
            credentials_file,
        }
    }

    /// The `FCM_*` variables of a server pointed at this fake.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            ("FCM_PROJECT_ID".into(), FCM_PROJECT.into()),
            (
                "FCM_CREDENTIALS_FILE".into(),
                self.credentials_file.display().to_string(),
            ),
            ("FCM_BASE_URL".into(), self.url.clone()),
        ]
    }

    fn state(&self) -> std::sync::MutexGuard<'_, FcmState> {
        self.state.lock().unwrap()
    }

    pub fn token_requests(&self) -> u32 {
        self.state().token_requests
    }
    /// The verified claims of every assertion.
    pub fn claims(&self) -> Vec<Value> {
        self.state().claims.clone()
    }
    /// Every accepted `message` body.
    pub fn sends(&self) -> Vec<Value> {
        self.state().sends.clone()
    }
    /// FCM answers UNREGISTERED for `token` from now on.
    pub fn unregister(&self, token: &str) {
        self.state().unregistered.insert(token.into());
    }
    /// The next sends fail with `status` (and `Retry-After` seconds), in order.
    pub fn fail_next(&self, status: StatusCode, retry_after: Option<u64>, code: &'static str) {
        self.state().failures.push_back((status, retry_after, code));
    }
    /// Every send fails with 500 from now on.
    pub fn always_fail(&self) {
        self.state().always_fail = true;
    }
}

fn fcm_error(status: StatusCode, code: &str) -> Value {
    json!({ "error": {
        "code": status.as_u16(),
        "message": format!("fake FCM: {code}"),
        "status": code,
        "details": [{ "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": code }],
    }})
}

async fn token(State(s): State<Shared>, Form(form): Form<Vec<(String, String)>>) -> Response {
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if get("grant_type").as_deref() != Some("urn:ietf:params:oauth:grant-type:jwt-bearer") {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"error": "unsupported_grant_type"})),
        )
            .into_response();
    }
    let key = rsa::RsaPrivateKey::from_pkcs8_pem(&fcm_key_pem()).unwrap();
    let public = key.to_public_key().to_pkcs1_der().unwrap();
    let mut v = Validation::new(Algorithm::RS256);
    v.set_issuer(&[FCM_CLIENT_EMAIL]);
    v.validate_aud = false;
    v.set_required_spec_claims(&["exp", "iss", "aud"]);
    let Ok(data) = jsonwebtoken::decode::<Value>(
        &get("assertion").unwrap_or_default(),
        &DecodingKey::from_rsa_der(public.as_bytes()),
        &v,
    ) else {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"error": "invalid_grant"})),
        )
            .into_response();
    };
    let mut st = s.lock().unwrap();
    st.token_requests += 1;
    st.claims.push(data.claims);
    let t = format!("ya29.fake-{}", st.token_requests);
    st.tokens.insert(t.clone());
    axum::Json(json!({"access_token": t, "expires_in": 3599, "token_type": "Bearer"}))
        .into_response()
}

async fn send(
    State(s): State<Shared>,
    Path(project): Path<String>,
    headers: HeaderMap,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let mut st = s.lock().unwrap();
    let bearer = header(&headers, "authorization").unwrap_or_default();
    let ok_token = bearer
        .strip_prefix("Bearer ")
        .is_some_and(|t| st.tokens.contains(t));
    if project != FCM_PROJECT || !ok_token {
        let status = StatusCode::UNAUTHORIZED;
        return (status, axum::Json(fcm_error(status, "UNAUTHENTICATED"))).into_response();
    }
    let device = body["message"]["token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if st.unregistered.contains(&device) {
        return (
            StatusCode::NOT_FOUND,
            axum::Json(fcm_error(StatusCode::NOT_FOUND, "UNREGISTERED")),
        )
            .into_response();
    }
    let failure = if st.always_fail {
        Some((StatusCode::INTERNAL_SERVER_ERROR, None, "INTERNAL"))
    } else {
        st.failures.pop_front()
    };
    if let Some((status, after, code)) = failure {
        let mut r = (status, axum::Json(fcm_error(status, code))).into_response();
        if let Some(a) = after {
            r.headers_mut()
                .insert("retry-after", a.to_string().parse().unwrap());
        }
        return r;
    }
    st.seq += 1;
    st.sends.push(body["message"].clone());
    axum::Json(json!({"name": format!("projects/{FCM_PROJECT}/messages/{}", st.seq)}))
        .into_response()
}
