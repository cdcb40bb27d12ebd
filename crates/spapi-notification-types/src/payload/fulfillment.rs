//! Fulfillment by Amazon: inventory, outbound shipments and Multi-Channel Fulfillment orders.

use chrono::{DateTime, Utc};

use crate::macros::{open_enum, wire_struct};

wire_struct! {
    /// FBA_INVENTORY_AVAILABILITY_CHANGES (`Payload`, no wrapper): FBA inventory of an item
    /// changed. The schema has no `NotificationMetadata`.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct FbaInventoryAvailabilityChanges {
        /// The seller.
        "SellerId" => pub seller_id: String,
        /// The fulfillment network SKU.
        "FNSKU" => pub fnsku: String,
        /// The item's ASIN.
        "ASIN" => pub asin: String,
        /// The seller's SKU.
        "SKU" => pub sku: String,
        /// Inventory per marketplace.
        "FulfillmentInventoryByMarketplace" => pub fulfillment_inventory_by_marketplace: Vec<MarketplaceInventory>,
    }
}

wire_struct! {
    /// FBA inventory of an item in one marketplace.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct MarketplaceInventory {
        /// The marketplace.
        "MarketplaceId" => pub marketplace_id: String,
        /// The item's title.
        "ItemName" => pub item_name: Option<String>,
        /// The quantities.
        "FulfillmentInventory" => pub fulfillment_inventory: FulfillmentInventory,
        /// The stores the inventory belongs to.
        "Stores" => pub stores: Vec<String>,
    }
}

wire_struct! {
    /// FBA inventory quantities.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct FulfillmentInventory {
        /// Units on their way to a fulfillment center.
        "InboundQuantityBreakdown" => pub inbound_quantity_breakdown: Option<InboundQuantityBreakdown>,
        /// Units that can be sold.
        "Fulfillable" => pub fulfillable: i64,
        /// Units that cannot be sold.
        "Unfulfillable" => pub unfulfillable: Option<i64>,
        /// Units being researched.
        "Researching" => pub researching: Option<i64>,
        /// Units reserved.
        "ReservedQuantityBreakdown" => pub reserved_quantity_breakdown: Option<ReservedQuantityBreakdown>,
        /// Future supply that can be bought.
        "FutureSupplyBuyable" => pub future_supply_buyable: Option<i64>,
        /// Units in transit to buyers' pending orders.
        "PendingCustomerOrderInTransit" => pub pending_customer_order_in_transit: Option<i64>,
    }
}

wire_struct! {
    /// Units on their way to a fulfillment center.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct InboundQuantityBreakdown {
        /// In a shipment plan being worked on.
        "Working" => pub working: i64,
        /// Shipped to Amazon.
        "Shipped" => pub shipped: i64,
        /// Being received.
        "Receiving" => pub receiving: i64,
    }
}

wire_struct! {
    /// Reserved units.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ReservedQuantityBreakdown {
        /// Being processed in the warehouse.
        "WarehouseProcessing" => pub warehouse_processing: i64,
        /// Moving between warehouses.
        "WarehouseTransfer" => pub warehouse_transfer: i64,
        /// Reserved for buyers' orders.
        "PendingCustomerOrder" => pub pending_customer_order: i64,
    }
}

open_enum! {
    /// The status of an FBA Onsite outbound shipment.
    pub enum OutboundShipmentStatus {
        /// The shipment was created.
        Created = "Created",
        /// The shipment was cancelled.
        Cancelled = "Cancelled",
    }
}

wire_struct! {
    /// FBA_OUTBOUND_SHIPMENT_STATUS (`Payload.FBAOutboundShipmentStatusNotification`): Amazon
    /// created or cancelled an FBA Onsite shipment (Brazil).
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct FbaOutboundShipmentStatus {
        /// The seller.
        "SellerId" => pub seller_id: String,
        /// The order.
        "AmazonOrderId" => pub amazon_order_id: String,
        /// The shipment.
        "AmazonShipmentId" => pub amazon_shipment_id: String,
        /// The shipment's status.
        "ShipmentStatus" => pub shipment_status: OutboundShipmentStatus,
    }
}

