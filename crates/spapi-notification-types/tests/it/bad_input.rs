//! Bad input of every kind gives a typed error that names the JSON path and, when it can be read,
//! the notification type; the bytes are kept; nothing panics or hangs.

use crate::support::{get, leaves, parse, path_text, set, sqs_of};
use serde_json::{Value, json};
use spapi_notification_types::envelope::{self, MAX_BATCH_BYTES, MAX_MESSAGE_BYTES};
use spapi_notification_types::fixtures::{self, Envelope};
use spapi_notification_types::{
    DecodeError, DecodeErrorKind, Notification, NotificationType, Payload,
};

/// Decodes `bytes` every way a message can be decoded; they must all fail with the same error
/// (kind, path, type, delivery and bytes).
fn fail(bytes: &[u8]) -> DecodeError {
    let bare = Notification::<Payload>::from_slice(bytes).unwrap_err();
    assert!(bare.raw() == bytes, "the message is kept");
    let single = envelope::decode(bytes).unwrap_err();
    let all = envelope::decode_all(bytes);
    assert_eq!(all.len(), 1);
    let batch = all.into_iter().next().unwrap().unwrap_err();
    for error in [&single, &batch] {
        assert_eq!(error, &bare, "{error} / {bare}");
    }
    bare
}

#[test]
fn empty_and_blank_bodies() {
    for body in [&b""[..], b"   \n\t "] {
        assert_eq!(fail(body).kind(), &DecodeErrorKind::Empty);
    }
}

