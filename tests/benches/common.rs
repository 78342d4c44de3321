//! What the benchmarks share: knobs read from the environment, percentiles, and the
//! application on a fresh embedded store, served in-process like `baitech serve`.

// Each benchmark is its own crate and uses only some of these.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use baitech::app::App;
use baitech::cache::MemoryCache;
use baitech::config::{Config, Overrides};
use baitech::store::Store;

/// `name` from the environment, parsed, or `default`.
pub fn env_num<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The `p` quantile (0..=1) of sorted values, nearest rank; 0 for none.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// A fresh embedded store in `dir`, its indexes created.
pub async fn open_store(dir: &Path) -> Store {
    let store = baitech::store::embedded::open(dir)
        .await
        .expect("open the embedded store");
    store.admin.ensure_indexes(false).await.expect("indexes");
    store
}

/// The application over `store` in the test environment, with an in-process cache of
/// `cache_entries` (gateways are the in-memory sandboxes).
pub fn app_on(store: Store, dir: &Path, cache_entries: u64) -> App {
    let vars = [("BAITECH_ENV".to_string(), "test".to_string())].into();
    let overrides = Overrides {
        data_dir: Some(dir.to_path_buf()),
        ..Default::default()
    };
    let config = Config::from_map(overrides, &vars).expect("configuration");
    App::new(config, store, Arc::new(MemoryCache::new(cache_entries))).expect("app")
}

/// Serves `app` on a loopback port until the process ends; its address.
pub async fn serve(app: App) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(baitech::api::serve(app, listener, std::future::pending()));
    addr
}
