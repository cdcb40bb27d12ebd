//! Realistic notifications of every type, for tests, sandboxes and benchmarks.
//!
//! Every file of the crate's `fixtures/` folder (Amazon's schema examples, the payloads of its
//! tutorials, and hand-written ones for types without a schema; see its README and NOTICE), plus
//! helpers that produce the variants Amazon actually delivers: the other key casing, the payload
//! before the type, and every delivery envelope.
//!
//! ```
//! use spapi_notification_types::fixtures::{self, Envelope, KeyCase};
//! use spapi_notification_types::{NotificationType, envelope};
//!
//! let json = fixtures::example(&NotificationType::OrderChange).unwrap();
//! let camel = fixtures::recase(json, KeyCase::Camel);
//! let delivered = fixtures::wrap(&camel, Envelope::SqsRecordOfEventBridge);
//! let received = envelope::decode(delivered.as_bytes())?;
//! assert_eq!(received.notification.notification_type, NotificationType::OrderChange);
//! assert!(received.delivery.sqs.is_some() && received.delivery.event_bridge.is_some());
//! # Ok::<(), spapi_notification_types::DecodeError>(())
//! ```

use crate::NotificationType;

mod variants;

pub use variants::{Envelope, KeyCase, lambda_sqs_event, payload_first, recase, uuid_string, wrap};

/// Where a fixture comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// An example of Amazon's schema for the type, unchanged.
    Schema,
    /// A payload from Amazon's SQS tutorials.
    Seed,
    /// Assembled from a schema that has no complete example.
    Derived,
    /// Written for a type without a published schema, from its documentation.
    HandWritten,
}

/// One fixture: a bare notification in its schema's casing.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Fixture {
    /// The file name without `.json`, e.g. `feed_processing_finished.vendor`.
    pub name: &'static str,
    /// The notification type.
    pub notification_type: NotificationType,
    /// Where it comes from.
    pub source: Source,
    /// The JSON text.
    pub json: &'static str,
}

macro_rules! fixtures {
    ($( $name:literal => $variant:ident, $source:ident; )*) => {
        /// Every fixture, the primary one of each type first.
        static ALL: &[Fixture] = &[$(
            Fixture {
                name: $name,
                notification_type: NotificationType::$variant,
                source: Source::$source,
                json: include_str!(concat!("../fixtures/", $name, ".json")),
            },
        )*];
    };
}

fixtures! {
    "account_status_changed" => AccountStatusChanged, HandWritten;
    "any_offer_changed" => AnyOfferChanged, Schema;
    "application_oauth_client_new_secret" => ApplicationOAuthClientNewSecret, HandWritten;
    "application_oauth_client_secret_expiry" => ApplicationOAuthClientSecretExpiry, HandWritten;
    "b2b_any_offer_changed" => B2bAnyOfferChanged, Derived;
    "branded_item_content_change" => BrandedItemContentChange, Schema;
    "data_kiosk_query_processing_finished" => DataKioskQueryProcessingFinished, Schema;
    "detail_page_traffic_event" => DetailPageTrafficEvent, Schema;
    "external_fulfillment_shipment_status_change" => ExternalFulfillmentShipmentStatusChange, HandWritten;
    "fba_inventory_availability_changes" => FbaInventoryAvailabilityChanges, Derived;
    "fba_outbound_shipment_status" => FbaOutboundShipmentStatus, Schema;
    "fee_promotion" => FeePromotion, Schema;
    "feed_processing_finished" => FeedProcessingFinished, Schema;
    "feed_processing_finished.vendor" => FeedProcessingFinished, Schema;
    "feed_processing_finished.seed" => FeedProcessingFinished, Seed;
    "fulfillment_order_status" => FulfillmentOrderStatus, Schema;
    "item_inventory_event_change" => ItemInventoryEventChange, Schema;
    "item_product_type_change" => ItemProductTypeChange, Schema;
    "item_sales_event_change" => ItemSalesEventChange, Schema;
    "listings_item_issues_change" => ListingsItemIssuesChange, Schema;
    "listings_item_issues_change.v1" => ListingsItemIssuesChange, Schema;
    "listings_item_mfn_quantity_change" => ListingsItemMfnQuantityChange, Schema;
    "listings_item_status_change" => ListingsItemStatusChange, Schema;
    "mfn_order_status_change" => MfnOrderStatusChange, Schema;
    "order_change" => OrderChange, Schema;
    "order_status_change" => OrderStatusChange, Schema;
    "order_status_change.seed" => OrderStatusChange, Seed;
    "pricing_health" => PricingHealth, Schema;
    "product_type_definitions_change" => ProductTypeDefinitionsChange, Schema;
    "report_processing_finished" => ReportProcessingFinished, Schema;
    "report_processing_finished.vendor" => ReportProcessingFinished, Schema;
    "report_processing_finished.seed" => ReportProcessingFinished, Seed;
    "shipment_tracking_milestone_changed" => ShipmentTrackingMilestoneChanged, Schema;
    "tax_invoice_export_status_change" => TaxInvoiceExportStatusChange, Derived;
    "tax_invoice_issuance_eligibility_status_change" => TaxInvoiceIssuanceEligibilityStatusChange, Derived;
    "tax_invoice_issuance_status" => TaxInvoiceIssuanceStatus, Derived;
    "transaction_update" => TransactionUpdate, Schema;
}

/// Every fixture: at least one for each type of [`NotificationType::ALL`].
pub fn all() -> &'static [Fixture] {
    ALL
}

/// The fixtures of one notification type.
pub fn of_type(
    notification_type: &NotificationType,
) -> impl Iterator<Item = &'static Fixture> + '_ {
    ALL.iter()
        .filter(move |fixture| &fixture.notification_type == notification_type)
}

/// The primary example of a notification type, or `None` for a type this version does not know.
pub fn example(notification_type: &NotificationType) -> Option<&'static str> {
    of_type(notification_type)
        .next()
        .map(|fixture| fixture.json)
}

/// The fixture named `name` (the file name without `.json`).
pub fn named(name: &str) -> Option<&'static Fixture> {
    ALL.iter().find(|fixture| fixture.name == name)
}
