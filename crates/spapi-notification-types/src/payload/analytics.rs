//! Hourly analytics (Brand Analytics role): detail page traffic, inventory and sales events.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::macros::wire_struct;

wire_struct! {
    /// DETAIL_PAGE_TRAFFIC_EVENT (`payload.detailPageTrafficEvents`): hourly detail page views.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct DetailPageTrafficEvents {
        /// One entry per item and hour.
        "detailPageTrafficEvents" => pub detail_page_traffic_events: Vec<DetailPageTraffic>,
    }
}

wire_struct! {
    /// Detail page views of an item during an hour.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct DetailPageTraffic {
        /// The selling partner account.
        "accountId" => pub account_id: String,
        /// The marketplace.
        "marketplaceId" => pub marketplace_id: String,
        /// The start of the hour.
        "startTime" => pub start_time: DateTime<Utc>,
        /// The end of the hour.
        "endTime" => pub end_time: DateTime<Utc>,
        /// The item's ASIN.
        "asin" => pub asin: String,
        /// Detail page views.
        "glanceViews" => pub glance_views: u64,
    }
}

wire_struct! {
    /// ITEM_INVENTORY_EVENT_CHANGE (`payload.itemInventoryEventChanges`): hourly inventory.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ItemInventoryEventChanges {
        /// One entry per item and hour.
        "itemInventoryEventChanges" => pub item_inventory_event_changes: Vec<ItemInventoryEvent>,
    }
}

wire_struct! {
    /// Highly available inventory of an item during an hour.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ItemInventoryEvent {
        /// The selling partner account.
        "accountId" => pub account_id: String,
        /// The marketplace.
        "marketplaceId" => pub marketplace_id: String,
        /// The start of the hour.
        "startTime" => pub start_time: DateTime<Utc>,
        /// The end of the hour.
        "endTime" => pub end_time: DateTime<Utc>,
        /// The item's ASIN.
        "asin" => pub asin: String,
        /// Units available to ship quickly.
        "highlyAvailableInventory" => pub highly_available_inventory: u64,
    }
}

wire_struct! {
    /// ITEM_SALES_EVENT_CHANGE (`payload.itemSalesEventChanges`): hourly sales.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ItemSalesEventChanges {
        /// One entry per item and hour.
        "itemSalesEventChanges" => pub item_sales_event_changes: Vec<ItemSalesEvent>,
    }
}

wire_struct! {
    /// Ordered units and revenue of an item during an hour (negative after cancellations).
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ItemSalesEvent {
        /// The selling partner account.
        "accountId" => pub account_id: String,
        /// The marketplace.
        "marketplaceId" => pub marketplace_id: String,
        /// The currency of the revenue.
        "currencyCode" => pub currency_code: String,
        /// The start of the hour.
        "startTime" => pub start_time: DateTime<Utc>,
        /// The end of the hour.
        "endTime" => pub end_time: DateTime<Utc>,
        /// The item's ASIN.
        "asin" => pub asin: String,
        /// Units ordered (may be negative).
        "orderedUnits" => pub ordered_units: i64,
        /// Revenue ordered (may be negative).
        "orderedRevenue" => pub ordered_revenue: Decimal,
    }
}
