//! ORDER_CHANGE: an order's status changed, or the buyer asked for a change.

use chrono::{DateTime, Utc};

use crate::macros::{open_enum, wire_struct};

open_enum! {
    /// Who fulfills an order or offer.
    pub enum FulfillmentType {
        /// Fulfilled by Amazon.
        Afn = "AFN",
        /// Fulfilled by the merchant.
        Mfn = "MFN",
    }
}

open_enum! {
    /// The status of an order.
    pub enum OrderStatus {
        /// A pre-order not yet available (ORDER_STATUS_CHANGE only).
        UpComing = "UpComing",
        /// Placed, payment not yet authorized.
        Pending = "Pending",
        /// Paid, no item shipped yet.
        Unshipped = "Unshipped",
        /// Some items shipped.
        PartiallyShipped = "PartiallyShipped",
        /// Every item shipped.
        Shipped = "Shipped",
        /// Cancelled.
        Canceled = "Canceled",
        /// Cannot be fulfilled (multi-channel orders).
        Unfulfillable = "Unfulfillable",
        /// Shipped, invoice not yet confirmed (Brazil).
        InvoiceUnconfirmed = "InvoiceUnconfirmed",
        /// Pre-order waiting for the release date.
        PendingAvailability = "PendingAvailability",
    }
}

open_enum! {
    /// Whether an ORDER_CHANGE notification is about the order or one of its items.
    pub enum NotificationLevel {
        /// The order as a whole.
        OrderLevel = "OrderLevel",
        /// One item of the order.
        OrderItemLevel = "OrderItemLevel",
    }
}

open_enum! {
    /// What kind of change an ORDER_CHANGE notification reports.
    pub enum OrderChangeType {
        /// The buyer asked for a change (e.g. a cancellation).
        BuyerRequestedChange = "BuyerRequestedChange",
        /// The buyer changed the delivery tip.
        DeliveryTipChange = "DeliveryTipChange",
        /// The order's status changed.
        OrderStatusChange = "OrderStatusChange",
    }
}

open_enum! {
    /// The kind of an order.
    pub enum OrderType {
        /// Ships from available inventory.
        StandardOrder = "StandardOrder",
        /// Ships later than usual.
        LongLeadTimeOrder = "LongLeadTimeOrder",
        /// Placed before the release date.
        Preorder = "Preorder",
        /// Placed while out of stock.
        BackOrder = "BackOrder",
        /// Sourced on demand.
        SourcingOnDemandOrder = "SourcingOnDemandOrder",
    }
}

open_enum! {
    /// A program an order belongs to.
    pub enum OrderProgram {
        /// Amazon Business.
        Business = "Business",
        /// Prime.
        Prime = "Prime",
        /// Premium shipping.
        Premium = "Premium",
        /// Amazon Imports (IBA).
        Iba = "IBA",
        /// A replacement order.
        Replacement = "Replacement",
    }
}

open_enum! {
    /// A shipping program an order uses.
    pub enum ShippingProgram {
        /// The seller set the ship date.
        ShipDateSet = "ShipDateSet",
        /// Global Express.
        GlobalExpress = "GlobalExpress",
        /// In-store pickup.
        Ispu = "ISPU",
        /// Delivered to an access point.
        AccessPoint = "AccessPoint",
        /// Transportation by Merchant (Brazil).
        Tfm = "TFM",
        /// Amazon Easy Ship.
        EasyShip = "EasyShip",
    }
}

open_enum! {
    /// The status of an Easy Ship shipment.
    pub enum EasyShipShipmentStatus {
        /// Pickup not yet scheduled.
        PendingSchedule = "PendingSchedule",
        /// Waiting for pickup.
        PendingPickUp = "PendingPickUp",
        /// Waiting for drop-off.
        PendingDropOff = "PendingDropOff",
        /// The label was cancelled.
        LabelCanceled = "LabelCanceled",
        /// Picked up.
        PickedUp = "PickedUp",
        /// Dropped off.
        DroppedOff = "DroppedOff",
        /// At the origin fulfillment center.
        AtOriginFc = "AtOriginFC",
        /// At the destination fulfillment center.
        AtDestinationFc = "AtDestinationFC",
        /// Delivered.
        Delivered = "Delivered",
        /// Rejected by the buyer.
        RejectedByBuyer = "RejectedByBuyer",
        /// Cannot be delivered.
        Undeliverable = "Undeliverable",
        /// Returning to the seller.
        ReturningToSeller = "ReturningToSeller",
        /// Returned to the seller.
        ReturnedToSeller = "ReturnedToSeller",
        /// Lost.
        Lost = "Lost",
        /// Out for delivery.
        OutForDelivery = "OutForDelivery",
        /// Damaged.
        Damaged = "Damaged",
    }
}

