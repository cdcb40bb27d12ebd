//! `subscriptions list|get|create|delete`: a seller's subscriptions.

use std::io::{self, Write};

use serde_json::{Value, json};
use spapi_notifications::client::{
    AggregationTimePeriod, CreateSubscriptionRequest, Error, EventFilter, EventFilterType,
    GetSubscriptionsQuery, OrderChangeType, ProcessingDirective, SellerClient, Subscription,
};
use spapi_notifications::types::NotificationType;

use super::payload_version_or_current;
use crate::cli::{FilterArgs, Subscriptions};
use crate::config::Api;
use crate::exit::{self, CliError};
use crate::output::{Output, progress_bar};

/// Runs `command` for the seller of `api`.
pub(crate) async fn run(command: &Subscriptions, api: &Api) -> Result<Output, CliError> {
    match command {
        Subscriptions::List {
            notification_type: Some(notification_type),
        } => {
            let query = GetSubscriptionsQuery::new(notification_type.clone());
            let subscriptions = api.seller()?.all_subscriptions(query).await?;
            let json = serde_json::to_value(&subscriptions)?;
            let rows = subscriptions.iter().map(|s| (notification_type, s));
            Ok(Output::subscriptions(rows, json)?)
        }
        Subscriptions::List {
            notification_type: None,
        } => list_every_type(api.seller()?).await,
        Subscriptions::Get {
            notification_type,
            payload_version,
        } => {
            let subscription = api
                .seller()?
                .get_subscription(notification_type, payload_version.as_deref())
                .await?
                .into_inner();
            let json = serde_json::to_value(&subscription)?;
            Ok(Output::subscriptions(
                [(notification_type, &subscription)],
                json,
            )?)
        }
        Subscriptions::Create {
            notification_type,
            destination_id,
            payload_version,
            filter,
        } => {
            let version =
                payload_version_or_current(notification_type, payload_version.as_deref())?;
            let mut request = CreateSubscriptionRequest::new(version, destination_id);
            if let Some(directive) = filter.directive(notification_type)? {
                request = request.processing_directive(directive);
            }
            let subscription = api
                .seller()?
                .create_subscription(notification_type, &request)
                .await?
                .into_inner();
            let json = serde_json::to_value(&subscription)?;
            Ok(Output::subscriptions(
                [(notification_type, &subscription)],
                json,
            )?)
        }
        Subscriptions::Delete {
            notification_type,
            subscription_id,
        } => {
            // The seller's handle retries with the seller's token where Amazon refuses the
            // grantless one.
            match &api.seller {
                Some(seller) => {
                    seller
                        .delete_subscription_by_id(notification_type, subscription_id)
                        .await?
                }
                None => {
                    api.client
                        .delete_subscription_by_id(notification_type, subscription_id)
                        .await?
                }
            };
            Ok(Output::line(
                format!("deleted {notification_type} subscription {subscription_id}"),
                json!({
                    "notificationType": notification_type,
                    "subscriptionId": subscription_id,
                    "deleted": true,
                }),
            ))
        }
    }
}

/// The seller's subscriptions to every type this version knows, paging each, with a progress
/// bar; in JSON each subscription carries its `notificationType`. A type that fails is reported
/// on stderr at once and the others are still listed; the exit status is then the most
/// serious failure's.
async fn list_every_type(seller: &SellerClient) -> Result<Output, CliError> {
    let types = NotificationType::ALL;
    let bar = progress_bar(types.len() as u64);
    let mut found: Vec<(&NotificationType, Subscription)> = Vec::new();
    let (mut failed, mut code) = (0, exit::OK);
    for notification_type in types {
        bar.set_message(notification_type.to_string());
        let query = GetSubscriptionsQuery::new(notification_type.clone());
        match seller.all_subscriptions(query).await {
            Ok(subscriptions) => {
                found.extend(subscriptions.into_iter().map(|s| (notification_type, s)));
            }
            Err(error) => {
                failed += 1;
                code = code.max(bar.suspend(|| report_for(notification_type, &error.into())));
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    let json = found
        .iter()
        .map(|(notification_type, subscription)| {
            let mut json = serde_json::to_value(subscription)?;
            if let Value::Object(object) = &mut json {
                object.insert("notificationType".to_owned(), json!(notification_type));
            }
            Ok(json)
        })
        .collect::<serde_json::Result<Vec<Value>>>()?;
    let rows = found.iter().map(|(t, s)| (*t, s));
    let output = Output::subscriptions(rows, Value::Array(json))?;
    if failed == 0 {
        return Ok(output);
    }
    Err(CliError::Partial {
        output,
        code,
        summary: format!(
            "{failed} of {} notification types could not be listed",
            types.len()
        ),
    })
}

/// Reports `failure` on stderr, each line naming `notification_type`; its exit status.
fn report_for(notification_type: &NotificationType, failure: &CliError) -> u8 {
    let mut report = Vec::new();
    let code = failure.report(&mut report);
    let report = String::from_utf8_lossy(&report);
    let named = report.replacen("error: ", &format!("error: {notification_type}: "), 1);
    let _ = io::stderr().lock().write_all(named.as_bytes());
    code
}

impl FilterArgs {
    /// The processing directive asked for, if any.
    fn directive(
        &self,
        notification_type: &NotificationType,
    ) -> Result<Option<ProcessingDirective>, Error> {
        if let Some(expression) = &self.filter_expression {
            return ProcessingDirective::filter_expression(expression).map(Some);
        }
        let wanted = self.event_filter
            || !self.marketplace_ids.is_empty()
            || !self.order_change_types.is_empty()
            || self.aggregation.is_some();
        if !wanted {
            return Ok(None);
        }
        // Each filter type is named after the notification type it filters.
        let mut filter = EventFilter::new(EventFilterType::from(notification_type.as_str()));
        if !self.marketplace_ids.is_empty() {
            filter = filter.marketplace_ids(self.marketplace_ids.iter().cloned());
        }
        if !self.order_change_types.is_empty() {
            let types = self
                .order_change_types
                .iter()
                .map(|t| OrderChangeType::from(t.as_str()));
            filter = filter.order_change_types(types);
        }
        if let Some(period) = &self.aggregation {
            filter = filter.aggregation(AggregationTimePeriod::from(period.as_str()));
        }
        Ok(Some(ProcessingDirective::event_filter(filter)))
    }
}
