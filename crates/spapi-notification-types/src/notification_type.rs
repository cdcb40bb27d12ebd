//! Every SP-API notification type, with the facts needed to subscribe to it and read it.

use crate::macros::wire_enum;

/// How a notification type is delivered to the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DeliveryChannel {
    /// An Amazon SQS queue destination: the notification is the message body.
    Sqs,
    /// An Amazon EventBridge destination: the notification is the event's `detail`.
    EventBridge,
}

/// The key casing of a notification type's schema, used when writing it back to JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Casing {
    Camel,
    Pascal,
}

use Casing::{Camel, Pascal};
use DeliveryChannel::{EventBridge, Sqs};

macro_rules! notification_types {
    (
        $(
            $(#[$meta:meta])*
            $variant:ident = $value:literal, $channel:expr, [$($version:literal),*], $casing:ident,
                fx: $fx:expr, filter: $filter:expr, role: $role:expr, removed: $removed:literal;
        )*
    ) => {
        ::spapi_open_enum::open_enum! {
            /// An SP-API notification type, as in `notificationType` and in subscriptions.
            ///
            /// Displays and parses as the SCREAMING_SNAKE_CASE wire value. A value this version does not
            /// know is kept in [`Other`](Self::Other), so new types Amazon adds are never an error.
            ///
            /// ```
            /// use spapi_notification_types::{DeliveryChannel, NotificationType};
            ///
            /// let known: NotificationType = "ORDER_CHANGE".parse().unwrap();
            /// assert_eq!(known, NotificationType::OrderChange);
            /// assert_eq!(known.delivery_channel(), Some(DeliveryChannel::Sqs));
            ///
            /// let new: NotificationType = "BRAND_NEW_TYPE".parse().unwrap();
            /// assert_eq!(new.to_string(), "BRAND_NEW_TYPE");
            /// ```
            ///
            /// # What Amazon accepts for each type
            ///
            /// The methods [`delivery_channel`](Self::delivery_channel),
            /// [`payload_versions`](Self::payload_versions),
            /// [`filter_expression_allowed`](Self::filter_expression_allowed),
            /// [`event_filter_type`](Self::event_filter_type), [`required_role`](Self::required_role)
            /// and [`is_removed`](Self::is_removed) answer from this table (a blank cell is `None`:
            /// Amazon's documentation does not say). An [`Other`](Self::Other) type has blanks
            /// everywhere and is not removed. The client refuses a subscription these facts rule out
            /// before sending it.
            ///
            #[doc = include_str!("notification_type/capabilities.md")]
            #[derive(PartialOrd, Ord)]
            pub enum NotificationType {
                $( $(#[$meta])* $variant = $value, )*
            }
        }

        impl NotificationType {
            /// Every type this version knows, in alphabetical order.
            pub const ALL: &'static [NotificationType] = &[$(NotificationType::$variant),*];

            /// The destination kind Amazon delivers this type to, where documented; `None` for
            /// types whose documentation does not say and for unknown types.
            pub fn delivery_channel(&self) -> Option<DeliveryChannel> {
                match self {
                    $( Self::$variant => $channel, )*
                    Self::Other(_) => None,
                }
            }

            /// Every payload version seen in Amazon's schemas and documentation, the schema's
            /// current one first (the one to subscribe with). Empty when none is documented.
            pub fn payload_versions(&self) -> &'static [&'static str] {
                match self {
                    $( Self::$variant => &[$($version),*], )*
                    Self::Other(_) => &[],
                }
            }

            /// Whether Amazon accepts a `filterExpression` in this type's `processingDirective`:
            /// `Some(true)` for the types its "filter notification subscriptions" page lists,
            /// `Some(false)` for the EventBridge types it refuses, `None` where undocumented.
            pub fn filter_expression_allowed(&self) -> Option<bool> {
                match self {
                    $( Self::$variant => $fx, )*
                    Self::Other(_) => None,
                }
            }

            /// The `eventFilterType` of an `eventFilter` for this type (`"ANY_OFFER_CHANGED"`,
            /// `"ORDER_CHANGE"`, `"SHIPMENT_TRACKING_MILESTONE_CHANGED"`); `None` when Amazon
            /// documents no `eventFilter` for it.
            pub fn event_filter_type(&self) -> Option<&'static str> {
                match self {
                    $( Self::$variant => $filter, )*
                    Self::Other(_) => None,
                }
            }

            /// The SP-API role the application needs to subscribe to this type, where documented.
            pub fn required_role(&self) -> Option<&'static str> {
                match self {
                    $( Self::$variant => $role, )*
                    Self::Other(_) => None,
                }
            }

            /// Whether Amazon's documentation says the type "has been removed". Such types are
            /// still decoded, since old subscriptions and queued messages may still carry them.
            pub fn is_removed(&self) -> bool {
                match self {
                    $( Self::$variant => $removed, )*
                    Self::Other(_) => false,
                }
            }

            /// The key casing of the type's schema; unknown types are written in camelCase, the
            /// casing of every type Amazon added since 2020.
            pub(crate) fn casing(&self) -> Casing {
                match self {
                    $( Self::$variant => $casing, )*
                    Self::Other(_) => Camel,
                }
            }
        }
    };
}

