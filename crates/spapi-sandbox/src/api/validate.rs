//! The model's rules for requests, with the details Amazon's `InvalidInput` answers carry.

use spapi_notification_types::{DeliveryChannel, NotificationType};

use super::ApiError;
use super::wire::{EventFilter, ProcessingDirective, ResourceSpecification, TrackingIdentifier};
use crate::arn::SqsArn;

/// A destination's resource, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resource {
    Sqs { arn: String },
    EventBridge { region: String, account_id: String },
}

/// The path's notification type: a known one, or one that looks like a type (`NEW_TYPE`), so
/// that types newer than this crate can be tested too.
pub(crate) fn notification_type(raw: &str) -> Result<NotificationType, ApiError> {
    let notification_type = NotificationType::from(raw);
    let plausible = raw.starts_with(|c: char| c.is_ascii_uppercase())
        && raw
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if matches!(notification_type, NotificationType::Other(_)) && !plausible {
        return Err(ApiError::invalid_input(format!(
            "Invalid notification type {raw}"
        )));
    }
    Ok(notification_type)
}

/// A payload version the notification type has (any non-blank one for types without documented
/// versions).
pub(crate) fn payload_version(
    notification_type: &NotificationType,
    version: &str,
) -> Result<(), ApiError> {
    let known = notification_type.payload_versions();
    if version.trim().is_empty() || (!known.is_empty() && !known.contains(&version)) {
        return Err(ApiError::invalid_input(format!(
            "Invalid payload version '{version}' for notification type {notification_type}: \
             supported versions are {}",
            known.join(", ")
        )));
    }
    Ok(())
}

/// A destination name: 1 to 256 characters.
pub(crate) fn destination_name(name: &str) -> Result<(), ApiError> {
    if name.trim().is_empty() || name.chars().count() > 256 {
        return Err(ApiError::invalid_input(
            "The destination name must have 1 to 256 characters",
        ));
    }
    Ok(())
}

/// Exactly one resource type, well formed.
pub(crate) fn resource(spec: ResourceSpecification) -> Result<Resource, ApiError> {
    match (spec.sqs, spec.event_bridge) {
        (Some(_), Some(_)) => Err(ApiError::invalid_input(
            "A destination cannot be created with multiple resource types",
        )),
        (None, None) => Err(ApiError::invalid_input(
            "A destination needs one resource type: sqs or eventBridge",
        )),
        (Some(sqs), None) => {
            SqsArn::parse(&sqs.arn).map_err(ApiError::invalid_input)?;
            Ok(Resource::Sqs { arn: sqs.arn })
        }
        (None, Some(event_bridge)) => {
            let account_ok = event_bridge.account_id.len() == 12
                && event_bridge.account_id.bytes().all(|b| b.is_ascii_digit());
            if !account_ok {
                return Err(ApiError::invalid_input(format!(
                    "Invalid AWS account id '{}': expected 12 digits",
                    event_bridge.account_id
                )));
            }
            let region = &event_bridge.region;
            let region_ok = region.contains('-')
                && region
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !region_ok {
                return Err(ApiError::invalid_input(format!(
                    "Invalid AWS region '{region}'"
                )));
            }
            Ok(Resource::EventBridge {
                region: event_bridge.region,
                account_id: event_bridge.account_id,
            })
        }
    }
}

/// The notification type is delivered through this kind of destination, in Amazon's words
/// (saleweaver/python-amazon-sp-api#734).
pub(crate) fn channel(
    notification_type: &NotificationType,
    destination: DeliveryChannel,
) -> Result<(), ApiError> {
    match notification_type.delivery_channel() {
        Some(channel) if channel != destination => {
            let name = match destination {
                DeliveryChannel::EventBridge => "AWS_EVENT_BRIDGE",
                _ => "AWS_SQS",
            };
            Err(ApiError::invalid_input(format!(
                "Notification type {notification_type} does not support {name}"
            )))
        }
        _ => Ok(()),
    }
}

