//! Nothing Amazon treats as optional is required: for every fixture of every type, the document
//! with only the required payload keys decodes, and so does the one with `""` in every optional
//! scalar. "Required" is what both the schema and Amazon's use-case guide require
//! (`shared/research/notifications-facts.md` lists where they disagree).

use crate::support::{self, Step, parse};
use serde_json::Value;
use spapi_notification_types::fixtures;
use spapi_notification_types::{Notification, NotificationType};

/// Keys required inside their parent object, in every payload (money and points).
const COMMON: &[&str] = &["Amount", "CurrencyAmount", "CurrencyCode", "PointsNumber"];

/// The keys each type's payload requires inside their parent object, as a path from the payload
/// (`Offers[].SellerId`, matched as a suffix, any casing). A key inside an optional object is
/// required only when the object is there.
fn required(notification_type: &NotificationType) -> &'static [&'static str] {
    use NotificationType as T;
    match notification_type {
        T::AccountStatusChanged => &[
            "accountStatusChangeNotification",
            "previousAccountStatus",
            "currentAccountStatus",
        ],
        T::AnyOfferChanged => &[
            "AnyOfferChangedNotification",
            "AnyOfferChangedNotification.SellerId",
            "OfferChangeTrigger",
            "OfferChangeTrigger.MarketplaceId",
            "OfferChangeTrigger.ASIN",
            "OfferChangeTrigger.ItemCondition",
            "OfferChangeTrigger.TimeOfOfferChange",
            "Summary",
            "Condition",
            "FulfillmentChannel",
            "OfferCount",
            "ListingPrice",
            "ProductCategoryId",
            "Rank",
            "Offers[].SellerId",
            "Offers[].SubCondition",
            "FeedbackCount",
        ],
        T::B2bAnyOfferChanged => &[
            "B2BAnyOfferChangedNotification",
            "B2BAnyOfferChangedNotification.SellerId",
            "OfferChangeTrigger",
            "OfferChangeTrigger.MarketplaceId",
            "OfferChangeTrigger.ASIN",
            "OfferChangeTrigger.ItemCondition",
            "OfferChangeTrigger.TimeOfOfferChange",
            "Summary",
            "Condition",
            "FulfillmentChannel",
            "OfferCount",
            "OfferType",
            "QuantityTier",
            "QuantityDiscountType",
            "ListingPrice",
            "Offers[].SellerId",
            "Offers[].SubCondition",
            "Offers[].IsFulfilledByAmazon",
            "FeedbackCount",
        ],
        T::ApplicationOAuthClientNewSecret => &[
            "applicationOAuthClientNewSecret",
            "clientId",
            "newClientSecret",
        ],
        T::ApplicationOAuthClientSecretExpiry => &[
            "applicationOAuthClientSecretExpiry",
            "clientId",
            "clientSecretExpiryTime",
        ],
        T::BrandedItemContentChange => &["MarketplaceId", "BrandName", "Asin"],
        T::DataKioskQueryProcessingFinished => {
            &["accountId", "queryId", "query", "processingStatus"]
        }
        T::DetailPageTrafficEvent => &[
            "detailPageTrafficEvents[].accountId",
            "detailPageTrafficEvents[].marketplaceId",
            "detailPageTrafficEvents[].startTime",
            "detailPageTrafficEvents[].endTime",
            "detailPageTrafficEvents[].asin",
            "detailPageTrafficEvents[].glanceViews",
        ],
        T::FbaInventoryAvailabilityChanges => &[
            "SellerId",
            "FNSKU",
            "ASIN",
            "SKU",
            "FulfillmentInventoryByMarketplace[].MarketplaceId",
            "FulfillmentInventory",
            "FulfillmentInventory.Fulfillable",
            "Working",
            "Shipped",
            "Receiving",
            "WarehouseProcessing",
            "WarehouseTransfer",
            "PendingCustomerOrder",
        ],
        T::FbaOutboundShipmentStatus => &[
            "FBAOutboundShipmentStatusNotification",
            "SellerId",
            "AmazonOrderId",
            "AmazonShipmentId",
            "ShipmentStatus",
        ],
        T::FeePromotion => &[
            "FeePromotionNotification",
            "MerchantId",
            "MarketplaceId",
            "FeePromotionType",
            "EffectiveFromDate",
            "IdentifierType",
            "IdentifierValueId",
            "FeeType",
            "FeeDiscountType",
            "FeeAmount",
            "FinalFee",
        ],
        T::FeedProcessingFinished => &[
            "feedProcessingFinishedNotification",
            "feedId",
            "feedType",
            "processingStatus",
        ],
        T::FulfillmentOrderStatus => &[
            "FulfillmentOrderStatusNotification",
            "FulfillmentOrderStatusNotification.SellerId",
            "EventType",
            "StatusUpdatedDateTime",
            "SellerFulfillmentOrderId",
            "FulfillmentOrderStatusNotification.FulfillmentOrderStatus",
            "FulfillmentShipmentStatus",
            "FulfillmentShipment.AmazonShipmentId",
            "PackageNumber",
            "CarrierCode",
            "TrackingNumber",
            "ReceivedDateTime",
            "ReturnedQuantity",
            "SellerSKU",
        ],
        T::ItemInventoryEventChange => &[
            "accountId",
            "marketplaceId",
            "startTime",
            "endTime",
            "asin",
            "highlyAvailableInventory",
        ],
        T::ItemProductTypeChange => &[
            "MarketplaceId",
            "Asin",
            "PreviousProductType",
            "CurrentProductType",
        ],
        T::ItemSalesEventChange => &[
            "accountId",
            "marketplaceId",
            "currencyCode",
            "startTime",
            "endTime",
            "asin",
            "orderedUnits",
            "orderedRevenue",
        ],
        T::ListingsItemIssuesChange => &["SellerId", "Sku", "Severities"],
        T::ListingsItemMfnQuantityChange => {
            &["SellerId", "FulfillmentChannelCode", "Sku", "Quantity"]
        }
        T::ListingsItemStatusChange => &["SellerId", "Sku", "Status"],
        T::MfnOrderStatusChange | T::OrderStatusChange => &[
            "MFNOrderStatusChangeNotification",
            "MFNOrderNotification",
            "OrderStatusChangeNotification",
            "OrderNotification",
            "SellerId",
            "AmazonOrderId",
            "OrderStatus",
            "OrderItemId",
            "SellerSKU",
            "Quantity",
        ],
        T::OrderChange => &[
            "OrderChangeNotification",
            "NotificationLevel",
            "SellerId",
            "AmazonOrderId",
            "OrderChangeType",
            "OrderChangeTrigger",
            "Summary",
            "Summary.MarketplaceId",
            "Summary.OrderStatus",
            "Summary.FulfillmentType",
            "Summary.OrderType",
            "OrderItems[].OrderItemId",
            "OrderItems[].SellerSKU",
            "OrderItems[].Quantity",
        ],
        T::PricingHealth => &[
            "issueType",
            "sellerId",
            "offerChangeTrigger",
            "offerChangeTrigger.marketplaceId",
            "offerChangeTrigger.asin",
            "offerChangeTrigger.itemCondition",
            "offerChangeTrigger.timeOfOfferChange",
            "merchantOffer",
            "summary",
            "condition",
            "fulfillmentType",
            "offerCount",
            "landedPrice",
            "listingPrice",
            "shipping",
            "productCategoryId",
            "rank",
            "amount",
            "currencyCode",
        ],
        T::ProductTypeDefinitionsChange => &["AccountId", "ProductTypeVersion"],
        T::ReportProcessingFinished => &[
            "reportProcessingFinishedNotification",
            "reportId",
            "reportType",
            "processingStatus",
        ],
        T::ShipmentTrackingMilestoneChanged => &[
            "shipmentTrackingMilestoneChangedNotification",
            "trackingDetail",
            "identifier",
            "status",
            "code",
            "occurredAt",
            "trackingEstimates[].type",
            "estimatedInterval.startTime",
            "estimatedInterval.endTime",
            "trackingNumber",
        ],
        T::TaxInvoiceExportStatusChange => &["marketplaceId", "exportId", "status"],
        T::TaxInvoiceIssuanceEligibilityStatusChange => &[
            "marketplaceId",
            "operation",
            "status",
            "message[].locale",
            "message[].text",
        ],
        T::TaxInvoiceIssuanceStatus => &[
            "marketplaceId",
            "invoiceId",
            "date",
            "status",
            "errorCode",
            "govResponse",
        ],
        T::TransactionUpdate => &[
            "TransactionUpdateNotification",
            "SellingPartnerMetadata",
            "SellingPartnerId",
            "MarketplaceId",
            "AccountType",
            "TransactionType",
            "PostedDate",
            "TotalAmount",
            "RelatedIdentifierName",
            "RelatedIdentifierValue",
        ],
        // No published payload shape: kept raw, nothing is required.
        _ => &[],
    }
}