notification_types! {
    /// The selling account's status changed (`NORMAL`, `AT_RISK`, `DEACTIVATED`).
    AccountStatusChanged = "ACCOUNT_STATUS_CHANGED", Some(Sqs), ["2021-01-01"], Camel,
        fx: Some(true), filter: None, role: None, removed: false;
    /// The top 20 offers of an item changed.
    AnyOfferChanged = "ANY_OFFER_CHANGED", Some(Sqs), ["1.0"], Pascal,
        fx: Some(true), filter: Some("ANY_OFFER_CHANGED"), role: None, removed: false;
    /// Amazon issued a new client secret for the application (rotation).
    ApplicationOAuthClientNewSecret = "APPLICATION_OAUTH_CLIENT_NEW_SECRET", None, ["2023-11-30"], Camel,
        fx: None, filter: None, role: None, removed: false;
    /// The application's client secret is about to expire.
    ApplicationOAuthClientSecretExpiry = "APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY", None, ["2023-11-30"], Camel,
        fx: None, filter: None, role: None, removed: false;
    /// The top 20 B2B offers of an item changed.
    B2bAnyOfferChanged = "B2B_ANY_OFFER_CHANGED", Some(Sqs), ["1.0"], Pascal,
        fx: Some(true), filter: None, role: None, removed: false;
    /// Content of an item of the seller's brand changed.
    BrandedItemContentChange = "BRANDED_ITEM_CONTENT_CHANGE", Some(EventBridge), ["1.0"], Pascal,
        fx: Some(false), filter: None, role: None, removed: false;
    /// A Data Kiosk query finished processing.
    DataKioskQueryProcessingFinished = "DATA_KIOSK_QUERY_PROCESSING_FINISHED", Some(Sqs), ["2023-11-15"], Camel,
        fx: None, filter: None, role: None, removed: false;
    /// Hourly detail page views of the seller's items (Brand Analytics).
    DetailPageTrafficEvent = "DETAIL_PAGE_TRAFFIC_EVENT", Some(Sqs), ["2020-09-04"], Camel,
        fx: Some(true), filter: None, role: Some("Brand Analytics"), removed: false;
    /// The status of an External Fulfillment shipment changed (no published payload schema).
    ExternalFulfillmentShipmentStatusChange = "EXTERNAL_FULFILLMENT_SHIPMENT_STATUS_CHANGE", Some(Sqs), [], Camel,
        fx: Some(true), filter: None, role: None, removed: false;
    /// FBA inventory quantities of an item changed.
    FbaInventoryAvailabilityChanges = "FBA_INVENTORY_AVAILABILITY_CHANGES", Some(Sqs), ["1.0"], Pascal,
        fx: Some(true), filter: None, role: None, removed: false;
    /// An FBA Onsite shipment was created or cancelled (Brazil).
    FbaOutboundShipmentStatus = "FBA_OUTBOUND_SHIPMENT_STATUS", Some(Sqs), ["1.0"], Pascal,
        fx: Some(true), filter: None, role: None, removed: false;
    /// A feed finished processing.
    FeedProcessingFinished = "FEED_PROCESSING_FINISHED", Some(Sqs), ["2020-09-04", "1.0"], Camel,
        fx: Some(true), filter: None, role: None, removed: false;
    /// A fee promotion became active.
    FeePromotion = "FEE_PROMOTION", Some(Sqs), ["1.0"], Pascal,
        fx: Some(true), filter: None, role: None, removed: false;
    /// A Multi-Channel Fulfillment order, shipment or return changed status.
    FulfillmentOrderStatus = "FULFILLMENT_ORDER_STATUS", Some(Sqs), ["1.0"], Pascal,
        fx: Some(true), filter: None, role: None, removed: false;
    /// Hourly highly-available inventory of the seller's items.
    ItemInventoryEventChange = "ITEM_INVENTORY_EVENT_CHANGE", Some(Sqs), ["2020-09-04"], Camel,
        fx: Some(true), filter: None, role: None, removed: false;
    /// The product type of an item of the seller's brand changed.
    ItemProductTypeChange = "ITEM_PRODUCT_TYPE_CHANGE", Some(EventBridge), ["1.0"], Pascal,
        fx: Some(false), filter: None, role: None, removed: false;
    /// Hourly ordered units and revenue of the seller's items.
    ItemSalesEventChange = "ITEM_SALES_EVENT_CHANGE", Some(Sqs), ["2020-09-04"], Camel,
        fx: Some(true), filter: None, role: None, removed: false;
    /// The issues of a listing changed.
    ListingsItemIssuesChange = "LISTINGS_ITEM_ISSUES_CHANGE", Some(EventBridge), ["2023-12-13", "1.0"], Pascal,
        fx: Some(false), filter: None, role: None, removed: false;
    /// The quantity of a merchant-fulfilled listing changed.
    ListingsItemMfnQuantityChange = "LISTINGS_ITEM_MFN_QUANTITY_CHANGE", Some(EventBridge), ["1.0"], Pascal,
        fx: Some(false), filter: None, role: None, removed: false;
    /// The status of a listing changed.
    ListingsItemStatusChange = "LISTINGS_ITEM_STATUS_CHANGE", Some(EventBridge), ["1.0"], Pascal,
        fx: Some(false), filter: None, role: None, removed: false;
    /// Removed ("has been removed", Amazon's docs; invitation only before): a merchant-fulfilled
    /// order changed status. Still decoded.
    MfnOrderStatusChange = "MFN_ORDER_STATUS_CHANGE", Some(Sqs), ["1.0"], Pascal,
        fx: None, filter: None, role: None, removed: true;
    /// An order changed (status, buyer-requested change, delivery tip).
    OrderChange = "ORDER_CHANGE", Some(Sqs), ["1.0"], Pascal,
        fx: Some(true), filter: Some("ORDER_CHANGE"), role: None, removed: false;
    /// Removed ("has been removed", Amazon's docs; replaced by ORDER_CHANGE): an order changed
    /// status. Still decoded.
    OrderStatusChange = "ORDER_STATUS_CHANGE", Some(Sqs), ["1.0"], Pascal,
        fx: None, filter: None, role: None, removed: true;
    /// An offer of the seller lost Buy Box eligibility because of its price.
    PricingHealth = "PRICING_HEALTH", Some(Sqs), ["1.0"], Camel,
        fx: Some(true), filter: None, role: None, removed: false;
    /// New product types or a new product type version became available.
    ProductTypeDefinitionsChange = "PRODUCT_TYPE_DEFINITIONS_CHANGE", Some(EventBridge), ["1.0"], Pascal,
        fx: Some(false), filter: None, role: None, removed: false;
    /// A report finished processing.
    ReportProcessingFinished = "REPORT_PROCESSING_FINISHED", Some(Sqs), ["2020-09-04", "1.0"], Camel,
        fx: Some(true), filter: None, role: None, removed: false;
    /// A shipment reached a new tracking milestone.
    ShipmentTrackingMilestoneChanged = "SHIPMENT_TRACKING_MILESTONE_CHANGED", None, ["2026-01-30"], Camel,
        fx: None, filter: Some("SHIPMENT_TRACKING_MILESTONE_CHANGED"), role: None, removed: false;
    /// The status of a tax invoice export request changed.
    TaxInvoiceExportStatusChange = "TAX_INVOICE_EXPORT_STATUS_CHANGE", None, [], Camel,
        fx: None, filter: None, role: None, removed: false;
    /// Whether the seller may issue tax invoices for an operation changed.
    TaxInvoiceIssuanceEligibilityStatusChange = "TAX_INVOICE_ISSUANCE_ELIGIBILITY_STATUS_CHANGE", None, [], Camel,
        fx: None, filter: None, role: None, removed: false;
    /// A tax invoice was issued, or its issuance failed.
    TaxInvoiceIssuanceStatus = "TAX_INVOICE_ISSUANCE_STATUS", None, [], Camel,
        fx: None, filter: None, role: None, removed: false;
    /// A financial transaction was posted.
    TransactionUpdate = "TRANSACTION_UPDATE", Some(Sqs), ["1.0"], Pascal,
        fx: Some(true), filter: None, role: None, removed: false;
}

