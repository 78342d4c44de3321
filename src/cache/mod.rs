//! Cache and short-lived counters: Redis when `REDIS_URL` is set (shared by every API
//! instance), in-process otherwise. Same trait either way.

mod memory;
mod redis_cache;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use crate::config::Config;
use crate::error::Result;

pub use memory::MemoryCache;
pub use redis_cache::RedisCache;

/// A string key-value cache with expiry, plus fixed-window counters for rate limits.
#[async_trait]
pub trait Cache: Send + Sync {
    /// `"redis"` or `"memory"`.
    fn backend(&self) -> &'static str;
    async fn ping(&self) -> Result<Duration>;
    async fn get(&self, key: &str) -> Result<Option<String>>;
    async fn set(&self, key: &str, value: &str, ttl: Duration) -> Result<()>;
    async fn delete(&self, key: &str) -> Result<()>;
    /// Adds one to the counter of the current window and returns (count, time left in window).
    async fn hit(&self, key: &str, window: Duration) -> Result<(u64, Duration)>;
}

/// Connects the cache the configuration selects; an unreachable Redis is `Unavailable` (within
/// the start-up dependency timeout; later commands wait the shorter request timeout).
pub async fn connect(config: &Config) -> Result<Arc<dyn Cache>> {
    match &config.redis_url {
        Some(url) => Ok(Arc::new(
            RedisCache::connect_with(
                url,
                config.dependency_timeout,
                config.dependency_request_timeout,
                "baitech:",
            )
            .await?,
        )),
        None => Ok(Arc::new(MemoryCache::new(100_000))),
    }
}
