//! SHIPMENT_TRACKING_MILESTONE_CHANGED: a shipment reached a tracking milestone (camelCase).
//!
//! Amazon's schema for this type is a stub; the shape follows its example and the
//! `TrackingFilter` of the Notifications API model.

use chrono::{DateTime, Utc};

use crate::macros::{open_enum, wire_struct};

open_enum! {
    /// A tracking milestone.
    pub enum MilestoneCode {
        /// The order is being prepared.
        OrderPreparing = "ORDER_PREPARING",
        /// A carrier was assigned.
        CarrierAssigned = "CARRIER_ASSIGNED",
        /// The shipment left its origin.
        Shipped = "SHIPPED",
        /// The shipment is out for delivery.
        OutForDelivery = "OUT_FOR_DELIVERY",
        /// The shipment was delivered.
        Delivered = "DELIVERED",
    }
}

open_enum! {
    /// What a tracking estimate estimates.
    pub enum TrackingEstimateType {
        /// When the shipment will be delivered.
        EstimatedDeliveryDate = "ESTIMATED_DELIVERY_DATE",
    }
}

wire_struct! {
    /// SHIPMENT_TRACKING_MILESTONE_CHANGED
    /// (`payload.shipmentTrackingMilestoneChangedNotification`): a shipment's tracking changed.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ShipmentTrackingMilestoneChanged {
        /// The shipment's tracking.
        "trackingDetail" => pub tracking_detail: TrackingDetail,
    }
}

wire_struct! {
    /// The tracking of a shipment.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct TrackingDetail {
        /// Which shipment this is.
        "identifier" => pub identifier: TrackingIdentifier,
        /// The newest milestone.
        "latestMilestone" => pub latest_milestone: Option<Milestone>,
        /// Every milestone, newest first.
        "milestoneHistory" => pub milestone_history: Vec<Milestone>,
        /// Estimates such as the delivery date.
        "trackingEstimates" => pub tracking_estimates: Vec<TrackingEstimate>,
        /// A page where the buyer can follow the shipment.
        "trackingUrl" => pub tracking_url: Option<String>,
    }
}

wire_struct! {
    /// The identifier of a tracked shipment: one of the fields is set.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct TrackingIdentifier {
        /// A generic identifier.
        "id" => pub id: Option<String>,
        /// An Amazon customer shipment identifier.
        "acsin" => pub acsin: Option<String>,
        /// An Amazon Freight tracking number.
        "aftn" => pub aftn: Option<String>,
        /// A container number.
        "containerNumber" => pub container_number: Option<String>,
        /// A house bill of lading number.
        "houseBillOfLadingNumber" => pub house_bill_of_lading_number: Option<String>,
        /// A carrier's tracking number.
        "carrierTracking" => pub carrier_tracking: Option<CarrierTracking>,
    }
}

wire_struct! {
    /// A carrier's tracking number.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct CarrierTracking {
        /// The tracking number.
        "trackingNumber" => pub tracking_number: String,
        /// The carrier.
        "carrierCode" => pub carrier_code: Option<String>,
    }
}

wire_struct! {
    /// A tracking milestone reached by a shipment.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct Milestone {
        /// The milestone.
        "status" => pub status: MilestoneStatus,
        /// Where it happened.
        "location" => pub location: Option<MilestoneLocation>,
        /// When it happened.
        "occurredAt" => pub occurred_at: DateTime<Utc>,
    }
}

wire_struct! {
    /// The milestone a shipment reached.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct MilestoneStatus {
        /// The milestone.
        "code" => pub code: MilestoneCode,
        /// A detail, e.g. `PORCH`.
        "subCode" => pub sub_code: Option<String>,
        /// A human-readable description.
        "description" => pub description: Option<String>,
    }
}

wire_struct! {
    /// Where a milestone happened.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct MilestoneLocation {
        /// The address.
        "address" => pub address: Option<TrackingAddress>,
    }
}

wire_struct! {
    /// The coarse address of a milestone.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct TrackingAddress {
        /// The city.
        "city" => pub city: Option<String>,
        /// The state or region.
        "region" => pub region: Option<String>,
        /// The ISO country code.
        "countryCode" => pub country_code: Option<String>,
    }
}

wire_struct! {
    /// An estimate about a shipment.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct TrackingEstimate {
        /// What is estimated.
        "type" => pub kind: TrackingEstimateType,
        /// The estimated time window.
        "estimatedInterval" => pub estimated_interval: Option<TimeInterval>,
        /// When the estimate was last updated.
        "lastUpdatedTime" => pub last_updated_time: Option<DateTime<Utc>>,
    }
}

wire_struct! {
    /// A time window.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct TimeInterval {
        /// The start.
        "startTime" => pub start_time: DateTime<Utc>,
        /// The end.
        "endTime" => pub end_time: DateTime<Utc>,
    }
}

/// One identifier each, as a subscription's `eventFilter.trackingIdentifier` takes it.
impl TrackingIdentifier {
    /// By Amazon's unique tracking identifier.
    pub fn id(id: impl Into<String>) -> Self {
        Self {
            id: Some(id.into()),
            ..Self::default()
        }
    }

    /// By Air Cargo Shipment Identification Number.
    pub fn acsin(acsin: impl Into<String>) -> Self {
        Self {
            acsin: Some(acsin.into()),
            ..Self::default()
        }
    }

    /// By Amazon Fulfillment Tracking Number.
    pub fn aftn(aftn: impl Into<String>) -> Self {
        Self {
            aftn: Some(aftn.into()),
            ..Self::default()
        }
    }

    /// By container number.
    pub fn container_number(number: impl Into<String>) -> Self {
        Self {
            container_number: Some(number.into()),
            ..Self::default()
        }
    }

    /// By House Bill of Lading number.
    pub fn house_bill_of_lading_number(number: impl Into<String>) -> Self {
        Self {
            house_bill_of_lading_number: Some(number.into()),
            ..Self::default()
        }
    }

    /// By a carrier's tracking number, and optionally the carrier's code.
    ///
    /// ```
    /// use spapi_notification_types::{TrackingIdentifier, serde_json};
    ///
    /// let by_carrier = TrackingIdentifier::carrier_tracking("1Z999AA10123456784", Some("UPS"));
    /// assert_eq!(
    ///     serde_json::to_string(&by_carrier).unwrap(),
    ///     r#"{"carrierTracking":{"trackingNumber":"1Z999AA10123456784","carrierCode":"UPS"}}"#
    /// );
    /// ```
    pub fn carrier_tracking(
        tracking_number: impl Into<String>,
        carrier_code: Option<&str>,
    ) -> Self {
        Self {
            carrier_tracking: Some(CarrierTracking {
                tracking_number: tracking_number.into(),
                carrier_code: carrier_code.map(str::to_owned),
            }),
            ..Self::default()
        }
    }
}
