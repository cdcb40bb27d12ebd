//! What the consumer calls with each notification.

use std::future::Future;

use spapi_notification_types::Received;

use crate::BoxError;

/// Handles one notification: `Ok` when it is done with (the message is then deleted and the
/// notification marked handled), `Err` to have it delivered again.
///
/// Any `Fn(Received) -> impl Future<Output = Result<(), E>>` closure or `async fn` is a handler,
/// for any error `E` that converts into a [`BoxError`] (`anyhow::Error`, `std::io::Error`, your
/// own error type, ...). Implement the trait yourself for a handler that keeps state:
///
/// ```
/// use std::future::Future;
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use spapi_notifications_consumer::{Handler, Received};
///
/// struct CountOrders(AtomicU64);
///
/// impl Handler for CountOrders {
///     type Error = std::convert::Infallible;
///
///     fn handle(&self, received: Received) -> impl Future<Output = Result<(), Self::Error>> + Send {
///         self.0.fetch_add(1, Ordering::Relaxed);
///         async move {
///             println!("{}", received.notification.notification_type);
///             Ok(())
///         }
///     }
/// }
/// ```
///
/// A handler that panics is treated as one that failed: the panic is caught, logged and the
/// message left for redelivery. Handlers run concurrently, so they must be `Sync`.
pub trait Handler: Send + Sync + 'static {
    /// The handler's error.
    type Error: Into<BoxError>;

    /// Handles `received`: the typed notification and how it was delivered (the SQS message id
    /// and receive count, the EventBridge event id, ...).
    fn handle(&self, received: Received) -> impl Future<Output = Result<(), Self::Error>> + Send;
}

impl<F, Fut, E> Handler for F
where
    F: Fn(Received) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), E>> + Send,
    E: Into<BoxError>,
{
    type Error = E;

    fn handle(&self, received: Received) -> impl Future<Output = Result<(), E>> + Send {
        self(received)
    }
}
