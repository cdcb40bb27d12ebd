//! Mutations of real notifications in JSON space: the edits Amazon's deliveries differ by
//! (value types, dropped keys, key casing, unknown keys, nested envelopes), described by
//! `arbitrary` so that libFuzzer's byte mutations become JSON edits.

use arbitrary::Arbitrary;
use serde_json::{Map, Number, Value};
use spapi_notification_types::fixtures::{self, Envelope, KeyCase};

use crate::{CASES, ENVELOPES};

/// A fixture, recased, edited and wrapped.
#[derive(Arbitrary, Debug)]
pub struct Plan {
    fixture: u8,
    case: Option<u8>,
    edits: Vec<Edit>,
    envelopes: Vec<u8>,
}

/// One edit at the node a path of child choices leads to.
#[derive(Arbitrary, Debug)]
enum Edit {
    /// The value replaced by one of another type.
    Retype(Vec<u8>, NewValue),
    /// The key dropped.
    Drop(Vec<u8>),
    /// The key's casing changed (`0` lower, `1` upper, else the first letter swapped).
    SwapCase(Vec<u8>, u8),
    /// An unknown key added to the object.
    AddKey(Vec<u8>, String, NewValue),
    /// The value put in a delivery envelope (an envelope inside the notification).
    Nest(Vec<u8>, u8),
    /// The key written twice, in two casings.
    Duplicate(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
enum NewValue {
    Null,
    Bool(bool),
    Int(i64),
    Unsigned(u64),
    Float(f64),
    /// Digits past what `i64`/`f64` hold, as a number or a numeric string.
    Digits(u32, u32, bool),
    Str(String),
    Array(Vec<NewValue>),
    Object(Vec<(String, NewValue)>),
}

impl NewValue {
    fn into_value(self, depth: u8) -> Value {
        match self {
            Self::Null => Value::Null,
            Self::Bool(b) => Value::Bool(b),
            Self::Int(i) => i.into(),
            Self::Unsigned(u) => u.into(),
            Self::Float(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
            Self::Digits(high, low, quoted) => {
                let text = format!("{high}{low:09}{low:09}{high}.{low}");
                if quoted {
                    Value::String(text)
                } else {
                    serde_json::from_str(&text).unwrap_or(Value::Null)
                }
            }
            Self::Str(s) => Value::String(s),
            Self::Array(items) if depth < 4 => {
                items.into_iter().map(|v| v.into_value(depth + 1)).collect()
            }
            Self::Object(entries) if depth < 4 => Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, v.into_value(depth + 1)))
                    .collect(),
            ),
            Self::Array(_) | Self::Object(_) => Value::Null,
        }
    }
}

fn envelope(choice: u8) -> Envelope {
    ENVELOPES[usize::from(choice) % ENVELOPES.len()]
}

fn case(choice: u8) -> KeyCase {
    CASES[usize::from(choice) % CASES.len()]
}

impl Plan {
    /// The message this plan describes: valid JSON, though not necessarily a notification.
    pub fn message(self) -> String {
        let all = fixtures::all();
        let fixture = &all[usize::from(self.fixture) % all.len()];
        let json = match self.case {
            Some(choice) => fixtures::recase(fixture.json, case(choice)),
            None => fixture.json.to_owned(),
        };
        let mut document: Value = serde_json::from_str(&json).expect("fixtures are JSON");
        for edit in self.edits.into_iter().take(16) {
            edit.apply(&mut document);
        }
        let mut message = document.to_string();
        for choice in self.envelopes.into_iter().take(4) {
            message = fixtures::wrap(&message, envelope(choice));
        }
        message
    }
}

impl Edit {
    fn apply(self, document: &mut Value) {
        match self {
            Self::Retype(path, value) => *node(document, &path) = value.into_value(0),
            Self::Nest(path, choice) => {
                let target = node(document, &path);
                let wrapped = fixtures::wrap(&target.to_string(), envelope(choice));
                *target = serde_json::from_str(&wrapped).expect("wrap writes JSON");
            }
            Self::Drop(path) => {
                if let Some((object, key)) = entry(document, &path) {
                    object.remove(&key);
                }
            }
            Self::SwapCase(path, how) => {
                if let Some((object, key)) = entry(document, &path) {
                    let renamed = match how {
                        0 => key.to_ascii_lowercase(),
                        1 => key.to_ascii_uppercase(),
                        _ => swap_first(&key),
                    };
                    if let Some(value) = object.remove(&key) {
                        object.insert(renamed, value);
                    }
                }
            }
            Self::Duplicate(path) => {
                if let Some((object, key)) = entry(document, &path) {
                    let value = object[&key].clone();
                    object.insert(swap_first(&key), value);
                }
            }
            Self::AddKey(path, key, value) => {
                if let Value::Object(object) = node(document, &path) {
                    object.insert(key, value.into_value(0));
                }
            }
        }
    }
}

fn swap_first(key: &str) -> String {
    let mut chars = key.chars();
    match chars.next() {
        Some(first) if first.is_ascii_uppercase() => {
            first.to_ascii_lowercase().to_string() + chars.as_str()
        }
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// The node `path` leads to: each step picks a child of an object or array, modulo its length.
fn node<'a>(value: &'a mut Value, path: &[u8]) -> &'a mut Value {
    let Some((&step, rest)) = path.split_first() else {
        return value;
    };
    let has_children = match &*value {
        Value::Object(object) => !object.is_empty(),
        Value::Array(items) => !items.is_empty(),
        _ => false,
    };
    if !has_children {
        return value;
    }
    let child = match value {
        Value::Object(object) => {
            let index = usize::from(step) % object.len();
            object.values_mut().nth(index).expect("index below len")
        }
        Value::Array(items) => {
            let index = usize::from(step) % items.len();
            &mut items[index]
        }
        _ => unreachable!("checked above"),
    };
    node(child, rest)
}

/// The object holding the node `path` leads to, and its key: the last step names the key.
fn entry<'a>(document: &'a mut Value, path: &[u8]) -> Option<(&'a mut Map<String, Value>, String)> {
    let (last, parent) = path.split_last()?;
    let Value::Object(object) = node(document, parent) else {
        return None;
    };
    let key = object
        .keys()
        .nth(usize::from(*last) % object.len().max(1))?
        .clone();
    Some((object, key))
}
