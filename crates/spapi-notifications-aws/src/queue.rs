//! SQS queues: find, create or delete one, read and set its attributes.

use std::collections::HashMap;

use aws_sdk_sqs::types::QueueAttributeName;

use crate::error::absent_as_none;
use crate::policy::PolicyDocument;
use crate::{Change, Error};

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

    /// The queue's access policy; an empty one when it has none.
    pub(crate) fn policy(&self) -> Result<PolicyDocument, Error> {
        match self.get(&QueueAttributeName::Policy) {
            Some(json) if !json.trim().is_empty() => PolicyDocument::parse(json),
            _ => Ok(PolicyDocument::empty()),
        }
    }
}

/// The URL of the queue called `name` (of account `owner`, else the caller's), if it exists.
pub(crate) async fn find(
    sqs: &aws_sdk_sqs::Client,
    name: &str,
    owner: Option<&str>,
) -> Result<Option<String>, Error> {
    let found = sqs
        .get_queue_url()
        .queue_name(name)
        .set_queue_owner_aws_account_id(owner.map(str::to_owned))
        .send()
        .await
        .map_err(|error| error.into_service_error());
    Ok(absent_as_none(
        found,
        |e| e.is_queue_does_not_exist(),
        |e| Error::sqs("GetQueueUrl", e),
    )?
    .and_then(|output| output.queue_url))
}

/// The URL of the queue with this ARN (its name and owner account), if it exists.
pub(crate) async fn find_by_arn(
    sqs: &aws_sdk_sqs::Client,
    arn: &str,
) -> Result<Option<String>, Error> {
    let parts: Vec<&str> = arn.split(':').collect();
    let [_, _, "sqs", _, account, name] = parts[..] else {
        return Ok(None);
    };
    find(sqs, name, Some(account)).await
}

/// Deletes the queue at `url`; whether it was there.
pub(crate) async fn delete(sqs: &aws_sdk_sqs::Client, url: &str) -> Result<bool, Error> {
    let deleted = sqs
        .delete_queue()
        .queue_url(url)
        .send()
        .await
        .map_err(|error| error.into_service_error());
    Ok(absent_as_none(
        deleted,
        |e| e.is_queue_does_not_exist(),
        |e| Error::sqs("DeleteQueue", e),
    )?
    .is_some())
}

/// The queue called `name`, created (standard) when it does not exist; whether it was created.
pub(crate) async fn find_or_create(
    sqs: &aws_sdk_sqs::Client,
    name: &str,
) -> Result<(String, bool), Error> {
    if let Some(url) = find(sqs, name, None).await? {
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

/// The standard queue called `name`, created or adopted, and its attributes.
///
/// # Errors
///
/// [`Error::FifoQueue`] for a FIFO queue (by name before anything is created, or by its
/// attributes when adopted).
pub(crate) async fn ensure_standard(
    sqs: &aws_sdk_sqs::Client,
    name: &str,
    changes: &mut Vec<Change>,
) -> Result<(Queue, Attributes), Error> {
    let fifo = || Error::FifoQueue {
        queue: name.to_owned(),
    };
    if name.ends_with(".fifo") {
        return Err(fifo());
    }
    let (url, created) = find_or_create(sqs, name).await?;
    if created {
        changes.push(Change::CreatedQueue(url.clone()));
    }
    let attributes = existing_attributes(sqs, &url).await?;
    if attributes.is_fifo() {
        return Err(fifo());
    }
    let queue = Queue {
        arn: attributes.arn()?,
        url,
    };
    Ok((queue, attributes))
}

/// Every attribute of the queue at `url`, which was just found or created.
pub(crate) async fn existing_attributes(
    sqs: &aws_sdk_sqs::Client,
    url: &str,
) -> Result<Attributes, Error> {
    attributes(sqs, url).await?.ok_or(Error::Incomplete {
        operation: "GetQueueAttributes",
        missing: "the queue (it was deleted meanwhile)",
    })
}

/// Every attribute of the queue at `url`; `None` when the queue does not exist.
pub(crate) async fn attributes(
    sqs: &aws_sdk_sqs::Client,
    url: &str,
) -> Result<Option<Attributes>, Error> {
    let read = sqs
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(QueueAttributeName::All)
        .send()
        .await
        .map_err(|error| error.into_service_error());
    Ok(absent_as_none(
        read,
        |e| e.is_queue_does_not_exist(),
        |e| Error::sqs("GetQueueAttributes", e),
    )?
    .map(|output| Attributes(output.attributes.unwrap_or_default())))
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

/// Sets the access policy of the queue at `url` (none when `document` has no statement).
pub(crate) async fn set_policy(
    sqs: &aws_sdk_sqs::Client,
    url: &str,
    document: &PolicyDocument,
) -> Result<(), Error> {
    let json = if document.statements().is_empty() {
        String::new()
    } else {
        document.to_json()
    };
    set_attribute(sqs, url, QueueAttributeName::Policy, json).await
}

/// The name in a queue URL (its last path segment).
pub(crate) fn name_of(url: &str) -> &str {
    url.trim_end_matches('/').rsplit('/').next().unwrap_or(url)
}
