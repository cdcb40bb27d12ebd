//! A world for each test: moto, a sandbox delivering to it, and an [`AwsSetup`] on both.

use std::sync::Arc;
use std::time::Duration;

use spapi_auth::{ClientSecret, LwaCredentials, RefreshToken};
use spapi_notification_types::{NotificationType, Received};
use spapi_notifications_aws::AwsSetup;
use spapi_notifications_aws::aws_sdk_sqs;
use spapi_notifications_client::{
    CreateSubscriptionRequest, NotificationsClient, SellerClient, SendTestNotificationRequest,
};
use spapi_notifications_consumer::SqsConsumer;
use spapi_sandbox::Sandbox;
use spapi_sandbox::testing::Moto;
use tokio::sync::mpsc;

/// How long a notification may take from the sandbox to the consumer.
pub(crate) const WITHIN: Duration = Duration::from_secs(30);

/// The AWS account moto answers for (its default), where partner event sources are created.
pub(crate) const ACCOUNT_ID: &str = "123456789012";

pub(crate) struct World {
    pub(crate) moto: Arc<Moto>,
    pub(crate) sandbox: Sandbox,
    pub(crate) setup: AwsSetup,
}

impl World {
    pub(crate) async fn new() -> Self {
        let moto = Moto::shared().expect("moto's server (scripts/test.sh installs it)");
        let sandbox = Sandbox::builder()
            .sqs_endpoint(moto.endpoint())
            .event_bridge_endpoint(moto.endpoint())
            .check_queue_policies()
            .without_rate_limits()
            .start()
            .await
            .unwrap();
        let notifications = NotificationsClient::builder()
            .endpoint(sandbox.base_url())
            .token_url(sandbox.token_url())
            .credentials(LwaCredentials::new(
                sandbox.client_id(),
                ClientSecret::new(sandbox.client_secret()),
            ))
            .disable_rate_limits()
            .build()
            .unwrap();
        let setup = AwsSetup::new(notifications, moto.sqs_client(), moto.event_bridge_client());
        Self {
            moto,
            sandbox,
            setup,
        }
    }

    pub(crate) fn seller(&self) -> SellerClient {
        self.setup
            .notifications()
            .seller(RefreshToken::new(self.sandbox.refresh_token()))
    }

    pub(crate) fn sqs(&self) -> aws_sdk_sqs::Client {
        self.moto.sqs_client()
    }

    /// The first notification an `SqsConsumer` on `queue_url` hands its handler.
    pub(crate) async fn consume_one(&self, queue_url: &str) -> Received {
        let (handled, mut notifications) = mpsc::unbounded_channel();
        let consumer = SqsConsumer::builder(self.sqs(), queue_url)
            .wait_time(Duration::from_secs(1))
            .build(move |received: Received| {
                let handled = handled.clone();
                async move { handled.send(received) }
            })
            .unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let running = tokio::spawn(async move {
            consumer
                .run_until(async {
                    let _ = stopped.await;
                })
                .await
        });
        let received = tokio::time::timeout(WITHIN, notifications.recv())
            .await
            .expect("a notification within 30 s")
            .expect("the consumer is running");
        let _ = stop.send(());
        running.await.unwrap().unwrap();
        received
    }

    /// Subscribes the sandbox's seller to `notification_type` on `destination_id`, has a test
    /// notification sent, and returns what an `SqsConsumer` on `queue_url` receives.
    pub(crate) async fn test_notification(
        &self,
        notification_type: &NotificationType,
        destination_id: &str,
        queue_url: &str,
    ) -> Received {
        self.seller()
            .ensure_subscription(
                notification_type,
                &CreateSubscriptionRequest::new("1.0", destination_id),
            )
            .await
            .unwrap();
        self.setup
            .notifications()
            .send_test_notification(
                notification_type,
                &SendTestNotificationRequest::new(destination_id, "1.0"),
            )
            .await
            .unwrap();
        self.consume_one(queue_url).await
    }

    /// Removes this crate's target from the rule `rule` on the bus `bus`, as a user might by hand.
    pub(crate) async fn remove_target(&self, bus: &str, rule: &str) {
        self.moto
            .event_bridge_client()
            .remove_targets()
            .rule(rule)
            .event_bus_name(bus)
            .ids(spapi_notifications_aws::TARGET_ID)
            .send()
            .await
            .unwrap();
    }

    /// The policy of the queue at `url`, as JSON.
    pub(crate) async fn policy(&self, url: &str) -> serde_json::Value {
        let attributes = self
            .sqs()
            .get_queue_attributes()
            .queue_url(url)
            .attribute_names(aws_sdk_sqs::types::QueueAttributeName::Policy)
            .send()
            .await
            .unwrap();
        let json = attributes
            .attributes
            .unwrap_or_default()
            .remove(&aws_sdk_sqs::types::QueueAttributeName::Policy)
            .unwrap_or_default();
        serde_json::from_str(&json).unwrap_or_default()
    }
}
