//! Login with Amazon (LWA) for the Selling Partner API.
//!
//! Every SP-API call carries an LWA access token in its `x-amz-access-token` header. This crate
//! gets those tokens, keeps them until shortly before they expire, and never lets a secret slip
//! into a log line, a `Debug` print or an error message.
//!
//! # A guided tour
//!
//! ## Credentials
//!
//! An application's [`LwaCredentials`] are its client id and [`ClientSecret`]. Build them by hand
//! or read them from the variables SP-API users already set, `LWA_APP_ID` (or `LWA_CLIENT_ID`) and
//! `LWA_CLIENT_SECRET`, with [`LwaCredentials::from_env`]. A missing variable is an
//! [`Error::MissingEnv`] naming it.
//!
//! ## Grantless tokens
//!
//! Operations on the application's own resources, such as creating a Notifications destination,
//! use a grantless token: the `client_credentials` grant with one or more [`Scope`]s.
//!
//! ```no_run
//! use spapi_auth::{LwaCredentials, LwaTokenProvider, Scope, TokenProvider};
//!
//! # async fn run() -> Result<(), spapi_auth::Error> {
//! let credentials = LwaCredentials::from_env()?;
//! let grantless = LwaTokenProvider::grantless(credentials, [Scope::NOTIFICATIONS]);
//!
//! let token = grantless.access_token().await?; // one LWA request
//! let again = grantless.access_token().await?; // from the cache
//! assert_eq!(token.expires_at(), again.expires_at());
//! // request.header("x-amz-access-token", token.expose_secret())
//! # Ok(()) }
//! ```
//!
//! ## Seller tokens
//!
//! Operations on a seller's data use that seller's [`RefreshToken`] (`refresh_token` grant). A
//! seller provider can share the credentials, HTTP client and settings of another provider.
//!
//! ```no_run
//! use std::time::Duration;
//! use spapi_auth::{ClientSecret, LwaCredentials, LwaTokenProvider, RefreshToken, TokenProvider};
//!
//! # async fn run() -> Result<(), spapi_auth::Error> {
//! let credentials = LwaCredentials::new(
//!     "amzn1.application-oa2-client.0123456789abcdef",
//!     ClientSecret::new(std::env::var("LWA_CLIENT_SECRET").unwrap_or_default()),
//! );
//! let seller = LwaTokenProvider::builder(credentials, RefreshToken::from_env()?.into())
//!     .timeout(Duration::from_secs(10))
//!     .user_agent("MyApp/1.0 (Language=Rust)")
//!     .build();
//!
//! match seller.access_token().await {
//!     Ok(token) => println!("token valid for {:?}", token.expires_in()),
//!     Err(error) if error.oauth_code() == Some(&spapi_auth::OAuthErrorCode::InvalidGrant) => {
//!         println!("the seller revoked the authorization: {error}");
//!     }
//!     Err(error) => return Err(error),
//! }
//! # Ok(()) }
//! ```
//!
//! ## Caching and single flight
//!
//! [`LwaTokenProvider`] computes each token's absolute expiry from `expires_in` and replaces it a
//! [`RefreshMargin`] before then: by default a tenth of the token's lifetime, at most 60 s (60 s
//! for LWA's one-hour tokens), so that short-lived tokens cost no extra LWA requests. However many tasks ask for a token while one is being
//! fetched, LWA sees exactly one request and every task gets its token, or its error. Clones share
//! the cache. When the Selling Partner API rejects a token anyway, call
//! [`TokenProvider::invalidate`] and the next call fetches a new one.
//!
//! ## Rotating the client secret
//!
//! Amazon rotates client secrets (the `APPLICATION_OAUTH_CLIENT_NEW_SECRET` notification carries the
//! new one). [`LwaCredentials::rotate_secret`] swaps it in place: every provider built from those
//! credentials sends it on its next token request, with nothing rebuilt. The previous secret is
//! kept as a fallback until LWA grants a token for the new one (LWA has been seen refusing a new
//! secret for a while): a request refused with `invalid_client` is sent again with the previous
//! secret, and the switch is logged, never the secrets. A [`SecretStore`] is where the
//! application persists the new secret (a file, AWS Secrets Manager ...).
//!
//! ## Errors and retries
//!
//! [`Error`] tells an OAuth rejection ([`OAuthErrorCode`] and `error_description`) from an odd
//! HTTP answer, a transport failure or a malformed token response. Only transient failures
//! ([`Error::is_transient`]: timeouts, connection errors, HTTP 5xx and 429) are retried, with
//! exponential backoff and full jitter, bounded in attempts and time by a
//! [`RetryPolicy`](retry::RetryPolicy); an `invalid_grant` is never retried.
//!
//! ## Environment
//!
//! | variable | used by |
//! | --- | --- |
//! | `LWA_APP_ID` (or `LWA_CLIENT_ID`) | [`LwaCredentials::from_env`] |
//! | `LWA_CLIENT_SECRET` | [`LwaCredentials::from_env`] |
//! | `SP_API_REFRESH_TOKEN` | [`RefreshToken::from_env`], [`LwaTokenProvider::seller_from_env`] |
//! | `LWA_TOKEN_URL` (optional) | [`LwaTokenProviderBuilder::token_url_from_env`] and the `*_from_env` providers |
//!
//! ## Tracing
//!
//! Each token request runs in a `lwa_token_request` span (grant type, scopes, client id) with one
//! `lwa_attempt` span per attempt (attempt number, HTTP status). No span or event ever records a
//! secret.
//!
//! ## Metrics
//!
//! Every token request counts in `spapi_lwa_requests_total`, its failures in
//! `spapi_lwa_failures_total` and its retries in `spapi_lwa_retries_total`, labelled by grant
//! type (and error): see the table in [`spapi_http::metrics`].
//!
//! ## Your own token source
//!
//! [`TokenProvider`] is object safe: implement it to serve tokens from a shared store, or a fixed
//! token in tests, and hand an `Arc<dyn TokenProvider>` to the clients.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod credentials;
mod env;
mod error;
mod grant;
mod lwa;
mod margin;
mod metrics;
mod provider;
pub mod retry;
mod secret;
mod secret_store;
mod token_request;

pub use credentials::LwaCredentials;
pub use error::{Error, OAuthErrorCode};
pub use grant::{Grant, Scope};
pub use lwa::{
    DEFAULT_REFRESH_MARGIN, DEFAULT_TOKEN_URL, DEFAULT_USER_AGENT, LwaTokenProvider,
    LwaTokenProviderBuilder,
};
pub use margin::RefreshMargin;
pub use provider::{BoxFuture, TokenProvider};
pub use secret::{AccessToken, ClientSecret, RefreshToken};
pub use secret_store::{SecretStore, SecretStoreError};
pub use spapi_http::{TransportError, TransportErrorKind};
pub use url::Url;

/// The secret-keeping crate (version 0.10) whose boxes [`ClientSecret`] and [`RefreshToken`]
/// convert from.
pub use secrecy;
/// The HTTP types crate (version 1) of the [`StatusCode`](http::StatusCode) in [`Error`].
pub use spapi_http::http;
/// The HTTP client (version 0.13) behind [`LwaTokenProviderBuilder::http_client`].
pub use spapi_http::reqwest;
/// The URL crate (version 2) of [`LwaTokenProvider::token_url`].
pub use url;
