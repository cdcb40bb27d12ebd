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
    /// Whether to read each queue's policy before sending, and refuse as Amazon would be.
    pub(crate) check_policies: bool,
}

/// Whether a send went out, or was refused because Amazon may not send to the queue.
pub(crate) enum Sent {
    Delivered,
    Refused(String),
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
            check_policies: false,
        }
    }

    /// A sender through a client configured by the caller.
    pub(crate) fn with_client(client: aws_sdk_sqs::Client) -> Self {
        Self {
            client,
            endpoint: None,
            urls: Mutex::default(),
            check_policies: false,
        }
    }

    /// Sends `body` to the queue `arn`, unless its policy does not let Amazon send (when
    /// policies are checked).
    pub(crate) async fn send(&self, arn: &str, body: &str) -> Result<Sent, Error> {
        let failed = |source: Box<dyn std::error::Error + Send + Sync>| Error::Delivery {
            target: arn.to_owned(),
            source,
        };
        let url = self.queue_url(arn).await.map_err(failed)?;
        if self.check_policies
            && let Some(reason) = self.refusal(&url, arn).await.map_err(failed)?
        {
            tracing::warn!(queue = %url, %reason, "sandbox did not deliver: amazon may not send");
            return Ok(Sent::Refused(reason));
        }
        self.client
            .send_message()
            .queue_url(&url)
            .message_body(body)
            .send()
            .await
            .map_err(|error| failed(Box::new(error.into_service_error())))?;
        tracing::debug!(queue = %url, "sandbox delivered a notification to sqs");
        Ok(Sent::Delivered)
    }

    /// Why Amazon's principal may not send to the queue, if it may not: its policy evaluated
    /// by spapi-notifications-aws's evaluator, the one the doctor uses.
    async fn refusal(
        &self,
        url: &str,
        arn: &str,
    ) -> Result<Option<String>, Box<dyn std::error::Error + Send + Sync>> {
        use aws_sdk_sqs::types::QueueAttributeName;
        use spapi_notifications_aws::policy::{
            AMAZON_PRINCIPAL, Decision, PolicyDocument, Request,
        };
        let policy = self
            .client
            .get_queue_attributes()
            .queue_url(url)
            .attribute_names(QueueAttributeName::Policy)
            .send()
            .await
            .map_err(|error| Box::new(error.into_service_error()))?
            .attributes
            .and_then(|mut attributes| attributes.remove(&QueueAttributeName::Policy));
        let Some(policy) = policy.filter(|policy| !policy.trim().is_empty()) else {
            return Ok(Some(format!(
                "the queue has no access policy: {AMAZON_PRINCIPAL} may not send"
            )));
        };
        let document = PolicyDocument::parse(&policy)?;
        Ok(
            match document.evaluate(&Request::amazon("sqs:SendMessage", arn)) {
                Decision::Allowed { .. } => None,
                Decision::Denied { statement } => Some(format!(
                    "statement {statement} of the queue policy denies {AMAZON_PRINCIPAL} sqs:SendMessage"
                )),
                Decision::NotAllowed {
                    blocked_by_condition,
                } if !blocked_by_condition.is_empty() => Some(format!(
                    "the condition {} of statement {} blocks {AMAZON_PRINCIPAL}",
                    blocked_by_condition[0].1, blocked_by_condition[0].0
                )),
                Decision::Uncertain {
                    statement,
                    condition,
                } => Some(format!(
                    "statement {statement} allows {AMAZON_PRINCIPAL} only under {condition}, which \
                 cannot be known to hold"
                )),
                _ => Some(format!(
                    "no statement of the queue policy allows {AMAZON_PRINCIPAL} sqs:SendMessage"
                )),
            },
        )
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
