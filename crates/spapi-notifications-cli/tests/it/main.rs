//! The built `spapi-notifications` program, run as users run it: every command's output and
//! exit status, against a sandbox reached with credentials, the embedded sandbox (no
//! credentials), and moto's SQS for `consume`.

mod aws;
mod consume;
mod decode;
mod fleet;
mod secret;
mod subscriptions;
mod support;

use serde_json::json;
use spapi_notification_types::NotificationType;
use support::{Api, run, run_with};

pub(crate) const QUEUE_ARN: &str = "arn:aws:sqs:us-east-1:123456789012:orders";

#[tokio::test]
async fn destinations_are_listed_created_and_deleted_with_404_and_409_exit_codes() {
    let api = Api::start().await;
    let listed = api.run("destinations list").await;
    assert_eq!(
        (listed.code, listed.out.as_str(), listed.err.as_str()),
        (0, "no destinations\n", "")
    );

    let created = api
        .run(&format!(
            "destinations create-sqs {QUEUE_ARN} --name orders"
        ))
        .await;
    assert_eq!((created.code, created.err.as_str()), (0, ""));
    assert_eq!(
        created.header(),
        ["DESTINATION ID", "NAME", "KIND", "RESOURCE"]
    );
    let row = &created.rows()[0];
    let sqs_id = row[0].to_owned();
    assert_eq!(row[1..], ["orders", "SQS", QUEUE_ARN]);

    let created = api
        .run("destinations create-eventbridge 111122223333 us-west-2 --json")
        .await;
    assert_eq!(created.code, 0);
    let created = created.json();
    assert_eq!(created["name"], "sp-api-notifications");
    assert_eq!(
        created["resource"]["eventBridge"]["accountId"],
        "111122223333"
    );
    assert_eq!(created["resource"]["eventBridge"]["region"], "us-west-2");

    let listed = api.run("destinations list").await;
    assert_eq!(listed.code, 0);
    let rows = listed.rows();
    assert_eq!(rows.len(), 2, "{listed:?}");
    let event_bridge = rows.iter().find(|row| row[2] == "EventBridge").unwrap();
    assert!(event_bridge[3].ends_with(" in us-west-2"), "{listed:?}");
    let listed = api.run("destinations list --json").await;
    assert_eq!(listed.code, 0);
    assert_eq!(listed.json().as_array().unwrap().len(), 2);

    // One destination per queue: a 409, with the hint.
    let conflict = api
        .run(&format!("destinations create-sqs {QUEUE_ARN}"))
        .await;
    assert_eq!((conflict.code, conflict.out.as_str()), (1, ""));
    assert!(
        conflict
            .err
            .starts_with("error: createDestination failed with http 409 Conflict"),
        "{conflict:?}"
    );
    assert!(
        conflict
            .err
            .contains("hint: a destination for this resource already exists"),
        "{conflict:?}"
    );

    let delete = format!("destinations delete {sqs_id}");
    let deleted = api.run(&delete).await;
    assert_eq!(
        (deleted.code, deleted.out, deleted.err),
        (0, format!("deleted destination {sqs_id}\n"), String::new())
    );
    let missing = api.run(&delete).await;
    assert_eq!((missing.code, missing.out.as_str()), (1, ""));
    assert!(
        missing
            .err
            .starts_with("error: deleteDestination failed with http 404 Not Found"),
        "{missing:?}"
    );
    assert!(missing.err.contains("(request id "), "{missing:?}");
    assert!(missing.err.contains("NotFound"), "{missing:?}");
    let lines: Vec<&str> = missing.err.lines().collect();
    assert_eq!(lines.len(), 2, "{missing:?}");
    assert!(
        lines[1].starts_with("hint: the destination does not exist on this endpoint"),
        "{missing:?}"
    );

    // Refused before sending: a usage error.
    let refused = api.run("destinations create-sqs not-an-arn").await;
    assert_eq!(refused.code, 2);
    assert!(
        refused
            .err
            .starts_with("error: invalid resourceSpecification.sqs.arn"),
        "{refused:?}"
    );
}

