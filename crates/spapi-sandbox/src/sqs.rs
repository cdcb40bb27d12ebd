//! Delivery to real SQS queues (an emulator such as moto, or AWS) through `aws-sdk-sqs`.

use std::collections::HashMap;
use std::sync::Mutex;

use aws_sdk_sqs::config::{BehaviorVersion, Credentials, Region};

use crate::Error;
use crate::arn::SqsArn;
use crate::state::lock;

/// Sends notifications to the queues named by SQS destinations' ARNs.
#[derive(Debug)]
pub(crate) struct SqsSender {
    client: aws_sdk_sqs::Client,
    /// The endpoint queue URLs are derived from (`ENDPOINT/ACCOUNT/NAME`); without one they are
    /// looked up with `GetQueueUrl`.
    endpoint: Option<String>,
    urls: Mutex<HashMap<String, String>>,
}

impl SqsSender {
    /// A sender to an SQS endpoint that takes any credentials, such as moto.
    pub(crate) fn for_endpoint(endpoint: &str) -> Self {
        let config = aws_sdk_sqs::Config::builder()
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
            client: aws_sdk_sqs::Client::from_conf(config),
            endpoint: Some(endpoint.to_owned()),
            urls: Mutex::default(),
        }
    }

    /// A sender through a client configured by the caller.
    pub(crate) fn with_client(client: aws_sdk_sqs::Client) -> Self {
        Self {
            client,
            endpoint: None,
            urls: Mutex::default(),
        }
    }

    /// Sends `body` to the queue `arn`.
    pub(crate) async fn send(&self, arn: &str, body: &str) -> Result<(), Error> {
        let failed = |source: Box<dyn std::error::Error + Send + Sync>| Error::Delivery {
            target: arn.to_owned(),
            source,
        };
        let url = self.queue_url(arn).await.map_err(failed)?;
        self.client
            .send_message()
            .queue_url(&url)
            .message_body(body)
            .send()
            .await
            .map_err(|error| failed(Box::new(error.into_service_error())))?;
        tracing::debug!(queue = %url, "sandbox delivered a notification to sqs");
        Ok(())
    }

    async fn queue_url(
        &self,
        arn: &str,
    ) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        if let Some(url) = lock(&self.urls).get(arn) {
            return Ok(url.clone());
        }
        let parsed = SqsArn::parse(arn)?;
        let url = match &self.endpoint {
            Some(endpoint) => parsed.queue_url(endpoint),
            None => self
                .client
                .get_queue_url()
                .queue_name(parsed.queue_name)
                .queue_owner_aws_account_id(parsed.account_id)
                .send()
                .await
                .map_err(|error| Box::new(error.into_service_error()))?
                .queue_url
                .ok_or("GetQueueUrl answered without a queue url")?,
        };
        lock(&self.urls).insert(arn.to_owned(), url.clone());
        Ok(url)
    }
}
