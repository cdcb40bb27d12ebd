//! Money events: fee promotions and posted transactions.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::Money;
use super::money::CurrencyAmount;
use crate::macros::{open_enum, wire_struct};

open_enum! {
    /// The kind of a fee promotion.
    pub enum FeePromotionType {
        /// A price-based promotion.
        Pricing = "Pricing",
        /// A promotion on selected ASINs.
        SelectionAsin = "SelectionASIN",
        /// A promotion on selected categories.
        SelectionCategory = "SelectionCategory",
    }
}

wire_struct! {
    /// FEE_PROMOTION (`Payload.FeePromotionNotification`): a fee promotion became active.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct FeePromotion {
        /// The seller.
        "MerchantId" => pub merchant_id: String,
        /// The marketplace.
        "MarketplaceId" => pub marketplace_id: String,
        /// The kind of promotion.
        "FeePromotionType" => pub fee_promotion_type: FeePromotionType,
        /// A description of the kind of promotion.
        "FeePromotionTypeDescription" => pub fee_promotion_type_description: Option<String>,
        /// When the promotion is active.
        "PromotionActiveTimeRange" => pub promotion_active_time_range: Option<PromotionActiveTimeRange>,
        /// What the promotion applies to.
        "Identifiers" => pub identifiers: Vec<PromotionIdentifier>,
        /// The fee discounts.
        "PromotionInformation" => pub promotion_information: Vec<PromotionInformation>,
    }
}

wire_struct! {
    /// When a fee promotion is active.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct PromotionActiveTimeRange {
        /// The start.
        "EffectiveFromDate" => pub effective_from_date: DateTime<Utc>,
        /// The end, if any.
        "EffectiveThroughDate" => pub effective_through_date: Option<DateTime<Utc>>,
    }
}

wire_struct! {
    /// A set of things a fee promotion applies to.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct PromotionIdentifier {
        /// What kind of identifiers these are, e.g. `ASIN`.
        "IdentifierType" => pub identifier_type: String,
        /// The identifiers.
        "IdentifierValues" => pub identifier_values: Vec<IdentifierValue>,
    }
}

wire_struct! {
    /// One thing a fee promotion applies to.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct IdentifierValue {
        /// The identifier.
        "IdentifierValueId" => pub identifier_value_id: String,
        /// A readable name.
        "IdentifierValueFriendlyName" => pub identifier_value_friendly_name: Option<String>,
    }
}

wire_struct! {
    /// A fee discount of a promotion.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct PromotionInformation {
        /// The discounted fee, e.g. `FBAFees`.
        "FeeType" => pub fee_type: String,
        /// How the discount is expressed, e.g. `Percent`.
        "FeeDiscountType" => pub fee_discount_type: String,
        /// The discount (optional in Amazon's guide, and sometimes absent).
        "FeeDiscountValue" => pub fee_discount_value: Option<Decimal>,
        /// The price above which the discount applies.
        "PriceThreshold" => pub price_threshold: Option<Money>,
        /// The discount as an amount.
        "FeeDiscountMonetaryAmount" => pub fee_discount_monetary_amount: Option<Money>,
        /// The fees with the discount applied.
        "FeesEstimate" => pub fees_estimate: Option<FeesEstimate>,
    }
}

wire_struct! {
    /// Estimated fees.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct FeesEstimate {
        /// When the fees were estimated.
        "TimeOfFeesEstimated" => pub time_of_fees_estimated: Option<DateTime<Utc>>,
        /// The total.
        "TotalFeesEstimate" => pub total_fees_estimate: Option<Money>,
        /// The fees.
        "FeeDetails" => pub fee_details: Vec<FeeDetail>,
    }
}

wire_struct! {
    /// An estimated fee, possibly made of included fees.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct FeeDetail {
        /// The fee, e.g. `FBAPerUnitFulfillmentFee`.
        "FeeType" => pub fee_type: String,
        /// The fee before promotion and tax.
        "FeeAmount" => pub fee_amount: Money,
        /// The tax on the fee.
        "TaxAmount" => pub tax_amount: Option<Money>,
        /// The promotion's discount.
        "FeePromotion" => pub fee_promotion: Option<Money>,
        /// The fee charged.
        "FinalFee" => pub final_fee: Money,
        /// The fees this fee is made of.
        "IncludedFees" => pub included_fees: Vec<FeeDetail>,
    }
}

wire_struct! {
    /// TRANSACTION_UPDATE (`Payload.TransactionUpdateNotification`): a financial transaction was
    /// posted.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct TransactionUpdate {
        /// The selling partner and account of the transaction.
        "SellingPartnerMetadata" => pub selling_partner_metadata: SellingPartnerMetadata,
        /// Business identifiers the transaction relates to, e.g. an order.
        "RelatedIdentifiers" => pub related_identifiers: Vec<RelatedIdentifier>,
        /// The kind of transaction, e.g. `Shipment`.
        "TransactionType" => pub transaction_type: String,
        /// When the transaction was posted.
        "PostedDate" => pub posted_date: DateTime<Utc>,
        /// The transaction's total (`CurrencyAmount` on the wire).
        "TotalAmount" => pub total_amount: Money as CurrencyAmount,
    }
}

wire_struct! {
    /// The selling partner and account of a transaction.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct SellingPartnerMetadata {
        /// The selling partner.
        "SellingPartnerId" => pub selling_partner_id: String,
        /// The marketplace.
        "MarketplaceId" => pub marketplace_id: String,
        /// The account, e.g. `PAYABLE`.
        "AccountType" => pub account_type: String,
    }
}

wire_struct! {
    /// A business identifier a transaction relates to.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct RelatedIdentifier {
        /// What it identifies, e.g. `OrderId`.
        "RelatedIdentifierName" => pub related_identifier_name: String,
        /// The identifier.
        "RelatedIdentifierValue" => pub related_identifier_value: String,
    }
}
