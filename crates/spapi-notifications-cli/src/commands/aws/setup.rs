//! `setup sqs` and `setup eventbridge`.

use serde_json::json;
use spapi_notifications::aws::{AwsSetup, EventBridgeOptions, EventTarget, SqsOptions};

use super::{Printed, SetupCommand, aws_error, changes};
use crate::exit::CliError;
use crate::output::Output;

pub(super) async fn run(
    setup: &AwsSetup,
    command: &SetupCommand,
    region: Option<String>,
) -> Printed {
    match command {
        SetupCommand::Sqs {
            queue_name,
            dlq,
            max_receive_count,
            destination_name,
            ..
        } => {
            let mut options = SqsOptions::new(queue_name);
            if *dlq {
                options = options.dead_letter_queue(*max_receive_count);
            }
            if let Some(name) = destination_name {
                options = options.destination_name(name);
            }
            let done = setup
                .ensure_sqs_destination(&options)
                .await
                .map_err(aws_error)?;
            let (changed, change_list) = changes(&done.changes);
            let mut human = format!(
                "queue url       {}\nqueue arn       {}\ndestination id  {}",
                done.queue.url, done.queue.arn, done.destination.destination_id
            );
            if let Some(dlq) = &done.dead_letter_queue {
                human.push_str(&format!("\ndead-letter     {}", dlq.arn));
            }
            if let Some(statement) = done.encryption.key_policy_statement() {
                human.push_str(&format!(
                    "\nSSE-KMS: the key's policy needs this statement for Amazon to send:\n{statement:#}"
                ));
            }
            human.push_str(&format!("\n{changed}"));
            Ok(Output::line(
                human,
                json!({
                    "queueUrl": done.queue.url,
                    "queueArn": done.queue.arn,
                    "deadLetterQueueArn": done.dead_letter_queue.map(|q| q.arn),
                    "destinationId": done.destination.destination_id,
                    "keyPolicyStatement": done.encryption.key_policy_statement(),
                    "changes": change_list,
                }),
            ))
        }
        SetupCommand::Eventbridge {
            account_id,
            types,
            target_queue_name,
            ..
        } => {
            let Some(region) = region else {
                return Err(CliError::Usage(
                    "no AWS region: give --aws-region or set AWS_REGION".to_owned(),
                ));
            };
            let options = EventBridgeOptions::new(account_id, region, types.iter().cloned())
                .target(EventTarget::Queue(target_queue_name.clone()));
            let done = setup
                .ensure_event_bridge_destination(&options)
                .await
                .map_err(aws_error)?;
            let (changed, change_list) = changes(&done.changes);
            let queue_url = done.queue.as_ref().map(|queue| queue.url.clone());
            Ok(Output::line(
                format!(
                    "destination id  {}\nevent source    {}\nrule arn        {}\ntarget arn      {}\n{changed}",
                    done.destination.destination_id,
                    done.source_name,
                    done.rule_arn,
                    done.target_arn
                ),
                json!({
                    "destinationId": done.destination.destination_id,
                    "eventSource": done.source_name,
                    "ruleArn": done.rule_arn,
                    "targetArn": done.target_arn,
                    "queueUrl": queue_url,
                    "changes": change_list,
                }),
            ))
        }
    }
}
