//! Subscriptions: a seller's notifications of one type, sent to one destination.

use serde::{Deserialize, Serialize};
use spapi_notification_types::NotificationType;

use super::{ProcessingDirective, type_rules};
use crate::Error;
use crate::validate;

/// A subscription (the model's `Subscription`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Subscription {
    /// The identifier Amazon generated when the subscription was created.
    pub subscription_id: String,
    /// The payload version of the notifications.
    pub payload_version: String,
    /// Where the notifications go.
    pub destination_id: String,
    /// Filtering or aggregation, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_directive: Option<ProcessingDirective>,
}

/// The body of `createSubscription` (the model's `CreateSubscriptionRequest`).
///
/// ```
/// use spapi_notifications_client::{CreateSubscriptionRequest, EventFilter, OrderChangeType, ProcessingDirective};
///
/// let request = CreateSubscriptionRequest::new("1.0", "3acafc7e-121b-1329-8ae8-1571be663aa2")
///     .processing_directive(ProcessingDirective::event_filter(
///         EventFilter::order_change().order_change_types([OrderChangeType::OrderStatusChange]),
///     ));
/// assert_eq!(
///     serde_json::to_value(&request).unwrap(),
///     serde_json::json!({
///         "payloadVersion": "1.0",
///         "destinationId": "3acafc7e-121b-1329-8ae8-1571be663aa2",
///         "processingDirective": {"eventFilter": {
///             "eventFilterType": "ORDER_CHANGE",
///             "orderChangeTypes": ["OrderStatusChange"],
///         }},
///     })
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CreateSubscriptionRequest {
    /// The payload version to receive, e.g. `"1.0"`.
    pub payload_version: String,
    /// The destination to deliver to.
    pub destination_id: String,
    /// Filtering or aggregation, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_directive: Option<ProcessingDirective>,
}

impl CreateSubscriptionRequest {
    /// A subscription to `payload_version` notifications delivered to `destination_id`.
    pub fn new(payload_version: impl Into<String>, destination_id: impl Into<String>) -> Self {
        Self {
            payload_version: payload_version.into(),
            destination_id: destination_id.into(),
            processing_directive: None,
        }
    }

    /// Filters or aggregates the notifications.
    #[must_use]
    pub fn processing_directive(mut self, directive: ProcessingDirective) -> Self {
        self.processing_directive = Some(directive);
        self
    }

    /// Checks the required fields and the directive, and what Amazon accepts for
    /// `notification_type` ([`NotificationType`]'s capability table): not a removed type, a
    /// documented payload version (where any is documented), no `filterExpression` on a type
    /// that refuses one (the EventBridge types), and no `eventFilter` of a type that does not
    /// apply (`ORDER_CHANGE` for `ORDER_CHANGE`, ...). A type this version does not know is
    /// checked for the field rules only.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] naming the field that breaks a rule.
    pub fn validate(&self, notification_type: &NotificationType) -> Result<(), Error> {
        validate::not_blank("payloadVersion", &self.payload_version)?;
        validate::not_blank("destinationId", &self.destination_id)?;
        if let Some(directive) = &self.processing_directive {
            directive.validate()?;
        }
        type_rules::check(notification_type, self)
    }

    /// Whether `subscription` is what this request asks for: same payload version,
    /// destination and directive.
    pub fn is_satisfied_by(&self, subscription: &Subscription) -> bool {
        subscription.payload_version == self.payload_version
            && subscription.destination_id == self.destination_id
            && subscription.processing_directive == self.processing_directive
    }
}

/// The query of `getSubscriptions`.
///
/// ```
/// use spapi_notification_types::NotificationType;
/// use spapi_notifications_client::GetSubscriptionsQuery;
///
/// let query = GetSubscriptionsQuery::new(NotificationType::AnyOfferChanged)
///     .payload_version("1.0")
///     .page_size(100);
/// assert!(query.validate().is_ok());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetSubscriptionsQuery {
    /// The notification types; Amazon currently takes exactly one.
    pub notification_types: Vec<NotificationType>,
    /// Only subscriptions to this payload version; every version when absent.
    pub payload_version: Option<String>,
    /// Subscriptions per page, 30 to 100 (Amazon's default is 30).
    pub page_size: Option<u32>,
    /// The page to fetch: the `nextToken` of the previous page.
    pub next_token: Option<String>,
}

impl GetSubscriptionsQuery {
    /// The smallest page size Amazon accepts.
    pub const MIN_PAGE_SIZE: u32 = 30;
    /// The largest page size Amazon accepts.
    pub const MAX_PAGE_SIZE: u32 = 100;

    /// The subscriptions to `notification_type`.
    pub fn new(notification_type: NotificationType) -> Self {
        Self {
            notification_types: vec![notification_type],
            ..Self::default()
        }
    }

    /// Only subscriptions to `payload_version`.
    #[must_use]
    pub fn payload_version(mut self, payload_version: impl Into<String>) -> Self {
        self.payload_version = Some(payload_version.into());
        self
    }

    /// `page_size` subscriptions per page (30 to 100).
    #[must_use]
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = Some(page_size);
        self
    }

    /// The page after the one that returned `next_token`.
    #[must_use]
    pub fn next_token(mut self, next_token: impl Into<String>) -> Self {
        self.next_token = Some(next_token.into());
        self
    }

    /// Checks the model's rules: exactly one notification type, a page size of 30 to 100.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] naming the parameter that breaks a rule.
    pub fn validate(&self) -> Result<(), Error> {
        if self.notification_types.len() != 1 {
            return Err(Error::validation(
                "notificationTypes",
                format!(
                    "has {} types: Amazon takes exactly one per request",
                    self.notification_types.len()
                ),
            ));
        }
        if let Some(size) = self.page_size
            && !(Self::MIN_PAGE_SIZE..=Self::MAX_PAGE_SIZE).contains(&size)
        {
            return Err(Error::validation(
                "pageSize",
                format!(
                    "is {size}, outside {}..={}",
                    Self::MIN_PAGE_SIZE,
                    Self::MAX_PAGE_SIZE
                ),
            ));
        }
        if let Some(version) = &self.payload_version {
            validate::not_blank("payloadVersion", version)?;
        }
        Ok(())
    }

    /// The query string parameters, in the model's order.
    pub(crate) fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut params = vec![(
            "notificationTypes",
            self.notification_types
                .iter()
                .map(NotificationType::as_str)
                .collect::<Vec<_>>()
                .join(","),
        )];
        params.extend(self.payload_version.clone().map(|v| ("payloadVersion", v)));
        params.extend(self.page_size.map(|size| ("pageSize", size.to_string())));
        params.extend(self.next_token.clone().map(|token| ("nextToken", token)));
        params
    }
}

/// One page of `getSubscriptions` (the model's `GetSubscriptionsPayload`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GetSubscriptionsPayload {
    /// The subscriptions on this page.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub subscriptions: Vec<Subscription>,
    /// The token of the next page; `None` (or empty) on the last one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl GetSubscriptionsPayload {
    /// The token of the next page, if there is one.
    pub fn next_page(&self) -> Option<&str> {
        self.next_token.as_deref().filter(|token| !token.is_empty())
    }
}
