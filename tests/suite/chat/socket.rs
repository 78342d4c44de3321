//! The Socket.IO endpoint with the real JavaScript client: `tests/socketio/chat.mjs` (the
//! pinned `socket.io-client` 4.x that `tests/run.sh` installs with npm) connects two users,
//! sends over HTTP and over the socket, and checks `message:new`, acknowledgements, `typing`,
//! `message:read`, handshakes refused for a bad and an expired token, a stranger refused,
//! `sync` after a disconnect, `message:updated`/`message:reaction`/`message:deleted` after
//! HTTP changes, `conversation:updated` and a removed member leaving the group's room, a send
//! across a block refused both ways, and — with two `serve` instances on one Redis — delivery
//! between instances.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use baitech::app::App;
use baitech::auth::{TokenUse, jwt::ACCESS_TTL};
use baitech::domain::Id;
use baitech::domain::user::Role;
use baitech::realtime::RedisRealtime;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::json;

use super::direct_id;
use crate::bookings::person;
use crate::common::{Backend, TestApp, both_backends, redis_url, serve};

pub fn client_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/socketio")
}

/// Whether the JavaScript client can run here; says why not when it cannot. The check (and
/// the npm install it may need) runs once per test process: the socket tests start at the same
/// time, and npm installs racing into one directory left a package half written.
pub fn client_ready() -> bool {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    match READY.get_or_init(prepare_client) {
        Ok(()) => true,
        Err(why) => {
            eprintln!("SKIPPED: {why}");
            false
        }
    }
}

fn prepare_client() -> Result<(), String> {
    let dir = client_dir();
    if std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_err()
    {
        return Err("node is not installed, so the Socket.IO client test cannot run".into());
    }
    if !dir.join("node_modules/socket.io-client").exists() {
        let installed = std::process::Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--silent"])
            .current_dir(&dir)
            .status()
            .is_ok_and(|s| s.success());
        if !installed {
            return Err(format!(
                "npm could not install socket.io-client in {}",
                dir.display()
            ));
        }
    }
    Ok(())
}

/// Runs the story against `sockets` (one or two instances); its output when it fails.
async fn run_story(app: &TestApp, sockets: Vec<String>) {
    let (a, b) = (
        person(app, Role::Customer).await,
        person(app, Role::Technician).await,
    );
    let stranger = person(app, Role::Customer).await;
    let conv: Id = direct_id(app, &a, &b).await;
    // Signed with the server's key, issued two access lifetimes ago.
    let issued = chrono::Utc::now().timestamp() - 2 * ACCESS_TTL.as_secs() as i64;
    let (expired, _) = app
        .app
        .jwt
        .issue(a.id, a.role, TokenUse::Access, issued, ACCESS_TTL, 0)
        .expect("an expired token");
    let cfg = json!({
        "api": format!("http://{}", app.addr),
        "sockets": sockets,
        "tokens": {"a": a.token, "b": b.token, "stranger": stranger.token, "expired": expired},
        "users": {"a": a.id.to_hex(), "b": b.id.to_hex()},
        "conversation": conv.to_hex(),
    });
    let out = tokio::time::timeout(
        Duration::from_secs(90),
        tokio::process::Command::new("node")
            .arg("chat.mjs")
            .current_dir(client_dir())
            .env("BAITECH_SIO", cfg.to_string())
            .output(),
    )
    .await
    .expect("the client story finishes")
    .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("all ok"),
        "the JavaScript client failed:\n{stdout}\n{stderr}"
    );
}

#[apply(both_backends)]
async fn the_javascript_client_chats_over_the_socket(#[case] backend: Backend) {
    if !client_ready() {
        return;
    }
    let app = TestApp::spawn(backend).await;
    let url = format!("http://{}", app.addr);
    run_story(&app, vec![url]).await;
}

/// An instance of `app`'s store and settings whose realtime fan-out is Redis `channel`.
async fn on_redis(app: &App, channel: &str) -> App {
    let redis = RedisRealtime::connect(&redis_url(), Duration::from_secs(5), channel)
        .await
        .expect("redis");
    app.clone().with_realtime(Arc::new(redis))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_redis_deliver_to_each_others_sockets() {
    if !client_ready() {
        return;
    }
    let mut app = TestApp::spawn(Backend::Embedded).await;
    let channel = format!("baitech:test:{}", Id::new());
    // The HTTP side of the first instance publishes through Redis too.
    app.app = on_redis(&app.app, &channel).await;
    let (first, _stop1, _h1) = serve(&app.app).await;
    let second_app = on_redis(&app.app, &channel).await;
    let (second, _stop2, _h2) = serve(&second_app).await;
    app.addr = first;
    let sockets = vec![format!("http://{first}"), format!("http://{second}")];
    run_story(&app, sockets).await;
}
