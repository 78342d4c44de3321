//! Fixed-window rate limits on the auth routes, per client IP and per account, counted in the
//! cache (Redis when configured, so every API instance shares the counts; in-process
//! otherwise). Also decides which address a request comes from.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::http::HeaderMap;
use sha2::{Digest, Sha256};

use crate::cache::{Cache, MemoryCache};
use crate::error::{Error, Result};

/// At most `max` requests per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: u64,
    pub window: Duration,
}

impl Limit {
    pub const fn per_minute(max: u64) -> Self {
        Limit {
            max,
            window: Duration::from_secs(60),
        }
    }

    pub const fn per_hour(max: u64) -> Self {
        Limit {
            max,
            window: Duration::from_secs(3600),
        }
    }
}

/// What is being limited. Each rule has its own counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    LoginPerIp,
    LoginPerAccount,
    RegisterPerIp,
    TwoFactorPerIp,
    RefreshPerIp,
    ForgotPasswordPerIp,
    ForgotPasswordPerAccount,
    /// verify-email and reset-password: single-use token redemption.
    TokenPerIp,
    /// Authenticated actions that check a password or a code (change password, 2FA).
    SensitivePerAccount,
    ResendVerificationPerAccount,
}

impl Rule {
    pub const ALL: [Rule; 10] = [
        Rule::LoginPerIp,
        Rule::LoginPerAccount,
        Rule::RegisterPerIp,
        Rule::TwoFactorPerIp,
        Rule::RefreshPerIp,
        Rule::ForgotPasswordPerIp,
        Rule::ForgotPasswordPerAccount,
        Rule::TokenPerIp,
        Rule::SensitivePerAccount,
        Rule::ResendVerificationPerAccount,
    ];

    /// Stable name used in cache keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::LoginPerIp => "login:ip",
            Rule::LoginPerAccount => "login:account",
            Rule::RegisterPerIp => "register:ip",
            Rule::TwoFactorPerIp => "2fa:ip",
            Rule::RefreshPerIp => "refresh:ip",
            Rule::ForgotPasswordPerIp => "forgot:ip",
            Rule::ForgotPasswordPerAccount => "forgot:account",
            Rule::TokenPerIp => "token:ip",
            Rule::SensitivePerAccount => "sensitive:account",
            Rule::ResendVerificationPerAccount => "resend:account",
        }
    }

    /// The production default. Per-IP limits are generous because Kenyan mobile carriers put
    /// many subscribers behind one carrier-grade NAT address; the per-account limits and the
    /// failed-login lockout are what protect a single account.
    pub fn default_limit(self) -> Limit {
        match self {
            Rule::LoginPerIp => Limit::per_minute(30),
            Rule::LoginPerAccount => Limit::per_minute(10),
            Rule::RegisterPerIp => Limit::per_hour(10),
            Rule::TwoFactorPerIp => Limit::per_minute(20),
            Rule::RefreshPerIp => Limit::per_minute(60),
            Rule::ForgotPasswordPerIp => Limit::per_hour(10),
            Rule::ForgotPasswordPerAccount => Limit::per_hour(3),
            Rule::TokenPerIp => Limit::per_hour(30),
            Rule::SensitivePerAccount => Limit {
                max: 10,
                window: Duration::from_secs(15 * 60),
            },
            Rule::ResendVerificationPerAccount => Limit::per_hour(3),
        }
    }
}

/// The limit of every rule; part of [`crate::app::App`], so a deployment, a test or a
/// benchmark can change them without touching the routes. Also holds the in-process counters
/// that stand in while the shared cache (Redis) cannot count.
#[derive(Clone)]
pub struct RateLimits {
    limits: Vec<(Rule, Limit)>,
    fallback: Arc<Fallback>,
}

/// In-process counters used while the cache fails, and whether it is failing (so the change
/// is logged once, not on every request).
struct Fallback {
    counters: MemoryCache,
    degraded: AtomicBool,
}

impl Default for Fallback {
    fn default() -> Self {
        Fallback {
            counters: MemoryCache::new(0),
            degraded: AtomicBool::new(false),
        }
    }
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimits")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl PartialEq for RateLimits {
    fn eq(&self, other: &Self) -> bool {
        self.limits == other.limits
    }
}

