//! Whole-delivery decoding of arbitrary bytes: every entry point, no panic, all agreeing, and
//! whatever decodes round-trips.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    spapi_notifications_fuzz::decode_everywhere(bytes);
});
