//! Test harness: a fresh store per test on either adapter, and `TestApp`, the real HTTP server
//! on a random port talking over a socket.

#![allow(dead_code)]

pub mod cli;
pub mod client;
pub mod gateways;
pub mod users;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Once;
use std::time::Duration;

use baitech::app::App;
use baitech::cache::{Cache, MemoryCache};
use baitech::config::{Config, Overrides};
use baitech::store::{self, Store};
use reqwest::Method;
use rstest_reuse::template;
use serde_json::Value;

pub use client::{Answer, Request, TestClient};
use users::TestUser;

/// Which storage adapter a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Embedded,
    Mongo,
}

/// Runs the test once per adapter: put `#[apply(both_backends)]` on an
/// `async fn name(#[case] backend: Backend)` and it becomes `name::case_1_embedded` and
/// `name::case_2_mongo`, so a test written for both backends is declared once.
#[template]
#[rstest]
#[case::embedded(Backend::Embedded)]
#[case::mongo(Backend::Mongo)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
pub async fn both_backends(#[case] backend: Backend) {}

static CRYPTO: Once = Once::new();

pub fn init() {
    CRYPTO.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// The MongoDB-compatible test server started by `tests/run.sh`.
pub fn mongo_uri() -> String {
    std::env::var("BAITECH_TEST_MONGODB_URI").unwrap_or_else(|_| {
        panic!("BAITECH_TEST_MONGODB_URI is not set: run the suite with `bash tests/run.sh`, which starts the test servers")
    })
}

/// The Redis test server started by `tests/run.sh`.
pub fn redis_url() -> String {
    std::env::var("BAITECH_TEST_REDIS_URL").unwrap_or_else(|_| {
        panic!("BAITECH_TEST_REDIS_URL is not set: run the suite with `bash tests/run.sh`, which starts the test servers")
    })
}

/// A database name no other test uses.
pub fn unique_db() -> String {
    format!("t_{}", &uuid::Uuid::new_v4().simple().to_string()[..16])
}

/// A store that lives as long as this value (its embedded directory is removed on drop).
pub struct TestStore {
    pub store: Store,
    pub backend: Backend,
    pub data_dir: Option<tempfile::TempDir>,
    pub mongo_db: Option<String>,
}

impl std::ops::Deref for TestStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

/// A fresh, empty store with indexes created.
pub async fn test_store(backend: Backend) -> TestStore {
    init();
    let ts = match backend {
        Backend::Embedded => {
            let dir = tempfile::tempdir().expect("temp dir");
            let store = store::embedded::open(dir.path())
                .await
                .expect("open embedded store");
            TestStore {
                store,
                backend,
                data_dir: Some(dir),
                mongo_db: None,
            }
        }
        Backend::Mongo => {
            let db = unique_db();
            let store = store::mongo::connect(&mongo_uri(), &db, Duration::from_secs(10))
                .await
                .expect("connect to the test MongoDB");
            TestStore {
                store,
                backend,
                data_dir: None,
                mongo_db: Some(db),
            }
        }
    };
    ts.admin
        .ensure_indexes(false)
        .await
        .expect("ensure indexes");
    ts
}

/// Configuration for a test server on `backend`: test environment, port 0.
pub fn test_config(backend: Backend, data_dir: PathBuf, mongo_db: Option<&str>) -> Config {
    test_config_with(backend, data_dir, mongo_db, Vec::new())
}

/// [`test_config`] plus extra variables.
pub fn test_config_with(
    backend: Backend,
    data_dir: PathBuf,
    mongo_db: Option<&str>,
    env: Vec<(String, String)>,
) -> Config {
    let mut vars: std::collections::HashMap<String, String> = env.into_iter().collect();
    vars.insert("BAITECH_ENV".to_string(), "test".to_string());
    vars.insert("BAITECH_ADDR".to_string(), "127.0.0.1:0".to_string());
    let overrides = Overrides {
        data_dir: Some(data_dir),
        mongodb_uri: (backend == Backend::Mongo).then(mongo_uri),
        mongodb_db: mongo_db.map(str::to_string),
        ..Default::default()
    };
    Config::from_map(overrides, &vars).expect("test configuration is valid")
}

/// Serves `app` on a random loopback port until the returned sender fires or is dropped.
pub async fn serve(
    app: &App,
) -> (
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<baitech::Result<()>>,
) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("local addr");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(baitech::api::serve(app.clone(), listener, async move {
        let _ = rx.await;
    }));
    (addr, tx, server)
}

/// The real server, on a random loopback port, against a fresh database.
pub struct TestApp {
    pub addr: SocketAddr,
    pub app: App,
    pub client: TestClient,
    pub backend: Backend,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<baitech::Result<()>>>,
    _store: TestStore,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with_cache(backend, std::sync::Arc::new(MemoryCache::new(10_000))).await
    }

    /// A server configured with extra variables (e.g. gateways pointed at local fakes).
    pub async fn spawn_with_env(backend: Backend, env: Vec<(String, String)>) -> TestApp {
        Self::spawn_inner(backend, std::sync::Arc::new(MemoryCache::new(10_000)), env).await
    }

    /// A server whose cache is `cache` (e.g. Redis, or a probe that observes calls).
    pub async fn spawn_with_cache(backend: Backend, cache: std::sync::Arc<dyn Cache>) -> TestApp {
        Self::spawn_inner(backend, cache, Vec::new()).await
    }

    async fn spawn_inner(
        backend: Backend,
        cache: std::sync::Arc<dyn Cache>,
        env: Vec<(String, String)>,
    ) -> TestApp {
        let ts = test_store(backend).await;
        let dir = ts
            .data_dir
            .as_ref()
            .map(|d| d.path().to_path_buf())
            .unwrap_or_else(std::env::temp_dir);
        let config = test_config_with(backend, dir, ts.mongo_db.as_deref(), env);
        let app = App::new(config, ts.store.clone(), cache).expect("assemble the app");
        let (addr, tx, server) = serve(&app).await;
        TestApp {
            addr,
            app,
            client: TestClient::new(addr, Duration::from_secs(30)),
            backend,
            shutdown: Some(tx),
            server: Some(server),
            _store: ts,
        }
    }

    pub fn url(&self, path: &str) -> String {
        self.client.url(path)
    }

    /// A request for `method path` (the whole path), to build further; see [`Request`].
    pub fn request(&self, method: Method, path: &str) -> Request {
        self.client.request(method, path)
    }

    /// `GET path` (the whole path) as it came.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.request(Method::GET, path).send_raw().await
    }

    /// Sends `method path` (the whole path, `/api/v1/...`) with `who`'s token when given and
    /// `body` as JSON; the answer must be JSON.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        who: Option<&TestUser>,
        body: Option<Value>,
    ) -> Answer {
        self.request(method, path)
            .user(who)
            .json_opt(body)
            .send()
            .await
    }

    /// [`TestClient::call`]: `method /api/v1{path}`, the status and the JSON body.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        who: Option<&TestUser>,
        body: Option<Value>,
    ) -> (u16, Value) {
        self.client.call(method, path, who, body).await
    }

    /// Asks the server to stop and waits for it (in-flight requests finish first).
    pub async fn stop(mut self) -> baitech::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.server.take() {
            Some(h) => h.await.expect("server task"),
            None => Ok(()),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Path of the built `baitech` binary, for CLI tests.
pub fn baitech_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_baitech"))
}
