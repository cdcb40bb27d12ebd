//! A local stand-in for Login with Amazon (LWA) and the Selling Partner API (SP-API)
//! Notifications API v1, with notification delivery: for tests and demos, with no AWS account,
//! no Amazon credentials and no network beyond 127.0.0.1.
//!
//! # A tour
//!
//! [`Sandbox::start`] serves LWA's token endpoint ([`Sandbox::token_url`]) and the Notifications
//! API ([`Sandbox::base_url`]) on a free port, for an application ([`Sandbox::client_id`],
//! [`Sandbox::client_secret`]) authorized by a seller ([`Sandbox::refresh_token`]). It speaks
//! the wire protocol, so any client works; here, plain `reqwest`:
//!
//! ```
//! use serde_json::{Value, json};
//! use spapi_sandbox::{NotificationType, Sandbox};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let sandbox = Sandbox::start().await?;
//! let http = reqwest::Client::new();
//!
//! // LWA: a grantless token for destinations, the seller's token for subscriptions.
//! let grantless = token(&http, &sandbox, &[("grant_type", "client_credentials"),
//!     ("scope", "sellingpartnerapi::notifications")]).await?;
//! let seller = token(&http, &sandbox, &[("grant_type", "refresh_token"),
//!     ("refresh_token", sandbox.refresh_token())]).await?;
//!
//! let api = format!("{}/notifications/v1", sandbox.base_url());
//! let arn = "arn:aws:sqs:us-east-1:123456789012:sp-api-notifications";
//! let destination: Value = http
//!     .post(format!("{api}/destinations"))
//!     .header("x-amz-access-token", &grantless)
//!     .json(&json!({ "name": "orders", "resourceSpecification": { "sqs": { "arn": arn } } }))
//!     .send().await?.error_for_status()?.json().await?;
//! let destination_id = destination["payload"]["destinationId"].as_str().unwrap();
//!
//! http.post(format!("{api}/subscriptions/ORDER_CHANGE"))
//!     .header("x-amz-access-token", &seller)
//!     .json(&json!({ "payloadVersion": "1.0", "destinationId": destination_id }))
//!     .send().await?.error_for_status()?;
//!
//! // A realistic ORDER_CHANGE notification lands in the queue's in-process stand-in.
//! http.post(format!("{api}/subscriptions/ORDER_CHANGE/testNotification"))
//!     .header("x-amz-access-token", &grantless)
//!     .json(&json!({ "destinationId": destination_id,
//!                    "testNotification": { "payloadVersion": "1.0" } }))
//!     .send().await?.error_for_status()?;
//! let received = sandbox.queue(arn).recv().await.decode()?;
//! assert_eq!(received.notification.notification_type, NotificationType::OrderChange);
//!
//! // Or without the API: what Amazon sends when an order changes.
//! sandbox.publish(NotificationType::OrderChange, sandbox.seller_id()).await?;
//! assert_eq!(sandbox.queue(arn).len(), 1);
//! # Ok(())
//! # }
//!
//! async fn token(
//!     http: &reqwest::Client,
//!     sandbox: &Sandbox,
//!     grant: &[(&str, &str)],
//! ) -> reqwest::Result<String> {
//!     let mut form = vec![("client_id", sandbox.client_id()), ("client_secret", sandbox.client_secret())];
//!     form.extend_from_slice(grant);
//!     let answer: Value = http.post(sandbox.token_url()).form(&form).send().await?.json().await?;
//!     Ok(answer["access_token"].as_str().unwrap_or_default().to_owned())
//! }
//! ```
//!
//! # What it reproduces
//!
//! - **LWA** (`POST /auth/o2/token`, form or JSON body): the `refresh_token` grant (with
//!   `refresh_token`, never `scope`) and the `client_credentials` grant (with `scope`, never
//!   `refresh_token`). Tokens are random, remembered with their grant, and last
//!   [`token_lifetime`](SandboxBuilder::token_lifetime). Errors are OAuth bodies
//!   (`{"error", "error_description"}`) with LWA's statuses: 400 `invalid_request`,
//!   `invalid_grant`, `invalid_scope`, `unsupported_grant_type`; 401 `invalid_client`.
//! - **The token each operation takes** ([`Operation::token_kind`]): grantless (scope
//!   `sellingpartnerapi::notifications`) for the four destination operations,
//!   `getSubscriptionById`, `deleteSubscriptionById` and `sendTestNotification`; a seller's for
//!   `getSubscriptions`, `getSubscription` and `createSubscription`. Anything else is a 403
//!   `Unauthorized` "Access to requested resource is denied.", whose `details` say when the
//!   token is missing, unknown or expired.
//! - **All ten operations**, with state: destinations (one per SQS queue, one EventBridge
//!   destination per AWS account, with `"sqs": null` and the partner event source's name), and
//!   subscriptions per seller, type and payload version (several only with different
//!   `filterExpression`s), `getSubscriptions` pages of 30 to 100 with `nextToken`.
//! - **SP-API's errors**, `{"errors": [{"code", "message", "details"}]}`: 400 `InvalidInput`
//!   (a body that does not parse, naming the JSON path; both or neither resource; a bad SQS ARN
//!   or processing directive; a type sent to the wrong kind of destination), 404 `NotFound`,
//!   409 `Conflict` and `StateConflict`, 413, 415. Every answer carries `x-amzn-RequestId`.
//! - **Usage plans**: a token bucket per operation and caller (1 request per second, burst 5,
//!   as Amazon; [configurable](SandboxBuilder::rate_limit)), answering 429 `QuotaExceeded`;
//!   every answer carries `x-amzn-RateLimit-Limit`.
//! - **Faults**, to test resilience: server errors, latency and dropped connections at random
//!   ([`Faults`], reproducible with a [seed](SandboxBuilder::seed)) or for the next requests
//!   ([`Sandbox::fail_next`]), and [`Sandbox::expire_tokens`].
//! - **Delivery**: `sendTestNotification` and [`Sandbox::publish`] deliver a realistic
//!   notification of the type (from [`spapi_notification_types::fixtures`]: a fresh
//!   notification id, the subscription's id and payload version, current times) to the
//!   destination: an in-process [`Queue`] ([`Sandbox::queue`] for SQS destinations,
//!   [`Sandbox::event_source`] for EventBridge events), or with the `sqs` feature a real SQS
//!   queue ([`SandboxBuilder::sqs_endpoint`]). A delivery that fails makes
//!   `sendTestNotification` answer 500 with the reason in `details`.
//!
//! [`Sandbox::requests`] lists every request answered (operation, status, request id), to
//! assert on what a client did.
//!
//! # Features
//!
//! - `sqs`: deliver to real SQS queues through `aws-sdk-sqs` (moto, or AWS itself); with
//!   [`SandboxBuilder::check_queue_policies`], only when the queue's policy lets Amazon's
//!   principal send (evaluated by `spapi_notifications_aws::policy`), as at Amazon.
//! - `eventbridge`: EventBridge destinations on a real EventBridge endpoint
//!   ([`SandboxBuilder::event_bridge_endpoint`]): `createDestination` creates the partner event
//!   source, delivery is `PutPartnerEvents`, so events flow through your bus, rule and target.
//! - `testing`: [`testing::Moto`], the moto server the workspace's SQS tests start.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod api;
mod arn;
mod builder;
mod delivery;
mod error;
#[cfg(feature = "eventbridge")]
mod event_bridge;
mod faults;
mod ids;
mod lwa;
mod operation;
mod queue;
mod rate_limit;
mod requests;
mod rotation;
mod sandbox;
mod server;
#[cfg(feature = "sqs")]
mod sqs;
mod state;
mod store;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;

pub use builder::SandboxBuilder;
pub use delivery::{Publication, Published, Undelivered};
pub use error::Error;
pub use faults::{Fault, Faults};
pub use operation::{Operation, TokenKind};
pub use queue::{Message, Queue};
pub use rate_limit::RateLimit;
pub use requests::RequestRecord;
pub use sandbox::Sandbox;
pub use spapi_notification_types::NotificationType;
pub use state::Seller;

/// The `http` crate (version 1) of [`RequestRecord`]'s method and status and of
/// [`Operation::method`].
pub use http;

/// The AWS SDK for SQS (`aws-sdk-sqs`, version 1) of [`SandboxBuilder::sqs_client`] and
/// `testing::Moto::sqs_client`.
#[cfg(feature = "sqs")]
#[cfg_attr(docsrs, doc(cfg(feature = "sqs")))]
pub use aws_sdk_sqs;

/// The AWS SDK for EventBridge (`aws-sdk-eventbridge`, version 1) of
/// `testing::Moto::event_bridge_client`.
#[cfg(feature = "eventbridge")]
#[cfg_attr(docsrs, doc(cfg(feature = "eventbridge")))]
pub use spapi_notifications_aws::aws_sdk_eventbridge;
