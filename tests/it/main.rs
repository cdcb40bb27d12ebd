//! The facade's cross-crate integration tests, in one binary (one link on 2 cores): the whole
//! workflow on the sandbox, the consumer end to end on moto's SQS, and the README's type table.

#[cfg(all(feature = "consumer", feature = "sandbox-sqs"))]
mod consumer_end_to_end;
mod readme;
mod workflow;
