//! Helpers that generate test variants of the fixtures and compare JSON with key paths.
#![allow(dead_code, unreachable_pub, missing_docs)]

use std::fmt::Write as _;

use chrono::DateTime;
use serde_json::{Map, Value};
use spapi_notification_types::DecodeError;
use spapi_notification_types::envelope::SqsDelivery;

/// The SQS message a failed decoding came from; panics when the error has none.
#[track_caller]
pub fn sqs_of(error: &DecodeError) -> &SqsDelivery {
    error
        .delivery()
        .and_then(|delivery| delivery.sqs.as_ref())
        .expect("the error keeps the SQS message")
}

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A path written the way `DecodeError::path` writes it: `Payload.Offers[0].SellerId`.
pub fn path_text(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) if out.is_empty() => out.push_str(key),
            Step::Key(key) => write!(out, ".{key}").unwrap(),
            Step::Index(index) => write!(out, "[{index}]").unwrap(),
        }
    }
    if out.is_empty() { ".".to_owned() } else { out }
}

pub fn parse(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or_else(|error| panic!("test JSON is valid: {error}"))
}

/// Every scalar (string, number, boolean) in `value`, with its path.
pub fn leaves(value: &Value) -> Vec<(Vec<Step>, Value)> {
    fn walk(value: &Value, path: &mut Vec<Step>, out: &mut Vec<(Vec<Step>, Value)>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    path.push(Step::Key(key.clone()));
                    walk(child, path, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    path.push(Step::Index(index));
                    walk(child, path, out);
                    path.pop();
                }
            }
            Value::Null => {}
            scalar => out.push((path.clone(), scalar.clone())),
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

/// The value at `path`, if there is one.
pub fn get<'a>(value: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(value, |value, step| match step {
        Step::Key(key) => value.get(key),
        Step::Index(index) => value.get(index),
    })
}

/// The value at `path`, mutably, if there is one.
pub fn get_mut<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |value, step| match step {
        Step::Key(key) => value.get_mut(key),
        Step::Index(index) => value.get_mut(index),
    })
}

/// Replaces the value at `path`.
pub fn set(value: &mut Value, path: &[Step], new: Value) {
    let slot = path.iter().fold(value, |value, step| match step {
        Step::Key(key) => &mut value[key.as_str()],
        Step::Index(index) => &mut value[*index],
    });
    *slot = new;
}

/// Adds an unknown key, holding nested data, to every object at every level.
pub fn with_unknown_fields(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out: Map<String, Value> = map
                .iter()
                .map(|(k, v)| (k.clone(), with_unknown_fields(v)))
                .collect();
            out.insert(
                "zzFutureField".to_owned(),
                serde_json::json!({"nested": [1, "two", {"three": null}], "Amount": "not money"}),
            );
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(with_unknown_fields).collect()),
        scalar => scalar.clone(),
    }
}

/// Asserts that two JSON values mean the same notification, naming the first differing path.
///
/// Absent, `null` and `[]` are the same (optional fields are written only when present, lists
/// always); numbers compare by value (`10.0` is `10`); timestamps compare by instant
/// (`…:56Z` is `…:56.000Z`).
pub fn assert_same_json(actual: &Value, expected: &Value, context: &str) {
    if let Err(message) = same(actual, expected, &mut Vec::new()) {
        panic!("{context}: {message}\n  actual:   {actual}\n  expected: {expected}");
    }
}

fn empty(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::Array(items)) => items.is_empty(),
        Some(_) => false,
    }
}

fn same(actual: &Value, expected: &Value, path: &mut Vec<Step>) -> Result<(), String> {
    let differ = |path: &[Step]| {
        Err(format!(
            "differ at `{}`: {actual} != {expected}",
            path_text(path)
        ))
    };
    match (actual, expected) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let (x, y) = (a.get(key), b.get(key));
                path.push(Step::Key(key.clone()));
                if !(empty(x) && empty(y)) {
                    match (x, y) {
                        (Some(x), Some(y)) => same(x, y, path)?,
                        (None, _) => {
                            return Err(format!("missing from the output: `{}`", path_text(path)));
                        }
                        (_, None) => {
                            return Err(format!("not in the input: `{}`", path_text(path)));
                        }
                    }
                }
                path.pop();
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Err(format!(
                    "`{}` has {} items, expected {}",
                    path_text(path),
                    a.len(),
                    b.len()
                ));
            }
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                path.push(Step::Index(index));
                same(x, y, path)?;
                path.pop();
            }
            Ok(())
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => Ok(()),
        (Value::String(a), Value::String(b)) if a == b || same_instant(a, b) => Ok(()),
        (a, b) if a == b => Ok(()),
        _ => differ(path),
    }
}

fn same_instant(a: &str, b: &str) -> bool {
    matches!((DateTime::parse_from_rfc3339(a), DateTime::parse_from_rfc3339(b)), (Ok(x), Ok(y)) if x == y)
}

/// Whether a string reads as a timestamp (the one kind of string field that cannot hold any text).
pub fn is_timestamp(text: &str) -> bool {
    DateTime::parse_from_rfc3339(text).is_ok()
}
