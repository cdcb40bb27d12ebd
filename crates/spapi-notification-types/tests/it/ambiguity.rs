//! Envelope detection never guesses: a document that could be read two ways, or a key sent twice
//! in two casings, is an error naming the path, not a reading that drops the other half. And a
//! bare notification reads the same through `Notification::from_slice` and `envelope::decode`.
//!
//! The first tests are the inputs the fuzzers found, kept as regression tests.

use crate::support::{self, with_unknown_fields};
use spapi_notification_types::envelope::{self, Delivery};
use spapi_notification_types::fixtures::{self, Envelope, KeyCase};
use spapi_notification_types::{DecodeError, DecodeErrorKind, Notification, NotificationType};

fn order_change() -> &'static str {
    fixtures::example(&NotificationType::OrderChange).unwrap()
}

/// `entry` (`"key": value`) added as the first key of the object `json`.
fn first(json: &str, entry: &str) -> String {
    let json = json.trim();
    format!("{{{entry},{}", &json[1..])
}

/// `entry` added as the last key of the object `json`.
fn last(json: &str, entry: &str) -> String {
    let json = json.trim();
    format!("{},{entry}}}", &json[..json.len() - 1])
}

/// Every way of decoding `bytes` fails, with one error.
#[track_caller]
fn refused(bytes: &[u8]) -> DecodeError {
    let error = envelope::decode(bytes).unwrap_err();
    let all = envelope::decode_all(bytes);
    assert_eq!(all.len(), 1, "one error, not a guess");
    assert_eq!(all[0].as_ref().unwrap_err(), &error);
    error
}

#[track_caller]
fn assert_ambiguous(error: &DecodeError, path: &str, message: &str) {
    assert_eq!(error.path(), path, "{error}");
    assert_eq!(
        error.kind(),
        &DecodeErrorKind::UnexpectedEnvelope {
            message: format!("ambiguous document: {message} in one object")
        },
        "{error}"
    );
}

#[track_caller]
fn assert_duplicate(error: &DecodeError, path: &str, field: &str) {
    assert_eq!(error.path(), path, "{error}");
    assert_eq!(
        error.kind(),
        &DecodeErrorKind::InvalidData {
            message: format!("duplicate field `{field}`")
        },
        "{error}"
    );
}

