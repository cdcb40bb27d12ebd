//! `test-notification TYPE --destination ID`: the sandbox sends a notification.

use serde_json::json;
use spapi_notifications::client::SendTestNotificationRequest;
use spapi_notifications::types::NotificationType;

use super::payload_version_or_current;
use crate::config::Api;
use crate::exit::CliError;
use crate::output::Output;

/// Has the sandbox send a `notification_type` notification to `destination`.
pub(crate) async fn run(
    api: &Api,
    notification_type: &NotificationType,
    destination: &str,
    payload_version: Option<&str>,
    scenario: Option<&str>,
) -> Result<Output, CliError> {
    let version = payload_version_or_current(notification_type, payload_version)?;
    let mut request = SendTestNotificationRequest::new(destination, &version);
    if let Some(scenario) = scenario {
        request = request.test_scenario(scenario);
    }
    api.client
        .send_test_notification(notification_type, &request)
        .await?;
    Ok(Output::line(
        format!(
            "sent a test {notification_type} notification (payload version {version}) to \
             destination {destination}"
        ),
        json!({
            "notificationType": notification_type,
            "payloadVersion": version,
            "destinationId": destination,
            "sent": true,
        }),
    ))
}
