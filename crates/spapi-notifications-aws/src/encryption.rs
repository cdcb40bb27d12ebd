//! Server-side encryption of a queue, and what Amazon needs to send to an encrypted one.

use aws_sdk_sqs::types::QueueAttributeName;

use crate::policy::AMAZON_PRINCIPAL;
use crate::queue::Attributes;

/// The key SQS uses when a queue names `alias/aws/sqs`: an AWS managed key, whose policy no one
/// can change, so Amazon can never use it.
pub const AWS_MANAGED_SQS_KEY: &str = "alias/aws/sqs";

/// How a queue is encrypted at rest.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Encryption {
    /// Not encrypted.
    None,
    /// SSE-SQS (keys managed by SQS): nothing is needed for Amazon to send.
    SqsManaged,
    /// SSE-KMS with this key: its key policy must let Amazon use it ([`Encryption::key_policy_statement`]).
    Kms {
        /// The key id, ARN or alias (`KmsMasterKeyId`).
        key_id: String,
    },
}

impl Encryption {
    pub(crate) fn of(attributes: &Attributes) -> Self {
        match attributes.get(&QueueAttributeName::KmsMasterKeyId) {
            Some(key_id) if !key_id.is_empty() => Self::Kms {
                key_id: key_id.to_owned(),
            },
            _ if attributes.get(&QueueAttributeName::SqsManagedSseEnabled) == Some("true") => {
                Self::SqsManaged
            }
            _ => Self::None,
        }
    }

    /// With SSE-KMS, the statement the key's policy needs so that Amazon can send encrypted
    /// messages (`kms:GenerateDataKey` and `kms:Decrypt` for principal 437568002678); `None`
    /// otherwise: SSE-SQS and unencrypted queues need nothing.
    pub fn key_policy_statement(&self) -> Option<serde_json::Value> {
        matches!(self, Self::Kms { .. }).then(|| {
            serde_json::json!({
                "Sid": "AllowSpApiNotificationsToUseTheKey",
                "Effect": "Allow",
                "Principal": { "AWS": AMAZON_PRINCIPAL },
                "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
                "Resource": "*",
            })
        })
    }

    /// Whether the queue uses the AWS managed key `alias/aws/sqs`, which Amazon cannot use.
    pub fn uses_aws_managed_key(&self) -> bool {
        matches!(self, Self::Kms { key_id } if key_id == AWS_MANAGED_SQS_KEY || key_id.ends_with(":alias/aws/sqs"))
    }
}
