//! The legacy ORDER_STATUS_CHANGE and MFN_ORDER_STATUS_CHANGE, with epoch-millisecond dates.

use chrono::{DateTime, Utc};

use super::{FulfillmentType, OrderStatus};
use crate::macros::wire_struct;
use crate::wire::EpochMillis;

wire_struct! {
    /// ORDER_STATUS_CHANGE (`Payload.OrderStatusChangeNotification`, or `Payload.OrderNotification`
    /// as in Amazon's SQS tutorial) and MFN_ORDER_STATUS_CHANGE
    /// (`Payload.MFNOrderStatusChangeNotification`): an order item changed status.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OrderStatusChange {
        /// The seller that subscribed.
        "SellerId" => pub seller_id: String,
        /// The marketplace of the order (absent in Amazon's tutorial).
        "MarketplaceId" => pub marketplace_id: Option<String>,
        /// The order.
        "AmazonOrderId" => pub amazon_order_id: String,
        /// When the order was placed: epoch milliseconds on the wire.
        "PurchaseDate" => pub purchase_date: Option<DateTime<Utc>> as EpochMillis,
        /// The order's status (Amazon's own examples also show `PROCESSED` and `SHIPPING`).
        "OrderStatus" => pub order_status: OrderStatus,
        /// The postal code of the destination.
        "DestinationPostalCode" => pub destination_postal_code: Option<String>,
        /// Where the item ships from.
        "SupplySourceId" => pub supply_source_id: Option<String>,
        /// The order item.
        "OrderItemId" => pub order_item_id: String,
        /// The seller's SKU.
        "SellerSKU" => pub seller_sku: String,
        /// How many units were ordered.
        "Quantity" => pub quantity: u32,
        /// Who fulfills the order (ORDER_STATUS_CHANGE only).
        "FulfillmentChannel" => pub fulfillment_channel: Option<FulfillmentType>,
    }
}
