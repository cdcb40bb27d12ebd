//! Manage SP-API notification destinations and subscriptions from the command line.
//!
//! ```text
//! cargo run --example manage -- destinations list
//! cargo run --example manage -- destinations create-sqs ARN [--name NAME]
//! cargo run --example manage -- destinations create-eventbridge ACCOUNT_ID AWS_REGION [--name NAME]
//! cargo run --example manage -- destinations delete DESTINATION_ID
//! cargo run --example manage -- subscriptions list TYPE
//! cargo run --example manage -- subscriptions get TYPE [--payload-version V]
//! cargo run --example manage -- subscriptions create TYPE DESTINATION_ID [--payload-version V]
//!     [--filter-expression CEL | --event-filter [--marketplace-id ID]... [--order-change-type T]...
//!     [--aggregation FiveMinutes|TenMinutes]]
//! cargo run --example manage -- subscriptions delete TYPE SUBSCRIPTION_ID
//! cargo run --example manage -- test-notification TYPE --destination DESTINATION_ID
//! ```
//!
//! Global options: `--region na|eu|fe` (default `SP_API_REGION`, else `na`), `--sandbox` (the
//! region's SP-API sandbox endpoint), `--endpoint URL` (any endpoint, default
//! `SP_API_ENDPOINT`), `--json` (the API's objects as JSON instead of a table).
//! `ORDER_CHANGE` subscriptions need an event filter (`--event-filter`).
//!
//! # Credentials
//!
//! `LWA_APP_ID` (or `LWA_CLIENT_ID`) and `LWA_CLIENT_SECRET` for the application's grantless
//! operations (destinations, test notifications); also `SP_API_REFRESH_TOKEN`, a seller's
//! refresh token, for that seller's subscriptions. `LWA_TOKEN_URL` overrides the LWA endpoint.
//!
//! Without LWA credentials the command runs against a sandbox embedded in the process (said on
//! stderr), with the sandbox's own application and seller. What it creates lives only as long
//! as that one command: this mode is for trying the commands out.
//!
//! # Exit status
//!
//! | status | meaning |
//! | --- | --- |
//! | 0 | done |
//! | 1 | the Selling Partner API answered with an error (such as 404 or 409), or the network failed |
//! | 2 | usage or configuration: bad arguments, a request refused before it was sent, a missing or invalid environment variable |
//! | 3 | authentication: Login with Amazon refused the credentials or refresh token, or the API answered 401 or 403 |
//!
//! Errors go to stderr with the request id, Amazon's error codes and, for the classic causes,
//! a hint. No secret is ever printed.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::{Value, json};
use spapi_notifications::SandboxClients as _;
use spapi_notifications::auth::{self, RefreshToken};
use spapi_notifications::client::{
    AggregationTimePeriod, CreateDestinationRequest, CreateSubscriptionRequest, Destination,
    DestinationResourceSpecification, Error, EventFilter, EventFilterType, GetSubscriptionsQuery,
    NotificationsClient, OrderChangeType, ProcessingDirective, Region, SellerClient,
    SendTestNotificationRequest, Subscription,
};
use spapi_notifications::sandbox::Sandbox;
use spapi_notifications::types::NotificationType;

/// The help heading of the options every command takes.
const GLOBAL: &str = "Global options";

