//! Which API the commands talk to: Amazon's (or any endpoint) with the credentials in the
//! environment, else a sandbox embedded in the process, which is said on stderr; for the AWS
//! commands the sandbox plays Amazon on the AWS configuration's endpoint.

use std::io::Write;

use aws_config::SdkConfig;
use spapi_notifications::SandboxClients as _;
use spapi_notifications::auth::{self, RefreshToken};
use spapi_notifications::aws::{aws_sdk_eventbridge, aws_sdk_sqs};
use spapi_notifications::client::{Error, NotificationsClient, SellerClient};
use spapi_notifications::sandbox::Sandbox;

use crate::cli::Cli;
use crate::exit::{CliError, boxed};

/// Whether any LWA credential is in the environment: then all of them must be.
pub(crate) fn credentials_set() -> bool {
    ["LWA_APP_ID", "LWA_CLIENT_ID", "LWA_CLIENT_SECRET"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
}

/// The clients a command uses.
#[derive(Debug)]
pub(crate) struct Api {
    /// The application's client, for the grantless operations.
    pub(crate) client: NotificationsClient,
    /// The seller's handle, when a refresh token is configured.
    pub(crate) seller: Option<SellerClient>,
}

impl Api {
    /// From the environment and the global options.
    fn from_env(cli: &Cli) -> Result<Self, Error> {
        let mut builder = NotificationsClient::builder()
            .with_env()?
            .user_agent_app("spapi-notifications-cli", env!("CARGO_PKG_VERSION"));
        if let Some(region) = cli.region {
            builder = builder.region(region.into());
        }
        if let Some(endpoint) = &cli.endpoint {
            builder = builder.endpoint(endpoint.clone());
        }
        if cli.sandbox {
            builder = builder.sandbox(true);
        }
        let client = builder.build()?;
        let seller = match RefreshToken::from_env() {
            Ok(refresh_token) => Some(client.seller(refresh_token)),
            Err(auth::Error::MissingEnv { .. }) => None,
            Err(error) => return Err(error.into()),
        };
        Ok(Self { client, seller })
    }

    /// The sandbox's application and its seller.
    fn sandbox(sandbox: &Sandbox) -> Result<Self, CliError> {
        // Trying commands out should not wait: the embedded sandbox has no rate limits.
        let client = sandbox.client_builder().disable_rate_limits().build()?;
        let seller = client.seller(RefreshToken::new(sandbox.refresh_token()));
        Ok(Self {
            client,
            seller: Some(seller),
        })
    }

    /// The seller's handle, or why there is none.
    pub(crate) fn seller(&self) -> Result<&SellerClient, CliError> {
        self.seller.as_ref().ok_or_else(|| {
            CliError::Usage(
                "subscriptions act for a seller: set SP_API_REFRESH_TOKEN to the seller's \
                 refresh token"
                    .to_owned(),
            )
        })
    }
}

/// The clients for `cli`: from the environment when `credentials_set`, otherwise of a sandbox
/// started here (returned, to live as long as the command), which is said on `err`.
pub(crate) async fn connect(
    cli: &Cli,
    credentials_set: bool,
    err: &mut impl Write,
) -> Result<(Api, Option<Sandbox>), CliError> {
    connect_with(cli, credentials_set, None, err).await
}

/// As [`connect`]; an embedded sandbox plays Amazon on the AWS of `aws` (its endpoint, such as
/// `AWS_ENDPOINT_URL`, region and credentials) as it would on Amazon's: it creates an
/// EventBridge destination's partner event source there, and delivers to a queue only when
/// its policy lets Amazon send.
pub(crate) async fn connect_with(
    cli: &Cli,
    credentials_set: bool,
    aws: Option<&SdkConfig>,
    err: &mut impl Write,
) -> Result<(Api, Option<Sandbox>), CliError> {
    if credentials_set {
        return Ok((Api::from_env(cli)?, None));
    }
    if cli.sandbox || cli.endpoint.is_some() {
        return Err(CliError::Usage(
            "--sandbox and --endpoint need the application's LWA credentials: set LWA_APP_ID \
             and LWA_CLIENT_SECRET (without them, commands run against an embedded sandbox)"
                .to_owned(),
        ));
    }
    let mut builder = Sandbox::builder().without_rate_limits();
    if let Some(config) = aws {
        builder = builder
            .sqs_client(aws_sdk_sqs::Client::new(config))
            .check_queue_policies()
            .event_bridge_client(aws_sdk_eventbridge::Client::new(config));
    }
    let sandbox = builder.start().await.map_err(boxed)?;
    writeln!(
        err,
        "note: no LWA credentials set (LWA_APP_ID, LWA_CLIENT_SECRET): running against an \
         embedded sandbox at {}, whose destinations and subscriptions live only as long as \
         this command (and has no rate limits)",
        sandbox.base_url()
    )?;
    if let Some(config) = aws {
        writeln!(
            err,
            "note: the sandbox plays Amazon on AWS at {} (region {}): it creates the partner \
             event source of an EventBridge destination there, and delivers to a queue only \
             when its policy lets Amazon send",
            config
                .endpoint_url()
                .unwrap_or("the AWS configuration's endpoint"),
            config
                .region()
                .map_or_else(|| "not set".to_owned(), ToString::to_string)
        )?;
    }
    Ok((Api::sandbox(&sandbox)?, Some(sandbox)))
}
