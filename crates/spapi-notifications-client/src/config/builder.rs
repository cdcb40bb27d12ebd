//! [`NotificationsClientBuilder`]: endpoint, tokens, user agent, timeouts, retries, rate limits.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use spapi_auth::{Grant, LwaCredentials, LwaTokenProvider, RefreshMargin, Scope, TokenProvider};
use spapi_http::http::HeaderValue;
use spapi_http::{HttpSender, RetryPolicy, reqwest};
use url::Url;

use super::Region;
use crate::client::{Inner, NotificationsClient};
use crate::rate_limit::Limiter;
use crate::{Error, RateLimits};

/// The user agent sent unless an application name is added with
/// [`user_agent_app`](NotificationsClientBuilder::user_agent_app).
pub const DEFAULT_USER_AGENT: &str = concat!(
    "spapi-notifications/",
    env!("CARGO_PKG_VERSION"),
    " (Language=Rust)"
);

/// The time allowed to connect when this crate builds the HTTP client.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = spapi_http::DEFAULT_CONNECT_TIMEOUT;

/// The time allowed for each attempt (request and response) unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = spapi_http::DEFAULT_TIMEOUT;

/// Configures a [`NotificationsClient`]; made by [`NotificationsClient::builder`].
///
/// ```
/// use std::time::Duration;
/// use spapi_auth::{ClientSecret, LwaCredentials};
/// use spapi_notifications_client::{NotificationsClient, RateLimits, Region};
///
/// let client = NotificationsClient::builder()
///     .region(Region::Europe)
///     .credentials(LwaCredentials::new("amzn1.application-oa2-client.x", ClientSecret::new("secret")))
///     .user_agent_app("MyApp", "1.4.2")
///     .timeout(Duration::from_secs(20))
///     .rate_limits(RateLimits::default())
///     .build()?;
/// assert_eq!(client.endpoint(), "https://sellingpartnerapi-eu.amazon.com");
/// assert!(!client.is_sandbox());
/// # Ok::<(), spapi_notifications_client::Error>(())
/// ```
#[derive(Default)]
#[must_use]
pub struct NotificationsClientBuilder {
    region: Region,
    /// Checked by [`build`](Self::build).
    endpoint: Option<String>,
    sandbox: Option<bool>,
    credentials: Option<LwaCredentials>,
    /// Checked by [`build`](Self::build).
    token_url: Option<String>,
    grantless: Option<Arc<dyn TokenProvider>>,
    refresh_margin: RefreshMargin,
    app: Option<(String, String)>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    http_client: Option<reqwest::Client>,
    retry_policy: RetryPolicy,
    rate_limits: RateLimits,
}

impl NotificationsClientBuilder {
    /// Sends requests to `region`'s endpoint (default: North America); see
    /// [`sandbox`](Self::sandbox).
    pub fn region(mut self, region: Region) -> Self {
        self.region = region;
        self.endpoint = None;
        self
    }

    /// Uses the sandbox endpoint of the region (`true`), or the production one (default).
    ///
    /// With a custom [`endpoint`](Self::endpoint), marks it as a sandbox or not; without this
    /// call a custom endpoint counts as a sandbox when its host starts with `sandbox.` or is a
    /// loopback address (a local stand-in).
    pub fn sandbox(mut self, sandbox: bool) -> Self {
        self.sandbox = Some(sandbox);
        self
    }

    /// Sends requests to `url` instead of a region's endpoint, e.g. a local stand-in: a string
    /// (`"http://127.0.0.1:8080"`) or a parsed URL. [`build`](Self::build) checks it: an
    /// http(s) URL with a host, or [`Error::Config`] naming `endpoint`.
    pub fn endpoint(mut self, url: impl AsRef<str>) -> Self {
        self.endpoint = Some(url.as_ref().to_owned());
        self
    }

