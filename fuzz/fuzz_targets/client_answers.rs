//! The client's decoding of Notifications API and LWA answers: a loopback server answers with
//! the status, rate-limit header and body the fuzzer chose (`Exchange::parse`), and every
//! operation must end in a value or a typed error that names no secret.
#![no_main]

use spapi_notifications_fuzz::answers::{self, Exchange};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    if let Some(exchange) = Exchange::parse(bytes) {
        answers::run(exchange);
    }
});
