//! The one DynamoDB table of a fleet: the subscription registry's items, one partition per
//! seller, and the rotation ledger's items in a partition no seller id can name.
//!
//! Why this is not shared with the consumer's `DynamoDbDedupStore`: neither crate depends on
//! the other, and a third crate for what they have in common would be a published crate for
//! some twenty lines. What they have in common is small: both take the user's
//! `aws_sdk_dynamodb::Client` (neither builds one), both create a table tolerating
//! `ResourceInUseException` and wait for it, and both read a refused condition from the SDK's
//! own `is_conditional_check_failed_exception`. The rotation ledger follows the de-dup store's
//! protocol (claim with a lease, complete, release; the same trait shape) but cannot be one:
//! the de-dup table has one key and forgets handled keys after a TTL of hours, while the
//! ledger lives in this two-key table and must remember a rotation for the 90 days Amazon
//! keeps sending notices. Depending on the consumer (and its SQS client) for a trait would
//! buy nothing else. Their error types differ too.

use std::time::Duration;

use aws_sdk_dynamodb::client::Waiters;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
};

use crate::Error;

/// The partition key: the seller's id, or [`LEDGER_PARTITION`].
pub(crate) const PARTITION: &str = "seller_id";
/// The sort key: `NOTIFICATION_TYPE#subscription id` for a subscription, the expiring
/// secret's key for the ledger.
pub(crate) const SORT: &str = "subscription";
/// The rotation ledger's partition. Seller ids are alphanumeric, so none is `#rotation`.
pub(crate) const LEDGER_PARTITION: &str = "#rotation";

/// A table and the client that reaches it.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub(crate) client: aws_sdk_dynamodb::Client,
    pub(crate) name: String,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl Table {
    /// Creates the table with on-demand billing if it does not exist, and waits (at most two
    /// minutes) until it is active. `fail` makes the caller's error of DynamoDB's.
    pub(crate) async fn create(&self, fail: fn(BoxError) -> Error) -> Result<(), Error> {
        let key = |name: &str, key_type: KeyType| {
            KeySchemaElement::builder()
                .attribute_name(name)
                .key_type(key_type)
                .build()
                .map_err(|error| fail(error.into()))
        };
        let string = |name: &str| {
            AttributeDefinition::builder()
                .attribute_name(name)
                .attribute_type(ScalarAttributeType::S)
                .build()
                .map_err(|error| fail(error.into()))
        };
        let created = self
            .client
            .create_table()
            .table_name(&self.name)
            .billing_mode(BillingMode::PayPerRequest)
            .attribute_definitions(string(PARTITION)?)
            .attribute_definitions(string(SORT)?)
            .key_schema(key(PARTITION, KeyType::Hash)?)
            .key_schema(key(SORT, KeyType::Range)?)
            .send()
            .await;
        match created {
            Err(error)
                if !error
                    .as_service_error()
                    .is_some_and(|error| error.is_resource_in_use_exception()) =>
            {
                return Err(fail(error.into()));
            }
            // Created, or there already.
            _ => {}
        }
        self.client
            .wait_until_table_exists()
            .table_name(&self.name)
            .wait(Duration::from_secs(120))
            .await
            .map_err(|error| fail(error.into()))?;
        Ok(())
    }
}
