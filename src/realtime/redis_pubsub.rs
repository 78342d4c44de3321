//! Redis pub/sub fan-out between API instances. Every instance publishes events to one channel
//! and keeps one subscriber connection on it; what arrives is handed to the local subscribers
//! through an [`InProcessRealtime`]. An instance hears its own events back through Redis too, so
//! there is one delivery path and every subscriber, wherever it is connected, gets each event
//! once.

use std::time::Duration;

use async_trait::async_trait;
use futures::StreamExt;
use redis::aio::{ConnectionManager, ConnectionManagerConfig, PubSub};

use super::{Event, EventStream, InProcessRealtime, Realtime, Topic};
use crate::error::{Error, Result};

/// The channel events travel on unless told otherwise.
pub const DEFAULT_CHANNEL: &str = "baitech:realtime";

/// Publishes through Redis and delivers what the channel carries to local subscribers.
pub struct RedisRealtime {
    conn: ConnectionManager,
    channel: String,
    local: InProcessRealtime,
    listener: tokio::task::JoinHandle<()>,
}

impl Drop for RedisRealtime {
    fn drop(&mut self) {
        self.listener.abort();
    }
}

fn down(e: impl std::fmt::Display) -> Error {
    Error::unavailable("redis", e)
}

impl RedisRealtime {
    /// Connects the publisher and the subscriber within `timeout`; `Unavailable` otherwise.
    /// The subscription is live when this returns.
    pub async fn connect(url: &str, timeout: Duration, channel: &str) -> Result<Self> {
        let client = redis::Client::open(url).map_err(down)?;
        let cfg = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(timeout))
            .set_response_timeout(Some(timeout))
            .set_number_of_retries(1);
        let conn = tokio::time::timeout(
            timeout,
            ConnectionManager::new_with_config(client.clone(), cfg),
        )
        .await
        .map_err(|_| down(format!("no answer within {timeout:?}")))?
        .map_err(down)?;
        let pubsub = subscribe(&client, channel, timeout).await?;
        let local = InProcessRealtime::new();
        let listener = tokio::spawn(listen(
            client,
            channel.to_string(),
            timeout,
            pubsub,
            local.clone(),
        ));
        Ok(RedisRealtime {
            conn,
            channel: channel.to_string(),
            local,
            listener,
        })
    }
}

async fn subscribe(client: &redis::Client, channel: &str, timeout: Duration) -> Result<PubSub> {
    let setup = async {
        let mut ps = client.get_async_pubsub().await?;
        ps.subscribe(channel).await?;
        Ok::<_, redis::RedisError>(ps)
    };
    tokio::time::timeout(timeout, setup)
        .await
        .map_err(|_| {
            down(format!(
                "subscribing to {channel}: no answer within {timeout:?}"
            ))
        })?
        .map_err(down)
}

/// Forwards the channel to `local` for as long as the owner lives, resubscribing after a lost
/// connection (events published while disconnected are lost: pub/sub keeps no backlog, which is
/// why clients refetch a booking when their socket reconnects).
async fn listen(
    client: redis::Client,
    channel: String,
    timeout: Duration,
    first: PubSub,
    local: InProcessRealtime,
) {
    let mut pubsub = Some(first);
    loop {
        let ps = match pubsub.take() {
            Some(ps) => ps,
            None => match subscribe(&client, &channel, timeout).await {
                Ok(ps) => ps,
                Err(e) => {
                    tracing::warn!(error = %e, "realtime: resubscribing to redis failed; retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            },
        };
        let mut messages = ps.into_on_message();
        while let Some(msg) = messages.next().await {
            match serde_json::from_slice::<Event>(msg.get_payload_bytes()) {
                Ok(event) => local.deliver(event),
                Err(e) => tracing::warn!(error = %e, "realtime: ignoring a malformed event"),
            }
        }
        tracing::warn!(channel = %channel, "realtime: redis subscription ended; reconnecting");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[async_trait]
impl Realtime for RedisRealtime {
    fn backend(&self) -> &'static str {
        "redis"
    }

    async fn publish(&self, event: Event) -> Result<()> {
        let payload =
            serde_json::to_vec(&event).map_err(|e| Error::internal("encoding an event", e))?;
        let mut c = self.conn.clone();
        let _receivers: i64 = redis::cmd("PUBLISH")
            .arg(&self.channel)
            .arg(payload)
            .query_async(&mut c)
            .await
            .map_err(down)?;
        Ok(())
    }

    async fn subscribe(&self, topic: Topic) -> Result<EventStream> {
        Ok(self.local.stream(topic))
    }
}
