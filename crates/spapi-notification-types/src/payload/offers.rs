//! ANY_OFFER_CHANGED and B2B_ANY_OFFER_CHANGED: the top offers of an item changed.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::Money;
use crate::macros::{open_enum, wire_struct};

open_enum! {
    /// What caused an offer change notification.
    pub enum OfferChangeType {
        /// An offer of an Amazon seller changed.
        Internal = "Internal",
        /// An offer outside Amazon changed.
        External = "External",
        /// The featured (Buy Box) offer changed.
        FeaturedOffer = "FeaturedOffer",
    }
}

open_enum! {
    /// Who fulfills an offer.
    pub enum FulfillmentChannel {
        /// Fulfilled by Amazon.
        Amazon = "Amazon",
        /// Fulfilled by the merchant.
        Merchant = "Merchant",
    }
}

open_enum! {
    /// The kind of a B2B quantity discount.
    pub enum QuantityDiscountType {
        /// A discount for buying at least a quantity.
        QuantityDiscount = "QUANTITY_DISCOUNT",
    }
}

wire_struct! {
    /// ANY_OFFER_CHANGED (`Payload.AnyOfferChangedNotification`): the top 20 offers of an item
    /// changed.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct AnyOfferChanged {
        /// The seller that subscribed.
        "SellerId" => pub seller_id: String,
        /// The change that caused the notification.
        "OfferChangeTrigger" => pub offer_change_trigger: OfferChangeTrigger,
        /// Prices and counts over all offers of the item.
        "Summary" => pub summary: OfferSummary,
        /// The top offers.
        "Offers" => pub offers: Vec<Offer>,
    }
}

wire_struct! {
    /// The change that caused an offer notification.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OfferChangeTrigger {
        /// The marketplace of the item.
        "MarketplaceId" => pub marketplace_id: String,
        /// The item's ASIN.
        "ASIN" => pub asin: String,
        /// The condition of the item whose offers changed, e.g. `New`.
        "ItemCondition" => pub item_condition: String,
        /// When the offer changed.
        "TimeOfOfferChange" => pub time_of_offer_change: DateTime<Utc>,
        /// What kind of change it was (ANY_OFFER_CHANGED only).
        "OfferChangeType" => pub offer_change_type: Option<OfferChangeType>,
    }
}

wire_struct! {
    /// Prices and counts over all offers of an item.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OfferSummary {
        /// Offer counts per condition and fulfillment channel.
        "NumberOfOffers" => pub number_of_offers: Vec<OfferCount>,
        /// The lowest price per condition and fulfillment channel.
        "LowestPrices" => pub lowest_prices: Vec<LowestPrice>,
        /// The Buy Box price per condition.
        "BuyBoxPrices" => pub buy_box_prices: Vec<BuyBoxPrice>,
        /// The list price.
        "ListPrice" => pub list_price: Option<Money>,
        /// The minimum advertised price.
        "MinimumAdvertisedPrice" => pub minimum_advertised_price: Option<Money>,
        /// A suggested lower price, including shipping.
        "SuggestedLowerPricePlusShipping" => pub suggested_lower_price_plus_shipping: Option<Money>,
        /// How many offers are eligible for the Buy Box.
        "TotalBuyBoxEligibleOffers" => pub total_buy_box_eligible_offers: Option<u32>,
        /// The item's sales ranks.
        "SalesRankings" => pub sales_rankings: Vec<SalesRanking>,
        /// Buy Box eligible offer counts per condition and fulfillment channel.
        "NumberOfBuyBoxEligibleOffers" => pub number_of_buy_box_eligible_offers: Vec<OfferCount>,
        /// The price above which an offer is not competitive.
        "CompetitivePriceThreshold" => pub competitive_price_threshold: Option<Money>,
    }
}

wire_struct! {
    /// A number of offers in one condition and fulfillment channel.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct OfferCount {
        /// The condition, e.g. `new` or `used`.
        "Condition" => pub condition: String,
        /// Who fulfills these offers.
        "FulfillmentChannel" => pub fulfillment_channel: FulfillmentChannel,
        /// How many offers.
        "OfferCount" => pub offer_count: u32,
    }
}

wire_struct! {
    /// The lowest price in one condition and fulfillment channel.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct LowestPrice {
        /// The condition, e.g. `new`.
        "Condition" => pub condition: String,
        /// Who fulfills the offer.
        "FulfillmentChannel" => pub fulfillment_channel: FulfillmentChannel,
        /// Listing price plus shipping, minus points.
        "LandedPrice" => pub landed_price: Option<Money>,
        /// The listing price.
        "ListingPrice" => pub listing_price: Money,
        /// The shipping cost.
        "Shipping" => pub shipping: Option<Money>,
        /// Amazon points offered (Japan).
        "Points" => pub points: Option<Points>,
    }
}

