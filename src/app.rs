//! The running application: configuration plus connected store and cache, shared by the HTTP
//! server and the CLI commands.

use std::sync::Arc;
use std::time::Instant;

use crate::auth::JwtKeys;
use crate::cache::{self, Cache};
use crate::config::Config;
use crate::error::Result;
use crate::gateways::email::{self, EmailGateway};
use crate::gateways::mpesa::{self, Mpesa};
use crate::gateways::push::{self, Push};
use crate::gateways::sms::{self, Sms};
use crate::gateways::stripe::{self, Stripe};
use crate::ratelimit::RateLimits;
use crate::realtime::{self, Event, InProcessRealtime, Realtime};
use crate::store::{self, Store};

/// Everything a request handler or a command needs: one shared [`Parts`] behind an `Arc`, so
/// a clone (axum makes several per request: the state of every extractor and layer) is one
/// reference count, not one per connection, gateway and repository plus a copy of the keys.
#[derive(Clone)]
pub struct App(Arc<Parts>);

/// What an [`App`] holds; read through the `App` (`app.store`, `app.config`, ...).
#[derive(Clone)]
pub struct Parts {
    pub config: Arc<Config>,
    pub store: Store,
    pub cache: Arc<dyn Cache>,
    pub jwt: JwtKeys,
    /// SMTP when configured, the in-memory sandbox outbox otherwise.
    pub email: Arc<dyn EmailGateway>,
    /// Daraja when configured, the in-memory sandbox otherwise.
    pub mpesa: Arc<dyn Mpesa>,
    /// Stripe when configured, the in-memory sandbox otherwise.
    pub stripe: Arc<dyn Stripe>,
    /// FCM when configured, the in-memory sandbox otherwise.
    pub push: Arc<dyn Push>,
    /// Africa's Talking when configured, the in-memory sandbox otherwise.
    pub sms: Arc<dyn Sms>,
    /// Limits of the auth routes (defaults; tests and benchmarks may replace them).
    pub rate_limits: Arc<RateLimits>,
    /// Event fan-out: Redis pub/sub when `REDIS_URL` is set, in-process otherwise.
    pub realtime: Arc<dyn Realtime>,
    pub started_at: Instant,
}

impl App {
    /// Connects the configured store and cache. An unreachable MongoDB or Redis is
    /// `Error::Unavailable` (exit code 3) within the configured dependency timeout.
    pub async fn connect(config: Config) -> Result<App> {
        let (store, cache, realtime) = tokio::try_join!(
            store::open(&config),
            cache::connect(&config),
            realtime::connect(&config)
        )?;
        let app = App::new(config, store, cache)?;
        Ok(app.with_realtime(realtime))
    }

    /// Assembles an application from already connected parts (the development JWT secret is
    /// created in the data directory on first use). Realtime events stay in-process; `connect`
    /// uses Redis pub/sub instead when `REDIS_URL` is set.
    pub fn new(config: Config, store: Store, cache: Arc<dyn Cache>) -> Result<App> {
        let jwt = JwtKeys::new(&config.jwt_secret.resolve()?);
        let email = email::from_config(&config)?;
        let mpesa = mpesa::from_config(&config)?;
        let stripe = stripe::from_config(&config)?;
        let push = push::from_config(&config)?;
        let sms = sms::from_config(&config)?;
        Ok(App(Arc::new(Parts {
            config: Arc::new(config),
            store,
            cache,
            jwt,
            email,
            mpesa,
            stripe,
            push,
            sms,
            rate_limits: Arc::new(RateLimits::default()),
            realtime: Arc::new(InProcessRealtime::new()),
            started_at: Instant::now(),
        })))
    }

    /// The same application with `realtime` as its event fan-out.
    pub fn with_realtime(self, realtime: Arc<dyn Realtime>) -> App {
        self.change(|p| p.realtime = realtime)
    }

    /// The same application with `cache` as its cache (a second instance in tests).
    pub fn with_cache(self, cache: Arc<dyn Cache>) -> App {
        self.change(|p| p.cache = cache)
    }

    /// The same application with other limits on the auth routes (tests and benchmarks).
    pub fn with_rate_limits(self, limits: RateLimits) -> App {
        self.change(|p| p.rate_limits = Arc::new(limits))
    }

    /// Its parts changed by `f`: in place while this is the only handle, on a copy otherwise.
    fn change(self, f: impl FnOnce(&mut Parts)) -> App {
        let mut parts = Arc::unwrap_or_clone(self.0);
        f(&mut parts);
        App(Arc::new(parts))
    }

    /// Publishes `event` after the change it reports was stored. A failure is logged, never
    /// returned: the write stands, and clients catch up by reading it (a reload, `sync`).
    pub async fn publish(&self, event: Event) {
        let kind = event.kind();
        if let Err(e) = self.realtime.publish(event).await {
            tracing::warn!(error = %e, event.kind = kind, "realtime: an event was stored but not published");
        }
    }
}

impl std::ops::Deref for App {
    type Target = Parts;

    fn deref(&self) -> &Parts {
        &self.0
    }
}
