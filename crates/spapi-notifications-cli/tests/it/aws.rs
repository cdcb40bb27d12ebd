//! `setup`, `doctor` and `teardown` run as users run them: against a sandbox (reached with
//! credentials) that plays Amazon on moto, and moto as AWS (`AWS_ENDPOINT_URL`).

use std::sync::Arc;

use spapi_sandbox::testing::{Moto, unique_name};
use spapi_sandbox::{RateLimit, Sandbox};

use crate::support::{Run, run_with};

/// moto's default account, where the sandbox creates partner event sources.
const ACCOUNT_ID: &str = "123456789012";

/// A sandbox delivering to moto (checking queue policies as Amazon would), and the program's
/// environment for both.
struct Aws {
    moto: Arc<Moto>,
    _sandbox: Option<Sandbox>,
    env: Vec<(&'static str, String)>,
}

impl Aws {
    async fn start() -> Self {
        let moto = Moto::shared().expect("moto's server (scripts/test.sh installs it)");
        // A generous usage plan, not none: the program (which cannot be told the sandbox has no
        // limits) adopts the rate of its x-amzn-RateLimit-Limit, as it does Amazon's. With
        // none, teardown's getSubscription per type waits a second each (25 s a teardown).
        let sandbox = Sandbox::builder()
            .sqs_endpoint(moto.endpoint())
            .event_bridge_endpoint(moto.endpoint())
            .check_queue_policies()
            .rate_limit(RateLimit::new(1000.0, 100))
            .start()
            .await
            .unwrap();
        let mut aws = Self::embedded().await;
        aws.env.extend([
            ("LWA_APP_ID", sandbox.client_id().to_owned()),
            ("LWA_CLIENT_SECRET", sandbox.client_secret().to_owned()),
            ("SP_API_REFRESH_TOKEN", sandbox.refresh_token().to_owned()),
            ("SP_API_ENDPOINT", sandbox.base_url().to_owned()),
            ("LWA_TOKEN_URL", sandbox.token_url().to_owned()),
        ]);
        Self {
            _sandbox: Some(sandbox),
            ..aws
        }
    }

    /// moto as AWS, and no LWA credentials: the program's embedded sandbox plays Amazon there.
    async fn embedded() -> Self {
        let moto = Moto::shared().expect("moto's server (scripts/test.sh installs it)");
        let env = vec![
            ("AWS_ENDPOINT_URL", moto.endpoint().to_owned()),
            ("AWS_REGION", "us-east-1".to_owned()),
            ("AWS_ACCESS_KEY_ID", "test".to_owned()),
            ("AWS_SECRET_ACCESS_KEY", "test".to_owned()),
        ];
        Self {
            moto,
            _sandbox: None,
            env,
        }
    }

    /// Sets (or with an empty value, removes) a variable of the program's environment.
    fn set(&mut self, name: &'static str, value: &str) {
        self.env.retain(|(n, _)| *n != name);
        if !value.is_empty() {
            self.env.push((name, value.to_owned()));
        }
    }

