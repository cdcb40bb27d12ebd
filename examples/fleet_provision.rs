//! Many sellers: subscribe every seller of a fleet to three notification types, side by side
//! at each seller's rate limit, and run it twice to show that a second run creates nothing.
//!
//! ```sh
//! cargo run --example fleet_provision --features fleet
//! ```
//!
//! It runs against the local sandbox ([`spapi_notifications::sandbox`]) with 20 sellers and
//! SP-API's usage plan; against Amazon, build the client with `NotificationsClient::from_env()`
//! and stream your sellers from your own store.
#![allow(clippy::print_stdout, reason = "an example prints what it did")]

use std::sync::Arc;

use spapi_notifications::SandboxClients as _;
use spapi_notifications::auth::RefreshToken;
use spapi_notifications::client::DestinationResourceSpecification;
use spapi_notifications::fleet::{
    Fleet, MemoryRegistry, ProvisionPlan, ProvisionStatus, Seller, SubscriptionSpec,
};
use spapi_notifications::sandbox::Sandbox;
use spapi_notifications::types::NotificationType;

const QUEUE_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:fleet";
const SELLERS: usize = 20;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let sandbox = (0..SELLERS)
        .fold(Sandbox::builder(), |builder, i| {
            builder.seller(format!("SELLER{i:02}"), format!("Atzr|seller-{i}"))
        })
        .start()
        .await?;
    let client = sandbox.client_builder().build()?;

    // Once per application: the destination (grantless).
    let queue = DestinationResourceSpecification::sqs(QUEUE_ARN);
    let destination = client.ensure_destination("fleet", &queue).await?;
    let plan = ProvisionPlan::new(
        &destination.destination_id,
        [
            NotificationType::ReportProcessingFinished,
            NotificationType::FeedProcessingFinished,
            NotificationType::FulfillmentOrderStatus,
        ]
        .map(|notification_type| SubscriptionSpec::new(notification_type, "1.0")),
    );

    // The registry records what was created, for offboarding (a FileRegistry or a
    // DynamoDbRegistry outlives the process).
    let registry = Arc::new(MemoryRegistry::new());
    let fleet = Fleet::builder(client)
        .registry(registry)
        .concurrency(16)
        .build();

    for run in ["first", "second"] {
        // Sellers are taken from the iterator only as work frees up (`Fleet::provision` takes
        // a `Stream`, for sellers read from a database).
        let sellers = sandbox
            .sellers()
            .iter()
            .map(|seller| Seller::new(&seller.seller_id, RefreshToken::new(&seller.refresh_token)));
        let (mut created, mut already_there, mut failed) = (0, 0, 0);
        fleet
            .provision_each(&plan, sellers, |report| {
                if let Some(error) = &report.error {
                    failed += 1;
                    println!("{}: {error}", report.seller_id);
                }
                for subscription in &report.subscriptions {
                    match &subscription.status {
                        ProvisionStatus::Created(_) => created += 1,
                        ProvisionStatus::AlreadyThere(_) => already_there += 1,
                        _ => failed += 1,
                    }
                }
            })
            .await;
        println!("{run} run: {created} created, {already_there} already there, {failed} failed");
    }
    Ok(())
}

// Its test: tests/it/examples/fleet_provision.rs, in the facade's test binary.
#[cfg(test)]
#[path = "../tests/it/examples/fleet_provision.rs"]
mod tests;
