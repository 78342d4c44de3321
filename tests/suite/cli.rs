//! CLI tests against the real `baitech` binary: exit codes, JSON output, completions, serve.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{TestClient, baitech_bin, redis_url};

/// `baitech` with a clean environment in `cwd` (so no developer `.env` or variables leak in).
fn baitech(cwd: &Path) -> Command {
    let mut c = Command::new(baitech_bin());
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", cwd)
        .current_dir(cwd)
        .stdin(Stdio::null());
    c
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("run baitech");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

/// A loopback port nothing listens on.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[test]
fn committed_completions_match_the_cli() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let tmp = tempfile::tempdir().unwrap();
    for (shell, file) in [
        ("bash", "baitech.bash"),
        ("zsh", "_baitech"),
        ("fish", "baitech.fish"),
        ("powershell", "_baitech.ps1"),
        ("elvish", "baitech.elv"),
    ] {
        let (code, out, err) = run(baitech(tmp.path()).args(["completions", shell]));
        assert_eq!(code, 0, "{err}");
        let committed = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        assert!(
            committed == out,
            "completions/{file} is out of date: regenerate with `cargo run -- completions {shell} > completions/{file}`"
        );
    }
}

#[test]
fn invalid_configuration_exits_2_naming_every_variable() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, err) = run(baitech(tmp.path())
        .args(["health"])
        .env("BAITECH_ENV", "staging")
        .env("PORT", "http")
        .env("REDIS_URL", "localhost:6379"));
    assert_eq!(code, 2, "{err}");
    for var in ["BAITECH_ENV", "PORT", "REDIS_URL"] {
        assert!(err.contains(var), "{var} not named in: {err}");
    }
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
}

#[test]
fn json_errors_use_the_envelope() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, out, _) = run(baitech(tmp.path())
        .args(["--json", "health"])
        .env("BAITECH_ENV", "production"));
    assert_eq!(code, 2);
    let v: Value = serde_json::from_str(&out).expect("JSON on stdout");
    assert_eq!(v["success"], false);
    assert_eq!(v["error"]["code"], "INVALID_CONFIGURATION");
    assert_eq!(v["error"]["details"][0]["field"], "JWT_SECRET");
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, _) = run(baitech(tmp.path()).args(["no-such-command"]));
    assert_eq!(code, 2);
}

#[test]
fn unreachable_mongodb_exits_3_within_15_seconds() {
    let tmp = tempfile::tempdir().unwrap();
    let uri = format!(
        "mongodb://127.0.0.1:{}/?directConnection=true",
        closed_port()
    );
    let start = Instant::now();
    let (code, out, err) = run(baitech(tmp.path())
        .args(["health"])
        .env("MONGODB_URI", &uri));
    let took = start.elapsed();
    assert_eq!(code, 3, "stdout: {out}\nstderr: {err}");
    assert!(took < Duration::from_secs(15), "took {took:?}");
    let lines: Vec<_> = err.trim().lines().collect();
    assert_eq!(lines.len(), 1, "one clear line: {err}");
    assert!(lines[0].contains("mongodb"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn serve_with_unreachable_redis_exits_3() {
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("redis://127.0.0.1:{}/", closed_port());
    let (code, _, err) = run(baitech(tmp.path())
        .args(["-q", "serve", "--addr", "127.0.0.1:0"])
        .env("REDIS_URL", &url)
        .env("DEPENDENCY_TIMEOUT_SECS", "2"));
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("redis"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn health_on_the_embedded_store_reports_up_with_statistics() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, out, err) = run(baitech(tmp.path()).args(["--json", "health"]));
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["healthy"], true);
    assert_eq!(v["checks"][0]["backend"], "embedded");
    assert_eq!(v["checks"][1]["backend"], "memory");
    let names: Vec<_> = v["database"]["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    for c in baitech::store::collections::ALL {
        assert!(names.iter().any(|n| n == c), "{c} missing from {names:?}");
    }
    // the default data directory is created relative to the working directory
    assert!(tmp.path().join("baitech-data").is_dir());
}

#[test]
fn health_checks_redis_when_configured() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, out, err) = run(baitech(tmp.path())
        .args(["--json", "health", "--no-stats"])
        .env("REDIS_URL", redis_url()));
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["checks"][1]["backend"], "redis");
    assert_eq!(v["checks"][1]["status"], "up");
}

#[test]
fn health_of_a_server_that_is_down_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{}", closed_port());
    let (code, out, _) =
        run(baitech(tmp.path()).args(["--json", "health", "--no-stats", "--url", &url]));
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["healthy"], false);
    assert_eq!(v["checks"][2]["name"], "server");
    assert_eq!(v["checks"][2]["status"], "down");
}

#[test]
fn health_table_is_readable() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, out, err) = run(baitech(tmp.path()).args(["health"]));
    assert_eq!(code, 0, "{err}");
    for word in [
        "dependency",
        "store",
        "embedded",
        "cache",
        "memory",
        "users",
        "bookings",
    ] {
        assert!(out.contains(word), "{word} missing from:\n{out}");
    }
}

#[test]
fn serve_with_no_environment_is_ready_within_seconds_and_stops_on_sigterm() {
    crate::common::init();
    let tmp = tempfile::tempdir().unwrap();
    let port = closed_port();
    let mut child = baitech(tmp.path())
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn serve");
    let start = Instant::now();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let ready = rt.block_on(async {
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        let client = TestClient::new(addr, Duration::from_secs(5));
        while start.elapsed() < Duration::from_secs(20) {
            let ready = client.request(reqwest::Method::GET, "/health/ready");
            if let Ok(r) = ready.try_send().await {
                return Some((r.status().as_u16(), r.json::<Value>().await.ok()));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        None
    });
    let (status, body) = ready.unwrap_or_else(|| {
        let _ = child.kill();
        panic!("server did not answer within 20 s");
    });
    assert_eq!(status, 200, "{body:?}");
    assert_eq!(body.unwrap()["data"]["checks"][0]["backend"], "embedded");
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "ready after {:?}",
        start.elapsed()
    );

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // development created its JWT secret in the data directory
    assert!(tmp.path().join("baitech-data").is_dir());
}