impl Eq for RateLimits {}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            limits: Rule::ALL.iter().map(|r| (*r, r.default_limit())).collect(),
            fallback: Arc::default(),
        }
    }
}

impl RateLimits {
    /// Every default multiplied by `factor` (e.g. a load test raises them out of the way but
    /// keeps the counting, so its figures include that cost).
    pub fn scaled(factor: u64) -> Self {
        let mut l = RateLimits::default();
        for (_, limit) in &mut l.limits {
            limit.max = limit.max.saturating_mul(factor);
        }
        l
    }

    /// Replaces one rule's limit.
    pub fn with(mut self, rule: Rule, limit: Limit) -> Self {
        for (r, l) in &mut self.limits {
            if *r == rule {
                *l = limit;
            }
        }
        self
    }

    pub fn get(&self, rule: Rule) -> Limit {
        self.limits
            .iter()
            .find(|(r, _)| *r == rule)
            .map(|(_, l)| *l)
            .unwrap_or_else(|| rule.default_limit())
    }

    /// Counts one request of `subject` against `rule`; `RateLimited` with the time left in the
    /// window once over the limit. While the cache cannot count (Redis down), the same limits
    /// are counted in this process instead — never skipped — so an outage does not open the
    /// auth routes to guessing; each instance then allows the limit on its own until the cache
    /// is back, when counting returns to it.
    pub async fn check(&self, cache: &dyn Cache, rule: Rule, subject: &str) -> Result<()> {
        let limit = self.get(rule);
        let key = key(rule, subject);
        let (count, left) = match cache.hit(&key, limit.window).await {
            Ok(counted) => {
                if self.fallback.degraded.swap(false, Ordering::Relaxed) {
                    tracing::info!(
                        "rate-limit counters are back in the {} cache",
                        cache.backend()
                    );
                }
                counted
            }
            Err(e) => {
                if !self.fallback.degraded.swap(true, Ordering::Relaxed) {
                    tracing::warn!(error = %e, rule = rule.as_str(), "rate-limit counters unavailable; counting in process until the cache is back");
                }
                self.fallback.counters.hit(&key, limit.window).await?
            }
        };
        if count <= limit.max {
            Ok(())
        } else {
            Err(Error::RateLimited {
                retry_after: left.max(Duration::from_secs(1)),
            })
        }
    }
}

/// The cache key of `subject`'s counter for `rule`. Account subjects (e-mails, phone numbers)
/// are hashed so the cache holds no personal data.
pub fn key(rule: Rule, subject: &str) -> String {
    let digest = Sha256::digest(subject.trim().to_lowercase().as_bytes());
    format!("rl:{}:{}", rule.as_str(), &hex::encode(digest)[..32])
}

/// The address a request comes from: the TCP peer, or — only behind a trusted reverse proxy
/// (`TRUST_PROXY=true`) — the last address in `X-Forwarded-For`, which is the one our proxy
/// appended (earlier entries are whatever the client sent and can be forged).
pub fn client_ip(
    peer: Option<SocketAddr>,
    headers: &HeaderMap,
    trust_proxy: bool,
) -> Option<IpAddr> {
    let forwarded = trust_proxy
        .then(|| {
            headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(|s| s.trim().parse::<IpAddr>().ok())
                .next_back()
        })
        .flatten();
    forwarded.or(peer.map(|p| p.ip())).map(canonical)
}

/// IPv4-mapped IPv6 as plain IPv4, so one client has one counter.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

