//! The running application: configuration plus connected store and cache, shared by the HTTP
//! server and the CLI commands.

use std::sync::Arc;
use std::time::Instant;

use crate::auth::JwtKeys;
use crate::cache::{self, Cache};
use crate::config::Config;
use crate::error::Result;
use crate::store::{self, Store};

/// Everything a request handler or a command needs; cheap to clone.
#[derive(Clone)]
pub struct App {
    pub config: Arc<Config>,
    pub store: Store,
    pub cache: Arc<dyn Cache>,
    pub jwt: JwtKeys,
    pub started_at: Instant,
}

impl App {
    /// Connects the configured store and cache. An unreachable MongoDB or Redis is
    /// `Error::Unavailable` (exit code 3) within the configured dependency timeout.
    pub async fn connect(config: Config) -> Result<App> {
        let (store, cache) = tokio::try_join!(store::open(&config), cache::connect(&config))?;
        App::new(config, store, cache)
    }

    /// Assembles an application from already connected parts (the development JWT secret is
    /// created in the data directory on first use).
    pub fn new(config: Config, store: Store, cache: Arc<dyn Cache>) -> Result<App> {
        let jwt = JwtKeys::new(&config.jwt_secret.resolve()?);
        Ok(App {
            config: Arc::new(config),
            store,
            cache,
            jwt,
            started_at: Instant::now(),
        })
    }
}
