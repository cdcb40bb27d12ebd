use spapi_notifications::types::NotificationType;
use spapi_notifications::types::fixtures::{self, Envelope};

use super::run;

fn output(bytes: &[u8]) -> (bool, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let ok = run(bytes, "message.json", &mut out, &mut err).unwrap();
    (
        ok,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn prints_one_line_per_notification_with_the_keys_in_order() {
    let body = fixtures::example(&NotificationType::FeedProcessingFinished).unwrap();
    let (ok, out, err) = output(fixtures::wrap(body, Envelope::SqsRecordOfEventBridge).as_bytes());
    assert!(ok && err.is_empty());
    assert_eq!(
        out,
        concat!(
            r#"{"notificationType":"FEED_PROCESSING_FINISHED","notificationId":"d0e9e693-c3ad-4373-979f-ed4ec98dd746","#,
            r#""subscriptionId":"subscription-id-d0e9e693-c3ad-4373-979f-ed4ec98dd746","eventTime":"2020-07-13T19:42:04.284Z","#,
            r#""payloadVersion":"2020-09-04","payload":{"feedProcessingFinishedNotification":{"sellerId":"A3TH9S8BH6GOGM","#,
            r#""accountId":"amzn1.merchant.o.A3TH9S8BH6GOGM","feedId":"53347018456","feedType":"POST_PRODUCT_DATA","#,
            r#""processingStatus":"DONE","resultFeedDocumentId":"amzn1.tortuga.3.edbcd0d8-3434-8222-1234-52ad8ade1208.URUTI57URI9BMZ"}}}"#,
            "\n"
        )
    );
}

#[test]
fn prints_the_raw_payload_of_an_unknown_type_on_one_line() {
    let body = fixtures::example(&NotificationType::ExternalFulfillmentShipmentStatusChange)
        .unwrap()
        .replace(
            "\"SHIPPED\"",
            "\"SHIPPED\",\r\n\t\"note\": \"a \\\"quoted\\\" {text}\\\\\" ,\n \"big\": 12345678901234567890123",
        );
    let (ok, out, err) = output(body.as_bytes());
    assert!(ok && err.is_empty(), "{err}");
    assert_eq!(
        out,
        concat!(
            r#"{"notificationType":"EXTERNAL_FULFILLMENT_SHIPMENT_STATUS_CHANGE","notificationId":"c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f","#,
            r#""subscriptionId":"b7c8d9e0-f1a2-4b3c-8d4e-5f6a7b8c9d0e","eventTime":"2025-02-10T06:31:12.845Z","payloadVersion":"1.0","#,
            r#""payload":{"shipmentId":"SHP-5c1a7e2b-1d3f-4a5b-9c8d","locationId":"WH-BLR-01","marketplaceId":"A21TJRUUN4KGV","#,
            r#""status":"SHIPPED","note":"a \"quoted\" {text}\\","big":12345678901234567890123,"#,
            r#""statusChangeTime":"2025-02-10T06:30:58.201Z"}}"#,
            "\n"
        )
    );
}

#[test]
fn never_prints_a_new_client_secret() {
    let body = fixtures::example(&NotificationType::ApplicationOAuthClientNewSecret).unwrap();
    let secret = serde_json::from_str::<serde_json::Value>(body).unwrap()["payload"]
        ["applicationOAuthClientNewSecret"]["newClientSecret"]
        .as_str()
        .unwrap()
        .to_owned();
    let (ok, out, err) = output(body.as_bytes());
    assert!(ok && err.is_empty());
    assert!(!out.contains(&secret), "{out}");
    assert!(out.contains(r#""newClientSecret":"[REDACTED]""#), "{out}");
}

#[test]
fn reports_bad_messages_on_stderr_and_keeps_the_good_ones() {
    let inventory = fixtures::example(&NotificationType::FbaInventoryAvailabilityChanges).unwrap();
    let event = fixtures::lambda_sqs_event(&[
        inventory,
        "{\"notificationType\":\"ORDER_CHANGE\"",
        inventory,
    ]);
    let (ok, out, err) = output(event.as_bytes());
    assert!(!ok);
    assert_eq!(out.lines().count(), 2);
    assert!(
        out.lines()
            .all(|line| line.contains(r#""notificationId":null,"subscriptionId":null"#)),
        "{out}"
    );
    assert_eq!(
        err,
        "message.json: truncated JSON (at Records[1].body, notification type ORDER_CHANGE)\n"
    );
    let (ok, out, err) = output(b"null");
    assert!(!ok && out.is_empty());
    assert_eq!(
        err,
        "message.json: expected a JSON object, found null (at .)\n"
    );
}
