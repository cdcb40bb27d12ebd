//! `sendTestNotification` (sandbox only): a mock notification sent to a destination.

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::validate;

/// The body of `sendTestNotification` (the model's `SendTestNotificationRequest`).
///
/// ```
/// use spapi_notifications_client::SendTestNotificationRequest;
///
/// let request = SendTestNotificationRequest::new("dest-1", "1.0").test_scenario("SHIPPED");
/// assert_eq!(
///     serde_json::to_string(&request).unwrap(),
///     r#"{"destinationId":"dest-1","testNotification":{"payloadVersion":"1.0","testScenario":"SHIPPED"}}"#
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SendTestNotificationRequest {
    /// The destination to deliver the test notification to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_id: Option<String>,
    /// What to send.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_notification: Option<TestNotification>,
}

/// The test notification to send (the model's `TestNotification`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TestNotification {
    /// The payload version of the notification.
    pub payload_version: String,
    /// The scenario to play (the Developer Guide lists them per type); Amazon rejects an empty one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_scenario: Option<String>,
}

impl SendTestNotificationRequest {
    /// A test notification of `payload_version` to `destination_id`.
    pub fn new(destination_id: impl Into<String>, payload_version: impl Into<String>) -> Self {
        Self {
            destination_id: Some(destination_id.into()),
            test_notification: Some(TestNotification {
                payload_version: payload_version.into(),
                test_scenario: None,
            }),
        }
    }

    /// Plays `scenario`.
    #[must_use]
    pub fn test_scenario(mut self, scenario: impl Into<String>) -> Self {
        self.test_notification
            .get_or_insert_with(TestNotification::default)
            .test_scenario = Some(scenario.into());
        self
    }

    /// Checks that the payload version is set and the scenario, if any, is not empty.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] naming the field that breaks a rule.
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(destination_id) = &self.destination_id {
            validate::not_blank("destinationId", destination_id)?;
        }
        if let Some(test) = &self.test_notification {
            validate::not_blank("testNotification.payloadVersion", &test.payload_version)?;
            if let Some(scenario) = &test.test_scenario {
                validate::not_blank("testNotification.testScenario", scenario)?;
            }
        }
        Ok(())
    }
}
