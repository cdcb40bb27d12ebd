//! `Condition` operators, evaluated for one request.

use super::{Request, pattern};

/// Whether a condition holds for a request.
pub(super) enum Outcome {
    Holds,
    Fails,
    /// It depends on something the request does not say (Amazon's source IP, say).
    Unknown,
}

/// Keys every request has but whose value this evaluator cannot know for Amazon's requests.
const UNKNOWABLE_KEYS: &[&str] = &[
    "aws:SourceIp",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:UserAgent",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalTag",
    "aws:RequestedRegion",
];

/// Evaluates `operator` (`StringEquals`, `ArnLike`, `BoolIfExists`, `ForAnyValue:StringLike`
/// ...) on `key` against `values` (any of which may match).
pub(super) fn evaluate(operator: &str, key: &str, values: &[String], request: &Request) -> Outcome {
    let operator = operator
        .strip_prefix("ForAnyValue:")
        .or_else(|| operator.strip_prefix("ForAllValues:"))
        .unwrap_or(operator);
    let (base, if_exists) = match operator.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (operator, false),
    };
    let present = request.context_values(key);
    if base == "Null" {
        let wants_absent = values
            .iter()
            .any(|value| value.eq_ignore_ascii_case("true"));
        return holds(present.is_empty() == wants_absent);
    }
    let negated = base.contains("Not");
    if present.is_empty() {
        let unknowable = UNKNOWABLE_KEYS.iter().any(|unknowable| {
            key.to_ascii_lowercase()
                .starts_with(&unknowable.to_ascii_lowercase())
        });
        if unknowable {
            return Outcome::Unknown;
        }
        // A key the request does not carry: negated operators and `...IfExists` hold.
        return holds(if_exists || negated);
    }
    let compare: fn(&str, &str) -> bool = match base {
        "StringEquals" | "StringNotEquals" | "ArnEquals" | "ArnNotEquals" => {
            |want, have| want == have
        }
        "StringEqualsIgnoreCase" | "StringNotEqualsIgnoreCase" => {
            |want, have| want.eq_ignore_ascii_case(have)
        }
        "StringLike" | "StringNotLike" | "ArnLike" | "ArnNotLike" => {
            |want, have| pattern::matches(want, have, false)
        }
        "Bool" => |want, have| want.eq_ignore_ascii_case(have),
        // Numbers, dates, IP ranges and binaries: not needed for the keys Amazon sends.
        _ => return Outcome::Unknown,
    };
    let any = present
        .iter()
        .any(|have| values.iter().any(|want| compare(want, have)));
    holds(any != negated)
}

fn holds(condition: bool) -> Outcome {
    if condition {
        Outcome::Holds
    } else {
        Outcome::Fails
    }
}
