//! In-process queues: where notifications land when no SQS endpoint is configured, and where
//! EventBridge destinations' events land.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex};

use spapi_notification_types::{DecodeError, Received, envelope};
use tokio::sync::Notify;

use crate::state::lock;

/// A message delivered by the sandbox: the notification (or EventBridge event) as the body
/// Amazon would write.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Message {
    /// A fresh id, like an SQS `MessageId`.
    pub message_id: String,
    /// The body: a bare notification for SQS destinations, an EventBridge event (with the
    /// notification as its `detail`) for EventBridge destinations.
    pub body: String,
}

impl Message {
    /// Decodes the body into a typed notification with its delivery metadata.
    ///
    /// # Errors
    ///
    /// The [`DecodeError`] of [`envelope::decode`] when the body is not a notification (only
    /// raw bodies given to [`Sandbox::publish`](crate::Sandbox::publish) can be).
    pub fn decode(&self) -> Result<Received, DecodeError> {
        envelope::decode(self.body.as_bytes())
    }
}

/// A handle on an in-process queue; clones share the queue.
///
/// Get one with [`Sandbox::queue`](crate::Sandbox::queue) (an SQS destination's queue, by ARN) or
/// [`Sandbox::event_source`](crate::Sandbox::event_source) (an EventBridge destination's events).
/// Messages are kept until received, whether or not a handle exists.
#[derive(Clone)]
pub struct Queue {
    name: Arc<str>,
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    messages: Mutex<VecDeque<Message>>,
    arrived: Notify,
}

impl Queue {
    fn new(name: &str) -> Self {
        Self {
            name: name.into(),
            inner: Arc::default(),
        }
    }

    /// The queue's name: the SQS queue ARN, or the EventBridge partner event source.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Waits for the next message and takes it. Wrap it in `tokio::time::timeout` to bound the
    /// wait.
    pub async fn recv(&self) -> Message {
        loop {
            let arrived = self.inner.arrived.notified();
            tokio::pin!(arrived);
            // Registered before looking, so a message pushed in between still wakes us.
            arrived.as_mut().enable();
            if let Some(message) = self.try_recv() {
                return message;
            }
            arrived.await;
        }
    }

    /// Takes the next message, if there is one.
    pub fn try_recv(&self) -> Option<Message> {
        lock(&self.inner.messages).pop_front()
    }

    /// Takes every message waiting.
    pub fn drain(&self) -> Vec<Message> {
        lock(&self.inner.messages).drain(..).collect()
    }

    /// How many messages are waiting.
    pub fn len(&self) -> usize {
        lock(&self.inner.messages).len()
    }

    /// Whether no message is waiting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(crate) fn push(&self, message: Message) {
        lock(&self.inner.messages).push_back(message);
        self.inner.arrived.notify_waiters();
    }
}

impl fmt::Debug for Queue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Queue")
            .field("name", &self.name)
            .field("len", &self.len())
            .finish()
    }
}

/// Every in-process queue, created on first use.
#[derive(Debug, Default)]
pub(crate) struct Queues {
    by_name: Mutex<HashMap<String, Queue>>,
}

impl Queues {
    /// The queue called `name`.
    pub(crate) fn get(&self, name: &str) -> Queue {
        lock(&self.by_name)
            .entry(name.to_owned())
            .or_insert_with(|| Queue::new(name))
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn message(id: &str) -> Message {
        Message {
            message_id: id.into(),
            body: "{}".into(),
        }
    }

    #[tokio::test]
    async fn messages_wait_for_their_receiver_in_order() {
        let queues = Queues::default();
        let queue = queues.get("q");
        assert!(queue.is_empty());
        queues.get("q").push(message("1"));
        queues.get("q").push(message("2"));
        assert_eq!(queue.len(), 2);
        assert_eq!(queue.recv().await.message_id, "1");
        assert_eq!(queue.try_recv().unwrap().message_id, "2");
        assert!(queue.try_recv().is_none());

        let waiting = tokio::spawn({
            let queue = queue.clone();
            async move { queue.recv().await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        queue.push(message("3"));
        let received = tokio::time::timeout(Duration::from_secs(5), waiting).await;
        assert_eq!(received.unwrap().unwrap().message_id, "3");

        queue.push(message("4"));
        queue.push(message("5"));
        assert_eq!(queue.drain().len(), 2);
        assert!(queues.get("other").is_empty());
        assert!(format!("{queue:?}").contains("len: 0"));
    }
}
