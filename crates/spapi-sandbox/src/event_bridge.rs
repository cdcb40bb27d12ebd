//! EventBridge destinations on a real EventBridge endpoint (moto, or AWS): the partner event
//! source Amazon creates with `createDestination`, and delivery with `PutPartnerEvents`.

use spapi_notifications_aws::aws_sdk_eventbridge as eventbridge;

use crate::Error;

/// Creates partner event sources and puts SP-API's events on them.
#[derive(Debug)]
pub(crate) struct EventBridgeSender {
    client: eventbridge::Client,
}

impl EventBridgeSender {
    /// A sender to an EventBridge endpoint that takes any credentials, such as moto.
    pub(crate) fn for_endpoint(endpoint: &str) -> Self {
        use eventbridge::config::{BehaviorVersion, Credentials, Region};
        let config = eventbridge::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new(
                "sandbox",
                "sandbox",
                None,
                None,
                "spapi-sandbox",
            ))
            .build();
        Self {
            client: eventbridge::Client::from_conf(config),
        }
    }

    /// A sender through a client configured by the caller (its endpoint, region and
    /// credentials).
    pub(crate) fn with_client(client: eventbridge::Client) -> Self {
        Self { client }
    }

    /// What Amazon does on `createDestination`: the partner event source `name` in `account_id`.
    pub(crate) async fn create_source(&self, name: &str, account_id: &str) -> Result<(), Error> {
        self.client
            .create_partner_event_source()
            .name(name)
            .account(account_id)
            .send()
            .await
            .map_err(|error| failed(name, error.into_service_error()))?;
        Ok(())
    }

    /// What Amazon does on `deleteDestination`: the partner event source is deleted.
    pub(crate) async fn delete_source(&self, name: &str, account_id: &str) -> Result<(), Error> {
        self.client
            .delete_partner_event_source()
            .name(name)
            .account(account_id)
            .send()
            .await
            .map_err(|error| failed(name, error.into_service_error()))?;
        Ok(())
    }

    /// Puts one event of `detail_type` with `detail` (the notification) on the source `name`.
    pub(crate) async fn put(
        &self,
        name: &str,
        detail_type: &str,
        detail: &str,
    ) -> Result<(), Error> {
        let entry = eventbridge::types::PutPartnerEventsRequestEntry::builder()
            .source(name)
            .detail_type(detail_type)
            .detail(detail)
            .time(eventbridge::primitives::DateTime::from(
                std::time::SystemTime::now(),
            ))
            .build();
        let output = self
            .client
            .put_partner_events()
            .entries(entry)
            .send()
            .await
            .map_err(|error| failed(name, error.into_service_error()))?;
        if output.failed_entry_count > 0 {
            return Err(Error::Delivery {
                target: name.to_owned(),
                source: format!("PutPartnerEvents refused the event: {:?}", output.entries())
                    .into(),
            });
        }
        tracing::debug!(source = name, "sandbox put a partner event");
        Ok(())
    }
}

fn failed(name: &str, error: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::Delivery {
        target: name.to_owned(),
        source: Box::new(error),
    }
}
