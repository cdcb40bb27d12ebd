//! Quick start: the whole notifications workflow, from nothing to a handled, typed notification.
//!
//! ```sh
//! cargo run --example quickstart
//! ```
//!
//! It creates an SQS destination (a grantless operation), subscribes a seller to `ORDER_CHANGE`
//! (with the seller's token), has a test notification sent, receives it, prints the typed
//! notification and deletes what it created.
//!
//! With no credentials set it runs against the local sandbox
//! ([`spapi_notifications::sandbox`]), started in-process on 127.0.0.1: no AWS account, no
//! Amazon credentials, nothing leaves the machine, and the notification is read from the
//! sandbox's in-process stand-in for the queue.
//!
//! With `LWA_APP_ID`, `LWA_CLIENT_SECRET` and `SP_API_REFRESH_TOKEN` set it runs against
//! Amazon's SP-API sandbox endpoint instead (`SP_API_REGION` picks it: `na`, `eu` or `fe`), with
//! the SQS queue of `SQS_QUEUE_ARN`, whose access policy must let Amazon send to it. Amazon then
//! delivers to that real queue: receive it with the `sqs_consumer` example.
#![allow(clippy::print_stderr, reason = "an example prints its error")]

use std::io::{self, Write};
use std::process::ExitCode;
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
const DESTINATION_NAME: &str = "spapi-notifications-quickstart";
const PAYLOAD_VERSION: &str = "1.0";
/// How long to wait for the test notification.
const RECEIVE_TIMEOUT: Duration = Duration::from_secs(10);