#[test]
fn fuzz_a_bare_notification_with_an_empty_records_key() {
    // Found: `decode_all` returned no result at all, dropping the notification.
    let after = last(order_change(), r#""Records": []"#);
    let error = refused(after.as_bytes());
    assert_ambiguous(&error, "Records", "a notification and a batch (`Records`)");
    assert_eq!(
        error.notification_type(),
        Some(&NotificationType::OrderChange)
    );
    assert_eq!(
        Notification::<spapi_notification_types::Payload>::from_slice(after.as_bytes())
            .unwrap_err(),
        error,
        "from_slice reads it the same way"
    );
    // Before the notification's keys: the same message, at the first key that contradicts it.
    let before = first(order_change(), r#""records": []"#);
    let error = refused(before.as_bytes());
    assert_ambiguous(
        &error,
        "NotificationVersion",
        "a notification and a batch (`Records`)",
    );
    // `Messages` (a ReceiveMessage response) likewise.
    let messages = last(order_change(), r#""Messages": [{"Body": "{}"}]"#);
    assert_ambiguous(
        &refused(messages.as_bytes()),
        "Messages",
        "a notification and a batch (`Messages`)",
    );
}

#[test]
fn fuzz_a_notification_with_a_detail_holding_another_notification() {
    // Found: the inner notification was returned and the outer one dropped.
    let inner = fixtures::example(&NotificationType::FeedProcessingFinished).unwrap();
    let both = last(order_change(), &format!(r#""detail": {inner}"#));
    let error = refused(both.as_bytes());
    assert_ambiguous(
        &error,
        "detail",
        "a notification and an EventBridge event (`detail`)",
    );
    assert_eq!(
        Notification::<spapi_notification_types::Payload>::from_slice(both.as_bytes()).unwrap_err(),
        error
    );
    let detail_first = first(order_change(), &format!(r#""Detail": {inner}"#));
    assert_ambiguous(
        &refused(detail_first.as_bytes()),
        "NotificationVersion",
        "a notification and an EventBridge event (`detail`)",
    );
    // Inside an EventBridge event too: its detail is a notification with a detail of its own.
    let event = fixtures::wrap(&both, Envelope::EventBridge);
    assert_ambiguous(
        &refused(event.as_bytes()),
        "detail.detail",
        "a notification and an EventBridge event (`detail`)",
    );
    // And an SNS `Message` or SQS `body` next to a notification's keys.
    for (entry, path, what) in [
        (
            r#""Message": "{}""#,
            "Message",
            "an SNS notification (`Message`)",
        ),
        (r#""body": "{}""#, "body", "an SQS message (`body`)"),
    ] {
        let body = last(order_change(), entry);
        let message = format!("a notification and {what}");
        assert_ambiguous(&refused(body.as_bytes()), path, &message);
    }
}

#[test]
fn fuzz_a_lambda_event_with_records_in_two_casings() {
    // Found: the first array was dropped and the second one's messages returned.
    let a = fixtures::lambda_sqs_event(&[order_change()]);
    let b =
        fixtures::lambda_sqs_event(&[fixtures::example(&NotificationType::PricingHealth).unwrap()]);
    let records = |event: &str| event.trim()[r#"{"Records":"#.len()..event.len() - 1].to_owned();
    let event = format!(r#"{{"Records":{},"records":{}}}"#, records(&a), records(&b));
    assert_duplicate(&refused(event.as_bytes()), "records", "Records");
    // Two different batch keys, or a batch next to a message's body.
    let event = format!(
        r#"{{"Records":{},"Messages":{}}}"#,
        records(&a),
        records(&b)
    );
    assert_ambiguous(
        &refused(event.as_bytes()),
        "Messages",
        "a batch (`Records`) and a batch (`Messages`)",
    );
    let event = format!(r#"{{"body":"{{}}","Records":{}}}"#, records(&a));
    assert_ambiguous(
        &refused(event.as_bytes()),
        "Records",
        "an SQS message (`body`) and a batch (`Records`)",
    );
}

#[test]
fn fuzz_delivery_metadata_keys_in_two_casings() {
    // Found: `messageId` then `MessageId` kept the last one silently; payloads refuse the same.
    let record = fixtures::wrap(order_change(), Envelope::SqsRecord);
    let twice = first(&record, r#""MessageId": "someone-else""#);
    let error = refused(twice.as_bytes());
    assert_duplicate(&error, "messageId", "MessageId");
    // The error still carries nothing it guessed.
    assert!(error.delivery().is_none());
}

/// Every envelope key the decoder reads, sent again in another casing, at the top of every
/// envelope and inside nested ones, is refused at its path.
#[test]
fn every_delivery_key_read_twice_is_refused() {
    let body = order_change();
    let cases: [(Envelope, &str, &[&str]); 5] = [
        (
            Envelope::EventBridge,
            "",
            &["id", "detail-type", "source", "account", "region", "time"],
        ),
        (
            Envelope::Sns,
            "",
            &["Type", "MessageId", "TopicArn", "Timestamp"],
        ),
        (
            Envelope::SqsRecord,
            "",
            &[
                "messageId",
                "receiptHandle",
                "eventSourceARN",
                "awsRegion",
                "attributes",
            ],
        ),
        (
            Envelope::SqsMessageOfSns,
            "",
            &["MessageId", "ReceiptHandle"],
        ),
        (Envelope::SqsRecordOfEventBridge, "body.", &["id", "time"]),
    ];
    let mut checked = 0;
    for (wrapping, prefix, keys) in cases {
        for key in keys {
            let other = swap_case(key);
            let value = if key.eq_ignore_ascii_case("attributes") {
                r#"{"ApproximateReceiveCount": "9"}"#
            } else {
                r#""2025-01-11T20:21:29Z""#
            };
            let entry = format!(r#""{other}": {value}"#);
            let delivered = if prefix.is_empty() {
                last(&fixtures::wrap(body, wrapping), &entry)
            } else {
                let inner = last(&fixtures::wrap(body, Envelope::EventBridge), &entry);
                fixtures::wrap(&inner, Envelope::SqsRecord)
            };
            let canonical = canonical(key);
            let error = refused(delivered.as_bytes());
            assert_duplicate(&error, &format!("{prefix}{other}"), canonical);
            checked += 1;
        }
    }
    // Inside SQS attributes.
    let record = fixtures::wrap(body, Envelope::SqsRecord).replacen(
        r#""ApproximateReceiveCount":"1""#,
        r#""ApproximateReceiveCount":"1","approximateReceiveCount":"7""#,
        1,
    );
    assert_duplicate(
        &refused(record.as_bytes()),
        "attributes.approximateReceiveCount",
        "ApproximateReceiveCount",
    );
    // Two content keys: the same one twice, or two different ones.
    let event = fixtures::wrap(body, Envelope::EventBridge);
    assert_duplicate(
        &refused(last(&event, r#""DETAIL": {}"#).as_bytes()),
        "DETAIL",
        "detail",
    );
    assert_ambiguous(
        &refused(last(&event, r#""Message": "{}""#).as_bytes()),
        "Message",
        "an EventBridge event (`detail`) and an SNS notification (`Message`)",
    );
    assert!(checked >= 18, "{checked}");
}

/// The key name the decoder reports for a delivery key (the first spelling it lists).
fn canonical(key: &str) -> &'static str {
    [
        "id",
        "detail-type",
        "source",
        "account",
        "region",
        "time",
        "Type",
        "MessageId",
        "TopicArn",
        "Timestamp",
        "receiptHandle",
        "eventSourceARN",
        "awsRegion",
        "attributes",
    ]
    .into_iter()
    .find(|name| name.eq_ignore_ascii_case(key))
    .unwrap()
}

fn swap_case(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

#[test]
fn an_ambiguous_message_in_a_batch_fails_alone() {
    let bad = last(order_change(), r#""Records": []"#);
    let good = fixtures::example(&NotificationType::FeePromotion).unwrap();
    let event = fixtures::lambda_sqs_event(&[good, &bad, good]);
    let results = envelope::decode_all(event.as_bytes());
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[2].is_ok());
    let error = results[1].as_ref().unwrap_err();
    assert_ambiguous(
        error,
        "Records[1].body.Records",
        "a notification and a batch (`Records`)",
    );
    assert_eq!(error.raw(), bad.as_bytes());
    assert!(error.delivery().and_then(|d| d.sqs.as_ref()).is_some());
}

/// What is not ambiguous still decodes: envelope metadata keys next to a notification's keys are
/// unknown keys to it, and an empty Lambda event is an empty batch.
#[test]
fn what_is_not_ambiguous_still_decodes() {
    let extra = last(
        order_change(),
        r#""id": "x", "time": "2025-01-01T00:00:00Z", "source": "s", "Type": "t", "messageId": "m""#,
    );
    let received = envelope::decode(extra.as_bytes()).unwrap();
    assert!(received.delivery.is_bare());
    assert_eq!(
        received.notification,
        Notification::from_slice(extra.as_bytes()).unwrap()
    );
    assert_eq!(
        received.notification,
        Notification::from_slice(order_change().as_bytes()).unwrap()
    );
    assert!(envelope::decode_all(br#"{"Records": []}"#).is_empty());
    // An envelope key alone in a notification's place is just unknown to it: the missing type
    // is what is wrong.
    let error = envelope::decode(br#"{"detail": {"Records": []}}"#).unwrap_err();
    assert_eq!(
        error.kind(),
        &DecodeErrorKind::MissingField {
            field: "notificationType".into()
        }
    );
    assert_eq!(error.path(), "detail");
}

/// `Notification::from_slice` and `envelope::decode` read a bare notification the same way:
/// every fixture, in every casing, payload first, and with unknown keys at every level.
#[test]
fn from_slice_and_decode_read_every_bare_notification_the_same() {
    let mut compared = 0;
    for fixture in fixtures::all() {
        let mut bodies = vec![
            fixture.json.to_owned(),
            fixtures::payload_first(fixture.json),
            with_unknown_fields(&support::parse(fixture.json)).to_string(),
        ];
        for case in [KeyCase::Camel, KeyCase::Pascal, KeyCase::AcronymsAsWords] {
            bodies.push(fixtures::recase(fixture.json, case));
        }
        for body in bodies {
            let bare = Notification::from_slice(body.as_bytes());
            let received = envelope::decode(body.as_bytes());
            match (bare, received) {
                (Ok(bare), Ok(received)) => {
                    assert_eq!(received.delivery, Delivery::default(), "{}", fixture.name);
                    assert_eq!(bare, received.notification, "{}", fixture.name);
                }
                (bare, received) => panic!("{}: {bare:?} but {received:?}", fixture.name),
            }
            compared += 1;
        }
    }
    assert!(compared > 200, "{compared}");
}

/// A message in an envelope is not a bare notification: `from_slice` says so, and names what it is.
#[test]
fn from_slice_refuses_an_envelope_by_name() {
    for (wrapping, what) in [
        (Envelope::DoubleEncoded, "a JSON string"),
        (Envelope::EventBridge, "an EventBridge event"),
        (Envelope::Sns, "an SNS notification"),
        (Envelope::SqsRecord, "an SQS message"),
        (Envelope::SqsMessageOfSns, "an SQS message"),
    ] {
        let delivered = fixtures::wrap(order_change(), wrapping);
        let error =
            Notification::<spapi_notification_types::Payload>::from_slice(delivered.as_bytes())
                .unwrap_err();
        assert_eq!(
            error.kind(),
            &DecodeErrorKind::UnexpectedEnvelope {
                message: format!(
                    "{what} where a bare notification was expected: decode it with `envelope::decode`"
                )
            },
            "{wrapping:?}"
        );
        assert!(envelope::decode(delivered.as_bytes()).is_ok());
    }
    let batch = fixtures::lambda_sqs_event(&[order_change()]);
    let error = Notification::<spapi_notification_types::Payload>::from_slice(batch.as_bytes())
        .unwrap_err();
    assert!(
        error.to_string().starts_with("a batch (`Records`) where"),
        "{error}"
    );
}

/// The public `Deserialize` of a notification refuses the same ambiguity.
#[test]
fn deserializing_a_notification_refuses_an_envelope_key_next_to_its_own() {
    let body = last(order_change(), r#""Records": []"#);
    let error = serde_json::from_str::<Notification>(&body).unwrap_err();
    assert!(
        error.to_string().starts_with(
            "ambiguous document: a notification and a batch (`Records`) in one object"
        ),
        "{error}"
    );
}

/// The path names the payload key as the document spells it, even when the other spelling
/// appears elsewhere in the document.
#[test]
fn the_path_names_the_payload_key_as_spelled() {
    let camel = fixtures::example(&NotificationType::FeedProcessingFinished).unwrap();
    assert!(camel.contains("\"payload\""));
    let body = camel
        .replacen(
            "\"feedId\": \"53347018456\"",
            "\"feedId\": [1], \"future\": {\"Payload\": 1}",
            1,
        )
        .replacen(
            "\"notificationId\"",
            "\"zz\": {\"Payload\": 2}, \"notificationId\"",
            1,
        );
    for wrapping in [Envelope::Bare, Envelope::EventBridge, Envelope::SqsRecord] {
        let error = envelope::decode(fixtures::wrap(&body, wrapping).as_bytes()).unwrap_err();
        assert!(
            error
                .path()
                .ends_with("payload.feedProcessingFinishedNotification.feedId"),
            "{wrapping:?}: {error}"
        );
    }
}