/// Manage SP-API notification destinations and subscriptions.
#[derive(Debug, Parser)]
#[command(name = "manage", version)]
struct Cli {
    /// The SP-API region [default: SP_API_REGION, else na].
    #[arg(long, global = true, value_enum, help_heading = GLOBAL)]
    region: Option<RegionArg>,
    /// Use the region's SP-API sandbox endpoint.
    #[arg(long, global = true, help_heading = GLOBAL)]
    sandbox: bool,
    /// Send requests to this endpoint instead of the region's [default: SP_API_ENDPOINT].
    #[arg(long, global = true, value_name = "URL", help_heading = GLOBAL)]
    endpoint: Option<reqwest::Url>,
    /// Print JSON instead of a table.
    #[arg(long, global = true, help_heading = GLOBAL)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The application's destinations: where Amazon delivers notifications.
    #[command(subcommand)]
    Destinations(Destinations),
    /// A seller's subscriptions (needs SP_API_REFRESH_TOKEN).
    #[command(subcommand)]
    Subscriptions(Subscriptions),
    /// Has the sandbox send a test notification to a destination (sandbox endpoints only).
    TestNotification {
        /// The notification type, e.g. ORDER_CHANGE.
        #[arg(value_name = "TYPE", value_parser = notification_type)]
        notification_type: NotificationType,
        /// The destination to send it to.
        #[arg(long, value_name = "DESTINATION_ID")]
        destination: String,
        /// The payload version [default: the type's current one].
        #[arg(long)]
        payload_version: Option<String>,
        /// A test scenario from Amazon's documentation of the type.
        #[arg(long)]
        scenario: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum Destinations {
    /// Lists every destination.
    List,
    /// Creates a destination on an SQS queue, whose policy must let Amazon send to it.
    CreateSqs {
        /// The queue's ARN, arn:aws:sqs:REGION:ACCOUNT_ID:NAME.
        arn: String,
        #[arg(long, default_value = "sp-api-notifications")]
        name: String,
    },
    /// Creates an EventBridge destination: a partner event source in an AWS account.
    CreateEventbridge {
        /// The AWS account that receives the events.
        account_id: String,
        /// The AWS region that receives the events, e.g. us-east-1.
        aws_region: String,
        #[arg(long, default_value = "sp-api-notifications")]
        name: String,
    },
    /// Deletes a destination.
    Delete {
        /// The destination's id.
        destination_id: String,
    },
}

#[derive(Debug, Subcommand)]
enum Subscriptions {
    /// Lists the seller's subscriptions to a notification type.
    List {
        /// The notification type, e.g. ORDER_CHANGE.
        #[arg(value_name = "TYPE", value_parser = notification_type)]
        notification_type: NotificationType,
    },
    /// Shows the seller's subscription to a notification type.
    Get {
        /// The notification type, e.g. ORDER_CHANGE.
        #[arg(value_name = "TYPE", value_parser = notification_type)]
        notification_type: NotificationType,
        /// The payload version [default: the latest one subscribed to].
        #[arg(long)]
        payload_version: Option<String>,
    },
    /// Subscribes the seller to a notification type.
    Create {
        /// The notification type, e.g. ORDER_CHANGE.
        #[arg(value_name = "TYPE", value_parser = notification_type)]
        notification_type: NotificationType,
        /// Where to deliver the notifications.
        destination_id: String,
        /// The payload version [default: the type's current one].
        #[arg(long)]
        payload_version: Option<String>,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Deletes a subscription.
    Delete {
        /// The notification type, e.g. ORDER_CHANGE.
        #[arg(value_name = "TYPE", value_parser = notification_type)]
        notification_type: NotificationType,
        /// The subscription's id.
        subscription_id: String,
    },
}

/// A subscription's processing directive: a CEL filter expression or an event filter.
#[derive(Debug, Args)]
struct FilterArgs {
    /// A CEL expression over the payload (1 to 256 characters).
    #[arg(
        long,
        value_name = "CEL",
        conflicts_with_all = ["event_filter", "marketplace_ids", "order_change_types", "aggregation"]
    )]
    filter_expression: Option<String>,
    /// An event filter of the notification type (ANY_OFFER_CHANGED, ORDER_CHANGE); implied by
    /// the options below.
    #[arg(long)]
    event_filter: bool,
    /// Only this marketplace (repeatable).
    #[arg(long = "marketplace-id", value_name = "ID")]
    marketplace_ids: Vec<String>,
    /// Only this order change type (ORDER_CHANGE; repeatable): OrderStatusChange,
    /// BuyerRequestedChange, DeliveryTipChange.
    #[arg(long = "order-change-type", value_name = "TYPE")]
    order_change_types: Vec<String>,
    /// Aggregate notifications (ANY_OFFER_CHANGED): FiveMinutes or TenMinutes.
    #[arg(long, value_name = "PERIOD")]
    aggregation: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RegionArg {
    /// North America.
    Na,
    /// Europe.
    Eu,
    /// Far East.
    Fe,
}

impl From<RegionArg> for Region {
    fn from(region: RegionArg) -> Self {
        match region {
            RegionArg::Na => Region::NorthAmerica,
            RegionArg::Eu => Region::Europe,
            RegionArg::Fe => Region::FarEast,
        }
    }
}

/// Reads a notification type in any case; types this version does not know are passed on.
fn notification_type(value: &str) -> Result<NotificationType, String> {
    let name = value.trim().to_ascii_uppercase().replace('-', "_");
    if name.is_empty() {
        return Err("a notification type such as ORDER_CHANGE".to_owned());
    }
    Ok(NotificationType::from(name))
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let (mut out, mut err) = (io::stdout().lock(), io::stderr().lock());
    let code = match connect(&cli, credentials_set(), &mut err).await {
        Ok((api, _sandbox)) => run(&cli, &api, &mut out, &mut err).await,
        Err(failure) => failure.report(&mut err),
    };
    ExitCode::from(code)
}

/// Whether any LWA credential is in the environment: then all of them must be.
fn credentials_set() -> bool {
    ["LWA_APP_ID", "LWA_CLIENT_ID", "LWA_CLIENT_SECRET"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
}

/// The clients a command uses.
struct Api {
    /// The application's client, for the grantless operations.
    client: NotificationsClient,
    /// The seller's handle, when a refresh token is configured.
    seller: Option<SellerClient>,
}

impl Api {
    /// From the environment and the global options.
    fn from_env(cli: &Cli) -> Result<Self, Error> {
        let mut builder = NotificationsClient::builder()
            .with_env()?
            .user_agent_app("spapi-notifications-manage", env!("CARGO_PKG_VERSION"));
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
    fn sandbox(sandbox: &Sandbox) -> Result<Self, Failure> {
        let client = sandbox.client_builder().build()?;
        let seller = client.seller(RefreshToken::new(sandbox.refresh_token()));
        Ok(Self {
            client,
            seller: Some(seller),
        })
    }

    /// The seller's handle, or why there is none.
    fn seller(&self) -> Result<&SellerClient, Failure> {
        self.seller.as_ref().ok_or_else(|| {
            Failure::Usage(
                "subscriptions act for a seller: set SP_API_REFRESH_TOKEN to the seller's \
                 refresh token"
                    .to_owned(),
            )
        })
    }
}

/// The clients for `cli`: from the environment when `credentials_set`, otherwise of a sandbox
/// started here (returned, to live as long as the command), which is said on `err`.
async fn connect(
    cli: &Cli,
    credentials_set: bool,
    err: &mut impl Write,
) -> Result<(Api, Option<Sandbox>), Failure> {
    if credentials_set {
        return Ok((Api::from_env(cli)?, None));
    }
    if cli.sandbox || cli.endpoint.is_some() {
        return Err(Failure::Usage(
            "--sandbox and --endpoint need the application's LWA credentials: set LWA_APP_ID \
             and LWA_CLIENT_SECRET (without them, commands run against an embedded sandbox)"
                .to_owned(),
        ));
    }
    let sandbox = Sandbox::start().await.map_err(boxed)?;
    writeln!(
        err,
        "note: no LWA credentials set (LWA_APP_ID, LWA_CLIENT_SECRET): running against an \
         embedded sandbox at {}, whose destinations and subscriptions live only as long as \
         this command",
        sandbox.base_url()
    )?;
    Ok((Api::sandbox(&sandbox)?, Some(sandbox)))
}

/// Runs the command, printing its result to `out` and any error to `err`; the exit status.
async fn run(cli: &Cli, api: &Api, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let printed = match execute(&cli.command, api).await {
        Ok(output) => output.print(cli.json, out).map_err(Failure::from),
        Err(failure) => Err(failure),
    };
    match printed {
        Ok(()) => 0,
        Err(failure) => failure.report(err),
    }
}

/// Calls the API for `command`.
async fn execute(command: &Command, api: &Api) -> Result<Output, Failure> {
    match command {
        Command::Destinations(command) => destinations(command, &api.client).await,
        Command::Subscriptions(command) => subscriptions(command, api).await,
        Command::TestNotification {
            notification_type,
            destination,
            payload_version,
            scenario,
        } => {
            let version =
                payload_version_or_current(notification_type, payload_version.as_deref())?;
            let mut request = SendTestNotificationRequest::new(destination, &version);
            if let Some(scenario) = scenario {
                request = request.test_scenario(scenario);
            }
            api.client
                .send_test_notification(notification_type, &request)
                .await?;
            Ok(Output::line(
                format!(
                    "sent a test {notification_type} notification (payload version {version}) \
                     to destination {destination}"
                ),
                json!({
                    "notificationType": notification_type,
                    "payloadVersion": version,
                    "destinationId": destination,
                    "sent": true,
                }),
            ))
        }
    }
}

async fn destinations(
    command: &Destinations,
    client: &NotificationsClient,
) -> Result<Output, Failure> {
    let (name, resource) = match command {
        Destinations::List => {
            let destinations = client.get_destinations().await?.into_inner();
            let json = serde_json::to_value(&destinations)?;
            return Ok(Output::destinations(&destinations, json));
        }
        Destinations::Delete { destination_id } => {
            client.delete_destination(destination_id).await?;
            return Ok(Output::line(
                format!("deleted destination {destination_id}"),
                json!({ "destinationId": destination_id, "deleted": true }),
            ));
        }
        Destinations::CreateSqs { arn, name } => (name, DestinationResourceSpecification::sqs(arn)),
        Destinations::CreateEventbridge {
            account_id,
            aws_region,
            name,
        } => (
            name,
            DestinationResourceSpecification::event_bridge(account_id, aws_region),
        ),
    };
    let request = CreateDestinationRequest::new(name, resource);
    let created = client.create_destination(&request).await?.into_inner();
    let json = serde_json::to_value(&created)?;
    Ok(Output::destinations(std::slice::from_ref(&created), json))
}

async fn subscriptions(command: &Subscriptions, api: &Api) -> Result<Output, Failure> {
    match command {
        Subscriptions::List { notification_type } => {
            let query = GetSubscriptionsQuery::new(notification_type.clone());
            let subscriptions = api.seller()?.all_subscriptions(query).await?;
            let json = serde_json::to_value(&subscriptions)?;
            Output::subscriptions(notification_type, &subscriptions, json)
        }
        Subscriptions::Get {
            notification_type,
            payload_version,
        } => {
            let subscription = api
                .seller()?
                .get_subscription(notification_type, payload_version.as_deref())
                .await?
                .into_inner();
            let json = serde_json::to_value(&subscription)?;
            Output::subscriptions(notification_type, &[&subscription], json)
        }
        Subscriptions::Create {
            notification_type,
            destination_id,
            payload_version,
            filter,
        } => {
            let version =
                payload_version_or_current(notification_type, payload_version.as_deref())?;
            let mut request = CreateSubscriptionRequest::new(version, destination_id);
            if let Some(directive) = filter.directive(notification_type)? {
                request = request.processing_directive(directive);
            }
            let subscription = api
                .seller()?
                .create_subscription(notification_type, &request)
                .await?
                .into_inner();
            let json = serde_json::to_value(&subscription)?;
            Output::subscriptions(notification_type, &[&subscription], json)
        }
        Subscriptions::Delete {
            notification_type,
            subscription_id,
        } => {
            // The seller's handle retries with the seller's token where Amazon refuses the
            // grantless one.
            match &api.seller {
                Some(seller) => {
                    seller
                        .delete_subscription_by_id(notification_type, subscription_id)
                        .await?
                }
                None => {
                    api.client
                        .delete_subscription_by_id(notification_type, subscription_id)
                        .await?
                }
            };
            Ok(Output::line(
                format!("deleted {notification_type} subscription {subscription_id}"),
                json!({
                    "notificationType": notification_type,
                    "subscriptionId": subscription_id,
                    "deleted": true,
                }),
            ))
        }
    }
}

impl FilterArgs {
    /// The processing directive asked for, if any.
    fn directive(
        &self,
        notification_type: &NotificationType,
    ) -> Result<Option<ProcessingDirective>, Error> {
        if let Some(expression) = &self.filter_expression {
            return ProcessingDirective::filter_expression(expression).map(Some);
        }
        let wanted = self.event_filter
            || !self.marketplace_ids.is_empty()
            || !self.order_change_types.is_empty()
            || self.aggregation.is_some();
        if !wanted {
            return Ok(None);
        }
        // Each filter type is named after the notification type it filters.
        let mut filter = EventFilter::new(EventFilterType::from(notification_type.as_str()));
        if !self.marketplace_ids.is_empty() {
            filter = filter.marketplace_ids(self.marketplace_ids.iter().cloned());
        }
        if !self.order_change_types.is_empty() {
            let types = self
                .order_change_types
                .iter()
                .map(|t| OrderChangeType::from(t.as_str()));
            filter = filter.order_change_types(types);
        }
        if let Some(period) = &self.aggregation {
            filter = filter.aggregation(AggregationTimePeriod::from(period.as_str()));
        }
        Ok(Some(ProcessingDirective::event_filter(filter)))
    }
}

/// `version`, or the current payload version of `notification_type`.
fn payload_version_or_current(
    notification_type: &NotificationType,
    version: Option<&str>,
) -> Result<String, Failure> {
    match (version, notification_type.payload_versions().first()) {
        (Some(version), _) => Ok(version.to_owned()),
        (None, Some(current)) => Ok((*current).to_owned()),
        (None, None) => Err(Failure::Usage(format!(
            "no payload version is known for {notification_type}: give --payload-version"
        ))),
    }
}

/// What a command prints: a table or a line for people, JSON for programs.
struct Output {
    human: Human,
    json: Value,
}

enum Human {
    Line(String),
    Table {
        headers: &'static [&'static str],
        rows: Vec<Vec<String>>,
        /// Printed instead of a table without rows.
        empty: &'static str,
    },
}

impl Output {
    fn line(line: String, json: Value) -> Self {
        Self {
            human: Human::Line(line),
            json,
        }
    }

    /// A table of `destinations`, and `json` as the JSON output.
    fn destinations(destinations: &[Destination], json: Value) -> Self {
        let rows = destinations
            .iter()
            .map(|destination| {
                let (kind, resource) = describe_resource(destination);
                vec![
                    destination.destination_id.clone(),
                    destination.name.clone(),
                    kind.to_owned(),
                    resource,
                ]
            })
            .collect();
        Self {
            human: Human::Table {
                headers: &["DESTINATION ID", "NAME", "KIND", "RESOURCE"],
                rows,
                empty: "no destinations",
            },
            json,
        }
    }

    /// A table of `subscriptions` to `notification_type`, and `json` as the JSON output.
    fn subscriptions<S: std::borrow::Borrow<Subscription>>(
        notification_type: &NotificationType,
        subscriptions: &[S],
        json: Value,
    ) -> Result<Self, Failure> {
        let rows = subscriptions
            .iter()
            .map(|subscription| {
                let subscription = subscription.borrow();
                let filter = match &subscription.processing_directive {
                    Some(directive) => serde_json::to_string(directive)?,
                    None => "-".to_owned(),
                };
                Ok(vec![
                    subscription.subscription_id.clone(),
                    notification_type.to_string(),
                    subscription.payload_version.clone(),
                    subscription.destination_id.clone(),
                    filter,
                ])
            })
            .collect::<serde_json::Result<_>>()?;
        Ok(Self {
            human: Human::Table {
                headers: &[
                    "SUBSCRIPTION ID",
                    "TYPE",
                    "VERSION",
                    "DESTINATION ID",
                    "PROCESSING DIRECTIVE",
                ],
                rows,
                empty: "no subscriptions",
            },
            json,
        })
    }

    fn print(&self, json: bool, out: &mut impl Write) -> io::Result<()> {
        if json {
            return writeln!(out, "{}", self.json);
        }
        match &self.human {
            Human::Line(line) => writeln!(out, "{line}"),
            Human::Table { empty, rows, .. } if rows.is_empty() => writeln!(out, "{empty}"),
            Human::Table { headers, rows, .. } => {
                let header = headers.iter().map(|header| (*header).to_owned()).collect();
                write_table(&[header], rows, out)
            }
        }
    }
}

/// The kind of a destination's resource, and the resource in words.
fn describe_resource(destination: &Destination) -> (&'static str, String) {
    let resource = &destination.resource;
    match (&resource.sqs, &resource.event_bridge) {
        (Some(sqs), _) => ("SQS", sqs.arn.clone()),
        (None, Some(event_bridge)) => (
            "EventBridge",
            format!("{} in {}", event_bridge.name, event_bridge.region),
        ),
        (None, None) => ("unknown", "-".to_owned()),
    }
}

/// Writes `header` and `rows` in columns two spaces apart.
fn write_table(
    header: &[Vec<String>],
    rows: &[Vec<String>],
    out: &mut impl Write,
) -> io::Result<()> {
    let lines = || header.iter().chain(rows);
    let mut widths = Vec::new();
    for line in lines() {
        widths.resize(widths.len().max(line.len()), 0);
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for line in lines() {
        let cells: Vec<String> = line
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    Ok(())
}

/// Why a command failed.
#[derive(Debug)]
enum Failure {
    /// The client's error.
    Client(Error),
    /// Bad arguments or configuration found here.
    Usage(String),
    /// Anything else: output, the embedded sandbox.
    Other(Box<dyn std::error::Error + Send + Sync>),
}

impl Failure {
    /// The exit status (see the documentation at the top).
    fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) | Self::Client(Error::Validation { .. } | Error::Config { .. }) => 2,
            Self::Client(Error::Auth(
                auth::Error::MissingEnv { .. } | auth::Error::InvalidEnv { .. },
            )) => 2,
            Self::Client(Error::Auth(error)) if error.is_transient() => 1,
            Self::Client(Error::Auth(_)) => 3,
            Self::Client(error)
                if matches!(error.status().map(|s| s.as_u16()), Some(401 | 403)) =>
            {
                3
            }
            Self::Client(_) | Self::Other(_) => 1,
        }
    }

    /// Writes the error and its causes to `err`; the exit status.
    fn report(&self, err: &mut impl Write) -> u8 {
        let error: &dyn std::error::Error = match self {
            Self::Client(error) => error,
            Self::Other(error) => error.as_ref(),
            Self::Usage(message) => {
                let _ = writeln!(err, "error: {message}");
                return self.exit_code();
            }
        };
        // The hint on a line of its own, where it reads best.
        let mut message = error.to_string();
        let hint = match self {
            Self::Client(error) => error.hint(),
            _ => None,
        };
        let hint = hint.filter(|hint| {
            let suffix = format!("; hint: {hint}");
            message
                .strip_suffix(&suffix)
                .map(str::len)
                .map(|len| message.truncate(len))
                .is_some()
        });
        let _ = writeln!(err, "error: {message}");
        let mut source = error.source();
        while let Some(cause) = source {
            let cause_text = cause.to_string();
            if !message.contains(&cause_text) {
                let _ = writeln!(err, "  caused by: {cause_text}");
            }
            source = cause.source();
        }
        if let Some(hint) = hint {
            let _ = writeln!(err, "hint: {hint}");
        }
        self.exit_code()
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Self::Client(error)
    }
}

impl From<auth::Error> for Failure {
    fn from(error: auth::Error) -> Self {
        Self::Client(error.into())
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        boxed(error)
    }
}

impl From<serde_json::Error> for Failure {
    fn from(error: serde_json::Error) -> Self {
        boxed(error)
    }
}

fn boxed(error: impl std::error::Error + Send + Sync + 'static) -> Failure {
    Failure::Other(Box::new(error))
}

#[cfg(test)]
mod tests {
    use spapi_notifications::auth::{ClientSecret, LwaCredentials};

    use super::*;

    const QUEUE_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:orders";

    /// Parses `args` as the command line and runs it against `api`: the exit status, stdout
    /// and stderr.
    async fn manage(api: &Api, args: &str) -> (u8, String, String) {
        let cli = Cli::try_parse_from(["manage"].into_iter().chain(args.split_whitespace()))
            .unwrap_or_else(|error| panic!("{args}: {error}"));
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(&cli, api, &mut out, &mut err).await;
        let text = |bytes| String::from_utf8(bytes).unwrap();
        (code, text(out), text(err))
    }

    async fn sandbox() -> (Sandbox, Api) {
        let sandbox = Sandbox::builder()
            .without_rate_limits()
            .start()
            .await
            .unwrap();
        let api = Api::sandbox(&sandbox).unwrap();
        (sandbox, api)
    }

    /// The cells of a table's line.
    fn cells(line: &str) -> Vec<&str> {
        line.split("  ")
            .map(str::trim)
            .filter(|cell| !cell.is_empty())
            .collect()
    }

    /// The cells of each line after the header.
    fn rows(table: &str) -> Vec<Vec<&str>> {
        table.lines().skip(1).map(cells).collect()
    }

    fn json(out: &str) -> Value {
        serde_json::from_str(out).unwrap_or_else(|error| panic!("{error}: {out}"))
    }

    #[tokio::test]
    async fn destinations_are_listed_created_and_deleted_with_404_and_409_exit_codes() {
        let (_sandbox, api) = sandbox().await;
        assert_eq!(
            manage(&api, "destinations list").await,
            (0, "no destinations\n".into(), String::new())
        );

        let (code, out, err) = manage(
            &api,
            &format!("destinations create-sqs {QUEUE_ARN} --name orders"),
        )
        .await;
        assert_eq!((code, err.as_str()), (0, ""));
        assert_eq!(
            cells(out.lines().next().unwrap()),
            ["DESTINATION ID", "NAME", "KIND", "RESOURCE"]
        );
        let row = &rows(&out)[0];
        let sqs_id = row[0].to_owned();
        assert_eq!(row[1..], ["orders", "SQS", QUEUE_ARN]);

        let (code, out, _) = manage(
            &api,
            "destinations create-eventbridge 111122223333 us-west-2 --json",
        )
        .await;
        assert_eq!(code, 0);
        let created = json(&out);
        assert_eq!(created["name"], "sp-api-notifications");
        assert_eq!(
            created["resource"]["eventBridge"]["accountId"],
            "111122223333"
        );
        assert_eq!(created["resource"]["eventBridge"]["region"], "us-west-2");

        let (code, out, _) = manage(&api, "destinations list").await;
        assert_eq!(code, 0);
        let listed = rows(&out);
        assert_eq!(listed.len(), 2, "{out}");
        let event_bridge = listed.iter().find(|row| row[2] == "EventBridge").unwrap();
        assert!(event_bridge[3].ends_with(" in us-west-2"), "{out}");
        let (code, out, _) = manage(&api, "destinations list --json").await;
        assert_eq!(code, 0);
        assert_eq!(json(&out).as_array().unwrap().len(), 2);

        // One destination per queue: a 409, with the hint.
        let (code, out, err) = manage(&api, &format!("destinations create-sqs {QUEUE_ARN}")).await;
        assert_eq!((code, out.as_str()), (1, ""));
        assert!(
            err.starts_with("error: createDestination failed with http 409 Conflict"),
            "{err}"
        );
        assert!(
            err.contains("hint: a destination for this resource already exists"),
            "{err}"
        );

        let delete = format!("destinations delete {sqs_id}");
        assert_eq!(
            manage(&api, &delete).await,
            (0, format!("deleted destination {sqs_id}\n"), String::new())
        );
        let (code, out, err) = manage(&api, &delete).await;
        assert_eq!((code, out.as_str()), (1, ""));
        assert!(
            err.starts_with("error: deleteDestination failed with http 404 Not Found"),
            "{err}"
        );
        assert!(err.contains("(request id "), "{err}");
        assert!(err.contains("NotFound"), "{err}");
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 2, "{err}");
        assert!(
            lines[1].starts_with("hint: the destination does not exist on this endpoint"),
            "{err}"
        );

        // Refused before sending: a usage error.
        let (code, _, err) = manage(&api, "destinations create-sqs not-an-arn").await;
        assert_eq!(code, 2);
        assert!(
            err.starts_with("error: invalid resourceSpecification.sqs.arn"),
            "{err}"
        );
    }

    #[tokio::test]
    async fn subscriptions_are_created_listed_fetched_and_deleted() {
        let (_sandbox, api) = sandbox().await;
        let (_, out, _) =
            manage(&api, &format!("destinations create-sqs {QUEUE_ARN} --json")).await;
        let destination_id = json(&out)["destinationId"].as_str().unwrap().to_owned();

        assert_eq!(
            manage(&api, "subscriptions list order_change").await,
            (0, "no subscriptions\n".into(), String::new())
        );
        let create = format!(
            "subscriptions create ORDER_CHANGE {destination_id} --order-change-type OrderStatusChange"
        );
        let (code, out, err) = manage(&api, &create).await;
        assert_eq!((code, err.as_str()), (0, ""), "{out}");
        assert_eq!(
            cells(out.lines().next().unwrap()),
            [
                "SUBSCRIPTION ID",
                "TYPE",
                "VERSION",
                "DESTINATION ID",
                "PROCESSING DIRECTIVE"
            ]
        );
        let row = &rows(&out)[0];
        let subscription_id = row[0].to_owned();
        assert_eq!(
            row[1..],
            [
                "ORDER_CHANGE",
                "1.0",
                &destination_id,
                r#"{"eventFilter":{"eventFilterType":"ORDER_CHANGE","orderChangeTypes":["OrderStatusChange"]}}"#
            ]
        );

        // One subscription per seller, type and payload version: a 409, with the hint.
        let (code, _, err) = manage(&api, &create).await;
        assert_eq!(code, 1);
        assert!(
            err.contains("createSubscription failed with http 409 Conflict"),
            "{err}"
        );
        assert!(
            err.contains("hint: a subscription to this notification type"),
            "{err}"
        );

        let (code, out, _) = manage(&api, "subscriptions list ORDER_CHANGE --json").await;
        assert_eq!(code, 0);
        let listed = json(&out);
        assert_eq!(listed.as_array().unwrap().len(), 1);
        assert_eq!(listed[0]["subscriptionId"], subscription_id.as_str());
        assert_eq!(
            listed[0]["processingDirective"]["eventFilter"]["orderChangeTypes"],
            json!(["OrderStatusChange"])
        );

        let (code, out, _) = manage(&api, "subscriptions get ORDER_CHANGE").await;
        assert_eq!(code, 0);
        assert_eq!(rows(&out)[0][0], subscription_id);
        let (code, out, _) = manage(&api, "subscriptions get ORDER_CHANGE --json").await;
        assert_eq!(code, 0);
        assert_eq!(json(&out)["destinationId"], destination_id.as_str());

        let delete = format!("subscriptions delete ORDER_CHANGE {subscription_id} --json");
        let (code, out, _) = manage(&api, &delete).await;
        assert_eq!(code, 0);
        assert_eq!(
            json(&out),
            json!({"notificationType": "ORDER_CHANGE", "subscriptionId": subscription_id, "deleted": true})
        );
        let (code, _, err) = manage(&api, "subscriptions get ORDER_CHANGE").await;
        assert_eq!(code, 1);
        assert!(
            err.contains("getSubscription failed with http 404 Not Found"),
            "{err}"
        );

        // A CEL filter expression, on a type without event filters.
        let create = format!(
            "subscriptions create FEED_PROCESSING_FINISHED {destination_id} \
             --filter-expression processingStatus==`DONE`"
        );
        let (code, out, err) = manage(&api, &create).await;
        assert_eq!((code, err.as_str()), (0, ""));
        assert!(
            out.contains(r#"{"filterExpression":"processingStatus==`DONE`"}"#),
            "{out}"
        );
    }

    #[tokio::test]
    async fn test_notifications_reach_the_destination() {
        let (sandbox, api) = sandbox().await;
        let (_, out, _) =
            manage(&api, &format!("destinations create-sqs {QUEUE_ARN} --json")).await;
        let destination_id = json(&out)["destinationId"].as_str().unwrap().to_owned();

        let send = format!("test-notification ORDER_CHANGE --destination {destination_id}");
        assert_eq!(
            manage(&api, &send).await,
            (
                0,
                format!(
                    "sent a test ORDER_CHANGE notification (payload version 1.0) to destination \
                     {destination_id}\n"
                ),
                String::new()
            )
        );
        let received = sandbox
            .queue(QUEUE_ARN)
            .try_recv()
            .unwrap()
            .decode()
            .unwrap();
        assert_eq!(
            received.notification.notification_type,
            NotificationType::OrderChange
        );

        let (code, out, _) = manage(&api, &format!("{send} --json")).await;
        assert_eq!(code, 0);
        assert_eq!(json(&out)["sent"], true);
        assert_eq!(sandbox.queue(QUEUE_ARN).len(), 1);

        // A destination that does not exist: Amazon's 400.
        let (code, _, err) =
            manage(&api, "test-notification ORDER_CHANGE --destination nope").await;
        assert_eq!(code, 1);
        assert!(err.contains("http 400 Bad Request"), "{err}");
    }

    #[tokio::test]
    async fn auth_and_configuration_failures_have_their_own_exit_codes_and_print_no_secret() {
        let (sandbox, api) = sandbox().await;
        let seller = api.seller.unwrap();
        let wrong_secret = "not-the-secret-0123456789";
        let client = sandbox
            .client_builder()
            .credentials(LwaCredentials::new(
                sandbox.client_id(),
                ClientSecret::new(wrong_secret),
            ))
            .build()
            .unwrap();
        let api = Api {
            client,
            seller: None,
        };
        let (code, out, err) = manage(&api, "destinations list").await;
        assert_eq!((code, out.as_str()), (3, ""));
        assert!(err.contains("invalid_client"), "{err}");
        assert!(!err.contains(wrong_secret), "{err}");

        // No refresh token for a seller operation.
        let (code, _, err) = manage(&api, "subscriptions list ORDER_CHANGE").await;
        assert_eq!(code, 2);
        assert!(err.contains("SP_API_REFRESH_TOKEN"), "{err}");

        // The seller's token on a grantless operation: the API's 403.
        let api = Api {
            client: NotificationsClient::builder()
                .endpoint(sandbox.base_url().parse().unwrap())
                .grantless_provider(seller.provider().unwrap().clone())
                .build()
                .unwrap(),
            seller: None,
        };
        let (code, _, err) = manage(&api, "destinations list").await;
        assert_eq!(code, 3, "{err}");
        assert!(err.contains("http 403"), "{err}");
        for secret in [sandbox.client_secret(), sandbox.refresh_token()] {
            assert!(!err.contains(secret), "{err}");
        }
    }

    #[tokio::test]
    async fn without_credentials_an_embedded_sandbox_is_used_and_said_so() {
        let cli = Cli::try_parse_from(["manage", "destinations", "list"]).unwrap();
        let mut err = Vec::new();
        let (api, sandbox) = connect(&cli, false, &mut err).await.unwrap();
        let err = String::from_utf8(err).unwrap();
        assert!(sandbox.is_some());
        assert!(err.starts_with("note: no LWA credentials set"), "{err}");
        assert!(err.contains("live only as long as this command"), "{err}");
        let (code, out, _) = manage(&api, "destinations list").await;
        assert_eq!((code, out.as_str()), (0, "no destinations\n"));

        // An endpoint without credentials is a configuration error.
        let cli = Cli::try_parse_from([
            "manage",
            "--endpoint",
            "http://127.0.0.1:1",
            "destinations",
            "list",
        ])
        .unwrap();
        let failure = connect(&cli, false, &mut Vec::new()).await.err().unwrap();
        assert_eq!(failure.exit_code(), 2);
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        let parse =
            |args: &str| Cli::try_parse_from(["manage"].into_iter().chain(args.split_whitespace()));
        let both =
            parse("subscriptions create ORDER_CHANGE d --filter-expression x --event-filter");
        assert_eq!(both.unwrap_err().exit_code(), 2);
        assert_eq!(
            parse("--region us destinations list")
                .unwrap_err()
                .exit_code(),
            2
        );
        assert_eq!(parse("destinations").unwrap_err().exit_code(), 2);
        let cli = parse("--region eu --json subscriptions list order-change").unwrap();
        assert!(matches!(cli.region, Some(RegionArg::Eu)) && cli.json);
        let Command::Subscriptions(Subscriptions::List { notification_type }) = cli.command else {
            panic!("{cli:?}");
        };
        assert_eq!(notification_type, NotificationType::OrderChange);
    }
}
