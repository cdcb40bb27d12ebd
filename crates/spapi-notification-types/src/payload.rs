//! The typed payload of every notification type, one module per family.
//!
//! Each struct is read from camelCase or PascalCase keys (including acronyms such as `ASIN`,
//! `Asin` and `asin`) and written in its schema's casing. Where the schema wraps the payload in a
//! single key (`Payload.AnyOfferChangedNotification`), the wrapper is read and written by
//! [`Payload`], and the struct holds what is inside it.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::NotificationType;
use crate::notification::NotificationPayload;
use crate::wire::{Auto, Encode, Wire, duplicate, key_is, next_value, skip_value};

mod account;
mod analytics;
mod catalog;
mod finance;
mod fulfillment;
mod listings;
mod money;
mod offers;
mod order_change;
mod order_status;
mod pricing_health;
mod processing;
mod tax_invoice;
mod tracking;

pub use account::*;
pub use analytics::*;
pub use catalog::*;
pub use finance::*;
pub use fulfillment::*;
pub use listings::*;
pub use money::Money;
pub use offers::*;
pub use order_change::*;
pub use order_status::*;
pub use pricing_health::*;
pub use processing::*;
pub use tax_invoice::*;
pub use tracking::*;

macro_rules! payloads {
    ($( $variant:ident($ty:ty) $(in $wrapper:literal $(| $alias:literal)*)?; )*) => {
        /// The payload of a notification, one variant per notification type.
        ///
        /// A type without a published payload shape (EXTERNAL_FULFILLMENT_SHIPMENT_STATUS_CHANGE)
        /// and any type this version does not know decode to [`Unknown`](Self::Unknown), which keeps
        /// the payload's JSON exactly as received: an unknown type is never an error. To read such
        /// a payload with your own struct, decode a `Notification<YourPayload>`.
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum Payload {
            $(
                #[doc = concat!("The payload of [`NotificationType::", stringify!($variant), "`].")]
                $variant(Box<$ty>),
            )*
            /// The payload of a type without a typed payload, as received.
            Unknown {
                /// The payload's JSON text.
                raw: Box<RawValue>,
            },
            /// The payload of a known type that failed typed decoding in a sound envelope (type,
            /// notification id, metadata), kept as received when decoding was asked to with
            /// [`UnparsedPayloads::Keep`](crate::envelope::UnparsedPayloads::Keep).
            Unparsed {
                /// The payload's JSON text.
                raw: Box<RawValue>,
                /// Why it did not decode: the error that refusing it would have returned.
                error: crate::DecodeError,
            },
        }

        impl Payload {
            /// The notification type this payload belongs to; `None` for [`Payload::Unknown`].
            pub fn notification_type(&self) -> Option<NotificationType> {
                match self {
                    $( Self::$variant(_) => Some(NotificationType::$variant), )*
                    Self::Unknown { .. } => None,
                    Self::Unparsed { error, .. } => error.notification_type().cloned(),
                }
            }
        }

        impl NotificationPayload for Payload {
            fn deserialize_payload<'de, D: Deserializer<'de>>(
                notification_type: &NotificationType,
                d: D,
            ) -> Result<Self, D::Error> {
                match notification_type {
                    $(
                        NotificationType::$variant => {
                            decode_in::<$ty, D>(d, &[$($wrapper $(, $alias)*)?]).map(|p| Self::$variant(Box::new(p)))
                        }
                    )*
                    _ => Box::<RawValue>::deserialize(d).map(|raw| Self::Unknown { raw }),
                }
            }
        }

        /// Writes the payload in its schema's casing, inside its wrapper key if it has one.
        impl Serialize for Payload {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $( Self::$variant(payload) => encode_in(&**payload, s, &[$($wrapper)?]), )*
                    Self::Unknown { raw } | Self::Unparsed { raw, .. } => raw.serialize(s),
                }
            }
        }

        /// Unknown and unparsed payloads are equal when their JSON text (and error) is.
        impl PartialEq for Payload {
            fn eq(&self, other: &Self) -> bool {
                match (self, other) {
                    $( (Self::$variant(a), Self::$variant(b)) => a == b, )*
                    (Self::Unknown { raw: a }, Self::Unknown { raw: b }) => a.get() == b.get(),
                    (Self::Unparsed { raw: a, error: x }, Self::Unparsed { raw: b, error: y }) => {
                        a.get() == b.get() && x == y
                    }
                    _ => false,
                }
            }
        }
    };
}

