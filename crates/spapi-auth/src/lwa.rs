//! The LWA token provider: a cached, single-flight [`TokenProvider`].

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::Duration;

use spapi_http::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, HttpSender, RetryPolicy, reqwest};
use tokio::sync::watch;
use tokio::time::Instant;
use url::Url;

use crate::env;
use crate::provider::{BoxFuture, TokenProvider};
use crate::token_request::TokenEndpoint;
use crate::{AccessToken, Error, Grant, LwaCredentials, RefreshMargin, RefreshToken, Scope};

/// The LWA token endpoint for every region.
pub const DEFAULT_TOKEN_URL: &str = "https://api.amazon.com/auth/o2/token";

/// How long before expiry a cached token is replaced, unless configured otherwise: a tenth of
/// the token's lifetime, at most 60 s ([`RefreshMargin::DEFAULT`]).
pub const DEFAULT_REFRESH_MARGIN: RefreshMargin = RefreshMargin::DEFAULT;

/// The user agent sent unless configured otherwise, in the `Name/Version (Language=...)` form
/// the Selling Partner API asks for.
pub const DEFAULT_USER_AGENT: &str =
    concat!("spapi-auth/", env!("CARGO_PKG_VERSION"), " (Language=Rust)");

/// A [`TokenProvider`] that gets tokens from Login with Amazon and caches them.
///
/// - The token is kept until its [`RefreshMargin`] before its absolute expiry (by default a
///   tenth of its lifetime, at most 60 s), then replaced on the next call.
/// - Single flight: however many tasks ask while a token is being fetched, LWA gets one request,
///   and every one of them receives its token or its error. The call after an error tries again.
/// - Clones share the cache, the HTTP client and the credentials; cloning is cheap.
/// - Only transient failures (timeouts, connection errors, HTTP 5xx and 429) are retried, as the
///   [`RetryPolicy`] allows.
///
/// ```no_run
/// # async fn run() -> Result<(), spapi_auth::Error> {
/// use spapi_auth::{LwaCredentials, LwaTokenProvider, Scope, TokenProvider};
///
/// let grantless = LwaTokenProvider::grantless(LwaCredentials::from_env()?, [Scope::NOTIFICATIONS]);
/// let token = grantless.access_token().await?;
/// # let _ = token;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct LwaTokenProvider {
    source: Arc<TokenSource>,
    cache: Arc<Mutex<Cache>>,
}

/// What a provider asks LWA for, and where.
#[derive(Debug)]
struct TokenSource {
    credentials: LwaCredentials,
    grant: Grant,
    endpoint: TokenEndpoint,
    refresh_margin: RefreshMargin,
}

/// The answer of the token request in flight, which every concurrent caller awaits.
type Refresh = watch::Receiver<Option<Result<AccessToken, Error>>>;

#[derive(Default)]
struct Cache {
    token: Option<CachedToken>,
    refresh: Option<Refresh>,
}

struct CachedToken {
    token: AccessToken,
    refresh_at: Instant,
}

impl LwaTokenProvider {
    /// A provider of grantless tokens (`client_credentials`) for `scopes`, with default settings.
    pub fn grantless(credentials: LwaCredentials, scopes: impl IntoIterator<Item = Scope>) -> Self {
        Self::builder(credentials, Grant::client_credentials(scopes)).build()
    }

    /// A provider of tokens for the seller who issued `refresh_token`, with default settings.
    pub fn seller(credentials: LwaCredentials, refresh_token: RefreshToken) -> Self {
        Self::builder(credentials, Grant::RefreshToken(refresh_token)).build()
    }

    /// A grantless provider configured from the environment: `LWA_APP_ID` (or `LWA_CLIENT_ID`),
    /// `LWA_CLIENT_SECRET` and, if set, `LWA_TOKEN_URL`.
    ///
    /// # Errors
    ///
    /// [`Error::MissingEnv`] or [`Error::InvalidEnv`] naming the variable.
    pub fn grantless_from_env(scopes: impl IntoIterator<Item = Scope>) -> Result<Self, Error> {
        Ok(Self::builder(
            LwaCredentials::from_env()?,
            Grant::client_credentials(scopes),
        )
        .token_url_from_env()?
        .build())
    }

    /// A seller provider configured from the environment: `LWA_APP_ID` (or `LWA_CLIENT_ID`),
    /// `LWA_CLIENT_SECRET`, `SP_API_REFRESH_TOKEN` and, if set, `LWA_TOKEN_URL`.
    ///
    /// # Errors
    ///
    /// [`Error::MissingEnv`] or [`Error::InvalidEnv`] naming the variable.
    pub fn seller_from_env() -> Result<Self, Error> {
        Ok(Self::builder(
            LwaCredentials::from_env()?,
            RefreshToken::from_env()?.into(),
        )
        .token_url_from_env()?
        .build())
    }

