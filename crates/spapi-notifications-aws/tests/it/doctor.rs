//! Each doctor check on a deliberately broken setup, with the right fix named each time.

use spapi_notification_types::NotificationType;
use spapi_notifications_aws::aws_sdk_sqs::types::QueueAttributeName;
use spapi_notifications_aws::{CheckId, DiagnoseOptions, Report, SqsOptions, Status};
use spapi_sandbox::testing::unique_name;

use crate::support::World;

/// The one check with `id` that did not pass, and its fix.
pub(crate) fn problem(report: &Report, id: CheckId) -> (Status, String, String) {
    let check = report
        .problems()
        .find(|check| check.id == id)
        .unwrap_or_else(|| panic!("no problem with {id} in\n{report}"));
    (
        check.status,
        check.detail.clone(),
        check.fix.clone().unwrap_or_default(),
    )
}

/// A queue with `policy` (none when `None`), set up otherwise as `ensure_sqs_destination` would.
async fn queue_with_policy(world: &World, policy: Option<serde_json::Value>) -> (String, String) {
    let name = unique_name("doctor");
    let set_up = world
        .setup
        .ensure_sqs_destination(&SqsOptions::new(&name).dead_letter_queue(5))
        .await
        .unwrap();
    let policy = policy.map_or_else(String::new, |policy| {
        policy.to_string().replace("QUEUE_ARN", &set_up.queue.arn)
    });
    world
        .sqs()
        .set_queue_attributes()
        .queue_url(&set_up.queue.url)
        .attributes(QueueAttributeName::Policy, policy)
        .send()
        .await
        .unwrap();
    (set_up.queue.url, set_up.queue.arn)
}

async fn diagnose(world: &World, url: &str) -> Report {
    world
        .setup
        .diagnose(&DiagnoseOptions::queue(url))
        .await
        .unwrap()
}

#[tokio::test]
async fn a_healthy_queue_passes_every_check() {
    let world = World::new().await;
    let (url, _) = queue_with_policy(&world, None).await;
    // Set up again: the statement comes back.
    world
        .setup
        .ensure_sqs_destination(
            &SqsOptions::new(url.rsplit('/').next().unwrap()).dead_letter_queue(5),
        )
        .await
        .unwrap();
    let report = diagnose(&world, &url).await;
    assert_eq!(report.status(), Status::Passed, "{report}");
    assert_eq!(report.exit_code(), 0);
    for id in [
        CheckId::Destination,
        CheckId::Queue,
        CheckId::QueuePolicy,
        CheckId::Encryption,
        CheckId::DeadLetterQueue,
        CheckId::VisibilityTimeout,
        CheckId::Region,
    ] {
        assert!(report.get(id).next().is_some(), "{id} checked:\n{report}");
    }
}

#[tokio::test]
async fn no_policy_names_the_principal_and_the_statement() {
    let world = World::new().await;
    let (url, _) = queue_with_policy(&world, None).await;
    let report = diagnose(&world, &url).await;
    let (status, detail, fix) = problem(&report, CheckId::QueuePolicy);
    assert_eq!(status, Status::Failed);
    assert!(detail.contains("no access policy"), "{detail}");
    assert!(
        fix.contains("437568002678") && fix.contains("sqs:SendMessage"),
        "{fix}"
    );
    assert_eq!(report.exit_code(), 2);
    // The sandbox, playing Amazon, does not deliver either, and says why.
}

