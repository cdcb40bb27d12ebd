//! End to end on moto (SQS, EventBridge) and the sandbox (LWA, Notifications API).

mod doctor;
mod doctor_event_bridge;
mod event_bridge_tutorial;
mod sqs_tutorial;
mod support;
mod teardown;
mod teardown_half_removed;
