//! The ledger shared by every consumer: one item per expiring secret, in the registry's table.

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValuesOnConditionCheckFailure};

use super::{RotationClaim, RotationLedger};
use crate::dynamodb::{LEDGER_PARTITION, PARTITION, SORT, Table};
use crate::{BoxFuture, Error};

const STATUS: &str = "status";
const CLAIMED: &str = "claimed";
const ROTATED: &str = "rotated";
const OWNER: &str = "owner";
/// The end of a claim's lease, in epoch milliseconds.
const LEASE_UNTIL: &str = "lease_until_ms";

/// A [`RotationLedger`] on an Amazon DynamoDB table, shared by every consumer that handles the
/// client-secret rotation notifications: two of them receiving the same expiry notice rotate
/// once.
///
/// One item per expiring secret, in the table of a
/// [`DynamoDbRegistry`](crate::DynamoDbRegistry) (get it with
/// [`DynamoDbRegistry::rotation_ledger`](crate::DynamoDbRegistry::rotation_ledger)):
/// `seller_id` is `#rotation`, which no seller id is, `subscription` the secret's key, and
/// `status` (`claimed` or `rotated`), `owner` and `lease_until_ms`. A claim is one conditional
/// `PutItem` (no item, or a claim whose lease is over), so two consumers never both acquire it.
///
/// ```no_run
/// use std::sync::Arc;
/// use spapi_notifications_fleet::{DynamoDbRegistry, SecretRotation, aws_sdk_dynamodb};
///
/// # async fn run(dynamodb: aws_sdk_dynamodb::Client, client: spapi_notifications_client::NotificationsClient, store: Arc<dyn spapi_auth::SecretStore>) -> Result<(), spapi_notifications_fleet::Error> {
/// let registry = DynamoDbRegistry::new(dynamodb, "sp-api-subscriptions");
/// let rotation = SecretRotation::new(client, store)?
///     .with_ledger(Arc::new(registry.rotation_ledger()));
/// # let _ = rotation; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct DynamoDbLedger {
    table: Table,
}

impl DynamoDbLedger {
    /// The ledger in `table` (a [`DynamoDbRegistry`](crate::DynamoDbRegistry)'s table, or one
    /// of the same key schema), through `client`.
    pub fn new(client: aws_sdk_dynamodb::Client, table: impl Into<String>) -> Self {
        Self::from_table(Table {
            client,
            name: table.into(),
        })
    }

    pub(crate) fn from_table(table: Table) -> Self {
        Self { table }
    }

    /// The table's name.
    pub fn table(&self) -> &str {
        &self.table.name
    }

    /// Creates the table as [`DynamoDbRegistry::create_table`](crate::DynamoDbRegistry::create_table)
    /// does.
    ///
    /// # Errors
    ///
    /// [`Error::Ledger`] with DynamoDB's error.
    pub async fn create_table(&self) -> Result<(), Error> {
        self.table
            .create(|error| Error::ledger("create its table", error))
            .await
    }