wire_enum!(NotificationType);

#[cfg(test)]
mod tests {
    use super::*;

    /// The documentation's table, made from the methods it documents.
    fn capability_table() -> String {
        let mut table = String::from(
            "| type | delivery | payload versions | `filterExpression` | `eventFilterType` | role | removed |\n\
             | --- | --- | --- | --- | --- | --- | --- |\n",
        );
        for known in NotificationType::ALL {
            let cell = |text: Option<&str>| text.map(|t| format!("`{t}`")).unwrap_or_default();
            let versions: Vec<_> = known
                .payload_versions()
                .iter()
                .map(|v| format!("`{v}`"))
                .collect();
            table += &format!(
                "| `{}` | {} | {} | {} | {} | {} | {} |\n",
                known,
                match known.delivery_channel() {
                    Some(DeliveryChannel::Sqs) => "SQS",
                    Some(DeliveryChannel::EventBridge) => "EventBridge",
                    None => "",
                },
                versions.join(", "),
                match known.filter_expression_allowed() {
                    Some(true) => "allowed",
                    Some(false) => "refused",
                    None => "",
                },
                cell(known.event_filter_type()),
                known.required_role().unwrap_or_default(),
                if known.is_removed() { "yes" } else { "" },
            );
        }
        table
    }

    #[test]
    fn the_documented_table_is_the_methods_answers() {
        let documented = include_str!("notification_type/capabilities.md");
        let expected = capability_table();
        assert_eq!(
            documented, expected,
            "update capabilities.md to:\n{expected}"
        );
    }

