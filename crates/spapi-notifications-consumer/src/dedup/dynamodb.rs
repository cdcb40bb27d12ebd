//! A store shared by every consumer process: one DynamoDB item per notification key.

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sdk_dynamodb::client::Waiters;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType,
    ScalarAttributeType, TimeToLiveSpecification, TimeToLiveStatus,
};

use super::{BoxFuture, Claim, DEFAULT_TTL, DedupStore};
use crate::Error;

const IN_PROGRESS: &str = "in_progress";
const DONE: &str = "done";
/// The end of an in-progress claim's lease, in epoch milliseconds: exact, where the TTL
/// attribute is whole seconds.
const LEASE_UNTIL: &str = "lease_until_ms";

/// A [`DedupStore`] on an Amazon DynamoDB table, shared by any number of consumer processes on
/// any number of machines: the way to scale out on one queue, as SQS is meant to be used.
///
/// One item per notification key: `{key: S, status: "in_progress" | "done", owner: N,
/// lease_until_ms: N, expires_at: N}`. A claim is one conditional `PutItem` (the key is absent,
/// expired, its lease is over, or it is held by the same owner), so two consumers can never both
/// acquire a key. `lease_until_ms` is the lease's end to the millisecond while in progress, so
/// that a lease ends when it says (before the message's redelivery: see
/// [`SqsConsumer`](crate::SqsConsumer)), not at the next whole second. `expires_at` (epoch
/// seconds, rounded up) is the end of the lease or, once handled, of the TTL; it is the table's
/// [TTL attribute], so DynamoDB deletes old items itself. Conditions compare both with the
/// clock, since TTL deletion may lag by days.
///
/// The table needs a string partition key (`key` by default); [`create_table`](Self::create_table)
/// creates it with on-demand billing and TTL on. Each notification costs three writes: claim,
/// complete (or release), plus one per lease renewal of a slow handler.
///
/// ```no_run
/// use spapi_notifications_consumer::{DynamoDbDedupStore, Received, SqsConsumer};
///
/// # async fn example(config: aws_config::SdkConfig, queue_url: String) -> Result<(), spapi_notifications_consumer::Error> {
/// let store = DynamoDbDedupStore::builder(aws_sdk_dynamodb::Client::new(&config), "sp-api-notifications-dedup")
///     .build();
/// store.create_table().await?;
/// let consumer = SqsConsumer::builder(aws_sdk_sqs::Client::new(&config), queue_url)
///     .dedup(store)
///     .build(|received: Received| async move { Ok::<_, std::convert::Infallible>(()) })?;
/// # Ok(())
/// # }
/// ```
///
/// [TTL attribute]: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html
#[derive(Debug, Clone)]
pub struct DynamoDbDedupStore {
    client: aws_sdk_dynamodb::Client,
    table: String,
    ttl: Duration,
    key_attribute: String,
    ttl_attribute: String,
}

/// Settings of a [`DynamoDbDedupStore`].
#[derive(Debug, Clone)]
pub struct DynamoDbDedupStoreBuilder {
    store: DynamoDbDedupStore,
}

impl DynamoDbDedupStore {
    /// Settings for a store on `table`, through `client`.
    pub fn builder(
        client: aws_sdk_dynamodb::Client,
        table: impl Into<String>,
    ) -> DynamoDbDedupStoreBuilder {
        DynamoDbDedupStoreBuilder {
            store: Self {
                client,
                table: table.into(),
                ttl: DEFAULT_TTL,
                key_attribute: "key".to_owned(),
                ttl_attribute: "expires_at".to_owned(),
            },
        }
    }

    /// The table's name.
    pub fn table(&self) -> &str {
        &self.table
    }

