//! The two gaps of moto 5.2.5's EventBridge on SP-API's partner path, shown on an unpatched
//! moto (`SPAPI_MOTO_FIX=off`), and closed by the fix `scripts/test.sh` installs
//! (`moto/spapi_moto_fix.py`). When moto fixes a gap, its test here fails: drop that part of
//! the fix.

use serde_json::json;
use spapi_sandbox::testing::{Moto, unique_name};

const ACCOUNT: &str = "123456789012";

/// A partner source and the bus named after it, a queue, and the tutorial's rule attempted on
/// the bus; whether `PutRule` worked, and what reached the queue after one `PutPartnerEvents`.
async fn partner_path(moto: &Moto) -> (Result<(), String>, usize) {
    let events = moto.event_bridge_client();
    let source = format!(
        "aws.partner/sellingpartnerapi.amazon.com/{ACCOUNT}/{}",
        unique_name("amzn1.sp.solution")
    );
    events
        .create_partner_event_source()
        .name(&source)
        .account(ACCOUNT)
        .send()
        .await
        .unwrap();
    events
        .create_event_bus()
        .name(&source)
        .event_source_name(&source)
        .send()
        .await
        .unwrap();
    let queue = moto.create_queue(&unique_name("gap")).await.unwrap();
    let pattern = json!({"source": [{"prefix": "aws.partner/sellingpartnerapi.amazon.com"}]});
    // On the default bus, so that an event sent there (gap 2) is visible too.
    for bus in [source.as_str(), "default"] {
        let rule = events
            .put_rule()
            .name("sp-api")
            .event_bus_name(bus)
            .event_pattern(pattern.to_string())
            .send()
            .await;
        if let Err(error) = rule {
            return (Err(format!("{}", error.into_service_error())), 0);
        }
        let target = spapi_notifications_aws::aws_sdk_eventbridge::types::Target::builder()
            .id("q")
            .arn(&queue.arn)
            .build()
            .unwrap();
        events
            .put_targets()
            .rule("sp-api")
            .event_bus_name(bus)
            .targets(target)
            .send()
            .await
            .unwrap();
    }
    let entry =
        spapi_notifications_aws::aws_sdk_eventbridge::types::PutPartnerEventsRequestEntry::builder(
        )
        .source(&source)
        .detail_type("LISTINGS_ITEM_STATUS_CHANGE")
        .detail("{}")
        .build();
    events
        .put_partner_events()
        .entries(entry)
        .send()
        .await
        .unwrap();
    let received = moto
        .sqs_client()
        .receive_message()
        .queue_url(&queue.url)
        .max_number_of_messages(10)
        .send()
        .await
        .unwrap();
    (Ok(()), received.messages.unwrap_or_default().len())
}

#[tokio::test]
async fn unpatched_moto_cuts_partner_bus_names_at_the_last_slash() {
    let moto = Moto::start_with_env(&[("SPAPI_MOTO_FIX", "off")]).unwrap();
    let (rule, _) = partner_path(&moto).await;
    let error = rule.expect_err("moto now takes a partner bus's whole name: drop fix 1");
    assert!(error.contains("does not exist"), "{error}");
}

#[tokio::test]
async fn unpatched_moto_sends_partner_events_to_the_default_bus() {
    let moto = Moto::start_with_env(&[("SPAPI_MOTO_FIX", "off")]).unwrap();
    let events = moto.event_bridge_client();
    let source = format!(
        "aws.partner/sellingpartnerapi.amazon.com/{ACCOUNT}/{}",
        unique_name("app")
    );
    events
        .create_partner_event_source()
        .name(&source)
        .account(ACCOUNT)
        .send()
        .await
        .unwrap();
    events
        .create_event_bus()
        .name(&source)
        .event_source_name(&source)
        .send()
        .await
        .unwrap();
    let queue = moto.create_queue(&unique_name("gap")).await.unwrap();
    // Only the default bus has a rule (moto cannot put one on the partner bus, gap 1).
    events
        .put_rule()
        .name("default-catch-all")
        .event_pattern(json!({"source": [{"prefix": "aws.partner/"}]}).to_string())
        .send()
        .await
        .unwrap();
    let target = spapi_notifications_aws::aws_sdk_eventbridge::types::Target::builder()
        .id("q")
        .arn(&queue.arn)
        .build()
        .unwrap();
    events
        .put_targets()
        .rule("default-catch-all")
        .targets(target)
        .send()
        .await
        .unwrap();
    let entry =
        spapi_notifications_aws::aws_sdk_eventbridge::types::PutPartnerEventsRequestEntry::builder(
        )
        .source(&source)
        .detail_type("LISTINGS_ITEM_STATUS_CHANGE")
        .detail("{}")
        .build();
    events
        .put_partner_events()
        .entries(entry)
        .send()
        .await
        .unwrap();
    let received = moto
        .sqs_client()
        .receive_message()
        .queue_url(&queue.url)
        .send()
        .await
        .unwrap();
    assert_eq!(
        received.messages.unwrap_or_default().len(),
        1,
        "moto now sends partner events to the source's bus, not the default one: drop fix 2"
    );
}

#[tokio::test]
async fn the_fix_puts_partner_events_on_the_partner_bus_only() {
    let moto = Moto::start().unwrap();
    let (rule, received) = partner_path(&moto).await;
    rule.expect("the fix (scripts/test.sh installs it into the moto virtualenv)");
    assert_eq!(
        received, 1,
        "once, through the partner bus's rule, not the default bus's"
    );
}
