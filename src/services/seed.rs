//! Seeding a store: the fixture set (the admin account and a few dozen named people with
//! bookings, posts, reviews, chats and notifications; loaded once) and, on demand, generated
//! data at scale (users, posts, bookings, conversations with messages).
//!
//! Generated data is deterministic for a seed and an `as_of` instant: every document is a
//! pure function of (seed, collection, index) with time-ordered ids. Batches are generated on
//! a blocking thread while the previous batch is being written, through the repositories'
//! bulk inserts. Progress is reported through a callback so the service knows nothing of
//! terminals.

mod bookings;
mod catalog;
mod chat;
mod demo;
mod fixture_set;
mod people;
mod posts;
mod scale;
mod synth;

use std::time::Instant;

use rand::Rng;
use serde::Serialize;

pub use demo::ADMIN_EMAIL;
pub use fixture_set::FixtureCounts;

use crate::auth::password;
use crate::config::Environment;
use crate::domain::{Email, Timestamp};
use crate::error::{Error, FieldError, Result};
use crate::store::Store;
use catalog::Catalog;
use synth::Gen;

/// Progress of a long task (a collection being seeded, a cleanup rule running).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// `task` starts with `total` units of work.
    Start {
        task: &'static str,
        total: u64,
    },
    /// `n` more units are done.
    Advance {
        task: &'static str,
        n: u64,
    },
    Finish {
        task: &'static str,
    },
}

/// Where progress goes; `&|_| {}` to ignore it.
pub type ProgressFn<'a> = &'a (dyn Fn(Progress) + Sync);

/// Default documents per bulk insert.
pub const DEFAULT_BATCH_SIZE: usize = 5_000;
/// Largest accepted batch (bigger batches only cost memory, not speed).
pub const MAX_BATCH_SIZE: usize = 100_000;
/// Most documents one run may generate per collection.
pub const MAX_COUNT: u64 = 10_000_000;
/// Passwords shorter than this are refused (the admin account can do everything).
pub const MIN_PASSWORD_LEN: usize = 12;

/// What to seed.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    /// Load the fixture set (skipped when the admin account already exists).
    pub fixtures: bool,
    pub users: u64,
    pub posts: u64,
    pub bookings: u64,
    pub messages: u64,
    pub seed: u64,
    pub batch_size: usize,
    /// The "now" of the data. `None`: the real now for the fixture set, the start of today
    /// (UTC) for generated data, so one seed gives the same data all day.
    pub as_of: Option<Timestamp>,
    /// The admin's password; generated (and reported once) when `None`.
    pub admin_password: Option<String>,
    /// The password of every other fixture user; generated when `None`.
    pub demo_password: Option<String>,
    /// Empty the store first.
    pub reset: bool,
}

impl Default for SeedOptions {
    fn default() -> Self {
        SeedOptions {
            fixtures: true,
            users: 0,
            posts: 0,
            bookings: 0,
            messages: 0,
            seed: 0,
            batch_size: DEFAULT_BATCH_SIZE,
            as_of: None,
            admin_password: None,
            demo_password: None,
            reset: false,
        }
    }
}

impl SeedOptions {
    /// Every problem with the options at once.
    pub fn validate(&self) -> Result<()> {
        let mut errs = Vec::new();
        for (field, n) in [
            ("users", self.users),
            ("posts", self.posts),
            ("bookings", self.bookings),
            ("messages", self.messages),
        ] {
            if n > MAX_COUNT {
                errs.push(FieldError::new(
                    format!("--{field}"),
                    format!("must be at most {MAX_COUNT}"),
                ));
            }
        }
        if !(1..=MAX_BATCH_SIZE).contains(&self.batch_size) {
            errs.push(FieldError::new(
                "--batch-size",
                format!("must be between 1 and {MAX_BATCH_SIZE}"),
            ));
        }
        // The platform's password policy, and a longer minimum for the all-powerful admin.
        for (field, pw, min, personal) in [
            (
                "--admin-password",
                &self.admin_password,
                MIN_PASSWORD_LEN,
                &["admin"][..],
            ),
            (
                "--demo-password",
                &self.demo_password,
                password::MIN_LEN,
                &[][..],
            ),
        ] {
            let Some(pw) = pw else { continue };
            if pw.chars().count() < min {
                errs.push(FieldError::new(
                    field,
                    format!("must be at least {min} characters"),
                ));
            }
            errs.extend(
                password::check_policy(pw, personal)
                    .into_iter()
                    .map(|e| FieldError::new(field, e.message)),
            );
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(errs))
        }
    }

    fn generates(&self) -> bool {
        self.users + self.posts + self.bookings + self.messages > 0
    }
}

/// Refuses to seed production unless forced: fixture accounts with known passwords and fake
/// bookings do not belong next to real customers.
pub fn guard_environment(env: Environment, force: bool) -> Result<()> {
    if env == Environment::Production && !force {
        return Err(Error::BadRequest(
            "refusing to seed a production environment (BAITECH_ENV=production); pass --force if you really mean to".into(),
        ));
    }
    Ok(())
}

