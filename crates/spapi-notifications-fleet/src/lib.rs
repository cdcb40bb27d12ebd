//! SP-API notifications for fleets of sellers: every seller's subscriptions provisioned side by
//! side at the rate-limit floor, recorded, and deleted again when a seller leaves, even after
//! its refresh token is dead.
//!
//! # Provisioning
//!
//! A [`Fleet`] wraps the application's
//! [`NotificationsClient`](spapi_notifications_client::NotificationsClient) and a
//! [`SubscriptionRegistry`]. [`Fleet::provision`] takes a [`ProvisionPlan`] (a destination and
//! the [`SubscriptionSpec`]s: type, payload version, processing directive) and a stream of
//! [`Seller`]s, and yields a [`SellerReport`] per seller as it finishes:
//!
//! - **Bounded concurrency across sellers.** SP-API's quotas are per operation and seller, and
//!   so are the client's buckets: sellers run side by side, each waits only for its own quota.
//! - **One LWA request per seller**, made first: a seller who revoked the application
//!   (`invalid_grant`) fails alone, in [`SellerReport::error`].
//! - **Failures stay with their subscription**: a type whose role the application lacks (403,
//!   with the client's [`Hint::MissingRole`](spapi_notifications_client::Hint::MissingRole))
//!   is a [`ProvisionStatus::Failed`] next to the others' [`ProvisionStatus::Created`].
//! - **Safe to repeat**: what exists is [`ProvisionStatus::AlreadyThere`], not created again.
//! - **Streaming**: sellers are pulled from the stream only as work frees up.
//!
//! ```no_run
//! use futures_util::StreamExt;
//! use spapi_auth::RefreshToken;
//! use spapi_notification_types::NotificationType;
//! use spapi_notifications_client::NotificationsClient;
//! use spapi_notifications_fleet::{Fleet, FileRegistry, ProvisionPlan, Seller, SubscriptionSpec};
//! use std::sync::Arc;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = NotificationsClient::from_env()?;
//! let fleet = Fleet::builder(client)
//!     .registry(Arc::new(FileRegistry::open("subscriptions.jsonl")?))
//!     .concurrency(32)
//!     .build();
//! let plan = ProvisionPlan::new("3acafc7e-121b-1329-8ae8-1571be663aa2", [
//!     SubscriptionSpec::new(NotificationType::ReportProcessingFinished, "1.0"),
//!     SubscriptionSpec::new(NotificationType::FeedProcessingFinished, "1.0"),
//! ]);
//! let sellers = futures_util::stream::iter(vec![
//!     Seller::new("A3TH9S8BH6GOGM", RefreshToken::new("Atzr|...")),
//! ]);
//! let mut reports = std::pin::pin!(fleet.provision(&plan, sellers));
//! while let Some(report) = reports.next().await {
//!     if !report.succeeded() {
//!         eprintln!("{}: {report:?}", report.seller_id);
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! # Offboarding
//!
//! [`Fleet::offboard`] deletes every subscription of a seller: the registry's records, and
//! with a refresh token that still works, what `getSubscriptions` lists. `deleteSubscriptionById`
//! is grantless, so the registry's records are deleted even when the seller's token is dead;
//! where Amazon refuses the grantless token the seller's is tried. The [`OffboardReport`] says
//! per subscription [`Deleted`](OffboardStatus::Deleted),
//! [`AlreadyGone`](OffboardStatus::AlreadyGone) or [`Refused`](OffboardStatus::Refused).
//!
//! # Client-secret rotation
//!
//! [`SecretRotation`] takes the application's two rotation notifications from your queue
//! consumer: `APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY` calls `rotateApplicationClientSecret`
//! (once per expiring secret, however many notices Amazon sends), and
//! `APPLICATION_OAUTH_CLIENT_NEW_SECRET` persists the new secret through your
//! [`SecretStore`](spapi_auth::SecretStore) and swaps it into every token provider of the
//! client, keeping the previous one as a fallback until LWA accepts the new one. Its
//! [`RotationLedger`] records which secrets were rotated: in memory for one consumer, or
//! `DynamoDbLedger` (in the registry's table) for many, so that one of them rotates.
//!
//! # Registries
//!
//! | registry | for |
//! | --- | --- |
//! | [`MemoryRegistry`] (default) | tests; provisioning and offboarding in one run |
//! | [`FileRegistry`] | one process at a time, such as the CLI's `--registry PATH` (JSON lines) |
//! | `DynamoDbRegistry` (feature `dynamodb`) | many processes, on an Amazon DynamoDB table |
//!
//! # Dependencies in the API
//!
//! [`futures_core`] (for `Stream`) and, with `dynamodb`, `aws_sdk_dynamodb` are re-exported,
//! so that your versions match ours.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "dynamodb")]
mod dynamodb;
mod error;
mod fleet;
mod ledger;
mod offboard;
mod provision;
mod registry;
mod report;
mod rotation;
mod seller;

pub use error::Error;
pub use fleet::{DEFAULT_CONCURRENCY, Fleet, FleetBuilder};
#[cfg(feature = "dynamodb")]
#[cfg_attr(docsrs, doc(cfg(feature = "dynamodb")))]
pub use ledger::DynamoDbLedger;
pub use ledger::{DEFAULT_ROTATION_LEASE, MemoryLedger, RotationClaim, RotationLedger};
#[cfg(feature = "dynamodb")]
#[cfg_attr(docsrs, doc(cfg(feature = "dynamodb")))]
pub use registry::DynamoDbRegistry;
pub use registry::{
    BoxFuture, FileRegistry, MemoryRegistry, SubscriptionRecord, SubscriptionRegistry,
};
pub use report::{
    OffboardReport, OffboardStatus, OffboardedSubscription, ProvisionStatus, SellerReport,
    SubscriptionReport,
};
pub use rotation::{RotationStep, SecretRotation};
pub use seller::{ProvisionPlan, Seller, SubscriptionSpec};

/// The `Stream` trait of [`Fleet::provision`], in the version this crate uses.
pub use futures_core;

/// The DynamoDB client [`DynamoDbRegistry`] and [`DynamoDbLedger`] take, in the version this crate uses.
#[cfg(feature = "dynamodb")]
#[cfg_attr(docsrs, doc(cfg(feature = "dynamodb")))]
pub use aws_sdk_dynamodb;
