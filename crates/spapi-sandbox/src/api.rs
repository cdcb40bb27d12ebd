//! The Notifications API v1: routes, and the gate every operation passes (faults, the token
//! kind it takes, the usage plan).

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, on};

use crate::faults;
use crate::lwa::{Grant, Refusal};
use crate::state::Shared;
use crate::{Operation, TokenKind};

mod body;
mod destinations;
pub(crate) mod error;
mod subscriptions;
mod test_notification;
pub(crate) mod validate;
pub(crate) mod wire;

pub(crate) use error::ApiError;

/// The header SP-API reads the LWA access token from.
const ACCESS_TOKEN: &str = "x-amz-access-token";

/// The header of the usage plan's rate.
const RATE_LIMIT: &str = "x-amzn-RateLimit-Limit";

/// Who is calling, as the access token says: the application itself (a grantless token) or a
/// seller. Rate limits are counted per caller.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Caller {
    Application,
    Seller(String),
}

/// Every operation's route, behind its gate.
pub(crate) fn router(shared: &Arc<Shared>) -> Router<Arc<Shared>> {
    Operation::ALL
        .iter()
        .fold(Router::new(), |router, &operation| {
            router.route(operation.route(), endpoint(operation, shared))
        })
}

fn endpoint(operation: Operation, shared: &Arc<Shared>) -> MethodRouter<Arc<Shared>> {
    use Operation::*;
    let filter = operation.method_filter();
    let route = match operation {
        GetSubscriptions => on(filter, subscriptions::list),
        GetSubscription => on(filter, subscriptions::get),
        CreateSubscription => on(filter, subscriptions::create),
        GetSubscriptionById => on(filter, subscriptions::get_by_id),
        DeleteSubscriptionById => on(filter, subscriptions::delete_by_id),
        SendTestNotification => on(filter, test_notification::send),
        GetDestinations => on(filter, destinations::list),
        CreateDestination => on(filter, destinations::create),
        GetDestination => on(filter, destinations::get),
        DeleteDestination => on(filter, destinations::delete),
        RotateApplicationClientSecret => on(filter, crate::rotation::rotate),
    };
    let shared = Arc::clone(shared);
    route.route_layer(middleware::from_fn(move |request: Request, next: Next| {
        gate(Arc::clone(&shared), operation, request, next)
    }))
}

/// Applies the faults in force, checks the token and the usage plan, then runs the operation;
/// every answer carries the plan's rate and names the operation for the request log.
async fn gate(
    shared: Arc<Shared>,
    operation: Operation,
    mut request: Request,
    next: Next,
) -> Response {
    let strike = faults::strike(&shared, false).await;
    let mut response = match strike.before_effect(false) {
        Some(failure) => failure,
        None => strike.after_effect(
            match admit(&shared, operation, request.headers()) {
                Ok(caller) => {
                    request.extensions_mut().insert(caller);
                    next.run(request).await
                }
                Err(error) => error.into_response(),
            },
            false,
        ),
    };
    if let Some(limit) = shared.limiter.limit(operation)
        && let Ok(value) = HeaderValue::from_str(&limit.header_value())
    {
        response.headers_mut().insert(RATE_LIMIT, value);
    }
    response.extensions_mut().insert(operation);
    response
}

/// The caller of a request to `operation`, if its token is valid and of the kind the operation
/// takes, and the usage plan has room for it.
fn admit(shared: &Shared, operation: Operation, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let token = headers
        .get(ACCESS_TOKEN)
        .and_then(|value| value.to_str().ok());
    let grant = shared.tokens.check(token).map_err(|refusal| {
        ApiError::unauthorized(match refusal {
            Refusal::Missing => "Access token is missing in the request header.",
            Refusal::Unknown => "The access token you provided is revoked, malformed or invalid.",
            Refusal::Expired => "The access token you provided has expired.",
        })
    })?;
    let caller = match (operation.token_kind(), grant) {
        (TokenKind::Grantless, Grant::Grantless { scopes })
            if scopes
                .iter()
                .any(|scope| scope == operation.grantless_scope()) =>
        {
            Caller::Application
        }
        (TokenKind::Seller, Grant::Seller { seller_id }) => Caller::Seller(seller_id),
        (kind, _) => {
            // Amazon says no more than this; the reason goes to the sandbox's log only.
            tracing::debug!(%operation, wanted = ?kind, "sandbox refused a token of the wrong kind or scope");
            return Err(ApiError::unauthorized(""));
        }
    };
    if !shared.limiter.admit(operation, &caller) {
        return Err(ApiError::quota_exceeded());
    }
    Ok(caller)
}
