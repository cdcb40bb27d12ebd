//! The Lambda adapters, called as the Lambda runtime calls them.

use std::sync::{Arc, Mutex};

use crate::support::{Reports, UNPARSABLE_PATH, recording_outcomes, unparsable_order_change};
use serde_json::Value;
use spapi_notification_types::fixtures::{self, Envelope, KeyCase};
use spapi_notifications_consumer::lambda::lambda_runtime::{Context, Diagnostic, LambdaEvent};
use spapi_notifications_consumer::lambda::{EventBridgeEvent, SqsBatchResponse, SqsEvent};
use spapi_notifications_consumer::{
    Error, Handler, NotificationType, OutcomeKind, Payload, Pipeline, Received, UnparsedPayloads,
};

/// What the handler handled.
type Handled = Arc<Mutex<Vec<Received>>>;
/// The message ids the decode-failure hook saw.
type Hooked = Arc<Mutex<Vec<String>>>;

/// A pipeline whose handler records what it handled and fails notification `fail`.
fn pipeline(fail: &'static str) -> (Pipeline<impl Handler>, Handled, Hooked) {
    let handled = Arc::new(Mutex::new(Vec::new()));
    let hooked = Arc::new(Mutex::new(Vec::new()));
    let pipeline = Pipeline::builder()
        .on_decode_error({
            let hooked = Arc::clone(&hooked);
            move |_, delivery| {
                let id = delivery.sqs.as_ref().and_then(|sqs| sqs.message_id.clone());
                hooked
                    .lock()
                    .unwrap()
                    .push(id.unwrap_or_else(|| "eventbridge".to_owned()));
            }
        })
        .build({
            let handled = Arc::clone(&handled);
            move |received: Received| {
                let handled = Arc::clone(&handled);
                async move {
                    if received.notification.notification_id() == Some(fail) {
                        return Err(anyhow::anyhow!("downstream unavailable"));
                    }
                    handled.lock().unwrap().push(received);
                    Ok(())
                }
            }
        });
    (pipeline, handled, hooked)
}

fn notification(id: &str, case: KeyCase) -> String {
    let json = fixtures::example(&NotificationType::OrderChange).unwrap();
    crate::support::recased_with_id(json, id, case)
}

fn sqs_event(bodies: &[&str]) -> LambdaEvent<SqsEvent> {
    sqs_event_with(bodies, |_| {})
}

/// A Lambda SQS event of `bodies`, its records changed by `edit` first.
fn sqs_event_with(bodies: &[&str], edit: impl FnOnce(&mut [Value])) -> LambdaEvent<SqsEvent> {
    let mut event: Value = serde_json::from_str(&fixtures::lambda_sqs_event(bodies)).unwrap();
    edit(event["Records"].as_array_mut().unwrap());
    LambdaEvent::new(SqsEvent::from_json(event.to_string()), Context::default())
}

fn eventbridge_event(notification: &str) -> LambdaEvent<EventBridgeEvent> {
    let json = fixtures::wrap(notification, Envelope::EventBridge);
    LambdaEvent::new(EventBridgeEvent::from_json(json), Context::default())
}

