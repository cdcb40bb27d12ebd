//! Quick start: the whole notifications workflow, from nothing to a handled, typed notification.
//!
//! ```sh
//! cargo run --example quickstart
//! ```
//!
//! It creates an SQS destination (grantless), subscribes a seller to `ORDER_CHANGE` (the
//! seller's token), has a test notification sent, receives and prints it, typed, and deletes
//! what it created, also when a step failed. Without credentials it runs against the local
//! sandbox ([`spapi_notifications::sandbox`]) on 127.0.0.1. With `LWA_APP_ID`,
//! `LWA_CLIENT_SECRET` and `SP_API_REFRESH_TOKEN` set it runs against Amazon's SP-API sandbox
//! (`SP_API_REGION`: `na`, `eu` or `fe`) and the queue of `SQS_QUEUE_ARN`, whose policy must let
//! Amazon send to it: receive the notification there with the `sqs_consumer` example.

use std::io::{self, Write};
use std::time::Duration;

use anyhow::Context as _;
use spapi_notifications::SandboxClients as _;
use spapi_notifications::auth::RefreshToken;
use spapi_notifications::client::{
    CreateDestinationRequest, CreateSubscriptionRequest, DestinationResourceSpecification,
    EventFilter, NotificationsClient, OrderChangeType, ProcessingDirective, SellerClient,
    SendTestNotificationRequest,
};
use spapi_notifications::sandbox::{Queue, Sandbox};
use spapi_notifications::types::{Notification, NotificationType, Payload};

/// The queue the local sandbox delivers to: any well-formed ARN will do there.
const LOCAL_QUEUE_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:sp-api-quickstart";
const ORDER_CHANGE: NotificationType = NotificationType::OrderChange;
const PAYLOAD_VERSION: &str = "1.0";

/// Against Amazon's sandbox when LWA credentials are set, else against a local one.
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let out = &mut io::stdout().lock();
    if std::env::var_os("LWA_APP_ID").is_some_and(|id| !id.is_empty()) {
        return run(&Setup::amazon_sandbox()?, out).await;
    }
    let sandbox = Sandbox::start().await?;
    run(&Setup::local(&sandbox)?, out).await
}

/// Where the workflow runs.
struct Setup {
    /// The application's client (grantless operations) and the seller's handle.
    client: NotificationsClient,
    seller: SellerClient,
    queue_arn: String,
    /// The local sandbox's in-process queue; `None` for a real queue.
    inbox: Option<Queue>,
    /// Where the requests go, in words.
    place: String,
}

impl Setup {
    fn local(sandbox: &Sandbox) -> anyhow::Result<Self> {
        let client = sandbox.client_builder().build()?;
        Ok(Self {
            seller: client.seller(RefreshToken::new(sandbox.refresh_token())),
            client,
            queue_arn: LOCAL_QUEUE_ARN.to_owned(),
            inbox: Some(sandbox.queue(LOCAL_QUEUE_ARN)),
            place: format!("the local sandbox at {}", sandbox.base_url()),
        })
    }

    fn amazon_sandbox() -> anyhow::Result<Self> {
        let client = NotificationsClient::builder()
            .with_env()?
            .sandbox(true)
            .build()?;
        Ok(Self {
            seller: client.seller(RefreshToken::from_env()?),
            place: format!("the SP-API sandbox at {}", client.endpoint()),
            client,
            queue_arn: std::env::var("SQS_QUEUE_ARN")
                .context("SQS_QUEUE_ARN must name the queue")?,
            inbox: None,
        })
    }
}

/// Once per application: where Amazon delivers (grantless). Services provision with
/// `ensure_destination`, which returns what exists; this creates its own, to delete it after.
async fn run(setup: &Setup, out: &mut impl Write) -> anyhow::Result<()> {
    let (client, queue_arn) = (&setup.client, &setup.queue_arn);
    writeln!(out, "Notifications API: {}", setup.place)?;
    let queue = DestinationResourceSpecification::sqs(queue_arn);
    let request = CreateDestinationRequest::new("spapi-notifications-quickstart", queue);
    let id = &client.create_destination(&request).await?.destination_id;
    writeln!(out, "1. destination {id} on {queue_arn} (grantless token)")?;
    let outcome = subscribe(setup, id, out).await;
    client.delete_destination(id).await?;
    writeln!(out, "6. deleted destination {id}")?;
    outcome
}

/// Once per seller: the subscription (the seller's token). Amazon requires an ORDER_CHANGE
/// event filter on ORDER_CHANGE subscriptions.
async fn subscribe(setup: &Setup, destination: &str, out: &mut impl Write) -> anyhow::Result<()> {
    use OrderChangeType::{BuyerRequestedChange, OrderStatusChange};
    let filter =
        EventFilter::order_change().order_change_types([OrderStatusChange, BuyerRequestedChange]);
    let request = CreateSubscriptionRequest::new(PAYLOAD_VERSION, destination)
        .processing_directive(ProcessingDirective::event_filter(filter));
    let seller = &setup.seller;
    let subscription = seller.create_subscription(&ORDER_CHANGE, &request).await?;
    let id = &subscription.subscription_id;
    writeln!(
        out,
        "2. subscription {id} of the seller to {ORDER_CHANGE} {PAYLOAD_VERSION}, order status \
         changes and buyer requests only (seller token)"
    )?;
    let outcome = receive(setup, destination, out).await;
    seller.delete_subscription_by_id(&ORDER_CHANGE, id).await?;
    writeln!(out, "5. deleted subscription {id}")?;
    outcome
}

/// A notification, now (sandbox only, grantless), and what arrives.
async fn receive(setup: &Setup, destination: &str, out: &mut impl Write) -> anyhow::Result<()> {
    let (client, queue_arn) = (&setup.client, &setup.queue_arn);
    let test = SendTestNotificationRequest::new(destination, PAYLOAD_VERSION);
    client.send_test_notification(&ORDER_CHANGE, &test).await?;
    writeln!(
        out,
        "3. test notification sent to destination {destination}"
    )?;
    let Some(inbox) = &setup.inbox else {
        let consume = "cargo run --example sqs_consumer --features consumer -- --queue-url URL";
        writeln!(
            out,
            "4. Amazon delivers it to {queue_arn}: receive it with `{consume}`"
        )?;
        return Ok(());
    };
    let message = tokio::time::timeout(Duration::from_secs(10), inbox.recv())
        .await
        .context("no notification arrived within 10 s")?;
    writeln!(out, "4. received from {queue_arn}:")?;
    print(&message.decode()?.notification, out)?;
    Ok(())
}

/// The notification's envelope and, for an order change, a few typed payload fields.
fn print(notification: &Notification, out: &mut impl Write) -> io::Result<()> {
    let mut field =
        |name: &str, value: &dyn std::fmt::Display| writeln!(out, "   {name:<16} {value}");
    field("type", &notification.notification_type)?;
    field("payload version", &notification.payload_version)?;
    if let Some(metadata) = &notification.metadata {
        field("notification id", &metadata.notification_id)?;
        field("subscription id", &metadata.subscription_id)?;
    }
    if let Payload::OrderChange(order) = &notification.payload {
        field("order", &order.amazon_order_id)?;
        field("order status", &order.summary.order_status)?;
        for item in &order.summary.order_items {
            field("item", &format!("{} x {}", item.quantity, item.seller_sku))?;
        }
    }
    Ok(())
}

// Its tests: tests/it/examples/quickstart.rs, in the facade's test binary.
#[cfg(test)]
#[path = "../tests/it/examples/quickstart.rs"]
mod tests;
