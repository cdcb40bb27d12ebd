//! Client-secret rotation end to end: the sandbox's notices and rotation, delivered through
//! moto's SQS, driven by `SecretRotation`; the fallback to the previous secret; a revoked seller.

use std::sync::{Arc, Mutex};

use spapi_auth::{
    BoxFuture, ClientSecret, OAuthErrorCode, RefreshToken, SecretStore, SecretStoreError,
};
use spapi_notification_types::{NotificationType, envelope};
use spapi_notifications_client::{
    DestinationResourceSpecification, Error, GetSubscriptionsQuery, NotificationsClient,
};
use spapi_notifications_fleet::{RotationStep, SecretRotation};
use spapi_sandbox::testing::{Moto, unique_name};
use spapi_sandbox::{Operation, Sandbox};

use crate::support;

/// A secret store that remembers what it was given.
#[derive(Debug, Default)]
pub(crate) struct Saved(pub(crate) Mutex<Vec<String>>);

impl SecretStore for Saved {
    fn save<'a>(
        &'a self,
        _client_id: &'a str,
        secret: &'a ClientSecret,
    ) -> BoxFuture<'a, Result<(), SecretStoreError>> {
        self.0
            .lock()
            .unwrap()
            .push(secret.expose_secret().to_owned());
        Box::pin(async { Ok(()) })
    }
}

/// A destination on `arn`, set as the application's destination for its own notifications.
pub(crate) async fn application_destination(
    sandbox: &Sandbox,
    client: &NotificationsClient,
    arn: &str,
) {
    let spec = DestinationResourceSpecification::sqs(arn);
    let destination = client.ensure_destination("app", &spec).await.unwrap();
    sandbox
        .set_application_destination(&destination.destination_id)
        .unwrap();
}

fn query() -> GetSubscriptionsQuery {
    GetSubscriptionsQuery::new(NotificationType::ReportProcessingFinished)
}

fn oauth_code(error: &Error) -> Option<&OAuthErrorCode> {
    match error {
        Error::Auth(error) => error.oauth_code(),
        _ => None,
    }
}

/// Drops every cached token of `client` and `seller`, so the next calls ask LWA again.
fn forget_tokens(client: &NotificationsClient, seller: &spapi_notifications_client::SellerClient) {
    client.grantless_provider().invalidate();
    seller.provider().unwrap().invalidate();
}

#[tokio::test]
async fn expiry_notice_rotates_once_and_the_new_secret_is_swapped_in() {
    let moto = Moto::shared().unwrap();
    let queue = moto.create_queue(&unique_name("rotation")).await.unwrap();
    let sandbox = support::with_sellers(1)
        .sqs_endpoint(moto.endpoint())
        .start()
        .await
        .unwrap();
    let client = support::client_builder(&sandbox).build().unwrap();
    let seller = client.seller(RefreshToken::new(sandbox.refresh_token()));
    application_destination(&sandbox, &client, &queue.arn).await;
    let store = Arc::new(Saved::default());
    let rotation = SecretRotation::new(client.clone(), store.clone()).unwrap();

    // 1. Two notices for the same secret (Amazon repeats them) wait in the queue.
    sandbox.notify_client_secret_expiry().await.unwrap();
    sandbox.notify_client_secret_expiry().await.unwrap();

    // 2. and 3. Consume until the new secret has been handled, calling the API meanwhile.
    let sqs = moto.sqs_client();
    let mut steps = Vec::new();
    while !steps.contains(&RotationStep::Swapped) {
        assert!(steps.len() < 3, "no new secret after {steps:?}");
        let received = sqs
            .receive_message()
            .queue_url(&queue.url)
            .max_number_of_messages(10)
            .wait_time_seconds(2)
            .send()
            .await
            .unwrap();
        for message in received.messages() {
            let notification = envelope::decode(message.body().unwrap().as_bytes())
                .unwrap()
                .notification;
            steps.push(rotation.handle(&notification).await.unwrap());
            sqs.delete_message()
                .queue_url(&queue.url)
                .receipt_handle(message.receipt_handle().unwrap())
                .send()
                .await
                .unwrap();
            client.get_destinations().await.unwrap();
        }
    }
    steps.sort_by_key(|step| format!("{step:?}"));
    assert_eq!(
        steps,
        [
            RotationStep::AlreadyRotated,
            RotationStep::Rotated,
            RotationStep::Swapped
        ]
    );
    assert_eq!(
        sandbox.client_secret_rotations(),
        1,
        "the second notice did not rotate"
    );

    // 4. The new secret is persisted and in use: with the old one refused, tokens still come.
    let new_secret = sandbox.current_client_secret();
    assert_ne!(new_secret, sandbox.client_secret());
    assert_eq!(*store.0.lock().unwrap(), [new_secret.as_str()]);
    assert_eq!(
        rotation.credentials().client_secret().expose_secret(),
        new_secret
    );
    sandbox.expire_previous_client_secret();
    forget_tokens(&client, &seller);
    client.get_destinations().await.unwrap();
    seller
        .get_subscription(&NotificationType::ReportProcessingFinished, None)
        .await
        .unwrap_err(); // no subscription: a 404, an answer of the API, not an LWA failure
    assert!(!rotation.credentials().has_previous_secret());

    // Zero failed calls: every answer but the expected 404 was a success.
    let failed: Vec<_> = sandbox
        .requests()
        .into_iter()
        .filter(|r| !r.status.is_some_and(|s| s.is_success()))
        .filter(|r| r.operation != Some(Operation::GetSubscription))
        .collect();
    assert!(failed.is_empty(), "{failed:?}");
    assert_eq!(
        support::answered(
            &sandbox,
            Operation::RotateApplicationClientSecret,
            Some(204)
        ),
        1
    );
}

