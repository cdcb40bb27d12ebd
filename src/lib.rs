//! # spapi-notifications
//!
//! The Amazon Selling Partner API (SP-API) notifications workflow for Rust: Login with Amazon,
//! destinations and subscriptions, typed notifications in every envelope, and their delivery to
//! your code, each notification once.
//!
//! ```toml
//! [dependencies]
#![doc = concat!(
    "spapi-notifications = { version = \"",
    env!("CARGO_PKG_VERSION"),
    "\", features = [\"consumer\"] }"
)]
//! ```
//!
//! This crate is a facade: each part is a crate of its own, re-exported here as a module.
//!
//! | module | crate | what it does |
//! | --- | --- | --- |
//! | [`auth`] | `spapi-auth` | Login with Amazon: grantless and seller tokens, cached and refreshed once |
//! | [`types`] | `spapi-notification-types` | typed notifications in every casing and envelope |
//! | [`client`] | `spapi-notifications-client` | the ten Notifications API v1 operations, the right token for each |
//! | `consumer` (feature `consumer`) | `spapi-notifications-consumer` | SQS consumer, Lambda adapters, de-duplication |
//! | `fleet` (feature `fleet`) | `spapi-notifications-fleet` | many sellers: provisioning, a subscription registry, offboarding |
//! | `sandbox` (feature `sandbox`) | `spapi-sandbox` | a local stand-in for LWA and the Notifications API |
//! | [`prelude`] | | the names almost every program uses |
//!
//! # From zero to a handled notification
//!
//! Each step below runs as written against the sandbox (feature `sandbox`): a stand-in for
//! Login with Amazon and the Notifications API on 127.0.0.1, so no AWS account, Amazon
//! credentials or network are needed. Against Amazon only the first two steps change; the
//! hidden lines of each example repeat the steps before it.
//!
//! ## 1. Credentials
//!
//! An application's LWA credentials are its client id and secret; a seller who authorizes the
//! application gives it a refresh token. Secrets are redacted in `Debug`, have no `Display`
//! and leave only through an explicit `expose_secret()`.
//!
//! ```
//! use spapi_notifications::prelude::*;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let sandbox = Sandbox::start().await?;
//! let credentials = LwaCredentials::new(
//!     sandbox.client_id(),
//!     ClientSecret::new(sandbox.client_secret()),
//! );
//! let refresh_token = RefreshToken::new(sandbox.refresh_token());
//! assert!(!format!("{credentials:?}").contains(sandbox.client_secret()));
//! # Ok(())
//! # }
//! ```
//!
//! Against Amazon, [`LwaCredentials::from_env`](auth::LwaCredentials::from_env) reads
//! `LWA_APP_ID` and `LWA_CLIENT_SECRET`, and
//! [`RefreshToken::from_env`](auth::RefreshToken::from_env) reads `SP_API_REFRESH_TOKEN`.
//!
//! ## 2. A client
//!
//! One [`NotificationsClient`](client::NotificationsClient) per application: cheap to clone,
//! one connection pool, one grantless token cache, rate limits that wait instead of being
//! throttled. It picks the token each operation takes: grantless (scope
//! `sellingpartnerapi::notifications`) for the application's own operations, the seller's for
//! [`client.seller(refresh_token)`](client::NotificationsClient::seller).
//!
//! ```
//! # use spapi_notifications::prelude::*;
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let sandbox = Sandbox::start().await?;
//! # let credentials = sandbox.lwa_credentials();
//! // Amazon's production endpoint of a region...
//! let amazon = NotificationsClient::builder()
//!     .region(Region::Europe)
//!     .credentials(credentials)
//!     .build()?;
//! assert_eq!(amazon.endpoint(), "https://sellingpartnerapi-eu.amazon.com");
//!
//! // ...or the local sandbox: its endpoint, its LWA and its application's credentials.
//! let client = sandbox.client_builder().build()?;
//! assert!(client.is_sandbox());
//! # Ok(())
//! # }
//! ```
//!
//! [`NotificationsClient::from_env`](client::NotificationsClient::from_env) builds it from
//! `LWA_APP_ID`, `LWA_CLIENT_SECRET`, `SP_API_REGION` and `SP_API_ENDPOINT`.
//!
//! With the `sandbox` feature, [`SandboxClients`] (in the prelude) gives a sandbox's
//! [`lwa_credentials`](SandboxClients::lwa_credentials) and a
//! [`client_builder`](SandboxClients::client_builder) with its endpoint, token URL and
//! credentials set: add rate limits or timeouts, then build.
//!
//! ## 3. A destination, once per application
//!
//! Amazon delivers notifications to an SQS queue (most types) or to Amazon EventBridge
//! (listings, brand and product type notifications). Creating a destination is grantless;
//! [`ensure_destination`](client::NotificationsClient::ensure_destination) returns the one
//! already on the queue, so running it twice is harmless. On AWS, the queue's access policy
//! must let Amazon's principal `437568002678` send to it.
//!
//! ```
//! # use spapi_notifications::prelude::*;
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let sandbox = Sandbox::start().await?;
//! # let client = sandbox.client_builder().build()?;
//! let queue = DestinationResourceSpecification::sqs("arn:aws:sqs:us-east-1:123456789012:orders");
//! let destination = client.ensure_destination("orders", &queue).await?;
//! let again = client.ensure_destination("orders", &queue).await?;
//! assert_eq!(destination.destination_id, again.destination_id);
//! # Ok(())
//! # }
//! ```
//!
//! ## 4. A subscription, once per seller
//!
//! Subscribing takes the seller's token: the operation is a method of the
//! [`SellerClient`](client::SellerClient) that
//! [`client.seller(..)`](client::NotificationsClient::seller) returns, so it cannot be called
//! without one.
//!
//! ```
//! # use spapi_notifications::prelude::*;
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let sandbox = Sandbox::start().await?;
//! # let refresh_token = RefreshToken::new(sandbox.refresh_token());
//! # let client = sandbox.client_builder().build()?;
//! # let queue = DestinationResourceSpecification::sqs("arn:aws:sqs:us-east-1:123456789012:orders");
//! # let destination = client.ensure_destination("orders", &queue).await?;
//! let seller = client.seller(refresh_token);
//! let request = CreateSubscriptionRequest::new("1.0", &destination.destination_id);
//! let subscription = seller
//!     .ensure_subscription(&NotificationType::OrderChange, &request)
//!     .await?;
//! println!("subscribed: {} (request id {:?})", subscription.subscription_id, subscription.request_id);
//! # Ok(())
//! # }
//! ```
//!
//! ## 5. A test notification
//!
//! Amazon's sandbox endpoints send a mock notification of a subscribed type on request
//! (grantless; the client refuses to send it to a production endpoint). The local sandbox
//! delivers a realistic one to an in-process stand-in of the queue, or, with the
//! `sandbox-sqs` feature, to a real SQS queue (an emulator such as moto).
//!
//! ```
//! # use spapi_notifications::prelude::*;
//! use spapi_notifications::client::SendTestNotificationRequest;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let sandbox = Sandbox::start().await?;
//! # let client = sandbox.client_builder().build()?;
//! # let arn = "arn:aws:sqs:us-east-1:123456789012:orders";
//! # let destination = client.ensure_destination("orders", &DestinationResourceSpecification::sqs(arn)).await?;
//! # client.seller(RefreshToken::new(sandbox.refresh_token()))
//! #     .ensure_subscription(&NotificationType::OrderChange,
//! #         &CreateSubscriptionRequest::new("1.0", &destination.destination_id)).await?;
//! let request = SendTestNotificationRequest::new(&destination.destination_id, "1.0");
//! client.send_test_notification(&NotificationType::OrderChange, &request).await?;
//! assert_eq!(sandbox.queue(arn).len(), 1);
//! # Ok(())
//! # }
//! ```
//!
//! ## 6. Decode
//!
//! [`envelope::decode`](types::envelope::decode) reads a message body in any envelope Amazon
//! or your infrastructure wraps it in (bare, double-encoded, EventBridge, SNS, SQS), in either
//! key casing, into a [`Received`](types::Received): the typed
//! [`Notification`](types::Notification) and how it was delivered. Types this version does
//! not know decode to [`Payload::Unknown`](types::Payload::Unknown) with their raw JSON.
//!
//! ```
//! # use spapi_notifications::prelude::*;
//! # use spapi_notifications::client::SendTestNotificationRequest;
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let sandbox = Sandbox::start().await?;
//! # let client = sandbox.client_builder().build()?;
//! # let arn = "arn:aws:sqs:us-east-1:123456789012:orders";
//! # let destination = client.ensure_destination("orders", &DestinationResourceSpecification::sqs(arn)).await?;
//! # let subscription = client.seller(RefreshToken::new(sandbox.refresh_token()))
//! #     .ensure_subscription(&NotificationType::OrderChange,
//! #         &CreateSubscriptionRequest::new("1.0", &destination.destination_id)).await?;
//! # client.send_test_notification(&NotificationType::OrderChange,
//! #     &SendTestNotificationRequest::new(&destination.destination_id, "1.0")).await?;
//! let message = sandbox.queue(arn).recv().await;
//! let received = envelope::decode(message.body.as_bytes())?;
//! let notification = &received.notification;
//! assert_eq!(notification.notification_type, NotificationType::OrderChange);
//! assert_eq!(
//!     notification.metadata.as_ref().map(|metadata| metadata.subscription_id.as_str()),
//!     Some(subscription.subscription_id.as_str())
//! );
//! match &notification.payload {
//!     Payload::OrderChange(order) => {
//!         println!("order {} is {:?}", order.amazon_order_id, order.summary.order_status);
//!     }
//!     other => println!("{:?}", other.notification_type()),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! ## 7. Handle each notification once
//!
//! SQS delivers at least once and out of order, so the same notification may arrive twice.
//! With the `consumer` feature, a [`Pipeline`](consumer::Pipeline) decodes, de-duplicates by
//! notification id and calls your async handler; an
//! [`SqsConsumer`](consumer::SqsConsumer) runs it over an SQS queue (long polling, bounded
//! concurrency, delete only after success, graceful shutdown), and the
//! [`lambda`](consumer::lambda) adapters (feature `lambda`) inside AWS Lambda.
//!
//! ```
//! # use spapi_notifications::prelude::*;
//! # use spapi_notifications::client::SendTestNotificationRequest;
//! # #[cfg(not(feature = "consumer"))] fn main() {}
//! # #[cfg(feature = "consumer")]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let sandbox = Sandbox::start().await?;
//! # let client = sandbox.client_builder().build()?;
//! # let arn = "arn:aws:sqs:us-east-1:123456789012:orders";
//! # let destination = client.ensure_destination("orders", &DestinationResourceSpecification::sqs(arn)).await?;
//! # client.seller(RefreshToken::new(sandbox.refresh_token()))
//! #     .ensure_subscription(&NotificationType::OrderChange,
//! #         &CreateSubscriptionRequest::new("1.0", &destination.destination_id)).await?;
//! # client.send_test_notification(&NotificationType::OrderChange,
//! #     &SendTestNotificationRequest::new(&destination.destination_id, "1.0")).await?;
//! use spapi_notifications::consumer::{Delivery, Outcome, Pipeline};
//!
//! async fn handle(received: Received) -> Result<(), std::io::Error> {
//!     if let Payload::OrderChange(order) = &received.notification.payload {
//!         println!("order {} changed", order.amazon_order_id);
//!     }
//!     Ok(())
//! }
//!
//! let pipeline = Pipeline::builder().build(handle);
//! let message = sandbox.queue(arn).recv().await;
//! let body = message.body.as_bytes();
//! assert!(matches!(pipeline.process(body, Delivery::default()).await, Outcome::Handled));
//! // Delivered again: acknowledged without calling the handler.
//! assert!(matches!(pipeline.process(body, Delivery::default()).await, Outcome::Duplicate));
//! # Ok(())
//! # }
//! ```
//!
//! On AWS (this example needs a real queue):
//!
//! ```no_run
//! # #[cfg(feature = "consumer")]
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use spapi_notifications::consumer::aws_sdk_sqs;
//! use spapi_notifications::prelude::*;
//!
//! # async fn handle(received: Received) -> Result<(), std::io::Error> { Ok(()) }
//! let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
//! let sqs = aws_sdk_sqs::Client::new(&config);
//! let consumer = SqsConsumer::builder(sqs, "https://sqs.us-east-1.amazonaws.com/123456789012/orders")
//!     .concurrency(32)
//!     .build(handle)?;
//! consumer.run_until(async { tokio::signal::ctrl_c().await.unwrap_or(()) }).await?;
//! # Ok(())
//! # }
//! ```
//!
//! # Features
//!
//! All features are additive; docs.rs documents them all.
//!
//! | feature | adds |
//! | --- | --- |
//! | `consumer` | `spapi_notifications::consumer`: [`SqsConsumer`](consumer::SqsConsumer), [`Pipeline`](consumer::Pipeline), de-duplication |
//! | `lambda` | `consumer` and its [`lambda`](consumer::lambda) adapters for SQS- and EventBridge-triggered functions |
//! | `dynamodb` | `consumer` and a de-duplication store on DynamoDB, shared by many consumers (with `fleet`, also its DynamoDB registry) |
//! | `fleet` | `spapi_notifications::fleet`: provisioning and offboarding many sellers, a subscription registry |
//! | `sandbox` | `spapi_notifications::sandbox`: the local stand-in for LWA and the Notifications API |
//! | `sandbox-sqs` | `sandbox`, delivering to real SQS queues (an emulator such as moto, or AWS) |
//!
//! # Dependencies in the API
//!
//! The crates whose types the API takes are re-exported where they are taken, so that your
//! versions match ours: [`client::reqwest`] (a `reqwest::Client` of your own for
//! [`http_client`](client::NotificationsClientBuilder::http_client)), and
//! `consumer::aws_sdk_sqs` and `consumer::aws_sdk_dynamodb` for the consumer's AWS clients.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use spapi_auth as auth;
pub use spapi_notification_types as types;
#[cfg(feature = "aws")]
#[cfg_attr(docsrs, doc(cfg(feature = "aws")))]
pub use spapi_notifications_aws as aws;
pub use spapi_notifications_client as client;
#[cfg(feature = "consumer")]
#[cfg_attr(docsrs, doc(cfg(feature = "consumer")))]
pub use spapi_notifications_consumer as consumer;
#[cfg(feature = "fleet")]
#[cfg_attr(docsrs, doc(cfg(feature = "fleet")))]
pub use spapi_notifications_fleet as fleet;
#[cfg(feature = "sandbox")]
#[cfg_attr(docsrs, doc(cfg(feature = "sandbox")))]
pub use spapi_sandbox as sandbox;

