//! The sandbox's integration tests, in one binary (one link on 2 cores): LWA and tokens, the
//! operations, faults and rate limits, delivery (in-process, moto's SQS and EventBridge), and the
//! gaps of moto the test script's fix closes.

mod delivery;
mod errors;
mod lwa_and_tokens;
mod moto_gaps;
mod operations;
mod resilience;
mod secrets;
mod support;
mod testing_your_code;
