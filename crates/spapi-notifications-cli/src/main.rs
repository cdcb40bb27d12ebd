//! `spapi-notifications`: the operator program for SP-API notifications.
//!
//! ```text
//! spapi-notifications destinations list
//! spapi-notifications destinations create-sqs ARN [--name NAME]
//! spapi-notifications destinations create-eventbridge ACCOUNT_ID AWS_REGION [--name NAME]
//! spapi-notifications destinations delete DESTINATION_ID
//! spapi-notifications subscriptions list [TYPE]
//! spapi-notifications subscriptions get TYPE [--payload-version V]
//! spapi-notifications subscriptions create TYPE DESTINATION_ID [--payload-version V]
//!     [--filter-expression CEL | --event-filter [--marketplace-id ID]... [--order-change-type T]...
//!     [--aggregation FiveMinutes|TenMinutes]]
//! spapi-notifications subscriptions delete TYPE SUBSCRIPTION_ID
//! spapi-notifications test-notification TYPE --destination DESTINATION_ID
//! spapi-notifications decode FILE|-
//! spapi-notifications consume --queue-url URL [--delete] [--max-messages N] [--duration 5m]
//! spapi-notifications fleet provision --sellers FILE --types T1,T2 --destination-id ID
//!     [--concurrency N] [--registry PATH]
//! spapi-notifications fleet offboard --seller-id ID [--registry PATH]
//! spapi-notifications secret rotate
//! spapi-notifications setup sqs --queue-name NAME [--dlq [--max-receive-count N]]
//!     [--destination-name NAME]
//! spapi-notifications setup eventbridge --account-id ID [--aws-region R] [--types T1,T2]
//!     [--target-queue-name NAME]
//! spapi-notifications doctor (--queue-url URL | --destination-id ID) [--types T1,T2]
//! spapi-notifications teardown [--destination-id ID] [--queue NAME|URL]
//!     [--event-bus NAME | --account-id ID --application-id ID] [--rule-name NAME]
//!     [--delete-queue]
//! spapi-notifications completions bash|zsh|fish|elvish|powershell
//! ```
//!
//! Global options: `--region na|eu|fe` (default `SP_API_REGION`, else `na`), `--sandbox` (the
//! region's SP-API sandbox endpoint), `--endpoint URL` (any endpoint, default
//! `SP_API_ENDPOINT`), `--json` (the API's objects as JSON instead of a table; `decode` always
//! prints JSON lines, `consume --json` JSON lines with the message id and receive count first).
//! `ORDER_CHANGE` subscriptions need an event filter (`--event-filter`). `subscriptions list`
//! without a type pages through every type this version knows, with a progress bar.
//!
//! `setup`, `doctor` and `teardown` read AWS's configuration as the AWS CLI does
//! (`AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's; `AWS_ENDPOINT_URL`; the
//! credentials chain); `--aws-region R` wins over it. `--region` is SP-API's, not AWS's.
//! Without LWA credentials their embedded sandbox plays Amazon on that AWS: it creates an
//! EventBridge destination's partner event source there (on an emulator such as moto).
//!
//! `fleet provision` reads sellers from CSV (header `seller_id,refresh_token`) or JSON lines
//! (`{"seller_id": …, "refresh_token": …}`) a line at a time, subscribes each to the types in
//! their current payload version (what exists is left alone), with a progress bar, or one JSON
//! line per seller with `--json`; `--registry PATH` records what it subscribed in a JSON lines
//! file that `fleet offboard` reads, so a seller whose token is dead is still offboarded.
//!
//! `decode` reads one message in any envelope (a file, pretty-printed or not), or JSON lines:
//! one message per line, when the first line is a whole JSON value and more lines follow.
//! `consume` deletes nothing unless `--delete`: it holds what it printed invisible for
//! `--visibility-timeout` and makes it visible again when it stops (`--max-messages`,
//! `--duration`, Ctrl-C or SIGTERM). AWS credentials and region come from the environment as
//! for the AWS CLI; `AWS_ENDPOINT_URL` points at an emulator.
//!
//! `setup`, `doctor` and `teardown` read the AWS configuration the standard way, as the AWS CLI
//! does: `AWS_REGION`, `AWS_ENDPOINT_URL` (an emulator such as moto), the credentials chain.
//! `setup sqs` prints the queue URL, queue ARN and destination id (`--json`: one object, with
//! the changes made: none on a second run); with SSE-KMS it prints the key-policy statement
//! Amazon needs. `setup eventbridge` defaults to LISTINGS_ITEM_STATUS_CHANGE and the queue
//! `sp-api-eventbridge`. `doctor` prints one line per check; each failure names its fix (a
//! missing principal names `437568002678`). `teardown` deletes the seller's subscriptions to the
//! destination (with `SP_API_REFRESH_TOKEN`), the destination, the rule's targets, the rules and
//! the bus, or the statement setup merged into the queue's policy; the queues only with
//! `--delete-queue`.
//!
//! # Credentials
//!
//! `LWA_APP_ID` (or `LWA_CLIENT_ID`) and `LWA_CLIENT_SECRET` for the application's grantless
//! operations (destinations, test notifications); also `SP_API_REFRESH_TOKEN`, a seller's
//! refresh token, for that seller's subscriptions. `LWA_TOKEN_URL` overrides the LWA endpoint.
//!
//! Without LWA credentials the API commands run against a sandbox embedded in the process (said
//! on stderr), with the sandbox's own application and seller. What they create lives only as
//! long as that one command: this mode is for trying the commands out.
//!
//! # Exit status
//!
//! | status | meaning |
//! | --- | --- |
//! | 0 | done (for `consume`, also when stopped by Ctrl-C or SIGTERM) |
//! | 1 | the Selling Partner API or AWS answered with an error (such as 404 or 409), the network failed, or a message did not decode |
//! | 2 | usage or configuration: bad arguments, a request refused before it was sent, a missing or invalid environment variable, an unreadable file |
//! | 3 | authentication: Login with Amazon refused the credentials or refresh token, or the API answered 401 or 403 |
//! | 4 | `fleet`: some sellers (or subscriptions) failed, each reported; every other seller was done |
//!
//! `doctor` has its own: 0 when every check passed, 1 when one warned, 2 when one failed (the
//! report is printed first); the statuses above when a check could not be made at all.
//!
//! Errors go to stderr with the request id, Amazon's error codes and, for the classic causes,
//! a hint. No secret is ever printed.