#[test]
fn json_that_is_not_an_object() {
    for (body, found) in [
        ("null", "null"),
        ("[]", "an array"),
        ("[{\"notificationType\":\"ORDER_CHANGE\"}]", "an array"),
        ("42", "a number"),
        ("true", "a boolean"),
    ] {
        let error = fail(body.as_bytes());
        assert_eq!(
            error.kind(),
            &DecodeErrorKind::NotAnObject { found },
            "{body}"
        );
        assert_eq!(error.path(), ".");
        assert!(
            error
                .to_string()
                .starts_with(&format!("expected a JSON object, found {found} (at .")),
            "{error}"
        );
    }
    // Double-encoded null: the string is read, then its content is not an object.
    let error = envelope::decode(br#""null""#).unwrap_err();
    assert_eq!(
        error.kind(),
        &DecodeErrorKind::NotAnObject { found: "null" }
    );
}

#[test]
fn a_missing_notification_type() {
    let mut json = parse(fixtures::example(&NotificationType::OrderChange).unwrap());
    json.as_object_mut().unwrap().remove("NotificationType");
    let error = fail(json.to_string().as_bytes());
    assert_eq!(
        error.kind(),
        &DecodeErrorKind::MissingField {
            field: "notificationType".into()
        }
    );
    assert_eq!(error.notification_type(), None);
    assert_eq!(
        fail(b"{}").kind(),
        &DecodeErrorKind::MissingField {
            field: "notificationType".into()
        }
    );
    assert_eq!(
        fail(br#"{"notificationType":"ORDER_CHANGE"}"#).kind(),
        &DecodeErrorKind::MissingField {
            field: "payload".into()
        }
    );
}

#[test]
fn truncated_json_at_every_point() {
    for fixture in fixtures::all().iter().step_by(3) {
        let bytes = fixture.json.trim_end().as_bytes();
        let key = bytes
            .windows(12)
            .position(|w| w.eq_ignore_ascii_case(b"ficationType"))
            .unwrap();
        // The end of the type's value: the third quote after its key.
        let type_end = (key..bytes.len())
            .filter(|&i| bytes[i] == b'"')
            .nth(2)
            .unwrap();
        for cut in (1..bytes.len()).step_by(13) {
            let error = fail(&bytes[..cut]);
            assert_eq!(
                error.kind(),
                &DecodeErrorKind::Truncated,
                "{} cut at {cut}: {error}",
                fixture.name
            );
            if cut > type_end {
                assert_eq!(
                    error.notification_type(),
                    Some(&fixture.notification_type),
                    "{} cut at {cut}",
                    fixture.name
                );
            }
        }
    }
}

#[test]
fn malformed_json_names_its_position() {
    let error = fail(br#"{"notificationType": "ORDER_CHANGE", oops}"#);
    assert_eq!(
        error.kind(),
        &DecodeErrorKind::Syntax {
            line: 1,
            column: 38
        }
    );
    assert_eq!(
        error.notification_type(),
        Some(&NotificationType::OrderChange)
    );
    let trailing = format!(
        "{} trailing",
        fixtures::example(&NotificationType::OrderChange).unwrap()
    );
    assert!(matches!(
        fail(trailing.as_bytes()).kind(),
        DecodeErrorKind::Syntax { .. }
    ));
}

/// Every scalar of every fixture, replaced by a value of the wrong JSON type, is an error at its
/// exact path, unless the key is one the decoder ignores or the payload is kept raw.
#[test]
fn wrong_json_types_are_errors_at_their_path() {
    let mut checked = 0;
    for fixture in fixtures::all() {
        let json = parse(fixture.json);
        let written = serde_json::to_value(
            Notification::<Payload>::from_slice(fixture.json.as_bytes()).unwrap(),
        )
        .unwrap();
        for (path, _) in leaves(&json) {
            for wrong in [json!({"unexpected": true}), json!([1, 2])] {
                let mut changed = json.clone();
                set(&mut changed, &path, wrong.clone());
                let body = changed.to_string();
                let context = format!("{} at {} = {wrong}", fixture.name, path_text(&path));
                let bare = Notification::<Payload>::from_slice(body.as_bytes());
                assert_eq!(
                    envelope::decode(body.as_bytes()).map(|received| received.notification),
                    bare,
                    "{context}: from_slice and decode read it the same way"
                );
                match bare {
                    Ok(notification) => {
                        let kept_raw = matches!(notification.payload, Payload::Unknown { .. });
                        assert!(
                            kept_raw || get(&written, &path).is_none(),
                            "{context}: accepted"
                        );
                    }
                    Err(error) => {
                        let at_type = path_text(&path).eq_ignore_ascii_case("notificationType");
                        assert_eq!(error.path(), path_text(&path), "{context}: {error}");
                        assert!(
                            matches!(error.kind(), DecodeErrorKind::InvalidData { .. }),
                            "{context}: {error}"
                        );
                        if !at_type {
                            assert_eq!(
                                error.notification_type(),
                                Some(&fixture.notification_type),
                                "{context}"
                            );
                        }
                        assert!(
                            error
                                .to_string()
                                .contains(&format!("(at {}", path_text(&path))),
                            "{error}"
                        );
                        let payload_first = fixtures::payload_first(&body);
                        let reordered =
                            Notification::<Payload>::from_slice(payload_first.as_bytes())
                                .unwrap_err();
                        assert_eq!(reordered.path(), error.path(), "{context}, payload first");
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}

#[test]
fn paths_run_through_every_envelope() {
    let mut json = parse(fixtures::example(&NotificationType::OrderChange).unwrap());
    json["Payload"]["OrderChangeNotification"]["Summary"]["OrderItems"][0]["Quantity"] =
        json!("ten");
    let body = json.to_string();
    let expected = "Payload.OrderChangeNotification.Summary.OrderItems[0].Quantity";
    for (wrapping, prefix) in [
        (Envelope::Bare, ""),
        (Envelope::DoubleEncoded, ""),
        (Envelope::EventBridge, "detail."),
        (Envelope::Sns, "Message."),
        (Envelope::SqsRecord, "body."),
        (Envelope::SqsRecordOfEventBridge, "body.detail."),
        (Envelope::SqsMessageOfSns, "body.Message."),
    ] {
        let delivered = fixtures::wrap(&body, wrapping);
        let error = envelope::decode(delivered.as_bytes()).unwrap_err();
        assert_eq!(error.path(), format!("{prefix}{expected}"), "{wrapping:?}");
        assert_eq!(
            error.notification_type(),
            Some(&NotificationType::OrderChange)
        );
        assert_eq!(error.raw(), delivered.as_bytes());
        assert_eq!(
            error.delivery().is_some(),
            !matches!(wrapping, Envelope::Bare | Envelope::DoubleEncoded)
        );
        let DecodeErrorKind::InvalidData { message } = error.kind() else {
            panic!("{error}")
        };
        assert!(
            message.contains("invalid value: string \"ten\""),
            "{message}"
        );
        assert!(std::error::Error::source(&error).is_some());
    }
}

#[test]
fn a_type_that_does_not_match_its_payload() {
    let mut json = parse(fixtures::example(&NotificationType::AnyOfferChanged).unwrap());
    json["NotificationType"] = json!("ORDER_CHANGE");
    let error = fail(json.to_string().as_bytes());
    assert_eq!(
        error.kind(),
        &DecodeErrorKind::MissingField {
            field: "OrderChangeNotification".into()
        }
    );
    assert_eq!(error.path(), "Payload");
    assert_eq!(
        error.notification_type(),
        Some(&NotificationType::OrderChange)
    );
    assert_eq!(
        error.to_string(),
        "missing field `OrderChangeNotification` (at Payload, notification type ORDER_CHANGE)"
    );
    // A camelCase type with a PascalCase payload of another type.
    let mut json = parse(fixtures::example(&NotificationType::FeedProcessingFinished).unwrap());
    json["notificationType"] = json!("LISTINGS_ITEM_STATUS_CHANGE");
    let error = fail(json.to_string().as_bytes());
    assert_eq!(
        error.kind(),
        &DecodeErrorKind::MissingField {
            field: "SellerId".into()
        }
    );
    assert_eq!(error.path(), "payload");
}

#[test]
fn the_same_key_in_two_casings_is_an_error() {
    let error = fail(br#"{"notificationType":"ORDER_CHANGE","NotificationType":"ORDER_CHANGE"}"#);
    assert_eq!(
        error.kind(),
        &DecodeErrorKind::InvalidData {
            message: "duplicate field `notificationType`".into()
        }
    );
    assert_eq!(error.path(), "NotificationType");
}

#[test]
fn invalid_utf8() {
    let mut bytes = fixtures::example(&NotificationType::OrderChange)
        .unwrap()
        .as_bytes()
        .to_vec();
    bytes[40] = 0xff;
    let error = fail(&bytes);
    assert_eq!(
        error.kind(),
        &DecodeErrorKind::InvalidUtf8 { valid_up_to: 40 }
    );
    assert_eq!(error.to_string(), "invalid UTF-8 after byte 40 (at .)");
    // Past the type, the type is still named.
    bytes[40] = b'i';
    bytes[200] = 0xc3;
    let error = fail(&bytes);
    assert_eq!(
        error.kind(),
        &DecodeErrorKind::InvalidUtf8 { valid_up_to: 200 }
    );
    assert_eq!(
        error.notification_type(),
        Some(&NotificationType::OrderChange)
    );
}

#[test]
fn ten_thousand_levels_of_nesting() {
    let depth = 10_000;
    let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    for body in [objects.as_str(), arrays.as_str()] {
        assert_eq!(fail(body.as_bytes()).kind(), &DecodeErrorKind::TooDeep);
    }
    // Inside a typed payload and inside an unknown field of one.
    let template = fixtures::example(&NotificationType::FeedProcessingFinished).unwrap();
    let deep = template.replacen(
        "\"feedId\": \"53347018456\"",
        &format!("\"feedId\": {arrays}"),
        1,
    );
    let error = fail(deep.as_bytes());
    assert_eq!(error.kind(), &DecodeErrorKind::TooDeep);
    assert_eq!(
        error.notification_type(),
        Some(&NotificationType::FeedProcessingFinished)
    );
    // An unknown key is skipped without recursion, however deep it nests.
    let ignored = template.replacen(
        "\"feedId\"",
        &format!("\"future\": {arrays}, \"feedId\""),
        1,
    );
    assert!(Notification::<Payload>::from_slice(ignored.as_bytes()).is_ok());
    // Envelopes inside envelopes, as strings, are refused past a few levels.
    let mut body = template.to_owned();
    for _ in 0..8 {
        body = fixtures::wrap(&body, Envelope::DoubleEncoded);
    }
    let error = envelope::decode(body.as_bytes()).unwrap_err();
    assert!(
        matches!(error.kind(), DecodeErrorKind::UnexpectedEnvelope { .. }),
        "{error}"
    );
}

#[test]
fn five_megabyte_bodies() {
    let template = fixtures::example(&NotificationType::FeedProcessingFinished).unwrap();
    let huge = template.replacen("POST_PRODUCT_DATA", &"X".repeat(5 << 20), 1);
    let error = fail(huge.as_bytes());
    assert_eq!(
        error.kind(),
        &DecodeErrorKind::TooLarge {
            len: huge.len(),
            limit: MAX_MESSAGE_BYTES
        }
    );
    assert_eq!(error.raw().len(), huge.len());
    assert_eq!(
        error.notification_type(),
        Some(&NotificationType::FeedProcessingFinished)
    );
    // A Lambda event that large is fine when its messages are not.
    let record = fixtures::lambda_sqs_event(&[template]).len();
    let bodies: Vec<&str> = std::iter::repeat_n(template, (11 << 19) / record).collect();
    let event = fixtures::lambda_sqs_event(&bodies);
    assert!(event.len() > 5 << 20 && event.len() < MAX_BATCH_BYTES);
    let results = envelope::decode_all(event.as_bytes());
    assert_eq!(results.len(), bodies.len());
    assert!(results.iter().all(Result::is_ok));
    // But one message that large inside it is refused on its own.
    let event = fixtures::lambda_sqs_event(&[template, &huge]);
    let results = envelope::decode_all(event.as_bytes());
    assert!(results[0].is_ok());
    let error = results[1].as_ref().unwrap_err();
    assert!(
        matches!(error.kind(), DecodeErrorKind::TooLarge { .. }),
        "{error}"
    );
    assert!(error.raw() == huge.as_bytes(), "the oversized body is kept");
    let too_big = vec![b' '; MAX_BATCH_BYTES + 1];
    assert!(matches!(
        envelope::decode_all(&too_big)[0]
            .as_ref()
            .unwrap_err()
            .kind(),
        DecodeErrorKind::TooLarge { .. }
    ));
}

#[test]
fn envelopes_without_a_notification() {
    let confirmation = br#"{"Type":"SubscriptionConfirmation","MessageId":"m-1","Message":"You have chosen to subscribe","SubscribeURL":"https://sns"}"#;
    let error = envelope::decode(confirmation).unwrap_err();
    assert_eq!(
        error.kind(),
        &DecodeErrorKind::UnexpectedEnvelope {
            message: "an SNS `SubscriptionConfirmation` message carries no notification".into()
        }
    );
    let not_json = br#"{"messageId":"m-1","receiptHandle":"r-1","body":"hello"}"#;
    let error = envelope::decode(not_json).unwrap_err();
    assert!(
        matches!(error.kind(), DecodeErrorKind::Syntax { .. }),
        "{error}"
    );
    assert_eq!(error.path(), "body");
    assert_eq!(sqs_of(&error).receipt_handle.as_deref(), Some("r-1"));
    let error = envelope::decode(br#"{"detail-type":"ORDER_CHANGE","detail":{}}"#).unwrap_err();
    assert_eq!(
        error.kind(),
        &DecodeErrorKind::MissingField {
            field: "notificationType".into()
        }
    );
    assert_eq!(error.path(), "detail");
    let nested_batch = fixtures::wrap(r#"{"Records":[]}"#, Envelope::SqsRecord);
    assert!(matches!(
        envelope::decode(nested_batch.as_bytes())
            .unwrap_err()
            .kind(),
        DecodeErrorKind::UnexpectedEnvelope { .. }
    ));
}

#[test]
fn nothing_panics_on_arbitrary_bytes() {
    // Every prefix and a sprinkling of byte flips of a wrapped notification.
    let body = fixtures::wrap(
        fixtures::example(&NotificationType::OrderChange).unwrap(),
        Envelope::SqsMessageOfSns,
    );
    let bytes = body.as_bytes();
    for cut in 0..bytes.len() {
        let _ = envelope::decode_all(&bytes[..cut]);
    }
    for position in (0..bytes.len()).step_by(17) {
        for replacement in [b'"', b'{', b']', b'\\', 0x00, 0xc3] {
            let mut changed = bytes.to_vec();
            changed[position] = replacement;
            let _ = envelope::decode_all(&changed);
            let _ = Notification::<Value>::from_slice(&changed);
        }
    }
}
