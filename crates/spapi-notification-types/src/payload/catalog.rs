//! Catalog notifications (EventBridge): brand item content, product types and their definitions.

use crate::macros::wire_struct;

wire_struct! {
    /// BRANDED_ITEM_CONTENT_CHANGE (`Payload`, no wrapper): content of an item of the seller's
    /// brand changed.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct BrandedItemContentChange {
        /// The marketplace of the item.
        "MarketplaceId" => pub marketplace_id: String,
        /// The brand.
        "BrandName" => pub brand_name: String,
        /// The item's ASIN.
        "Asin" => pub asin: String,
        /// The attributes that changed, e.g. `item_name`, `bullet_point`.
        "AttributesChanged" => pub attributes_changed: Vec<String>,
    }
}

wire_struct! {
    /// ITEM_PRODUCT_TYPE_CHANGE (`Payload`, no wrapper): the product type of an item of the
    /// seller's brand changed.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ItemProductTypeChange {
        /// The marketplace of the item.
        "MarketplaceId" => pub marketplace_id: String,
        /// The item's ASIN.
        "Asin" => pub asin: String,
        /// The product type before the change.
        "PreviousProductType" => pub previous_product_type: String,
        /// The product type now.
        "CurrentProductType" => pub current_product_type: String,
    }
}

wire_struct! {
    /// PRODUCT_TYPE_DEFINITIONS_CHANGE (`Payload`, no wrapper): new product types or a new
    /// product type version.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ProductTypeDefinitionsChange {
        /// The selling partner account.
        "AccountId" => pub account_id: String,
        /// The marketplace.
        "MarketplaceId" => pub marketplace_id: Option<String>,
        /// The new product type version.
        "ProductTypeVersion" => pub product_type_version: String,
        /// Product types that became available, e.g. `LUGGAGE`.
        "NewProductTypes" => pub new_product_types: Vec<String>,
    }
}
