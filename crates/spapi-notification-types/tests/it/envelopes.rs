//! Envelope decoding: payloads that fail inside a sound envelope are refused or kept as asked,
//! and the delivery's SQS metadata is at hand.

use crate::support::parse;
use serde_json::json;
use spapi_notification_types::envelope::{self, UnparsedPayloads};
use spapi_notification_types::fixtures::{self, Envelope};
use spapi_notification_types::{DecodeErrorKind, Notification, NotificationType, Payload};

const ENVELOPES: [Envelope; 7] = [
    Envelope::Bare,
    Envelope::DoubleEncoded,
    Envelope::EventBridge,
    Envelope::Sns,
    Envelope::SqsRecord,
    Envelope::SqsRecordOfEventBridge,
    Envelope::SqsMessageOfSns,
];

/// The fixture with its payload replaced by `payload`, and the key holding it.
fn with_payload(fixture: &str, payload: serde_json::Value) -> (String, &'static str) {
    let mut json = parse(fixture);
    let key = if json.get("Payload").is_some() {
        "Payload"
    } else {
        "payload"
    };
    json[key] = payload;
    (json.to_string(), key)
}

#[test]
fn a_payload_that_fails_is_refused_or_kept_in_every_envelope() {
    let mut kept = 0;
    for fixture in fixtures::all() {
        let (body, key) = with_payload(fixture.json, json!([1, {"two": 2}]));
        let typed = !matches!(
            Notification::<Payload>::from_slice(fixture.json.as_bytes())
                .unwrap()
                .payload,
            Payload::Unknown { .. }
        );
        for wrapping in ENVELOPES {
            let delivered = fixtures::wrap(&body, wrapping);
            let context = format!("{} in {wrapping:?}", fixture.name);
            let keep = envelope::decode_with(delivered.as_bytes(), UnparsedPayloads::Keep);
            if !typed {
                // A type without a typed payload keeps any JSON as Unknown, whatever is asked.
                let received = keep.unwrap();
                assert!(
                    matches!(received.notification.payload, Payload::Unknown { .. }),
                    "{context}"
                );
                continue;
            }
            let refused = envelope::decode(delivered.as_bytes()).unwrap_err();
            assert_eq!(
                envelope::decode_with(delivered.as_bytes(), UnparsedPayloads::Refuse).unwrap_err(),
                refused,
                "{context}"
            );
            assert!(refused.path().ends_with(key), "{context}: {refused}");
            let received = keep.unwrap_or_else(|error| panic!("{context}: {error}"));
            let expected = Notification::<Payload>::from_slice(fixture.json.as_bytes()).unwrap();
            let notification = &received.notification;
            assert_eq!(notification.notification_type, expected.notification_type);
            assert_eq!(notification.metadata, expected.metadata, "{context}");
            assert_eq!(notification.event_time, expected.event_time);
            assert_eq!(
                received.delivery.is_bare(),
                matches!(wrapping, Envelope::Bare | Envelope::DoubleEncoded)
            );
            assert_eq!(
                refused.delivery(),
                Some(&received.delivery).filter(|d| !d.is_bare())
            );
            let Payload::Unparsed { raw, error } = &notification.payload else {
                panic!("{context}: {:?}", notification.payload)
            };
            assert_eq!(raw.get(), r#"[1,{"two":2}]"#, "{context}");
            assert_eq!(error, &refused, "{context}: the error Refuse returns");
            assert_eq!(
                notification.payload.notification_type(),
                Some(fixture.notification_type.clone())
            );
            // Written back as received.
            let written = serde_json::to_value(notification).unwrap();
            assert_eq!(written[key], json!([1, {"two": 2}]), "{context}");
            kept += 1;
        }
    }
    assert!(kept > 150, "{kept}");
}

#[test]
fn a_field_that_fails_deep_in_a_payload_is_kept_with_its_path() {
    let mut json = parse(fixtures::example(&NotificationType::OrderChange).unwrap());
    json["Payload"]["OrderChangeNotification"]["Summary"]["OrderItems"][0]["Quantity"] =
        json!("ten");
    let body = fixtures::wrap(&json.to_string(), Envelope::SqsRecordOfEventBridge);
    let received = envelope::decode_with(body.as_bytes(), UnparsedPayloads::Keep).unwrap();
    let Payload::Unparsed { raw, error } = &received.notification.payload else {
        panic!("{:?}", received.notification.payload)
    };
    assert_eq!(
        error.path(),
        "body.detail.Payload.OrderChangeNotification.Summary.OrderItems[0].Quantity"
    );
    assert_eq!(
        error.raw(),
        body.as_bytes(),
        "the message is kept, as refusing keeps it"
    );
    assert!(std::error::Error::source(error).is_some());
    assert_eq!(
        parse(raw.get()),
        json["Payload"],
        "the payload exactly as received"
    );
    assert!(received.delivery.event_bridge.is_some());
    assert_eq!(received.receive_count(), Some(1));
    // The payload before the type (decoded once the type is read): the same.
    let reordered = fixtures::payload_first(&json.to_string());
    let refused = envelope::decode(reordered.as_bytes()).unwrap_err();
    let kept = envelope::decode_with(reordered.as_bytes(), UnparsedPayloads::Keep).unwrap();
    let Payload::Unparsed { error, .. } = &kept.notification.payload else {
        panic!("{:?}", kept.notification.payload)
    };
    assert_eq!(error, &refused);
    assert_eq!(
        error.path(),
        "Payload.OrderChangeNotification.Summary.OrderItems[0].Quantity"
    );
}

#[test]
fn an_envelope_that_is_not_sound_is_refused_even_when_keeping() {
    let fixture = fixtures::example(&NotificationType::OrderChange).unwrap();
    let mut bad_metadata = parse(fixture);
    bad_metadata["NotificationMetadata"]["PublishTime"] = json!("yesterday");
    let mut no_type = parse(fixture);
    no_type.as_object_mut().unwrap().remove("NotificationType");
    let mut bad_time = parse(fixture);
    bad_time["EventTime"] = json!(true);
    for (body, path) in [
        (bad_metadata.to_string(), "NotificationMetadata.PublishTime"),
        (no_type.to_string(), "."),
        (bad_time.to_string(), "EventTime"),
        (fixture.replacen('}', "", 1), "."),
    ] {
        for wrapping in ENVELOPES {
            let delivered = fixtures::wrap(&body, wrapping);
            let kept = envelope::decode_with(delivered.as_bytes(), UnparsedPayloads::Keep);
            let error = kept.unwrap_err();
            assert_eq!(error, envelope::decode(delivered.as_bytes()).unwrap_err());
            if matches!(wrapping, Envelope::Bare) {
                assert_eq!(error.path(), path, "{error}");
            }
        }
    }
}

#[test]
fn a_lambda_batch_keeps_each_message_apart() {
    let good = fixtures::example(&NotificationType::AnyOfferChanged).unwrap();
    let (bad_payload, _) = with_payload(good, json!({"AnyOfferChangedNotification": 7}));
    let bad_envelope = good.replacen("NotificationMetadata", "NotificationMetadata\": 1, \"x", 1);
    let event = fixtures::lambda_sqs_event(&[good, &bad_payload, &bad_envelope]);

    let refused = envelope::decode_all(event.as_bytes());
    assert!(refused[0].is_ok());
    let payload_error = refused[1].as_ref().unwrap_err();
    assert_eq!(
        payload_error.path(),
        "Records[1].body.Payload.AnyOfferChangedNotification"
    );
    assert!(refused[2].is_err());
    assert_eq!(
        envelope::decode_all_with(event.as_bytes(), UnparsedPayloads::Refuse)
            .into_iter()
            .map(Result::err)
            .collect::<Vec<_>>(),
        refused
            .iter()
            .map(|r| r.as_ref().err().cloned())
            .collect::<Vec<_>>()
    );

    let kept = envelope::decode_all_with(event.as_bytes(), UnparsedPayloads::Keep);
    assert_eq!(kept.len(), 3);
    assert_eq!(kept[0], refused[0]);
    let unparsed = kept[1].as_ref().unwrap();
    let Payload::Unparsed { error, .. } = &unparsed.notification.payload else {
        panic!("{:?}", unparsed.notification.payload)
    };
    assert_eq!(error, payload_error);
    assert_eq!(error.raw(), bad_payload.as_bytes(), "the record's body");
    assert_eq!(
        unparsed.message_id(),
        payload_error
            .delivery()
            .and_then(|d| d.sqs.as_ref())
            .and_then(|sqs| sqs.message_id.as_deref())
    );
    assert_eq!(
        kept[2].as_ref().unwrap_err(),
        refused[2].as_ref().unwrap_err()
    );
}

#[test]
fn received_names_its_sqs_message_and_receive_count() {
    let body = fixtures::example(&NotificationType::FeedProcessingFinished).unwrap();
    // A Lambda record.
    let record = fixtures::wrap(body, Envelope::SqsRecord);
    let expected_id = parse(&record)["messageId"].as_str().unwrap().to_owned();
    let received = envelope::decode(record.as_bytes()).unwrap();
    assert_eq!(received.message_id(), Some(expected_id.as_str()));
    assert_eq!(received.receive_count(), Some(1));
    // A ReceiveMessage message, with its attributes in PascalCase.
    let message = json!({
        "MessageId": "m-7",
        "ReceiptHandle": "r-7",
        "Body": body,
        "Attributes": {"ApproximateReceiveCount": "3", "SentTimestamp": "1736626889510"},
    })
    .to_string();
    let received = envelope::decode(message.as_bytes()).unwrap();
    assert_eq!(received.message_id(), Some("m-7"));
    assert_eq!(received.receive_count(), Some(3));
    // Not delivered by SQS: no SQS metadata, even when SNS has a message id.
    for wrapping in [Envelope::Bare, Envelope::Sns, Envelope::EventBridge] {
        let received = envelope::decode(fixtures::wrap(body, wrapping).as_bytes()).unwrap();
        assert_eq!(received.message_id(), None, "{wrapping:?}");
        assert_eq!(received.receive_count(), None, "{wrapping:?}");
    }
    // SQS without attributes.
    let plain = json!({"MessageId": "m-8", "Body": body}).to_string();
    let received = envelope::decode(plain.as_bytes()).unwrap();
    assert_eq!(received.message_id(), Some("m-8"));
    assert_eq!(received.receive_count(), None);
    assert!(matches!(
        envelope::decode(b"{}").unwrap_err().kind(),
        DecodeErrorKind::MissingField { .. }
    ));
}

/// An SQS message forwarded into another queue (an EventBridge Pipe): the outer message is the
/// one this delivery holds, so its id and receipt handle are the ones kept.
#[test]
fn nested_messages_of_one_kind_keep_the_outermost() {
    let body = fixtures::example(&NotificationType::FeedProcessingFinished).unwrap();
    let inner = json!({"MessageId": "inner", "ReceiptHandle": "inner-r", "Body": body}).to_string();
    let outer = json!({
        "messageId": "outer",
        "receiptHandle": "outer-r",
        "body": inner,
        "attributes": {"ApproximateReceiveCount": "2"},
    })
    .to_string();
    let received = envelope::decode(outer.as_bytes()).unwrap();
    assert_eq!(received.message_id(), Some("outer"));
    assert_eq!(received.receive_count(), Some(2));
    let sqs = received.delivery.sqs.as_ref().unwrap();
    assert_eq!(sqs.receipt_handle.as_deref(), Some("outer-r"));
    assert_eq!(
        received.notification,
        Notification::from_slice(body.as_bytes()).unwrap()
    );
}
