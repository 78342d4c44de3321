//! The real `baitech` binary: `seed`, `indexes` and `cleanup` with `--json`, against an
//! embedded store in a temporary directory (test environment, stdin closed).

use std::path::Path;
use std::process::{Command, Output, Stdio};

use baitech::services::cleanup;
use serde_json::Value;

use crate::common;

/// Runs `baitech ARGS` in `dir` against an embedded store in `dir/data`, test environment.
fn baitech(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(common::baitech_bin());
    cmd.args(args)
        .current_dir(dir)
        .env_remove("MONGODB_URI")
        .env_remove("REDIS_URL")
        .env_remove("BAITECH_ADMIN_PASSWORD")
        .env_remove("BAITECH_DEMO_PASSWORD")
        .env("BAITECH_ENV", "test")
        .env("BAITECH_DATA", dir.join("data"))
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run the baitech binary")
}

fn json_out(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn cli_seed_users_json_reports_matching_counts() {
    let dir = tempfile::tempdir().unwrap();
    let out = baitech(
        dir.path(),
        &[],
        &["seed", "--users", "50", "--seed", "3", "--json"],
    );
    let v = json_out(&out);
    assert_eq!(v["seed"], 3);
    assert_eq!(v["fixtures"]["status"], "loaded");
    assert!(
        v["generatedPasswords"]["admin"]
            .as_str()
            .is_some_and(|p| p.len() >= 12),
        "{v}"
    );
    let users = v["generated"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "users")
        .expect("users entry");
    assert_eq!(users["inserted"], 50);
    assert!(users["docsPerSec"].as_f64().is_some() && users["elapsedMs"].as_u64().is_some());

    let again = json_out(&baitech(dir.path(), &[], &["seed", "--json"]));
    assert_eq!(again["fixtures"]["status"], "skipped");
}

#[test]
fn cli_seed_refuses_production_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let prod = [
        ("BAITECH_ENV", "production"),
        ("JWT_SECRET", "q8Z2v9LmN4xT7rW1kP5sD3fG6hJ0cB8aq8Z2v9Lm"),
    ];
    let out = baitech(dir.path(), &prod, &["seed"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("production") && stderr.contains("--force"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("data").exists(),
        "nothing was opened or written"
    );
}

#[test]
fn cli_indexes_twice_reports_everything_existing_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let first = json_out(&baitech(dir.path(), &[], &["indexes", "--json"]));
    assert!(!first["indexes"].as_array().unwrap().is_empty());
    let second = json_out(&baitech(dir.path(), &[], &["indexes", "--json"]));
    let statuses: Vec<&str> = second["indexes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["status"].as_str().unwrap())
        .collect();
    assert!(statuses.iter().all(|s| *s == "existing"), "{statuses:?}");
    let dry = json_out(&baitech(
        dir.path(),
        &[],
        &["indexes", "--dry-run", "--json"],
    ));
    assert_eq!(dry["dryRun"], true);
}

#[test]
fn cli_cleanup_dry_run_json_counts_without_removing() {
    let dir = tempfile::tempdir().unwrap();
    json_out(&baitech(dir.path(), &[], &["seed", "--json"]));
    let v = json_out(&baitech(
        dir.path(),
        &[],
        &["cleanup", "--dry-run", "--json"],
    ));
    assert_eq!(v["dryRun"], true);
    let rules = v["rules"].as_array().unwrap();
    assert_eq!(rules.len(), cleanup::RULES.len());
    assert!(rules.iter().all(|r| r["removed"] == 0), "{rules:?}");
    let eligible = |name: &str| {
        rules.iter().find(|r| r["rule"] == name).unwrap()["eligible"]
            .as_u64()
            .unwrap()
    };
    // The fixture set has a chat both sides deleted, old read notifications and an expired promotion.
    assert!(
        eligible("deleted_conversations") >= 1
            && eligible("read_notifications") >= 1
            && eligible("expired_notifications") >= 1
    );
    let again = json_out(&baitech(
        dir.path(),
        &[],
        &["cleanup", "--dry-run", "--json"],
    ));
    for rule in cleanup::RULES {
        assert_eq!(
            eligible_of(&again, rule),
            eligible_of(&v, rule),
            "a dry run changed nothing ({rule})"
        );
    }
    let real = json_out(&baitech(dir.path(), &[], &["cleanup", "--json"]));
    for rule in cleanup::RULES {
        let r = real["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == rule)
            .unwrap();
        assert_eq!(r["removed"], r["eligible"], "{rule}: {r}");
    }
    let done = json_out(&baitech(
        dir.path(),
        &[],
        &["cleanup", "--dry-run", "--json"],
    ));
    assert!(
        cleanup::RULES
            .iter()
            .all(|rule| eligible_of(&done, rule) == 0),
        "{done}"
    );
}

fn eligible_of(v: &Value, rule: &str) -> u64 {
    v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == rule)
        .unwrap()["eligible"]
        .as_u64()
        .unwrap()
}