#[tokio::test]
async fn a_new_secret_lwa_still_refuses_falls_back_to_the_previous_one() {
    let sandbox = support::with_sellers(1)
        .new_client_secret_delay(std::time::Duration::from_secs(3600))
        .start()
        .await
        .unwrap();
    let client = support::client_builder(&sandbox).build().unwrap();
    let seller = client.seller(RefreshToken::new(sandbox.refresh_token()));
    application_destination(&sandbox, &client, support::QUEUE_ARN).await;
    let rotation = SecretRotation::new(client.clone(), Arc::new(Saved::default())).unwrap();
    rotation.rotate().await.unwrap();
    let message = sandbox.queue(support::QUEUE_ARN).recv().await;
    let notification = message.decode().unwrap().notification;
    assert_eq!(
        rotation.handle(&notification).await.unwrap(),
        RotationStep::Swapped
    );
    assert_eq!(
        rotation.handle(&notification).await.unwrap(),
        RotationStep::AlreadySwapped,
        "a duplicate delivery changes nothing"
    );

    forget_tokens(&client, &seller);
    client.get_destinations().await.unwrap();
    seller.get_subscriptions(&query()).await.unwrap();
    assert!(
        rotation.credentials().has_previous_secret(),
        "still the fallback"
    );
    let lwa_refusals = sandbox
        .requests()
        .iter()
        .filter(|r| r.path == "/auth/o2/token" && r.status.is_some_and(|s| s.as_u16() == 401))
        .count();
    assert_eq!(
        lwa_refusals, 2,
        "the new secret was tried first, for each grant"
    );

    // Once the previous secret is gone too, LWA's refusal is the caller's error.
    sandbox.expire_previous_client_secret();
    forget_tokens(&client, &seller);
    let error = client.get_destinations().await.unwrap_err();
    assert_eq!(
        oauth_code(&error),
        Some(&OAuthErrorCode::InvalidClient),
        "{error}"
    );
}

#[tokio::test]
async fn a_revoked_seller_gets_invalid_grant_and_the_others_do_not() {
    let sandbox = support::with_sellers(2).start().await.unwrap();
    let client = support::client_builder(&sandbox).build().unwrap();
    sandbox.revoke(&support::seller_id(0)).unwrap();
    let revoked = client.seller(RefreshToken::new("Atzr|seller-0"));
    let error = revoked.get_subscriptions(&query()).await.unwrap_err();
    assert_eq!(
        oauth_code(&error),
        Some(&OAuthErrorCode::InvalidGrant),
        "{error}"
    );
    let other = client.seller(RefreshToken::new("Atzr|seller-1"));
    other.get_subscriptions(&query()).await.unwrap();
    assert!(sandbox.revoke("NOBODY").is_err());
}
