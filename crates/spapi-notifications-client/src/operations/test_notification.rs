//! `sendTestNotification` (grantless, sandbox only).

use spapi_notification_types::NotificationType;

use super::{literal, path};
use crate::transport::Call;
use crate::{Error, NotificationsClient, Operation, Response, SendTestNotificationRequest};

impl NotificationsClient {
    /// `sendTestNotification`: has Amazon's sandbox send a mock notification of
    /// `notification_type` to a destination. The payload of the answer is untyped in the model.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] without sending anything when this client is not
    /// [on a sandbox](Self::is_sandbox) (Amazon only offers the operation there) or the
    /// request breaks the model's rules; otherwise how the call failed (see [`Error`]).
    pub async fn send_test_notification(
        &self,
        notification_type: &NotificationType,
        request: &SendTestNotificationRequest,
    ) -> Result<Response<Option<serde_json::Value>>, Error> {
        if !self.is_sandbox() {
            return Err(Error::validation(
                "endpoint",
                format!(
                    "sendTestNotification is sandbox-only and {} is not a sandbox: build the \
                     client with .sandbox(true)",
                    self.endpoint()
                ),
            ));
        }
        request.validate()?;
        let path = path(&[
            literal("subscriptions"),
            ("notificationType", notification_type.as_str()),
            literal("testNotification"),
        ])?;
        let call = Call::new(Operation::SendTestNotification, path).json(request)?;
        self.payload(call).await
    }
}
