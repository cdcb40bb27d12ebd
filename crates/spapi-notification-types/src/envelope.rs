//! Notifications in the envelopes they are delivered in, with the delivery's metadata.
//!
//! [`decode`] reads one message in any of these forms, nested in any order:
//!
//! | form | what it looks like | metadata kept |
//! | --- | --- | --- |
//! | a bare notification | the SQS message body Amazon writes | – |
//! | a double-encoded body | the same as a JSON string | – |
//! | an EventBridge event | `{"detail-type", "detail": {notification}, "id", "time", …}` | [`EventBridgeDelivery`] |
//! | an SNS notification | `{"Type": "Notification", "MessageId", "Message": "…"}` | [`SnsDelivery`] |
//! | an SQS message | `{"messageId", "receiptHandle", "body": "…"}` (Lambda) or `{"MessageId", "ReceiptHandle", "Body"}` (API) | [`SqsDelivery`] |
//!
//! [`decode_all`] also reads an AWS Lambda SQS event (`{"Records": […]}`) or a `ReceiveMessage`
//! response (`{"Messages": […]}`) and returns one result per message, so that one bad message
//! does not hide the good ones; each error keeps that message's body and SQS metadata so it can
//! be reported as a batch item failure or dead-lettered.
//!
//! Nothing is guessed. An object that could be read two ways (a notification's keys next to an
//! EventBridge `detail`, an SNS `Message`, an SQS `body` or a batch's `Records`; two of those
//! together) is refused with [`DecodeErrorKind::UnexpectedEnvelope`](crate::DecodeErrorKind::UnexpectedEnvelope)
//! at the key that made it ambiguous, and an envelope key the decoder reads sent twice in two
//! casings (`messageId` and `MessageId`) is refused as a duplicate, as it is in payloads.
//! [`UnparsedPayloads`] chooses what a payload that fails inside a sound envelope gives.
//!
//! ```
//! use spapi_notification_types::envelope;
//!
//! let event = br#"{"version":"0","id":"b8fad6ff","detail-type":"LISTINGS_ITEM_STATUS_CHANGE",
//!   "source":"aws.partner/sellingpartnerapi.amazon.com/123/amzn1.sp.solution.1","account":"123",
//!   "time":"2025-01-11T20:21:29Z","region":"us-east-1","resources":[],
//!   "detail":{"NotificationVersion":"1.0","NotificationType":"LISTINGS_ITEM_STATUS_CHANGE",
//!     "PayloadVersion":"1.0","EventTime":"2025-01-11T20:12:11.392Z",
//!     "Payload":{"SellerId":"A1","Sku":"SKU-1","Status":["BUYABLE"]},
//!     "NotificationMetadata":{"ApplicationId":"amzn1.sp.solution.1","SubscriptionId":"s-1",
//!       "PublishTime":"2025-01-11T20:21:28.853Z","NotificationId":"n-1"}}}"#;
//!
//! let received = envelope::decode(event)?;
//! assert_eq!(received.notification.dedup_key(), "n-1");
//! let bridge = received.delivery.event_bridge.as_ref().unwrap();
//! assert_eq!(bridge.id.as_deref(), Some("b8fad6ff"));
//! # Ok::<(), spapi_notification_types::DecodeError>(())
//! ```

use crate::DecodeError;
use crate::decode::Rejected;
use crate::notification::NotificationPayload;

pub(crate) mod incoming;
pub(crate) mod json_text;
pub(crate) mod lift;
mod received;

pub use received::{Delivery, EventBridgeDelivery, Received, SnsDelivery, SqsDelivery};

/// The largest single message accepted: SQS's maximum message size (SNS and EventBridge allow
/// less). Larger bodies are rejected with [`DecodeErrorKind::TooLarge`](crate::DecodeErrorKind::TooLarge)
/// before they are parsed.
pub const MAX_MESSAGE_BYTES: usize = 1 << 20;

/// The largest batch accepted by [`decode_all`]: AWS Lambda's maximum invocation payload.
pub const MAX_BATCH_BYTES: usize = 6 << 20;

/// Decodes one message in any supported envelope (see the [module docs](self)).
///
/// A Lambda SQS event is accepted when it holds exactly one record; use [`decode_all`] for
/// batches.
///
/// # Errors
///
/// A [`DecodeError`] naming what is wrong, the JSON path (through the envelopes, e.g.
/// `body.detail.Payload.OrderChangeNotification.Summary.OrderStatus`) and the notification type
/// when it could be read. It keeps `bytes` for dead-lettering, and the delivery metadata read
/// before the failure.
pub fn decode(bytes: &[u8]) -> Result<Received, DecodeError> {
    decode_as(bytes)
}

