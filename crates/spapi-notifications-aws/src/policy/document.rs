//! A policy document and its statements, read from JSON and written back with every statement
//! as it was.

use serde_json::{Map, Value};

use super::condition::{self, Outcome};
use super::{Decision, Principal, Request, pattern};
use crate::Error;

/// A resource policy: its JSON, and its statements parsed for evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyDocument {
    raw: Map<String, Value>,
    statements: Vec<Statement>,
}

/// One statement of a [`PolicyDocument`].
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    raw: Value,
    name: String,
    sid: Option<String>,
    deny: bool,
    principal: Option<Principals>,
    not_principal: Option<Principals>,
    action: Option<Vec<String>>,
    not_action: Option<Vec<String>>,
    resource: Option<Vec<String>>,
    not_resource: Option<Vec<String>>,
    condition: Vec<(String, String, Vec<String>)>,
}

/// A `Principal` (or `NotPrincipal`) element.
#[derive(Debug, Clone, PartialEq)]
enum Principals {
    /// `"*"`, or `{"AWS": "*"}`: everyone.
    Anyone,
    Listed {
        aws: Vec<String>,
        service: Vec<String>,
    },
}

/// Whether a statement applies to a request.
enum Applies {
    No,
    Yes,
    ConditionFails(String),
    ConditionUnknown(String),
}

impl PolicyDocument {
    /// Reads a policy document (the `Policy` attribute of a queue).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] for JSON that is not an object, or statements without a valid
    /// `Effect`.
    pub fn parse(json: &str) -> Result<Self, Error> {
        let value: Value = serde_json::from_str(json).map_err(|error| Error::InvalidPolicy {
            problem: format!("not JSON: {error}"),
        })?;
        let Value::Object(raw) = value else {
            return Err(invalid("a policy is a JSON object"));
        };
        let statements = match raw.get("Statement") {
            None => Vec::new(),
            Some(Value::Array(statements)) => statements.clone(),
            Some(statement @ Value::Object(_)) => vec![statement.clone()],
            Some(_) => return Err(invalid("`Statement` is neither an object nor an array")),
        };
        let statements = statements
            .into_iter()
            .enumerate()
            .map(|(index, statement)| Statement::parse(index, statement))
            .collect::<Result<_, _>>()?;
        Ok(Self { raw, statements })
    }

    /// A policy with no statement (`Version` 2012-10-17).
    pub fn empty() -> Self {
        let mut raw = Map::new();
        raw.insert("Version".to_owned(), "2012-10-17".into());
        raw.insert("Statement".to_owned(), Value::Array(Vec::new()));
        Self {
            raw,
            statements: Vec::new(),
        }
    }

    /// The statements, in order.
    pub fn statements(&self) -> &[Statement] {
        &self.statements
    }

    /// Adds `statement`, or replaces the statement with the same `Sid`; every other statement
    /// is kept as it was.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] when `statement` is not a valid statement.
    pub fn put_statement(&mut self, statement: Value) -> Result<(), Error> {
        let parsed = Statement::parse(self.statements.len(), statement)?;
        match self
            .statements
            .iter()
            .position(|existing| existing.sid.is_some() && existing.sid == parsed.sid)
        {
            Some(index) => {
                self.statements[index] = Statement {
                    name: self.statements[index].name.clone(),
                    ..parsed
                };
            }
            None => self.statements.push(parsed),
        }
        self.sync();
        Ok(())
    }

    /// Removes the statements with this `Sid`; whether any was there.
    pub fn remove_statement(&mut self, sid: &str) -> bool {
        let before = self.statements.len();
        self.statements
            .retain(|statement| statement.sid.as_deref() != Some(sid));
        self.sync();
        before != self.statements.len()
    }

    fn sync(&mut self) {
        let statements = self.statements.iter().map(|s| s.raw.clone()).collect();
        self.raw
            .entry("Version")
            .or_insert_with(|| "2012-10-17".into());
        self.raw
            .insert("Statement".to_owned(), Value::Array(statements));
    }

    /// The policy as JSON, as SQS's `Policy` attribute takes it.
    pub fn to_json(&self) -> String {
        Value::Object(self.raw.clone()).to_string()
    }

    /// What this policy decides for `request`: an applying `Deny` wins over everything, then an
    /// applying `Allow`; without either, nobody is allowed.
    pub fn evaluate(&self, request: &Request) -> Decision {
        let mut allowed = None;
        let mut uncertain_allow = None;
        let mut blocked_by_condition = Vec::new();
        for statement in &self.statements {
            match (statement.deny, statement.applies(request)) {
                (_, Applies::No) => {}
                (true, Applies::Yes) => {
                    return Decision::Denied {
                        statement: statement.name.clone(),
                    };
                }
                (true, Applies::ConditionUnknown(condition)) => {
                    return Decision::Uncertain {
                        statement: statement.name.clone(),
                        condition,
                    };
                }
                (true, Applies::ConditionFails(_)) => {}
                (false, Applies::Yes) => {
                    allowed.get_or_insert_with(|| statement.name.clone());
                }
                (false, Applies::ConditionFails(condition)) => {
                    blocked_by_condition.push((statement.name.clone(), condition));
                }
                (false, Applies::ConditionUnknown(condition)) => {
                    uncertain_allow.get_or_insert((statement.name.clone(), condition));
                }
            }
        }
        match (allowed, uncertain_allow) {
            (Some(statement), _) => Decision::Allowed { statement },
            (None, Some((statement, condition))) => Decision::Uncertain {
                statement,
                condition,
            },
            (None, None) => Decision::NotAllowed {
                blocked_by_condition,
            },
        }
    }
}