payloads! {
    AccountStatusChanged(AccountStatusChange) in "accountStatusChangeNotification";
    AnyOfferChanged(AnyOfferChanged) in "AnyOfferChangedNotification";
    ApplicationOAuthClientNewSecret(ApplicationOAuthClientNewSecret) in "applicationOAuthClientNewSecret";
    ApplicationOAuthClientSecretExpiry(ApplicationOAuthClientSecretExpiry) in "applicationOAuthClientSecretExpiry";
    B2bAnyOfferChanged(B2bAnyOfferChanged) in "B2BAnyOfferChangedNotification";
    BrandedItemContentChange(BrandedItemContentChange);
    DataKioskQueryProcessingFinished(DataKioskQueryProcessingFinished);
    DetailPageTrafficEvent(DetailPageTrafficEvents);
    FbaInventoryAvailabilityChanges(FbaInventoryAvailabilityChanges);
    FbaOutboundShipmentStatus(FbaOutboundShipmentStatus) in "FBAOutboundShipmentStatusNotification";
    FeePromotion(FeePromotion) in "FeePromotionNotification";
    FeedProcessingFinished(FeedProcessingFinished) in "feedProcessingFinishedNotification";
    FulfillmentOrderStatus(FulfillmentOrderStatusChange) in "FulfillmentOrderStatusNotification";
    ItemInventoryEventChange(ItemInventoryEventChanges);
    ItemProductTypeChange(ItemProductTypeChange);
    ItemSalesEventChange(ItemSalesEventChanges);
    ListingsItemIssuesChange(ListingsItemIssuesChange);
    ListingsItemMfnQuantityChange(ListingsItemMfnQuantityChange);
    ListingsItemStatusChange(ListingsItemStatusChange);
    MfnOrderStatusChange(OrderStatusChange) in "MFNOrderStatusChangeNotification" | "MFNOrderNotification";
    OrderChange(OrderChange) in "OrderChangeNotification";
    OrderStatusChange(OrderStatusChange) in "OrderStatusChangeNotification" | "OrderNotification";
    PricingHealth(PricingHealth);
    ProductTypeDefinitionsChange(ProductTypeDefinitionsChange);
    ReportProcessingFinished(ReportProcessingFinished) in "reportProcessingFinishedNotification";
    ShipmentTrackingMilestoneChanged(ShipmentTrackingMilestoneChanged) in "shipmentTrackingMilestoneChangedNotification";
    TaxInvoiceExportStatusChange(TaxInvoiceExportStatusChange);
    TaxInvoiceIssuanceEligibilityStatusChange(TaxInvoiceIssuanceEligibilityStatusChange);
    TaxInvoiceIssuanceStatus(TaxInvoiceIssuance);
    TransactionUpdate(TransactionUpdate) in "TransactionUpdateNotification";
}

/// Reads a payload, inside the first of `wrappers` found (in any casing) when there are any.
fn decode_in<'de, T: Wire, D: Deserializer<'de>>(
    d: D,
    wrappers: &'static [&'static str],
) -> Result<T, D::Error> {
    if wrappers.is_empty() {
        return T::decode(d);
    }
    d.deserialize_map(Wrapped::<T> {
        wrappers,
        value: std::marker::PhantomData,
    })
}

/// Writes a payload, inside its schema's wrapper key when it has one.
fn encode_in<T: Wire, S: Serializer>(
    payload: &T,
    s: S,
    wrapper: &[&'static str],
) -> Result<S::Ok, S::Error> {
    match wrapper {
        [key] => {
            let mut map = s.serialize_map(Some(1))?;
            map.serialize_entry(key, &Encode::<T>::new(payload))?;
            map.end()
        }
        _ => payload.encode(s),
    }
}

/// An object holding the payload under one wrapper key, next to keys that are ignored.
struct Wrapped<T> {
    wrappers: &'static [&'static str],
    value: std::marker::PhantomData<fn() -> T>,
}

impl<'de, T: Wire> Visitor<'de> for Wrapped<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with a `{}` key", self.wrappers[0])
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut found = None;
        while let Some(is_wrapper) = map.next_key_seed(WrapperKey(self.wrappers))? {
            if !is_wrapper {
                skip_value(&mut map)?;
            } else if found.is_some() {
                return Err(duplicate(&mut map, self.wrappers[0]));
            } else {
                found = Some(next_value::<T, Auto, A>(&mut map)?);
            }
        }
        found.ok_or_else(|| de::Error::missing_field(self.wrappers[0]))
    }
}

/// Whether a key is one of the wrapper keys, in any casing.
struct WrapperKey(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for WrapperKey {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for WrapperKey {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        Ok(self.0.iter().any(|wrapper| key_is(key, wrapper)))
    }
}
