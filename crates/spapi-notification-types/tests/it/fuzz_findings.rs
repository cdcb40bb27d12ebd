//! The inputs the fuzz targets (`fuzz/`) found, kept as tests; each input is also replayed from
//! `fuzz/regressions/` by `bash fuzz/run.sh`.

use spapi_notification_types::fixtures;
use spapi_notification_types::{
    DecodeErrorKind, Notification, NotificationType, Payload, envelope,
};

/// decode_bytes: a byte that is not UTF-8 in the value of an unknown key. `from_slice` and
/// `envelope::decode` refuse the message (JSON is UTF-8, and the message is dead-lettered
/// whole); serde_json's own reader skips an unknown key's value unchecked, so `Deserialize`
/// through `serde_json::from_slice` reads it. The fuzz target compares the two on UTF-8 only.
#[test]
fn invalid_utf8_in_an_unknown_value_is_refused_by_from_slice() {
    let json = fixtures::example(&NotificationType::OrderChange).unwrap();
    let at = json.find("\"Payload\"").unwrap();
    let mut bytes = json.as_bytes()[..at].to_vec();
    bytes.extend_from_slice(b"\"Unknown\": [\"\x92\"], ");
    bytes.extend_from_slice(&json.as_bytes()[at..]);

    let refused = Notification::<Payload>::from_slice(&bytes).unwrap_err();
    assert_eq!(
        refused.kind(),
        &DecodeErrorKind::InvalidUtf8 {
            valid_up_to: at + 13
        }
    );
    assert_eq!(envelope::decode(&bytes).unwrap_err().kind(), refused.kind());
    let read: Notification = serde_json::from_slice(&bytes).expect("serde_json skips the key");
    assert_eq!(read.notification_type, NotificationType::OrderChange);
}
