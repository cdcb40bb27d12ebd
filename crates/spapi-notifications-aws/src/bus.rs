//! EventBridge lookups shared by setup, doctor and teardown: the partner event source, its
//! bus, the bus's rules and their targets.

use aws_sdk_eventbridge::types::{EventSourceState, Target};

use crate::Error;
use crate::error::absent_as_none;

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
    let described = events
        .describe_event_source()
        .name(name)
        .send()
        .await
        .map_err(|error| error.into_service_error());
    Ok(absent_as_none(
        described,
        |e| e.is_resource_not_found_exception(),
        |e| Error::event_bridge("DescribeEventSource", e),
    )?
    .map(|output| output.state.unwrap_or(EventSourceState::Pending)))
}

/// The ARN of the bus called `name`; `None` when it does not exist.
pub(crate) async fn bus_arn(
    events: &aws_sdk_eventbridge::Client,
    name: &str,
) -> Result<Option<String>, Error> {
    let described = events
        .describe_event_bus()
        .name(name)
        .send()
        .await
        .map_err(|error| error.into_service_error());
    Ok(absent_as_none(
        described,
        |e| e.is_resource_not_found_exception(),
        |e| Error::event_bridge("DescribeEventBus", e),
    )?
    .map(|output| output.arn.unwrap_or_default()))
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
