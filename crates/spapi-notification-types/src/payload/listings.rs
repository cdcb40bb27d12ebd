//! The listings notifications (EventBridge): issues, status and merchant-fulfilled quantity.

use chrono::{DateTime, Utc};

use crate::macros::{open_enum, wire_struct};

open_enum! {
    /// The severity of a listing issue.
    pub enum IssueSeverity {
        /// No issue.
        None = "NONE",
        /// An error: the listing is affected.
        Error = "ERROR",
        /// A warning.
        Warning = "WARNING",
    }
}

open_enum! {
    /// An action Amazon took on a listing because of its issues.
    pub enum EnforcementAction {
        /// The listing is hidden from search.
        SearchSuppressed = "SEARCH_SUPPRESSED",
        /// The listing is suppressed (payload version 2023-12-13).
        ListingSuppressed = "LISTING_SUPPRESSED",
        /// An attribute is suppressed (payload version 2023-12-13).
        AttributeSuppressed = "ATTRIBUTE_SUPPRESSED",
        /// The catalog item was removed (payload version 2023-12-13).
        CatalogItemRemoved = "CATALOG_ITEM_REMOVED",
    }
}

open_enum! {
    /// The status of a listing.
    pub enum ListingStatus {
        /// Buyers can buy it.
        Buyable = "BUYABLE",
        /// Buyers can find it.
        Discoverable = "DISCOVERABLE",
        /// It was deleted.
        Deleted = "DELETED",
    }
}

wire_struct! {
    /// LISTINGS_ITEM_ISSUES_CHANGE (`Payload`, no wrapper; payload versions 1.0 and 2023-12-13):
    /// the issues of a listing changed.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct ListingsItemIssuesChange {
        /// The selling partner (seller or vendor).
        "SellerId" => pub seller_id: String,
        /// The marketplace of the listing.
        "MarketplaceId" => pub marketplace_id: Option<String>,
        /// The listing's ASIN.
        "Asin" => pub asin: Option<String>,
        /// The listing's SKU.
        "Sku" => pub sku: String,
        /// The severities of the listing's current issues.
        "Severities" => pub severities: Vec<IssueSeverity>,
        /// What Amazon did about the issues (often empty).
        "EnforcementActions" => pub enforcement_actions: Vec<EnforcementAction>,
    }
}

wire_struct! {
    /// LISTINGS_ITEM_MFN_QUANTITY_CHANGE (`Payload`, no wrapper): the quantity of a
    /// merchant-fulfilled listing changed.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ListingsItemMfnQuantityChange {
        /// The seller.
        "SellerId" => pub seller_id: String,
        /// The fulfillment channel, e.g. `DEFAULT`.
        "FulfillmentChannelCode" => pub fulfillment_channel_code: String,
        /// The listing's SKU.
        "Sku" => pub sku: String,
        /// The new quantity.
        "Quantity" => pub quantity: i64,
    }
}

wire_struct! {
    /// LISTINGS_ITEM_STATUS_CHANGE (`Payload`, no wrapper): the status of a listing changed.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ListingsItemStatusChange {
        /// The selling partner (seller or vendor).
        "SellerId" => pub seller_id: String,
        /// The marketplace of the listing.
        "MarketplaceId" => pub marketplace_id: Option<String>,
        /// The listing's ASIN.
        "Asin" => pub asin: Option<String>,
        /// The listing's SKU.
        "Sku" => pub sku: String,
        /// When the listing was created.
        "CreatedDate" => pub created_date: Option<DateTime<Utc>>,
        /// The listing's statuses now.
        "Status" => pub status: Vec<ListingStatus>,
    }
}
