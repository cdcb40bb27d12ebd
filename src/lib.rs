//! # spapi-notifications
//!
//! The Selling Partner API (SP-API) notifications workflow for Rust, as one facade over the
//! workspace's crates:
//!
//! | module | crate | what it does |
//! | --- | --- | --- |
//! | [`auth`] | `spapi-auth` | Login with Amazon: grantless and seller tokens, cached and refreshed once |
//! | [`types`] | `spapi-notification-types` | typed notifications in every casing and envelope |
//! | [`client`] | `spapi-notifications-client` | the Notifications API v1 operations |
//! | `consumer` (feature `consumer`) | `spapi-notifications-consumer` | SQS consumer, Lambda adapters, de-duplication |
//! | `sandbox` (feature `sandbox`) | `spapi-sandbox` | a local stand-in for LWA and the Notifications API |
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use spapi_auth as auth;
pub use spapi_notification_types as types;
pub use spapi_notifications_client as client;
#[cfg(feature = "consumer")]
#[cfg_attr(docsrs, doc(cfg(feature = "consumer")))]
pub use spapi_notifications_consumer as consumer;
#[cfg(feature = "sandbox")]
#[cfg_attr(docsrs, doc(cfg(feature = "sandbox")))]
pub use spapi_sandbox as sandbox;
