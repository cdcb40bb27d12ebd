//! [`AwsSetup`]: the clients every step of the AWS half of the workflow takes.

use spapi_notifications_client::NotificationsClient;

/// The SP-API Notifications client and the AWS clients (SQS, EventBridge) of one AWS account
/// and region; every step of the workflow is a method.
///
/// ```no_run
/// use spapi_notifications_aws::{AwsSetup, SqsOptions, aws_sdk_eventbridge, aws_sdk_sqs};
/// # async fn run(
/// #     sqs: aws_sdk_sqs::Client,
/// #     events: aws_sdk_eventbridge::Client,
/// # ) -> Result<(), Box<dyn std::error::Error>> {
/// // The AWS clients from your configuration (`aws_config::load_defaults`).
/// let notifications = spapi_notifications_client::NotificationsClient::from_env()?;
/// let setup = AwsSetup::new(notifications, sqs, events);
/// let sqs = setup
///     .ensure_sqs_destination(&SqsOptions::new("sp-api-notifications").dead_letter_queue(5))
///     .await?;
/// println!("{} -> destination {}", sqs.queue.url, sqs.destination.destination_id);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct AwsSetup {
    pub(crate) notifications: NotificationsClient,
    pub(crate) sqs: aws_sdk_sqs::Client,
    pub(crate) events: aws_sdk_eventbridge::Client,
}

impl AwsSetup {
    /// The steps with these clients.
    pub fn new(
        notifications: NotificationsClient,
        sqs: aws_sdk_sqs::Client,
        events: aws_sdk_eventbridge::Client,
    ) -> Self {
        Self {
            notifications,
            sqs,
            events,
        }
    }

    /// The SP-API Notifications client.
    pub fn notifications(&self) -> &NotificationsClient {
        &self.notifications
    }

    /// The SQS client.
    pub fn sqs(&self) -> &aws_sdk_sqs::Client {
        &self.sqs
    }

    /// The EventBridge client.
    pub fn events(&self) -> &aws_sdk_eventbridge::Client {
        &self.events
    }
}
