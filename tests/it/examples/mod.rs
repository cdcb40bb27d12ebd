//! The examples, each a module of this binary with its tests as a child module (the file of the
//! example's name here): they run without a test binary each, and see the example's private
//! functions. An example's `main` is unused where its tests call its parts.

#[cfg(all(feature = "aws", feature = "sandbox"))]
#[path = "../../../examples/aws_setup.rs"]
mod aws_setup;
#[path = "../../../examples/decode.rs"]
mod decode;
#[cfg(feature = "lambda")]
#[path = "../../../examples/eventbridge_lambda.rs"]
mod eventbridge_lambda;
#[cfg(all(feature = "fleet", feature = "sandbox"))]
#[path = "../../../examples/fleet_offboard.rs"]
mod fleet_offboard;
#[cfg(all(feature = "fleet", feature = "sandbox"))]
#[path = "../../../examples/fleet_provision.rs"]
mod fleet_provision;
#[path = "../../../examples/quickstart.rs"]
mod quickstart;
#[cfg(all(feature = "fleet", feature = "sandbox"))]
#[path = "../../../examples/secret_rotation.rs"]
mod secret_rotation;
#[cfg(feature = "consumer")]
#[path = "../../../examples/sqs_consumer.rs"]
mod sqs_consumer;
#[cfg(feature = "lambda")]
#[path = "../../../examples/sqs_lambda.rs"]
mod sqs_lambda;