/// The processing directive's rules: one of its two forms, each well formed.
pub(crate) fn processing_directive(
    notification_type: &NotificationType,
    directive: &ProcessingDirective,
) -> Result<(), ApiError> {
    match (&directive.event_filter, &directive.filter_expression) {
        (Some(_), Some(_)) => Err(ApiError::invalid_input(
            "eventFilter and filterExpression are mutually exclusive",
        )),
        (Some(filter), None) => event_filter(notification_type, filter),
        (None, Some(expression)) if !(1..=256).contains(&expression.chars().count()) => Err(
            ApiError::invalid_input("filterExpression must have 1 to 256 characters"),
        ),
        // Amazon allows filter expressions on the SQS types only.
        (None, Some(_)) if notification_type.filter_expression_allowed() == Some(false) => {
            Err(ApiError::invalid_input(format!(
                "filterExpression is not supported for notification type {notification_type}"
            )))
        }
        _ => Ok(()),
    }
}

const EVENT_FILTER_TYPES: &[&str] = &[
    "ANY_OFFER_CHANGED",
    "ORDER_CHANGE",
    "SHIPMENT_TRACKING_MILESTONE_CHANGED",
];
const AGGREGATION_TIME_PERIODS: &[&str] = &["FiveMinutes", "TenMinutes"];
const ORDER_CHANGE_TYPES: &[&str] = &[
    "BuyerRequestedChange",
    "DeliveryTipChange",
    "OrderStatusChange",
];

fn event_filter(
    notification_type: &NotificationType,
    filter: &EventFilter,
) -> Result<(), ApiError> {
    let kind = filter.event_filter_type.as_str();
    if !EVENT_FILTER_TYPES.contains(&kind) {
        return Err(ApiError::invalid_input(format!(
            "Invalid eventFilterType '{kind}': expected one of {}",
            EVENT_FILTER_TYPES.join(", ")
        )));
    }
    if notification_type.event_filter_type() != Some(kind) {
        return Err(ApiError::invalid_input(format!(
            "eventFilterType {kind} does not apply to notification type {notification_type}"
        )));
    }
    if let Some(settings) = &filter.aggregation_settings {
        one_of(
            "aggregationTimePeriod",
            &settings.aggregation_time_period,
            AGGREGATION_TIME_PERIODS,
        )?;
    }
    for change in filter.order_change_types.iter().flatten() {
        one_of("orderChangeTypes", change, ORDER_CHANGE_TYPES)?;
    }
    if filter
        .marketplace_ids
        .iter()
        .flatten()
        .any(|id| id.trim().is_empty())
    {
        return Err(ApiError::invalid_input(
            "marketplaceIds has an empty marketplace id",
        ));
    }
    if let Some(tracking) = &filter.tracking_identifier {
        tracking_identifier(tracking)?;
    }
    Ok(())
}

fn tracking_identifier(tracking: &TrackingIdentifier) -> Result<(), ApiError> {
    let given = [
        &tracking.id,
        &tracking.acsin,
        &tracking.aftn,
        &tracking.container_number,
        &tracking.house_bill_of_lading_number,
    ]
    .iter()
    .filter(|field| field.is_some())
    .count()
        + usize::from(tracking.carrier_tracking.is_some());
    if given != 1 {
        return Err(ApiError::invalid_input(format!(
            "trackingIdentifier must have exactly one identifier field, not {given}"
        )));
    }
    if tracking
        .carrier_tracking
        .as_ref()
        .is_some_and(|carrier| carrier.tracking_number.trim().is_empty())
    {
        return Err(ApiError::invalid_input(
            "trackingIdentifier.carrierTracking.trackingNumber is empty",
        ));
    }
    Ok(())
}

fn one_of(field: &str, value: &str, allowed: &[&str]) -> Result<(), ApiError> {
    if allowed.contains(&value) {
        return Ok(());
    }
    Err(ApiError::invalid_input(format!(
        "Invalid {field} '{value}': expected one of {}",
        allowed.join(", ")
    )))
}
