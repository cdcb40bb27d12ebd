//! `fleet provision` and `fleet offboard` against the sandbox, with a file registry.

use crate::support::{Api, TempFile};

#[tokio::test]
async fn a_fleet_is_provisioned_with_one_json_line_per_seller_and_offboarded_from_the_registry() {
    let api = Api::start().await;
    let created = api
        .run(&format!(
            "destinations create-sqs {} --json",
            crate::QUEUE_ARN
        ))
        .await;
    let destination_id = created.json()["destinationId"].as_str().unwrap().to_owned();
    let sellers = TempFile::new(
        "sellers.csv",
        &format!(
            "seller_id,refresh_token\n{},{}\nGONE,Atzr|revoked-0123456789\n",
            api.sandbox.seller_id(),
            api.sandbox.refresh_token()
        ),
    );
    let registry = TempFile::new("registry.jsonl", "");
    let provision = format!(
        "fleet provision --sellers {} --types REPORT_PROCESSING_FINISHED,FEED_PROCESSING_FINISHED \
         --destination-id {destination_id} --registry {} --json",
        sellers.path(),
        registry.path()
    );
    let run = api.run(&provision).await;
    assert_eq!(run.code, 4, "{run:?}");
    assert!(!run.out.contains("revoked-0123456789") && !run.err.contains("revoked-0123456789"));
    let lines = run.json_lines();
    assert_eq!(lines.len(), 2, "{run:?}");
    let gone = lines.iter().find(|l| l["seller_id"] == "GONE").unwrap();
    let seller = lines.iter().find(|l| l["seller_id"] != "GONE").unwrap();
    assert_eq!(gone["succeeded"], false);
    assert!(
        gone["error"].as_str().unwrap().contains("invalid_grant"),
        "{gone}"
    );
    assert_eq!(seller["succeeded"], true);
    assert_eq!(seller["subscriptions"][0]["status"], "created");

    // Again, the good seller alone: nothing to create, exit 0.
    let only = TempFile::new(
        "sellers.jsonl",
        &format!(
            "{{\"seller_id\": \"{}\", \"refresh_token\": \"{}\"}}\n",
            api.sandbox.seller_id(),
            api.sandbox.refresh_token()
        ),
    );
    let again = api
        .run(&provision.replace(sellers.path(), only.path()))
        .await;
    assert_eq!(again.code, 0, "{again:?}");
    assert_eq!(again.json()["subscriptions"][1]["status"], "already_there");

    let offboard = format!(
        "fleet offboard --seller-id {} --registry {} --json",
        api.sandbox.seller_id(),
        registry.path()
    );
    let mut api = api;
    api.set("SP_API_REFRESH_TOKEN", "");
    let off = api.run(&offboard).await;
    assert_eq!(off.code, 0, "{off:?}");
    let report = off.json();
    assert_eq!(
        report["subscriptions"].as_array().unwrap().len(),
        2,
        "{report}"
    );
    assert_eq!(report["subscriptions"][0]["status"], "deleted");
    let off = api.run(&offboard).await;
    assert_eq!(
        (
            off.code,
            off.json()["subscriptions"].as_array().unwrap().len()
        ),
        (0, 0)
    );
}
