//! Variants generated from every fixture: the other casings at every level, the payload first,
//! every delivery envelope, unknown fields at every level, unknown enum values and types.

use crate::support::{
    assert_same_json, get, is_timestamp, leaves, parse, path_text, set, sqs_of, with_unknown_fields,
};
use serde_json::Value;
use spapi_notification_types::envelope::{self, Delivery};
use spapi_notification_types::fixtures::{self, Envelope, KeyCase};
use spapi_notification_types::{Notification, NotificationType, Payload};

fn decode(json: &str, context: &str) -> Notification {
    Notification::from_slice(json.as_bytes())
        .unwrap_or_else(|error| panic!("{context}: {error}\n{json}"))
}

fn original(fixture: &fixtures::Fixture) -> Notification {
    decode(fixture.json, fixture.name)
}

#[test]
fn every_casing_at_every_level_decodes_to_the_same_notification() {
    for fixture in fixtures::all() {
        let expected = original(fixture);
        for case in [KeyCase::Camel, KeyCase::Pascal, KeyCase::AcronymsAsWords] {
            let recased = fixtures::recase(fixture.json, case);
            assert_ne!(recased, fixture.json);
            let context = format!("{} in {case:?}", fixture.name);
            let notification = decode(&recased, &context);
            if matches!(expected.payload, Payload::Unknown { .. }) {
                assert_eq!(
                    notification.notification_type, expected.notification_type,
                    "{context}"
                );
                continue;
            }
            assert_eq!(notification, expected, "{context}");
            // Written back in the schema's casing, whatever casing it came in.
            assert_same_json(
                &serde_json::to_value(&notification).unwrap(),
                &parse(&serde_json::to_string(&expected).unwrap()),
                &context,
            );
        }
    }
}

#[test]
fn the_payload_before_the_type_decodes_the_same() {
    for fixture in fixtures::all() {
        let reordered = fixtures::payload_first(fixture.json);
        assert!(
            reordered
                .trim_start_matches('{')
                .trim_start_matches('"')
                .to_ascii_lowercase()
                .starts_with("payload")
        );
        let (notification, expected) = (decode(&reordered, fixture.name), original(fixture));
        if matches!(expected.payload, Payload::Unknown { .. }) {
            // Kept raw: the same JSON, if not the same whitespace.
            let written = |n: &Notification| serde_json::to_value(n).unwrap();
            assert_eq!(
                written(&notification),
                written(&expected),
                "{}",
                fixture.name
            );
        } else {
            assert_eq!(notification, expected, "{}", fixture.name);
        }
        let recased = fixtures::recase(&reordered, KeyCase::Camel);
        assert_eq!(
            decode(&recased, fixture.name).notification_type,
            fixture.notification_type
        );
    }
}

const ENVELOPES: [Envelope; 7] = [
    Envelope::Bare,
    Envelope::DoubleEncoded,
    Envelope::EventBridge,
    Envelope::Sns,
    Envelope::SqsRecord,
    Envelope::SqsRecordOfEventBridge,
    Envelope::SqsMessageOfSns,
];

#[test]
fn every_envelope_delivers_the_same_notification_with_its_metadata() {
    for fixture in fixtures::all() {
        let expected = original(fixture);
        for wrapping in ENVELOPES {
            for json in [
                fixture.json.to_owned(),
                fixtures::recase(fixture.json, KeyCase::Camel),
            ] {
                let context = format!("{} in {wrapping:?}", fixture.name);
                let delivered = fixtures::wrap(&json, wrapping);
                let received = envelope::decode(delivered.as_bytes())
                    .unwrap_or_else(|error| panic!("{context}: {error}"));
                assert_eq!(
                    received.notification.notification_type, expected.notification_type,
                    "{context}"
                );
                assert_eq!(
                    received.notification.metadata, expected.metadata,
                    "{context}"
                );
                if json == fixture.json {
                    assert_eq!(received.notification, expected, "{context}");
                }
                check_delivery(&received.delivery, wrapping, &context);
                assert_eq!(envelope::decode_all(delivered.as_bytes()).len(), 1);
            }
        }
    }
}

