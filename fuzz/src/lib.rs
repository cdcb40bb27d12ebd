//! The checks the fuzz targets share: every decoding entry point on the same bytes, and the
//! round trip of whatever decodes.

use spapi_notification_types::envelope::{self, UnparsedPayloads};
use spapi_notification_types::fixtures::{self, Envelope, KeyCase};
use spapi_notification_types::{Notification, Payload};

pub mod answers;
pub mod mutate;

/// Every envelope the fixtures can put a notification in.
pub const ENVELOPES: [Envelope; 7] = [
    Envelope::Bare,
    Envelope::DoubleEncoded,
    Envelope::EventBridge,
    Envelope::Sns,
    Envelope::SqsRecord,
    Envelope::SqsRecordOfEventBridge,
    Envelope::SqsMessageOfSns,
];

/// Every key casing Amazon has been seen to use.
pub const CASES: [KeyCase; 3] = [KeyCase::Camel, KeyCase::Pascal, KeyCase::AcronymsAsWords];

/// Decodes `bytes` through every public entry point. None may panic; errors must say something;
/// the entry points must agree with each other; and whatever decodes must round-trip.
pub fn decode_everywhere(bytes: &[u8]) {
    let single = envelope::decode(bytes);
    let kept = envelope::decode_with(bytes, UnparsedPayloads::Keep);
    let batch = envelope::decode_all(bytes);
    let bare = Notification::from_slice(bytes);
    let derived = serde_json::from_slice::<Notification>(bytes);

    for error in [
        single.as_ref().err(),
        kept.as_ref().err(),
        bare.as_ref().err(),
    ]
    .into_iter()
    .flatten()
    {
        assert!(!error.to_string().is_empty(), "an error that says nothing");
        let _ = format!("{error:?}");
    }
    match &single {
        Ok(received) => {
            // The fast reader and the lifting of nested text accept only what serde_json does.
            assert!(
                serde_json::from_slice::<Box<serde_json::value::RawValue>>(bytes).is_ok(),
                "decoded a document serde_json refuses"
            );
            // Keeping unparsed payloads changes nothing for a message that decodes.
            assert_eq!(
                kept.as_ref().ok(),
                Some(received),
                "decode_with(Keep) differs"
            );
            // A message decode reads is one result of decode_all.
            assert_eq!(
                batch.len(),
                1,
                "decode read one message, decode_all {}",
                batch.len()
            );
            assert_eq!(batch[0].as_ref().ok(), Some(received), "decode_all differs");
            round_trip(&received.notification);
        }
        Err(_) => {
            if let Ok(received) = &kept {
                assert!(
                    matches!(received.notification.payload, Payload::Unparsed { .. }),
                    "decode refused what decode_with(Keep) read with a typed payload"
                );
                write_back_kept(&received.notification);
            }
        }
    }
    if let Ok(notification) = &bare {
        let received = single
            .as_ref()
            .expect("from_slice read a notification that envelope::decode refused");
        assert!(received.delivery.is_bare(), "from_slice read an envelope");
        assert_eq!(
            &received.notification, notification,
            "from_slice and decode differ"
        );
    }
    // serde's entry point reads as from_slice does, except that from_slice refuses invalid
    // UTF-8 anywhere while serde_json skips an unknown key's value unchecked.
    if std::str::from_utf8(bytes).is_ok() {
        assert_eq!(
            derived.as_ref().ok(),
            bare.as_ref().ok(),
            "Deserialize and from_slice differ"
        );
    }
}

/// `decode(encode(n)) == n`, encoding is stable, and so is decoding what was written in every
/// casing and every envelope.
pub fn round_trip(notification: &Notification) {
    let written = serde_json::to_string(notification).expect("a decoded notification writes");
    let again = Notification::from_slice(written.as_bytes())
        .unwrap_or_else(|error| panic!("what was written does not decode: {error}\n{written}"));
    assert_eq!(&again, notification, "written as {written}");
    let rewritten = serde_json::to_string(&again).expect("writes");
    assert_eq!(rewritten, written, "writing is not stable");

    for envelope in ENVELOPES {
        let wrapped = fixtures::wrap(&written, envelope);
        let received = envelope::decode(wrapped.as_bytes())
            .unwrap_or_else(|error| panic!("{envelope:?} refused: {error}\n{wrapped}"));
        assert_eq!(
            &received.notification, notification,
            "in {envelope:?}: {wrapped}"
        );
    }
    // A payload of an unknown type is kept as received: recasing it changes what was received.
    if !matches!(notification.payload, Payload::Unknown { .. }) {
        for case in CASES {
            let recased = fixtures::recase(&written, case);
            let decoded = Notification::from_slice(recased.as_bytes())
                .unwrap_or_else(|error| panic!("{case:?} refused: {error}\n{recased}"));
            assert_eq!(&decoded, notification, "in {case:?}: {recased}");
        }
    }
}

/// A notification kept with its payload unparsed writes, and what it wrote reads back.
fn write_back_kept(notification: &Notification) {
    let written = serde_json::to_string(notification).expect("a kept notification writes");
    let again = envelope::decode_with(written.as_bytes(), UnparsedPayloads::Keep)
        .unwrap_or_else(|error| panic!("a kept notification written back: {error}\n{written}"));
    assert_eq!(
        again.notification.notification_type, notification.notification_type,
        "written as {written}"
    );
}
