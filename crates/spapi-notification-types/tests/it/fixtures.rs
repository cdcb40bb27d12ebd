//! Every fixture (Amazon's schema examples, its tutorials' payloads, hand-written ones) decodes to
//! the right payload, with the right values, and encodes back to the same JSON.

use crate::support::{assert_same_json, parse};
use chrono::{TimeZone, Utc};
use rust_decimal::Decimal;
use secrecy::ExposeSecret;
use spapi_notification_types::fixtures::{self, Source};
use spapi_notification_types::{
    AccountStatus, DeliveryChannel, EnforcementAction, FulfillmentType, IssueSeverity,
    ListingStatus, Money, Notification, NotificationType, OfferChangeType, OrderStatus, Payload,
    ProcessingStatus,
};

fn decode(name: &str) -> Notification {
    let fixture = fixtures::named(name).unwrap_or_else(|| panic!("no fixture {name}"));
    Notification::from_slice(fixture.json.as_bytes())
        .unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn money(amount: &str, currency: &str) -> Money {
    Money::new(amount.parse::<Decimal>().unwrap(), currency)
}

#[test]
fn every_type_has_a_fixture_and_every_fixture_decodes_to_its_variant() {
    for notification_type in NotificationType::ALL {
        assert!(
            fixtures::example(notification_type).is_some(),
            "no fixture for {notification_type}"
        );
    }
    assert!(fixtures::example(&NotificationType::from("NOT_A_TYPE")).is_none());
    for fixture in fixtures::all() {
        let notification = decode(fixture.name);
        assert_eq!(
            notification.notification_type, fixture.notification_type,
            "{}",
            fixture.name
        );
        let expected = match &fixture.notification_type {
            // No published payload shape: kept raw.
            NotificationType::ExternalFulfillmentShipmentStatusChange => None,
            known => Some(known.clone()),
        };
        assert_eq!(
            notification.payload.notification_type(),
            expected,
            "{}",
            fixture.name
        );
    }
}

#[test]
fn every_fixture_round_trips_to_the_same_json() {
    for fixture in fixtures::all() {
        let notification = decode(fixture.name);
        let encoded = serde_json::to_string(&notification).unwrap();
        let mut expected = parse(fixture.json);
        if fixture.name == "fulfillment_order_status" {
            // The schema generator's phantom `info` object (a copy of a package) is not a field.
            let shipment = &mut expected["Payload"]["FulfillmentOrderStatusNotification"]["FulfillmentShipment"];
            shipment.as_object_mut().unwrap().remove("info");
        }
        if fixture.name == "order_status_change.seed" {
            // The tutorial's wrapper key is read, and the schema's is written.
            let payload = expected["Payload"].as_object_mut().unwrap();
            let inner = payload.remove("OrderNotification").unwrap();
            payload.insert("OrderStatusChangeNotification".into(), inner);
        }
        assert_same_json(&parse(&encoded), &expected, fixture.name);
        let again: Notification = Notification::from_slice(encoded.as_bytes()).unwrap();
        assert_eq!(
            again, notification,
            "{}: decode, encode, decode is the identity",
            fixture.name
        );
    }
}

#[test]
fn fixture_sources_are_labelled() {
    let source = |name: &str| fixtures::named(name).unwrap().source;
    assert_eq!(source("order_change"), Source::Schema);
    assert_eq!(source("order_status_change.seed"), Source::Seed);
    assert_eq!(source("b2b_any_offer_changed"), Source::Derived);
    assert_eq!(source("account_status_changed"), Source::HandWritten);
    assert_eq!(
        fixtures::of_type(&NotificationType::FeedProcessingFinished).count(),
        3
    );
}

#[test]
fn any_offer_changed() {
    let n = decode("any_offer_changed");
    assert_eq!(n.notification_version, "1.0");
    assert_eq!(
        n.event_time,
        Utc.with_ymd_and_hms(2020, 7, 13, 19, 42, 4).unwrap() + chrono::Duration::milliseconds(284)
    );
    assert_eq!(n.dedup_key(), "d0e9e693-c3ad-4373-979f-ed4ec98dd746");
    let Payload::AnyOfferChanged(p) = &n.payload else {
        panic!("{:?}", n.payload)
    };
    assert_eq!(p.seller_id, "A3TH9S8BH6GOGM");
    assert_eq!(p.offer_change_trigger.asin, "123");
    assert_eq!(
        p.offer_change_trigger.offer_change_type,
        Some(OfferChangeType::Internal)
    );
    assert_eq!(
        p.summary.lowest_prices[1]
            .points
            .as_ref()
            .unwrap()
            .points_number,
        34343
    );
    assert_eq!(p.summary.list_price, Some(money("55", "USD")));
    assert_eq!(p.summary.sales_rankings[1].rank, 2);
    let offer = &p.offers[0];
    assert_eq!(offer.listing_price, money("23", "USD"));
    assert_eq!(
        offer
            .seller_feedback_rating
            .as_ref()
            .unwrap()
            .seller_positive_feedback_rating,
        Some(Decimal::from(10))
    );
    assert_eq!(
        offer.prime_information.as_ref().unwrap().is_offer_prime,
        Some(true)
    );
    assert_eq!(
        n.notification_type.delivery_channel(),
        Some(DeliveryChannel::Sqs)
    );
}

#[test]
fn b2b_any_offer_changed() {
    let n = decode("b2b_any_offer_changed");
    let Payload::B2bAnyOfferChanged(p) = &n.payload else {
        panic!()
    };
    assert_eq!(p.summary.lowest_prices[1].quantity_tier, 20);
    assert_eq!(
        p.summary.lowest_prices[1].listing_price,
        money("9.5", "USD")
    );
    let offer = &p.offers[0];
    assert_eq!(
        offer
            .seller_feedback_rating
            .as_ref()
            .unwrap()
            .seller_positive_feedback_rating,
        Some("98.5".parse().unwrap())
    );
    assert_eq!(offer.quantity_discount_price[0].quantity_tier, 20);
    assert_eq!(
        offer.prime_information.as_ref().unwrap().is_prime,
        Some(false)
    );
    assert_eq!(p.offer_change_trigger.offer_change_type, None);
}

#[test]
fn order_change_with_nulls_and_enums() {
    let n = decode("order_change");
    let Payload::OrderChange(p) = &n.payload else {
        panic!()
    };
    assert_eq!(p.amazon_order_id, "903-8868176-2219830");
    assert_eq!(p.summary.order_status, OrderStatus::Unshipped);
    assert_eq!(p.summary.fulfillment_type, FulfillmentType::Mfn);
    assert_eq!(p.summary.order_items[0].seller_sku, "SellerSKUID1");
    assert_eq!(
        p.summary.order_items[0].is_buyer_requested_cancel,
        Some(true)
    );
    assert_eq!(
        p.order_change_trigger.change_reason.as_deref(),
        Some("Buyer Requested Cancel")
    );

    let mut json = parse(fixtures::example(&NotificationType::OrderChange).unwrap());
    let summary = &mut json["Payload"]["OrderChangeNotification"]["Summary"];
    summary["PurchaseDate"] = serde_json::Value::Null;
    summary["DestinationPostalCode"] = serde_json::Value::Null;
    summary["OrderItems"][0]["SupplySourceId"] = serde_json::Value::Null;
    json["Payload"]["OrderChangeNotification"]["OrderChangeTrigger"]["TimeOfOrderChange"] =
        serde_json::Value::Null;
    let n = Notification::<Payload>::from_slice(json.to_string().as_bytes()).unwrap();
    let Payload::OrderChange(p) = &n.payload else {
        panic!()
    };
    assert_eq!(
        (
            p.summary.purchase_date,
            p.order_change_trigger.time_of_order_change
        ),
        (None, None)
    );
    assert_eq!(p.summary.order_items[0].supply_source_id, None);
}

#[test]
fn legacy_order_status_change_under_either_wrapper_with_epoch_millis() {
    let purchase = Utc.timestamp_millis_opt(1_595_882_000_633).unwrap();
    for name in ["order_status_change", "order_status_change.seed"] {
        let n = decode(name);
        let Payload::OrderStatusChange(p) = &n.payload else {
            panic!("{name}")
        };
        assert_eq!(p.purchase_date, Some(purchase), "{name}");
        assert_eq!(p.seller_sku, "SellerSKUID1");
        assert_eq!(p.quantity, 45);
        let encoded = serde_json::to_value(&n).unwrap();
        assert_eq!(
            encoded["Payload"]["OrderStatusChangeNotification"]["PurchaseDate"],
            1_595_882_000_633_i64,
            "written back as epoch milliseconds"
        );
    }
    let Payload::OrderStatusChange(p) = decode("order_status_change.seed").payload else {
        panic!()
    };
    assert_eq!(p.order_status, OrderStatus::Other("PROCESSED".into()));
    assert_eq!(p.marketplace_id, None);
    let Payload::OrderStatusChange(p) = decode("order_status_change").payload else {
        panic!()
    };
    assert_eq!(p.fulfillment_channel, Some(FulfillmentType::Mfn));
    let Payload::MfnOrderStatusChange(p) = decode("mfn_order_status_change").payload else {
        panic!()
    };
    assert_eq!(p.order_status, OrderStatus::Other("SHIPPING".into()));
}

#[test]
fn listings_issues_in_both_payload_versions() {
    let n = decode("listings_item_issues_change");
    assert_eq!(n.payload_version, "2023-12-13");
    let Payload::ListingsItemIssuesChange(p) = &n.payload else {
        panic!()
    };
    assert_eq!(p.severities, [IssueSeverity::Error, IssueSeverity::Warning]);
    assert!(
        p.enforcement_actions
            .contains(&EnforcementAction::CatalogItemRemoved)
    );
    let n = decode("listings_item_issues_change.v1");
    assert_eq!(n.payload_version, "1.0");
    let Payload::ListingsItemIssuesChange(p) = &n.payload else {
        panic!()
    };
    assert_eq!(p.enforcement_actions, [EnforcementAction::SearchSuppressed]);
    assert_eq!(
        n.notification_type.delivery_channel(),
        Some(DeliveryChannel::EventBridge)
    );
}

#[test]
fn listings_status_quantity_and_catalog() {
    let Payload::ListingsItemStatusChange(p) = decode("listings_item_status_change").payload else {
        panic!()
    };
    assert_eq!(
        p.status,
        [ListingStatus::Buyable, ListingStatus::Discoverable]
    );
    assert!(p.created_date.is_some());
    let Payload::ListingsItemMfnQuantityChange(p) =
        decode("listings_item_mfn_quantity_change").payload
    else {
        panic!()
    };
    assert_eq!(
        (p.quantity, p.fulfillment_channel_code.as_str()),
        (99, "DEFAULT")
    );
    let Payload::BrandedItemContentChange(p) = decode("branded_item_content_change").payload else {
        panic!()
    };
    assert_eq!(p.attributes_changed.len(), 13);
    let Payload::ItemProductTypeChange(p) = decode("item_product_type_change").payload else {
        panic!()
    };
    assert_eq!(p.current_product_type, "PET_APPAREL");
    let Payload::ProductTypeDefinitionsChange(p) =
        decode("product_type_definitions_change").payload
    else {
        panic!()
    };
    assert_eq!(p.new_product_types, ["LUGGAGE", "SHOES"]);
}

#[test]
fn processing_finished_for_sellers_vendors_and_tutorials() {
    let Payload::FeedProcessingFinished(p) = decode("feed_processing_finished").payload else {
        panic!()
    };
    assert_eq!(
        (p.seller_id.as_deref(), p.processing_status),
        (Some("A3TH9S8BH6GOGM"), ProcessingStatus::Done)
    );
    let Payload::FeedProcessingFinished(p) = decode("feed_processing_finished.vendor").payload
    else {
        panic!()
    };
    assert_eq!(
        (p.seller_id, p.account_id.as_deref()),
        (None, Some("amzn1.vg.6213651"))
    );
    let n = decode("report_processing_finished.seed");
    assert_eq!(n.payload_version, "1.0");
    let Payload::ReportProcessingFinished(p) = &n.payload else {
        panic!()
    };
    assert_eq!(
        (p.account_id.as_deref(), p.report_type.as_str()),
        (None, "GET_FLAT_FILE_VAT_INVOICE_DATA_REPORT")
    );
    let Payload::ReportProcessingFinished(p) = decode("report_processing_finished").payload else {
        panic!()
    };
    assert_eq!(p.processing_status, ProcessingStatus::Cancelled);
    let Payload::DataKioskQueryProcessingFinished(p) =
        decode("data_kiosk_query_processing_finished").payload
    else {
        panic!()
    };
    assert!(
        p.pagination
            .unwrap()
            .next_token
            .unwrap()
            .starts_with("AAMA")
    );
}

#[test]
fn analytics_pricing_and_finance() {
    let Payload::ItemSalesEventChange(p) = decode("item_sales_event_change").payload else {
        panic!()
    };
    assert_eq!(
        p.item_sales_event_changes[0].ordered_revenue,
        "80.91".parse::<Decimal>().unwrap()
    );
    let Payload::DetailPageTrafficEvent(p) = decode("detail_page_traffic_event").payload else {
        panic!()
    };
    assert_eq!(p.detail_page_traffic_events[1].glance_views, 69);
    let Payload::ItemInventoryEventChange(p) = decode("item_inventory_event_change").payload else {
        panic!()
    };
    assert_eq!(
        p.item_inventory_event_changes[0].highly_available_inventory,
        650
    );
    let Payload::PricingHealth(p) = decode("pricing_health").payload else {
        panic!()
    };
    assert_eq!(p.merchant_offer.listing_price, money("8184.23", "USD"));
    assert_eq!(
        p.summary.reference_price.unwrap().msrp_price,
        Some(money("7900", "USD"))
    );
    let Payload::TransactionUpdate(p) = decode("transaction_update").payload else {
        panic!()
    };
    assert_eq!(p.total_amount, money("10", "USD"));
    assert_eq!(p.related_identifiers[0].related_identifier_name, "OrderId");
    let Payload::FeePromotion(p) = decode("fee_promotion").payload else {
        panic!()
    };
    let detail = &p.promotion_information[0]
        .fees_estimate
        .as_ref()
        .unwrap()
        .fee_details[0];
    assert_eq!(detail.included_fees[1].final_fee, money("40", "USD"));
    assert_eq!(
        p.promotion_information[0].fee_discount_value,
        Some("10.3".parse::<Decimal>().unwrap())
    );
}

#[test]
fn fulfillment_tracking_and_inventory() {
    let n = decode("fba_inventory_availability_changes");
    assert_eq!(n.metadata, None);
    assert!(
        n.dedup_key()
            .starts_with("FBA_INVENTORY_AVAILABILITY_CHANGES@2020-07-13T19:42:04.284Z#")
    );
    let Payload::FbaInventoryAvailabilityChanges(p) = &n.payload else {
        panic!()
    };
    assert_eq!(
        (p.fnsku.as_str(), p.asin.as_str(), p.sku.as_str()),
        ("X001ABCDEF", "B00001ABCD", "SELLERSKU-1")
    );
    assert_eq!(
        p.fulfillment_inventory_by_marketplace[0]
            .fulfillment_inventory
            .fulfillable,
        50
    );
    let Payload::FulfillmentOrderStatus(p) = decode("fulfillment_order_status").payload else {
        panic!()
    };
    assert_eq!(
        p.fulfillment_shipment
            .unwrap()
            .fulfillment_shipment_packages
            .len(),
        3
    );
    assert_eq!(p.fulfillment_return_item.unwrap().returned_quantity, 12);
    let Payload::FbaOutboundShipmentStatus(p) = decode("fba_outbound_shipment_status").payload
    else {
        panic!()
    };
    assert_eq!(p.amazon_shipment_id, "DrLqQwqvb");
    let n = decode("shipment_tracking_milestone_changed");
    assert_eq!(n.payload_version, "2026-01-30");
    let Payload::ShipmentTrackingMilestoneChanged(p) = &n.payload else {
        panic!()
    };
    let detail = &p.tracking_detail;
    assert_eq!(detail.identifier.aftn.as_deref(), Some("AFTN987654321"));
    assert_eq!(detail.milestone_history.len(), 5);
    assert_eq!(
        detail
            .latest_milestone
            .as_ref()
            .unwrap()
            .status
            .sub_code
            .as_deref(),
        Some("PORCH")
    );
}

#[test]
fn hand_written_types_and_tax_invoices() {
    let Payload::AccountStatusChanged(p) = decode("account_status_changed").payload else {
        panic!()
    };
    assert_eq!(
        (p.previous_account_status, p.current_account_status),
        (AccountStatus::Normal, AccountStatus::AtRisk)
    );
    let Payload::ApplicationOAuthClientSecretExpiry(p) =
        decode("application_oauth_client_secret_expiry").payload
    else {
        panic!()
    };
    assert_eq!(
        p.client_secret_expiry_reason.as_deref(),
        Some("PERIODIC_ROTATION")
    );
    let Payload::TaxInvoiceIssuanceStatus(p) = decode("tax_invoice_issuance_status").payload else {
        panic!()
    };
    assert_eq!(p.error.unwrap().error_code, "INVALID_TAX_ID");
    let Payload::TaxInvoiceExportStatusChange(p) =
        decode("tax_invoice_export_status_change").payload
    else {
        panic!()
    };
    assert_eq!(p.export_id, "amzn1.tortuga.4.na.T1ZC2JC2HKJZ3N");
    let n = decode("external_fulfillment_shipment_status_change");
    let Payload::Unknown { raw } = &n.payload else {
        panic!()
    };
    assert_eq!(parse(raw.get())["status"], "SHIPPED");
}

#[test]
fn the_new_client_secret_never_prints() {
    let n = decode("application_oauth_client_new_secret");
    let secret = "amzn1.oa2-cs.v1.fixture0not0a0real0secret0fixture0not0a0real0secret0000";
    let Payload::ApplicationOAuthClientNewSecret(p) = &n.payload else {
        panic!()
    };
    assert_eq!(p.new_client_secret.expose_secret(), secret);
    for printed in [
        format!("{n:?}"),
        format!("{n:#?}"),
        format!("{p:?}"),
        format!("{:?}", n.payload),
    ] {
        assert!(
            !printed.contains(secret) && !printed.contains("fixture0not"),
            "{printed}"
        );
    }
    let received = spapi_notification_types::envelope::decode(
        fixtures::wrap(
            fixtures::named("application_oauth_client_new_secret")
                .unwrap()
                .json,
            fixtures::Envelope::Sns,
        )
        .as_bytes(),
    )
    .unwrap();
    assert!(!format!("{received:?}").contains("fixture0not"));
    // A message that does not decode keeps its bytes, but its Debug and Display do not show them.
    let broken = fixtures::named("application_oauth_client_new_secret")
        .unwrap()
        .json
        .replace("\"clientId\"", "\"clientId\":1,\"x\"");
    let error = Notification::<Payload>::from_slice(broken.as_bytes()).unwrap_err();
    assert!(!format!("{error:?}{error}").contains("fixture0not"));
    assert_eq!(error.raw(), broken.as_bytes());
}

#[test]
fn the_real_eventbridge_event_from_the_field_decodes() {
    let event =
        include_str!("../../fixtures/envelopes/eventbridge.listings_item_issues_change.json");
    let received = spapi_notification_types::envelope::decode(event.as_bytes()).unwrap();
    let bridge = received.delivery.event_bridge.as_ref().unwrap();
    assert_eq!(
        bridge.detail_type.as_deref(),
        Some("LISTINGS_ITEM_ISSUES_CHANGE")
    );
    assert_eq!(
        bridge.time,
        Some(Utc.with_ymd_and_hms(2025, 1, 11, 20, 21, 29).unwrap())
    );
    assert_eq!(bridge.account.as_deref(), Some("xxx"));
    assert_eq!(
        received.notification.dedup_key(),
        "b416e535-452c-4654-b7d0-0c0aaad1dcad"
    );
    let Payload::ListingsItemIssuesChange(p) = &received.notification.payload else {
        panic!()
    };
    assert!(p.enforcement_actions.is_empty());
}

#[test]
fn a_notification_built_by_hand_encodes_in_the_schema_casing() {
    let mut feed = spapi_notification_types::FeedProcessingFinished::default();
    feed.feed_id = "53347018456".into();
    feed.feed_type = "POST_PRODUCT_DATA".into();
    feed.processing_status = ProcessingStatus::Fatal;
    let time = Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap();
    let notification = Notification {
        notification_version: "2020-09-04".into(),
        notification_type: NotificationType::FeedProcessingFinished,
        payload_version: "2020-09-04".into(),
        event_time: time,
        metadata: Some(spapi_notification_types::NotificationMetadata::new(
            "app", "sub", time, "id-1",
        )),
        payload: Payload::FeedProcessingFinished(Box::new(feed)),
    };
    let json = serde_json::to_string(&notification).unwrap();
    assert_eq!(
        json,
        concat!(
            r#"{"notificationVersion":"2020-09-04","notificationType":"FEED_PROCESSING_FINISHED","payloadVersion":"2020-09-04","#,
            r#""eventTime":"2024-01-02T03:04:05Z","payload":{"feedProcessingFinishedNotification":{"feedId":"53347018456","#,
            r#""feedType":"POST_PRODUCT_DATA","processingStatus":"FATAL"}},"notificationMetadata":{"applicationId":"app","#,
            r#""subscriptionId":"sub","publishTime":"2024-01-02T03:04:05Z","notificationId":"id-1"}}"#
        )
    );
    assert_eq!(
        Notification::from_slice(json.as_bytes()).unwrap(),
        notification
    );
}
