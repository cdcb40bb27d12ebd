//! The trait every source of access tokens implements.

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::{AccessToken, Error};

/// A boxed, `Send` future, as returned by [`TokenProvider::access_token`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A source of access tokens, such as [`LwaTokenProvider`](crate::LwaTokenProvider).
///
/// Object safe, so clients hold an `Arc<dyn TokenProvider>` and callers may plug in their own
/// (a token store shared by many processes, a fixed token in tests).
///
/// ```
/// use std::sync::Arc;
/// use spapi_auth::{LwaCredentials, LwaTokenProvider, ClientSecret, Scope, TokenProvider};
///
/// let credentials = LwaCredentials::new("client-id", ClientSecret::new("secret"));
/// let provider: Arc<dyn TokenProvider> =
///     Arc::new(LwaTokenProvider::grantless(credentials, [Scope::NOTIFICATIONS]));
/// # let _ = provider;
/// ```
pub trait TokenProvider: Send + Sync + Debug {
    /// A token valid for at least a little while longer, fetched only when needed.
    ///
    /// # Errors
    ///
    /// Why no token could be obtained.
    fn access_token(&self) -> BoxFuture<'_, Result<AccessToken, Error>>;

    /// Forgets any cached token, so the next [`access_token`](Self::access_token) fetches a new
    /// one. Call it when the Selling Partner API rejected a token (401, or 403 "expired token").
    fn invalidate(&self);
}

impl<T: TokenProvider + ?Sized> TokenProvider for Arc<T> {
    fn access_token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        (**self).access_token()
    }

    fn invalidate(&self) {
        (**self).invalidate();
    }
}
