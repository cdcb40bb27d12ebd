//! `subscriptions list` without a type: a type that fails is reported and the others listed.

use spapi_notification_types::NotificationType;
use spapi_sandbox::Fault;

use crate::QUEUE_ARN;
use crate::support::Api;

#[tokio::test]
async fn listing_every_type_reports_each_failed_type_and_lists_the_others() {
    let api = Api::start().await;
    let created = api
        .run(&format!("destinations create-sqs {QUEUE_ARN} --json"))
        .await;
    let destination_id = created.json()["destinationId"].as_str().unwrap().to_owned();
    let create = format!("subscriptions create FEED_PROCESSING_FINISHED {destination_id}");
    assert_eq!(api.run(&create).await.code, 0);

    // The first two types' getSubscriptions fail with 500 on each of the client's 3 attempts.
    api.sandbox.fail_next(6, Fault::InternalError);
    let listed = api.run("subscriptions list --json").await;

    assert_eq!(listed.code, 1, "the exit status of a 500: {listed:?}");
    let json = listed.json();
    let types: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["notificationType"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["FEED_PROCESSING_FINISHED"], "{listed:?}");
    let all = NotificationType::ALL;
    for failed in &all[..2] {
        let line = format!("error: {failed}: getSubscriptions failed with http 500");
        assert!(listed.err.contains(&line), "{line} in {listed:?}");
    }
    let summary = format!(
        "error: 2 of {} notification types could not be listed\n",
        all.len()
    );
    assert!(listed.err.ends_with(&summary), "{listed:?}");
}