    /// Starts configuring a provider of `grant` tokens.
    pub fn builder(credentials: LwaCredentials, grant: Grant) -> LwaTokenProviderBuilder {
        LwaTokenProviderBuilder {
            credentials,
            grant,
            token_url: default_token_url(),
            http_client: None,
            timeout: None,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            retry_policy: RetryPolicy::default(),
        }
    }

    /// A provider of another grant that shares these credentials, HTTP client and settings, with
    /// its own cache: for instance a seller provider next to a grantless one.
    #[must_use]
    pub fn with_grant(&self, grant: Grant) -> Self {
        Self::from_source(TokenSource {
            credentials: self.source.credentials.clone(),
            grant,
            endpoint: self.source.endpoint.clone(),
            refresh_margin: self.source.refresh_margin,
        })
    }

    /// The credentials this provider authenticates with.
    pub fn credentials(&self) -> &LwaCredentials {
        &self.source.credentials
    }

    /// The grant this provider exchanges for tokens.
    pub fn grant(&self) -> &Grant {
        &self.source.grant
    }

    /// The token endpoint.
    pub fn token_url(&self) -> &Url {
        &self.source.endpoint.url
    }

    fn from_source(source: TokenSource) -> Self {
        Self {
            source: Arc::new(source),
            cache: Arc::default(),
        }
    }

    fn cache(&self) -> MutexGuard<'_, Cache> {
        lock(&self.cache)
    }

    async fn cached_or_fetch(&self) -> Result<AccessToken, Error> {
        let refresh = {
            let mut cache = self.cache();
            if let Some(cached) = &cache.token
                && Instant::now() < cached.refresh_at
            {
                return Ok(cached.token.clone());
            }
            if cache.refresh.is_none() {
                cache.refresh = self.start_refresh();
            }
            cache.refresh.clone()
        };
        if let Some(mut refresh) = refresh
            && let Ok(answer) = refresh.wait_for(Option::is_some).await
            && let Some(result) = answer.as_ref()
        {
            return result.clone();
        }
        // No runtime to run a shared request on, or its task ended unanswered (the runtime is
        // shutting down): this caller asks by itself.
        fetch(Arc::clone(&self.source), Arc::downgrade(&self.cache)).await
    }

    /// The one request that every caller awaits until it completes, on a task of its own so that
    /// an abandoned caller does not abandon it. `None` outside a tokio runtime.
    ///
    /// A `watch` channel rather than `futures::future::Shared`, which can miss a wake-up when
    /// polled from several threads (futures-rs#2706) and leave every caller waiting forever.
    fn start_refresh(&self) -> Option<Refresh> {
        let runtime = tokio::runtime::Handle::try_current().ok()?;
        let (answer, refresh) = watch::channel(None);
        // Weak, so that a request in flight does not keep a dropped provider's cache alive.
        let request = fetch(Arc::clone(&self.source), Arc::downgrade(&self.cache));
        runtime.spawn(async move {
            // An error only means every caller has gone; the cache has the token already.
            let _ = answer.send(Some(request.await));
        });
        Some(refresh)
    }
}

/// Requests a token, then stores it and clears the request in flight before any caller sees the
/// result, so that the call after an error starts anew.
async fn fetch(source: Arc<TokenSource>, cache: Weak<Mutex<Cache>>) -> Result<AccessToken, Error> {
    let result = source
        .endpoint
        .request_token(&source.credentials, &source.grant)
        .await;
    if let Some(cache) = cache.upgrade() {
        let mut cache = lock(&cache);
        cache.refresh = None;
        if let Ok(token) = &result {
            cache.token = Some(CachedToken::new(token.clone(), source.refresh_margin));
        }
    }
    result
}

impl TokenProvider for LwaTokenProvider {
    fn access_token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        Box::pin(self.cached_or_fetch())
    }

    fn invalidate(&self) {
        if self.cache().token.take().is_some() {
            tracing::debug!(
                grant = self.source.grant.grant_type(),
                "lwa token invalidated"
            );
        }
    }
}

impl CachedToken {
    /// Refreshes `margin` (for the token's remaining lifetime) before expiry.
    fn new(token: AccessToken, margin: RefreshMargin) -> Self {
        let expires_at = Instant::from_std(token.expires_at());
        let lifetime = expires_at.saturating_duration_since(Instant::now());
        let refresh_at = expires_at - margin.for_lifetime(lifetime);
        Self { token, refresh_at }
    }
}