open_enum! {
    /// What a FULFILLMENT_ORDER_STATUS notification is about.
    pub enum FulfillmentEventType {
        /// The fulfillment order.
        Order = "Order",
        /// A shipment of the order.
        Shipment = "Shipment",
        /// A return.
        Return = "Return",
    }
}

open_enum! {
    /// The status of a Multi-Channel Fulfillment order.
    pub enum FulfillmentOrderStatus {
        /// Received by Amazon.
        Received = "Received",
        /// Failed validation.
        Invalid = "Invalid",
        /// Being planned.
        Planning = "Planning",
        /// Being processed.
        Processing = "Processing",
        /// Cancelled.
        Cancelled = "Cancelled",
        /// Completed.
        Complete = "Complete",
        /// Completed with some items unfulfillable.
        CompletePartialled = "CompletePartialled",
        /// Cannot be fulfilled.
        Unfulfillable = "Unfulfillable",
    }
}

open_enum! {
    /// The status of a Multi-Channel Fulfillment shipment.
    pub enum FulfillmentShipmentStatus {
        /// Not shipped yet.
        Pending = "Pending",
        /// Shipped.
        Shipped = "Shipped",
        /// Cancelled by the fulfillment center.
        CancelledByFulfiller = "CancelledByFulfiller",
        /// Cancelled by the seller.
        CancelledBySeller = "CancelledBySeller",
    }
}

wire_struct! {
    /// FULFILLMENT_ORDER_STATUS (`Payload.FulfillmentOrderStatusNotification`): a
    /// Multi-Channel Fulfillment order, one of its shipments or a return changed.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct FulfillmentOrderStatusChange {
        /// The seller.
        "SellerId" => pub seller_id: String,
        /// Whether this is about the order, a shipment or a return.
        "EventType" => pub event_type: FulfillmentEventType,
        /// When the status changed.
        "StatusUpdatedDateTime" => pub status_updated_date_time: DateTime<Utc>,
        /// The seller's identifier of the fulfillment order.
        "SellerFulfillmentOrderId" => pub seller_fulfillment_order_id: String,
        /// The order's status.
        "FulfillmentOrderStatus" => pub fulfillment_order_status: FulfillmentOrderStatus,
        /// The shipment (when the event type is `Shipment`).
        "FulfillmentShipment" => pub fulfillment_shipment: Option<FulfillmentShipment>,
        /// The returned item (when the event type is `Return`).
        "FulfillmentReturnItem" => pub fulfillment_return_item: Option<FulfillmentReturnItem>,
    }
}

wire_struct! {
    /// A shipment of a Multi-Channel Fulfillment order.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct FulfillmentShipment {
        /// The shipment's status.
        "FulfillmentShipmentStatus" => pub fulfillment_shipment_status: FulfillmentShipmentStatus,
        /// The shipment.
        "AmazonShipmentId" => pub amazon_shipment_id: String,
        /// When the shipment should arrive.
        "EstimatedArrivalDateTime" => pub estimated_arrival_date_time: Option<DateTime<Utc>>,
        /// The packages of the shipment.
        "FulfillmentShipmentPackages" => pub fulfillment_shipment_packages: Vec<FulfillmentShipmentPackage>,
    }
}

wire_struct! {
    /// A package of a Multi-Channel Fulfillment shipment.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct FulfillmentShipmentPackage {
        /// The package number in the shipment.
        "PackageNumber" => pub package_number: u32,
        /// The carrier.
        "CarrierCode" => pub carrier_code: String,
        /// The carrier's tracking number.
        "TrackingNumber" => pub tracking_number: String,
    }
}

wire_struct! {
    /// An item returned to a fulfillment center.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct FulfillmentReturnItem {
        /// When the return was received.
        "ReceivedDateTime" => pub received_date_time: DateTime<Utc>,
        /// How many units came back.
        "ReturnedQuantity" => pub returned_quantity: u32,
        /// The seller's SKU.
        "SellerSKU" => pub seller_sku: String,
    }
}
