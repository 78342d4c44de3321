//! Realtime events: one tagged [`Event`] enum, published after a successful write and delivered
//! to whoever subscribed to a [`Topic`] (a user, a booking, or everything).
//!
//! Two implementations behind [`Realtime`]: [`InProcessRealtime`] (a tokio broadcast channel; one
//! API instance) and [`RedisRealtime`] (Redis pub/sub, so an event published by one instance
//! reaches the subscribers of every instance). The socket endpoint that forwards events to
//! clients only subscribes; it never decides what happened.

mod event;
mod memory;
mod redis_pubsub;

use std::pin::Pin;
use std::sync::Arc;

use async_trait::async_trait;
use futures::Stream;

use crate::config::Config;
use crate::error::Result;

pub use event::{AccountChange, BookingChange, ChatEventKind, Event, PaymentChange, Topic};
pub use memory::InProcessRealtime;
pub use redis_pubsub::RedisRealtime;

/// Events for one subscription, in publication order. Ends when the publisher goes away.
pub type EventStream = Pin<Box<dyn Stream<Item = Event> + Send>>;

/// Publish/subscribe of [`Event`]s.
#[async_trait]
pub trait Realtime: Send + Sync {
    /// `"redis"` or `"memory"`.
    fn backend(&self) -> &'static str;
    /// Delivers `event` to every current subscriber of a topic it concerns. Callers publish only
    /// after the change is stored, so a subscriber never hears of a change it cannot read.
    async fn publish(&self, event: Event) -> Result<()>;
    /// Events concerning `topic` published from now on (the subscription is registered before
    /// this returns, so nothing published afterwards is missed).
    async fn subscribe(&self, topic: Topic) -> Result<EventStream>;
}

/// Connects the realtime fan-out the configuration selects: Redis pub/sub when `REDIS_URL` is
/// set (an unreachable server is `Unavailable`), in-process otherwise.
pub async fn connect(config: &Config) -> Result<Arc<dyn Realtime>> {
    match &config.redis_url {
        Some(url) => Ok(Arc::new(
            RedisRealtime::connect(
                url,
                config.dependency_timeout,
                redis_pubsub::DEFAULT_CHANNEL,
            )
            .await?,
        )),
        None => Ok(Arc::new(InProcessRealtime::new())),
    }
}