    /// Creates the table, with on-demand billing, if it does not exist; waits until it is
    /// active (at most two minutes); and turns TTL on for the TTL attribute if it is off.
    /// Production tables usually come from infrastructure code instead; this is for first runs
    /// and tests.
    ///
    /// # Errors
    ///
    /// [`Error::DedupStore`] with DynamoDB's error.
    pub async fn create_table(&self) -> Result<(), Error> {
        let fail = |error: Box<dyn std::error::Error + Send + Sync>| {
            Error::dedup_store("create_table", error)
        };
        let created = self
            .client
            .create_table()
            .table_name(&self.table)
            .billing_mode(BillingMode::PayPerRequest)
            .attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name(&self.key_attribute)
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .map_err(|error| fail(error.into()))?,
            )
            .key_schema(
                KeySchemaElement::builder()
                    .attribute_name(&self.key_attribute)
                    .key_type(KeyType::Hash)
                    .build()
                    .map_err(|error| fail(error.into()))?,
            )
            .send()
            .await;
        match created {
            Ok(_) => {}
            Err(error)
                if error
                    .as_service_error()
                    .is_some_and(|error| error.is_resource_in_use_exception()) => {}
            Err(error) => return Err(fail(error.into())),
        }
        self.client
            .wait_until_table_exists()
            .table_name(&self.table)
            .wait(Duration::from_secs(120))
            .await
            .map_err(|error| fail(error.into()))?;
        let ttl = self
            .client
            .describe_time_to_live()
            .table_name(&self.table)
            .send()
            .await
            .map_err(|error| fail(error.into()))?;
        let on = ttl.time_to_live_description().is_some_and(|ttl| {
            ttl.attribute_name() == Some(self.ttl_attribute.as_str())
                && matches!(
                    ttl.time_to_live_status(),
                    Some(TimeToLiveStatus::Enabled | TimeToLiveStatus::Enabling)
                )
        });
        if !on {
            self.client
                .update_time_to_live()
                .table_name(&self.table)
                .time_to_live_specification(
                    TimeToLiveSpecification::builder()
                        .attribute_name(&self.ttl_attribute)
                        .enabled(true)
                        .build()
                        .map_err(|error| fail(error.into()))?,
                )
                .send()
                .await
                .map_err(|error| fail(error.into()))?;
        }
        Ok(())
    }

    async fn try_claim(&self, key: &str, owner: u64, lease: Duration) -> Result<Claim, Error> {
        let now = epoch_seconds(Duration::ZERO);
        let now_ms = epoch_millis(Duration::ZERO);
        // A few rounds at most: the item can only vanish between the put and the read once it
        // expired or was released, and then the next put succeeds.
        for _ in 0..3 {
            let put = self
                .client
                .put_item()
                .table_name(&self.table)
                .item(&self.key_attribute, AttributeValue::S(key.to_owned()))
                .item("status", AttributeValue::S(IN_PROGRESS.to_owned()))
                .item("owner", AttributeValue::N(owner.to_string()))
                .item(&self.ttl_attribute, AttributeValue::N(epoch_seconds(lease).to_string()))
                .item(LEASE_UNTIL, AttributeValue::N(epoch_millis(lease).to_string()))
                .condition_expression(
                    "attribute_not_exists(#key) OR #expires <= :now OR (#status = :in_progress AND (#owner = :owner OR #lease <= :now_ms))",
                )
                .expression_attribute_names("#key", &self.key_attribute)
                .expression_attribute_names("#expires", &self.ttl_attribute)
                .expression_attribute_names("#status", "status")
                .expression_attribute_names("#owner", "owner")
                .expression_attribute_names("#lease", LEASE_UNTIL)
                .expression_attribute_values(":now", AttributeValue::N(now.to_string()))
                .expression_attribute_values(":now_ms", AttributeValue::N(now_ms.to_string()))
                .expression_attribute_values(":in_progress", AttributeValue::S(IN_PROGRESS.to_owned()))
                .expression_attribute_values(":owner", AttributeValue::N(owner.to_string()))
                .return_values_on_condition_check_failure(
                    aws_sdk_dynamodb::types::ReturnValuesOnConditionCheckFailure::AllOld,
                )
                .send()
                .await;
            let Err(error) = put else {
                return Ok(Claim::Acquired);
            };
            let Some(held) = error
                .as_service_error()
                .and_then(|error| match error {
                    aws_sdk_dynamodb::operation::put_item::PutItemError::ConditionalCheckFailedException(held) => Some(held),
                    _ => None,
                })
            else {
                return Err(Error::dedup_store("claim", error));
            };
            let item = match held.item() {
                Some(item) => Some(item.clone()),
                None => self.read(key).await?,
            };
            if let Some(item) = item {
                return Ok(if status(&item) == Some(DONE) {
                    Claim::Done
                } else {
                    Claim::InProgress
                });
            }
        }
        Ok(Claim::InProgress)
    }

    /// The item of `key`, read consistently.
    async fn read(&self, key: &str) -> Result<Option<HashMap<String, AttributeValue>>, Error> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key(&self.key_attribute, AttributeValue::S(key.to_owned()))
            .consistent_read(true)
            .send()
            .await
            .map_err(|error| Error::dedup_store("claim", error))?;
        Ok(output.item)
    }

    async fn try_complete(&self, key: &str) -> Result<(), Error> {
        self.client
            .put_item()
            .table_name(&self.table)
            .item(&self.key_attribute, AttributeValue::S(key.to_owned()))
            .item("status", AttributeValue::S(DONE.to_owned()))
            .item(
                &self.ttl_attribute,
                AttributeValue::N(epoch_seconds(self.ttl).to_string()),
            )
            .send()
            .await
            .map_err(|error| Error::dedup_store("complete", error))?;
        Ok(())
    }

    async fn try_release(&self, key: &str, owner: u64) -> Result<(), Error> {
        let deleted = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key(&self.key_attribute, AttributeValue::S(key.to_owned()))
            .condition_expression("#status = :in_progress AND #owner = :owner")
            .expression_attribute_names("#status", "status")
            .expression_attribute_names("#owner", "owner")
            .expression_attribute_values(":in_progress", AttributeValue::S(IN_PROGRESS.to_owned()))
            .expression_attribute_values(":owner", AttributeValue::N(owner.to_string()))
            .send()
            .await;
        match deleted {
            Err(error)
                if !error
                    .as_service_error()
                    .is_some_and(|error| error.is_conditional_check_failed_exception()) =>
            {
                Err(Error::dedup_store("release", error))
            }
            // Not ours any more (expired and claimed again, or handled): nothing to release.
            _ => Ok(()),
        }
    }
}