    async fn run(&self, args: &str) -> Run {
        let env: Vec<(&str, &str)> = self.env.iter().map(|(n, v)| (*n, v.as_str())).collect();
        run_with(&args.split_whitespace().collect::<Vec<_>>(), &env, b"").await
    }
}

#[tokio::test]
async fn setup_sqs_doctor_and_teardown_with_their_exit_codes() {
    let aws = Aws::start().await;
    let name = unique_name("cli-sqs");
    let setup = aws
        .run(&format!("setup sqs --queue-name {name} --dlq --json"))
        .await;
    assert_eq!(setup.code, 0, "{setup:?}");
    let set_up = setup.json();
    let url = set_up["queueUrl"].as_str().unwrap().to_owned();
    assert!(set_up["queueArn"].as_str().unwrap().ends_with(&name));
    let destination_id = set_up["destinationId"].as_str().unwrap().to_owned();
    assert_eq!(set_up["changes"].as_array().unwrap().len(), 5, "{set_up}");

    let again = aws
        .run(&format!("setup sqs --queue-name {name} --dlq --json"))
        .await;
    assert_eq!(again.json()["changes"], serde_json::json!([]), "{again:?}");
    assert_eq!(again.json()["destinationId"], destination_id.as_str());

    let healthy = aws.run(&format!("doctor --queue-url {url}")).await;
    assert_eq!(healthy.code, 0, "{healthy:?}");
    assert!(healthy.out.contains("passed queue-policy"), "{healthy:?}");

    // Tear down the destination but keep the queue: Amazon's statement is removed, so the
    // doctor fails, naming the principal.
    let teardown = aws
        .run(&format!(
            "teardown --destination-id {destination_id} --json"
        ))
        .await;
    assert_eq!(teardown.code, 0, "{teardown:?}");
    assert_eq!(
        teardown.json()["changes"],
        serde_json::json!([
            format!("deleted destination {destination_id}"),
            "removed policy statement SpApiNotificationsSend",
        ])
    );
    let broken = aws.run(&format!("doctor --queue-url {url}")).await;
    assert_eq!(broken.code, 2, "{broken:?}");
    assert!(broken.out.contains("FAILED queue-policy"), "{broken:?}");
    assert!(broken.out.contains("437568002678"), "{broken:?}");
    assert!(broken.err.contains("doctor: "), "{broken:?}");
    let json = aws.run(&format!("doctor --queue-url {url} --json")).await;
    assert_eq!(json.code, 2);
    assert!(
        json.json()["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|check| check["status"] == "failed" && check["fix"].is_string()),
        "{json:?}"
    );

    let twice = aws
        .run(&format!(
            "teardown --destination-id {destination_id} --delete-queue"
        ))
        .await;
    assert_eq!(
        (twice.code, twice.out.as_str()),
        (0, "nothing changed\n"),
        "{twice:?}"
    );
}

#[tokio::test]
async fn a_warning_exits_1() {
    let aws = Aws::start().await;
    let name = unique_name("cli-warn");
    // No dead-letter queue: a warning, not a failure.
    let setup = aws
        .run(&format!("setup sqs --queue-name {name} --json"))
        .await;
    let url = setup.json()["queueUrl"].as_str().unwrap().to_owned();
    let doctor = aws.run(&format!("doctor --queue-url {url}")).await;
    assert_eq!(doctor.code, 1, "{doctor:?}");
    assert!(
        doctor.out.contains("warned dead-letter-queue"),
        "{doctor:?}"
    );
    assert!(doctor.out.contains("--dlq"), "{doctor:?}");
}

#[tokio::test]
async fn setup_eventbridge_then_doctor_and_teardown() {
    let aws = Aws::start().await;
    let queue = unique_name("cli-eb");
    let setup = aws
        .run(&format!(
            "setup eventbridge --account-id {ACCOUNT_ID} --types LISTINGS_ITEM_STATUS_CHANGE \
             --target-queue-name {queue} --json"
        ))
        .await;
    assert_eq!(setup.code, 0, "{setup:?}");
    let set_up = setup.json();
    let destination_id = set_up["destinationId"].as_str().unwrap().to_owned();
    assert!(
        set_up["eventSource"]
            .as_str()
            .unwrap()
            .starts_with("aws.partner/sellingpartnerapi.amazon.com/123456789012/"),
        "{set_up}"
    );
    assert!(set_up["targetArn"].as_str().unwrap().ends_with(&queue));

    let doctor = aws
        .run(&format!(
            "doctor --destination-id {destination_id} --types LISTINGS_ITEM_STATUS_CHANGE"
        ))
        .await;
    assert_eq!(doctor.code, 0, "{doctor:?}");
    for check in ["passed event-bus", "passed rule:", "passed rule-target"] {
        assert!(doctor.out.contains(check), "{check}: {doctor:?}");
    }

    let teardown = aws
        .run(&format!(
            "teardown --destination-id {destination_id} --delete-queue --json"
        ))
        .await;
    assert_eq!(teardown.code, 0, "{teardown:?}");
    let changes = teardown.json()["changes"].clone();
    assert_eq!(changes.as_array().unwrap().len(), 5, "{changes}");
    assert!(
        changes[4]
            .as_str()
            .unwrap()
            .starts_with("deleted event bus"),
        "{changes}"
    );
    let gone = aws
        .run(&format!("doctor --destination-id {destination_id}"))
        .await;
    assert_eq!(gone.code, 2, "{gone:?}");
    assert!(gone.out.contains("does not exist"), "{gone:?}");
}

#[tokio::test]
async fn a_fifo_queue_is_a_usage_error_that_says_why() {
    let aws = Aws::start().await;
    let refused = aws
        .run(&format!(
            "setup sqs --queue-name {}.fifo",
            unique_name("cli")
        ))
        .await;
    assert_eq!(refused.code, 2, "{refused:?}");
    assert!(refused.err.contains("standard queue"), "{refused:?}");
}

#[tokio::test]
async fn without_lwa_credentials_the_embedded_sandbox_plays_amazon_on_aws_endpoint_url() {
    let mut aws = Aws::embedded().await;
    // The region from AWS_DEFAULT_REGION when AWS_REGION is not set, as for the AWS CLI.
    aws.set("AWS_REGION", "");
    aws.set("AWS_DEFAULT_REGION", "eu-west-1");
    let queue = unique_name("cli-embedded");
    let setup = aws
        .run(&format!(
            "setup eventbridge --account-id {ACCOUNT_ID} --target-queue-name {queue} --json"
        ))
        .await;
    assert_eq!(setup.code, 0, "{setup:?}");
    assert!(setup.err.contains("embedded sandbox"), "{setup:?}");
    assert!(
        setup
            .err
            .contains(&format!("plays Amazon on AWS at {}", aws.moto.endpoint())),
        "{setup:?}"
    );
    let set_up = setup.json();
    let source = set_up["eventSource"].as_str().unwrap().to_owned();
    assert!(
        set_up["targetArn"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:sqs:eu-west-1:"),
        "{set_up}"
    );

    // The destination lived as long as that command: teardown finds the rest from the
    // partner source's account and application, and --aws-region wins over the environment.
    aws.set("AWS_DEFAULT_REGION", "us-west-2");
    let application_id = source.rsplit('/').next().unwrap();
    let teardown = format!(
        "teardown --account-id {ACCOUNT_ID} --application-id {application_id} --queue {queue} \
         --delete-queue --aws-region eu-west-1 --json"
    );
    let removed = aws.run(&teardown).await;
    assert_eq!(removed.code, 0, "{removed:?}");
    let changes = removed.json()["changes"].clone();
    assert_eq!(
        changes,
        serde_json::json!([
            "removed target sp-api-notifications",
            format!("deleted queue {}/{ACCOUNT_ID}/{queue}", aws.moto.endpoint()),
            "deleted rule sp-api-notifications",
            format!("deleted event bus {source}"),
        ])
    );
    let again = aws.run(&teardown).await;
    assert_eq!(again.json()["changes"], serde_json::json!([]), "{again:?}");
}

#[tokio::test]
async fn help_says_which_region_is_which() {
    let help = crate::support::run("setup eventbridge --help").await;
    assert_eq!(help.code, 0, "{help:?}");
    for says in [
        "--aws-region",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "Not --region",
    ] {
        assert!(help.out.contains(says), "{says}: {help:?}");
    }
    assert!(
        help.out
            .contains("The SP-API region, which picks SP-API's endpoint"),
        "{help:?}"
    );
    let usage = crate::support::run("teardown").await;
    assert_eq!(usage.code, 2, "{usage:?}");
    assert!(usage.err.contains("--destination-id"), "{usage:?}");
}