/// What happened to the fixture set.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase", tag = "status")]
pub enum FixtureOutcome {
    Loaded {
        counts: FixtureCounts,
        elapsed_ms: u64,
    },
    Skipped {
        reason: String,
    },
    Disabled,
}

/// Timing of one generated collection.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectionReport {
    pub name: &'static str,
    pub inserted: u64,
    pub elapsed_ms: u64,
    pub docs_per_sec: f64,
}

/// Passwords made up by this run; shown once, never stored in clear.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GeneratedPasswords {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demo: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedReport {
    pub backend: &'static str,
    pub seed: u64,
    pub as_of: Timestamp,
    pub reset: bool,
    pub fixtures: FixtureOutcome,
    pub generated: Vec<CollectionReport>,
    pub generated_passwords: GeneratedPasswords,
    pub elapsed_ms: u64,
}

impl SeedReport {
    /// Documents generated into `collection` (0 if none).
    pub fn inserted(&self, collection: &str) -> u64 {
        self.generated
            .iter()
            .filter(|c| c.name == collection)
            .map(|c| c.inserted)
            .sum()
    }
}

/// Seeds `store` as `opts` says.
pub async fn run(
    store: &Store,
    opts: &SeedOptions,
    progress: ProgressFn<'_>,
) -> Result<SeedReport> {
    opts.validate()?;
    let started = Instant::now();
    let catalog = Catalog::get()?;
    if opts.reset {
        store.admin.reset().await?;
    }
    let now = opts.as_of.unwrap_or_else(Timestamp::now);
    let mut passwords = GeneratedPasswords::default();
    let fixtures = if opts.fixtures {
        load_fixtures(store, catalog, opts, now, &mut passwords).await?
    } else {
        FixtureOutcome::Disabled
    };
    let anchor = opts.as_of.unwrap_or_else(|| start_of_day(now));
    let mut generated = Vec::new();
    if opts.generates() {
        generated = scale::generate(store, catalog, opts, anchor, progress).await?;
    }
    Ok(SeedReport {
        backend: store.admin.backend(),
        seed: opts.seed,
        as_of: anchor,
        reset: opts.reset,
        fixtures,
        generated,
        generated_passwords: passwords,
        elapsed_ms: started.elapsed().as_millis() as u64,
    })
}

fn start_of_day(t: Timestamp) -> Timestamp {
    Timestamp::from_millis(t.millis() - t.millis().rem_euclid(86_400_000))
}

async fn load_fixtures(
    store: &Store,
    c: &'static Catalog,
    opts: &SeedOptions,
    now: Timestamp,
    pw: &mut GeneratedPasswords,
) -> Result<FixtureOutcome> {
    let admin_email = Email::parse(ADMIN_EMAIL)
        .map_err(|e| Error::internal("admin e-mail", anyhow::anyhow!(e)))?;
    if store
        .users
        .find_user_by_email(&admin_email)
        .await?
        .is_some()
    {
        return Ok(FixtureOutcome::Skipped {
            reason: format!(
                "{ADMIN_EMAIL} already exists; the fixture set was loaded before{}",
                if opts.admin_password.is_some() {
                    " (its password was left unchanged)"
                } else {
                    ""
                }
            ),
        });
    }
    let started = Instant::now();
    let admin = opts.admin_password.clone().unwrap_or_else(|| {
        let p = random_password();
        pw.admin = Some(p.clone());
        p
    });
    let demo = opts.demo_password.clone().unwrap_or_else(|| {
        let p = random_password();
        pw.demo = Some(p.clone());
        p
    });
    let (admin_hash, demo_hash) =
        tokio::try_join!(password::hash_async(admin), password::hash_async(demo))?;
    let g = Gen::new(0, now, 0);
    let counts = fixture_set::load(store, &g, c, admin_hash, demo_hash).await?;
    Ok(FixtureOutcome::Loaded {
        counts,
        elapsed_ms: started.elapsed().as_millis() as u64,
    })
}

/// 20 characters from an alphabet without look-alikes (no 0/O, 1/l/I) that pass the
/// password policy (drawn again in the rare case one lacks a digit or a case).
fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    loop {
        let p: String = (0..20)
            .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
            .collect();
        if password::check_policy(&p, &[]).is_empty() {
            return p;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_report_every_problem_with_the_flag_that_caused_it() {
        let bad = SeedOptions {
            users: MAX_COUNT + 1,
            batch_size: 0,
            admin_password: Some("Admin-Pass-1".into()),
            demo_password: Some("short".into()),
            ..SeedOptions::default()
        };
        let Err(Error::Validation(errs)) = bad.validate() else {
            panic!("accepted bad options")
        };
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "--users",
            "--batch-size",
            "--admin-password",
            "--demo-password",
        ] {
            assert!(fields.contains(&f), "{f} missing from {errs:?}");
        }
        assert!(SeedOptions::default().validate().is_ok());
        assert!(password::check_policy(&random_password(), &[]).is_empty());
    }

    #[test]
    fn production_is_refused_unless_forced() {
        assert!(matches!(
            guard_environment(Environment::Production, false),
            Err(Error::BadRequest(_))
        ));
        assert!(guard_environment(Environment::Production, true).is_ok());
        assert!(guard_environment(Environment::Development, false).is_ok());
    }
}