/// The rate-limit subject of an address: IPv4 as is; IPv6 by its /64 network, since one host
/// usually owns a whole /64 and could otherwise rotate addresses past any per-IP limit.
pub fn ip_subject(ip: Option<IpAddr>) -> String {
    match ip {
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{}/64", Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        None => "unknown".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::MemoryCache;

    #[test]
    fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
        let peer: SocketAddr = "10.0.0.5:4000".parse().unwrap();
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", "6.6.6.6, 197.248.1.10".parse().unwrap());
        assert_eq!(
            client_ip(Some(peer), &h, false),
            Some("10.0.0.5".parse().unwrap())
        );
        assert_eq!(
            client_ip(Some(peer), &h, true),
            Some("197.248.1.10".parse().unwrap())
        );
        h.insert("x-forwarded-for", "garbage".parse().unwrap());
        assert_eq!(
            client_ip(Some(peer), &h, true),
            Some("10.0.0.5".parse().unwrap())
        );
        let mapped: SocketAddr = "[::ffff:197.248.1.1]:80".parse().unwrap();
        assert_eq!(
            client_ip(Some(mapped), &HeaderMap::new(), false),
            Some("197.248.1.1".parse().unwrap())
        );
    }

    #[test]
    fn ipv6_clients_are_limited_per_64_network() {
        let a = ip_subject(Some("2001:db8:1:2:aaaa::1".parse().unwrap()));
        let b = ip_subject(Some("2001:db8:1:2:bbbb::9".parse().unwrap()));
        assert_eq!(a, b);
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_eq!(ip_subject(None), "unknown");
    }

    #[test]
    fn keys_hash_the_subject_and_ignore_case() {
        let k = key(Rule::LoginPerAccount, "Amina@Example.com");
        assert_eq!(k, key(Rule::LoginPerAccount, "amina@example.com"));
        assert!(k.starts_with("rl:login:account:") && !k.contains("amina"));
    }

    /// A cache whose counters always fail, as Redis does while it is down.
    struct Down;

    #[async_trait::async_trait]
    impl Cache for Down {
        fn backend(&self) -> &'static str {
            "redis"
        }
        async fn ping(&self) -> Result<Duration> {
            Err(Error::unavailable("redis", "down"))
        }
        async fn get(&self, _: &str) -> Result<Option<String>> {
            Err(Error::unavailable("redis", "down"))
        }
        async fn set(&self, _: &str, _: &str, _: Duration) -> Result<()> {
            Err(Error::unavailable("redis", "down"))
        }
        async fn delete(&self, _: &str) -> Result<()> {
            Err(Error::unavailable("redis", "down"))
        }
        async fn hit(&self, _: &str, _: Duration) -> Result<(u64, Duration)> {
            Err(Error::unavailable("redis", "down"))
        }
    }

    #[tokio::test]
    async fn a_failing_cache_falls_back_to_counting_in_process() {
        let limits = RateLimits::default().with(Rule::RegisterPerIp, Limit::per_hour(3));
        for _ in 0..3 {
            limits
                .check(&Down, Rule::RegisterPerIp, "1.2.3.4")
                .await
                .unwrap();
        }
        assert!(matches!(
            limits.check(&Down, Rule::RegisterPerIp, "1.2.3.4").await,
            Err(Error::RateLimited { .. })
        ));
        // clones (the App's Arc) share the counters; other subjects have their own
        let again = limits.clone();
        assert!(
            again
                .check(&Down, Rule::RegisterPerIp, "1.2.3.4")
                .await
                .is_err()
        );
        again
            .check(&Down, Rule::RegisterPerIp, "5.6.7.8")
            .await
            .unwrap();
        // a working cache counts again
        let cache = MemoryCache::new(10);
        limits
            .check(&cache, Rule::RegisterPerIp, "1.2.3.4")
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn over_the_limit_is_rate_limited_with_the_time_left() {
        let cache = MemoryCache::new(100);
        let limits = RateLimits::default().with(Rule::LoginPerIp, Limit::per_minute(2));
        for _ in 0..2 {
            limits
                .check(&cache, Rule::LoginPerIp, "1.2.3.4")
                .await
                .unwrap();
        }
        let Err(Error::RateLimited { retry_after }) =
            limits.check(&cache, Rule::LoginPerIp, "1.2.3.4").await
        else {
            panic!("expected a rate limit");
        };
        assert!(retry_after <= Duration::from_secs(60) && retry_after >= Duration::from_secs(1));
        limits
            .check(&cache, Rule::LoginPerIp, "5.6.7.8")
            .await
            .unwrap();
        assert_eq!(RateLimits::scaled(10).get(Rule::LoginPerIp).max, 300);
    }
}