/// What decoding does with a payload that fails typed decoding inside a sound envelope: the
/// notification type, versions, event time, metadata and every envelope around them decoded,
/// only the payload did not.
///
/// A Lambda handler or an SQS consumer that refuses such a message sends it back to the queue
/// and, after `maxReceiveCount` receives, to the dead-letter queue. Keeping it lets the handler
/// see the notification (its id, type and metadata) with the payload as received and the error,
/// for example to store it for a later release that reads it.
///
/// ```
/// use spapi_notification_types::envelope::{self, UnparsedPayloads};
/// use spapi_notification_types::Payload;
///
/// // An ORDER_CHANGE whose item quantity is not a number.
/// let body = br#"{"NotificationVersion":"1.0","NotificationType":"ORDER_CHANGE","PayloadVersion":"1.0",
///   "EventTime":"2020-01-11T00:09:53.109Z","Payload":{"OrderChangeNotification":{"NotificationLevel":"OrderLevel",
///     "SellerId":"A1","AmazonOrderId":"903-1","OrderChangeType":"OrderStatusChange",
///     "Summary":{"MarketplaceId":"ATVPDKIKX0DER","OrderStatus":"Shipped","FulfillmentType":"MFN",
///       "OrderItems":[{"OrderItemId":"I1","SellerSKU":"SKU-1","Quantity":"ten"}]}}},
///   "NotificationMetadata":{"ApplicationId":"amzn1.sellerapps.app.1","SubscriptionId":"s-1",
///     "PublishTime":"2020-01-11T00:09:54.000Z","NotificationId":"n-1"}}"#;
///
/// // Refuse (the default, and what `decode` does): an error naming the path.
/// let refused = envelope::decode_with(body, UnparsedPayloads::Refuse).unwrap_err();
/// assert_eq!(refused.path(), "Payload.OrderChangeNotification.Summary.OrderItems[0].Quantity");
///
/// // Keep: the notification, with the raw payload and the same error.
/// let kept = envelope::decode_with(body, UnparsedPayloads::Keep)?;
/// assert_eq!(kept.notification.dedup_key(), "n-1");
/// let Payload::Unparsed { raw, error } = &kept.notification.payload else { unreachable!() };
/// assert!(raw.get().contains(r#""Quantity":"ten""#));
/// assert_eq!(error, &refused);
/// # Ok::<(), spapi_notification_types::DecodeError>(())
/// ```
///
/// A message whose envelope is not sound (malformed JSON, a missing notification type, metadata
/// that does not decode) is refused either way: there is no notification to hand over.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnparsedPayloads {
    /// Return the [`DecodeError`]: the message is not handled (and is dead-lettered in the end).
    #[default]
    Refuse,
    /// Return the notification with [`Payload::Unparsed`](crate::Payload::Unparsed): the payload's raw JSON and the
    /// [`DecodeError`] that `Refuse` would have returned.
    Keep,
}

impl UnparsedPayloads {
    fn settle(self, result: Result<Received, Rejected>) -> Result<Received, DecodeError> {
        result.or_else(|rejected| match self {
            Self::Refuse => Err(rejected.error),
            Self::Keep => rejected.keep(),
        })
    }
}

/// [`decode`], choosing what a payload that fails typed decoding inside a sound envelope gives
/// (see [`UnparsedPayloads`]).
///
/// # Errors
///
/// As [`decode`]; with [`UnparsedPayloads::Keep`], only for messages whose envelope is not sound.
pub fn decode_with(bytes: &[u8], unparsed: UnparsedPayloads) -> Result<Received, DecodeError> {
    unparsed.settle(crate::decode::single(bytes))
}

/// [`decode`] with your own payload type `P` (see [`Notification`](crate::Notification)).
///
/// # Errors
///
/// As [`decode`].
pub fn decode_as<P: NotificationPayload>(bytes: &[u8]) -> Result<Received<P>, DecodeError> {
    crate::decode::single(bytes).map_err(|rejected| rejected.error)
}

/// Decodes every notification of a message or batch: one result per SQS message of a Lambda SQS
/// event or `ReceiveMessage` response, or one result for anything [`decode`] reads.
///
/// An error for a batch message keeps that message's body as [`DecodeError::raw`] and its SQS
/// metadata as [`DecodeError::delivery`]. An input that is not a readable batch gives a single
/// error.
pub fn decode_all(bytes: &[u8]) -> Vec<Result<Received, DecodeError>> {
    decode_all_as(bytes)
}

/// [`decode_all`], choosing what a payload that fails typed decoding inside a sound envelope
/// gives (see [`UnparsedPayloads`]).
pub fn decode_all_with(
    bytes: &[u8],
    unparsed: UnparsedPayloads,
) -> Vec<Result<Received, DecodeError>> {
    crate::decode::batch(bytes)
        .into_iter()
        .map(|result| unparsed.settle(result))
        .collect()
}

/// [`decode_all`] with your own payload type `P` (see [`Notification`](crate::Notification)).
pub fn decode_all_as<P: NotificationPayload>(
    bytes: &[u8],
) -> Vec<Result<Received<P>, DecodeError>> {
    crate::decode::batch(bytes)
        .into_iter()
        .map(|result| result.map_err(|rejected| rejected.error))
        .collect()
}