fn default_token_url() -> Url {
    Url::parse(DEFAULT_TOKEN_URL).expect("DEFAULT_TOKEN_URL is a valid url")
}

fn lock(cache: &Mutex<Cache>) -> MutexGuard<'_, Cache> {
    // The cache is consistent after every statement, so a panic elsewhere cannot corrupt it.
    cache.lock().unwrap_or_else(PoisonError::into_inner)
}

impl fmt::Debug for LwaTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cache = self.cache();
        f.debug_struct("LwaTokenProvider")
            .field("credentials", &self.source.credentials)
            .field("grant", &self.source.grant)
            .field("token_url", &self.source.endpoint.url.as_str())
            .field("refresh_margin", &self.source.refresh_margin)
            .field("cached", &cache.token.as_ref().map(|cached| &cached.token))
            .field("refreshing", &cache.refresh.is_some())
            .finish_non_exhaustive()
    }
}

/// Configures an [`LwaTokenProvider`]; made by [`LwaTokenProvider::builder`].
///
/// ```
/// use std::time::Duration;
/// use spapi_auth::{ClientSecret, Grant, LwaCredentials, LwaTokenProvider, RefreshMargin, RefreshToken};
/// use spapi_auth::retry::RetryPolicy;
///
/// let credentials = LwaCredentials::new("client-id", ClientSecret::new("secret"));
/// let seller = LwaTokenProvider::builder(credentials, RefreshToken::new("Atzr|...").into())
///     .token_url("http://127.0.0.1:8080/auth/o2/token".parse().expect("a valid url"))
///     .timeout(Duration::from_secs(5))
///     .user_agent("MyApp/1.0 (Language=Rust)")
///     .refresh_margin(RefreshMargin::new(0.05, Duration::from_secs(120)))
///     .retry_policy(RetryPolicy::default().with_max_attempts(5))
///     .build();
/// # let _ = seller;
/// ```
#[derive(Debug)]
#[must_use]
pub struct LwaTokenProviderBuilder {
    credentials: LwaCredentials,
    grant: Grant,
    token_url: Url,
    http_client: Option<reqwest::Client>,
    timeout: Option<Duration>,
    user_agent: String,
    refresh_margin: RefreshMargin,
    retry_policy: RetryPolicy,
}

impl LwaTokenProviderBuilder {
    /// Sends token requests to `url` instead of [`DEFAULT_TOKEN_URL`].
    pub fn token_url(mut self, url: Url) -> Self {
        self.token_url = url;
        self
    }

    /// Sends token requests to `LWA_TOKEN_URL` if that variable is set.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidEnv`] if it is not a valid URL.
    pub fn token_url_from_env(self) -> Result<Self, Error> {
        match env::first(&[env::TOKEN_URL])? {
            None => Ok(self),
            Some(value) => match Url::parse(&value) {
                Ok(url) => Ok(self.token_url(url)),
                Err(error) => Err(Error::InvalidEnv {
                    name: env::TOKEN_URL,
                    reason: format!("{value:?} is not a url: {error}"),
                }),
            },
        }
    }

    /// Sends token requests through `client`, sharing its connection pool and settings (its own
    /// timeout applies unless [`timeout`](Self::timeout) is set).
    ///
    /// Without one, the provider builds its own: no redirects, 10 s to connect, 30 s per attempt.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Limits each attempt to `timeout`, overriding the HTTP client's own timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sends `user_agent` instead of [`DEFAULT_USER_AGENT`].
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Replaces a cached token `margin` before it expires instead of [`DEFAULT_REFRESH_MARGIN`]
    /// (a tenth of its lifetime, at most 60 s).
    pub fn refresh_margin(mut self, margin: RefreshMargin) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Retries transient failures as `policy` allows instead of [`RetryPolicy::default`].
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
        self
    }

    /// The provider, with an empty cache.
    ///
    /// Never fails: a problem with the HTTP client is reported by the first token request.
    pub fn build(self) -> LwaTokenProvider {
        let timeout = self
            .timeout
            .or(self.http_client.is_none().then_some(DEFAULT_TIMEOUT));
        let http = match self.http_client {
            Some(client) => Ok(client),
            None => spapi_http::default_client(DEFAULT_CONNECT_TIMEOUT).map_err(Error::transport),
        }
        .map(|client| HttpSender::new(client, self.user_agent).with_timeout(timeout));
        LwaTokenProvider::from_source(TokenSource {
            credentials: self.credentials,
            grant: self.grant,
            endpoint: TokenEndpoint {
                http,
                url: self.token_url,
                retry: self.retry_policy,
            },
            refresh_margin: self.refresh_margin,
        })
    }
}
