//! Dependencies that go away while the server runs. Each test starts its own throw-away
//! MongoDB-compatible server or Redis on a free port and kills it (never the shared ones):
//! requests fail fast with the 503 envelope while MongoDB is down and work again when it is
//! back; start-up still waits the longer dependency timeout; rate limits keep counting in
//! process while Redis is down instead of letting everything through.

use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use baitech::app::App;
use baitech::cache::{self, Cache, MemoryCache};
use baitech::config::{Config, Overrides};
use baitech::ratelimit::Rule;
use serde_json::{Value, json};
use tokio::process::{Child, Command};

use crate::auth::registration;
use crate::common::{self, Backend, TestClient};

/// A free loopback port (bound, then released for the service to take).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

/// A service process this test started, killed (by its own pid) when dropped.
struct Service {
    name: &'static str,
    port: u16,
    child: Option<Child>,
    _dir: tempfile::TempDir,
}

impl Service {
    /// The MongoDB-compatible test server, in-memory, as `tests/run.sh` starts it.
    async fn secantus(port: u16, dir: tempfile::TempDir) -> Service {
        let python =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-services/venv/bin/python");
        assert!(
            python.exists(),
            "{} is missing: `bash tests/run.sh` installs the test servers",
            python.display()
        );
        let config = dir.path().join("secantusd.toml");
        std::fs::write(&config, "").unwrap();
        let tmp = dir.path().join("tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        let mut cmd = Command::new(python);
        cmd.arg("-m")
            .arg("secantus")
            .arg("--config")
            .arg(&config)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--storage-path", ":memory:"])
            .env("TMPDIR", &tmp);
        Service::launch("secantus", port, dir, cmd).await
    }

    /// A redis-server without persistence.
    async fn redis(port: u16, dir: tempfile::TempDir) -> Service {
        let mut cmd = Command::new("redis-server");
        cmd.args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
            .args(["--logfile", ""])
            .arg("--dir")
            .arg(dir.path());
        Service::launch("redis-server", port, dir, cmd).await
    }

    /// Runs `cmd` (output to `<name>.log` in `dir`) and waits until it opens `port`.
    async fn launch(
        name: &'static str,
        port: u16,
        dir: tempfile::TempDir,
        mut cmd: Command,
    ) -> Service {
        let log = std::fs::File::create(dir.path().join(format!("{name}.log"))).unwrap();
        let child = cmd
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("start {name}: {e}"));
        let mut s = Service {
            name,
            port,
            child: Some(child),
            _dir: dir,
        };
        s.wait_ready().await;
        s
    }

    /// Ready once the port accepts connections (what `tests/run.sh` checks for secantus).
    async fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
            {
                return;
            }
            if let Some(Ok(Some(status))) = self.child.as_mut().map(|c| c.try_wait()) {
                panic!("{} exited early: {status}", self.name);
            }
            assert!(
                Instant::now() < deadline,
                "{} did not open port {}",
                self.name,
                self.port
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Kills the process (SIGKILL: no goodbye to its clients) and waits until it is gone.
    async fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().await.expect("kill the test service");
        }
        // the port is closed once the process is gone
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_err()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("{} still answers on {}", self.name, self.port);
    }

    /// Starts the same service again on the same port.
    async fn restart(mut self) -> Service {
        self.kill().await;
        let (port, dir) = (self.port, tempfile::tempdir().unwrap());
        match self.name {
            "secantus" => Service::secantus(port, dir).await,
            _ => Service::redis(port, dir).await,
        }
    }
}

/// A server on its own configuration, store and cache.
struct Server {
    app: App,
    client: TestClient,
    _shutdown: tokio::sync::oneshot::Sender<()>,
    _data: tempfile::TempDir,
}

