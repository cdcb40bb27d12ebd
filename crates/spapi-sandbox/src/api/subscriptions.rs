//! `getSubscriptions`, `getSubscription`, `createSubscription` (seller), and
//! `getSubscriptionById`, `deleteSubscriptionById` (grantless).

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::{Extension, Json};
use serde_json::{Value, json};

use super::body::{JsonBody, query_params};
use super::wire::{CreateSubscriptionRequest, Payload, Subscription, SubscriptionsPage};
use super::{ApiError, Caller, validate};
use crate::state::Shared;
use crate::store::Query;

/// `getSubscriptions` takes 30 to 100 subscriptions per page, 30 by default.
const PAGE_SIZES: std::ops::RangeInclusive<usize> = 30..=100;

pub(super) async fn list(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Payload<SubscriptionsPage>>, ApiError> {
    let params = query_params(query.as_deref());
    let values = |name: &'static str| {
        params
            .iter()
            .filter(move |(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    // An array parameter: comma-separated (the model's default) or repeated.
    let types: Vec<&str> = values("notificationTypes")
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .collect();
    let notification_type = match types[..] {
        [] => return Err(ApiError::invalid_input("notificationTypes is required")),
        [one] => validate::notification_type(one)?,
        _ => {
            return Err(ApiError::invalid_input(
                "notificationTypes is currently limited to a single notification type per request",
            ));
        }
    };
    let page_size = match values("pageSize").next_back() {
        None => *PAGE_SIZES.start(),
        Some(raw) => raw
            .parse()
            .ok()
            .filter(|size| PAGE_SIZES.contains(size))
            .ok_or_else(|| {
                ApiError::invalid_input(format!(
                    "pageSize must be an integer from 30 to 100, not '{raw}'"
                ))
            })?,
    };
    let query = Query {
        seller_id: seller_id(caller)?,
        notification_type,
        payload_version: values("payloadVersion").next_back().map(str::to_owned),
    };
    let next_token = values("nextToken")
        .next_back()
        .filter(|token| !token.is_empty());
    let page = shared
        .store()
        .subscriptions_page(query, page_size, next_token)?;
    Ok(Json(Payload { payload: page }))
}

pub(super) async fn get(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    Path(notification_type): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Payload<Subscription>>, ApiError> {
    let payload_version = query_params(query.as_deref())
        .into_iter()
        .rfind(|(key, _)| key == "payloadVersion")
        .map(|(_, value)| value);
    let query = Query {
        seller_id: seller_id(caller)?,
        notification_type: validate::notification_type(&notification_type)?,
        payload_version,
    };
    let subscription = shared.store().subscription(&query)?;
    Ok(Json(Payload {
        payload: subscription,
    }))
}

pub(super) async fn create(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    Path(notification_type): Path<String>,
    JsonBody(request): JsonBody<CreateSubscriptionRequest>,
) -> Result<Json<Payload<Subscription>>, ApiError> {
    let seller_id = seller_id(caller)?;
    let notification_type = validate::notification_type(&notification_type)?;
    validate::payload_version(&notification_type, &request.payload_version)?;
    if let Some(directive) = &request.processing_directive {
        validate::processing_directive(&notification_type, directive)?;
    }
    let mut store = shared.store();
    let destination = store.destination(&request.destination_id).map_err(|_| {
        ApiError::invalid_input(format!(
            "Destination {} does not exist or does not belong to the application",
            request.destination_id
        ))
    })?;
    validate::channel(&notification_type, destination.channel())?;
    let subscription = store.create_subscription(
        &seller_id,
        notification_type,
        request.payload_version,
        request.destination_id,
        request.processing_directive,
    )?;
    Ok(Json(Payload {
        payload: subscription,
    }))
}

pub(super) async fn get_by_id(
    State(shared): State<Arc<Shared>>,
    Path((notification_type, subscription_id)): Path<(String, String)>,
) -> Result<Json<Payload<Subscription>>, ApiError> {
    let notification_type = validate::notification_type(&notification_type)?;
    let subscription = shared
        .store()
        .subscription_by_id(&notification_type, &subscription_id)?
        .subscription
        .clone();
    Ok(Json(Payload {
        payload: subscription,
    }))
}

pub(super) async fn delete_by_id(
    State(shared): State<Arc<Shared>>,
    Path((notification_type, subscription_id)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let notification_type = validate::notification_type(&notification_type)?;
    shared
        .store()
        .delete_subscription_by_id(&notification_type, &subscription_id)?;
    Ok(Json(json!({})))
}

/// The seller behind a seller operation (the gate let only sellers' tokens through).
fn seller_id(caller: Caller) -> Result<String, ApiError> {
    match caller {
        Caller::Seller(seller_id) => Ok(seller_id),
        Caller::Application => Err(ApiError::unauthorized("")),
    }
}
