//! SP-API's SQS tutorial from nothing, through `ensure_sqs_destination`.

use spapi_notification_types::{NotificationType, Payload};
use spapi_notifications_aws::aws_sdk_sqs::types::QueueAttributeName;
use spapi_notifications_aws::policy::AMAZON_PRINCIPAL;
use spapi_notifications_aws::{Change, Encryption, Error, SqsOptions};
use spapi_sandbox::testing::unique_name;

use crate::support::World;

#[tokio::test]
async fn the_sqs_tutorial_from_nothing_delivers_a_typed_notification() {
    let world = World::new().await;
    let name = unique_name("orders");
    let options = SqsOptions::new(&name).dead_letter_queue(3);

    let first = world.setup.ensure_sqs_destination(&options).await.unwrap();
    assert!(first.queue.arn.ends_with(&format!(":{name}")));
    let dead_letter_queue = first.dead_letter_queue.clone().unwrap();
    // New queues get SSE-SQS by default (on AWS as on moto): nothing for Amazon to need.
    assert_eq!(first.encryption, Encryption::SqsManaged);
    assert!(
        matches!(
            &first.changes[..],
            [
                Change::CreatedQueue(_),
                Change::CreatedDeadLetterQueue(_),
                Change::SetRedrivePolicy(_),
                Change::MergedPolicyStatement(_),
                Change::CreatedDestination(_),
            ]
        ),
        "{:?}",
        first.changes
    );

    // The policy: one statement for Amazon's principal, both actions.
    let policy = world.policy(&first.queue.url).await;
    let statements = policy["Statement"].as_array().unwrap();
    assert_eq!(statements.len(), 1);
    assert_eq!(statements[0]["Principal"]["AWS"], AMAZON_PRINCIPAL);
    assert_eq!(
        statements[0]["Action"],
        serde_json::json!(["sqs:SendMessage", "sqs:GetQueueAttributes"])
    );
    let redrive = world
        .sqs()
        .get_queue_attributes()
        .queue_url(&first.queue.url)
        .attribute_names(QueueAttributeName::RedrivePolicy)
        .send()
        .await
        .unwrap()
        .attributes
        .unwrap()
        .remove(&QueueAttributeName::RedrivePolicy)
        .unwrap();
    assert!(redrive.contains(&dead_letter_queue.arn), "{redrive}");

    // A second run changes nothing.
    let second = world.setup.ensure_sqs_destination(&options).await.unwrap();
    assert!(second.changes.is_empty(), "{:?}", second.changes);
    assert_eq!(second.destination, first.destination);
    assert_eq!(second.queue, first.queue);

    // Subscribe, send a test notification, receive it typed.
    let received = world
        .test_notification(
            &NotificationType::OrderChange,
            &first.destination.destination_id,
            &first.queue.url,
        )
        .await;
    assert!(matches!(
        received.notification.payload,
        Payload::OrderChange(_)
    ));
}

#[tokio::test]
async fn other_statements_of_the_policy_are_kept() {
    let world = World::new().await;
    let name = unique_name("kept");
    let queue = world.moto.create_queue(&name).await.unwrap();
    let foreign = serde_json::json!({
        "Sid": "OurOwnLambda",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::123456789012:role/consumer"},
        "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage"],
        "Resource": queue.arn,
    });
    let policy = serde_json::json!({"Version": "2012-10-17", "Id": "mine", "Statement": [foreign]});
    world
        .sqs()
        .set_queue_attributes()
        .queue_url(&queue.url)
        .attributes(QueueAttributeName::Policy, policy.to_string())
        .send()
        .await
        .unwrap();

    let adopted = world
        .setup
        .ensure_sqs_destination(&SqsOptions::new(&name))
        .await
        .unwrap();
    assert_eq!(adopted.queue.url, queue.url, "the queue was adopted");
    let merged = world.policy(&queue.url).await;
    assert_eq!(merged["Id"], "mine");
    let statements = merged["Statement"].as_array().unwrap();
    assert_eq!(statements.len(), 2);
    assert_eq!(statements[0], foreign, "kept exactly");
    assert_eq!(statements[1]["Principal"]["AWS"], AMAZON_PRINCIPAL);

    let again = world
        .setup
        .ensure_sqs_destination(&SqsOptions::new(&name))
        .await
        .unwrap();
    assert!(again.changes.is_empty(), "{:?}", again.changes);
    assert_eq!(world.policy(&queue.url).await, merged);
}

#[tokio::test]
async fn fifo_queues_and_denying_policies_are_refused() {
    let world = World::new().await;
    let error = world
        .setup
        .ensure_sqs_destination(&SqsOptions::new(format!("{}.fifo", unique_name("fifo"))))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::FifoQueue { .. }), "{error}");
    assert!(error.to_string().contains("standard"), "{error}");

    let name = unique_name("denied");
    let queue = world.moto.create_queue(&name).await.unwrap();
    let deny = serde_json::json!({"Statement": [{
        "Sid": "NoAmazon", "Effect": "Deny", "Principal": "*", "Action": "sqs:*", "Resource": queue.arn,
        "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "123456789012"}}
    }]});
    world
        .sqs()
        .set_queue_attributes()
        .queue_url(&queue.url)
        .attributes(QueueAttributeName::Policy, deny.to_string())
        .send()
        .await
        .unwrap();
    let error = world
        .setup
        .ensure_sqs_destination(&SqsOptions::new(&name))
        .await
        .unwrap_err();
    let Error::PolicyDenies { statement, .. } = &error else {
        panic!("{error}");
    };
    assert_eq!(statement, "NoAmazon");
}

#[tokio::test]
async fn sse_kms_names_the_key_policy_statement_amazon_needs() {
    let world = World::new().await;
    let name = unique_name("kms");
    world
        .sqs()
        .create_queue()
        .queue_name(&name)
        .attributes(QueueAttributeName::KmsMasterKeyId, "alias/sp-api")
        .send()
        .await
        .unwrap();
    let set_up = world
        .setup
        .ensure_sqs_destination(&SqsOptions::new(&name))
        .await
        .unwrap();
    assert_eq!(
        set_up.encryption,
        Encryption::Kms {
            key_id: "alias/sp-api".to_owned()
        }
    );
    let statement = set_up.encryption.key_policy_statement().unwrap();
    assert_eq!(statement["Principal"]["AWS"], AMAZON_PRINCIPAL);
    assert_eq!(
        statement["Action"],
        serde_json::json!(["kms:GenerateDataKey", "kms:Decrypt"])
    );
    assert_eq!(Encryption::SqsManaged.key_policy_statement(), None);
}