#[tokio::main]
async fn main() -> ExitCode {
    match quickstart(&mut io::stdout().lock()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs against Amazon's sandbox when credentials are set, otherwise against a local one.
async fn quickstart(out: &mut impl Write) -> anyhow::Result<()> {
    if credentials_set() {
        return run(&Setup::amazon_sandbox()?, out).await;
    }
    let sandbox = Sandbox::start().await?;
    run(&Setup::local(&sandbox)?, out).await
}

/// Whether any LWA credential is in the environment: then all of them must be.
fn credentials_set() -> bool {
    ["LWA_APP_ID", "LWA_CLIENT_ID", "LWA_CLIENT_SECRET"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
}

/// Where the workflow runs.
struct Setup {
    /// The application's client, for the grantless operations.
    client: NotificationsClient,
    /// The seller's handle, for the seller operations.
    seller: SellerClient,
    /// The SQS queue Amazon delivers to.
    queue_arn: String,
    /// Where that queue's messages can be read: the local sandbox's in-process queue; `None`
    /// for a real queue, which this example leaves to the `sqs_consumer` example.
    inbox: Option<Queue>,
    /// Where the requests go, in words.
    place: String,
}

impl Setup {
    /// The local sandbox, with its application's credentials and its seller.
    fn local(sandbox: &Sandbox) -> anyhow::Result<Self> {
        let client = sandbox.client_builder().build()?;
        Ok(Self {
            seller: client.seller(RefreshToken::new(sandbox.refresh_token())),
            client,
            queue_arn: LOCAL_QUEUE_ARN.to_owned(),
            inbox: Some(sandbox.queue(LOCAL_QUEUE_ARN)),
            place: format!(
                "the local sandbox at {} (no LWA credentials set)",
                sandbox.base_url()
            ),
        })
    }

    /// Amazon's SP-API sandbox endpoint, with the credentials and queue of the environment.
    fn amazon_sandbox() -> anyhow::Result<Self> {
        let client = NotificationsClient::builder()
            .with_env()?
            .sandbox(true)
            .user_agent_app("quickstart", env!("CARGO_PKG_VERSION"))
            .build()?;
        let queue_arn = std::env::var("SQS_QUEUE_ARN").context(
            "SQS_QUEUE_ARN must name the SQS queue Amazon delivers to when LWA credentials are set",
        )?;
        Ok(Self {
            seller: client.seller(RefreshToken::from_env()?),
            place: format!("the SP-API sandbox at {}", client.endpoint()),
            client,
            queue_arn,
            inbox: None,
        })
    }
}

/// What the workflow created, to delete whatever happens.
#[derive(Default)]
struct Created {
    destination_id: Option<String>,
    subscription_id: Option<String>,
}

/// Runs the workflow, writing what happens to `out`, and deletes what it created even when a
/// step failed.
async fn run(setup: &Setup, out: &mut impl Write) -> anyhow::Result<()> {
    writeln!(out, "Notifications API: {}", setup.place)?;
    let mut created = Created::default();
    let outcome = workflow(setup, &mut created, out).await;
    let cleanup = clean_up(setup, created, out).await;
    outcome.and(cleanup)
}

/// Provisions, sends and receives.
async fn workflow(
    setup: &Setup,
    created: &mut Created,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let order_change = NotificationType::OrderChange;

    // Once per application: where Amazon delivers (grantless). Services provision with
    // `ensure_destination` and `ensure_subscription`, which return what already exists; this
    // example creates its own, so that it deletes only what it created.
    let queue = DestinationResourceSpecification::sqs(&setup.queue_arn);
    let request = CreateDestinationRequest::new(DESTINATION_NAME, queue);
    let destination = setup.client.create_destination(&request).await?;
    let destination_id = created
        .destination_id
        .insert(destination.destination_id.clone());
    writeln!(
        out,
        "1. destination {destination_id} on {} (grantless token)",
        setup.queue_arn
    )?;

    // Once per seller: the subscription (the seller's token). Amazon requires an ORDER_CHANGE
    // event filter on ORDER_CHANGE subscriptions.
    let filter = EventFilter::order_change().order_change_types([
        OrderChangeType::OrderStatusChange,
        OrderChangeType::BuyerRequestedChange,
    ]);
    let request = CreateSubscriptionRequest::new(PAYLOAD_VERSION, destination_id.as_str())
        .processing_directive(ProcessingDirective::event_filter(filter));
    let subscription = setup
        .seller
        .create_subscription(&order_change, &request)
        .await?;
    let subscription_id = created
        .subscription_id
        .insert(subscription.subscription_id.clone());
    writeln!(
        out,
        "2. subscription {subscription_id} of the seller to {order_change} {PAYLOAD_VERSION}, \
         order status changes and buyer requests only (seller token)"
    )?;

    // A notification, now (sandbox only, grantless).
    let test = SendTestNotificationRequest::new(destination_id.as_str(), PAYLOAD_VERSION);
    setup
        .client
        .send_test_notification(&order_change, &test)
        .await?;
    writeln!(
        out,
        "3. test notification sent to destination {destination_id}"
    )?;

    let Some(inbox) = &setup.inbox else {
        writeln!(
            out,
            "4. Amazon delivers it to {}: receive it with \
             `cargo run --example sqs_consumer --features consumer -- --queue-url URL`",
            setup.queue_arn
        )?;
        return Ok(());
    };
    let message = tokio::time::timeout(RECEIVE_TIMEOUT, inbox.recv())
        .await
        .context("no notification arrived within 10 s")?;
    let received = message.decode()?;
    writeln!(out, "4. received from {}:", setup.queue_arn)?;
    print_notification(&received.notification, out)?;
    Ok(())
}

/// The notification's envelope and, for an order change, a few typed payload fields.
fn print_notification(notification: &Notification, out: &mut impl Write) -> io::Result<()> {
    let field = |out: &mut dyn Write, name: &str, value: &dyn std::fmt::Display| {
        writeln!(out, "   {name:<16} {value}")
    };
    field(out, "type", &notification.notification_type)?;
    field(out, "payload version", &notification.payload_version)?;
    let event_time = notification.event_time.format("%Y-%m-%dT%H:%M:%S%.3fZ");
    field(out, "event time", &event_time)?;
    if let Some(metadata) = &notification.metadata {
        field(out, "notification id", &metadata.notification_id)?;
        field(out, "subscription id", &metadata.subscription_id)?;
    }
    if let Payload::OrderChange(order) = &notification.payload {
        let summary = &order.summary;
        field(out, "order", &order.amazon_order_id)?;
        field(out, "change", &order.order_change_type)?;
        field(out, "order status", &summary.order_status)?;
        field(out, "marketplace", &summary.marketplace_id)?;
        field(out, "fulfillment", &summary.fulfillment_type)?;
        for item in &summary.order_items {
            let line = format!(
                "{} x {} ({})",
                item.quantity, item.seller_sku, item.order_item_id
            );
            field(out, "item", &line)?;
        }
    }
    Ok(())
}

/// Deletes the subscription, then the destination.
async fn clean_up(setup: &Setup, created: Created, out: &mut impl Write) -> anyhow::Result<()> {
    if let Some(id) = created.subscription_id {
        setup
            .seller
            .delete_subscription_by_id(&NotificationType::OrderChange, &id)
            .await?;
        writeln!(out, "5. deleted subscription {id}")?;
    }
    if let Some(id) = created.destination_id {
        setup.client.delete_destination(&id).await?;
        writeln!(out, "6. deleted destination {id}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_the_workflow_against_the_sandbox_prints_the_notification_and_cleans_up() {
        let sandbox = Sandbox::start().await.unwrap();
        let setup = Setup::local(&sandbox).unwrap();
        let mut out = Vec::new();
        run(&setup, &mut out).await.unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();

        let value = |name: &str| -> &str {
            let prefix = format!("   {name:<16} ");
            let line = lines.iter().find(|line| line.starts_with(&prefix));
            line.unwrap_or_else(|| panic!("no {name} line in\n{out}"))
                .strip_prefix(&prefix)
                .unwrap()
        };
        let subscription_id = value("subscription id");
        let destination_id = lines[1]
            .strip_prefix("1. destination ")
            .and_then(|rest| rest.split(' ').next())
            .unwrap();

        assert_eq!(
            lines[0],
            format!(
                "Notifications API: the local sandbox at {} (no LWA credentials set)",
                sandbox.base_url()
            )
        );
        assert_eq!(
            lines[1],
            format!("1. destination {destination_id} on {LOCAL_QUEUE_ARN} (grantless token)")
        );
        assert_eq!(
            lines[2],
            format!(
                "2. subscription {subscription_id} of the seller to ORDER_CHANGE 1.0, order \
                 status changes and buyer requests only (seller token)"
            )
        );
        assert_eq!(
            lines[3],
            format!("3. test notification sent to destination {destination_id}")
        );
        assert_eq!(lines[4], format!("4. received from {LOCAL_QUEUE_ARN}:"));
        assert_eq!(value("type"), "ORDER_CHANGE");
        assert_eq!(value("payload version"), "1.0");
        assert!(!value("notification id").is_empty());
        assert!(!value("order").is_empty());
        assert!(!value("order status").is_empty());
        assert!(
            lines.iter().any(|line| line.starts_with("   item ")),
            "{out}"
        );
        let tail = &lines[lines.len() - 2..];
        assert_eq!(
            tail,
            [
                format!("5. deleted subscription {subscription_id}"),
                format!("6. deleted destination {destination_id}"),
            ]
        );

        // Nothing left behind, and no secret printed.
        assert!(setup.client.get_destinations().await.unwrap().is_empty());
        for secret in [sandbox.client_secret(), sandbox.refresh_token()] {
            assert!(!out.contains(secret), "{out}");
        }
    }

    #[tokio::test]
    async fn deletes_what_it_created_when_a_step_fails() {
        let sandbox = Sandbox::start().await.unwrap();
        let setup = Setup::local(&sandbox).unwrap();
        // The seller's token is refused: the subscription cannot be created.
        let setup = Setup {
            seller: setup
                .client
                .seller(RefreshToken::new("Atzr|not-the-seller")),
            ..setup
        };
        let mut out = Vec::new();
        let error = run(&setup, &mut out).await.unwrap_err();
        assert!(format!("{error:#}").contains("invalid_grant"), "{error:#}");
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.lines()
                .last()
                .unwrap()
                .starts_with("6. deleted destination "),
            "{out}"
        );
        assert!(!out.contains("5. deleted subscription"), "{out}");
        assert!(setup.client.get_destinations().await.unwrap().is_empty());
    }
}