    /// The application's LWA credentials: the client builds its grantless token provider
    /// (scope `sellingpartnerapi::notifications`) from them, and the seller providers of
    /// [`NotificationsClient::seller`].
    pub fn credentials(mut self, credentials: LwaCredentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Asks Login with Amazon for tokens at `url` instead of
    /// [`spapi_auth::DEFAULT_TOKEN_URL`]: a string or a parsed URL. [`build`](Self::build)
    /// checks it: an http(s) URL with a host, or [`Error::Config`] naming `token_url`.
    pub fn token_url(mut self, url: impl AsRef<str>) -> Self {
        self.token_url = Some(url.as_ref().to_owned());
        self
    }

    /// Takes grantless tokens from `provider` instead of building one from the
    /// [`credentials`](Self::credentials).
    pub fn grantless_provider(mut self, provider: Arc<dyn TokenProvider>) -> Self {
        self.grantless = Some(provider);
        self
    }

    /// Replaces cached LWA tokens `margin` before they expire instead of
    /// [`RefreshMargin::DEFAULT`] (a tenth of a token's lifetime, at most 60 s), in the
    /// grantless provider built from the [`credentials`](Self::credentials) and in the seller
    /// providers of [`NotificationsClient::seller`]. A provider given to
    /// [`grantless_provider`](Self::grantless_provider) or
    /// [`NotificationsClient::seller_with_provider`] keeps its own.
    pub fn refresh_margin(mut self, margin: RefreshMargin) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Names the application in the user agent: `Name/Version spapi-notifications/<version>
    /// (Language=Rust)`, as the Selling Partner API asks.
    pub fn user_agent_app(mut self, name: impl Into<String>, version: impl Into<String>) -> Self {
        self.app = Some((name.into(), version.into()));
        self
    }

    /// Limits each attempt (request and response) to `timeout` (default 30 s), token requests
    /// to Login with Amazon included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Limits connecting to `timeout` (default 10 s); ignored with
    /// [`http_client`](Self::http_client), whose own setting applies.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sends every request, token requests included, through `client` and its connection pool.
    ///
    /// The client's own timeout applies unless [`timeout`](Self::timeout) is set.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Retries failed calls, and failed token requests to Login with Amazon, as `policy` allows
    /// (default: [`RetryPolicy::default`], 3 attempts within 30 s). See the crate documentation
    /// for which failures are retried. A provider given to
    /// [`grantless_provider`](Self::grantless_provider) or
    /// [`NotificationsClient::seller_with_provider`] keeps its own settings.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
        self
    }

    /// Starts the client-side rate limits at `limits` (default: the usage plan, 1 request per
    /// second with a burst of 5, for every operation).
    pub fn rate_limits(mut self, limits: RateLimits) -> Self {
        self.rate_limits = limits;
        self
    }

    /// Turns the client-side rate limits off; 429s are still retried.
    pub fn disable_rate_limits(self) -> Self {
        self.rate_limits(RateLimits::disabled())
    }

    /// Reads the environment: `LWA_APP_ID` (or `LWA_CLIENT_ID`) and `LWA_CLIENT_SECRET` for
    /// the credentials, and if set `LWA_TOKEN_URL`, `SP_API_REGION` (`na`, `eu` or `fe`) and
    /// `SP_API_ENDPOINT` (a URL, which wins over the region).
    ///
    /// # Errors
    ///
    /// [`Error::Auth`] naming a missing credential variable, [`Error::Config`] naming a
    /// variable with an unusable value.
    pub fn with_env(mut self) -> Result<Self, Error> {
        self.credentials = Some(LwaCredentials::from_env()?);
        if let Some(url) = env_var("LWA_TOKEN_URL")? {
            self.token_url = Some(http_url("LWA_TOKEN_URL", &url)?.into());
        }
        if let Some(region) = env_var("SP_API_REGION")? {
            self.region = region.parse().map_err(|_| {
                Error::config(
                    "SP_API_REGION",
                    format!("{region:?} is not a region: use na, eu or fe"),
                )
            })?;
        }
        if let Some(endpoint) = env_var("SP_API_ENDPOINT")? {
            self.endpoint = Some(http_url("SP_API_ENDPOINT", &endpoint)?.into());
        }
        Ok(self)
    }