/// Whether the key at `path` (keys, `[]` after an array's key) is required.
fn is_required(notification_type: &NotificationType, path: &str) -> bool {
    let path = path.to_ascii_lowercase();
    required(notification_type)
        .iter()
        .chain(COMMON)
        .map(|pattern| pattern.to_ascii_lowercase())
        .any(|pattern| path == pattern || path.ends_with(&format!(".{pattern}")))
}

/// What to do with each optional key of a payload.
#[derive(Clone, Copy)]
enum Edit {
    /// Remove it.
    Strip,
    /// Replace a scalar with `""`.
    Blank,
}

fn edit(value: &mut Value, path: &str, t: &NotificationType, how: Edit, edits: &mut usize) {
    match value {
        Value::Object(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                let required = is_required(t, &child_path);
                let child = map.get_mut(&key).expect("key listed");
                match how {
                    Edit::Strip if !required => {
                        map.remove(&key);
                        *edits += 1;
                    }
                    Edit::Blank if !required && !child.is_object() && !child.is_array() => {
                        *child = Value::String(String::new());
                        *edits += 1;
                    }
                    _ => edit(child, &child_path, t, how, edits),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                edit(item, &format!("{path}[]"), t, how, edits);
            }
        }
        _ => {}
    }
}

/// The fixture with its payload edited, and how many keys were edited.
fn edited(fixture: &fixtures::Fixture, how: Edit) -> (String, usize) {
    let mut document = parse(fixture.json);
    let key = if document.get("Payload").is_some() {
        "Payload"
    } else {
        "payload"
    };
    let mut edits = 0;
    edit(
        &mut document[key],
        "",
        &fixture.notification_type,
        how,
        &mut edits,
    );
    (document.to_string(), edits)
}

