//! `destinations list|create-sqs|create-eventbridge|delete`: the application's destinations.

use serde_json::json;
use spapi_notifications::client::{
    CreateDestinationRequest, DestinationResourceSpecification, NotificationsClient,
};

use crate::cli::Destinations;
use crate::exit::CliError;
use crate::output::Output;

/// Runs `command` with the application's `client`.
pub(crate) async fn run(
    command: &Destinations,
    client: &NotificationsClient,
) -> Result<Output, CliError> {
    let (name, resource) = match command {
        Destinations::List => {
            let destinations = client.get_destinations().await?.into_inner();
            let json = serde_json::to_value(&destinations)?;
            return Ok(Output::destinations(&destinations, json));
        }
        Destinations::Delete { destination_id } => {
            client.delete_destination(destination_id).await?;
            return Ok(Output::line(
                format!("deleted destination {destination_id}"),
                json!({ "destinationId": destination_id, "deleted": true }),
            ));
        }
        Destinations::CreateSqs { arn, name } => (name, DestinationResourceSpecification::sqs(arn)),
        Destinations::CreateEventbridge {
            account_id,
            aws_region,
            name,
        } => (
            name,
            DestinationResourceSpecification::event_bridge(account_id, aws_region),
        ),
    };
    let request = CreateDestinationRequest::new(name, resource);
    let created = client.create_destination(&request).await?.into_inner();
    let json = serde_json::to_value(&created)?;
    Ok(Output::destinations(std::slice::from_ref(&created), json))
}
