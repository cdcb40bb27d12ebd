//! The Selling Partner API Notifications v1 client: all ten operations, the right token for
//! each, rate limits that wait instead of failing, bounded retries, idempotent provisioning and
//! errors that say what went wrong.
//!
//! # A guided tour
//!
//! ## The client
//!
//! A [`NotificationsClient`] belongs to one application. Build it with
//! [`NotificationsClient::builder`] (a [`Region`], or the sandbox, or any endpoint; the
//! application's LWA credentials; user agent, timeouts, retries, rate limits) or from the
//! environment with [`NotificationsClient::from_env`]:
//!
//! | variable | meaning |
//! | --- | --- |
//! | `LWA_APP_ID` (or `LWA_CLIENT_ID`), `LWA_CLIENT_SECRET` | the application's LWA credentials |
//! | `LWA_TOKEN_URL` (optional) | another LWA token endpoint, e.g. a local stand-in |
//! | `SP_API_REGION` (optional) | `na` (default), `eu` or `fe` |
//! | `SP_API_ENDPOINT` (optional) | any endpoint URL; wins over the region |
//!
//! Clones are cheap and share one HTTP connection pool, one grantless token cache and one set
//! of rate limits.
//!
//! ## The right token for each operation
//!
//! The application's own operations take a *grantless* token (`client_credentials` grant,
//! scope `sellingpartnerapi::notifications`); they are methods of [`NotificationsClient`].
//! Operations for a seller take that seller's token; they are methods of the [`SellerClient`]
//! returned by [`NotificationsClient::seller`], so calling one without a seller does not
//! compile.
//!
//! | operation | method | token |
//! | --- | --- | --- |
//! | `getDestinations` | [`NotificationsClient::get_destinations`] | grantless |
//! | `createDestination` | [`NotificationsClient::create_destination`] | grantless |
//! | `getDestination` | [`NotificationsClient::get_destination`] | grantless |
//! | `deleteDestination` | [`NotificationsClient::delete_destination`] | grantless |
//! | `getSubscriptionById` | [`NotificationsClient::get_subscription_by_id`] | grantless |
//! | `deleteSubscriptionById` | [`NotificationsClient::delete_subscription_by_id`] | grantless |
//! | | [`SellerClient::delete_subscription_by_id`] | grantless, then the seller's on a 403 |
//! | `sendTestNotification` | [`NotificationsClient::send_test_notification`] | grantless, sandbox only |
//! | `getSubscriptions` | [`SellerClient::get_subscriptions`], [`SellerClient::subscriptions`] (a `Stream` over the pages), [`SellerClient::all_subscriptions`] | seller |
//! | `getSubscription` | [`SellerClient::get_subscription`] | seller |
//! | `createSubscription` | [`SellerClient::create_subscription`] | seller |
//! | `rotateApplicationClientSecret` | [`NotificationsClient::rotate_application_client_secret`] | grantless, scope `sellingpartnerapi::client_credential:rotation` |
//!
//! The token of each operation is written once, in the table behind [`Operation::token_kind`]
//! ([`TokenKind`]); the client reads it from there for every call.
//!
//! When Amazon answers 401, or 403 saying the token expired or is invalid, the token is
//! invalidated and the call made once more with a fresh one.
//!
//! Cached tokens are replaced a [`RefreshMargin`](spapi_auth::RefreshMargin) before they
//! expire: a tenth of the token's lifetime, at most 60 s (60 s for LWA's one-hour tokens), so
//! that short-lived tokens cost no extra LWA request; set it with
//! [`NotificationsClientBuilder::refresh_margin`].
//!
//! ```no_run
//! use spapi_auth::RefreshToken;
//! use spapi_notification_types::NotificationType;
//! use spapi_notifications_client::{
//!     AggregationTimePeriod, CreateSubscriptionRequest, DestinationResourceSpecification,
//!     EventFilter, NotificationsClient, ProcessingDirective,
//! };
//!
//! # async fn run() -> Result<(), spapi_notifications_client::Error> {
//! let client = NotificationsClient::from_env()?;
//!
//! // Once per application: the queue Amazon delivers to (grantless).
//! let queue = DestinationResourceSpecification::sqs("arn:aws:sqs:us-east-1:444455556666:offers");
//! let destination = client.ensure_destination("offers", &queue).await?;
//!
//! // Once per seller: the subscription (with the seller's token).
//! let seller = client.seller(RefreshToken::from_env()?);
//! let request = CreateSubscriptionRequest::new("1.0", &destination.destination_id)
//!     .processing_directive(ProcessingDirective::event_filter(
//!         EventFilter::any_offer_changed()
//!             .aggregation(AggregationTimePeriod::FiveMinutes)
//!             .marketplace_ids(["ATVPDKIKX0DER"]),
//!     ));
//! let subscription = seller
//!     .ensure_subscription(&NotificationType::AnyOfferChanged, &request)
//!     .await?;
//! println!(
//!     "subscription {} (request id {:?})",
//!     subscription.subscription_id, subscription.request_id
//! );
//! # Ok(()) }
//! ```
//!
//! ## Checked before sending
//!
//! Requests that Amazon would refuse are [`Error::Validation`] errors naming the field, and
//! nothing is sent: an SQS ARN not matching `^arn:aws:sqs:\S+:\S+:\S+`, a destination name
//! longer than 256 characters, a destination with both or neither resource, a
//! [`ProcessingDirective`] with both an event filter and a filter expression (or a filter
//! expression outside 1–256 characters, or using arithmetic or indexing), a filter field its
//! `eventFilterType` does not support, a tracking filter with other than one identifier,
//! `sendTestNotification` on a production endpoint, and an EventBridge-only notification type
//! subscribed to an SQS destination (or the reverse) when the client has seen the destination.
//!
//! Subscriptions are also checked against what Amazon accepts for each type (the table in
//! [`NotificationType`]'s documentation): a removed type (`ORDER_STATUS_CHANGE`,
//! `MFN_ORDER_STATUS_CHANGE`), a payload version the type does not document, a
//! `filterExpression` on a type that refuses one (the EventBridge types), and an `eventFilter`
//! whose `eventFilterType` does not apply to the type. A type this version does not know, and a
//! fact the documentation leaves open, are not checked.
//!
//! ## Rate limits
//!
//! Every operation has a token bucket per application (grantless) and per seller, starting from
//! Amazon's usage plan (1 request per second, burst 5; one a minute for
//! `rotateApplicationClientSecret`) or [`RateLimits`], and following the rate in
//! each `x-amzn-RateLimit-Limit` header. A caller that finds the bucket empty waits for its
//! turn instead of being throttled; a 429 empties the bucket so that everyone behind it waits.
//! The token a call sends is taken after its wait (and after a retry's), so a call queued
//! behind others never sends a token that expired while it waited.
//!
//! ## Retries
//!
//! Failures are retried as the [`RetryPolicy`](spapi_http::RetryPolicy) allows (bounded
//! attempts and total time, exponential backoff with full jitter), but **a POST is retried only
//! when the failure shows it did not take effect**:
//!
//! | failure | GET, DELETE | POST |
//! | --- | --- | --- |
//! | could not connect | retried | retried: nothing was sent |
//! | 429 Too Many Requests | retried, after the rate limit's interval | retried: Amazon refused it |
//! | 503 Service Unavailable | retried | retried: Amazon refused it |
//! | 500, 502, 504 | retried | not retried: it may have taken effect |
//! | timeout, or the connection broke after sending | retried | not retried |
//! | other statuses | not retried | not retried |
//!
//! A DELETE retried after a failure that may have taken effect counts a 404 as success.
//!
//! ## Idempotent provisioning
//!
//! [`NotificationsClient::ensure_destination`] returns the destination already on a resource,
//! or creates it; [`SellerClient::ensure_subscription`] returns the subscription already
//! matching, or creates it. Both settle a 409 from a concurrent creation by looking again.
//!
//! ## Errors
//!
//! [`Error::Api`] carries the status, `x-amzn-RequestId`, Amazon's `errors` (code, message,
//! details), the raw body when it is not an error list, and a [`Hint`] in plain words for the
//! classic causes: a grantless operation with a seller token or the reverse, an SQS queue policy
//! that does not let Amazon in, a destination from another region, a notification type on the
//! wrong kind of destination, a missing role (named, where the type documents one), a token
//! that expired on its way.
//! [`Error::Decode`] names the JSON path where a response did not match the model. An error
//! with a cause (LWA's error for [`Error::Auth`], serde's for [`Error::Decode`], the HTTP
//! client's for [`Error::Transport`]) keeps it as its `source()` and does not repeat it, so
//! anyhow's `{:#}` prints each cause once. No error, `Debug` output or log line holds a
//! secret.
//!
//! ## Responses
//!
//! Every operation returns a [`Response`]: the value (which it derefs to), the status, the
//! request id and the rate limit Amazon announced.
//!
//! ## Tracing
//!
//! Each operation runs in a `notifications_api` span with the operation, attempt count, time
//! waited for the rate limit, status and request id; token requests nest their `spapi-auth`
//! spans inside it.
//!
//! ## Metrics
//!
//! Every HTTP request counts in `spapi_api_requests_total` (by operation and status), every
//! retry in `spapi_api_retries_total`, and every attempt's wait for the rate limiter goes to the
//! histogram `spapi_api_rate_limit_wait_seconds`; token requests count in the `spapi_lwa_*`
//! metrics. Install any `metrics` 0.24 recorder to see them: the table of names and labels is
//! [`spapi_http::metrics`].
#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
mod config;
mod error;
mod hint;
mod model;
mod operation;
mod operations;
mod rate_limit;
mod response;
mod seller;
mod transport;
mod validate;

