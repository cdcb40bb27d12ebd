//! `decode(encode(x)) == x` for generated notifications of every type, written back and read in
//! every key casing and every delivery envelope.
//!
//! A notification is generated from a fixture of its type with every scalar replaced by a
//! generated one of the same kind (text, timestamp, numeric text, integer, decimal, boolean),
//! so every type's payload struct is exercised with values nobody wrote by hand.

use chrono::{DateTime, SecondsFormat};
use proptest::prelude::*;
use serde_json::Value;
use spapi_notification_types::fixtures::{self, Envelope, KeyCase};
use spapi_notification_types::{Notification, Payload, envelope};

use crate::support::{Step, is_timestamp, leaves, parse, set};

const CASES: [KeyCase; 3] = [KeyCase::Camel, KeyCase::Pascal, KeyCase::AcronymsAsWords];
const ENVELOPES: [Envelope; 7] = [
    Envelope::Bare,
    Envelope::DoubleEncoded,
    Envelope::EventBridge,
    Envelope::Sns,
    Envelope::SqsRecord,
    Envelope::SqsRecordOfEventBridge,
    Envelope::SqsMessageOfSns,
];
/// The keys that say what a notification is: generated values there make another notification.
const IDENTITY: [&str; 3] = ["notificationType", "notificationVersion", "payloadVersion"];

/// The ingredients of one generated scalar; each leaf uses those of its own kind.
#[derive(Debug, Clone)]
struct Leaf {
    text: String,
    millis: i64,
    integer: u32,
    cents: i64,
    flag: bool,
}

fn leaf() -> impl Strategy<Value = Leaf> {
    (
        // Text of any kind, quotes, backslashes and non-ASCII included.
        "[ -~\u{e9}\u{4e2d}\u{1f600}\"\\\\]{0,16}",
        // Years 1970 to 9999, to the millisecond.
        0i64..253_402_300_799_999,
        any::<u32>(),
        any::<i64>(),
        any::<bool>(),
    )
        .prop_map(|(text, millis, integer, cents, flag)| Leaf {
            text,
            millis,
            integer,
            cents,
            flag,
        })
}

fn decimal(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}{}.{:02}", cents / 100, cents % 100)
}

/// A value of the same kind as `old`, made from `leaf`.
fn generated(old: &Value, leaf: &Leaf) -> Value {
    match old {
        Value::String(text) if is_timestamp(text) => {
            let time = DateTime::from_timestamp_millis(leaf.millis).expect("in range");
            Value::String(time.to_rfc3339_opts(SecondsFormat::Millis, true))
        }
        Value::String(text) if text.parse::<f64>().is_ok() => Value::String(decimal(leaf.cents)),
        Value::String(_) => Value::String(leaf.text.clone()),
        Value::Number(number) if number.is_u64() || number.is_i64() => leaf.integer.into(),
        Value::Number(_) => parse(&decimal(leaf.cents)),
        Value::Bool(_) => Value::Bool(leaf.flag),
        other => other.clone(),
    }
}

/// The fixture `index` (modulo their number) with its scalars generated from `leaves_in`.
fn notification_json(index: usize, leaves_in: &[Leaf]) -> String {
    let all = fixtures::all();
    let fixture = &all[index % all.len()];
    let mut document = parse(fixture.json);
    for (position, (path, old)) in leaves(&document).into_iter().enumerate() {
        let identity = matches!(path.as_slice(), [Step::Key(key)]
            if IDENTITY.iter().any(|name| name.eq_ignore_ascii_case(key)));
        if !identity {
            set(
                &mut document,
                &path,
                generated(&old, &leaves_in[position % leaves_in.len()]),
            );
        }
    }
    document.to_string()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_type_reads_back_what_it_writes_in_every_casing_and_envelope(
        index in any::<usize>(),
        leaves_in in prop::collection::vec(leaf(), 1..24),
    ) {
        let json = notification_json(index, &leaves_in);
        // A generated value a field refuses (a decimal past 28 digits, say) is not this
        // property's business; the shrinker reports it if nearly every case is refused.
        let Ok(x) = Notification::from_slice(json.as_bytes()) else {
            return Err(TestCaseError::reject("the generated value is refused"));
        };
        let written = serde_json::to_string(&x).unwrap();
        // A payload of a type without a struct is kept as received: recasing it changes it.
        let cases: &[KeyCase] = if matches!(x.payload, Payload::Unknown { .. }) { &[] } else { &CASES };
        for recased in std::iter::once(written.clone()).chain(cases.iter().map(|&case| fixtures::recase(&written, case))) {
            for shape in ENVELOPES {
                let delivered = fixtures::wrap(&recased, shape);
                let received = envelope::decode(delivered.as_bytes())
                    .unwrap_or_else(|error| panic!("{shape:?}: {error}\n{delivered}"));
                prop_assert_eq!(&received.notification, &x, "{:?}: {}", shape, delivered);
            }
        }
    }
}

/// Nearly every generated notification decodes: the property above is about round trips, not
/// about rejected cases.
#[test]
fn generated_notifications_of_every_fixture_decode() {
    let leaf = Leaf {
        text: "x\"\u{e9}".into(),
        millis: 1,
        integer: 7,
        cents: -1234,
        flag: true,
    };
    let refused: Vec<_> = (0..fixtures::all().len())
        .filter(|&index| {
            Notification::<Payload>::from_slice(
                notification_json(index, std::slice::from_ref(&leaf)).as_bytes(),
            )
            .is_err()
        })
        .map(|index| fixtures::all()[index].name)
        .collect();
    assert!(refused.is_empty(), "refused: {refused:?}");
}
