//! The queue's checks: standard, policy, encryption, dead-letter queue, visibility, region.

use aws_sdk_sqs::types::QueueAttributeName;

use super::{CheckId, DiagnoseOptions, Report};
use crate::encryption::Encryption;
use crate::policy::{self, AMAZON_ACTIONS, AMAZON_PRINCIPAL, Decision, PolicyDocument, Request};
use crate::sqs_destination::RedrivePolicy;
use crate::{AwsSetup, Error, queue};

impl AwsSetup {
    pub(super) async fn check_queue(
        &self,
        url: &str,
        options: &DiagnoseOptions,
        report: &mut Report,
    ) -> Result<(), Error> {
        let Some(attributes) = queue::attributes(&self.sqs, url).await? else {
            report.fail(
                CheckId::Queue,
                format!("queue {url} does not exist"),
                "create it: spapi-notifications setup sqs --queue-name NAME",
            );
            return Ok(());
        };
        let arn = attributes.arn()?;
        if attributes.is_fifo() {
            report.fail(
                CheckId::Queue,
                format!("{arn} is a FIFO queue: SP-API delivers only to standard queues"),
                "create a standard queue (a name without .fifo) and a destination on it",
            );
        } else {
            report.pass(CheckId::Queue, format!("{arn} is a standard queue"));
        }
        check_policy(attributes.get(&QueueAttributeName::Policy), &arn, report);
        check_encryption(&Encryption::of(&attributes), report);
        match RedrivePolicy::of(&attributes) {
            Some(redrive) => report.pass(
                CheckId::DeadLetterQueue,
                format!(
                    "messages go to {} after {} receives",
                    redrive.target_arn,
                    redrive
                        .max_receive_count
                        .map_or_else(|| "?".to_owned(), |count| count.to_string())
                ),
            ),
            None => report.warn(
                CheckId::DeadLetterQueue,
                "no redrive policy: a notification the handler keeps failing on is received forever",
                "add a dead-letter queue: spapi-notifications setup sqs --queue-name NAME --dlq",
            ),
        }
        let visibility: u64 = attributes
            .get(&QueueAttributeName::VisibilityTimeout)
            .and_then(|seconds| seconds.parse().ok())
            .unwrap_or(30);
        let handler = options.handler_time.as_secs();
        if visibility > handler {
            report.pass(
                CheckId::VisibilityTimeout,
                format!("{visibility} s, longer than the handler's {handler} s"),
            );
        } else {
            report.warn(
                CheckId::VisibilityTimeout,
                format!(
                    "{visibility} s, not longer than the handler's {handler} s: messages come back while being handled"
                ),
                format!("set VisibilityTimeout above {handler} s, or let the consumer extend visibility"),
            );
        }
        let queue_region = arn.split(':').nth(3).unwrap_or_default();
        let endpoint = self.notifications.endpoint();
        let endpoint_region = endpoint_region(endpoint);
        match endpoint_region {
            Some(region) if region != queue_region => report.warn(
                CheckId::Region,
                format!("queue in {queue_region}, SP-API endpoint {endpoint} ({region})"),
                "Amazon delivers across regions, but a destination made on another region's endpoint is not seen by this one: use the endpoint of the sellers' region",
            ),
            _ => report.pass(
                CheckId::Region,
                format!("queue in {queue_region}, SP-API endpoint {endpoint}"),
            ),
        }
        Ok(())
    }
}

/// The AWS region of SP-API's production and sandbox endpoints.
fn endpoint_region(endpoint: &str) -> Option<&'static str> {
    [
        ("-na.", "us-east-1"),
        ("-eu.", "eu-west-1"),
        ("-fe.", "us-west-2"),
    ]
    .into_iter()
    .find(|(code, _)| endpoint.contains(code))
    .map(|(_, region)| region)
}

fn check_policy(policy: Option<&str>, arn: &str, report: &mut Report) {
    let fix_statement = policy::amazon_statement(arn).to_string();
    let add = format!(
        "add this statement for principal 437568002678 (or run spapi-notifications setup sqs): {fix_statement}"
    );
    let document = match policy.filter(|policy| !policy.trim().is_empty()) {
        None => {
            report.fail(
                CheckId::QueuePolicy,
                format!("the queue has no access policy: {AMAZON_PRINCIPAL} may not send"),
                add,
            );
            return;
        }
        Some(json) => match PolicyDocument::parse(json) {
            Ok(document) => document,
            Err(error) => {
                report.fail(CheckId::QueuePolicy, error.to_string(), add);
                return;
            }
        },
    };
    for action in AMAZON_ACTIONS {
        match document.evaluate(&Request::amazon(action, arn)) {
            Decision::Allowed { statement } => report.pass(
                CheckId::QueuePolicy,
                format!("statement {statement} allows {AMAZON_PRINCIPAL} {action}"),
            ),
            Decision::Denied { statement } => report.fail(
                CheckId::QueuePolicy,
                format!("statement {statement} denies {AMAZON_PRINCIPAL} {action}"),
                format!("remove statement {statement}, or exclude principal 437568002678 from it"),
            ),
            Decision::NotAllowed {
                blocked_by_condition,
            } => match blocked_by_condition.first() {
                Some((statement, condition)) => report.fail(
                    CheckId::QueuePolicy,
                    format!(
                        "statement {statement} would allow {AMAZON_PRINCIPAL} {action}, but its condition {condition} blocks Amazon"
                    ),
                    format!("remove the condition from statement {statement}, or {add}"),
                ),
                None => report.fail(
                    CheckId::QueuePolicy,
                    format!("no statement allows {AMAZON_PRINCIPAL} {action}"),
                    add.clone(),
                ),
            },
            Decision::Uncertain {
                statement,
                condition,
            } => report.warn(
                CheckId::QueuePolicy,
                format!(
                    "statement {statement} allows {AMAZON_PRINCIPAL} {action} only under {condition}, which cannot be checked for Amazon"
                ),
                format!("make sure the condition holds for Amazon's requests, or {add}"),
            ),
        }
    }
}

fn check_encryption(encryption: &Encryption, report: &mut Report) {
    match encryption {
        Encryption::None => report.pass(CheckId::Encryption, "not encrypted: nothing needed"),
        Encryption::SqsManaged => {
            report.pass(CheckId::Encryption, "SSE-SQS: nothing needed for Amazon to send");
        }
        Encryption::Kms { key_id } if encryption.uses_aws_managed_key() => report.fail(
            CheckId::Encryption,
            format!("SSE-KMS with the AWS managed key {key_id}: Amazon cannot use it"),
            "use a customer managed KMS key whose policy lets principal 437568002678 use it, or SSE-SQS",
        ),
        Encryption::Kms { key_id } => report.warn(
            CheckId::Encryption,
            format!("SSE-KMS with key {key_id}: Amazon needs kms:GenerateDataKey and kms:Decrypt on it (not checked)"),
            format!(
                "add to the key policy of {key_id}: {}",
                encryption.key_policy_statement().unwrap_or_default()
            ),
        ),
    }
}
