//! The suite's one HTTP client: every test talks to a server through [`TestClient`] — the
//! common case in one call ([`TestClient::call`]: method, path under `/api/v1`, who, JSON body
//! → status and JSON body), anything else (headers, a raw body, a non-JSON answer) through the
//! [`Request`] builder.

use std::net::SocketAddr;
use std::time::Duration;

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::Value;

use super::users::TestUser;

/// What a request answered: status, headers and the JSON body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

/// A client of one server.
#[derive(Debug, Clone)]
pub struct TestClient {
    http: reqwest::Client,
    addr: SocketAddr,
}

impl TestClient {
    /// A client of the server at `addr` that gives up on a request after `timeout`.
    pub fn new(addr: SocketAddr, timeout: Duration) -> Self {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .expect("http client");
        TestClient { http, addr }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A request for `method path`, `path` being the whole path (`/health`, `/api/v1/...`).
    pub fn request(&self, method: Method, path: &str) -> Request {
        Request {
            builder: self.http.request(method, self.url(path)),
            path: path.to_string(),
        }
    }

    /// Sends `method /api/v1{path}` with `who`'s token when given and `body` as JSON; the
    /// status and the JSON body. A body that is not JSON fails the test: every answer of the
    /// API is the envelope.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        who: Option<&TestUser>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let a = self
            .request(method, &format!("/api/v1{path}"))
            .user(who)
            .json_opt(body)
            .send()
            .await;
        (a.status, a.body)
    }
}

/// A request being put together; [`Request::send`] or [`Request::send_raw`] sends it.
#[must_use]
pub struct Request {
    builder: reqwest::RequestBuilder,
    path: String,
}

impl Request {
    /// With `who`'s access token.
    pub fn user(self, who: Option<&TestUser>) -> Self {
        match who {
            Some(u) => self.bearer(&u.token),
            None => self,
        }
    }

    /// With `token` as the bearer, whatever it is.
    pub fn bearer(mut self, token: &str) -> Self {
        self.builder = self.builder.bearer_auth(token);
        self
    }

    pub fn header(mut self, name: &str, value: impl AsRef<str>) -> Self {
        self.builder = self.builder.header(name, value.as_ref());
        self
    }

    pub fn json(mut self, body: &Value) -> Self {
        self.builder = self.builder.json(body);
        self
    }

    pub fn json_opt(self, body: Option<Value>) -> Self {
        match body {
            Some(b) => self.json(&b),
            None => self,
        }
    }

    /// With `bytes` as the body, as they are (set its `content-type` with [`Request::header`]).
    pub fn body(mut self, bytes: impl Into<reqwest::Body>) -> Self {
        self.builder = self.builder.body(bytes);
        self
    }

    /// Sends it and reads the answer, which must be JSON.
    pub async fn send(self) -> Answer {
        let path = self.path.clone();
        let r = self.send_raw().await;
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let text = r.text().await.expect("body");
        let body = serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("{path} answered {status} with non-JSON {text:?}"));
        Answer {
            status,
            headers,
            body,
        }
    }

    /// Sends it; the answer as it came (a receipt in HTML, a compressed body, a 413).
    pub async fn send_raw(self) -> reqwest::Response {
        let path = self.path.clone();
        self.try_send()
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Sends it; a transport failure is the caller's to handle (e.g. to retry).
    pub async fn try_send(self) -> reqwest::Result<reqwest::Response> {
        self.builder.send().await
    }
}
