//! Resource policies (an SQS queue's access policy), read and evaluated as AWS does for one
//! request: explicit `Deny` wins, then any `Allow`, else nobody is allowed.
//!
//! This is the one evaluator of the workspace: [`diagnose`](crate::AwsSetup::diagnose) uses it
//! to say why Amazon cannot send to a queue, and the sandbox uses it to refuse a delivery Amazon
//! would not be allowed to make.
//!
//! ```
//! use spapi_notifications_aws::policy::{Decision, PolicyDocument, Request};
//!
//! let policy = PolicyDocument::parse(r#"{
//!   "Version": "2012-10-17",
//!   "Statement": [{
//!     "Effect": "Allow",
//!     "Principal": {"AWS": "437568002678"},
//!     "Action": "sqs:*",
//!     "Resource": "arn:aws:sqs:us-east-1:444455556666:orders"
//!   }]
//! }"#)?;
//! let send = Request::amazon("sqs:SendMessage", "arn:aws:sqs:us-east-1:444455556666:orders");
//! assert!(matches!(policy.evaluate(&send), Decision::Allowed { .. }));
//! # Ok::<(), spapi_notifications_aws::Error>(())
//! ```

mod condition;
mod document;
mod pattern;

pub use document::{PolicyDocument, Statement};

/// Amazon's SP-API account, which sends notifications to SQS queues.
pub const AMAZON_ACCOUNT_ID: &str = "437568002678";

/// Amazon's SP-API principal, `arn:aws:iam::437568002678:root`.
pub const AMAZON_PRINCIPAL: &str = "arn:aws:iam::437568002678:root";

/// The two actions Amazon needs on a queue.
pub const AMAZON_ACTIONS: [&str; 2] = ["sqs:SendMessage", "sqs:GetQueueAttributes"];

/// The service principal of EventBridge, which sends a rule's events to its SQS target.
pub const EVENTBRIDGE_SERVICE: &str = "events.amazonaws.com";

/// Who makes a request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Principal {
    /// An IAM principal by ARN, such as `arn:aws:iam::437568002678:root`.
    Aws(String),
    /// An AWS service, such as `events.amazonaws.com`.
    Service(String),
}

/// One request to evaluate a policy for: who, what, on which resource, and the condition keys
/// the request carries.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Request {
    /// Who sends it.
    pub principal: Principal,
    /// The action, such as `sqs:SendMessage`.
    pub action: String,
    /// The resource ARN.
    pub resource: String,
    /// Condition keys and their values (`aws:SourceArn`, `aws:SecureTransport`, ...); keys
    /// compare case-insensitively.
    pub context: Vec<(String, String)>,
}

impl Request {
    /// A request from `principal`, with `aws:SecureTransport` true and, for an IAM principal,
    /// `aws:PrincipalArn` and `aws:PrincipalAccount` set.
    pub fn new(principal: Principal, action: &str, resource: &str) -> Self {
        let mut context = vec![("aws:SecureTransport".to_owned(), "true".to_owned())];
        if let Principal::Aws(arn) = &principal {
            context.push(("aws:PrincipalArn".to_owned(), arn.clone()));
            if let Some(account) = arn.split(':').nth(4) {
                context.push(("aws:PrincipalAccount".to_owned(), account.to_owned()));
            }
        }
        Self {
            principal,
            action: action.to_owned(),
            resource: resource.to_owned(),
            context,
        }
    }

    /// A request from Amazon's SP-API principal ([`AMAZON_PRINCIPAL`]), as when it delivers a
    /// notification.
    pub fn amazon(action: &str, resource: &str) -> Self {
        Self::new(
            Principal::Aws(AMAZON_PRINCIPAL.to_owned()),
            action,
            resource,
        )
    }

    /// A request from EventBridge ([`EVENTBRIDGE_SERVICE`]) on behalf of the rule `rule_arn`
    /// (its `aws:SourceArn`, and the rule's account as `aws:SourceAccount`).
    pub fn event_bridge(action: &str, resource: &str, rule_arn: &str) -> Self {
        let mut request = Self::new(
            Principal::Service(EVENTBRIDGE_SERVICE.to_owned()),
            action,
            resource,
        );
        request = request.with_context("aws:SourceArn", rule_arn);
        if let Some(account) = rule_arn.split(':').nth(4) {
            request = request.with_context("aws:SourceAccount", account);
        }
        request
    }

    /// The same request with condition key `key` set to `value`.
    pub fn with_context(mut self, key: &str, value: &str) -> Self {
        self.context.push((key.to_owned(), value.to_owned()));
        self
    }

    fn context_values(&self, key: &str) -> Vec<&str> {
        self.context
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case(key))
            .map(|(_, value)| value.as_str())
            .collect()
    }
}

/// What a policy decides for a [`Request`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// An `Allow` statement applies and no `Deny` does.
    Allowed {
        /// The statement that allows it (its `Sid`, or `#N` by position).
        statement: String,
    },
    /// A `Deny` statement applies: nothing else matters.
    Denied {
        /// The statement that denies it.
        statement: String,
    },
    /// No statement allows it.
    NotAllowed {
        /// `Allow` statements that name the principal, action and resource but whose
        /// `Condition` does not hold for the request, with the condition that fails.
        blocked_by_condition: Vec<(String, String)>,
    },
    /// The outcome hangs on a condition this evaluator cannot decide for Amazon's request
    /// (such as a source IP range).
    Uncertain {
        /// The statement.
        statement: String,
        /// The condition it cannot decide.
        condition: String,
    },
}

impl Decision {
    /// Whether the request is allowed.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Self::Allowed { .. })
    }
}

/// The `Sid` of the statement [`amazon_statement`] writes.
pub const AMAZON_STATEMENT_SID: &str = "SpApiNotificationsSend";

/// The statement that lets Amazon's SP-API principal send to the queue `queue_arn` and read its
/// attributes, as SP-API's SQS tutorial asks.
pub fn amazon_statement(queue_arn: &str) -> serde_json::Value {
    serde_json::json!({
        "Sid": AMAZON_STATEMENT_SID,
        "Effect": "Allow",
        "Principal": { "AWS": AMAZON_PRINCIPAL },
        "Action": AMAZON_ACTIONS,
        "Resource": queue_arn,
    })
}

/// The `Sid` of the statement [`event_bridge_statement`] writes for `rule_arn`: `SpApiEventBridge`
/// and the rule's name, letters and digits only (as a `Sid` must be).
pub fn event_bridge_statement_sid(rule_arn: &str) -> String {
    let rule = rule_arn.rsplit('/').next().unwrap_or(rule_arn);
    let name: String = rule.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("SpApiEventBridge{name}")
}

/// The statement that lets EventBridge send to the queue `queue_arn` on behalf of the rule
/// `rule_arn` only.
pub fn event_bridge_statement(queue_arn: &str, rule_arn: &str) -> serde_json::Value {
    serde_json::json!({
        "Sid": event_bridge_statement_sid(rule_arn),
        "Effect": "Allow",
        "Principal": { "Service": EVENTBRIDGE_SERVICE },
        "Action": "sqs:SendMessage",
        "Resource": queue_arn,
        "Condition": { "ArnEquals": { "aws:SourceArn": rule_arn } },
    })
}
