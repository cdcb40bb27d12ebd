//! The AWS half of SP-API's SQS tutorial in three calls: set up the queue (with a dead-letter
//! queue, and Amazon's statement merged into its policy) and its destination, check it with the
//! doctor, tear it down.
//!
//! ```text
//! cargo run --example aws_setup --features aws,sandbox-sqs
//! ```
//!
//! With AWS credentials in the environment (`AWS_ACCESS_KEY_ID` or `AWS_PROFILE`) it works on
//! that account, through the SP-API application of `LWA_APP_ID` and `LWA_CLIENT_SECRET`. Without
//! them it starts moto (`moto_server`, as `scripts/test.sh` installs it, or `MOTO_SERVER`) and
//! the in-process sandbox, which plays Amazon: it delivers only when the queue's policy lets
//! Amazon's principal send.
#![allow(clippy::print_stdout, reason = "an example prints")]

use std::error::Error;
use std::sync::Arc;

use spapi_notifications::SandboxClients as _;
use spapi_notifications::aws::{
    AwsSetup, DiagnoseOptions, SqsOptions, TeardownOptions, aws_sdk_eventbridge, aws_sdk_sqs,
};
use spapi_notifications::client::NotificationsClient;
use spapi_notifications::sandbox::Sandbox;
use spapi_notifications::sandbox::testing::Moto;

const QUEUE_NAME: &str = "sp-api-aws-setup-example";

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let (setup, _emulators) = if aws_credentials_set() {
        (on_aws().await?, None)
    } else {
        let (setup, emulators) = on_moto().await?;
        (setup, Some(emulators))
    };

    // 1. Set up: run it twice, the second run changes nothing.
    let options = SqsOptions::new(QUEUE_NAME).dead_letter_queue(5);
    let set_up = setup.ensure_sqs_destination(&options).await?;
    println!(
        "queue {} -> destination {}",
        set_up.queue.url, set_up.destination.destination_id
    );
    for change in &set_up.changes {
        println!("  {change}");
    }
    let again = setup.ensure_sqs_destination(&options).await?;
    println!("second run: {} changes", again.changes.len());

    // 2. Check: one line per check, each problem with its fix.
    let report = setup
        .diagnose(&DiagnoseOptions::queue(&set_up.queue.url))
        .await?;
    print!("{report}");
    println!("doctor exit code: {}", report.exit_code());

    // 3. Tear down, queues included; a second run finds nothing left.
    let destination_id = &set_up.destination.destination_id;
    let teardown = TeardownOptions::new(destination_id).delete_queue(true);
    for change in setup.teardown(&teardown).await?.changes {
        println!("  {change}");
    }
    println!(
        "second teardown: {} changes",
        setup.teardown(&teardown).await?.changes.len()
    );
    Ok(())
}

fn aws_credentials_set() -> bool {
    ["AWS_ACCESS_KEY_ID", "AWS_PROFILE"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
}

/// The account and region of the AWS configuration, and SP-API with the LWA credentials of the
/// environment.
async fn on_aws() -> Result<AwsSetup, Box<dyn Error>> {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    Ok(AwsSetup::new(
        NotificationsClient::from_env()?,
        aws_sdk_sqs::Client::new(&config),
        aws_sdk_eventbridge::Client::new(&config),
    ))
}

/// moto, and the sandbox delivering to it as Amazon would; both live as long as the result.
async fn on_moto() -> Result<(AwsSetup, (Arc<Moto>, Sandbox)), Box<dyn Error>> {
    let moto = Moto::shared()?;
    println!(
        "no AWS credentials: moto at {}, the sandbox as SP-API",
        moto.endpoint()
    );
    let sandbox = Sandbox::builder()
        .sqs_endpoint(moto.endpoint())
        .check_queue_policies()
        .start()
        .await?;
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(moto.endpoint())
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_sqs::config::Credentials::new(
            "test", "test", None, None, "moto",
        ))
        .load()
        .await;
    let setup = AwsSetup::new(
        sandbox.client_builder().build()?,
        aws_sdk_sqs::Client::new(&config),
        aws_sdk_eventbridge::Client::new(&config),
    );
    Ok((setup, (moto, sandbox)))
}

// Its test: tests/it/examples/aws_setup.rs, in the facade's test binary.
#[cfg(test)]
#[path = "../tests/it/examples/aws_setup.rs"]
mod tests;
