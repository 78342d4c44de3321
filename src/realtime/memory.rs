//! In-process fan-out over a tokio broadcast channel: the default for a single API instance, and
//! the local half of [`super::RedisRealtime`].

use std::sync::Arc;

use async_trait::async_trait;
use tokio::sync::broadcast;

use super::{Event, EventStream, Realtime, Topic};
use crate::error::Result;

/// Events buffered per subscriber before a slow one starts losing the oldest.
const CAPACITY: usize = 4_096;

/// Delivers events to subscribers in this process.
#[derive(Clone)]
pub struct InProcessRealtime {
    tx: broadcast::Sender<Arc<Event>>,
}

impl Default for InProcessRealtime {
    fn default() -> Self {
        Self::new()
    }
}

impl InProcessRealtime {
    pub fn new() -> Self {
        InProcessRealtime {
            tx: broadcast::channel(CAPACITY).0,
        }
    }

    /// Hands `event` to the local subscribers (none listening is not an error).
    pub fn deliver(&self, event: Event) {
        let _ = self.tx.send(Arc::new(event));
    }

    /// A stream of the events concerning `topic`, registered now.
    pub fn stream(&self, topic: Topic) -> EventStream {
        let rx = self.tx.subscribe();
        Box::pin(futures::stream::unfold(rx, move |mut rx| async move {
            loop {
                match rx.recv().await {
                    Ok(e) if e.concerns(&topic) => return Some(((*e).clone(), rx)),
                    Ok(_) => {}
                    Err(broadcast::error::RecvError::Lagged(n)) => {
                        // A subscriber this far behind (a stuck socket) loses the oldest events
                        // rather than holding memory for everyone.
                        tracing::warn!(skipped = n, "realtime subscriber lagged");
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        }))
    }
}

#[async_trait]
impl Realtime for InProcessRealtime {
    fn backend(&self) -> &'static str {
        "memory"
    }

    async fn publish(&self, event: Event) -> Result<()> {
        self.deliver(event);
        Ok(())
    }

    async fn subscribe(&self, topic: Topic) -> Result<EventStream> {
        Ok(self.stream(topic))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use futures::StreamExt;

    use super::*;
    use crate::domain::booking::BookingStatus;
    use crate::domain::{Id, Timestamp};

    fn moved(customer: Id, to: BookingStatus) -> Event {
        Event::BookingStatusChanged {
            booking: Id::new(),
            booking_number: "BT-1".into(),
            from: BookingStatus::Pending,
            to,
            by: None,
            at: Timestamp::now(),
            customer,
            technician: None,
            corporate_account: None,
        }
    }

    #[tokio::test]
    async fn subscribers_get_only_their_events_in_order() {
        let rt = InProcessRealtime::new();
        let (me, other) = (Id::new(), Id::new());
        let mut mine = rt.subscribe(Topic::User(me)).await.unwrap();
        let mut all = rt.subscribe(Topic::All).await.unwrap();
        rt.publish(moved(other, BookingStatus::Matching))
            .await
            .unwrap();
        rt.publish(moved(me, BookingStatus::Matching))
            .await
            .unwrap();
        rt.publish(moved(me, BookingStatus::Cancelled))
            .await
            .unwrap();
        let got: Vec<_> = mine.by_ref().take(2).collect().await;
        let tos: Vec<_> = got
            .iter()
            .map(|e| match e {
                Event::BookingStatusChanged { to, .. } => *to,
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(tos, [BookingStatus::Matching, BookingStatus::Cancelled]);
        assert_eq!(all.by_ref().take(3).count().await, 3);
        let none = tokio::time::timeout(Duration::from_millis(50), mine.next()).await;
        assert!(none.is_err(), "no further event for me");
    }

    #[tokio::test]
    async fn publishing_without_subscribers_is_fine() {
        let rt = InProcessRealtime::new();
        rt.publish(moved(Id::new(), BookingStatus::Matching))
            .await
            .unwrap();
    }
}
