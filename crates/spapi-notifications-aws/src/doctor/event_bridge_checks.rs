//! The EventBridge checks: partner source, bus, a rule per type, the rule's target.

use aws_sdk_eventbridge::types::EventSourceState;
use spapi_notification_types::NotificationType;
use spapi_notifications_client::EventBridgeResource;

use super::{CheckId, Report};
use crate::policy::{self, PolicyDocument, Request};
use crate::{AwsSetup, Error, bus, event_pattern, queue};

impl AwsSetup {
    pub(super) async fn check_event_bridge(
        &self,
        resource: &EventBridgeResource,
        types: &[NotificationType],
        report: &mut Report,
    ) -> Result<(), Error> {
        let source = &resource.name;
        match bus::source_state(&self.events, source).await? {
            None => {
                report.fail(
                    CheckId::PartnerSource,
                    format!("partner event source {source} does not exist in this account and region"),
                    format!(
                        "check the AWS account and region ({} {}) of the EventBridge client and the destination",
                        resource.account_id, resource.region
                    ),
                );
                return Ok(());
            }
            Some(EventSourceState::Active) => {
                report.pass(CheckId::PartnerSource, format!("{source} is ACTIVE"));
            }
            Some(EventSourceState::Deleted) => {
                report.fail(
                    CheckId::PartnerSource,
                    format!("{source} is DELETED: Amazon no longer sends to it"),
                    "a deleted source does not come back: remove the destination and set it up again (spapi-notifications teardown, then setup eventbridge)",
                );
                return Ok(());
            }
            Some(state) => report.warn(
                CheckId::PartnerSource,
                format!("{source} is {}", state.as_str()),
                "associate it with an event bus (spapi-notifications setup eventbridge)",
            ),
        }
        if bus::bus_arn(&self.events, source).await?.is_none() {
            report.fail(
                CheckId::EventBus,
                format!("{source} is not associated with an event bus"),
                format!(
                    "aws events create-event-bus --name {source} --event-source-name {source} (or spapi-notifications setup eventbridge)"
                ),
            );
            return Ok(());
        }
        report.pass(
            CheckId::EventBus,
            format!("bus {source} receives the source's events"),
        );
        let rules = bus::rules(&self.events, source).await?;
        for notification_type in types {
            let matching = rules.iter().find(|rule| {
                rule.pattern.as_ref().is_some_and(|pattern| {
                    event_pattern::matches(pattern, source, &resource.account_id, notification_type)
                })
            });
            let Some(rule) = matching else {
                let there: Vec<&str> = rules.iter().map(|rule| rule.name.as_str()).collect();
                let detail = if there.is_empty() {
                    format!("no rule on bus {source} matches {notification_type}: it has none")
                } else {
                    format!(
                        "no rule on bus {source} matches {notification_type}: not {}",
                        there.join(", ")
                    )
                };
                report.fail(
                    CheckId::Rule,
                    detail,
                    format!(
                        "add a rule with the pattern {} (or spapi-notifications setup eventbridge --types {notification_type})",
                        event_pattern::for_types(&resource.account_id, &[notification_type.as_str().to_owned()])
                    ),
                );
                continue;
            };
            report.pass(
                CheckId::Rule,
                format!("rule {} matches {notification_type}", rule.name),
            );
            self.check_target(source, rule, report).await?;
        }
        Ok(())
    }

    async fn check_target(
        &self,
        bus_name: &str,
        rule: &bus::Rule,
        report: &mut Report,
    ) -> Result<(), Error> {
        let targets = bus::targets(&self.events, bus_name, &rule.name).await?;
        if targets.is_empty() {
            report.fail(
                CheckId::RuleTarget,
                format!("rule {} has no target: its events go nowhere", rule.name),
                "add a target (an SQS queue or a Lambda function): spapi-notifications setup eventbridge --target-queue-name NAME",
            );
            return Ok(());
        }
        for target in targets {
            let arn = target.arn();
            if !arn.starts_with("arn:aws:sqs:") {
                report.warn(
                    CheckId::RuleTarget,
                    format!("rule {} sends to {arn} (its permission is not checked)", rule.name),
                    "make sure the target's resource policy lets events.amazonaws.com invoke it from the rule",
                );
                continue;
            }
            let Some(url) = crate::queue::find_by_arn(&self.sqs, arn).await? else {
                report.fail(
                    CheckId::RuleTarget,
                    format!("rule {} sends to {arn}, which does not exist", rule.name),
                    "create the queue, or point the rule to an existing one",
                );
                continue;
            };
            let policy = queue::attributes(&self.sqs, &url)
                .await?
                .and_then(|attributes| {
                    attributes
                        .get(&aws_sdk_sqs::types::QueueAttributeName::Policy)
                        .and_then(|json| PolicyDocument::parse(json).ok())
                })
                .unwrap_or_default();
            let request = Request::event_bridge("sqs:SendMessage", arn, &rule.arn);
            if policy.evaluate(&request).is_allowed() {
                report.pass(
                    CheckId::RuleTarget,
                    format!("rule {} sends to {arn}, whose policy lets it", rule.name),
                );
            } else {
                report.fail(
                    CheckId::RuleTarget,
                    format!("rule {} sends to {arn}, whose policy does not let events.amazonaws.com send from it", rule.name),
                    format!("add to the queue policy: {}", policy::event_bridge_statement(arn, &rule.arn)),
                );
            }
        }
        Ok(())
    }
}
