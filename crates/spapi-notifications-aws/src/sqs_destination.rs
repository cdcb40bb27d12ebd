//! `ensure_sqs_destination`: SP-API's SQS tutorial as one idempotent call.

use aws_sdk_sqs::types::QueueAttributeName;
use spapi_notifications_client::{Destination, DestinationResourceSpecification};

use crate::encryption::Encryption;
use crate::policy::{self, AMAZON_ACTIONS, AMAZON_PRINCIPAL, Decision, Request};
use crate::queue::{self, Attributes, Queue};
use crate::{AwsSetup, Change, Error};

/// The dead-letter queue's `maxReceiveCount` unless set: five failed receives.
pub const DEFAULT_MAX_RECEIVE_COUNT: u32 = 5;

/// What [`AwsSetup::ensure_sqs_destination`] sets up.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SqsOptions {
    /// The queue to create or adopt (a standard queue: a `.fifo` name is refused).
    pub queue_name: String,
    /// The SP-API destination's name; the queue name unless set.
    pub destination_name: Option<String>,
    /// A dead-letter queue (`QUEUE-dlq`) and the redrive policy's `maxReceiveCount`.
    pub dead_letter_queue: Option<u32>,
}

impl SqsOptions {
    /// The queue called `queue_name`, no dead-letter queue, a destination of the same name.
    pub fn new(queue_name: impl Into<String>) -> Self {
        Self {
            queue_name: queue_name.into(),
            destination_name: None,
            dead_letter_queue: None,
        }
    }

    /// Also a dead-letter queue, `QUEUE-dlq`, receiving the messages received
    /// `max_receive_count` times without being deleted.
    pub fn dead_letter_queue(mut self, max_receive_count: u32) -> Self {
        self.dead_letter_queue = Some(max_receive_count);
        self
    }

    /// The SP-API destination's name.
    pub fn destination_name(mut self, name: impl Into<String>) -> Self {
        self.destination_name = Some(name.into());
        self
    }

    /// The dead-letter queue's name for `queue_name`.
    pub fn dead_letter_queue_name(queue_name: &str) -> String {
        format!("{queue_name}-dlq")
    }
}

/// What [`AwsSetup::ensure_sqs_destination`] set up.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SqsDestination {
    /// The queue.
    pub queue: Queue,
    /// The dead-letter queue, when asked for.
    pub dead_letter_queue: Option<Queue>,
    /// How the queue is encrypted; with SSE-KMS, [`Encryption::key_policy_statement`] is what
    /// the key policy needs (this crate cannot check it without KMS access).
    pub encryption: Encryption,
    /// The SP-API destination on the queue.
    pub destination: Destination,
    /// What this call changed: nothing on a second run.
    pub changes: Vec<Change>,
}

impl AwsSetup {
    /// SP-API's SQS tutorial, idempotent: the standard queue `options.queue_name` (created, or
    /// adopted as it is), optionally its dead-letter queue and redrive policy, one statement
    /// for Amazon's principal `arn:aws:iam::437568002678:root` (`sqs:SendMessage`,
    /// `sqs:GetQueueAttributes`) merged into its access policy (every other statement kept;
    /// nothing added when the policy already allows both), then the SP-API destination.
    ///
    /// # Errors
    ///
    /// [`Error::FifoQueue`] for a FIFO queue (SP-API delivers only to standard queues),
    /// [`Error::PolicyDenies`] when a `Deny` statement blocks Amazon,
    /// [`Error::InvalidPolicy`] for a policy that does not parse, [`Error::Sqs`] and
    /// [`Error::Api`] for failed calls.
    pub async fn ensure_sqs_destination(
        &self,
        options: &SqsOptions,
    ) -> Result<SqsDestination, Error> {
        let mut changes = Vec::new();
        let (queue, attributes) =
            queue::ensure_standard(&self.sqs, &options.queue_name, &mut changes).await?;

        let dead_letter_queue = match options.dead_letter_queue {
            Some(max_receive_count) => Some(
                self.ensure_redrive(&queue, &attributes, max_receive_count, &mut changes)
                    .await?,
            ),
            None => None,
        };
        self.ensure_amazon_statement(&queue, &attributes, &mut changes)
            .await?;

        let resource = DestinationResourceSpecification::sqs(&queue.arn);
        let name = options
            .destination_name
            .as_deref()
            .unwrap_or(&options.queue_name);
        let destination = self
            .ensure_destination(name, &resource, &mut changes)
            .await?;
        Ok(SqsDestination {
            encryption: Encryption::of(&attributes),
            queue,
            dead_letter_queue,
            destination,
            changes,
        })
    }

