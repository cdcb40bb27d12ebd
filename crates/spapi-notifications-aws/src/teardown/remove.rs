//! The AWS half of a teardown: the bus with its rules and targets, and the queues' statements
//! (or the queues).

use crate::policy;
use crate::queue;
use crate::sqs_destination::RedrivePolicy;
use crate::{AwsSetup, Change, Error, SqsOptions, bus};

impl AwsSetup {
    /// Every rule on the source's bus, their targets (target queues released), then the bus.
    pub(super) async fn remove_bus(
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
                    let sid = policy::event_bridge_statement_sid(&rule.arn);
                    self.release_queue(&url, &sid, delete_queue, changes)
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

    /// Deletes the queue at `url` and the dead-letter queue setup made for it when asked;
    /// otherwise removes the statement `sid` from its policy. Nothing when it is gone.
    pub(super) async fn release_queue(
        &self,
        url: &str,
        sid: &str,
        delete_queue: bool,
        changes: &mut Vec<Change>,
    ) -> Result<(), Error> {
        let Some(attributes) = queue::attributes(&self.sqs, url).await? else {
            return Ok(());
        };
        if delete_queue {
            let ours = SqsOptions::dead_letter_queue_name(queue::name_of(url));
            if let Some(redrive) = RedrivePolicy::of(&attributes)
                && redrive.target_arn.ends_with(&format!(":{ours}"))
                && let Some(dlq) = queue::find_by_arn(&self.sqs, &redrive.target_arn).await?
                && queue::delete(&self.sqs, &dlq).await?
            {
                changes.push(Change::DeletedQueue(dlq));
            }
            if queue::delete(&self.sqs, url).await? {
                changes.push(Change::DeletedQueue(url.to_owned()));
            }
            return Ok(());
        }
        let mut document = attributes.policy()?;
        if document.remove_statement(sid) {
            queue::set_policy(&self.sqs, url, &document).await?;
            changes.push(Change::RemovedPolicyStatement(sid.to_owned()));
        }
        Ok(())
    }

    /// The URL of a queue given by name or URL; `None` when no queue has that name (a URL is
    /// taken as it is: [`release_queue`](Self::release_queue) finds whether it exists).
    pub(super) async fn queue_url(&self, name_or_url: &str) -> Result<Option<String>, Error> {
        if name_or_url.starts_with("https://") || name_or_url.starts_with("http://") {
            return Ok(Some(name_or_url.to_owned()));
        }
        queue::find(&self.sqs, name_or_url, None).await
    }
}
