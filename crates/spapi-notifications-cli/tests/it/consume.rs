//! `consume --queue-url`: tails a queue on moto's SQS, printing each notification, deleting
//! nothing unless `--delete`.

use std::sync::Arc;

use serde_json::Value;
use spapi_notification_types::NotificationType;
use spapi_notification_types::fixtures;
use spapi_notifications::consumer::aws_sdk_sqs::types::QueueAttributeName;
use spapi_sandbox::testing::{Moto, TestQueue, unique_name};

use crate::support::{Run, run_with};

/// A fresh queue on moto, and the AWS environment that points the program at it.
struct Queue {
    moto: Arc<Moto>,
    queue: TestQueue,
}

impl Queue {
    async fn new() -> Self {
        let moto = Moto::shared().expect("moto's server (MOTO_SERVER, see scripts/test.sh)");
        let queue = moto.create_queue(&unique_name("cli")).await.unwrap();
        Self { moto, queue }
    }

    async fn send(&self, body: &str) {
        self.moto
            .sqs_client()
            .send_message()
            .queue_url(&self.queue.url)
            .message_body(body)
            .send()
            .await
            .unwrap();
    }

    /// Runs `consume --queue-url URL` with `args`.
    async fn consume(&self, args: &str) -> Run {
        self.consume_from(&self.queue.url, args).await
    }

    /// Runs `consume --queue-url url` with `args`, on this queue's moto.
    async fn consume_from(&self, url: &str, args: &str) -> Run {
        let mut all = vec!["consume", "--queue-url", url, "--wait-time", "1"];
        all.extend(args.split_whitespace());
        // A guard: a test that expects more messages than arrive fails instead of hanging.
        if !args.contains("--duration") {
            all.extend(["--duration", "60s"]);
        }
        let env = [
            ("AWS_ENDPOINT_URL", self.moto.endpoint()),
            ("AWS_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
        ];
        run_with(&all, &env, b"").await
    }

    /// The messages visible, and those received but not yet visible again.
    async fn messages(&self) -> (u64, u64) {
        let attributes = self
            .moto
            .sqs_client()
            .get_queue_attributes()
            .queue_url(&self.queue.url)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
            .send()
            .await
            .unwrap()
            .attributes
            .unwrap_or_default();
        let count = |name| attributes[&name].parse::<u64>().unwrap();
        (
            count(QueueAttributeName::ApproximateNumberOfMessages),
            count(QueueAttributeName::ApproximateNumberOfMessagesNotVisible),
        )
    }
}

fn order_change() -> &'static str {
    fixtures::example(&NotificationType::OrderChange).unwrap()
}

/// The ORDER_CHANGE example as notification `n`: the consumer de-duplicates by notification id.
fn order_change_number(n: u32) -> String {
    let id = "d0e9e693-c3ad-4373-979f-ed4ec98dd746";
    assert!(order_change().contains(id));
    order_change().replace(id, &format!("{}{n:04}", &id[..id.len() - 4]))
}

#[tokio::test]
async fn without_delete_messages_are_printed_and_left_visible_on_the_queue() {
    let queue = Queue::new().await;
    queue.send(order_change()).await;
    queue.send(order_change()).await;
    queue.send("not a notification").await;

    let tailed = queue.consume("--json --max-messages 3").await;
    assert_eq!(tailed.code, 0, "{tailed:?}");
    let lines = tailed.json_lines();
    assert_eq!(lines.len(), 2, "{tailed:?}");
    for line in &lines {
        assert_eq!(line["notificationType"], "ORDER_CHANGE");
        assert_eq!(line["receiveCount"], 1);
        assert!(line["messageId"].is_string(), "{line}");
        assert!(
            line["payload"]["OrderChangeNotification"].is_object(),
            "{line}"
        );
    }
    assert_ne!(lines[0]["messageId"], lines[1]["messageId"]);
    assert!(tailed.err.contains("is not a notification: "), "{tailed:?}");
    assert!(
        tailed
            .err
            .contains("note: 3 messages received, left on the queue"),
        "{tailed:?}"
    );
    // Nothing deleted, and all visible again at once for the queue's consumers.
    assert_eq!(queue.messages().await, (3, 0));

    // So the next tail sees them again, received a second time.
    let again = queue.consume("--json --max-messages 3").await;
    assert_eq!(again.code, 0, "{again:?}");
    let counts: Vec<Value> = again
        .json_lines()
        .iter()
        .map(|line| line["receiveCount"].clone())
        .collect();
    assert_eq!(counts, [2, 2], "{again:?}");
    assert_eq!(queue.messages().await, (3, 0));
}

#[tokio::test]
async fn with_delete_messages_are_printed_then_deleted() {
    let queue = Queue::new().await;
    queue.send(&order_change_number(1)).await;
    queue.send(&order_change_number(2)).await;

    let consumed = queue.consume("--delete --json --max-messages 2").await;
    assert_eq!(consumed.code, 0, "{consumed:?}");
    let lines = consumed.json_lines();
    assert_eq!(lines.len(), 2, "{consumed:?}");
    assert!(
        lines
            .iter()
            .all(|line| line["notificationType"] == "ORDER_CHANGE")
    );
    assert!(
        consumed
            .err
            .contains("note: 2 messages received; those printed were deleted"),
        "{consumed:?}"
    );
    assert_eq!(queue.messages().await, (0, 0));

    // An empty queue: --duration stops it.
    let idle = queue.consume("--delete --duration 2s").await;
    assert_eq!((idle.code, idle.out.as_str()), (0, ""), "{idle:?}");
    assert!(idle.err.contains("note: 0 messages received"), "{idle:?}");
}

#[tokio::test]
async fn a_table_line_per_notification_and_a_missing_queue_fails() {
    let queue = Queue::new().await;
    queue.send(order_change()).await;
    let tailed = queue.consume("--max-messages 1").await;
    assert_eq!(tailed.code, 0, "{tailed:?}");
    let line = tailed.out.trim_end();
    assert_eq!(tailed.out.lines().count(), 1, "{tailed:?}");
    let notification =
        spapi_notification_types::Notification::<spapi_notification_types::Payload>::from_slice(
            order_change().as_bytes(),
        )
        .unwrap();
    let cells: Vec<&str> = line.split("  ").collect();
    assert_eq!(cells[0], notification.event_time.to_rfc3339());
    assert_eq!(cells[1], "ORDER_CHANGE");
    assert_eq!(cells[2], notification.notification_id().unwrap());
    assert!(
        cells[3].starts_with("message ") && cells[3].ends_with(" (received 1 times)"),
        "{line}"
    );
    assert_eq!(queue.messages().await, (1, 0));

    for delete in ["", "--delete"] {
        let missing = format!(
            "{}/123456789012/{}",
            queue.moto.endpoint(),
            unique_name("none")
        );
        let failed = queue
            .consume_from(&missing, &format!("{delete} --duration 10s"))
            .await;
        assert_eq!((failed.code, failed.out.as_str()), (1, ""), "{failed:?}");
        assert!(failed.err.contains("error: "), "{failed:?}");
    }
}
