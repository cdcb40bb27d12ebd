//! `ensure_event_bridge_destination`: SP-API's EventBridge tutorial as one idempotent call.

use aws_sdk_eventbridge::types::Target;
use spapi_notification_types::{DeliveryChannel, NotificationType};
use spapi_notifications_client::{Destination, DestinationResourceSpecification};

use crate::policy::{self, Request};
use crate::queue::{self, Queue};
use crate::{AwsSetup, Change, Error, bus, event_pattern};

/// The rule's name unless set.
pub const DEFAULT_RULE_NAME: &str = "sp-api-notifications";

/// The id of the rule's target that this crate puts.
pub const TARGET_ID: &str = "sp-api-notifications";

/// Where the rule sends SP-API's events.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventTarget {
    /// An SQS queue by name (created when missing), whose policy is given a statement letting
    /// `events.amazonaws.com` send from this rule only: the same
    /// [`SqsConsumer`](https://docs.rs/spapi-notifications-consumer) then reads both channels.
    Queue(String),
    /// A Lambda function by ARN. Its resource policy must let `events.amazonaws.com` invoke it
    /// from the rule (`aws lambda add-permission`); this crate does not call Lambda.
    Lambda(String),
}

/// What [`AwsSetup::ensure_event_bridge_destination`] sets up.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventBridgeOptions {
    /// The AWS account that receives the events.
    pub account_id: String,
    /// Its region, such as `us-east-1`.
    pub region: String,
    /// The types the rule matches (its `detail-type`); types already in the rule are kept.
    pub notification_types: Vec<NotificationType>,
    /// The SP-API destination's name; `eventbridge-ACCOUNT` unless set.
    pub destination_name: Option<String>,
    /// The rule's name; [`DEFAULT_RULE_NAME`] unless set.
    pub rule_name: String,
    /// The rule's target.
    pub target: EventTarget,
}

impl EventBridgeOptions {
    /// Account `account_id` in `region`, a rule for `notification_types`, and the queue
    /// `sp-api-eventbridge` as its target.
    pub fn new(
        account_id: impl Into<String>,
        region: impl Into<String>,
        notification_types: impl IntoIterator<Item = NotificationType>,
    ) -> Self {
        Self {
            account_id: account_id.into(),
            region: region.into(),
            notification_types: notification_types.into_iter().collect(),
            destination_name: None,
            rule_name: DEFAULT_RULE_NAME.to_owned(),
            target: EventTarget::Queue("sp-api-eventbridge".to_owned()),
        }
    }

    /// The rule's target.
    pub fn target(mut self, target: EventTarget) -> Self {
        self.target = target;
        self
    }

    /// The rule's name.
    pub fn rule_name(mut self, name: impl Into<String>) -> Self {
        self.rule_name = name.into();
        self
    }

    /// The SP-API destination's name.
    pub fn destination_name(mut self, name: impl Into<String>) -> Self {
        self.destination_name = Some(name.into());
        self
    }
}

/// What [`AwsSetup::ensure_event_bridge_destination`] set up.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EventBridgeDestination {
    /// The SP-API destination.
    pub destination: Destination,
    /// The partner event source, `aws.partner/sellingpartnerapi.amazon.com/ACCOUNT/APP`; the
    /// bus has the same name.
    pub source_name: String,
    /// The rule's ARN.
    pub rule_arn: String,
    /// The target's ARN.
    pub target_arn: String,
    /// The target queue, when the target is a queue.
    pub queue: Option<Queue>,
    /// What this call changed: nothing on a second run with the same types.
    pub changes: Vec<Change>,
}

impl AwsSetup {
    /// SP-API's EventBridge tutorial, idempotent: the SP-API destination for the account and
    /// region; the partner event source Amazon creates for it, associated with a bus of the
    /// same name; a rule on that bus with the tutorial's pattern (source prefix
    /// `aws.partner/sellingpartnerapi.amazon.com`, the account, the types as `detail-type`,
    /// adding to the types already there); and a target.
    ///
    /// # Errors
    ///
    /// [`Error::WrongChannel`] for a type Amazon delivers to SQS, [`Error::NoPartnerSource`]
    /// when the source is not in the account, [`Error::FifoQueue`] for a FIFO target queue,
    /// [`Error::EventBridge`], [`Error::Sqs`] and [`Error::Api`] for failed calls.
    pub async fn ensure_event_bridge_destination(
        &self,
        options: &EventBridgeOptions,
    ) -> Result<EventBridgeDestination, Error> {
        if let Some(sqs_only) = options
            .notification_types
            .iter()
            .find(|t| t.delivery_channel() == Some(DeliveryChannel::Sqs))
        {
            return Err(Error::WrongChannel {
                notification_type: sqs_only.clone(),
                channel: "SQS",
            });
        }
        let mut changes = Vec::new();
        let resource =
            DestinationResourceSpecification::event_bridge(&options.account_id, &options.region);
        let name = options
            .destination_name
            .clone()
            .unwrap_or_else(|| format!("eventbridge-{}", options.account_id));
        let destination = self
            .ensure_destination(&name, &resource, &mut changes)
            .await?;
        let source_name = destination
            .resource
            .event_bridge
            .as_ref()
            .map(|event_bridge| event_bridge.name.clone())
            .ok_or(Error::Incomplete {
                operation: "createDestination",
                missing: "the partner event source's name",
            })?;
        if bus::source_state(&self.events, &source_name)
            .await?
            .is_none()
        {
            return Err(Error::NoPartnerSource { name: source_name });
        }
        self.ensure_bus(&source_name, &mut changes).await?;
        let rule_arn = self
            .ensure_rule(&source_name, options, &mut changes)
            .await?;
        let (target_arn, queue) = match &options.target {
            EventTarget::Queue(queue_name) => {
                let queue = self
                    .ensure_target_queue(queue_name, &rule_arn, &mut changes)
                    .await?;
                (queue.arn.clone(), Some(queue))
            }
            EventTarget::Lambda(arn) => (arn.clone(), None),
        };
        self.ensure_target(&source_name, &options.rule_name, &target_arn, &mut changes)
            .await?;
        Ok(EventBridgeDestination {
            destination,
            source_name,
            rule_arn,
            target_arn,
            queue,
            changes,
        })
    }