fn message_ids(event: &LambdaEvent<SqsEvent>) -> Vec<String> {
    let event: Value = serde_json::from_str(event.payload.as_json()).unwrap();
    event["Records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|record| record["messageId"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_sqs_batch_reports_only_the_records_to_retry() {
    let (pipeline, handled, hooked) = pipeline("n-fail");
    let good = notification("n-good", KeyCase::Pascal);
    let again = fixtures::wrap(
        &notification("n-good", KeyCase::Camel),
        Envelope::EventBridge,
    );
    let failing = notification("n-fail", KeyCase::Camel);
    let poison = r#"{"NotificationType":"ORDER_CHANGE"}"#;
    let event = sqs_event(&[&good, &again, poison, &failing]);
    let ids = message_ids(&event);

    let response = pipeline.handle_sqs_event(event).await.unwrap();

    let failed: Vec<&str> = response
        .batch_item_failures
        .iter()
        .map(|failure| failure.item_identifier.as_str())
        .collect();
    assert_eq!(failed, [ids[2].as_str(), ids[3].as_str()]);
    {
        let handled = handled.lock().unwrap();
        assert_eq!(
            handled.len(),
            1,
            "the duplicate acknowledged without a call"
        );
        let sqs = handled[0].delivery.sqs.as_ref().unwrap();
        assert_eq!(sqs.message_id.as_deref(), Some(ids[0].as_str()));
        assert_eq!(sqs.approximate_receive_count, Some(1));
    }
    assert_eq!(*hooked.lock().unwrap(), [ids[2].clone()]);
    let stats = pipeline.stats();
    assert_eq!(
        (
            stats.received,
            stats.handled,
            stats.duplicates,
            stats.failed,
            stats.undecodable
        ),
        (4, 1, 1, 1, 1)
    );

    // Redelivered: the handled record is a duplicate, the poison one fails again.
    let event = sqs_event(&[&good, poison]);
    let ids = message_ids(&event);
    let response = pipeline.handle_sqs_event(event).await.unwrap();
    assert_eq!(response.batch_item_failures.len(), 1);
    assert_eq!(response.batch_item_failures[0].item_identifier, ids[1]);
    assert_eq!(pipeline.stats().duplicates, 2);
}

#[tokio::test]
async fn a_failed_record_without_a_message_id_fails_the_whole_batch() {
    let (pipeline, _, _) = pipeline("none");
    let event = sqs_event_with(
        &[&notification("n-1", KeyCase::Pascal), "not json"],
        |records| {
            records[1].as_object_mut().unwrap().remove("messageId");
        },
    );
    let error = pipeline.handle_sqs_event(event).await.unwrap_err();
    assert!(
        matches!(error, Error::MissingMessageId { index: 1 }),
        "{error:?}"
    );
    let diagnostic = Diagnostic::from(error);
    assert_eq!(
        diagnostic.error_message,
        "lambda sqs record 1 failed and has no message id"
    );
}

#[tokio::test]
async fn an_eventbridge_event_is_handled_once_and_failures_are_errors_for_lambda_to_retry() {
    let (pipeline, handled, hooked) = pipeline("n-fail");
    let event = eventbridge_event;
    let good = notification("n-good", KeyCase::Camel);

    pipeline
        .handle_eventbridge_event(event(&good))
        .await
        .unwrap();
    pipeline
        .handle_eventbridge_event(event(&good))
        .await
        .unwrap();
    {
        let handled = handled.lock().unwrap();
        assert_eq!(handled.len(), 1, "the redelivery is a duplicate");
        let bridge = handled[0].delivery.event_bridge.as_ref().unwrap();
        assert_eq!(bridge.detail_type.as_deref(), Some("ORDER_CHANGE"));
        assert!(bridge.id.is_some() && bridge.time.is_some());
        assert_eq!(handled[0].notification.notification_id(), Some("n-good"));
    }

    let error = pipeline
        .handle_eventbridge_event(event(&notification("n-fail", KeyCase::Pascal)))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Handler { key, .. } if key == "n-fail"),
        "{error:?}"
    );
    let diagnostic = Diagnostic::from(error);
    assert_eq!(
        diagnostic.error_message,
        "handler failed for notification n-fail: downstream unavailable"
    );

    let error = pipeline
        .handle_eventbridge_event(event(r#"{"unrelated":true}"#))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert_eq!(*hooked.lock().unwrap(), ["eventbridge"]);
}

#[tokio::test]
async fn the_adapters_report_every_outcome_and_hand_over_unparsed_payloads_when_asked() {
    let reports = Reports::default();
    let payloads = Arc::new(Mutex::new(Vec::new()));
    let pipeline = Pipeline::builder()
        .max_receive_count(3)
        .unparsed_payloads(UnparsedPayloads::Keep)
        .on_outcome(recording_outcomes(&reports))
        .build({
            let payloads = Arc::clone(&payloads);
            move |received: Received| {
                let fail = received.notification.notification_id() == Some("n-fail");
                payloads.lock().unwrap().push(received.notification.payload);
                async move {
                    if fail {
                        return Err("downstream unavailable");
                    }
                    Ok(())
                }
            }
        });
    let ok = notification("n-ok", KeyCase::Camel);
    let failing = notification("n-fail", KeyCase::Camel);
    let raw = unparsable_order_change("n-raw");
    let event = sqs_event_with(&[&ok, &raw, &failing, "not json"], |records| {
        // The failing record's last receive before the dead-letter queue.
        records[2]["attributes"]["ApproximateReceiveCount"] = "3".into();
    });
    let ids = message_ids(&event);

    let response = pipeline.handle_sqs_event(event).await.unwrap();
    let failed: Vec<&str> = response
        .batch_item_failures
        .iter()
        .map(|failure| failure.item_identifier.as_str())
        .collect();
    assert_eq!(
        failed,
        [ids[2].as_str(), ids[3].as_str()],
        "the unparsed one handled"
    );

    pipeline
        .handle_eventbridge_event(eventbridge_event(&unparsable_order_change("n-raw-bridge")))
        .await
        .unwrap();

    let mut seen: Vec<_> = reports
        .lock()
        .unwrap()
        .iter()
        .map(|report| {
            (
                report.message_id.clone(),
                report.kind,
                report.notification_id.clone(),
                report.receive_count,
                report.dead_lettered,
            )
        })
        .collect();
    seen.sort_by_key(|(message_id, ..)| message_id.clone());
    let id = |s: &str| Some(s.to_owned());
    let mut expected = vec![
        (
            Some(ids[0].clone()),
            OutcomeKind::Handled,
            id("n-ok"),
            Some(1),
            false,
        ),
        (
            Some(ids[1].clone()),
            OutcomeKind::Handled,
            id("n-raw"),
            Some(1),
            false,
        ),
        (
            Some(ids[2].clone()),
            OutcomeKind::Failed,
            id("n-fail"),
            Some(3),
            true,
        ),
        (
            Some(ids[3].clone()),
            OutcomeKind::Undecodable,
            None,
            Some(1),
            false,
        ),
        (None, OutcomeKind::Handled, id("n-raw-bridge"), None, false),
    ];
    expected.sort_by_key(|(message_id, ..)| message_id.clone());
    assert_eq!(seen, expected);

    let payloads = payloads.lock().unwrap();
    let unparsed: Vec<&str> = payloads
        .iter()
        .filter_map(|payload| match payload {
            Payload::Unparsed { error, .. } => Some(error.path()),
            _ => None,
        })
        .collect();
    // Each event is decoded once, whole: the paths go through its envelopes.
    assert_eq!(
        unparsed,
        [
            format!("Records[1].body.{UNPARSABLE_PATH}"),
            format!("detail.{UNPARSABLE_PATH}"),
        ]
    );
    let stats = pipeline.stats();
    assert_eq!((stats.unparsed, stats.dead_lettered), (2, 1));
}

/// The events as the Lambda runtime reads them (`serde_path_to_error` over `serde_json`, as
/// `lambda_runtime`'s deserializer does) and the reply as it writes it.
#[tokio::test]
async fn events_read_and_replies_written_as_the_runtime_does() {
    let (pipeline, handled, _) = pipeline("n-fail");
    let json = fixtures::lambda_sqs_event(&[
        &notification("n-1", KeyCase::Camel),
        &notification("n-fail", KeyCase::Pascal),
    ]);
    let runtime = &mut serde_json::Deserializer::from_str(&json);
    let event: SqsEvent = serde_path_to_error::deserialize(runtime).unwrap();
    assert_eq!(event.as_json(), json, "kept as received");
    let event = LambdaEvent::new(event, Context::default());
    let ids = message_ids(&event);

    let response = pipeline.handle_sqs_event(event).await.unwrap();
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        serde_json::json!({"batchItemFailures": [{"itemIdentifier": ids[1]}]})
    );
    assert_eq!(
        serde_json::to_string(&SqsBatchResponse::default()).unwrap(),
        r#"{"batchItemFailures":[]}"#
    );

    let json = fixtures::wrap(&notification("n-2", KeyCase::Camel), Envelope::EventBridge);
    let runtime = &mut serde_json::Deserializer::from_str(&json);
    let event: EventBridgeEvent = serde_path_to_error::deserialize(runtime).unwrap();
    pipeline
        .handle_eventbridge_event(LambdaEvent::new(event, Context::default()))
        .await
        .unwrap();
    let handled = handled.lock().unwrap();
    let ids: Vec<_> = handled
        .iter()
        .map(|received| received.notification.notification_id())
        .collect();
    assert_eq!(ids, [Some("n-1"), Some("n-2")]);
}

/// An invocation that is not an SQS event fails as a whole, before any handler runs.
#[tokio::test]
async fn an_event_that_is_not_an_sqs_event_is_an_error() {
    let (pipeline, _, hooked) = pipeline("none");
    let event = LambdaEvent::new(SqsEvent::from_json(r#"{"Records": 7}"#), Context::default());
    let error = pipeline.handle_sqs_event(event).await.unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert!(hooked.lock().unwrap().is_empty());
    assert_eq!(pipeline.stats().received, 0);

    let empty = LambdaEvent::new(
        SqsEvent::from_json(r#"{"Records": []}"#),
        Context::default(),
    );
    let response = pipeline.handle_sqs_event(empty).await.unwrap();
    assert_eq!(response, SqsBatchResponse::default());
}