wire_struct! {
    /// The Buy Box price in one condition.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct BuyBoxPrice {
        /// The condition, e.g. `new`.
        "Condition" => pub condition: String,
        /// Listing price plus shipping, minus points.
        "LandedPrice" => pub landed_price: Option<Money>,
        /// The listing price.
        "ListingPrice" => pub listing_price: Money,
        /// The shipping cost.
        "Shipping" => pub shipping: Option<Money>,
        /// Amazon points offered (Japan).
        "Points" => pub points: Option<Points>,
    }
}

wire_struct! {
    /// Amazon points offered with a price (Japan).
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct Points {
        /// The number of points.
        "PointsNumber" => pub points_number: u64,
    }
}

wire_struct! {
    /// The sales rank of an item in a category.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct SalesRanking {
        /// The category.
        "ProductCategoryId" => pub product_category_id: String,
        /// The rank in the category.
        "Rank" => pub rank: u64,
    }
}

wire_struct! {
    /// One of the top offers of an item.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Offer {
        /// The seller of the offer.
        "SellerId" => pub seller_id: String,
        /// The sub-condition, e.g. `New` or `Mint`.
        "SubCondition" => pub sub_condition: String,
        /// The seller's feedback.
        "SellerFeedbackRating" => pub seller_feedback_rating: Option<SellerFeedbackRating>,
        /// How long the offer takes to ship.
        "ShippingTime" => pub shipping_time: Option<ShippingTime>,
        /// The listing price.
        "ListingPrice" => pub listing_price: Money,
        /// Amazon points offered (Japan).
        "Points" => pub points: Option<Points>,
        /// The shipping cost.
        "Shipping" => pub shipping: Option<Money>,
        /// Where the offer ships from.
        "ShipsFrom" => pub ships_from: Option<ShipsFrom>,
        /// Whether Amazon fulfills the offer (optional in Amazon's guide, unlike its schema).
        "IsFulfilledByAmazon" => pub is_fulfilled_by_amazon: Option<bool>,
        /// Whether the offer holds the Buy Box (documented, absent from the schema).
        "IsBuyBoxWinner" => pub is_buy_box_winner: Option<bool>,
        /// The seller's notes on the condition (documented, absent from the schema).
        "ConditionNotes" => pub condition_notes: Option<String>,
        /// Prime eligibility.
        "PrimeInformation" => pub prime_information: Option<PrimeInformation>,
        /// Whether expedited shipping is available.
        "IsExpeditedShippingAvailable" => pub is_expedited_shipping_available: Option<bool>,
        /// Whether the seller is a featured merchant.
        "IsFeaturedMerchant" => pub is_featured_merchant: Option<bool>,
        /// Whether the offer ships domestically.
        "ShipsDomestically" => pub ships_domestically: Option<bool>,
        /// Whether the offer ships internationally.
        "ShipsInternationally" => pub ships_internationally: Option<bool>,
    }
}

wire_struct! {
    /// A seller's feedback.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct SellerFeedbackRating {
        /// How many ratings the seller has.
        "FeedbackCount" => pub feedback_count: u64,
        /// The share of positive ratings, in percent (an integer in one schema, a fraction in another).
        "SellerPositiveFeedbackRating" => pub seller_positive_feedback_rating: Option<Decimal>,
    }
}

wire_struct! {
    /// How long an offer takes to ship.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct ShippingTime {
        /// The minimum time, in hours.
        "MinimumHours" => pub minimum_hours: Option<u32>,
        /// The maximum time, in hours.
        "MaximumHours" => pub maximum_hours: Option<u32>,
        /// Whether the item is available now or later, e.g. `NOW`.
        "AvailabilityType" => pub availability_type: Option<String>,
        /// When the item becomes available.
        "AvailableDate" => pub available_date: Option<DateTime<Utc>>,
    }
}

wire_struct! {
    /// Where an offer ships from.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ShipsFrom {
        /// The country.
        "Country" => pub country: Option<String>,
        /// The state or region.
        "State" => pub state: Option<String>,
    }
}

wire_struct! {
    /// Prime eligibility of an offer.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct PrimeInformation {
        /// Whether the offer is Prime.
        "IsOfferPrime" => pub is_offer_prime: Option<bool>,
        /// Whether the offer is National Prime.
        "IsOfferNationalPrime" => pub is_offer_national_prime: Option<bool>,
    }
}

wire_struct! {
    /// B2B_ANY_OFFER_CHANGED (`Payload.B2BAnyOfferChangedNotification`): the top 20 B2B offers
    /// of an item changed.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct B2bAnyOfferChanged {
        /// The seller that subscribed.
        "SellerId" => pub seller_id: String,
        /// The change that caused the notification.
        "OfferChangeTrigger" => pub offer_change_trigger: OfferChangeTrigger,
        /// Prices and counts over all B2B offers of the item.
        "Summary" => pub summary: B2bOfferSummary,
        /// The top B2B offers.
        "Offers" => pub offers: Vec<B2bOffer>,
    }
}