#[tokio::test]
async fn subscriptions_are_created_listed_fetched_and_deleted() {
    let api = Api::start().await;
    let created = api
        .run(&format!("destinations create-sqs {QUEUE_ARN} --json"))
        .await;
    let destination_id = created.json()["destinationId"].as_str().unwrap().to_owned();

    let listed = api.run("subscriptions list order_change").await;
    assert_eq!(
        (listed.code, listed.out.as_str(), listed.err.as_str()),
        (0, "no subscriptions\n", "")
    );
    let create = format!(
        "subscriptions create ORDER_CHANGE {destination_id} --order-change-type OrderStatusChange"
    );
    let created = api.run(&create).await;
    assert_eq!((created.code, created.err.as_str()), (0, ""), "{created:?}");
    assert_eq!(
        created.header(),
        [
            "SUBSCRIPTION ID",
            "TYPE",
            "VERSION",
            "DESTINATION ID",
            "PROCESSING DIRECTIVE"
        ]
    );
    let row = &created.rows()[0];
    let subscription_id = row[0].to_owned();
    assert_eq!(
        row[1..],
        [
            "ORDER_CHANGE",
            "1.0",
            &destination_id,
            r#"{"eventFilter":{"eventFilterType":"ORDER_CHANGE","orderChangeTypes":["OrderStatusChange"]}}"#
        ]
    );

    // One subscription per seller, type and payload version: a 409, with the hint.
    let conflict = api.run(&create).await;
    assert_eq!(conflict.code, 1);
    assert!(
        conflict
            .err
            .contains("createSubscription failed with http 409 Conflict"),
        "{conflict:?}"
    );
    assert!(
        conflict
            .err
            .contains("hint: a subscription to this notification type"),
        "{conflict:?}"
    );

    let listed = api.run("subscriptions list ORDER_CHANGE --json").await;
    assert_eq!(listed.code, 0);
    let listed = listed.json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["subscriptionId"], subscription_id.as_str());
    assert_eq!(
        listed[0]["processingDirective"]["eventFilter"]["orderChangeTypes"],
        json!(["OrderStatusChange"])
    );

    let fetched = api.run("subscriptions get ORDER_CHANGE").await;
    assert_eq!(fetched.code, 0);
    assert_eq!(fetched.rows()[0][0], subscription_id);
    let fetched = api.run("subscriptions get ORDER_CHANGE --json").await;
    assert_eq!(fetched.code, 0);
    assert_eq!(fetched.json()["destinationId"], destination_id.as_str());

    // A CEL filter expression, on a type without event filters.
    let create = format!(
        "subscriptions create FEED_PROCESSING_FINISHED {destination_id} \
         --filter-expression processingStatus==`DONE`"
    );
    let created = api.run(&create).await;
    assert_eq!((created.code, created.err.as_str()), (0, ""));
    assert!(
        created
            .out
            .contains(r#"{"filterExpression":"processingStatus==`DONE`"}"#),
        "{created:?}"
    );

    // Without a type: every type this version knows (paced by the client's rate limits, as
    // against Amazon), each subscription naming its type.
    let every = api.run("subscriptions list --json").await;
    assert_eq!((every.code, every.err.as_str()), (0, ""), "{every:?}");
    let every = every.json();
    let mut types: Vec<&str> = every
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["notificationType"].as_str().unwrap())
        .collect();
    types.sort_unstable();
    assert_eq!(
        types,
        ["FEED_PROCESSING_FINISHED", "ORDER_CHANGE"],
        "{every}"
    );
    let order_change = every
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["notificationType"] == "ORDER_CHANGE")
        .unwrap();
    assert_eq!(order_change["subscriptionId"], subscription_id.as_str());

    let delete = format!("subscriptions delete ORDER_CHANGE {subscription_id} --json");
    let deleted = api.run(&delete).await;
    assert_eq!(deleted.code, 0);
    assert_eq!(
        deleted.json(),
        json!({"notificationType": "ORDER_CHANGE", "subscriptionId": subscription_id, "deleted": true})
    );
    let gone = api.run("subscriptions get ORDER_CHANGE").await;
    assert_eq!(gone.code, 1);
    assert!(
        gone.err
            .contains("getSubscription failed with http 404 Not Found"),
        "{gone:?}"
    );
}

