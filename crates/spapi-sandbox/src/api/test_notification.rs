//! `sendTestNotification` (grantless, sandbox only): a realistic notification of the type,
//! delivered now to the destination.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Request, State};
use serde_json::{Value, json};

use super::body::{parse, read};
use super::wire::{Destination, SendTestNotificationRequest};
use super::{ApiError, validate};
use crate::delivery::{self, Addressee};
use crate::ids;
use crate::state::Shared;

/// Amazon's example answer for a destination it cannot use (the model's 400 example).
const INVALID_DESTINATION: &str = "Invalid Input, recheck that the AppId and DestinationId are valid and DestinationId belongs to the application";

pub(super) async fn send(
    State(shared): State<Arc<Shared>>,
    Path(notification_type): Path<String>,
    request: Request,
) -> Result<Json<Value>, ApiError> {
    let notification_type = validate::notification_type(&notification_type)?;
    let bytes = read(request, &()).await?;
    // Every field is optional in the model, so is the body.
    let request: SendTestNotificationRequest = if bytes.iter().all(u8::is_ascii_whitespace) {
        SendTestNotificationRequest::default()
    } else {
        parse(&bytes)?
    };
    let (payload_version, scenario) = match &request.test_notification {
        Some(test) => (test.payload_version.clone(), test.test_scenario.as_deref()),
        None => (
            notification_type
                .payload_versions()
                .first()
                .copied()
                .unwrap_or("1.0")
                .to_owned(),
            None,
        ),
    };
    validate::payload_version(&notification_type, &payload_version)?;
    if scenario.is_some_and(|scenario| scenario.trim().is_empty()) {
        return Err(ApiError::invalid_input("testScenario must not be empty"));
    }

    // Where to: the destination given, with the id of a subscription to it if one exists; or
    // every subscription to the type and payload version.
    let targets: Vec<(String, Destination)> = {
        let store = shared.store();
        let subscribed = || {
            store
                .subscriptions_to(&notification_type, None)
                .filter(|stored| stored.subscription.payload_version == payload_version)
        };
        match &request.destination_id {
            Some(destination_id) => {
                let destination = store
                    .destination(destination_id)
                    .map_err(|_| ApiError::invalid_input(INVALID_DESTINATION))?
                    .clone();
                validate::channel(&notification_type, destination.channel())?;
                let subscription_id = subscribed()
                    .find(|stored| &stored.subscription.destination_id == destination_id)
                    .map_or_else(ids::uuid, |stored| {
                        stored.subscription.subscription_id.clone()
                    });
                vec![(subscription_id, destination)]
            }
            None => subscribed()
                .filter_map(|stored| {
                    let destination = store
                        .destination(&stored.subscription.destination_id)
                        .ok()?;
                    Some((
                        stored.subscription.subscription_id.clone(),
                        destination.clone(),
                    ))
                })
                .collect(),
        }
    };
    if targets.is_empty() {
        return Err(ApiError::invalid_input(format!(
            "No subscription to {notification_type} with payload version {payload_version} exists: \
             give a destinationId"
        )));
    }

    for (subscription_id, destination) in targets {
        let notification = delivery::example(Addressee {
            notification_type: &notification_type,
            payload_version: &payload_version,
            subscription_id: &subscription_id,
            application_id: &shared.config.application_id,
            scenario,
        });
        shared
            .deliverer
            .deliver(&destination, &notification_type, notification)
            .await
            .map_err(|error| ApiError::internal(error_chain(&error)))?;
    }
    Ok(Json(json!({})))
}

/// An error and its sources, `: `-separated.
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let messages: Vec<String> = std::iter::successors(Some(error), |&error| error.source())
        .map(ToString::to_string)
        .collect();
    messages.join(": ")
}