wire_struct! {
    /// Prices and counts over all B2B offers of an item.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct B2bOfferSummary {
        /// Offer counts per condition and fulfillment channel.
        "NumberOfOffers" => pub number_of_offers: Vec<OfferCount>,
        /// Buy Box eligible offer counts per condition and fulfillment channel.
        "BuyBoxEligibleOffers" => pub buy_box_eligible_offers: Vec<OfferCount>,
        /// The lowest prices per condition, channel and quantity tier.
        "LowestPrices" => pub lowest_prices: Vec<B2bLowestPrice>,
        /// The Buy Box prices per condition and quantity tier.
        "BuyBoxPrices" => pub buy_box_prices: Vec<B2bBuyBoxPrice>,
    }
}

wire_struct! {
    /// The lowest B2B price in one condition, channel and quantity tier.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct B2bLowestPrice {
        /// The condition, e.g. `new`.
        "Condition" => pub condition: String,
        /// Who fulfills the offer.
        "FulfillmentChannel" => pub fulfillment_channel: FulfillmentChannel,
        /// The offer type, e.g. `B2B`.
        "OfferType" => pub offer_type: String,
        /// The minimum quantity of the price.
        "QuantityTier" => pub quantity_tier: u32,
        /// The discount type, e.g. `QUANTITY_DISCOUNT`.
        "DiscountType" => pub discount_type: Option<String>,
        /// Listing price plus shipping, minus points.
        "LandedPrice" => pub landed_price: Option<Money>,
        /// The listing price.
        "ListingPrice" => pub listing_price: Money,
        /// The shipping cost.
        "Shipping" => pub shipping: Option<Money>,
        /// Amazon points offered (Japan).
        "Points" => pub points: Option<Points>,
    }
}

wire_struct! {
    /// The B2B Buy Box price in one condition and quantity tier.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct B2bBuyBoxPrice {
        /// The condition, e.g. `new`.
        "Condition" => pub condition: String,
        /// The offer type, e.g. `B2B`.
        "OfferType" => pub offer_type: String,
        /// The minimum quantity of the price.
        "QuantityTier" => pub quantity_tier: u32,
        /// The discount type, e.g. `QUANTITY_DISCOUNT`.
        "DiscountType" => pub discount_type: Option<String>,
        /// Listing price plus shipping, minus points.
        "LandedPrice" => pub landed_price: Option<Money>,
        /// The listing price.
        "ListingPrice" => pub listing_price: Money,
        /// The shipping cost.
        "Shipping" => pub shipping: Option<Money>,
        /// Amazon points offered (Japan).
        "Points" => pub points: Option<Points>,
        /// The seller holding the Buy Box.
        "SellerId" => pub seller_id: Option<String>,
    }
}

wire_struct! {
    /// One of the top B2B offers of an item.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct B2bOffer {
        /// The seller of the offer.
        "SellerId" => pub seller_id: String,
        /// The sub-condition, e.g. `New`.
        "SubCondition" => pub sub_condition: String,
        /// The seller's feedback.
        "SellerFeedbackRating" => pub seller_feedback_rating: Option<SellerFeedbackRating>,
        /// How long the offer takes to ship.
        "ShippingTime" => pub shipping_time: Option<ShippingTime>,
        /// The listing price.
        "ListingPrice" => pub listing_price: Money,
        /// Amazon points offered (Japan).
        "Points" => pub points: Option<Points>,
        /// Quantity discount prices.
        "QuantityDiscountPrice" => pub quantity_discount_price: Vec<QuantityDiscountPrice>,
        /// The shipping cost.
        "Shipping" => pub shipping: Option<Money>,
        /// Where the offer ships from.
        "ShipsFrom" => pub ships_from: Option<ShipsFrom>,
        /// Whether Amazon fulfills the offer.
        "IsFulfilledByAmazon" => pub is_fulfilled_by_amazon: bool,
        /// Whether the offer holds the Buy Box.
        "IsBuyBoxWinner" => pub is_buy_box_winner: Option<bool>,
        /// The seller's notes on the condition.
        "ConditionNotes" => pub condition_notes: Option<String>,
        /// Prime eligibility.
        "PrimeInformation" => pub prime_information: Option<B2bPrimeInformation>,
        /// Whether the seller is a featured merchant.
        "IsFeaturedMerchant" => pub is_featured_merchant: Option<bool>,
    }
}

wire_struct! {
    /// A B2B price for buying at least a quantity.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct QuantityDiscountPrice {
        /// The minimum quantity.
        "QuantityTier" => pub quantity_tier: u32,
        /// The kind of discount.
        "QuantityDiscountType" => pub quantity_discount_type: QuantityDiscountType,
        /// The price per unit at this quantity.
        "ListingPrice" => pub listing_price: Money,
    }
}

wire_struct! {
    /// Prime eligibility of a B2B offer.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct B2bPrimeInformation {
        /// Whether the offer is Prime.
        "IsPrime" => pub is_prime: Option<bool>,
        /// Whether the offer is National Prime.
        "IsNationalPrime" => pub is_national_prime: Option<bool>,
    }
}
