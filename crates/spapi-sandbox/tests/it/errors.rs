//! The sandbox's errors: each variant, from a real failure where it has a cause, keeps the
//! cause as its source and does not repeat it, so a printed chain shows each cause once.

use crate::support::{
    event_bridge_destination, grantless_token, seller_token, sqs_destination, subscribe,
};
use spapi_sandbox::testing::Moto;
use spapi_sandbox::{Error, NotificationType, Publication, RateLimit, Sandbox};
use spapi_testkit::errors::assert_no_repeated_source;

#[tokio::test]
async fn no_error_repeats_its_source() {
    let mut errors = Vec::new();
    errors.push(
        Sandbox::builder()
            .rate_limit(RateLimit::new(0.0, 1))
            .start()
            .await
            .unwrap_err(),
    );
    errors.push(Error::Bind(std::io::Error::new(
        std::io::ErrorKind::AddrInUse,
        "address in use",
    )));

    // Delivery to an SQS endpoint where nothing listens, and an EventBridge detail that is
    // not JSON; a seller who is not registered, and one without the subscription.
    let sandbox = Sandbox::builder()
        .without_rate_limits()
        .sqs_endpoint("http://127.0.0.1:9")
        .start()
        .await
        .unwrap();
    let grantless = grantless_token(&sandbox).await;
    let seller = seller_token(&sandbox).await;
    let queue = sqs_destination(
        &sandbox,
        &grantless,
        "arn:aws:sqs:us-east-1:123456789012:nowhere",
    )
    .await;
    subscribe(&sandbox, &seller, "ORDER_CHANGE", "1.0", &queue)
        .await
        .payload();
    let bus = event_bridge_destination(&sandbox, &grantless, "210987654321").await;
    subscribe(
        &sandbox,
        &seller,
        "BRANDED_ITEM_CONTENT_CHANGE",
        "1.0",
        &bus,
    )
    .await
    .payload();
    let seller_id = sandbox.seller_id().to_owned();
    for publication in [
        Publication::from(NotificationType::OrderChange),
        Publication::raw(NotificationType::BrandedItemContentChange, "not json"),
    ] {
        errors.push(sandbox.publish(publication, &seller_id).await.unwrap_err());
    }
    errors.push(
        sandbox
            .publish(NotificationType::OrderChange, "A0NOBODY")
            .await
            .unwrap_err(),
    );
    errors.push(
        sandbox
            .publish(NotificationType::ReportProcessingFinished, &seller_id)
            .await
            .unwrap_err(),
    );

    // moto refusing a queue name.
    let moto = Moto::shared().unwrap();
    errors.push(moto.create_queue("not a queue name!").await.unwrap_err());

    let kinds: Vec<&str> = errors
        .iter()
        .map(|error| match error {
            Error::Config { .. } => "config",
            Error::Bind(_) => "bind",
            Error::Delivery { .. } => "delivery",
            Error::UnknownSeller { .. } => "unknown seller",
            Error::NotSubscribed { .. } => "not subscribed",
            Error::Testing { .. } => "testing",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "config",
            "bind",
            "delivery",
            "delivery",
            "unknown seller",
            "not subscribed",
            "testing"
        ]
    );
    for error in &errors {
        assert_no_repeated_source(error);
    }
}