    /// The dead-letter queue and the queue's redrive policy to it.
    async fn ensure_redrive(
        &self,
        queue: &Queue,
        attributes: &Attributes,
        max_receive_count: u32,
        changes: &mut Vec<Change>,
    ) -> Result<Queue, Error> {
        let name = SqsOptions::dead_letter_queue_name(queue::name_of(&queue.url));
        let (url, created) = queue::find_or_create(&self.sqs, &name).await?;
        if created {
            changes.push(Change::CreatedDeadLetterQueue(url.clone()));
        }
        let dead_letter = Queue {
            arn: queue::existing_attributes(&self.sqs, &url).await?.arn()?,
            url,
        };
        let wanted = serde_json::json!({
            "deadLetterTargetArn": dead_letter.arn,
            "maxReceiveCount": max_receive_count,
        });
        if RedrivePolicy::of(attributes) != RedrivePolicy::parse(&wanted) {
            let json = wanted.to_string();
            queue::set_attribute(
                &self.sqs,
                &queue.url,
                QueueAttributeName::RedrivePolicy,
                json.clone(),
            )
            .await?;
            changes.push(Change::SetRedrivePolicy(json));
        }
        Ok(dead_letter)
    }

    /// Merges [`policy::amazon_statement`] unless the policy already allows both actions.
    async fn ensure_amazon_statement(
        &self,
        queue: &Queue,
        attributes: &Attributes,
        changes: &mut Vec<Change>,
    ) -> Result<(), Error> {
        let mut document = attributes.policy()?;
        let mut missing = false;
        for action in AMAZON_ACTIONS {
            match document.evaluate(&Request::amazon(action, &queue.arn)) {
                Decision::Allowed { .. } => {}
                Decision::Denied { statement } => {
                    return Err(Error::PolicyDenies {
                        queue: queue.arn.clone(),
                        statement,
                        principal: AMAZON_PRINCIPAL.to_owned(),
                        action: action.to_owned(),
                    });
                }
                _ => missing = true,
            }
        }
        if missing {
            document.put_statement(policy::amazon_statement(&queue.arn))?;
            queue::set_policy(&self.sqs, &queue.url, &document).await?;
            changes.push(Change::MergedPolicyStatement(
                policy::AMAZON_STATEMENT_SID.to_owned(),
            ));
        }
        Ok(())
    }

    /// The destination on `resource`: found with `getDestinations`, or created.
    pub(crate) async fn ensure_destination(
        &self,
        name: &str,
        resource: &DestinationResourceSpecification,
        changes: &mut Vec<Change>,
    ) -> Result<Destination, Error> {
        if let Some(existing) = self.find_destination(resource).await? {
            return Ok(existing);
        }
        let destination = self
            .notifications
            .ensure_destination(name, resource)
            .await?
            .into_inner();
        changes.push(Change::CreatedDestination(
            destination.destination_id.clone(),
        ));
        Ok(destination)
    }

    pub(crate) async fn find_destination(
        &self,
        resource: &DestinationResourceSpecification,
    ) -> Result<Option<Destination>, Error> {
        let destinations = self.notifications.get_destinations().await?.into_inner();
        Ok(destinations
            .into_iter()
            .find(|destination| destination.resource.matches(resource)))
    }
}

/// A redrive policy's two settings, whatever their JSON types (SQS returns the count as a
/// number or a string).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RedrivePolicy {
    pub(crate) target_arn: String,
    pub(crate) max_receive_count: Option<u64>,
}

impl RedrivePolicy {
    pub(crate) fn of(attributes: &Attributes) -> Option<Self> {
        let json = attributes.get(&QueueAttributeName::RedrivePolicy)?;
        Self::parse(&serde_json::from_str(json).ok()?)
    }

    fn parse(value: &serde_json::Value) -> Option<Self> {
        let count = &value["maxReceiveCount"];
        Some(Self {
            target_arn: value["deadLetterTargetArn"].as_str()?.to_owned(),
            max_receive_count: count
                .as_u64()
                .or_else(|| count.as_str().and_then(|count| count.parse().ok())),
        })
    }
}