fn check_delivery(delivery: &Delivery, wrapping: Envelope, context: &str) {
    let (sqs, sns, bridge) = match wrapping {
        Envelope::Bare | Envelope::DoubleEncoded => (false, false, false),
        Envelope::EventBridge => (false, false, true),
        Envelope::Sns => (false, true, false),
        Envelope::SqsRecord => (true, false, false),
        Envelope::SqsRecordOfEventBridge => (true, false, true),
        Envelope::SqsMessageOfSns => (true, true, false),
        _ => unreachable!(),
    };
    assert_eq!(
        (
            delivery.sqs.is_some(),
            delivery.sns.is_some(),
            delivery.event_bridge.is_some()
        ),
        (sqs, sns, bridge),
        "{context}"
    );
    assert_eq!(delivery.is_bare(), !(sqs || sns || bridge));
    if let Some(sqs) = &delivery.sqs {
        assert!(
            sqs.message_id.is_some()
                && sqs
                    .receipt_handle
                    .as_deref()
                    .is_some_and(|h| h.starts_with("AQEB")),
            "{context}"
        );
    }
    if let Some(sns) = &delivery.sns {
        assert!(
            sns.message_id.is_some() && sns.topic_arn.is_some() && sns.timestamp.is_some(),
            "{context}"
        );
    }
    if let Some(bridge) = &delivery.event_bridge {
        assert!(
            bridge.id.is_some()
                && bridge.time.is_some()
                && bridge.region.as_deref() == Some("us-east-1"),
            "{context}"
        );
        assert!(
            bridge
                .source
                .as_deref()
                .is_some_and(|s| s.starts_with("aws.partner/sellingpartnerapi.amazon.com"))
        );
        assert_eq!(bridge.account.as_deref(), Some("123456789012"));
    }
}

