//! EventBridge lookups shared by setup, doctor and teardown: the partner event source, its
//! bus, the bus's rules and their targets.

use aws_sdk_eventbridge::types::{EventSourceState, Target};

use crate::Error;

/// A rule on a bus: its name, ARN and pattern.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub(crate) name: String,
    pub(crate) arn: String,
    pub(crate) pattern: Option<serde_json::Value>,
}

/// The state of the partner event source `name`; `None` when it does not exist.
pub(crate) async fn source_state(
    events: &aws_sdk_eventbridge::Client,
    name: &str,
) -> Result<Option<EventSourceState>, Error> {
    match events.describe_event_source().name(name).send().await {
        Ok(output) => Ok(Some(output.state.unwrap_or(EventSourceState::Pending))),
        Err(error) => {
            let error = error.into_service_error();
            if error.is_resource_not_found_exception() {
                Ok(None)
            } else {
                Err(Error::event_bridge("DescribeEventSource", error))
            }
        }
    }
}

/// The ARN of the bus called `name`; `None` when it does not exist.
pub(crate) async fn bus_arn(
    events: &aws_sdk_eventbridge::Client,
    name: &str,
) -> Result<Option<String>, Error> {
    match events.describe_event_bus().name(name).send().await {
        Ok(output) => Ok(Some(output.arn.unwrap_or_default())),
        Err(error) => {
            let error = error.into_service_error();
            if error.is_resource_not_found_exception() {
                Ok(None)
            } else {
                Err(Error::event_bridge("DescribeEventBus", error))
            }
        }
    }
}

/// Every rule on the bus `bus`.
pub(crate) async fn rules(
    events: &aws_sdk_eventbridge::Client,
    bus: &str,
) -> Result<Vec<Rule>, Error> {
    let mut rules = Vec::new();
    let mut next = None;
    loop {
        let output = events
            .list_rules()
            .event_bus_name(bus)
            .set_next_token(next)
            .send()
            .await
            .map_err(|error| Error::event_bridge("ListRules", error.into_service_error()))?;
        rules.extend(output.rules().iter().map(|rule| {
            Rule {
                name: rule.name().unwrap_or_default().to_owned(),
                arn: rule.arn().unwrap_or_default().to_owned(),
                pattern: rule
                    .event_pattern()
                    .and_then(|pattern| serde_json::from_str(pattern).ok()),
            }
        }));
        next = output.next_token;
        if next.is_none() {
            return Ok(rules);
        }
    }
}

/// The targets of `rule` on `bus`.
pub(crate) async fn targets(
    events: &aws_sdk_eventbridge::Client,
    bus: &str,
    rule: &str,
) -> Result<Vec<Target>, Error> {
    let mut targets = Vec::new();
    let mut next = None;
    loop {
        let output = events
            .list_targets_by_rule()
            .event_bus_name(bus)
            .rule(rule)
            .set_next_token(next)
            .send()
            .await
            .map_err(|error| {
                Error::event_bridge("ListTargetsByRule", error.into_service_error())
            })?;
        targets.extend(output.targets.unwrap_or_default());
        next = output.next_token;
        if next.is_none() {
            return Ok(targets);
        }
    }
}

/// The SQS queue URL of a queue ARN, through `GetQueueUrl` (name and owner account).
pub(crate) async fn queue_url_of(
    sqs: &aws_sdk_sqs::Client,
    arn: &str,
) -> Result<Option<String>, Error> {
    let parts: Vec<&str> = arn.split(':').collect();
    let [_, _, "sqs", _, account, name] = parts[..] else {
        return Ok(None);
    };
    match sqs
        .get_queue_url()
        .queue_name(name)
        .queue_owner_aws_account_id(account)
        .send()
        .await
    {
        Ok(output) => Ok(output.queue_url),
        Err(error) => {
            let error = error.into_service_error();
            if error.is_queue_does_not_exist() {
                Ok(None)
            } else {
                Err(Error::sqs("GetQueueUrl", error))
            }
        }
    }
}