fn config(
    backend: Backend,
    mongo_uri: Option<String>,
    env: &[(&str, String)],
) -> (Config, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let mut vars: std::collections::HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    vars.insert("BAITECH_ENV".into(), "test".into());
    vars.insert("BAITECH_ADDR".into(), "127.0.0.1:0".into());
    let overrides = Overrides {
        data_dir: Some(data.path().to_path_buf()),
        mongodb_uri: match backend {
            Backend::Mongo => Some(mongo_uri.unwrap_or_else(common::mongo_uri)),
            Backend::Embedded => None,
        },
        mongodb_db: (backend == Backend::Mongo).then(common::unique_db),
        ..Default::default()
    };
    let config = Config::from_map(overrides, &vars).expect("valid test configuration");
    (config, data)
}

impl Server {
    async fn start(config: Config, data: tempfile::TempDir, cache: Arc<dyn Cache>) -> Server {
        common::init();
        let store = baitech::store::open(&config).await.expect("open the store");
        store.admin.ensure_indexes(false).await.expect("indexes");
        let app = App::new(config, store, cache).expect("assemble the app");
        let (addr, tx, _) = common::serve(&app).await;
        Server {
            app,
            client: TestClient::new(addr, Duration::from_secs(60)),
            _shutdown: tx,
            _data: data,
        }
    }

    /// Sends a request through the suite's client; status, JSON body and how long the
    /// answer took.
    async fn timed(
        &self,
        method: reqwest::Method,
        path: &str,
        bearer: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value, Duration) {
        let started = Instant::now();
        let mut req = self.client.request(method, path).json_opt(body);
        if let Some(t) = bearer {
            req = req.bearer(t);
        }
        let a = req.send().await;
        (a.status, a.body, started.elapsed())
    }

    async fn register(&self) -> (u16, Value, Duration) {
        self.timed(
            reqwest::Method::POST,
            "/api/v1/auth/register",
            None,
            Some(registration("customer")),
        )
        .await
    }
}

/// With the MongoDB server killed, requests that need it answer the 503 envelope within the
/// short request timeout (they waited the 10 s start-up timeout before); once the server is
/// back the same server instance serves again, without a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_fail_fast_while_mongodb_is_down_and_recover() {
    let port = free_port();
    let mut mongo = Service::secantus(port, tempfile::tempdir().unwrap()).await;
    let uri = format!("mongodb://127.0.0.1:{port}/?directConnection=true");
    let (config, data) = config(Backend::Mongo, Some(uri), &[]);
    let server = Server::start(config, data, Arc::new(MemoryCache::new(1000))).await;
    let (status, v, _) = server.register().await;
    assert_eq!(status, 201, "{v}");
    let token = v["data"]["accessToken"].as_str().unwrap().to_string();
    let (status, v, _) = server
        .timed(reqwest::Method::GET, "/api/v1/users/me", Some(&token), None)
        .await;
    assert_eq!(status, 200, "{v}");

    mongo.kill().await;
    let mut waits = Vec::new();
    let me = (
        reqwest::Method::GET,
        "/api/v1/users/me",
        Some(token.as_str()),
        None,
    );
    for (method, path, bearer, body) in [
        me.clone(),
        (
            reqwest::Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({ "email": "nobody@example.co.ke", "password": "Mango-Tree-42x" })),
        ),
        (
            reqwest::Method::GET,
            "/api/v1/bookings",
            Some(token.as_str()),
            None,
        ),
        me,
    ] {
        let (status, v, took) = server.timed(method, path, bearer, body).await;
        assert_eq!(status, 503, "{path}: {v}");
        assert_eq!(v["success"], false, "{path}");
        assert_eq!(v["error"]["code"], "SERVICE_UNAVAILABLE", "{path}: {v}");
        assert!(
            !v.to_string().contains("127.0.0.1"),
            "{path}: the answer names the server: {v}"
        );
        waits.push(took);
    }
    let (status, _, took) = server
        .timed(reqwest::Method::GET, "/health/ready", None, None)
        .await;
    assert_eq!(status, 503);
    waits.push(took);
    eprintln!("mongodb down: answers after {waits:?}");
    let limit = server.app.config.dependency_request_timeout + Duration::from_secs(1);
    for w in &waits {
        assert!(*w < limit, "a request waited {w:?} (limit {limit:?})");
    }

    // back: the same server instance recovers on its own
    let _mongo = mongo.restart().await;
    let back = Instant::now();
    loop {
        let (status, _, _) = server.register().await;
        if status == 201 {
            break;
        }
        assert_eq!(status, 503);
        assert!(
            back.elapsed() < Duration::from_secs(30),
            "not recovered after {:?}",
            back.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!("mongodb back: serving again after {:?}", back.elapsed());
    let (status, _, _) = server
        .timed(reqwest::Method::GET, "/health/ready", None, None)
        .await;
    assert_eq!(status, 200);
}

/// Start-up still waits the (longer) dependency timeout: a MongoDB that comes up a few
/// seconds after the server starts — longer than a request would wait — is connected.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_up_waits_longer_for_mongodb_than_a_request() {
    let port = free_port();
    let uri = format!("mongodb://127.0.0.1:{port}/?directConnection=true");
    let (config, _data) = config(
        Backend::Mongo,
        Some(uri),
        &[("DEPENDENCY_TIMEOUT_SECS", "20".into())],
    );
    let request_timeout = config.dependency_request_timeout;
    assert!(
        request_timeout < Duration::from_secs(3),
        "{request_timeout:?}"
    );
    let started = Instant::now();
    let opening = tokio::spawn(async move { baitech::store::open(&config).await });
    tokio::time::sleep(request_timeout * 2 + Duration::from_secs(1)).await;
    let _mongo = Service::secantus(port, tempfile::tempdir().unwrap()).await;
    let store = opening
        .await
        .unwrap()
        .expect("start-up waits for the server");
    store
        .admin
        .ensure_indexes(false)
        .await
        .expect("and uses it");
    eprintln!("connected at start-up after {:?}", started.elapsed());
}

