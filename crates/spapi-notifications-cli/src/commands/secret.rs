//! `secret rotate`: asks Amazon for a new LWA client secret.

use clap::Subcommand;
use serde_json::json;
use spapi_notifications::client::NotificationsClient;

use crate::exit::CliError;
use crate::output::Output;

#[derive(Debug, Subcommand)]
pub(crate) enum SecretCommand {
    /// Calls rotateApplicationClientSecret. Amazon sends the new secret in an
    /// APPLICATION_OAUTH_CLIENT_NEW_SECRET notification to the application's destination (set
    /// in the Developer Console); the current secret keeps working until that notification's
    /// oldClientSecretExpiryTime. Nothing is printed of any secret.
    Rotate,
}

/// Runs `command` with the application's `client`.
pub(crate) async fn run(
    command: &SecretCommand,
    client: &NotificationsClient,
) -> Result<Output, CliError> {
    match command {
        SecretCommand::Rotate => {
            let response = client.rotate_application_client_secret().await?;
            Ok(Output::line(
                "client secret rotation requested: the new secret arrives as an \
                 APPLICATION_OAUTH_CLIENT_NEW_SECRET notification"
                    .to_owned(),
                json!({ "rotated": true, "requestId": response.request_id }),
            ))
        }
    }
}
