//! `teardown`: the reverse of `setup`, harmless when run again.

use serde_json::json;
use spapi_notifications::aws::{AwsSetup, TeardownOptions};

use super::{Printed, TeardownArgs, aws_error, changes};
use crate::config::Api;
use crate::output::Output;

pub(super) async fn run(setup: &AwsSetup, api: &Api, args: &TeardownArgs) -> Printed {
    let mut options = TeardownOptions::new(&args.destination_id).delete_queue(args.delete_queue);
    // With a seller's token, their subscriptions to the destination are found and removed too.
    if let Some(seller) = &api.seller {
        options = options.seller(seller.clone());
    }
    let done = setup.teardown(&options).await.map_err(aws_error)?;
    let (human, change_list) = changes(&done.changes);
    Ok(Output::line(
        human,
        json!({
            "destinationId": args.destination_id,
            "found": done.destination.is_some(),
            "changes": change_list,
        }),
    ))
}
