//! PRICING_HEALTH: an offer lost Buy Box eligibility because of its price (camelCase schema).

use chrono::{DateTime, Utc};

use super::money::CamelMoney;
use super::{FulfillmentType, Money};
use crate::macros::{open_enum, wire_struct};

open_enum! {
    /// The pricing issue a PRICING_HEALTH notification reports.
    pub enum PricingIssueType {
        /// The offer is not eligible for the Buy Box because of its price.
        BuyBoxDisqualification = "BuyBoxDisqualification",
    }
}

wire_struct! {
    /// PRICING_HEALTH (`payload`, no wrapper): an offer of the seller is not competitively priced.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct PricingHealth {
        /// The issue, e.g. `BuyBoxDisqualification`.
        "issueType" => pub issue_type: PricingIssueType,
        /// The seller that subscribed.
        "sellerId" => pub seller_id: String,
        /// The change that caused the notification.
        "offerChangeTrigger" => pub offer_change_trigger: PricingOfferChangeTrigger,
        /// The seller's offer.
        "merchantOffer" => pub merchant_offer: MerchantOffer,
        /// Prices and counts over all offers of the item.
        "summary" => pub summary: PricingSummary,
    }
}

wire_struct! {
    /// The change that caused a PRICING_HEALTH notification.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct PricingOfferChangeTrigger {
        /// The marketplace of the item.
        "marketplaceId" => pub marketplace_id: String,
        /// The item's ASIN.
        "asin" => pub asin: String,
        /// The condition of the item, e.g. `new`.
        "itemCondition" => pub item_condition: String,
        /// When the offer changed.
        "timeOfOfferChange" => pub time_of_offer_change: DateTime<Utc>,
    }
}

wire_struct! {
    /// The seller's offer in a PRICING_HEALTH notification.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct MerchantOffer {
        /// The condition, e.g. `new`.
        "condition" => pub condition: String,
        /// Who fulfills the offer.
        "fulfillmentType" => pub fulfillment_type: FulfillmentType,
        /// Listing price plus shipping, minus points.
        "landedPrice" => pub landed_price: Money as CamelMoney,
        /// The listing price.
        "listingPrice" => pub listing_price: Money as CamelMoney,
        /// The shipping cost.
        "shipping" => pub shipping: Money as CamelMoney,
        /// Amazon points offered (Japan).
        "points" => pub points: Option<PricingPoints>,
    }
}

wire_struct! {
    /// Amazon points offered with a price (Japan).
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct PricingPoints {
        /// The number of points.
        "pointsNumber" => pub points_number: u64,
    }
}

wire_struct! {
    /// Prices and counts over all offers of an item, in a PRICING_HEALTH notification.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct PricingSummary {
        /// Offer counts per condition and fulfillment type.
        "numberOfOffers" => pub number_of_offers: Vec<PricingOfferCount>,
        /// Buy Box eligible offer counts per condition and fulfillment type.
        "buyBoxEligibleOffers" => pub buy_box_eligible_offers: Vec<PricingOfferCount>,
        /// The Buy Box price per condition.
        "buyBoxPrices" => pub buy_box_prices: Vec<PricingBuyBoxPrice>,
        /// The item's sales ranks.
        "salesRankings" => pub sales_rankings: Vec<PricingSalesRanking>,
        /// Reference prices to compare the offer with.
        "referencePrice" => pub reference_price: Option<ReferencePrice>,
    }
}

wire_struct! {
    /// A number of offers in one condition and fulfillment type.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct PricingOfferCount {
        /// The condition, e.g. `new`.
        "condition" => pub condition: String,
        /// Who fulfills these offers.
        "fulfillmentType" => pub fulfillment_type: FulfillmentType,
        /// How many offers.
        "offerCount" => pub offer_count: u32,
    }
}

wire_struct! {
    /// The Buy Box price in one condition.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct PricingBuyBoxPrice {
        /// The condition, e.g. `new`.
        "condition" => pub condition: String,
        /// Listing price plus shipping, minus points.
        "landedPrice" => pub landed_price: Money as CamelMoney,
        /// The listing price.
        "listingPrice" => pub listing_price: Money as CamelMoney,
        /// The shipping cost.
        "shipping" => pub shipping: Money as CamelMoney,
        /// Amazon points offered (Japan).
        "points" => pub points: Option<PricingPoints>,
    }
}

wire_struct! {
    /// The sales rank of an item in a category.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct PricingSalesRanking {
        /// The category.
        "productCategoryId" => pub product_category_id: String,
        /// The rank in the category.
        "rank" => pub rank: u64,
    }
}

wire_struct! {
    /// Reference prices for an item.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct ReferencePrice {
        /// The average selling price.
        "averageSellingPrice" => pub average_selling_price: Option<Money> as CamelMoney,
        /// The price above which an offer is not competitive.
        "competitivePriceThreshold" => pub competitive_price_threshold: Option<Money> as CamelMoney,
        /// The price of Amazon's retail offer.
        "retailOfferPrice" => pub retail_offer_price: Option<Money> as CamelMoney,
        /// The manufacturer's suggested retail price.
        "msrpPrice" => pub msrp_price: Option<Money> as CamelMoney,
    }
}