#[tokio::test]
async fn test_notifications_reach_the_destination() {
    let api = Api::start().await;
    let created = api
        .run(&format!("destinations create-sqs {QUEUE_ARN} --json"))
        .await;
    let destination_id = created.json()["destinationId"].as_str().unwrap().to_owned();

    let send = format!("test-notification ORDER_CHANGE --destination {destination_id}");
    let sent = api.run(&send).await;
    assert_eq!(
        (sent.code, sent.out, sent.err),
        (
            0,
            format!(
                "sent a test ORDER_CHANGE notification (payload version 1.0) to destination \
                 {destination_id}\n"
            ),
            String::new()
        )
    );
    let received = api
        .sandbox
        .queue(QUEUE_ARN)
        .try_recv()
        .unwrap()
        .decode()
        .unwrap();
    assert_eq!(
        received.notification.notification_type,
        NotificationType::OrderChange
    );

    let sent = api.run(&format!("{send} --json")).await;
    assert_eq!(sent.code, 0);
    assert_eq!(sent.json()["sent"], true);
    assert_eq!(api.sandbox.queue(QUEUE_ARN).len(), 1);

    // A destination that does not exist: Amazon's 400.
    let refused = api
        .run("test-notification ORDER_CHANGE --destination nope")
        .await;
    assert_eq!(refused.code, 1);
    assert!(refused.err.contains("http 400 Bad Request"), "{refused:?}");
}

#[tokio::test]
async fn auth_and_configuration_failures_have_their_own_exit_codes_and_print_no_secret() {
    let mut api = Api::start().await;
    let wrong_secret = "not-the-secret-0123456789";
    api.set("LWA_CLIENT_SECRET", wrong_secret);
    let refused = api.run("destinations list").await;
    assert_eq!((refused.code, refused.out.as_str()), (3, ""), "{refused:?}");
    assert!(refused.err.contains("invalid_client"), "{refused:?}");
    assert!(!refused.err.contains(wrong_secret), "{refused:?}");

    // A refresh token LWA does not know: authentication.
    let mut api = Api::start().await;
    let wrong_token = "Atzr|not-a-refresh-token-0123456789";
    api.set("SP_API_REFRESH_TOKEN", wrong_token);
    let refused = api.run("subscriptions list ORDER_CHANGE").await;
    assert_eq!(refused.code, 3, "{refused:?}");
    assert!(refused.err.contains("invalid_grant"), "{refused:?}");
    assert!(!refused.err.contains(wrong_token), "{refused:?}");

    // No refresh token for a seller operation: configuration.
    api.set("SP_API_REFRESH_TOKEN", "");
    let refused = api.run("subscriptions list ORDER_CHANGE").await;
    assert_eq!(refused.code, 2);
    assert!(refused.err.contains("SP_API_REFRESH_TOKEN"), "{refused:?}");

    // A bad variable: configuration.
    api.set("SP_API_ENDPOINT", "not a url");
    let refused = api.run("destinations list").await;
    assert_eq!(refused.code, 2, "{refused:?}");
    assert!(refused.err.contains("SP_API_ENDPOINT"), "{refused:?}");

    // The API answering 403 (here an endpoint that refuses every token): authentication.
    let forbidden = forbidding_endpoint().await;
    api.set("SP_API_ENDPOINT", &forbidden);
    let refused = api.run("destinations list").await;
    assert_eq!(refused.code, 3, "{refused:?}");
    assert!(refused.err.contains("http 403"), "{refused:?}");
    for secret in [api.sandbox.client_secret(), api.sandbox.refresh_token()] {
        assert!(!refused.err.contains(secret), "{refused:?}");
    }
}