impl DynamoDbDedupStoreBuilder {
    /// How long a handled key is remembered (24 hours by default; whole seconds).
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.store.ttl = ttl;
        self
    }

    /// The table's partition key, a string (`key` by default).
    pub fn key_attribute(mut self, name: impl Into<String>) -> Self {
        self.store.key_attribute = name.into();
        self
    }

    /// The attribute holding the expiry in epoch seconds, the table's TTL attribute
    /// (`expires_at` by default).
    pub fn ttl_attribute(mut self, name: impl Into<String>) -> Self {
        self.store.ttl_attribute = name.into();
        self
    }

    /// The store.
    pub fn build(self) -> DynamoDbDedupStore {
        self.store
    }
}

impl DedupStore for DynamoDbDedupStore {
    fn claim<'a>(
        &'a self,
        key: &'a str,
        owner: u64,
        lease: Duration,
    ) -> BoxFuture<'a, Result<Claim, Error>> {
        Box::pin(self.try_claim(key, owner, lease))
    }

    fn complete<'a>(&'a self, key: &'a str, _owner: u64) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(self.try_complete(key))
    }

    fn release<'a>(&'a self, key: &'a str, owner: u64) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(self.try_release(key, owner))
    }
}

fn status(item: &HashMap<String, AttributeValue>) -> Option<&str> {
    match item.get("status") {
        Some(AttributeValue::S(status)) => Some(status),
        _ => None,
    }
}

/// Now plus `after`, in whole epoch seconds, rounded up so that an expiry is never early.
fn epoch_seconds(after: Duration) -> u64 {
    let since = since_epoch(after);
    since.as_secs() + u64::from(since.subsec_nanos() > 0 && !after.is_zero())
}

/// Now plus `after`, in epoch milliseconds, rounded down so that a lease is never longer.
fn epoch_millis(after: Duration) -> u128 {
    since_epoch(after).as_millis()
}

fn since_epoch(after: Duration) -> Duration {
    (SystemTime::now() + after)
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}
