//! End to end through the facade: the sandbox's `sendTestNotification` puts a notification on a
//! real SQS queue (moto's server on 127.0.0.1), and an `SqsConsumer` hands it, typed, to a
//! handler, then deletes it.

use std::time::Duration;

use spapi_notifications::client::SendTestNotificationRequest;
use spapi_notifications::consumer::aws_sdk_sqs::types::QueueAttributeName;
use spapi_notifications::consumer::{SqsConsumer, Stats};
use spapi_notifications::prelude::*;
use spapi_notifications::types::fixtures;
use spapi_sandbox::testing::{Moto, TestQueue, unique_name};
use tokio::sync::{mpsc, oneshot};

/// How long a notification may take from the sandbox to the handler.
const WITHIN: Duration = Duration::from_secs(30);

/// A sandbox delivering to moto, and a seller subscribed to ORDER_CHANGE on a fresh queue.
struct World {
    moto: std::sync::Arc<Moto>,
    queue: TestQueue,
    sandbox: Sandbox,
    client: NotificationsClient,
    destination_id: String,
    subscription_id: String,
}

impl World {
    async fn new() -> Self {
        let moto = Moto::shared().expect("moto's server (scripts/test.sh installs it)");
        let queue = moto.create_queue(&unique_name("orders")).await.unwrap();
        let sandbox = Sandbox::builder()
            .sqs_endpoint(moto.endpoint())
            .start()
            .await
            .unwrap();
        let client = sandbox.client_builder().build().unwrap();
        let destination = client
            .ensure_destination("orders", &DestinationResourceSpecification::sqs(&queue.arn))
            .await
            .unwrap();
        let subscription = client
            .seller(RefreshToken::new(sandbox.refresh_token()))
            .ensure_subscription(
                &NotificationType::OrderChange,
                &CreateSubscriptionRequest::new("1.0", &destination.destination_id),
            )
            .await
            .unwrap();
        World {
            destination_id: destination.destination_id.clone(),
            subscription_id: subscription.subscription_id.clone(),
            moto,
            queue,
            sandbox,
            client,
        }
    }

    /// Runs an `SqsConsumer` on the queue, its handler passing each notification to the
    /// returned channel, until the returned sender is used or dropped; then its stats.
    fn consume(
        &self,
    ) -> (
        mpsc::UnboundedReceiver<Received>,
        oneshot::Sender<()>,
        tokio::task::JoinHandle<Stats>,
    ) {
        let (handled, notifications) = mpsc::unbounded_channel();
        let consumer = SqsConsumer::builder(self.moto.sqs_client(), &self.queue.url)
            .wait_time(Duration::from_secs(1))
            // A copy received while its twin is being handled comes back this soon.
            .visibility_timeout(Duration::from_secs(2))
            .build(move |received: Received| {
                let handled = handled.clone();
                async move { handled.send(received) }
            })
            .unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let running = tokio::spawn(async move {
            consumer
                .run_until(async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
            consumer.stats()
        });
        (notifications, stop, running)
    }

    /// The messages in the queue, visible or not.
    async fn messages_left(&self) -> u64 {
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
        attributes
            .values()
            .map(|count| count.parse::<u64>().unwrap())
            .sum()
    }
}

/// The amazon order id of the ORDER_CHANGE example the sandbox sends.
fn example_order_id() -> String {
    let example = fixtures::example(&NotificationType::OrderChange).unwrap();
    match Notification::from_slice(example.as_bytes())
        .unwrap()
        .payload
    {
        Payload::OrderChange(order) => order.amazon_order_id,
        other => panic!("the example is {other:?}"),
    }
}

#[tokio::test]
async fn a_test_notification_reaches_a_typed_handler_through_sqs() {
    let world = World::new().await;
    let (mut notifications, stop, running) = world.consume();

    world
        .client
        .send_test_notification(
            &NotificationType::OrderChange,
            &SendTestNotificationRequest::new(&world.destination_id, "1.0"),
        )
        .await
        .unwrap();
    // It went to moto, not to the sandbox's in-process stand-in of the queue.
    assert!(world.sandbox.queue(&world.queue.arn).is_empty());

    let received = tokio::time::timeout(WITHIN, notifications.recv())
        .await
        .expect("the handler received the notification in time")
        .unwrap();
    stop.send(()).unwrap();
    let stats = running.await.unwrap();

    let notification = &received.notification;
    assert_eq!(
        notification.notification_type,
        NotificationType::OrderChange
    );
    assert_eq!(notification.payload_version, "1.0");
    let metadata = notification.metadata.as_ref().unwrap();
    assert_eq!(metadata.subscription_id, world.subscription_id);
    assert_eq!(metadata.application_id, world.sandbox.application_id());
    let Payload::OrderChange(order) = &notification.payload else {
        panic!("an ORDER_CHANGE payload, not {:?}", notification.payload);
    };
    assert_eq!(order.amazon_order_id, example_order_id());
    // The handler knows the SQS message it came in.
    let sqs = received
        .delivery
        .sqs
        .as_ref()
        .expect("SQS delivery metadata");
    assert!(sqs.message_id.is_some());
    assert_eq!(sqs.approximate_receive_count, Some(1));

    // Handled once, deleted, and nothing else arrived.
    assert_eq!((stats.handled, stats.deleted, stats.failed), (1, 1, 0));
    assert!(notifications.try_recv().is_err());
    assert_eq!(world.messages_left().await, 0);
}

#[tokio::test]
async fn a_notification_delivered_twice_is_handled_once() {
    let world = World::new().await;
    // What Amazon sends when an order changes, and the same message once more, as SQS
    // standard queues may deliver it.
    let published = world
        .sandbox
        .publish(NotificationType::OrderChange, world.sandbox.seller_id())
        .await
        .unwrap();
    let [published] = published.as_slice() else {
        panic!("one subscription, one delivery: {published:?}");
    };
    world
        .moto
        .sqs_client()
        .send_message()
        .queue_url(&world.queue.url)
        .message_body(&published.body)
        .send()
        .await
        .unwrap();

    let (mut notifications, stop, running) = world.consume();
    let received = tokio::time::timeout(WITHIN, notifications.recv())
        .await
        .expect("the handler received the notification in time")
        .unwrap();
    // Until both copies are gone from the queue.
    tokio::time::timeout(WITHIN, async {
        while world.messages_left().await > 0 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await
    .expect("the queue drained in time");
    stop.send(()).unwrap();
    let stats = running.await.unwrap();

    assert_eq!(
        received.notification.metadata.unwrap().subscription_id,
        world.subscription_id
    );
    assert!(notifications.try_recv().is_err(), "handled twice");
    assert_eq!(
        (stats.handled, stats.duplicates, stats.deleted, stats.failed),
        (1, 1, 2, 0)
    );
    // Received together, the second copy waited for the first to be handled.
    assert_eq!(stats.received, 2 + stats.in_progress_elsewhere);
}
