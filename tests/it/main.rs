//! The facade's cross-crate integration tests, in one binary (one link on 2 cores): the whole
//! workflow on the sandbox, the consumer end to end on moto's SQS, the README's type table, and
//! the examples with their tests.

#[cfg(all(feature = "consumer", feature = "sandbox-sqs"))]
mod consumer_end_to_end;
#[allow(
    dead_code,
    reason = "an example's `main` is unused where its tests call its parts"
)]
mod examples;
mod readme;
mod workflow;
