//! Everything the sandbox can be set up with before it starts.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::post;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::api::{self, ApiError};
use crate::delivery::Deliverer;
use crate::faults::{self, FaultState, Faults};
use crate::lwa::{self, TOKEN_PATH, Tokens};
use crate::rate_limit::Limiter;
use crate::state::{Config, Shared};
use crate::store::Store;
use crate::{Error, Operation, RateLimit, Sandbox, Seller, ids, requests, server};

/// Sets up a [`Sandbox`]: credentials, sellers, token lifetime, rate limits, faults and where
/// notifications go. Every setting has a default; [`Sandbox::start`] takes them all.
///
/// ```
/// use std::time::Duration;
/// use spapi_sandbox::{Faults, Operation, RateLimit, Sandbox};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), spapi_sandbox::Error> {
/// let sandbox = Sandbox::builder()
///     .client_id("amzn1.application-oa2-client.test")
///     .client_secret("secret")
///     .seller("A3TH9S8BH6GOGM", "Atzr|seller-one")
///     .seller("A1PA6795UKMFR9", "Atzr|seller-two")
///     .token_lifetime(Duration::from_secs(5))
///     .operation_rate_limit(Operation::CreateDestination, RateLimit::new(1.0, 1))
///     .faults(Faults { latency: Duration::from_millis(10), ..Faults::default() })
///     .seed(42)
///     .start()
///     .await?;
/// assert_eq!(sandbox.seller_id(), "A3TH9S8BH6GOGM");
/// assert_eq!(sandbox.sellers().len(), 2);
/// # Ok(())
/// # }
/// ```
#[must_use = "a builder does nothing until `start` is called"]
pub struct SandboxBuilder {
    client_id: Option<String>,
    client_secret: Option<String>,
    application_id: Option<String>,
    sellers: Vec<Seller>,
    token_lifetime: Duration,
    rate_limit: Option<RateLimit>,
    operation_limits: HashMap<Operation, RateLimit>,
    faults: Faults,
    seed: Option<u64>,
    old_client_secret_lifetime: Duration,
    new_client_secret_delay: Duration,
    #[cfg(feature = "sqs")]
    sqs: Option<crate::sqs::SqsSender>,
    #[cfg(feature = "sqs")]
    check_queue_policies: bool,
    #[cfg(feature = "eventbridge")]
    event_bridge: Option<crate::event_bridge::EventBridgeSender>,
}

impl Default for SandboxBuilder {
    fn default() -> Self {
        Self {
            client_id: None,
            client_secret: None,
            application_id: None,
            sellers: Vec::new(),
            token_lifetime: Duration::from_secs(3600),
            rate_limit: Some(RateLimit::default()),
            operation_limits: HashMap::new(),
            faults: Faults::default(),
            seed: None,
            old_client_secret_lifetime: crate::rotation::DEFAULT_OLD_SECRET_LIFETIME,
            new_client_secret_delay: Duration::ZERO,
            #[cfg(feature = "sqs")]
            sqs: None,
            #[cfg(feature = "sqs")]
            check_queue_policies: false,
            #[cfg(feature = "eventbridge")]
            event_bridge: None,
        }
    }
}

impl SandboxBuilder {
    /// The application's LWA client id; random (`amzn1.application-oa2-client.…`) by default.
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// The application's LWA client secret; random by default.
    pub fn client_secret(mut self, client_secret: impl Into<String>) -> Self {
        self.client_secret = Some(client_secret.into());
        self
    }

    /// The application id in notifications' metadata and EventBridge source names; random
    /// (`amzn1.sp.solution.…`) by default.
    pub fn application_id(mut self, application_id: impl Into<String>) -> Self {
        self.application_id = Some(application_id.into());
        self
    }

    /// Registers a seller who authorized the application, with the refresh token that
    /// authorization produced. The first one is the default seller of [`Sandbox::seller_id`] and
    /// [`Sandbox::refresh_token`]; without any, one random seller is registered.
    pub fn seller(
        mut self,
        seller_id: impl Into<String>,
        refresh_token: impl Into<String>,
    ) -> Self {
        self.sellers.push(Seller {
            seller_id: seller_id.into(),
            refresh_token: refresh_token.into(),
        });
        self
    }

