//! Deliver Amazon Selling Partner API (SP-API) notifications to your code, each one once.
//!
//! Amazon delivers notifications to an SQS standard queue or an EventBridge bus: at least once,
//! out of order, sometimes in another envelope than the documentation shows. This crate turns
//! that into one call of a typed async [`Handler`] per notification.
//!
//! # A tour
//!
//! - [`SqsConsumer`] polls a queue: long polling, bounded concurrency, delete after success,
//!   failures left to the queue's redrive policy and dead-letter queue, visibility extended
//!   while slow handlers run, graceful shutdown.
//! - [`Pipeline`] is what the consumer does with each message (decode, de-duplicate, call the
//!   handler), for messages from anywhere; with the `lambda` feature it also runs SQS- and
//!   EventBridge-triggered AWS Lambda functions ([`lambda`]).
//! - [`DedupStore`] remembers which notifications were handled: [`InMemoryDedupStore`] for one
//!   process, [`DynamoDbDedupStore`] (feature `dynamodb`) for many consumers on many machines.
//!   The [`dedup`] module says exactly what is guaranteed.
//! - [`Stats`] and tracing events count what happened: received, handled, failed, duplicates,
//!   handler latency; an outcome hook ([`PipelineBuilder::on_outcome`],
//!   [`SqsConsumerBuilder::on_outcome`]) reports each message's [`OutcomeReport`] (its kind,
//!   message id, receive count, notification id, latency, and whether it is about to be
//!   dead-lettered) for metering and alerting. The same counts and the handler latency go to
//!   any `metrics` recorder (Prometheus, OpenTelemetry, ...) you install: see [`metrics`].
//!
//! # Payloads that do not decode
//!
//! A message that is not a notification never reaches the handler: the decode-failure hook
//! sees it, and the queue's redrive policy moves it to the dead-letter queue. By default the
//! same goes for a notification whose envelope is sound (type, notification id, metadata) but
//! whose payload fails typed decoding. With
//! [`unparsed_payloads(UnparsedPayloads::Keep)`](PipelineBuilder::unparsed_payloads) the handler
//! gets such a notification instead, with [`Payload::Unparsed`] holding the raw payload and the
//! typed error, so that dead-lettering is the handler's choice.
//!
//! ```no_run
//! use spapi_notifications_consumer::{Payload, Received, SqsConsumer};
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
//!     let sqs = aws_sdk_sqs::Client::new(&config);
//!     let consumer = SqsConsumer::builder(sqs, std::env::var("SQS_QUEUE_URL")?)
//!         .on_decode_error(|error, delivery| eprintln!("not a notification: {error} {delivery:?}"))
//!         .build(handle)?;
//!     consumer.run_until(async { tokio::signal::ctrl_c().await.unwrap_or(()) }).await?;
//!     Ok(())
//! }
//!
//! async fn handle(received: Received) -> anyhow::Result<()> {
//!     match &received.notification.payload {
//!         Payload::OrderChange(order) => println!("order {} changed", order.amazon_order_id),
//!         other => println!("{:?}", other.notification_type()),
//!     }
//!     Ok(())
//! }
//! ```
//!
//! # Features
//!
//! - `lambda`: the [`lambda`] adapters, on `lambda_runtime` 1.5 (re-exported as
//!   [`lambda::lambda_runtime`]).
//! - `dynamodb`: [`DynamoDbDedupStore`], on `aws-sdk-dynamodb`.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod dedup;
mod error;
mod handler;
#[cfg(feature = "lambda")]
#[cfg_attr(docsrs, doc(cfg(feature = "lambda")))]
pub mod lambda;
pub mod metrics;
mod outcome;
mod pipeline;
mod shutdown;
mod sqs;
mod stats;

#[cfg(feature = "dynamodb")]
#[cfg_attr(docsrs, doc(cfg(feature = "dynamodb")))]
pub use dedup::dynamodb::{DynamoDbDedupStore, DynamoDbDedupStoreBuilder};
pub use dedup::{BoxFuture, Claim, DedupStore, InMemoryDedupStore, InMemoryDedupStoreBuilder};
pub use error::{BoxError, Error};
pub use handler::Handler;
pub use outcome::{Outcome, OutcomeKind, OutcomeReport};
pub use pipeline::{Pipeline, PipelineBuilder};
pub use shutdown::Shutdown;
pub use sqs::{SqsConsumer, SqsConsumerBuilder};
pub use stats::Stats;

/// What handlers receive, re-exported from `spapi-notification-types`.
#[doc(no_inline)]
pub use spapi_notification_types::{
    DecodeError, Delivery, Notification, NotificationType, Payload, Received,
    envelope::UnparsedPayloads,
};

/// The AWS SDK for DynamoDB this crate is built on, for building the client
/// [`DynamoDbDedupStore`] takes.
#[cfg(feature = "dynamodb")]
#[cfg_attr(docsrs, doc(cfg(feature = "dynamodb")))]
pub use aws_sdk_dynamodb;
/// The AWS SDK for SQS this crate is built on, for building the client it takes.
pub use aws_sdk_sqs;