    /// The client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] if neither credentials nor a grantless provider were given, if the
    /// endpoint or token URL is not an http(s) URL with a host, or if the HTTP client or user
    /// agent cannot be built.
    pub fn build(self) -> Result<NotificationsClient, Error> {
        let (base, sandbox) = self.resolve_endpoint()?;
        let user_agent = match &self.app {
            Some((name, version)) => format!("{name}/{version} {DEFAULT_USER_AGENT}"),
            None => DEFAULT_USER_AGENT.to_owned(),
        };
        HeaderValue::from_str(&user_agent).map_err(|_| {
            Error::config(
                "user_agent_app",
                "the application name and version must be printable ASCII",
            )
        })?;
        let token_url = self
            .token_url
            .as_deref()
            .map(|url| http_url("token_url", url))
            .transpose()?;
        let own_client = self.http_client.is_none();
        let client = match self.http_client {
            Some(client) => client,
            None => {
                spapi_http::default_client(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                    .map_err(|error| Error::config("http_client", error.to_string()))?
            }
        };
        let timeout = self.timeout.or(own_client.then_some(DEFAULT_TIMEOUT));
        let http = HttpSender::new(client, user_agent).with_timeout(timeout);
        // Token requests go out as the calls do: same pool, user agent, timeout and retries.
        let lwa = self.credentials.map(|credentials| {
            let mut builder = LwaTokenProvider::builder(
                credentials,
                Grant::client_credentials([Scope::NOTIFICATIONS]),
            )
            .http_client(http.client().clone())
            .user_agent(http.user_agent())
            .retry_policy(self.retry_policy.clone())
            .refresh_margin(self.refresh_margin);
            if let Some(url) = token_url {
                builder = builder.token_url(url);
            }
            if let Some(timeout) = timeout {
                builder = builder.timeout(timeout);
            }
            builder.build()
        });
        let grantless: Arc<dyn TokenProvider> = match (self.grantless, &lwa) {
            (Some(provider), _) => provider,
            (None, Some(lwa)) => Arc::new(lwa.clone()),
            (None, None) => {
                return Err(Error::config(
                    "credentials",
                    "the client needs the application's LWA credentials (credentials(..) or \
                     LWA_APP_ID and LWA_CLIENT_SECRET) or a grantless_provider(..)",
                ));
            }
        };
        Ok(NotificationsClient::from_inner(Inner {
            http,
            base,
            sandbox,
            retry: self.retry_policy,
            limiter: Limiter::new(self.rate_limits),
            grantless,
            scoped: Mutex::default(),
            seller_template: lwa,
            destination_channels: Default::default(),
            seller_keys: Default::default(),
        }))
    }

    /// The base URL (without a trailing slash) and whether it is a sandbox.
    fn resolve_endpoint(&self) -> Result<(String, bool), Error> {
        let Some(endpoint) = &self.endpoint else {
            let sandbox = self.sandbox.unwrap_or(false);
            let url = if sandbox {
                self.region.sandbox_url()
            } else {
                self.region.production_url()
            };
            return Ok((url.to_owned(), sandbox));
        };
        let url = http_url("endpoint", endpoint)?;
        let host = url.host_str().unwrap_or_default();
        let sandbox = self.sandbox.unwrap_or_else(|| {
            !Region::is_production_host(host) && (host.starts_with("sandbox.") || is_loopback(&url))
        });
        Ok((url.as_str().trim_end_matches('/').to_owned(), sandbox))
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// An environment variable, `None` when unset or empty.
fn env_var(name: &'static str) -> Result<Option<String>, Error> {
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => Ok(Some(value)),
        Ok(_) | Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Error::config(name, "the value is not valid unicode"))
        }
    }
}

/// `value` as an http(s) URL with a host, or an [`Error::Config`] naming `setting`.
fn http_url(setting: &'static str, value: &str) -> Result<Url, Error> {
    let url = Url::parse(value.trim())
        .map_err(|error| Error::config(setting, format!("{value:?} is not a URL: {error}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::config(
            setting,
            format!("{url} is not an http(s) URL with a host"),
        ));
    }
    Ok(url)
}

impl fmt::Debug for NotificationsClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NotificationsClientBuilder")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("sandbox", &self.sandbox)
            .field("credentials", &self.credentials)
            .field("token_url", &self.token_url)
            .field("grantless", &self.grantless)
            .field("refresh_margin", &self.refresh_margin)
            .field("app", &self.app)
            .field("timeout", &self.timeout)
            .field("retry_policy", &self.retry_policy)
            .field("rate_limits", &self.rate_limits)
            .finish_non_exhaustive()
    }
}