/// With Redis killed, the auth rate limits count in process: 13 registrations from one
/// address where 10 an hour are allowed get 10 answers 201 and 3 answers 429 (all 13 passed
/// before). When Redis is back the counters are in Redis again.
#[apply(both_backends)]
async fn rate_limits_hold_while_redis_is_down(#[case] b: Backend) {
    let port = free_port();
    let mut redis = Service::redis(port, tempfile::tempdir().unwrap()).await;
    let (config, data) = config(
        b,
        None,
        &[("REDIS_URL", format!("redis://127.0.0.1:{port}/"))],
    );
    let cache = cache::connect(&config)
        .await
        .expect("connect the test Redis");
    assert_eq!(cache.backend(), "redis");
    let server = Server::start(config, data, cache.clone()).await;
    let (status, v, _) = server.register().await;
    assert_eq!(status, 201, "{v}");
    let token = v["data"]["accessToken"].as_str().unwrap().to_string();

    redis.kill().await;
    // signed-in requests keep working without the cache
    let (status, v, took) = server
        .timed(reqwest::Method::GET, "/api/v1/users/me", Some(&token), None)
        .await;
    assert_eq!(status, 200, "{v}");
    eprintln!("redis down: GET /users/me answered 200 after {took:?}");
    let max = Rule::RegisterPerIp.default_limit().max;
    let mut answers = Vec::new();
    let started = Instant::now();
    for _ in 0..13 {
        let (status, v, _) = server.register().await;
        assert!(status == 201 || status == 429, "{status}: {v}");
        answers.push(status);
    }
    let took = started.elapsed();
    let created = answers.iter().filter(|s| **s == 201).count() as u64;
    eprintln!("redis down: 13 registrations answered {answers:?} in {took:?} ({created} created)");
    // one registration counted in Redis before it went away; the in-process count starts
    // afresh, so at most `max` pass while Redis is down
    assert_eq!(created, max, "{answers:?}");
    assert!(
        answers[max as usize..].iter().all(|s| *s == 429),
        "{answers:?}"
    );

    // back: counted in Redis again
    let _redis = redis.restart().await;
    let deadline = Instant::now() + Duration::from_secs(30);
    let key = baitech::ratelimit::key(Rule::RegisterPerIp, "127.0.0.1");
    loop {
        let _ = server.register().await;
        if cache.get(&key).await.ok().flatten().is_some() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "rate limits never went back to Redis"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
