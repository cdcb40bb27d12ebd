//! The registry shared by many processes: one DynamoDB item per subscription.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use spapi_notification_types::NotificationType;

use super::{BoxFuture, SubscriptionRecord, SubscriptionRegistry};
use crate::DynamoDbLedger;
use crate::Error;
use crate::dynamodb::{PARTITION as SELLER, SORT as SUBSCRIPTION, Table};

const TYPE: &str = "notification_type";
const VERSION: &str = "payload_version";
const ID: &str = "subscription_id";
const DESTINATION: &str = "destination_id";

/// A [`SubscriptionRegistry`] on an Amazon DynamoDB table, shared by every process that
/// provisions or offboards.
///
/// One item per subscription: partition key `seller_id` (S), sort key `subscription` (S,
/// `NOTIFICATION_TYPE#subscription id`), and `notification_type`, `payload_version`,
/// `subscription_id`, `destination_id`. A seller's records are one `Query`;
/// [`create_table`](Self::create_table) makes the table with on-demand billing. The
/// [`rotation_ledger`](Self::rotation_ledger) keeps its items in the same table, under the
/// partition `#rotation`.
///
/// ```no_run
/// use std::sync::Arc;
/// use spapi_notifications_fleet::{DynamoDbRegistry, Fleet, aws_sdk_dynamodb};
///
/// # async fn run(dynamodb: aws_sdk_dynamodb::Client, client: spapi_notifications_client::NotificationsClient) -> Result<(), spapi_notifications_fleet::Error> {
/// // dynamodb: aws_sdk_dynamodb::Client::new(&aws_config::load_defaults(..).await)
/// let registry = DynamoDbRegistry::new(dynamodb, "sp-api-subscriptions");
/// registry.create_table().await?;
/// let fleet = Fleet::builder(client).registry(Arc::new(registry)).build();
/// # let _ = fleet; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct DynamoDbRegistry {
    table: Table,
}

impl DynamoDbRegistry {
    /// The registry on `table`, through `client`.
    pub fn new(client: aws_sdk_dynamodb::Client, table: impl Into<String>) -> Self {
        Self {
            table: Table {
                client,
                name: table.into(),
            },
        }
    }

    /// The table's name.
    pub fn table(&self) -> &str {
        &self.table.name
    }

    /// Creates the table with on-demand billing if it does not exist, and waits (at most two
    /// minutes) until it is active. Production tables usually come from infrastructure code;
    /// this is for first runs and tests.
    ///
    /// # Errors
    ///
    /// [`Error::Registry`] with DynamoDB's error.
    pub async fn create_table(&self) -> Result<(), Error> {
        self.table
            .create(|error| Error::registry("create its table", error))
            .await
    }

    /// The [`RotationLedger`](crate::RotationLedger) in this registry's table, for every
    /// consumer that handles the client-secret rotation notifications.
    pub fn rotation_ledger(&self) -> DynamoDbLedger {
        DynamoDbLedger::from_table(self.table.clone())
    }

    async fn put(&self, record: &SubscriptionRecord) -> Result<(), Error> {
        let string = |value: &str| AttributeValue::S(value.to_owned());
        self.table
            .client
            .put_item()
            .table_name(&self.table.name)
            .item(SELLER, string(&record.seller_id))
            .item(
                SUBSCRIPTION,
                string(&sort_key(
                    &record.notification_type,
                    &record.subscription_id,
                )),
            )
            .item(TYPE, string(record.notification_type.as_str()))
            .item(VERSION, string(&record.payload_version))
            .item(ID, string(&record.subscription_id))
            .item(DESTINATION, string(&record.destination_id))
            .send()
            .await
            .map_err(|error| Error::registry("record a subscription", error))?;
        Ok(())
    }

    async fn query(&self, seller_id: &str) -> Result<Vec<SubscriptionRecord>, Error> {
        let fail = |error| Error::registry("read a seller's subscriptions", error);
        let mut records = Vec::new();
        let mut start = None;
        loop {
            let page = self
                .table
                .client
                .query()
                .table_name(&self.table.name)
                .key_condition_expression("#seller = :seller")
                .expression_attribute_names("#seller", SELLER)
                .expression_attribute_values(":seller", AttributeValue::S(seller_id.to_owned()))
                .consistent_read(true)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(|error| {
                    fail(Box::new(error) as Box<dyn std::error::Error + Send + Sync>)
                })?;
            for item in page.items() {
                records.push(from_item(seller_id, item).map_err(|problem| fail(problem.into()))?);
            }
            start = page.last_evaluated_key;
            if start.is_none() {
                return Ok(records);
            }
        }
    }

    async fn delete(
        &self,
        seller_id: &str,
        notification_type: &NotificationType,
        subscription_id: &str,
    ) -> Result<(), Error> {
        self.table
            .client
            .delete_item()
            .table_name(&self.table.name)
            .key(SELLER, AttributeValue::S(seller_id.to_owned()))
            .key(
                SUBSCRIPTION,
                AttributeValue::S(sort_key(notification_type, subscription_id)),
            )
            .send()
            .await
            .map_err(|error| Error::registry("forget a subscription", error))?;
        Ok(())
    }
}

impl SubscriptionRegistry for DynamoDbRegistry {
    fn record<'a>(&'a self, record: &'a SubscriptionRecord) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(self.put(record))
    }

    fn seller_subscriptions<'a>(
        &'a self,
        seller_id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<SubscriptionRecord>, Error>> {
        Box::pin(self.query(seller_id))
    }

    fn remove<'a>(
        &'a self,
        seller_id: &'a str,
        notification_type: &'a NotificationType,
        subscription_id: &'a str,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(self.delete(seller_id, notification_type, subscription_id))
    }
}

fn sort_key(notification_type: &NotificationType, subscription_id: &str) -> String {
    format!("{notification_type}#{subscription_id}")
}

fn from_item(
    seller_id: &str,
    item: &HashMap<String, AttributeValue>,
) -> Result<SubscriptionRecord, String> {
    let field = |name: &str| match item.get(name) {
        Some(AttributeValue::S(value)) => Ok(value.clone()),
        _ => Err(format!(
            "an item of seller {seller_id} has no string {name}"
        )),
    };
    Ok(SubscriptionRecord::new(
        seller_id,
        NotificationType::from(field(TYPE)?),
        field(VERSION)?,
        field(ID)?,
        field(DESTINATION)?,
    ))
}
