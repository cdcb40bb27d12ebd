//! Client-secret rotation end to end: an expiry notice starts the rotation, the new secret
//! arrives as a notification, is persisted (here to a file) and swapped into every token
//! provider of the client, with the previous secret as a fallback until LWA accepts the new one.
//!
//! ```sh
//! cargo run --example secret_rotation --features fleet
//! ```
//!
//! It runs against the local sandbox ([`spapi_notifications::sandbox`]), which plays
//! `rotateApplicationClientSecret` and delivers both notifications to the application's
//! destination. In production, call `rotation.handle(&notification)` from your queue
//! consumer's handler for every notification, and store the secret in AWS Secrets Manager
//! (see the docs of `spapi_notifications::auth::SecretStore`). With more than one consumer,
//! share the record of rotations: `.with_ledger(Arc::new(registry.rotation_ledger()))` on a
//! `DynamoDbRegistry` (feature `dynamodb`), so that one of them rotates.
#![allow(clippy::print_stdout, reason = "an example prints what it did")]

use std::path::PathBuf;
use std::sync::Arc;

use spapi_notifications::SandboxClients as _;
use spapi_notifications::auth::{
    BoxFuture, ClientSecret, SecretStore, SecretStoreError, TokenProvider,
};
use spapi_notifications::client::DestinationResourceSpecification;
use spapi_notifications::fleet::SecretRotation;
use spapi_notifications::sandbox::Sandbox;

const QUEUE_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:application";

/// Persists the secret to a file.
#[derive(Debug)]
struct SecretFile(PathBuf);

impl SecretStore for SecretFile {
    fn save<'a>(
        &'a self,
        _client_id: &'a str,
        secret: &'a ClientSecret,
    ) -> BoxFuture<'a, Result<(), SecretStoreError>> {
        Box::pin(async move {
            // Written beside, then renamed: a crash never leaves half a secret.
            let partial = self.0.with_extension("partial");
            std::fs::write(&partial, secret.expose_secret())?;
            std::fs::rename(&partial, &self.0)?;
            Ok(())
        })
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let sandbox = Sandbox::start().await?;
    let client = sandbox.client_builder().build()?;
    // The application's own notifications go to the destination set in the Developer Console.
    let queue = DestinationResourceSpecification::sqs(QUEUE_ARN);
    let destination = client.ensure_destination("application", &queue).await?;
    sandbox.set_application_destination(&destination.destination_id)?;

    let path = std::env::temp_dir().join("spapi-client-secret");
    let rotation = SecretRotation::new(client.clone(), Arc::new(SecretFile(path.clone())))?;

    // Amazon repeats the expiry notice (90, 60, 30, 15, 7, 1 days ahead): one rotation.
    sandbox.notify_client_secret_expiry().await?;
    sandbox.notify_client_secret_expiry().await?;
    let inbox = sandbox.queue(QUEUE_ARN);
    for _ in 0..3 {
        // Expiry, expiry again, then the new secret.
        let notification = inbox.recv().await.decode()?.notification;
        let step = rotation.handle(&notification).await?;
        println!("{}: {step:?}", notification.notification_type);
    }

    // The next token request sends the new secret; the old one is refused from now on.
    sandbox.expire_previous_client_secret();
    client.grantless_provider().invalidate();
    client.get_destinations().await?;
    let persisted = std::fs::read_to_string(&path)?;
    println!(
        "rotations: {}; new secret in use: {}; persisted to {}: {}",
        sandbox.client_secret_rotations(),
        !rotation.credentials().has_previous_secret(),
        path.display(),
        persisted == sandbox.current_client_secret(),
    );
    std::fs::remove_file(&path)?;
    Ok(())
}

// Its test: tests/it/examples/secret_rotation.rs, in the facade's test binary.
#[cfg(test)]
#[path = "../tests/it/examples/secret_rotation.rs"]
mod tests;
