//! `teardown`: the setup calls in reverse, idempotent, so a second run (or a run on a
//! half-removed setup) finishes the job and changes nothing more.

use spapi_notification_types::NotificationType;
use spapi_notifications_client::reqwest::StatusCode;
use spapi_notifications_client::{Destination, SellerClient};

use crate::policy;
use crate::queue::{self, Queue};
use crate::sqs_destination::RedrivePolicy;
use crate::{AwsSetup, Change, Error, SqsOptions, bus};

/// What [`AwsSetup::teardown`] removes: the destination, its subscriptions, and what setup
/// made for it in AWS.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TeardownOptions {
    /// The SP-API destination.
    pub destination_id: String,
    /// Subscriptions (type and id) to delete first.
    pub subscriptions: Vec<(NotificationType, String)>,
    /// A seller whose subscriptions to the destination are found (`getSubscription` per type)
    /// and deleted too.
    pub seller: Option<SellerClient>,
    /// Whether the queues (the destination's queue and its `-dlq`, or the rule's target
    /// queues) are deleted; otherwise only the statements setup merged are removed.
    pub delete_queue: bool,
}

impl TeardownOptions {
    /// Removes the destination `id`, keeping its queue.
    pub fn new(destination_id: impl Into<String>) -> Self {
        Self {
            destination_id: destination_id.into(),
            subscriptions: Vec::new(),
            seller: None,
            delete_queue: false,
        }
    }

    /// A subscription to delete first.
    pub fn subscription(
        mut self,
        notification_type: NotificationType,
        id: impl Into<String>,
    ) -> Self {
        self.subscriptions.push((notification_type, id.into()));
        self
    }

    /// Also finds and deletes `seller`'s subscriptions to the destination.
    pub fn seller(mut self, seller: SellerClient) -> Self {
        self.seller = Some(seller);
        self
    }

    /// Deletes the queues too.
    pub fn delete_queue(mut self, delete: bool) -> Self {
        self.delete_queue = delete;
        self
    }
}

/// What [`AwsSetup::teardown`] removed.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Teardown {
    /// The destination, when it still existed.
    pub destination: Option<Destination>,
    /// What this call removed: nothing on a second run.
    pub changes: Vec<Change>,
}

impl AwsSetup {
    /// Removes a setup, in reverse: the subscriptions by id (grantless, then with the seller's
    /// token where Amazon refuses that), the destination, then for EventBridge every target,
    /// rule and the bus of its partner source, for SQS the statement merged for Amazon; the
    /// queues only when [`TeardownOptions::delete_queue`] says so. What is already gone is
    /// skipped.
    ///
    /// # Errors
    ///
    /// [`Error::Api`], [`Error::Sqs`] or [`Error::EventBridge`] for a call that failed for
    /// another reason than the thing being gone.
    pub async fn teardown(&self, options: &TeardownOptions) -> Result<Teardown, Error> {
        let mut changes = Vec::new();
        let id = &options.destination_id;
        let destination = match self.notifications.get_destination(id).await {
            Ok(destination) => Some(destination.into_inner()),
            Err(error) if error.is_status(StatusCode::NOT_FOUND) => None,
            Err(error) => return Err(error.into()),
        };
        for (notification_type, subscription_id) in self.subscriptions_of(options).await? {
            if self
                .delete_subscription(options, &notification_type, &subscription_id)
                .await?
            {
                changes.push(Change::DeletedSubscription(subscription_id));
            }
        }
        let Some(destination) = destination else {
            return Ok(Teardown {
                destination: None,
                changes,
            });
        };
        match self.notifications.delete_destination(id).await {
            Ok(_) => changes.push(Change::DeletedDestination(id.clone())),
            Err(error) if error.is_status(StatusCode::NOT_FOUND) => {}
            Err(error) => return Err(error.into()),
        }
        if let Some(event_bridge) = &destination.resource.event_bridge {
            self.remove_bus(&event_bridge.name, options.delete_queue, &mut changes)
                .await?;
        }
        if let Some(sqs) = &destination.resource.sqs
            && let Some(url) = queue::find_by_arn(&self.sqs, &sqs.arn).await?
        {
            let queue = Queue {
                url,
                arn: sqs.arn.clone(),
            };
            self.release_queue(
                &queue,
                policy::AMAZON_STATEMENT_SID,
                options.delete_queue,
                &mut changes,
            )
            .await?;
        }
        Ok(Teardown {
            destination: Some(destination),
            changes,
        })
    }