/// Decodes `json`, and checks that writing it back reads the same.
fn decodes_and_round_trips(json: &str, context: &str) {
    let decoded: Notification = Notification::from_slice(json.as_bytes())
        .unwrap_or_else(|error| panic!("{context}: {error}\n{json}"));
    let written = serde_json::to_string(&decoded).unwrap();
    let again = Notification::from_slice(written.as_bytes())
        .unwrap_or_else(|error| panic!("{context}, written back: {error}\n{written}"));
    assert_eq!(again, decoded, "{context}: written back as {written}");
}

#[test]
fn only_the_required_fields_decode_for_every_type() {
    let mut stripped = 0;
    for fixture in fixtures::all() {
        let (json, edits) = edited(fixture, Edit::Strip);
        stripped += edits;
        decodes_and_round_trips(&json, &format!("{} without optional keys", fixture.name));
    }
    assert!(stripped > 100, "optional keys were stripped: {stripped}");
}

/// The concrete paths (from the document's root) of every optional payload key of `fixture`.
fn optional_keys(fixture: &fixtures::Fixture) -> Vec<Vec<Step>> {
    fn walk(
        value: &Value,
        path: &mut Vec<Step>,
        pattern: &str,
        t: &NotificationType,
        out: &mut Vec<Vec<Step>>,
    ) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let child_pattern = if pattern.is_empty() {
                        key.clone()
                    } else {
                        format!("{pattern}.{key}")
                    };
                    path.push(Step::Key(key.clone()));
                    if !is_required(t, &child_pattern) {
                        out.push(path.clone());
                    }
                    walk(child, path, &child_pattern, t, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    path.push(Step::Index(index));
                    walk(item, path, &format!("{pattern}[]"), t, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let document = parse(fixture.json);
    let key = if document.get("Payload").is_some() {
        "Payload"
    } else {
        "payload"
    };
    let mut out = Vec::new();
    let mut path = vec![Step::Key(key.to_owned())];
    walk(
        &document[key],
        &mut path,
        "",
        &fixture.notification_type,
        &mut out,
    );
    out
}

#[test]
fn each_optional_field_may_be_absent_alone() {
    let mut checked = 0;
    for fixture in fixtures::all() {
        let document = parse(fixture.json);
        for path in optional_keys(fixture) {
            let (last, parent) = path.split_last().unwrap();
            let mut without = document.clone();
            let Step::Key(last) = last else {
                unreachable!("keys end paths")
            };
            support::get_mut(&mut without, parent)
                .and_then(Value::as_object_mut)
                .unwrap()
                .remove(last);
            let context = format!("{} without {}", fixture.name, support::path_text(&path));
            decodes_and_round_trips(&without.to_string(), &context);
            checked += 1;
        }
    }
    assert!(checked > 200, "optional keys checked: {checked}");
}

#[test]
fn an_empty_string_in_every_optional_scalar_decodes_for_every_type() {
    let mut blanked = 0;
    for fixture in fixtures::all() {
        let (json, edits) = edited(fixture, Edit::Blank);
        blanked += edits;
        decodes_and_round_trips(&json, &format!("{} with \"\" optionals", fixture.name));
    }
    assert!(blanked > 100, "optional scalars were blanked: {blanked}");
}

#[test]
fn every_type_has_a_fixture_checked_here() {
    for known in NotificationType::ALL {
        assert!(
            fixtures::of_type(known).next().is_some(),
            "{known} has no fixture"
        );
    }
}

/// The two deliveries the issue names, as Amazon sends them.
#[test]
fn the_named_real_deliveries_decode() {
    use spapi_notification_types::Payload;

    let fee = parse(fixtures::example(&NotificationType::FeePromotion).unwrap());
    let mut fee = fee;
    for info in fee["Payload"]["FeePromotionNotification"]["PromotionInformation"]
        .as_array_mut()
        .unwrap()
    {
        info.as_object_mut().unwrap().remove("FeeDiscountValue");
    }
    let n: Notification = Notification::from_slice(fee.to_string().as_bytes()).unwrap();
    let Payload::FeePromotion(p) = &n.payload else {
        panic!("a fee promotion")
    };
    assert_eq!(p.promotion_information[0].fee_discount_value, None);

    let mut offers = parse(fixtures::example(&NotificationType::AnyOfferChanged).unwrap());
    offers["Payload"]["AnyOfferChangedNotification"]["Offers"][0]["ShippingTime"]["AvailableDate"] =
        Value::String(String::new());
    let n: Notification = Notification::from_slice(offers.to_string().as_bytes()).unwrap();
    let Payload::AnyOfferChanged(p) = &n.payload else {
        panic!("an offer change")
    };
    let shipping = p.offers[0].shipping_time.as_ref().unwrap();
    assert_eq!(shipping.available_date, None);
    assert!(shipping.minimum_hours.is_some());
}
