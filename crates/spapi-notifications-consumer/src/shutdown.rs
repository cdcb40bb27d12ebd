//! Telling running consumers to stop.

use tokio_util::sync::CancellationToken;

/// Tells [`SqsConsumer::run`](crate::SqsConsumer::run) to shut down gracefully: stop
/// receiving, finish in-flight handlers, delete what they handled.
///
/// Clones share one shutdown: give a clone to each consumer, keep one to
/// [`trigger`](Self::trigger) them all.
///
/// ```
/// use spapi_notifications_consumer::Shutdown;
///
/// let shutdown = Shutdown::new();
/// let for_the_consumer = shutdown.clone();
/// shutdown.trigger();
/// assert!(for_the_consumer.is_triggered());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Shutdown(CancellationToken);

impl Shutdown {
    /// A shutdown not triggered yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Begins the shutdown of every consumer running with this handle or a clone of it; once
    /// triggered, it stays triggered.
    pub fn trigger(&self) {
        self.0.cancel();
    }

    /// Whether [`trigger`](Self::trigger) was called.
    pub fn is_triggered(&self) -> bool {
        self.0.is_cancelled()
    }

    /// Completes when the shutdown is triggered (at once if it was already).
    pub async fn triggered(self) {
        self.0.cancelled_owned().await;
    }
}
