//! One module per command. The API commands (`destinations`, `subscriptions`,
//! `test-notification`) return an [`Output`] that `main` prints; the others (`decode`,
//! `consume`, `completions`) write as they go; `fleet` and the AWS commands (`aws`: `setup`,
//! `doctor`, `teardown`) connect and print themselves.

pub(crate) mod aws;
pub(crate) mod completions;
pub(crate) mod consume;
pub(crate) mod decode;
pub(crate) mod destinations;
pub(crate) mod fleet;
pub(crate) mod secret;
pub(crate) mod subscriptions;
pub(crate) mod test_notification;

use crate::cli::Command;
use crate::config::Api;
use crate::exit::CliError;
use crate::output::Output;

/// Calls the API for `command`, one of the API commands.
pub(crate) async fn execute(command: &Command, api: &Api) -> Result<Output, CliError> {
    match command {
        Command::Destinations(command) => destinations::run(command, &api.client).await,
        Command::Subscriptions(command) => subscriptions::run(command, api).await,
        Command::Secret(command) => secret::run(command, &api.client).await,
        Command::TestNotification {
            notification_type,
            destination,
            payload_version,
            scenario,
        } => {
            test_notification::run(
                api,
                notification_type,
                destination,
                payload_version.as_deref(),
                scenario.as_deref(),
            )
            .await
        }
        Command::Decode(_)
        | Command::Consume(_)
        | Command::Completions { .. }
        | Command::Fleet(_)
        | Command::Setup(_)
        | Command::Doctor(_)
        | Command::Teardown(_) => Err(CliError::Usage("not an API command".to_owned())),
    }
}

/// `version`, or the current payload version of `notification_type`.
fn payload_version_or_current(
    notification_type: &spapi_notifications::types::NotificationType,
    version: Option<&str>,
) -> Result<String, CliError> {
    match (version, notification_type.payload_versions().first()) {
        (Some(version), _) => Ok(version.to_owned()),
        (None, Some(current)) => Ok((*current).to_owned()),
        (None, None) => Err(CliError::Usage(format!(
            "no payload version is known for {notification_type}: give --payload-version"
        ))),
    }
}