    /// How long issued access tokens last (`expires_in`); one hour by default, as at Amazon.
    /// Zero issues tokens that are already expired.
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// How long the previous client secret keeps working after `rotateApplicationClientSecret`
    /// (the notification's `oldClientSecretExpiryTime`); seven days by default.
    /// [`Sandbox::expire_previous_client_secret`] ends it at once.
    pub fn old_client_secret_lifetime(mut self, lifetime: Duration) -> Self {
        self.old_client_secret_lifetime = lifetime;
        self
    }

    /// How long LWA refuses a new client secret (`invalid_client`) after
    /// `rotateApplicationClientSecret`, as it has been seen doing; zero by default.
    pub fn new_client_secret_delay(mut self, delay: Duration) -> Self {
        self.new_client_secret_delay = delay;
        self
    }

    /// The usage plan of every operation; SP-API's 1 request per second with a burst of 5
    /// ([`RateLimit::default`]) unless set.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// The usage plan of one operation, over [`rate_limit`](Self::rate_limit) and
    /// [`without_rate_limits`](Self::without_rate_limits).
    pub fn operation_rate_limit(mut self, operation: Operation, limit: RateLimit) -> Self {
        self.operation_limits.insert(operation, limit);
        self
    }

    /// No usage plan: no operation is throttled (except those given an
    /// [`operation_rate_limit`](Self::operation_rate_limit)).
    pub fn without_rate_limits(mut self) -> Self {
        self.rate_limit = None;
        self
    }

    /// Faults injected from the start; change them later with [`Sandbox::set_faults`].
    pub fn faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    /// Seeds the random faults, so that a run meets the same faults every time.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Delivers notifications for SQS destinations to a real SQS endpoint instead of the
    /// in-process queues: `SendMessage` to `ENDPOINT/ACCOUNT_ID/QUEUE_NAME` (the URL form of
    /// emulators such as moto), with placeholder credentials.
    #[cfg(feature = "sqs")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sqs")))]
    pub fn sqs_endpoint(mut self, endpoint: impl AsRef<str>) -> Self {
        self.sqs = Some(crate::sqs::SqsSender::for_endpoint(endpoint.as_ref()));
        self
    }

    /// Delivers notifications for SQS destinations through `client` (configured with its own
    /// endpoint, region and credentials, for AWS itself), finding each queue's URL with
    /// `GetQueueUrl`.
    #[cfg(feature = "sqs")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sqs")))]
    pub fn sqs_client(mut self, client: aws_sdk_sqs::Client) -> Self {
        self.sqs = Some(crate::sqs::SqsSender::with_client(client));
        self
    }

    /// Before each delivery to a real SQS queue, reads the queue's access policy and delivers
    /// only when Amazon's principal `arn:aws:iam::437568002678:root` may `sqs:SendMessage`, as
    /// at Amazon; otherwise records why in [`Sandbox::undelivered`]. Off by default, so that
    /// queues created without a policy receive notifications.
    #[cfg(feature = "sqs")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sqs")))]
    pub fn check_queue_policies(mut self) -> Self {
        self.check_queue_policies = true;
        self
    }

    /// EventBridge destinations on a real EventBridge endpoint such as moto's (placeholder
    /// credentials, region `us-east-1`): `createDestination` creates the partner event source
    /// `aws.partner/sellingpartnerapi.amazon.com/ACCOUNT/APPLICATION` in the account, and
    /// notifications are put on it with `PutPartnerEvents`.
    #[cfg(feature = "eventbridge")]
    #[cfg_attr(docsrs, doc(cfg(feature = "eventbridge")))]
    pub fn event_bridge_endpoint(mut self, endpoint: impl AsRef<str>) -> Self {
        self.event_bridge = Some(crate::event_bridge::EventBridgeSender::for_endpoint(
            endpoint.as_ref(),
        ));
        self
    }

    /// EventBridge destinations through `client` (configured with its own endpoint, region
    /// and credentials), as [`event_bridge_endpoint`](Self::event_bridge_endpoint) does: for
    /// an emulator reached through the caller's AWS configuration (`AWS_ENDPOINT_URL`).
    #[cfg(feature = "eventbridge")]
    #[cfg_attr(docsrs, doc(cfg(feature = "eventbridge")))]
    pub fn event_bridge_client(
        mut self,
        client: spapi_notifications_aws::aws_sdk_eventbridge::Client,
    ) -> Self {
        self.event_bridge = Some(crate::event_bridge::EventBridgeSender::with_client(client));
        self
    }

