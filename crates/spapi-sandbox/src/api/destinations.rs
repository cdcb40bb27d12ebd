//! `getDestinations`, `createDestination`, `getDestination`, `deleteDestination`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::body::JsonBody;
use super::wire::{CreateDestinationRequest, Destination, Payload};
use super::{ApiError, validate};
use crate::state::Shared;

pub(super) async fn list(State(shared): State<Arc<Shared>>) -> Json<Payload<Vec<Destination>>> {
    Json(Payload {
        payload: shared.store().destinations().to_vec(),
    })
}

pub(super) async fn create(
    State(shared): State<Arc<Shared>>,
    JsonBody(request): JsonBody<CreateDestinationRequest>,
) -> Result<Json<Payload<Destination>>, ApiError> {
    validate::destination_name(&request.name)?;
    let resource = validate::resource(request.resource_specification)?;
    let destination =
        shared
            .store()
            .create_destination(&shared.config.application_id, request.name, resource)?;
    #[cfg(feature = "eventbridge")]
    if let (Some(sender), Some(bus)) = (
        &shared.deliverer.event_bridge,
        &destination.resource.event_bridge,
    ) {
        sender
            .create_source(&bus.name, &bus.account_id)
            .await
            .map_err(|error| ApiError::internal(error.to_string()))?;
    }
    Ok(Json(Payload {
        payload: destination,
    }))
}

pub(super) async fn get(
    State(shared): State<Arc<Shared>>,
    Path(destination_id): Path<String>,
) -> Result<Json<Payload<Destination>>, ApiError> {
    let destination = shared.store().destination(&destination_id)?.clone();
    Ok(Json(Payload {
        payload: destination,
    }))
}

pub(super) async fn delete(
    State(shared): State<Arc<Shared>>,
    Path(destination_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let deleted = shared.store().destination(&destination_id)?.clone();
    shared.store().delete_destination(&destination_id)?;
    #[cfg(feature = "eventbridge")]
    if let (Some(sender), Some(bus)) = (
        &shared.deliverer.event_bridge,
        &deleted.resource.event_bridge,
    ) {
        sender
            .delete_source(&bus.name, &bus.account_id)
            .await
            .map_err(|error| ApiError::internal(error.to_string()))?;
    }
    let _ = deleted;
    Ok(Json(json!({})))
}
