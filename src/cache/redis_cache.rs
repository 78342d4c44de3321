//! Redis-backed cache and counters, shared between API instances.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use redis::AsyncCommands;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::Cache;
use crate::config::DEFAULT_DEPENDENCY_REQUEST_TIMEOUT as DEFAULT_REQUEST_TIMEOUT;
use crate::error::{Error, Result};

/// A Redis connection (auto-reconnecting) with a key prefix.
#[derive(Clone)]
pub struct RedisCache {
    conn: ConnectionManager,
    prefix: String,
}

fn down(e: impl std::fmt::Display) -> Error {
    Error::unavailable("redis", e)
}

impl RedisCache {
    /// Connects and pings within `timeout`; `Unavailable` otherwise.
    pub async fn connect(url: &str, timeout: Duration) -> Result<Self> {
        Self::connect_with(url, timeout, DEFAULT_REQUEST_TIMEOUT, "baitech:").await
    }

    pub async fn connect_with_prefix(url: &str, timeout: Duration, prefix: &str) -> Result<Self> {
        Self::connect_with(url, timeout, DEFAULT_REQUEST_TIMEOUT, prefix).await
    }

    /// Connects within `startup` (trying again until then while Redis refuses) and pings; every
    /// later command, and each reconnection after Redis went away, waits at most `request`, so
    /// an outage costs a request little and the counters fall back quickly
    /// ([`crate::ratelimit`]).
    pub async fn connect_with(
        url: &str,
        startup: Duration,
        request: Duration,
        prefix: &str,
    ) -> Result<Self> {
        let request = request.min(startup);
        let client = redis::Client::open(url).map_err(down)?;
        let cfg = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(request))
            .set_response_timeout(Some(request))
            .set_number_of_retries(1);
        let deadline = Instant::now() + startup;
        let conn = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let attempt = tokio::time::timeout(
                left,
                ConnectionManager::new_with_config(client.clone(), cfg.clone()),
            )
            .await;
            match attempt {
                Ok(Ok(conn)) => break conn,
                Ok(Err(e)) if Instant::now() + Duration::from_millis(200) < deadline => {
                    tracing::debug!(error = %e, "redis not answering yet; waiting");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Ok(Err(e)) => return Err(down(format!("{}: {e}", redact(url)))),
                Err(_) => {
                    return Err(down(format!(
                        "no answer from {} within {startup:?}",
                        redact(url)
                    )));
                }
            }
        };
        let cache = RedisCache {
            conn,
            prefix: prefix.to_string(),
        };
        cache.ping().await?;
        Ok(cache)
    }

    fn key(&self, k: &str) -> String {
        format!("{}{k}", self.prefix)
    }
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    }
}

#[async_trait]
impl Cache for RedisCache {
    fn backend(&self) -> &'static str {
        "redis"
    }

    async fn ping(&self) -> Result<Duration> {
        let start = Instant::now();
        let mut c = self.conn.clone();
        let _: String = redis::cmd("PING").query_async(&mut c).await.map_err(down)?;
        Ok(start.elapsed())
    }

    async fn get(&self, key: &str) -> Result<Option<String>> {
        let mut c = self.conn.clone();
        c.get(self.key(key)).await.map_err(down)
    }

    async fn set(&self, key: &str, value: &str, ttl: Duration) -> Result<()> {
        let mut c = self.conn.clone();
        let ms = ttl.as_millis().max(1) as u64;
        let _: () = redis::cmd("SET")
            .arg(self.key(key))
            .arg(value)
            .arg("PX")
            .arg(ms)
            .query_async(&mut c)
            .await
            .map_err(down)?;
        Ok(())
    }

    async fn delete(&self, key: &str) -> Result<()> {
        let mut c = self.conn.clone();
        let _: i64 = c.del(self.key(key)).await.map_err(down)?;
        Ok(())
    }

    async fn hit(&self, key: &str, window: Duration) -> Result<(u64, Duration)> {
        let mut c = self.conn.clone();
        let k = self.key(key);
        let ms = window.as_millis().max(1) as u64;
        // INCR and set the expiry only when the window starts; both in one round trip.
        let (count, ttl): (u64, i64) = redis::pipe()
            .atomic()
            .incr(&k, 1u64)
            .cmd("PEXPIRE")
            .arg(&k)
            .arg(ms)
            .arg("NX")
            .ignore()
            .cmd("PTTL")
            .arg(&k)
            .query_async(&mut c)
            .await
            .map_err(down)?;
        Ok((count, Duration::from_millis(ttl.max(0) as u64)))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            super::redact("redis://u:secret@host:6379/0"),
            "redis://***@host:6379/0"
        );
        assert_eq!(super::redact("redis://host:6379"), "redis://host:6379");
    }
}
