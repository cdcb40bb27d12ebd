//! The command line: every command, option and argument (clap's derive).

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use spapi_notifications::client::Region;
use spapi_notifications::types::NotificationType;

/// The help heading of the options every command takes.
const GLOBAL: &str = "Global options";

/// Operate SP-API notifications: destinations, subscriptions, test notifications, decoding
/// messages and tailing queues.
///
/// Without LWA credentials (LWA_APP_ID, LWA_CLIENT_SECRET) the API commands run against a
/// sandbox embedded in the process. Exit status: 0 done, 1 the API or AWS answered with an
/// error, the network failed or a message did not decode, 2 usage or configuration, 3
/// authentication, 4 some sellers of a fleet command failed.
#[derive(Debug, Parser)]
#[command(name = "spapi-notifications", version)]
pub(crate) struct Cli {
    /// The SP-API region, which picks SP-API's endpoint [default: SP_API_REGION, else na]. The
    /// AWS commands' region is --aws-region.
    #[arg(long, global = true, value_enum, help_heading = GLOBAL)]
    pub(crate) region: Option<RegionArg>,
    /// Use the region's SP-API sandbox endpoint.
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub(crate) sandbox: bool,
    /// Send requests to this endpoint instead of the region's [default: SP_API_ENDPOINT].
    #[arg(long, global = true, value_name = "URL", help_heading = GLOBAL)]
    pub(crate) endpoint: Option<url::Url>,
    /// Print JSON instead of a table.
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub(crate) json: bool,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
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
    /// Many sellers: provisions their subscriptions, offboards them.
    #[command(subcommand)]
    Fleet(crate::commands::fleet::FleetCommand),
    /// The application's LWA client secret: rotation.
    #[command(subcommand)]
    Secret(crate::commands::secret::SecretCommand),
    /// Sets up the AWS half: an SQS queue or an EventBridge bus, rule and target, and the
    /// destination on it (idempotent).
    #[command(subcommand)]
    Setup(crate::commands::aws::SetupCommand),
    /// Checks why notifications would not arrive; exit 0 all passed, 1 a warning, 2 a failure.
    Doctor(crate::commands::aws::DoctorArgs),
    /// Removes a destination, its subscriptions and what setup made in AWS (idempotent).
    Teardown(crate::commands::aws::TeardownArgs),
    /// Decodes messages (any envelope) and prints one JSON line per notification.
    Decode(DecodeArgs),
    /// Tails an SQS queue, printing each notification; deletes nothing unless --delete.
    Consume(ConsumeArgs),
    /// Prints the shell completion script for SHELL.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum Destinations {
    /// Lists every destination.
    List,
    /// Creates a destination on an SQS queue, whose policy must let Amazon send to it.
    CreateSqs {
        /// The queue's ARN, arn:aws:sqs:REGION:ACCOUNT_ID:NAME.
        arn: String,
        /// The destination's name.
        #[arg(long, default_value = "sp-api-notifications")]
        name: String,
    },
    /// Creates an EventBridge destination: a partner event source in an AWS account.
    CreateEventbridge {
        /// The AWS account that receives the events.
        account_id: String,
        /// The AWS region that receives the events, e.g. us-east-1.
        aws_region: String,
        /// The destination's name.
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
pub(crate) enum Subscriptions {
    /// Lists the seller's subscriptions to a notification type, or to every known type.
    List {
        /// The notification type, e.g. ORDER_CHANGE [default: every type this version knows].
        #[arg(value_name = "TYPE", value_parser = notification_type)]
        notification_type: Option<NotificationType>,
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
pub(crate) struct FilterArgs {
    /// A CEL expression over the payload (1 to 256 characters).
    #[arg(
        long,
        value_name = "CEL",
        conflicts_with_all = ["event_filter", "marketplace_ids", "order_change_types", "aggregation"]
    )]
    pub(crate) filter_expression: Option<String>,
    /// An event filter of the notification type (ANY_OFFER_CHANGED, ORDER_CHANGE); implied by
    /// the options below.
    #[arg(long)]
    pub(crate) event_filter: bool,
    /// Only this marketplace (repeatable).
    #[arg(long = "marketplace-id", value_name = "ID")]
    pub(crate) marketplace_ids: Vec<String>,
    /// Only this order change type (ORDER_CHANGE; repeatable): OrderStatusChange,
    /// BuyerRequestedChange, DeliveryTipChange.
    #[arg(long = "order-change-type", value_name = "TYPE")]
    pub(crate) order_change_types: Vec<String>,
    /// Aggregate notifications (ANY_OFFER_CHANGED): FiveMinutes or TenMinutes.
    #[arg(long, value_name = "PERIOD")]
    pub(crate) aggregation: Option<String>,
}

/// `decode`'s input.
#[derive(Debug, Args)]
pub(crate) struct DecodeArgs {
    /// The file to read, `-` for stdin: one message (pretty-printed or not), or JSON lines
    /// (one message per line).
    #[arg(value_name = "FILE|-")]
    pub(crate) input: PathBuf,
}

/// `consume`'s queue and when to stop.
#[derive(Debug, Args)]
pub(crate) struct ConsumeArgs {
    /// The SQS queue's URL (AWS credentials and region come from the environment, as for the
    /// AWS CLI; AWS_ENDPOINT_URL points at an emulator).
    #[arg(long, value_name = "URL")]
    pub(crate) queue_url: String,
    /// Delete each message once printed (by default messages are left for other consumers);
    /// duplicates of a notification printed already are deleted unprinted.
    #[arg(long)]
    pub(crate) delete: bool,
    /// Stop after this many messages (with --delete: printed, or not notifications).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) max_messages: Option<u64>,
    /// Stop after this long, e.g. 90s, 5m, 1h (a bare number is seconds).
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub(crate) duration: Option<Duration>,
    /// How long a received message stays invisible to other consumers, in seconds (without
    /// --delete it is made visible again when the command stops).
    #[arg(long, value_name = "SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=43_200))]
    pub(crate) visibility_timeout: u32,
    /// How long one receive waits for messages, in seconds (long polling).
    #[arg(long, value_name = "SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(0..=20))]
    pub(crate) wait_time: u32,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum RegionArg {
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
pub(crate) fn notification_type(value: &str) -> Result<NotificationType, String> {
    let name = value.trim().to_ascii_uppercase().replace('-', "_");
    if name.is_empty() {
        return Err("a notification type such as ORDER_CHANGE".to_owned());
    }
    Ok(NotificationType::from(name))
}

/// Reads `90`, `90s`, `5m` or `1h`.
fn duration(value: &str) -> Result<Duration, String> {
    let value = value.trim();
    let (number, unit) = match value.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((at, _)) => value.split_at(at),
        None => (value, "s"),
    };
    let seconds_per_unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => return Err(format!("unknown unit {unit:?}: use s, m or h, e.g. 90s")),
    };
    let number: u64 = number
        .parse()
        .map_err(|_| "a duration such as 90s, 5m or 1h".to_owned())?;
    Ok(Duration::from_secs(number.saturating_mul(seconds_per_unit)))
}
