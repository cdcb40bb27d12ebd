//! `diagnose`: every reason SP-API notifications do not arrive, each check passed, warned or
//! failed, each failure with its fix.

mod event_bridge_checks;
mod report;
mod sqs_checks;

use std::time::Duration;

use spapi_notification_types::NotificationType;
use spapi_notifications_client::{Destination, DestinationResourceSpecification};

pub use report::{Check, CheckId, Report, Status};

use crate::{AwsSetup, Error};

/// What [`AwsSetup::diagnose`] looks at: a queue or a destination, and optionally the
/// subscriptions that should point to it and the consumer's handling time.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DiagnoseOptions {
    /// The SQS queue URL (its destination is found by ARN).
    pub queue_url: Option<String>,
    /// The SP-API destination id (its queue or partner event source is looked up).
    pub destination_id: Option<String>,
    /// Subscriptions (type and id) that should point to the destination.
    pub subscriptions: Vec<(NotificationType, String)>,
    /// EventBridge types a rule should match; the subscriptions' types are added.
    pub notification_types: Vec<NotificationType>,
    /// The longest a handler takes: the queue's visibility timeout should exceed it.
    pub handler_time: Duration,
}

impl DiagnoseOptions {
    fn new(queue_url: Option<String>, destination_id: Option<String>) -> Self {
        Self {
            queue_url,
            destination_id,
            subscriptions: Vec::new(),
            notification_types: Vec::new(),
            handler_time: Duration::from_secs(10),
        }
    }

    /// Checks the queue at `url` and its destination.
    pub fn queue(url: impl Into<String>) -> Self {
        Self::new(Some(url.into()), None)
    }

    /// Checks the destination `id` and its queue or partner event source.
    pub fn destination(id: impl Into<String>) -> Self {
        Self::new(None, Some(id.into()))
    }

    /// A subscription that should point to the destination.
    pub fn subscription(
        mut self,
        notification_type: NotificationType,
        id: impl Into<String>,
    ) -> Self {
        self.subscriptions.push((notification_type, id.into()));
        self
    }

    /// Types a rule on the partner bus should match.
    pub fn notification_types(mut self, types: impl IntoIterator<Item = NotificationType>) -> Self {
        self.notification_types.extend(types);
        self
    }

    /// The longest a handler takes (10 s unless set).
    pub fn handler_time(mut self, time: Duration) -> Self {
        self.handler_time = time;
        self
    }
}

impl AwsSetup {
    /// Checks everything notifications need to arrive, as [`DiagnoseOptions`] says where:
    /// the SP-API destination and subscriptions; the queue (standard, Amazon's principal
    /// allowed both actions by its policy, evaluated statement by statement, SSE-KMS key,
    /// dead-letter queue, visibility timeout, region); the partner event source (state, bus,
    /// a rule per type, the rule's target and whether it may receive from the rule).
    ///
    /// # Errors
    ///
    /// Only when a check could not be made at all (AWS or SP-API unreachable, credentials
    /// refused); what the checks find is in the [`Report`].
    pub async fn diagnose(&self, options: &DiagnoseOptions) -> Result<Report, Error> {
        let mut report = Report::default();
        let mut queue_url = options.queue_url.clone();
        let destination = match (&options.destination_id, &queue_url) {
            (Some(id), _) => match self.notifications.get_destination(id).await {
                Ok(destination) => {
                    report.pass(CheckId::Destination, format!("destination {id} exists"));
                    Some(destination.into_inner())
                }
                Err(error)
                    if error
                        .is_status(spapi_notifications_client::reqwest::StatusCode::NOT_FOUND) =>
                {
                    report.fail(
                        CheckId::Destination,
                        format!("destination {id} does not exist"),
                        "create it: spapi-notifications setup sqs (or setup eventbridge)",
                    );
                    None
                }
                Err(error) => return Err(error.into()),
            },
            (None, Some(url)) => {
                let arn = match crate::queue::attributes(&self.sqs, url).await? {
                    Some(attributes) => attributes.arn().ok(),
                    None => None,
                };
                match arn {
                    Some(arn) => {
                        let found = self
                            .find_destination(&DestinationResourceSpecification::sqs(&arn))
                            .await?;
                        match &found {
                            Some(destination) => report.pass(
                                CheckId::Destination,
                                format!(
                                    "destination {} delivers to {arn}",
                                    destination.destination_id
                                ),
                            ),
                            None => report.fail(
                                CheckId::Destination,
                                format!("no SP-API destination delivers to {arn}"),
                                format!(
                                    "create one: spapi-notifications setup sqs --queue-name {}",
                                    crate::queue::name_of(url)
                                ),
                            ),
                        }
                        found
                    }
                    None => None,
                }
            }
            (None, None) => None,
        };
        if let Some(destination) = &destination {
            self.check_subscriptions(destination, options, &mut report)
                .await?;
            if let Some(sqs) = &destination.resource.sqs
                && queue_url.is_none()
            {
                queue_url = crate::queue::find_by_arn(&self.sqs, &sqs.arn).await?;
                if queue_url.is_none() {
                    report.fail(
                        CheckId::Queue,
                        format!("queue {} does not exist", sqs.arn),
                        "create it, or point the destination to an existing queue: spapi-notifications setup sqs",
                    );
                }
            }
        }
        if let Some(url) = &queue_url {
            self.check_queue(url, options, &mut report).await?;
        }
        if let Some(event_bridge) = destination
            .as_ref()
            .and_then(|destination| destination.resource.event_bridge.as_ref())
        {
            let mut types = options.notification_types.clone();
            types.extend(options.subscriptions.iter().map(|(t, _)| t.clone()));
            self.check_event_bridge(event_bridge, &types, &mut report)
                .await?;
        }
        Ok(report)
    }

    async fn check_subscriptions(
        &self,
        destination: &Destination,
        options: &DiagnoseOptions,
        report: &mut Report,
    ) -> Result<(), Error> {
        for (notification_type, id) in &options.subscriptions {
            match self
                .notifications
                .get_subscription_by_id(notification_type, id)
                .await
            {
                Ok(subscription) if subscription.destination_id == destination.destination_id => {
                    report.pass(
                        CheckId::Subscription,
                        format!("{notification_type} subscription {id} points to the destination"),
                    );
                }
                Ok(subscription) => report.fail(
                    CheckId::Subscription,
                    format!(
                        "{notification_type} subscription {id} points to destination {}, not {}",
                        subscription.destination_id, destination.destination_id
                    ),
                    "delete it and subscribe again with this destination",
                ),
                Err(error)
                    if error
                        .is_status(spapi_notifications_client::reqwest::StatusCode::NOT_FOUND) =>
                {
                    report.fail(
                        CheckId::Subscription,
                        format!("{notification_type} subscription {id} does not exist"),
                        "subscribe the seller: createSubscription with this destination",
                    );
                }
                Err(error) => return Err(error.into()),
            }
        }
        Ok(())
    }
}