    /// A bus named after the source, associated with it.
    async fn ensure_bus(&self, source_name: &str, changes: &mut Vec<Change>) -> Result<(), Error> {
        if bus::bus_arn(&self.events, source_name).await?.is_some() {
            return Ok(());
        }
        self.events
            .create_event_bus()
            .name(source_name)
            .event_source_name(source_name)
            .send()
            .await
            .map_err(|error| Error::event_bridge("CreateEventBus", error.into_service_error()))?;
        changes.push(Change::CreatedEventBus(source_name.to_owned()));
        Ok(())
    }

    /// The rule with the tutorial's pattern, its `detail-type` the union of the types already
    /// there and those asked for.
    async fn ensure_rule(
        &self,
        bus_name: &str,
        options: &EventBridgeOptions,
        changes: &mut Vec<Change>,
    ) -> Result<String, Error> {
        let existing = bus::rules(&self.events, bus_name)
            .await?
            .into_iter()
            .find(|rule| rule.name == options.rule_name);
        let mut types = existing
            .as_ref()
            .and_then(|rule| rule.pattern.as_ref())
            .map(event_pattern::detail_types)
            .unwrap_or_default();
        for notification_type in &options.notification_types {
            let name = notification_type.as_str().to_owned();
            if !types.contains(&name) {
                types.push(name);
            }
        }
        let pattern = event_pattern::for_types(&options.account_id, &types);
        if let Some(rule) = &existing
            && rule.pattern.as_ref() == Some(&pattern)
        {
            return Ok(rule.arn.clone());
        }
        let arn = self
            .events
            .put_rule()
            .name(&options.rule_name)
            .event_bus_name(bus_name)
            .event_pattern(pattern.to_string())
            .description("SP-API notifications (spapi-notifications)")
            .send()
            .await
            .map_err(|error| Error::event_bridge("PutRule", error.into_service_error()))?
            .rule_arn
            .ok_or(Error::Incomplete {
                operation: "PutRule",
                missing: "RuleArn",
            })?;
        changes.push(Change::PutRule(arn.clone()));
        Ok(arn)
    }

    /// The target queue, with a statement letting EventBridge send from `rule_arn`.
    async fn ensure_target_queue(
        &self,
        queue_name: &str,
        rule_arn: &str,
        changes: &mut Vec<Change>,
    ) -> Result<Queue, Error> {
        let (queue, attributes) = queue::ensure_standard(&self.sqs, queue_name, changes).await?;
        let mut document = attributes.policy()?;
        let request = Request::event_bridge("sqs:SendMessage", &queue.arn, rule_arn);
        if !document.evaluate(&request).is_allowed() {
            document.put_statement(policy::event_bridge_statement(&queue.arn, rule_arn))?;
            queue::set_policy(&self.sqs, &queue.url, &document).await?;
            changes.push(Change::MergedPolicyStatement(
                policy::event_bridge_statement_sid(rule_arn),
            ));
        }
        Ok(queue)
    }

    async fn ensure_target(
        &self,
        bus_name: &str,
        rule_name: &str,
        target_arn: &str,
        changes: &mut Vec<Change>,
    ) -> Result<(), Error> {
        let targets = bus::targets(&self.events, bus_name, rule_name).await?;
        if targets.iter().any(|target| target.arn() == target_arn) {
            return Ok(());
        }
        let target = Target::builder()
            .id(TARGET_ID)
            .arn(target_arn)
            .build()
            .map_err(|error| Error::event_bridge("PutTargets", error))?;
        let output = self
            .events
            .put_targets()
            .rule(rule_name)
            .event_bus_name(bus_name)
            .targets(target)
            .send()
            .await
            .map_err(|error| Error::event_bridge("PutTargets", error.into_service_error()))?;
        if output.failed_entry_count > 0 {
            let reason = output
                .failed_entries()
                .iter()
                .map(|entry| entry.error_message().unwrap_or_default().to_owned())
                .collect::<Vec<_>>()
                .join("; ");
            return Err(Error::event_bridge(
                "PutTargets",
                std::io::Error::other(reason),
            ));
        }
        changes.push(Change::PutTarget(target_arn.to_owned()));
        Ok(())
    }
}