#[tokio::test]
async fn the_wrong_principal_a_missing_action_a_deny_and_a_blocking_condition_fail() {
    let world = World::new().await;
    let cases = [
        (
            serde_json::json!({"Statement": [{"Sid": "Wrong", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["sqs:SendMessage", "sqs:GetQueueAttributes"], "Resource": "QUEUE_ARN"}]}),
            "no statement allows",
            "437568002678",
        ),
        (
            serde_json::json!({"Statement": [{"Sid": "SendOnly", "Effect": "Allow", "Principal": {"AWS": "437568002678"}, "Action": "sqs:Send*", "Resource": "QUEUE_ARN"}]}),
            "sqs:GetQueueAttributes",
            "437568002678",
        ),
        (
            serde_json::json!({"Statement": [
                {"Sid": "Amazon", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::437568002678:root"}, "Action": "sqs:*", "Resource": "QUEUE_ARN"},
                {"Sid": "NoOneElse", "Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "QUEUE_ARN", "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "123456789012"}}}
            ]}),
            "statement NoOneElse denies",
            "remove statement NoOneElse",
        ),
        (
            serde_json::json!({"Statement": [{"Sid": "OnlyFromMyVpc", "Effect": "Allow", "Principal": {"AWS": "437568002678"}, "Action": "*", "Resource": "QUEUE_ARN", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}]}),
            "blocks Amazon",
            "remove the condition from statement OnlyFromMyVpc",
        ),
    ];
    for (policy, detail_says, fix_says) in cases {
        let (url, _) = queue_with_policy(&world, Some(policy.clone())).await;
        let report = diagnose(&world, &url).await;
        let (status, detail, fix) = problem(&report, CheckId::QueuePolicy);
        assert_eq!(status, Status::Failed, "{policy}");
        assert!(detail.contains(detail_says), "{policy}: {detail}");
        assert!(fix.contains(fix_says), "{policy}: {fix}");
    }
}

#[tokio::test]
async fn fifo_sse_kms_and_a_missing_dead_letter_queue_are_named() {
    let world = World::new().await;
    let fifo = world
        .sqs()
        .create_queue()
        .queue_name(format!("{}.fifo", unique_name("doctor")))
        .attributes(QueueAttributeName::FifoQueue, "true")
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    let report = diagnose(&world, &fifo).await;
    let (status, detail, fix) = problem(&report, CheckId::Queue);
    assert_eq!(status, Status::Failed);
    assert!(detail.contains("FIFO"), "{detail}");
    assert!(fix.contains("standard queue"), "{fix}");

    let kms = unique_name("doctor");
    world
        .sqs()
        .create_queue()
        .queue_name(&kms)
        .attributes(QueueAttributeName::KmsMasterKeyId, "alias/aws/sqs")
        .send()
        .await
        .unwrap();
    let set_up = world
        .setup
        .ensure_sqs_destination(&SqsOptions::new(&kms))
        .await
        .unwrap();
    let report = diagnose(&world, &set_up.queue.url).await;
    let (status, _, fix) = problem(&report, CheckId::Encryption);
    assert_eq!(status, Status::Failed, "the AWS managed key");
    assert!(fix.contains("customer managed KMS key"), "{fix}");
    let (status, detail, fix) = problem(&report, CheckId::DeadLetterQueue);
    assert_eq!(status, Status::Warned);
    assert!(detail.contains("no redrive policy"), "{detail}");
    assert!(fix.contains("--dlq"), "{fix}");

    let own_key = unique_name("doctor");
    world
        .sqs()
        .create_queue()
        .queue_name(&own_key)
        .attributes(
            QueueAttributeName::KmsMasterKeyId,
            "arn:aws:kms:us-east-1:123456789012:key/1234",
        )
        .send()
        .await
        .unwrap();
    let set_up = world
        .setup
        .ensure_sqs_destination(&SqsOptions::new(&own_key))
        .await
        .unwrap();
    let report = diagnose(&world, &set_up.queue.url).await;
    let (status, _, fix) = problem(&report, CheckId::Encryption);
    assert_eq!(status, Status::Warned);
    assert!(
        fix.contains("kms:GenerateDataKey") && fix.contains("437568002678"),
        "{fix}"
    );
    assert_eq!(report.exit_code(), 1, "{report}");
}