    /// The subscriptions given, and the seller's that point to the destination.
    async fn subscriptions_of(
        &self,
        options: &TeardownOptions,
    ) -> Result<Vec<(NotificationType, String)>, Error> {
        let mut found = options.subscriptions.clone();
        let Some(seller) = &options.seller else {
            return Ok(found);
        };
        for notification_type in NotificationType::ALL {
            if notification_type.is_removed()
                || found.iter().any(|(known, _)| known == notification_type)
            {
                continue;
            }
            match seller.get_subscription(notification_type, None).await {
                Ok(subscription) if subscription.destination_id == options.destination_id => {
                    found.push((
                        notification_type.clone(),
                        subscription.into_inner().subscription_id,
                    ));
                }
                Ok(_) => {}
                Err(error) if error.is_status(StatusCode::NOT_FOUND) => {}
                Err(error) => return Err(error.into()),
            }
        }
        Ok(found)
    }

    /// Deletes one subscription by id; whether it was there.
    async fn delete_subscription(
        &self,
        options: &TeardownOptions,
        notification_type: &NotificationType,
        id: &str,
    ) -> Result<bool, Error> {
        let deleted = match (
            &options.seller,
            self.notifications
                .delete_subscription_by_id(notification_type, id)
                .await,
        ) {
            (Some(seller), Err(error)) if error.is_status(StatusCode::FORBIDDEN) => {
                seller
                    .delete_subscription_by_id(notification_type, id)
                    .await
            }
            (_, deleted) => deleted,
        };
        match deleted {
            Ok(_) => Ok(true),
            Err(error) if error.is_status(StatusCode::NOT_FOUND) => Ok(false),
            Err(error) => Err(error.into()),
        }
    }

    /// Every rule on the source's bus, their targets (target queues released), then the bus.
    async fn remove_bus(
        &self,
        bus_name: &str,
        delete_queue: bool,
        changes: &mut Vec<Change>,
    ) -> Result<(), Error> {
        if bus::bus_arn(&self.events, bus_name).await?.is_none() {
            return Ok(());
        }
        for rule in bus::rules(&self.events, bus_name).await? {
            let targets = bus::targets(&self.events, bus_name, &rule.name).await?;
            if !targets.is_empty() {
                self.events
                    .remove_targets()
                    .rule(&rule.name)
                    .event_bus_name(bus_name)
                    .set_ids(Some(targets.iter().map(|t| t.id().to_owned()).collect()))
                    .send()
                    .await
                    .map_err(|e| Error::event_bridge("RemoveTargets", e.into_service_error()))?;
            }
            for target in &targets {
                changes.push(Change::RemovedTarget(target.id().to_owned()));
                if let Some(url) = queue::find_by_arn(&self.sqs, target.arn()).await? {
                    let queue = Queue {
                        url,
                        arn: target.arn().to_owned(),
                    };
                    let sid = policy::event_bridge_statement_sid(&rule.arn);
                    self.release_queue(&queue, &sid, delete_queue, changes)
                        .await?;
                }
            }
            self.events
                .delete_rule()
                .name(&rule.name)
                .event_bus_name(bus_name)
                .send()
                .await
                .map_err(|e| Error::event_bridge("DeleteRule", e.into_service_error()))?;
            changes.push(Change::DeletedRule(rule.name));
        }
        // Checked above: DeleteEventBus answers the same whether the bus was there or not.
        self.events
            .delete_event_bus()
            .name(bus_name)
            .send()
            .await
            .map_err(|e| Error::event_bridge("DeleteEventBus", e.into_service_error()))?;
        changes.push(Change::DeletedEventBus(bus_name.to_owned()));
        Ok(())
    }

    /// Deletes the queue and the dead-letter queue setup made for it when asked; otherwise
    /// removes the statement `sid` from its policy.
    async fn release_queue(
        &self,
        queue: &Queue,
        sid: &str,
        delete_queue: bool,
        changes: &mut Vec<Change>,
    ) -> Result<(), Error> {
        let Some(attributes) = queue::attributes(&self.sqs, &queue.url).await? else {
            return Ok(());
        };
        if delete_queue {
            let ours = SqsOptions::dead_letter_queue_name(queue::name_of(&queue.url));
            if let Some(redrive) = RedrivePolicy::of(&attributes)
                && redrive.target_arn.ends_with(&format!(":{ours}"))
                && let Some(url) = queue::find_by_arn(&self.sqs, &redrive.target_arn).await?
                && queue::delete(&self.sqs, &url).await?
            {
                changes.push(Change::DeletedQueue(url));
            }
            if queue::delete(&self.sqs, &queue.url).await? {
                changes.push(Change::DeletedQueue(queue.url.clone()));
            }
            return Ok(());
        }
        let mut document = attributes.policy()?;
        if document.remove_statement(sid) {
            queue::set_policy(&self.sqs, &queue.url, &document).await?;
            changes.push(Change::RemovedPolicyStatement(sid.to_owned()));
        }
        Ok(())
    }
}
