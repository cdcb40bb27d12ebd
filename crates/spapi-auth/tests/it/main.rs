//! spapi-auth's integration tests, in one binary (one link on 2 cores): the token cache, LWA
//! errors, requests and retries against a wiremock LWA, configuration from the environment, and
//! secrets kept out of output and logs.

mod cache;
mod env;
mod errors;
mod request;
mod retry;
mod secrets;
mod support;
mod trace_log;
