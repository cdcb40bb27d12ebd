//! What the root integration tests share: clients of a sandbox, through the facade.
#![allow(dead_code, reason = "each test binary uses part of the support module")]

use spapi_notifications::client::NotificationsClientBuilder;
use spapi_notifications::prelude::*;

/// The application's LWA credentials in `sandbox`.
pub(crate) fn credentials(sandbox: &Sandbox) -> LwaCredentials {
    LwaCredentials::new(
        sandbox.client_id(),
        ClientSecret::new(sandbox.client_secret()),
    )
}

/// A client builder aimed at `sandbox`: its Notifications API, its LWA, its application.
pub(crate) fn client_builder(sandbox: &Sandbox) -> NotificationsClientBuilder {
    NotificationsClient::builder()
        .endpoint(sandbox.base_url().parse().expect("the sandbox's base url"))
        .token_url(
            sandbox
                .token_url()
                .parse()
                .expect("the sandbox's token url"),
        )
        .credentials(credentials(sandbox))
}

/// A client of `sandbox` with the default settings (the usage plan's rate limits included).
pub(crate) fn client(sandbox: &Sandbox) -> NotificationsClient {
    client_builder(sandbox)
        .build()
        .expect("a client of the sandbox")
}
