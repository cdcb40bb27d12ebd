//! The sandbox with a fleet of sellers, a client and a destination on it.

use spapi_auth::{ClientSecret, LwaCredentials, RefreshToken};
use spapi_notification_types::NotificationType;
use spapi_notifications_client::{
    DestinationResourceSpecification, NotificationsClient, NotificationsClientBuilder,
};
use spapi_notifications_fleet::{ProvisionPlan, Seller, SubscriptionSpec};
use spapi_sandbox::{Sandbox, SandboxBuilder};

pub(crate) const QUEUE_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:fleet";

/// The three types every test seller is subscribed to.
pub(crate) const TYPES: [NotificationType; 3] = [
    NotificationType::ReportProcessingFinished,
    NotificationType::FeedProcessingFinished,
    NotificationType::FulfillmentOrderStatus,
];

/// A sandbox builder with `count` sellers, `SELLER0…` with refresh tokens `Atzr|seller-0…`.
pub(crate) fn with_sellers(count: usize) -> SandboxBuilder {
    (0..count).fold(Sandbox::builder(), |builder, i| {
        builder.seller(seller_id(i), format!("Atzr|seller-{i}"))
    })
}

pub(crate) fn seller_id(i: usize) -> String {
    format!("SELLER{i}")
}

/// The sandbox's sellers as the fleet takes them.
pub(crate) fn sellers(sandbox: &Sandbox) -> Vec<Seller> {
    sandbox
        .sellers()
        .iter()
        .map(|seller| Seller::new(&seller.seller_id, RefreshToken::new(&seller.refresh_token)))
        .collect()
}

/// A client of the sandbox's application, with the client's default rate limits.
pub(crate) fn client_builder(sandbox: &Sandbox) -> NotificationsClientBuilder {
    NotificationsClient::builder()
        .endpoint(sandbox.base_url().parse::<spapi_auth::Url>().unwrap())
        .token_url(sandbox.token_url().parse::<spapi_auth::Url>().unwrap())
        .credentials(LwaCredentials::new(
            sandbox.client_id(),
            ClientSecret::new(sandbox.client_secret()),
        ))
}

/// The destination on [`QUEUE_ARN`] and the plan of the three [`TYPES`] to it.
pub(crate) async fn plan(client: &NotificationsClient) -> ProvisionPlan {
    let queue = DestinationResourceSpecification::sqs(QUEUE_ARN);
    let destination = client.ensure_destination("fleet", &queue).await.unwrap();
    ProvisionPlan::new(
        &destination.destination_id,
        TYPES.map(|t| SubscriptionSpec::new(t, "1.0")),
    )
}

/// How many requests LWA's token endpoint answered.
pub(crate) fn lwa_requests(sandbox: &Sandbox) -> usize {
    sandbox
        .requests()
        .iter()
        .filter(|request| request.path == "/auth/o2/token")
        .count()
}

/// How many requests of `operation` the sandbox answered with `status`.
pub(crate) fn answered(
    sandbox: &Sandbox,
    operation: spapi_sandbox::Operation,
    status: Option<u16>,
) -> usize {
    sandbox
        .requests()
        .iter()
        .filter(|request| request.operation == Some(operation))
        .filter(|request| status.is_none_or(|s| request.status.map(|s| s.as_u16()) == Some(s)))
        .count()
}
