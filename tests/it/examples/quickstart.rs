//! The quickstart example's workflow on the local sandbox, and its clean-up when a step fails.

use super::*;

#[tokio::test]
async fn runs_the_workflow_against_the_sandbox_prints_the_notification_and_cleans_up() {
    let sandbox = Sandbox::start().await.unwrap();
    let setup = Setup::local(&sandbox).unwrap();
    let mut out = Vec::new();
    run(&setup, &mut out).await.unwrap();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();

    let value = |name: &str| -> &str {
        let prefix = format!("   {name:<16} ");
        let line = lines.iter().find(|line| line.starts_with(&prefix));
        line.unwrap_or_else(|| panic!("no {name} line in\n{out}"))
            .strip_prefix(&prefix)
            .unwrap()
    };
    let subscription_id = value("subscription id");
    let destination_id = lines[1]
        .strip_prefix("1. destination ")
        .and_then(|rest| rest.split(' ').next())
        .unwrap();

    assert_eq!(
        lines[0],
        format!(
            "Notifications API: the local sandbox at {}",
            sandbox.base_url()
        )
    );
    assert_eq!(
        lines[1],
        format!("1. destination {destination_id} on {LOCAL_QUEUE_ARN} (grantless token)")
    );
    assert_eq!(
        lines[2],
        format!(
            "2. subscription {subscription_id} of the seller to ORDER_CHANGE 1.0, order \
             status changes and buyer requests only (seller token)"
        )
    );
    assert_eq!(
        lines[3],
        format!("3. test notification sent to destination {destination_id}")
    );
    assert_eq!(lines[4], format!("4. received from {LOCAL_QUEUE_ARN}:"));
    assert_eq!(value("type"), "ORDER_CHANGE");
    assert_eq!(value("payload version"), "1.0");
    assert!(!value("notification id").is_empty());
    assert!(!value("order").is_empty());
    assert!(!value("order status").is_empty());
    assert!(
        lines.iter().any(|line| line.starts_with("   item ")),
        "{out}"
    );
    let tail = &lines[lines.len() - 2..];
    assert_eq!(
        tail,
        [
            format!("5. deleted subscription {subscription_id}"),
            format!("6. deleted destination {destination_id}"),
        ]
    );

    // Nothing left behind, and no secret printed.
    assert!(setup.client.get_destinations().await.unwrap().is_empty());
    for secret in [sandbox.client_secret(), sandbox.refresh_token()] {
        assert!(!out.contains(secret), "{out}");
    }
}

#[tokio::test]
async fn deletes_what_it_created_when_a_step_fails() {
    let sandbox = Sandbox::start().await.unwrap();
    let setup = Setup::local(&sandbox).unwrap();
    // The seller's token is refused: the subscription cannot be created.
    let setup = Setup {
        seller: setup
            .client
            .seller(RefreshToken::new("Atzr|not-the-seller")),
        ..setup
    };
    let mut out = Vec::new();
    let error = run(&setup, &mut out).await.unwrap_err();
    assert!(format!("{error:#}").contains("invalid_grant"), "{error:#}");
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.lines()
            .last()
            .unwrap()
            .starts_with("6. deleted destination "),
        "{out}"
    );
    assert!(!out.contains("5. deleted subscription"), "{out}");
    assert!(setup.client.get_destinations().await.unwrap().is_empty());
}
