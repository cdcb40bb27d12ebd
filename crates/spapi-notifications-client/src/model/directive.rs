//! `processingDirective`: an event filter or a CEL filter expression, never both.

use serde::{Deserialize, Serialize};

use spapi_notification_types::{OrderChangeType, TrackingIdentifier};

use crate::Error;
use crate::validate;

/// How Amazon filters or aggregates a subscription's notifications (the model's
/// `ProcessingDirective`): an [`EventFilter`] or a CEL
/// [`filter_expression`](Self::filter_expression), never both.
///
/// ```
/// use spapi_notifications_client::{AggregationTimePeriod, EventFilter, ProcessingDirective};
///
/// let directive = ProcessingDirective::event_filter(
///     EventFilter::any_offer_changed()
///         .aggregation(AggregationTimePeriod::FiveMinutes)
///         .marketplace_ids(["ATVPDKIKX0DER"]),
/// );
/// assert_eq!(
///     serde_json::to_value(&directive).unwrap(),
///     serde_json::json!({"eventFilter": {
///         "eventFilterType": "ANY_OFFER_CHANGED",
///         "aggregationSettings": {"aggregationTimePeriod": "FiveMinutes"},
///         "marketplaceIds": ["ATVPDKIKX0DER"],
///     }})
/// );
///
/// let expression = ProcessingDirective::filter_expression(
///     "FulfillmentOrderStatusNotification.FulfillmentOrderStatus == `SHIPPED`",
/// )?;
/// assert!(expression.validate().is_ok());
/// # Ok::<(), spapi_notifications_client::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ProcessingDirective {
    /// A filter on marketplaces, order change types, tracking identifiers, with aggregation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_filter: Option<EventFilter>,
    /// A CEL expression over the notification payload (1 to 256 characters, no arithmetic, no
    /// indexing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_expression: Option<String>,
}

spapi_open_enum::open_enum! {
    /// The kind of an [`EventFilter`] (the model's `eventFilterType`).
    pub enum EventFilterType {
        /// For `ANY_OFFER_CHANGED`: aggregation and marketplaces.
        AnyOfferChanged = "ANY_OFFER_CHANGED",
        /// For `ORDER_CHANGE`: order change types (and marketplaces).
        OrderChange = "ORDER_CHANGE",
        /// For `SHIPMENT_TRACKING_MILESTONE_CHANGED`: one tracking identifier.
        ShipmentTrackingMilestoneChanged = "SHIPMENT_TRACKING_MILESTONE_CHANGED",
    }
}
spapi_open_enum::open_enum_serde!(EventFilterType);

spapi_open_enum::open_enum! {
    /// How often aggregated notifications are sent (the model's `AggregationTimePeriod`).
    pub enum AggregationTimePeriod {
        /// At most one notification every five minutes per marketplace and ASIN.
        FiveMinutes = "FiveMinutes",
        /// At most one notification every ten minutes per marketplace and ASIN.
        TenMinutes = "TenMinutes",
    }
}
spapi_open_enum::open_enum_serde!(AggregationTimePeriod);

/// A notification-type-specific filter (the model's `EventFilter`: the aggregation, marketplace,
/// order change type and tracking filters plus `eventFilterType`, in one flat object).
///
/// Start from [`any_offer_changed`](Self::any_offer_changed), [`order_change`](Self::order_change)
/// or [`shipment_tracking`](Self::shipment_tracking).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EventFilter {
    /// Which filter this is; it must suit the subscription's notification type.
    pub event_filter_type: EventFilterType,
    /// Aggregation (`ANY_OFFER_CHANGED` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregation_settings: Option<AggregationSettings>,
    /// Only these marketplaces; all of them when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marketplace_ids: Option<Vec<String>>,
    /// Only these change types (`ORDER_CHANGE` only); all of them when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_change_types: Option<Vec<OrderChangeType>>,
    /// One shipment (`SHIPMENT_TRACKING_MILESTONE_CHANGED` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_identifier: Option<TrackingIdentifier>,
}

/// Aggregation of notifications (the model's `AggregationSettings`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AggregationSettings {
    /// The period.
    pub aggregation_time_period: AggregationTimePeriod,
}

impl ProcessingDirective {
    /// A directive with an event filter.
    pub fn event_filter(filter: EventFilter) -> Self {
        Self {
            event_filter: Some(filter),
            filter_expression: None,
        }
    }

    /// A directive with a CEL filter expression, checked at once.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] if the expression is empty, longer than 256 characters, or uses
    /// an operator Amazon excludes (`+ - * / %`, `[ ]`) outside a string literal.
    pub fn filter_expression(expression: impl Into<String>) -> Result<Self, Error> {
        let expression = expression.into();
        validate::filter_expression("processingDirective.filterExpression", &expression)?;
        Ok(Self {
            event_filter: None,
            filter_expression: Some(expression),
        })
    }