pub use client::NotificationsClient;
pub use config::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, NotificationsClientBuilder,
    Region,
};
pub use error::{ApiError, Error};
pub use hint::Hint;
pub use model::{
    AggregationSettings, AggregationTimePeriod, CarrierTracking, CreateDestinationRequest,
    CreateSubscriptionRequest, Destination, DestinationResource, DestinationResourceSpecification,
    EventBridgeResource, EventBridgeResourceSpecification, EventFilter, EventFilterType,
    GetSubscriptionsPayload, GetSubscriptionsQuery, OrderChangeType, ProcessingDirective,
    RawResource, SendTestNotificationRequest, SqsResource, Subscription, TestNotification,
    TrackingIdentifier,
};
pub use operation::{Operation, TokenKind};
pub use rate_limit::{RateLimit, RateLimits};
pub use response::Response;
pub use seller::SellerClient;
pub use spapi_notification_types::{DeliveryChannel, NotificationType};

/// The `Stream` trait's crate (version 0.3) of [`SellerClient::subscriptions`].
pub use futures_core;
/// The serialization framework (version 1) of the requests' and models' `Serialize` and
/// `Deserialize` impls.
pub use serde;
/// The JSON crate (version 1) of [`Error::Decode`]'s source, [`RawResource`] and test
/// notification answers.
pub use serde_json;
/// The HTTP types crate (version 1) of [`Response::status`], [`Error::status`] and
/// [`Operation::method`].
pub use spapi_http::http;
/// The HTTP client this crate is built on (version 0.13), to build the `reqwest::Client`
/// [`NotificationsClientBuilder::http_client`] takes (proxies, TLS roots, pool settings) with
/// the same version.
pub use spapi_http::reqwest;