impl Default for PolicyDocument {
    fn default() -> Self {
        Self::empty()
    }
}

impl Statement {
    fn parse(index: usize, raw: Value) -> Result<Self, Error> {
        let Value::Object(fields) = &raw else {
            return Err(invalid(format!(
                "statement #{} is not an object",
                index + 1
            )));
        };
        let sid = fields.get("Sid").and_then(Value::as_str).map(str::to_owned);
        let name = sid.clone().unwrap_or_else(|| format!("#{}", index + 1));
        let deny = match fields.get("Effect").and_then(Value::as_str) {
            Some("Allow") => false,
            Some("Deny") => true,
            _ => {
                return Err(invalid(format!(
                    "statement {name} has no `Effect` of Allow or Deny"
                )));
            }
        };
        let mut condition = Vec::new();
        if let Some(Value::Object(operators)) = fields.get("Condition") {
            for (operator, keys) in operators {
                let Value::Object(keys) = keys else {
                    return Err(invalid(format!(
                        "statement {name}: condition {operator} is not an object"
                    )));
                };
                for (key, values) in keys {
                    condition.push((operator.clone(), key.clone(), strings(values)));
                }
            }
        }
        Ok(Self {
            name,
            sid,
            deny,
            principal: fields.get("Principal").map(Principals::parse),
            not_principal: fields.get("NotPrincipal").map(Principals::parse),
            action: fields.get("Action").map(strings),
            not_action: fields.get("NotAction").map(strings),
            resource: fields.get("Resource").map(strings),
            not_resource: fields.get("NotResource").map(strings),
            condition,
            raw,
        })
    }

    /// The statement's `Sid`, if it has one.
    pub fn sid(&self) -> Option<&str> {
        self.sid.as_deref()
    }

    /// Its `Sid`, or `#N` (its position, from 1) without one.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether its `Effect` is `Deny`.
    pub fn is_deny(&self) -> bool {
        self.deny
    }

    /// The statement's JSON, as it is in the document.
    pub fn json(&self) -> &Value {
        &self.raw
    }

    fn applies(&self, request: &Request) -> Applies {
        let principal = match (&self.principal, &self.not_principal) {
            (Some(principals), _) => principals.matches(&request.principal),
            (None, Some(principals)) => !principals.matches(&request.principal),
            (None, None) => false,
        };
        let action = listed(&self.action, &self.not_action, false, |pattern| {
            pattern::matches(pattern, &request.action, true)
        });
        // A queue policy's statements are about that queue: no `Resource` means this one.
        let resource = self.resource.is_none() && self.not_resource.is_none()
            || listed(&self.resource, &self.not_resource, false, |pattern| {
                pattern::matches(pattern, &request.resource, false)
            });
        if !(principal && action && resource) {
            return Applies::No;
        }
        for (operator, key, values) in &self.condition {
            let described = || format!("{operator} {key} {values:?}");
            match condition::evaluate(operator, key, values, request) {
                Outcome::Holds => {}
                Outcome::Fails => return Applies::ConditionFails(described()),
                Outcome::Unknown => return Applies::ConditionUnknown(described()),
            }
        }
        Applies::Yes
    }
}

impl Principals {
    fn parse(value: &Value) -> Self {
        match value {
            Value::String(star) if star == "*" => Self::Anyone,
            Value::Object(kinds) => {
                let aws = kinds.get("AWS").map(strings).unwrap_or_default();
                if aws.iter().any(|principal| principal == "*") {
                    return Self::Anyone;
                }
                let service = kinds.get("Service").map(strings).unwrap_or_default();
                Self::Listed { aws, service }
            }
            _ => Self::Listed {
                aws: Vec::new(),
                service: Vec::new(),
            },
        }
    }

    fn matches(&self, principal: &Principal) -> bool {
        match (self, principal) {
            (Self::Anyone, _) => true,
            (Self::Listed { aws, .. }, Principal::Aws(arn)) => {
                aws.iter().any(|listed| aws_principal_matches(listed, arn))
            }
            (Self::Listed { service, .. }, Principal::Service(name)) => service
                .iter()
                .any(|listed| listed.eq_ignore_ascii_case(name)),
        }
    }
}

/// An account id, or its root ARN, stands for the whole account; any other ARN for itself.
fn aws_principal_matches(listed: &str, arn: &str) -> bool {
    let account_of = |arn: &str| arn.split(':').nth(4).map(str::to_owned);
    let listed_account = if listed.len() == 12 && listed.bytes().all(|b| b.is_ascii_digit()) {
        Some(listed.to_owned())
    } else if listed.starts_with("arn:") && listed.ends_with(":root") {
        account_of(listed)
    } else {
        None
    };
    match listed_account {
        Some(account) => account_of(arn).as_deref() == Some(account.as_str()),
        None => listed == arn,
    }
}

/// An element that lists patterns (`Action`) or their complement (`NotAction`).
fn listed(
    positive: &Option<Vec<String>>,
    negative: &Option<Vec<String>>,
    when_absent: bool,
    matches: impl Fn(&str) -> bool,
) -> bool {
    match (positive, negative) {
        (Some(patterns), _) => patterns.iter().any(|p| matches(p)),
        (None, Some(patterns)) => !patterns.iter().any(|p| matches(p)),
        (None, None) => when_absent,
    }
}

/// A string, number or boolean, or an array of them, as strings.
pub(super) fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::Array(values) => values.iter().flat_map(strings).collect(),
        Value::String(value) => vec![value.clone()],
        Value::Null => Vec::new(),
        other => vec![other.to_string()],
    }
}

fn invalid(problem: impl Into<String>) -> Error {
    Error::InvalidPolicy {
        problem: problem.into(),
    }
}
