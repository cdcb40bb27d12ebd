//! The doctor's report: one entry per check.

use std::fmt;

use serde::Serialize;

/// How a check went, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Status {
    /// Nothing to do.
    Passed,
    /// It may work, or it works but is fragile: read the detail.
    Warned,
    /// Notifications cannot arrive until this is fixed.
    Failed,
}

/// What a check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CheckId {
    /// The SP-API destination exists for the queue or account.
    Destination,
    /// A subscription points to the destination.
    Subscription,
    /// The queue exists and is a standard queue.
    Queue,
    /// The queue's policy lets Amazon's principal call an action.
    QueuePolicy,
    /// SSE-KMS: whether Amazon can use the key.
    Encryption,
    /// A dead-letter queue and a redrive policy.
    DeadLetterQueue,
    /// The visibility timeout against the handler's time.
    VisibilityTimeout,
    /// The queue's region beside the SP-API endpoint's.
    Region,
    /// The partner event source exists, and its state.
    PartnerSource,
    /// The partner event source is associated with a bus.
    EventBus,
    /// A rule on the bus matches a type.
    Rule,
    /// The rule has a target that may receive from it.
    RuleTarget,
}

impl CheckId {
    /// The check's name, as in the CLI's output (`queue-policy`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Destination => "destination",
            Self::Subscription => "subscription",
            Self::Queue => "queue",
            Self::QueuePolicy => "queue-policy",
            Self::Encryption => "encryption",
            Self::DeadLetterQueue => "dead-letter-queue",
            Self::VisibilityTimeout => "visibility-timeout",
            Self::Region => "region",
            Self::PartnerSource => "partner-source",
            Self::EventBus => "event-bus",
            Self::Rule => "rule",
            Self::RuleTarget => "rule-target",
        }
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Check {
    /// What was checked.
    pub id: CheckId,
    /// How it went.
    pub status: Status,
    /// What was found.
    pub detail: String,
    /// How to fix it (for warnings and failures).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

/// Every check [`diagnose`](crate::AwsSetup::diagnose) made, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// The checks.
    pub checks: Vec<Check>,
}

impl Report {
    /// The worst status of any check (`Passed` for an empty report).
    pub fn status(&self) -> Status {
        self.checks
            .iter()
            .map(|check| check.status)
            .max()
            .unwrap_or(Status::Passed)
    }

    /// The CLI's exit code: 0 when every check passed, 1 when one warned, 2 when one failed.
    pub fn exit_code(&self) -> i32 {
        match self.status() {
            Status::Passed => 0,
            Status::Warned => 1,
            Status::Failed => 2,
        }
    }

    /// The checks with this id.
    pub fn get(&self, id: CheckId) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(move |check| check.id == id)
    }

    /// The failed and warned checks.
    pub fn problems(&self) -> impl Iterator<Item = &Check> {
        self.checks
            .iter()
            .filter(|check| check.status != Status::Passed)
    }

    pub(crate) fn pass(&mut self, id: CheckId, detail: impl Into<String>) {
        self.push(id, Status::Passed, detail.into(), None);
    }

    pub(crate) fn warn(&mut self, id: CheckId, detail: impl Into<String>, fix: impl Into<String>) {
        self.push(id, Status::Warned, detail.into(), Some(fix.into()));
    }

    pub(crate) fn fail(&mut self, id: CheckId, detail: impl Into<String>, fix: impl Into<String>) {
        self.push(id, Status::Failed, detail.into(), Some(fix.into()));
    }

    fn push(&mut self, id: CheckId, status: Status, detail: String, fix: Option<String>) {
        self.checks.push(Check {
            id,
            status,
            detail,
            fix,
        });
    }
}

impl fmt::Display for Report {
    /// One line per check: `passed queue-policy: ...`, with `fix: ...` after problems.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for check in &self.checks {
            let status = match check.status {
                Status::Passed => "passed",
                Status::Warned => "warned",
                Status::Failed => "FAILED",
            };
            write!(f, "{status} {}: {}", check.id, check.detail)?;
            if let Some(fix) = &check.fix {
                write!(f, "\n       fix: {fix}")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}
