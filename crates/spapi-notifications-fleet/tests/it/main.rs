//! The fleet against the sandbox (LWA and the Notifications API on 127.0.0.1), a mock SP-API
//! for what the sandbox does not play (a missing role), and moto's DynamoDB.

#[cfg(feature = "dynamodb")]
mod dynamodb;
mod ledger;
mod offboard;
mod provision;
mod registry;
mod rotation;
mod support;