#[tokio::test]
async fn the_sandbox_does_not_deliver_where_amazon_may_not_and_says_why() {
    let world = World::new().await;
    let (url, arn) = queue_with_policy(&world, None).await;
    let destination = world
        .setup
        .notifications()
        .ensure_destination(
            "x",
            &spapi_notifications_client::DestinationResourceSpecification::sqs(&arn),
        )
        .await
        .unwrap();
    world
        .setup
        .notifications()
        .send_test_notification(
            &NotificationType::OrderChange,
            &spapi_notifications_client::SendTestNotificationRequest::new(
                &destination.destination_id,
                "1.0",
            ),
        )
        .await
        .unwrap();
    let undelivered = world.sandbox.undelivered();
    assert_eq!(undelivered.len(), 1, "{undelivered:?}");
    assert_eq!(undelivered[0].target, arn);
    assert!(
        undelivered[0].reason.contains("no access policy"),
        "{undelivered:?}"
    );
    let messages = world
        .sqs()
        .receive_message()
        .queue_url(&url)
        .send()
        .await
        .unwrap();
    assert!(messages.messages.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn a_destination_id_that_does_not_exist_fails() {
    let world = World::new().await;
    let report = world
        .setup
        .diagnose(&DiagnoseOptions::destination("no-such-destination"))
        .await
        .unwrap();
    let (status, _, fix) = problem(&report, CheckId::Destination);
    assert_eq!(status, Status::Failed);
    assert!(fix.contains("setup"), "{fix}");
}

#[tokio::test]
async fn a_subscription_pointing_elsewhere_or_gone_is_named() {
    let world = World::new().await;
    let (url, _) = queue_with_policy(&world, None).await;
    let elsewhere = world
        .setup
        .notifications()
        .ensure_destination(
            &unique_name("elsewhere"),
            &spapi_notifications_client::DestinationResourceSpecification::sqs(
                "arn:aws:sqs:us-east-1:123456789012:elsewhere",
            ),
        )
        .await
        .unwrap();
    let order_change = NotificationType::OrderChange;
    let subscription = world
        .seller()
        .ensure_subscription(
            &order_change,
            &spapi_notifications_client::CreateSubscriptionRequest::new(
                "1.0",
                &elsewhere.destination_id,
            ),
        )
        .await
        .unwrap();
    let options = DiagnoseOptions::queue(&url)
        .subscription(order_change.clone(), &subscription.subscription_id)
        .subscription(NotificationType::AnyOfferChanged, "no-such-subscription");
    let report = world.setup.diagnose(&options).await.unwrap();
    let problems: Vec<_> = report
        .problems()
        .filter(|check| check.id == CheckId::Subscription)
        .collect();
    assert_eq!(problems.len(), 2, "{report}");
    assert!(
        problems[0].detail.contains(&elsewhere.destination_id),
        "{report}"
    );
    let fix = problems[0].fix.clone().unwrap_or_default();
    assert!(fix.contains("subscribe again"), "{fix}");
    assert!(problems[1].detail.contains("does not exist"), "{report}");
    let fix = problems[1].fix.clone().unwrap_or_default();
    assert!(fix.contains("createSubscription"), "{fix}");
}

#[tokio::test]
async fn a_short_visibility_timeout_warns_and_a_queue_without_destination_fails() {
    let world = World::new().await;
    let queue = world
        .moto
        .create_queue(&unique_name("doctor"))
        .await
        .unwrap();
    world
        .sqs()
        .set_queue_attributes()
        .queue_url(&queue.url)
        .attributes(QueueAttributeName::VisibilityTimeout, "5")
        .send()
        .await
        .unwrap();
    let report = diagnose(&world, &queue.url).await;
    let (status, detail, fix) = problem(&report, CheckId::VisibilityTimeout);
    assert_eq!(status, Status::Warned);
    assert!(detail.contains("5 s"), "{detail}");
    assert!(fix.contains("VisibilityTimeout above 10 s"), "{fix}");
    let (status, _, fix) = problem(&report, CheckId::Destination);
    assert_eq!(status, Status::Failed);
    assert!(
        fix.contains(&format!(
            "setup sqs --queue-name {}",
            queue.url.rsplit('/').next().unwrap()
        )),
        "{fix}"
    );
}

#[tokio::test]
async fn a_destination_whose_queue_is_gone_fails() {
    let world = World::new().await;
    let set_up = world
        .setup
        .ensure_sqs_destination(&SqsOptions::new(unique_name("doctor")))
        .await
        .unwrap();
    world
        .sqs()
        .delete_queue()
        .queue_url(&set_up.queue.url)
        .send()
        .await
        .unwrap();
    let report = world
        .setup
        .diagnose(&DiagnoseOptions::destination(
            &set_up.destination.destination_id,
        ))
        .await
        .unwrap();
    let (status, detail, fix) = problem(&report, CheckId::Queue);
    assert_eq!(status, Status::Failed);
    assert!(detail.contains("does not exist"), "{detail}");
    assert!(fix.contains("setup sqs"), "{fix}");
}
