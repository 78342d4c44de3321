//! The real `baitech` binary run against a test store, on either adapter: test environment,
//! stdin closed (as in CI), and none of the developer's own connection or gateway variables.

use std::path::Path;
use std::process::Output;

use super::{TestStore, baitech_bin, mongo_uri};

/// Variables of the developer's environment a test run must not see.
const CLEARED: &[&str] = &[
    "MONGODB_URI",
    "MONGODB_DB",
    "REDIS_URL",
    "BAITECH_DATA",
    "BAITECH_ADMIN_EMAIL",
    "MPESA_CONSUMER_KEY",
    "STRIPE_SECRET_KEY",
    "SMTP_URL",
    "RUST_LOG",
];

/// The command `baitech -q ARGS` against `store`, working directory `home`, with `env` added;
/// ready to be run (or spawned, to be interrupted).
pub fn command(
    store: &TestStore,
    home: &Path,
    env: &[(&str, String)],
    args: &[&str],
) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(baitech_bin());
    cmd.current_dir(home).arg("-q");
    match (&store.data_dir, &store.mongo_db) {
        (Some(dir), _) => cmd.arg("--data-dir").arg(dir.path()),
        (None, Some(db)) => cmd
            .args(["--mongodb-uri", &mongo_uri(), "--mongodb-db", db])
            .arg("--data-dir")
            .arg(home),
        (None, None) => unreachable!("a test store is embedded or on MongoDB"),
    };
    for var in CLEARED {
        cmd.env_remove(var);
    }
    cmd.env("BAITECH_ENV", "test")
        .envs(env.iter().map(|(k, v)| (k, v)))
        .args(args)
        .stdin(std::process::Stdio::null());
    cmd
}

/// Runs [`command`] to the end and returns what it printed.
pub async fn run(store: &TestStore, home: &Path, env: &[(&str, String)], args: &[&str]) -> Output {
    command(store, home, env, args)
        .output()
        .await
        .expect("run the baitech binary")
}
