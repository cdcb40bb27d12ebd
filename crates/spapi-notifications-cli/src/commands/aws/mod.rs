//! The AWS commands, `setup`, `doctor` and `teardown`: the AWS half of the workflow, with
//! AWS configuration read the standard way (`AWS_REGION`, `AWS_ENDPOINT_URL`, the credentials
//! chain) and the SP-API configuration of the other commands.

mod doctor;
mod setup;
mod teardown;

use clap::{Args, Subcommand};
use spapi_notifications::aws::{AwsSetup, Change, aws_sdk_eventbridge, aws_sdk_sqs};
use spapi_notifications::types::NotificationType;

use crate::cli::{Cli, Command};
use crate::exit::{CliError, boxed};
use crate::output::Output;

/// `setup`'s two channels.
#[derive(Debug, Subcommand)]
pub(crate) enum SetupCommand {
    /// A standard SQS queue (created or adopted) whose policy lets Amazon send, and its
    /// SP-API destination.
    Sqs {
        /// The queue's name.
        #[arg(long, value_name = "NAME")]
        queue_name: String,
        /// Also a dead-letter queue (NAME-dlq) and a redrive policy.
        #[arg(long)]
        dlq: bool,
        /// The dead-letter queue's maxReceiveCount.
        #[arg(long, value_name = "N", default_value_t = 5, requires = "dlq")]
        max_receive_count: u32,
        /// The SP-API destination's name [default: the queue's].
        #[arg(long, value_name = "NAME")]
        destination_name: Option<String>,
    },
    /// An EventBridge destination: the partner event source associated with a bus, a rule on
    /// the types and an SQS queue as its target.
    Eventbridge {
        /// The AWS account that receives the events.
        #[arg(long, value_name = "ID")]
        account_id: String,
        /// The AWS region that receives the events [default: the AWS configuration's, e.g.
        /// AWS_REGION]. (`--region` is the SP-API region, na|eu|fe.)
        #[arg(long, value_name = "R")]
        aws_region: Option<String>,
        /// The types the rule matches (EventBridge types, comma separated).
        #[arg(long, value_name = "T1,T2", value_delimiter = ',',
              value_parser = crate::cli::notification_type,
              default_value = "LISTINGS_ITEM_STATUS_CHANGE")]
        types: Vec<NotificationType>,
        /// The rule's target queue (created when missing).
        #[arg(long, value_name = "NAME", default_value = "sp-api-eventbridge")]
        target_queue_name: String,
    },
}

/// `doctor`'s target.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub(crate) struct DoctorArgs {
    /// The SQS queue to check (and the destination on it).
    #[arg(long, value_name = "URL")]
    pub(crate) queue_url: Option<String>,
    /// The destination to check (and its queue or partner event source).
    #[arg(long, value_name = "ID")]
    pub(crate) destination_id: Option<String>,
}

/// `teardown`'s target.
#[derive(Debug, Args)]
pub(crate) struct TeardownArgs {
    /// The destination to remove, with its subscriptions and what setup made in AWS.
    #[arg(long, value_name = "ID")]
    pub(crate) destination_id: String,
    /// Also delete the queues (the destination's and its -dlq, or the rule's target).
    #[arg(long)]
    pub(crate) delete_queue: bool,
}

/// Runs `setup`, `doctor` or `teardown` and prints its output.
pub(crate) async fn run(cli: &Cli) -> Result<(), CliError> {
    let (api, _sandbox) = crate::config::connect(
        cli,
        crate::config::credentials_set(),
        &mut std::io::stderr().lock(),
    )
    .await?;
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let setup = AwsSetup::new(
        api.client.clone(),
        aws_sdk_sqs::Client::new(&config),
        aws_sdk_eventbridge::Client::new(&config),
    );
    let region = config.region().map(ToString::to_string);
    let result = match &cli.command {
        Command::Setup(command) => setup::run(&setup, command, region).await,
        Command::Doctor(args) => doctor::run(&setup, args).await,
        Command::Teardown(args) => teardown::run(&setup, &api, args).await,
        _ => Err(CliError::Usage("not an AWS command".to_owned())),
    };
    crate::print_output(cli, result)
}

/// What a step changed, for people (one line each) and programs (strings).
fn changes(changes: &[Change]) -> (String, Vec<String>) {
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    let human = if lines.is_empty() {
        "nothing changed".to_owned()
    } else {
        lines.join("\n")
    };
    (human, lines)
}

/// An AWS step's error.
fn aws_error(error: spapi_notifications::aws::Error) -> CliError {
    match error {
        spapi_notifications::aws::Error::Api(error) => CliError::Client(error),
        spapi_notifications::aws::Error::FifoQueue { .. }
        | spapi_notifications::aws::Error::WrongChannel { .. } => {
            CliError::Usage(error.to_string())
        }
        other => boxed(other),
    }
}

/// What an AWS command gives `main` to print.
type Printed = Result<Output, CliError>;