    #[test]
    fn capabilities_follow_amazons_docs() {
        use NotificationType as T;
        let allowed = T::ALL
            .iter()
            .filter(|t| t.filter_expression_allowed() == Some(true));
        assert_eq!(allowed.count(), 16);
        for known in T::ALL {
            // Amazon refuses filterExpression for exactly the EventBridge types.
            assert_eq!(
                known.filter_expression_allowed() == Some(false),
                known.delivery_channel() == Some(DeliveryChannel::EventBridge),
                "{known}"
            );
            if let Some(filter) = known.event_filter_type() {
                assert_eq!(
                    filter,
                    known.as_str(),
                    "each eventFilterType names its type"
                );
            }
        }
        assert_eq!(
            T::AnyOfferChanged.event_filter_type(),
            Some("ANY_OFFER_CHANGED")
        );
        assert_eq!(T::B2bAnyOfferChanged.event_filter_type(), None);
        assert_eq!(
            T::ShipmentTrackingMilestoneChanged.filter_expression_allowed(),
            None
        );
        assert_eq!(
            T::AccountStatusChanged.filter_expression_allowed(),
            Some(true)
        );
        assert_eq!(
            T::DataKioskQueryProcessingFinished.delivery_channel(),
            Some(DeliveryChannel::Sqs)
        );
        assert_eq!(
            T::DetailPageTrafficEvent.required_role(),
            Some("Brand Analytics")
        );
        let removed: Vec<_> = T::ALL.iter().filter(|t| t.is_removed()).collect();
        assert_eq!(removed, [&T::MfnOrderStatusChange, &T::OrderStatusChange]);
        let other = T::from("NEW_ONE");
        assert_eq!(
            (
                other.filter_expression_allowed(),
                other.event_filter_type(),
                other.required_role()
            ),
            (None, None, None)
        );
        assert!(!other.is_removed());
    }

    #[test]
    fn every_known_type_round_trips_through_its_wire_value() {
        assert_eq!(NotificationType::ALL.len(), 31);
        for known in NotificationType::ALL {
            let parsed: NotificationType = known.as_str().parse().unwrap();
            assert_eq!(&parsed, known);
            assert!(!matches!(parsed, NotificationType::Other(_)));
        }
        let mut sorted = NotificationType::ALL.to_vec();
        sorted.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        assert_eq!(sorted, NotificationType::ALL, "ALL is alphabetical");
    }

    #[test]
    fn unknown_values_are_kept_and_channels_follow_the_docs() {
        let other = NotificationType::from("LISTINGS_ITEM_STATUS_CHANGED");
        assert_eq!(
            other,
            NotificationType::Other("LISTINGS_ITEM_STATUS_CHANGED".into())
        );
        assert_eq!(other.delivery_channel(), None);
        assert!(other.payload_versions().is_empty());
        assert_eq!(
            NotificationType::ListingsItemStatusChange.delivery_channel(),
            Some(DeliveryChannel::EventBridge)
        );
        assert_eq!(
            NotificationType::FeedProcessingFinished.delivery_channel(),
            Some(DeliveryChannel::Sqs)
        );
        assert_eq!(
            NotificationType::ListingsItemIssuesChange.payload_versions(),
            ["2023-12-13", "1.0"]
        );
        assert_eq!(
            serde_json::to_string(&NotificationType::OrderChange).unwrap(),
            "\"ORDER_CHANGE\""
        );
        let read: NotificationType = serde_json::from_str("\"NEW_ONE\"").unwrap();
        assert_eq!(read.as_str(), "NEW_ONE");
    }
}