open_enum! {
    /// The status of an order's electronic invoice.
    pub enum ElectronicInvoiceStatus {
        /// No invoice is needed.
        NotRequired = "NotRequired",
        /// No invoice was found.
        NotFound = "NotFound",
        /// The invoice is being processed.
        Processing = "Processing",
        /// Processing the invoice failed.
        Errored = "Errored",
        /// The invoice was accepted.
        Accepted = "Accepted",
    }
}

open_enum! {
    /// The status of an order item.
    pub enum OrderItemStatus {
        /// Not shipped yet.
        Unshipped = "Unshipped",
        /// Shipped.
        Shipped = "Shipped",
    }
}

wire_struct! {
    /// ORDER_CHANGE (`Payload.OrderChangeNotification`): an order changed.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OrderChange {
        /// Whether the change concerns the order or one item.
        "NotificationLevel" => pub notification_level: NotificationLevel,
        /// The seller that subscribed.
        "SellerId" => pub seller_id: String,
        /// The order, e.g. `903-8868176-2219830`.
        "AmazonOrderId" => pub amazon_order_id: String,
        /// What kind of change this is.
        "OrderChangeType" => pub order_change_type: OrderChangeType,
        /// When and why the order changed.
        "OrderChangeTrigger" => pub order_change_trigger: OrderChangeTrigger,
        /// The order after the change.
        "Summary" => pub summary: OrderSummary,
    }
}

wire_struct! {
    /// When and why an order changed.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct OrderChangeTrigger {
        /// When the order changed (sometimes `null`).
        "TimeOfOrderChange" => pub time_of_order_change: Option<DateTime<Utc>>,
        /// Why the order changed, e.g. `Buyer Requested Cancel`.
        "ChangeReason" => pub change_reason: Option<String>,
    }
}

wire_struct! {
    /// An order after a change.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OrderSummary {
        /// The marketplace of the order.
        "MarketplaceId" => pub marketplace_id: String,
        /// The order's status.
        "OrderStatus" => pub order_status: OrderStatus,
        /// When the order was placed (sometimes `null`).
        "PurchaseDate" => pub purchase_date: Option<DateTime<Utc>>,
        /// The postal code of the destination (sometimes `null`).
        "DestinationPostalCode" => pub destination_postal_code: Option<String>,
        /// Who fulfills the order.
        "FulfillmentType" => pub fulfillment_type: FulfillmentType,
        /// The kind of order.
        "OrderType" => pub order_type: OrderType,
        /// How many items shipped.
        "NumberOfItemsShipped" => pub number_of_items_shipped: Option<u32>,
        /// How many items are not shipped yet.
        "NumberOfItemsUnshipped" => pub number_of_items_unshipped: Option<u32>,
        /// The start of the promised delivery window.
        "EarliestDeliveryDate" => pub earliest_delivery_date: Option<DateTime<Utc>>,
        /// The end of the promised delivery window.
        "LatestDeliveryDate" => pub latest_delivery_date: Option<DateTime<Utc>>,
        /// The start of the promised ship window.
        "EarliestShipDate" => pub earliest_ship_date: Option<DateTime<Utc>>,
        /// The end of the promised ship window.
        "LatestShipDate" => pub latest_ship_date: Option<DateTime<Utc>>,
        /// When an unfulfillable order is cancelled.
        "CancelNotifyDate" => pub cancel_notify_date: Option<DateTime<Utc>>,
        /// The programs the order belongs to.
        "OrderPrograms" => pub order_programs: Vec<OrderProgram>,
        /// The shipping programs the order uses.
        "ShippingPrograms" => pub shipping_programs: Vec<ShippingProgram>,
        /// The Easy Ship status (Easy Ship orders).
        "EasyShipShipmentStatus" => pub easy_ship_shipment_status: Option<EasyShipShipmentStatus>,
        /// The status of the electronic invoice (where required).
        "ElectronicInvoiceStatus" => pub electronic_invoice_status: Option<ElectronicInvoiceStatus>,
        /// The order's items.
        "OrderItems" => pub order_items: Vec<OrderItem>,
    }
}

wire_struct! {
    /// An item of an order.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OrderItem {
        /// The order item.
        "OrderItemId" => pub order_item_id: String,
        /// The seller's SKU.
        "SellerSKU" => pub seller_sku: String,
        /// Where the item ships from (sometimes `null`).
        "SupplySourceId" => pub supply_source_id: Option<String>,
        /// Whether the item shipped.
        "OrderItemStatus" => pub order_item_status: Option<OrderItemStatus>,
        /// How many units were ordered.
        "Quantity" => pub quantity: u32,
        /// How many units shipped.
        "QuantityShipped" => pub quantity_shipped: Option<u32>,
        /// Whether the buyer asked to cancel the item.
        "IsBuyerRequestedCancel" => pub is_buyer_requested_cancel: Option<bool>,
        /// The start of the item's delivery window.
        "ItemEarliestDeliveryDate" => pub item_earliest_delivery_date: Option<DateTime<Utc>>,
        /// The end of the item's delivery window.
        "ItemLatestDeliveryDate" => pub item_latest_delivery_date: Option<DateTime<Utc>>,
    }
}