    /// Checks the model's rules: an event filter or a filter expression, not both and not
    /// neither, each valid on its own.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] naming the field that breaks a rule.
    pub fn validate(&self) -> Result<(), Error> {
        match (&self.event_filter, &self.filter_expression) {
            (Some(_), Some(_)) => Err(Error::validation(
                "processingDirective",
                "has both eventFilter and filterExpression: they are mutually exclusive",
            )),
            (None, None) => Err(Error::validation(
                "processingDirective",
                "has neither eventFilter nor filterExpression: leave the directive out instead",
            )),
            (Some(filter), None) => filter.validate(),
            (None, Some(expression)) => {
                validate::filter_expression("processingDirective.filterExpression", expression)
            }
        }
    }
}

impl EventFilter {
    /// A filter of this type with nothing else set.
    pub fn new(event_filter_type: EventFilterType) -> Self {
        Self {
            event_filter_type,
            aggregation_settings: None,
            marketplace_ids: None,
            order_change_types: None,
            tracking_identifier: None,
        }
    }

    /// A filter for `ANY_OFFER_CHANGED` subscriptions.
    pub fn any_offer_changed() -> Self {
        Self::new(EventFilterType::AnyOfferChanged)
    }

    /// A filter for `ORDER_CHANGE` subscriptions.
    pub fn order_change() -> Self {
        Self::new(EventFilterType::OrderChange)
    }

    /// A filter for `SHIPMENT_TRACKING_MILESTONE_CHANGED` subscriptions on one shipment.
    pub fn shipment_tracking(identifier: TrackingIdentifier) -> Self {
        Self {
            tracking_identifier: Some(identifier),
            ..Self::new(EventFilterType::ShipmentTrackingMilestoneChanged)
        }
    }

    /// Aggregates notifications over `period` (`ANY_OFFER_CHANGED`).
    #[must_use]
    pub fn aggregation(mut self, period: AggregationTimePeriod) -> Self {
        self.aggregation_settings = Some(AggregationSettings {
            aggregation_time_period: period,
        });
        self
    }

    /// Only these marketplaces.
    #[must_use]
    pub fn marketplace_ids<I, S>(mut self, marketplace_ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.marketplace_ids = Some(marketplace_ids.into_iter().map(Into::into).collect());
        self
    }

    /// Only these order change types (`ORDER_CHANGE`).
    #[must_use]
    pub fn order_change_types(mut self, types: impl IntoIterator<Item = OrderChangeType>) -> Self {
        self.order_change_types = Some(types.into_iter().collect());
        self
    }

    /// Checks that each filter is used with the filter type that supports it and that lists
    /// are not empty.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] naming the field that breaks a rule.
    pub fn validate(&self) -> Result<(), Error> {
        use EventFilterType::{
            AnyOfferChanged, OrderChange, Other, ShipmentTrackingMilestoneChanged,
        };
        let kind = &self.event_filter_type;
        let allowed = |field: &'static str, present: bool, supported_by: EventFilterType| {
            if present && !matches!(kind, Other(_)) && *kind != supported_by {
                return Err(Error::validation(
                    field,
                    format!("is only supported by eventFilterType {supported_by}, not {kind}"),
                ));
            }
            Ok(())
        };
        let field = "processingDirective.eventFilter";
        allowed(
            "processingDirective.eventFilter.aggregationSettings",
            self.aggregation_settings.is_some(),
            AnyOfferChanged,
        )?;
        allowed(
            "processingDirective.eventFilter.orderChangeTypes",
            self.order_change_types.is_some(),
            OrderChange,
        )?;
        allowed(
            "processingDirective.eventFilter.trackingIdentifier",
            self.tracking_identifier.is_some(),
            ShipmentTrackingMilestoneChanged,
        )?;
        if self.marketplace_ids.as_ref().is_some_and(Vec::is_empty) {
            return Err(Error::validation(
                "processingDirective.eventFilter.marketplaceIds",
                "is empty: leave it out to be notified for every marketplace",
            ));
        }
        if self.order_change_types.as_ref().is_some_and(Vec::is_empty) {
            return Err(Error::validation(
                "processingDirective.eventFilter.orderChangeTypes",
                "is empty: leave it out to be notified of every change type",
            ));
        }
        match &self.tracking_identifier {
            Some(identifier) => validate_tracking_identifier(identifier),
            None if *kind == ShipmentTrackingMilestoneChanged => Err(Error::validation(
                field,
                "of type SHIPMENT_TRACKING_MILESTONE_CHANGED needs a trackingIdentifier",
            )),
            None => Ok(()),
        }
    }
}

/// Checks that exactly one identifier of a [`TrackingIdentifier`] is set.
fn validate_tracking_identifier(identifier: &TrackingIdentifier) -> Result<(), Error> {
    let set = [
        identifier.id.is_some(),
        identifier.acsin.is_some(),
        identifier.aftn.is_some(),
        identifier.container_number.is_some(),
        identifier.house_bill_of_lading_number.is_some(),
        identifier.carrier_tracking.is_some(),
    ]
    .into_iter()
    .filter(|set| *set)
    .count();
    if set == 1 {
        Ok(())
    } else {
        Err(Error::validation(
            "processingDirective.eventFilter.trackingIdentifier",
            format!("sets {set} identifiers: set exactly one"),
        ))
    }
}
