//! Offboarding a seller who left: every subscription of theirs deleted, although their refresh
//! token is already dead, from the registry provisioning wrote.
//!
//! ```sh
//! cargo run --example fleet_offboard --features fleet
//! ```
//!
//! It runs against the local sandbox ([`spapi_notifications::sandbox`]): a seller is
//! provisioned, revokes the application (the refresh token then gets `invalid_grant`), and is
//! offboarded with grantless `deleteSubscriptionById` calls. A second offboarding is a no-op.
#![allow(clippy::print_stdout, reason = "an example prints what it did")]

use std::sync::Arc;

use spapi_notifications::SandboxClients as _;
use spapi_notifications::auth::RefreshToken;
use spapi_notifications::client::DestinationResourceSpecification;
use spapi_notifications::fleet::{
    Fleet, MemoryRegistry, OffboardReport, ProvisionPlan, Seller, SubscriptionSpec,
};
use spapi_notifications::sandbox::Sandbox;
use spapi_notifications::types::NotificationType;

const QUEUE_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:fleet";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let sandbox = Sandbox::builder().without_rate_limits().start().await?;
    let client = sandbox.client_builder().disable_rate_limits().build()?;
    let queue = DestinationResourceSpecification::sqs(QUEUE_ARN);
    let destination = client.ensure_destination("fleet", &queue).await?;
    let plan = ProvisionPlan::new(
        &destination.destination_id,
        [
            NotificationType::ReportProcessingFinished,
            NotificationType::FeedProcessingFinished,
        ]
        .map(|notification_type| SubscriptionSpec::new(notification_type, "1.0")),
    );
    let fleet = Fleet::builder(client)
        .registry(Arc::new(MemoryRegistry::new()))
        .build();

    let seller_id = sandbox.seller_id().to_owned();
    let refresh_token = RefreshToken::new(sandbox.refresh_token());
    let report = fleet
        .provision_seller(&plan, Seller::new(&seller_id, refresh_token.clone()))
        .await;
    println!("provisioned {seller_id}: {}", report.succeeded());

    // The seller leaves: their refresh token stops working.
    sandbox.revoke(&seller_id)?;

    // Offboarding reads the registry and deletes grantless; the dead token is reported, not fatal.
    print(&fleet.offboard(&seller_id, Some(refresh_token)).await);
    // Nothing left: a no-op.
    print(&fleet.offboard(&seller_id, None).await);
    Ok(())
}

fn print(report: &OffboardReport) {
    if let Some(error) = &report.token_error {
        println!("{}: token no longer works: {error}", report.seller_id);
    }
    for subscription in &report.subscriptions {
        println!(
            "  {} {}: {:?}",
            subscription.notification_type, subscription.subscription_id, subscription.status
        );
    }
    println!(
        "offboarded {}: {} subscriptions, succeeded: {}",
        report.seller_id,
        report.subscriptions.len(),
        report.succeeded()
    );
}

// Its test: tests/it/examples/fleet_offboard.rs, in the facade's test binary.
#[cfg(test)]
#[path = "../tests/it/examples/fleet_offboard.rs"]
mod tests;
