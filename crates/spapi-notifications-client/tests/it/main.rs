//! The client's integration tests, in one binary (one link on 2 cores): every operation, errors,
//! retries, rate limits, tokens and provisioning against a wiremock SP-API and LWA, configuration
//! from the environment, and secrets kept out of output and logs.

mod ensure;
mod env;
mod errors;
mod fault_injection;
mod metrics;
mod operations;
mod rate_limit;
mod rate_limit_properties;
mod retries;
mod secrets;
mod short_tokens;
mod support;
mod token_table;
mod tokens;
mod validation;