#[cfg(feature = "sandbox")]
mod sandbox_clients;
#[cfg(feature = "sandbox")]
#[cfg_attr(docsrs, doc(cfg(feature = "sandbox")))]
pub use sandbox_clients::SandboxClients;

pub mod prelude {
    //! The names almost every program uses: `use spapi_notifications::prelude::*;`.
    //!
    //! Credentials, the client and what provisioning takes, notification types and payloads,
    //! the [`envelope`] decoders, and with their features the SQS consumer and the sandbox.
    //! Error types are not here: each module has its own `Error`.

    #[cfg(feature = "sandbox")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sandbox")))]
    #[doc(no_inline)]
    pub use crate::SandboxClients;
    #[doc(no_inline)]
    pub use spapi_auth::{ClientSecret, LwaCredentials, RefreshToken};
    #[doc(no_inline)]
    pub use spapi_notification_types::{
        Notification, NotificationType, Payload, Received, envelope,
    };
    #[doc(no_inline)]
    pub use spapi_notifications_client::{
        CreateSubscriptionRequest, DestinationResourceSpecification, NotificationsClient, Region,
    };
    #[cfg(feature = "consumer")]
    #[cfg_attr(docsrs, doc(cfg(feature = "consumer")))]
    #[doc(no_inline)]
    pub use spapi_notifications_consumer::SqsConsumer;
    #[cfg(feature = "sandbox")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sandbox")))]
    #[doc(no_inline)]
    pub use spapi_sandbox::Sandbox;
}

/// The README's examples, compiled as doc tests so that they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