    /// Starts the sandbox on 127.0.0.1 at a free port.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a setting that cannot work (a rate limit that is not positive,
    /// fault rates outside 0 to 1), [`Error::Bind`] if no port could be opened.
    pub async fn start(self) -> Result<Sandbox, Error> {
        let limits = self.limits()?;
        if let Some(problem) = self.faults.problem() {
            return Err(Error::Config {
                setting: "faults",
                problem,
            });
        }
        let mut sellers = self.sellers;
        if sellers.is_empty() {
            sellers.push(Seller {
                seller_id: ids::seller_id(),
                refresh_token: ids::token("Atzr|", 300),
            });
        }
        let config = Config {
            client_id: self
                .client_id
                .unwrap_or_else(|| format!("amzn1.application-oa2-client.{}", ids::hex(32))),
            client_secret: self
                .client_secret
                .unwrap_or_else(|| format!("amzn1.oa2-cs.v1.{}", ids::hex(64))),
            application_id: self
                .application_id
                .unwrap_or_else(|| format!("amzn1.sp.solution.{}", ids::uuid())),
            sellers,
            token_lifetime: self.token_lifetime,
        };
        let secrets = crate::rotation::Secrets::new(
            config.client_secret.clone(),
            self.old_client_secret_lifetime,
            self.new_client_secret_delay,
        );
        let shared = Arc::new(Shared {
            config,
            tokens: Tokens::default(),
            secrets,
            store: Mutex::new(Store::default()),
            limiter: Limiter::new(limits),
            faults: FaultState::new(self.faults, self.seed),
            deliverer: Deliverer {
                #[cfg(feature = "sqs")]
                sqs: self.sqs.map(|mut sqs| {
                    sqs.check_policies = self.check_queue_policies;
                    sqs
                }),
                #[cfg(feature = "eventbridge")]
                event_bridge: self.event_bridge,
                ..Deliverer::default()
            },
            log: Mutex::default(),
        });

        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(Error::Bind)?;
        let addr = listener.local_addr().map_err(Error::Bind)?;
        let (shutdown, stop) = oneshot::channel();
        let server = tokio::spawn(server::serve(listener, app(&shared), stop));
        tracing::info!(%addr, "sandbox started");
        Ok(Sandbox::new(shared, addr, shutdown, server))
    }

    /// Every operation's usage plan.
    fn limits(&self) -> Result<HashMap<Operation, RateLimit>, Error> {
        let mut limits: HashMap<Operation, RateLimit> = self
            .rate_limit
            .iter()
            .flat_map(|limit| Operation::ALL.iter().map(|&operation| (operation, *limit)))
            .collect();
        limits.extend(self.operation_limits.clone());
        for (operation, limit) in &limits {
            if let Some(problem) = limit.problem() {
                return Err(Error::Config {
                    setting: "rate_limit",
                    problem: format!("{operation}: {problem}"),
                });
            }
        }
        Ok(limits)
    }
}

/// LWA and the Notifications API, each behind fault injection, all behind the request log.
fn app(shared: &Arc<Shared>) -> Router {
    Router::new()
        .route(
            TOKEN_PATH,
            post(lwa::token).route_layer(from_fn_with_state(Arc::clone(shared), faults::lwa)),
        )
        .merge(api::router(shared))
        .fallback(|request: axum::extract::Request| async move {
            ApiError::not_found(format!(
                "No operation at {} {}",
                request.method(),
                request.uri().path()
            ))
        })
        .layer(from_fn_with_state(Arc::clone(shared), requests::record))
        .with_state(Arc::clone(shared))
}

impl fmt::Debug for SandboxBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxBuilder")
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "[REDACTED]"),
            )
            .field("application_id", &self.application_id)
            .field("sellers", &self.sellers)
            .field("token_lifetime", &self.token_lifetime)
            .field("rate_limit", &self.rate_limit)
            .field("operation_limits", &self.operation_limits)
            .field("faults", &self.faults)
            .field("seed", &self.seed)
            .finish_non_exhaustive()
    }
}
