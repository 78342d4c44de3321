//! In-process cache (moka) and counters, for a single instance.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_trait::async_trait;

use super::Cache;
use crate::error::Result;

/// Bounded in-memory cache with per-entry expiry.
pub struct MemoryCache {
    entries: moka::future::Cache<String, (String, Instant)>,
    windows: Mutex<HashMap<String, (u64, Instant)>>,
}

impl MemoryCache {
    pub fn new(capacity: u64) -> Self {
        MemoryCache {
            entries: moka::future::Cache::builder()
                .max_capacity(capacity)
                .time_to_live(Duration::from_secs(24 * 3600))
                .build(),
            windows: Mutex::new(HashMap::new()),
        }
    }
}

#[async_trait]
impl Cache for MemoryCache {
    fn backend(&self) -> &'static str {
        "memory"
    }

    async fn ping(&self) -> Result<Duration> {
        Ok(Duration::ZERO)
    }

    async fn get(&self, key: &str) -> Result<Option<String>> {
        match self.entries.get(key).await {
            Some((v, until)) if until > Instant::now() => Ok(Some(v)),
            Some(_) => {
                self.entries.invalidate(key).await;
                Ok(None)
            }
            None => Ok(None),
        }
    }

    async fn set(&self, key: &str, value: &str, ttl: Duration) -> Result<()> {
        self.entries
            .insert(key.to_string(), (value.to_string(), Instant::now() + ttl))
            .await;
        Ok(())
    }

    async fn delete(&self, key: &str) -> Result<()> {
        self.entries.invalidate(key).await;
        Ok(())
    }

    async fn hit(&self, key: &str, window: Duration) -> Result<(u64, Duration)> {
        let now = Instant::now();
        let mut w = self.windows.lock().expect("rate window lock");
        if w.len() > 100_000 {
            w.retain(|_, (_, until)| *until > now);
        }
        let e = w.entry(key.to_string()).or_insert((0, now + window));
        if e.1 <= now {
            *e = (0, now + window);
        }
        e.0 += 1;
        Ok((e.0, e.1 - now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn entries_expire_and_windows_reset() {
        let c = MemoryCache::new(10);
        c.set("k", "v", Duration::from_millis(30)).await.unwrap();
        assert_eq!(c.get("k").await.unwrap().as_deref(), Some("v"));
        tokio::time::sleep(Duration::from_millis(40)).await;
        assert_eq!(c.get("k").await.unwrap(), None);

        let w = Duration::from_millis(50);
        assert_eq!(c.hit("ip", w).await.unwrap().0, 1);
        assert_eq!(c.hit("ip", w).await.unwrap().0, 2);
        tokio::time::sleep(Duration::from_millis(60)).await;
        assert_eq!(c.hit("ip", w).await.unwrap().0, 1);
    }
}
