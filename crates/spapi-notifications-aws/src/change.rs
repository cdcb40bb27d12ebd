//! What a setup or teardown step changed, so that a second run can show it changed nothing.

use std::fmt;

/// One change made in AWS or SP-API.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Change {
    /// A queue was created (its URL).
    CreatedQueue(String),
    /// A dead-letter queue was created (its URL).
    CreatedDeadLetterQueue(String),
    /// The queue's redrive policy was set (its JSON).
    SetRedrivePolicy(String),
    /// A statement was merged into the queue's access policy (its `Sid`).
    MergedPolicyStatement(String),
    /// An SP-API destination was created (its id).
    CreatedDestination(String),
    /// An event bus was created for the partner event source (its name).
    CreatedEventBus(String),
    /// A rule was created or its pattern updated (its ARN).
    PutRule(String),
    /// A target was added to the rule (its ARN).
    PutTarget(String),
    /// A subscription was deleted (its id).
    DeletedSubscription(String),
    /// An SP-API destination was deleted (its id).
    DeletedDestination(String),
    /// A target was removed from a rule (its id).
    RemovedTarget(String),
    /// A rule was deleted (its name).
    DeletedRule(String),
    /// An event bus was deleted (its name).
    DeletedEventBus(String),
    /// A statement was removed from a queue's policy (its `Sid`).
    RemovedPolicyStatement(String),
    /// A queue was deleted (its URL).
    DeletedQueue(String),
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, name) = match self {
            Self::CreatedQueue(name) => ("created queue", name),
            Self::CreatedDeadLetterQueue(name) => ("created dead-letter queue", name),
            Self::SetRedrivePolicy(name) => ("set redrive policy", name),
            Self::MergedPolicyStatement(name) => ("merged policy statement", name),
            Self::CreatedDestination(name) => ("created destination", name),
            Self::CreatedEventBus(name) => ("created event bus", name),
            Self::PutRule(name) => ("put rule", name),
            Self::PutTarget(name) => ("put target", name),
            Self::DeletedSubscription(name) => ("deleted subscription", name),
            Self::DeletedDestination(name) => ("deleted destination", name),
            Self::RemovedTarget(name) => ("removed target", name),
            Self::DeletedRule(name) => ("deleted rule", name),
            Self::DeletedEventBus(name) => ("deleted event bus", name),
            Self::RemovedPolicyStatement(name) => ("removed policy statement", name),
            Self::DeletedQueue(name) => ("deleted queue", name),
        };
        write!(f, "{what} {name}")
    }
}