/// An SP-API endpoint on 127.0.0.1 answering every request 403 `Unauthorized`, as Amazon
/// answers a token it refuses.
async fn forbidding_endpoint() -> String {
    use axum::http::StatusCode;
    let app = axum::Router::new().fallback(|| async {
        (
            StatusCode::FORBIDDEN,
            axum::Json(json!({"errors": [{
                "code": "Unauthorized",
                "message": "Access to requested resource is denied.",
                "details": ""
            }]})),
        )
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}

#[tokio::test]
async fn without_credentials_an_embedded_sandbox_is_used_and_said_so() {
    let listed = run("destinations list").await;
    assert_eq!((listed.code, listed.out.as_str()), (0, "no destinations\n"));
    assert!(
        listed.err.starts_with("note: no LWA credentials set"),
        "{listed:?}"
    );
    assert!(
        listed.err.contains("live only as long as this command"),
        "{listed:?}"
    );

    // Every API command works there, the seller's too.
    let created = run(&format!("destinations create-sqs {QUEUE_ARN} --json")).await;
    assert_eq!(created.code, 0, "{created:?}");
    assert_eq!(created.json()["resource"]["sqs"]["arn"], QUEUE_ARN);
    let listed = run("subscriptions list ORDER_CHANGE --json").await;
    assert_eq!((listed.code, listed.json()), (0, json!([])), "{listed:?}");
    let every = run("subscriptions list").await;
    assert_eq!((every.code, every.out.as_str()), (0, "no subscriptions\n"));
    let sent = run("test-notification ORDER_CHANGE --destination nope").await;
    assert_eq!(sent.code, 1, "{sent:?}");

    // An endpoint or the sandbox without credentials is a configuration error.
    for args in [
        "--endpoint http://127.0.0.1:1 destinations list",
        "--sandbox destinations list",
    ] {
        let refused = run(args).await;
        assert_eq!(refused.code, 2, "{args}: {refused:?}");
        assert!(refused.err.contains("LWA_APP_ID"), "{refused:?}");
    }
}

#[tokio::test]
async fn bad_arguments_are_usage_errors() {
    for args in [
        "subscriptions create ORDER_CHANGE d --filter-expression x --event-filter",
        "--region us destinations list",
        "destinations",
        "consume",
        "consume --queue-url q --max-messages 0",
        "consume --queue-url q --duration 5days",
        "completions tcsh",
        "no-such-command",
    ] {
        let refused = run(args).await;
        assert_eq!(refused.code, 2, "{args}: {refused:?}");
        assert!(refused.out.is_empty(), "{args}: {refused:?}");
        assert!(!refused.err.contains("note:"), "{args}: {refused:?}");
    }
    // Types are read in any case, dashes or underscores.
    let listed = run("--region eu --json subscriptions list order-change").await;
    assert_eq!((listed.code, listed.json()), (0, json!([])), "{listed:?}");
}

#[tokio::test]
async fn completions_print_for_each_shell_naming_every_command() {
    let bash = run("completions bash").await;
    assert_eq!((bash.code, bash.err.as_str()), (0, ""));
    // The script registers its function for the program's name.
    assert!(
        bash.out.lines().any(|line| {
            let line = line.trim();
            line.starts_with("complete -F _spapi__notifications ")
                && line.ends_with(" spapi-notifications")
        }),
        "{}",
        bash.out
    );
    for command in [
        "destinations",
        "subscriptions",
        "test-notification",
        "decode",
        "consume",
        "completions",
        "create-sqs",
        "--queue-url",
    ] {
        assert!(bash.out.contains(command), "{command} missing");
    }
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let script = run(&format!("completions {shell}")).await;
        assert_eq!(script.code, 0, "{shell}");
        assert!(script.out.contains("consume"), "{shell}: {}", script.out);
    }
}

#[tokio::test]
async fn help_and_version_document_the_exit_status() {
    let help = run_with(&["--help"], &[], b"").await;
    assert_eq!(help.code, 0);
    assert!(help.out.contains("Exit status: 0 done"), "{}", help.out);
    let version = run("--version").await;
    assert_eq!(
        (version.code, version.out),
        (
            0,
            format!("spapi-notifications {}\n", env!("CARGO_PKG_VERSION"))
        )
    );
}