    fn key(&self, key: &str) -> [(&'static str, AttributeValue); 2] {
        [
            (PARTITION, AttributeValue::S(LEDGER_PARTITION.to_owned())),
            (SORT, AttributeValue::S(key.to_owned())),
        ]
    }

    async fn try_claim(
        &self,
        key: &str,
        owner: u64,
        lease: Duration,
    ) -> Result<RotationClaim, Error> {
        // The item can vanish between a refused put and the read only when it was released;
        // the next put then succeeds.
        for _ in 0..3 {
            let [partition, sort] = self.key(key);
            let put = self
                .table
                .client
                .put_item()
                .table_name(&self.table.name)
                .item(partition.0, partition.1)
                .item(sort.0, sort.1)
                .item(STATUS, AttributeValue::S(CLAIMED.to_owned()))
                .item(OWNER, AttributeValue::N(owner.to_string()))
                .item(LEASE_UNTIL, number(epoch_millis(lease)))
                .condition_expression(
                    "attribute_not_exists(#sort) OR (#status = :claimed AND #lease <= :now)",
                )
                .expression_attribute_names("#sort", SORT)
                .expression_attribute_names("#status", STATUS)
                .expression_attribute_names("#lease", LEASE_UNTIL)
                .expression_attribute_values(":claimed", AttributeValue::S(CLAIMED.to_owned()))
                .expression_attribute_values(":now", number(epoch_millis(Duration::ZERO)))
                .return_values_on_condition_check_failure(
                    ReturnValuesOnConditionCheckFailure::AllOld,
                )
                .send()
                .await;
            let Err(error) = put else {
                return Ok(RotationClaim::Acquired);
            };
            let Some(PutItemError::ConditionalCheckFailedException(held)) =
                error.as_service_error()
            else {
                return Err(Error::ledger("claim a rotation", error));
            };
            let item = match held.item() {
                Some(item) => Some(item.clone()),
                None => self.read(key).await?,
            };
            if let Some(item) = item {
                return Ok(if status(&item) == Some(ROTATED) {
                    RotationClaim::Rotated
                } else {
                    RotationClaim::InProgress
                });
            }
        }
        Ok(RotationClaim::InProgress)
    }

    async fn read(&self, key: &str) -> Result<Option<HashMap<String, AttributeValue>>, Error> {
        let [partition, sort] = self.key(key);
        let output = self
            .table
            .client
            .get_item()
            .table_name(&self.table.name)
            .key(partition.0, partition.1)
            .key(sort.0, sort.1)
            .consistent_read(true)
            .send()
            .await
            .map_err(|error| Error::ledger("claim a rotation", error))?;
        Ok(output.item)
    }

    async fn try_complete(&self, key: &str) -> Result<(), Error> {
        let [partition, sort] = self.key(key);
        self.table
            .client
            .put_item()
            .table_name(&self.table.name)
            .item(partition.0, partition.1)
            .item(sort.0, sort.1)
            .item(STATUS, AttributeValue::S(ROTATED.to_owned()))
            .send()
            .await
            .map_err(|error| Error::ledger("record a rotation", error))?;
        Ok(())
    }

    async fn try_release(&self, key: &str, owner: u64) -> Result<(), Error> {
        let [partition, sort] = self.key(key);
        let deleted = self
            .table
            .client
            .delete_item()
            .table_name(&self.table.name)
            .key(partition.0, partition.1)
            .key(sort.0, sort.1)
            .condition_expression("#status = :claimed AND #owner = :owner")
            .expression_attribute_names("#status", STATUS)
            .expression_attribute_names("#owner", OWNER)
            .expression_attribute_values(":claimed", AttributeValue::S(CLAIMED.to_owned()))
            .expression_attribute_values(":owner", AttributeValue::N(owner.to_string()))
            .send()
            .await;
        match deleted {
            Err(error)
                if !error
                    .as_service_error()
                    .is_some_and(|error| error.is_conditional_check_failed_exception()) =>
            {
                Err(Error::ledger("release a rotation", error))
            }
            // Not this owner's claim any more: nothing to release.
            _ => Ok(()),
        }
    }
}

impl RotationLedger for DynamoDbLedger {
    fn claim<'a>(
        &'a self,
        key: &'a str,
        owner: u64,
        lease: Duration,
    ) -> BoxFuture<'a, Result<RotationClaim, Error>> {
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
    match item.get(STATUS) {
        Some(AttributeValue::S(status)) => Some(status),
        _ => None,
    }
}

fn number(value: u128) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

/// Now plus `after`, in epoch milliseconds (saturating: a lease too long ends in a far year).
fn epoch_millis(after: Duration) -> u128 {
    SystemTime::now()
        .checked_add(after)
        .and_then(|at| at.duration_since(UNIX_EPOCH).ok())
        .map_or(u128::from(u64::MAX), |since| since.as_millis())
}