mod cli;
mod commands;
mod config;
mod exit;
mod output;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser as _;

use crate::cli::{Cli, Command};
use crate::exit::CliError;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Decode(args) => commands::decode::run(
            &args.input,
            &mut io::stdout().lock(),
            &mut io::stderr().lock(),
        ),
        Command::Consume(args) => commands::consume::run(args, cli.json).await,
        Command::Fleet(command) => commands::fleet::run(&cli, command).await,
        Command::Setup(_) | Command::Doctor(_) | Command::Teardown(_) => {
            commands::aws::run(&cli).await
        }
        Command::Completions { shell } => {
            commands::completions::run(*shell, &mut io::stdout().lock());
            Ok(())
        }
        _ => api_command(&cli).await,
    };
    let code = match result {
        Ok(()) => exit::OK,
        Err(failure) => failure.report(&mut io::stderr().lock()),
    };
    ExitCode::from(code)
}

/// Runs an API command against the configured API (or an embedded sandbox) and prints its
/// output.
async fn api_command(cli: &Cli) -> Result<(), CliError> {
    let credentials_set = config::credentials_set();
    let (api, _sandbox) = config::connect(cli, credentials_set, &mut io::stderr().lock()).await?;
    print_output(cli, commands::execute(&cli.command, &api).await)
}

/// Prints a command's output (also a partial failure's), then gives its result.
fn print_output(cli: &Cli, result: Result<output::Output, CliError>) -> Result<(), CliError> {
    // A partial failure prints what did not fail, then fails.
    let (Ok(output) | Err(CliError::Partial { output, .. })) = &result else {
        return result.map(drop);
    };
    let mut out = io::stdout().lock();
    output.print(cli.json, &mut out)?;
    out.flush()?;
    result.map(drop)
}
