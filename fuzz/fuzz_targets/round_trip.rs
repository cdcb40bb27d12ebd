//! decode -> encode -> decode: whatever reads as a notification (bare or in an envelope) is
//! written so that it reads back equal, in every casing and every envelope.
#![no_main]

use spapi_notification_types::{Notification, envelope};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    if let Ok(notification) = Notification::from_slice(bytes) {
        spapi_notifications_fuzz::round_trip(&notification);
    } else if let Ok(received) = envelope::decode(bytes) {
        spapi_notifications_fuzz::round_trip(&received.notification);
    }
});
