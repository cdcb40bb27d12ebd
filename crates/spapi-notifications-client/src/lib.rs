//! Selling Partner API Notifications v1 client.
//!
//! Placeholder: the client issue fills this crate.
