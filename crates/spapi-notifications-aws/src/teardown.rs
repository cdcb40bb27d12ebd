//! `teardown`: the setup calls in reverse, idempotent, so a second run (or a run on a
//! half-removed setup) finishes the job and changes nothing more.

mod remove;

use spapi_notification_types::{DeliveryChannel, NotificationType};
use spapi_notifications_client::reqwest::StatusCode;
use spapi_notifications_client::{Destination, SellerClient};

use crate::policy;
use crate::{AwsSetup, Change, DEFAULT_RULE_NAME, Error, SOURCE_PREFIX};

/// What [`AwsSetup::teardown`] removes: the destination, its subscriptions, and what setup
/// made for it in AWS.
///
/// The destination says where its queue or bus is. When it is already gone (a half-removed
/// setup), say where they are: [`queue`](Self::queue), [`event_bus`](Self::event_bus) or
/// [`partner_source`](Self::partner_source).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TeardownOptions {
    /// The SP-API destination, when there is one to remove.
    pub destination_id: Option<String>,
    /// Subscriptions (type and id) to delete first.
    pub subscriptions: Vec<(NotificationType, String)>,
    /// A seller whose subscriptions to the destination are found (`getSubscription` per type)
    /// and deleted too.
    pub seller: Option<SellerClient>,
    /// A queue (name or URL) setup made or adopted: with an event bus (given, or the
    /// destination's) the rule's target queue, whose statement for the rule is removed;
    /// otherwise the SQS destination's queue, whose statement for Amazon is removed.
    pub queue: Option<String>,
    /// The event bus of the partner event source (named after it), when the destination no
    /// longer says which.
    pub event_bus: Option<String>,
    /// The rule whose statement setup merged into [`queue`](Self::queue)'s policy;
    /// [`DEFAULT_RULE_NAME`] unless set. Every rule on the bus is deleted whatever its name.
    pub rule_name: String,
    /// Whether the queues (the destination's queue and its `-dlq`, or the rule's target
    /// queues) are deleted; otherwise only the statements setup merged are removed.
    pub delete_queue: bool,
}

impl Default for TeardownOptions {
    /// Nothing to remove yet: add a destination, a queue or a bus.
    fn default() -> Self {
        Self {
            destination_id: None,
            subscriptions: Vec::new(),
            seller: None,
            queue: None,
            event_bus: None,
            rule_name: DEFAULT_RULE_NAME.to_owned(),
            delete_queue: false,
        }
    }
}

impl TeardownOptions {
    /// Removes the destination `id`, keeping its queue.
    pub fn new(destination_id: impl Into<String>) -> Self {
        Self {
            destination_id: Some(destination_id.into()),
            ..Self::default()
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

    /// The queue, by name or URL (see [`queue`](Self::queue)).
    pub fn queue(mut self, name_or_url: impl Into<String>) -> Self {
        self.queue = Some(name_or_url.into());
        self
    }

    /// The event bus, by name.
    pub fn event_bus(mut self, name: impl Into<String>) -> Self {
        self.event_bus = Some(name.into());
        self
    }

    /// The bus of the partner event source of `account_id` and the SP-API application
    /// `application_id` (`amzn1.sp.solution.…`): `aws.partner/sellingpartnerapi.amazon.com/ACCOUNT/APP`.
    pub fn partner_source(
        self,
        account_id: impl AsRef<str>,
        application_id: impl AsRef<str>,
    ) -> Self {
        let name = format!(
            "{SOURCE_PREFIX}/{}/{}",
            account_id.as_ref(),
            application_id.as_ref()
        );
        self.event_bus(name)
    }

    /// The rule whose statement is removed from the target queue (see
    /// [`rule_name`](Self::rule_name)).
    pub fn rule_name(mut self, name: impl Into<String>) -> Self {
        self.rule_name = name.into();
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
    /// skipped, and what the destination no longer names is found from the options, so a run
    /// on a half-removed setup finishes the job.
    ///
    /// # Errors
    ///
    /// [`Error::Api`], [`Error::Sqs`] or [`Error::EventBridge`] for a call that failed for
    /// another reason than the thing being gone.
    pub async fn teardown(&self, options: &TeardownOptions) -> Result<Teardown, Error> {
        let mut changes = Vec::new();
        let destination = match &options.destination_id {
            Some(id) => match self.notifications.get_destination(id).await {
                Ok(destination) => Some(destination.into_inner()),
                Err(error) if error.is_status(StatusCode::NOT_FOUND) => None,
                Err(error) => return Err(error.into()),
            },
            None => None,
        };
        let subscriptions = self.subscriptions_of(options, destination.as_ref()).await?;
        for (notification_type, subscription_id) in subscriptions {
            if self
                .delete_subscription(options, &notification_type, &subscription_id)
                .await?
            {
                changes.push(Change::DeletedSubscription(subscription_id));
            }
        }
        if let Some(id) = destination.as_ref().map(|d| &d.destination_id) {
            match self.notifications.delete_destination(id).await {
                Ok(_) => changes.push(Change::DeletedDestination(id.clone())),
                Err(error) if error.is_status(StatusCode::NOT_FOUND) => {}
                Err(error) => return Err(error.into()),
            }
        }
        let resource = destination.as_ref().map(|d| &d.resource);
        let bus = resource
            .and_then(|r| r.event_bridge.as_ref())
            .map(|event_bridge| event_bridge.name.as_str())
            .or(options.event_bus.as_deref());
        if let Some(bus) = bus {
            self.remove_bus(bus, options.delete_queue, &mut changes)
                .await?;
        }
        if let Some(sqs) = resource.and_then(|r| r.sqs.as_ref())
            && let Some(url) = crate::queue::find_by_arn(&self.sqs, &sqs.arn).await?
        {
            let sid = policy::AMAZON_STATEMENT_SID;
            self.release_queue(&url, sid, options.delete_queue, &mut changes)
                .await?;
        }
        if let Some(given) = &options.queue
            && let Some(url) = self.queue_url(given).await?
        {
            let sid = match bus {
                Some(_) => policy::event_bridge_statement_sid(&options.rule_name),
                None => policy::AMAZON_STATEMENT_SID.to_owned(),
            };
            self.release_queue(&url, &sid, options.delete_queue, &mut changes)
                .await?;
        }
        Ok(Teardown {
            destination,
            changes,
        })
    }

    /// The subscriptions given, and the seller's that point to the destination: one
    /// `getSubscription` per type (Amazon has no list of a seller's subscriptions), skipping
    /// the types Amazon delivers through the other channel, since each call waits its turn
    /// (one a second).
    async fn subscriptions_of(
        &self,
        options: &TeardownOptions,
        destination: Option<&Destination>,
    ) -> Result<Vec<(NotificationType, String)>, Error> {
        let channel = destination.map(|destination| match destination.resource.event_bridge {
            Some(_) => DeliveryChannel::EventBridge,
            None => DeliveryChannel::Sqs,
        });
        let mut found = options.subscriptions.clone();
        let (Some(seller), Some(destination_id)) = (&options.seller, &options.destination_id)
        else {
            return Ok(found);
        };
        for notification_type in NotificationType::ALL {
            let other_channel = channel.is_some_and(|channel| {
                notification_type
                    .delivery_channel()
                    .is_some_and(|its| its != channel)
            });
            if other_channel
                || notification_type.is_removed()
                || found.iter().any(|(known, _)| known == notification_type)
            {
                continue;
            }
            match seller.get_subscription(notification_type, None).await {
                Ok(subscription) if &subscription.destination_id == destination_id => {
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
}
