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

/// Where the AWS commands work in AWS: the rest (endpoint, credentials) comes from the AWS
/// configuration, as for the AWS CLI.
#[derive(Debug, Args)]
pub(crate) struct AwsArgs {
    /// The AWS region of the queue, event bus and rule, e.g. us-east-1 [default: AWS_REGION,
    /// else AWS_DEFAULT_REGION, else the AWS profile's]. Not --region, which picks SP-API's
    /// endpoint (na, eu, fe).
    #[arg(long, value_name = "R")]
    pub(crate) aws_region: Option<String>,
}

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
        #[command(flatten)]
        aws: AwsArgs,
    },
    /// An EventBridge destination: the partner event source associated with a bus, a rule on
    /// the types and an SQS queue as its target, in the AWS region (--aws-region).
    Eventbridge {
        /// The AWS account that receives the events.
        #[arg(long, value_name = "ID")]
        account_id: String,
        /// The types the rule matches (EventBridge types, comma separated).
        #[arg(long, value_name = "T1,T2", value_delimiter = ',',
              value_parser = crate::cli::notification_type,
              default_value = "LISTINGS_ITEM_STATUS_CHANGE")]
        types: Vec<NotificationType>,
        /// The rule's target queue (created when missing).
        #[arg(long, value_name = "NAME", default_value = "sp-api-eventbridge")]
        target_queue_name: String,
        #[command(flatten)]
        aws: AwsArgs,
    },
}

/// What `doctor` checks.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub(crate) struct DoctorTarget {
    /// The SQS queue to check (and the destination on it).
    #[arg(long, value_name = "URL")]
    pub(crate) queue_url: Option<String>,
    /// The destination to check (and its queue or partner event source).
    #[arg(long, value_name = "ID")]
    pub(crate) destination_id: Option<String>,
}

/// `doctor`'s arguments.
#[derive(Debug, Args)]
pub(crate) struct DoctorArgs {
    #[command(flatten)]
    pub(crate) target: DoctorTarget,
    /// EventBridge types a rule on the partner bus should match, each checked with its
    /// target (comma separated).
    #[arg(long, value_name = "T1,T2", value_delimiter = ',',
          value_parser = crate::cli::notification_type)]
    pub(crate) types: Vec<NotificationType>,
    #[command(flatten)]
    pub(crate) aws: AwsArgs,
}

/// What `teardown` removes: the destination says where its queue or bus is; once it is gone
/// (a half-removed setup), say where they are.
#[derive(Debug, Args)]
#[group(id = "teardown_target", required = true, multiple = true)]
pub(crate) struct TeardownTarget {
    /// The destination to remove, with its subscriptions and what setup made in AWS.
    #[arg(long, value_name = "ID")]
    pub(crate) destination_id: Option<String>,
    /// A queue (name or URL) setup made: the rule's target queue with an event bus, else the
    /// SQS destination's queue.
    #[arg(long, value_name = "NAME|URL")]
    pub(crate) queue: Option<String>,
    /// The partner event source's bus, by name.
    #[arg(long, value_name = "NAME", conflicts_with = "account_id")]
    pub(crate) event_bus: Option<String>,
    /// The AWS account of the partner event source (its bus is found with --application-id).
    #[arg(long, value_name = "ID", requires = "application_id")]
    pub(crate) account_id: Option<String>,
}

/// `teardown`'s arguments.
#[derive(Debug, Args)]
pub(crate) struct TeardownArgs {
    #[command(flatten)]
    pub(crate) target: TeardownTarget,
    /// The SP-API application id (amzn1.sp.solution.…) of the partner event source.
    #[arg(long, value_name = "ID", requires = "account_id")]
    pub(crate) application_id: Option<String>,
    /// The rule whose statement is removed from --queue's policy.
    #[arg(long, value_name = "NAME", default_value = spapi_notifications::aws::DEFAULT_RULE_NAME)]
    pub(crate) rule_name: String,
    /// Also delete the queues (the destination's and its -dlq, or the rule's target).
    #[arg(long)]
    pub(crate) delete_queue: bool,
    #[command(flatten)]
    pub(crate) aws: AwsArgs,
}

/// Runs `setup`, `doctor` or `teardown` and prints its output.
pub(crate) async fn run(cli: &Cli) -> Result<(), CliError> {
    let (Command::Setup(SetupCommand::Sqs { aws, .. } | SetupCommand::Eventbridge { aws, .. })
    | Command::Doctor(DoctorArgs { aws, .. })
    | Command::Teardown(TeardownArgs { aws, .. })) = &cli.command
    else {
        return Err(CliError::Usage("not an AWS command".to_owned()));
    };
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
    if let Some(region) = &aws.aws_region {
        loader = loader.region(aws_config::Region::new(region.clone()));
    }
    let config = loader.load().await;
    let (api, _sandbox) = crate::config::connect_with(
        cli,
        crate::config::credentials_set(),
        Some(&config),
        &mut std::io::stderr().lock(),
    )
    .await?;
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
