//! SQS queues: find or create one, read its attributes.

use std::collections::HashMap;

use aws_sdk_sqs::types::QueueAttributeName;

use crate::Error;

/// An SQS queue: its URL and ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Queue {
    /// The queue URL, for the SQS API and the consumer.
    pub url: String,
    /// The queue ARN, for SP-API's destination and policies.
    pub arn: String,
}

/// The attributes of a queue that the workflow cares about.
#[derive(Debug, Clone, Default)]
pub(crate) struct Attributes(HashMap<QueueAttributeName, String>);

impl Attributes {
    pub(crate) fn get(&self, name: &QueueAttributeName) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    pub(crate) fn arn(&self) -> Result<String, Error> {
        self.get(&QueueAttributeName::QueueArn)
            .map(str::to_owned)
            .ok_or(Error::Incomplete {
                operation: "GetQueueAttributes",
                missing: "QueueArn",
            })
    }

    pub(crate) fn is_fifo(&self) -> bool {
        self.get(&QueueAttributeName::FifoQueue) == Some("true")
    }
}

/// The URL of the queue called `name`, if it exists.
pub(crate) async fn find(sqs: &aws_sdk_sqs::Client, name: &str) -> Result<Option<String>, Error> {
    match sqs.get_queue_url().queue_name(name).send().await {
        Ok(output) => Ok(output.queue_url),
        Err(error) => {
            let error = error.into_service_error();
            if error.is_queue_does_not_exist() {
                Ok(None)
            } else {
                Err(Error::sqs("GetQueueUrl", error))
            }
        }
    }
}

/// The queue called `name`, created (standard) when it does not exist; whether it was created.
pub(crate) async fn find_or_create(
    sqs: &aws_sdk_sqs::Client,
    name: &str,
) -> Result<(String, bool), Error> {
    if let Some(url) = find(sqs, name).await? {
        return Ok((url, false));
    }
    let url = sqs
        .create_queue()
        .queue_name(name)
        .send()
        .await
        .map_err(|error| Error::sqs("CreateQueue", error.into_service_error()))?
        .queue_url
        .ok_or(Error::Incomplete {
            operation: "CreateQueue",
            missing: "QueueUrl",
        })?;
    Ok((url, true))
}

/// Every attribute of the queue at `url`; `None` when the queue does not exist.
pub(crate) async fn attributes(
    sqs: &aws_sdk_sqs::Client,
    url: &str,
) -> Result<Option<Attributes>, Error> {
    match sqs
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(QueueAttributeName::All)
        .send()
        .await
    {
        Ok(output) => Ok(Some(Attributes(output.attributes.unwrap_or_default()))),
        Err(error) => {
            let error = error.into_service_error();
            if error.is_queue_does_not_exist() {
                Ok(None)
            } else {
                Err(Error::sqs("GetQueueAttributes", error))
            }
        }
    }
}

/// Sets one attribute of the queue at `url`.
pub(crate) async fn set_attribute(
    sqs: &aws_sdk_sqs::Client,
    url: &str,
    name: QueueAttributeName,
    value: String,
) -> Result<(), Error> {
    sqs.set_queue_attributes()
        .queue_url(url)
        .attributes(name, value)
        .send()
        .await
        .map_err(|error| Error::sqs("SetQueueAttributes", error.into_service_error()))?;
    Ok(())
}

/// The name in a queue URL (its last path segment).
pub(crate) fn name_of(url: &str) -> &str {
    url.trim_end_matches('/').rsplit('/').next().unwrap_or(url)
}
