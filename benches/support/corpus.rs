//! What the decode benchmarks read, and the contenders that read it: every fixture of the crate
//! (a notification of every type) in both key casings (camelCase and PascalCase), compact as
//! Amazon sends them, bare and in every delivery envelope.
//!
//! Included by `decode.rs` and `decode_allocations.rs` with `#[path]`, not through `support`,
//! which `consumer.rs` shares and would see as unused.

use std::hint::black_box;

use serde::de::IgnoredAny;
use serde_json::Value;
use spapi_notifications::types::fixtures::{self, Envelope, KeyCase};
use spapi_notifications::types::{Notification, Payload, envelope};

/// One set of documents that decode the same way.
pub(crate) struct Corpus {
    pub(crate) name: &'static str,
    pub(crate) docs: Vec<Vec<u8>>,
    /// How many notifications the documents hold (a Lambda batch holds many).
    pub(crate) notifications: usize,
    /// Whether a document is a Lambda SQS batch, read with `decode_all`.
    batch: bool,
    /// How many times `Value`'s throughput typed decoding must reach.
    pub(crate) target: f64,
}

impl Corpus {
    pub(crate) fn bytes(&self) -> u64 {
        self.docs.iter().map(|doc| doc.len() as u64).sum()
    }
}

/// Every fixture in both casings, compact.
fn bare_notifications() -> Vec<String> {
    let mut docs = Vec::new();
    for case in [KeyCase::Camel, KeyCase::Pascal] {
        docs.extend(
            fixtures::all()
                .iter()
                .map(|fixture| fixtures::recase(fixture.json, case)),
        );
    }
    docs
}

/// The bare SQS bodies first, then every envelope.
pub(crate) fn corpora() -> Vec<Corpus> {
    let bare = bare_notifications();
    let single = |name, envelope| Corpus {
        name,
        docs: bare
            .iter()
            .map(|json| fixtures::wrap(json, envelope).into_bytes())
            .collect(),
        notifications: bare.len(),
        batch: false,
        target: 1.5,
    };
    let mut corpora = vec![
        Corpus {
            target: 2.0,
            ..single("bare SQS body", Envelope::Bare)
        },
        single("EventBridge event", Envelope::EventBridge),
        single("SNS message", Envelope::Sns),
        single("double-encoded SQS body", Envelope::DoubleEncoded),
        single(
            "Lambda SQS record of EventBridge",
            Envelope::SqsRecordOfEventBridge,
        ),
        single("SQS message of SNS", Envelope::SqsMessageOfSns),
    ];
    // Lambda's default batch size for SQS is 10 messages.
    let bodies: Vec<&str> = bare.iter().map(String::as_str).collect();
    corpora.push(Corpus {
        name: "Lambda SQS batch (decode_all)",
        docs: bodies
            .chunks(10)
            .map(|chunk| fixtures::lambda_sqs_event(chunk).into_bytes())
            .collect(),
        notifications: bare.len(),
        batch: true,
        target: 1.5,
    });
    corpora
}

/// Typed decoding: `envelope::decode`, or `decode_all` for a batch.
pub(crate) fn typed(corpus: &Corpus) {
    if corpus.batch {
        for doc in &corpus.docs {
            for received in envelope::decode_all(doc) {
                black_box(received.unwrap());
            }
        }
    } else {
        for doc in &corpus.docs {
            black_box(envelope::decode(doc).unwrap());
        }
    }
}

/// `Notification::from_slice`, for bare bodies.
pub(crate) fn from_slice(corpus: &Corpus) {
    for doc in &corpus.docs {
        black_box(Notification::<Payload>::from_slice(doc).unwrap());
    }
}

/// The same typed decoding read by serde_json's reader (serde's `Deserialize`), for bare
/// bodies: what decoding was before it had a reader of its own.
pub(crate) fn through_serde_json(corpus: &Corpus) {
    for doc in &corpus.docs {
        black_box(serde_json::from_slice::<Notification<Payload>>(doc).unwrap());
    }
}

/// `Value`, parsing the JSON text inside envelopes too.
pub(crate) fn value(corpus: &Corpus) {
    for doc in &corpus.docs {
        let mut value: Value = serde_json::from_slice(doc).unwrap();
        parse_nested(&mut value);
        black_box(value);
    }
}

/// `IgnoredAny`: only checks that the JSON is well-formed.
pub(crate) fn ignored_any(corpus: &Corpus) {
    for doc in &corpus.docs {
        black_box(serde_json::from_slice::<IgnoredAny>(doc).unwrap());
    }
}

/// Parses the JSON text that envelopes carry: a double-encoded document, an SNS `Message`, an
/// SQS `body`/`Body`, and the same inside each record of a batch.
fn parse_nested(value: &mut Value) {
    match value {
        Value::String(text) => {
            *value = serde_json::from_str(text).unwrap();
            parse_nested(value);
        }
        Value::Object(object) => {
            for key in ["Message", "body", "Body"] {
                if let Some(inner @ Value::String(_)) = object.get_mut(key) {
                    parse_nested(inner);
                }
            }
            for key in ["Records", "Messages"] {
                if let Some(Value::Array(records)) = object.get_mut(key) {
                    records.iter_mut().for_each(parse_nested);
                }
            }
        }
        _ => {}
    }
}
