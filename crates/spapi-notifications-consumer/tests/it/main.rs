//! The consumer's integration tests, in one binary (one link on 2 cores): the SQS consumer
//! against moto's SQS, the DynamoDB store against moto's DynamoDB, the Lambda adapters.

mod dedup_properties;
#[cfg(feature = "dynamodb")]
mod dynamodb;
#[cfg(feature = "lambda")]
mod lambda;
mod metrics;
mod sqs;
mod support;
