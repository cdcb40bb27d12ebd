//! `teardown`: the reverse of `setup`, harmless when run again, and finishing a half-removed
//! setup from what it is given.

use serde_json::json;
use spapi_notifications::aws::{AwsSetup, TeardownOptions};

use super::{Printed, TeardownArgs, aws_error, changes};
use crate::config::Api;
use crate::output::Output;

pub(super) async fn run(setup: &AwsSetup, api: &Api, args: &TeardownArgs) -> Printed {
    let target = &args.target;
    let mut options = TeardownOptions::default()
        .rule_name(&args.rule_name)
        .delete_queue(args.delete_queue);
    options.destination_id.clone_from(&target.destination_id);
    options.queue.clone_from(&target.queue);
    options.event_bus.clone_from(&target.event_bus);
    if let (Some(account_id), Some(application_id)) = (&target.account_id, &args.application_id) {
        options = options.partner_source(account_id, application_id);
    }
    // With a seller's token, their subscriptions to the destination are found and removed too.
    if let Some(seller) = &api.seller {
        options = options.seller(seller.clone());
    }
    let done = setup.teardown(&options).await.map_err(aws_error)?;
    let (human, change_list) = changes(&done.changes);
    Ok(Output::line(
        human,
        json!({
            "destinationId": target.destination_id,
            "found": done.destination.is_some(),
            "changes": change_list,
        }),
    ))
}
