//! Real notifications mutated in JSON space (see `src/mutate.rs`), decoded everywhere.
#![no_main]

use spapi_notifications_fuzz::mutate::Plan;

libfuzzer_sys::fuzz_target!(|plan: Plan| {
    spapi_notifications_fuzz::decode_everywhere(plan.message().as_bytes());
});
