//! `decode FILE|-`: one JSON line per notification, from a whole message or JSON lines.

use serde_json::Value;
use spapi_notification_types::NotificationType;
use spapi_notification_types::fixtures::{self, Envelope};

use crate::support::{TempFile, run, run_with};

/// `json` on one line.
fn one_line(json: &str) -> String {
    serde_json::from_str::<Value>(json).unwrap().to_string()
}

#[tokio::test]
async fn a_whole_message_pretty_printed_gives_one_line_with_the_keys_in_order() {
    let body = fixtures::example(&NotificationType::FeedProcessingFinished).unwrap();
    let message = fixtures::wrap(body, Envelope::SqsRecordOfEventBridge);
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(&message).unwrap()).unwrap();
    assert!(pretty.lines().count() > 1);
    let file = TempFile::new("message.json", &pretty);
    let decoded = run(&format!("decode {}", file.path())).await;
    assert_eq!((decoded.code, decoded.err.as_str()), (0, ""), "{decoded:?}");
    assert_eq!(
        decoded.out,
        concat!(
            r#"{"notificationType":"FEED_PROCESSING_FINISHED","notificationId":"d0e9e693-c3ad-4373-979f-ed4ec98dd746","#,
            r#""subscriptionId":"subscription-id-d0e9e693-c3ad-4373-979f-ed4ec98dd746","eventTime":"2020-07-13T19:42:04.284Z","#,
            r#""payloadVersion":"2020-09-04","payload":{"feedProcessingFinishedNotification":{"sellerId":"A3TH9S8BH6GOGM","#,
            r#""accountId":"amzn1.merchant.o.A3TH9S8BH6GOGM","feedId":"53347018456","feedType":"POST_PRODUCT_DATA","#,
            r#""processingStatus":"DONE","resultFeedDocumentId":"amzn1.tortuga.3.edbcd0d8-3434-8222-1234-52ad8ade1208.URUTI57URI9BMZ"}}}"#,
            "\n"
        )
    );
    // --json changes nothing: decode always prints JSON lines.
    let json = run(&format!("--json decode {}", file.path())).await;
    assert_eq!(json.out, decoded.out);
}

#[tokio::test]
async fn json_lines_from_stdin_give_a_line_each_and_bad_lines_are_reported_with_their_number() {
    let inventory = fixtures::example(&NotificationType::FbaInventoryAvailabilityChanges).unwrap();
    let order = fixtures::example(&NotificationType::OrderChange).unwrap();
    let input = format!(
        "{}\n\n{}\n{{\"notificationType\":\"ORDER_CHANGE\"\n{}\n",
        one_line(inventory),
        one_line(&fixtures::wrap(order, Envelope::EventBridge)),
        one_line(&fixtures::wrap(order, Envelope::Sns)),
    );
    let decoded = run_with(&["decode", "-"], &[], input.as_bytes()).await;
    assert_eq!(decoded.code, 1, "{decoded:?}");
    let types: Vec<Value> = decoded
        .json_lines()
        .into_iter()
        .map(|line| line["notificationType"].clone())
        .collect();
    assert_eq!(
        types,
        [
            "FBA_INVENTORY_AVAILABILITY_CHANGES",
            "ORDER_CHANGE",
            "ORDER_CHANGE"
        ]
    );
    assert_eq!(
        decoded.err,
        "stdin:4: truncated JSON (at ., notification type ORDER_CHANGE)\n\
         error: 1 of 4 messages did not decode\n"
    );
}

#[tokio::test]
async fn a_lambda_event_gives_a_line_per_record() {
    let inventory = fixtures::example(&NotificationType::FbaInventoryAvailabilityChanges).unwrap();
    let event = fixtures::lambda_sqs_event(&[inventory, inventory, inventory]);
    let decoded = run_with(&["decode", "-"], &[], event.as_bytes()).await;
    assert_eq!((decoded.code, decoded.err.as_str()), (0, ""));
    assert_eq!(decoded.json_lines().len(), 3);
}

#[tokio::test]
async fn never_prints_a_new_client_secret() {
    let body = fixtures::example(&NotificationType::ApplicationOAuthClientNewSecret).unwrap();
    let secret =
        serde_json::from_str::<Value>(body).unwrap()["payload"]["applicationOAuthClientNewSecret"]
            ["newClientSecret"]
            .as_str()
            .unwrap()
            .to_owned();
    let decoded = run_with(&["decode", "-"], &[], body.as_bytes()).await;
    assert_eq!(decoded.code, 0, "{decoded:?}");
    assert!(!decoded.out.contains(&secret), "{}", decoded.out);
    assert!(
        decoded.out.contains(r#""newClientSecret":"[REDACTED]""#),
        "{}",
        decoded.out
    );
}

#[tokio::test]
async fn unreadable_and_empty_input_are_errors() {
    let missing = run("decode /nonexistent/message.json").await;
    assert_eq!((missing.code, missing.out.as_str()), (2, ""));
    assert!(
        missing
            .err
            .starts_with("error: /nonexistent/message.json: "),
        "{missing:?}"
    );
    let empty = run_with(&["decode", "-"], &[], b"null").await;
    assert_eq!(
        (empty.code, empty.out.as_str(), empty.err.as_str()),
        (
            1,
            "",
            "stdin: expected a JSON object, found null (at .)\nerror: 1 of 1 messages did not decode\n"
        )
    );
}
