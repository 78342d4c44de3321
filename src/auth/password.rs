//! Password hashing and policy. New hashes are argon2id; bcrypt hashes imported from the
//! original Node system (`$2a$`/`$2b$`/`$2y$`) still verify and are flagged for upgrade.
//! Hashing is deliberately slow: call these from `spawn_blocking` (see [`hash_async`]).

use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::{Error, FieldError, Result};

pub const MIN_LEN: usize = 8;
pub const MAX_LEN: usize = 128;

/// Hashes with argon2id (library defaults, random salt) into a PHC string.
pub fn hash(password: &str) -> Result<String> {
    argon2::Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| Error::internal("hashing a password", anyhow::anyhow!("{e}")))
}

/// Argon2 is CPU- and memory-bound (19 MiB a call): running more at once than there are cores
/// adds memory and latency without adding throughput, so calls queue here instead.
fn hashing_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new(cores)
    })
}

/// Runs slow hashing work on the blocking pool, at most one per core at a time.
pub async fn run_limited<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T> {
    let _slot = hashing_slots()
        .acquire()
        .await
        .map_err(|e| Error::internal("password hashing slots", e))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Error::internal("password hashing task", e))
}

/// [`hash`] off the async runtime.
pub async fn hash_async(password: String) -> Result<String> {
    run_limited(move || hash(&password)).await?
}

/// The outcome of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verified {
    No,
    Yes,
    /// Correct, but the hash is bcrypt (or weaker argon2 parameters): store a new hash.
    YesRehash,
}

/// Checks `password` against an argon2 or bcrypt hash; unknown formats never match.
pub fn verify(password: &str, stored: &str) -> Verified {
    if stored.starts_with("$argon2") {
        match argon2::Argon2::default().verify_password(password.as_bytes(), stored) {
            Ok(()) if stored.starts_with("$argon2id$") => Verified::Yes,
            Ok(()) => Verified::YesRehash,
            Err(_) => Verified::No,
        }
    } else if stored.starts_with("$2a$") || stored.starts_with("$2b$") || stored.starts_with("$2y$")
    {
        match bcrypt::verify(password, stored) {
            Ok(true) => Verified::YesRehash,
            _ => Verified::No,
        }
    } else {
        Verified::No
    }
}

/// [`verify`] off the async runtime.
pub async fn verify_async(password: String, stored: String) -> Verified {
    run_limited(move || verify(&password, &stored))
        .await
        .unwrap_or(Verified::No)
}

const COMMON: &[&str] = &[
    "password",
    "password1",
    "password123",
    "12345678",
    "123456789",
    "1234567890",
    "qwerty123",
    "qwertyuiop",
    "iloveyou",
    "admin123",
    "welcome1",
    "letmein1",
    "baitech123",
    "kenya2024",
    "nairobi123",
    "football",
    "11111111",
    "00000000",
    "abcd1234",
    "passw0rd",
];

/// The password policy: 8–128 characters, upper and lower case letters and a digit, not a
/// common password, not containing the user's name or e-mail name. Returns every problem.
pub fn check_policy(password: &str, personal: &[&str]) -> Vec<FieldError> {
    let mut problems = Vec::new();
    let len = password.chars().count();
    if len < MIN_LEN {
        problems.push(format!("must be at least {MIN_LEN} characters"));
    }
    if len > MAX_LEN {
        problems.push(format!("must be at most {MAX_LEN} characters"));
    }
    if !password.chars().any(|c| c.is_lowercase()) {
        problems.push("must contain a lower-case letter".to_string());
    }
    if !password.chars().any(|c| c.is_uppercase()) {
        problems.push("must contain an upper-case letter".to_string());
    }
    if !password.chars().any(|c| c.is_ascii_digit()) {
        problems.push("must contain a digit".to_string());
    }
    let lower = password.to_lowercase();
    if COMMON.contains(&lower.as_str()) {
        problems.push("is too common".to_string());
    }
    if personal
        .iter()
        .map(|p| p.trim().to_lowercase())
        .any(|p| p.chars().count() >= 3 && lower.contains(&p))
    {
        problems.push("must not contain your name or e-mail".to_string());
    }
    problems
        .into_iter()
        .map(|m| FieldError::new("password", m))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2id_hashes_verify() {
        let h = hash("Correct-Horse-9").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert_eq!(verify("Correct-Horse-9", &h), Verified::Yes);
        assert_eq!(verify("correct-horse-9", &h), Verified::No);
    }

    #[test]
    fn imported_bcrypt_hashes_verify_and_ask_for_an_upgrade() {
        let h = bcrypt::hash_with_salt("Legacy-Pass-1", 4, [7u8; 16])
            .unwrap()
            .format_for_version(bcrypt::Version::TwoB);
        assert!(h.starts_with("$2b$04$"));
        assert_eq!(verify("Legacy-Pass-1", &h), Verified::YesRehash);
        assert_eq!(verify("wrong", &h), Verified::No);
        let a = h.replacen("$2b$", "$2a$", 1);
        assert_eq!(verify("Legacy-Pass-1", &a), Verified::YesRehash);
        assert_eq!(verify("x", "plaintext"), Verified::No);
    }

    #[test]
    fn policy_lists_every_problem() {
        let p = check_policy("abc", &[]);
        let msgs: Vec<_> = p.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "must be at least 8 characters",
                "must contain an upper-case letter",
                "must contain a digit"
            ]
        );
        assert!(
            check_policy("Wanjiru2024x", &["wanjiru"])
                .iter()
                .any(|e| e.message.contains("name"))
        );
        assert!(check_policy("Mango-Tree7", &[]).is_empty());
        assert_eq!(check_policy("Password1", &[])[0].message, "is too common");
        assert!(check_policy("Tr1cky-Mango-Tree", &["amina", "amina@example.com"]).is_empty());
    }
}
