//! Strongly typed SP-API notifications.
//!
//! Placeholder: the notification-types issue fills this crate.
