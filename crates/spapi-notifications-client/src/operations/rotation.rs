//! `rotateApplicationClientSecret` (Application Management API, grantless).

use crate::transport::Call;
use crate::{Error, NotificationsClient, Operation, Response};

/// The operation's path; the Application Management API lives beside the Notifications API.
const CLIENT_SECRET_PATH: &str = "/applications/2023-11-30/clientSecret";

impl NotificationsClient {
    /// `rotateApplicationClientSecret`: asks Amazon for a new LWA client secret.
    ///
    /// Amazon answers 204 and sends the secret in an `APPLICATION_OAUTH_CLIENT_NEW_SECRET`
    /// notification to the application's destination (set in the Developer Console); the
    /// current secret keeps working until that notification's `oldClientSecretExpiryTime`. The
    /// token is a grantless one of scope `sellingpartnerapi::client_credential:rotation`, made
    /// from this client's credentials. The call is a POST: it is retried only when the failure
    /// shows that Amazon did not act on it.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the client was built without LWA credentials; otherwise how the
    /// call failed (see [`Error`]).
    pub async fn rotate_application_client_secret(&self) -> Result<Response<()>, Error> {
        let call = Call::new(
            Operation::RotateApplicationClientSecret,
            CLIENT_SECRET_PATH.to_owned(),
        );
        Ok(self.inner.execute(call).await?.map(drop))
    }
}
