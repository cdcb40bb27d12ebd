//! Strongly typed Amazon Selling Partner API (SP-API) notifications: every notification type,
//! in either key casing, in every delivery envelope, with nothing lost.
//!
//! # A tour
//!
//! - [`Notification`] is a notification as Amazon sends it: type, versions, event time,
//!   [`NotificationMetadata`] and a typed [`Payload`], one variant per [`NotificationType`].
//!   [`Notification::from_slice`] decodes an SQS message body.
//! - [`envelope::decode`] decodes a message in any delivery envelope (EventBridge, SNS, SQS,
//!   double-encoded) and [`envelope::decode_all`] a whole Lambda SQS event, with the delivery's
//!   metadata (message id, receipt handle, event id) next to each notification.
//! - [`Notification::dedup_key`] names a notification across redeliveries.
//! - [`DecodeError`] says what was wrong, at which JSON path, for which notification type, and
//!   keeps the message's bytes for dead-lettering.
//! - With the `fixtures` feature, [`fixtures`] holds a realistic notification of every type and
//!   puts it in any casing and envelope.
//!
//! ```
//! use spapi_notification_types::{envelope, Payload, OrderStatus};
//!
//! // An ORDER_CHANGE notification delivered by an EventBridge rule to an SQS queue, with its keys
//! // in camelCase although the schema says PascalCase: all the same to the decoder.
//! let body = r#"{"version":"0","id":"e-1","detail-type":"ORDER_CHANGE","source":"aws.partner/sellingpartnerapi.amazon.com/1/a",
//!   "detail":{"notificationVersion":"1.0","notificationType":"ORDER_CHANGE","payloadVersion":"1.0",
//!     "eventTime":"2020-01-11T00:09:53.109Z","payload":{"orderChangeNotification":{
//!       "notificationLevel":"OrderLevel","sellerId":"A3TH9S8BH6GOGM","amazonOrderId":"903-8868176-2219830",
//!       "orderChangeType":"OrderStatusChange","orderChangeTrigger":{"timeOfOrderChange":null,"changeReason":"Shipped"},
//!       "summary":{"marketplaceId":"ATVPDKIKX0DER","orderStatus":"Shipped","purchaseDate":null,
//!         "destinationPostalCode":"48110","fulfillmentType":"MFN","orderType":"StandardOrder",
//!         "orderItems":[{"orderItemId":"OIID1","sellerSku":"SKU-1","supplySourceId":null,"quantity":1}]}}},
//!     "notificationMetadata":{"applicationId":"amzn1.sellerapps.app.1","subscriptionId":"s-1",
//!       "publishTime":"2020-01-11T00:09:54.000Z","notificationId":"n-1"}}}"#;
//!
//! let received = envelope::decode(body.as_bytes())?;
//! let Payload::OrderChange(order) = &received.notification.payload else { unreachable!() };
//! assert_eq!(order.summary.order_status, OrderStatus::Shipped);
//! assert_eq!(order.summary.order_items[0].seller_sku, "SKU-1");
//!
//! // Written back in the schema's casing.
//! let json = serde_json::to_string(&received.notification).unwrap();
//! assert!(json.contains(r#""SellerSKU":"SKU-1""#));
//! # Ok::<(), spapi_notification_types::DecodeError>(())
//! ```
//!
//! # Lenient where Amazon is
//!
//! - Keys are matched ASCII case-insensitively at every level (`ASIN`, `Asin`, `asin`), in one
//!   pass over the bytes; unknown keys are ignored.
//! - Fields the schemas mark required but Amazon omits are `Option`; `null` reads as `None`, and
//!   as an empty list for lists.
//! - Enum-like strings are enums with an `Other(String)` variant that keeps unknown values, and
//!   a type this version does not know decodes to [`Payload::Unknown`] with its raw JSON.
//! - Money is a [`rust_decimal::Decimal`] read from a JSON number or string and written as a
//!   number; timestamps are `chrono::DateTime<Utc>`, read from ISO-8601 or epoch milliseconds.
//!
//! Payload structs are `#[non_exhaustive]` because Amazon adds fields: build them with
//! `Default::default()` and assign the fields you need.
//!
//! # Other crates in this API
//!
//! Public signatures name types of these crates, re-exported here so that you can use the very
//! versions this crate is built with, without depending on them yourself:
//!
//! | crate | version | what of it appears here |
//! | --- | --- | --- |
//! | [`chrono`] | 0.4 | timestamps: [`DateTime<Utc>`](chrono::DateTime) |
//! | [`rust_decimal`] | 1 | money: [`Decimal`](rust_decimal::Decimal) |
//! | [`secrecy`] | 0.10 | the new client secret: [`SecretString`](secrecy::SecretString) |
//! | [`serde`] | 1 | [`Serialize`](serde::Serialize) and [`Deserialize`](serde::Deserialize) of every type, and [`NotificationPayload`]'s `Deserializer` |
//! | [`serde_json`] | 1 | payloads kept as received: [`RawValue`](serde_json::value::RawValue) |
//!
//! A new major version of any of them is a breaking release of this crate.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use chrono;
pub use rust_decimal;
pub use secrecy;
pub use serde;
pub use serde_json;

mod decode;
pub mod envelope;
mod error;
#[cfg(feature = "fixtures")]
#[cfg_attr(docsrs, doc(cfg(feature = "fixtures")))]
pub mod fixtures;
mod macros;
mod notification;
mod notification_type;
pub mod payload;
mod wire;
mod words;

pub use envelope::{Delivery, Received};
pub use error::{DecodeError, DecodeErrorKind};
pub use notification::{Notification, NotificationMetadata, NotificationPayload};
pub use notification_type::{DeliveryChannel, NotificationType};
#[doc(no_inline)]
pub use payload::*;