#[test]
fn a_lambda_sqs_event_gives_one_result_per_record() {
    let mut bodies: Vec<String> = fixtures::all().iter().map(|f| f.json.to_owned()).collect();
    bodies.insert(
        3,
        r#"{"notificationType":"ORDER_CHANGE","payload":"#.to_owned(),
    );
    bodies.insert(
        7,
        fixtures::wrap(
            fixtures::example(&NotificationType::PricingHealth).unwrap(),
            Envelope::EventBridge,
        ),
    );
    let refs: Vec<&str> = bodies.iter().map(String::as_str).collect();
    let event = fixtures::lambda_sqs_event(&refs);
    let results = envelope::decode_all(event.as_bytes());
    assert_eq!(results.len(), bodies.len());
    for (index, result) in results.iter().enumerate() {
        match result {
            Ok(received) => {
                let sqs = received.delivery.sqs.as_ref().unwrap();
                assert_eq!(sqs.approximate_receive_count, Some(1));
                assert_eq!(sqs.aws_region.as_deref(), Some("us-east-1"));
                assert!(
                    sqs.event_source_arn
                        .as_deref()
                        .unwrap()
                        .starts_with("arn:aws:sqs:")
                );
                assert_eq!(received.delivery.event_bridge.is_some(), index == 7);
            }
            Err(error) => {
                assert_eq!(index, 3, "only the truncated record fails: {error}");
                assert_eq!(
                    error.raw(),
                    bodies[3].as_bytes(),
                    "the record's body is kept for dead-lettering"
                );
                assert!(sqs_of(error).message_id.is_some());
                assert_eq!(
                    error.notification_type(),
                    Some(&NotificationType::OrderChange)
                );
                assert!(
                    error.path().starts_with("Records[3].body"),
                    "{}",
                    error.path()
                );
            }
        }
    }
    // A one-record event is a single message; a larger one is not.
    assert!(envelope::decode(fixtures::lambda_sqs_event(&refs[..1]).as_bytes()).is_ok());
    let error = envelope::decode(event.as_bytes()).unwrap_err();
    assert!(error.to_string().contains("decode_all"), "{error}");
    assert!(envelope::decode_all(br#"{"Records":[]}"#).is_empty());
}

#[test]
fn unknown_fields_at_every_level_are_ignored() {
    for fixture in fixtures::all() {
        let json = with_unknown_fields(&parse(fixture.json)).to_string();
        let notification = decode(&json, fixture.name);
        if matches!(notification.payload, Payload::Unknown { .. }) {
            continue;
        }
        assert_eq!(notification, original(fixture), "{}", fixture.name);
    }
}

/// Every string in every fixture, replaced by a value no schema lists, is kept and written back:
/// enum-like fields keep unknown values, and only timestamps refuse arbitrary text.
#[test]
fn unknown_enum_values_are_kept() {
    const NEW: &str = "SOMETHING_AMAZON_ADDED_LATER";
    let mut checked = 0;
    for fixture in fixtures::all() {
        let json = parse(fixture.json);
        for (path, value) in leaves(&json) {
            let Value::String(text) = &value else {
                continue;
            };
            if path_text(&path).eq_ignore_ascii_case("notificationType") {
                continue; // an unknown type: see `an_unknown_type_is_kept_raw`
            }
            let mut changed = json.clone();
            set(&mut changed, &path, Value::String(NEW.into()));
            let context = format!("{} at {}", fixture.name, path_text(&path));
            match Notification::<Payload>::from_slice(changed.to_string().as_bytes()) {
                Ok(notification) => {
                    let written = serde_json::to_value(&notification).unwrap();
                    let key_written = get(&written, &path).is_some();
                    let ignored = !key_written
                        && get(&serde_json::to_value(original(fixture)).unwrap(), &path).is_none();
                    assert!(
                        ignored || get(&written, &path) == Some(&Value::String(NEW.into())),
                        "{context}: lost"
                    );
                    checked += 1;
                }
                Err(error) => {
                    assert!(
                        is_timestamp(text),
                        "{context}: only timestamps refuse text, got {error}"
                    );
                    assert_eq!(error.path(), path_text(&path), "{context}");
                }
            }
        }
    }
    assert!(checked > 500, "{checked}");
}

#[test]
fn an_unknown_type_is_kept_raw() {
    for fixture in fixtures::all() {
        let mut json = parse(fixture.json);
        let type_key = if json.get("NotificationType").is_some() {
            "NotificationType"
        } else {
            "notificationType"
        };
        json[type_key] = Value::String("BRAND_NEW_TYPE".into());
        let text = json.to_string();
        let notification = decode(&text, fixture.name);
        assert_eq!(
            notification.notification_type,
            NotificationType::Other("BRAND_NEW_TYPE".into())
        );
        let Payload::Unknown { raw } = &notification.payload else {
            panic!("{}", fixture.name)
        };
        let payload_key = if json.get("Payload").is_some() {
            "Payload"
        } else {
            "payload"
        };
        assert_eq!(parse(raw.get()), json[payload_key], "{}", fixture.name);
        // Written back with the payload untouched, and the envelope in camelCase.
        let written = serde_json::to_value(&notification).unwrap();
        assert_eq!(written["payload"], json[payload_key]);
        assert_eq!(written["notificationType"], "BRAND_NEW_TYPE");
        let again = decode(&written.to_string(), fixture.name);
        assert_eq!(again, notification);
    }
}

#[test]
fn a_user_payload_type_reads_any_notification() {
    for fixture in fixtures::all() {
        let notification: Notification<Value> =
            Notification::from_slice(fixture.json.as_bytes()).unwrap();
        let payload_key = if fixture.json.contains("\"Payload\"") {
            "Payload"
        } else {
            "payload"
        };
        assert_eq!(notification.payload, parse(fixture.json)[payload_key]);
        let received = envelope::decode_as::<Box<serde_json::value::RawValue>>(
            fixtures::wrap(fixture.json, Envelope::SqsRecordOfEventBridge).as_bytes(),
        )
        .unwrap();
        assert_eq!(
            parse(received.notification.payload.get()),
            notification.payload
        );
    }
}

#[test]
fn notifications_read_through_any_serde_deserializer() {
    for fixture in fixtures::all() {
        // A `Value` deserializer, as when a Lambda runtime hands over parsed JSON; payload first,
        // so that the payload is buffered before its type is known.
        let value = parse(&fixtures::payload_first(fixture.json));
        let notification: Notification =
            serde_json::from_value(value).unwrap_or_else(|e| panic!("{}: {e}", fixture.name));
        let expected = original(fixture);
        if !matches!(expected.payload, Payload::Unknown { .. }) {
            assert_eq!(notification, expected, "{}", fixture.name);
        }
    }
}
