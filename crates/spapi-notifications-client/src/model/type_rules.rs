//! What Amazon accepts for each notification type ([`NotificationType`]'s capability table),
//! checked before a subscription is sent. A type this version does not know
//! ([`NotificationType::Other`]) and a fact the documentation leaves open pass unchecked.

use spapi_notification_types::NotificationType;

use super::{CreateSubscriptionRequest, EventFilterType};
use crate::Error;

/// Refuses what Amazon refuses for `notification_type`: a removed type, an undocumented
/// payload version, a `filterExpression` where it is not allowed, an `eventFilter` whose type
/// does not apply.
pub(crate) fn check(
    notification_type: &NotificationType,
    request: &CreateSubscriptionRequest,
) -> Result<(), Error> {
    if matches!(notification_type, NotificationType::Other(_)) {
        return Ok(());
    }
    if notification_type.is_removed() {
        return Err(Error::validation(
            "notificationType",
            format!(
                "{notification_type} has been removed from the Notifications API (Amazon's \
                 documentation): subscribe to ORDER_CHANGE instead"
            ),
        ));
    }
    let versions = notification_type.payload_versions();
    if !versions.is_empty() && !versions.contains(&request.payload_version.as_str()) {
        return Err(Error::validation(
            "payloadVersion",
            format!(
                "is {:?}, which Amazon does not document for {notification_type}: use {}",
                request.payload_version,
                quoted(versions)
            ),
        ));
    }
    let Some(directive) = &request.processing_directive else {
        return Ok(());
    };
    if directive.filter_expression.is_some()
        && notification_type.filter_expression_allowed() == Some(false)
    {
        return Err(Error::validation(
            "processingDirective.filterExpression",
            format!(
                "is refused for {notification_type}: Amazon allows filter expressions on the \
                 SQS notification types only; filter EventBridge notifications with the rule \
                 of the event bus"
            ),
        ));
    }
    if let Some(filter) = &directive.event_filter
        && !matches!(filter.event_filter_type, EventFilterType::Other(_))
        && notification_type.event_filter_type() != Some(filter.event_filter_type.as_str())
    {
        let applies = match notification_type.event_filter_type() {
            Some(applies) => format!("only eventFilterType {applies} does"),
            None => "no eventFilter does".to_owned(),
        };
        return Err(Error::validation(
            "processingDirective.eventFilter.eventFilterType",
            format!(
                "is {}, which does not filter {notification_type} notifications: {applies}",
                filter.event_filter_type
            ),
        ));
    }
    Ok(())
}

/// `"a"`, `"a" or "b"`, ...
fn quoted(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|value| format!("{value:?}")).collect();
    quoted.join(" or ")
}
